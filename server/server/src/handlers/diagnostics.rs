//! Publishing diagnostics: each analysis of the current version, converted to positions; nothing
//! for a version that is already outdated.

use tower_lsp::lsp_types::notification::{Notification, PublishDiagnostics};
use tower_lsp::lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, PublishDiagnosticsParams, Url,
};
use zis_analysis::{Severity, Tag};

use crate::convert::Converter;
use crate::server::Backend;

/// Analyses the document as it is now and publishes its diagnostics with its version, unless a
/// newer version arrived meanwhile. A document that is not a bundle, or that the configuration
/// ignores, gets an empty list, once.
pub async fn publish(backend: &Backend, uri: Url) {
    let Some(snapshot) = backend.documents.snapshot(&uri).await else {
        return;
    };
    let linted = snapshot.analysis.is_bundle && !snapshot.ignored;
    let converter = snapshot.converter(backend.unit());
    let diagnostics: Vec<Diagnostic> = if linted {
        snapshot
            .analysis
            .diagnostics
            .iter()
            .map(|diagnostic| to_lsp(&uri, &converter, diagnostic))
            .collect()
    } else {
        Vec::new()
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
    send(
        backend,
        PublishDiagnosticsParams::new(uri, diagnostics, Some(snapshot.version)),
    );
}

/// Clears the diagnostics of a closed document.
pub async fn clear(backend: &Backend, uri: Url) {
    let _turn = backend.publishing.lock().await;
    send(
        backend,
        PublishDiagnosticsParams::new(uri, Vec::new(), None),
    );
}

/// Past tower-lsp's `Client`, which would build the notification as a `serde_json::Value`: a
/// bundle's diagnostics can be tens of thousands.
fn send(backend: &Backend, params: PublishDiagnosticsParams) {
    backend.outbox.notify(PublishDiagnostics::METHOD, &params);
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
    let tags: Vec<DiagnosticTag> = rule
        .tags()
        .iter()
        .map(|tag| match tag {
            Tag::Unnecessary => DiagnosticTag::UNNECESSARY,
        })
        .collect();
    Diagnostic {
        range: converter.range(diagnostic.range),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
            Severity::Hint => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(rule.code().to_string())),
        code_description: rule
            .docs_url()
            .and_then(|url| Url::parse(&url).ok())
            .map(|href| CodeDescription { href }),
        source: Some("zis-lint".to_string()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}
