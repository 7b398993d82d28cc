//! Keys the object at the cursor may still take.

use std::borrow::Cow;
use std::collections::HashSet;

use zis_syntax::{Member, Object, Str, TextRange};

use crate::builtins::{Builtin, Param, ParamType};
use crate::diagnostic::Edit;
use crate::ide::cursor::{colon_after, Cursor, Node};
use crate::ide::hover::called_built_in;
use crate::schema::{fields, lookup, operators, ObjectKind, Support};

use super::matching::Picker;
use super::snippets::{resource_snippets, snippet_escape, state_snippets, value_snippet};
use super::topic::Topic;
use super::values::{escape, item};
use super::{CompletionItem, CompletionKind, Completions};

/// How a key is written at the cursor.
pub(super) struct KeySlot {
    pub(super) range: TextRange,
    /// Whether the key's opening quote is typed.
    pub(super) quoted: bool,
    /// Whether the key already has its colon, so that only the name changes.
    pub(super) name_only: bool,
    /// Whether another member follows without a comma.
    pub(super) comma_after: bool,
    /// Where the member before needs a comma.
    pub(super) comma_before: Option<u32>,
}

impl KeySlot {
    /// On a key literal: `"Nex` at the end of its line, `"Nex"` without a colon, or a key being
    /// renamed.
    pub(super) fn on_key(text: &str, key: &Str, offset: u32) -> KeySlot {
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
    pub(super) fn new(text: &str, word: TextRange) -> KeySlot {
        KeySlot {
            range: word,
            quoted: false,
            name_only: false,
            comma_after: member_follows(text, word.end),
            comma_before: comma_before(text, word.start),
        }
    }

    /// A whole member, as a snippet: `key` and `value` are snippet text.
    pub(super) fn member(&self, key: &str, value: &str) -> (Edit, Vec<Edit>) {
        let open = if self.quoted { "" } else { "\"" };
        let comma = if self.comma_after { "," } else { "" };
        let edit = Edit::replace(self.range, format!("{open}{key}\": {value}{comma}"));
        let before = self.comma_before.map(|at| Edit::insert(at, ","));
        (edit, before.into_iter().collect())
    }
}

/// Whether the next thing after `at` is another member's key.
pub(super) fn member_follows(text: &str, at: u32) -> bool {
    text.get(at as usize..)
        .is_some_and(|rest| rest.trim_start().starts_with('"'))
}

/// Where a comma goes when the member before `at` ends without one.
pub(super) fn comma_before(text: &str, at: u32) -> Option<u32> {
    let before = text.get(..at as usize)?.trim_end();
    let last = before.bytes().last()?;
    (!b"{[,:".contains(&last)).then_some(before.len() as u32)
}

pub(super) fn key_completions(
    text: &str,
    cursor: &Cursor,
    current: Option<&Member>,
    slot: &KeySlot,
    picker: &Picker,
) -> Completions {
    let frame = cursor.frame();
    match frame.node {
        Node::Known(kind) => field_completions(kind, frame.object, current, slot, picker),
        Node::Other => match called_built_in(cursor) {
            Some(builtin) => parameter_completions(builtin, frame.object, current, slot, picker),
            None => Completions::default(),
        },
        // A state or resource snippet writes a whole member: not while renaming a key.
        Node::States if !slot.name_only => state_snippets(text, slot, picker),
        Node::Resources if !slot.name_only => resource_snippets(text, slot, picker),
        _ => Completions::default(),
    }
}

/// The parameters of a built-in that its call's `Parameters` do not pass yet, required ones
/// first.
fn parameter_completions(
    builtin: &'static Builtin,
    parameters: &Object,
    current: Option<&Member>,
    slot: &KeySlot,
    picker: &Picker,
) -> Completions {
    let passed = |name: &str| {
        parameters.members.iter().any(|member| {
            !current.is_some_and(|current| std::ptr::eq(member, current))
                && member
                    .key
                    .value
                    .strip_suffix(".$")
                    .unwrap_or(&member.key.value)
                    == name
        })
    };
    let mut params: Vec<&Param> = builtin.params.iter().filter(|p| !passed(p.name)).collect();
    params.sort_by_key(|param| !param.required);
    let candidates = params
        .into_iter()
        .map(|param| (Cow::Borrowed(param.name), param));
    picker.pick(candidates, |label, param| {
        let topic = Some(Topic::Builtin(builtin.reference));
        let detail = Some(if param.required {
            "required parameter"
        } else {
            "parameter"
        });
        if slot.name_only {
            let edit = Edit::replace(slot.range, escape(param.name));
            return item(label, CompletionKind::Field, detail, topic, edit);
        }
        let value = match param.ty {
            ParamType::Integer => "${1:0}",
            ParamType::Object => "{$1}",
            ParamType::String | ParamType::Any => "\"$1\"",
        };
        let (edit, additional_edits) = slot.member(&snippet_escape(&escape(param.name)), value);
        CompletionItem {
            snippet: true,
            additional_edits,
            ..item(label, CompletionKind::Field, detail, topic, edit)
        }
    })
}

/// The keys `kind` takes that `object` does not hold yet, in the schema's order; for a Choice
/// rule, its operators too while it has none.
pub(super) fn field_completions(
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
