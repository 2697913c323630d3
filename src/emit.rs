//! Emit: the analysis of each document written as JSON lines (see [`crate::schema`]).
//!
//! Rendering a document (its `document`, `mention`, `relation` and `event` records) is done
//! in parallel into byte buffers. The [`Emitter`] then writes them in input order and adds
//! an `entity` record the first time an entity id appears in the run, so each entity is
//! described once and the memory kept across documents is the table of distinct ids.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet as HashSet;
use std::io::{self, Write};

use crate::entity::{Entity, EntityType, Origin};
use crate::pipeline::Analysis;
use crate::schema::{
    DocumentRecord, EntityRecord, ErrorRecord, MentionRecord, SCHEMA_VERSION, SummaryRecord,
};

/// One input's records, rendered and ready to write.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The `document` record, or the `error` record of a failed input.
    head: Vec<u8>,
    /// Entities of the document, for the emitter to describe once per run.
    entities: Vec<Entity>,
    /// `mention`, `relation` and `event` records.
    body: Vec<u8>,
    /// Counts for the summary.
    is_error: bool,
    bytes: u64,
    mentions_by_type: [u64; 4],
    relations: u64,
    events: u64,
}

fn push_line<T: serde::Serialize>(out: &mut Vec<u8>, record: &T) {
    // Room for most records at once rather than growing a few bytes at a time.
    out.reserve(256);
    // Serializing these plain structs into memory cannot fail.
    if serde_json::to_writer(&mut *out, record).is_ok() {
        out.push(b'\n');
    }
}

fn type_slot(t: EntityType) -> usize {
    match t {
        EntityType::Per => 0,
        EntityType::Org => 1,
        EntityType::Loc => 2,
        EntityType::Date => 3,
    }
}

impl Rendered {
    /// Size of the rendered records in bytes (entity records not included).
    pub fn len(&self) -> usize {
        self.head.len() + self.body.len()
    }

    /// True when nothing was rendered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rendering of an input that failed.
    pub fn error(path: &str, error: &str) -> Rendered {
        let mut head = Vec::new();
        push_line(
            &mut head,
            &ErrorRecord {
                record: "error",
                path,
                error,
            },
        );
        Rendered {
            head,
            is_error: true,
            ..Rendered::default()
        }
    }
}

/// Renders one analysed document.
pub fn render(analysis: &Analysis, with_text: bool) -> Rendered {
    let mut out = render_records(analysis, with_text);
    out.entities = analysis.resolution.entities.clone();
    out
}

/// [`render`] for an analysis that is no longer needed: its entities move into the
/// rendering instead of being copied.
pub fn render_owned(mut analysis: Analysis, with_text: bool) -> Rendered {
    let mut out = render_records(&analysis, with_text);
    out.entities = std::mem::take(&mut analysis.resolution.entities);
    out
}

/// The document's records, without its entities (written by the [`Emitter`]).
fn render_records(analysis: &Analysis, with_text: bool) -> Rendered {
    let document = analysis.document;
    let text = document.text.as_str();
    let mut out = Rendered {
        bytes: document.bytes as u64,
        ..Rendered::default()
    };
    push_line(
        &mut out.head,
        &DocumentRecord {
            record: "document",
            doc_id: &document.doc_id,
            path: &document.path,
            encoding: document.encoding,
            bytes: document.bytes,
            chars: analysis.chars,
            published: analysis.published.clone(),
            text: with_text.then_some(text),
        },
    );
    let entities = &analysis.resolution.entities;
    out.body.reserve(analysis.mentions.len() * 160);
    let doc_id_json = crate::schema::json_string(&document.doc_id);
    for (mention, slot) in analysis
        .mentions
        .iter()
        .zip(&analysis.resolution.mention_entity)
    {
        let entity = slot.map(|slot| entities[slot].id.as_str());
        let value = match &mention.origin {
            Origin::Date(value) => value.as_deref(),
            Origin::Gazetteer(_)
            | Origin::Person(_)
            | Origin::Organization(_)
            | Origin::Place(..) => None,
        };
        MentionRecord {
            record: "mention",
            doc_id: &document.doc_id,
            entity,
            entity_type: mention.entity_type.as_str(),
            start: mention.span.char_start,
            end: mention.span.char_end,
            text: &text[mention.span.byte_start..mention.span.byte_end],
            sentence: mention.sentence,
            zone: if mention.furniture {
                "furniture"
            } else {
                "body"
            },
            value,
            loc_org: mention.loc_org,
        }
        .write_line_with(&mut out.body, &doc_id_json);
        out.mentions_by_type[type_slot(mention.entity_type)] += 1;
    }
    out.relations = analysis.facts.relations.len() as u64;
    out.events = analysis.facts.events.len() as u64;
    out
}

/// A 128-bit hash of an entity id (XXH3-128, the same on every run and machine).
fn id_hash(id: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(id.as_bytes())
}

/// Writes rendered documents in order, describing each entity once, and the summary.
pub struct Emitter<W: Write> {
    out: W,
    /// The entities already described, by a 128-bit hash of their id: 16 bytes each
    /// instead of a copy of the id, so the set stays small on corpora with millions of
    /// names (a collision, at odds of about one in 2^128 per pair, would need two ids
    /// built to collide).
    seen: HashSet<u128>,
    no_timing: bool,
    documents: u64,
    errors: u64,
    bytes: u64,
    mentions_by_type: [u64; 4],
    relations: u64,
    events: u64,
}

impl<W: Write> Emitter<W> {
    /// An emitter writing to `out`; with `no_timing` the summary's `seconds` is 0, so that
    /// two runs over the same input give the same bytes.
    pub fn new(out: W, no_timing: bool) -> Self {
        Emitter {
            out,
            seen: HashSet::default(),
            no_timing,
            documents: 0,
            errors: 0,
            bytes: 0,
            mentions_by_type: [0; 4],
            relations: 0,
            events: 0,
        }
    }

    /// Writes one input's records.
    pub fn write(&mut self, rendered: Rendered) -> io::Result<()> {
        self.out.write_all(&rendered.head)?;
        if rendered.is_error {
            self.errors += 1;
            return Ok(());
        }
        self.documents += 1;
        self.bytes += rendered.bytes;
        for (total, n) in self
            .mentions_by_type
            .iter_mut()
            .zip(rendered.mentions_by_type)
        {
            *total += n;
        }
        self.relations += rendered.relations;
        self.events += rendered.events;
        let mut line = Vec::new();
        for entity in &rendered.entities {
            if !self.seen.insert(id_hash(&entity.id)) {
                continue;
            }
            line.clear();
            EntityRecord {
                record: "entity",
                id: &entity.id,
                entity_type: entity.entity_type.as_str(),
                name: &entity.name,
                kind: entity.kind.as_deref(),
                country: entity.country.as_deref(),
                aliases: &entity.aliases,
                first: entity.person.as_ref().and_then(|p| p.first.as_deref()),
                middle: entity.person.as_ref().and_then(|p| p.middle.as_deref()),
                last: entity.person.as_ref().and_then(|p| p.last.as_deref()),
                gender: entity
                    .person
                    .as_ref()
                    .and_then(|p| p.gender)
                    .map(|g| match g {
                        crate::morph::Gender::Masc => "m",
                        crate::morph::Gender::Fem => "f",
                        crate::morph::Gender::Neut => "n",
                    }),
            }
            .write_line(&mut line);
            self.out.write_all(&line)?;
        }
        self.out.write_all(&rendered.body)
    }

    /// Number of inputs that failed so far.
    pub fn errors(&self) -> u64 {
        self.errors
    }

    /// Writes the summary record and flushes.
    pub fn finish(&mut self, seconds: f64) -> io::Result<()> {
        let mentions_by_type: BTreeMap<&'static str, u64> = EntityType::ALL
            .iter()
            .map(|t| (t.as_str(), self.mentions_by_type[type_slot(*t)]))
            .collect();
        let summary = SummaryRecord {
            record: "summary",
            schema: SCHEMA_VERSION,
            documents: self.documents,
            errors: self.errors,
            mentions: self.mentions_by_type.iter().sum(),
            entities: self.seen.len() as u64,
            relations: self.relations,
            events: self.events,
            bytes: self.bytes,
            mentions_by_type,
            seconds: if self.no_timing {
                0.0
            } else {
                (seconds * 1000.0).round() / 1000.0
            },
        };
        let mut line = Vec::new();
        push_line(&mut line, &summary);
        self.out.write_all(&line)?;
        self.out.flush()
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}
