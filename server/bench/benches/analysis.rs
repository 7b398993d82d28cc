//! `cargo bench -p zis-bench`: the whole analysis per size, the analysis after a keystroke
//! that reuses the one before, and what a request elsewhere reads right after it, next to
//! parsing alone: ours,
//! jsonc-parser's and serde_json's into a `Value` (the floor no analysis built on a parse of the
//! text can go below).
//!
//! Divan rather than Criterion: without default features it builds a handful of small crates
//! (Criterion pulls in plotting, serde and rayon's relatives), which matters on a two-core
//! machine shared with other builds, and it reports throughput per byte out of the box.

use std::cell::{Cell, RefCell};
use std::sync::{Arc, OnceLock};

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use zis_analysis::{analyze, reanalyze, Analysis, Before, Config, Unchanged};
use zis_bench::{bundle, Variant, SIZES};

// The allocator the zis-lint binary ships with, so that these are the binary's numbers.
#[global_allocator]
static ALLOCATOR: zis_alloc::Allocator = zis_alloc::Allocator;

fn main() {
    divan::main();
}

/// Each bundle is generated once for all the benchmarks that read it.
fn text(states: usize) -> &'static str {
    static TEXTS: OnceLock<Vec<(usize, String)>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        SIZES
            .iter()
            .map(|&size| (size, bundle(size, Variant::Clean)))
            .collect()
    });
    let (_, text) = texts
        .iter()
        .find(|(size, _)| *size == states)
        .expect("a benchmarked size");
    text
}

#[divan::bench(args = SIZES, sample_count = 25, max_time = 8)]
fn analysis(bencher: Bencher, states: usize) {
    let text = text(states);
    let config = Config::default();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| analyze(black_box(text), &config));
}

#[divan::bench(args = SIZES, sample_count = 25, max_time = 8)]
fn zis_syntax_parse(bencher: Bencher, states: usize) {
    let text = text(states);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| zis_syntax::parse(black_box(text)));
}

/// The parse on one thread, as texts too small to be cut are read: what reading a large one
/// in two parts at once saves.
#[divan::bench(args = SIZES, sample_count = 25, max_time = 8)]
fn zis_syntax_parse_on_one_thread(bencher: Bencher, states: usize) {
    let text = text(states);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| zis_syntax::parse_with_holes(black_box(text), &[]));
}

#[divan::bench(args = SIZES, sample_count = 25, max_time = 8)]
fn jsonc_parser_parse_to_ast(bencher: Bencher, states: usize) {
    let text = text(states);
    let collect = jsonc_parser::CollectOptions::default();
    let options = jsonc_parser::ParseOptions::default();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| jsonc_parser::parse_to_ast(black_box(text), &collect, &options));
}

#[divan::bench(args = SIZES, sample_count = 25, max_time = 8)]
fn serde_json_value(bencher: Bencher, states: usize) {
    let text = text(states);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| serde_json::from_str::<serde_json::Value>(black_box(text)));
}

/// Mistakes cost suggestions ("did you mean …?") and fixes: they must not change the scale.
#[divan::bench(args = [10_000], sample_count = 25, max_time = 8)]
fn analysis_with_mistakes(bencher: Bencher, states: usize) {
    let text = bundle(states, Variant::Mistakes);
    let config = Config::default();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| analyze(black_box(&text), &config));
}

/// What the language server does on a keystroke: the analysis of a text one character longer
/// inside a flow, given the analysis of the text before it, itself the analysis after the
/// keystroke before (keystrokes follow one another in one place). Each sample is one keystroke,
/// so that its analysis and the memo before it are freed, as the server frees them, before the
/// next.
#[divan::bench(args = [1_000, 10_000, 50_000], sample_count = 25, sample_size = 1, max_time = 8)]
fn reanalysis_after_a_keystroke(bencher: Bencher, states: usize) {
    bench_keystroke(bencher, text(states));
}

/// The same with about 6,000 hints, which every keystroke carries over to the new analysis.
#[divan::bench(args = [10_000], sample_count = 25, sample_size = 1, max_time = 8)]
fn reanalysis_after_a_keystroke_with_hints(bencher: Bencher, states: usize) {
    bench_keystroke(bencher, &bundle(states, Variant::Hints));
}

fn bench_keystroke(bencher: Bencher, before: &str) {
    let at = before.find("\"ResultPath\": \"$.").expect("a flow") + "\"ResultPath\": \"$.".len();
    let typed = |times: usize| {
        Arc::new(format!(
            "{}{}{}",
            &before[..at],
            "x".repeat(times),
            &before[at..]
        ))
    };
    // Where the character was typed, as the editor says: after those typed before it.
    let typed_after = |times: usize| {
        Before::Unchanged(Unchanged {
            prefix: at + times,
            suffix: before.len() - at,
        })
    };
    let config = Config::default();
    let opened = reanalyze(&Arc::new(before.to_owned()), &config, None);
    let first = reanalyze(
        &typed(1),
        &config,
        Some((typed_after(0), &opened.memo().expect("a memo"))),
    );
    drop(opened);
    let last = RefCell::new(Some(first));
    let times = Cell::new(1);
    bencher
        .counter(BytesCount::of_str(before))
        .with_inputs(|| {
            times.set(times.get() + 1);
            (typed(times.get()), times.get())
        })
        .bench_local_values(|(text, times)| {
            // As the server does: the analysis before lets go of its focus first, and is freed
            // after the new one is made, apart from it.
            let before = last.take().expect("an analysis");
            before.release_focus();
            let memo = before.memo().expect("a memo");
            let analysis = reanalyze(&text, &config, Some((typed_after(times - 1), &memo)));
            last.replace(Some(analysis));
            (before, memo)
        });
}

/// What a request in another resource than the one just typed in reads right after the
/// keystroke (a completion in the last flow's `ActionName`): a focus made on that resource
/// from what the analysis keeps, …
#[divan::bench(args = [10_000, 50_000], sample_count = 25, sample_size = 1, max_time = 8)]
fn focus_elsewhere_after_a_keystroke(bencher: Bencher, states: usize) {
    let (analysis, elsewhere) = after_a_keystroke(text(states));
    bencher.bench_local(|| analysis.focus_at(elsewhere).expect("a focus"));
}

/// … or the whole tree, model and index, made when first asked.
#[divan::bench(args = [10_000, 50_000], sample_count = 25, sample_size = 1, max_time = 8)]
fn whole_model_after_a_keystroke(bencher: Bencher, states: usize) {
    let before = text(states);
    bencher
        .with_inputs(|| after_a_keystroke(before).0)
        .bench_local_values(|analysis| {
            analysis.model();
            analysis
        });
}

/// The analysis after a keystroke in the first flow, and an offset in the last flow.
fn after_a_keystroke(before: &str) -> (Arc<Analysis>, u32) {
    let at = before.find("\"ResultPath\": \"$.").expect("a flow") + "\"ResultPath\": \"$.".len();
    let text = Arc::new(format!("{}x{}", &before[..at], &before[at..]));
    let config = Config::default();
    let opened = reanalyze(&Arc::new(before.to_owned()), &config, None);
    let unchanged = Unchanged {
        prefix: at,
        suffix: before.len() - at,
    };
    let memo = opened.memo().expect("a memo");
    drop(opened);
    let analysis = reanalyze(&text, &config, Some((Before::Unchanged(unchanged), &memo)));
    let action = "\"ActionName\": \"";
    let elsewhere = text.rfind(action).expect("an action state") + action.len();
    (analysis, elsewhere as u32)
}
