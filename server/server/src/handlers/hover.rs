//! Hover: what the token under the cursor means, and the rule page of a finding there.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use zis_analysis::ide::hover;

use crate::server::Backend;

pub async fn hover(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let position = params.text_document_position_params;
    let Some(snapshot) = backend.unlowered_bundle(&position.text_document.uri).await else {
        return Ok(None);
    };
    let converter = snapshot.converter(backend.unit());
    let offset = converter.offset(position.position);
    let Some(reading) = Backend::reading_at(snapshot.clone(), offset).await else {
        return Ok(None);
    };
    let diagnostics = &snapshot.analysis.diagnostics;
    let found = hover::hover(reading.view(), diagnostics, &snapshot.text, offset);
    Ok(found.map(|found| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: found.contents,
        }),
        range: Some(converter.range(found.range)),
    }))
}
