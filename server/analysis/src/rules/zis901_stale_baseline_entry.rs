//! # ZIS901 stale-baseline-entry
//!
//! ## What it checks
//! Nothing in a bundle: an entry of the baseline file that no finding matches any more. The
//! finding was fixed, its file moved or deleted, or the text it pointed at changed. It is
//! reported at the entry, in the baseline file, by `zis-lint check` after checking the file the
//! entry names (or finding it gone).
//!
//! ## Why
//! A baseline records the findings a team accepted when it adopted the linter, so that only new
//! ones fail the build. An entry that matches nothing would accept the same finding should it
//! come back; removing such entries lets the file shrink as the old findings are fixed.
//!
//! ## Example
//! An entry for a state that was renamed since the baseline was written:
//! `{"file": "notify.json", "rule": "ZIS102", "text": "\"Parked\""}`, where `notify.json` now
//! has no unreachable state `Parked`.
//!
//! ## Fix
//! Write the baseline again (`zis-lint check --write-baseline FILE`), or delete the entry. A
//! hint: it never fails a run.

// Reported by the callers that read baselines (the CLI): the analysis of one document cannot
// know whether another document still holds a finding.
