//! Rename, with prepareRename so that the editor offers it only on a name.

use std::collections::HashMap;

use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};
use zis_analysis::ide::rename::{self, RenameError};

use crate::server::Backend;

/// LSP's `RequestFailed`: the request was valid but cannot be carried out here.
const REQUEST_FAILED: i64 = -32803;

pub async fn prepare_rename(
    backend: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some(snapshot) = backend.bundle(&params.text_document.uri).await else {
        return Ok(None);
    };
    let converter = snapshot.converter(backend.unit());
    let offset = converter.offset(params.position);
    let found =
        rename::prepare_rename(&snapshot.analysis, &snapshot.text, offset).map_err(to_error)?;
    Ok(
        found.map(|found| PrepareRenameResponse::RangeWithPlaceholder {
            range: converter.range(found.range),
            placeholder: found.symbol.name().to_string(),
        }),
    )
}

pub async fn rename(backend: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let position = params.text_document_position;
    let uri = position.text_document.uri;
    let Some(snapshot) = backend.bundle(&uri).await else {
        return Ok(None);
    };
    let converter = snapshot.converter(backend.unit());
    let offset = converter.offset(position.position);
    let edits = rename::rename(&snapshot.analysis, &snapshot.text, offset, &params.new_name)
        .map_err(to_error)?;
    Ok(edits.map(|edits| {
        let edits = edits
            .into_iter()
            .map(|edit| TextEdit::new(converter.range(edit.range), edit.new_text))
            .collect();
        WorkspaceEdit::new(HashMap::from([(uri, edits)]))
    }))
}

fn to_error(error: RenameError) -> Error {
    let code = match error {
        RenameError::NotRenamable(_) => ErrorCode::ServerError(REQUEST_FAILED),
        RenameError::InvalidName(_) => ErrorCode::InvalidParams,
    };
    Error {
        code,
        message: error.to_string().into(),
        data: None,
    }
}
