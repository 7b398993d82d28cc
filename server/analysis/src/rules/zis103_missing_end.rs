//! # ZIS103 missing-end
//!
//! ## What it checks
//! An Action, Map, Wait or Pass state with neither `Next` nor `End`. Choice, Succeed and Fail
//! states take neither: they branch or end by themselves.
//!
//! ## Why
//! Nothing says what runs after the state, and the Amazon States Language has no implicit "next
//! state in the file": Zendesk's flow states page requires `Next` or `End` on such a state.
//!
//! ## Example
//! ```json states bad
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify" }
//! ```
//! Say where the flow goes on, or that it ends here:
//! ```json states good
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "End": true }
//! ```
//!
//! ## Fix
//! Add `"Next": "<state>"`, or `"End": true` when the flow (or the Map iteration) ends after this
//! state. The quick fix adds `"End": true`.

use super::{Context, Report};
use crate::edit::member_insertion;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for (_, state) in ctx.model.states() {
        let Some(ty) = state.ty else { continue };
        let object = &state.object;
        if !ty.needs_transition()
            || object.member("Next").is_some()
            || object.member("End").is_some()
        {
            continue;
        }
        report
            .add(
                state.name.range,
                format!(
                    "{} state `{}` has neither `Next` nor `\"End\": true`: nothing says what runs after it",
                    ty.name(),
                    state.name.value
                ),
            )
            .fix(
                "Add `\"End\": true`",
                vec![member_insertion(ctx.text, object, "\"End\": true")],
            );
    }
}
