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

use zis_syntax::Str;

use super::data_flow::{reads_flow_data, Reader};
use super::{Context, Report};
use crate::catalog::catalog;
use crate::payload::{flow_starts, FlowStart};

/// Enough job specs to see which events start the flow.
const MAX_LABELS: usize = 3;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let model = ctx.model;
    let starts = flow_starts(ctx.model, ctx.index);
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
            FlowStart::Events(events)
                if !events
                    .iter()
                    .any(|(payload, _)| payload.family.payload_key == key) =>
            {
                let mut families: Vec<String> = Vec::new();
                let mut payloads: Vec<String> = Vec::new();
                for (payload, _) in events {
                    let family = format!("`{}.*`", payload.family.prefix);
                    if !families.contains(&family) {
                        families.push(family);
                        payloads.push(format!("`$.input.{}`", payload.family.payload_key));
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
            FlowStart::Events(_) => continue,
            FlowStart::Webhooks(sources) => {
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
