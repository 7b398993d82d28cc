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
//! ## Why
//! The Registry refuses a bundle with a missing required field, and its message does not say
//! where.
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

use super::{Context, Report};
use crate::schema::{fields, ObjectKind, StateType};

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
                report.add(
                    typed.anchor,
                    format!(
                        "{} is missing required field `{}`",
                        capitalize(&typed.kind.describe()),
                        spec.name
                    ),
                );
            }
        }
        if typed.kind == ObjectKind::State(Some(StateType::Wait))
            && object.member("Seconds").is_none()
            && object.member("SecondsPath").is_none()
        {
            report.add(
                typed.anchor,
                "this Wait state is missing `Seconds` or `SecondsPath`: it needs one of them",
            );
        }
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
