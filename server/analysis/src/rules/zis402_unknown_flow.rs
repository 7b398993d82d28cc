//! # ZIS402 unknown-flow
//!
//! ## What it checks
//! A job spec's `flow_name` that names no `ZIS::Flow` of this bundle: no flow has that
//! `properties.name`. Suggests the closest flow name and offers to put it in.
//!
//! A `flow_name` that is not of the form `zis:<integration>:flow:<name>`, names another kind or
//! holds an invalid integration key is reported by ZIS403 instead.
//!
//! ## Why
//! A job spec starts one flow of its bundle when its event fires. The Registry does not check
//! the name (it has stored and returned a bundle whose `flow_name` names no flow): the job spec
//! is installed, and nothing ever runs.
//!
//! ## Example
//! ```json job-spec bad
//! "properties": { "name": "on_ticket_created", "event_source": "support",
//!   "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:notfy" }
//! ```
//! The bundle's flow is named `notify`:
//! ```json job-spec good
//! "properties": { "name": "on_ticket_created", "event_source": "support",
//!   "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:notify" }
//! ```
//!
//! ## Fix
//! Use the `properties.name` of one of the bundle's flows (not its resource key). The quick fix
//! puts in the suggested name.
//!
//! **Safe fix** when the name is one reading only: a flow's resource key, or the only flow name
//! close to what is written. **Unsafe fix** when several names are as close, when the bundle's
//! only flow is suggested for a name unlike its own, and when the integration key is put in for
//! `common`.

use super::zis401_unknown_action::{known_key, unknown_resource, unresolved};
use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::index::{ReferenceField, ReferenceSite};
use crate::model::ResourceType;
use crate::reference::Reference;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for site in &ctx.index.references {
        if !matches!(site.field, ReferenceField::FlowName(_)) {
            continue;
        }
        let Some(reference) = unresolved(site) else {
            continue;
        };
        if reference.is_common() {
            common_flow(ctx, report, site, reference);
        } else {
            unknown_resource(ctx, report, site, reference, ResourceType::Flow);
        }
    }
}

/// `zis:common:flow:<name>`: `common` holds only built-in actions and transforms.
fn common_flow(ctx: &Context, report: &mut Report, site: &ReferenceSite, reference: &Reference) {
    let Some(range) = site.integration_range(ctx.text) else {
        return;
    };
    let message =
        "no flow is built in under `zis:common:`: `flow_name` names a flow of this bundle";
    let name = reference.name.text.as_str();
    let key = known_key(ctx).filter(|_| ctx.index.flows.contains_key(name));
    match key {
        Some(key) => {
            report
                .add(
                    range,
                    format!("{message}; did you mean `zis:{key}:flow:{name}`?"),
                )
                .fix(
                    format!("Replace `common` with `{key}`"),
                    vec![Edit::replace(range, key)],
                );
        }
        None => {
            report.add(range, message);
        }
    }
}
