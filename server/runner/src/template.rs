//! Values written in the bundle, made concrete against flow data: keys ending in `.$` read a
//! path or fill `{{$…}}` placeholders, and (in action definitions) placeholders in any string are
//! filled.

use serde_json::{Map, Number, Value};
use zis_jsonpath::{placeholders, Path};
use zis_syntax::Value as Syntax;

use crate::assumptions;
use crate::error::{Failure, Outcome};
use crate::path::{select, type_name, Selection};

/// Where a value is written, which decides how plain strings are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A state's `Parameters` or `Result`: only `.$` keys are read [doc].
    State,
    /// A custom action's definition: production bundles fill placeholders in every string of it,
    /// `.$` suffix or not [field].
    ActionDefinition,
}

/// Turns bundle text into a value against `data`. Assumptions made on the way go to `assumed`.
pub fn resolve(
    value: &Syntax,
    data: &Value,
    place: Place,
    assumed: &mut Vec<String>,
) -> Outcome<Value> {
    let mut resolver = Resolver {
        data,
        place,
        assumed,
    };
    resolver.value(value)
}

/// Fills the placeholders of a text field that ZIS documents as holding them (a Fail state's
/// `Cause`, a Succeed state's `Message`).
pub fn fill(text: &str, data: &Value, assumed: &mut Vec<String>) -> Outcome<String> {
    let mut resolver = Resolver {
        data,
        place: Place::ActionDefinition,
        assumed,
    };
    resolver.template(text, "text")
}

/// Reads a path written in a field that takes one (`Variable`, `ItemsPath`, …): `None` when
/// nothing is there.
pub fn read_path(data: &Value, written: &str, field: &str) -> Outcome<Option<Value>> {
    let path = parse_path(written, field)?;
    Ok(selection(data, &path, written, field)?.into_value())
}

/// Parses a path, or fails the state the way a path ZIS cannot read does.
pub fn parse_path(written: &str, field: &str) -> Outcome<Path> {
    zis_jsonpath::parse(written).map_err(|error| {
        Failure::runtime(format!(
            "`{field}` holds `{written}`, which is not a path ({error})"
        ))
    })
}

fn selection<'v>(
    data: &'v Value,
    path: &Path,
    written: &str,
    field: &str,
) -> Outcome<Selection<'v>> {
    select(data, path).map_err(|unsupported| {
        Failure::unsupported(format!(
            "`{field}`: the path `{written}` holds {}, which this runner does not evaluate",
            unsupported.0
        ))
    })
}

struct Resolver<'a> {
    data: &'a Value,
    place: Place,
    assumed: &'a mut Vec<String>,
}

impl Resolver<'_> {
    fn value(&mut self, value: &Syntax) -> Outcome<Value> {
        Ok(match value {
            Syntax::Object(object) => {
                let mut out = Map::new();
                for member in &object.members {
                    let Some(item) = &member.value else { continue };
                    let key = &member.key.value;
                    match key.strip_suffix(".$") {
                        Some(name) => {
                            let read = self.suffixed(item, key)?;
                            out.insert(name.to_string(), read);
                        }
                        None => {
                            let item = self.value(item)?;
                            out.insert(key.to_string(), item);
                        }
                    }
                }
                Value::Object(out)
            }
            Syntax::Array(array) => Value::Array(
                array
                    .items
                    .iter()
                    .map(|item| self.value(item))
                    .collect::<Outcome<_>>()?,
            ),
            Syntax::String(string) => {
                let text = &string.value;
                if !has_placeholder(text) {
                    Value::String(text.to_string())
                } else if self.place == Place::ActionDefinition {
                    Value::String(self.template(text, "a string of the action definition")?)
                } else {
                    note(self.assumed, assumptions::PLACEHOLDER_WITHOUT_SUFFIX);
                    Value::String(text.to_string())
                }
            }
            other => literal(other),
        })
    }

    /// The value of a key ending in `.$`: a path, or a string with placeholders.
    fn suffixed(&mut self, value: &Syntax, key: &str) -> Outcome<Value> {
        let Syntax::String(string) = value else {
            return Err(Failure::runtime(format!(
                "`{key}` holds {}, but a key ending in `.$` takes a path",
                syntax_type(value)
            )));
        };
        let text = &string.value;
        if text.starts_with('$') {
            if let Ok(path) = zis_jsonpath::parse(text) {
                return match selection(self.data, &path, text, key)? {
                    Selection::One(Some(found)) => Ok(found.clone()),
                    Selection::One(None) => {
                        Err(Failure::path(format!("`{key}`: no value at `{text}`")))
                    }
                    many => Ok(many.into_value().unwrap_or_default()),
                };
            }
        }
        if has_placeholder(text) {
            return Ok(Value::String(self.template(text, &format!("`{key}`"))?));
        }
        if text.trim_start().starts_with("States.") {
            return Err(Failure::unsupported(format!(
                "`{key}` calls an intrinsic function, which ZIS does not support (ZIS008)"
            )));
        }
        Err(Failure::runtime(format!(
            "`{key}` holds `{text}`, which is neither a path nor text with a `{{{{$…}}}}` \
             placeholder"
        )))
    }

    /// `text` with every placeholder replaced by the value at its path.
    fn template(&mut self, text: &str, field: &str) -> Outcome<String> {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for placeholder in placeholders(text) {
            out.push_str(&text[copied..placeholder.range.start]);
            copied = placeholder.range.end;
            let written = &text[placeholder.path_range.clone()];
            let path = placeholder.result.map_err(|error| {
                Failure::runtime(format!(
                    "{field}: the placeholder `{}` holds no valid path ({error})",
                    &text[placeholder.range.clone()]
                ))
            })?;
            let found = match selection(self.data, &path, written, field)? {
                Selection::One(found) => found.cloned(),
                many => many.into_value(),
            };
            match found {
                Some(Value::String(found)) => out.push_str(&found),
                Some(other) => {
                    note(self.assumed, assumptions::PLACEHOLDER_NOT_STRING);
                    out.push_str(&other.to_string());
                }
                None => {
                    return Err(Failure::path(format!(
                        "{field}: no value at `{written}` for the placeholder `{}`",
                        &text[placeholder.range.clone()]
                    )));
                }
            }
        }
        out.push_str(&text[copied..]);
        Ok(out)
    }
}

/// Whether a string holds a `{{$…}}` placeholder; `{{` followed by anything else is plain text.
pub fn has_placeholder(text: &str) -> bool {
    text.contains("{{") && !placeholders(text).is_empty()
}

/// Records an assumption once.
pub fn note(assumed: &mut Vec<String>, text: &str) {
    if !assumed.iter().any(|known| known == text) {
        assumed.push(text.to_string());
    }
}

/// A bundle value as data, with nothing read from the flow.
pub fn literal(value: &Syntax) -> Value {
    match value {
        Syntax::Object(object) => Value::Object(
            object
                .members
                .iter()
                .filter_map(|member| {
                    Some((
                        member.key.value.to_string(),
                        literal(member.value.as_ref()?),
                    ))
                })
                .collect(),
        ),
        Syntax::Array(array) => Value::Array(array.items.iter().map(literal).collect()),
        Syntax::String(string) => Value::String(string.value.to_string()),
        Syntax::Number(number) => number_value(number.value, number.is_integer_literal),
        Syntax::Bool(value, _) => Value::Bool(*value),
        Syntax::Null(_) => Value::Null,
    }
}

fn number_value(value: f64, integer: bool) -> Value {
    // Integers within f64's exact range stay integers, as JSON readers keep them.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if integer && value.abs() <= EXACT {
        return Value::Number(Number::from(value as i64));
    }
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

fn syntax_type(value: &Syntax) -> &'static str {
    type_name(&literal(value))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(text: &str) -> Syntax {
        zis_syntax::parse(text).root.unwrap()
    }

    fn run(text: &str, data: &Value, place: Place) -> (Outcome<Value>, Vec<String>) {
        let mut assumed = Vec::new();
        let out = resolve(&parse(text), data, place, &mut assumed);
        (out, assumed)
    }

    #[test]
    fn suffixed_keys_read_paths_and_fill_placeholders() {
        let data = json!({"input": {"ticket": {"id": 7, "tags": ["a", "b"]}}, "who": "Ann"});
        let (out, assumed) = run(
            r#"{
                "id.$": "$.input.ticket.id",
                "all.$": "$",
                "tags.$": "$.input.ticket.tags[*]",
                "text.$": "Ticket {{$.input.ticket.id}} by {{ $.who }}",
                "plain": "$.who",
                "nested": {"who.$": "$.who", "list": [{"id.$": "$.input.ticket.id"}]},
                "n": 1.5, "i": 3, "b": true, "z": null
            }"#,
            &data,
            Place::State,
        );
        assert_eq!(
            out.unwrap(),
            json!({
                "id": 7,
                "all": data.clone(),
                "tags": ["a", "b"],
                "text": "Ticket 7 by Ann",
                "plain": "$.who",
                "nested": {"who": "Ann", "list": [{"id": 7}]},
                "n": 1.5, "i": 3, "b": true, "z": null
            })
        );
        assert_eq!(
            assumed,
            ["a placeholder whose value is not a string was filled with the value's JSON text"]
        );
    }

    #[test]
    fn plain_strings_fill_placeholders_only_in_action_definitions() {
        let data = json!({"id": 7});
        let text = r#"{"path": "/api/v2/tickets/{{$.id}}.json", "liquid": "{{ticket.id}}"}"#;
        let (out, assumed) = run(text, &data, Place::ActionDefinition);
        assert_eq!(
            out.unwrap(),
            json!({"path": "/api/v2/tickets/7.json", "liquid": "{{ticket.id}}"})
        );
        assert!(assumed.len() == 1, "{assumed:?}");
        let (out, assumed) = run(text, &data, Place::State);
        assert_eq!(
            out.unwrap(),
            json!({"path": "/api/v2/tickets/{{$.id}}.json", "liquid": "{{ticket.id}}"})
        );
        assert_eq!(assumed.len(), 1);
    }

    #[test]
    fn missing_paths_and_values_that_are_no_path_fail_the_state() {
        let data = json!({"a": 1});
        let failure = |text: &str| run(text, &data, Place::State).0.unwrap_err();
        let missing = failure(r#"{"x.$": "$.b"}"#);
        assert_eq!(missing.error, "States.ParameterPathFailure");
        assert_eq!(missing.cause, "`x.$`: no value at `$.b`");
        let placeholder = failure(r#"{"x.$": "id {{$.b}}"}"#);
        assert_eq!(placeholder.error, "States.ParameterPathFailure");
        assert_eq!(
            placeholder.cause,
            "`x.$`: no value at `$.b` for the placeholder `{{$.b}}`"
        );
        let literal = failure(r#"{"x.$": "solved"}"#);
        assert_eq!(literal.error, "States.Runtime");
        assert_eq!(
            literal.cause,
            "`x.$` holds `solved`, which is neither a path nor text with a `{{$…}}` placeholder"
        );
        assert_eq!(
            failure(r#"{"x.$": 3}"#).cause,
            "`x.$` holds a number, but a key ending in `.$` takes a path"
        );
    }

    #[test]
    fn fills_text_fields() {
        let data = json!({"n": 3, "s": "x"});
        let mut assumed = Vec::new();
        assert_eq!(fill("{{$.s}}-{{$.n}}", &data, &mut assumed).unwrap(), "x-3");
        assert_eq!(
            fill("no placeholder", &data, &mut assumed).unwrap(),
            "no placeholder"
        );
    }
}
