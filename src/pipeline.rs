//! The pipeline: every stage, in order, for one document; and the run over many.
//!
//! A [`Pipeline`] is built once (gazetteers compiled, dictionary loaded) and shared by all
//! threads. [`Pipeline::analyze`] takes one decoded document through segment, recognize,
//! normalize, resolve and relate. [`Pipeline::run`] streams inputs in batches: each batch is
//! read, decoded, analysed and rendered in parallel, then written in input order, so the
//! output is the same bytes whatever the thread count.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::ordered::{Window, map_in_order};

use crate::emit::{Emitter, Rendered, render_owned};
use crate::entity::Mention;
use crate::furniture::find_furniture;
use crate::gazetteer::{Gazetteer, GazetteerError};
use crate::ingest::{self, DecodeOptions, Document, Input};
use crate::morph::Morph;
use crate::normalize::iso_date;
use crate::recognize::person::{LexiconError, PersonLexicon};
use crate::recognize::{self, Context, date};
use crate::relate::{Facts, relate};
use crate::resolve::{Resolution, resolve};
use crate::segment::{CharOffsets, Segmentation, fold, segment};

/// Everything the stages found in one document.
#[derive(Debug)]
pub struct Analysis<'d> {
    /// The document.
    pub document: &'d Document,
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
    /// Time spent in each stage.
    pub times: StageTimes,
}

/// Time spent in each stage, for `svyaz bench`.
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimes {
    /// Reading and decoding.
    pub ingest: Duration,
    /// Tokens, sentences and the code-point index.
    pub segment: Duration,
    /// Case folding and the gazetteer automaton.
    pub gazetteer: Duration,
    /// Recognizers and normalization (dates included).
    pub recognize: Duration,
    /// Grouping mentions into entities.
    pub resolve: Duration,
    /// Relations and events.
    pub relate: Duration,
    /// Rendering JSON lines.
    pub emit: Duration,
}

impl StageTimes {
    /// Adds another document's times.
    pub fn add(&mut self, other: &StageTimes) {
        self.ingest += other.ingest;
        self.segment += other.segment;
        self.gazetteer += other.gazetteer;
        self.recognize += other.recognize;
        self.resolve += other.resolve;
        self.relate += other.relate;
        self.emit += other.emit;
    }

    /// (stage name, time) in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 7] {
        [
            ("ingest", self.ingest),
            ("segment", self.segment),
            ("gazetteer", self.gazetteer),
            ("recognize", self.recognize),
            ("resolve", self.resolve),
            ("relate", self.relate),
            ("emit", self.emit),
        ]
    }
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
    pub fn build(self) -> Result<Pipeline, BuildError> {
        // The dictionary loads, and the recognizers' tables that need it are built, on
        // one thread while the gazetteers compile and the name lists load on another.
        let (gazetteer, lexicon, tables) = std::thread::scope(|scope| {
            let tables = scope.spawn(|| {
                let _ = Morph::shared();
                crate::recognize::prepare();
            });
            let gazetteer = Gazetteer::load(&self.gazetteer_dirs);
            let lexicon = PersonLexicon::builtin();
            (gazetteer, lexicon, tables.join())
        });
        // The tables are built from data compiled into the program: a panic there is a
        // bug, and goes on as it would have at their first use.
        if let Err(panic) = tables {
            std::panic::resume_unwind(panic);
        }
        Ok(Pipeline {
            gazetteer: gazetteer?,
            lexicon: lexicon?,
            decode: self.decode,
            with_text: self.with_text,
        })
    }
}

/// The whole extraction pipeline.
#[derive(Debug)]
pub struct Pipeline {
    gazetteer: Gazetteer,
    lexicon: PersonLexicon,
    decode: DecodeOptions,
    with_text: bool,
}

/// Documents per thread that [`Pipeline::run`] may have read but not yet written.
const WINDOW_PER_THREAD: u64 = 64;

/// Input bytes per thread that [`Pipeline::run`] may have read but not yet written (a
/// single larger input is still taken when nothing else is in flight), so that big files
/// do not pile up in memory behind a slow one.
const WINDOW_BYTES_PER_THREAD: u64 = 2 * 1024 * 1024;

/// Documents between two calls of [`Pipeline::run`]'s progress callback.
const PROGRESS_EVERY: u64 = 64;

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
    pub fn analyze<'d>(&self, document: &'d Document) -> Analysis<'d> {
        let mut times = StageTimes::default();
        let text = document.text.as_str();
        let clock = Instant::now();
        let segmentation = segment(text);
        let offsets = CharOffsets::new(text);
        let folded = fold(text);
        let furniture = find_furniture(text, &folded);
        let after_segment = Instant::now();
        let hits = self
            .gazetteer
            .find_segmented(text, &folded, &segmentation.tokens);
        let after_gazetteer = Instant::now();
        let published_date = date::find_published(text);
        let context = Context {
            text,
            folded: &folded,
            segmentation: &segmentation,
            offsets: &offsets,
            published: published_date,
            furniture: &furniture,
        };
        let mentions = recognize::recognize(&context, hits, &self.gazetteer, &self.lexicon);
        let after_recognize = Instant::now();
        let resolution = resolve(&mentions, text, &self.gazetteer);
        let after_resolve = Instant::now();
        let facts = relate(text, &segmentation, &mentions, &resolution.entities);
        let after_relate = Instant::now();
        times.segment = after_segment - clock;
        times.gazetteer = after_gazetteer - after_segment;
        times.recognize = after_recognize - after_gazetteer;
        times.resolve = after_resolve - after_recognize;
        times.relate = after_relate - after_resolve;
        let chars = offsets.to_char(text.len());
        Analysis {
            times,
            published: published_date.and_then(iso_date),
            chars,
            segmentation,
            mentions,
            resolution,
            facts,
            document,
        }
    }

    /// Whether document records carry the text.
    pub fn with_text(&self) -> bool {
        self.with_text
    }

    /// How inputs are decoded.
    pub fn decode_options(&self) -> &DecodeOptions {
        &self.decode
    }

    /// Reads, decodes, analyses and renders one input.
    fn process(&self, input: &Input) -> Rendered {
        match ingest::load(input, &self.decode) {
            Ok(document) => render_owned(self.analyze(&document), self.with_text),
            Err(err) => Rendered::error(&input.display_path(), &err.to_string()),
        }
    }

    /// Runs over all inputs with `threads` threads, writing records to `emitter` in input
    /// order; `on_progress` is called with the number of inputs written, every
    /// 64 and at the end.
    pub fn run<W: Write + Send>(
        &self,
        inputs: impl Iterator<Item = Input> + Send,
        threads: usize,
        emitter: &mut Emitter<W>,
        mut on_progress: impl FnMut(u64) + Send,
    ) -> Result<(), RunError> {
        let started = Instant::now();
        match threads {
            0 | 1 => self.run_in_turn(inputs, emitter, &mut on_progress)?,
            _ => self.run_in_parallel(inputs, threads, emitter, &mut on_progress)?,
        }
        emitter.finish(started.elapsed().as_secs_f64())?;
        Ok(())
    }

    /// [`Pipeline::run`] on one thread: each document is analysed and written in turn on
    /// the calling thread, without a pool. Its records are written while they are still
    /// in the cache, and its memory is freed by the thread that allocated it.
    fn run_in_turn<W: Write>(
        &self,
        inputs: impl Iterator<Item = Input>,
        emitter: &mut Emitter<W>,
        on_progress: &mut impl FnMut(u64),
    ) -> Result<(), RunError> {
        let mut done = 0u64;
        for input in inputs {
            emitter.write(self.process(&input))?;
            done += 1;
            if done.is_multiple_of(PROGRESS_EVERY) {
                on_progress(done);
            }
        }
        on_progress(done);
        Ok(())
    }

    /// [`Pipeline::run`] on `threads` threads: each takes the next input as it finishes
    /// one, and whichever completes the earliest unwritten document writes it and those
    /// after it that are ready ([`map_in_order`]). No thread waits for a batch to end.
    fn run_in_parallel<W: Write + Send>(
        &self,
        inputs: impl Iterator<Item = Input> + Send,
        threads: usize,
        emitter: &mut Emitter<W>,
        on_progress: &mut (impl FnMut(u64) + Send),
    ) -> Result<(), RunError> {
        let window = Window {
            items: WINDOW_PER_THREAD * threads as u64,
            weight: WINDOW_BYTES_PER_THREAD * threads as u64,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| RunError::Threads(e.to_string()))?;
        let mut done = 0u64;
        map_in_order(
            &pool,
            inputs,
            window,
            Input::size_hint,
            |input| self.process(&input),
            |rendered| {
                emitter.write(rendered)?;
                done += 1;
                if done.is_multiple_of(PROGRESS_EVERY) {
                    on_progress(done);
                }
                Ok::<(), std::io::Error>(())
            },
        )?;
        on_progress(done);
        Ok(())
    }
}

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A gazetteer is malformed or unreadable.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// The first-name or post list is malformed.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
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
