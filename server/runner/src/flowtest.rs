//! Flow tests: the `*.zis-test.json` format and the comparison of a trace with what a test
//! expects. Reading the files a test names is the caller's; its JSON Schema is
//! `schemas/zis-test.schema.json`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::mocks::Mocks;
use crate::path::select;
use crate::trace::{Request, Step, Trace};

/// A test file: a bundle and the tests run on it. The sources given here are the defaults of
/// every test.
#[derive(Clone, Debug, Deserialize)]
pub struct Suite {
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// The bundle, relative to the test file.
    pub bundle: String,
    pub tests: Vec<Case>,
    #[serde(flatten)]
    pub defaults: Sources,
    /// What serde does not check for a struct with flattened fields: keys no field takes.
    #[serde(flatten)]
    unknown: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Case {
    pub name: String,
    #[serde(default)]
    pub expect: Expect,
    #[serde(flatten)]
    pub sources: Sources,
    #[serde(flatten)]
    unknown: BTreeMap<String, Value>,
}

/// What a test runs: the flow, the event and the mocks, each given at most one way.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Sources {
    pub flow: Option<String>,
    /// The event itself.
    pub event: Option<Value>,
    /// A file holding the event, relative to the test file.
    pub event_file: Option<String>,
    /// An event type whose sample payload is the event.
    pub event_type: Option<String>,
    pub mocks: Option<Mocks>,
    /// A file holding the mocks, relative to the test file.
    pub mocks_file: Option<String>,
}

/// Where a test's event comes from: the test's own, else the file's.
#[derive(Clone, Copy, Debug)]
pub enum EventSource<'s> {
    Inline(&'s Value),
    File(&'s str),
    Type(&'s str),
}

/// Where a test's mocks come from: the test's own, else the file's; none at all is no mock.
#[derive(Clone, Copy, Debug)]
pub enum MocksSource<'s> {
    Inline(&'s Mocks),
    File(&'s str),
    None,
}

impl Sources {
    fn event(&self) -> Option<EventSource<'_>> {
        let Sources {
            event,
            event_file,
            event_type,
            ..
        } = self;
        event
            .as_ref()
            .map(EventSource::Inline)
            .or_else(|| event_file.as_deref().map(EventSource::File))
            .or_else(|| event_type.as_deref().map(EventSource::Type))
    }

    fn mocks(&self) -> Option<MocksSource<'_>> {
        self.mocks
            .as_ref()
            .map(MocksSource::Inline)
            .or_else(|| self.mocks_file.as_deref().map(MocksSource::File))
    }

    /// Each source given at most one way.
    fn check(&self, whose: &str) -> Result<(), String> {
        let events = [
            self.event.is_some(),
            self.event_file.is_some(),
            self.event_type.is_some(),
        ];
        if events.into_iter().filter(|&given| given).count() > 1 {
            return Err(format!(
                "{whose} gives more than one of `event`, `event_file` and `event_type`"
            ));
        }
        if self.mocks.is_some() && self.mocks_file.is_some() {
            return Err(format!("{whose} gives both `mocks` and `mocks_file`"));
        }
        Ok(())
    }
}

impl Suite {
    /// The event of a test; `None` when neither the test nor the file gives one.
    pub fn event_of<'s>(&'s self, case: &'s Case) -> Option<EventSource<'s>> {
        case.sources.event().or_else(|| self.defaults.event())
    }

    pub fn mocks_of<'s>(&'s self, case: &'s Case) -> MocksSource<'s> {
        case.sources
            .mocks()
            .or_else(|| self.defaults.mocks())
            .unwrap_or(MocksSource::None)
    }

    /// The flow of a test; `None` when neither the test nor the file names one.
    pub fn flow_of<'s>(&'s self, case: &'s Case) -> Option<&'s str> {
        case.sources
            .flow
            .as_deref()
            .or(self.defaults.flow.as_deref())
    }
}

/// What a test expects; each field given is checked.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `succeeded`, `failed` or `stopped`.
    pub status: Option<String>,
    /// The error of a failed run.
    pub error: Option<String>,
    /// The cause of a failed run.
    pub cause: Option<String>,
    /// A Succeed state's message.
    pub message: Option<String>,
    /// The flow's states entered, in order (not those inside Map iterations).
    pub states: Option<Vec<String>>,
    /// Values in the flow data when the run ended, by path.
    #[serde(default)]
    pub values: BTreeMap<String, Value>,
    /// Every request the custom actions would send, in order.
    pub requests: Option<Vec<ExpectedRequest>>,
}

/// A request a test expects; each field given must match.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRequest {
    pub action: Option<String>,
    pub method: Option<String>,
    pub url: Option<String>,
    /// Headers that must be sent with these values (names without regard to case).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Query parameters that must be sent with these values.
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    /// The body, exactly.
    pub body: Option<Value>,
}

/// Reads a test file.
pub fn parse(text: &str) -> Result<Suite, String> {
    let suite: Suite = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let unknown =
        |keys: &BTreeMap<String, Value>, whose: &str, takes: &str| match keys.keys().next() {
            Some(key) => Err(format!(
                "unknown field `{key}` in {whose}, which takes {takes}"
            )),
            None => Ok(()),
        };
    const SOURCES: &str = "`flow`, `event`, `event_file`, `event_type`, `mocks`, `mocks_file`";
    unknown(
        &suite.unknown,
        "the file",
        &format!("`$schema`, `bundle`, `tests`, {SOURCES}"),
    )?;
    if suite.tests.is_empty() {
        return Err("`tests` is empty: a test file holds at least one test".into());
    }
    suite.defaults.check("the file")?;
    for case in &suite.tests {
        let whose = format!("test `{}`", case.name);
        unknown(
            &case.unknown,
            &whose,
            &format!("`name`, `expect`, {SOURCES}"),
        )?;
        case.sources.check(&whose)?;
    }
    Ok(suite)
}

/// How a trace differs from what a test expects: one sentence per difference.
pub fn check(trace: &Trace, expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    let status = trace.end.status();
    if let Some(expected) = &expect.status {
        if expected != status {
            problems.push(format!(
                "expected the run to end `{expected}`, it ended `{status}`{}",
                describe_end(trace)
            ));
        }
    }
    let (error, cause, message) = match &trace.end {
        crate::End::Failed { error, cause, .. } => (Some(error), Some(cause), None),
        crate::End::Succeeded { message, .. } => (None, None, message.as_ref()),
        crate::End::Stopped { .. } => (None, None, None),
    };
    compare(&mut problems, "error", expect.error.as_ref(), error);
    compare(&mut problems, "cause", expect.cause.as_ref(), cause);
    compare(&mut problems, "message", expect.message.as_ref(), message);
    if let Some(expected) = &expect.states {
        let visited: Vec<&str> = trace.steps.iter().map(|step| step.state.as_str()).collect();
        if visited != *expected {
            problems.push(format!(
                "expected the states {}, the run entered {}",
                list(expected.iter().map(String::as_str)),
                list(visited.iter().copied())
            ));
        }
    }
    for (written, expected) in &expect.values {
        let found = match zis_jsonpath::parse(written) {
            Ok(path) => select(&trace.output, &path)
                .ok()
                .and_then(|selection| selection.into_value()),
            Err(error) => {
                problems.push(format!("`{written}` is not a path: {error}"));
                continue;
            }
        };
        match found {
            Some(found) if found == *expected => {}
            Some(found) => problems.push(format!(
                "expected `{written}` to be {expected}, it is {found}"
            )),
            None => problems.push(format!(
                "expected `{written}` to be {expected}, it is not in the data"
            )),
        }
    }
    if let Some(expected) = &expect.requests {
        let sent = requests(&trace.steps);
        if sent.len() != expected.len() {
            problems.push(format!(
                "expected {} request(s), the run built {}",
                expected.len(),
                sent.len()
            ));
        }
        for (at, (expected, sent)) in expected.iter().zip(&sent).enumerate() {
            for difference in request_differences(expected, sent) {
                problems.push(format!("request {}: {difference}", at + 1));
            }
        }
    }
    problems
}

/// Every request of a run, in order, those of Map iterations included.
pub fn requests(steps: &[Step]) -> Vec<&Request> {
    let mut found = Vec::new();
    for step in steps {
        found.extend(step.request.as_ref());
        for iteration in &step.iterations {
            found.extend(requests(&iteration.steps));
        }
    }
    found
}

fn request_differences(expected: &ExpectedRequest, sent: &Request) -> Vec<String> {
    let mut differences = Vec::new();
    let mut field = |name: &str, expected: Option<&String>, sent: &str, ignore_case: bool| {
        if let Some(expected) = expected {
            let same = if ignore_case {
                expected.eq_ignore_ascii_case(sent)
            } else {
                expected == sent
            };
            if !same {
                differences.push(format!("expected {name} `{expected}`, it is `{sent}`"));
            }
        }
    };
    field("action", expected.action.as_ref(), &sent.action, false);
    field("method", expected.method.as_ref(), &sent.method, true);
    field("URL", expected.url.as_ref(), &sent.url, false);
    for (name, value) in &expected.headers {
        let found = sent
            .headers
            .iter()
            .find(|header| header.key.eq_ignore_ascii_case(name));
        match found {
            Some(header) if header.value == *value => {}
            Some(header) => differences.push(format!(
                "expected header `{name}` to be `{value}`, it is `{}`",
                header.value
            )),
            None => differences.push(format!("expected header `{name}`, it is not sent")),
        }
    }
    for (name, value) in &expected.query {
        let found = sent.query.iter().find(|pair| pair.key == *name);
        match found {
            Some(pair) if pair.value == *value => {}
            Some(pair) => differences.push(format!(
                "expected query parameter `{name}` to be `{value}`, it is `{}`",
                pair.value
            )),
            None => differences.push(format!("expected query parameter `{name}`, it is not sent")),
        }
    }
    if let Some(body) = &expected.body {
        match &sent.body {
            Some(sent) if sent == body => {}
            Some(sent) => differences.push(format!("expected the body {body}, it is {sent}")),
            None => differences.push(format!("expected the body {body}, there is none")),
        }
    }
    differences
}

fn compare(
    problems: &mut Vec<String>,
    what: &str,
    expected: Option<&String>,
    found: Option<&String>,
) {
    let Some(expected) = expected else { return };
    match found {
        Some(found) if found == expected => {}
        Some(found) => problems.push(format!("expected the {what} `{expected}`, it is `{found}`")),
        None => problems.push(format!("expected the {what} `{expected}`, there is none")),
    }
}

fn describe_end(trace: &Trace) -> String {
    match &trace.end {
        crate::End::Succeeded { state, .. } => format!(" at `{state}`"),
        crate::End::Failed {
            state,
            error,
            cause,
        } => format!(" at `{state}` with {error}: {cause}"),
        crate::End::Stopped { reason, .. } => format!(": {reason}"),
    }
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = names.map(|name| format!("`{name}`")).collect();
    if quoted.is_empty() {
        "none".to_string()
    } else {
        quoted.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_suite_with_defaults_and_rejects_what_it_does_not_know() {
        let suite = parse(
            r#"{
                "bundle": "b.json", "flow": "f", "event_file": "e.json",
                "tests": [
                    {"name": "one", "expect": {"status": "succeeded"}},
                    {"name": "two", "event": {"x": 1}, "mocks": {"configs": {}}}
                ]
            }"#,
        )
        .unwrap();
        assert!(matches!(
            suite.event_of(&suite.tests[0]),
            Some(EventSource::File("e.json"))
        ));
        assert!(matches!(
            suite.event_of(&suite.tests[1]),
            Some(EventSource::Inline(_))
        ));
        assert!(matches!(suite.mocks_of(&suite.tests[0]), MocksSource::None));
        assert!(matches!(
            suite.mocks_of(&suite.tests[1]),
            MocksSource::Inline(_)
        ));
        assert_eq!(suite.flow_of(&suite.tests[0]), Some("f"));

        let error = |text: &str| parse(text).unwrap_err();
        assert!(
            error(r#"{"bundle": "b", "tests": [{"name": "a", "expect": {"stat": 1}}]}"#)
                .contains("unknown field `stat`")
        );
        assert_eq!(
            error(r#"{"bundle": "b", "tests": []}"#),
            "`tests` is empty: a test file holds at least one test"
        );
        assert_eq!(
            error(r#"{"bundle": "b", "tests": [{"name": "a", "event": {}, "event_type": "t"}]}"#),
            "test `a` gives more than one of `event`, `event_file` and `event_type`"
        );
    }
}
