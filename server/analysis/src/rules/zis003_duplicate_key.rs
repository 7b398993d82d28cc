//! # ZIS003 duplicate-key
//!
//! ## What it checks
//! The same key twice in one object, anywhere in the bundle: two states with one name, two
//! `Next` fields, two resources under one key.
//!
//! ## Why
//! JSON readers keep only one of the two values, silently; which one depends on the reader. The
//! linter reads the last one, like most, and points at both. A warning: what the Registry keeps
//! is not documented, and it may well take the bundle.
//!
//! ## Example
//! ```json states bad
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Done", "Next": "Retry" }
//! ```
//! One `Next`:
//! ```json states good
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Done" }
//! ```
//!
//! ## Fix
//! Remove or rename one of the two. The quick fix removes the later one.
//!
//! **Safe fix** when both hold the same value: whichever one a reader keeps, it gets that value.
//! **Unsafe fix** when they differ: which value ZIS keeps is not documented, so removing either
//! may change what the bundle does.

use zis_syntax::{SyntaxErrorKind, Value};

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::edit::{member_removal, object_with_key};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for error in &ctx.parse.errors {
        let SyntaxErrorKind::DuplicateKey { first } = error.kind else {
            continue;
        };
        let diagnostic = report
            .add(error.range, error.message.clone())
            .label(first, "first defined here");
        let Some(root) = ctx.parse.root.as_ref() else {
            continue;
        };
        let Some(removal) = member_removal(root, error.range) else {
            continue;
        };
        // Whichever of the two a reader keeps, it gets the same value when both are the same.
        let identical = object_with_key(root, error.range).is_some_and(|(object, index)| {
            let first = object
                .members
                .iter()
                .find(|member| member.key.range == first);
            let value = |value: Option<&Value>| {
                let text = &ctx.text[value?.range().as_usize()];
                serde_json::from_str::<serde_json::Value>(text).ok()
            };
            let later = value(object.members[index].value.as_ref());
            later.is_some() && first.is_some_and(|first| value(first.value.as_ref()) == later)
        });
        diagnostic
            .fix("Remove this duplicate", vec![Edit::delete(removal)])
            .safe_if(identical);
    }
}
