//! Every error rests on a documented fact that no real bundle contradicts, and
//! `docs/zis-facts.md` shows the facts as the analysis holds them.

#[path = "../../../tests/support/corpus.rs"]
mod support;

use std::path::{Path, PathBuf};

use zis_analysis::{analyze, facts, Config, Rule, Severity};

/// The rule fixtures, the examples and the shared corpus.
fn bundles() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut folders = vec![root.join("examples")];
    for entry in std::fs::read_dir(root.join("tests/fixtures/rules")).unwrap() {
        folders.push(entry.unwrap().path());
    }
    // Without the corpus, the test says `skipped:` for it.
    if let Some(corpus) = support::corpus() {
        for folder in ["public", "history/tsanet", "tutorial", "found"] {
            if corpus.join(folder).is_dir() {
                folders.push(corpus.join(folder));
            }
        }
    }
    let mut paths: Vec<PathBuf> = folders
        .iter()
        .flat_map(|folder| std::fs::read_dir(folder).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_error_rests_on_a_documented_uncontradicted_fact() {
    let mut errors = 0;
    for path in bundles() {
        let text = std::fs::read_to_string(&path).unwrap();
        for diagnostic in &analyze(&text, &Config::default()).diagnostics {
            if diagnostic.severity != Severity::Error {
                continue;
            }
            errors += 1;
            let fact = diagnostic.fact.unwrap_or_else(|| {
                panic!(
                    "{}: {} `{}` rests on no fact",
                    path.display(),
                    diagnostic.rule.code(),
                    diagnostic.message
                )
            });
            assert!(
                fact.supports_error(),
                "{}: {} is an error on `{}`, which is {}",
                path.display(),
                diagnostic.rule.code(),
                fact.id,
                fact.evidence().as_str()
            );
        }
    }
    assert!(
        errors > 100,
        "the fixtures hold errors of every kind: {errors}"
    );
}

#[test]
fn a_rule_whose_own_fact_is_unsure_is_not_an_error_by_default() {
    for &rule in Rule::ALL {
        if let Some(fact) = rule.fact() {
            assert!(
                rule.default_severity() != Severity::Error || fact.supports_error(),
                "{} defaults to error on `{}`",
                rule.code(),
                fact.id
            );
        }
    }
}

#[test]
fn the_facts_page_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/zis-facts.md");
    let expected = facts::markdown();
    if std::env::var_os("ZIS_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/zis-facts.md is out of date: run `ZIS_UPDATE_DOCS=1 cargo test -p zis-analysis \
         --test evidence` and commit it"
    );
}
