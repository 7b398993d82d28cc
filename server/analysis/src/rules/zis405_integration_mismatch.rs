//! # ZIS405 integration-mismatch
//!
//! ## What it checks
//! A reference whose integration key differs from the one the bundle is for: the `integration`
//! set in `zis-lint.json`, else the bundle's own `integration` field (a Registry download carries
//! one), else the key most references of the bundle use. Built-ins (`zis:common:…`), template
//! tokens (ZIS404) and invalid keys (ZIS403) are left out.
//!
//! ## Why
//! A bundle is uploaded under one integration key, and its references must use that key: a
//! reference under another key names a resource of another integration, which this bundle's
//! flows cannot call or start. A warning, because the expected key is an inference.
//!
//! ## Example
//! ```json states bad
//! "Notify": { "Type": "Action", "ActionName": "zis:acme_dev:action:notify", "Next": "Log" },
//! "Log": { "Type": "Action", "ActionName": "zis:acme:action:log", "End": true }
//! ```
//! One key throughout:
//! ```json states good
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Log" },
//! "Log": { "Type": "Action", "ActionName": "zis:acme:action:log", "End": true }
//! ```
//!
//! ## Fix
//! Use the integration key the bundle is uploaded under; the quick fix puts it in. Set
//! `integration` in `zis-lint.json` when the inferred key is not the right one.
//!
//! **Unsafe fix**: the reference then names another integration's resource.

use super::zis401_unknown_action::known_key;
use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::index::IntegrationOrigin;
use crate::reference::IntegrationKey;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let Some(expected) = &ctx.index.integration else {
        return;
    };
    let origin = match expected.origin {
        IntegrationOrigin::Config => "the integration set in zis-lint.json",
        IntegrationOrigin::Bundle => "the bundle's `integration` field",
        IntegrationOrigin::References => "the key most references of this bundle use",
    };
    for site in &ctx.index.references {
        let Ok(reference) = &site.parsed else {
            continue;
        };
        let found = &reference.integration.text;
        if reference.integration_status != IntegrationKey::Valid || *found == expected.key {
            continue;
        }
        let Some(range) = site.integration_range(ctx.text) else {
            continue;
        };
        let diagnostic = report.add(
            range,
            format!(
                "integration key `{found}` differs from `{}`, {origin}",
                expected.key
            ),
        );
        if let Some(key) = known_key(ctx) {
            diagnostic.fix(
                format!("Replace with `{key}`"),
                vec![Edit::replace(range, key)],
            );
        }
    }
}
