//! Values: event sources and types, references, state names, enumerated values.

use std::borrow::Cow;
use std::collections::HashSet;

use zis_syntax::{Str, TextRange};

use crate::builtins::{builtins, Builtin};
use crate::catalog::catalog;
use crate::diagnostic::Edit;
use crate::edit::json_escape;
use crate::ide::cursor::{Cursor, Node};
use crate::ide::hover::builtin_noun;
use crate::model::ResourceType;
use crate::reference::IntegrationKey;
use crate::schema::{lookup, FieldType, ObjectKind, StateType, RESOURCE_TYPES};
use crate::View;

use super::matching::Picker;
use super::snippets::snippet_escape;
use super::topic::Topic;
use super::{CompletionItem, CompletionKind, Completions};

/// How a value is written at the cursor.
pub(super) enum Slot {
    /// Inside a string: the content to replace, and whether the closing quote is missing.
    InString {
        range: TextRange,
        unterminated: bool,
    },
    /// Outside quotes: the bare word typed so far.
    Bare(TextRange),
}

impl Slot {
    pub(super) fn in_string(literal: &Str, offset: u32) -> Slot {
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

    pub(super) fn range(&self) -> TextRange {
        match *self {
            Slot::InString { range, .. } | Slot::Bare(range) => range,
        }
    }

    /// A string value whose content is already escaped (for JSON, and for snippets if it is one).
    pub(super) fn string(&self, content: &str) -> Edit {
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
pub(super) fn escape(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        Cow::Owned(json_escape(text))
    } else {
        Cow::Borrowed(text)
    }
}

pub(super) fn item(
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
pub(super) fn string_item(
    slot: &Slot,
    value: String,
    kind: CompletionKind,
    detail: Option<&str>,
    topic: Option<Topic>,
) -> CompletionItem {
    let edit = slot.string(&escape(&value));
    item(value, kind, detail, topic, edit)
}

pub(super) fn value_completions(
    view: View,
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
            reference_completions(view, ResourceType::Flow, &[], slot, picker)
        }
        (ObjectKind::State(_), "ActionName") => {
            reference_completions(view, ResourceType::Action, builtins(), slot, picker)
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
pub(super) fn event_completions(source: Option<&Str>, slot: &Slot, picker: &Picker) -> Completions {
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
pub(super) enum Target<'a> {
    Resource(&'a str),
    Builtin(&'static Builtin),
}

/// This bundle's custom actions or flows as full references, with the integration key the bundle
/// uses (while none is known, the key is a tab stop to fill in), then `builtins`.
pub(super) fn reference_completions(
    view: View,
    ty: ResourceType,
    builtins: &'static [Builtin],
    slot: &Slot,
    picker: &Picker,
) -> Completions {
    let (table, keyword, kind) = match ty {
        ResourceType::Flow => (&view.index.flows, "flow", CompletionKind::Flow),
        _ => (&view.index.actions, "action", CompletionKind::Action),
    };
    let mut named: Vec<_> = table
        .iter()
        .filter_map(|(name, ids)| Some((name.as_str(), *ids.first()?)))
        .collect();
    named.sort_unstable_by_key(|&(_, id)| id);
    let integration = integration_key(view);
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
pub(super) fn integration_key<'a>(view: View<'a>) -> Option<&'a str> {
    if let Some(integration) = &view.index.integration {
        return Some(&integration.key);
    }
    view.index.references.iter().find_map(|site| {
        let reference = site.parsed.as_ref().ok()?;
        matches!(reference.integration_status, IntegrationKey::Template(_))
            .then_some(reference.integration.text.as_str())
    })
}

/// The states of the scope around the cursor, each with its type.
pub(super) fn state_completions(cursor: &Cursor, slot: &Slot, picker: &Picker) -> Completions {
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

pub(super) fn item_completions(
    cursor: &Cursor,
    key: &str,
    slot: &Slot,
    picker: &Picker,
) -> Completions {
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
