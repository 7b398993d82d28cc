//! # ZIS900 internal-error
//!
//! ## What it checks
//! Nothing in the bundle: it reports that one of this project's own rules failed (panicked) on
//! this input. The other rules still ran, and their findings are shown.
//!
//! ## Why
//! A linter must never crash on what a user types. When a rule fails, the failure is caught and
//! reported here instead, so that the editor keeps working and the bug can be reported.
//!
//! ## Example
//! Any input that triggers a bug. There is no bundle-side mistake to show.
//!
//! ## Fix
//! Nothing to change in the bundle. Please report the input and the message as a bug.

use std::any::Any;

use zis_syntax::TextRange;

use super::Rule;
use crate::diagnostic::Diagnostic;

pub(super) fn diagnostic(failed: Rule, panic: &(dyn Any + Send)) -> Diagnostic {
    let detail = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    Diagnostic {
        rule: Rule::InternalError,
        severity: Rule::InternalError.default_severity(),
        message: format!(
            "internal error: rule {} ({}) failed on this document: {detail}; please report this as a bug",
            failed.code(),
            failed.name()
        ),
        range: TextRange::empty(0),
        labels: Vec::new(),
        fix: None,
        fact: None,
    }
}
