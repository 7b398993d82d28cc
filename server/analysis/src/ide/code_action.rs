//! Quick fixes: the fix a rule attached to each finding in the editor's range. The rules compute
//! every fix next to the finding it resolves; this only picks them.

use zis_syntax::TextRange;

use crate::diagnostic::{Diagnostic, Fix};
use crate::Analysis;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuickFix<'a> {
    pub diagnostic: &'a Diagnostic,
    pub fix: &'a Fix,
    /// The only fix for its place, so an editor may apply it without asking.
    pub preferred: bool,
}

/// The fixes of the findings that overlap `range` (or touch it: a cursor right after a key still
/// gets the key's fix), in the order of the findings.
pub fn quick_fixes(analysis: &Analysis, range: TextRange) -> Vec<QuickFix<'_>> {
    // Sorted by start: only those starting at or before the range's end can overlap it.
    let before = analysis
        .diagnostics
        .partition_point(|diagnostic| diagnostic.range.start <= range.end);
    let fixable: Vec<(&Diagnostic, &Fix)> = analysis.diagnostics[..before]
        .iter()
        .filter(|diagnostic| overlaps(diagnostic.range, range))
        .filter_map(|diagnostic| Some((&**diagnostic, diagnostic.fix.as_ref()?)))
        .collect();
    fixable
        .iter()
        .map(|&(diagnostic, fix)| QuickFix {
            diagnostic,
            fix,
            preferred: !fixable.iter().any(|&(other, _)| {
                !std::ptr::eq(other, diagnostic) && overlaps(other.range, diagnostic.range)
            }),
        })
        .collect()
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    a.start <= b.end && b.start <= a.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::{apply, BUNDLE};
    use crate::{analyze, Config, Rule};

    fn at(text: &str, needle: &str) -> TextRange {
        let start = text.find(needle).expect("the needle") as u32;
        TextRange::new(start, start + needle.len() as u32)
    }

    #[test]
    fn the_fix_of_a_finding_at_the_cursor() {
        let text = BUNDLE.replace("\"Default\": \"Failed\"", "\"Default\": \"Faild\"");
        let analysis = analyze(&text, &Config::default());
        let cursor = TextRange::empty(at(&text, "Faild").start + 2);
        let fixes = quick_fixes(&analysis, cursor);
        assert_eq!(fixes.len(), 1);
        assert_eq!(fixes[0].diagnostic.rule, Rule::UnknownState);
        assert!(fixes[0].preferred);
        assert_eq!(fixes[0].fix.title, "Replace with `Failed`");
        assert_eq!(apply(&text, &fixes[0].fix.edits), BUNDLE);
        // Right after the value still touches it; the next key does not.
        assert_eq!(
            quick_fixes(&analysis, TextRange::empty(at(&text, "\"Faild\"").end)).len(),
            1
        );
        assert!(quick_fixes(&analysis, at(&text, "\"Each\": {")).is_empty());
    }

    #[test]
    fn every_fixable_finding_in_a_selection() {
        let text = BUNDLE.replace(
            "\"ActionName\": \"zis:acme:action:fetch\", \"End\": true",
            "\"ActionName\": \"zis:acme:action:fetch\", \"Nxt\": \"Fetch\"",
        );
        let analysis = analyze(&text, &Config::default());
        let state = at(&text, "\"Fetch\": {\"Type\": \"Action\", \"ActionName\": \"zis:acme:action:fetch\", \"Nxt\": \"Fetch\"}");
        let fixes = quick_fixes(&analysis, state);
        let found: Vec<_> = fixes
            .iter()
            .map(|f| (f.diagnostic.rule, f.fix.title.as_str(), f.preferred))
            .collect();
        assert_eq!(
            found,
            [
                (Rule::MissingEnd, "Add `\"End\": true`", true),
                (Rule::UnknownField, "Rename to `Next`", true),
            ]
        );
        assert!(apply(&text, &fixes[0].fix.edits).contains("\"Nxt\": \"Fetch\", \"End\": true}"));
        assert!(apply(&text, &fixes[1].fix.edits).contains("\"Next\": \"Fetch\"}"));
    }

    #[test]
    fn fixes_for_the_same_place_are_not_preferred() {
        let text = BUNDLE.replace(
            "\"Done\": {\"Type\": \"Succeed\"}",
            "\"Done\": {\"Type\": \"Pass\", \"Nxt\": \"Done\", \"Nxt\": \"Failed\"}",
        );
        let analysis = analyze(&text, &Config::default());
        let second = at(&text, "\"Nxt\": \"Failed\"").start + 1;
        let fixes = quick_fixes(&analysis, TextRange::empty(second));
        let found: Vec<_> = fixes
            .iter()
            .map(|f| (f.diagnostic.rule, f.fix.title.as_str(), f.preferred))
            .collect();
        assert_eq!(
            found,
            [
                (Rule::DuplicateKey, "Remove this duplicate", false),
                (Rule::UnknownField, "Rename to `Next`", false),
            ]
        );
    }

    #[test]
    fn findings_without_a_fix_give_nothing() {
        let text = BUNDLE.replace("\"Default\": \"Failed\"", "\"Default\": \"Elsewhere\"");
        let analysis = analyze(&text, &Config::default());
        assert!(analysis
            .diagnostics
            .iter()
            .any(|d| d.rule == Rule::UnknownState));
        assert!(quick_fixes(&analysis, at(&text, "Elsewhere")).is_empty());
    }
}
