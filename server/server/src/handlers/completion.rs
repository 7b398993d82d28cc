//! Completion: values, keys and snippets for the place under the cursor, and their
//! documentation.
//!
//! The documentation of an item is written when the client shows it (`completionItem/resolve`)
//! if the client says it asks for it that way: an answer may hold hundreds of items, of which
//! the editor shows one's documentation. Each item then carries what names its documentation.
//! Other clients get it with the item.
//!
//! The answer is written straight to the transport (see `DirectAnswers` in `server.rs`) by its
//! own types rather than `lsp_types`' ones, which lack the list's item defaults (LSP 3.17): a
//! client that takes a default edit range gets the range once instead of in every item.

use serde::{Serialize, Serializer};
use serde_json::Value;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, Documentation,
    InitializeParams, InsertTextFormat, InsertTextMode, MarkupContent, MarkupKind, Range, TextEdit,
    Url,
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

/// What the client lets an answer leave out of its items.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientSupport {
    /// The client asks for an item's documentation when it shows it.
    pub resolves_documentation: bool,
    /// The client takes an edit range for the items that have none (`itemDefaults.editRange`).
    pub default_edit_range: bool,
}

impl ClientSupport {
    pub fn of(params: &InitializeParams) -> ClientSupport {
        let completion = (params.capabilities.text_document.as_ref())
            .and_then(|document| document.completion.as_ref());
        let resolves_documentation = completion
            .and_then(|completion| {
                completion
                    .completion_item
                    .as_ref()?
                    .resolve_support
                    .as_ref()
            })
            .is_some_and(|support| support.properties.iter().any(|p| p == "documentation"));
        let default_edit_range = completion
            .and_then(|completion| completion.completion_list.as_ref()?.item_defaults.as_ref())
            .is_some_and(|defaults| defaults.iter().any(|default| default == "editRange"));
        ClientSupport {
            resolves_documentation,
            default_edit_range,
        }
    }
}

/// A `CompletionList`, with the item defaults `lsp_types` has no field for.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Answer<'a> {
    is_incomplete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    item_defaults: Option<ItemDefaults>,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemDefaults {
    edit_range: Range,
}

/// A `CompletionItem` as this server fills it in.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Item<'a> {
    label: String,
    kind: CompletionItemKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documentation: Option<Documentation>,
    /// Clients sort by label otherwise; the analysis gives its items in a meaningful order
    /// (schema order for keys, source order for states, catalog order for events).
    sort_text: Rank,
    /// Plain text is the default: the field is left out of the hundreds of plain items.
    #[serde(skip_serializing_if = "Option::is_none")]
    insert_text_format: Option<InsertTextFormat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    insert_text_mode: Option<InsertTextMode>,
    /// Left out when the list's default range is the edit's: the client then replaces that
    /// range with `text_edit_text`, or with the label when that is left out too.
    #[serde(skip_serializing_if = "Option::is_none")]
    text_edit: Option<TextEdit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text_edit_text: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    additional_text_edits: Vec<TextEdit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Data<'a>>,
}

/// An item's place in the answer, written as a sort text that sorts as the number does.
struct Rank(usize);

impl Serialize for Rank {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{:05}", self.0))
    }
}

/// An item's `data`: `[uri, topic]`, as the resolve request holds nothing else to find the
/// document by.
#[derive(Serialize)]
struct Data<'a>(&'a str, String);

/// The answer to a completion request that tower-lsp passes on: one that came before the server
/// had its document open, as its `didOpen` goes through tower-lsp first. Without item defaults,
/// which `lsp_types` cannot hold.
pub async fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let answer = serialized(backend, params, false).await;
    Ok(answer.and_then(|answer| serde_json::from_slice(&answer).ok()))
}

/// The serialized answer to a completion request, with item defaults if `item_defaults` and the
/// client takes them.
pub async fn serialized(
    backend: &Backend,
    params: CompletionParams,
    item_defaults: bool,
) -> Option<Vec<u8>> {
    let position = params.text_document_position;
    let uri = &position.text_document.uri;
    let snapshot = backend.unlowered_bundle(uri).await?;
    let offset = snapshot.converter(backend.unit()).offset(position.position);
    // Typing asks for completion where it types, right after the edit: the edit's focus then
    // answers without the whole model, and elsewhere a focus on the resource there, until the
    // whole model is made.
    let reading = Backend::reading_at(snapshot, offset).await?;
    let list = completion::completion_list(reading.view(), &reading.snapshot.text, offset, LIMIT);
    let support = backend.completion_support();
    // Documentation written with the items may be of any action or flow of the bundle.
    let reads_the_bundle =
        (list.items.iter()).any(|item| item.topic.as_ref().is_some_and(Topic::reads_the_bundle));
    let snapshot = match support.resolves_documentation || !reads_the_bundle {
        true => reading.snapshot.clone(),
        false => Backend::lowered(reading.snapshot.clone()).await?,
    };
    let documentation = match support.resolves_documentation {
        true => Docs::Later(uri.as_str()),
        false => Docs::Now(&snapshot.analysis),
    };
    let mut ranges = Ranges {
        converter: snapshot.converter(backend.unit()),
        last: None,
    };
    let default_range = match item_defaults && support.default_edit_range {
        true => list.items.first().map(|item| item.edit.range),
        false => None,
    };
    let items = list
        .items
        .into_iter()
        .enumerate()
        .map(|(rank, item)| to_lsp(&mut ranges, &documentation, default_range, rank, item))
        .collect();
    let answer = Answer {
        is_incomplete: list.incomplete,
        item_defaults: default_range.map(|range| ItemDefaults {
            edit_range: ranges.convert(range),
        }),
        items,
    };
    serde_json::to_vec(&answer).ok()
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
    Later(&'a str),
}

/// The document and topic of an item's [`Data`].
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

fn to_lsp<'a>(
    ranges: &mut Ranges,
    docs: &Docs<'a>,
    default_range: Option<TextRange>,
    rank: usize,
    item: completion::CompletionItem,
) -> Item<'a> {
    let mut edit =
        |edit: zis_analysis::Edit| TextEdit::new(ranges.convert(edit.range), edit.new_text);
    let additional_text_edits = item.additional_edits.into_iter().map(&mut edit).collect();
    // Multi-line snippets come indented for their place already.
    let multi_line = item.edit.new_text.contains('\n');
    let (documentation, data) = match (docs, item.topic) {
        (Docs::Now(analysis), Some(topic)) => (
            completion::documentation(analysis, &topic).map(markdown),
            None,
        ),
        (Docs::Later(uri), Some(topic)) => (None, Some(Data(uri, topic.encode()))),
        (_, None) => (None, None),
    };
    let (text_edit, text_edit_text) = match default_range == Some(item.edit.range) {
        true if item.edit.new_text == item.label => (None, None),
        true => (None, Some(item.edit.new_text)),
        false => (Some(edit(item.edit)), None),
    };
    Item {
        label: item.label,
        kind: match item.kind {
            CompletionKind::Field => CompletionItemKind::PROPERTY,
            CompletionKind::Operator => CompletionItemKind::OPERATOR,
            CompletionKind::Value => CompletionItemKind::VALUE,
            CompletionKind::Event => CompletionItemKind::EVENT,
            CompletionKind::State => CompletionItemKind::REFERENCE,
            CompletionKind::Action => CompletionItemKind::FUNCTION,
            CompletionKind::Flow => CompletionItemKind::MODULE,
            CompletionKind::Type => CompletionItemKind::CLASS,
            CompletionKind::Snippet => CompletionItemKind::SNIPPET,
        },
        detail: item.detail,
        documentation,
        sort_text: Rank(rank),
        insert_text_format: item.snippet.then_some(InsertTextFormat::SNIPPET),
        insert_text_mode: multi_line.then_some(InsertTextMode::AS_IS),
        text_edit,
        text_edit_text,
        additional_text_edits,
        data,
    }
}
