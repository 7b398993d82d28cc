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
//! ```json state bad
//! "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.[id" },
//! "ResultPath": "$.ticket."
//! ```
//! Valid paths:
//! ```json state good
//! "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.id" },
//! "ResultPath": "$.ticket"
//! ```
//!
//! ## Fix
//! Correct the path at the character shown: names follow a `.` (`$.ticket.id`), indices and
//! quoted names go in brackets (`$.tickets[0]`, `$['custom field']`), and every `[`, `(` and
//! `{{` is closed.

use std::ops::Range;

use zis_jsonpath::{PathError, Placeholder};
use zis_syntax::{Str, TextRange, Value};

use super::path_sites::SiteKind;
use super::{Context, Report};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for site in ctx.path_sites() {
        let Value::String(string) = site.value else {
            continue;
        };
        let key = &site.key.value;
        let Some(Err(error)) = site.path() else {
            if site.kind == SiteKind::Text {
                invalid_placeholders(ctx, report, key, string, site.placeholders());
            }
            continue;
        };
        if site.kind != SiteKind::Suffixed {
            invalid_path(ctx, report, key, string, error);
        } else if !site.placeholders().is_empty() {
            invalid_placeholders(ctx, report, key, string, site.placeholders());
        } else if string.value.trim_start().starts_with('$') {
            invalid_path(ctx, report, key, string, error);
        }
    }
}

fn invalid_path(ctx: &Context, report: &mut Report, key: &str, string: &Str, error: &PathError) {
    report.add(
        visible_range(ctx.text, string, error.range.clone()),
        format!("invalid path in `{key}`: {}", error.message),
    );
}

fn invalid_placeholders(
    ctx: &Context,
    report: &mut Report,
    key: &str,
    string: &Str,
    placeholders: &[Placeholder],
) {
    for placeholder in placeholders {
        let Err(error) = &placeholder.result else {
            continue;
        };
        let whole = &string.value[placeholder.range.clone()];
        let placeholder = quoted(whole).map_or_else(String::new, |q| format!(" {q}"));
        let message = if whole.ends_with("}}") {
            format!(
                "invalid path in placeholder{placeholder} of `{key}`: {}",
                error.message
            )
        } else {
            format!("unclosed placeholder{placeholder} in `{key}`: expected `}}}}`")
        };
        report.add(
            visible_range(ctx.text, string, error.range.clone()),
            message,
        );
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
