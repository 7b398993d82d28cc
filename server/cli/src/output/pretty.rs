//! rustc-like output through codespan-reporting.

use std::io::{self, Write};

use std::ops::Range;
use std::sync::Arc;

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
    let cores = zis_syntax::cores();
    for file in files.iter().filter(|file| !file.diagnostics.is_empty()) {
        for batch in file.diagnostics.chunks(BATCH) {
            for rendered in render_batch(file, batch, color, cores) {
                out.write_all(&rendered?)?;
            }
        }
    }
    writeln!(out, "{}", summary.sentence())
}

/// Diagnostics rendered at a time: codespan-reporting writes a snippet character by character,
/// over ten microseconds a finding, so the cores share each batch; batches keep what is rendered
/// but not yet written to a bounded size.
const BATCH: usize = 4096;

/// Fewer diagnostics than this are rendered on the calling thread alone: a thread would cost
/// more than it saves.
const PARALLEL_FROM: usize = 256;

/// `batch` rendered, in order, over up to `cores` threads.
fn render_batch(
    file: &Checked,
    batch: &[Arc<zis_analysis::Diagnostic>],
    color: bool,
    cores: usize,
) -> Vec<io::Result<Vec<u8>>> {
    let render_part = |part: &[Arc<zis_analysis::Diagnostic>]| {
        part.iter()
            .map(|diagnostic| render_one(file, diagnostic, color))
            .collect::<Vec<_>>()
    };
    if cores < 2 || batch.len() < PARALLEL_FROM {
        return render_part(batch);
    }
    let mut parts = batch.chunks(batch.len().div_ceil(cores));
    let first = parts.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = parts
            .map(|part| {
                (
                    part,
                    std::thread::Builder::new().spawn_scoped(scope, move || render_part(part)),
                )
            })
            .collect();
        let mut rendered = render_part(first);
        for (part, helper) in others {
            // A helper that could not start or that failed leaves its part to this thread.
            match helper.ok().map(|helper| helper.join()) {
                Some(Ok(done)) => rendered.extend(done),
                _ => rendered.extend(render_part(part)),
            }
        }
        rendered
    })
}

fn render_one(
    file: &Checked,
    diagnostic: &zis_analysis::Diagnostic,
    color: bool,
) -> io::Result<Vec<u8>> {
    let config = Config::default();
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let labels = labels(file, diagnostic);
    let emitted = match Window::around(file, &labels) {
        None => term::emit_to_write_style(
            &mut buffer,
            &config,
            &Source(file),
            &convert(diagnostic, labels),
        ),
        Some((window, labels)) => {
            term::emit_to_write_style(&mut buffer, &config, &window, &convert(diagnostic, labels))
        }
    };
    emitted.map_err(|err| match err {
        files::Error::Io(err) => err,
        other => io::Error::other(other.to_string()),
    })?;
    Ok(renamed_severity(buffer.as_slice(), diagnostic.severity))
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

/// A diagnostic's labels as byte ranges safe to slice the text with: the primary first, then
/// each secondary with its message.
type Labels<'a> = Vec<(Range<usize>, Option<&'a str>)>;

fn labels<'a>(file: &Checked, diagnostic: &'a zis_analysis::Diagnostic) -> Labels<'a> {
    let primary = (file.clamp(diagnostic.range), None);
    let secondary = diagnostic
        .labels
        .iter()
        .map(|label| (file.clamp(label.range), Some(label.message.as_str())));
    [primary].into_iter().chain(secondary).collect()
}

fn convert(diagnostic: &zis_analysis::Diagnostic, labels: Labels) -> Diagnostic<()> {
    let severity = match diagnostic.severity {
        ZisSeverity::Error => Severity::Error,
        ZisSeverity::Warning => Severity::Warning,
        ZisSeverity::Info => CODESPAN_INFO,
        ZisSeverity::Hint => CODESPAN_HINT,
    };
    let labels = labels
        .into_iter()
        .enumerate()
        .map(|(at, (range, message))| match at {
            0 => Label::primary((), range),
            _ => Label::secondary((), range).with_message(message.unwrap_or_default()),
        })
        .collect();
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

/// Lines longer than this are shown as a window around the labels on them, as rustc shows
/// them: a minified bundle is one line, which printed whole for each finding made megabytes of
/// output out of a few hundred findings.
const LONG_LINE_BYTES: usize = 160;
/// What a window shows before the first label on its line and after the last.
const WINDOW_CONTEXT_BYTES: usize = 40;
/// How far a window reaches past the start of its first label, context aside: a label longer
/// than that is cut at the window's end.
const WINDOW_LABELS_BYTES: usize = 80;
const CUT: &str = "…";

/// The lines one diagnostic's labels start on, each cut to a window when it is long (a window
/// for each cluster of labels on it), as a text of its own whose line numbers and columns are
/// those of the file. A label that runs past its window, or onto another line, is cut at the
/// window's end.
struct Window<'a> {
    file: &'a Checked,
    text: String,
    excerpts: Vec<Excerpt>,
}

struct Excerpt {
    /// The zero-based line in the file.
    line: u32,
    /// Where the excerpt starts in the window's text, its leading `…` included.
    start: usize,
    /// Where the excerpt starts in the file, and how long the `…` before it is.
    file_start: usize,
    cut_before: usize,
}

impl<'a> Window<'a> {
    /// The window for `labels`, with the labels moved into it; `None` when no line they touch
    /// is long, which leaves the file to be shown as it is.
    fn around<'l>(file: &'a Checked, labels: &Labels<'l>) -> Option<(Window<'a>, Labels<'l>)> {
        let lines = file.line_index();
        let text = file.text.as_str();
        let line_of = |offset: usize| lines.line_col(text, offset as u32, ColumnUnit::Utf8).line;
        let bounds = |line: u32| {
            let start = lines.line_start(line).unwrap_or(0) as usize;
            let end = lines.line_end(text, line).unwrap_or(0) as usize;
            start..end.max(start)
        };
        let long = |line: u32| bounds(line).len() > LONG_LINE_BYTES;
        if !labels
            .iter()
            .any(|(range, _)| long(line_of(range.start)) || long(line_of(range.end)))
        {
            return None;
        }
        let mut starts: Vec<(u32, usize, usize)> = labels
            .iter()
            .enumerate()
            .map(|(at, (range, _))| (line_of(range.start), range.start, at))
            .collect();
        starts.sort_unstable();
        let mut window = Window {
            file,
            text: String::new(),
            excerpts: Vec::new(),
        };
        let mut moved: Vec<Option<Range<usize>>> = vec![None; labels.len()];
        for group in clusters(&starts, long) {
            let line = group[0].0;
            let whole = bounds(line);
            let (from, to) = if whole.len() <= LONG_LINE_BYTES {
                (whole.start, whole.end)
            } else {
                let first = group[0].1;
                let last = group.iter().map(|&(_, _, at)| labels[at].0.end).max();
                let to = last.unwrap_or(first).min(first + WINDOW_LABELS_BYTES);
                (
                    floor_boundary(
                        text,
                        first.saturating_sub(WINDOW_CONTEXT_BYTES).max(whole.start),
                    ),
                    ceil_boundary(text, (to + WINDOW_CONTEXT_BYTES).min(whole.end)),
                )
            };
            let cut_before = if from > whole.start { CUT.len() } else { 0 };
            let start = window.text.len();
            window.text.push_str(&CUT[..cut_before]);
            window.text.push_str(&text[from..to]);
            if to < whole.end {
                window.text.push_str(CUT);
            }
            window.text.push('\n');
            let inside = |offset: usize| start + cut_before + offset.clamp(from, to) - from;
            for &(_, _, at) in group {
                let range = &labels[at].0;
                moved[at] = Some(inside(range.start)..inside(range.end));
            }
            window.excerpts.push(Excerpt {
                line,
                start,
                file_start: from,
                cut_before,
            });
        }
        let labels = labels
            .iter()
            .zip(moved)
            .map(|(&(_, message), range)| (range.unwrap_or_default(), message))
            .collect();
        Some((window, labels))
    }

    fn excerpt(&self, line_index: usize) -> Result<&Excerpt, files::Error> {
        self.excerpts
            .get(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: self.excerpts.len().saturating_sub(1),
            })
    }
}

impl<'a> Files<'a> for Window<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.file.shown)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        let after = self
            .excerpts
            .partition_point(|excerpt| excerpt.start <= byte_index);
        Ok(after.saturating_sub(1))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        let start = self.excerpt(line_index)?.start;
        let end = self
            .excerpts
            .get(line_index + 1)
            .map_or(self.text.len(), |next| next.start);
        Ok(start..end)
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, files::Error> {
        Ok(self.excerpt(line_index)?.line as usize + 1)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let excerpt = self.excerpt(line_index)?;
        let into = byte_index.saturating_sub(excerpt.start + excerpt.cut_before);
        let offset = (excerpt.file_start + into) as u32;
        Ok(self.file.position(offset, ColumnUnit::Char).column as usize)
    }
}

/// `starts` (line, label start, label), sorted, cut into the labels each excerpt shows: those
/// starting on one line and, on a long line, within [`WINDOW_LABELS_BYTES`] of the first of
/// them. Labels far apart on one long line get an excerpt each, with the same line number.
fn clusters(
    starts: &[(u32, usize, usize)],
    long: impl Fn(u32) -> bool,
) -> Vec<&[(u32, usize, usize)]> {
    let mut clusters = Vec::new();
    let mut first = 0;
    for at in 1..=starts.len() {
        let (line, start, _) = starts[first];
        let next = starts.get(at);
        let apart = next.is_none_or(|&(next_line, next_start, _)| {
            next_line != line || (long(line) && next_start - start > WINDOW_LABELS_BYTES)
        });
        if apart {
            clusters.push(&starts[first..at]);
            first = at;
        }
    }
    clusters
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_holds_the_labels_within_reach_of_its_first() {
        // Line 0 is long: labels 70 bytes apart chain, but the third is 140 bytes from the
        // first. Line 1 is short: its labels share the whole line however far apart.
        let starts = [(0, 0, 0), (0, 70, 1), (0, 140, 2), (1, 200, 3), (1, 400, 4)];
        let clusters = clusters(&starts, |line| line == 0);
        let labels: Vec<Vec<usize>> = clusters
            .iter()
            .map(|cluster| cluster.iter().map(|&(_, _, label)| label).collect())
            .collect();
        assert_eq!(labels, [vec![0, 1], vec![2], vec![3, 4]]);
    }
}
