//! # ZIS902 unused-suppression
//!
//! ## What it checks
//! A suppression that covers nothing: a `zis-lint-ignore` in a state's `Comment`, or an entry
//! of `suppress` in `zis-lint.json`, that no finding of the rules it names falls under; or one
//! that cannot be read (no rule, an unknown rule, no reason after `:`).
//!
//! A suppression in a `Comment` is reported there, by the CLI and in the editor. One in
//! `zis-lint.json` may name several files, so `zis-lint check` reports it in `zis-lint.json`
//! once it has checked a file the entry names and none held such a finding, or when the entry
//! names a file (without wildcards) that does not exist.
//!
//! ## Why
//! A suppression outlives the finding it was written for: the state was fixed, renamed or
//! removed. Left in place, it would hide the same mistake should it come back.
//!
//! ## Example
//! ```json states bad
//! "Done": { "Type": "Succeed", "Comment": "zis-lint-ignore ZIS102: kept for the next release" }
//! ```
//! The suppression on a state that nothing reaches, which it is there for:
//! ```json states good
//! "Done": { "Type": "Succeed" },
//! "Parked": { "Type": "Succeed", "Comment": "zis-lint-ignore ZIS102: kept for the next release" }
//! ```
//!
//! ## Fix
//! Remove the suppression, or correct the rule or the path it names.

// Reported where suppressions are applied (`crate::quiet`) and, for those of the configuration,
// by the CLI, which sees every file they name.
