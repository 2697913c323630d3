//! The output format: one JSON object per line, each with a `record` tag.
//!
//! These types are the wire format documented in `docs/schema.md`; they hold no logic.
//! Field order here is the order in the output. Changing a field is a schema change and
//! goes with a change of `SCHEMA_VERSION` and of the document.

use serde::Serialize;

/// Version of the output format, written in the summary record.
pub const SCHEMA_VERSION: &str = "1";

/// One input document that was read and processed.
#[derive(Debug, Serialize)]
pub struct DocumentRecord<'a> {
    /// Always `document`.
    pub record: &'static str,
    /// File name without extension, or the `id` of a standard-input line.
    pub doc_id: &'a str,
    /// The input's path, or `-:LINE` for standard input.
    pub path: &'a str,
    /// The encoding the input was decoded from.
    pub encoding: &'a str,
    /// Input size in bytes.
    pub bytes: usize,
    /// Decoded length in code points.
    pub chars: usize,
    /// Publication date (ISO 8601) when the text gives one.
    pub published: Option<String>,
    /// The decoded text itself, with `--with-text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

/// One mention of an entity in a document.
#[derive(Debug, Serialize)]
pub struct MentionRecord<'a> {
    /// Always `mention`.
    pub record: &'static str,
    /// The document's id.
    pub doc_id: &'a str,
    /// Id of the entity mentioned (see [`EntityRecord::id`]); `null` for a DATE that
    /// cannot be placed on the calendar (a duration, or «вчера» with no publication date).
    pub entity: Option<&'a str>,
    /// PER, ORG, LOC or DATE.
    #[serde(rename = "type")]
    pub entity_type: &'a str,
    /// Code-point offset of the first character in the decoded text.
    pub start: usize,
    /// Code-point offset one past the last character.
    pub end: usize,
    /// The mention as written.
    pub text: &'a str,
    /// Index of the sentence in the document, from 0.
    pub sentence: u32,
    /// `body` for the article, `furniture` for page furniture (lists of other news,
    /// share lines, footers).
    pub zone: &'static str,
    /// Normalised value of a DATE mention (ISO 8601), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a str>,
    /// LOC only, written when true: a country standing for its state acting as an
    /// organization («Россия подписала»).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub loc_org: bool,
}

/// An entity: written once per run, when it is first mentioned.
#[derive(Debug, Serialize)]
pub struct EntityRecord<'a> {
    /// Always `entity`.
    pub record: &'static str,
    /// `TYPE:canonical name`, stable across runs and corpora.
    pub id: &'a str,
    /// PER, ORG, LOC or DATE.
    #[serde(rename = "type")]
    pub entity_type: &'a str,
    /// Canonical name in the nominative (for DATE, the ISO value).
    pub name: &'a str,
    /// For LOC: country, region or city.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'a str>,
    /// For LOC: ISO 3166-1 alpha-2 code of the country it is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<&'a str>,
    /// Other names of the same entity, from the gazetteers.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub aliases: &'a [String],
    /// For PER: first name or initial, nominative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<&'a str>,
    /// For PER: patronymic or second initial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle: Option<&'a str>,
    /// For PER: surname, nominative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<&'a str>,
    /// For PER: `m` or `f`, where the name shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<&'a str>,
}

/// An input that could not be processed.
#[derive(Debug, Serialize)]
pub struct ErrorRecord<'a> {
    /// Always `error`.
    pub record: &'static str,
    /// The input's path, or `-:LINE` for standard input.
    pub path: &'a str,
    /// Why it failed.
    pub error: &'a str,
}

/// The last record of a run.
#[derive(Debug, Serialize)]
pub struct SummaryRecord {
    /// Always `summary`.
    pub record: &'static str,
    /// Version of this output format.
    pub schema: &'static str,
    /// Documents processed.
    pub documents: u64,
    /// Inputs that failed (one `error` record each).
    pub errors: u64,
    /// Mention records written.
    pub mentions: u64,
    /// Distinct entities written.
    pub entities: u64,
    /// Relation records written.
    pub relations: u64,
    /// Event records written.
    pub events: u64,
    /// Input bytes of the processed documents.
    pub bytes: u64,
    /// Mentions by type.
    pub mentions_by_type: std::collections::BTreeMap<&'static str, u64>,
    /// Wall-clock seconds of the run. The only field that differs between identical runs;
    /// `--no-timing` writes 0.
    pub seconds: f64,
}
