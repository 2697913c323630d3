//! The whole pipeline against its floor, timed in alternation.
//!
//! ```sh
//! cargo bench --bench floor              # 15 rounds
//! cargo bench --bench floor -- 40        # 40 rounds
//! ```
//!
//! The target is the pipeline (analyze and render every document, one thread) at a third
//! of the speed of a bare leftmost-longest Aho-Corasick scan of the folded texts for every
//! gazetteer form, or more. `cargo bench --bench stages` measures both, but one after the
//! other, a minute apart; on a shared machine whose speed drifts from minute to minute
//! their quotient drifts with it. Here each round times one pass of the scan and one of
//! the pipeline, back to back, and the figure is the median over the rounds of the
//! quotient within a round. The corpus is the one `stages` uses (see `common`).

use std::hint::black_box;
use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use svyaz::Pipeline;
use svyaz::emit::render_owned;
use svyaz::segment::fold;

mod common;

/// The binary's allocator, so that the pipeline is timed as `svyaz` runs it.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Rounds when the command line names none.
const ROUNDS: usize = 15;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; a plain number is the number of rounds.
    let rounds = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(ROUNDS)
        .max(1);
    let documents = common::load_corpus();
    assert!(!documents.is_empty(), "no texts to benchmark");
    let pipeline = match Pipeline::builder().build() {
        Ok(pipeline) => pipeline,
        Err(err) => panic!("cannot build the pipeline: {err}"),
    };
    let automaton = match AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(pipeline.gazetteer().folded_forms())
    {
        Ok(automaton) => automaton,
        Err(err) => panic!("cannot build the baseline automaton: {err}"),
    };
    let folded: Vec<String> = documents.iter().map(|d| fold(&d.text)).collect();
    let mib = documents.iter().map(|d| d.bytes).sum::<usize>() as f64 / (1024.0 * 1024.0);
    let scan = || {
        for f in &folded {
            black_box(automaton.find_iter(f.as_str()).count());
        }
    };
    let run = || {
        for d in &documents {
            black_box(render_owned(pipeline.analyze(d), false));
        }
    };
    // One pass of each first, to fill the caches (the dictionary's, above all).
    scan();
    run();
    let (mut scans, mut runs, mut quotients) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        // Which goes first alternates, so neither always follows the other.
        let mut timed = [0.0; 2];
        for k in [round % 2, 1 - round % 2] {
            let started = Instant::now();
            match k {
                0 => scan(),
                _ => run(),
            }
            timed[k] = mib / started.elapsed().as_secs_f64();
        }
        let [scan_speed, pipeline_speed] = timed;
        println!(
            "round {:>2}: scan {scan_speed:6.1} MiB/s, pipeline {pipeline_speed:5.1} MiB/s, 1/{:.2}",
            round + 1,
            scan_speed / pipeline_speed
        );
        scans.push(scan_speed);
        runs.push(pipeline_speed);
        quotients.push(scan_speed / pipeline_speed);
    }
    let quotient = median(&mut quotients);
    println!(
        "median over {rounds} rounds ({} texts, {mib:.2} MiB): scan {:.1} MiB/s, pipeline {:.1} \
         MiB/s; the pipeline runs at 1/{quotient:.2} of the scan ({})",
        documents.len(),
        median(&mut scans),
        median(&mut runs),
        match quotient <= 3.0 {
            true => "target of 1/3 met",
            false => "target of 1/3 not met",
        }
    );
}
