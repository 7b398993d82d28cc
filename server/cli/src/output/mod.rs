//! The four output formats. Each renders the same checked documents; none analyses anything.

pub mod github;
mod indented;
pub mod json;
pub mod pretty;
pub mod sarif;

use serde::Serialize;
use zis_analysis::{LineIndex, Severity, TextRange};
use zis_syntax::ColumnUnit;

use crate::check::{Checked, Outcome};

#[derive(Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    /// Paths that could not be read or configured, each reported on stderr.
    #[serde(skip)]
    pub failures: usize,
}

impl Summary {
    pub fn of(outcome: &Outcome) -> Summary {
        let mut summary = Summary {
            files: outcome.bundles,
            errors: 0,
            warnings: 0,
            infos: 0,
            hints: 0,
            failures: outcome.failures,
        };
        let files = &outcome.files;
        for diagnostic in files.iter().flat_map(|file| &file.diagnostics) {
            *match diagnostic.severity {
                Severity::Error => &mut summary.errors,
                Severity::Warning => &mut summary.warnings,
                Severity::Info => &mut summary.infos,
                Severity::Hint => &mut summary.hints,
            } += 1;
        }
        summary
    }

    /// "2 errors, 1 warning in 3 files", or "no problems in 3 files". When some paths could not
    /// be checked, it says so first, and never claims "no problems".
    pub fn sentence(&self) -> String {
        let counts: Vec<String> = [
            (self.errors, "error"),
            (self.warnings, "warning"),
            (self.infos, "info"),
            (self.hints, "hint"),
        ]
        .into_iter()
        .filter(|&(count, _)| count > 0)
        .map(|(count, noun)| plural(count, noun))
        .collect();
        let checked = plural(self.files, "file");
        let found = match (counts.is_empty(), self.failures) {
            (true, 0) => format!("no problems in {checked}"),
            (true, _) => format!("{checked} checked"),
            (false, _) => format!("{} in {checked}", counts.join(", ")),
        };
        match self.failures {
            0 => found,
            failures => format!(
                "{} not checked (see the errors above); {found}",
                plural(failures, "path")
            ),
        }
    }
}

/// "1 file", "2 files".
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A 1-based line and column.
#[derive(Clone, Copy, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Checked {
    pub fn line_index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn position(&self, offset: u32, unit: ColumnUnit) -> Position {
        let at = self.line_index().line_col(&self.text, offset, unit);
        Position {
            line: at.line + 1,
            column: at.col + 1,
        }
    }

    /// `range` as a byte range that is safe to slice the text with, whatever the range says.
    pub fn clamp(&self, range: TextRange) -> std::ops::Range<usize> {
        let boundary = |offset: u32| {
            let mut offset = (offset as usize).min(self.text.len());
            while !self.text.is_char_boundary(offset) {
                offset -= 1;
            }
            offset
        };
        let start = boundary(range.start);
        start..boundary(range.end).max(start)
    }
}
