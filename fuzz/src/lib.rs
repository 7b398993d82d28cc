//! What the fuzz targets share: the oracle, and the bundles the structure-aware target mutates.

use std::ops::Range;

use zis_analysis::{analyze, Config};
use zis_bench::{bundle, check_analysis, check_editor_features, real_bundle_paths, Variant};
use zis_jsonpath::{parse, placeholders, Path as JsonPath};

/// Analyses `text` and probes the editor features at `probe`; a broken invariant is a crash.
pub fn check(text: &str, probe: u32) {
    let analysis = analyze(text, &Config::default());
    if let Err(problem) =
        check_analysis(text, &analysis).and_then(|()| check_editor_features(text, &analysis, probe))
    {
        panic!("{problem}");
    }
}

pub fn check_jsonpath(text: &str) {
    match parse(text) {
        Ok(path) => check_path(text, &path),
        Err(error) => check_range(text, &error.range),
    }
    for placeholder in placeholders(text) {
        check_range(text, &placeholder.range);
        check_range(text, &placeholder.path_range);
        match &placeholder.result {
            // Segment ranges count from the start of the path, error ranges from the text's.
            Ok(path) => check_path(&text[placeholder.path_range.clone()], path),
            Err(error) => check_range(text, &error.range),
        }
    }
}

/// Checks the ranges of a path parsed from `text`.
fn check_path(text: &str, path: &JsonPath) {
    for segment in &path.segments {
        check_range(text, &segment.range);
    }
    if let Some(part) = path.non_singular() {
        check_range(text, &part.range);
    }
    path.field_prefix();
}

fn check_range(text: &str, range: &Range<usize>) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{range:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{range:?} splits a character"
    );
}

/// The bundles the structure-aware target starts from: the fixtures, the shared corpus when it
/// is beside the repository, and two generated ones. Read once, before the fuzz loop.
pub fn bases() -> Vec<String> {
    let mut bases: Vec<String> = real_bundle_paths()
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    bases.push(bundle(30, Variant::Clean));
    bases.push(bundle(30, Variant::Mistakes));
    bases
}
