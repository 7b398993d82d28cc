//! # ZIS505 parameter-unused
//!
//! ## What it checks
//! An Action state passes a parameter that its action never reads. No path or placeholder of the
//! custom action's definition starts with it, or the built-in does not take it. Not reported
//! when the definition reads its whole input (`"requestBody.$": "$"`), nor for built-ins whose
//! parameters are not known.
//!
//! ## Why
//! A parameter passed for nothing is often one passed under the wrong name: the definition reads
//! `$.ticketId` and the state passes `ticket_id` (then ZIS504 reports the missing one too). When
//! it is truly unused it is noise that the next reader has to puzzle over.
//!
//! ## Example
//! ```json states bad
//! "GetTicket": {
//!   "Type": "Action", "ActionName": "zis:acme:action:get_ticket",
//!   "Parameters": {
//!     "ticket_id.$": "$.input.ticket_event.ticket.id",
//!     "requester.$": "$.input.ticket_event.ticket.requester_id"
//!   },
//!   "ResultPath": "$.ticket", "End": true
//! }
//! ```
//! when the definition reads only `{{$.ticket_id}}`:
//! ```json resources bad good
//! "get_ticket": {
//!   "type": "ZIS::Action::Http",
//!   "properties": { "name": "get_ticket", "definition": {
//!     "method": "GET", "path": "/api/v2/tickets/{{$.ticket_id}}.json", "connectionName": "zendesk"
//!   } }
//! }
//! ```
//! Pass only what it reads:
//! ```json states good
//! "GetTicket": {
//!   "Type": "Action", "ActionName": "zis:acme:action:get_ticket",
//!   "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.id" },
//!   "ResultPath": "$.ticket", "End": true
//! }
//! ```
//!
//! ## Fix
//! Rename the parameter to what the definition reads (the quick fix does when a missing name is
//! close), or remove it.
//!
//! **Unsafe fix**: renaming a parameter changes what the action receives, and removing one rests
//! on this rule's reading of the definition, which is only a hint.

use super::zis504_parameter_not_passed::{rename, stem, Callee};
use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::edit::member_removal;
use crate::suggest::closest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for call in ctx.data.calls(ctx) {
        let missing: Vec<&str> = call.missing.iter().map(|m| m.name.as_str()).collect();
        for key in &call.unused {
            let name = stem(&key.value);
            let message = match &call.callee {
                Callee::Custom(action) => {
                    format!("custom action `{action}` never reads the parameter `{name}`")
                }
                Callee::Builtin(builtin) => {
                    format!("`{}` takes no parameter `{name}`", builtin.name())
                }
            };
            let diagnostic = report.add(key.range, message);
            match closest(name, missing.iter().copied()) {
                Some(meant) => {
                    diagnostic
                        .message
                        .push_str(&format!("; is it meant to be `{meant}`?"));
                    let (title, edits) = rename(key, meant);
                    diagnostic.fix(title, edits);
                }
                None => {
                    if let Some(range) = ctx
                        .parse
                        .root
                        .as_ref()
                        .and_then(|root| member_removal(root, key.range))
                    {
                        diagnostic.fix(
                            format!("Remove parameter `{name}`"),
                            vec![Edit::delete(range)],
                        );
                    }
                }
            }
        }
    }
}
