//! GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request.

use std::io::{self, Write};

use zis_analysis::Severity;
use zis_syntax::ColumnUnit;

use super::Summary;
use crate::check::Checked;

pub fn render(files: &[Checked], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    for file in files {
        for diagnostic in &file.diagnostics {
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let start = file.position(diagnostic.range.start, ColumnUnit::Char);
            let end = file.position(diagnostic.range.end, ColumnUnit::Char);
            let title = format!("{} {}", diagnostic.rule.code(), diagnostic.rule.name());
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&file.portable),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&title),
                escape_data(&diagnostic.message),
            )?;
        }
    }
    // Plain text in the job log; the runner only acts on lines starting with `::`.
    writeln!(out, "{}", summary.sentence())
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
