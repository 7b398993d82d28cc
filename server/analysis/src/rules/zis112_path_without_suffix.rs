//! # ZIS112 path-without-suffix
//!
//! ## What it checks
//! A key without the `.$` suffix whose value looks like a path (`"$.x"`, `"$[0]"` or `"$"`),
//! where ZIS would read it as a path had the key the suffix: in a state's `Parameters` (at any
//! depth), in an action definition's `url`, `path` and `requestBody` (at any depth), and in the
//! `value` of a header or query parameter. The `expr` of a `zis:common:transform:Jq` call is a
//! jq program and is never reported.
//!
//! ## Why
//! Only keys ending in `.$` have their value read as a path. Without the suffix the action
//! receives the text `$.input.ticket_event.ticket.id` itself, not the ticket id: the flow runs,
//! and the call does the wrong thing.
//!
//! ## Example
//! ```json state bad
//! "Parameters": { "ticket_id": "$.input.ticket_event.ticket.id" }
//! ```
//! Add the suffix:
//! ```json state good
//! "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.id" }
//! ```
//!
//! ## Fix
//! Rename the key to end in `.$` (the quick fix does). If the text is really meant literally,
//! turn the rule off for the file.
//!
//! **Unsafe fix**: the value is then read as a path instead of being passed as text, which changes
//! what the action receives.

use zis_jsonpath::looks_like_path;
use zis_syntax::{Member, Object, Value};

use super::path_sites::calls_jq;
use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::schema::ObjectKind;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for (_, state) in ctx.model.states() {
        let Some(parameters) = state.object.get_object("Parameters") else {
            continue;
        };
        let jq = calls_jq(&state.object);
        for member in &parameters.members {
            if !(jq && member.key.value == "expr") {
                check_member(report, member, parameters);
            }
        }
    }
    for typed in &ctx.model.objects {
        let keys: &[&str] = match typed.kind {
            ObjectKind::ActionDefinition => &["url", "path", "requestBody"],
            ObjectKind::KeyValue => &["value"],
            _ => continue,
        };
        for member in &typed.object.members {
            if keys.contains(&member.key.value.as_str()) {
                check_member(report, member, &typed.object);
            }
        }
    }
}

/// Reports `member` if it lacks the suffix, and looks into its value when that is data.
fn check_member(report: &mut Report, member: &Member, object: &Object) {
    let key = &member.key;
    // The value of a `.$` key is a path, whatever its shape (ZIS113 reports other values).
    if key.value.ends_with(".$") {
        return;
    }
    match &member.value {
        Some(Value::String(string)) if looks_like_path(&string.value) => {
            let renamed = format!("{}.$", key.value);
            let diagnostic = report.add(
                key.range,
                format!(
                    "`{}` passes `{}` as literal text; name the key `{renamed}` to read the value at that path",
                    key.value, string.value
                ),
            );
            if object.member(&renamed).is_none() {
                diagnostic.fix(
                    format!("Rename to `{renamed}`"),
                    vec![Edit::insert(key.inner_range().end, ".$")],
                );
            }
        }
        Some(value) => check_nested(report, value),
        None => {}
    }
}

fn check_nested(report: &mut Report, value: &Value) {
    match value {
        Value::Object(object) => {
            for member in &object.members {
                check_member(report, member, object);
            }
        }
        Value::Array(array) => {
            for item in &array.items {
                check_nested(report, item);
            }
        }
        _ => {}
    }
}
