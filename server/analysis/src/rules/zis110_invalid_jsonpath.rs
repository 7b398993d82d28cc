//! # ZIS110 invalid-jsonpath
//!
//! ## What it checks
//! A path that does not parse: the value of a key ending in `.$` (in `Parameters`, `Result`,
//! an action's `url.$`, `path.$`, `requestBody` or header `value.$` …), `Variable`,
//! `ResultPath`, `ItemsPath`, `SecondsPath`, `InputPath`, `OutputPath` or a `…Path` Choice
//! operator; or a `{{$…}}` placeholder that does not parse, in any string of a state or an
//! action definition. The finding points at the character where the path goes wrong; when
//! something is missing at the end (`$.tickets[0`), at the last character before the gap.
//!
//! A `.$` value that is not a path at all (`"status.$": "open"`) is ZIS113's; an intrinsic
//! function (`States.Format(…)`) is ZIS008's. Not read for placeholders: a `Comment`, an
//! `ActionName` (where `{{…}}` is a deploy-time template token, ZIS404) and the `expr` of a
//! `zis:common:transform:Jq` call, which is a jq program.
//!
//! ## Why
//! ZIS evaluates paths only when the state runs: a broken path fails the flow then, or a broken
//! placeholder is sent as literal text to the API it calls.
//!
//! ## Example
//! ```json
//! "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.[id" },
//! "ResultPath": "$.ticket."
//! ```
//! Valid paths:
//! ```json
//! "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.id" },
//! "ResultPath": "$.ticket"
//! ```
//!
//! ## Fix
//! Correct the path at the character shown: names follow a `.` (`$.ticket.id`), indices and
//! quoted names go in brackets (`$.tickets[0]`, `$['custom field']`), and every `[`, `(` and
//! `{{` is closed.

use std::collections::HashSet;
use std::ops::Range;

use zis_jsonpath::{parse, placeholders, PathError};
use zis_syntax::{Member, Object, Str, TextRange, Value};

use super::{Context, Report};
use crate::model::Bundle;
use crate::schema::{lookup, FieldType, ObjectKind};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for site in path_sites(ctx.model) {
        let Value::String(string) = site.value else {
            continue;
        };
        let key = &site.key.value;
        match site.kind {
            SiteKind::Field { .. } => {
                if let Err(error) = parse(&string.value) {
                    invalid_path(ctx, report, key, string, &error);
                }
            }
            SiteKind::Suffixed => {
                let Err(error) = parse(&string.value) else {
                    continue;
                };
                if contains_placeholder(&string.value) {
                    invalid_placeholders(ctx, report, key, string);
                } else if string.value.trim_start().starts_with('$') {
                    invalid_path(ctx, report, key, string, &error);
                }
            }
            SiteKind::Text => invalid_placeholders(ctx, report, key, string),
        }
    }
}

fn invalid_path(ctx: &Context, report: &mut Report, key: &str, string: &Str, error: &PathError) {
    report.add(
        visible_range(ctx.text, string, error.range.clone()),
        format!("invalid path in `{key}`: {}", error.message),
    );
}

fn invalid_placeholders(ctx: &Context, report: &mut Report, key: &str, string: &Str) {
    for placeholder in placeholders(&string.value) {
        let Err(error) = placeholder.result else {
            continue;
        };
        let whole = &string.value[placeholder.range];
        let placeholder = quoted(whole).map_or_else(String::new, |q| format!(" {q}"));
        let message = if whole.ends_with("}}") {
            format!(
                "invalid path in placeholder{placeholder} of `{key}`: {}",
                error.message
            )
        } else {
            format!("unclosed placeholder{placeholder} in `{key}`: expected `}}}}`")
        };
        report.add(visible_range(ctx.text, string, error.range), message);
    }
}

/// The document range of `decoded` (a range of the string's value), widened when empty so that
/// an editor shows it: to the last character before the gap, or to the whole literal when the
/// value is empty.
pub(super) fn visible_range(text: &str, string: &Str, decoded: Range<usize>) -> TextRange {
    if !decoded.is_empty() {
        return string.source_range(text, decoded);
    }
    let end = decoded.start.min(string.value.len());
    match string
        .value
        .get(..end)
        .and_then(|before| before.chars().next_back())
    {
        Some(last) => string.source_range(text, end - last.len_utf8()..end),
        None => string.range,
    }
}

/// Text in backquotes for a message, unless it is too long or spans lines: messages stay on
/// one line.
pub(super) fn quoted(text: &str) -> Option<String> {
    (text.chars().count() <= 40 && !text.contains(['\n', '\r'])).then(|| format!("`{text}`"))
}

/// Whether a string holds a `{{$…}}` placeholder, well-formed or not.
pub(super) fn contains_placeholder(text: &str) -> bool {
    !placeholders(text).is_empty()
}

/// How ZIS reads a [`Site`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SiteKind {
    /// The value of a key ending in `.$`: a path, or a string with placeholders.
    Suffixed,
    /// A field whose value is a path; `single` when it must name one node (a reference path).
    Field { single: bool },
    /// Any other string: only its `{{$…}}` placeholders are read.
    Text,
}

/// A value that ZIS reads as a path or scans for placeholders.
pub(super) struct Site<'a> {
    pub kind: SiteKind,
    /// The member's key; for an item of an array, the key of the array.
    pub key: &'a Str,
    /// A string, except for [`SiteKind::Suffixed`], whose value may have any type.
    pub value: &'a Value,
    /// The object the member belongs to; `None` for an item of an array.
    pub parent: Option<&'a Object>,
}

/// Every path and every string that may hold placeholders, in states and action definitions.
/// Job specs, resource properties and the bundle's own fields are plain data.
pub(super) fn path_sites(model: &Bundle) -> Vec<Site<'_>> {
    let mut walker = Walker {
        // Typed objects nested in others (a Map's iterator, Choice rules, Catch handlers,
        // headers) are visited on their own, with their own schema.
        typed: model
            .objects
            .iter()
            .map(|typed| &*typed.object as *const Object)
            .collect(),
        sites: Vec::new(),
    };
    for typed in &model.objects {
        if matches!(
            typed.kind,
            ObjectKind::State(_)
                | ObjectKind::ChoiceRule { .. }
                | ObjectKind::Catch
                | ObjectKind::ActionDefinition
                | ObjectKind::KeyValue
        ) {
            walker.schema_object(typed.kind, &typed.object);
        }
    }
    walker.sites
}

/// Whether an Action state calls the Jq transform, whose `expr` parameter is a jq program:
/// jq's `$name` variables are neither paths nor placeholders.
pub(super) fn calls_jq(state: &Object) -> bool {
    state
        .get_str("ActionName")
        .is_some_and(|name| name.value == "zis:common:transform:Jq")
}

struct Walker<'a> {
    typed: HashSet<*const Object>,
    sites: Vec<Site<'a>>,
}

impl<'a> Walker<'a> {
    fn schema_object(&mut self, kind: ObjectKind, object: &'a Object) {
        let jq = matches!(kind, ObjectKind::State(_)) && calls_jq(object);
        for member in &object.members {
            let Some(value) = &member.value else { continue };
            let key = &member.key;
            let name = key.value.as_str();
            let site = |site_kind| Site {
                kind: site_kind,
                key,
                value,
                parent: Some(object),
            };
            if name.ends_with(".$") {
                // A `.$` key the schema does not know is ZIS005's.
                if lookup(kind, name).is_some() {
                    self.sites.push(site(SiteKind::Suffixed));
                }
                continue;
            }
            match lookup(kind, name).map(|spec| spec.ty) {
                Some(FieldType::ReferencePath | FieldType::ResultPath) => {
                    if value.as_str().is_some() {
                        // ASL takes any path in `InputPath` and `OutputPath`.
                        let single = !matches!(name, "InputPath" | "OutputPath");
                        self.sites.push(site(SiteKind::Field { single }));
                    }
                }
                // Notes, and references whose `{{…}}` are deploy-time template tokens (ZIS404).
                _ if matches!(name, "Comment" | "ActionName") => {}
                _ if jq && name == "Parameters" => {
                    if let Value::Object(parameters) = value {
                        for member in parameters.members.iter().filter(|m| m.key.value != "expr") {
                            self.free_member(member, parameters);
                        }
                    }
                }
                _ => self.free(value, key, None),
            }
        }
    }

    /// A value of free-form data (`Parameters`, `requestBody`, `Result` …) or of a field with
    /// no path meaning.
    fn free(&mut self, value: &'a Value, key: &'a Str, parent: Option<&'a Object>) {
        match value {
            Value::String(_) => self.sites.push(Site {
                kind: SiteKind::Text,
                key,
                value,
                parent,
            }),
            Value::Object(object) => {
                if self.typed.contains(&(&**object as *const Object)) {
                    return;
                }
                for member in &object.members {
                    self.free_member(member, object);
                }
            }
            Value::Array(array) => {
                for item in &array.items {
                    self.free(item, key, None);
                }
            }
            _ => {}
        }
    }

    fn free_member(&mut self, member: &'a Member, object: &'a Object) {
        let Some(value) = &member.value else { return };
        if member.key.value.ends_with(".$") {
            self.sites.push(Site {
                kind: SiteKind::Suffixed,
                key: &member.key,
                value,
                parent: Some(object),
            });
        } else {
            self.free(value, &member.key, Some(object));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Config};

    /// The ZIS110 findings for a flow with these states, as the text they point at.
    fn findings(states: &str) -> Vec<String> {
        let text = format!(
            r#"{{"name": "t", "zis_template_version": "2019-10-14", "resources": {{
                "flow": {{"type": "ZIS::Flow", "properties": {{"name": "f",
                    "definition": {{"StartAt": "A", "States": {states}}}}}}},
                "job": {{"type": "ZIS::JobSpec", "properties": {{"name": "j",
                    "event_source": "support", "event_type": "ticket.TicketCreated",
                    "flow_name": "zis:acme:flow:f", "description": "{{{{$.a[}}}}"}}}}}}}}"#
        );
        analyze(&text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.rule.code() == "ZIS110")
            .map(|d| text[d.range.as_usize()].to_string())
            .collect()
    }

    #[test]
    fn iterator_states_are_checked_once() {
        let states = r#"{"A": {"Type": "Map", "ItemsPath": "$.items", "End": true,
            "Iterator": {"StartAt": "B", "States": {
                "B": {"Type": "Succeed", "Message": "{{$.x[}}"}}}}}"#;
        assert_eq!(findings(states), ["["]);
    }

    #[test]
    fn comments_references_and_jq_programs_hold_no_placeholders() {
        let states = r#"{"A": {"Type": "Action", "Comment": "see {{$.x[}}",
            "ActionName": "zis:{{$INTEGRATION}}:action:notify", "End": true}}"#;
        assert!(findings(states).is_empty());
        let states = r#"{"A": {"Type": "Action", "ActionName": "zis:common:transform:Jq",
            "Parameters": {"expr": "{{$x}}", "data.$": "$", "note": "{{$x}}"}, "End": true}}"#;
        assert_eq!(findings(states), ["x"]);
    }

    #[test]
    fn choice_rules_are_checked_at_every_depth() {
        let states = r#"{"A": {"Type": "Choice", "Default": "B", "Choices": [
            {"Not": {"Variable": "$.a.", "IsPresent": true}, "Next": "B"},
            {"Or": [{"Variable": "$.b", "StringEqualsPath": "$['c"}], "Next": "B"}]},
            "B": {"Type": "Succeed"}}"#;
        assert_eq!(findings(states), [".", "c"]);
    }
}
