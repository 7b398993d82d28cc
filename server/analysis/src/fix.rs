//! Fixing a whole document: `zis-lint check --fix` and the editor's "Fix all safe problems".
//!
//! Each pass analyses the text and applies the fixes of its findings whose edits neither
//! overlap nor touch those of a fix taken before it in the pass, in the order of the findings;
//! the rest wait for the next pass, which sees the text as the first left it. Passes go on until
//! no fix is left to apply, at most [`MAX_PASSES`] of them. Edits are applied where they are and
//! nowhere else, so the rest of the text keeps its bytes: formatting, indentation and line
//! endings. A pass that would leave the text with more syntax errors than it had is not kept.
//!
//! Findings a baseline accepts are fixed like any other (a baseline accepts findings, it does
//! not protect them); those a suppression covers are not.

use std::collections::BTreeMap;
use std::sync::Arc;

use zis_syntax::{SyntaxErrorKind, TextRange};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Edit};
use crate::rule::Rule;
use crate::{analyze, Analysis};

/// Enough for fixes that make room for others (a rename that then lets a missing `End` be
/// added); a document still changing after that many passes is left as the last pass made it.
pub const MAX_PASSES: usize = 10;

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applying {
    /// Only fixes that cannot change what the bundle does.
    Safe,
    /// Unsafe fixes too (`--unsafe-fixes`).
    All,
}

impl Applying {
    fn takes(self, safe: bool) -> bool {
        safe || self == Applying::All
    }
}

/// One fix applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub rule: Rule,
    /// The finding's message and range, in the text the pass started from.
    pub message: String,
    pub range: TextRange,
    pub title: String,
}

/// One pass: the fixes it applied, and their edits, in the text it started from.
#[derive(Clone, Debug, PartialEq)]
pub struct Pass {
    pub applied: Vec<Applied>,
    pub edits: Vec<Edit>,
}

/// What fixing a document did.
#[derive(Debug)]
pub struct Fixed {
    pub text: String,
    pub passes: Vec<Pass>,
    /// The last analysis: of `text`, with the configuration as given.
    pub analysis: std::sync::Arc<Analysis>,
    /// Whether the passes ended because nothing was left to apply, rather than at the limit or
    /// at a pass that broke the syntax.
    pub settled: bool,
    /// Findings left with a fix that was not applied because it is unsafe.
    pub unsafe_left: usize,
}

impl Fixed {
    pub fn applied(&self) -> usize {
        self.passes.iter().map(|pass| pass.applied.len()).sum()
    }

    pub fn changed(&self) -> bool {
        !self.passes.is_empty()
    }
}

/// Applies the fixes `applying` takes, pass after pass, to `text` analysed with `config`.
pub fn fix_all(text: &str, config: &Config, applying: Applying) -> Fixed {
    // Fixes apply to what the baseline accepts too; the last analysis applies the baseline.
    let fixing = Config {
        accepted: Vec::new(),
        ..config.clone()
    };
    let mut text = text.to_string();
    let mut passes = Vec::new();
    let mut analysis = analyze(&text, &fixing);
    let settled = loop {
        let chosen = choose(&analysis.diagnostics, applying);
        if chosen.is_empty() {
            break true;
        }
        if passes.len() == MAX_PASSES {
            break false;
        }
        let edits: Vec<Edit> = chosen
            .iter()
            .flat_map(|diagnostic| diagnostic.fix.iter().flat_map(|fix| fix.edits.clone()))
            .collect();
        let next = apply(&text, &edits);
        let next_analysis = analyze(&next, &fixing);
        if invalid(&next_analysis) > invalid(&analysis) || next == text {
            break false;
        }
        passes.push(Pass {
            applied: chosen
                .iter()
                .map(|diagnostic| Applied {
                    rule: diagnostic.rule,
                    message: diagnostic.message.clone(),
                    range: diagnostic.range,
                    title: diagnostic
                        .fix
                        .as_ref()
                        .map_or_else(String::new, |f| f.title.clone()),
                })
                .collect(),
            edits,
        });
        text = next;
        analysis = next_analysis;
    };
    let analysis = if config.accepted.is_empty() {
        analysis
    } else {
        analyze(&text, config)
    };
    let unsafe_left = analysis
        .diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|fix| !applying.takes(fix.safe)))
        .count();
    Fixed {
        text,
        passes,
        analysis,
        settled,
        unsafe_left,
    }
}

/// The findings whose fixes one pass applies: in order, each fix `applying` takes whose edits
/// neither overlap nor touch the edits of one taken before it.
pub fn choose(diagnostics: &[Arc<Diagnostic>], applying: Applying) -> Vec<&Diagnostic> {
    // Start → end of the edits taken, which neither overlap nor touch: of those, only the last
    // to start at or before an edit's end can meet it, so each look-up is one step of a tree,
    // however many fixes a document has.
    let mut taken: BTreeMap<u32, u32> = BTreeMap::new();
    let mut chosen = Vec::new();
    for diagnostic in diagnostics {
        let Some(fix) = &diagnostic.fix else { continue };
        if !applying.takes(fix.safe) || fix.edits.is_empty() {
            continue;
        }
        // Touching counts: two insertions at one place have no order of their own.
        let clashes = fix.edits.iter().any(|edit| {
            let range = edit.range;
            taken
                .range(..=range.end)
                .next_back()
                .is_some_and(|(_, &end)| end >= range.start)
        });
        if !clashes {
            for edit in &fix.edits {
                let range = edit.range;
                let end = taken.entry(range.start).or_insert(range.end);
                *end = (*end).max(range.end);
            }
            chosen.push(&**diagnostic);
        }
    }
    chosen
}

/// `text` with `edits` applied; they must not overlap.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut edits: Vec<&Edit> = edits.iter().collect();
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        let range = edit.range.as_usize();
        // Ranges come from the analysis of this very text; an edit out of bounds or inside an
        // earlier one would be a bug, and is skipped rather than trusted.
        if range.start < at
            || range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&edit.new_text);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Syntax errors that are not JSON at all (JSONC extensions are ZIS002's, and fixed).
fn invalid(analysis: &Analysis) -> usize {
    analysis
        .parse()
        .errors
        .iter()
        .filter(|error| error.kind == SyntaxErrorKind::Invalid)
        .count()
}

/// The one edit that turns `before` into `after`: the part between what they share at the
/// start and at the end. For an editor, which keeps its cursor where nothing changed.
pub fn difference(before: &str, after: &str) -> Edit {
    let mut start = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(start) || !after.is_char_boundary(start) {
        start -= 1;
    }
    let room = before.len().min(after.len()) - start;
    let mut end = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - end) || !after.is_char_boundary(after.len() - end)
    {
        end -= 1;
    }
    Edit::replace(
        TextRange::new(start as u32, (before.len() - end) as u32),
        &after[start..after.len() - end],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::BUNDLE;

    #[test]
    fn fixes_what_is_safe_and_leaves_the_rest() {
        // A misspelt state with one close name.
        let text = BUNDLE.replace("\"Default\": \"Failed\"", "\"Default\": \"Faild\"");
        let fixed = fix_all(&text, &Config::default(), Applying::Safe);
        assert_eq!(fixed.text, BUNDLE);
        assert_eq!(fixed.passes.len(), 1);
        assert_eq!(fixed.passes[0].applied[0].rule, Rule::UnknownState);
        assert!(fixed.settled);
        let clean = analyze(BUNDLE, &Config::default());
        assert_eq!(fixed.analysis.diagnostics, clean.diagnostics);
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_pass() {
        let edit = |start, end, text: &str| Edit::replace(TextRange::new(start, end), text);
        let diagnostic = |edits: Vec<Edit>| {
            let mut d = Diagnostic::new(Rule::UnknownState, TextRange::empty(0), "");
            d.fix("fix", edits).safe_if(true);
            d
        };
        let diagnostics = [
            diagnostic(vec![edit(2, 4, "x")]),
            diagnostic(vec![edit(3, 6, "y")]),
            diagnostic(vec![edit(4, 4, "z")]),
            diagnostic(vec![edit(5, 5, "w"), edit(8, 9, "")]),
        ]
        .map(Arc::new);
        let chosen: Vec<usize> = choose(&diagnostics, Applying::Safe)
            .iter()
            .map(|chosen| {
                diagnostics
                    .iter()
                    .position(|d| std::ptr::eq(&**d, *chosen))
                    .unwrap()
            })
            .collect();
        assert_eq!(
            chosen,
            [0, 3],
            "the second overlaps the first, the third touches it"
        );
        assert_eq!(
            apply(
                "0123456789",
                &[edit(8, 9, ""), edit(2, 4, "x"), edit(5, 5, "w")]
            ),
            "01x4w5679"
        );
    }

    #[test]
    fn the_difference_is_the_changed_middle() {
        let d = difference("{\"a\": 1, \"b\": 2}", "{\"a\": 1, \"c\": 2}");
        assert_eq!(
            (d.range, d.new_text.as_str()),
            (TextRange::new(10, 11), "c")
        );
        let d = difference("aéb", "aèb");
        assert_eq!((d.range, d.new_text.as_str()), (TextRange::new(1, 3), "è"));
        let d = difference("abab", "ab");
        assert_eq!((d.range, d.new_text.as_str()), (TextRange::new(2, 4), ""));
        let d = difference("same", "same");
        assert!(d.range.is_empty() && d.new_text.is_empty());
    }
}
