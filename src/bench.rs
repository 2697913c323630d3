//! `svyaz bench`: throughput of the whole pipeline over a corpus, with the time per stage.
//!
//! The corpus is read and decoded once (timed as `ingest`), then analysed and rendered
//! repeatedly, in parallel over documents on the engine of `extract`
//! ([`crate::ordered::map_in_order`]), until a round ends after a minimum time. Rounds
//! follow one another without a pause. Output goes nowhere, so the figures measure
//! extraction, not the disk.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::emit::render_owned;
use crate::ingest::{self, Document, Input};
use crate::ordered::{Window, map_in_order};
use crate::pipeline::{Pipeline, StageTimes};

/// The figures of one benchmark run.
#[derive(Debug, Serialize)]
pub struct BenchReport {
    /// Always `bench`.
    pub record: &'static str,
    /// Distinct documents in the corpus.
    pub documents: usize,
    /// Inputs that could not be read.
    pub errors: usize,
    /// Input bytes of the corpus.
    pub bytes: u64,
    /// Tokens in the corpus.
    pub tokens: u64,
    /// How many times the corpus was processed.
    pub rounds: u64,
    /// Worker threads.
    pub threads: usize,
    /// Wall-clock seconds of the timed rounds.
    pub seconds: f64,
    /// Documents per second.
    pub docs_per_second: f64,
    /// Mebibytes (2^20 bytes) of input per second.
    pub mb_per_second: f64,
    /// Tokens per second.
    pub tokens_per_second: f64,
    /// MiB of input per second in the first round alone, when the per-thread caches
    /// (analyses, gazetteer look-ups, nominatives) start empty.
    pub first_round_mb_per_second: f64,
    /// MiB of input per second over the rounds after the first, when every word of the
    /// corpus has been seen (none if there was one round). A corpus much larger than the
    /// caches runs between the two figures.
    pub later_rounds_mb_per_second: Option<f64>,
    /// Milliseconds to build the pipeline (gazetteers, dictionary).
    pub startup_ms: f64,
    /// Seconds of thread time per stage, summed over threads and rounds (ingest: once).
    pub stage_seconds: Vec<(&'static str, f64)>,
    /// Peak resident memory of the process in MiB, where the OS reports it.
    pub peak_memory_mb: Option<f64>,
    /// With `--floor`: the pipeline against the bare Aho-Corasick scan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor: Option<Floor>,
}

/// The pipeline against the floor of its work, a bare Aho-Corasick scan of every
/// gazetteer form over the same case-folded texts (folded before the clock starts). Both
/// run on one thread, one pass of each per round, the first of the two alternating; the
/// medians of the rounds are reported, so that a machine that changes speed during the
/// run moves both figures alike.
#[derive(Debug, Serialize)]
pub struct Floor {
    /// Rounds of one scan and one pipeline pass each.
    pub rounds: usize,
    /// Median speed of the scan, MiB of input per second.
    pub scan_mb_per_second: f64,
    /// Median speed of the pipeline (analysed and rendered), MiB of input per second.
    pub pipeline_mb_per_second: f64,
    /// Median over the rounds of scan time / pipeline time: the pipeline runs at 1/x of
    /// the scan.
    pub quotient: f64,
}

/// The baseline of the work: a leftmost-longest Aho-Corasick automaton of every
/// case-folded gazetteer form, to scan case-folded texts with.
pub fn baseline_automaton(
    gazetteer: &crate::gazetteer::Gazetteer,
) -> Result<aho_corasick::AhoCorasick, aho_corasick::BuildError> {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(gazetteer.folded_forms())
}

/// Times the pipeline against the bare scan ([`Floor`]) until `min_seconds` have passed
/// and at least `min_rounds` rounds (three at least) are done.
pub fn floor(
    pipeline: &Pipeline,
    documents: &[Document],
    min_rounds: usize,
    min_seconds: f64,
) -> Result<Floor, aho_corasick::BuildError> {
    let automaton = baseline_automaton(pipeline.gazetteer())?;
    let folded: Vec<String> = documents
        .iter()
        .map(|d| crate::segment::fold(&d.text))
        .collect();
    let mib = documents.iter().map(|d| d.bytes as f64).sum::<f64>() / (1024.0 * 1024.0);
    let timed = |pass: &dyn Fn()| {
        let started = Instant::now();
        pass();
        mib / started.elapsed().as_secs_f64().max(1e-9)
    };
    let scan = || {
        for f in &folded {
            std::hint::black_box(automaton.find_iter(f.as_str()).count());
        }
    };
    let run = || {
        for d in documents {
            std::hint::black_box(render_owned(pipeline.analyze(d), false).len());
        }
    };
    // One pass of each untimed, so that caches are as warm for the first round as later.
    scan();
    run();
    let (mut scans, mut runs, mut quotients) = (Vec::new(), Vec::new(), Vec::new());
    let started = Instant::now();
    while scans.len() < min_rounds.max(3) || started.elapsed().as_secs_f64() < min_seconds {
        let (scan_speed, run_speed) = match scans.len() % 2 {
            0 => (timed(&scan), timed(&run)),
            _ => {
                let run_speed = timed(&run);
                (timed(&scan), run_speed)
            }
        };
        scans.push(scan_speed);
        runs.push(run_speed);
        quotients.push(scan_speed / run_speed);
    }
    Ok(Floor {
        rounds: scans.len(),
        scan_mb_per_second: median(&mut scans),
        pipeline_mb_per_second: median(&mut runs),
        quotient: median(&mut quotients),
    })
}

/// The median of a non-empty list (the upper one of an even count).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// Reads and decodes the inputs once; failures are counted, not fatal.
pub fn load_corpus(
    pipeline: &Pipeline,
    inputs: impl Iterator<Item = Input>,
) -> (Vec<Document>, usize, Duration) {
    let started = Instant::now();
    let mut documents = Vec::new();
    let mut errors = 0;
    for input in inputs {
        match ingest::load(&input, pipeline.decode_options()) {
            Ok(document) => documents.push(document),
            Err(_) => errors += 1,
        }
    }
    (documents, errors, started.elapsed())
}

/// The documents of a corpus over and over, until a round ends after `min_seconds`.
struct Rounds<'d> {
    documents: &'d [Document],
    next: usize,
    started: Instant,
    min_seconds: f64,
}

impl<'d> Iterator for Rounds<'d> {
    type Item = &'d Document;

    fn next(&mut self) -> Option<&'d Document> {
        if self.next == self.documents.len() {
            if self.started.elapsed().as_secs_f64() >= self.min_seconds {
                return None;
            }
            self.next = 0;
        }
        let document = self.documents.get(self.next)?;
        self.next += 1;
        Some(document)
    }
}

/// Runs the pipeline over `documents` until `min_seconds` have passed (at least once).
pub fn bench(
    pipeline: &Pipeline,
    documents: &[Document],
    errors: usize,
    ingest_time: Duration,
    threads: usize,
    min_seconds: f64,
    startup: Duration,
) -> Result<BenchReport, rayon::ThreadPoolBuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()?;
    let bytes: u64 = documents.iter().map(|d| d.bytes as u64).sum();
    let mut times = StageTimes {
        ingest: ingest_time,
        ..StageTimes::default()
    };
    let mut tokens = 0u64;
    let mut handed = 0u64;
    let started = Instant::now();
    let mut first_round = Duration::ZERO;
    // Rounds follow one another without a pause: the next round's first document is
    // taken as soon as a thread is free, as `extract` takes the next file, and the run
    // stops at the first round boundary after `min_seconds`.
    let rounds_source = Rounds {
        documents,
        next: 0,
        started,
        min_seconds,
    };
    let window = Window {
        items: 64 * threads.max(1) as u64,
        weight: u64::MAX,
    };
    let result: Result<(), std::convert::Infallible> = map_in_order(
        &pool,
        rounds_source,
        window,
        |_| 0,
        |document| {
            let analysis = pipeline.analyze(document);
            let clock = Instant::now();
            let mut t = analysis.times;
            let tokens = analysis.segmentation.tokens.len() as u64;
            let rendered = render_owned(analysis, false);
            t.emit = clock.elapsed();
            std::hint::black_box(rendered.len());
            (t, tokens)
        },
        |(t, n)| {
            let ingest = times.ingest;
            times.add(&t);
            times.ingest = ingest;
            if handed < documents.len() as u64 {
                tokens += n;
            }
            handed += 1;
            if handed == documents.len() as u64 {
                first_round = started.elapsed();
            }
            Ok(())
        },
    );
    let Ok(()) = result;
    let rounds = handed.checked_div(documents.len() as u64).unwrap_or(0);
    let seconds = started.elapsed().as_secs_f64();
    let per_second = |x: f64| x * rounds as f64 / seconds;
    let mib = bytes as f64 / (1024.0 * 1024.0);
    let later = seconds - first_round.as_secs_f64();
    Ok(BenchReport {
        record: "bench",
        documents: documents.len(),
        errors,
        bytes,
        tokens,
        rounds,
        threads: threads.max(1),
        seconds,
        docs_per_second: per_second(documents.len() as f64),
        mb_per_second: per_second(mib),
        tokens_per_second: per_second(tokens as f64),
        first_round_mb_per_second: mib / first_round.as_secs_f64().max(1e-9),
        later_rounds_mb_per_second: (rounds > 1 && later > 0.0)
            .then(|| mib * (rounds - 1) as f64 / later),
        startup_ms: startup.as_secs_f64() * 1000.0,
        stage_seconds: times
            .stages()
            .iter()
            .map(|(name, d)| (*name, d.as_secs_f64()))
            .collect(),
        peak_memory_mb: peak_memory_mb(),
        floor: None,
    })
}

/// Peak resident set size (VmHWM) from `/proc/self/status`, in MiB.
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

impl BenchReport {
    /// A table for people.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let mb = self.bytes as f64 / (1024.0 * 1024.0);
        out.push_str(&format!(
            "corpus      {} documents, {:.2} MiB, {} tokens ({} unreadable)\n",
            self.documents, mb, self.tokens, self.errors
        ));
        out.push_str(&format!(
            "run         {} rounds in {:.2} s on {} thread(s); start-up {:.1} ms\n",
            self.rounds, self.seconds, self.threads, self.startup_ms
        ));
        out.push_str(&format!(
            "throughput  {:.1} docs/s   {:.2} MiB/s   {:.0} tokens/s\n",
            self.docs_per_second, self.mb_per_second, self.tokens_per_second
        ));
        out.push_str(&format!(
            "            first round {:.2} MiB/s (empty caches)",
            self.first_round_mb_per_second
        ));
        if let Some(later) = self.later_rounds_mb_per_second {
            out.push_str(&format!(", later rounds {later:.2} MiB/s"));
        }
        out.push('\n');
        let total: f64 = self.stage_seconds.iter().skip(1).map(|(_, s)| s).sum();
        out.push_str("stage       thread-seconds   share\n");
        for (name, secs) in &self.stage_seconds {
            let share = if *name == "ingest" || total == 0.0 {
                String::from("(once)")
            } else {
                format!("{:5.1}%", 100.0 * secs / total)
            };
            out.push_str(&format!("  {name:<10} {secs:>12.4}   {share}\n"));
        }
        if let Some(peak) = self.peak_memory_mb {
            out.push_str(&format!("peak memory {peak:.1} MiB\n"));
        }
        if let Some(floor) = &self.floor {
            out.push_str(&format!(
                "floor       {} rounds on 1 thread: Aho-Corasick scan {:.1} MiB/s, pipeline \
                 {:.1} MiB/s; the pipeline runs at 1/{:.2} of the scan\n",
                floor.rounds,
                floor.scan_mb_per_second,
                floor.pipeline_mb_per_second,
                floor.quotient
            ));
        }
        out
    }
}
