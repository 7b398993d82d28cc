//! # ZIS407 duplicate-name
//!
//! ## What it checks
//! Two resources of the same type with the same `properties.name`: two custom actions, two
//! flows or two job specs. The finding is on the later name, with a label on the first.
//!
//! ## Why
//! References name resources by `properties.name`, not by resource key: with two resources of
//! one name, a reference cannot tell them apart, and the Registry refuses the bundle.
//!
//! ## Example
//! ```json resources bad
//! "notify": { "type": "ZIS::Action::Http", "properties": { "name": "notify", "definition": { "method": "POST", "url": "https://example.com/v1" } } },
//! "notify_v2": { "type": "ZIS::Action::Http", "properties": { "name": "notify", "definition": { "method": "POST", "url": "https://example.com/v2" } } }
//! ```
//! One name each:
//! ```json resources good
//! "notify": { "type": "ZIS::Action::Http", "properties": { "name": "notify", "definition": { "method": "POST", "url": "https://example.com/v1" } } },
//! "notify_v2": { "type": "ZIS::Action::Http", "properties": { "name": "notify_v2", "definition": { "method": "POST", "url": "https://example.com/v2" } } }
//! ```
//!
//! ## Fix
//! Rename one of the two (and the references meant for it), or remove the extra resource.

use super::{Context, Report};
use crate::model::{ResourceId, ResourceType};
use crate::HashMap;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    // The index holds the names references resolve against, which job specs' are not.
    let mut first_job_specs: HashMap<&str, ResourceId> = HashMap::default();
    for (id, job_spec) in ctx.model.resources_of(ResourceType::JobSpec) {
        if let Some(name) = &job_spec.name {
            first_job_specs.entry(&name.value).or_insert(id);
        }
    }
    for (id, resource) in ctx.model.reported_resources() {
        let (Some(ty), Some(name)) = (resource.kind.resource_type(), &resource.name) else {
            continue;
        };
        let first_named = |table: &HashMap<String, Vec<ResourceId>>| {
            table
                .get(name.value.as_str())
                .and_then(|ids| ids.first())
                .copied()
        };
        let first = match ty {
            ResourceType::Action => first_named(&ctx.index.actions),
            ResourceType::Flow => first_named(&ctx.index.flows),
            ResourceType::JobSpec => first_job_specs.get(name.value.as_str()).copied(),
        };
        let Some(first) = first.filter(|&first| first != id) else {
            continue;
        };
        let earlier = &ctx.model.resources[first.0];
        let earlier_name = earlier.name.as_ref().unwrap_or(name);
        report
            .add(
                name.range,
                format!(
                    "duplicate {} name `{}`: resource `{}` already has it",
                    ty.noun(),
                    name.value,
                    earlier.key.value
                ),
            )
            .label(
                earlier_name.range,
                format!("first used by `{}` here", earlier.key.value),
            );
    }
}
