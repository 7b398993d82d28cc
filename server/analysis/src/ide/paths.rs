//! What a path inside a string reads: the event payload fields under `$.input` and the keys a
//! flow starts with, for hover. The shapes are the ones ZIS507 checks reads against.

use zis_jsonpath::{parse, placeholders, Path};
use zis_syntax::{Str, TextRange};

use crate::catalog::catalog;
use crate::model::{ResourceId, StateId};
pub(crate) use crate::payload::STARTING_KEYS;
use crate::payload::{flow_starts, EventPayload, FlowStart, Shape};
use crate::View;

/// A path of a string under the cursor, up to the name the cursor is on.
pub(crate) struct PathAt<'a> {
    /// The names from the root to the one under the cursor, that one included.
    pub names: Vec<&'a str>,
    /// The source range of that name's segment.
    pub range: TextRange,
}

/// The path a string reads (its whole value, or one of its `{{…}}` placeholders) at `offset`,
/// when the cursor is on one of the plain names it starts with.
pub(crate) fn path_at<'a>(
    text: &str,
    value: &Str,
    paths: &'a [(usize, Path)],
    offset: u32,
) -> Option<PathAt<'a>> {
    for (start, path) in paths {
        let names = path.field_prefix();
        for (at, segment) in path.segments.iter().take(names.len()).enumerate() {
            let range =
                value.source_range(text, start + segment.range.start..start + segment.range.end);
            if range.contains(offset) || range.end == offset {
                return Some(PathAt {
                    names: names[..=at].to_vec(),
                    range,
                });
            }
        }
    }
    None
}

/// Every path a string holds, with where it starts in the value.
pub(crate) fn paths_in(value: &str) -> Vec<(usize, Path)> {
    if let Ok(path) = parse(value) {
        return vec![(0, path)];
    }
    placeholders(value)
        .into_iter()
        .filter_map(|placeholder| Some((placeholder.path_range.start, placeholder.result.ok()?)))
        .collect()
}

/// The state whose object holds `offset`, the innermost one.
pub(crate) fn state_around(view: View, offset: u32) -> Option<StateId> {
    view.model
        .states()
        .filter(|(_, state)| state.object.range.contains(offset))
        .min_by_key(|(_, state)| state.object.range.end - state.object.range.start)
        .map(|(id, _)| id)
}

/// What the flow data at `names` holds, as far as the events that start the flow tell: for a
/// state of a flow (not of a Map iteration, where `$` is the item).
pub(crate) fn hover(view: View, names: &[&str], offset: u32) -> Option<String> {
    let state = state_around(view, offset)?;
    let scope = view.model.scope(state.scope);
    if scope.parent.is_some() {
        return None;
    }
    let (first, rest) = names.split_first()?;
    if *first != "input" {
        return rest.is_empty().then(|| starting_key(first)).flatten();
    }
    let Some((key, fields)) = rest.split_first() else {
        return starting_key("input");
    };
    let payloads = flow_payloads(view, scope.resource);
    let of_key: Vec<&EventPayload> = payloads
        .iter()
        .filter(|payload| payload.family.payload_key == *key)
        .collect();
    let path = format!("$.{}", names.join("."));
    if fields.is_empty() {
        let family = match of_key.first() {
            Some(payload) => payload.family,
            None => catalog()
                .sources()
                .iter()
                .flat_map(|source| &source.families)
                .find(|family| family.payload_key == *key)?,
        };
        return Some(format!(
            "**`{path}`** · `{}.*` event payload\n\n{}\n\n[Zendesk's reference]({})",
            family.prefix, family.description, family.documentation
        ));
    }
    let shape = of_key.iter().find_map(|payload| field(payload, fields))?;
    let mut doc = format!("**`{path}`** · {}", shape.type_name());
    if !shape.description().is_empty() {
        doc.push_str("\n\n");
        doc.push_str(shape.description());
    }
    let events: Vec<String> = of_key
        .iter()
        .filter(|payload| field(payload, fields).is_some())
        .filter_map(|payload| payload.event.map(|event| format!("`{}`", event.name)))
        .collect();
    if !events.is_empty() {
        doc.push_str(&format!("\n\nIn the payload of {}.", events.join(", ")));
    }
    Some(doc)
}

/// The payloads of the Zendesk events that start the flow.
pub(crate) fn flow_payloads(view: View, flow: ResourceId) -> Vec<EventPayload<'static>> {
    match flow_starts(view.model, view.index).remove(&flow) {
        Some(FlowStart::Events(events)) => events.into_iter().map(|(payload, _)| payload).collect(),
        _ => Vec::new(),
    }
}

/// The shape at `names` below `$.input.<payload key>` of one event's payload.
fn field<'a>(payload: &EventPayload<'a>, names: &[&str]) -> Option<&'a Shape> {
    let (first, rest) = names.split_first()?;
    rest.iter()
        .try_fold(payload.field(first)?, |shape, name| shape.field(name))
}

/// What a key every flow starts with holds.
pub(crate) fn starting_key_documentation(name: &str) -> Option<&'static str> {
    Some(match name {
        "input" => "The event that started the flow: a Zendesk event's payload under its family's key (`ticket_event`, `user_event`…), or an inbound webhook's request body.",
        "account_id" => "The Zendesk account's id (an integer).",
        "subdomain" => "The Zendesk account's subdomain.",
        "integration_key" => "The integration's key, as the bundle was uploaded under.",
        "connections" => "The integration's connections, by name: `$.connections.<name>.access_token` (Zendesk's error handling page reads it).",
        _ => return None,
    })
}

fn starting_key(name: &str) -> Option<String> {
    let about = starting_key_documentation(name)?;
    Some(format!("**`$.{name}`** · flow input\n\n{about}"))
}

/// What a payload field holds, by its path below `$.input` (`ticket_event.ticket.status`), for
/// every family whose payload has it.
pub(crate) fn payload_documentation(path: &str) -> Option<String> {
    let mut names = path.split('.');
    let key = names.next()?;
    let names: Vec<&str> = names.collect();
    let family = catalog()
        .sources()
        .iter()
        .flat_map(|source| &source.families)
        .find(|family| family.payload_key == key)?;
    let Some((first, rest)) = names.split_first() else {
        return Some(family.description.clone());
    };
    let shape = family
        .types
        .iter()
        .map(|event| EventPayload {
            family,
            event: Some(event),
        })
        .find_map(|payload| field(&payload, &names))
        .or_else(|| {
            rest.iter()
                .try_fold(family.payload.field(first)?, |shape, name| {
                    shape.field(name)
                })
        })?;
    Some(format!("{} · {}", shape.type_name(), shape.description()))
}
