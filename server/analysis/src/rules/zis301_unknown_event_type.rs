//! # ZIS301 unknown-event-type
//!
//! ## What it checks
//! A job spec whose `event_source` is `support` or `sunshine` and whose `event_type` is not an
//! event of that source. Suggests the closest event type of the source, also by the event's
//! name alone (`ticket.Created` for `ticket.TicketCreated`) or by the name its payload gives
//! it (`ticket.CommentCreated` for `ticket.CommentAdded`), and says so when the type belongs to
//! the other source.
//!
//! The exact names of some families are not confirmed (`organization.*`): a name of such a
//! family that is not among the likely ones is only a hint.
//!
//! ## Why
//! The Registry does not check the event type: it has stored and returned a bundle whose job
//! spec listens to `ticket.Created`, which does not exist. Such a job spec never fires, the flow
//! never starts, and nothing says why.
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
//!
//! **Unsafe fix**: a job spec on another event type runs its flow on other events.

use super::{capitalize, Context, Report};
use crate::catalog::{catalog, EventLookup};
use crate::diagnostic::{Edit, Severity};
use crate::facts;
use crate::model::ResourceKind;
use crate::suggest::closest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let catalog = catalog();
    for (_, resource) in ctx.model.reported_resources() {
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
        let suggestion = by_event_name(source, wanted, Match::Exact)
            .or_else(|| closest(wanted, candidates))
            .or_else(|| by_event_name(source, wanted, Match::Close));
        if let Some(suggestion) = suggestion {
            message.push_str(&format!("; did you mean `{suggestion}`?"));
        }
        let diagnostic = report.add(event_type.range, message);
        if hint {
            diagnostic
                .rests_on(&facts::ORGANIZATION_EVENT_TYPES)
                .severity(Severity::Hint);
        }
        if let Some(suggestion) = suggestion {
            diagnostic.fix(
                format!("Replace with `{suggestion}`"),
                vec![Edit::replace(event_type.inner_range(), suggestion)],
            );
        }
    }
}

/// How close a name must be to an event's other name.
#[derive(Clone, Copy)]
enum Match {
    /// The same but for letter case.
    Exact,
    /// A likely typo of it.
    Close,
}

/// The event type whose name, without the family's own word, or whose payload name, is close to
/// what `wanted` names after its prefix: `ticket.Created` for `ticket.TicketCreated`,
/// `ticket.CommentCreated` for `ticket.CommentAdded` (whose payload is "Comment Created").
fn by_event_name(source: &str, wanted: &str, how: Match) -> Option<&'static str> {
    let (prefix, name) = wanted.split_once('.').unwrap_or(("", wanted));
    let events: Vec<_> = catalog()
        .event_types(source)
        .filter(|(family, _)| prefix.is_empty() || family.prefix.eq_ignore_ascii_case(prefix))
        .collect();
    let aliases: Vec<(String, &'static str)> = events
        .iter()
        .flat_map(|(family, event)| {
            let own = event.name.split_once('.').map_or("", |(_, own)| own);
            let noun = capitalize(&family.prefix);
            let short = own.replacen(&noun, "", 1);
            let payload = event.payload_name.as_deref().map(|p| p.replace(' ', ""));
            [Some(short), payload]
                .into_iter()
                .flatten()
                .map(move |alias| (alias, event.name.as_str()))
        })
        .collect();
    let names = aliases.iter().map(|(alias, _)| alias.as_str());
    let alias = match how {
        Match::Exact => names.clone().find(|alias| alias.eq_ignore_ascii_case(name)),
        Match::Close => closest(name, names),
    }?;
    let mut events = aliases
        .iter()
        .filter(|(other, _)| other == alias)
        .map(|(_, event)| *event);
    let event = events.next()?;
    // Two events sharing the alias give no suggestion: a wrong one is worse than none.
    events.all(|other| other == event).then_some(event)
}
