//! # ZIS008 unsupported-feature
//!
//! ## What it checks
//! Amazon States Language that is valid for AWS Step Functions but that ZIS rejects:
//! - `Task` and `Parallel` states;
//! - `Retry` (ZIS retries a failed flow from its start instead); a warning, as one version of
//!   Zendesk's error handling page documents a `Retry` block while the Action state page says
//!   it is not supported;
//! - `MaxConcurrency` and `Parameters` on a Map state;
//! - `Timestamp` and `TimestampPath` on a Wait state;
//! - Choice operators outside the ZIS set: `StringMatches`, `IsString`, `IsNumeric`,
//!   `IsBoolean`, `IsTimestamp`;
//! - `ErrorEquals` values other than `"States.ALL"`;
//! - intrinsic functions such as `States.Format(…)` in a path value.
//!
//! ## Why
//! Flows are often ported from Step Functions, or written from its documentation. ZIS refuses
//! these features at upload, or the flow fails when it reaches them. A production bundle once
//! shipped a `StringMatches` rule and had to be fixed after upload.
//!
//! ## Example
//! ```json choice-rule bad
//! { "Variable": "$.input.ticket_event.comment.body", "StringMatches": "*urgent*", "Next": "Escalate" }
//! ```
//! Compute the test in a `zis:common:transform:Jq` state, then compare its result:
//! ```json choice-rule good
//! { "Variable": "$.checks.is_urgent", "BooleanEquals": true, "Next": "Escalate" }
//! ```
//!
//! ## Fix
//! Rewrite with the ZIS features named in the message.

use zis_syntax::{Object, TextRange, Value};

use super::{Context, Report};
use crate::facts;
use crate::model::{objects_in, State};
use crate::schema::{lookup, operator, ObjectKind, StateType, Support, UNSUPPORTED_STATE_TYPES};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for typed in &ctx.model.objects {
        // Operators are reported once per Choice state, below.
        if !matches!(typed.kind, ObjectKind::ChoiceRule { .. }) {
            for member in &typed.object.members {
                let key = &member.key;
                if lookup(typed.kind, &key.value).is_some_and(|s| s.support == Support::Unsupported)
                {
                    let diagnostic = report.add(key.range, unsupported_field_message(&key.value));
                    if key.value == "Retry" {
                        diagnostic.rests_on(&facts::RETRY_UNSUPPORTED);
                    }
                }
            }
        }
        match typed.kind {
            ObjectKind::State(None) => {
                if let Some(ty) = typed.object.get_str("Type") {
                    if UNSUPPORTED_STATE_TYPES.contains(&ty.value.as_str()) {
                        let advice = if ty.value == "Task" {
                            "call actions with an `Action` state"
                        } else {
                            "ZIS runs one branch at a time; chain the branches' states instead"
                        };
                        report.add(
                            ty.range,
                            format!("`{}` states are not supported by ZIS: {advice}", ty.value),
                        );
                    }
                }
            }
            ObjectKind::Catch => {
                let errors = typed.object.get_array("ErrorEquals");
                for error in errors.iter().flat_map(|a| a.items.iter()) {
                    if let Value::String(name) = error {
                        if name.value != "States.ALL" {
                            report
                                .add(
                                    name.range,
                                    format!("ZIS catches only `States.ALL`, not `{}`", name.value),
                                )
                                .rests_on(&facts::ERROR_EQUALS);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (_, state) in ctx.model.states() {
        if state.ty == Some(StateType::Choice) {
            check_operators(state, report);
        }
        check_intrinsic_functions(&state.object, report);
        // A Map's `Iterator` holds states of its own, which this loop reaches in turn.
        let own_values = state
            .object
            .members
            .iter()
            .filter(|member| !(state.ty == Some(StateType::Map) && member.key.value == "Iterator"))
            .filter_map(|member| member.value.as_ref());
        for value in own_values {
            value.walk(&mut |value| {
                if let Value::Object(object) = value {
                    check_intrinsic_functions(object, report);
                }
            });
        }
    }
}

/// The `.$` members of `object` whose path is an intrinsic function call.
fn check_intrinsic_functions(object: &Object, report: &mut Report) {
    for member in &object.members {
        if !member.key.value.ends_with(".$") {
            continue;
        }
        if let Some(Value::String(path)) = &member.value {
            if let Some(function) = intrinsic_function(&path.value) {
                report.add(
                    path.range,
                    format!(
                        "intrinsic function `{function}` is not supported by ZIS; compute the value in a `zis:common:transform:Jq` state"
                    ),
                );
            }
        }
    }
}

/// `States.Format(…)` and its kin: the function's name, if the value calls one.
pub(super) fn intrinsic_function(value: &str) -> Option<&str> {
    let call = value.trim_start().strip_prefix("States.")?;
    let name_len = call.find('(')?;
    Some(&value.trim_start()[.."States.".len() + name_len])
}

/// One finding per unsupported operator per Choice state, on its first use, with the other
/// uses as labels: rewriting the state fixes them all together.
fn check_operators(state: &State, report: &mut Report) {
    let mut uses: Vec<(&str, Vec<TextRange>)> = Vec::new();
    for rule in objects_in(state.object.get_array("Choices")) {
        Value::Object(rule.clone()).walk(&mut |value| {
            let Value::Object(object) = value else { return };
            for member in &object.members {
                let Some(op) = operator(&member.key.value) else {
                    continue;
                };
                if op.support != Support::Unsupported {
                    continue;
                }
                match uses.iter_mut().find(|(name, _)| *name == op.name) {
                    Some((_, ranges)) => ranges.push(member.key.range),
                    None => uses.push((op.name, vec![member.key.range])),
                }
            }
        });
    }
    for (name, ranges) in uses {
        let diagnostic = report.add(
            ranges[0],
            format!(
                "Choice operator `{name}` is not supported by ZIS; compute the test in a `zis:common:transform:Jq` state and compare its result"
            ),
        );
        for &range in &ranges[1..] {
            diagnostic.label(range, format!("`{name}` is used here too"));
        }
    }
}

fn unsupported_field_message(key: &str) -> String {
    match key {
        "Retry" => "`Retry` is probably not supported by ZIS (the Action state page says so, one version of the error handling page documents it): a failed flow is retried from its start (4 attempts in all); use `Catch` to handle errors".into(),
        "MaxConcurrency" => "`MaxConcurrency` is not supported on a ZIS Map state".into(),
        "Parameters" => "`Parameters` is not supported on a ZIS Map state: each iteration receives its item".into(),
        "Timestamp" | "TimestampPath" => format!("`{key}` is not supported by ZIS: a Wait state takes `Seconds` or `SecondsPath`"),
        _ => format!("`{key}` is not supported by ZIS"),
    }
}
