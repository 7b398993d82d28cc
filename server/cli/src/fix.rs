//! `--fix`, `--unsafe-fixes` and `--diff`: each bundle fixed as `zis_analysis::fix` does it,
//! then written back through a temporary file renamed over it, or shown as a unified diff.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use zis_analysis::fix::{fix_all, Applying};
use zis_analysis::Analysis;
use zis_workspace::config::describe_io_error;
use zis_workspace::{write_atomically, ForFile};

use crate::output::plural;

/// How to fix.
#[derive(Clone, Copy, Debug)]
pub struct Fixing {
    pub applying: Applying,
    /// `--diff`: show the changes, make none.
    pub diff: bool,
}

/// What fixing every document did.
#[derive(Debug, Default)]
pub struct Fixes {
    /// Fixes applied (with `--diff`: that would be), and the files they changed.
    pub applied: usize,
    pub files: usize,
    /// Findings left with a fix that is unsafe, when only safe fixes were asked for.
    pub unsafe_left: usize,
    /// Documents whose fixing stopped before every fix was applied.
    pub unsettled: Vec<String>,
    /// With `--diff`: the changes of every document, as one unified diff.
    pub diff: String,
    /// Standard input, fixed, to print in its place.
    pub stdout: Option<String>,
}

impl Fixes {
    /// "fixed 3 problems in 2 files; 1 more with --unsafe-fixes, …", and what did not settle.
    pub fn sentence(&self, done: &str) -> String {
        let mut sentence = format!(
            "{done} {} in {}",
            plural(self.applied, "problem"),
            plural(self.files, "file")
        );
        if self.unsafe_left > 0 {
            sentence.push_str(&format!(
                "; {} more with --unsafe-fixes, which may change what a bundle does",
                self.unsafe_left
            ));
        }
        for shown in &self.unsettled {
            sentence.push_str(&format!(
                "\nnote: {shown}: fixing stopped before every fix was applied (one undid another, \
                 or would have broken the JSON); `zis-lint check` shows what is left"
            ));
        }
        sentence
    }
}

/// Fixes one bundle, `path` (as named) or stdin without it, and returns the text and analysis
/// to report on: the fixed ones, or with `--diff` the ones as they are.
pub fn fix(
    fixing: Fixing,
    path: Option<&Path>,
    shown: &str,
    text: String,
    analysis: Arc<Analysis>,
    config: &ForFile,
    fixes: &mut Fixes,
) -> Result<(String, Arc<Analysis>), String> {
    let fixed = catch_unwind(AssertUnwindSafe(|| {
        fix_all(&text, &config.config, fixing.applying)
    }))
    .map_err(|_| "fixing failed; this is a bug in zis-lint".to_string())?;
    fixes.unsafe_left += fixed.unsafe_left;
    if !fixed.settled {
        fixes.unsettled.push(shown.to_string());
    }
    if fixed.changed() {
        fixes.applied += fixed.applied();
        fixes.files += 1;
    }
    if fixing.diff {
        if fixed.changed() {
            fixes
                .diff
                .push_str(&unified_diff(&text, &fixed.text, shown));
        }
        return Ok((text, analysis));
    }
    match path {
        None => fixes.stdout = Some(fixed.text.clone()),
        Some(path) if fixed.changed() => {
            write_atomically(path, fixed.text.as_bytes()).map_err(|err| {
                format!(
                    "could not write the fixed bundle: {}; the file is as it was",
                    describe_io_error(&err)
                )
            })?;
        }
        Some(_) => {}
    }
    Ok((fixed.text, fixed.analysis))
}

/// The change from `before` to `after` as a unified diff that `patch -p0` applies from the
/// working folder: both sides named as the file is shown.
fn unified_diff(before: &str, after: &str, shown: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(shown, shown)
        .to_string()
}
