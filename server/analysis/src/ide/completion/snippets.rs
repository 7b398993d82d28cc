//! Snippets: whole new states and resources, laid out like the text around them.

use std::borrow::Cow;

use crate::model::ResourceType;
use crate::schema::{fields, FieldType, ObjectKind, StateType};

use super::keys::KeySlot;
use super::matching::Picker;
use super::topic::Topic;
use super::values::item;
use super::{CompletionItem, CompletionKind, Completions};

/// A value of type `ty` with tab stop `stop` where it is to be typed.
pub(super) fn value_snippet(ty: FieldType, stop: u32) -> String {
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
pub(super) fn snippet_escape(text: &str) -> String {
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
pub(super) enum Template {
    /// Written as is, on one line.
    Text(String),
    Object(Vec<(&'static str, Template)>),
}

/// Lays out `template` for a member whose key starts a line indented with `indent`.
pub(super) fn layout(template: &Template, indent: &str, unit: &str, out: &mut String) {
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
pub(super) fn indentation(text: &str, at: u32) -> (&str, &'static str) {
    let before = text.get(..at as usize).unwrap_or(text);
    let line = &before[before.rfind('\n').map_or(0, |newline| newline + 1)..];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    (indent, if indent.contains('\t') { "\t" } else { "  " })
}

/// A new member `"<name>": {…}`, its name the first tab stop.
pub(super) fn snippet_item(
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
pub(super) fn state_snippets(text: &str, slot: &KeySlot, picker: &Picker) -> Completions {
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
pub(super) fn resource_snippets(text: &str, slot: &KeySlot, picker: &Picker) -> Completions {
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
