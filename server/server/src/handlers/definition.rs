//! Go to definition: from a transition to its state, from a reference to its action or flow.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location};
use zis_analysis::ide::navigation;

use crate::server::Backend;

pub async fn definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let position = params.text_document_position_params;
    let uri = position.text_document.uri;
    let Some(snapshot) = backend.unlowered_bundle(&uri).await else {
        return Ok(None);
    };
    let converter = snapshot.converter(backend.unit());
    let offset = converter.offset(position.position);
    let Some(reading) = Backend::reading_at(snapshot.clone(), offset).await else {
        return Ok(None);
    };
    let target = navigation::definition(reading.view(), &snapshot.text, offset);
    Ok(target
        .map(|range| GotoDefinitionResponse::Scalar(Location::new(uri, converter.range(range)))))
}
