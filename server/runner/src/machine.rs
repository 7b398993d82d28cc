//! The interpreter: states one after another, as ZIS runs them.

use std::fmt;

use serde_json::{json, Map, Value};
use zis_analysis::index::Index;
use zis_analysis::model::{objects_in, Bundle, ResourceKind, ResourceType, ScopeId, State};
use zis_analysis::reference::{parse_reference, RefKind};
use zis_analysis::schema::StateType;
use zis_syntax::{Object, Value as Syntax};

use crate::actions::{Done, Record, World};
use crate::assumptions;
use crate::choice::Evaluation;
use crate::error::{names, Failure, FailureKind, Outcome};
use crate::mocks::Mocks;
use crate::path::{depth, select, type_name, write, WriteError};
use crate::template::{fill, literal, note, parse_path, read_path, resolve, Place};
use crate::trace::{End, ErrorInfo, Iteration, Step, Trace};

/// The values a flow's data holds besides the event when the event file does not give them.
const DEFAULT_ACCOUNT_ID: u64 = 12345;
const DEFAULT_SUBDOMAIN: &str = "example";
const DEFAULT_INTEGRATION: &str = "example";

/// ZIS limits [doc]: a flow runs for 100 s at most; a Map takes 100 items at most; a flow with a
/// Map nested in a Map makes 250 state transitions at most.
const FLOW_SECONDS: f64 = 100.0;
const MAP_ITEMS: usize = 100;
const NESTED_MAP_TRANSITIONS: usize = 250;

/// How deep the flow data may nest. Values are copied, written and freed by recursion, and a
/// flow that writes its data into itself in a loop nests it one level deeper each round.
const MAX_DATA_DEPTH: usize = 512;

#[derive(Clone, Debug)]
pub struct Options {
    /// States entered before the run stops: ZIS ends an endless flow by its 100 s limit, which a
    /// run that waits for nothing never reaches.
    pub max_transitions: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_transitions: 10_000,
        }
    }
}

/// Why a run could not start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetupError {
    /// No flow has this `properties.name` or resource key; the flows there are.
    UnknownFlow { name: String, flows: Vec<String> },
    /// The flow has no `definition` to run.
    NoDefinition { name: String },
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::UnknownFlow { name, flows } if flows.is_empty() => {
                write!(f, "no flow `{name}`: the bundle has no flow")
            }
            SetupError::UnknownFlow { name, flows } => {
                let flows: Vec<String> = flows.iter().map(|flow| format!("`{flow}`")).collect();
                write!(
                    f,
                    "no flow `{name}`; the bundle's flows: {}",
                    flows.join(", ")
                )
            }
            SetupError::NoDefinition { name } => {
                write!(f, "the flow `{name}` has no `definition` object to run")
            }
        }
    }
}

impl std::error::Error for SetupError {}

/// Runs the flow `flow` (its `properties.name` or resource key) on `event`.
///
/// `event` is either the whole object ZIS hands a flow (`{account_id, integration_key,
/// subdomain, input}`, what the docs show) or only the event payload, which then goes under
/// `$.input`.
pub fn run(
    bundle: &Bundle,
    index: &Index,
    flow: &str,
    event: Value,
    mocks: &Mocks,
    options: &Options,
) -> Result<Trace, SetupError> {
    let (resource, scope) = find_flow(bundle, flow)?;
    let name = resource.name.as_ref().map_or_else(
        || resource.key.value.to_string(),
        |name| name.value.to_string(),
    );
    let integration = index
        .integration
        .as_ref()
        .map(|integration| integration.key.as_str());
    let mut notes = Vec::new();
    let input = flow_input(event, integration, &mut notes);
    let mut machine = Machine {
        bundle,
        index,
        world: World::new(mocks, &input),
        options,
        transitions: 0,
        waited: 0.0,
        nested_maps: has_nested_map(bundle, scope),
    };
    let mut data = input.clone();
    let mut steps = Vec::new();
    let end = match machine.scope(scope, &mut data, &mut steps) {
        Ended::Succeeded { state, message } => End::Succeeded { state, message },
        Ended::Failed { state, failure } => match failure.kind {
            FailureKind::Stops => End::Stopped {
                state: Some(state),
                reason: failure.cause,
            },
            _ => {
                notes.push(after_failure(&steps, &failure));
                End::Failed {
                    state,
                    error: failure.error,
                    cause: failure.cause,
                }
            }
        },
    };
    Ok(Trace {
        flow: name,
        input,
        steps,
        end,
        output: data,
        transitions: machine.transitions,
        waited_seconds: machine.waited,
        notes,
        configs: machine.world.configs,
        links: machine.world.links,
    })
}

/// The names a user may give `--flow`: every flow's `properties.name`.
pub fn flow_names(bundle: &Bundle) -> Vec<String> {
    bundle
        .resources_of(ResourceType::Flow)
        .map(|(_, resource)| {
            resource.name.as_ref().map_or_else(
                || resource.key.value.to_string(),
                |name| name.value.to_string(),
            )
        })
        .collect()
}

fn find_flow<'b>(
    bundle: &'b Bundle,
    flow: &str,
) -> Result<(&'b zis_analysis::model::Resource, ScopeId), SetupError> {
    let by = |matches: &dyn Fn(&zis_analysis::model::Resource) -> bool| {
        bundle
            .resources_of(ResourceType::Flow)
            .map(|(_, resource)| resource)
            .find(|resource| matches(resource))
    };
    let found = by(&|r| r.name.as_ref().is_some_and(|n| n.value == flow))
        .or_else(|| by(&|r| r.key.value == flow))
        .ok_or_else(|| SetupError::UnknownFlow {
            name: flow.to_string(),
            flows: flow_names(bundle),
        })?;
    match found.kind {
        ResourceKind::Flow { scope: Some(scope) } => Ok((found, scope)),
        _ => Err(SetupError::NoDefinition {
            name: flow.to_string(),
        }),
    }
}

/// The object the first state receives [doc: trigger events introduction].
fn flow_input(event: Value, integration: Option<&str>, notes: &mut Vec<String>) -> Value {
    let mut input = match event {
        Value::Object(object) if object.contains_key("input") => object,
        payload => {
            notes.push(
                "the event has no `input` key, so it was taken as the event payload and put under \
                 `$.input`"
                    .to_string(),
            );
            Map::from_iter([("input".to_string(), payload)])
        }
    };
    let defaults = [
        ("account_id", json!(DEFAULT_ACCOUNT_ID)),
        (
            "integration_key",
            json!(integration.unwrap_or(DEFAULT_INTEGRATION)),
        ),
        ("subdomain", json!(DEFAULT_SUBDOMAIN)),
    ];
    for (key, value) in defaults {
        if !input.contains_key(key) {
            notes.push(format!(
                "`$.{key}` is not in the event; the run used {value}"
            ));
            input.insert(key.to_string(), value);
        }
    }
    Value::Object(input)
}

/// What ZIS does after a failed flow [doc: flow states retry and error handling].
fn after_failure(steps: &[Step], failure: &Failure) -> String {
    let ended_on_fail = steps
        .last()
        .is_some_and(|step| step.ty == StateType::Fail.name() && step.error.is_some());
    if ended_on_fail {
        "ZIS does not run a flow that ends on a Fail state again".to_string()
    } else {
        format!(
            "ZIS may run a flow that fails with `{}` again from its start, 4 attempts in all; \
             this trace is one attempt",
            failure.error
        )
    }
}

fn has_nested_map(bundle: &Bundle, flow: ScopeId) -> bool {
    let resource = bundle.scope(flow).resource;
    bundle.scopes.iter().any(|scope| {
        scope.resource == resource
            && scope
                .parent
                .is_some_and(|parent| bundle.scope(parent.scope).parent.is_some())
    })
}

struct Machine<'a> {
    bundle: &'a Bundle,
    index: &'a Index,
    world: World<'a>,
    options: &'a Options,
    transitions: usize,
    waited: f64,
    nested_maps: bool,
}

enum Ended {
    Succeeded {
        state: String,
        message: Option<String>,
    },
    Failed {
        state: String,
        failure: Failure,
    },
}

/// Where a state sends the run.
enum Flow {
    Next(String),
    End(Option<String>),
}

impl Machine<'_> {
    /// Runs a scope (a flow definition or a Map iterator) from its `StartAt` to its end.
    fn scope(&mut self, id: ScopeId, data: &mut Value, steps: &mut Vec<Step>) -> Ended {
        let scope = self.bundle.scope(id);
        let Some(start) = scope.start_at.as_ref() else {
            return Ended::Failed {
                state: String::new(),
                failure: Failure::unsupported("the definition has no `StartAt` (ZIS004)"),
            };
        };
        let mut name = start.value.to_string();
        loop {
            let Some(index) = scope.state(&name) else {
                return Ended::Failed {
                    failure: Failure::unsupported(format!(
                        "`{name}` is not a state of this definition (ZIS101)"
                    )),
                    state: name,
                };
            };
            let state = &scope.states[index];
            if let Err(failure) = self.count_transition() {
                return Ended::Failed {
                    state: name,
                    failure,
                };
            }
            let mut step = Step {
                state: name.clone(),
                ty: state
                    .object
                    .get_str("Type")
                    .map_or_else(String::new, |ty| ty.value.to_string()),
                ..Step::default()
            };
            let flow = self.state(state, data, &mut step);
            steps.push(step);
            match flow {
                Ok(Flow::Next(next)) => name = next,
                Ok(Flow::End(message)) => {
                    return Ended::Succeeded {
                        state: name,
                        message,
                    }
                }
                Err(failure) => {
                    return Ended::Failed {
                        state: name,
                        failure,
                    }
                }
            }
        }
    }

    fn count_transition(&mut self) -> Outcome<()> {
        self.transitions += 1;
        if self.nested_maps && self.transitions > NESTED_MAP_TRANSITIONS {
            return Err(Failure::terminates(
                names::RUNTIME,
                format!(
                    "the flow made more than {NESTED_MAP_TRANSITIONS} state transitions, the \
                     limit for a flow with a Map nested in a Map"
                ),
            ));
        }
        if self.transitions > self.options.max_transitions {
            return Err(Failure::unsupported(format!(
                "the run entered {} states, this runner's bound (`--max-transitions`): the flow \
                 may loop forever; ZIS would stop it after 100 seconds",
                self.options.max_transitions
            )));
        }
        Ok(())
    }

    /// Runs one state; on an error a Catch handles, where the handler goes.
    fn state(&mut self, state: &State, data: &mut Value, step: &mut Step) -> Outcome<Flow> {
        let object = &state.object;
        let Some(ty) = state.ty else {
            return Err(Failure::unsupported(format!(
                "`{}` is not a state type ZIS runs (ZIS006)",
                step.ty
            )));
        };
        let result = match ty {
            StateType::Fail => return Err(self.fail(object, data, step)),
            StateType::Choice => self.choice(object, data, step),
            StateType::Succeed => self.succeed(object, data, step),
            StateType::Wait => self.wait(object, data, step),
            StateType::Pass => self.pass(object, data, step),
            StateType::Action => self.action(object, data, step),
            StateType::Map => self.map(state, data, step),
        };
        match result {
            Ok(flow) => Ok(flow),
            Err(failure) => {
                if failure.kind != FailureKind::Stops {
                    step.error = Some(ErrorInfo {
                        error: failure.error.clone(),
                        cause: failure.cause.clone(),
                    });
                }
                let catches = matches!(ty, StateType::Action | StateType::Map);
                if catches && failure.kind == FailureKind::Error {
                    if let Some(next) = self.catch(object, &failure, data, step)? {
                        return Ok(Flow::Next(next));
                    }
                }
                Err(failure)
            }
        }
    }

    /// Hands an error to the first Catch handler that takes it: its `Next`, or `None`.
    fn catch(
        &mut self,
        object: &Object,
        failure: &Failure,
        data: &mut Value,
        step: &mut Step,
    ) -> Outcome<Option<String>> {
        for (at, handler) in objects_in(object.get_array("Catch")).enumerate() {
            let takes = handler
                .get_array("ErrorEquals")
                .into_iter()
                .flat_map(|list| list.items.iter())
                .filter_map(|item| item.as_str())
                .any(|name| name.value == "States.ALL" || name.value == failure.error);
            if !takes {
                continue;
            }
            let Some(next) = handler.get_str("Next") else {
                continue;
            };
            step.did.push(format!(
                "Catch handler {} took the error and goes to `{}`",
                at + 1,
                next.value
            ));
            note(&mut step.assumed, assumptions::ERROR_OUTPUT);
            let output = json!({ "Error": failure.error, "Cause": failure.cause });
            self.place(handler, data, output, step)?;
            step.next = Some(next.value.to_string());
            return Ok(Some(next.value.to_string()));
        }
        Ok(None)
    }

    fn fail(&mut self, object: &Object, data: &Value, step: &mut Step) -> Failure {
        let mut text = |key: &str| -> Outcome<String> {
            match object.get_str(key) {
                Some(text) => message(&text.value, data, key, &mut step.assumed),
                None => Ok(String::new()),
            }
        };
        let failure = match (text("Error"), text("Cause")) {
            (Ok(error), Ok(cause)) => Failure::new(&error, cause),
            (Err(failure), _) | (_, Err(failure)) => failure,
        };
        step.did
            .push("the Fail state ends the flow as failed".to_string());
        step.error = Some(ErrorInfo {
            error: failure.error.clone(),
            cause: failure.cause.clone(),
        });
        failure
    }

    fn succeed(&mut self, object: &Object, data: &mut Value, step: &mut Step) -> Outcome<Flow> {
        let selected = self.input_path(object, data, step)?;
        let input = selected.as_ref().unwrap_or(data);
        let text = match object.get_str("Message") {
            Some(text) => Some(message(&text.value, input, "Message", &mut step.assumed)?),
            None => None,
        };
        self.pass_on(object, data, selected, step)?;
        step.did
            .push("the Succeed state ends the flow as succeeded".to_string());
        Ok(Flow::End(text))
    }

    fn choice(&mut self, object: &Object, data: &mut Value, step: &mut Step) -> Outcome<Flow> {
        let selected = self.input_path(object, data, step)?;
        let input = selected.as_ref().unwrap_or(data);
        let mut evaluation = Evaluation::new(input);
        let mut chosen = None;
        let mut failed = None;
        for (at, rule) in objects_in(object.get_array("Choices")).enumerate() {
            let (holds, reason) = match evaluation.rule(rule) {
                Ok(evaluated) => evaluated,
                Err(failure) => {
                    failed = Some(failure);
                    break;
                }
            };
            step.did.push(format!(
                "rule {}: {reason} → {}",
                at + 1,
                if holds { "true" } else { "false" }
            ));
            if holds {
                let next = rule.get_str("Next").map(|next| next.value.to_string());
                chosen = Some(next.ok_or_else(|| {
                    Failure::unsupported(format!("Choice rule {} has no `Next` (ZIS004)", at + 1))
                })?);
                break;
            }
        }
        if !evaluation.read.is_empty() {
            step.input = Some(Value::Object(std::mem::take(&mut evaluation.read)));
        }
        step.assumed.append(&mut evaluation.assumed);
        if let Some(failure) = failed {
            return Err(failure);
        }
        let next = match chosen {
            Some(next) => next,
            None => match object.get_str("Default") {
                Some(default) => {
                    step.did
                        .push("no rule matched: the state goes to its `Default`".to_string());
                    default.value.to_string()
                }
                None => {
                    return Err(Failure::new(
                        names::NO_CHOICE,
                        "no Choice rule matched and the state has no `Default`",
                    ))
                }
            },
        };
        self.pass_on(object, data, selected, step)?;
        step.next = Some(next.clone());
        Ok(Flow::Next(next))
    }

    fn wait(&mut self, object: &Object, data: &mut Value, step: &mut Step) -> Outcome<Flow> {
        let selected = self.input_path(object, data, step)?;
        let input = selected.as_ref().unwrap_or(data);
        let seconds = match (object.get("Seconds"), object.get_str("SecondsPath")) {
            (Some(seconds), _) => match seconds.as_number() {
                Some(number) if number.value > 0.0 => number.value,
                _ => {
                    return Err(Failure::runtime(
                        "`Seconds` must be a number greater than 0",
                    ))
                }
            },
            (None, Some(path)) => {
                let found = read_path(input, &path.value, "SecondsPath")?;
                let seconds = found.as_ref().and_then(Value::as_f64).ok_or_else(|| {
                    Failure::runtime(format!(
                        "`SecondsPath` names `{}`, which is {}, not a number",
                        path.value,
                        found.as_ref().map_or("not in the data", type_name)
                    ))
                })?;
                step.input = found;
                seconds.max(0.0)
            }
            (None, None) => {
                return Err(Failure::unsupported(
                    "the Wait state has neither `Seconds` nor `SecondsPath` (ZIS004)",
                ))
            }
        };
        self.waited += seconds;
        step.did.push(format!(
            "would wait {} s (recorded, not waited); the flow has waited {} s of the {} s it may run",
            seconds, self.waited, FLOW_SECONDS
        ));
        if self.waited > FLOW_SECONDS {
            note(&mut step.assumed, assumptions::FLOW_TIME);
            return Err(Failure::terminates(
                names::TIMEOUT,
                format!(
                    "the flow's waits add up to {} s; ZIS ends a flow after {FLOW_SECONDS} s",
                    self.waited
                ),
            ));
        }
        self.pass_on(object, data, selected, step)?;
        self.transition(object, step)
    }

    fn pass(&mut self, object: &Object, data: &mut Value, step: &mut Step) -> Outcome<Flow> {
        let selected = self.input_path(object, data, step)?;
        let input = selected.as_ref().unwrap_or(data);
        let result = match (object.get("Result"), object.get("Parameters")) {
            (Some(result), _) => {
                step.did.push("passes its `Result`".to_string());
                literal(result)
            }
            (None, Some(parameters)) => {
                step.did.push("passes its `Parameters`".to_string());
                resolve(parameters, input, Place::State, &mut step.assumed)?
            }
            (None, None) => {
                step.did.push("passes its input".to_string());
                input.clone()
            }
        };
        self.place(object, data, result, step)?;
        self.output_path(object, data, step)?;
        self.transition(object, step)
    }

    fn action(&mut self, object: &Object, data: &mut Value, step: &mut Step) -> Outcome<Flow> {
        let Some(action_name) = object.get_str("ActionName") else {
            return Err(Failure::unsupported(
                "the Action state has no `ActionName` (ZIS004)",
            ));
        };
        let action_name = action_name.value.as_str();
        step.action = Some(action_name.to_string());
        let selected = self.input_path(object, data, step)?;
        let input = selected.as_ref().unwrap_or(data);
        let params = match object.get("Parameters") {
            Some(parameters) => resolve(parameters, input, Place::State, &mut step.assumed)?,
            None => {
                note(&mut step.assumed, assumptions::ACTION_WITHOUT_PARAMETERS);
                input.clone()
            }
        };
        step.input = Some(params.clone());
        if object.get("Retry").is_some() {
            note(&mut step.assumed, assumptions::RETRY);
        }
        let mut record = Record::default();
        let done = self.call(action_name, &params, &mut record);
        step.did.append(&mut record.did);
        step.request = record.request;
        step.response = record.response;
        for assumption in &record.assumed {
            note(&mut step.assumed, assumption);
        }
        match done? {
            Done::Result(result) => {
                let result = self.result_selector(object, result, step)?;
                self.place(object, data, result, step)?;
            }
            Done::NoResponse => {
                step.did.push(
                    "the action gives no response: the flow data stays as it was".to_string(),
                );
                note(&mut step.assumed, assumptions::NO_RESPONSE);
            }
        }
        self.output_path(object, data, step)?;
        self.transition(object, step)
    }

    /// Calls what `ActionName` names.
    fn call(&mut self, action_name: &str, params: &Value, record: &mut Record) -> Outcome<Done> {
        let reference = parse_reference(action_name).map_err(|_| {
            Failure::unsupported(format!("`{action_name}` is not a ZIS reference (ZIS403)"))
        })?;
        if reference.is_common() {
            return self.world.builtin(action_name, params, record);
        }
        let name = &reference.name.text;
        let definition = match reference.ref_kind {
            RefKind::Action => self
                .index
                .actions
                .get(name)
                .and_then(|ids| ids.first())
                .map(|&id| self.bundle.resource(id)),
            _ => None,
        };
        let Some(resource) = definition else {
            return Err(Failure::unsupported(format!(
                "`{action_name}` names no custom action of this bundle (ZIS401)"
            )));
        };
        let ResourceKind::Action {
            definition: Some(definition),
        } = &resource.kind
        else {
            return Err(Failure::unsupported(format!(
                "the custom action `{name}` has no `definition` (ZIS004)"
            )));
        };
        let integration = reference.integration.text.as_str();
        if integration != self.world.integration {
            note(&mut record.assumed, assumptions::ACTION_BY_NAME);
        }
        self.world.custom(name, definition, params, record)
    }

    fn map(&mut self, state: &State, data: &mut Value, step: &mut Step) -> Outcome<Flow> {
        let object = &state.object;
        let selected = self.input_path(object, data, step)?;
        let input = selected.as_ref().unwrap_or(data);
        let items_path = match object.get_str("ItemsPath") {
            Some(path) => path.value.as_str(),
            None => {
                note(&mut step.assumed, assumptions::MAP_WITHOUT_ITEMS_PATH);
                "$"
            }
        };
        let items = match read_path(input, items_path, "ItemsPath")? {
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(Failure::runtime(format!(
                    "`ItemsPath` names `{items_path}`, which is {}: a Map iterates over an array",
                    type_name(&other)
                )))
            }
            None => {
                return Err(Failure::runtime(format!(
                    "`ItemsPath` names `{items_path}`, which is not in the data"
                )))
            }
        };
        if items.len() > MAP_ITEMS {
            return Err(Failure::terminates(
                names::RUNTIME,
                format!(
                    "`{items_path}` holds {} items; a Map takes {MAP_ITEMS} at most, and ZIS ends \
                     the flow",
                    items.len()
                ),
            ));
        }
        if let Some(at) = items.iter().position(|item| !item.is_object()) {
            return Err(Failure::runtime(format!(
                "item {at} of `{items_path}` is {}: a Map iterates over objects only",
                type_name(&items[at])
            )));
        }
        let Some(iterator) = state.iterator else {
            return Err(Failure::unsupported(
                "the Map state has no `Iterator` (ZIS004)",
            ));
        };
        step.did.push(format!(
            "iterates over the {} items of `{items_path}`",
            items.len()
        ));
        let mut results = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let mut iteration = Iteration {
                index,
                item: item.clone(),
                steps: Vec::new(),
            };
            let mut item_data = item;
            let ended = self.scope(iterator, &mut item_data, &mut iteration.steps);
            step.iterations.push(iteration);
            match ended {
                Ended::Succeeded { .. } => results.push(item_data),
                Ended::Failed { state, mut failure } => {
                    // Only an error of the iteration is this Map's; a stop or a flow-wide end
                    // is passed on as it is.
                    if failure.kind == FailureKind::Error {
                        failure.cause =
                            format!("iteration {index}, state `{state}`: {}", failure.cause);
                    }
                    return Err(failure);
                }
            }
        }
        note(&mut step.assumed, assumptions::MAP_RESULT);
        self.place(object, data, Value::Array(results), step)?;
        self.output_path(object, data, step)?;
        self.transition(object, step)
    }

    /// Where a state that did its work goes: its `Next`, or the end of its scope.
    fn transition(&mut self, object: &Object, step: &mut Step) -> Outcome<Flow> {
        if matches!(object.get("End"), Some(Syntax::Bool(true, _))) {
            return Ok(Flow::End(None));
        }
        match object.get_str("Next") {
            Some(next) => {
                step.next = Some(next.value.to_string());
                Ok(Flow::Next(next.value.to_string()))
            }
            None => Err(Failure::unsupported(
                "the state has neither `Next` nor `\"End\": true` (ZIS103)",
            )),
        }
    }

    /// Writes a result where the state's (or Catch handler's) `ResultPath` says.
    fn place(
        &mut self,
        object: &Object,
        data: &mut Value,
        result: Value,
        step: &mut Step,
    ) -> Outcome<()> {
        let written = match object.get("ResultPath") {
            None => {
                if object.get("ErrorEquals").is_none() {
                    note(&mut step.assumed, assumptions::RESULT_PATH_DEFAULT);
                }
                "$"
            }
            Some(Syntax::Null(_)) => {
                note(&mut step.assumed, assumptions::RESULT_PATH_NULL);
                step.did
                    .push("`ResultPath` is null: the result was discarded".to_string());
                step.output = Some(result);
                return Ok(());
            }
            Some(Syntax::String(path)) => path.value.as_str(),
            Some(_) => {
                return Err(Failure::unsupported(
                    "`ResultPath` is neither a path nor null (ZIS006)",
                ))
            }
        };
        let path = parse_path(written, "ResultPath")?;
        if path.segments.len() + depth(&result) > MAX_DATA_DEPTH {
            return Err(Failure::unsupported(format!(
                "writing the result at `{written}` would nest the flow data more than \
                 {MAX_DATA_DEPTH} levels deep, where this runner stops"
            )));
        }
        step.output = Some(result.clone());
        step.result_path = Some(written.to_string());
        write(data, &path, result).map_err(|error| match error {
            WriteError::NotAReferencePath => Failure::new(
                names::RESULT_PATH,
                format!("`ResultPath` `{written}` may name several places (ZIS111)"),
            ),
            WriteError::Blocked { at, found } => Failure::new(
                names::RESULT_PATH,
                format!(
                    "`ResultPath` `{written}` cannot be written: `{at}` is {found}, not an object"
                ),
            ),
        })?;
        Ok(())
    }

    /// The part of the data a state reads when it has an `InputPath`; `None` when it reads all.
    fn input_path(
        &mut self,
        object: &Object,
        data: &Value,
        step: &mut Step,
    ) -> Outcome<Option<Value>> {
        let Some(value) = object.get("InputPath") else {
            return Ok(None);
        };
        note(&mut step.assumed, assumptions::INPUT_PATH);
        match value {
            Syntax::Null(_) => Ok(Some(Value::Object(Map::new()))),
            Syntax::String(path) => match read_path(data, &path.value, "InputPath")? {
                Some(found) => Ok(Some(found)),
                None => Err(Failure::runtime(format!(
                    "`InputPath` names `{}`, which is not in the data",
                    path.value
                ))),
            },
            _ => Err(Failure::unsupported(
                "`InputPath` is neither a path nor null",
            )),
        }
    }

    /// A state without a result (Choice, Wait, Succeed) passes its input on.
    fn pass_on(
        &mut self,
        object: &Object,
        data: &mut Value,
        selected: Option<Value>,
        step: &mut Step,
    ) -> Outcome<()> {
        if let Some(selected) = selected {
            *data = selected;
        }
        self.output_path(object, data, step)
    }

    fn output_path(&mut self, object: &Object, data: &mut Value, step: &mut Step) -> Outcome<()> {
        let Some(value) = object.get("OutputPath") else {
            return Ok(());
        };
        note(&mut step.assumed, assumptions::OUTPUT_PATH);
        *data = match value {
            Syntax::Null(_) => Value::Object(Map::new()),
            Syntax::String(path) => {
                let parsed = parse_path(&path.value, "OutputPath")?;
                let selection = select(data, &parsed).map_err(|unsupported| {
                    Failure::unsupported(format!(
                        "`OutputPath` holds {}, which this runner does not evaluate",
                        unsupported.0
                    ))
                })?;
                selection.into_value().ok_or_else(|| {
                    Failure::runtime(format!(
                        "`OutputPath` names `{}`, which is not in the data",
                        path.value
                    ))
                })?
            }
            _ => {
                return Err(Failure::unsupported(
                    "`OutputPath` is neither a path nor null",
                ))
            }
        };
        Ok(())
    }

    fn result_selector(
        &mut self,
        object: &Object,
        result: Value,
        step: &mut Step,
    ) -> Outcome<Value> {
        let Some(selector) = object.get("ResultSelector") else {
            return Ok(result);
        };
        note(&mut step.assumed, assumptions::RESULT_SELECTOR);
        resolve(selector, &result, Place::State, &mut step.assumed)
    }
}

/// A Succeed `Message` or a Fail `Error` or `Cause`: a path, or text with placeholders [doc].
fn message(text: &str, data: &Value, field: &str, assumed: &mut Vec<String>) -> Outcome<String> {
    if text.starts_with('$') {
        if let Ok(path) = zis_jsonpath::parse(text) {
            let found = select(data, &path)
                .ok()
                .and_then(|selection| selection.into_value())
                .ok_or_else(|| {
                    Failure::runtime(format!(
                        "`{field}` names `{text}`, which is not in the data"
                    ))
                })?;
            return Ok(match found {
                Value::String(text) => text,
                other => other.to_string(),
            });
        }
    }
    fill(text, data, assumed)
}
