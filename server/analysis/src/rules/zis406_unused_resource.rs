//! # ZIS406 unused-resource
//!
//! ## What it checks
//! A custom action (`ZIS::Action::Http`) that no Action state's `ActionName` calls, or a flow
//! (`ZIS::Flow`) that no job spec's `flow_name` starts. A reference counts when it resolves by
//! name, whatever its integration key.
//!
//! ## Why
//! An unused resource is dead weight at best; more often it is the sign of a misspelt reference
//! or of a job spec that was forgotten, and the integration silently does less than intended.
//!
//! ## Example
//! ```json resources bad good
//! "post_note": { "type": "ZIS::Action::Http", "properties": { "name": "post_note", "definition": { "method": "POST", "url": "https://example.com/notes" } } }
//! ```
//! with no state whose `ActionName` is `zis:acme:action:post_note`. Call it from a state:
//! ```json states good
//! "PostNote": { "Type": "Action", "ActionName": "zis:acme:action:post_note", "End": true }
//! ```
//!
//! ## Fix
//! Call the action from a state or start the flow from a job spec, or remove the resource.

use super::{Context, Report};
use crate::model::ResourceType;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for (ty, table, problem) in [
        (
            ResourceType::Action,
            &ctx.index.actions,
            "is never called: no Action state's `ActionName` names it",
        ),
        (
            ResourceType::Flow,
            &ctx.index.flows,
            "is never started: no job spec's `flow_name` names it",
        ),
    ] {
        let of_type = (ctx.model.reported_resources())
            .filter(|(_, resource)| resource.kind.resource_type() == Some(ty));
        for (id, resource) in of_type {
            // References resolve to the first of several resources sharing a name; the others
            // are ZIS407's, not unused ones.
            let used = match &resource.name {
                Some(name) => table.get(name.value.as_str()).is_some_and(|ids| {
                    ids.iter()
                        .any(|&same| ctx.index.references_to(same).next().is_some())
                }),
                None => ctx.index.references_to(id).next().is_some(),
            };
            if used {
                continue;
            }
            let at = resource.name.as_ref().unwrap_or(&resource.key);
            report.add(at.range, format!("{} `{}` {problem}", ty.noun(), at.value));
        }
    }
}
