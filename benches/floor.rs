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
//! quotient within a round. The corpus is the one `stages` uses (see `common`); the
//! timing is `svyaz::bench::floor`, which `svyaz bench --floor` runs too. Cargo builds
//! benchmarks with unwinding whatever the release profile says, so the binary's own
//! `--floor` times the code it runs more exactly.

use svyaz::Pipeline;

mod common;

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const ROUNDS: usize = 15;

fn main() {
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
    let floor = match svyaz::bench::floor(&pipeline, &documents, rounds, 0.0) {
        Ok(floor) => floor,
        Err(err) => panic!("cannot build the baseline automaton: {err}"),
    };
    let mib = documents.iter().map(|d| d.bytes).sum::<usize>() as f64 / (1024.0 * 1024.0);
    println!(
        "median over {} rounds ({} texts, {mib:.2} MiB): scan {:.1} MiB/s, pipeline {:.1} \
         MiB/s; the pipeline runs at 1/{:.2} of the scan ({})",
        floor.rounds,
        documents.len(),
        floor.scan_mb_per_second,
        floor.pipeline_mb_per_second,
        floor.quotient,
        match floor.quotient <= 3.0 {
            true => "target of 1/3 met",
            false => "target of 1/3 not met",
        }
    );
}
