//! The JSON report of the output contract: lines and columns 1-based, columns in Unicode
//! scalar values, `end` just past the range.

use std::io::{self, Write};

use serde::Serialize;
use zis_syntax::ColumnUnit;

use super::{Position, Summary};
use crate::check::Checked;

#[derive(Serialize)]
struct Report<'a> {
    diagnostics: Vec<Diagnostic<'a>>,
    summary: &'a Summary,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    path: &'a str,
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    start: Position,
    end: Position,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<Fix<'a>>,
}

#[derive(Serialize)]
struct Fix<'a> {
    title: &'a str,
    /// Whether `--fix` applies it, or only `--unsafe-fixes`.
    safe: bool,
    edits: Vec<Edit<'a>>,
}

#[derive(Serialize)]
struct Edit<'a> {
    start: Position,
    end: Position,
    text: &'a str,
}

pub fn render(files: &[Checked], summary: &Summary, out: &mut impl Write) -> io::Result<()> {
    let position = |file: &Checked, offset| file.position(offset, ColumnUnit::Char);
    let diagnostics = files
        .iter()
        .flat_map(|file| {
            file.diagnostics.iter().map(move |diagnostic| Diagnostic {
                path: &file.portable,
                code: diagnostic.rule.code(),
                name: diagnostic.rule.name(),
                severity: diagnostic.severity.as_str(),
                message: &diagnostic.message,
                start: position(file, diagnostic.range.start),
                end: position(file, diagnostic.range.end),
                fix: diagnostic.fix.as_ref().map(|fix| Fix {
                    title: &fix.title,
                    safe: fix.safe,
                    edits: fix
                        .edits
                        .iter()
                        .map(|edit| Edit {
                            start: position(file, edit.range.start),
                            end: position(file, edit.range.end),
                            text: &edit.new_text,
                        })
                        .collect(),
                }),
            })
        })
        .collect();
    let report = Report {
        diagnostics,
        summary,
    };
    super::indented::to_writer(&mut *out, &report)?;
    writeln!(out)
}
