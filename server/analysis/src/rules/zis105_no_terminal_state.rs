//! # ZIS105 no-terminal-state
//!
//! ## What it checks
//! A flow definition or Map iterator with states, none of which can end it: no state has
//! `"End": true`, and there is no Succeed or Fail state. A scope with a state whose `Type` is
//! missing or invalid, or whose `End` is not a boolean (`"End": "true"`), is not checked: that
//! state may well be the end.
//!
//! ## Why
//! Such a flow can never finish: it runs until ZIS stops it at the 100-second limit, and fails.
//! A Map iterator without an end never finishes an iteration.
//!
//! ## Example
//! ```json definition bad
//! "StartAt": "Notify",
//! "States": {
//!   "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Pause" },
//!   "Pause": { "Type": "Wait", "Seconds": 5, "Next": "Notify" }
//! }
//! ```
//! Give the flow a way to end:
//! ```json definition good
//! "StartAt": "Notify",
//! "States": {
//!   "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Done" },
//!   "Done": { "Type": "Succeed" }
//! }
//! ```
//!
//! ## Fix
//! End the last state with `"End": true`, or go to a `Succeed` (or `Fail`) state.

use zis_syntax::Value;

use super::{Context, Report};
use crate::model::State;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for scope in &ctx.model.scopes {
        if scope.states.is_empty() || scope.states.iter().any(may_end) {
            continue;
        }
        let Some(states) = scope.object.member("States") else {
            continue;
        };
        let what = if scope.parent.is_some() {
            "this Map iterator"
        } else {
            "this flow"
        };
        report.add(
            states.key.range,
            format!(
                "no state of {what} can end it: none has `\"End\": true`, and there is no `Succeed` or `Fail` state"
            ),
        );
    }
}

/// Whether a state ends its scope, or might once the mistakes other rules report are fixed: a
/// state without a valid `Type` (ZIS004, ZIS006), or with an `End` that is not a boolean
/// (ZIS104), may well be the end that seems to be missing.
pub(super) fn may_end(state: &State) -> bool {
    state.is_terminal()
        || state.ty.is_none()
        || state
            .object
            .get("End")
            .is_some_and(|end| !matches!(end, Value::Bool(..)))
}
