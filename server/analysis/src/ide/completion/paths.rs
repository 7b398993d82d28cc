//! Names inside a path being typed in a string (a `.$` value, a path field, a `{{$…}}`
//! placeholder): the keys a flow starts with and the names its states write, then, under
//! `$.input`, the payload keys and fields of the events that start the flow.

use std::borrow::Cow;
use std::collections::BTreeSet;

use zis_syntax::{Str, TextRange};

use crate::diagnostic::Edit;
use crate::ide::paths::{flow_payloads, state_around, STARTING_KEYS};
use crate::payload::Shape;
use crate::View;

use super::matching::{Pattern, Picker};
use super::topic::Topic;
use super::values::item;
use super::{CompletionKind, Completions};

/// The names that may follow the path typed up to `offset` inside `value`; `None` when the
/// cursor is not after a `$.`-path of plain names.
pub(super) fn path_completions(
    view: View,
    text: &str,
    value: &Str,
    offset: u32,
    limit: usize,
) -> Option<Completions> {
    let typed = PathTyped::at(text, value, offset)?;
    let state = state_around(view, offset)?;
    let scope = view.model.scope(state.scope);
    // Inside a Map iteration `$` is the item, whose shape is not known.
    if scope.parent.is_some() {
        return None;
    }
    let candidates = match typed.parents.as_slice() {
        [] => {
            let mut names: BTreeSet<String> = scope
                .states
                .iter()
                .filter_map(|state| state.object.get_str("ResultPath"))
                .filter_map(|path| {
                    let name = path.value.strip_prefix("$.")?;
                    let name = name.split(['.', '[']).next()?;
                    (!name.is_empty()).then(|| name.to_string())
                })
                .collect();
            names.retain(|name| !STARTING_KEYS.contains(&name.as_str()));
            let starting = STARTING_KEYS.iter().map(|&key| {
                let topic = Some(Topic::FlowInput(key));
                (key.to_string(), topic, "flow input".to_string())
            });
            let written = names
                .into_iter()
                .map(|name| (name, None, "written by a state".to_string()));
            starting.chain(written).collect::<Vec<_>>()
        }
        ["input"] => {
            let mut keys: Vec<(String, Option<Topic>, String)> = Vec::new();
            for payload in flow_payloads(view, scope.resource) {
                let key = payload.family.payload_key.clone();
                if !keys.iter().any(|(known, ..)| *known == key) {
                    let detail = format!("`{}.*` event payload", payload.family.prefix);
                    keys.push((key.clone(), Some(Topic::Payload(key)), detail));
                }
            }
            keys
        }
        ["input", key, fields @ ..] => {
            let mut found: Vec<(String, Option<Topic>, String)> = Vec::new();
            for payload in flow_payloads(view, scope.resource) {
                if payload.family.payload_key != *key {
                    continue;
                }
                let children: Vec<(&str, &Shape)> = match fields.split_first() {
                    None => payload.fields().collect(),
                    Some((first, rest)) => {
                        let Some(shape) = payload.field(first).and_then(|shape| {
                            rest.iter().try_fold(shape, |shape, name| shape.field(name))
                        }) else {
                            continue;
                        };
                        shape.fields().collect()
                    }
                };
                for (name, shape) in children {
                    if found.iter().any(|(known, ..)| known == name) {
                        continue;
                    }
                    let path: Vec<&str> = fields.iter().copied().chain([name]).collect();
                    let topic = Topic::Payload(format!("{key}.{}", path.join(".")));
                    found.push((name.to_string(), Some(topic), shape.type_name()));
                }
            }
            found
        }
        _ => return None,
    };
    let picker = Picker {
        pattern: Pattern::new(typed.partial),
        limit,
    };
    Some(
        picker.pick(
            candidates
                .into_iter()
                .map(|(name, topic, detail)| (Cow::Owned(name), (topic, detail))),
            |label, (topic, detail)| {
                let edit = Edit::replace(typed.name, label.as_str());
                item(label, CompletionKind::Field, Some(&detail), topic, edit)
            },
        ),
    )
}

/// A path of plain names typed before the cursor: `$.input.ticket_event.ti`.
struct PathTyped<'a> {
    /// The names before the one being typed: `["input", "ticket_event"]`.
    parents: Vec<&'a str>,
    /// What was typed of the name, up to the cursor.
    partial: &'a str,
    /// The source range of the name being typed, through the end of the name the cursor is in.
    name: TextRange,
}

impl<'a> PathTyped<'a> {
    fn at(text: &'a str, value: &Str, offset: u32) -> Option<PathTyped<'a>> {
        let inner = value.inner_range();
        if offset < inner.start || offset > inner.end {
            return None;
        }
        let before = text.get(inner.start as usize..offset as usize)?;
        // Escapes would move decoded offsets away from the source ones.
        if before.contains('\\') {
            return None;
        }
        let start = path_start(before)?;
        let path = &before[start..];
        let rest = path.strip_prefix("$.")?;
        let names: Vec<&str> = rest.split('.').collect();
        let (partial, parents) = names.split_last()?;
        let plain = |name: &str| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !parents.iter().all(|name| !name.is_empty() && plain(name)) || !plain(partial) {
            return None;
        }
        let after = text.get(offset as usize..inner.end as usize)?;
        let tail = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        Some(PathTyped {
            parents: parents.to_vec(),
            partial,
            name: TextRange::new(offset - partial.len() as u32, offset + tail as u32),
        })
    }
}

/// Where the path the cursor is in starts: the string itself when it is a path, or the `$`
/// opening the last `{{` placeholder before the cursor that is still open.
fn path_start(before: &str) -> Option<usize> {
    if before.starts_with('$') && !before.contains("{{") {
        return Some(0);
    }
    let open = before.rfind("{{")?;
    if before[open..].contains("}}") {
        return None;
    }
    let inside = &before[open + 2..];
    let skipped = inside.len() - inside.trim_start().len();
    let start = open + 2 + skipped;
    before[start..].starts_with('$').then_some(start)
}
