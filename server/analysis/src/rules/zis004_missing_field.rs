//! # ZIS004 missing-field
//!
//! ## What it checks
//! A required key is absent: `name`, `zis_template_version` or `resources` of the bundle;
//! `type` or `properties` of a resource; `name` and `definition` of a flow or an action;
//! `name`, `event_source`, `event_type` and `flow_name` of a job spec; `StartAt` and `States`
//! of a flow definition or a Map iterator; `Type` of a state and the fields its type needs
//! (`ActionName`, `Choices`, `Iterator`, `Error` and `Cause`, `Seconds` or `SecondsPath`);
//! `method` of an action definition; `key` and `value` of a header or query parameter;
//! `ErrorEquals` and `Next` of a Catch handler.
//!
//! A Map state without `ResultPath` is a warning: an older version of Zendesk's Map state page
//! requires it, the newer one no longer lists it.
//!
//! ## Why
//! Zendesk's pages mark these fields as required: without one, the Registry refuses the bundle
//! (its message does not say where) or the flow fails when it reaches the object.
//!
//! ## Example
//! ```json states bad
//! "Notify": { "Type": "Action", "End": true }
//! ```
//! Name the action to call:
//! ```json states good
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "End": true }
//! ```
//!
//! ## Fix
//! Add the field. The finding points at the key of the object that lacks it (a state's name,
//! `definition`, …) or at the opening brace of an array item.

use super::{capitalize, Context, Report};
use crate::facts;
use crate::schema::{fact, fields, ObjectKind, StateType};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for typed in &ctx.model.objects {
        let object = &typed.object;
        for spec in fields(typed.kind).iter().filter(|spec| spec.required) {
            let present = if spec.path_variant {
                object.member_or_path(spec.name).is_some()
            } else {
                object.member(spec.name).is_some()
            };
            if !present {
                report
                    .add(
                        typed.anchor,
                        format!(
                            "{} is missing required field `{}`",
                            capitalize(&typed.kind.describe()),
                            spec.name
                        ),
                    )
                    .rests_on(fact(typed.kind));
            }
        }
        if typed.kind == ObjectKind::State(Some(StateType::Wait))
            && object.member("Seconds").is_none()
            && object.member("SecondsPath").is_none()
        {
            report
                .add(
                    typed.anchor,
                    "this Wait state is missing `Seconds` or `SecondsPath`: it needs one of them",
                )
                .rests_on(fact(typed.kind));
        }
        if typed.kind == ObjectKind::State(Some(StateType::Map))
            && object.member("ResultPath").is_none()
        {
            report
                .add(
                    typed.anchor,
                    "this Map state has no `ResultPath`: an older version of Zendesk's Map state \
                     page requires one (the newer one does not list it), and what the Map \
                     returns without it is not documented",
                )
                .rests_on(&facts::MAP_RESULT_PATH);
        }
    }
}
