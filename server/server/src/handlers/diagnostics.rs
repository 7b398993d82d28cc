//! Publishing diagnostics: each analysis of the current version, converted to positions; nothing
//! for a version that is already outdated.

use std::sync::Arc;

use tower_lsp::lsp_types::notification::{Notification, PublishDiagnostics};
use tower_lsp::lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Url,
};
use zis_analysis::{LineIndex, Rule, Severity, Tag};

use crate::convert::Converter;
use crate::json::{write_number, write_range, write_serialized};
use crate::server::Backend;

/// Analyses the document as it is now and publishes its diagnostics with its version, unless a
/// newer version arrived meanwhile. A document that is not a bundle, or that the configuration
/// ignores, gets an empty list, once.
pub async fn publish(backend: &Backend, uri: Url) {
    let Some(snapshot) = backend.documents.snapshot(&uri).await else {
        return;
    };
    let linted = snapshot.analysis.is_bundle && !snapshot.ignored;
    let diagnostics: &[Arc<zis_analysis::Diagnostic>] = if linted {
        &snapshot.analysis.diagnostics
    } else {
        &[]
    };
    let _turn = backend.publishing.lock().await;
    if !backend.documents.is_current(&uri, &snapshot) {
        return;
    }
    let showed = backend
        .documents
        .set_showing_diagnostics(&uri, !diagnostics.is_empty());
    if !linted && showed == Some(false) {
        return;
    }
    let converter = snapshot.converter(backend.unit());
    send(
        backend,
        &uri,
        &converter,
        diagnostics,
        Some(snapshot.version),
    );
}

/// Clears the diagnostics of a closed document.
pub async fn clear(backend: &Backend, uri: Url) {
    let _turn = backend.publishing.lock().await;
    // An empty list has no position to convert: the converter of an empty text will do.
    let converter = Converter {
        text: "",
        index: &LineIndex::new(""),
        unit: backend.unit(),
    };
    send(backend, &uri, &converter, &[], None);
}

/// Written by hand rather than through tower-lsp's `Client`, which would build the notification
/// as a `serde_json::Value`, or through `lsp_types` structs: a bundle's findings can be a hundred
/// thousand.
fn send(
    backend: &Backend,
    uri: &Url,
    converter: &Converter,
    diagnostics: &[Arc<zis_analysis::Diagnostic>],
    version: Option<i32>,
) {
    let capacity = diagnostics
        .iter()
        .map(|diagnostic| estimated_len(uri, diagnostic))
        .sum::<usize>()
        + uri.as_str().len()
        + 64;
    backend
        .outbox
        .notify_with(PublishDiagnostics::METHOD, capacity, |json| {
            write_params(json, uri, converter, diagnostics, version)
        });
}

/// About the JSON a diagnostic takes besides its texts, so that the buffer rarely grows.
const BYTES_PER_DIAGNOSTIC: usize = 256;
const BYTES_PER_LABEL: usize = 128;

fn estimated_len(uri: &Url, diagnostic: &zis_analysis::Diagnostic) -> usize {
    BYTES_PER_DIAGNOSTIC
        + diagnostic.message.len()
        + diagnostic
            .labels
            .iter()
            .map(|label| BYTES_PER_LABEL + uri.as_str().len() + label.message.len())
            .sum::<usize>()
}

/// Writes what serde writes for the `PublishDiagnosticsParams` of `diagnostics`, each as
/// [`to_lsp`] converts it.
fn write_params(
    json: &mut Vec<u8>,
    uri: &Url,
    converter: &Converter,
    diagnostics: &[Arc<zis_analysis::Diagnostic>],
    version: Option<i32>,
) {
    // The address, in every related location, is escaped once.
    let mut uri_json = Vec::new();
    write_serialized(&mut uri_json, uri.as_str());
    json.extend_from_slice(b"{\"uri\":");
    json.extend_from_slice(&uri_json);
    json.extend_from_slice(b",\"diagnostics\":[");
    // Findings of one rule come in runs; what they write alike is made once per run.
    let mut alike: Option<RuleJson> = None;
    for (at, diagnostic) in diagnostics.iter().enumerate() {
        if at > 0 {
            json.push(b',');
        }
        let rule = match &alike {
            Some(alike) if alike.rule == diagnostic.rule => alike,
            _ => alike.insert(RuleJson::of(diagnostic.rule)),
        };
        json.extend_from_slice(b"{\"range\":");
        write_range(json, converter.range(diagnostic.range));
        json.extend_from_slice(b",\"severity\":");
        write_serialized(json, &severity(diagnostic.severity));
        json.extend_from_slice(&rule.before_message);
        write_serialized(json, &diagnostic.message);
        if !diagnostic.labels.is_empty() {
            json.extend_from_slice(b",\"relatedInformation\":[");
            for (at, label) in diagnostic.labels.iter().enumerate() {
                if at > 0 {
                    json.push(b',');
                }
                json.extend_from_slice(b"{\"location\":{\"uri\":");
                json.extend_from_slice(&uri_json);
                json.extend_from_slice(b",\"range\":");
                write_range(json, converter.range(label.range));
                json.extend_from_slice(b"},\"message\":");
                write_serialized(json, &label.message);
                json.push(b'}');
            }
            json.push(b']');
        }
        json.extend_from_slice(&rule.after_labels);
        json.push(b'}');
    }
    json.push(b']');
    if let Some(version) = version {
        json.extend_from_slice(b",\"version\":");
        write_number(json, version);
    }
    json.push(b'}');
}

/// The JSON every finding of one rule writes alike: from its code to its message, and after its
/// related information.
struct RuleJson {
    rule: Rule,
    before_message: Vec<u8>,
    after_labels: Vec<u8>,
}

impl RuleJson {
    fn of(rule: Rule) -> RuleJson {
        let mut before_message = b",\"code\":".to_vec();
        write_serialized(&mut before_message, rule.code());
        if let Some(url) = docs_url(rule) {
            before_message.extend_from_slice(b",\"codeDescription\":{\"href\":");
            write_serialized(&mut before_message, url.as_str());
            before_message.push(b'}');
        }
        before_message.extend_from_slice(b",\"source\":\"zis-lint\",\"message\":");
        let mut after_labels = Vec::new();
        if !rule.tags().is_empty() {
            after_labels.extend_from_slice(b",\"tags\":");
            write_serialized(&mut after_labels, &tags(rule));
        }
        RuleJson {
            rule,
            before_message,
            after_labels,
        }
    }
}

/// A finding in LSP terms; code actions name the findings they fix with it too.
pub fn to_lsp(
    uri: &Url,
    converter: &Converter,
    diagnostic: &zis_analysis::Diagnostic,
) -> Diagnostic {
    let related = diagnostic
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), converter.range(label.range)),
            message: label.message.clone(),
        })
        .collect::<Vec<_>>();
    let rule = diagnostic.rule;
    let tags = tags(rule);
    Diagnostic {
        range: converter.range(diagnostic.range),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(rule.code().to_string())),
        code_description: docs_url(rule).map(|href| CodeDescription { href }),
        source: Some("zis-lint".to_string()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Where an editor links the rule's code to, when the build names where rule pages are.
fn docs_url(rule: Rule) -> Option<Url> {
    rule.docs_url().and_then(|url| Url::parse(&url).ok())
}

fn tags(rule: Rule) -> Vec<DiagnosticTag> {
    rule.tags()
        .iter()
        .map(|tag| match tag {
            Tag::Unnecessary => DiagnosticTag::UNNECESSARY,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use tower_lsp::lsp_types::PublishDiagnosticsParams;
    use zis_analysis::{analyze, Config};
    use zis_syntax::ColumnUnit;

    use super::*;

    #[test]
    fn writes_what_serde_writes_for_the_same_diagnostics() {
        let text = r#"{"zis_template_version": "2019-10-14", "resources": {
  "unused": {"type": "ZIS::Action::Http", "properties": {"name": "unused", "definition": {"method": "GET", "url": "https://example.com"}}},
  "flow \"é😀\"": {"type": "ZIS::Flow", "properties": {"name": "f", "definition": {
    "StartAt": "ß", "States": {
      "ß": {"Type": "Pass", "Next": "nowhere\u0007"},
      "ß": {"Type": "Succeed"}}}}}
}}"#;
        let analysis = analyze(text, &Config::default());
        let diagnostics = &analysis.diagnostics;
        assert!(diagnostics.iter().any(|d| !d.labels.is_empty()));
        assert!(diagnostics.iter().any(|d| !d.rule.tags().is_empty()));
        assert!(diagnostics.iter().any(|d| d.message.contains("\\u{7}")));
        let uri = Url::parse("file:///tmp/a%20b/bundle.json").unwrap();
        let index = LineIndex::new(text);
        for unit in [ColumnUnit::Utf16, ColumnUnit::Utf8] {
            let converter = Converter {
                text,
                index: &index,
                unit,
            };
            for version in [Some(7), None] {
                let mut json = Vec::new();
                write_params(&mut json, &uri, &converter, diagnostics, version);
                let typed = PublishDiagnosticsParams::new(
                    uri.clone(),
                    diagnostics
                        .iter()
                        .map(|diagnostic| to_lsp(&uri, &converter, diagnostic))
                        .collect(),
                    version,
                );
                let written: serde_json::Value = serde_json::from_slice(&json).unwrap();
                assert_eq!(written, serde_json::to_value(&typed).unwrap());
            }
        }
    }
}
