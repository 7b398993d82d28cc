//! # ZIS303 event-source-case
//!
//! ## What it checks
//! A job spec whose `event_source` is `support` or `sunshine` written with other letter case:
//! `Support`, `SUNSHINE`.
//!
//! ## Why
//! Any `event_source` that is not exactly a Zendesk source is taken as an inbound webhook's
//! source system. The job spec is accepted, and then waits for a webhook that never comes: the
//! flow silently never starts. A warning rather than an error, because no page says outright
//! that the comparison is case-sensitive.
//!
//! ## Example
//! ```json job-spec bad
//! "properties": { "name": "on_ticket_created", "event_source": "Support",
//!   "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:notify" }
//! ```
//! The source is spelt in lowercase:
//! ```json job-spec good
//! "properties": { "name": "on_ticket_created", "event_source": "support",
//!   "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:notify" }
//! ```
//!
//! ## Fix
//! Write the source in lowercase; the quick fix does it.
//!
//! **Unsafe fix**: whether ZIS reads the source without regard to case is not documented, so
//! the job spec may listen to other events after it.

use super::{Context, Report};
use crate::catalog::catalog;
use crate::diagnostic::Edit;
use crate::model::ResourceKind;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for (_, resource) in ctx.model.reported_resources() {
        let ResourceKind::JobSpec(job_spec) = &resource.kind else {
            continue;
        };
        let Some(source) = &job_spec.event_source else {
            continue;
        };
        let Some(zendesk) = zendesk_source_in_other_case(&source.value) else {
            continue;
        };
        report
            .add(
                source.range,
                format!(
                    "event source `{}` is Zendesk's `{zendesk}` in other letter case: as written, \
                     the job spec waits for an inbound webhook and the flow never starts",
                    source.value
                ),
            )
            .fix(
                format!("Replace with `{zendesk}`"),
                vec![Edit::replace(source.inner_range(), zendesk)],
            );
    }
}

/// The Zendesk source `source` spells in other letter case, if any.
pub(super) fn zendesk_source_in_other_case(source: &str) -> Option<&'static str> {
    catalog()
        .sources()
        .iter()
        .map(|zendesk| zendesk.name.as_str())
        .find(|zendesk| *zendesk != source && zendesk.eq_ignore_ascii_case(source))
}
