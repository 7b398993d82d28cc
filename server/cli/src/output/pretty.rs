//! rustc-like output through codespan-reporting.

use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Config};
use zis_analysis::Severity as ZisSeverity;

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
        let source = SimpleFile::new(file.shown.as_str(), file.text.as_str());
        // One buffer per file: output streams file by file, colour codes included.
        let mut buffer = new_buffer();
        for diagnostic in &file.analysis.diagnostics {
            term::emit_to_write_style(&mut buffer, &config, &source, &convert(file, diagnostic))
                .map_err(|err| match err {
                    codespan_reporting::files::Error::Io(err) => err,
                    other => io::Error::other(other.to_string()),
                })?;
        }
        out.write_all(buffer.as_slice())?;
    }
    writeln!(out, "{}", summary.sentence())
}

fn convert(file: &Checked, diagnostic: &zis_analysis::Diagnostic) -> Diagnostic<()> {
    let severity = match diagnostic.severity {
        ZisSeverity::Error => Severity::Error,
        ZisSeverity::Warning => Severity::Warning,
        ZisSeverity::Info => Severity::Note,
        ZisSeverity::Hint => Severity::Help,
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
