//! The shape of the data a flow receives: what `$.input` holds for each Zendesk event, as the
//! trigger events pages document it (the data lives in `schemas/events.json`, beside the event
//! types; [`crate::catalog`] loads it).
//!
//! Shapes say how sure they are: an object is *closed* when its page lists all of its fields,
//! and *open* when it may hold more (custom fields, metadata, the keys an event adds that its
//! page does not show). Only a closed object can tell that a field is not there.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Map, Value};
use zis_syntax::Str;

use crate::catalog::{catalog, EventLookup, EventType, Family};
use crate::index::{Index, ReferenceField, Target};
use crate::model::{Bundle, ResourceId, ResourceKind};
use crate::HashMap;

/// The keys a flow starts with, besides what its states write: the four of the trigger events
/// page, and `connections`, which one version of the error handling page reads
/// (`$.connections.zendesk.access_token`) and a public bundle relies on.
pub const STARTING_KEYS: [&str; 5] = [
    "input",
    "account_id",
    "subdomain",
    "integration_key",
    "connections",
];

/// The shape of one JSON value of a payload.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    #[serde(rename = "type")]
    ty: Kind,
    #[serde(default)]
    description: String,
    #[serde(default)]
    nullable: bool,
    #[serde(default)]
    example: Option<Value>,
    #[serde(default)]
    fields: BTreeMap<String, Shape>,
    #[serde(default)]
    open: bool,
    #[serde(default)]
    items: Option<Box<Shape>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    Any,
}

impl Shape {
    pub fn description(&self) -> &str {
        &self.description
    }

    /// `integer`, `string or null`…
    pub fn type_name(&self) -> String {
        let name = match self.ty {
            Kind::Object => "object",
            Kind::Array => "array",
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Any => "any value",
        };
        if self.nullable {
            format!("{name} or null")
        } else {
            name.to_string()
        }
    }

    /// The fields of an object, by name.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &Shape)> {
        self.fields
            .iter()
            .map(|(name, shape)| (name.as_str(), shape))
    }

    pub fn field(&self, name: &str) -> Option<&Shape> {
        self.fields.get(name)
    }

    pub fn is_object(&self) -> bool {
        self.ty == Kind::Object
    }

    /// Whether the value may hold fields that are not listed: any value that is not a closed
    /// object.
    pub fn is_open(&self) -> bool {
        self.ty != Kind::Object || self.open
    }

    /// A value of this shape, for a sample event: the documented example where there is one,
    /// else `null` where the value may be null.
    pub fn sample(&self) -> Value {
        if let Some(example) = &self.example {
            return example.clone();
        }
        if self.nullable {
            return Value::Null;
        }
        match self.ty {
            Kind::Object => Value::Object(
                self.fields
                    .iter()
                    .map(|(name, field)| (name.clone(), field.sample()))
                    .collect(),
            ),
            Kind::Array => Value::Array(self.items.iter().map(|item| item.sample()).collect()),
            Kind::String => json!(""),
            Kind::Integer | Kind::Number => json!(0),
            Kind::Boolean => json!(false),
            Kind::Any => Value::Null,
        }
    }
}

/// The payload one event gives a flow under `$.input.<payload_key>`: the family's fields and the
/// event's own.
#[derive(Clone, Copy, Debug)]
pub struct EventPayload<'a> {
    pub family: &'a Family,
    /// `None` when the event type is not known: only the family's fields are.
    pub event: Option<&'a EventType>,
}

impl<'a> EventPayload<'a> {
    /// The payload of the event a job spec names; `None` for an inbound webhook or an unknown
    /// family.
    pub fn of(event_source: &str, event_type: &str) -> Option<EventPayload<'static>> {
        let catalog = catalog();
        match catalog.lookup(event_source, event_type) {
            EventLookup::Known { family, event } => Some(EventPayload {
                family,
                event: Some(event),
            }),
            EventLookup::UnconfirmedFamily(family) => Some(EventPayload {
                family,
                event: None,
            }),
            EventLookup::Unknown => {
                let prefix = event_type.split_once('.')?.0;
                let family = catalog
                    .source(event_source)?
                    .families
                    .iter()
                    .find(|family| family.prefix == prefix)?;
                Some(EventPayload {
                    family,
                    event: None,
                })
            }
            EventLookup::NotChecked => None,
        }
    }

    /// A field right under `$.input.<payload_key>`.
    pub fn field(&self, name: &str) -> Option<&'a Shape> {
        self.family
            .payload
            .field(name)
            .or_else(|| self.event.and_then(|event| event.fields.get(name)))
    }

    /// Every field right under `$.input.<payload_key>`, the event's own last.
    pub fn fields(&self) -> impl Iterator<Item = (&'a str, &'a Shape)> {
        let own = self.event.into_iter().flat_map(|event| {
            event
                .fields
                .iter()
                .map(|(name, shape)| (name.as_str(), shape))
        });
        self.family.payload.fields().chain(own)
    }

    /// Whether the fields listed are all the payload holds: only for an event whose page shows
    /// its whole payload.
    pub fn is_closed(&self) -> bool {
        self.event.is_some_and(|event| event.complete)
    }

    /// The payload with sample values.
    pub fn sample(&self) -> Value {
        let fields: Map<String, Value> = self
            .fields()
            .map(|(name, shape)| (name.to_string(), shape.sample()))
            .collect();
        let mut payload = Value::Object(fields);
        if let (Some(event), Some(ty)) = (self.event, payload.get_mut("type")) {
            if let Some(name) = &event.payload_name {
                *ty = json!(name);
            }
        }
        payload
    }
}

/// What a flow started by `event_type` of `event_source` receives as `$`, with sample values:
/// `account_id`, `integration_key`, `subdomain` and the event's payload under `input`. `None`
/// for an inbound webhook, whose input is the request body.
pub fn sample_flow_input(
    event_source: &str,
    event_type: &str,
    integration_key: &str,
) -> Option<Value> {
    let payload = EventPayload::of(event_source, event_type)?;
    let mut event = Map::new();
    event.insert(payload.family.payload_key.clone(), payload.sample());
    Some(json!({
        "account_id": 12345,
        "integration_key": integration_key,
        "subdomain": "example",
        "input": event,
    }))
}

/// What starts a flow: Zendesk events of known families, or inbound webhooks.
pub enum FlowStart<'a> {
    /// The payload of each job spec's event, with its `event_type`.
    Events(Vec<(EventPayload<'static>, &'a Str)>),
    /// Every job spec is an inbound webhook; their `event_source` values.
    Webhooks(Vec<&'a Str>),
}

/// What starts each flow whose job specs all tell: all of known Zendesk event families, or all
/// inbound webhooks.
pub fn flow_starts<'a>(model: &'a Bundle, index: &'a Index) -> HashMap<ResourceId, FlowStart<'a>> {
    // `None` once the flow has a job spec that cannot be classified, or both kinds.
    let mut starts: HashMap<ResourceId, Option<FlowStart<'a>>> = HashMap::default();
    for site in &index.references {
        let (ReferenceField::FlowName(job), Target::Resource(flow)) = (site.field, site.target)
        else {
            continue;
        };
        let ResourceKind::JobSpec(spec) = &model.resource(job).kind else {
            continue;
        };
        let kind = classify(spec.event_source.as_ref(), spec.event_type.as_ref());
        let Some(start) = starts.get_mut(&flow) else {
            let start = kind.map(|kind| match kind {
                JobStart::Event(payload, ty) => FlowStart::Events(vec![(payload, ty)]),
                JobStart::Webhook(source) => FlowStart::Webhooks(vec![source]),
            });
            starts.insert(flow, start);
            continue;
        };
        match (start.as_mut(), kind) {
            (Some(FlowStart::Events(events)), Some(JobStart::Event(payload, ty))) => {
                events.push((payload, ty))
            }
            (Some(FlowStart::Webhooks(sources)), Some(JobStart::Webhook(source))) => {
                sources.push(source)
            }
            _ => *start = None,
        }
    }
    starts
        .into_iter()
        .filter_map(|(flow, start)| Some((flow, start?)))
        .collect()
}

/// What one job spec starts its flow with.
enum JobStart<'a> {
    /// A Zendesk event: its payload and the `event_type`.
    Event(EventPayload<'static>, &'a Str),
    /// An inbound webhook, by `event_source`.
    Webhook(&'a Str),
}

/// `None` when the job spec does not say, or names a Zendesk source with an unknown family.
fn classify<'a>(source: Option<&'a Str>, event_type: Option<&'a Str>) -> Option<JobStart<'a>> {
    let (source, event_type) = (source?, event_type?);
    if catalog().source(&source.value).is_none() {
        return Some(JobStart::Webhook(source));
    }
    EventPayload::of(&source.value, &event_type.value)
        .map(|payload| JobStart::Event(payload, event_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_event_sample_has_the_documented_keys() {
        let input = sample_flow_input("support", "ticket.TicketCreated", "acme").unwrap();
        assert_eq!(input["integration_key"], "acme");
        let event = &input["input"]["ticket_event"];
        assert_eq!(event["type"], "Ticket Created");
        assert_eq!(event["ticket"]["status"], "open");
        assert!(event["ticket"]["id"].is_i64());
        assert!(event["meta"]["occurred_at"].is_string());
        let comment = sample_flow_input("support", "ticket.CommentAdded", "acme").unwrap();
        assert!(comment["input"]["ticket_event"]["comment"]["body"].is_string());
        assert_eq!(comment["input"]["ticket_event"]["type"], "Comment Created");
    }

    #[test]
    fn webhooks_have_no_known_payload() {
        assert!(sample_flow_input("tsanet", "collaboration_event", "acme").is_none());
    }

    #[test]
    fn closed_and_open_shapes() {
        let created = EventPayload::of("support", "ticket.TicketCreated").unwrap();
        assert!(created.is_closed());
        let ticket = created.field("ticket").unwrap();
        assert!(!ticket.is_open());
        assert!(ticket.field("subject").is_none());
        assert!(ticket.field("via").unwrap().is_open());
        let comment = EventPayload::of("support", "ticket.CommentAdded").unwrap();
        assert!(!comment.is_closed());
        assert!(comment.field("comment").is_some());
        let unknown = EventPayload::of("support", "ticket.Created").unwrap();
        assert!(unknown.event.is_none());
        assert!(unknown.field("ticket").is_some());
    }

    #[test]
    fn every_shape_is_described() {
        fn check(path: &str, shape: &Shape) {
            assert!(
                !shape.description.is_empty() && shape.description.ends_with('.'),
                "{path}"
            );
            for (name, field) in shape.fields() {
                check(&format!("{path}.{name}"), field);
            }
            if let Some(items) = &shape.items {
                check(&format!("{path}[]"), items);
            }
        }
        for source in catalog().sources() {
            for family in &source.families {
                check(&family.payload_key, &family.payload);
                for event in &family.types {
                    for (name, field) in &event.fields {
                        check(&format!("{}.{name}", event.name), field);
                    }
                }
            }
        }
    }
}
