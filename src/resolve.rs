//! Resolution: one entity per referent within a document, with a stable id.
//!
//! The id is `TYPE:canonical name`, so the same place or date gets the same id in every
//! document and every run, and separate outputs can be joined on it. A surname alone
//! («Утебаевой») joins the one person of the document named in full with that surname
//! («Динара Утебаева»), wherever in the document the full name stands.

use rustc_hash::FxHashMap as HashMap;

use crate::entity::{Entity, EntityType, Mention, Origin, PersonParts, entity_id};
use crate::gazetteer::Gazetteer;
use crate::morph::{Case, Morph, Number};
use crate::normalize::canonical_name;
use crate::recognize::organization::{initials, is_abbreviation};
use crate::recognize::person::PersonName;
use crate::segment::{fold, fold_char};
use std::cell::RefCell;
use std::hash::Hasher;
use std::rc::Rc;

use crate::cache::{WordCache, cached};

thread_local! {
    /// The case forms of the places that abbreviations in organization names are spelled
    /// out as ([`spelled_out`]): a few countries and regions, each inflected once per thread.
    static PLACE_FORMS: RefCell<WordCache<(), Rc<[String]>>> = RefCell::default();
}

/// The entities of one document and, for each mention, the index of its entity.
#[derive(Debug, Default)]
pub struct Resolution {
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
    /// `mention_entity[i]` is the entity of mention `i`; `None` for a date that cannot be
    /// placed on the calendar («в течение пяти лет», «вчера» without a publication date).
    pub mention_entity: Vec<Option<usize>>,
}

/// Full names of the document by folded surname; `None` when two persons share it.
fn full_names_by_surname(mentions: &[Mention]) -> HashMap<String, Option<&PersonName>> {
    let mut by_surname: HashMap<String, Option<&PersonName>> = HashMap::default();
    for mention in mentions {
        if let Origin::Person(name) = &mention.origin
            && name.first.is_some()
            && let Some(last) = &name.last
        {
            by_surname
                .entry(fold(last))
                .and_modify(|known| {
                    if known.is_some_and(|k| !k.same_canonical(name)) {
                        *known = None;
                    }
                })
                .or_insert(Some(name));
        }
    }
    by_surname
}

/// Endings a surname ending in a consonant takes in the oblique cases («Данн» → «Данна»,
/// «Данну», «Данном», «Данне»).
const OBLIQUE_ENDINGS: &[&str] = &["а", "у", "ом", "е", "ым"];

/// The person named in full whose surname a lone word inflects, where the dictionary could
/// not put the word back in the nominative itself («Данна» after «Питер Данн»).
fn inflected_surname<'a>(
    by_surname: &HashMap<String, Option<&'a PersonName>>,
    written: &str,
) -> Option<&'a PersonName> {
    OBLIQUE_ENDINGS.iter().find_map(|ending| {
        let stem = written.strip_suffix(ending)?;
        let last = stem.chars().next_back()?;
        let consonant = crate::segment::is_letter(last) && !"аеёиоуыэюяйь".contains(last);
        consonant
            .then(|| by_surname.get(stem).copied().flatten())
            .flatten()
    })
}

/// Organizations of the document named in full, by the initials of their names; `None`
/// when two share the initials.
fn organizations_by_initials(
    mentions: &[Mention],
    text: &str,
    gazetteer: &Gazetteer,
) -> HashMap<String, Option<String>> {
    let mut out: HashMap<String, Option<String>> = HashMap::default();
    for mention in mentions {
        if mention.entity_type != EntityType::Org {
            continue;
        }
        let name = canonical_name(mention, text, gazetteer);
        if is_abbreviation(&name) || !name.contains(' ') {
            continue;
        }
        for key in initials(&name) {
            out.entry(key)
                .and_modify(|known| {
                    if known.as_deref() != Some(name.as_str()) {
                        *known = None;
                    }
                })
                .or_insert_with(|| Some(name.clone()));
        }
    }
    out
}

/// For organizations whose names hold places, the name to use: the places inside are
/// compared by the entity they name, so «Посольство РК в РФ» and «Посольство Казахстана в
/// России» are one embassy, named as written where the places are written in full.
/// Returns, per mention, the name to use instead of its own.
fn organizations_by_places(
    mentions: &[Mention],
    text: &str,
    gazetteer: &Gazetteer,
) -> HashMap<usize, String> {
    // (key, name, places written in full) per organization mention holding places. A name
    // with abbreviated places gets them written in full, in the case the name puts them
    // in, so that other documents give the same name («Посольство РК в РФ» → «Посольство
    // Казахстана в России»).
    let mut keyed: Vec<(usize, String, String, String, bool)> = Vec::new();
    for (i, org) in mentions.iter().enumerate() {
        if org.entity_type != EntityType::Org {
            continue;
        }
        let mut inside = mentions[i + 1..]
            .iter()
            .take_while(|m| m.span.byte_start < org.span.byte_end)
            .filter(|m| m.entity_type == EntityType::Loc && m.span.byte_end <= org.span.byte_end)
            .peekable();
        // Most organizations hold no place: nothing to compare them by.
        if inside.peek().is_none() {
            continue;
        }
        let written_name = canonical_name(org, text, gazetteer);
        let mut name = written_name.clone();
        let mut key = fold(&name);
        let mut in_full = true;
        let mut places = 0;
        let mut expanded = Some(name.clone());
        for place in inside {
            let written = fold(&text[place.span.byte_start..place.span.byte_end]);
            let Some(at) = key.find(&written) else {
                continue;
            };
            let place_name = canonical_name(place, text, gazetteer);
            let named = format!("{{{}}}", fold(&place_name));
            key.replace_range(at..at + written.len(), &named);
            let abbreviation = &text[place.span.byte_start..place.span.byte_end];
            // A place whose own name is an abbreviation (США) stays as written.
            if is_abbreviation(abbreviation) && !is_abbreviation(&place_name) {
                in_full = false;
                expanded = expanded.and_then(|e| spelled_out(&e, abbreviation, &place_name));
            }
            places += 1;
        }
        if places > 0 {
            if let Some(full) = expanded.filter(|_| !in_full) {
                name = full;
                in_full = true;
            }
            keyed.push((i, key, written_name, name, in_full));
        }
    }
    let mut best: HashMap<&str, (&str, bool)> = HashMap::default();
    for (_, key, _, name, in_full) in &keyed {
        best.entry(key.as_str())
            .and_modify(|b| {
                if *in_full && !b.1 {
                    *b = (name.as_str(), true);
                }
            })
            .or_insert((name.as_str(), *in_full));
    }
    keyed
        .iter()
        .filter_map(|(i, key, written, _, _)| {
            let chosen = best.get(key.as_str())?.0;
            (chosen != written).then(|| (*i, chosen.to_string()))
        })
        .collect()
}

/// `name` with the place abbreviation `abbreviation` written as the place's name
/// `place` in the case the name needs there: the genitive after a noun, the case a
/// preposition governs after one («Посольство РК в РФ» → «Посольство Казахстана в РФ»).
fn spelled_out(name: &str, abbreviation: &str, place: &str) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let at = words.iter().position(|w| *w == abbreviation)?;
    let case = match at.checked_sub(1).map(|k| fold(words[k])) {
        None => return None,
        Some(before) => match before.as_str() {
            "в" | "во" | "на" | "о" | "об" | "при" => Case::Loc,
            "к" | "по" => Case::Dat,
            "над" | "под" | "перед" | "за" | "между" | "с" | "со" => Case::Ins,
            _ => Case::Gen,
        },
    };
    let morph = Morph::shared();
    let forms = cached(&PLACE_FORMS, (), place, || {
        morph.case_forms(place, false).into()
    });
    let form = forms.iter().find(|form| {
        let last = form.rsplit(' ').next().unwrap_or(form);
        morph
            .analyze_cached(last)
            .iter()
            .take(3)
            .any(|a| a.case == Some(case) && a.number != Some(Number::Plur))
    })?;
    let mut out: Vec<&str> = words;
    out[at] = form;
    Some(out.join(" "))
}

/// Full names of the document by folded first name; `None` when two persons share it.
fn full_names_by_first_name(mentions: &[Mention]) -> HashMap<String, Option<&PersonName>> {
    let mut out: HashMap<String, Option<&PersonName>> = HashMap::default();
    for mention in mentions {
        if let Origin::Person(name) = &mention.origin
            && name.last.is_some()
            && let Some(first) = &name.first
            && !first.ends_with('.')
        {
            out.entry(fold(first))
                .and_modify(|known| {
                    if known.is_some_and(|k| !k.same_canonical(name)) {
                        *known = None;
                    }
                })
                .or_insert(Some(name));
        }
    }
    out
}

fn person_parts(name: &PersonName) -> PersonParts {
    PersonParts {
        first: name.first.clone(),
        middle: name.middle.clone(),
        last: name.last.clone(),
        gender: name.gender,
    }
}

/// A document's entities by id (type and name) and by type and case-folded name, kept as
/// 64-bit hashes so that a look-up builds neither key. A hit is checked against the
/// entity itself; two keys with one hash (which real names do not produce) are told
/// apart by a search of the entities, so a collision costs time, never a wrong merge.
struct EntityIndex {
    ids: HashMap<u64, usize>,
    folded: HashMap<u64, usize>,
}

impl EntityIndex {
    /// The entity of `entity_type` named `name`.
    fn by_id(&self, entities: &[Entity], entity_type: EntityType, name: &str) -> Option<usize> {
        let same = |e: &Entity| e.entity_type == entity_type && e.name == name;
        let slot = *self.ids.get(&id_hash(entity_type, name))?;
        match same(&entities[slot]) {
            true => Some(slot),
            false => entities.iter().position(same),
        }
    }

    /// The entity of `entity_type` whose name folds as `name` does (`hash` from
    /// [`folded_hash`]). Dates are not in this index.
    fn by_folded(
        &self,
        entities: &[Entity],
        hash: u64,
        entity_type: EntityType,
        name: &str,
    ) -> Option<usize> {
        let same = |e: &Entity| {
            e.entity_type == entity_type
                && e.name
                    .chars()
                    .map(fold_char)
                    .eq(name.chars().map(fold_char))
        };
        let slot = *self.folded.get(&hash)?;
        match same(&entities[slot]) {
            true => Some(slot),
            false => entities
                .iter()
                .position(|e| e.entity_type != EntityType::Date && same(e)),
        }
    }
}

/// The hash of an entity's id: its type and name.
fn id_hash(entity_type: EntityType, name: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write_u8(entity_type as u8);
    hasher.write(name.as_bytes());
    hasher.finish()
}

/// The hash of an entity's type and case-folded name (see [`fold`]), without folding a copy.
fn folded_hash(entity_type: EntityType, name: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write_u8(entity_type as u8);
    for c in name.chars() {
        hasher.write_u32(u32::from(fold_char(c)));
    }
    hasher.finish()
}

/// Groups a document's mentions into entities.
pub fn resolve(mentions: &[Mention], text: &str, gazetteer: &Gazetteer) -> Resolution {
    let by_surname = full_names_by_surname(mentions);
    let by_first_name = full_names_by_first_name(mentions);
    // Built when the first abbreviation needs it: most documents have none.
    let mut by_initials: Option<HashMap<String, Option<String>>> = None;
    let by_places = organizations_by_places(mentions, text, gazetteer);
    // Entities by id, and by case-folded id as well (dates need not be).
    // Maps sized for every mention at once: growing them a few entries at a time cost
    // some nine rehashes a document.
    let mut index = EntityIndex {
        ids: HashMap::with_capacity_and_hasher(mentions.len(), Default::default()),
        folded: HashMap::with_capacity_and_hasher(mentions.len(), Default::default()),
    };
    let mut resolution = Resolution {
        entities: Vec::with_capacity(mentions.len()),
        mention_entity: Vec::with_capacity(mentions.len()),
    };
    // The entity of each gazetteer entry already met (organizations aside, whose names
    // may resolve through places and initials): a repeated mention of a country or city
    // needs no name, id or look-up of its own.
    let mut by_entry: HashMap<(u32, EntityType), usize> =
        HashMap::with_capacity_and_hasher(mentions.len(), Default::default());
    for (position, mention) in mentions.iter().enumerate() {
        if mention.origin == Origin::Date(None) {
            resolution.mention_entity.push(None);
            continue;
        }
        let entry_key = match mention.origin {
            Origin::Gazetteer(entry) if mention.entity_type != EntityType::Org => {
                Some((entry, mention.entity_type))
            }
            _ => None,
        };
        if let Some(&slot) = entry_key.and_then(|key| by_entry.get(&key)) {
            resolution.mention_entity.push(Some(slot));
            continue;
        }
        // The person this mention names in full, when it names one only by surname, or by
        // first name and patronymic («Парида Иманжановна» after «Парида Мамедова»).
        // (A document without a full name needs no look-up.)
        let full = match &mention.origin {
            _ if by_surname.is_empty() && by_first_name.is_empty() => None,
            Origin::Person(name) if name.first.is_none() => name
                .last
                .as_ref()
                .and_then(|last| by_surname.get(&fold(last)).copied().flatten()),
            Origin::Person(name) if name.last.is_none() && name.middle.is_some() => name
                .first
                .as_ref()
                .and_then(|first| by_first_name.get(&fold(first)).copied().flatten()),
            _ => None,
        }
        .or_else(|| match &mention.origin {
            // One word that the dictionary read wrong («Данна», a given name or a woman's
            // surname to it) may still inflect the surname of a person named in full.
            _ if by_surname.is_empty() => None,
            Origin::Person(name) if name.first.is_none() || name.last.is_none() => {
                let written = &text[mention.span.byte_start..mention.span.byte_end];
                inflected_surname(&by_surname, &fold(written))
            }
            _ => None,
        });
        let alias = full
            .map(|_| canonical_name(mention, text, gazetteer))
            .or_else(|| {
                by_places
                    .contains_key(&position)
                    .then(|| canonical_name(mention, text, gazetteer))
            });
        let mut name = match (full, by_places.get(&position)) {
            (Some(person), _) => person.canonical(),
            (None, Some(named)) => named.clone(),
            (None, None) => canonical_name(mention, text, gazetteer),
        };
        // An abbreviation of an organization named in full in the document is that
        // organization («МОС» and «Молодежный общественный совет …»).
        let mut alias = alias.filter(|a| *a != name && a.contains(' '));
        if mention.entity_type == EntityType::Org
            && is_abbreviation(&name)
            && let Some(Some(full_name)) = by_initials
                .get_or_insert_with(|| organizations_by_initials(mentions, text, gazetteer))
                .get(&name)
        {
            alias = Some(std::mem::replace(&mut name, full_name.clone()));
        }
        // Names that differ only in letter case or «ё» are one entity, under the spelling
        // seen first («Жаңғыру жолы» and «Жаңғыру Жолы», «Фёдоров» and «Федоров»).
        let entities = &resolution.entities;
        let (known, folded) = match index.by_id(entities, mention.entity_type, &name) {
            Some(slot) => (Some(slot), None),
            None if mention.entity_type == EntityType::Date => (None, None),
            None => {
                let folded = folded_hash(mention.entity_type, &name);
                let known = index.by_folded(entities, folded, mention.entity_type, &name);
                (known, Some(folded))
            }
        };
        let slot = match known {
            Some(slot) => {
                if resolution.entities[slot].name != name && alias.is_none() {
                    alias = Some(name);
                }
                slot
            }
            None => {
                let mut entity = Entity {
                    id: entity_id(mention.entity_type, &name),
                    entity_type: mention.entity_type,
                    name,
                    kind: None,
                    country: None,
                    aliases: Vec::new(),
                    person: None,
                };
                match &mention.origin {
                    Origin::Gazetteer(entry) => {
                        let entry = gazetteer.entry(*entry);
                        entity.kind = entry.kind.clone();
                        entity.country = entry.country.clone();
                        entity.aliases = entry.aliases.clone();
                    }
                    Origin::Person(person) => {
                        entity.person = Some(person_parts(full.unwrap_or(person)));
                    }
                    Origin::Place(_, kind) => entity.kind = Some(kind.to_string()),
                    Origin::Date(_) | Origin::Organization(_) => {}
                }
                debug_assert!(entity.entity_type != EntityType::Date || entity.person.is_none());
                let id = id_hash(entity.entity_type, &entity.name);
                resolution.entities.push(entity);
                let slot = resolution.entities.len() - 1;
                index.ids.entry(id).or_insert(slot);
                if let Some(folded) = folded {
                    index.folded.entry(folded).or_insert(slot);
                }
                slot
            }
        };
        if let Some(alias) = alias {
            let aliases = &mut resolution.entities[slot].aliases;
            if !aliases.contains(&alias) {
                aliases.push(alias);
            }
        }
        if let Some(key) = entry_key {
            by_entry.insert(key, slot);
        }
        resolution.mention_entity.push(Some(slot));
    }
    resolution
}
