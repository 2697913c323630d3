//! Resolution: one entity per referent within a document, with a stable id.
//!
//! The id is `TYPE:canonical name`, so the same place or date gets the same id in every
//! document and every run, and separate outputs can be joined on it.

use std::collections::HashMap;

use crate::entity::{Entity, Mention, Origin, entity_id};
use crate::gazetteer::Gazetteer;
use crate::normalize::canonical_name;

/// The entities of one document and, for each mention, the index of its entity.
#[derive(Debug, Default)]
pub struct Resolution {
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
    /// `mention_entity[i]` is the entity of mention `i`; `None` for a date that cannot be
    /// placed on the calendar («в течение пяти лет», «вчера» without a publication date).
    pub mention_entity: Vec<Option<usize>>,
}

/// Groups a document's mentions into entities.
pub fn resolve(mentions: &[Mention], text: &str, gazetteer: &Gazetteer) -> Resolution {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut resolution = Resolution::default();
    for mention in mentions {
        if mention.origin == Origin::Date(None) {
            resolution.mention_entity.push(None);
            continue;
        }
        let name = canonical_name(mention, text, gazetteer);
        let id = entity_id(mention.entity_type, &name);
        let slot = match index.get(&id) {
            Some(&slot) => slot,
            None => {
                let (kind, country, aliases) = match &mention.origin {
                    Origin::Gazetteer(entry) => {
                        let entry = gazetteer.entry(*entry);
                        (
                            entry.kind.clone(),
                            entry.country.clone(),
                            entry.aliases.clone(),
                        )
                    }
                    Origin::Date(_) => (None, None, Vec::new()),
                };
                resolution.entities.push(Entity {
                    id: id.clone(),
                    entity_type: mention.entity_type,
                    name,
                    kind,
                    country,
                    aliases,
                });
                index.insert(id, resolution.entities.len() - 1);
                resolution.entities.len() - 1
            }
        };
        resolution.mention_entity.push(Some(slot));
    }
    resolution
}
