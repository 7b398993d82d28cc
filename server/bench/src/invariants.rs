//! What must hold of any analysis of any text, checked by the property tests and the fuzz
//! targets alike: the properties the language server and the renderers rely on without
//! checking them again.

use zis_analysis::ide::{completion, hover, navigation, outline, rename};
use zis_analysis::{Analysis, LineCol, LineIndex, Rule, TextRange};
use zis_syntax::ColumnUnit;

/// Checks every range the analysis holds, and that no rule failed (a rule's panic becomes a
/// ZIS900 diagnostic instead of a crash, so it must be looked for).
pub fn check_analysis(text: &str, analysis: &Analysis) -> Result<(), String> {
    let index = LineIndex::new(text);
    for diagnostic in &analysis.diagnostics {
        let code = diagnostic.rule.code();
        if diagnostic.rule == Rule::InternalError {
            return Err(diagnostic.message.clone());
        }
        check_range(text, diagnostic.range).map_err(|e| format!("{code}: {e}"))?;
        check_position(text, &index, diagnostic.range.start).map_err(|e| format!("{code}: {e}"))?;
        for label in &diagnostic.labels {
            check_range(text, label.range).map_err(|e| format!("{code} label: {e}"))?;
        }
        for edit in diagnostic.fix.iter().flat_map(|fix| &fix.edits) {
            check_range(text, edit.range).map_err(|e| format!("{code} fix: {e}"))?;
        }
    }
    for error in &analysis.parse().errors {
        check_range(text, error.range).map_err(|e| format!("syntax error: {e}"))?;
    }
    Ok(())
}

/// Runs the editor features at `offset` (any value: it is brought into the text and back to a
/// character boundary, as the server's position conversion does) and checks the ranges they
/// answer with.
pub fn check_editor_features(text: &str, analysis: &Analysis, offset: u32) -> Result<(), String> {
    let mut offset = offset % (text.len() as u32 + 1);
    while !text.is_char_boundary(offset as usize) {
        offset -= 1;
    }
    for item in completion::completions(analysis.view(), text, offset) {
        check_range(text, item.edit.range).map_err(|e| format!("completion: {e}"))?;
        for edit in &item.additional_edits {
            check_range(text, edit.range).map_err(|e| format!("completion: {e}"))?;
        }
    }
    let view = analysis.view();
    if let Some(hover) = hover::hover(view, &analysis.diagnostics, text, offset) {
        check_range(text, hover.range).map_err(|e| format!("hover: {e}"))?;
    }
    if let Some(range) = navigation::definition(view, text, offset) {
        check_range(text, range).map_err(|e| format!("definition: {e}"))?;
    }
    if let Some(at) = navigation::symbol_at(view, text, offset) {
        for range in navigation::references(view, text, &at.symbol, true) {
            check_range(text, range).map_err(|e| format!("references: {e}"))?;
        }
    }
    if let Ok(Some(edits)) = rename::rename(analysis, text, offset, "renamed") {
        for edit in edits {
            check_range(text, edit.range).map_err(|e| format!("rename: {e}"))?;
        }
    }
    outline::outline(analysis);
    Ok(())
}

fn check_range(text: &str, range: TextRange) -> Result<(), String> {
    let (start, end) = (range.start as usize, range.end as usize);
    if start > end || end > text.len() {
        return Err(format!("{start}..{end} outside 0..{}", text.len()));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(format!("{start}..{end} splits a character"));
    }
    Ok(())
}

/// A position converted to a line and a UTF-16 column converts back to the same offset, except
/// between the `\r` and the `\n` of a CRLF, which both stand for the end of the line.
fn check_position(text: &str, index: &LineIndex, offset: u32) -> Result<(), String> {
    let position: LineCol = index.line_col(text, offset, ColumnUnit::Utf16);
    let back = index.offset(text, position, ColumnUnit::Utf16);
    let inside_crlf = offset > 0 && text.as_bytes()[offset as usize - 1] == b'\r';
    if back != offset && !inside_crlf {
        return Err(format!(
            "offset {offset} comes back from {position:?} as {back}"
        ));
    }
    Ok(())
}
