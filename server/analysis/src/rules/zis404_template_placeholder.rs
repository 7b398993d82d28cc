//! # ZIS404 template-placeholder
//!
//! ## What it checks
//! A reference whose integration part is an unfilled template token: `<YOUR_INTEGRATION>` (as in
//! Zendesk's tutorial), `%INTEGRATION_NAME%`, `${INTEGRATION}` or `{{…}}`, alone or inside the
//! key, or a key in capitals (`INTEGRATION_NAME_PLACEHOLDER`), which no real key can be. The
//! rest of the reference is still checked: the name resolves as usual.
//!
//! ## Why
//! The Registry takes only real integration keys (`a-z`, `0-9`, `_`, `-`). Bundles kept under
//! version control often hold a token that a deploy script fills in; uploaded as is, the bundle
//! is refused. A warning, because the token may be filled in on purpose later.
//!
//! ## Example
//! ```json states bad
//! "Notify": { "Type": "Action", "ActionName": "zis:<YOUR_INTEGRATION>:action:notify", "End": true }
//! ```
//! With the integration key the bundle is uploaded under:
//! ```json states good
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "End": true }
//! ```
//!
//! ## Fix
//! Put in the integration key, or make sure the deploy script replaces the token. When the key
//! is known (`integration` in `zis-lint.json`, the bundle's `integration` field, or the key the
//! other references use), the quick fix puts it in.
//!
//! **Unsafe fix**: the bundle stops being a template its deploy script fills in.

use super::zis401_unknown_action::known_key;
use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::reference::IntegrationKey;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let key = known_key(ctx);
    for site in &ctx.index.references {
        let Ok(reference) = &site.parsed else {
            continue;
        };
        if !matches!(reference.integration_status, IntegrationKey::Template(_)) {
            continue;
        }
        let Some(range) = site.integration_range(ctx.text) else {
            continue;
        };
        let diagnostic = report.add(
            range,
            format!(
                "template placeholder `{}` not filled in: `{}` needs the integration key here \
                 (unless a deploy script fills it in)",
                reference.integration.text,
                site.field.key()
            ),
        );
        if let Some(key) = key {
            diagnostic.fix(
                format!("Replace with `{key}`"),
                vec![Edit::replace(range, key)],
            );
        }
    }
}
