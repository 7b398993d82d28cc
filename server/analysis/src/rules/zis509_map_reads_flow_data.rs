//! # ZIS509 map-reads-flow-data
//!
//! ## What it checks
//! A state inside a Map iterator reads flow data: a path whose first name is something the flow
//! holds outside the iteration (`$.input`, `$.account_id`, a name a state before the Map
//! writes), which no state of the iterator writes. Zendesk's Map state page says that each
//! iteration's input is its item alone: `$` is the item, and the flow's other data cannot be
//! read from inside.
//!
//! ## Why
//! The path reads the item's field of that name, which the item usually does not have: the
//! state fails with "JSON path not found" or sends a request with a hole in it. A warning,
//! because an item may happen to have a field of that name.
//!
//! ## Example
//! ```json states bad
//! "Notify": {
//!   "Type": "Map", "ItemsPath": "$.comments", "ResultPath": "$.notified",
//!   "Iterator": { "StartAt": "Post", "States": {
//!     "Post": { "Type": "Action", "ActionName": "zis:acme:action:post",
//!       "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.id", "body.$": "$.body" },
//!       "End": true } } },
//!   "End": true
//! }
//! ```
//! Put what each iteration needs into its item before the Map, with a jq transform, and read it
//! from the item:
//! ```json states good
//! "Prepare": {
//!   "Type": "Action", "ActionName": "zis:common:transform:Jq",
//!   "Parameters": {
//!     "expr": "[.comments[] | . + {ticket_id: .input.ticket_event.ticket.id}]", "data.$": "$"
//!   },
//!   "ResultPath": "$.items", "Next": "Notify"
//! },
//! "Notify": {
//!   "Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.notified",
//!   "Iterator": { "StartAt": "Post", "States": {
//!     "Post": { "Type": "Action", "ActionName": "zis:acme:action:post",
//!       "Parameters": { "ticket_id.$": "$.ticket_id", "body.$": "$.body" },
//!       "End": true } } },
//!   "End": true
//! }
//! ```
//!
//! ## Fix
//! Add the data to each item before the Map (Zendesk's tutorial on iterating over a collection
//! does it with a `zis:common:transform:Jq` state), then read it from the item.

use super::data_flow::{reads_flow_data, writes, Reader, STARTING_KEYS};
use super::{Context, Report};
use crate::model::ScopeId;
use crate::HashSet;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let model = ctx.model;
    // By scope: the first names of what its own states write.
    let written: Vec<HashSet<String>> = model
        .scope_ids()
        .map(|id| {
            model
                .scope(id)
                .states
                .iter()
                .flat_map(|state| writes(state, ctx.path_sites()))
                .filter_map(|(path, _)| path.into_iter().next())
                .collect()
        })
        .collect();
    for read in ctx.data.reads(ctx) {
        let Reader::State(id) = read.reader else {
            continue;
        };
        let scope = model.scope(id.scope);
        let Some(map) = scope.parent else {
            continue;
        };
        if !reads_flow_data(model.state(id)) {
            continue;
        }
        let Some(&first) = read.names().first() else {
            continue;
        };
        if written[id.scope.0].contains(first) {
            continue;
        }
        let outside =
            STARTING_KEYS.contains(&first) || written_around(ctx, map.scope, first, &written);
        if !outside {
            continue;
        }
        let path = read.text(1);
        report
            .add(
                read.range(ctx.text, 1),
                format!(
                    "`{path}` is read inside a Map iteration, where `$` is the item alone: it \
                     reads the item's `{first}`, not the flow's (unless each item has one); \
                     add what the iteration needs to the items before the Map"
                ),
            )
            .label(
                model.state(map).name.range,
                "the Map whose items the iteration sees",
            );
    }
}

/// Whether a state of `scope`, or of a scope around it, writes `name`.
fn written_around(ctx: &Context, scope: ScopeId, name: &str, written: &[HashSet<String>]) -> bool {
    let mut scope = Some(scope);
    while let Some(id) = scope {
        if written[id.0].contains(name) {
            return true;
        }
        scope = ctx.model.scope(id).parent.map(|parent| parent.scope);
    }
    false
}
