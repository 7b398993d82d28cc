//! # ZIS001 invalid-json
//!
//! ## What it checks
//! The text is not JSON: a missing comma or colon, an unterminated string, an unclosed bracket,
//! a stray character, a malformed number, nesting too deep to read.
//!
//! ## Why
//! The Registry refuses a bundle that does not parse. The range points at the offending token,
//! and the rest of the document is still analysed as far as its structure can be recovered, so
//! one missing comma does not hide every other mistake.
//!
//! ## Example
//! ```json bundle bad
//! { "name": "my_bundle" "zis_template_version": "2019-10-14" }
//! ```
//! Add the missing comma:
//! ```json bundle good
//! { "name": "my_bundle", "zis_template_version": "2019-10-14" }
//! ```
//!
//! ## Fix
//! Correct the syntax at the reported position.

use zis_syntax::SyntaxErrorKind;

use super::{Context, Report};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for error in &ctx.parse.errors {
        if error.kind == SyntaxErrorKind::Invalid {
            report.add(error.range, error.message.clone());
        }
    }
}
