//! Find references: every transition to a state, every reference to an action or a flow.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{Location, ReferenceParams};
use zis_analysis::ide::{navigation, symbol_at};

use crate::server::Backend;

pub async fn references(
    backend: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let position = params.text_document_position;
    let uri = position.text_document.uri;
    let Some(snapshot) = backend.bundle(&uri).await else {
        return Ok(None);
    };
    let converter = snapshot.converter(backend.unit());
    let (analysis, text) = (&snapshot.analysis, &*snapshot.text);
    let view = analysis.view();
    let Some(found) = symbol_at(view, text, converter.offset(position.position)) else {
        return Ok(None);
    };
    let include_declaration = params.context.include_declaration;
    let ranges = navigation::references(view, text, &found.symbol, include_declaration);
    Ok(Some(
        ranges
            .into_iter()
            .map(|range| Location::new(uri.clone(), converter.range(range)))
            .collect(),
    ))
}
