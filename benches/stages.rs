//! Throughput of each stage of the pipeline, and of the floor they are compared to.
//!
//! ```sh
//! cargo bench --bench stages             # everything, a few minutes
//! cargo bench --bench stages -- dates    # one stage
//! ```
//!
//! The corpus is every `*.txt` of `corpus/` and, when it is there, every `*.txt` under
//! `../shared/eval/texts/` (relative to the crate). It is read and decoded once, before
//! anything is timed; each benchmark then runs its stage over every text of the corpus, on
//! one thread, and reports bytes of input per second.
//!
//! * `segment`: tokens and sentences ([`svyaz::segment::segment`]);
//! * `fold_gazetteer`: case folding and the gazetteer automaton with its checks;
//! * `dates`: the date recognizer ([`svyaz::recognize::date::find_dates_segmented`]) on the
//!   folded copies made beforehand;
//! * `morph`: every word token through [`Morph::analyze_cached`], also reported in tokens
//!   per second (group `morph_tokens`; the target is 1 M tokens/s on one core);
//! * `analyze`: [`Pipeline::analyze`], every stage but rendering;
//! * `render`: [`svyaz::emit::render`] of analyses made beforehand;
//! * `pipeline`: analyze and render, what `svyaz extract` does per document;
//! * `aho_corasick_scan`: the baseline, a bare leftmost-longest Aho-Corasick scan of the
//!   folded texts for every gazetteer form, with no checks, no morphology and no output.
//!   It is the floor of the work: the target is `pipeline` at a third of its speed or more.

use std::hint::black_box;
use std::time::Duration;

mod common;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, measurement::WallTime};
use svyaz::Pipeline;
use svyaz::emit::{render, render_owned};
use svyaz::morph::Morph;
use svyaz::recognize::date::find_dates_segmented;
use svyaz::segment::{Token, TokenKind, fold, segment};

/// The binary's allocator, so that the stages are timed as `svyaz` runs them.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// A group with short, fixed measurement times, so `cargo bench` takes minutes.
fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
    throughput: Throughput,
) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .throughput(throughput)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        // One iteration is a pass over the whole corpus: long, so every sample runs the
        // same number of them.
        .sampling_mode(SamplingMode::Flat);
    group
}

fn stages(c: &mut Criterion) {
    let documents = common::load_corpus();
    assert!(!documents.is_empty(), "no texts to benchmark");
    let pipeline = match Pipeline::builder().build() {
        Ok(pipeline) => pipeline,
        Err(err) => panic!("cannot build the pipeline: {err}"),
    };
    let gazetteer = pipeline.gazetteer();
    let morph = Morph::shared();
    let bytes: u64 = documents.iter().map(|d| d.bytes as u64).sum();
    let folded: Vec<String> = documents.iter().map(|d| fold(&d.text)).collect();
    // The gazetteer and date stages read the segmenter's tokens, as in the pipeline.
    let tokens: Vec<Vec<Token>> = documents.iter().map(|d| segment(&d.text).tokens).collect();
    let words: Vec<&str> = documents
        .iter()
        .flat_map(|d| {
            segment(&d.text)
                .tokens
                .into_iter()
                .filter(|t| t.kind == TokenKind::Word)
                .map(|t| t.text(&d.text))
        })
        .collect();
    let automaton = match svyaz::bench::baseline_automaton(gazetteer) {
        Ok(automaton) => automaton,
        Err(err) => panic!("cannot build the baseline automaton: {err}"),
    };
    eprintln!(
        "corpus: {} texts, {:.2} MiB, {} word tokens; {} gazetteer forms",
        documents.len(),
        bytes as f64 / (1024.0 * 1024.0),
        words.len(),
        gazetteer.form_count()
    );

    let mut g = group(c, "stages", Throughput::Bytes(bytes));
    g.bench_function("segment", |b| {
        b.iter(|| {
            for d in &documents {
                black_box(segment(&d.text));
            }
        })
    });
    g.bench_function("fold_gazetteer", |b| {
        b.iter(|| {
            for (d, t) in documents.iter().zip(&tokens) {
                let folded = fold(&d.text);
                black_box(gazetteer.find_segmented(&d.text, &folded, t));
            }
        })
    });
    g.bench_function("dates", |b| {
        b.iter(|| {
            for ((d, f), t) in documents.iter().zip(&folded).zip(&tokens) {
                black_box(find_dates_segmented(&d.text, f, t));
            }
        })
    });
    g.bench_function("morph", |b| {
        b.iter(|| {
            for &word in &words {
                black_box(morph.analyze_cached(word));
            }
        })
    });
    g.bench_function("analyze", |b| {
        b.iter(|| {
            for d in &documents {
                black_box(pipeline.analyze(d));
            }
        })
    });
    let analyses: Vec<_> = documents.iter().map(|d| pipeline.analyze(d)).collect();
    g.bench_function("render", |b| {
        b.iter(|| {
            for analysis in &analyses {
                black_box(render(analysis, false));
            }
        })
    });
    drop(analyses);
    g.bench_function("pipeline", |b| {
        b.iter(|| {
            for d in &documents {
                black_box(render_owned(pipeline.analyze(d), false));
            }
        })
    });
    g.bench_function("aho_corasick_scan", |b| {
        b.iter(|| {
            for f in &folded {
                black_box(automaton.find_iter(f.as_str()).count());
            }
        })
    });
    g.finish();

    let mut g = group(c, "morph_tokens", Throughput::Elements(words.len() as u64));
    g.bench_function("morph", |b| {
        b.iter(|| {
            for &word in &words {
                black_box(morph.analyze_cached(word));
            }
        })
    });
    g.finish();
}

criterion::criterion_group!(benches, stages);
criterion::criterion_main!(benches);
