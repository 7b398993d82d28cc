//! # ZIS108 result-path-overwrites-input
//!
//! ## What it checks
//! `"ResultPath": "$"` on an Action, Map or Pass state or a Catch handler, and a Catch handler
//! without `ResultPath`, which defaults to `$`.
//!
//! ## Why
//! A `ResultPath` of `$` replaces all the flow data with the state's result (or, in a Catch
//! handler, with the error): `$.input` with the event, and everything earlier states wrote, is
//! gone for every state after it. A Catch handler that goes on to a notification state then
//! finds no ticket id to name.
//!
//! ## Example
//! ```json state bad
//! "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "ReportFailure" }]
//! ```
//! Keep the error next to the flow data:
//! ```json state good
//! "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "ReportFailure", "ResultPath": "$.error" }]
//! ```
//!
//! ## Fix
//! Write the result under a key of its own (`"ResultPath": "$.ticket"`, `"$.error"` in a Catch
//! handler), or `null` to discard it. The quick fix uses `$.error` in a Catch handler.
//!
//! **Unsafe fix**: the result then lands under `$.error`, which changes what later states read.

use zis_syntax::Value;

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::edit::member_insertion;
use crate::schema::{lookup, ObjectKind};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for typed in &ctx.model.objects {
        // Elsewhere (a Choice state, a state without a valid `Type`) `ResultPath` is not a
        // field at all, which ZIS005 reports.
        if lookup(typed.kind, "ResultPath").is_none() {
            continue;
        }
        let catch = typed.kind == ObjectKind::Catch;
        let object = &typed.object;
        match object.get("ResultPath") {
            Some(Value::String(path)) if path.value == "$" => {
                let diagnostic = report.add(
                    path.range,
                    if catch {
                        "`\"ResultPath\": \"$\"` replaces all flow data with the error, `$.input` included; write it under its own key, e.g. `\"$.error\"`"
                    } else {
                        "`\"ResultPath\": \"$\"` replaces all flow data with this state's result, `$.input` included; write it under its own key, e.g. `\"$.result\"`"
                    },
                );
                if catch {
                    diagnostic.fix(
                        "Replace with `$.error`",
                        vec![Edit::replace(path.inner_range(), "$.error")],
                    );
                }
            }
            None if catch && object.member("ResultPath").is_none() => {
                let at = object
                    .member("ErrorEquals")
                    .map_or(typed.anchor, |member| member.key.range);
                report
                    .add(
                        at,
                        "this Catch handler has no `ResultPath`, so it defaults to `$`: the error replaces all flow data, `$.input` included; add `\"ResultPath\": \"$.error\"`",
                    )
                    .fix(
                        "Add `\"ResultPath\": \"$.error\"`",
                        vec![member_insertion(ctx.text, object, "\"ResultPath\": \"$.error\"")],
                    );
            }
            _ => {}
        }
    }
}
