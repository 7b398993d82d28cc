//! Baselines: the findings a team has accepted, so that only new ones are reported.
//!
//! `zis-lint check --write-baseline zis-lint-baseline.json` writes one:
//!
//! ```json
//! {
//!   "zis-lint-baseline": 1,
//!   "findings": [
//!     {"file": "flows/notify.json", "rule": "ZIS101", "text": "\"TagTicekt\""},
//!     {"file": "flows/notify.json", "rule": "ZIS406", "text": "\"legacy_action\"", "count": 2}
//!   ]
//! }
//! ```
//!
//! A finding is recorded by its file (relative to the baseline file's folder, with `/`), its
//! rule and the text it points at, never by line: editing above it does not make it new. The
//! text is the source of the finding's range with each run of white space made one space, cut
//! to [`MAX_TEXT_CHARS`] characters, so that re-indenting does not make it new either. Findings
//! alike in all three are one entry with a `count`. Entries are sorted by file, rule and text,
//! one to a line: the file changes by lines added and removed, and the same findings always
//! give the same file.
//!
//! Reading and writing the text is pure; finding the file and the paths in it is the caller's.

use std::collections::HashMap;

use zis_syntax::{TextRange, Value};

use crate::config::{Accepted, ConfigError};
use crate::rule::Rule;

/// The key that says what the file is, and the version of its format.
pub const FORMAT_KEY: &str = "zis-lint-baseline";
const FORMAT_VERSION: u64 = 1;

/// The most characters of a finding's text that a baseline keeps.
pub const MAX_TEXT_CHARS: usize = 120;

/// A baseline as read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Baseline {
    pub entries: Vec<Entry>,
    /// File → its entries, by index.
    by_file: HashMap<String, Vec<usize>>,
}

/// One entry: `count` findings of `rule` at `text` in `file`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub file: String,
    pub rule: Rule,
    pub text: String,
    pub count: usize,
    /// Where the entry is written in the baseline file, for reports about it.
    pub range: TextRange,
}

/// One finding to record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub file: String,
    pub rule: Rule,
    pub text: String,
}

/// The text a finding at `range` of `source` points at, as a baseline records it.
pub fn finding_text(source: &str, range: TextRange) -> String {
    let start = floor_char_boundary(source, range.start as usize);
    let end = floor_char_boundary(source, range.end as usize).max(start);
    let mut text = String::new();
    let mut chars = 0;
    for word in source[start..end].split_whitespace() {
        if !text.is_empty() {
            text.push(' ');
            chars += 1;
        }
        text.push_str(word);
        chars += word.chars().count();
        if chars >= MAX_TEXT_CHARS {
            break;
        }
    }
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((cut, _)) => text[..cut].to_string(),
        None => text,
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl Baseline {
    /// Reads a baseline file; every fault is reported at its place.
    pub fn from_json(text: &str) -> Result<Baseline, ConfigError> {
        let fault = |range: TextRange, message: &str| ConfigError::at(text, range, message.into());
        let parse = zis_syntax::parse(text);
        if let Some(error) = parse.errors.first() {
            return Err(fault(error.range, &error.message));
        }
        let root = parse.root.as_ref();
        let object = root.and_then(Value::as_object).ok_or_else(|| {
            let range = root.map_or(TextRange::empty(0), Value::range);
            fault(range, "a baseline is a JSON object")
        })?;
        let version = object.get(FORMAT_KEY).and_then(Value::as_number);
        if version.is_none_or(|version| version.value != FORMAT_VERSION as f64) {
            return Err(fault(
                object.range,
                &format!(
                    "not a baseline of this version of zis-lint: it needs `\"{FORMAT_KEY}\": {FORMAT_VERSION}`; write it again with `--write-baseline`"
                ),
            ));
        }
        let findings = object
            .get_array("findings")
            .ok_or_else(|| fault(object.range, "a baseline needs `findings`, an array"))?;
        let mut baseline = Baseline::default();
        for item in &findings.items {
            let entry = item
                .as_object()
                .ok_or_else(|| fault(item.range(), "each finding is an object"))?;
            let string = |key: &str| {
                entry.get_str(key).map(|s| s.value.clone()).ok_or_else(|| {
                    fault(entry.range, &format!("a finding needs `{key}`, a string"))
                })
            };
            let code = string("rule")?;
            let rule = Rule::find(&code).ok_or_else(|| {
                let range = entry.get("rule").map_or(entry.range, Value::range);
                fault(range, &format!("`{code}` is not a rule"))
            })?;
            let count = match entry.get("count") {
                None => 1,
                Some(Value::Number(number)) if number.is_integer_literal && number.value >= 1.0 => {
                    number.value as usize
                }
                Some(other) => {
                    return Err(fault(other.range(), "`count` is a whole number from 1"));
                }
            };
            let file = string("file")?;
            baseline
                .by_file
                .entry(file.to_string())
                .or_default()
                .push(baseline.entries.len());
            baseline.entries.push(Entry {
                file: file.into(),
                rule,
                text: string("text")?.into(),
                count,
                range: entry.range,
            });
        }
        Ok(baseline)
    }

    /// What the baseline accepts in `file` (as its entries name it).
    pub fn accepted(&self, file: &str) -> Vec<Accepted> {
        let indices = self.by_file.get(file).map_or(&[][..], Vec::as_slice);
        indices
            .iter()
            .map(|&entry| {
                let found = &self.entries[entry];
                Accepted {
                    entry,
                    rule: found.rule,
                    text: found.text.clone(),
                    count: found.count,
                }
            })
            .collect()
    }

    /// Whether an entry names `file`.
    pub fn names(&self, file: &str) -> bool {
        self.by_file.contains_key(file)
    }
}

/// The text of a baseline holding `findings`, in their sorted order.
pub fn render(findings: impl IntoIterator<Item = Finding>) -> String {
    let mut findings: Vec<Finding> = findings.into_iter().collect();
    findings
        .sort_by(|a, b| (&a.file, a.rule.code(), &a.text).cmp(&(&b.file, b.rule.code(), &b.text)));
    let mut lines: Vec<String> = Vec::new();
    let mut at = 0;
    while at < findings.len() {
        let finding = &findings[at];
        let count = findings[at..].iter().take_while(|f| *f == finding).count();
        let json = |text: &str| serde_json::Value::from(text).to_string();
        let mut line = format!(
            "    {{\"file\": {}, \"rule\": {}, \"text\": {}",
            json(&finding.file),
            json(finding.rule.code()),
            json(&finding.text)
        );
        if count > 1 {
            line.push_str(&format!(", \"count\": {count}"));
        }
        line.push('}');
        lines.push(line);
        at += count;
    }
    let body = if lines.is_empty() {
        String::new()
    } else {
        format!("\n{}\n  ", lines.join(",\n"))
    };
    format!("{{\n  \"{FORMAT_KEY}\": {FORMAT_VERSION},\n  \"findings\": [{body}]\n}}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: &str, rule: Rule, text: &str) -> Finding {
        Finding {
            file: file.into(),
            rule,
            text: text.into(),
        }
    }

    #[test]
    fn writes_sorted_lines_with_counts_and_reads_them_back() {
        let text = render([
            finding("b.json", Rule::UnknownState, "\"Don\""),
            finding("a.json", Rule::UnusedResource, "\"x\""),
            finding("a.json", Rule::UnknownState, "\"Fali\""),
            finding("a.json", Rule::UnusedResource, "\"x\""),
        ]);
        assert_eq!(
            text,
            r#"{
  "zis-lint-baseline": 1,
  "findings": [
    {"file": "a.json", "rule": "ZIS101", "text": "\"Fali\""},
    {"file": "a.json", "rule": "ZIS406", "text": "\"x\"", "count": 2},
    {"file": "b.json", "rule": "ZIS101", "text": "\"Don\""}
  ]
}
"#
        );
        let baseline = Baseline::from_json(&text).unwrap();
        assert_eq!(baseline.entries.len(), 3);
        let accepted = baseline.accepted("a.json");
        assert_eq!(
            accepted
                .iter()
                .map(|a| (a.entry, a.rule, a.text.as_str(), a.count))
                .collect::<Vec<_>>(),
            [
                (0, Rule::UnknownState, "\"Fali\"", 1),
                (1, Rule::UnusedResource, "\"x\"", 2)
            ]
        );
        assert!(baseline.accepted("c.json").is_empty());
        assert_eq!(
            render([]),
            "{\n  \"zis-lint-baseline\": 1,\n  \"findings\": []\n}\n"
        );
        assert_eq!(Baseline::from_json(&render([])).unwrap().entries, []);
    }

    #[test]
    fn the_text_of_a_finding_ignores_layout_and_is_bounded() {
        let source = "{\n  \"a\":\t[1,\n     2]\n}";
        let range = TextRange::new(4, source.len() as u32 - 2);
        assert_eq!(finding_text(source, range), "\"a\": [1, 2]");
        let long = format!("\"{}é\"", "x".repeat(200));
        let text = finding_text(&long, TextRange::new(0, long.len() as u32));
        assert_eq!(text.chars().count(), MAX_TEXT_CHARS);
        // A range past the end, or inside a character, is read from that character on.
        assert_eq!(finding_text("aé", TextRange::new(2, 9)), "é");
    }

    #[test]
    fn names_each_fault_at_its_place() {
        let fault = |text: &str| Baseline::from_json(text).unwrap_err();
        assert!(fault("[]").message.contains("a JSON object"));
        assert!(fault("{\"findings\": []}")
            .message
            .contains("not a baseline"));
        let err = fault(
            "{\"zis-lint-baseline\": 1, \"findings\": [\n{\"file\": \"a\", \"rule\": \"ZIS999\", \"text\": \"\"}]}",
        );
        assert_eq!((err.line, err.column), (2, 23));
        assert_eq!(err.message, "`ZIS999` is not a rule");
        let err = fault(
            "{\"zis-lint-baseline\": 1, \"findings\": [{\"file\": \"a\", \"rule\": \"ZIS101\", \"text\": \"\", \"count\": 0}]}",
        );
        assert_eq!(err.message, "`count` is a whole number from 1");
    }
}
