//! The real bundles of the shared corpus: the linter must give no false error on them.
//!
//! The corpus lives beside the repository (`../shared/corpus`), or wherever `ZIS_CORPUS`
//! points. CI always has it; on a machine without it the tests say `skipped:` and pass, unless
//! `CI` is set, where a missing corpus is a failure.

#[path = "../../../tests/support/corpus.rs"]
mod support;

use std::path::Path;
use std::sync::Arc;

use support::corpus;
use zis_analysis::{analyze, Config, Diagnostic, Rule, Severity};

fn diagnostics(path: &Path) -> (String, Vec<Arc<Diagnostic>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let analysis = analyze(&text, &Config::default());
    assert!(analysis.is_bundle, "{} is a bundle", path.display());
    (text, analysis.diagnostics.clone())
}

fn errors(diagnostics: &[Arc<Diagnostic>]) -> Vec<&Arc<Diagnostic>> {
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

/// `found/SOURCES.md`: no error but the real mistakes it lists, which must be found.
#[test]
fn found_bundles_give_exactly_the_errors_their_sources_list() {
    let Some(corpus) = corpus() else { return };
    let expected: &[(&str, &[(Rule, &str)])] = &[
        ("cxe_config_sync_rendered.json", &[]),
        ("inkeep_setup_script_bundle_rendered.json", &[]),
        ("inkeep_zis_bundle_rendered.json", &[]),
        ("inkeep_zis_bundle_template.json", &[]),
        ("redact_comments_rendered.json", &[]),
        (
            "registry_download_post_tickets_to_webhook.json",
            &[
                (Rule::UnknownEventType, "\"ticket.Created\""),
                (Rule::UnknownFlow, "ticket_created"),
            ],
        ),
        ("zis_workflow_manager_sample2.json", &[]),
        ("zis_workflow_manager_sample2_rendered.json", &[]),
    ];
    let mut names: Vec<String> = std::fs::read_dir(corpus.join("found"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    let listed: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, listed, "every bundle of found/ is listed here");
    for (name, errors) in expected {
        let (text, diagnostics) = diagnostics(&corpus.join("found").join(name));
        let found: Vec<(Rule, &str)> = self::errors(&diagnostics)
            .into_iter()
            .map(|d| (d.rule, &text[d.range.as_usize()]))
            .collect();
        assert_eq!(&found, errors, "{name}");
    }
}

/// What `found/SOURCES.md` says real ZIS accepts, although the documentation does not say so,
/// is at most a warning, and some of it nothing at all.
#[test]
fn found_bundles_keep_what_real_zis_accepts_below_errors() {
    let Some(corpus) = corpus() else { return };
    let found = |name: &str| diagnostics(&corpus.join("found").join(name));

    let (text, diagnostics) = found("registry_download_post_tickets_to_webhook.json");
    let version: Vec<_> = diagnostics
        .iter()
        .filter(|d| &text[d.range.as_usize()] == "\"2019-02-28\"")
        .map(|d| (d.rule, d.severity))
        .collect();
    assert_eq!(version, [(Rule::InvalidValue, Severity::Hint)]);

    let (text, diagnostics) = found("redact_comments_rendered.json");
    let connections: Vec<_> = diagnostics
        .iter()
        .filter(|d| text[d.range.as_usize()].contains("connections"))
        .collect();
    assert!(connections.is_empty(), "{connections:#?}");

    for name in [
        "zis_workflow_manager_sample2.json",
        "zis_workflow_manager_sample2_rendered.json",
    ] {
        let (text, diagnostics) = found(name);
        let parked: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.rule == Rule::UnreachableState)
            .map(|d| (&text[d.range.as_usize()], d.severity))
            .collect();
        assert_eq!(
            parked,
            [
                ("\"Debugger.PrintLogOne\"", Severity::Warning),
                ("\"logStep.payload\"", Severity::Warning),
                ("\"logStep\"", Severity::Warning),
            ],
            "{name}"
        );
    }
}
