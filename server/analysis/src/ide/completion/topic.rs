//! What an item's documentation is about, and the documentation itself, written only once the
//! item is shown.

use std::borrow::Cow;

use crate::builtins::builtins;
use crate::catalog::catalog;
use crate::ide::hover::{
    builtin_documentation, event_documentation, field_documentation, resource_summary,
    resource_type,
};
use crate::ide::paths::{payload_documentation, starting_key_documentation, STARTING_KEYS};
use crate::model::ResourceType;
use crate::schema::{lookup, ObjectKind, StateType};
use crate::Analysis;

/// What an item's documentation is about. It outlives the analysis it came from: a client hands
/// its text form ([`Topic::encode`]) back when it shows the item, maybe after an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Topic {
    EventSource(&'static str),
    Event {
        source: &'static str,
        name: &'static str,
    },
    /// A custom action of the bundle, by name.
    Action(String),
    /// A flow of the bundle, by name.
    Flow(String),
    /// A built-in, by reference.
    Builtin(&'static str),
    StateType(StateType),
    ResourceType(ResourceType),
    /// A key of an object of this kind.
    Field(ObjectKind, &'static str),
    /// `States.ALL`.
    AnyError,
    /// A key every flow starts with (`input`).
    FlowInput(&'static str),
    /// A payload key or field, by its path below `$.input` (`ticket_event.ticket.status`).
    Payload(String),
}

impl Topic {
    /// Whether its documentation reads the bundle (the whole model, after an edit): that of an
    /// action or a flow of the bundle. Every other topic's is the catalog's or the schema's.
    pub fn reads_the_bundle(&self) -> bool {
        matches!(self, Topic::Action(_) | Topic::Flow(_))
    }

    /// The text form, which [`Topic::parse`] reads.
    pub fn encode(&self) -> String {
        match self {
            Topic::EventSource(name) => format!("source:{name}"),
            Topic::Event { source, name } => format!("event:{source}:{name}"),
            Topic::Action(name) => format!("action:{name}"),
            Topic::Flow(name) => format!("flow:{name}"),
            Topic::Builtin(reference) => format!("builtin:{reference}"),
            Topic::StateType(ty) => format!("state:{}", ty.name()),
            Topic::ResourceType(ty) => format!("resource:{}", ty.type_name()),
            Topic::Field(kind, name) => format!("field:{}:{name}", kind_code(*kind)),
            Topic::AnyError => "any-error".to_string(),
            Topic::FlowInput(name) => format!("flow-input:{name}"),
            Topic::Payload(path) => format!("payload:{path}"),
        }
    }

    /// `None` for text that is not a topic's text form, or that names something unknown: it
    /// comes back from the client.
    pub fn parse(text: &str) -> Option<Topic> {
        let (tag, rest) = text.split_once(':').unwrap_or((text, ""));
        match tag {
            "source" => Some(Topic::EventSource(&catalog().source(rest)?.name)),
            "event" => {
                let (source, name) = rest.split_once(':')?;
                let (_, event) = catalog()
                    .event_types(source)
                    .find(|(_, event)| event.name == name)?;
                let source = &catalog().source(source)?.name;
                Some(Topic::Event {
                    source,
                    name: &event.name,
                })
            }
            "action" => Some(Topic::Action(rest.to_string())),
            "flow" => Some(Topic::Flow(rest.to_string())),
            "builtin" => builtins()
                .iter()
                .find(|builtin| builtin.reference == rest)
                .map(|builtin| Topic::Builtin(builtin.reference)),
            "state" => StateType::parse(rest).map(Topic::StateType),
            "resource" => ResourceType::parse(rest).map(Topic::ResourceType),
            "field" => {
                let (code, name) = rest.split_once(':')?;
                let kind = parse_kind(code)?;
                Some(Topic::Field(kind, lookup(kind, name)?.name))
            }
            "any-error" => Some(Topic::AnyError),
            "flow-input" => STARTING_KEYS
                .iter()
                .find(|key| **key == rest)
                .map(|key| Topic::FlowInput(key)),
            "payload" => Some(Topic::Payload(rest.to_string())),
            _ => None,
        }
    }
}

/// How a topic's text form names an object kind; a state's kind holds its type (`state.Map`).
pub(super) fn kind_code(kind: ObjectKind) -> Cow<'static, str> {
    Cow::Borrowed(match kind {
        ObjectKind::Bundle => "bundle",
        ObjectKind::Resource => "resource",
        ObjectKind::FlowProperties => "flow-properties",
        ObjectKind::ActionProperties => "action-properties",
        ObjectKind::JobSpecProperties => "job-spec-properties",
        ObjectKind::FlowDefinition => "flow-definition",
        ObjectKind::Iterator => "iterator",
        ObjectKind::State(None) => "state",
        ObjectKind::State(Some(ty)) => return Cow::Owned(format!("state.{}", ty.name())),
        ObjectKind::ChoiceRule { top_level: true } => "rule",
        ObjectKind::ChoiceRule { top_level: false } => "nested-rule",
        ObjectKind::Catch => "catch",
        ObjectKind::ActionDefinition => "action-definition",
        ObjectKind::KeyValue => "key-value",
    })
}

pub(super) fn parse_kind(code: &str) -> Option<ObjectKind> {
    Some(match code {
        "bundle" => ObjectKind::Bundle,
        "resource" => ObjectKind::Resource,
        "flow-properties" => ObjectKind::FlowProperties,
        "action-properties" => ObjectKind::ActionProperties,
        "job-spec-properties" => ObjectKind::JobSpecProperties,
        "flow-definition" => ObjectKind::FlowDefinition,
        "iterator" => ObjectKind::Iterator,
        "state" => ObjectKind::State(None),
        "rule" => ObjectKind::ChoiceRule { top_level: true },
        "nested-rule" => ObjectKind::ChoiceRule { top_level: false },
        "catch" => ObjectKind::Catch,
        "action-definition" => ObjectKind::ActionDefinition,
        "key-value" => ObjectKind::KeyValue,
        _ => ObjectKind::State(Some(StateType::parse(code.strip_prefix("state.")?)?)),
    })
}

/// The documentation of an item, in Markdown. `None` when there is none, or when what it is
/// about has gone from the bundle since the item was made.
pub fn documentation(analysis: &Analysis, topic: &Topic) -> Option<String> {
    match topic {
        Topic::EventSource(name) => Some(catalog().source(name)?.description.clone()),
        Topic::Event { source, name } => {
            let (family, event) = catalog()
                .event_types(source)
                .find(|(_, event)| event.name == *name)?;
            Some(event_documentation(family, event))
        }
        Topic::Action(name) | Topic::Flow(name) => {
            let table = match topic {
                Topic::Flow(_) => &analysis.index().flows,
                _ => &analysis.index().actions,
            };
            let id = *table.get(name)?.first()?;
            Some(resource_summary(analysis.view(), id)).filter(|summary| !summary.is_empty())
        }
        Topic::Builtin(reference) => builtins()
            .iter()
            .find(|builtin| builtin.reference == *reference)
            .map(builtin_documentation),
        Topic::StateType(ty) => Some(ty.description().to_string()),
        Topic::ResourceType(ty) => resource_type(ty.type_name()).map(|(_, doc)| doc.to_string()),
        Topic::Field(kind, name) => {
            lookup(*kind, name).map(|spec| field_documentation(*kind, &spec))
        }
        Topic::AnyError => Some("Any error: the only value ZIS accepts.".to_string()),
        Topic::FlowInput(name) => starting_key_documentation(name).map(str::to_string),
        Topic::Payload(path) => payload_documentation(path),
    }
}
