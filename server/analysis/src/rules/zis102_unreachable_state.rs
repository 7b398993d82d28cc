//! # ZIS102 unreachable-state
//!
//! ## What it checks
//! A state that no path from `StartAt` reaches, through `Next`, `Default`, the rules of a Choice
//! state and the `Next` of Catch handlers. A state reached only by a Catch handler is reachable.
//! Each flow and each Map iterator is checked from its own `StartAt`; when `StartAt` is missing
//! or names no state, or when a reachable state has a transition that names no state, the
//! scope is not checked: ZIS004 or ZIS101 points at the broken name, and what it was meant to
//! reach is unknown.
//!
//! ## Why
//! A state that can never run is often the sign of a transition that names the wrong state. A
//! warning, not an error: no page says the Registry refuses it, and real templates keep
//! "parked" states on purpose.
//!
//! ## Example
//! ```json definition bad
//! "StartAt": "Notify",
//! "States": {
//!   "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "End": true },
//!   "Done": { "Type": "Succeed" }
//! }
//! ```
//! Go to it, or remove it:
//! ```json states good
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Done" },
//! "Done": { "Type": "Succeed" }
//! ```
//!
//! ## Fix
//! Add a transition to the state from the state that should run before it, or remove it.

use super::{Context, Report};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for scope in &ctx.model.scopes {
        let Some(reachable) = scope.reachable() else {
            continue;
        };
        // A transition that names no state (ZIS101) may be meant for any of them.
        let broken = scope
            .states
            .iter()
            .zip(&reachable)
            .any(|(state, &reached)| {
                reached
                    && state
                        .transitions
                        .iter()
                        .any(|transition| scope.state(&transition.target.value).is_none())
            });
        if broken {
            continue;
        }
        let start = scope.start_at.as_ref().map_or("", |s| s.value.as_str());
        for (index, state) in scope.states.iter().enumerate() {
            // A second state of the same name is a duplicate key, reported as such.
            if reachable[index] || scope.state(&state.name.value) != Some(index) {
                continue;
            }
            report.add(
                state.name.range,
                format!(
                    "state `{}` is unreachable: no path from `StartAt` (`{start}`) leads to it",
                    state.name.value
                ),
            );
        }
    }
}
