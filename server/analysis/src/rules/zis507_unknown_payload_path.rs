//! # ZIS507 unknown-payload-path
//!
//! ## What it checks
//! A flow reads a path under `$.input` that the events starting it do not provide. Every job
//! spec that starts the flow names a Zendesk event, whose payload Zendesk documents: a ticket
//! event gives `$.input.ticket_event` with `meta`, `type` and `ticket` below it, and `ticket`
//! has `id`, `status`, `requester_id`… Reported:
//! - a key right under `$.input` that is not the payload key of those events:
//!   `$.input.ticket.id`, where the ticket is at `$.input.ticket_event.ticket.id`;
//! - a field that an object of the payload does not have, where its page lists all of its
//!   fields: `$.input.ticket_event.ticket.subject` (the event gives no subject);
//! - where the page may not list everything (the keys an event adds, metadata), only a likely
//!   typo of a documented field: `$.input.ticket_event.tickt`.
//!
//! Left alone: flows started by inbound webhooks (their input is the request body) or by no job
//! spec of this bundle, and reads of another family's payload (ZIS506).
//!
//! ## Why
//! The path selects nothing when the flow runs: ZIS fails the state with "JSON path not found",
//! or a placeholder stays empty. A warning, because the payload pages may not show every field.
//!
//! ## Example
//! ```json state bad
//! "Parameters": { "ticket_id.$": "$.input.ticket.id" }
//! ```
//! in a flow started by `ticket.TicketCreated`. The payload is under `ticket_event`:
//! ```json state good
//! "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.id" }
//! ```
//!
//! ## Fix
//! Read a path the event provides; the quick fix puts in the suggested one. For data the event
//! does not carry (a ticket's subject, say), fetch it with a custom action calling the Zendesk
//! API.
//!
//! **Unsafe fix**: the flow then reads other event data.

use super::data_flow::{reads_flow_data, Read, Reader};

use super::{Context, Report};
use crate::catalog::catalog;
use crate::diagnostic::Edit;
use crate::payload::{flow_starts, EventPayload, FlowStart, Shape};
use crate::suggest::closest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let model = ctx.model;
    let starts = flow_starts(ctx.model, ctx.index);
    if starts.is_empty() {
        return;
    }
    for read in ctx.data.reads(ctx) {
        let Reader::State(id) = read.reader else {
            continue;
        };
        let scope = model.scope(id.scope);
        let Some(FlowStart::Events(events)) = starts.get(&scope.resource) else {
            continue;
        };
        if scope.parent.is_some() || !reads_flow_data(model.state(id)) {
            continue;
        }
        let names = read.names();
        let ["input", key, ..] = names[..] else {
            continue;
        };
        let payloads: Vec<EventPayload> = events.iter().map(|(payload, _)| *payload).collect();
        let is_payload_key = |key: &str| {
            catalog()
                .sources()
                .iter()
                .flat_map(|source| &source.families)
                .any(|family| family.payload_key == key)
        };
        if is_payload_key(key) {
            let of_key: Vec<EventPayload> = payloads
                .iter()
                .copied()
                .filter(|payload| payload.family.payload_key == key)
                .collect();
            // No event of this family starts the flow: ZIS506 says so.
            if !of_key.is_empty() {
                unknown_field(ctx, report, read, &names, &of_key);
            }
        } else {
            not_the_payload_key(ctx, report, read, key, &payloads);
        }
    }
}

/// `$.input.<key>` where `key` is no event's payload key.
fn not_the_payload_key(
    ctx: &Context,
    report: &mut Report,
    read: &Read,
    key: &str,
    payloads: &[EventPayload],
) {
    let path = read.text(2);
    let first = payloads[0];
    let payload_key = first.family.payload_key.as_str();
    let events = describe_events(payloads);
    // `$.input.ticket` for `$.input.ticket_event.ticket`: the object without its envelope.
    let (suggestion, replacement) = if first.field(key).is_some() {
        (
            format!("$.input.{payload_key}.{key}"),
            format!("{payload_key}.{key}"),
        )
    } else {
        let keys = payloads
            .iter()
            .map(|payload| payload.family.payload_key.as_str());
        match closest(key, keys) {
            Some(similar) => (format!("$.input.{similar}"), similar.to_string()),
            None => {
                report.add(
                    read.range(ctx.text, 2),
                    format!(
                        "`{path}` is not in this flow's input: {events} give their payload \
                         under `$.input.{payload_key}`"
                    ),
                );
                return;
            }
        }
    };
    let diagnostic = report.add(
        read.range(ctx.text, 2),
        format!(
            "`{path}` is not in this flow's input: {events} give their payload under \
             `$.input.{payload_key}`; did you mean `{suggestion}`?"
        ),
    );
    if let Some(range) = read.dotted_name_range(ctx.text, 2) {
        diagnostic.fix(
            format!("Read `{suggestion}`"),
            vec![Edit::replace(range, replacement)],
        );
    }
}

/// Enough fields to show what an object holds without burying the message.
const MAX_LISTED: usize = 8;

/// Where a read goes beyond the documented payload of one event.
struct Miss<'a> {
    /// The read's first `len` names lead to the first one not there.
    len: usize,
    /// Whether the page lists every field where the name is missing.
    closed: bool,
    /// The documented fields beside the missing one.
    siblings: Vec<&'a str>,
}

/// A read under `$.input.<payload key>` of a field that no event of the family provides.
fn unknown_field(
    ctx: &Context,
    report: &mut Report,
    read: &Read,
    names: &[&str],
    payloads: &[EventPayload],
) {
    let mut misses = Vec::new();
    for payload in payloads {
        match walk(payload, &names[2..]) {
            Some(miss) => misses.push(miss),
            // One event provides it, or cannot tell.
            None => return,
        }
    }
    let Some(len) = misses.iter().map(|miss| miss.len).min() else {
        return;
    };
    let missing = names[len - 1];
    let mut siblings: Vec<&str> = misses
        .iter()
        .filter(|miss| miss.len == len)
        .flat_map(|miss| miss.siblings.iter().copied())
        .collect();
    siblings.sort_unstable();
    siblings.dedup();
    let suggestion = closest(missing, siblings.iter().copied());
    let closed = misses.iter().all(|miss| miss.closed);
    if !closed && suggestion.is_none() {
        return;
    }
    let path = read.text(len);
    let parent = read.text(len - 1);
    let events = describe_events(payloads);
    let mut message = if closed {
        format!(
            "`{path}` is not in the payload of {events}: the documented `{parent}` has no \
             `{missing}`"
        )
    } else {
        format!("`{path}` is not in the documented payload of {events}")
    };
    let diagnostic = match suggestion {
        Some(similar) => {
            message.push_str(&format!("; did you mean `{parent}.{similar}`?"));
            let diagnostic = report.add(read.range(ctx.text, len), message);
            if let Some(range) = read.dotted_name_range(ctx.text, len) {
                diagnostic.fix(
                    format!("Read `{parent}.{similar}`"),
                    vec![Edit::replace(range, similar)],
                );
            }
            diagnostic
        }
        None => {
            let mut fields: Vec<String> = siblings
                .iter()
                .take(MAX_LISTED)
                .map(|name| format!("`{name}`"))
                .collect();
            if siblings.len() > MAX_LISTED {
                fields.push("…".into());
            }
            message.push_str(&format!(" (it has {})", fields.join(", ")));
            report.add(read.range(ctx.text, len), message)
        }
    };
    diagnostic.label(
        read.range(ctx.text, len - 1),
        "documented in Zendesk's trigger events reference",
    );
}

/// Follows `names` (below `$.input.<payload key>`) through one event's payload: `None` when the
/// payload has the path or cannot tell (an open value without the field, an array, any value).
fn walk<'a>(payload: &EventPayload<'a>, names: &[&str]) -> Option<Miss<'a>> {
    let (first, rest) = names.split_first()?;
    let Some(mut shape) = payload.field(first) else {
        return Some(Miss {
            len: 3,
            closed: payload.is_closed(),
            siblings: payload.fields().map(|(name, _)| name).collect(),
        });
    };
    for (at, name) in rest.iter().enumerate() {
        match shape.field(name) {
            Some(field) => shape = field,
            None if has_fields(shape) => {
                return Some(Miss {
                    len: 4 + at,
                    closed: !shape.is_open(),
                    siblings: shape.fields().map(|(name, _)| name).collect(),
                })
            }
            None => return None,
        }
    }
    None
}

/// Whether a shape documents fields to compare a name with: an object, open or closed.
fn has_fields(shape: &Shape) -> bool {
    shape.fields().next().is_some() || !shape.is_open()
}

/// `` `ticket.TicketCreated` events ``, `` `ticket.TicketCreated` and `ticket.StatusChanged` events ``.
fn describe_events(payloads: &[EventPayload]) -> String {
    let mut names: Vec<String> = Vec::new();
    for payload in payloads {
        let name = match payload.event {
            Some(event) => format!("`{}`", event.name),
            None => format!("`{}.*`", payload.family.prefix),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    format!("{} events", names.join(" and "))
}
