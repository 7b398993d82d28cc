//! The outline: resources, their states, and the states of Map iterators under their Map.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind,
};
use zis_analysis::ide::outline::{outline, OutlineItem, OutlineKind};
use zis_analysis::model::ResourceType;
use zis_analysis::schema::StateType;

use crate::convert::Converter;
use crate::server::Backend;

pub async fn document_symbol(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    Ok(symbols(backend, &params)
        .await
        .map(DocumentSymbolResponse::Nested))
}

/// The same answer as [`document_symbol`], serialized here: at 10,000 states the outline is
/// 2.5 MB of JSON, which as tower-lsp's `serde_json::Value` costs several times writing it.
pub async fn serialized(backend: &Backend, params: DocumentSymbolParams) -> Vec<u8> {
    let symbols = symbols(backend, &params).await;
    serde_json::to_vec(&symbols).unwrap_or_else(|_| b"null".to_vec())
}

async fn symbols(backend: &Backend, params: &DocumentSymbolParams) -> Option<Vec<DocumentSymbol>> {
    let snapshot = backend.bundle(&params.text_document.uri).await?;
    let converter = snapshot.converter(backend.unit());
    let symbols = outline(&snapshot.analysis)
        .into_iter()
        .map(|item| to_lsp(&converter, item))
        .collect();
    Some(symbols)
}

// Recursion is bounded: the parser caps nesting depth.
fn to_lsp(converter: &Converter, item: OutlineItem) -> DocumentSymbol {
    let kind = match item.kind {
        OutlineKind::Resource(Some(ResourceType::Flow)) => SymbolKind::MODULE,
        OutlineKind::Resource(Some(ResourceType::Action)) => SymbolKind::FUNCTION,
        OutlineKind::Resource(Some(ResourceType::JobSpec)) => SymbolKind::EVENT,
        OutlineKind::Resource(None) => SymbolKind::OBJECT,
        OutlineKind::State(Some(StateType::Action)) => SymbolKind::METHOD,
        OutlineKind::State(Some(StateType::Choice)) => SymbolKind::ENUM,
        OutlineKind::State(Some(StateType::Map)) => SymbolKind::ARRAY,
        OutlineKind::State(_) => SymbolKind::FIELD,
    };
    let children = item
        .children
        .into_iter()
        .map(|child| to_lsp(converter, child))
        .collect::<Vec<_>>();
    #[allow(deprecated)]
    DocumentSymbol {
        name: item.name,
        detail: item.detail,
        kind,
        tags: None,
        deprecated: None,
        range: converter.range(item.range),
        selection_range: converter.range(item.selection),
        children: (!children.is_empty()).then_some(children),
    }
}
