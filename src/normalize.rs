//! Normalization: the canonical name of what a mention refers to.
//!
//! Gazetteer mentions take their entry's nominative name; dates take their ISO 8601 value
//! (a date that cannot be anchored to the calendar keeps its text). Names found by the
//! recognizers of later stages are put in the nominative by [`crate::morph`].

use crate::entity::{Mention, Origin};
use crate::gazetteer::Gazetteer;
use crate::recognize::date::Ymd;

/// The canonical name of a mention's referent.
pub fn canonical_name(mention: &Mention, text: &str, gazetteer: &Gazetteer) -> String {
    match &mention.origin {
        Origin::Gazetteer(entry) => gazetteer.entry(*entry).name.clone(),
        Origin::Date(Some(value)) => value.clone(),
        Origin::Date(None) => text[mention.span.byte_start..mention.span.byte_end].to_string(),
        Origin::Person(name) => name.canonical(),
        Origin::Organization(name) | Origin::Place(name, _) => name.clone(),
    }
}

/// A full or partial date as ISO 8601: `2021-10-25`, `2021-10`, `2021`.
pub fn iso_date(date: Ymd) -> Option<String> {
    match (date.year, date.month, date.day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
        (Some(y), None, None) => Some(format!("{y:04}")),
        _ => None,
    }
}
