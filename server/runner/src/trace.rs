//! What a run did, state by state. Serialised as it is for `--format json`; the CLI renders it
//! for people.
//!
//! A step records what the state read and what it wrote, not the whole flow data before and
//! after it: flow data grows as states write, and copying it at every state would make a long
//! flow's run quadratic. The data at the start and at the end are recorded whole.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Debug, Serialize)]
pub struct Trace {
    /// The flow's `properties.name`.
    pub flow: String,
    /// The flow data when the first state starts: the event and the account fields.
    pub input: Value,
    pub steps: Vec<Step>,
    pub end: End,
    /// The flow data when the run ended.
    pub output: Value,
    /// States entered, Map iterations' states included.
    pub transitions: usize,
    /// Seconds the Wait states and retries would have taken; nothing was waited.
    pub waited_seconds: f64,
    /// About the run as a whole: defaults it used, what ZIS would do after it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The config store when the run ended, by scope.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub configs: BTreeMap<String, Value>,
    /// The links stored when the run ended.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Value>,
}

/// How the run ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum End {
    /// A Succeed state, or a state with `"End": true`.
    Succeeded {
        state: String,
        /// A Succeed state's `Message`, placeholders filled.
        #[serde(skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// A Fail state, or a runtime error no Catch handled: the flow fails in ZIS too.
    Failed {
        state: String,
        error: String,
        cause: String,
    },
    /// Not a ZIS outcome: the run could not go on (no mock for an action, the bound on
    /// transitions, something this runner does not evaluate).
    Stopped {
        #[serde(skip_serializing_if = "Option::is_none")]
        state: Option<String>,
        reason: String,
    },
}

impl End {
    pub fn status(&self) -> &'static str {
        match self {
            End::Succeeded { .. } => "succeeded",
            End::Failed { .. } => "failed",
            End::Stopped { .. } => "stopped",
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Step {
    pub state: String,
    #[serde(rename = "type")]
    pub ty: String,
    /// An Action state's `ActionName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// What the state read: an action's resolved `Parameters`, the values a Choice compared, a
    /// Map's items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// What the state did and why, one sentence each.
    pub did: Vec<String>,
    /// The HTTP request a custom action would send; it was not sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Request>,
    /// The answer the request got from the mocks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    /// A Map state's iterations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub iterations: Vec<Iteration>,
    /// The error the state raised, caught or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    /// The value the state wrote into the flow data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// Where it wrote it; `$` replaces all of the flow data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_path: Option<String>,
    /// The state run next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// What this step assumed where neither Zendesk's documentation nor the Amazon States
    /// Language says.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumed: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Iteration {
    pub index: usize,
    /// The item: the iteration's flow data when it starts.
    pub item: Value,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorInfo {
    pub error: String,
    pub cause: String,
}

/// An HTTP request as a custom action would send it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Request {
    /// The custom action's `properties.name`.
    pub action: String,
    pub method: String,
    /// The URL with its placeholders filled; for a `path`, joined to the host it goes to.
    pub url: String,
    /// The connection whose credentials ZIS adds to the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<KeyValue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<KeyValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

/// The answer a mock gave.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response {
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}
