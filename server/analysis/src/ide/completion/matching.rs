//! Matching candidates against what was typed, before any item is built.

use std::borrow::Cow;

use super::{CompletionItem, Completions};

/// What was typed of the token, as editors match labels against it: case-insensitively, as a
/// subsequence of the label. Only what no editor would show may be left out, so the match is
/// as loose as the loosest: VS Code (with its default `filterGraceful`) also forgives one swap of
/// neighbouring characters within the first eight, skips leading blanks, and reads at most 128
/// UTF-16 units of what was typed.
pub(super) struct Pattern(Vec<char>);

/// How a label matches a pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    Prefix,
    Scattered,
}

impl Pattern {
    pub(super) fn new(typed: &str) -> Pattern {
        let mut units = 0;
        let chars = typed
            .chars()
            .take_while(|c| {
                units += c.len_utf16();
                units <= 128
            })
            .skip_while(|c| matches!(c, ' ' | '\t'))
            .map(fold)
            .collect();
        Pattern(chars)
    }

    pub(super) fn fit(&self, label: &str) -> Option<Fit> {
        let pattern = &self.0;
        let mut chars = label.chars().map(fold);
        if pattern.iter().all(|&c| chars.next() == Some(c)) {
            return Some(Fit::Prefix);
        }
        let through = matched(pattern.iter().copied(), label);
        if through == pattern.len() {
            return Some(Fit::Scattered);
        }
        // A swap past the first character that failed leaves the match failing there.
        let swaps = pattern.len().saturating_sub(1).min(7).min(through + 1);
        (0..swaps)
            .any(|at| {
                let swapped = pattern.iter().enumerate().map(|(i, &c)| match i {
                    _ if i == at => pattern[at + 1],
                    _ if i == at + 1 => pattern[at],
                    _ => c,
                });
                matched(swapped, label) == pattern.len()
            })
            .then_some(Fit::Scattered)
    }
}

/// How many characters of `pattern` (folded) a subsequence of `label` matches, from the first.
pub(super) fn matched(pattern: impl IntoIterator<Item = char>, label: &str) -> usize {
    let mut chars = label.chars().map(fold);
    pattern
        .into_iter()
        .take_while(|&c| chars.any(|l| l == c))
        .count()
}

/// Lower case as JavaScript's `toLowerCase` compares, with its word-final sigma.
pub(super) fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c.to_lowercase().next().unwrap_or(c) {
        'ς' => 'σ',
        lower => lower,
    }
}

pub(super) struct Picker {
    pub(super) pattern: Pattern,
    pub(super) limit: usize,
}

impl Picker {
    /// The candidates whose label matches, built into items in their order. Past the limit,
    /// the first prefix matches are kept before any other: the editor ranks them first too.
    pub(super) fn pick<'l, T>(
        &self,
        candidates: impl IntoIterator<Item = (Cow<'l, str>, T)>,
        mut build: impl FnMut(String, T) -> CompletionItem,
    ) -> Completions {
        let mut count = 0;
        let mut fitting: Vec<_> = candidates
            .into_iter()
            .filter_map(|(label, candidate)| {
                count += 1;
                Some((self.pattern.fit(&label)?, label, candidate))
            })
            .collect();
        let mut incomplete = fitting.len() < count;
        if fitting.len() > self.limit {
            incomplete = true;
            let prefixes = fitting
                .iter()
                .filter(|(fit, ..)| *fit == Fit::Prefix)
                .count();
            let mut room_for_prefixes = self.limit;
            let mut room_for_others = self.limit.saturating_sub(prefixes);
            fitting.retain(|(fit, ..)| {
                let room = match fit {
                    Fit::Prefix => &mut room_for_prefixes,
                    Fit::Scattered => &mut room_for_others,
                };
                let kept = *room > 0;
                *room = room.saturating_sub(1);
                kept
            });
        }
        let items = fitting
            .into_iter()
            .map(|(_, label, candidate)| build(label.into_owned(), candidate))
            .collect();
        Completions { items, incomplete }
    }
}
