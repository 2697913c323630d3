//! The `svyaz` command: parses arguments and calls the library.

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use svyaz::emit::Emitter;
use svyaz::ingest::{self, DecodeOptions, Discovery, Source};
use svyaz::pipeline::{Pipeline, RunError};

/// The allocator: jemalloc, faster than the system's on the many small per-document
/// allocations, with the same peak memory.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Russian news to a JSON-lines knowledge graph: who met whom, where, when, and who
/// signed what.
#[derive(Parser)]
#[command(name = "svyaz", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract entities, relations and events from articles, as JSON lines.
    Extract(ExtractArgs),
    /// Measure throughput: run the pipeline over a corpus repeatedly, report speed per stage.
    Bench(BenchArgs),
    /// Morphology of text on stdin: one JSON line per token, or with --phrase one per line.
    Morph(MorphArgs),
}

#[derive(clap::Args)]
struct MorphArgs {
    /// Each input line is one name in any case; print it in the nominative.
    #[arg(long)]
    phrase: bool,
    /// With --phrase: every line is a personal name (gender kept, every word declined).
    #[arg(long, requires = "phrase")]
    person: bool,
}

#[derive(clap::Args)]
struct BenchArgs {
    /// Files or folders of articles (default: the bundled corpus/).
    paths: Vec<PathBuf>,
    /// Keep repeating the corpus until this many seconds have passed.
    #[arg(long, value_name = "S", default_value_t = 3.0)]
    min_seconds: f64,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// File names to take from folders.
    #[arg(long, value_name = "GLOB", default_value = "*.txt")]
    glob: String,
    /// Print only the JSON line.
    #[arg(long)]
    json: bool,
    /// Then time the pipeline against a bare Aho-Corasick scan of every gazetteer form,
    /// on one thread, alternating, for another --min-seconds.
    #[arg(long)]
    floor: bool,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files, folders (searched recursively) or `-` for JSON lines {"id","text"} on stdin.
    /// Default: the bundled sample corpus `corpus/`.
    paths: Vec<PathBuf>,
    /// Write to FILE (atomically: complete or not at all) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Add the CSV gazetteers of DIR to the built-in ones (repeatable).
    #[arg(long, value_name = "DIR")]
    gazetteers: Vec<PathBuf>,
    /// Decode every file with this encoding (utf-8, windows-1251, koi8-r) instead of detecting.
    #[arg(long, value_name = "ENC")]
    encoding: Option<String>,
    /// File names to take from folders.
    #[arg(long, value_name = "GLOB", default_value = "*.txt")]
    glob: String,
    /// Files larger than this many bytes become error records.
    #[arg(long, value_name = "BYTES", default_value_t = ingest::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Put each document's decoded text into its document record.
    #[arg(long)]
    with_text: bool,
    /// Write 0 as the summary's `seconds`, so identical runs give identical bytes.
    #[arg(long)]
    no_timing: bool,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
}

/// Exit codes: 0 all inputs processed, 1 some failed, 2 usage or output error.
const EXIT_INPUT_ERRORS: u8 = 1;
const EXIT_FATAL: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Bench(args) => bench(args),
        Command::Morph(args) => morph(args),
    }
}

fn morph(args: MorphArgs) -> ExitCode {
    let morph = svyaz::morph::Morph::shared();
    let input = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let result = if args.phrase {
        svyaz::morph_report::report_phrases(morph, input, args.person, &mut out)
    } else {
        svyaz::morph_report::report_tokens(morph, input, &mut out)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => fatal(format!("morph: {err}")),
    }
}

fn default_threads(requested: Option<usize>) -> usize {
    requested.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn bench(args: BenchArgs) -> ExitCode {
    let sources: Vec<Source> = if args.paths.is_empty() {
        vec![Source::Path(default_corpus())]
    } else {
        args.paths.iter().cloned().map(Source::Path).collect()
    };
    let discovery = match Discovery::new(sources, &args.glob) {
        Ok(d) => d,
        Err(err) => return fatal(format!("bad --glob: {err}")),
    };
    let clock = std::time::Instant::now();
    let pipeline = match Pipeline::builder().build() {
        Ok(p) => p,
        Err(err) => return fatal(format!("gazetteers: {err}")),
    };
    let startup = clock.elapsed();
    let (documents, errors, ingest) = svyaz::bench::load_corpus(&pipeline, discovery);
    if documents.is_empty() {
        return fatal("no documents to benchmark");
    }
    let threads = default_threads(args.threads);
    let mut report = match svyaz::bench::bench(
        &pipeline,
        &documents,
        errors,
        ingest,
        threads,
        args.min_seconds,
        startup,
    ) {
        Ok(r) => r,
        Err(err) => return fatal(format!("cannot start the worker threads: {err}")),
    };
    if args.floor {
        match svyaz::bench::floor(&pipeline, &documents, 3, args.min_seconds) {
            Ok(floor) => report.floor = Some(floor),
            Err(err) => return fatal(format!("cannot build the baseline automaton: {err}")),
        }
    }
    let line = match serde_json::to_string(&report) {
        Ok(line) => line,
        Err(err) => return fatal(err),
    };
    let mut stdout = io::stdout().lock();
    let table = if args.json {
        String::new()
    } else {
        report.table()
    };
    match writeln!(stdout, "{table}{line}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => fatal(format!("cannot write the report: {err}")),
    }
}

fn fatal(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("svyaz: {message}");
    ExitCode::from(EXIT_FATAL)
}

fn default_corpus() -> PathBuf {
    let here = PathBuf::from("corpus");
    if here.is_dir() {
        return here;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn extract(args: ExtractArgs) -> ExitCode {
    let encoding = match args
        .encoding
        .as_deref()
        .map(|name| (name, ingest::encoding_by_name(name)))
    {
        None => None,
        Some((_, Some(enc))) => Some(enc),
        Some((name, None)) => return fatal(format!("unknown encoding {name:?}")),
    };
    let sources: Vec<Source> = if args.paths.is_empty() {
        vec![Source::Path(default_corpus())]
    } else {
        args.paths
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Source::Stdin
                } else {
                    Source::Path(p.clone())
                }
            })
            .collect()
    };
    let discovery = match Discovery::new(sources, &args.glob) {
        Ok(d) => d,
        Err(err) => return fatal(format!("bad --glob: {err}")),
    };
    let mut builder = Pipeline::builder()
        .decode(DecodeOptions {
            encoding,
            max_bytes: args.max_bytes,
        })
        .with_text(args.with_text);
    for dir in &args.gazetteers {
        builder = builder.gazetteers(dir);
    }
    let pipeline = match builder.build() {
        Ok(p) => p,
        Err(err) => return fatal(format!("gazetteers: {err}")),
    };
    let threads = default_threads(args.threads);

    let progress = if args.quiet || !io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} documents, {per_sec}, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    };

    let result = match &args.output {
        Some(path) => run_to_file(
            &pipeline,
            discovery,
            threads,
            path,
            args.no_timing,
            &progress,
        ),
        None => {
            // Unlocked: the worker that completes a document may write it.
            let mut emitter = Emitter::new(
                BufWriter::with_capacity(1 << 16, io::stdout()),
                args.no_timing,
            );
            pipeline
                .run(discovery, threads, &mut emitter, |n| {
                    progress.set_position(n)
                })
                .map(|()| emitter.errors())
        }
    };
    progress.finish_and_clear();
    match result {
        Ok(0) => ExitCode::SUCCESS,
        Ok(errors) => {
            if !args.quiet {
                eprintln!("svyaz: {errors} input(s) could not be processed: see the error records");
            }
            ExitCode::from(EXIT_INPUT_ERRORS)
        }
        Err(RunError::Output(err)) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => fatal(err),
    }
}

/// Runs into a temporary file beside `path` and renames it into place when complete.
fn run_to_file(
    pipeline: &Pipeline,
    discovery: Discovery,
    threads: usize,
    path: &Path,
    no_timing: bool,
    progress: &ProgressBar,
) -> Result<u64, RunError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    let temp = tempfile::NamedTempFile::new_in(&dir)?;
    let mut emitter = Emitter::new(BufWriter::with_capacity(1 << 16, temp), no_timing);
    pipeline.run(discovery, threads, &mut emitter, |n| {
        progress.set_position(n)
    })?;
    let errors = emitter.errors();
    let temp = emitter
        .into_inner()
        .into_inner()
        .map_err(|e| RunError::Output(e.into_error()))?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| RunError::Output(e.error))?;
    let _ = io::stderr().flush();
    Ok(errors)
}
