//! # ZIS107 invalid-choice-rule
//!
//! ## What it checks
//! Each rule of a Choice state, nested rules of `And`, `Or` and `Not` included:
//! - it holds exactly one test: a comparison operator (`StringEquals`, `NumericGreaterThan`,
//!   `IsPresent` …), or `And` or `Or` (a non-empty array of rules), or `Not` (one rule);
//! - a comparison operator comes with `Variable`, the path of the value to compare;
//! - the operator's value has the type it compares with: a string for `String…` and
//!   `Timestamp…` operators, a number for `Numeric…`, `true` or `false` for `BooleanEquals` and
//!   the `Is…` tests, a path string for the `…Path` operators;
//! - a top-level rule has `Next`, and a nested rule has none.
//!
//! Operators ZIS rejects (`StringMatches` …) count as the rule's test: ZIS008 reports them.
//!
//! ## Why
//! Zendesk's Choice state page and the Amazon States Language define a rule this way; ZIS cannot
//! evaluate another one, and a value of the wrong type (`"NumericEquals": "5"`) never matches,
//! or fails the flow when the state runs.
//!
//! ## Example
//! ```json choice-rule bad
//! { "Variable": "$.input.ticket_event.ticket.priority", "StringEquals": "urgent", "IsPresent": true, "Next": "Escalate" }
//! ```
//! One test per rule; combine tests with `And`:
//! ```json choice-rule good
//! {
//!   "And": [
//!     { "Variable": "$.input.ticket_event.ticket.priority", "IsPresent": true },
//!     { "Variable": "$.input.ticket_event.ticket.priority", "StringEquals": "urgent" }
//!   ],
//!   "Next": "Escalate"
//! }
//! ```
//!
//! ## Fix
//! Keep one test per rule, add `Variable` or `Next` where missing, and give operators values of
//! their type. The quick fix converts `"5"` to `5` and `"true"` to `true`, renames an operator
//! to its `…Path` form when its value is a path, and removes `Next` from nested rules.
//!
//! **Safe fix** for a number or boolean written as a string (`"5"` under `NumericEquals`), and
//! for the `…Path` form of an operator whose value is a path: the rule cannot work as written,
//! and each is the one reading of it. **Unsafe fix** for a string operator renamed to its
//! `Numeric…` or `Boolean…` form (the value may have been meant as a string) and for a nested
//! `Next` removed (it may be the transition the top-level rule lacks).

use zis_syntax::{Member, Object, TextRange, Value};

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::edit::member_removal;
use crate::schema::{lookup, operator, ObjectKind, OperandType, Operator, Support};

const LOGICAL: [&str; 3] = ["And", "Or", "Not"];

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for typed in &ctx.model.objects {
        let ObjectKind::ChoiceRule { top_level } = typed.kind else {
            continue;
        };
        let rule = &typed.object;
        check_next(ctx, report, rule, top_level, typed.anchor);
        let tests: Vec<&Member> = rule
            .members
            .iter()
            .filter(|m| operator(&m.key.value).is_some() || LOGICAL.contains(&m.key.value.as_str()))
            .collect();
        match tests.as_slice() {
            // An unknown key is most likely a misspelt operator, which ZIS005 reports.
            [] if rule
                .members
                .iter()
                .all(|m| lookup(typed.kind, &m.key.value).is_some()) =>
            {
                report.add(
                    typed.anchor,
                    "this Choice rule has no test: give it a comparison operator such as `StringEquals` (with `Variable`), or `And`, `Or` or `Not`",
                );
            }
            [] | [_] => {}
            [_, second, ..] => {
                let names: Vec<String> =
                    tests.iter().map(|m| format!("`{}`", m.key.value)).collect();
                let diagnostic = report.add(
                    second.key.range,
                    format!(
                        "this Choice rule has several tests ({}): a rule takes exactly one; combine tests with `And` or `Or`",
                        names.join(", ")
                    ),
                );
                for other in tests.iter().filter(|m| m.key.range != second.key.range) {
                    diagnostic.label(other.key.range, format!("`{}` is here", other.key.value));
                }
            }
        }
        let operators: Vec<(&Member, Operator)> = tests
            .iter()
            .filter_map(|&member| Some((member, operator(&member.key.value)?)))
            .collect();
        if let Some((first, _)) = operators.first() {
            if rule.member("Variable").is_none() {
                report.add(
                    first.key.range,
                    format!(
                        "`{}` needs `Variable`: the path of the value to compare",
                        first.key.value
                    ),
                );
            }
        }
        for (member, op) in operators {
            if op.support != Support::Unsupported {
                check_operand(report, member, op);
            }
        }
        for logical in ["And", "Or"] {
            if let Some(Value::Array(rules)) = rule.get(logical) {
                if rules.items.is_empty() {
                    report.add(rules.range, format!("`{logical}` needs at least one rule"));
                }
            }
        }
    }
}

fn check_next(
    ctx: &Context,
    report: &mut Report,
    rule: &Object,
    top_level: bool,
    anchor: TextRange,
) {
    match (top_level, rule.member("Next")) {
        (true, None) => {
            report.add(
                anchor,
                "this Choice rule has no `Next`: a top-level rule names the state to run when it matches",
            );
        }
        (false, Some(next)) => {
            let diagnostic = report.add(
                next.key.range,
                "a rule inside `And`, `Or` or `Not` takes no `Next`: the top-level rule names the next state",
            );
            if let Some(removal) = ctx
                .parse
                .root
                .as_ref()
                .and_then(|root| member_removal(root, next.key.range))
            {
                diagnostic.fix("Remove `Next`", vec![Edit::delete(removal)]);
            }
        }
        _ => {}
    }
}

/// Reports an operator value whose type does not fit the operator.
fn check_operand(report: &mut Report, member: &Member, op: Operator) {
    let Some(value) = &member.value else { return };
    if fits(op.operand, value) {
        return;
    }
    let expected = match op.operand {
        OperandType::String => "a string",
        OperandType::Timestamp => "a timestamp string",
        OperandType::Number => "a number",
        OperandType::Bool => "`true` or `false`",
        OperandType::Path => "a path string such as `\"$.ticket.id\"`",
    };
    let diagnostic = report.add(
        value.range(),
        format!(
            "`{}` takes {expected}, found {}",
            op.name,
            value.type_name()
        ),
    );
    if let Some(other) = operator_for(op, value) {
        let with = match other.operand {
            OperandType::Path => "the value at a path",
            OperandType::Number => "a number",
            _ => "a boolean",
        };
        diagnostic
            .message
            .push_str(&format!("; to compare with {with}, use `{}`", other.name));
        // A path string cannot be the number or boolean the operator compares with, so its
        // `…Path` form is the one reading; a number under a string operator may as well have
        // been meant as a string.
        diagnostic
            .fix(
                format!("Rename to `{}`", other.name),
                vec![Edit::replace(member.key.inner_range(), other.name)],
            )
            .safe_if(other.operand == OperandType::Path);
        return;
    }
    // A number or boolean written as a string.
    let text = value.as_str().map(|s| s.value.trim());
    let literal = match (op.operand, text) {
        (OperandType::Number, Some(text)) => serde_json::from_str::<serde_json::Number>(text)
            .ok()
            .map(|_| text),
        (OperandType::Bool, Some(text @ ("true" | "false"))) => Some(text),
        _ => None,
    };
    if let Some(literal) = literal {
        diagnostic
            .fix(
                format!("Replace with `{literal}`"),
                vec![Edit::replace(value.range(), literal)],
            )
            .safe_if(true);
    }
}

fn fits(operand: OperandType, value: &Value) -> bool {
    match operand {
        OperandType::String | OperandType::Timestamp | OperandType::Path => {
            matches!(value, Value::String(_))
        }
        OperandType::Number => matches!(value, Value::Number(_)),
        OperandType::Bool => matches!(value, Value::Bool(..)),
    }
}

/// The supported operator of the same comparison that takes `value`: the `…Path` form for a path
/// (`NumericEquals` → `NumericEqualsPath`), the `Numeric…` form for a number, `BooleanEquals`
/// for a boolean.
fn operator_for(op: Operator, value: &Value) -> Option<Operator> {
    let plain = op.name.strip_suffix("Path").unwrap_or(op.name);
    let comparison = FAMILIES
        .iter()
        .find_map(|family| plain.strip_prefix(family))?;
    let name = match value {
        Value::String(text) if zis_jsonpath::looks_like_path(text.value.trim()) => {
            format!("{plain}Path")
        }
        Value::Number(_) => format!("Numeric{comparison}"),
        Value::Bool(..) => format!("Boolean{comparison}"),
        _ => return None,
    };
    operator(&name)
        .filter(|other| other.support == Support::Supported && fits(other.operand, value))
}

const FAMILIES: [&str; 4] = ["String", "Numeric", "Boolean", "Timestamp"];
