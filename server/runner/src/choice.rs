//! Choice rules: which rule matches the flow data, and why.

use std::cmp::Ordering;

use serde_json::{Map, Value};
use zis_analysis::schema::{operator, OperandType, Support};
use zis_syntax::{Object, Value as Syntax};

use crate::assumptions;
use crate::error::{Failure, Outcome};
use crate::path::type_name;
use crate::template::{literal, note, read_path};

/// Evaluates one rule: whether it holds, with what it read (path → value) and a sentence on it.
pub struct Evaluation<'d> {
    data: &'d Value,
    /// Every value a rule read, by the path written.
    pub read: Map<String, Value>,
    pub assumed: Vec<String>,
}

impl<'d> Evaluation<'d> {
    pub fn new(data: &'d Value) -> Self {
        Evaluation {
            data,
            read: Map::new(),
            assumed: Vec::new(),
        }
    }

    /// Whether `rule` holds, and the reason in words.
    pub fn rule(&mut self, rule: &Object) -> Outcome<(bool, String)> {
        if let Some(rules) = rule.get_array("And").or_else(|| rule.get_array("Or")) {
            let all = rule.get_array("And").is_some();
            let mut parts = Vec::new();
            let mut holds = all;
            for nested in rules.items.iter().filter_map(Syntax::as_object) {
                let (nested_holds, reason) = self.rule(nested)?;
                parts.push(reason);
                // Evaluated in order and stopped at the first that decides, as a reader would.
                if nested_holds != all {
                    holds = !all;
                    break;
                }
            }
            let word = if all { "all of" } else { "any of" };
            return Ok((holds, format!("{word} ({})", parts.join("; "))));
        }
        if let Some(nested) = rule.get_object("Not") {
            let (holds, reason) = self.rule(nested)?;
            return Ok((!holds, format!("not ({reason})")));
        }
        self.comparison(rule)
    }

    fn comparison(&mut self, rule: &Object) -> Outcome<(bool, String)> {
        let Some(variable) = rule.get_str("Variable") else {
            return Err(Failure::unsupported(
                "a Choice rule has no `Variable` (ZIS107 reports it): ZIS would not accept it",
            ));
        };
        let variable = variable.value.as_str();
        let Some((name, operand)) = rule.members.iter().find_map(|member| {
            Some((member.key.value.as_str(), member.value.as_ref()?))
                .filter(|(name, _)| operator(name).is_some())
        }) else {
            return Err(Failure::unsupported(format!(
                "the Choice rule on `{variable}` has no comparison operator (ZIS107 reports it)"
            )));
        };
        let op = operator(name).expect("found by name");
        match op.support {
            Support::Unsupported => {
                return Err(Failure::unsupported(format!(
                    "ZIS does not support the `{name}` operator (ZIS008): the Registry would \
                     refuse this bundle"
                )));
            }
            Support::Undocumented => note(&mut self.assumed, assumptions::UNDOCUMENTED_OPERATOR),
            _ => {}
        }
        let value = read_path(self.data, variable, "Variable")?;
        if name == "IsPresent" {
            let expected = operand.as_bool().unwrap_or(true);
            let present = value.is_some();
            return Ok((
                present == expected,
                format!(
                    "`{variable}` is {}present; IsPresent {expected}",
                    if present { "" } else { "not " }
                ),
            ));
        }
        let Some(value) = value else {
            return Err(Failure::runtime(format!(
                "the Choice rule reads `{variable}`, which is not in the data"
            )));
        };
        self.read.insert(variable.to_string(), value.clone());
        let expected = if op.operand == OperandType::Path {
            let written = operand
                .as_str()
                .map(|s| s.value.as_str())
                .unwrap_or_default();
            let found = read_path(self.data, written, name)?.ok_or_else(|| {
                Failure::runtime(format!(
                    "`{name}` reads `{written}`, which is not in the data"
                ))
            })?;
            self.read.insert(written.to_string(), found.clone());
            found
        } else {
            literal(operand)
        };
        let base = name.strip_suffix("Path").unwrap_or(name);
        let holds = compare(base, &value, &expected);
        let shown = format!(
            "`{variable}` is {}; {name} {}",
            show(&value),
            show(&expected)
        );
        match holds {
            Some(holds) => Ok((holds, shown)),
            None => {
                note(&mut self.assumed, assumptions::MIXED_TYPES);
                Ok((
                    false,
                    format!("{shown} (cannot compare {} with it)", type_name(&value)),
                ))
            }
        }
    }
}

/// Applies a comparison operator (without its `Path` suffix); `None` when the value has a type
/// the operator does not compare.
fn compare(op: &str, value: &Value, expected: &Value) -> Option<bool> {
    let (kind, relation) = split_operator(op)?;
    let ordering = match kind {
        "String" => value.as_str()?.cmp(expected.as_str()?),
        "Numeric" => value.as_f64()?.partial_cmp(&expected.as_f64()?)?,
        "Timestamp" => timestamp(value)?.cmp(&timestamp(expected)?),
        "Boolean" => return Some(value.as_bool()? == expected.as_bool()?),
        "IsNull" => return Some(value.is_null() == expected.as_bool()?),
        _ => return None,
    };
    Some(match relation {
        "Equals" => ordering == Ordering::Equal,
        "LessThan" => ordering == Ordering::Less,
        "GreaterThan" => ordering == Ordering::Greater,
        "LessThanEquals" => ordering != Ordering::Greater,
        "GreaterThanEquals" => ordering != Ordering::Less,
        _ => return None,
    })
}

fn split_operator(op: &str) -> Option<(&str, &str)> {
    if op == "IsNull" {
        return Some(("IsNull", ""));
    }
    ["String", "Numeric", "Timestamp", "Boolean"]
        .into_iter()
        .find_map(|kind| Some((kind, op.strip_prefix(kind)?)))
}

fn timestamp(value: &Value) -> Option<jiff::Timestamp> {
    value.as_str()?.parse().ok()
}

fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn eval(rule: &str, data: Value) -> Outcome<(bool, String)> {
        let root = zis_syntax::parse(rule).root.unwrap();
        Evaluation::new(&data).rule(root.as_object().unwrap())
    }

    fn holds(rule: &str, data: Value) -> bool {
        eval(rule, data).unwrap().0
    }

    /// Each operator has a fixture of its own (`tests/fixtures/runner/choice-*.json`); these are
    /// the cases around them: offsets, fractions, types that do not compare, missing values.
    #[test]
    fn comparisons_at_their_edges() {
        let data = json!({"s": "b", "n": 5, "z": null, "ts": "2021-08-12T08:46:37Z"});
        let cases = [
            (
                r#"{"Variable": "$.ts", "TimestampEquals": "2021-08-12T10:46:37+02:00"}"#,
                true,
            ),
            (r#"{"Variable": "$.n", "NumericLessThan": 5.5}"#, true),
            (r#"{"Variable": "$.n", "StringEquals": "5"}"#, false),
            (r#"{"Variable": "$.nope", "IsPresent": false}"#, true),
            (r#"{"Not": {"Variable": "$.z", "IsNull": false}}"#, true),
        ];
        for (rule, expected) in cases {
            assert_eq!(holds(rule, data.clone()), expected, "{rule}");
        }
    }

    #[test]
    fn explains_and_fails_as_zis_would() {
        let data = json!({"p": "urgent"});
        assert_eq!(
            eval(
                r#"{"Variable": "$.p", "StringEquals": "Urgent"}"#,
                data.clone()
            )
            .unwrap(),
            (false, "`$.p` is \"urgent\"; StringEquals \"Urgent\"".into())
        );
        let missing = eval(r#"{"Variable": "$.q", "StringEquals": "x"}"#, data.clone());
        assert_eq!(
            missing.unwrap_err(),
            Failure::runtime("the Choice rule reads `$.q`, which is not in the data")
        );
        let matches = eval(r#"{"Variable": "$.p", "StringMatches": "u*"}"#, data).unwrap_err();
        assert_eq!(matches.kind, crate::error::FailureKind::Stops);
    }
}
