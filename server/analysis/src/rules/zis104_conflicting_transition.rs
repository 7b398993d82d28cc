//! # ZIS104 conflicting-transition
//!
//! ## What it checks
//! - a state with both `Next` and `End`;
//! - an `End` that is not `true` (`"End": false`, `"End": "true"`);
//! - `Next` or `End` on a Succeed or Fail state, which are final states;
//! - `Next` or `End` on a Choice state, which goes on through its rules and `Default`.
//!
//! ## Why
//! A state either goes on to one state or ends its flow (or Map iteration); Zendesk's flow
//! states page rules out a state that says both, and `Next` or `End` on Succeed and Fail. `"End": false` in particular does
//! not mean "go on": it leaves the state with no way forward.
//!
//! ## Example
//! ```json states bad
//! "Check": {
//!   "Type": "Choice",
//!   "Choices": [{ "Variable": "$.input.ticket_event.ticket.status", "StringEquals": "solved", "Next": "Notify" }],
//!   "Next": "Done"
//! }
//! ```
//! A Choice state names the state to run when no rule matches with `Default`:
//! ```json states good
//! "Check": {
//!   "Type": "Choice",
//!   "Choices": [{ "Variable": "$.input.ticket_event.ticket.status", "StringEquals": "solved", "Next": "Notify" }],
//!   "Default": "Done"
//! }
//! ```
//!
//! ## Fix
//! Keep one of `Next` and `"End": true`; remove both from Succeed and Fail states; use `Default`
//! on a Choice state. The quick fix removes the member at fault, or renames a Choice state's
//! `Next` to `Default`, where the intent is clear.
//!
//! **Safe fix** where nothing changes but the mistake: removing `End` from a Succeed or Fail
//! state (it ends anyway), removing `"End": false` beside `Next`, and writing `"End": "true"` as
//! `true`. **Unsafe fix** for the rest: removing a final state's `Next` (the type may be the
//! mistake), any change to a Choice state's `Next` or `End`, and removing an `End` that is
//! neither `true` nor `false` beside `Next`, which each pick one reading of two.

use zis_syntax::{Member, Value};

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::edit::member_removal;
use crate::schema::StateType;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for (_, state) in ctx.model.states() {
        let Some(ty) = state.ty else { continue };
        let next = state.object.member("Next");
        let end = state.object.member("End");
        let remove = |member: &Member| {
            let removal = ctx
                .parse
                .root
                .as_ref()
                .and_then(|root| member_removal(root, member.key.range))?;
            Some(Edit::delete(removal))
        };
        match ty {
            StateType::Succeed | StateType::Fail => {
                for member in next.into_iter().chain(end) {
                    let key = &member.key.value;
                    let diagnostic = report.add(
                        member.key.range,
                        format!(
                            "{} state `{}` is a final state: it takes no `{key}`",
                            ty.name(),
                            state.name.value
                        ),
                    );
                    // A final state ends whatever its `End` says; a `Next` on it may mean the
                    // type is the mistake, and the state should go on.
                    if let Some(edit) = remove(member) {
                        diagnostic
                            .fix(format!("Remove `{key}`"), vec![edit])
                            .safe_if(key == "End");
                    }
                }
            }
            StateType::Choice => {
                if let Some(next) = next {
                    let has_default = state.object.member("Default").is_some();
                    let diagnostic = report.add(
                        next.key.range,
                        format!(
                            "Choice state `{}` takes no `Next`: it goes on through its rules, and to `Default` when none matches{}",
                            state.name.value,
                            if has_default { "" } else { "; use `Default`" }
                        ),
                    );
                    if !has_default {
                        diagnostic.fix(
                            "Rename to `Default`",
                            vec![Edit::replace(next.key.inner_range(), "Default")],
                        );
                    } else if let Some(edit) = remove(next) {
                        diagnostic.fix("Remove `Next`", vec![edit]);
                    }
                }
                if let Some(end) = end {
                    let diagnostic = report.add(
                        end.key.range,
                        format!(
                            "Choice state `{}` cannot end the flow: it takes no `End`; go to a `Succeed` state instead",
                            state.name.value
                        ),
                    );
                    if let Some(edit) = remove(end) {
                        diagnostic.fix("Remove `End`", vec![edit]);
                    }
                }
            }
            StateType::Action | StateType::Map | StateType::Wait | StateType::Pass => {
                let Some(end) = end else { continue };
                let Some(value) = &end.value else { continue };
                let is_true = matches!(value, Value::Bool(true, _));
                if let Some(next) = next {
                    let diagnostic = report
                        .add(
                            end.key.range,
                            format!(
                                "state `{}` has both `Next` and `End`: a state either goes on to `Next` or ends with `\"End\": true`, not both",
                                state.name.value
                            ),
                        )
                        .label(next.key.range, "`Next` is here");
                    // An `End` that is not `true` was never meant to end the state.
                    if !is_true {
                        // `"End": false` says what `Next` already does; `"End": "yes"` may mean
                        // the state was to end, with `Next` the mistake.
                        if let Some(edit) = remove(end) {
                            diagnostic
                                .fix("Remove `End`", vec![edit])
                                .safe_if(matches!(value, Value::Bool(false, _)));
                        }
                    }
                } else if let Value::Bool(false, range) = value {
                    report.add(
                        *range,
                        format!(
                            "`\"End\": false` leaves state `{}` with no way forward: remove it and add `Next`, or set it to `true`",
                            state.name.value
                        ),
                    );
                } else if !is_true {
                    let diagnostic = report.add(
                        value.range(),
                        format!(
                            "`End` must be `true`, found {}: write `\"End\": true` to end here, or remove it and add `Next`",
                            value.type_name()
                        ),
                    );
                    if value
                        .as_str()
                        .is_some_and(|text| text.value.eq_ignore_ascii_case("true"))
                    {
                        diagnostic
                            .fix(
                                "Replace with `true`",
                                vec![Edit::replace(value.range(), "true")],
                            )
                            .safe_if(true);
                    }
                }
            }
        }
    }
}
