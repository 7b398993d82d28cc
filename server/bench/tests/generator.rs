//! The generated bundles are what they claim to be: the clean one gives no error and no
//! warning, the one with mistakes exactly the mistakes put in, the one with hints its ZIS505
//! hints and nothing else.

use zis_analysis::{analyze, Config, Severity};
use zis_bench::{bundle, Variant, MISTAKES, SIZES, UNUSED_PARAMETERS};

/// Errors and warnings, as `CODE line:col message` for a readable failure.
fn findings(text: &str) -> Vec<(String, String)> {
    let analysis = analyze(text, &Config::default());
    assert!(analysis.is_bundle);
    analysis
        .diagnostics
        .iter()
        .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
        .map(|d| {
            let at = &text[d.range.as_usize()];
            (d.rule.code().to_owned(), format!("{at} {}", d.message))
        })
        .collect()
}

#[test]
fn clean_bundles_give_no_error_and_no_warning() {
    // 50,000 states repeat the 10,000-state pattern with more flows; the benchmarks cover it.
    for &states in &SIZES[..4] {
        let text = bundle(states, Variant::Clean);
        assert_eq!(findings(&text), [], "{states} states");
    }
}

#[test]
fn mistakes_give_exactly_their_codes() {
    for &states in &SIZES[..4] {
        let text = bundle(states, Variant::Mistakes);
        let mut codes: Vec<String> = findings(&text).into_iter().map(|(code, _)| code).collect();
        codes.sort();
        let mut expected = MISTAKES.to_vec();
        expected.sort();
        assert_eq!(codes, expected, "{states} states");
    }
}

#[test]
fn hints_are_unused_parameters_six_a_block() {
    let text = bundle(1_000, Variant::Hints);
    let analysis = analyze(&text, &Config::default());
    let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.rule.code()).collect();
    // 20 flows of 50 states, five blocks each, two calls a block.
    assert_eq!(UNUSED_PARAMETERS, 3);
    assert_eq!(codes.len(), 20 * 5 * 2 * UNUSED_PARAMETERS);
    assert!(codes.iter().all(|&code| code == "ZIS505"), "{codes:?}");
    assert!(
        analysis
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Hint
                && text[d.range.as_usize()].starts_with("\"unused_"))
    );
}

#[test]
fn state_counts_are_exact_and_every_state_type_is_there() {
    for states in [1, 9, 10, 11, 19, 100, 1_000] {
        let text = bundle(states, Variant::Clean);
        let analysis = analyze(&text, &Config::default());
        assert_eq!(analysis.model().states().count(), states, "{states} states");
    }
    let text = bundle(100, Variant::Clean);
    let analysis = analyze(&text, &Config::default());
    let mut types: Vec<_> = analysis
        .model()
        .states()
        .filter_map(|(_, state)| state.ty)
        .map(|ty| ty.name())
        .collect();
    types.sort();
    types.dedup();
    assert_eq!(
        types,
        ["Action", "Choice", "Fail", "Map", "Pass", "Succeed", "Wait"]
    );
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(
        bundle(1_000, Variant::Mistakes),
        bundle(1_000, Variant::Mistakes)
    );
}
