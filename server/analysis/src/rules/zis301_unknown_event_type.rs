//! # ZIS301 unknown-event-type
//!
//! ## What it checks
//! A job spec whose `event_source` is `support` or `sunshine` and whose `event_type` is not an
//! event of that source. Suggests the closest event type of the source, and says so when the
//! type belongs to the other source.
//!
//! The exact names of some families are not confirmed (`organization.*`): a name of such a
//! family that is not among the likely ones is only a hint.
//!
//! ## Why
//! A job spec with an event type that does not exist is accepted by nobody: the Registry refuses
//! it or, worse, the flow never starts, and nothing says why.
//!
//! ## Example
//! ```json job-spec bad
//! "properties": { "name": "on_ticket_created", "event_source": "support",
//!   "event_type": "ticket.TicketCreate", "flow_name": "zis:acme:flow:notify" }
//! ```
//! The event is `ticket.TicketCreated`:
//! ```json job-spec good
//! "properties": { "name": "on_ticket_created", "event_source": "support",
//!   "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:notify" }
//! ```
//!
//! ## Fix
//! Use an event type of the source, exactly as Zendesk spells it (prefix and case included). The
//! quick fix puts in the suggested one.

use super::{Context, Report};
use crate::catalog::{catalog, EventLookup};
use crate::diagnostic::{Edit, Severity};
use crate::model::ResourceKind;
use crate::suggest::closest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let catalog = catalog();
    for resource in &ctx.model.resources {
        let ResourceKind::JobSpec(job_spec) = &resource.kind else {
            continue;
        };
        let (Some(source), Some(event_type)) = (&job_spec.event_source, &job_spec.event_type)
        else {
            continue;
        };
        let (source, wanted) = (source.value.as_str(), event_type.value.as_str());
        let (mut message, candidates, hint) = match catalog.lookup(source, wanted) {
            EventLookup::Known { .. } | EventLookup::NotChecked => continue,
            EventLookup::UnconfirmedFamily(family) => (
                format!(
                    "`{wanted}` is not among the likely `{}.*` event types; the family's exact \
                     names are unconfirmed",
                    family.prefix
                ),
                family.types.iter().map(|t| t.name.as_str()).collect(),
                true,
            ),
            EventLookup::Unknown => {
                let mut message = format!("unknown `{source}` event type `{wanted}`");
                let elsewhere = catalog.sources().iter().find(|other| {
                    other.name != source
                        && matches!(
                            catalog.lookup(&other.name, wanted),
                            EventLookup::Known { .. }
                        )
                });
                if let Some(other) = elsewhere {
                    message.push_str(&format!(": it is a `{}` event", other.name));
                }
                let candidates: Vec<&str> = catalog
                    .event_types(source)
                    .map(|(_, event)| event.name.as_str())
                    .collect();
                (message, candidates, false)
            }
        };
        let suggestion = closest(wanted, candidates);
        if let Some(suggestion) = suggestion {
            message.push_str(&format!("; did you mean `{suggestion}`?"));
        }
        let diagnostic = report.add(event_type.range, message);
        if hint {
            diagnostic.severity(Severity::Hint);
        }
        if let Some(suggestion) = suggestion {
            diagnostic.fix(
                format!("Replace with `{suggestion}`"),
                vec![Edit::replace(event_type.inner_range(), suggestion)],
            );
        }
    }
}
