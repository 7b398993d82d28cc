//! The outline: resources, their states, and the states of Map iterators under their Map.

use std::sync::Arc;

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind, Url,
};
use zis_analysis::ide::outline::{outline, outline_if_ready, OutlineItem, OutlineKind};
use zis_analysis::model::ResourceType;
use zis_analysis::schema::StateType;

use crate::convert::Converter;
use crate::documents::Snapshot;
use crate::json::{write_range, write_serialized};
use crate::server::Backend;

pub async fn document_symbol(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    Ok(symbols(backend, &params)
        .await
        .map(DocumentSymbolResponse::Nested))
}

/// The same answer as [`document_symbol`], written here as JSON: at 10,000 states the outline
/// is 11,000 symbols and 2.5 MB, which as tower-lsp's `serde_json::Value`, or even as
/// `DocumentSymbol` structs through serde, costs several times writing the bytes straight from
/// the outline.
pub async fn serialized(backend: &Backend, params: DocumentSymbolParams) -> Vec<u8> {
    let Some((snapshot, items)) = outline_of(backend, &params.text_document.uri).await else {
        return b"null".to_vec();
    };
    let mut json = Vec::with_capacity(BYTES_PER_SYMBOL * count(&items));
    write_symbols(&mut json, &snapshot.converter(backend.unit()), &items);
    json
}

/// The outline of an open bundle, made after an edit from what the analysis has when it can
/// be, else from the whole model, made first.
async fn outline_of(backend: &Backend, uri: &Url) -> Option<(Arc<Snapshot>, Vec<OutlineItem>)> {
    let snapshot = backend.unlowered_bundle(uri).await?;
    if let Some(items) = outline_if_ready(&snapshot.analysis) {
        return Some((snapshot, items));
    }
    let snapshot = Backend::lowered(snapshot).await?;
    let items = outline(&snapshot.analysis);
    Some((snapshot, items))
}

/// About the JSON one symbol takes (2.5 MB for 11,000 at 10,000 states), so that the buffer
/// rarely grows.
const BYTES_PER_SYMBOL: usize = 240;

fn count(items: &[OutlineItem]) -> usize {
    items.len()
        + items
            .iter()
            .map(|item| count(&item.children))
            .sum::<usize>()
}

/// Writes what serde writes for `Vec<DocumentSymbol>`, field for field.
// Recursion is bounded: the parser caps nesting depth.
fn write_symbols(json: &mut Vec<u8>, converter: &Converter, items: &[OutlineItem]) {
    json.push(b'[');
    for (at, item) in items.iter().enumerate() {
        if at > 0 {
            json.push(b',');
        }
        json.extend_from_slice(b"{\"name\":");
        write_serialized(json, item.name.as_str());
        if let Some(detail) = &item.detail {
            json.extend_from_slice(b",\"detail\":");
            write_serialized(json, detail.as_str());
        }
        json.extend_from_slice(b",\"kind\":");
        write_serialized(json, &symbol_kind(item.kind));
        json.extend_from_slice(b",\"range\":");
        write_range(json, converter.range(item.range));
        json.extend_from_slice(b",\"selectionRange\":");
        write_range(json, converter.range(item.selection));
        if !item.children.is_empty() {
            json.extend_from_slice(b",\"children\":");
            write_symbols(json, converter, &item.children);
        }
        json.push(b'}');
    }
    json.push(b']');
}

async fn symbols(backend: &Backend, params: &DocumentSymbolParams) -> Option<Vec<DocumentSymbol>> {
    let (snapshot, items) = outline_of(backend, &params.text_document.uri).await?;
    let converter = snapshot.converter(backend.unit());
    let symbols = items
        .into_iter()
        .map(|item| to_lsp(&converter, item))
        .collect();
    Some(symbols)
}

// Recursion is bounded: the parser caps nesting depth.
fn to_lsp(converter: &Converter, item: OutlineItem) -> DocumentSymbol {
    let kind = symbol_kind(item.kind);
    let children = item
        .children
        .into_iter()
        .map(|child| to_lsp(converter, child))
        .collect::<Vec<_>>();
    #[allow(deprecated)]
    DocumentSymbol {
        name: item.name.into(),
        detail: item.detail.map(String::from),
        kind,
        tags: None,
        deprecated: None,
        range: converter.range(item.range),
        selection_range: converter.range(item.selection),
        children: (!children.is_empty()).then_some(children),
    }
}

fn symbol_kind(kind: OutlineKind) -> SymbolKind {
    match kind {
        OutlineKind::Resource(Some(ResourceType::Flow)) => SymbolKind::MODULE,
        OutlineKind::Resource(Some(ResourceType::Action)) => SymbolKind::FUNCTION,
        OutlineKind::Resource(Some(ResourceType::JobSpec)) => SymbolKind::EVENT,
        OutlineKind::Resource(None) => SymbolKind::OBJECT,
        OutlineKind::State(Some(StateType::Action)) => SymbolKind::METHOD,
        OutlineKind::State(Some(StateType::Choice)) => SymbolKind::ENUM,
        OutlineKind::State(Some(StateType::Map)) => SymbolKind::ARRAY,
        OutlineKind::State(_) => SymbolKind::FIELD,
    }
}

#[cfg(test)]
mod tests {
    use zis_analysis::{analyze, Config};
    use zis_syntax::{ColumnUnit, LineIndex};

    use super::*;

    #[test]
    fn writes_what_serde_writes_for_the_same_symbols() {
        let text = r#"{"resources": {
  "flow \"é😀\"": {"type": "ZIS::Flow", "properties": {"name": "f", "definition": {
    "StartAt": " ", "States": {
      " ": {"Type": "Map", "ItemsPath": "$.a", "Iterator": {"StartAt": "In", "States": {
        "In": {"Type": "Succeed"}}}, "Next": "ß"},
      "ß": {"Type": "Bogus"}}}}},
  "x": 3,
  "odd": {"properties": {}}
}}"#;
        let analysis = analyze(text, &Config::default());
        let index = LineIndex::new(text);
        for unit in [ColumnUnit::Utf16, ColumnUnit::Utf8] {
            let converter = Converter {
                text,
                index: &index,
                unit,
            };
            let items = outline(&analysis);
            let mut json = Vec::new();
            write_symbols(&mut json, &converter, &items);
            let typed: Vec<DocumentSymbol> = items
                .into_iter()
                .map(|item| to_lsp(&converter, item))
                .collect();
            let written: serde_json::Value = serde_json::from_slice(&json).unwrap();
            assert_eq!(written, serde_json::to_value(&typed).unwrap());
            assert_eq!(written[0]["children"][0]["children"][0]["name"], "In");
            assert_eq!(written[0]["children"][0]["detail"], "Map");
            assert_eq!(written[0]["children"][1]["detail"], "Bogus");
        }
    }
}
