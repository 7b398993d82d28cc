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

use zis_syntax::SyntaxErrorKind;

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::edit::member_removal;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for error in &ctx.parse.errors {
        let SyntaxErrorKind::DuplicateKey { first } = error.kind else {
            continue;
        };
        let diagnostic = report
            .add(error.range, error.message.clone())
            .label(first, "first defined here");
        if let Some(removal) = ctx
            .parse
            .root
            .as_ref()
            .and_then(|root| member_removal(root, error.range))
        {
            diagnostic.fix("Remove this duplicate", vec![Edit::delete(removal)]);
        }
    }
}
