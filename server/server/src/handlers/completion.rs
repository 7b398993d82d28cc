//! Completion: values, keys and snippets for the place under the cursor, each with its
//! documentation.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, InsertTextFormat, InsertTextMode, MarkupContent, MarkupKind, TextEdit,
};
use zis_analysis::ide::completion::{self, CompletionKind};

use crate::convert::Converter;
use crate::server::Backend;

/// What opens a completion while typing: a key's or a value's opening quote, and the colon
/// before a value.
pub const TRIGGER_CHARACTERS: [&str; 2] = ["\"", ":"];

pub async fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let position = params.text_document_position;
    let Some(snapshot) = backend.bundle(&position.text_document.uri).await else {
        return Ok(None);
    };
    let converter = snapshot.converter(backend.unit());
    let offset = converter.offset(position.position);
    let items: Vec<CompletionItem> =
        completion::completions(&snapshot.analysis, &snapshot.text, offset)
            .into_iter()
            .enumerate()
            .map(|(rank, item)| to_lsp(&converter, rank, item))
            .collect();
    Ok(Some(CompletionResponse::Array(items)))
}

fn to_lsp(converter: &Converter, rank: usize, item: completion::CompletionItem) -> CompletionItem {
    let edit = |edit: zis_analysis::Edit| TextEdit::new(converter.range(edit.range), edit.new_text);
    let additional: Vec<TextEdit> = item.additional_edits.into_iter().map(edit).collect();
    // Multi-line snippets come indented for their place already.
    let multi_line = item.edit.new_text.contains('\n');
    CompletionItem {
        label: item.label,
        kind: Some(match item.kind {
            CompletionKind::Field => CompletionItemKind::PROPERTY,
            CompletionKind::Operator => CompletionItemKind::OPERATOR,
            CompletionKind::Value => CompletionItemKind::VALUE,
            CompletionKind::Event => CompletionItemKind::EVENT,
            CompletionKind::State => CompletionItemKind::REFERENCE,
            CompletionKind::Action => CompletionItemKind::FUNCTION,
            CompletionKind::Flow => CompletionItemKind::MODULE,
            CompletionKind::Type => CompletionItemKind::CLASS,
            CompletionKind::Snippet => CompletionItemKind::SNIPPET,
        }),
        detail: item.detail,
        documentation: item.documentation.map(|value| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            })
        }),
        // Clients sort by label otherwise; the analysis gives its items in a meaningful order
        // (schema order for keys, source order for states, catalog order for events).
        sort_text: Some(format!("{rank:05}")),
        insert_text_format: Some(if item.snippet {
            InsertTextFormat::SNIPPET
        } else {
            InsertTextFormat::PLAIN_TEXT
        }),
        insert_text_mode: multi_line.then_some(InsertTextMode::AS_IS),
        text_edit: Some(CompletionTextEdit::Edit(edit(item.edit))),
        additional_text_edits: (!additional.is_empty()).then_some(additional),
        ..CompletionItem::default()
    }
}
