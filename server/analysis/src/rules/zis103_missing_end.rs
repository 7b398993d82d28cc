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
//!
//! **Safe fix** when every other state of the scope already has a way in (it is `StartAt`, or
//! another state goes to it): no state is waiting to follow this one, so ending here is the one
//! reading. **Unsafe fix** when some state has no way in: the missing `Next` may have been meant
//! for it.

use super::{Context, Report};
use crate::edit::member_insertion;
use crate::model::{Scope, ScopeId};
use crate::{HashMap, HashSet};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let mut waiting: HashMap<ScopeId, Vec<&str>> = HashMap::default();
    for (id, state) in ctx.model.states() {
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
            )
            .safe_if(
                waiting
                    .entry(id.scope)
                    .or_insert_with(|| without_way_in(ctx.model.scope(id.scope)))
                    .iter()
                    .all(|&name| name == state.name.value),
            );
    }
}

/// The states of `scope` that neither `StartAt` nor a transition of another state names.
fn without_way_in(scope: &Scope) -> Vec<&str> {
    let mut named: HashSet<&str> = scope.start_at.iter().map(|s| s.value.as_str()).collect();
    for state in &scope.states {
        let others = state
            .transitions
            .iter()
            .filter(|transition| transition.target.value != state.name.value);
        named.extend(others.map(|transition| transition.target.value.as_str()));
    }
    scope
        .states
        .iter()
        .map(|state| state.name.value.as_str())
        .filter(|name| !named.contains(name))
        .collect()
}
