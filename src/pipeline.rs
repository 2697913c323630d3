//! The pipeline: every stage, in order, for one document; and the run over many.
//!
//! A [`Pipeline`] is built once (gazetteers compiled, dictionary loaded) and shared by all
//! threads. [`Pipeline::analyze`] takes one decoded document through segment, recognize,
//! normalize, resolve and relate. [`Pipeline::run`] streams inputs in batches: each batch is
//! read, decoded, analysed and rendered in parallel, then written in input order, so the
//! output is the same bytes whatever the thread count.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::emit::{Emitter, Rendered, render};
use crate::entity::Mention;
use crate::gazetteer::{Gazetteer, GazetteerError, fold};
use crate::ingest::{self, DecodeOptions, Document, Input};
use crate::normalize::iso_date;
use crate::recognize::{self, Context, date};
use crate::relate::{Facts, relate};
use crate::resolve::{Resolution, resolve};
use crate::segment::{CharOffsets, Segmentation, segment};

/// Everything the stages found in one document.
#[derive(Debug)]
pub struct Analysis {
    /// The document.
    pub document: Document,
    /// Its length in code points.
    pub chars: usize,
    /// Its publication date (ISO 8601), when the text gives one.
    pub published: Option<String>,
    /// Tokens and sentences.
    pub segmentation: Segmentation,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Entities and the entity of each mention.
    pub resolution: Resolution,
    /// Relations and events.
    pub facts: Facts,
}

/// Builds a [`Pipeline`].
#[derive(Debug, Default)]
pub struct PipelineBuilder {
    gazetteer_dirs: Vec<PathBuf>,
    decode: DecodeOptions,
    with_text: bool,
}

impl PipelineBuilder {
    /// Adds a folder of user gazetteers (CSV files in the format of `gazetteers/`).
    pub fn gazetteers(mut self, dir: impl Into<PathBuf>) -> Self {
        self.gazetteer_dirs.push(dir.into());
        self
    }

    /// Sets how inputs are decoded.
    pub fn decode(mut self, options: DecodeOptions) -> Self {
        self.decode = options;
        self
    }

    /// Writes each document's decoded text into its document record.
    pub fn with_text(mut self, yes: bool) -> Self {
        self.with_text = yes;
        self
    }

    /// Compiles the gazetteers and returns the pipeline.
    pub fn build(self) -> Result<Pipeline, GazetteerError> {
        Ok(Pipeline {
            gazetteer: Gazetteer::load(&self.gazetteer_dirs)?,
            decode: self.decode,
            with_text: self.with_text,
        })
    }
}

/// The whole extraction pipeline.
#[derive(Debug)]
pub struct Pipeline {
    gazetteer: Gazetteer,
    decode: DecodeOptions,
    with_text: bool,
}

/// Documents per thread in one batch of [`Pipeline::run`].
const BATCH_PER_THREAD: usize = 64;

impl Pipeline {
    /// Starts building a pipeline with the built-in gazetteers.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The compiled gazetteers.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Takes one decoded document through every stage.
    pub fn analyze(&self, document: Document) -> Analysis {
        let text = document.text.as_str();
        let segmentation = segment(text);
        let offsets = CharOffsets::new(text);
        let folded = fold(text);
        let published_date = date::find_published(text);
        let context = Context {
            text,
            folded: &folded,
            segmentation: &segmentation,
            offsets: &offsets,
            published: published_date,
        };
        let mentions = recognize::recognize(&context, &self.gazetteer);
        let resolution = resolve(&mentions, text, &self.gazetteer);
        let facts = relate(text, &segmentation, &mentions, &resolution.entities);
        let chars = offsets.to_char(text.len());
        Analysis {
            published: published_date.and_then(iso_date),
            chars,
            segmentation,
            mentions,
            resolution,
            facts,
            document,
        }
    }

    /// Reads, decodes, analyses and renders one input.
    fn process(&self, input: &Input) -> Rendered {
        match ingest::load(input, &self.decode) {
            Ok(document) => render(&self.analyze(document), self.with_text),
            Err(err) => Rendered::error(&input.display_path(), &err.to_string()),
        }
    }

    /// Runs over all inputs with `threads` threads, writing records to `emitter` in input
    /// order; `on_progress` is called with the number of inputs done after each batch.
    pub fn run<W: Write>(
        &self,
        inputs: impl Iterator<Item = Input>,
        threads: usize,
        emitter: &mut Emitter<W>,
        mut on_progress: impl FnMut(u64),
    ) -> Result<(), RunError> {
        let started = Instant::now();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .map_err(|e| RunError::Threads(e.to_string()))?;
        let batch_size = BATCH_PER_THREAD * threads.max(1);
        let mut batch: Vec<Input> = Vec::with_capacity(batch_size);
        let mut done = 0u64;
        let mut inputs = inputs.peekable();
        while inputs.peek().is_some() {
            batch.clear();
            batch.extend(inputs.by_ref().take(batch_size));
            let rendered: Vec<Rendered> =
                pool.install(|| batch.par_iter().map(|input| self.process(input)).collect());
            for item in rendered {
                emitter.write(item)?;
            }
            done += batch.len() as u64;
            on_progress(done);
        }
        emitter.finish(started.elapsed().as_secs_f64())?;
        Ok(())
    }
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    /// The thread pool could not be started.
    #[error("cannot start the worker threads: {0}")]
    Threads(String),
}
