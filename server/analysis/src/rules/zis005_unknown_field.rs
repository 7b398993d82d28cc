//! # ZIS005 unknown-field
//!
//! ## What it checks
//! A key that has no meaning where it stands: a typo (`"Nxt"`), a field of another state type
//! (`Choices` on an Action state), or a field ZIS does not know. Suggests the closest allowed
//! key and offers to rename it.
//!
//! Fields that Amazon States Language has but ZIS rejects or does not document are reported by
//! ZIS008 and ZIS009 instead; `Next` and `End` where they do not belong, by ZIS104. The content
//! of free-form objects (`Parameters`, `requestBody`, `Result`) is not checked.
//!
//! ## Why
//! An unknown key is usually a misspelt one, and the misspelt field then silently does nothing:
//! a state with `"Nxt"` has no `Next`.
//!
//! ## Example
//! ```json states bad
//! "Wait": { "Type": "Wait", "Second": 5, "Next": "Notify" }
//! ```
//! The field is `Seconds`:
//! ```json states good
//! "Wait": { "Type": "Wait", "Seconds": 5, "Next": "Notify" }
//! ```
//!
//! ## Fix
//! Rename the key as suggested, or remove it.
//!
//! **Unsafe fix**: the renamed field takes effect where the misspelt one did nothing, which
//! changes what the state does.

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::schema::{fact, known_keys, lookup, ObjectKind};
use crate::suggest::closest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for typed in &ctx.model.objects {
        // Without a valid `Type` the allowed fields are unknown; ZIS004/ZIS006 speak of `Type`.
        if typed.kind == ObjectKind::State(None) {
            continue;
        }
        for member in &typed.object.members {
            let key = &member.key;
            if lookup(typed.kind, &key.value).is_some() {
                continue;
            }
            let place = typed.kind.describe();
            let (stem, suffix) = match key.value.strip_suffix(".$") {
                Some(stem) => (stem, ".$"),
                None => (key.value.as_str(), ""),
            };
            if !suffix.is_empty() && lookup(typed.kind, stem).is_some() {
                report
                    .add(
                        key.range,
                        format!(
                            "`{stem}` does not take a path: `{}` is not a field of {place}",
                            key.value
                        ),
                    )
                    .rests_on(fact(typed.kind));
                continue;
            }
            let diagnostic = report
                .add(
                    key.range,
                    format!("unknown field `{}` in {place}", key.value),
                )
                .rests_on(fact(typed.kind));
            if let Some(suggestion) = closest(stem, known_keys(typed.kind)) {
                let renamed = format!("{suggestion}{suffix}");
                diagnostic
                    .message
                    .push_str(&format!("; did you mean `{renamed}`?"));
                diagnostic.fix(
                    format!("Rename to `{renamed}`"),
                    vec![Edit::replace(key.inner_range(), renamed.clone())],
                );
            }
        }
    }
}
