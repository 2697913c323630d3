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

impl MentionRecord<'_> {
    /// Appends the record as one JSON line, byte for byte what serde_json writes for it
    /// (tested below), without going through serde: documents have a mention every few
    /// dozen bytes of text.
    pub fn write_line(&self, out: &mut Vec<u8>) {
        self.write_line_with(out, &json_string(self.doc_id));
    }

    /// [`MentionRecord::write_line`] with the document id already written as a JSON string
    /// ([`json_string`]): a document's mentions all repeat it.
    pub fn write_line_with(&self, out: &mut Vec<u8>, doc_id_json: &[u8]) {
        debug_assert_eq!(doc_id_json, json_string(self.doc_id).as_slice());
        let mut number = itoa::Buffer::new();
        out.extend_from_slice(b"{\"record\":");
        push_known_str(out, self.record);
        out.extend_from_slice(b",\"doc_id\":");
        out.extend_from_slice(doc_id_json);
        out.extend_from_slice(b",\"entity\":");
        match self.entity {
            Some(entity) => push_json_str(out, entity),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"type\":");
        push_known_str(out, self.entity_type);
        out.extend_from_slice(b",\"start\":");
        out.extend_from_slice(number.format(self.start).as_bytes());
        out.extend_from_slice(b",\"end\":");
        out.extend_from_slice(number.format(self.end).as_bytes());
        out.extend_from_slice(b",\"text\":");
        push_json_str(out, self.text);
        out.extend_from_slice(b",\"sentence\":");
        out.extend_from_slice(number.format(self.sentence).as_bytes());
        out.extend_from_slice(b",\"zone\":");
        push_known_str(out, self.zone);
        if let Some(value) = self.value {
            out.extend_from_slice(b",\"value\":");
            push_json_str(out, value);
        }
        if self.loc_org {
            out.extend_from_slice(b",\"loc_org\":true");
        }
        out.extend_from_slice(b"}\n");
    }
}

/// [`push_json_str`] with the strings every mention record repeats (its record name,
/// types and zones) written as they are: a comparison costs less than the escape test.
fn push_known_str(out: &mut Vec<u8>, s: &str) {
    // Each arm copies bytes of a length known when compiling, without a call to memcpy.
    match s {
        "mention" => out.extend_from_slice(b"\"mention\""),
        "body" => out.extend_from_slice(b"\"body\""),
        "furniture" => out.extend_from_slice(b"\"furniture\""),
        "PER" => out.extend_from_slice(b"\"PER\""),
        "ORG" => out.extend_from_slice(b"\"ORG\""),
        "LOC" => out.extend_from_slice(b"\"LOC\""),
        "DATE" => out.extend_from_slice(b"\"DATE\""),
        _ => push_json_str(out, s),
    }
}

/// `s` as a JSON string, quoted and escaped as serde_json writes it.
pub fn json_string(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 2);
    push_json_str(&mut out, s);
    out
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it: quotes, backslashes
/// and control characters; everything else, non-ASCII included, as it is.
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    // Most strings need no escape; a branch-free pass over all bytes says so quickly.
    let plain = bytes.iter().fold(true, |plain, &b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if plain {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..0x20 => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[copied..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xF)]);
        } else {
            out.extend_from_slice(escape);
        }
        copied = i + 1;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
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

impl EntityRecord<'_> {
    /// Appends the record as one JSON line, byte for byte what serde_json writes for it
    /// (tested below), without going through serde: a first pass over a corpus describes an
    /// entity for every few mentions.
    pub fn write_line(&self, out: &mut Vec<u8>) {
        let optional = |out: &mut Vec<u8>, key: &[u8], value: Option<&str>| {
            if let Some(value) = value {
                out.extend_from_slice(key);
                push_json_str(out, value);
            }
        };
        out.extend_from_slice(b"{\"record\":");
        push_json_str(out, self.record);
        out.extend_from_slice(b",\"id\":");
        push_json_str(out, self.id);
        out.extend_from_slice(b",\"type\":");
        push_known_str(out, self.entity_type);
        out.extend_from_slice(b",\"name\":");
        push_json_str(out, self.name);
        optional(out, b",\"kind\":", self.kind);
        optional(out, b",\"country\":", self.country);
        if let Some((first, rest)) = self.aliases.split_first() {
            out.extend_from_slice(b",\"aliases\":[");
            push_json_str(out, first);
            for alias in rest {
                out.push(b',');
                push_json_str(out, alias);
            }
            out.push(b']');
        }
        optional(out, b",\"first\":", self.first);
        optional(out, b",\"middle\":", self.middle);
        optional(out, b",\"last\":", self.last);
        optional(out, b",\"gender\":", self.gender);
        out.extend_from_slice(b"}\n");
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `record` as serde_json writes it, as a line of the output.
    fn serde_line<T: Serialize>(record: &T) -> String {
        let mut line = serde_json::to_string(record).expect("a plain struct");
        line.push('\n');
        line
    }

    #[test]
    fn mention_lines_are_what_serde_json_writes() {
        let texts = [
            "Омской области",
            "«Газпром»",
            "a \"quoted\" \\ back\tslash\nnew\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
            "",
        ];
        // The record names, types and zones written as they are, and others escaped.
        let kinds = [
            ("mention", "LOC", "body"),
            ("mention", "PER", "furniture"),
            ("mention", "ORG", "body"),
            ("mention", "DATE", "body"),
            ("mention\"", "LOC\\", "\tzone"),
        ];
        for ((k, text), (record, entity_type, zone)) in texts
            .iter()
            .enumerate()
            .flat_map(|t| kinds.map(|kind| (t, kind)))
        {
            for (entity, value, loc_org) in [
                (Some("LOC:Омская область"), None, false),
                (None, Some("2021-10-25"), false),
                (Some("LOC:Россия"), None, true),
            ] {
                let record = MentionRecord {
                    record,
                    doc_id: "doc \"1\"",
                    entity,
                    entity_type,
                    start: k * 1000,
                    end: usize::MAX,
                    text,
                    sentence: u32::MAX,
                    zone,
                    value,
                    loc_org,
                };
                let mut direct = Vec::new();
                record.write_line(&mut direct);
                assert_eq!(String::from_utf8_lossy(&direct), serde_line(&record));
            }
        }
    }

    #[test]
    fn entity_lines_are_what_serde_json_writes() {
        let odd = "a \"quoted\" \\ back\tslash\nnew\r\u{8}\u{c}\u{1}\u{1f}\u{7f}";
        let aliases = [
            vec![],
            vec!["Омская обл.".to_string()],
            vec!["РФ".to_string(), odd.to_string(), String::new()],
        ];
        for aliases in &aliases {
            for (entity_type, optional) in [
                ("LOC", [Some("region"), Some("RU"), None, None, None, None]),
                (
                    "PER",
                    [
                        None,
                        None,
                        Some("Парида"),
                        Some("И."),
                        Some("Мамедова"),
                        Some("f"),
                    ],
                ),
                ("ORG", [None; 6]),
                (
                    "DATE\"",
                    [Some(odd), Some(""), Some(odd), None, Some(""), Some("m")],
                ),
            ] {
                let [kind, country, first, middle, last, gender] = optional;
                let record = EntityRecord {
                    record: "entity",
                    id: "LOC:Омская область",
                    entity_type,
                    name: odd,
                    kind,
                    country,
                    aliases,
                    first,
                    middle,
                    last,
                    gender,
                };
                let mut direct = Vec::new();
                record.write_line(&mut direct);
                assert_eq!(String::from_utf8_lossy(&direct), serde_line(&record));
            }
        }
    }
}
