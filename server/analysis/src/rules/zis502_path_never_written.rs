//! # ZIS502 path-never-written
//!
//! ## What it checks
//! A state reads a path of the flow data that nothing writes before it. A `.$` value in
//! `Parameters`, a `{{$.…}}` placeholder, a Choice `Variable` or `…Path` operator, `ItemsPath`,
//! `SecondsPath` or a Succeed or Fail text reads `$.a…`, but on no way from `StartAt` to the
//! state does a `ResultPath`, a Pass `Result` or a Catch `ResultPath` write `$.a`, and `a` is not
//! part of what a flow starts with (`input`, `account_id`, `subdomain`, `integration_key`, and
//! `connections`, which Zendesk's error handling page reads).
//! Deeper paths are followed too: after `"ResultPath": "$.ticket.status"` alone, `$.ticket.id`
//! was never written. A path written whole holds whatever was written there: after
//! `"ResultPath": "$.search"`, `$.search.count` is fine.
//!
//! What cannot be known is not reported. Inside a Map iterator, `$` is the item, whose shape is
//! not known; after a state whose result replaces all the data (`"ResultPath": "$"` on an Action
//! or Map state, which is also the default, or a Catch without `ResultPath`) nothing is known
//! either. Paths in an action definition read the calling state's `Parameters` (ZIS504).
//!
//! ## Why
//! The path selects nothing when the state runs: the state fails, or a placeholder is replaced
//! by nothing. Usually a typo (`$.colab` for `$.collab`), a `ResultPath` that was renamed, or
//! config read without loading it first: `$.config` is not built in, a `LoadConfig` state puts
//! it there.
//!
//! ## Example
//! ```json states bad
//! "LoadSettings": {
//!   "Type": "Action", "ActionName": "zis:common:action:LoadConfig",
//!   "Parameters": { "scope": "settings" },
//!   "ResultPath": "$.settings", "Next": "Notify"
//! },
//! "Notify": {
//!   "Type": "Action", "ActionName": "zis:acme:action:notify",
//!   "Parameters": { "channel.$": "$.config.channel" }, "End": true
//! }
//! ```
//! Read what the earlier state wrote:
//! ```json states good
//! "LoadSettings": {
//!   "Type": "Action", "ActionName": "zis:common:action:LoadConfig",
//!   "Parameters": { "scope": "settings" },
//!   "ResultPath": "$.settings", "Next": "Notify"
//! },
//! "Notify": {
//!   "Type": "Action", "ActionName": "zis:acme:action:notify",
//!   "Parameters": { "channel.$": "$.settings.config.channel" }, "End": true
//! }
//! ```
//!
//! ## Fix
//! Read the path an earlier state writes, or add the `ResultPath` that writes it. Event data is
//! under `$.input` (`$.input.ticket_event.ticket.id`). When a name written beside it is a likely
//! typo of the one read (`colab` for `collab`), the quick fix reads that one instead.
//!
//! **Unsafe fix**: the state then reads other data.

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::suggest::closest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let reads = ctx.data.reads(ctx);
    for unwritten in ctx.data.unwritten(ctx) {
        if unwritten.gap.maybe {
            continue;
        }
        let read = &reads[unwritten.read];
        let len = unwritten.gap.len;
        let path = read.text(len);
        let mut message = format!(
            "`{path}` is never written before this state: nothing on the way from `StartAt` \
             sets it"
        );
        if len == 1 && read.names()[0] == "config" {
            message.push_str(&format!(
                "; `{path}` is not built in: a `zis:common:action:LoadConfig` state with \
                 `\"ResultPath\": \"{path}\"` loads config"
            ));
        }
        let names = read.names();
        let written = unwritten.written_beside.iter().map(String::as_str);
        let suggestion = closest(names[len - 1], written).map(str::to_owned);
        let Some(suggestion) = suggestion else {
            report.add(read.range(ctx.text, len), message);
            continue;
        };
        let mut meant = names[..len - 1].to_vec();
        meant.push(&suggestion);
        message.push_str(&format!("; did you mean `$.{}`?", meant.join(".")));
        let diagnostic = report.add(read.range(ctx.text, len), message);
        // A plain name goes in as it is; any other is left to the user to quote.
        let plain = suggestion
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if let Some(range) = read.dotted_name_range(ctx.text, len).filter(|_| plain) {
            diagnostic.fix(
                format!("Read `{suggestion}`"),
                vec![Edit::replace(range, &suggestion)],
            );
        }
    }
}
