//! rustc-like output through codespan-reporting.

use std::io::{self, Write};

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Config};
use zis_analysis::Severity as ZisSeverity;

use zis_syntax::ColumnUnit;

use super::Summary;
use crate::check::Checked;

pub fn render(
    files: &[Checked],
    summary: &Summary,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let config = Config::default();
    let new_buffer = || {
        if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        }
    };
    for file in files
        .iter()
        .filter(|file| !file.analysis.diagnostics.is_empty())
    {
        let source = Source(file);
        for diagnostic in &file.analysis.diagnostics {
            let mut buffer = new_buffer();
            term::emit_to_write_style(&mut buffer, &config, &source, &convert(file, diagnostic))
                .map_err(|err| match err {
                    files::Error::Io(err) => err,
                    other => io::Error::other(other.to_string()),
                })?;
            out.write_all(&renamed_severity(buffer.as_slice(), diagnostic.severity))?;
        }
    }
    writeln!(out, "{}", summary.sentence())
}

/// codespan-reporting has no info or hint level: they are drawn as its note and help, and the
/// header then says what the summary and the other formats call them.
const CODESPAN_INFO: Severity = Severity::Note;
const CODESPAN_HINT: Severity = Severity::Help;

/// One rendered diagnostic with its header's level named as zis-lint names it. The header comes
/// first and holds the level right before the `[` of the code, colour codes or not.
fn renamed_severity(rendered: &[u8], severity: ZisSeverity) -> Vec<u8> {
    let (drawn, ours): (&[u8], &[u8]) = match severity {
        ZisSeverity::Info => (b"note[", b"info["),
        ZisSeverity::Hint => (b"help[", b"hint["),
        ZisSeverity::Error | ZisSeverity::Warning => return rendered.to_vec(),
    };
    let mut out = rendered.to_vec();
    if let Some(at) = out.windows(drawn.len()).position(|window| window == drawn) {
        out[at..at + ours.len()].copy_from_slice(ours);
    }
    out
}

/// The checked file as codespan-reporting reads it, with lines where zis-lint breaks them
/// (`\n`, `\r\n` and a lone `\r`), so that its excerpts and line numbers match every other
/// output.
struct Source<'a>(&'a Checked);

impl<'a> Files<'a> for Source<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.0.shown)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.0.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        let offset = u32::try_from(byte_index).unwrap_or(u32::MAX);
        let at = self
            .0
            .line_index()
            .line_col(&self.0.text, offset, ColumnUnit::Utf8);
        Ok(at.line as usize)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        let lines = self.0.line_index();
        let line = u32::try_from(line_index).unwrap_or(u32::MAX);
        let len = self.0.text.len() as u32;
        // Like codespan's own files, the line after the last starts at the end of the text.
        let start = lines
            .line_start(line)
            .or((line == lines.line_count()).then_some(len))
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: lines.line_count() as usize - 1,
            })?;
        // The range runs to the next line's start, line break included, as codespan expects.
        let end = lines.line_start(line + 1).unwrap_or(len);
        Ok(start as usize..end as usize)
    }
}

fn convert(file: &Checked, diagnostic: &zis_analysis::Diagnostic) -> Diagnostic<()> {
    let severity = match diagnostic.severity {
        ZisSeverity::Error => Severity::Error,
        ZisSeverity::Warning => Severity::Warning,
        ZisSeverity::Info => CODESPAN_INFO,
        ZisSeverity::Hint => CODESPAN_HINT,
    };
    let mut labels = vec![Label::primary((), file.clamp(diagnostic.range))];
    labels.extend(
        diagnostic.labels.iter().map(|label| {
            Label::secondary((), file.clamp(label.range)).with_message(&label.message)
        }),
    );
    let notes = diagnostic
        .fix
        .iter()
        .map(|fix| format!("help: {}", fix.title))
        .collect();
    Diagnostic::new(severity)
        .with_code(diagnostic.rule.code())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}
