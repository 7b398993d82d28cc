//! # ZIS506 wrong-event-payload
//!
//! ## What it checks
//! A flow reads the payload key of an event family that cannot start it. The payload of a
//! Zendesk event sits under one key of `$.input` per family: `ticket_event` for `ticket.*`
//! events, `user_event` for `user.*`, `organization_event`, `custom_object_event`,
//! `activity_event`. When every job spec that starts the flow names events of known families, a
//! read of another family's key (`$.input.user_event.user.id` in a flow started by
//! `ticket.TicketCreated`) is reported; when every job spec is an inbound webhook (an
//! `event_source` other than `support` and `sunshine`), so is a read of any of these keys, as
//! the input is then the request body.
//!
//! Left alone: flows no job spec starts, flows started by a mix of webhooks and Zendesk events,
//! job specs whose event family is not known, and reads inside Map iterators, where `$` is the
//! item.
//!
//! ## Why
//! The key is never there when the flow runs: the path selects nothing, and the state that reads
//! it fails or sends a request with a hole in it. It happens when a flow is copied from another
//! integration, or when its job spec is changed to another event.
//!
//! ## Example
//! ```json resources bad good
//! "on_ticket": {
//!   "type": "ZIS::JobSpec",
//!   "properties": { "name": "on_ticket", "event_source": "support",
//!     "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:notify" }
//! }
//! ```
//! with the flow `notify` reading
//! ```json state bad
//! "Parameters": { "user_id.$": "$.input.user_event.user.id" }
//! ```
//! Read the payload of the event that starts the flow:
//! ```json state good
//! "Parameters": { "user_id.$": "$.input.ticket_event.ticket.requester_id" }
//! ```
//!
//! ## Fix
//! Read the key of the family that starts the flow, or start the flow with a job spec for the
//! events it was written for.

use std::collections::HashMap;

use zis_syntax::Str;

use super::data_flow::{reads_flow_data, Reader};
use super::{Context, Report};
use crate::catalog::catalog;
use crate::index::{ReferenceField, Target};
use crate::model::{ResourceId, ResourceKind};

/// Enough job specs to see which events start the flow.
const MAX_LABELS: usize = 3;

/// What starts a flow: the payload keys of Zendesk event families, or inbound webhooks.
enum Start<'a> {
    /// The payload keys the flow may receive, with the `event_type` of each job spec.
    Events(Vec<(&'a str, &'a Str)>),
    /// Every job spec is an inbound webhook; their `event_source` values.
    Webhooks(Vec<&'a Str>),
}

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let model = ctx.model;
    let starts = starts(ctx);
    if starts.is_empty() {
        return;
    }
    let payload_keys: Vec<&str> = catalog()
        .sources()
        .iter()
        .flat_map(|source| &source.families)
        .map(|family| family.payload_key.as_str())
        .collect();
    for read in ctx.data.reads(ctx) {
        let Reader::State(id) = read.reader else {
            continue;
        };
        let scope = model.scope(id.scope);
        let Some(start) = starts.get(&scope.resource) else {
            continue;
        };
        if scope.parent.is_some() || !reads_flow_data(model.state(id)) {
            continue;
        }
        let names = read.names();
        let [input, key, ..] = names[..] else {
            continue;
        };
        if input != "input" || !payload_keys.contains(&key) {
            continue;
        }
        let path = read.text(2);
        let (message, labels): (String, Vec<(&Str, String)>) = match start {
            Start::Events(events) if !events.iter().any(|(payload, _)| *payload == key) => {
                let mut families: Vec<String> = Vec::new();
                let mut payloads: Vec<String> = Vec::new();
                for (payload, event_type) in events {
                    let family = event_type.value.split('.').next().unwrap_or_default();
                    let family = format!("`{family}.*`");
                    if !families.contains(&family) {
                        families.push(family);
                        payloads.push(format!("`$.input.{payload}`"));
                    }
                }
                let message = format!(
                    "`{path}` is not in this flow's input: only {} events start it, with their \
                     payload in {}",
                    families.join(" and "),
                    payloads.join(" and ")
                );
                let labels = events
                    .iter()
                    .map(|(_, event_type)| (*event_type, "the flow is started here".to_string()))
                    .collect();
                (message, labels)
            }
            Start::Events(_) => continue,
            Start::Webhooks(sources) => {
                let message = format!(
                    "`{path}` is not in this flow's input: only inbound webhooks start it, and \
                     their input is the request body, not a Zendesk event"
                );
                let labels = sources
                    .iter()
                    .map(|source| (*source, "an inbound webhook starts the flow".to_string()))
                    .collect();
                (message, labels)
            }
        };
        let diagnostic = report.add(read.range(ctx.text, 2), message);
        for (at, note) in labels.into_iter().take(MAX_LABELS) {
            diagnostic.label(at.range, note);
        }
    }
}

/// What starts each flow whose job specs all tell: all of known Zendesk event families, or all
/// inbound webhooks.
fn starts<'a>(ctx: &Context<'a>) -> HashMap<ResourceId, Start<'a>> {
    let model = ctx.model;
    // `None` once the flow has a job spec that cannot be classified, or both kinds.
    let mut starts: HashMap<ResourceId, Option<Start<'a>>> = HashMap::new();
    for site in &ctx.index.references {
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
                Kind::Event(key, ty) => Start::Events(vec![(key, ty)]),
                Kind::Webhook(source) => Start::Webhooks(vec![source]),
            });
            starts.insert(flow, start);
            continue;
        };
        match (start.as_mut(), kind) {
            (Some(Start::Events(events)), Some(Kind::Event(key, ty))) => events.push((key, ty)),
            (Some(Start::Webhooks(sources)), Some(Kind::Webhook(source))) => sources.push(source),
            _ => *start = None,
        }
    }
    starts
        .into_iter()
        .filter_map(|(flow, start)| Some((flow, start?)))
        .collect()
}

/// What one job spec starts its flow with.
enum Kind<'a> {
    /// A Zendesk event: its family's payload key and the `event_type`.
    Event(&'static str, &'a Str),
    /// An inbound webhook, by `event_source`.
    Webhook(&'a Str),
}

/// `None` when the job spec does not say, or names a Zendesk source with an unknown family.
fn classify<'a>(source: Option<&'a Str>, event_type: Option<&'a Str>) -> Option<Kind<'a>> {
    let (source, event_type) = (source?, event_type?);
    let Some(zendesk) = catalog().source(&source.value) else {
        return Some(Kind::Webhook(source));
    };
    let (prefix, _) = event_type.value.split_once('.')?;
    zendesk
        .families
        .iter()
        .find(|family| family.prefix == prefix)
        .map(|family| Kind::Event(family.payload_key.as_str(), event_type))
}
