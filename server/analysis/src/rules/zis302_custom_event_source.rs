//! # ZIS302 custom-event-source
//!
//! ## What it checks
//! A job spec whose `event_source` is neither `support` nor `sunshine`: the job spec listens to
//! an inbound webhook, whose `source_system` is that value and whose `event_type` is free text
//! chosen by the webhook's author. The linter cannot check such a type; this note says so, and
//! suggests `support` or `sunshine` when the source looks like a misspelling of one (a Zendesk
//! source in other letter case is ZIS303's).
//!
//! ## Why
//! A custom source is legitimate, but a misspelt Zendesk source (`suport`) looks just like one: the job spec then waits for a webhook that never comes.
//!
//! ## Example
//! ```json job-spec bad
//! "properties": { "name": "on_ticket_created", "event_source": "suport",
//!   "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:notify" }
//! ```
//! A Zendesk event comes from `support`:
//! ```json job-spec good
//! "properties": { "name": "on_ticket_created", "event_source": "support",
//!   "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:notify" }
//! ```
//!
//! ## Fix
//! Nothing, for an inbound webhook: make sure its `source_system` and event type match these
//! exactly. Otherwise use `support` or `sunshine`; the quick fix puts in the suggested one.
//!
//! **Unsafe fix**: the job spec then listens to Zendesk's events instead of a webhook's.

use super::zis303_event_source_case::zendesk_source_in_other_case;
use super::{Context, Report};
use crate::catalog::catalog;
use crate::diagnostic::Edit;
use crate::model::ResourceKind;
use crate::suggest::closest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let catalog = catalog();
    for (_, resource) in ctx.model.reported_resources() {
        let ResourceKind::JobSpec(job_spec) = &resource.kind else {
            continue;
        };
        let Some(source) = &job_spec.event_source else {
            continue;
        };
        // ZIS303 speaks of a Zendesk source in other letter case.
        if catalog.source(&source.value).is_some()
            || zendesk_source_in_other_case(&source.value).is_some()
        {
            continue;
        }
        let what = match &job_spec.event_type {
            Some(event_type) => format!("its event type `{}`", event_type.value),
            None => "its event type".to_string(),
        };
        let mut message = format!(
            "event source `{}` is not `support` or `sunshine`: an inbound webhook, so {what} \
             cannot be checked",
            source.value
        );
        let names = catalog.sources().iter().map(|s| s.name.as_str());
        let suggestion = closest(&source.value, names);
        if let Some(suggestion) = suggestion {
            message.push_str(&format!("; did you mean `{suggestion}`?"));
        }
        let diagnostic = report.add(source.range, message);
        if let Some(suggestion) = suggestion {
            diagnostic.fix(
                format!("Replace with `{suggestion}`"),
                vec![Edit::replace(source.inner_range(), suggestion)],
            );
        }
    }
}
