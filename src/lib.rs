//! svyaz: Russian news articles in, a JSON-lines knowledge graph out.
//!
//! A document passes through one module per stage, in this order:
//! [`ingest`] (find and decode inputs), [`segment`] (tokens, sentences), [`morph`]
//! (Russian morphology; [`words`] holds each document's analyses), [`gazetteer`] (known names in all their case forms),
//! [`recognize`] (mentions of PER, ORG, LOC, DATE), [`normalize`] (canonical names, ISO
//! dates), [`resolve`] (entities with stable ids), [`relate`] (roles and events) and
//! [`emit`] (JSON lines, whose format is [`schema`]). [`pipeline`] wires them together,
//! on the threads of [`ordered`];
//! `DESIGN.md` follows one document through all of them.

pub mod bench;
pub mod buffer;
pub mod cache;
pub mod emit;
pub mod entity;
pub mod furniture;
pub mod gazetteer;
pub mod ingest;
pub mod morph;
pub mod morph_report;
pub mod normalize;
pub mod ordered;
pub mod pipeline;
pub mod recognize;
pub mod relate;
pub mod resolve;
pub mod schema;
pub mod segment;
pub mod words;

pub use pipeline::{Analysis, Pipeline, PipelineBuilder};
