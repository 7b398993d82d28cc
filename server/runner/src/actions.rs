//! What an Action state's action does: a custom action's request, answered by a mock; the
//! built-ins against the config store and the links; the jq transform run for real.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::{json, Map, Value};
use zis_syntax::Object;

use crate::assumptions;
use crate::error::{Failure, Outcome};
use crate::jq::Programs;
use crate::mocks::{contains, Answer, Mocks};
use crate::template::{note, resolve, Place};
use crate::trace::{KeyValue, Request, Response};

/// What an action gave back.
pub enum Done {
    /// A result to write at the state's `ResultPath`.
    Result(Value),
    /// An action ZIS documents as giving no response: the flow data stays as it is.
    NoResponse,
}

/// The world the actions act on, for one run.
pub struct World<'m> {
    pub mocks: &'m Mocks,
    pub configs: BTreeMap<String, Value>,
    pub links: Vec<Value>,
    pub programs: Programs,
    /// How many calls each answer has served, by action name and position.
    served: HashMap<(String, usize), u32>,
    created_links: usize,
    pub account_id: Value,
    pub integration: String,
    pub subdomain: String,
}

/// A step's record of what the action did.
#[derive(Default)]
pub struct Record {
    pub did: Vec<String>,
    pub request: Option<Request>,
    pub response: Option<Response>,
    pub assumed: Vec<String>,
}

impl<'m> World<'m> {
    pub fn new(mocks: &'m Mocks, input: &Value) -> World<'m> {
        let text = |key: &str| input.get(key).and_then(Value::as_str).unwrap_or_default();
        World {
            mocks,
            configs: mocks.configs.clone(),
            links: mocks.links.clone(),
            programs: Programs::default(),
            served: HashMap::new(),
            created_links: 0,
            account_id: input.get("account_id").cloned().unwrap_or(Value::Null),
            integration: text("integration_key").to_string(),
            subdomain: text("subdomain").to_string(),
        }
    }

    /// Calls the custom action `name`, defined by `definition`, with `params` as its `$`.
    pub fn custom(
        &mut self,
        name: &str,
        definition: &Arc<Object>,
        params: &Value,
        record: &mut Record,
    ) -> Outcome<Done> {
        let request = self.request(name, definition, params, &mut record.assumed)?;
        record.did.push(format!(
            "built the request of custom action `{name}`; it was not sent"
        ));
        record.request = Some(request.clone());
        let answer = self.answer(name, Some(&request), params)?;
        self.answered(name, answer, record)
    }

    /// The answer a mock gives for a call, counted; a stop when none applies.
    fn answer(&mut self, name: &str, request: Option<&Request>, params: &Value) -> Outcome<Answer> {
        let Some(answers) = self.mocks.actions.get(name) else {
            return Err(Failure::unsupported(format!(
                "no answer for `{name}` in the mocks: give one under `actions` → `\"{name}\"` \
                 (a status and a body), and the run goes on with it"
            )));
        };
        let answers = answers.as_slice();
        for (at, answer) in answers.iter().enumerate() {
            let served = self.served.entry((name.to_string(), at)).or_default();
            if answer.times.is_some_and(|times| *served >= times) {
                continue;
            }
            if let Some(condition) = &answer.request {
                if !request_matches(condition, request, params) {
                    continue;
                }
            }
            *served += 1;
            return Ok(answer.clone());
        }
        Err(Failure::unsupported(format!(
            "none of the {} answers for `{name}` in the mocks applies to this call (each is \
             limited by its `request` or `times`)",
            answers.len()
        )))
    }

    fn answered(&mut self, name: &str, answer: Answer, record: &mut Record) -> Outcome<Done> {
        if let Some(error) = answer.error {
            record
                .did
                .push(format!("the mock for `{name}` raised `{error}`"));
            return Err(Failure::new(&error, answer.cause.unwrap_or_default()));
        }
        let status = answer.status.unwrap_or(200);
        record.response = Some(Response {
            status,
            body: answer.body.clone(),
            text: answer.text.clone(),
        });
        record.did.push(format!(
            "the mock for `{name}` answered with status {status}"
        ));
        if !(200..300).contains(&status) {
            note(&mut record.assumed, assumptions::HTTP_ERROR_NAME);
            return Err(Failure::task(format!(
                "external action failed due to status code: {status}"
            )));
        }
        Ok(Done::Result(match (answer.body, answer.text) {
            (Some(body), _) => body,
            (None, Some(text)) => json!({ "__httpresponse": text }),
            (None, None) => {
                note(&mut record.assumed, assumptions::EMPTY_BODY);
                json!({ "__httpresponse": "" })
            }
        }))
    }

    /// The request a custom action sends, built from its definition with `params` as `$`.
    fn request(
        &self,
        name: &str,
        definition: &Arc<Object>,
        params: &Value,
        assumed: &mut Vec<String>,
    ) -> Outcome<Request> {
        let resolved = resolve(
            &zis_syntax::Value::Object(definition.clone()),
            params,
            Place::ActionDefinition,
            assumed,
        )?;
        let field = |key: &str| resolved.get(key);
        let method = field("method")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Failure::unsupported(format!(
                    "the definition of `{name}` has no `method` (ZIS004): ZIS would not accept it"
                ))
            })?
            .to_string();
        let connection = field("connectionName")
            .and_then(Value::as_str)
            .map(str::to_string);
        let url = match (field("url"), field("path")) {
            (Some(url), _) => text_of(url, assumed),
            (None, Some(path)) => {
                let host = match connection.as_deref() {
                    None | Some("zendesk") => format!("https://{}.zendesk.com", self.subdomain),
                    Some(other) => match self.mocks.connections.get(other) {
                        Some(known) => format!("https://{}", known.allowed_domain),
                        None => format!("https://<allowed domain of connection {other}>"),
                    },
                };
                format!("{host}{}", text_of(path, assumed))
            }
            (None, None) => {
                return Err(Failure::unsupported(format!(
                    "the definition of `{name}` has neither `url` nor `path` (ZIS201)"
                )))
            }
        };
        let pairs = |key: &str, assumed: &mut Vec<String>| -> Vec<KeyValue> {
            field(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|entry| {
                    Some(KeyValue {
                        key: entry.get("key")?.as_str()?.to_string(),
                        value: text_of(entry.get("value").unwrap_or(&Value::Null), assumed),
                    })
                })
                .collect()
        };
        let headers = pairs("headers", assumed);
        let mut query = pairs("queryParams", assumed);
        query.extend(pairs("query", assumed));
        Ok(Request {
            action: name.to_string(),
            method,
            url,
            connection,
            headers,
            query,
            body: field("requestBody").cloned(),
        })
    }

    /// Runs a built-in: its documented behaviour, or the answer the mocks give for it.
    pub fn builtin(
        &mut self,
        reference: &str,
        params: &Value,
        record: &mut Record,
    ) -> Outcome<Done> {
        if self.mocks.actions.contains_key(reference) {
            let answer = self.answer(reference, None, params)?;
            record.did.push(format!(
                "the mocks answer for `{reference}` instead of the built-in"
            ));
            return self.answered(reference, answer, record);
        }
        let name = reference.rsplit(':').next().unwrap_or(reference);
        match reference {
            "zis:common:transform:Jq" => self.jq(params, record),
            "zis:common:action:LoadConfig" => self.load_config(params, record),
            "zis:common:action:PatchConfig" => self.patch_config(params, record),
            "zis:common:action:LoadLinks" => self.load_links(params, record),
            "zis:common:action:CreateLink" => self.create_link(params, record),
            "zis:common:action:PatchLink" => self.patch_link(params, record),
            "zis:common:action:DeleteLink" => self.delete_link(params, record),
            _ => Err(Failure::unsupported(format!(
                "`{reference}` is not a built-in ZIS documents, so this runner cannot know what \
                 {name} does: give its answer in the mocks under `actions` → `\"{reference}\"`"
            ))),
        }
    }

    fn jq(&mut self, params: &Value, record: &mut Record) -> Outcome<Done> {
        let Some(program) = params.get("expr").and_then(Value::as_str) else {
            return Err(Failure::task(
                "the Jq transform needs `expr`, a jq program as a string",
            ));
        };
        let data = params.get("data").cloned().unwrap_or(Value::Null);
        let outputs = self.programs.run(program, &data).map_err(Failure::task)?;
        record.did.push("ran the jq program".to_string());
        match (outputs.count, outputs.first) {
            (1, Some(first)) => Ok(Done::Result(first)),
            (_, Some(first)) => {
                note(&mut record.assumed, assumptions::JQ_SEVERAL_OUTPUTS);
                record
                    .did
                    .push("the program gave more than one output; the first is the result".into());
                Ok(Done::Result(first))
            }
            (_, None) => {
                note(&mut record.assumed, assumptions::JQ_NO_OUTPUT);
                record.did.push("the program gave no output".into());
                Ok(Done::Result(Value::Null))
            }
        }
    }

    fn load_config(&mut self, params: &Value, record: &mut Record) -> Outcome<Done> {
        let scope = required_text(params, "scope", "LoadConfig")?;
        let found = if scope.contains('*') {
            note(&mut record.assumed, assumptions::CONFIG_WILDCARD);
            self.configs
                .iter()
                .find(|(name, _)| wildcard_matches(&scope, name))
        } else {
            self.configs.get_key_value(&scope)
        };
        match found {
            Some((name, config)) => {
                record
                    .did
                    .push(format!("loaded the config of scope `{name}`"));
                Ok(Done::Result(json!({ "config": config })))
            }
            None => {
                note(&mut record.assumed, assumptions::LOAD_CONFIG_MISSING);
                Err(Failure::task(format!(
                    "no config is stored for scope `{scope}` (seed one in the mocks' `configs`)"
                )))
            }
        }
    }

    fn patch_config(&mut self, params: &Value, record: &mut Record) -> Outcome<Done> {
        let scope = required_text(params, "scope", "PatchConfig")?;
        let Some(changes) = params.get("config").filter(|c| c.is_object()) else {
            return Err(Failure::task("PatchConfig needs `config`, an object"));
        };
        let stored = self.configs.entry(scope.clone()).or_insert_with(|| {
            note(&mut record.assumed, assumptions::PATCH_CONFIG_CREATES);
            Value::Object(Map::new())
        });
        merge(stored, changes);
        note(&mut record.assumed, assumptions::PATCH_CONFIG_MERGE);
        record.did.push(format!(
            "merged the changes into the config of scope `{scope}`"
        ));
        Ok(Done::NoResponse)
    }

    fn load_links(&mut self, params: &Value, record: &mut Record) -> Outcome<Done> {
        let link_type = required_text(params, "link_type", "LoadLinks")?;
        let left = optional_text(params, "left_object_name");
        let right = optional_text(params, "right_object_name");
        if left.is_none() && right.is_none() {
            return Err(Failure::task(
                "LoadLinks needs `left_object_name`, `right_object_name` or both",
            ));
        }
        let page_size = params
            .get("page_size")
            .and_then(Value::as_u64)
            .unwrap_or(20);
        if page_size > 100 {
            return Err(Failure::task("LoadLinks: `page_size` cannot exceed 100"));
        }
        if [&left, &right]
            .into_iter()
            .flatten()
            .any(|name| name.contains('*'))
        {
            note(&mut record.assumed, assumptions::LINKS_WILDCARD);
        }
        let after = optional_text(params, "page_after_cursor");
        let mut matching = self.links.iter().filter(|link| {
            link_text(link, &["link_type"]).as_deref() == Some(link_type.as_str())
                && side_matches(link, "left_object", left.as_deref())
                && side_matches(link, "right_object", right.as_deref())
        });
        if let Some(after) = &after {
            matching
                .by_ref()
                .find(|link| link_id(link).as_deref() == Some(after.as_str()));
        }
        let page: Vec<Value> = matching
            .take(usize::try_from(page_size).unwrap_or(usize::MAX))
            .cloned()
            .collect();
        note(&mut record.assumed, assumptions::LOAD_LINKS_ANSWER);
        record.did.push(format!(
            "loaded {} link(s) of type `{link_type}`",
            page.len()
        ));
        Ok(Done::Result(json!({ "links": page })))
    }

    fn create_link(&mut self, params: &Value, record: &mut Record) -> Outcome<Done> {
        let link_type = required_text(params, "link_type", "CreateLink")?;
        let side = |key: &str| -> Outcome<Value> {
            let name = params
                .get(key)
                .and_then(|side| side.get("name"))
                .map(|name| text_of(name, &mut Vec::new()))
                .ok_or_else(|| Failure::task(format!("CreateLink needs `{key}` with a `name`")))?;
            let mut object = params[key].as_object().cloned().unwrap_or_default();
            object.insert("name".into(), Value::String(name));
            Ok(Value::Object(object))
        };
        let (left, right) = (side("left_object")?, side("right_object")?);
        self.created_links += 1;
        let link = json!({
            "account_id": self.account_id,
            "integration": self.integration,
            "left_object": left,
            "link_type": link_type,
            "right_object": right,
            "uuid": format!("link-{}", self.created_links),
        });
        note(&mut record.assumed, assumptions::LINK_UUID);
        self.links.push(link.clone());
        record
            .did
            .push(format!("created a link of type `{link_type}`"));
        Ok(Done::Result(json!({ "link": link })))
    }

    /// The links `link_type`, `left_object_name` and `right_object_name` name, by position.
    fn named_links(&self, params: &Value, action: &str) -> Outcome<Vec<usize>> {
        let link_type = required_text(params, "link_type", action)?;
        let left = optional_text(params, "left_object_name");
        let right = optional_text(params, "right_object_name");
        Ok(self
            .links
            .iter()
            .enumerate()
            .filter(|(_, link)| {
                link_text(link, &["link_type"]).as_deref() == Some(link_type.as_str())
                    && side_matches(link, "left_object", left.as_deref())
                    && side_matches(link, "right_object", right.as_deref())
            })
            .map(|(at, _)| at)
            .collect())
    }

    fn patch_link(&mut self, params: &Value, record: &mut Record) -> Outcome<Done> {
        let found = self.named_links(params, "PatchLink")?;
        for &at in &found {
            for side in ["left_object", "right_object"] {
                if let Some(update) = params.get(side) {
                    merge(&mut self.links[at][side], update);
                }
            }
        }
        note(&mut record.assumed, assumptions::PATCH_LINK);
        record.did.push(format!("changed {} link(s)", found.len()));
        Ok(Done::NoResponse)
    }

    fn delete_link(&mut self, params: &Value, record: &mut Record) -> Outcome<Done> {
        let found = self.named_links(params, "DeleteLink")?;
        for &at in found.iter().rev() {
            self.links.remove(at);
        }
        note(&mut record.assumed, assumptions::DELETE_LINK);
        record.did.push(format!("deleted {} link(s)", found.len()));
        Ok(Done::NoResponse)
    }
}

fn request_matches(
    condition: &crate::mocks::RequestMatch,
    request: Option<&Request>,
    params: &Value,
) -> bool {
    let Some(request) = request else {
        // A built-in has no HTTP request: only its parameters, as the body, can be matched.
        return condition.method.is_none()
            && condition.url.is_none()
            && condition.query.is_empty()
            && condition.headers.is_empty()
            && condition
                .body
                .as_ref()
                .is_none_or(|body| contains(params, body));
    };
    let has = |pairs: &[KeyValue], key: &str, value: &str, ignore_case: bool| {
        pairs.iter().any(|pair| {
            let same_key = if ignore_case {
                pair.key.eq_ignore_ascii_case(key)
            } else {
                pair.key == key
            };
            same_key && pair.value == value
        })
    };
    condition
        .method
        .as_ref()
        .is_none_or(|method| method.eq_ignore_ascii_case(&request.method))
        && condition.url.as_ref().is_none_or(|url| *url == request.url)
        && condition
            .query
            .iter()
            .all(|(key, value)| has(&request.query, key, value, false))
        && condition
            .headers
            .iter()
            .all(|(key, value)| has(&request.headers, key, value, true))
        && condition.body.as_ref().is_none_or(|body| {
            request
                .body
                .as_ref()
                .is_some_and(|sent| contains(sent, body))
        })
}

/// A value as text in a URL, header or query: strings as they are, anything else as JSON.
fn text_of(value: &Value, assumed: &mut Vec<String>) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => {
            note(assumed, assumptions::TEXT_OF_VALUE);
            other.to_string()
        }
    }
}

fn required_text(params: &Value, key: &str, action: &str) -> Outcome<String> {
    optional_text(params, key).ok_or_else(|| Failure::task(format!("{action} needs `{key}`")))
}

/// A parameter as text; numbers count, as link names hold ticket ids.
fn optional_text(params: &Value, key: &str) -> Option<String> {
    match params.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn link_text(link: &Value, path: &[&str]) -> Option<String> {
    let mut node = link;
    for key in path {
        node = node.get(key)?;
    }
    match node {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn link_id(link: &Value) -> Option<String> {
    link_text(link, &["id"]).or_else(|| link_text(link, &["uuid"]))
}

/// Whether a link's side has the name asked for; `*` matches any run of characters, as in the
/// Links API.
fn side_matches(link: &Value, side: &str, name: Option<&str>) -> bool {
    name.is_none_or(|name| {
        link_text(link, &[side, "name"]).is_some_and(|found| wildcard_matches(name, &found))
    })
}

/// Glob matching with `*` only.
fn wildcard_matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Merges `changes` into `target`: objects key by key, anything else replaced.
fn merge(target: &mut Value, changes: &Value) {
    match (target, changes) {
        (Value::Object(target), Value::Object(changes)) => {
            for (key, change) in changes {
                match target.get_mut(key) {
                    Some(existing) => merge(existing, change),
                    None => {
                        target.insert(key.clone(), change.clone());
                    }
                }
            }
        }
        (target, changes) => *target = changes.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_matches("a*", "abc"));
        assert!(wildcard_matches("*c", "abc"));
        assert!(wildcard_matches("a*c", "abc"));
        assert!(wildcard_matches("*", ""));
        assert!(wildcard_matches("abc", "abc"));
        assert!(!wildcard_matches("abc", "abcd"));
        assert!(!wildcard_matches("a*b*c", "acb"));
        assert!(!wildcard_matches("ab*ba", "aba"));
    }

    #[test]
    fn merges_objects_at_any_depth() {
        let mut stored = json!({"a": {"b": 1, "c": 2}, "d": [1]});
        merge(&mut stored, &json!({"a": {"b": 5}, "d": [2], "e": true}));
        assert_eq!(stored, json!({"a": {"b": 5, "c": 2}, "d": [2], "e": true}));
    }
}
