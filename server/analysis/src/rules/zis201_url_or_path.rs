//! # ZIS201 url-or-path
//!
//! ## What it checks
//! An action definition with both a `url` and a `path`, or with neither (each with or without
//! the `.$` suffix). With both, the finding points at the later one and labels the earlier.
//!
//! ## Why
//! A custom action calls either a full URL (`url`) or a path on its connection's host (`path`
//! with `connectionName`): exactly one of them. With neither the request has no address, and
//! Zendesk's custom actions page says `url` cannot be combined with `path`.
//!
//! ## Example
//! ```json action bad
//! "definition": {
//!   "method": "GET",
//!   "url": "https://example.zendesk.com/api/v2/tickets/{{$.ticket_id}}.json",
//!   "path": "/api/v2/tickets/{{$.ticket_id}}.json",
//!   "connectionName": "zendesk"
//! }
//! ```
//! One of them:
//! ```json action good
//! "definition": {
//!   "method": "GET",
//!   "path": "/api/v2/tickets/{{$.ticket_id}}.json",
//!   "connectionName": "zendesk"
//! }
//! ```
//!
//! ## Fix
//! Keep `path` (with `connectionName`) for calls to a connection's host, such as the Zendesk
//! API; keep `url` for any other full URL. Remove the other one, or add the missing one.

use zis_syntax::{Member, Object};

use super::{Context, Report};
use crate::schema::ObjectKind;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for typed in ctx.model.objects_of(ObjectKind::ActionDefinition) {
        match (first(&typed.object, "url"), first(&typed.object, "path")) {
            (Some(url), Some(path)) => {
                let (earlier, later) = if url.key.range.start < path.key.range.start {
                    (url, path)
                } else {
                    (path, url)
                };
                report
                    .add(
                        later.key.range,
                        format!(
                            "an action definition takes `url` or `path`, not both: remove `{}` or `{}`",
                            earlier.key.value, later.key.value
                        ),
                    )
                    .label(earlier.key.range, format!("`{}` given here", earlier.key.value));
            }
            (None, None) => {
                report.add(
                    typed.anchor,
                    "the action definition has neither `url` nor `path`: give a full `url`, or a `path` with a `connectionName`",
                );
            }
            _ => {}
        }
    }
}

/// The first member named `key` or `key.$`.
fn first<'a>(object: &'a Object, key: &str) -> Option<&'a Member> {
    object
        .members
        .iter()
        .find(|m| m.key.value == key || m.key.value.strip_suffix(".$") == Some(key))
}
