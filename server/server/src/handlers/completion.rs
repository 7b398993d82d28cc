//! Completion: values, keys and snippets for the place under the cursor, and their
//! documentation.
//!
//! The documentation of an item is written when the client shows it (`completionItem/resolve`)
//! if the client says it asks for it that way: an answer may hold hundreds of items, of which
//! the editor shows one's documentation. Each item then carries what names its documentation.
//! Other clients get it with the item.

use serde_json::{json, Value};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
    CompletionTextEdit, Documentation, InitializeParams, InsertTextFormat, InsertTextMode,
    MarkupContent, MarkupKind, Range, TextEdit, Url,
};
use zis_analysis::ide::completion::{self, CompletionKind, Topic};
use zis_analysis::{Analysis, TextRange};

use crate::convert::Converter;
use crate::server::Backend;

/// What opens a completion while typing: a key's or a value's opening quote, and the colon
/// before a value.
pub const TRIGGER_CHARACTERS: [&str; 2] = ["\"", ":"];

/// The most items an answer holds. An editor shows a dozen and filters the rest as more is
/// typed, and building and sending thousands (the states of a large scope, the actions of a large
/// bundle) takes longer than an answer may while typing. A longer list is cut, prefix matches
/// kept first, and marked incomplete, so that the client asks again as more is typed.
const LIMIT: usize = 200;

/// Whether the client asks for an item's documentation when it shows it.
pub fn resolves_documentation(params: &InitializeParams) -> bool {
    params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|document| document.completion.as_ref()?.completion_item.as_ref())
        .and_then(|item| item.resolve_support.as_ref())
        .is_some_and(|support| support.properties.iter().any(|p| p == "documentation"))
}

pub async fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let position = params.text_document_position;
    let uri = &position.text_document.uri;
    let Some(snapshot) = backend.unlowered_bundle(uri).await else {
        return Ok(None);
    };
    let offset = snapshot.converter(backend.unit()).offset(position.position);
    // Typing asks for completion where it types, right after the edit: the edit's focus then
    // answers without the whole model, and elsewhere a focus on the resource there, until the
    // whole model is made.
    let Some(reading) = Backend::reading_at(snapshot, offset).await else {
        return Ok(None);
    };
    let list = completion::completion_list(reading.view(), &reading.snapshot.text, offset, LIMIT);
    // Documentation written with the items may be of any action or flow of the bundle.
    let reads_the_bundle =
        (list.items.iter()).any(|item| item.topic.as_ref().is_some_and(Topic::reads_the_bundle));
    let snapshot = match backend.resolves_completion_documentation() || !reads_the_bundle {
        true => reading.snapshot,
        false => match Backend::lowered(reading.snapshot).await {
            Some(snapshot) => snapshot,
            None => return Ok(None),
        },
    };
    let converter = snapshot.converter(backend.unit());
    let documentation = if backend.resolves_completion_documentation() {
        Docs::Later(Value::String(uri.to_string()))
    } else {
        Docs::Now(&snapshot.analysis)
    };
    let mut ranges = Ranges {
        converter,
        last: None,
    };
    let items = list
        .items
        .into_iter()
        .enumerate()
        .map(|(rank, item)| to_lsp(&mut ranges, &documentation, rank, item))
        .collect();
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: list.incomplete,
        items,
    })))
}

/// Writes the documentation an item's `data` names, from the current analysis of its document.
/// An item whose document has closed, or whose subject has gone from it, is sent back as it came.
pub async fn resolve(backend: &Backend, mut item: CompletionItem) -> Result<CompletionItem> {
    let Some((uri, topic)) = item.data.as_ref().and_then(read_data) else {
        return Ok(item);
    };
    let Some(snapshot) = backend.unlowered_bundle(&uri).await else {
        return Ok(item);
    };
    let snapshot = match topic.reads_the_bundle() {
        true => Backend::lowered(snapshot).await,
        false => Some(snapshot),
    };
    let documentation =
        snapshot.and_then(|snapshot| completion::documentation(&snapshot.analysis, &topic));
    if let Some(documentation) = documentation {
        item.documentation = Some(markdown(documentation));
    }
    Ok(item)
}

/// When items get their documentation.
enum Docs<'a> {
    Now(&'a Analysis),
    /// With `completionItem/resolve`; the document's URI goes into each item's `data`.
    Later(Value),
}

/// `data` is `[uri, topic]`: the resolve request holds nothing else to find the document by.
fn read_data(data: &Value) -> Option<(Url, Topic)> {
    let [uri, topic] = data.as_array()?.as_slice() else {
        return None;
    };
    let uri = Url::parse(uri.as_str()?).ok()?;
    Some((uri, Topic::parse(topic.as_str()?)?))
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// Converts ranges, remembering the last one: the items of an answer nearly all replace the same
/// token, and each conversion counts columns along its line.
struct Ranges<'a> {
    converter: Converter<'a>,
    last: Option<(TextRange, Range)>,
}

impl Ranges<'_> {
    fn convert(&mut self, range: TextRange) -> Range {
        match self.last {
            Some((from, to)) if from == range => to,
            _ => {
                let to = self.converter.range(range);
                self.last = Some((range, to));
                to
            }
        }
    }
}

fn to_lsp(
    ranges: &mut Ranges,
    docs: &Docs,
    rank: usize,
    item: completion::CompletionItem,
) -> CompletionItem {
    let mut edit =
        |edit: zis_analysis::Edit| TextEdit::new(ranges.convert(edit.range), edit.new_text);
    let additional: Vec<TextEdit> = item.additional_edits.into_iter().map(&mut edit).collect();
    // Multi-line snippets come indented for their place already.
    let multi_line = item.edit.new_text.contains('\n');
    let (documentation, data) = match (docs, item.topic) {
        (Docs::Now(analysis), Some(topic)) => (
            completion::documentation(analysis, &topic).map(markdown),
            None,
        ),
        (Docs::Later(uri), Some(topic)) => (None, Some(json!([uri, topic.encode()]))),
        (_, None) => (None, None),
    };
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
        documentation,
        // Clients sort by label otherwise; the analysis gives its items in a meaningful order
        // (schema order for keys, source order for states, catalog order for events).
        sort_text: Some(format!("{rank:05}")),
        // Plain text is the default: the field is left out of the hundreds of plain items.
        insert_text_format: item.snippet.then_some(InsertTextFormat::SNIPPET),
        insert_text_mode: multi_line.then_some(InsertTextMode::AS_IS),
        text_edit: Some(CompletionTextEdit::Edit(edit(item.edit))),
        additional_text_edits: (!additional.is_empty()).then_some(additional),
        data,
        ..CompletionItem::default()
    }
}
