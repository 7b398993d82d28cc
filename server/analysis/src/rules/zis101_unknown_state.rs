//! # ZIS101 unknown-state
//!
//! ## What it checks
//! `StartAt`, `Next`, `Default`, the `Next` of a top-level Choice rule and the `Next` of a Catch
//! handler must name a state of the same scope. A Map `Iterator` is a scope of its own: its
//! states can go only to states of the same iterator, and the flow's states cannot go into it.
//! A `Next` or `Default` on a state type that does not take it is reported by ZIS104 or ZIS005
//! instead.
//!
//! ## Why
//! The Amazon States Language, which ZIS flows follow, has a transition name a state of the same
//! state machine: one that names no state cannot be taken. A name of another scope is no
//! better: Zendesk's Map state page says an iteration cannot go to a state outside it.
//!
//! ## Example
//! ```json definition bad
//! "StartAt": "Notify",
//! "States": {
//!   "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Don" },
//!   "Done": { "Type": "Succeed" }
//! }
//! ```
//! Name an existing state:
//! ```json definition good
//! "StartAt": "Notify",
//! "States": {
//!   "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Done" },
//!   "Done": { "Type": "Succeed" }
//! }
//! ```
//!
//! ## Fix
//! Correct the name; when a state of the scope has a close name, the quick fix puts it in. To
//! leave a Map iteration early, end it (`"End": true`) and branch after the Map state.
//!
//! **Safe fix** when exactly one state of the scope has a close name: the transition cannot be
//! taken as written, and that state is the one reading of it. **Unsafe fix** when several
//! states have names as close.

use zis_syntax::Str;

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::edit::json_escape;
use crate::model::{Bundle, ScopeId, TransitionKind};
use crate::schema::{lookup, ObjectKind, Support};
use crate::suggest::suggest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let model = ctx.model;
    for id in model.scope_ids() {
        let scope = model.scope(id);
        // Without an object of states, ZIS004 or ZIS006 already points at `States`.
        if let (Some(start), Some(_)) = (&scope.start_at, scope.object.get_object("States")) {
            if scope.state(&start.value).is_none() {
                check_target(ctx, report, id, "StartAt", start);
            }
        }
        for state in &scope.states {
            for transition in &state.transitions {
                // The state's field that holds the transition, and the key that names the target.
                let (field, key) = match transition.kind {
                    TransitionKind::Next => ("Next", "Next"),
                    TransitionKind::Default => ("Default", "Default"),
                    TransitionKind::Choice(_) => ("Choices", "Next"),
                    TransitionKind::Catch(_) => ("Catch", "Next"),
                };
                // A field the state's type does not take is reported as such (ZIS104, ZIS005);
                // without a known type, every transition is checked.
                let takes = state.ty.is_none_or(|ty| {
                    lookup(ObjectKind::State(Some(ty)), field)
                        .is_some_and(|spec| spec.support == Support::Supported)
                });
                if takes && scope.state(&transition.target.value).is_none() {
                    check_target(ctx, report, id, key, &transition.target);
                }
            }
        }
    }
}

/// Reports `target`, which names no state of scope `id`.
fn check_target(ctx: &Context, report: &mut Report, id: ScopeId, field: &str, target: &Str) {
    let model = ctx.model;
    let scope = model.scope(id);
    let here = if scope.parent.is_some() {
        "this Map iterator"
    } else {
        "this flow"
    };
    if target.value.is_empty() {
        report.add(
            target.range,
            format!("`{field}` is empty: it must name a state of {here}"),
        );
        return;
    }
    let diagnostic = match elsewhere(model, id, &target.value) {
        Some((other, index)) => {
            let rule = if field == "StartAt" {
                "`StartAt` must name a state of its own scope"
            } else {
                "a state can only go to states of its own scope"
            };
            let there = describe(model, id, other);
            let defined = model.scope(other).states[index].name.range;
            report
                .add(
                    target.range,
                    format!(
                        "`{}` is a state of {there}, not of {here}; {rule}",
                        target.value
                    ),
                )
                .label(defined, format!("`{}` is defined here", target.value))
        }
        None if scope.states.is_empty() => report.add(
            target.range,
            format!(
                "`{}` is not a state of {here}, which has no states",
                target.value
            ),
        ),
        None => report.add(
            target.range,
            format!("`{}` is not a state of {here}", target.value),
        ),
    };
    let names = scope.states.iter().map(|state| state.name.value.as_str());
    if let Some(suggestion) = suggest(&target.value, names) {
        let name = suggestion.name;
        diagnostic
            .message
            .push_str(&format!("; did you mean `{name}`?"));
        // Escaped, so that a name holding a quote or a backslash stays valid JSON.
        diagnostic
            .fix(
                format!("Replace with `{name}`"),
                vec![Edit::replace(target.inner_range(), json_escape(name))],
            )
            .safe_if_only_reading(suggestion.only);
    }
}

/// Another scope of the same flow with a state of this name: the enclosing scopes first,
/// nearest first, then the other iterators.
fn elsewhere(model: &Bundle, id: ScopeId, name: &str) -> Option<(ScopeId, usize)> {
    let resource = model.scope(id).resource;
    let others = model
        .scope_ids()
        .filter(|&other| other != id && model.scope(other).resource == resource);
    enclosing(model, id)
        .chain(others)
        .find_map(|other| Some((other, model.scope(other).state(name)?)))
}

/// How a message names scope `other`, seen from scope `id`.
fn describe(model: &Bundle, id: ScopeId, other: ScopeId) -> String {
    let the = if enclosing(model, id).any(|scope| scope == other) {
        "the enclosing "
    } else {
        "the "
    };
    match model.scope(other).parent {
        None => format!("{the}flow"),
        Some(map) => format!(
            "{the}iterator of Map state `{}`",
            model.state(map).name.value
        ),
    }
}

/// The scopes around scope `id`, nearest first.
fn enclosing(model: &Bundle, id: ScopeId) -> impl Iterator<Item = ScopeId> + '_ {
    std::iter::successors(model.scope(id).parent, |map| model.scope(map.scope).parent)
        .map(|map| map.scope)
}
