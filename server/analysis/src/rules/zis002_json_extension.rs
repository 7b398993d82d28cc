//! # ZIS002 json-extension
//!
//! ## What it checks
//! Comments (`//`, `/* */`) and trailing commas: JSONC extensions that editors accept in
//! settings files but that are not JSON.
//!
//! ## Why
//! The ZIS Registry reads strict JSON and refuses a bundle that holds any of them. The rest of
//! the bundle is still analysed.
//!
//! ## Example
//! ```json bundle bad
//! {
//!   // the tutorial bundle
//!   "name": "post_tickets_to_webhook",
//!   "zis_template_version": "2019-10-14",
//! }
//! ```
//! Strict JSON:
//! ```json bundle good
//! {
//!   "name": "post_tickets_to_webhook",
//!   "zis_template_version": "2019-10-14"
//! }
//! ```
//!
//! ## Fix
//! Remove the comment or the trailing comma (the quick fix does it). Keep notes in a
//! `description` or `Comment` field instead.
//!
//! **Safe fix** for a trailing comma: nothing else changes. **Unsafe fix** for a comment: the
//! bundle then runs the same, but the note the comment held is gone.

use zis_syntax::SyntaxErrorKind;

use super::{Context, Report};
use crate::diagnostic::Edit;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for error in &ctx.parse.errors {
        if error.kind == SyntaxErrorKind::Extension {
            let comma = ctx.text[error.range.as_usize()].starts_with(',');
            let what = if comma {
                "Remove the trailing comma"
            } else {
                "Remove the comment"
            };
            // A comment is the author's note: removing it loses text, though not behaviour.
            report
                .add(error.range, error.message.clone())
                .fix(what, vec![Edit::delete(error.range)])
                .safe_if(comma);
        }
    }
}
