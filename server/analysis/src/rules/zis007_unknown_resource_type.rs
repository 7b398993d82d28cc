//! # ZIS007 unknown-resource-type
//!
//! ## What it checks
//! A resource whose `type` is not one of the three ZIS resource types: `ZIS::Flow`,
//! `ZIS::Action::Http` or `ZIS::JobSpec`. Suggests the closest.
//!
//! ## Why
//! ZIS knows only these three resource types, so the resource means nothing to it; and nothing
//! else in it can be checked, as its properties depend on its type.
//!
//! ## Example
//! ```json resources bad
//! "notify": { "type": "ZIS::Action", "properties": { "name": "notify", "definition": { "method": "POST", "url": "https://example.com/hook" } } }
//! ```
//! The custom action type is `ZIS::Action::Http`:
//! ```json resources good
//! "notify": { "type": "ZIS::Action::Http", "properties": { "name": "notify", "definition": { "method": "POST", "url": "https://example.com/hook" } } }
//! ```
//!
//! ## Fix
//! Use one of the three types; the quick fix puts in the suggested one.
//!
//! **Safe fix** when exactly one type is close to what is written (`ZIS::flow`, `ZIS::Flows`):
//! a resource of an unknown type cannot work, and that type is the one reading. **Unsafe fix**
//! when several are close.

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::model::ResourceType;
use crate::schema::RESOURCE_TYPES;
use crate::suggest::suggest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for (_, resource) in ctx.model.reported_resources() {
        let Some(value) = resource.object.get("type") else {
            continue;
        };
        let Some(type_name) = value.as_str() else {
            report.add(
                value.range(),
                format!(
                    "resource `{}`: `type` must be a string such as `ZIS::Flow`, found {}",
                    resource.key.value,
                    value.type_name()
                ),
            );
            continue;
        };
        if ResourceType::parse(&type_name.value).is_some() {
            continue;
        }
        let names = RESOURCE_TYPES.iter().map(|(name, _)| *name);
        let diagnostic = report.add(
            type_name.range,
            format!(
                "unknown resource type `{}`; expected `ZIS::Flow`, `ZIS::Action::Http` or `ZIS::JobSpec`",
                type_name.value
            ),
        );
        if let Some(suggestion) = suggest(&type_name.value, names) {
            diagnostic
                .fix(
                    format!("Replace with `{}`", suggestion.name),
                    vec![Edit::replace(type_name.inner_range(), suggestion.name)],
                )
                .safe_if_only_reading(suggestion.only);
        }
    }
}
