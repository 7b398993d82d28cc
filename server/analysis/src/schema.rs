//! What each kind of object in a bundle may hold: the one table behind the structural rules
//! (missing, unknown, invalid, unsupported and undocumented fields) and behind key completion
//! and hover in the editor.

use std::sync::OnceLock;

use crate::facts::{self, Fact};
use crate::HashMap;

/// A kind of JSON object with a known shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    Bundle,
    Resource,
    FlowProperties,
    ActionProperties,
    JobSpecProperties,
    FlowDefinition,
    /// A Map state's `Iterator`: a flow definition of its own.
    Iterator,
    /// A state whose `Type` is missing or not a ZIS state type: only the common fields are known.
    State(Option<StateType>),
    ChoiceRule {
        top_level: bool,
    },
    Catch,
    ActionDefinition,
    /// An entry of an action's `headers` or `queryParams`.
    KeyValue,
}

impl ObjectKind {
    /// How messages name an object of this kind.
    pub fn describe(self) -> String {
        match self {
            ObjectKind::Bundle => "the bundle".into(),
            ObjectKind::Resource => "this resource".into(),
            ObjectKind::FlowProperties => "the flow's properties".into(),
            ObjectKind::ActionProperties => "the action's properties".into(),
            ObjectKind::JobSpecProperties => "the job spec's properties".into(),
            ObjectKind::FlowDefinition => "the flow definition".into(),
            ObjectKind::Iterator => "this Map iterator".into(),
            ObjectKind::State(Some(ty)) => format!("this {} state", ty.name()),
            ObjectKind::State(None) => "this state".into(),
            ObjectKind::ChoiceRule { .. } => "this Choice rule".into(),
            ObjectKind::Catch => "this Catch handler".into(),
            ObjectKind::ActionDefinition => "the action definition".into(),
            ObjectKind::KeyValue => "this entry".into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateType {
    Action,
    Choice,
    Map,
    Wait,
    Pass,
    Succeed,
    Fail,
}

impl StateType {
    pub const ALL: [StateType; 7] = [
        StateType::Action,
        StateType::Choice,
        StateType::Map,
        StateType::Wait,
        StateType::Pass,
        StateType::Succeed,
        StateType::Fail,
    ];

    pub fn parse(name: &str) -> Option<StateType> {
        StateType::ALL.into_iter().find(|ty| ty.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            StateType::Action => "Action",
            StateType::Choice => "Choice",
            StateType::Map => "Map",
            StateType::Wait => "Wait",
            StateType::Pass => "Pass",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            StateType::Action => "Calls a custom action of this bundle or a built-in `zis:common:` action or transform, with the state's `Parameters` as its input.",
            StateType::Choice => "Branches: the first rule of `Choices` that matches names the next state, else `Default`.",
            StateType::Map => "Runs its `Iterator` once for each item of the array at `ItemsPath` (at most 100 items).",
            StateType::Wait => "Pauses the flow for `Seconds`, or for the number of seconds at `SecondsPath`.",
            StateType::Pass => "Passes its input on, optionally writing a fixed `Result` at `ResultPath`.",
            StateType::Succeed => "Ends the flow successfully, with an optional `Message`.",
            StateType::Fail => "Ends the flow as failed, with an `Error` and a `Cause`.",
        }
    }

    /// Choice, Succeed and Fail end or branch by themselves; every other state needs `Next` or
    /// `"End": true`.
    pub fn needs_transition(self) -> bool {
        !matches!(
            self,
            StateType::Choice | StateType::Succeed | StateType::Fail
        )
    }
}

/// Amazon States Language state types that ZIS does not run.
pub const UNSUPPORTED_STATE_TYPES: &[&str] = &["Task", "Parallel"];

pub const HTTP_METHODS: &[&str] = &[
    "GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "PATCH", "TRACE",
];

pub const TEMPLATE_VERSION: &str = "2019-10-14";

/// `zis_template_version` values the Registry has accepted although the documentation does not
/// list them.
pub const OBSERVED_TEMPLATE_VERSIONS: &[&str] = &["2019-02-28"];

pub const RESOURCE_TYPES: &[(&str, &str)] = &[
    (
        "ZIS::Flow",
        "A flow: states in the ZIS dialect of the Amazon States Language.",
    ),
    (
        "ZIS::Action::Http",
        "A custom action: one HTTP request that flows call by `ActionName`.",
    ),
    (
        "ZIS::JobSpec",
        "A job spec: starts a flow when an event of `event_source` and `event_type` fires.",
    ),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    /// `TimeoutSeconds`: an integer above zero.
    PositiveInteger,
    /// `Seconds`: a number above zero.
    PositiveNumber,
    Bool,
    Object,
    Array,
    /// The name of a state of the same scope.
    StateName,
    /// A JSONPath that must select a single node (a reference path).
    ReferencePath,
    /// A string from a fixed set.
    Enum(&'static [&'static str]),
    /// `ResultPath`: a reference path, or `null` to discard the result.
    ResultPath,
    Any,
}

impl FieldType {
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::String | FieldType::Enum(_) => "a string",
            FieldType::Integer => "an integer",
            FieldType::PositiveInteger => "a positive integer",
            FieldType::PositiveNumber => "a number above zero",
            FieldType::Bool => "a boolean",
            FieldType::Object => "an object",
            FieldType::Array => "an array",
            FieldType::StateName => "a state name",
            FieldType::ReferencePath | FieldType::ResultPath => "a JSONPath string",
            FieldType::Any => "any value",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    Supported,
    /// Valid Amazon States Language that ZIS rejects.
    Unsupported,
    /// Valid Amazon States Language that ZIS does not document.
    Undocumented,
    /// Known here but reported by a more specific rule (`Next`/`End` on Succeed, Fail, Choice).
    Misplaced,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub name: &'static str,
    pub required: bool,
    pub ty: FieldType,
    /// `name.$` is accepted too, with a path or placeholder string as its value.
    pub path_variant: bool,
    pub support: Support,
    pub doc: &'static str,
}

const fn field(name: &'static str, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        required: false,
        ty,
        path_variant: false,
        support: Support::Supported,
        doc,
    }
}

const fn required(name: &'static str, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        required: true,
        ..field(name, ty, doc)
    }
}

const fn with_path(spec: FieldSpec) -> FieldSpec {
    FieldSpec {
        path_variant: true,
        ..spec
    }
}

const fn unsupported(name: &'static str, doc: &'static str) -> FieldSpec {
    FieldSpec {
        support: Support::Unsupported,
        ..field(name, FieldType::Any, doc)
    }
}

const fn undocumented(name: &'static str, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        support: Support::Undocumented,
        ..field(name, ty, doc)
    }
}

const fn misplaced(spec: FieldSpec) -> FieldSpec {
    FieldSpec {
        support: Support::Misplaced,
        ..spec
    }
}

const STATE_TYPE_NAMES: &[&str] = &[
    "Action", "Choice", "Map", "Wait", "Pass", "Succeed", "Fail", "Task", "Parallel",
];

const TYPE: FieldSpec = required(
    "Type",
    FieldType::Enum(STATE_TYPE_NAMES),
    "The state type: `Action`, `Choice`, `Map`, `Wait`, `Pass`, `Succeed` or `Fail`.",
);
const COMMENT: FieldSpec = field("Comment", FieldType::String, "A free-text note.");
const NEXT: FieldSpec = field(
    "Next",
    FieldType::StateName,
    "The state to run after this one, in the same scope.",
);
const END: FieldSpec = field(
    "End",
    FieldType::Bool,
    "`true` ends the flow (or the Map iteration) after this state.",
);
const RESULT_PATH: FieldSpec = field(
    "ResultPath",
    FieldType::ResultPath,
    "Where the state's result is written in the flow data, e.g. `$.ticket`. `$` replaces all flow data, `$.input` included.",
);
const CATCH: FieldSpec = field(
    "Catch",
    FieldType::Array,
    "Error handlers: `[{ \"ErrorEquals\": [\"States.ALL\"], \"Next\": \"...\", \"ResultPath\": \"$.error\" }]`.",
);
const INPUT_PATH: FieldSpec = undocumented(
    "InputPath",
    FieldType::ReferencePath,
    "Amazon States Language input filter; not documented for ZIS.",
);
const OUTPUT_PATH: FieldSpec = undocumented(
    "OutputPath",
    FieldType::ReferencePath,
    "Amazon States Language output filter; not documented for ZIS.",
);
const RESULT_SELECTOR: FieldSpec = undocumented(
    "ResultSelector",
    FieldType::Object,
    "Amazon States Language result reshaping; not documented for ZIS.",
);

const COMMON_STATE: &[FieldSpec] = &[TYPE, COMMENT, INPUT_PATH, OUTPUT_PATH];

const ACTION_STATE: &[FieldSpec] = &[
    TYPE,
    COMMENT,
    required(
        "ActionName",
        FieldType::String,
        "The action to call: `zis:<integration>:action:<name>` for a custom action of this bundle, or a built-in such as `zis:common:action:LoadConfig` or `zis:common:transform:Jq`.",
    ),
    field(
        "Parameters",
        FieldType::Object,
        "The action's input. A key ending in `.$` takes its value from a path, e.g. `\"ticket_id.$\": \"$.input.ticket_event.ticket.id\"`.",
    ),
    RESULT_PATH,
    CATCH,
    field(
        "TimeoutSeconds",
        FieldType::PositiveInteger,
        "How long the action may run, in whole seconds.",
    ),
    NEXT,
    END,
    unsupported("Retry", "ZIS does not retry states; a failed flow is retried from its start."),
    INPUT_PATH,
    OUTPUT_PATH,
    RESULT_SELECTOR,
];

const CHOICE_STATE: &[FieldSpec] = &[
    TYPE,
    COMMENT,
    required(
        "Choices",
        FieldType::Array,
        "The rules, tried in order: `{ \"Variable\": \"$.x\", \"StringEquals\": \"y\", \"Next\": \"State\" }`.",
    ),
    field(
        "Default",
        FieldType::StateName,
        "The state to run when no rule matches.",
    ),
    misplaced(NEXT),
    misplaced(END),
    INPUT_PATH,
    OUTPUT_PATH,
];

const MAP_STATE: &[FieldSpec] = &[
    TYPE,
    COMMENT,
    field(
        "ItemsPath",
        FieldType::ReferencePath,
        "The array to iterate over (at most 100 items).",
    ),
    required(
        "Iterator",
        FieldType::Object,
        "The states run for each item: `{ \"StartAt\": ..., \"States\": {...} }`, a scope of its own.",
    ),
    RESULT_PATH,
    CATCH,
    NEXT,
    END,
    unsupported("MaxConcurrency", "ZIS does not support `MaxConcurrency` on Map."),
    unsupported("Parameters", "ZIS does not support `Parameters` on Map."),
    unsupported("Retry", "ZIS does not retry states; a failed flow is retried from its start."),
    INPUT_PATH,
    OUTPUT_PATH,
    RESULT_SELECTOR,
];

const WAIT_STATE: &[FieldSpec] = &[
    TYPE,
    COMMENT,
    field(
        "Seconds",
        FieldType::PositiveNumber,
        "How long to wait, in seconds.",
    ),
    field(
        "SecondsPath",
        FieldType::ReferencePath,
        "A path to the number of seconds to wait.",
    ),
    unsupported(
        "Timestamp",
        "ZIS does not support waiting until a timestamp.",
    ),
    unsupported(
        "TimestampPath",
        "ZIS does not support waiting until a timestamp.",
    ),
    NEXT,
    END,
    INPUT_PATH,
    OUTPUT_PATH,
];

const PASS_STATE: &[FieldSpec] = &[
    TYPE,
    COMMENT,
    field(
        "Result",
        FieldType::Any,
        "A fixed value to write at `ResultPath`.",
    ),
    RESULT_PATH,
    NEXT,
    END,
    INPUT_PATH,
    OUTPUT_PATH,
];

const SUCCEED_STATE: &[FieldSpec] = &[
    TYPE,
    COMMENT,
    with_path(field(
        "Message",
        FieldType::String,
        "A message for the flow's log; may hold `{{$.path}}` placeholders.",
    )),
    misplaced(NEXT),
    misplaced(END),
    INPUT_PATH,
    OUTPUT_PATH,
];

const FAIL_STATE: &[FieldSpec] = &[
    TYPE,
    COMMENT,
    with_path(required("Error", FieldType::String, "A short error name.")),
    with_path(required(
        "Cause",
        FieldType::String,
        "What went wrong; may hold `{{$.path}}` placeholders.",
    )),
    misplaced(NEXT),
    misplaced(END),
];

const SUPPORTED_OPERATORS: &[&str] = &[
    "StringEquals",
    "StringEqualsPath",
    "StringLessThan",
    "StringGreaterThan",
    "StringLessThanEquals",
    "StringGreaterThanEquals",
    "NumericEquals",
    "NumericEqualsPath",
    "NumericLessThan",
    "NumericLessThanPath",
    "NumericGreaterThan",
    "NumericGreaterThanPath",
    "NumericLessThanEquals",
    "NumericLessThanEqualsPath",
    "NumericGreaterThanEquals",
    "NumericGreaterThanEqualsPath",
    "BooleanEquals",
    "BooleanEqualsPath",
    "TimestampEquals",
    "TimestampLessThan",
    "TimestampGreaterThan",
    "TimestampLessThanEquals",
    "TimestampGreaterThanEquals",
    "IsPresent",
    "IsNull",
];

/// Amazon States Language operators whose ZIS support is not documented either way.
const UNDOCUMENTED_OPERATORS: &[&str] = &[
    "StringLessThanPath",
    "StringGreaterThanPath",
    "StringLessThanEqualsPath",
    "StringGreaterThanEqualsPath",
    "TimestampEqualsPath",
    "TimestampLessThanPath",
    "TimestampGreaterThanPath",
    "TimestampLessThanEqualsPath",
    "TimestampGreaterThanEqualsPath",
];

/// Amazon States Language operators that ZIS rejects.
const UNSUPPORTED_OPERATORS: &[&str] = &[
    "StringMatches",
    "IsString",
    "IsNumeric",
    "IsBoolean",
    "IsTimestamp",
];

/// What value an operator compares against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandType {
    String,
    Number,
    Bool,
    /// A timestamp string.
    Timestamp,
    /// A reference path to compare against.
    Path,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub name: &'static str,
    pub operand: OperandType,
    pub support: Support,
}

/// Every Choice rule operator this project knows, with its support in ZIS.
pub fn operators() -> impl Iterator<Item = Operator> {
    let of = |support: Support| {
        move |&name: &&'static str| Operator {
            name,
            operand: operand_type(name),
            support,
        }
    };
    SUPPORTED_OPERATORS
        .iter()
        .map(of(Support::Supported))
        .chain(UNDOCUMENTED_OPERATORS.iter().map(of(Support::Undocumented)))
        .chain(UNSUPPORTED_OPERATORS.iter().map(of(Support::Unsupported)))
}

pub fn operator(name: &str) -> Option<Operator> {
    // By name first: the rules look up every key of every Choice rule, and building each
    // `Operator` on the way to the match cost more than the rest of the lookup.
    let (name, support) = [
        (SUPPORTED_OPERATORS, Support::Supported),
        (UNDOCUMENTED_OPERATORS, Support::Undocumented),
        (UNSUPPORTED_OPERATORS, Support::Unsupported),
    ]
    .into_iter()
    .find_map(|(names, support)| Some((*names.iter().find(|&&known| known == name)?, support)))?;
    Some(Operator {
        name,
        operand: operand_type(name),
        support,
    })
}

fn operand_type(name: &str) -> OperandType {
    if name.ends_with("Path") {
        OperandType::Path
    } else if name.starts_with("String") {
        OperandType::String
    } else if name.starts_with("Numeric") {
        OperandType::Number
    } else if name.starts_with("Timestamp") {
        OperandType::Timestamp
    } else {
        // BooleanEquals and the Is… tests all take a boolean.
        OperandType::Bool
    }
}

const CHOICE_RULE_BASE: &[FieldSpec] = &[
    field(
        "Variable",
        FieldType::ReferencePath,
        "The path to the value this rule tests.",
    ),
    field(
        "Next",
        FieldType::StateName,
        "The state to run when this rule matches (top-level rules only).",
    ),
    field(
        "And",
        FieldType::Array,
        "Matches when every rule of the array matches.",
    ),
    field(
        "Or",
        FieldType::Array,
        "Matches when any rule of the array matches.",
    ),
    field(
        "Not",
        FieldType::Object,
        "Matches when the rule it holds does not.",
    ),
    COMMENT,
];

const CATCH_FIELDS: &[FieldSpec] = &[
    required(
        "ErrorEquals",
        FieldType::Array,
        "The errors this handler catches; ZIS accepts only `[\"States.ALL\"]`.",
    ),
    required(
        "Next",
        FieldType::StateName,
        "The state to run when the error is caught.",
    ),
    field(
        "ResultPath",
        FieldType::ResultPath,
        "Where the error is written. Without it the error replaces all flow data (`$`).",
    ),
    COMMENT,
];

const BUNDLE: &[FieldSpec] = &[
    required("name", FieldType::String, "The bundle's name (free text)."),
    field(
        "description",
        FieldType::String,
        "What the integration does.",
    ),
    required(
        "zis_template_version",
        FieldType::Enum(&[TEMPLATE_VERSION]),
        "The bundle format version: `\"2019-10-14\"`, the one value the documentation lists.",
    ),
    required(
        "resources",
        FieldType::Object,
        "The flows, custom actions and job specs, by resource key.",
    ),
    field(
        "integration",
        FieldType::String,
        "Set by the Registry on a downloaded bundle: the integration key.",
    ),
    field(
        "uuid",
        FieldType::String,
        "Set by the Registry on a downloaded bundle.",
    ),
    field(
        "zendesk_account_id",
        FieldType::Integer,
        "Set by the Registry on a downloaded bundle.",
    ),
];

const RESOURCE: &[FieldSpec] = &[
    required(
        "type",
        FieldType::Enum(&["ZIS::Flow", "ZIS::Action::Http", "ZIS::JobSpec"]),
        "`ZIS::Flow`, `ZIS::Action::Http` or `ZIS::JobSpec`.",
    ),
    required("properties", FieldType::Object, "The resource's settings."),
];

const FLOW_PROPERTIES: &[FieldSpec] = &[
    required(
        "name",
        FieldType::String,
        "The flow's name: job specs start it as `zis:<integration>:flow:<name>`.",
    ),
    required(
        "definition",
        FieldType::Object,
        "The flow: `{ \"StartAt\": ..., \"States\": {...} }`.",
    ),
    field("description", FieldType::String, "What the flow does."),
];

const ACTION_PROPERTIES: &[FieldSpec] = &[
    required(
        "name",
        FieldType::String,
        "The action's name: flows call it as `zis:<integration>:action:<name>`.",
    ),
    required(
        "definition",
        FieldType::Object,
        "The HTTP request: `method`, `url` or `path`, `headers`, `queryParams`, `requestBody`.",
    ),
    field("description", FieldType::String, "What the action does."),
];

const JOB_SPEC_PROPERTIES: &[FieldSpec] = &[
    required(
        "name",
        FieldType::String,
        "The job spec's name: it is installed as `zis:<integration>:job_spec:<name>`.",
    ),
    required(
        "event_source",
        FieldType::String,
        "`support`, `sunshine`, or an inbound webhook's source system.",
    ),
    required(
        "event_type",
        FieldType::String,
        "The event that starts the flow, e.g. `ticket.TicketCreated`.",
    ),
    required(
        "flow_name",
        FieldType::String,
        "The flow to start: `zis:<integration>:flow:<flow name>`.",
    ),
    field("description", FieldType::String, "What the job spec does."),
];

const FLOW_DEFINITION: &[FieldSpec] = &[
    required("StartAt", FieldType::StateName, "The first state to run."),
    required("States", FieldType::Object, "The states, by name."),
    COMMENT,
];

const ACTION_DEFINITION: &[FieldSpec] = &[
    required(
        "method",
        FieldType::Enum(HTTP_METHODS),
        "The HTTP method: GET, HEAD, PUT, POST, DELETE, OPTIONS, PATCH or TRACE.",
    ),
    with_path(field(
        "url",
        FieldType::String,
        "The full URL; may hold `{{$.param}}` placeholders. Give `url` or `path`, not both.",
    )),
    with_path(field(
        "path",
        FieldType::String,
        "A path relative to the connection's host, e.g. `/api/v2/tickets/{{$.ticket_id}}.json`.",
    )),
    field(
        "connectionName",
        FieldType::String,
        "The connection that authenticates the call; `zendesk` is the account's own Zendesk OAuth connection.",
    ),
    field(
        "headers",
        FieldType::Array,
        "`[{ \"key\": \"Content-Type\", \"value\": \"application/json\" }]`; `value.$` reads a parameter.",
    ),
    field(
        "queryParams",
        FieldType::Array,
        "Query parameters: `[{ \"key\": \"page\", \"value.$\": \"$.page\" }]`.",
    ),
    field(
        "query",
        FieldType::Array,
        "Query parameters, as Zendesk's tutorial on authenticating requests writes them: `[{ \"key\": \"page\", \"value\": \"2\" }]`.",
    ),
    with_path(field(
        "requestBody",
        FieldType::Any,
        "The request body; keys ending in `.$` read the calling state's parameters.",
    )),
];

const KEY_VALUE: &[FieldSpec] = &[
    required(
        "key",
        FieldType::String,
        "The header or query parameter name.",
    ),
    with_path(required(
        "value",
        FieldType::String,
        "The value; `value.$` reads it from a path of the calling state's parameters.",
    )),
];

/// The fact that says what an object of `kind` holds.
pub fn fact(kind: ObjectKind) -> &'static Fact {
    match kind {
        ObjectKind::Bundle => &facts::BUNDLE_FIELDS,
        ObjectKind::Resource => &facts::RESOURCE_TYPES,
        ObjectKind::FlowProperties | ObjectKind::FlowDefinition => &facts::FLOW_FIELDS,
        ObjectKind::Iterator => &facts::MAP_STATE_FIELDS,
        ObjectKind::ActionProperties | ObjectKind::ActionDefinition | ObjectKind::KeyValue => {
            &facts::ACTION_FIELDS
        }
        ObjectKind::JobSpecProperties => &facts::JOB_SPEC_FIELDS,
        ObjectKind::State(None) => &facts::STATE_TYPES,
        ObjectKind::State(Some(ty)) => match ty {
            StateType::Action => &facts::ACTION_STATE_FIELDS,
            StateType::Choice => &facts::CHOICE_STATE_FIELDS,
            StateType::Map => &facts::MAP_STATE_FIELDS,
            StateType::Wait => &facts::WAIT_STATE_FIELDS,
            StateType::Pass => &facts::PASS_STATE_FIELDS,
            StateType::Succeed => &facts::SUCCEED_STATE_FIELDS,
            StateType::Fail => &facts::FAIL_STATE_FIELDS,
        },
        ObjectKind::ChoiceRule { .. } => &facts::CHOICE_RULES,
        ObjectKind::Catch => &facts::CATCH_FIELDS,
    }
}

/// The fields an object of `kind` may hold, in the order completion offers them.
pub fn fields(kind: ObjectKind) -> &'static [FieldSpec] {
    table(kind).1
}

/// How many field tables [`table`] tells apart.
const TABLES: usize = 18;

/// The field table of `kind`, and a number of its own below [`TABLES`]. `schemas/generate.py`
/// reads the bundle schema's tables off these arms, written `(number, TABLE)`.
fn table(kind: ObjectKind) -> (usize, &'static [FieldSpec]) {
    match kind {
        ObjectKind::Bundle => (0, BUNDLE),
        ObjectKind::Resource => (1, RESOURCE),
        ObjectKind::FlowProperties => (2, FLOW_PROPERTIES),
        ObjectKind::ActionProperties => (3, ACTION_PROPERTIES),
        ObjectKind::JobSpecProperties => (4, JOB_SPEC_PROPERTIES),
        ObjectKind::FlowDefinition | ObjectKind::Iterator => (5, FLOW_DEFINITION),
        ObjectKind::State(None) => (6, COMMON_STATE),
        ObjectKind::State(Some(ty)) => match ty {
            StateType::Action => (7, ACTION_STATE),
            StateType::Choice => (8, CHOICE_STATE),
            StateType::Map => (9, MAP_STATE),
            StateType::Wait => (10, WAIT_STATE),
            StateType::Pass => (11, PASS_STATE),
            StateType::Succeed => (12, SUCCEED_STATE),
            StateType::Fail => (13, FAIL_STATE),
        },
        ObjectKind::ChoiceRule { .. } => (14, CHOICE_RULE_BASE),
        ObjectKind::Catch => (15, CATCH_FIELDS),
        ObjectKind::ActionDefinition => (16, ACTION_DEFINITION),
        ObjectKind::KeyValue => (17, KEY_VALUE),
    }
}

/// The spec of `key` in an object of `kind`, also for `name.$` keys of path-variant fields and
/// for Choice rule operators.
pub fn lookup(kind: ObjectKind, key: &str) -> Option<FieldSpec> {
    // Several rules look up each key of each typed object: 310,000 lookups at 10,000 states,
    // where scanning the table (and the operators, for a Choice rule) cost 6% of `check`.
    static INDEXES: [OnceLock<HashMap<Box<str>, FieldSpec>>; TABLES] =
        [const { OnceLock::new() }; TABLES];
    let (at, fields) = table(kind);
    let choice_rule = matches!(kind, ObjectKind::ChoiceRule { .. });
    INDEXES[at]
        .get_or_init(|| index(fields, choice_rule))
        .get(key)
        .copied()
}

/// What [`lookup`] finds in a table by key. A key may name a field, then the path variant of
/// one, then an operator: the first that claims it wins.
fn index(fields: &[FieldSpec], choice_rule: bool) -> HashMap<Box<str>, FieldSpec> {
    let exact = fields.iter().map(|spec| (Box::from(spec.name), *spec));
    let path_variants = fields
        .iter()
        .filter(|spec| spec.path_variant)
        .map(|spec| (format!("{}.$", spec.name).into_boxed_str(), *spec));
    let operators = operators()
        .filter(|_| choice_rule)
        .map(|op| (Box::from(op.name), operator_field(op)));
    let mut index = HashMap::default();
    for (key, spec) in exact.chain(path_variants).chain(operators) {
        index.entry(key).or_insert(spec);
    }
    index
}

fn operator_field(op: Operator) -> FieldSpec {
    let ty = match op.operand {
        OperandType::String | OperandType::Timestamp => FieldType::String,
        OperandType::Number => FieldType::Any,
        OperandType::Bool => FieldType::Bool,
        OperandType::Path => FieldType::ReferencePath,
    };
    FieldSpec {
        name: op.name,
        required: false,
        ty,
        path_variant: false,
        support: op.support,
        doc: "A comparison operator of a Choice rule.",
    }
}

/// Every key name an object of `kind` may hold, for suggestions ("did you mean …?").
pub fn known_keys(kind: ObjectKind) -> impl Iterator<Item = &'static str> {
    let operator_names = matches!(kind, ObjectKind::ChoiceRule { .. })
        .then(|| operators().map(|op| op.name))
        .into_iter()
        .flatten();
    fields(kind)
        .iter()
        .filter(|f| f.support != Support::Misplaced)
        .map(|f| f.name)
        .chain(operator_names)
}

/// Every kind of object, for tests that go through them all.
#[cfg(test)]
pub(crate) fn every_kind() -> Vec<ObjectKind> {
    let mut kinds = vec![
        ObjectKind::Bundle,
        ObjectKind::Resource,
        ObjectKind::FlowProperties,
        ObjectKind::ActionProperties,
        ObjectKind::JobSpecProperties,
        ObjectKind::FlowDefinition,
        ObjectKind::Iterator,
        ObjectKind::State(None),
        ObjectKind::ChoiceRule { top_level: true },
        ObjectKind::ChoiceRule { top_level: false },
        ObjectKind::Catch,
        ObjectKind::ActionDefinition,
        ObjectKind::KeyValue,
    ];
    kinds.extend(StateType::ALL.map(|ty| ObjectKind::State(Some(ty))));
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule the index stands for, read off the tables one by one.
    fn scanned(kind: ObjectKind, key: &str) -> Option<FieldSpec> {
        let fields = fields(kind);
        if let Some(spec) = fields.iter().find(|f| f.name == key) {
            return Some(*spec);
        }
        let stem = key.strip_suffix(".$");
        if let Some(spec) = fields
            .iter()
            .find(|f| Some(f.name) == stem && f.path_variant)
        {
            return Some(*spec);
        }
        match kind {
            ObjectKind::ChoiceRule { .. } => operator(key).map(operator_field),
            _ => None,
        }
    }

    #[test]
    fn the_index_finds_what_scanning_the_tables_finds() {
        let kinds = every_kind();
        let names = kinds
            .iter()
            .flat_map(|&kind| fields(kind).iter().map(|spec| spec.name))
            .chain(operators().map(|op| op.name))
            .chain(["", ".$", "Nxt", "type", "Next.$$"]);
        let keys: Vec<String> = names
            .flat_map(|name| [name.to_owned(), format!("{name}.$")])
            .collect();
        let mut found = 0;
        for &kind in &kinds {
            for key in &keys {
                let (indexed, expected) = (lookup(kind, key), scanned(kind, key));
                let shown = |spec: Option<FieldSpec>| spec.map(|s| (s.name, s.ty, s.support));
                assert_eq!(shown(indexed), shown(expected), "{kind:?} {key:?}");
                found += usize::from(indexed.is_some());
            }
        }
        assert!(found > 300, "{found} keys found");
    }
}
