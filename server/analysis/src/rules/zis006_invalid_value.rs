//! # ZIS006 invalid-value
//!
//! ## What it checks
//! A value of the wrong JSON type (`"States": []`, `"Seconds": "5"`), or outside the allowed
//! set: an HTTP `method` that does not exist, a state `Type` that is not a ZIS state type,
//! `Seconds` of zero or less, `TimeoutSeconds` that is not a positive integer, an empty
//! `Choices`, a Wait state with both `Seconds` and `SecondsPath`, a bundle that is not a JSON
//! object; and a built-in's parameter outside its documented type or range, such as a
//! `LoadLinks` `page_size` above 100.
//!
//! A `zis_template_version` other than `"2019-10-14"` is a warning, not an error: it is the
//! only value the documentation lists, but the Registry has stored and returned a bundle with
//! `"2019-02-28"` (which is only a hint).
//!
//! ## Why
//! The Registry refuses such a bundle, or the flow fails when the state runs.
//!
//! ## Example
//! ```json states bad
//! "Pause": { "Type": "Wait", "Seconds": "30", "Next": "Notify" }
//! ```
//! A number:
//! ```json states good
//! "Pause": { "Type": "Wait", "Seconds": 30, "Next": "Notify" }
//! ```
//!
//! ## Fix
//! Use a value of the expected type; where the finding names the closest valid value (a
//! lowercase `"post"`, a misspelt `"Succed"`), the quick fix puts it in.
//!
//! **Safe fix** for a value outside the allowed set when exactly one allowed value is close to
//! it: the value as written cannot work, and that one is the only reading of it. **Unsafe fix**
//! when several are close, for a built-in's parameter lowered to its maximum (fewer items than
//! asked for), and for a `zis_template_version` replaced by the documented one (the Registry
//! takes the other).

use zis_syntax::{Str, Value};

use super::{Context, Report};
use crate::builtins::ParamType;
use crate::diagnostic::{Edit, Severity};
use crate::facts;
use crate::index::{ReferenceField, Target};
use crate::schema::{
    fact, fields, FieldSpec, FieldType, ObjectKind, StateType, OBSERVED_TEMPLATE_VERSIONS,
    TEMPLATE_VERSION, UNSUPPORTED_STATE_TYPES,
};
use crate::suggest::suggest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    if let Some(root) = &ctx.parse.root {
        if root.as_object().is_none() {
            report
                .add(
                    root.range(),
                    format!("a bundle is a JSON object, found {}", root.type_name()),
                )
                .rests_on(&facts::BUNDLE_FIELDS);
            return;
        }
    }
    for typed in &ctx.model.objects {
        for member in &typed.object.members {
            let Some(value) = &member.value else { continue };
            let Some(spec) = fields(typed.kind)
                .iter()
                .find(|f| f.name == member.key.value)
            else {
                continue;
            };
            check_value(report, typed.kind, spec, value);
        }
        match typed.kind {
            ObjectKind::State(Some(StateType::Wait)) => {
                if let (Some(_), Some(path)) = (
                    typed.object.member("Seconds"),
                    typed.object.member("SecondsPath"),
                ) {
                    report
                        .add(
                            path.key.range,
                            "a Wait state takes `Seconds` or `SecondsPath`, not both",
                        )
                        .rests_on(&facts::WAIT_STATE_FIELDS);
                }
            }
            ObjectKind::Bundle => {
                if let Some(resources) = typed.object.get_object("resources") {
                    for member in &resources.members {
                        if let Some(value) =
                            member.value.as_ref().filter(|v| v.as_object().is_none())
                        {
                            report
                                .add(
                                    value.range(),
                                    format!(
                                        "resource `{}` must be an object, found {}",
                                        member.key.value,
                                        value.type_name()
                                    ),
                                )
                                .rests_on(&facts::RESOURCE_TYPES);
                        }
                    }
                }
            }
            ObjectKind::FlowDefinition | ObjectKind::Iterator => {
                if let Some(states) = typed.object.get_object("States") {
                    for member in &states.members {
                        if let Some(value) =
                            member.value.as_ref().filter(|v| v.as_object().is_none())
                        {
                            report
                                .add(
                                    value.range(),
                                    format!(
                                        "state `{}` must be an object, found {}",
                                        member.key.value,
                                        value.type_name()
                                    ),
                                )
                                .rests_on(&facts::FLOW_FIELDS);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    built_in_parameters(ctx, report);
}

/// The values a state passes to a built-in, against the types and limits its documentation
/// gives. A value read from a path (`page_size.$`) is only known when the flow runs.
fn built_in_parameters(ctx: &Context, report: &mut Report) {
    for site in &ctx.index.references {
        let (ReferenceField::ActionName(id), Target::Builtin(builtin)) = (site.field, site.target)
        else {
            continue;
        };
        let Some(parameters) = ctx.model.state(id).object.get_object("Parameters") else {
            continue;
        };
        for member in &parameters.members {
            let (Some(param), Some(value)) = (builtin.param(&member.key.value), &member.value)
            else {
                continue;
            };
            let name = param.name;
            let fits = match param.ty {
                ParamType::String => value.as_str().is_some(),
                ParamType::Integer => {
                    matches!(value, Value::Number(number) if number.is_integer_literal)
                }
                ParamType::Object => value.as_object().is_some(),
                ParamType::Any => true,
            };
            if !fits {
                let expected = match param.ty {
                    ParamType::String => "a string",
                    ParamType::Integer => "an integer",
                    ParamType::Object => "an object",
                    ParamType::Any => "any value",
                };
                report
                    .add(
                        value.range(),
                        format!(
                            "`{}` takes `{name}` as {expected}, found {}",
                            builtin.name(),
                            value.type_name()
                        ),
                    )
                    .rests_on(&facts::BUILT_IN_PARAMETERS);
                continue;
            }
            if let (Some(max), Value::Number(number)) = (param.max, value) {
                if number.value > f64::from(max) || number.value < 1.0 {
                    let diagnostic = report
                        .add(
                            number.range,
                            format!(
                                "`{}` takes a `{name}` from 1 to {max}, found {}",
                                builtin.name(),
                                &ctx.text[number.range.as_usize()]
                            ),
                        )
                        .rests_on(&facts::BUILT_IN_PARAMETERS);
                    if number.value > f64::from(max) {
                        diagnostic.fix(
                            format!("Replace with {max}"),
                            vec![Edit::replace(number.range, max.to_string())],
                        );
                    }
                }
            }
        }
    }
}

fn check_value(report: &mut Report, kind: ObjectKind, spec: &FieldSpec, value: &Value) {
    let name = spec.name;
    let fact = fact(kind);
    // Reported by more specific rules: ZIS007 for resource types, ZIS104 for `End`.
    if (kind == ObjectKind::Resource && name == "type") || name == "End" {
        return;
    }
    let type_ok = match spec.ty {
        FieldType::String
        | FieldType::StateName
        | FieldType::ReferencePath
        | FieldType::Enum(_) => value.as_str().is_some(),
        FieldType::ResultPath => matches!(value, Value::String(_) | Value::Null(_)),
        FieldType::Integer | FieldType::PositiveInteger | FieldType::PositiveNumber => {
            value.as_number().is_some()
        }
        FieldType::Bool => value.as_bool().is_some(),
        FieldType::Object => value.as_object().is_some(),
        FieldType::Array => value.as_array().is_some(),
        FieldType::Any => true,
    };
    if !type_ok {
        report
            .add(
                value.range(),
                format!(
                    "`{name}` must be {}, found {}",
                    spec.ty.describe(),
                    value.type_name()
                ),
            )
            .rests_on(fact);
        return;
    }
    if let (ObjectKind::Bundle, "zis_template_version", Value::String(version)) =
        (kind, name, value)
    {
        template_version(report, version);
        return;
    }
    match (spec.ty, value) {
        (FieldType::Enum(allowed), Value::String(text))
            if !allowed.contains(&text.value.as_str()) =>
        {
            // Task and Parallel are valid ASL that ZIS rejects: ZIS008 says so.
            if name == "Type" && UNSUPPORTED_STATE_TYPES.contains(&text.value.as_str()) {
                return;
            }
            let allowed = if name == "Type" {
                &StateType::ALL.map(StateType::name)[..]
            } else {
                allowed
            };
            let diagnostic = report
                .add(
                    text.range,
                    format!(
                        "`{}` is not a valid `{name}`; expected {}",
                        text.value,
                        one_of(allowed)
                    ),
                )
                .rests_on(fact);
            if let Some(suggestion) = suggest(&text.value, allowed.iter().copied()) {
                diagnostic
                    .fix(
                        format!("Replace with `{}`", suggestion.name),
                        vec![Edit::replace(text.inner_range(), suggestion.name)],
                    )
                    .safe_if_only_reading(suggestion.only);
            }
        }
        (FieldType::Integer, Value::Number(number)) if !number.is_integer_literal => {
            report
                .add(number.range, format!("`{name}` must be an integer"))
                .rests_on(fact);
        }
        (FieldType::PositiveInteger, Value::Number(number))
            if !number.is_integer_literal || number.value <= 0.0 =>
        {
            report
                .add(number.range, format!("`{name}` must be a positive integer"))
                .rests_on(fact);
        }
        (FieldType::PositiveNumber, Value::Number(number)) if number.value <= 0.0 => {
            report
                .add(number.range, format!("`{name}` must be greater than zero"))
                .rests_on(fact);
        }
        (FieldType::Array, Value::Array(array)) if name == "Choices" && array.items.is_empty() => {
            report
                .add(array.range, "`Choices` must hold at least one rule")
                .rests_on(fact);
        }
        (FieldType::Array, Value::Array(array)) => {
            if let Some(item) = array.items.iter().find(|item| !item_type_ok(name, item)) {
                report
                    .add(
                        item.range(),
                        format!(
                            "each item of `{name}` must be {}, found {}",
                            if name == "ErrorEquals" {
                                "a string"
                            } else {
                                "an object"
                            },
                            item.type_name()
                        ),
                    )
                    .rests_on(fact);
            }
        }
        _ => {}
    }
}

/// Only `2019-10-14` is documented, but the Registry has stored and returned bundles with
/// another value: a value seen in such a bundle is a hint, any other a warning.
fn template_version(report: &mut Report, version: &Str) {
    if version.value == TEMPLATE_VERSION {
        return;
    }
    let observed = OBSERVED_TEMPLATE_VERSIONS.contains(&version.value.as_str());
    let message = if observed {
        format!(
            "`{}` is not the documented `zis_template_version` (`{TEMPLATE_VERSION}`), but the \
             Registry has accepted bundles with it",
            version.value
        )
    } else {
        format!(
            "`{}` is not a documented `zis_template_version`; expected `{TEMPLATE_VERSION}` (the \
             Registry has accepted another value before, so it may take this one too)",
            version.value
        )
    };
    let diagnostic = report.add(version.range, message);
    diagnostic.rests_on(&facts::TEMPLATE_VERSION).fix(
        format!("Replace with `{TEMPLATE_VERSION}`"),
        vec![Edit::replace(version.inner_range(), TEMPLATE_VERSION)],
    );
    if observed {
        diagnostic.severity(Severity::Hint);
    }
}

fn item_type_ok(array_name: &str, item: &Value) -> bool {
    match array_name {
        "ErrorEquals" => item.as_str().is_some(),
        "Choices" | "Catch" | "headers" | "queryParams" | "query" | "And" | "Or" => {
            item.as_object().is_some()
        }
        _ => true,
    }
}

fn one_of(allowed: &[&str]) -> String {
    match allowed {
        [only] => format!("`{only}`"),
        _ => {
            let quoted: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
            let (last, rest) = quoted.split_last().expect("at least two");
            format!("one of {} or {last}", rest.join(", "))
        }
    }
}
