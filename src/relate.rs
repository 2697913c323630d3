//! Relations and events: roles (person, post, organization), meetings, visits, signings
//! and foundings between the entities of a document.
//!
//! This stage has its place in the pipeline and its output records, but no extractor yet:
//! it returns nothing until the issue on roles and events fills it in.

use crate::entity::{Entity, Mention};
use crate::segment::Segmentation;

/// A relation between two entities, such as a person's role in an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// What kind of relation (`role`, ...).
    pub kind: String,
    /// Index of the subject entity in the document's entity list.
    pub subject: usize,
    /// Index of the object entity.
    pub object: usize,
}

/// An event with its participants, place and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `meeting`, `visit`, `signing` or `founding`.
    pub kind: String,
    /// Indices of the participating entities.
    pub participants: Vec<usize>,
}

/// Relations and events of one document.
#[derive(Debug, Default)]
pub struct Facts {
    /// Relations found.
    pub relations: Vec<Relation>,
    /// Events found.
    pub events: Vec<Event>,
}

/// Finds relations and events among a document's entities (none yet: see the module doc).
pub fn relate(
    _text: &str,
    _segmentation: &Segmentation,
    _mentions: &[Mention],
    _entities: &[Entity],
) -> Facts {
    Facts::default()
}
