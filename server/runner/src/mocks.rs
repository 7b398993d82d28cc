//! What stands in for the world outside the flow: answers for actions, the config store, links
//! and connections. Read from the `--mocks` file or a test file's `mocks`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mocks {
    /// Answers by action: a custom action's `properties.name`, or a built-in's whole reference
    /// (`zis:common:action:LoadConfig`) to replace what the built-in would do.
    #[serde(default)]
    pub actions: BTreeMap<String, Answers>,
    /// The config store when the flow starts: each scope's config object.
    #[serde(default)]
    pub configs: BTreeMap<String, Value>,
    /// The links stored when the flow starts, each as `LoadLinks` returns it.
    #[serde(default)]
    pub links: Vec<Value>,
    /// The integration's connections, for the host of a `path` that uses one.
    #[serde(default)]
    pub connections: BTreeMap<String, Connection>,
}

/// One answer, or several tried in order.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Answers {
    One(Box<Answer>),
    Many(Vec<Answer>),
}

impl Answers {
    pub fn as_slice(&self) -> &[Answer] {
        match self {
            Answers::One(answer) => std::slice::from_ref(answer),
            Answers::Many(answers) => answers,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Answers only the requests that match all of these.
    pub request: Option<RequestMatch>,
    /// The HTTP status; 200 when not given. Outside 2xx, the action fails as ZIS documents.
    pub status: Option<u16>,
    /// A JSON body: the action's result.
    pub body: Option<Value>,
    /// A body that is not JSON: ZIS puts it under `__httpresponse`.
    pub text: Option<String>,
    /// Raises this error instead of answering (`States.Timeout`, a network failure).
    pub error: Option<String>,
    /// The `Cause` of `error`.
    pub cause: Option<String>,
    /// Answers this many calls at most; then the next answer that matches takes over.
    pub times: Option<u32>,
}

/// What a request must hold for an answer to apply. Each field given must match.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestMatch {
    /// Compared without regard to case.
    pub method: Option<String>,
    /// The whole URL, exactly.
    pub url: Option<String>,
    /// Query parameters that must be present with these values.
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    /// Headers that must be present with these values; names compared without regard to case.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body must hold this: objects may have more keys than given, everything else is
    /// compared exactly.
    pub body: Option<Value>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    /// The host the connection may call, as set when it was created.
    pub allowed_domain: String,
}

/// Whether `actual` holds everything `expected` does: extra object keys are allowed at any
/// depth; arrays and scalars compare exactly.
pub fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => expected
            .iter()
            .all(|(key, value)| actual.get(key).is_some_and(|found| contains(found, value))),
        _ => actual == expected,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_one_answer_or_a_list() {
        let mocks: Mocks = serde_json::from_value(json!({
            "actions": {
                "a": {"status": 404},
                "b": [{"request": {"method": "GET"}, "body": {"ok": true}}, {"error": "States.Timeout"}]
            },
            "configs": {"scope": {"k": 1}}
        }))
        .unwrap();
        assert_eq!(mocks.actions["a"].as_slice()[0].status, Some(404));
        assert_eq!(mocks.actions["b"].as_slice().len(), 2);
        let unknown = serde_json::from_value::<Mocks>(json!({"action": {}}));
        assert!(unknown
            .unwrap_err()
            .to_string()
            .contains("unknown field `action`"));
    }

    #[test]
    fn containment_allows_extra_keys_only() {
        let actual = json!({"a": {"b": 1, "c": 2}, "l": [1, 2]});
        assert!(contains(&actual, &json!({"a": {"b": 1}})));
        assert!(contains(&actual, &json!({})));
        assert!(!contains(&actual, &json!({"l": [1]})));
        assert!(!contains(&actual, &json!({"a": {"b": 2}})));
        assert!(!contains(&actual, &json!({"x": null})));
    }
}
