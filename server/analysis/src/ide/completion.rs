//! Completion: what may be typed at the cursor. Values (event sources and types, references to
//! this bundle's actions and flows and to the built-ins, the state names of the scope, state and
//! resource types, enumerated values), the keys the object at the cursor may still take, and
//! snippets for whole new states and resources.
//!
//! It reads the analysis the document already has and walks down to the cursor; nothing is
//! re-parsed. On half-typed text the edit of each item replaces what was typed of the token,
//! inside or outside quotes, and adds the quotes, colon and commas the token still lacks.
//!
//! A scope may hold thousands of states and a bundle hundreds of actions, and an editor shows a
//! dozen items and the documentation of one. So candidates are matched against what was typed
//! before any item is built, at most a given number of items are built, and an item only names
//! what its documentation is about (a [`Topic`]): [`documentation`] writes it once it is shown.

use std::borrow::Cow;
use std::collections::HashSet;

use zis_syntax::{Member, Object, Str, TextRange};

use crate::builtins::{builtins, Builtin};
use crate::catalog::catalog;
use crate::diagnostic::Edit;
use crate::edit::json_escape;
use crate::ide::cursor::{colon_after, cursor_at, Cursor, Node, Spot};
use crate::ide::hover::{
    builtin_documentation, builtin_noun, event_documentation, field_documentation,
    resource_summary, resource_type,
};
use crate::model::ResourceType;
use crate::reference::IntegrationKey;
use crate::schema::{
    fields, lookup, operators, FieldType, ObjectKind, StateType, Support, RESOURCE_TYPES,
};
use crate::Analysis;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// What the item's documentation is about, for [`documentation`].
    pub topic: Option<Topic>,
    /// Replaces what was typed of the token at the cursor.
    pub edit: Edit,
    /// Whether `edit.new_text` is a snippet with `$1`-style tab stops.
    pub snippet: bool,
    /// Edits away from the cursor: the comma a new member needs after the member before it.
    pub additional_edits: Vec<Edit>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Field,
    Operator,
    Value,
    Event,
    State,
    /// A custom action or a built-in.
    Action,
    Flow,
    /// A state type or a resource type.
    Type,
    /// A whole new state or resource.
    Snippet,
}

/// What an item's documentation is about. It outlives the analysis it came from: a client hands
/// its text form ([`Topic::encode`]) back when it shows the item, maybe after an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Topic {
    EventSource(&'static str),
    Event {
        source: &'static str,
        name: &'static str,
    },
    /// A custom action of the bundle, by name.
    Action(String),
    /// A flow of the bundle, by name.
    Flow(String),
    /// A built-in, by reference.
    Builtin(&'static str),
    StateType(StateType),
    ResourceType(ResourceType),
    /// A key of an object of this kind.
    Field(ObjectKind, &'static str),
    /// `States.ALL`.
    AnyError,
}

impl Topic {
    /// The text form, which [`Topic::parse`] reads.
    pub fn encode(&self) -> String {
        match self {
            Topic::EventSource(name) => format!("source:{name}"),
            Topic::Event { source, name } => format!("event:{source}:{name}"),
            Topic::Action(name) => format!("action:{name}"),
            Topic::Flow(name) => format!("flow:{name}"),
            Topic::Builtin(reference) => format!("builtin:{reference}"),
            Topic::StateType(ty) => format!("state:{}", ty.name()),
            Topic::ResourceType(ty) => format!("resource:{}", ty.type_name()),
            Topic::Field(kind, name) => format!("field:{}:{name}", kind_code(*kind)),
            Topic::AnyError => "any-error".to_string(),
        }
    }

    /// `None` for text that is not a topic's text form, or that names something unknown: it
    /// comes back from the client.
    pub fn parse(text: &str) -> Option<Topic> {
        let (tag, rest) = text.split_once(':').unwrap_or((text, ""));
        match tag {
            "source" => Some(Topic::EventSource(&catalog().source(rest)?.name)),
            "event" => {
                let (source, name) = rest.split_once(':')?;
                let (_, event) = catalog()
                    .event_types(source)
                    .find(|(_, event)| event.name == name)?;
                let source = &catalog().source(source)?.name;
                Some(Topic::Event {
                    source,
                    name: &event.name,
                })
            }
            "action" => Some(Topic::Action(rest.to_string())),
            "flow" => Some(Topic::Flow(rest.to_string())),
            "builtin" => builtins()
                .iter()
                .find(|builtin| builtin.reference == rest)
                .map(|builtin| Topic::Builtin(builtin.reference)),
            "state" => StateType::parse(rest).map(Topic::StateType),
            "resource" => ResourceType::parse(rest).map(Topic::ResourceType),
            "field" => {
                let (code, name) = rest.split_once(':')?;
                let kind = parse_kind(code)?;
                Some(Topic::Field(kind, lookup(kind, name)?.name))
            }
            "any-error" => Some(Topic::AnyError),
            _ => None,
        }
    }
}

/// How a topic's text form names an object kind; a state's kind holds its type (`state.Map`).
fn kind_code(kind: ObjectKind) -> Cow<'static, str> {
    Cow::Borrowed(match kind {
        ObjectKind::Bundle => "bundle",
        ObjectKind::Resource => "resource",
        ObjectKind::FlowProperties => "flow-properties",
        ObjectKind::ActionProperties => "action-properties",
        ObjectKind::JobSpecProperties => "job-spec-properties",
        ObjectKind::FlowDefinition => "flow-definition",
        ObjectKind::Iterator => "iterator",
        ObjectKind::State(None) => "state",
        ObjectKind::State(Some(ty)) => return Cow::Owned(format!("state.{}", ty.name())),
        ObjectKind::ChoiceRule { top_level: true } => "rule",
        ObjectKind::ChoiceRule { top_level: false } => "nested-rule",
        ObjectKind::Catch => "catch",
        ObjectKind::ActionDefinition => "action-definition",
        ObjectKind::KeyValue => "key-value",
    })
}

fn parse_kind(code: &str) -> Option<ObjectKind> {
    Some(match code {
        "bundle" => ObjectKind::Bundle,
        "resource" => ObjectKind::Resource,
        "flow-properties" => ObjectKind::FlowProperties,
        "action-properties" => ObjectKind::ActionProperties,
        "job-spec-properties" => ObjectKind::JobSpecProperties,
        "flow-definition" => ObjectKind::FlowDefinition,
        "iterator" => ObjectKind::Iterator,
        "state" => ObjectKind::State(None),
        "rule" => ObjectKind::ChoiceRule { top_level: true },
        "nested-rule" => ObjectKind::ChoiceRule { top_level: false },
        "catch" => ObjectKind::Catch,
        "action-definition" => ObjectKind::ActionDefinition,
        "key-value" => ObjectKind::KeyValue,
        _ => ObjectKind::State(Some(StateType::parse(code.strip_prefix("state.")?)?)),
    })
}

/// The documentation of an item, in Markdown. `None` when there is none, or when what it is
/// about has gone from the bundle since the item was made.
pub fn documentation(analysis: &Analysis, topic: &Topic) -> Option<String> {
    match topic {
        Topic::EventSource(name) => Some(catalog().source(name)?.description.clone()),
        Topic::Event { source, name } => {
            let (family, event) = catalog()
                .event_types(source)
                .find(|(_, event)| event.name == *name)?;
            Some(event_documentation(family, event))
        }
        Topic::Action(name) | Topic::Flow(name) => {
            let table = match topic {
                Topic::Flow(_) => &analysis.index.flows,
                _ => &analysis.index.actions,
            };
            let id = *table.get(name)?.first()?;
            Some(resource_summary(analysis, id)).filter(|summary| !summary.is_empty())
        }
        Topic::Builtin(reference) => builtins()
            .iter()
            .find(|builtin| builtin.reference == *reference)
            .map(builtin_documentation),
        Topic::StateType(ty) => Some(ty.description().to_string()),
        Topic::ResourceType(ty) => resource_type(ty.type_name()).map(|(_, doc)| doc.to_string()),
        Topic::Field(kind, name) => {
            lookup(*kind, name).map(|spec| field_documentation(*kind, &spec))
        }
        Topic::AnyError => Some("Any error: the only value ZIS accepts.".to_string()),
    }
}

/// The items of one answer.
#[derive(Debug, Default)]
pub struct Completions {
    pub items: Vec<CompletionItem>,
    /// Whether candidates were left out, as not matching what was typed or past the limit: the
    /// answer changes as the token does, so it must be asked for again.
    pub incomplete: bool,
}

/// What may be typed at `offset` that matches what was typed of the token there, in the order
/// to show it; at most `limit` items, the best matches.
pub fn completion_list(analysis: &Analysis, text: &str, offset: u32, limit: usize) -> Completions {
    let Some(cursor) = cursor_at(text, analysis.parse.root.as_ref(), offset) else {
        return Completions::default();
    };
    let picker = |range: TextRange| {
        let typed = text.get(range.start as usize..offset as usize);
        Picker {
            pattern: Pattern::new(typed.unwrap_or("")),
            limit,
        }
    };
    match cursor.spot {
        Spot::Key(member) => {
            let slot = KeySlot::on_key(text, &member.key, offset);
            key_completions(text, &cursor, Some(member), &slot, &picker(slot.range))
        }
        Spot::NewKey { word } => {
            let slot = KeySlot::new(text, word);
            key_completions(text, &cursor, None, &slot, &picker(word))
        }
        Spot::Value { key, value } => {
            let slot = Slot::in_string(value, offset);
            let picker = picker(slot.range());
            value_completions(analysis, &cursor, &key.value, &slot, &picker)
        }
        Spot::NewValue { key, word } => value_completions(
            analysis,
            &cursor,
            &key.value,
            &Slot::Bare(word),
            &picker(word),
        ),
        Spot::Item { key, item, word } => {
            let slot = item.map_or(Slot::Bare(word), |item| Slot::in_string(item, offset));
            item_completions(&cursor, &key.value, &slot, &picker(slot.range()))
        }
    }
}

/// Every item for `offset`: [`completion_list`] without a limit.
pub fn completions(analysis: &Analysis, text: &str, offset: u32) -> Vec<CompletionItem> {
    completion_list(analysis, text, offset, usize::MAX).items
}

/// What was typed of the token, as editors match labels against it: case-insensitively, as a
/// subsequence of the label. Only what no editor would show may be left out, so the match is
/// as loose as the loosest: VS Code (with its default `filterGraceful`) also forgives one swap of
/// neighbouring characters within the first eight, skips leading blanks, and reads at most 128
/// UTF-16 units of what was typed.
struct Pattern(Vec<char>);

/// How a label matches a pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fit {
    Prefix,
    Scattered,
}

impl Pattern {
    fn new(typed: &str) -> Pattern {
        let mut units = 0;
        let chars = typed
            .chars()
            .take_while(|c| {
                units += c.len_utf16();
                units <= 128
            })
            .skip_while(|c| matches!(c, ' ' | '\t'))
            .map(fold)
            .collect();
        Pattern(chars)
    }

    fn fit(&self, label: &str) -> Option<Fit> {
        let pattern = &self.0;
        let mut chars = label.chars().map(fold);
        if pattern.iter().all(|&c| chars.next() == Some(c)) {
            return Some(Fit::Prefix);
        }
        let through = matched(pattern.iter().copied(), label);
        if through == pattern.len() {
            return Some(Fit::Scattered);
        }
        // A swap past the first character that failed leaves the match failing there.
        let swaps = pattern.len().saturating_sub(1).min(7).min(through + 1);
        (0..swaps)
            .any(|at| {
                let swapped = pattern.iter().enumerate().map(|(i, &c)| match i {
                    _ if i == at => pattern[at + 1],
                    _ if i == at + 1 => pattern[at],
                    _ => c,
                });
                matched(swapped, label) == pattern.len()
            })
            .then_some(Fit::Scattered)
    }
}

/// How many characters of `pattern` (folded) a subsequence of `label` matches, from the first.
fn matched(pattern: impl IntoIterator<Item = char>, label: &str) -> usize {
    let mut chars = label.chars().map(fold);
    pattern
        .into_iter()
        .take_while(|&c| chars.any(|l| l == c))
        .count()
}

/// Lower case as JavaScript's `toLowerCase` compares, with its word-final sigma.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c.to_lowercase().next().unwrap_or(c) {
        'ς' => 'σ',
        lower => lower,
    }
}

struct Picker {
    pattern: Pattern,
    limit: usize,
}

impl Picker {
    /// The candidates whose label matches, built into items in their order. Past the limit,
    /// the first prefix matches are kept before any other: the editor ranks them first too.
    fn pick<'l, T>(
        &self,
        candidates: impl IntoIterator<Item = (Cow<'l, str>, T)>,
        mut build: impl FnMut(String, T) -> CompletionItem,
    ) -> Completions {
        let mut count = 0;
        let mut fitting: Vec<_> = candidates
            .into_iter()
            .filter_map(|(label, candidate)| {
                count += 1;
                Some((self.pattern.fit(&label)?, label, candidate))
            })
            .collect();
        let mut incomplete = fitting.len() < count;
        if fitting.len() > self.limit {
            incomplete = true;
            let prefixes = fitting
                .iter()
                .filter(|(fit, ..)| *fit == Fit::Prefix)
                .count();
            let mut room_for_prefixes = self.limit;
            let mut room_for_others = self.limit.saturating_sub(prefixes);
            fitting.retain(|(fit, ..)| {
                let room = match fit {
                    Fit::Prefix => &mut room_for_prefixes,
                    Fit::Scattered => &mut room_for_others,
                };
                let kept = *room > 0;
                *room = room.saturating_sub(1);
                kept
            });
        }
        let items = fitting
            .into_iter()
            .map(|(_, label, candidate)| build(label.into_owned(), candidate))
            .collect();
        Completions { items, incomplete }
    }
}

/// How a value is written at the cursor.
enum Slot {
    /// Inside a string: the content to replace, and whether the closing quote is missing.
    InString {
        range: TextRange,
        unterminated: bool,
    },
    /// Outside quotes: the bare word typed so far.
    Bare(TextRange),
}

impl Slot {
    fn in_string(literal: &Str, offset: u32) -> Slot {
        let inner = literal.inner_range();
        if literal.terminated {
            Slot::InString {
                range: inner,
                unterminated: false,
            }
        } else {
            // What follows the cursor on the line of an unterminated literal was there before
            // its quote was typed (often a comma): it is not part of the value.
            Slot::InString {
                range: TextRange::new(inner.start, offset.max(inner.start)),
                unterminated: true,
            }
        }
    }

    fn range(&self) -> TextRange {
        match *self {
            Slot::InString { range, .. } | Slot::Bare(range) => range,
        }
    }

    /// A string value whose content is already escaped (for JSON, and for snippets if it is one).
    fn string(&self, content: &str) -> Edit {
        let new_text = match self {
            Slot::InString {
                unterminated: true, ..
            } => format!("{content}\""),
            Slot::InString { .. } => content.to_string(),
            Slot::Bare(_) => format!("\"{content}\""),
        };
        Edit::replace(self.range(), new_text)
    }
}

/// `text` as the content of a JSON string; most names need no escape, and thousands are asked
/// for at a time.
fn escape(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        Cow::Owned(json_escape(text))
    } else {
        Cow::Borrowed(text)
    }
}

fn item(
    label: String,
    kind: CompletionKind,
    detail: Option<&str>,
    topic: Option<Topic>,
    edit: Edit,
) -> CompletionItem {
    CompletionItem {
        label,
        kind,
        detail: detail.map(str::to_string),
        topic,
        edit,
        snippet: false,
        additional_edits: Vec::new(),
    }
}

/// A string value inserted as plain text; the label is the value.
fn string_item(
    slot: &Slot,
    value: String,
    kind: CompletionKind,
    detail: Option<&str>,
    topic: Option<Topic>,
) -> CompletionItem {
    let edit = slot.string(&escape(&value));
    item(value, kind, detail, topic, edit)
}

fn value_completions(
    analysis: &Analysis,
    cursor: &Cursor,
    key: &str,
    slot: &Slot,
    picker: &Picker,
) -> Completions {
    let frame = cursor.frame();
    let Node::Known(kind) = frame.node else {
        return Completions::default();
    };
    match (kind, key) {
        (ObjectKind::JobSpecProperties, "event_source") => picker.pick(
            catalog()
                .sources()
                .iter()
                .map(|source| (Cow::Borrowed(source.name.as_str()), source)),
            |label, source| {
                let topic = Some(Topic::EventSource(&source.name));
                string_item(
                    slot,
                    label,
                    CompletionKind::Value,
                    Some("event source"),
                    topic,
                )
            },
        ),
        (ObjectKind::JobSpecProperties, "event_type") => {
            event_completions(frame.object.get_str("event_source"), slot, picker)
        }
        (ObjectKind::JobSpecProperties, "flow_name") => {
            reference_completions(analysis, ResourceType::Flow, &[], slot, picker)
        }
        (ObjectKind::State(_), "ActionName") => {
            reference_completions(analysis, ResourceType::Action, builtins(), slot, picker)
        }
        (ObjectKind::State(_), "Type") => picker.pick(
            StateType::ALL.map(|ty| (Cow::Borrowed(ty.name()), ty)),
            |label, ty| {
                let topic = Some(Topic::StateType(ty));
                string_item(slot, label, CompletionKind::Type, Some("state type"), topic)
            },
        ),
        (ObjectKind::Resource, "type") => picker.pick(
            RESOURCE_TYPES
                .iter()
                .map(|&(name, _)| (Cow::Borrowed(name), name)),
            |label, name| {
                let topic = ResourceType::parse(name).map(Topic::ResourceType);
                string_item(
                    slot,
                    label,
                    CompletionKind::Type,
                    Some("resource type"),
                    topic,
                )
            },
        ),
        _ => match lookup(kind, key).map(|spec| spec.ty) {
            Some(FieldType::StateName) => state_completions(cursor, slot, picker),
            Some(FieldType::Enum(values)) => picker.pick(
                values.iter().map(|&value| (Cow::Borrowed(value), ())),
                |label, ()| string_item(slot, label, CompletionKind::Value, None, None),
            ),
            // A literal that is no string: none inside quotes.
            Some(FieldType::Bool) => match *slot {
                Slot::Bare(range) => picker.pick(
                    ["true", "false"].map(|value| (Cow::Borrowed(value), ())),
                    |label, ()| {
                        let edit = Edit::replace(range, label.as_str());
                        item(label, CompletionKind::Value, None, None, edit)
                    },
                ),
                Slot::InString { .. } => Completions::default(),
            },
            _ => Completions::default(),
        },
    }
}

/// The event types of the job spec's source; of every Zendesk source while none is given, and
/// none for an inbound webhook's source, whose types are its own.
fn event_completions(source: Option<&Str>, slot: &Slot, picker: &Picker) -> Completions {
    let catalog = catalog();
    let sources = match source.filter(|source| !source.value.is_empty()) {
        Some(source) => catalog.source(&source.value).into_iter().collect(),
        None => catalog.sources().iter().collect::<Vec<_>>(),
    };
    let mut seen = HashSet::new();
    let events = sources
        .into_iter()
        .flat_map(|source| {
            let events = catalog.event_types(&source.name);
            events.map(move |(family, event)| (source, family, event))
        })
        .filter(|(_, _, event)| seen.insert(event.name.as_str()))
        .map(|(source, family, event)| {
            (Cow::Borrowed(event.name.as_str()), (source, family, event))
        });
    picker.pick(events, |label, (source, family, event)| {
        let topic = Some(Topic::Event {
            source: &source.name,
            name: &event.name,
        });
        let detail = Some(family.payload_key.as_str());
        string_item(slot, label, CompletionKind::Event, detail, topic)
    })
}

/// What an `ActionName` or a `flow_name` may name.
enum Target<'a> {
    Resource(&'a str),
    Builtin(&'static Builtin),
}

/// This bundle's custom actions or flows as full references, with the integration key the bundle
/// uses (while none is known, the key is a tab stop to fill in), then `builtins`.
fn reference_completions(
    analysis: &Analysis,
    ty: ResourceType,
    builtins: &'static [Builtin],
    slot: &Slot,
    picker: &Picker,
) -> Completions {
    let (table, keyword, kind) = match ty {
        ResourceType::Flow => (&analysis.index.flows, "flow", CompletionKind::Flow),
        _ => (&analysis.index.actions, "action", CompletionKind::Action),
    };
    let mut named: Vec<_> = table
        .iter()
        .filter_map(|(name, ids)| Some((name.as_str(), *ids.first()?)))
        .collect();
    named.sort_unstable_by_key(|&(_, id)| id);
    let integration = integration_key(analysis);
    let key = integration.unwrap_or("<integration>");
    let resources = named.into_iter().map(|(name, _)| {
        let label = format!("zis:{key}:{keyword}:{name}");
        (Cow::Owned(label), Target::Resource(name))
    });
    let builtins = builtins
        .iter()
        .map(|builtin| (Cow::Borrowed(builtin.reference), Target::Builtin(builtin)));
    picker.pick(resources.chain(builtins), |label, target| match target {
        Target::Builtin(builtin) => {
            let topic = Some(Topic::Builtin(builtin.reference));
            let detail = Some(builtin_noun(builtin));
            string_item(slot, label, CompletionKind::Action, detail, topic)
        }
        Target::Resource(name) => {
            let topic = Some(match ty {
                ResourceType::Flow => Topic::Flow(name.to_string()),
                _ => Topic::Action(name.to_string()),
            });
            let detail = Some(ty.noun());
            if integration.is_some() {
                return string_item(slot, label, kind, detail, topic);
            }
            let name = snippet_escape(&escape(name));
            let edit = slot.string(&format!("zis:${{1:integration}}:{keyword}:{name}"));
            CompletionItem {
                snippet: true,
                ..item(label, kind, detail, topic, edit)
            }
        }
    })
}

/// The key new references should use: the inferred one, else the template token the bundle's
/// references already hold, to be filled in with the others.
fn integration_key(analysis: &Analysis) -> Option<&str> {
    if let Some(integration) = &analysis.index.integration {
        return Some(&integration.key);
    }
    analysis.index.references.iter().find_map(|site| {
        let reference = site.parsed.as_ref().ok()?;
        matches!(reference.integration_status, IntegrationKey::Template(_))
            .then_some(reference.integration.text.as_str())
    })
}

/// The states of the scope around the cursor, each with its type.
fn state_completions(cursor: &Cursor, slot: &Slot, picker: &Picker) -> Completions {
    let Some(states) = cursor.scope().and_then(|scope| scope.get_object("States")) else {
        return Completions::default();
    };
    let states = states
        .members
        .iter()
        .map(|state| (Cow::Borrowed(state.key.value.as_str()), state));
    let mut list = picker.pick(states, |label, state| {
        let ty = state
            .value
            .as_ref()
            .and_then(|v| v.as_object()?.get_str("Type"));
        let detail = ty.map(|ty| ty.value.as_str());
        let topic = ty
            .and_then(|ty| StateType::parse(&ty.value))
            .map(Topic::StateType);
        string_item(slot, label, CompletionKind::State, detail, topic)
    });
    // A name given twice (a mistake reported on its own) is offered once. Only the items kept
    // are compared: a scope may hold thousands of states.
    let mut seen = HashSet::new();
    list.items.retain(|item| seen.insert(item.label.clone()));
    list
}

fn item_completions(cursor: &Cursor, key: &str, slot: &Slot, picker: &Picker) -> Completions {
    match (cursor.frame().node, key) {
        (Node::Known(ObjectKind::Catch), "ErrorEquals") => {
            picker.pick([(Cow::Borrowed("States.ALL"), ())], |label, ()| {
                let topic = Some(Topic::AnyError);
                string_item(slot, label, CompletionKind::Value, None, topic)
            })
        }
        _ => Completions::default(),
    }
}

/// How a key is written at the cursor.
struct KeySlot {
    range: TextRange,
    /// Whether the key's opening quote is typed.
    quoted: bool,
    /// Whether the key already has its colon, so that only the name changes.
    name_only: bool,
    /// Whether another member follows without a comma.
    comma_after: bool,
    /// Where the member before needs a comma.
    comma_before: Option<u32>,
}

impl KeySlot {
    /// On a key literal: `"Nex` at the end of its line, `"Nex"` without a colon, or a key being
    /// renamed.
    fn on_key(text: &str, key: &Str, offset: u32) -> KeySlot {
        let inner = key.inner_range();
        if key.terminated && colon_after(text, key.range.end).is_some() {
            return KeySlot {
                range: inner,
                quoted: true,
                name_only: true,
                comma_after: false,
                comma_before: None,
            };
        }
        let end = if key.terminated {
            key.range.end
        } else {
            offset
        };
        KeySlot {
            range: TextRange::new(inner.start, end.max(inner.start)),
            quoted: true,
            name_only: false,
            comma_after: member_follows(text, key.range.end),
            comma_before: comma_before(text, key.range.start),
        }
    }

    /// Where nothing or a bare word was typed.
    fn new(text: &str, word: TextRange) -> KeySlot {
        KeySlot {
            range: word,
            quoted: false,
            name_only: false,
            comma_after: member_follows(text, word.end),
            comma_before: comma_before(text, word.start),
        }
    }

    /// A whole member, as a snippet: `key` and `value` are snippet text.
    fn member(&self, key: &str, value: &str) -> (Edit, Vec<Edit>) {
        let open = if self.quoted { "" } else { "\"" };
        let comma = if self.comma_after { "," } else { "" };
        let edit = Edit::replace(self.range, format!("{open}{key}\": {value}{comma}"));
        let before = self.comma_before.map(|at| Edit::insert(at, ","));
        (edit, before.into_iter().collect())
    }
}

/// Whether the next thing after `at` is another member's key.
fn member_follows(text: &str, at: u32) -> bool {
    text.get(at as usize..)
        .is_some_and(|rest| rest.trim_start().starts_with('"'))
}

/// Where a comma goes when the member before `at` ends without one.
fn comma_before(text: &str, at: u32) -> Option<u32> {
    let before = text.get(..at as usize)?.trim_end();
    let last = before.bytes().last()?;
    (!b"{[,:".contains(&last)).then_some(before.len() as u32)
}

fn key_completions(
    text: &str,
    cursor: &Cursor,
    current: Option<&Member>,
    slot: &KeySlot,
    picker: &Picker,
) -> Completions {
    let frame = cursor.frame();
    match frame.node {
        Node::Known(kind) => field_completions(kind, frame.object, current, slot, picker),
        // A state or resource snippet writes a whole member: not while renaming a key.
        Node::States if !slot.name_only => state_snippets(text, slot, picker),
        Node::Resources if !slot.name_only => resource_snippets(text, slot, picker),
        _ => Completions::default(),
    }
}

/// The keys `kind` takes that `object` does not hold yet, in the schema's order; for a Choice
/// rule, its operators too while it has none.
fn field_completions(
    kind: ObjectKind,
    object: &Object,
    current: Option<&Member>,
    slot: &KeySlot,
    picker: &Picker,
) -> Completions {
    let present: HashSet<&str> = object
        .members
        .iter()
        .filter(|member| !current.is_some_and(|current| std::ptr::eq(*member, current)))
        .map(|member| member.key.value.as_str())
        .collect();
    let taken = |name: &str| present.contains(name) || present.contains(&*format!("{name}.$"));
    let offered = |support: Support| matches!(support, Support::Supported | Support::Undocumented);
    // Only a top-level rule names the next state.
    let nested_rule = kind == ObjectKind::ChoiceRule { top_level: false };
    let mut specs: Vec<_> = fields(kind)
        .iter()
        .copied()
        .filter(|spec| offered(spec.support) && !taken(spec.name))
        .filter(|spec| !(nested_rule && spec.name == "Next"))
        .collect();
    let is_operator = |name: &str| operators().any(|op| op.name == name);
    // A rule compares with one operator.
    if matches!(kind, ObjectKind::ChoiceRule { .. }) && !present.iter().any(|key| is_operator(key))
    {
        let offered_operators = operators().filter(|op| offered(op.support));
        specs.extend(offered_operators.filter_map(|op| lookup(kind, op.name)));
    }
    let specs = specs
        .into_iter()
        .map(|spec| (Cow::Borrowed(spec.name), spec));
    picker.pick(specs, |label, spec| {
        let kind_of_item = if is_operator(spec.name) {
            CompletionKind::Operator
        } else {
            CompletionKind::Field
        };
        let topic = Some(Topic::Field(kind, spec.name));
        let detail = Some(spec.ty.describe());
        if slot.name_only {
            let edit = Edit::replace(slot.range, escape(spec.name));
            return item(label, kind_of_item, detail, topic, edit);
        }
        let key = snippet_escape(&escape(spec.name));
        let (edit, additional_edits) = slot.member(&key, &value_snippet(spec.ty, 1));
        CompletionItem {
            snippet: true,
            additional_edits,
            ..item(label, kind_of_item, detail, topic, edit)
        }
    })
}

/// A value of type `ty` with tab stop `stop` where it is to be typed.
fn value_snippet(ty: FieldType, stop: u32) -> String {
    match ty {
        FieldType::String
        | FieldType::StateName
        | FieldType::ReferencePath
        | FieldType::ResultPath
        | FieldType::Enum(_) => format!("\"${stop}\""),
        FieldType::Integer
        | FieldType::PositiveInteger
        | FieldType::PositiveNumber
        | FieldType::Any => format!("${stop}"),
        FieldType::Bool => format!("${{{stop}:true}}"),
        FieldType::Object => format!("{{${stop}}}"),
        FieldType::Array => format!("[${stop}]"),
    }
}

/// Escapes what a snippet would read as syntax.
fn snippet_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// A JSON value of a snippet, laid out over lines by [`layout`].
enum Template {
    /// Written as is, on one line.
    Text(String),
    Object(Vec<(&'static str, Template)>),
}

/// Lays out `template` for a member whose key starts a line indented with `indent`.
fn layout(template: &Template, indent: &str, unit: &str, out: &mut String) {
    match template {
        Template::Text(text) => out.push_str(text),
        Template::Object(members) => {
            out.push('{');
            let inner = format!("{indent}{unit}");
            for (i, (key, value)) in members.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&format!("{inner}\"{key}\": "));
                layout(value, &inner, unit, out);
            }
            out.push_str(&format!("\n{indent}}}"));
        }
    }
}

/// The indentation of the line holding `at`, and one level of it: a tab where the line uses
/// tabs, else two spaces.
fn indentation(text: &str, at: u32) -> (&str, &'static str) {
    let before = text.get(..at as usize).unwrap_or(text);
    let line = &before[before.rfind('\n').map_or(0, |newline| newline + 1)..];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    (indent, if indent.contains('\t') { "\t" } else { "  " })
}

/// A new member `"<name>": {…}`, its name the first tab stop.
fn snippet_item(
    text: &str,
    slot: &KeySlot,
    label: String,
    detail: &str,
    topic: Option<Topic>,
    name: &str,
    value: &Template,
) -> CompletionItem {
    let (indent, unit) = indentation(text, slot.range.start);
    let mut body = String::new();
    layout(value, indent, unit, &mut body);
    let (edit, additional_edits) = slot.member(&format!("${{1:{name}}}"), &body);
    CompletionItem {
        snippet: true,
        additional_edits,
        ..item(label, CompletionKind::Snippet, Some(detail), topic, edit)
    }
}

/// One new state per type, with the fields the type requires (and those it is useless without)
/// and a `Next` where it needs a transition.
fn state_snippets(text: &str, slot: &KeySlot, picker: &Picker) -> Completions {
    let types = StateType::ALL.map(|ty| (Cow::Owned(format!("{} state", ty.name())), ty));
    picker.pick(types, |label, ty| {
            let mut stop = 1;
            let mut next_stop = || {
                stop += 1;
                stop
            };
            let wanted = |name: &str| {
                matches!(
                    (ty, name),
                    (StateType::Choice, "Default")
                        | (StateType::Wait, "Seconds")
                        | (StateType::Map, "ItemsPath" | "ResultPath")
                )
            };
            let mut members: Vec<(&'static str, Template)> = fields(ObjectKind::State(Some(ty)))
                .iter()
                .filter(|spec| spec.required || wanted(spec.name))
                .map(|spec| {
                    let value = match spec.name {
                        "Type" => Template::Text(format!("\"{}\"", ty.name())),
                        "Seconds" => Template::Text(format!("${{{}:10}}", next_stop())),
                        "Choices" => {
                            let (variable, value, next) = (next_stop(), next_stop(), next_stop());
                            Template::Text(format!(
                                "[{{\"Variable\": \"${variable}\", \"StringEquals\": \"${value}\", \"Next\": \"${next}\"}}]"
                            ))
                        }
                        "Iterator" => Template::Object(vec![
                            ("StartAt", Template::Text(format!("\"${}\"", next_stop()))),
                            ("States", Template::Text(format!("{{${}}}", next_stop()))),
                        ]),
                        _ => Template::Text(value_snippet(spec.ty, next_stop())),
                    };
                    (spec.name, value)
                })
                .collect();
            if ty.needs_transition() {
                members.push(("Next", Template::Text(format!("\"${}\"", next_stop()))));
            }
            let topic = Some(Topic::StateType(ty));
            let value = Template::Object(members);
            snippet_item(text, slot, label, "new state", topic, ty.name(), &value)
        })
}

/// One new resource per type, with the properties ZIS requires; the name follows the key.
fn resource_snippets(text: &str, slot: &KeySlot, picker: &Picker) -> Completions {
    let text_of = |snippet: &str| Template::Text(snippet.to_string());
    let properties = |ty| match ty {
        ResourceType::Flow => vec![
            ("name", text_of("\"$1\"")),
            (
                "definition",
                Template::Object(vec![
                    ("StartAt", text_of("\"$2\"")),
                    ("States", text_of("{$0}")),
                ]),
            ),
        ],
        ResourceType::Action => vec![
            ("name", text_of("\"$1\"")),
            (
                "definition",
                Template::Object(vec![
                    ("method", text_of("\"${2:GET}\"")),
                    ("url", text_of("\"$3\"")),
                ]),
            ),
        ],
        ResourceType::JobSpec => vec![
            ("name", text_of("\"$1\"")),
            ("event_source", text_of("\"${2:support}\"")),
            ("event_type", text_of("\"$3\"")),
            ("flow_name", text_of("\"$4\"")),
        ],
    };
    let types = [
        (ResourceType::Flow, "my_flow"),
        (ResourceType::Action, "my_action"),
        (ResourceType::JobSpec, "my_job_spec"),
    ]
    .map(|(ty, name)| (Cow::Borrowed(ty.type_name()), (ty, name)));
    picker.pick(types, |label, (ty, name)| {
        let value = Template::Object(vec![
            ("type", Template::Text(format!("\"{label}\""))),
            ("properties", Template::Object(properties(ty))),
        ]);
        let topic = Some(Topic::ResourceType(ty));
        snippet_item(text, slot, label, "new resource", topic, name, &value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::{apply, BUNDLE};
    use crate::{analyze, Config, Rule};

    /// The completions at the `|` of `marked`, and the text without the mark.
    fn complete(marked: &str) -> (String, Vec<CompletionItem>) {
        let offset = marked.find('|').expect("a cursor mark");
        let text = marked.replacen('|', "", 1);
        let analysis = analyze(&text, &Config::default());
        let items = completions(&analysis, &text, offset as u32);
        (text, items)
    }

    /// `BUNDLE` with `from` replaced by `to`, which holds the cursor mark.
    fn in_bundle(from: &str, to: &str) -> String {
        assert!(BUNDLE.contains(from), "{from}");
        BUNDLE.replacen(from, to, 1)
    }

    /// The documentation of `item`, completed in `text`.
    fn doc(text: &str, item: &CompletionItem) -> Option<String> {
        documentation(&analyze(text, &Config::default()), item.topic.as_ref()?)
    }

    fn labels(items: &[CompletionItem]) -> Vec<&str> {
        items.iter().map(|item| item.label.as_str()).collect()
    }

    fn find<'a>(items: &'a [CompletionItem], label: &str) -> &'a CompletionItem {
        items
            .iter()
            .find(|item| item.label == label)
            .unwrap_or_else(|| panic!("{label} in {:?}", labels(items)))
    }

    /// The text once `item` is accepted, snippet syntax left in.
    fn accept(text: &str, item: &CompletionItem) -> String {
        apply(text, item.additional_edits.iter().chain([&item.edit]))
    }

    /// A snippet as typed through: each placeholder keeps its default, each bare tab stop gets
    /// `x`.
    fn expand(snippet: &str) -> String {
        let mut out = String::new();
        let mut rest = snippet;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            rest = &rest[at + 1..];
            if let Some(placeholder) = rest.strip_prefix('{') {
                let end = placeholder.find('}').unwrap();
                let (_, default) = placeholder[..end].split_once(':').unwrap();
                out.push_str(default);
                rest = &placeholder[end + 1..];
            } else {
                let digits =
                    rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                out.push_str(if &rest[..digits] == "0" { "" } else { "x" });
                rest = &rest[digits..];
            }
        }
        out + rest
    }

    const JOB: &str = "{\n  \"zis_template_version\": \"2019-10-14\",\n  \"resources\": {\n    \"job\": {\n      \"type\": \"ZIS::JobSpec\",\n      \"properties\": {\n        \"name\": \"job\",\n        \"event_source\": \"SOURCE\",\n        EVENT_TYPE\n        \"flow_name\": \"zis:acme:flow:f\"\n      }\n    }\n  }\n}";

    fn job(source: &str, event_type: &str) -> String {
        JOB.replace("SOURCE", source)
            .replace("EVENT_TYPE", event_type)
    }

    #[test]
    fn event_types_of_the_source_in_an_unterminated_string() {
        let (text, items) = complete(&job("support", "\"event_type\": \"|"));
        assert_eq!(items.len(), 30 + 25 + 6 + 3);
        assert_eq!(items[0].label, "ticket.AgentAssignmentChanged");
        let created = find(&items, "ticket.TicketCreated");
        assert_eq!(created.kind, CompletionKind::Event);
        assert_eq!(created.detail.as_deref(), Some("ticket_event"));
        assert_eq!(
            doc(&text, created).as_deref(),
            Some("A new ticket was created.\n\nThe flow receives the event's payload at `$.input.ticket_event`.")
        );
        assert!(!created.snippet);
        // The closing quote is added: the literal ran to the end of its line.
        assert!(accept(&text, created).contains("\"event_type\": \"ticket.TicketCreated\"\n"));
        let org = find(&items, "organization.OrganizationCreated");
        assert!(doc(&text, org)
            .unwrap()
            .ends_with("likely but not confirmed."));

        let (text, items) = complete(&job("support", "\"event_type\": \"ticket.Tick|"));
        let created = find(&items, "ticket.TicketCreated");
        assert_eq!(&text[created.edit.range.as_usize()], "ticket.Tick");
        assert_eq!(created.edit.new_text, "ticket.TicketCreated\"");
    }

    #[test]
    fn event_types_in_a_closed_string_replace_its_content() {
        let (_, items) = complete(&job("sunshine", "\"event_type\": \"|activity\","));
        assert_eq!(
            labels(&items),
            [
                "customobject.CustomObjectChanged",
                "customobject.CustomObjectDeleted",
                "activity.UserActivityCreated"
            ]
        );
        let (text, items) = complete(&job("sunshine", "\"event_type\": \"act|ivity\","));
        assert_eq!(labels(&items), ["activity.UserActivityCreated"]);
        let activity = &items[0];
        assert_eq!(activity.detail.as_deref(), Some("activity_event"));
        assert_eq!(
            accept(&text, activity),
            job(
                "sunshine",
                "\"event_type\": \"activity.UserActivityCreated\","
            )
        );
    }

    #[test]
    fn event_types_without_a_zendesk_source() {
        let (_, items) = complete(&job("tsanet", "\"event_type\": \"|\","));
        assert!(items.is_empty(), "a webhook's types are its own");
        let (_, items) = complete(&job("", "\"event_type\": \"|\","));
        assert_eq!(items.len(), 64 + 3, "every Zendesk source");
        let (_, items) = complete(&job("support", "\"event_type\": |"));
        assert_eq!(
            find(&items, "ticket.TicketCreated").edit.new_text,
            "\"ticket.TicketCreated\""
        );
    }

    #[test]
    fn event_sources() {
        let text = job("support", "\"event_type\": \"ticket.TicketCreated\",");
        let marked = text.replace("\"event_source\": \"support\"", "\"event_source\": \"|\"");
        let (text, items) = complete(&marked);
        assert_eq!(labels(&items), ["support", "sunshine"]);
        assert_eq!(items[0].detail.as_deref(), Some("event source"));
        assert!(doc(&text, &items[0])
            .unwrap()
            .starts_with("Zendesk Support"));
    }

    #[test]
    fn action_names_are_full_references_and_built_ins() {
        let (text, items) = complete(&in_bundle(
            "\"ActionName\": \"zis:acme:action:fetch\", \"Next\"",
            "\"ActionName\": \"|zis:acme:a\", \"Next\"",
        ));
        assert_eq!(
            labels(&items),
            [
                "zis:acme:action:fetch",
                "zis:common:action:LoadConfig",
                "zis:common:action:PatchConfig",
                "zis:common:action:LoadLinks",
                "zis:common:action:CreateLink",
                "zis:common:action:PatchLink",
                "zis:common:action:DeleteLink",
                "zis:common:transform:Jq",
            ]
        );
        let fetch = &items[0];
        assert_eq!(fetch.kind, CompletionKind::Action);
        assert_eq!(fetch.detail.as_deref(), Some("custom action"));
        assert_eq!(fetch.topic, Some(Topic::Action("fetch".to_string())));
        assert_eq!(
            doc(&text, fetch).as_deref(),
            Some("`GET https://example.com`")
        );
        assert_eq!(&text[fetch.edit.range.as_usize()], "zis:acme:a");
        let jq = find(&items, "zis:common:transform:Jq");
        assert_eq!(jq.detail.as_deref(), Some("built-in transform"));
        assert_eq!(
            doc(&text, jq).as_deref(),
            Some(
                "Runs a jq program on some data; the program's output is written at `ResultPath`.\n\n**Parameters**\n\n\
                  - `expr` (required): The jq program.\n\
                  - `data`: The program's input; usually `data.$` with a path to flow data."
            )
        );
    }

    #[test]
    fn references_use_the_template_token_or_a_tab_stop_without_a_key() {
        let template = BUNDLE.replace("zis:acme:", "zis:<YOUR_INTEGRATION>:");
        let marked = template.replacen(
            "\"flow_name\": \"zis:<YOUR_INTEGRATION>:flow:main_flow\"",
            "\"flow_name\": \"|\"",
            1,
        );
        let (text, items) = complete(&marked);
        assert_eq!(labels(&items), ["zis:<YOUR_INTEGRATION>:flow:main_flow"]);
        assert_eq!(items[0].detail.as_deref(), Some("flow"));
        assert_eq!(
            doc(&text, &items[0]).as_deref(),
            Some("Starts at `Fetch`; 5 states.")
        );

        let bare = BUNDLE.replace("zis:acme:action:fetch", "fetch");
        let marked = bare.replacen(
            "\"flow_name\": \"zis:acme:flow:main_flow\"",
            "\"flow_name\": |",
            1,
        );
        let (_, items) = complete(&marked);
        assert_eq!(labels(&items), ["zis:<integration>:flow:main_flow"]);
        assert!(items[0].snippet);
        assert_eq!(
            items[0].edit.new_text,
            "\"zis:${1:integration}:flow:main_flow\""
        );
    }

    #[test]
    fn transitions_offer_the_states_of_their_scope() {
        let flow_states = ["Fetch", "Check", "Each", "Done", "Failed"];
        for (from, to) in [
            ("\"StartAt\": \"Fetch\"", "\"StartAt\": \"|\""),
            ("\"Default\": \"Failed\"", "\"Default\": \"|Failed\""),
            ("\"Next\": \"Failed\"}]", "\"Next\": \"|\"}]"),
            ("\"Next\": \"Each\"}]", "\"Next\": |}]"),
            ("\"Next\": \"Done\",", "\"Next\": |,"),
        ] {
            let (_, items) = complete(&in_bundle(from, to));
            assert_eq!(labels(&items), flow_states, "{to}");
        }
        let (text, items) = complete(&in_bundle("\"Next\": \"Check\"", "\"Next\": \"Ch|\""));
        assert_eq!(labels(&items), ["Fetch", "Check", "Each"], "what was typed");
        let check = find(&items, "Check");
        assert_eq!(check.kind, CompletionKind::State);
        assert_eq!(check.detail.as_deref(), Some("Choice"));
        assert_eq!(
            doc(&text, check).as_deref(),
            Some(StateType::Choice.description())
        );
        assert_eq!(&text[check.edit.range.as_usize()], "Ch");
        // Inside the Map iterator, only its own states.
        let (_, items) = complete(&in_bundle("\"End\": true}}}}", "\"Next\": \"|\"}}}}"));
        assert_eq!(labels(&items), ["Fetch"]);
        let (_, items) = complete(&in_bundle(
            "\"Iterator\": {\"StartAt\": \"Fetch\"",
            "\"Iterator\": {\"StartAt\": \"|\"",
        ));
        assert_eq!(labels(&items), ["Fetch"]);
    }

    #[test]
    fn a_missing_value_takes_a_quoted_state_name() {
        let marked = "{\"zis_template_version\": \"2019-10-14\", \"resources\": {\"f\": {\"type\": \"ZIS::Flow\", \"properties\": {\"definition\": {\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\",\n    \"Next\": |\n  },\n  \"B\": {\"Type\": \"Succeed\"}\n}}}}}}";
        let (text, items) = complete(marked);
        assert_eq!(labels(&items), ["A", "B"]);
        assert_eq!(items[1].edit.new_text, "\"B\"");
        assert!(accept(&text, &items[1]).contains("\"Next\": \"B\"\n"));
        // A bare word is what was typed of it.
        let (text, items) = complete(&marked.replace("\"Next\": |", "\"Next\": B|"));
        assert_eq!(labels(&items), ["B"]);
        assert_eq!(
            accept(&text, &items[0]),
            marked.replace("\"Next\": |", "\"Next\": \"B\"")
        );
    }

    const STATE: &str = "{\"zis_template_version\": \"2019-10-14\", \"resources\": {\"f\": {\"type\": \"ZIS::Flow\", \"properties\": {\"definition\": {\"StartAt\": \"A\", \"States\": {\n  \"A\": {\n    \"Type\": \"Pass\",\n    MEMBERS\n  }\n}}}}}}";

    fn state(members: &str) -> String {
        STATE.replace("MEMBERS", members)
    }

    #[test]
    fn keys_of_a_state_by_its_type() {
        let (text, items) = complete(&state("\"|"));
        assert_eq!(
            labels(&items),
            [
                "Comment",
                "Result",
                "ResultPath",
                "Next",
                "End",
                "InputPath",
                "OutputPath"
            ]
        );
        let end = find(&items, "End");
        assert_eq!(end.edit.new_text, "End\": ${1:true}");
        let undocumented = doc(&text, find(&items, "InputPath")).unwrap();
        assert!(
            undocumented.ends_with("ZIS does not document it."),
            "{undocumented}"
        );
        let (text, items) = complete(&state("\"Nex|"));
        assert_eq!(labels(&items), ["Next"]);
        let next = &items[0];
        assert_eq!(next.kind, CompletionKind::Field);
        assert_eq!(next.detail.as_deref(), Some("a state name"));
        assert_eq!(
            doc(&text, next).as_deref(),
            Some("The state to run after this one, in the same scope.")
        );
        assert!(next.snippet);
        assert_eq!(next.edit.new_text, "Next\": \"$1\"");
        assert_eq!(&text[next.edit.range.as_usize()], "Nex");
        assert_eq!(accept(&text, next), state("\"Next\": \"$1\""));

        let (text, items) = complete(&state("\"Type\": \"Action\", |"));
        assert_eq!(
            labels(&items),
            [
                "Comment",
                "ActionName",
                "Parameters",
                "ResultPath",
                "Catch",
                "TimeoutSeconds",
                "Next",
                "End",
                "InputPath",
                "OutputPath",
                "ResultSelector"
            ],
            "Type is there twice, the last one counts, and Retry is unsupported"
        );
        assert_eq!(
            doc(&text, find(&items, "ActionName"))
                .unwrap()
                .lines()
                .last(),
            Some("Required.")
        );
        assert_eq!(find(&items, "Catch").edit.new_text, "\"Catch\": [$1]");
        assert_eq!(
            find(&items, "Parameters").edit.new_text,
            "\"Parameters\": {$1}"
        );
        assert_eq!(
            find(&items, "TimeoutSeconds").edit.new_text,
            "\"TimeoutSeconds\": $1"
        );
    }

    #[test]
    fn new_keys_get_the_commas_around_them() {
        // A trailing comma: nothing to add.
        let (text, items) = complete(&state("|"));
        let next = find(&items, "Next");
        assert_eq!(accept(&text, next), state("\"Next\": \"$1\""));
        // After a member without a comma, and before another member.
        let marked = STATE.replace(
            "\"Type\": \"Pass\",\n    MEMBERS",
            "\"Type\": \"Pass\"\n    Ne|\n    \"Result\": 1",
        );
        let (text, items) = complete(&marked);
        assert!(!labels(&items).contains(&"Result"));
        let next = find(&items, "Next");
        assert_eq!(
            accept(&text, next),
            STATE.replace(
                "\"Type\": \"Pass\",\n    MEMBERS",
                "\"Type\": \"Pass\",\n    \"Next\": \"$1\",\n    \"Result\": 1"
            )
        );
        // A half-typed key before another member.
        let (text, items) = complete(&state("\"Res|\n    \"End\": true"));
        assert_eq!(
            accept(&text, find(&items, "ResultPath")),
            state("\"ResultPath\": \"$1\",\n    \"End\": true")
        );
        // A key with its quotes but no colon.
        let (text, items) = complete(&state("\"Comm|\""));
        assert_eq!(
            accept(&text, find(&items, "Comment")),
            state("\"Comment\": \"$1\"")
        );
    }

    #[test]
    fn renaming_a_key_changes_only_its_name() {
        let (text, items) = complete(&state("\"Nex|t\": \"A\""));
        let next = find(&items, "Next");
        assert!(!next.snippet);
        assert_eq!(accept(&text, next), state("\"Next\": \"A\""));
    }

    #[test]
    fn choice_rules_offer_operators_until_they_have_one() {
        let choice = |rule: &str| {
            format!("{{\"zis_template_version\": \"2019-10-14\", \"resources\": {{\"f\": {{\"type\": \"ZIS::Flow\", \"properties\": {{\"definition\": {{\"States\": {{\"C\": {{\"Type\": \"Choice\", \"Choices\": [{rule}]}}}}}}}}}}}}}}")
        };
        let (_, items) = complete(&choice("{\"Variable\": \"$.x\", |}"));
        let names = labels(&items);
        assert_eq!(names[..5], ["Next", "And", "Or", "Not", "Comment"]);
        assert!(names.contains(&"StringEquals") && names.contains(&"IsPresent"));
        assert!(
            names.contains(&"TimestampEqualsPath"),
            "undocumented, still offered"
        );
        assert!(!names.contains(&"StringMatches"), "unsupported");
        assert!(!names.contains(&"Variable"));
        let equals = find(&items, "StringEquals");
        assert_eq!(equals.kind, CompletionKind::Operator);
        assert_eq!(equals.edit.new_text, "\"StringEquals\": \"$1\"");
        assert_eq!(
            find(&items, "BooleanEquals").edit.new_text,
            "\"BooleanEquals\": ${1:true}"
        );
        assert_eq!(
            find(&items, "NumericEquals").edit.new_text,
            "\"NumericEquals\": $1"
        );

        let (_, items) = complete(&choice(
            "{\"Variable\": \"$.x\", \"StringEquals\": \"a\", |}",
        ));
        assert_eq!(labels(&items), ["Next", "And", "Or", "Not", "Comment"]);
        let (_, items) = complete(&choice(
            "{\"Not\": {\"Variable\": \"$.x\", \"IsNull\": true, |}}",
        ));
        assert_eq!(
            labels(&items),
            ["And", "Or", "Not", "Comment"],
            "a nested rule has no Next"
        );
    }

    #[test]
    fn keys_of_other_objects() {
        let (_, items) = complete(&in_bundle("\"ErrorEquals\": [\"States.ALL\"], ", "|"));
        assert_eq!(labels(&items), ["ErrorEquals", "ResultPath", "Comment"]);
        let (_, items) = complete(&in_bundle("\"method\": \"GET\", ", "|"));
        assert_eq!(
            labels(&items),
            [
                "method",
                "path",
                "connectionName",
                "headers",
                "queryParams",
                "query",
                "requestBody"
            ]
        );
        let (_, items) = complete(&in_bundle("\"name\": \"demo\",", "|"));
        assert_eq!(
            labels(&items),
            [
                "name",
                "description",
                "integration",
                "uuid",
                "zendesk_account_id"
            ]
        );
        let (_, items) = complete(&in_bundle("\"event_source\": \"support\",", "|"));
        assert_eq!(labels(&items), ["event_source", "description"]);
        let (_, items) = complete(&in_bundle("\"name\": \"main_flow\",", "|"));
        assert_eq!(labels(&items), ["name", "description"]);
    }

    #[test]
    fn enumerated_values() {
        let (_, items) = complete(&state("\"End\": |"));
        assert_eq!(labels(&items), ["true", "false"]);
        assert_eq!(items[0].edit.new_text, "true");
        let (_, items) = complete(&state("\"End\": \"|\""));
        assert!(items.is_empty(), "no boolean inside quotes");

        let (text, items) = complete(&in_bundle("\"Type\": \"Succeed\"", "\"Type\": \"|\""));
        assert_eq!(
            labels(&items),
            ["Action", "Choice", "Map", "Wait", "Pass", "Succeed", "Fail"]
        );
        assert_eq!(items[0].kind, CompletionKind::Type);
        assert_eq!(
            doc(&text, &items[0]).as_deref(),
            Some(StateType::Action.description())
        );
        assert_eq!(accept(&text, &items[5]), BUNDLE);

        let (_, items) = complete(&in_bundle(
            "\"type\": \"ZIS::JobSpec\"",
            "\"type\": \"ZIS::|\"",
        ));
        assert_eq!(
            labels(&items),
            ["ZIS::Flow", "ZIS::Action::Http", "ZIS::JobSpec"]
        );
        let (_, items) = complete(&in_bundle("\"method\": \"GET\"", "\"method\": \"|\""));
        assert_eq!(
            labels(&items),
            ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "PATCH", "TRACE"]
        );
        let (_, items) = complete(&in_bundle(
            "\"zis_template_version\": \"2019-10-14\"",
            "\"zis_template_version\": |",
        ));
        assert_eq!(labels(&items), ["2019-10-14"]);
        let (_, items) = complete(&in_bundle(
            "\"ErrorEquals\": [\"States.ALL\"]",
            "\"ErrorEquals\": [|]",
        ));
        assert_eq!(labels(&items), ["States.ALL"]);
        assert_eq!(items[0].edit.new_text, "\"States.ALL\"");
    }

    #[test]
    fn new_states_and_resources_as_snippets() {
        let marked = in_bundle(
            "\"Done\": {\"Type\": \"Succeed\"},",
            "|\n            \"Done\": {\"Type\": \"Succeed\"},",
        );
        let (text, items) = complete(&marked);
        assert_eq!(
            labels(&items),
            [
                "Action state",
                "Choice state",
                "Map state",
                "Wait state",
                "Pass state",
                "Succeed state",
                "Fail state"
            ]
        );
        let action = &items[0];
        assert_eq!(action.kind, CompletionKind::Snippet);
        assert_eq!(
            action.edit.new_text,
            "\"${1:Action}\": {\n              \"Type\": \"Action\",\n              \"ActionName\": \"$2\",\n              \"Next\": \"$3\"\n            },"
        );
        assert_eq!(
            items[2].edit.new_text,
            "\"${1:Map}\": {\n              \"Type\": \"Map\",\n              \"ItemsPath\": \"$2\",\n              \"Iterator\": {\n                \"StartAt\": \"$3\",\n                \"States\": {$4}\n              },\n              \"ResultPath\": \"$5\",\n              \"Next\": \"$6\"\n            },"
        );
        // After an opening quote, the snippet goes on from it.
        let quoted = in_bundle(
            "\"Done\": {\"Type\": \"Succeed\"},",
            "\"|\"\n            \"Done\": {\"Type\": \"Succeed\"},",
        );
        let (quoted_text, quoted_items) = complete(&quoted);
        let succeed = find(&quoted_items, "Succeed state");
        assert_eq!(
            succeed.edit.new_text,
            "${1:Succeed}\": {\n              \"Type\": \"Succeed\"\n            },"
        );
        assert_eq!(&quoted_text[succeed.edit.range.as_usize()], "\"");
        let wait = find(&quoted_items, "Wait state");
        assert!(
            wait.edit.new_text.contains("\"Seconds\": ${2:10},"),
            "{}",
            wait.edit.new_text
        );
        // Each one has every field its type requires.
        for item in &items {
            let out = expand(&accept(&text, item));
            let analysis = analyze(&out, &Config::default());
            let missing: Vec<_> = analysis
                .diagnostics
                .iter()
                .filter(|d| d.rule == Rule::MissingField)
                .collect();
            assert!(missing.is_empty(), "{}: {missing:?}", item.label);
        }

        let marked = in_bundle("\"job\": {", "|\n    \"job\": {");
        let (text, items) = complete(&marked);
        assert_eq!(
            labels(&items),
            ["ZIS::Flow", "ZIS::Action::Http", "ZIS::JobSpec"]
        );
        assert_eq!(items[0].detail.as_deref(), Some("new resource"));
        assert_eq!(
            items[0].edit.new_text,
            "\"${1:my_flow}\": {\n      \"type\": \"ZIS::Flow\",\n      \"properties\": {\n        \"name\": \"$1\",\n        \"definition\": {\n          \"StartAt\": \"$2\",\n          \"States\": {$0}\n        }\n      }\n    },"
        );
        for item in &items {
            let out = expand(&accept(&text, item));
            let analysis = analyze(&out, &Config::default());
            let missing: Vec<_> = analysis
                .diagnostics
                .iter()
                .filter(|d| d.rule == Rule::MissingField)
                .collect();
            assert!(missing.is_empty(), "{}: {missing:?}", item.label);
        }
    }

    #[test]
    fn nothing_where_nothing_is_known() {
        for (from, to) in [
            ("\"ItemsPath\": \"$.items\"", "\"ItemsPath\": \"$.|items\""),
            ("{\"ErrorEquals\"", "{\"ErrorEquals\"|"),
            ("\"url\": \"https://example.com\"", "\"url\": \"https://|\""),
        ] {
            let (_, items) = complete(&in_bundle(from, to));
            assert!(items.is_empty(), "{to}: {:?}", labels(&items));
        }
        let (_, items) = complete("{\"Parameters\": {|}}");
        assert!(items.iter().all(|item| item.label != "Next"));
        let (_, items) = complete(&in_bundle("\"Catch\": [", "\"Catch\": [|"));
        assert!(items.is_empty());
        assert!(complete("|").1.is_empty());
    }

    /// The list at the `|` of `marked` with at most `limit` items.
    fn complete_list(marked: &str, limit: usize) -> Completions {
        let offset = marked.find('|').expect("a cursor mark");
        let text = marked.replacen('|', "", 1);
        completion_list(
            &analyze(&text, &Config::default()),
            &text,
            offset as u32,
            limit,
        )
    }

    /// A flow whose states are named `names`.
    fn flow_of(names: &[&str]) -> String {
        let states: Vec<String> = names
            .iter()
            .map(|name| format!("\"{name}\": {{\"Type\": \"Succeed\"}}"))
            .collect();
        format!(
            "{{\"zis_template_version\": \"2019-10-14\", \"resources\": {{\"f\": {{\"type\": \"ZIS::Flow\", \"properties\": {{\"definition\": {{\"StartAt\": \"NEXT\", \"States\": {{{}}}}}}}}}}}}}",
            states.join(", ")
        )
    }

    #[test]
    fn what_was_typed_filters_as_editors_do() {
        let names = [
            "PostFailed",
            "failovers",
            "Fetch",
            "Faucet",
            "FilterAll",
            "ΟΔΟΣ",
            "Done",
        ];
        let flow = flow_of(&names);
        let typed = |typed: &str| {
            let list = complete_list(&flow.replace("NEXT", &format!("{typed}|")), usize::MAX);
            let labels: Vec<String> = list.items.iter().map(|i| i.label.clone()).collect();
            (labels, list.incomplete)
        };
        let (all, incomplete) = typed("");
        assert_eq!(all, names);
        assert!(!incomplete, "nothing typed, nothing left out");
        // A subsequence of the label, in any case.
        assert_eq!(
            typed("fa"),
            (
                vec![
                    "PostFailed".into(),
                    "failovers".into(),
                    "Faucet".into(),
                    "FilterAll".into()
                ],
                true
            )
        );
        assert_eq!(typed("FAIL").0, ["PostFailed", "failovers", "FilterAll"]);
        // One swap of neighbouring characters within the first eight, as VS Code forgives.
        assert_eq!(typed("fial").0, ["PostFailed", "failovers", "FilterAll"]);
        assert_eq!(typed("Fecth").0, ["Fetch"]);
        assert_eq!(typed("failovres").0, ["failovers"]);
        assert!(typed("failovesr").0.is_empty(), "the 8th and the 9th");
        assert!(typed("eftch").0.contains(&"Fetch".to_string()));
        // Leading blanks are not part of the word; Greek compares in lower case, final sigma too.
        assert_eq!(typed("  Don").0, ["Done"]);
        assert_eq!(typed("οδος").0, ["ΟΔΟΣ"]);
        assert_eq!(typed("οδοσ").0, ["ΟΔΟΣ"]);
        // What every label matches leaves the list complete.
        let marked = in_bundle("\"type\": \"ZIS::JobSpec\"", "\"type\": \"zis::|\"");
        let list = complete_list(&marked, usize::MAX);
        assert_eq!(
            labels(&list.items),
            ["ZIS::Flow", "ZIS::Action::Http", "ZIS::JobSpec"]
        );
        assert!(!list.incomplete);
    }

    #[test]
    fn only_the_first_128_utf16_units_typed_count() {
        let long = "a".repeat(127);
        let flow = flow_of(&[&format!("{long}b"), "zz"]);
        // VS Code reads 128 units of the word: what is typed past them cannot rule a label out.
        let marked = flow.replace("NEXT", &format!("{long}bxyz|"));
        let list = complete_list(&marked, usize::MAX);
        assert_eq!(list.items.len(), 1);
        assert_eq!(list.items[0].label, format!("{long}b"));
        let marked = flow.replace("NEXT", &format!("{long}cxyz|"));
        assert!(complete_list(&marked, usize::MAX).items.is_empty());
    }

    #[test]
    fn past_the_limit_prefix_matches_come_first_in_their_order() {
        let flow = flow_of(&["AfterX", "Xa", "Bx", "Xb", "Xc", "Done"]);
        let list = complete_list(&flow.replace("NEXT", "x|"), 3);
        assert!(list.incomplete);
        let labels: Vec<&str> = list.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["Xa", "Xb", "Xc"]);
        let list = complete_list(&flow.replace("NEXT", "x|"), 4);
        let labels: Vec<&str> = list.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["AfterX", "Xa", "Xb", "Xc"]);
        let list = complete_list(&flow.replace("NEXT", "|"), 6);
        assert!(!list.incomplete, "exactly the limit");
        assert!(complete_list(&flow.replace("NEXT", "|"), 5).incomplete);
    }

    #[test]
    fn a_state_name_given_twice_is_offered_once() {
        let flow = flow_of(&["A", "B", "A"]);
        let list = complete_list(&flow.replace("NEXT", "|"), usize::MAX);
        assert_eq!(labels(&list.items), ["A", "B"]);
    }

    #[test]
    fn topics_read_back_from_their_text_form() {
        let mut kinds = vec![
            ObjectKind::Bundle,
            ObjectKind::Resource,
            ObjectKind::FlowProperties,
            ObjectKind::ActionProperties,
            ObjectKind::JobSpecProperties,
            ObjectKind::FlowDefinition,
            ObjectKind::Iterator,
            ObjectKind::State(None),
            ObjectKind::ChoiceRule { top_level: true },
            ObjectKind::ChoiceRule { top_level: false },
            ObjectKind::Catch,
            ObjectKind::ActionDefinition,
            ObjectKind::KeyValue,
        ];
        kinds.extend(StateType::ALL.map(|ty| ObjectKind::State(Some(ty))));
        let mut topics: Vec<Topic> = kinds
            .into_iter()
            .filter_map(|kind| Some(Topic::Field(kind, fields(kind).first()?.name)))
            .collect();
        topics.extend([
            Topic::Field(ObjectKind::ChoiceRule { top_level: true }, "StringEquals"),
            Topic::EventSource("support"),
            Topic::Event {
                source: "sunshine",
                name: "activity.UserActivityCreated",
            },
            Topic::Action("a:b c".to_string()),
            Topic::Flow(String::new()),
            Topic::Builtin("zis:common:transform:Jq"),
            Topic::StateType(StateType::Map),
            Topic::ResourceType(ResourceType::JobSpec),
            Topic::AnyError,
        ]);
        assert_eq!(topics.len(), 13 + 7 + 9);
        for topic in topics {
            assert_eq!(
                Topic::parse(&topic.encode()),
                Some(topic.clone()),
                "{topic:?}"
            );
        }
        for unknown in [
            "",
            "source:tsanet",
            "event:support:ticket.Nope",
            "event:support",
            "builtin:zis:common:action:Nope",
            "state:Task",
            "resource:ZIS::Nope",
            "field:state.Task:Next",
            "field:rule:Nope",
            "field:nowhere:Next",
            "nonsense:x",
        ] {
            assert_eq!(Topic::parse(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn documentation_of_a_resource_that_is_gone() {
        let analysis = analyze(BUNDLE, &Config::default());
        let fetch = Topic::Action("fetch".to_string());
        assert!(documentation(&analysis, &fetch).is_some());
        assert_eq!(
            documentation(&analysis, &Topic::Action("gone".to_string())),
            None
        );
        assert_eq!(
            documentation(&analysis, &Topic::Flow("fetch".to_string())),
            None
        );
    }
}
