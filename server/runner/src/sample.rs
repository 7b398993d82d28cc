//! A sample event for `--event-type`: the payload shape the trigger events pages document, with
//! their example values where they give one (the analysis crate's payload catalog).

use serde_json::Value;
use zis_analysis::catalog::{catalog, EventLookup};
use zis_analysis::index::Index;
use zis_analysis::model::{Bundle, ResourceKind};
use zis_analysis::payload::sample_flow_input;
use zis_analysis::reference::parse_reference;
use zis_analysis::suggest::closest;

/// The object ZIS would hand a flow for an event of `event_type`. The event source is the one
/// of a job spec of the bundle that starts `flow` on this event, else the source the catalog
/// lists the type under.
pub fn sample_event(
    bundle: &Bundle,
    index: &Index,
    flow: &str,
    event_type: &str,
) -> Result<Value, String> {
    let source = job_spec_source(bundle, flow, event_type).or_else(|| {
        catalog()
            .sources()
            .iter()
            .find(|source| {
                matches!(
                    catalog().lookup(&source.name, event_type),
                    EventLookup::Known { .. }
                )
            })
            .map(|source| source.name.clone())
    });
    let Some(source) = source else {
        let known = catalog()
            .sources()
            .iter()
            .flat_map(|source| catalog().event_types(&source.name))
            .map(|(_, event)| event.name.as_str());
        let hint = closest(event_type, known)
            .map(|name| format!("; did you mean `{name}`?"))
            .unwrap_or_default();
        return Err(format!(
            "`{event_type}` is not an event type ZIS documents{hint}"
        ));
    };
    let integration = index
        .integration
        .as_ref()
        .map_or("example", |integration| integration.key.as_str());
    sample_flow_input(&source, event_type, integration).ok_or_else(|| {
        format!(
            "`{event_type}` of `{source}` comes from an inbound webhook, whose payload is the \
             request body: give the event with --event"
        )
    })
}

/// The note a trace run on a sample event of `event_type` opens with.
pub fn sample_event_note(event_type: &str) -> String {
    format!(
        "the event is a sample `{event_type}`: the payload its documentation shows, with example \
         values"
    )
}

/// The `event_source` of a job spec that starts `flow` on `event_type`.
fn job_spec_source(bundle: &Bundle, flow: &str, event_type: &str) -> Option<String> {
    bundle.resources.iter().find_map(|resource| {
        let ResourceKind::JobSpec(job_spec) = &resource.kind else {
            return None;
        };
        let starts = job_spec
            .flow_name
            .as_ref()
            .and_then(|name| parse_reference(&name.value).ok())
            .is_some_and(|reference| reference.name.text == flow);
        let same_type = job_spec
            .event_type
            .as_ref()
            .is_some_and(|ty| ty.value == event_type);
        (starts && same_type)
            .then(|| job_spec.event_source.as_ref().map(|s| s.value.to_string()))
            .flatten()
    })
}
