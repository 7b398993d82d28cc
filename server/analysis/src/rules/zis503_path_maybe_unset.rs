//! # ZIS503 path-maybe-unset
//!
//! ## What it checks
//! A state reads a path of the flow data that some ways to it write and others do not. A branch
//! of a Choice, or a Catch handler, reaches the state without passing the `ResultPath`, Pass
//! `Result` or Catch `ResultPath` that writes it. The paths read and the cases left alone are
//! those of ZIS502, which reports paths that no way writes.
//!
//! ## Why
//! On the ways that skip the write, the path selects nothing when the state runs: the state
//! fails or a placeholder is replaced by nothing, only for some events, which makes the failure
//! hard to reproduce.
//!
//! ## Example
//! ```json states bad
//! "HasTicket": {
//!   "Type": "Choice",
//!   "Choices": [{ "Variable": "$.input.ticket_event.ticket.id", "IsPresent": true, "Next": "GetTicket" }],
//!   "Default": "Notify"
//! },
//! "GetTicket": {
//!   "Type": "Action", "ActionName": "zis:acme:action:get_ticket",
//!   "Parameters": { "id.$": "$.input.ticket_event.ticket.id" },
//!   "ResultPath": "$.ticket", "Next": "Notify"
//! },
//! "Notify": {
//!   "Type": "Action", "ActionName": "zis:acme:action:notify",
//!   "Parameters": { "subject.$": "$.ticket.subject" }, "End": true
//! }
//! ```
//! The `Default` way reaches `Notify` without `$.ticket`. Send that way elsewhere, or write the
//! path on it too:
//! ```json states good
//! "HasTicket": {
//!   "Type": "Choice",
//!   "Choices": [{ "Variable": "$.input.ticket_event.ticket.id", "IsPresent": true, "Next": "GetTicket" }],
//!   "Default": "NotifyWithoutTicket"
//! },
//! "GetTicket": {
//!   "Type": "Action", "ActionName": "zis:acme:action:get_ticket",
//!   "Parameters": { "id.$": "$.input.ticket_event.ticket.id" },
//!   "ResultPath": "$.ticket", "Next": "Notify"
//! },
//! "Notify": {
//!   "Type": "Action", "ActionName": "zis:acme:action:notify",
//!   "Parameters": { "subject.$": "$.ticket.subject" }, "End": true
//! },
//! "NotifyWithoutTicket": {
//!   "Type": "Action", "ActionName": "zis:acme:action:notify",
//!   "Parameters": { "subject": "a ticket without an id" }, "End": true
//! }
//! ```
//!
//! ## Fix
//! Write the path on every way to the state (a Pass state with a `Result` default works), or
//! move the read to a state that only the writing ways reach.

use super::data_flow::{meets, writes};
use super::{Context, Report};

/// Enough places to find the write; more would crowd the message.
const MAX_LABELS: usize = 3;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let model = ctx.model;
    let reads = ctx.data.reads(ctx);
    for unwritten in ctx.data.unwritten(ctx) {
        if !unwritten.gap.maybe {
            continue;
        }
        let read = &reads[unwritten.read];
        let len = unwritten.gap.len;
        let path = read.text(len);
        let diagnostic = report.add(
            read.range(ctx.text, len),
            format!(
                "`{path}` may be unset here: some ways from `StartAt` to this state write it, \
                 others do not"
            ),
        );
        let names = read.names();
        let wanted = &names[..len];
        let scope = model.scope(unwritten.state.scope);
        let places = scope
            .states
            .iter()
            .flat_map(|state| writes(state, ctx.path_sites()))
            .filter(|(written, _)| meets(written, wanted));
        for (_, value) in places.take(MAX_LABELS) {
            diagnostic.label(value.range(), format!("`{path}` is written here"));
        }
    }
}
