//! Findings that are not reported: those a suppression names, and those a baseline accepts.
//!
//! A bundle is strict JSON and may hold nothing ZIS does not know, so a suppression cannot be a
//! comment. There are two places for one:
//!
//! - `suppress` in `zis-lint.json`: a file, the JSON pointer of a node in it, the rules and a
//!   reason. It covers findings inside the node, the member's key included when the pointer
//!   ends at a member, so that `/resources/notify/properties/definition/States/Parked` covers
//!   the finding on the state's name.
//! - a state's `Comment`, which Zendesk documents as a property of every state and which ZIS
//!   does not act on: `"Comment": "zis-lint-ignore ZIS102: parked until the Slack app ships"`.
//!   It covers the state, its name and (for a Map state) its iterator. It moves and is renamed
//!   with the state, where a pointer would have to be edited.
//!
//! A suppression in a `Comment` that covers nothing, or that cannot be read, is reported here
//! (ZIS902). One in the configuration may name several files, so whoever checked them all says
//! whether it covered anything; [`Quieted::suppressions`] tells which did in this document.

use std::cell::Cell;
use std::sync::Arc;

use zis_syntax::{Parse, Str, TextRange, Value};

use crate::baseline::finding_text;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Bundle;
use crate::reported;
use crate::rule::Rule;
use crate::HashMap;

/// The word that starts a suppression in a state's `Comment`.
pub const COMMENT_DIRECTIVE: &str = "zis-lint-ignore";

/// What was not reported, for reports about the suppressions and the baseline themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quieted {
    /// The configuration's suppressions (their `index`) that covered a finding here.
    pub suppressions: Vec<usize>,
    /// Baseline entries (their `entry`) that accepted fewer findings here than they count, and
    /// by how many.
    pub unmatched: Vec<(usize, usize)>,
}

/// Removes from `diagnostics` what suppressions cover and what the baseline accepts, and adds a
/// finding for each suppression in a `Comment` that covers nothing.
pub(crate) fn quiet(
    text: &str,
    parse: &Parse,
    model: &Bundle,
    config: &Config,
    diagnostics: &mut Vec<Arc<Diagnostic>>,
) -> Quieted {
    let mut findings = Vec::new();
    let mut scopes = Vec::new();
    if let Some(root) = &parse.root {
        for suppression in &config.suppressions {
            if let Some(range) = pointed(root, &suppression.path) {
                let origin = Origin::Config(suppression.index);
                scopes.push(Scope::new(range, suppression.rules.clone(), origin));
            }
        }
    }
    let mut comments = Vec::new();
    for (_, state) in model.states() {
        let Some(comment) = state.object.get_str("Comment") else {
            continue;
        };
        if let Some(rules) = read_directive(comment, &mut findings) {
            let range = TextRange::new(state.name.range.start, state.object.range.end);
            scopes.push(Scope::new(range, rules, Origin::Comment(comments.len())));
            comments.push((comment.range, &state.name.value));
        }
    }
    let mut quieted = Quieted::default();
    if !scopes.is_empty() {
        let suppressing = Scopes::new(scopes);
        diagnostics.retain(|diagnostic| !suppressing.cover(diagnostic));
        for scope in &suppressing.scopes {
            for (&rule, used) in scope.rules.iter().zip(&scope.used) {
                match scope.origin {
                    Origin::Config(index) if used.get() => quieted.suppressions.push(index),
                    Origin::Comment(at) if !used.get() => {
                        let (range, state) = comments[at];
                        findings.push(unused_suppression(
                            range,
                            format!(
                                "this suppression covers nothing: state `{state}` has no {} ({}) finding; remove it from the `Comment`",
                                rule.code(),
                                rule.name()
                            ),
                        ));
                    }
                    _ => {}
                }
            }
        }
        quieted.suppressions.sort_unstable();
        quieted.suppressions.dedup();
    }
    diagnostics.extend(reported(config, findings));
    if !config.accepted.is_empty() {
        quieted.unmatched = accept(text, config, diagnostics);
    }
    quieted
}

/// A baseline entry, and how many findings it still accepts.
type Left = (usize, usize);

/// Removes the findings the baseline accepts; returns the entries that accepted fewer than they
/// count, and by how many.
fn accept(
    text: &str,
    config: &Config,
    diagnostics: &mut Vec<Arc<Diagnostic>>,
) -> Vec<(usize, usize)> {
    // Rule → text → the entries accepting it, each with how many findings it still accepts.
    let mut left: HashMap<Rule, HashMap<&str, Vec<Left>>> = HashMap::default();
    for accepted in &config.accepted {
        let texts = left.entry(accepted.rule).or_default();
        let entries = texts.entry(accepted.text.as_str()).or_default();
        entries.push((accepted.entry, accepted.count));
    }
    diagnostics.retain(|diagnostic| {
        let Some(texts) = left.get_mut(&diagnostic.rule) else {
            return true;
        };
        let found = finding_text(text, diagnostic.range);
        let Some(entries) = texts.get_mut(found.as_str()) else {
            return true;
        };
        match entries.iter_mut().find(|(_, count)| *count > 0) {
            Some((_, count)) => {
                *count -= 1;
                false
            }
            None => true,
        }
    });
    let mut unmatched: Vec<(usize, usize)> = left
        .into_values()
        .flat_map(HashMap::into_values)
        .flatten()
        .filter(|&(_, count)| count > 0)
        .collect();
    unmatched.sort_unstable();
    unmatched
}

/// Where a suppression is written.
#[derive(Clone, Copy, Debug)]
enum Origin {
    /// The configuration's `suppress`, at this index.
    Config(usize),
    /// A state's `Comment`.
    Comment(usize),
}

/// The node a suppression covers, and which of its rules covered a finding.
struct Scope {
    range: TextRange,
    rules: Vec<Rule>,
    used: Vec<Cell<bool>>,
    origin: Origin,
    /// The nearest scope around this one.
    parent: Option<usize>,
}

impl Scope {
    fn new(range: TextRange, rules: Vec<Rule>, origin: Origin) -> Scope {
        let used = vec![Cell::new(false); rules.len()];
        Scope {
            range,
            rules,
            used,
            origin,
            parent: None,
        }
    }
}

/// Suppressed nodes, looked up by position. Nodes of a JSON tree nest or stand apart, never
/// overlap, so those around a finding are a chain of parents: finding them costs the depth of
/// the chain, not the number of suppressions, however many there are.
struct Scopes {
    /// By start, the outer of two with one start first.
    scopes: Vec<Scope>,
}

impl Scopes {
    fn new(mut scopes: Vec<Scope>) -> Scopes {
        scopes.sort_by_key(|scope| (scope.range.start, std::cmp::Reverse(scope.range.end)));
        let mut open: Vec<usize> = Vec::new();
        for at in 0..scopes.len() {
            while let Some(&top) = open.last() {
                if scopes[top].range.covers(scopes[at].range) {
                    break;
                }
                open.pop();
            }
            scopes[at].parent = open.last().copied();
            open.push(at);
        }
        Scopes { scopes }
    }

    /// Whether a suppression covers `diagnostic`: the innermost that names its rule takes it.
    fn cover(&self, diagnostic: &Diagnostic) -> bool {
        let range = diagnostic.range;
        let after = self
            .scopes
            .partition_point(|scope| scope.range.start <= range.start);
        let mut next = after.checked_sub(1);
        while let Some(at) = next {
            let scope = &self.scopes[at];
            if scope.range.covers(range) {
                if let Some(by) = scope.rules.iter().position(|&r| r == diagnostic.rule) {
                    scope.used[by].set(true);
                    return true;
                }
            }
            next = scope.parent;
        }
        false
    }
}

/// The range of the node a JSON pointer names: a member from its key to the end of its value,
/// an item of an array, or the whole document for the empty pointer. With duplicate keys, the
/// last member counts, as everywhere else.
fn pointed(root: &Value, pointer: &str) -> Option<TextRange> {
    if pointer.is_empty() {
        return Some(root.range());
    }
    let mut node = root;
    let mut range = root.range();
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        match node {
            Value::Object(object) => {
                let member = object.member(&token)?;
                range = member.range();
                node = member.value.as_ref()?;
            }
            Value::Array(array) => {
                let at: usize = token
                    .parse()
                    .ok()
                    .filter(|_| token == "0" || !token.starts_with('0'))?;
                node = array.items.get(at)?;
                range = node.range();
            }
            _ => return None,
        }
    }
    Some(range)
}

trait Covers {
    fn covers(self, inner: TextRange) -> bool;
}

impl Covers for TextRange {
    fn covers(self, inner: TextRange) -> bool {
        self.start <= inner.start && inner.end <= self.end
    }
}

/// The suppression a `Comment` holds: `zis-lint-ignore RULE[, RULE…]: reason`. One that cannot
/// be read is reported in `findings`.
fn read_directive(comment: &Str, findings: &mut Vec<Diagnostic>) -> Option<Vec<Rule>> {
    let at = comment.value.find(COMMENT_DIRECTIVE)?;
    let rest = &comment.value[at + COMMENT_DIRECTIVE.len()..];
    let usage = format!("`{COMMENT_DIRECTIVE} ZIS102: why it is accepted`");
    let mut fail = |message: String| {
        findings.push(unused_suppression(comment.range, message));
        None
    };
    let Some((names, reason)) = rest.split_once(':') else {
        return fail(format!(
            "this suppression cannot be read: write {usage}, with the rules and a reason"
        ));
    };
    let names: Vec<&str> = names
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        return fail(format!("this suppression names no rule: write {usage}"));
    }
    if reason.trim().is_empty() {
        return fail(format!(
            "this suppression gives no reason after `:`: write {usage}"
        ));
    }
    let mut rules = Vec::new();
    for name in names {
        match Rule::find(name) {
            Some(rule) => rules.push(rule),
            None => return fail(format!("this suppression names `{name}`, which is no rule")),
        }
    }
    Some(rules)
}

fn unused_suppression(range: TextRange, message: String) -> Diagnostic {
    Diagnostic::new(Rule::UnusedSuppression, range, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Accepted, Suppression};
    use crate::ide::fixture::BUNDLE;
    use crate::{analyze, Severity};

    /// The fixture, whose Catch handler has no `ResultPath` (ZIS108), with an unreachable state
    /// `Parked` (ZIS102).
    fn bundle() -> String {
        BUNDLE.replace(
            "\"Done\": {\"Type\": \"Succeed\"},",
            "\"Done\": {\"Type\": \"Succeed\"},\n            \"Parked\": {\"Type\": \"Succeed\"},",
        )
    }

    fn codes(diagnostics: &[Arc<Diagnostic>]) -> Vec<&'static str> {
        diagnostics.iter().map(|d| d.rule.code()).collect()
    }

    fn suppression(index: usize, path: &str, rules: &[Rule]) -> Suppression {
        Suppression {
            index,
            file: Default::default(),
            path: path.into(),
            rules: rules.to_vec(),
            reason: "accepted".into(),
            range: TextRange::empty(0),
        }
    }

    #[test]
    fn a_suppression_covers_its_rules_inside_its_node() {
        let text = bundle();
        assert_eq!(
            codes(&analyze(&text, &Config::default()).diagnostics),
            ["ZIS108", "ZIS102"]
        );
        let states = "/resources/flow/properties/definition/States";
        let config = Config {
            suppressions: vec![
                // The state's name is inside the member the pointer names.
                suppression(0, &format!("{states}/Parked"), &[Rule::UnreachableState]),
                // Covers ZIS108's finding in `Fetch`, but not for this rule.
                suppression(1, &format!("{states}/Fetch"), &[Rule::UnusedResource]),
                suppression(2, "/nowhere", &[Rule::ResultPathOverwritesInput]),
            ],
            ..Config::default()
        };
        let analysis = analyze(&text, &config);
        assert_eq!(codes(&analysis.diagnostics), ["ZIS108"]);
        assert_eq!(analysis.quieted.suppressions, [0]);
        // The whole document, for every finding of the rule.
        let config = Config {
            suppressions: vec![suppression(4, "", &[Rule::ResultPathOverwritesInput])],
            ..Config::default()
        };
        let analysis = analyze(&text, &config);
        assert_eq!(codes(&analysis.diagnostics), ["ZIS102"]);
        assert_eq!(analysis.quieted.suppressions, [4]);
    }

    #[test]
    fn a_comment_suppresses_in_its_state_and_says_when_it_covers_nothing() {
        let text = bundle().replace(
            "\"Parked\": {\"Type\": \"Succeed\"}",
            "\"Parked\": {\"Type\": \"Succeed\", \"Comment\": \"Later. zis-lint-ignore ZIS102, ZIS101: parked\"}",
        );
        let analysis = analyze(&text, &Config::default());
        let found: Vec<(&str, Severity, &str)> = analysis
            .diagnostics
            .iter()
            .map(|d| (d.rule.code(), d.severity, &text[d.range.as_usize()]))
            .collect();
        assert_eq!(
            found,
            [
                ("ZIS108", Severity::Warning, "\"ErrorEquals\""),
                (
                    "ZIS902",
                    Severity::Hint,
                    "\"Later. zis-lint-ignore ZIS102, ZIS101: parked\""
                ),
            ]
        );
        assert!(analysis.diagnostics[1]
            .message
            .contains("no ZIS101 (unknown-state) finding"));
        let off = Config::from_json(r#"{"rules": {"unused-suppression": "off"}}"#).unwrap();
        assert_eq!(codes(&analyze(&text, &off).diagnostics), ["ZIS108"]);
    }

    #[test]
    fn the_baseline_accepts_by_rule_and_text_however_the_lines_move() {
        let text = bundle();
        let accepted = |rule, text: &str, count| Accepted {
            entry: rule as usize,
            rule,
            text: text.into(),
            count,
        };
        let config = Config {
            accepted: vec![
                accepted(Rule::UnreachableState, "\"Parked\"", 2),
                accepted(Rule::UnknownState, "\"Other\"", 1),
            ],
            ..Config::default()
        };
        let moved = text.replace(
            "\"name\": \"demo\",",
            "\"name\": \"demo\",\n\n\n  \"description\": \"moved\",",
        );
        for text in [&text, &moved] {
            let analysis = analyze(text, &config);
            assert_eq!(codes(&analysis.diagnostics), ["ZIS108"]);
            assert_eq!(
                analysis.quieted.unmatched,
                [
                    (Rule::UnknownState as usize, 1),
                    (Rule::UnreachableState as usize, 1)
                ]
            );
        }
    }

    #[test]
    fn a_pointer_names_a_member_with_its_key_an_item_or_the_whole() {
        let text = r#"{"a": {"b/c": [10, {"~d": 2}]}, "e": 3}"#;
        let root = zis_syntax::parse(text).root.unwrap();
        let shown = |pointer| pointed(&root, pointer).map(|range| &text[range.as_usize()]);
        assert_eq!(shown(""), Some(text));
        assert_eq!(shown("/e"), Some("\"e\": 3"));
        assert_eq!(shown("/a/b~1c/0"), Some("10"));
        assert_eq!(shown("/a/b~1c/1/~0d"), Some("\"~d\": 2"));
        assert_eq!(shown("/a/b~1c/01"), None, "no leading zeros");
        assert_eq!(shown("/a/x"), None);
        assert_eq!(shown("/e/f"), None);
        assert_eq!(shown("e"), None);
    }
}
