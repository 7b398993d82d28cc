//! The real bundles of the shared corpus: the linter must give no false error on them.
//!
//! The corpus lives beside the repository (`../shared/corpus`), or wherever `ZIS_CORPUS`
//! points. CI always has it; on a machine without it the tests say `skipped:` and pass, unless
//! `CI` is set, where a missing corpus is a failure.

#[path = "../../../tests/support/corpus.rs"]
mod support;

use std::path::Path;

use support::corpus;
use zis_analysis::{analyze, Config, Diagnostic, Rule, Severity};

fn diagnostics(path: &Path) -> (String, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).unwrap();
    let analysis = analyze(&text, &Config::default());
    assert!(analysis.is_bundle, "{} is a bundle", path.display());
    (text, analysis.diagnostics.clone())
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

#[test]
fn public_and_history_bundles_have_no_errors() {
    let Some(corpus) = corpus() else { return };
    let mut checked = 0;
    for folder in ["public", "history/tsanet"] {
        let mut paths: Vec<_> = std::fs::read_dir(corpus.join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let (text, diagnostics) = diagnostics(&path);
            let errors = errors(&diagnostics);
            let name = path.file_name().unwrap().to_string_lossy();
            if name == "06_78b4977.json" {
                // This version shipped a `StringMatches` rule, which ZIS rejects.
                assert_eq!(errors.len(), 1, "{name}: {errors:#?}");
                assert_eq!(errors[0].rule, Rule::UnsupportedFeature);
                assert_eq!(&text[errors[0].range.as_usize()], "\"StringMatches\"");
            } else {
                assert!(errors.is_empty(), "{name}: {errors:#?}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 27);
}

#[test]
fn tutorial_bundle_gives_exactly_its_three_findings() {
    let Some(corpus) = corpus() else { return };
    let (text, diagnostics) =
        diagnostics(&corpus.join("tutorial/post_tickets_to_webhook_bundle.json"));
    let findings: Vec<(Rule, &str)> = diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| (d.rule, &text[d.range.as_usize()]))
        .collect();
    assert_eq!(
        findings,
        [
            (Rule::TemplatePlaceholder, "<YOUR_INTEGRATION>"),
            (Rule::InvalidUrl, "\"\""),
            (Rule::TemplatePlaceholder, "<YOUR_INTEGRATION>"),
        ]
    );
}

#[test]
fn tutorial_bundle_filled_in_is_clean() {
    let Some(corpus) = corpus() else { return };
    let text = std::fs::read_to_string(corpus.join("tutorial/post_tickets_to_webhook_bundle.json"))
        .unwrap()
        .replace("<YOUR_INTEGRATION>", "acme")
        .replace("\"url\": \"\"", "\"url\": \"https://webhook.site/3f2a\"");
    let analysis = analyze(&text, &Config::default());
    let findings: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn data_rules_find_nothing_in_real_bundles() {
    let Some(corpus) = corpus() else { return };
    let mut paths = Vec::new();
    for folder in ["public", "history/tsanet", "tutorial"] {
        for entry in std::fs::read_dir(corpus.join(folder)).unwrap() {
            paths.push(entry.unwrap().path());
        }
    }
    paths.retain(|path| path.extension().is_some_and(|ext| ext == "json"));
    assert_eq!(paths.len(), 28);
    for path in paths {
        let (text, diagnostics) = diagnostics(&path);
        // Hints included: each of these bundles ran in production or is Zendesk's own tutorial.
        let findings: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.rule.code().starts_with("ZIS5"))
            .map(|d| (d.rule.code(), &text[d.range.as_usize()], &d.message))
            .collect();
        assert!(findings.is_empty(), "{}: {findings:#?}", path.display());
    }
}
