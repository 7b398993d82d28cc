//! The `zis-lint.json` configuration, shared by the CLI and the language server.
//!
//! Finding the file is the caller's business (it needs IO); this module only reads its text.

use std::collections::HashMap;
use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use zis_syntax::{ColumnUnit, LineIndex, TextRange, Value};

use crate::diagnostic::Severity;
use crate::rule::Rule;

pub const CONFIG_FILE_NAME: &str = "zis-lint.json";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The integration key references should use; inferred from the bundle when absent.
    pub integration: Option<String>,
    /// Rules whose severity the user changed; `None` turns the rule off.
    pub severities: HashMap<Rule, Option<Severity>>,
    /// Files not to lint.
    pub ignore: Ignore,
}

/// The `ignore` globs, compiled. They match paths relative to the configuration file's folder;
/// `*` stays within one folder, as in .gitignore, and `**` crosses folders.
#[derive(Clone, Debug)]
pub struct Ignore {
    patterns: Vec<String>,
    globs: GlobSet,
}

impl Default for Ignore {
    fn default() -> Ignore {
        Ignore {
            patterns: Vec::new(),
            globs: GlobSet::empty(),
        }
    }
}

/// Two sets of globs are the same when they were written the same.
impl PartialEq for Ignore {
    fn eq(&self, other: &Ignore) -> bool {
        self.patterns == other.patterns
    }
}

impl Ignore {
    /// The globs compiled; `Err` names the first pattern that is no glob, by its index.
    fn new(patterns: Vec<String>) -> Result<Ignore, (usize, String)> {
        let mut globs = GlobSetBuilder::new();
        for (at, pattern) in patterns.iter().enumerate() {
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|err| (at, format!("in `ignore`: {err}")))?;
            globs.add(glob);
        }
        let globs = globs
            .build()
            .map_err(|err| (0, format!("in `ignore`: {err}")))?;
        Ok(Ignore { patterns, globs })
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Whether `relative` (a path below the configuration file's folder) or a folder it sits
    /// in matches, so that `"mocks"` leaves out everything below `mocks/` as `"mocks/**"` does.
    pub fn matches(&self, relative: &Path) -> bool {
        relative
            .ancestors()
            .take_while(|part| !part.as_os_str().is_empty())
            .any(|part| self.globs.is_match(part))
    }
}

/// What is wrong with a configuration, and where: every fault has a place in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in Unicode characters as the CLI counts columns.
    pub column: usize,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl ConfigError {
    fn at(text: &str, range: TextRange, message: String) -> ConfigError {
        let at = LineIndex::new(text).line_col(text, range.start, ColumnUnit::Char);
        ConfigError {
            message,
            line: at.line as usize + 1,
            column: at.col as usize + 1,
        }
    }
}

const FIELDS: &str = "`$schema`, `integration`, `rules`, `ignore`";

impl Config {
    /// Reads a configuration. It is read with the bundle parser, so that every fault, a
    /// severity or rule code as much as a syntax error, is reported at its place.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let fault = |range: TextRange, message: String| ConfigError::at(text, range, message);
        let parse = zis_syntax::parse(text);
        // JSONC extensions and duplicate keys are refused as serde_json would.
        if let Some(error) = parse.errors.first() {
            return Err(fault(error.range, error.message.clone()));
        }
        let root = parse.root.as_ref();
        let Some(object) = root.and_then(Value::as_object) else {
            let range = root.map_or(TextRange::empty(0), Value::range);
            return Err(fault(range, "a configuration is a JSON object".to_string()));
        };
        let mut config = Config::default();
        for member in &object.members {
            // A member without a value is a syntax error, reported above.
            let Some(value) = &member.value else { continue };
            let expected = |what: &str| {
                fault(
                    value.range(),
                    format!(
                        "`{}` must be {what}, not {}",
                        member.key.value,
                        value.type_name()
                    ),
                )
            };
            match member.key.value.as_str() {
                "$schema" => {
                    value.as_str().ok_or_else(|| expected("a string"))?;
                }
                "integration" => {
                    let key = value.as_str().ok_or_else(|| expected("a string"))?;
                    if !crate::reference::is_valid_integration_key(&key.value) {
                        return Err(fault(key.range, format!(
                            "`integration` must be 1 to 64 characters of a-z, 0-9, `_` and `-`, not `{}`",
                            key.value
                        )));
                    }
                    config.integration = Some(key.value.clone());
                }
                "rules" => {
                    let rules = value.as_object().ok_or_else(|| expected("an object"))?;
                    for rule in &rules.members {
                        let name = &rule.key.value;
                        let found = Rule::find(name).ok_or_else(|| fault(rule.key.range, format!(
                            "unknown rule `{name}` in `rules`: use a code such as `ZIS406` or a name such as `unused-resource`"
                        )))?;
                        let Some(level) = &rule.value else { continue };
                        let not_a_level = |shown: String| {
                            fault(level.range(), format!(
                            "rule `{name}`: {shown} is not a level; use `error`, `warning`, `info`, `hint` or `off`"
                        ))
                        };
                        let written = level
                            .as_str()
                            .ok_or_else(|| not_a_level(level.type_name().to_string()))?;
                        let severity = match written.value.as_str() {
                            "off" => None,
                            other => Some(
                                Severity::parse(other)
                                    .ok_or_else(|| not_a_level(format!("`{other}`")))?,
                            ),
                        };
                        config.severities.insert(found, severity);
                    }
                }
                "ignore" => {
                    let items = value.as_array().ok_or_else(|| expected("an array"))?;
                    let mut patterns = Vec::new();
                    for item in &items.items {
                        let pattern = item.as_str().ok_or_else(|| {
                            fault(
                                item.range(),
                                format!("`ignore` holds glob strings, not {}", item.type_name()),
                            )
                        })?;
                        patterns.push(pattern.value.clone());
                    }
                    config.ignore = Ignore::new(patterns)
                        .map_err(|(at, message)| fault(items.items[at].range(), message))?;
                }
                other => {
                    return Err(fault(
                        member.key.range,
                        format!("unknown field `{other}`, expected one of {FIELDS}"),
                    ))
                }
            }
        }
        Ok(config)
    }

    /// Whether the rule runs at all: `"off"` keeps every finding of it from showing.
    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.severities.get(&rule) != Some(&None)
    }

    /// The severity a diagnostic of `rule` is shown at, or `None` when the rule is off.
    /// A diagnostic that its rule already lowered below the default (an unconfirmed fact) is
    /// never raised by the configuration above the configured level.
    pub fn effective_severity(&self, rule: Rule, emitted: Severity) -> Option<Severity> {
        match self.severities.get(&rule) {
            None => Some(emitted),
            Some(None) => None,
            Some(Some(configured)) if emitted < rule.default_severity() => {
                Some(emitted.min(*configured))
            }
            Some(Some(configured)) => Some(*configured),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_names_and_levels() {
        let config = Config::from_json(
            r#"{"integration": "acme", "rules": {"ZIS406": "off", "unreachable-state": "warning"}, "ignore": ["mocks/**"]}"#,
        )
        .unwrap();
        assert_eq!(config.integration.as_deref(), Some("acme"));
        assert_eq!(config.severities[&Rule::UnusedResource], None);
        assert_eq!(
            config.severities[&Rule::UnreachableState],
            Some(Severity::Warning)
        );
        assert_eq!(config.ignore.patterns(), ["mocks/**"]);
    }

    #[test]
    fn ignore_matches_a_file_or_a_folder_it_sits_in() {
        let config = Config::from_json(r#"{"ignore": ["mocks", "*.draft.json"]}"#).unwrap();
        let ignored = |path: &str| config.ignore.matches(Path::new(path));
        assert!(ignored("mocks/bundle.json"));
        assert!(ignored("mocks/deep/bundle.json"));
        assert!(ignored("flow.draft.json"));
        assert!(
            !ignored("flows/flow.draft.json"),
            "`*` stays within one folder"
        );
        assert!(!ignored("flows/bundle.json"));
        let err = Config::from_json(r#"{"ignore": ["a[b"]}"#).unwrap_err();
        assert!(err.message.starts_with("in `ignore`: "), "{err}");
        assert_eq!((err.line, err.column), (1, 13));
    }

    #[test]
    fn names_the_fault_and_its_place() {
        let fault = |text: &str| {
            let err = Config::from_json(text).unwrap_err();
            (err.line, err.column, err.message)
        };
        let (line, column, message) = fault("{\"rules\": {\n  \"ZIS999\": \"off\"}}");
        assert_eq!((line, column), (2, 3));
        assert!(message.starts_with("unknown rule `ZIS999`"), "{message}");
        assert_eq!(
            fault("{\"rules\": {\"ZIS406\": \"of\"}}"),
            (
                1,
                22,
                "rule `ZIS406`: `of` is not a level; use `error`, `warning`, `info`, `hint` or `off`"
                    .to_string()
            )
        );
        let (.., message) = fault("{\"rules\": {\"ZIS406\": 2}}");
        assert!(
            message.starts_with("rule `ZIS406`: a number is not a level"),
            "{message}"
        );
        let (line, column, message) = fault("{\"integration\": \"Acme\"}");
        assert_eq!((line, column), (1, 17));
        assert!(message.contains("not `Acme`"), "{message}");
        let (line, column, message) = fault("{\n  \"rulez\": {}\n}");
        assert_eq!((line, column), (2, 3));
        assert_eq!(
            message,
            "unknown field `rulez`, expected one of `$schema`, `integration`, `rules`, `ignore`"
        );
        let (line, column, _) = fault("{\n  \"ignore\": [\"ok\", \"a[b\"]\n}");
        assert_eq!((line, column), (2, 20));
        let (line, column, _) = fault("{\n  \"rules\": {} // note\n}");
        assert_eq!((line, column), (2, 15));
        assert_eq!(fault("[]").2, "a configuration is a JSON object");
        let (line, ..) = fault("{\n\n");
        assert!(line >= 1);
    }

    #[test]
    fn lowered_findings_stay_lowered() {
        let config = Config::from_json(r#"{"rules": {"unknown-event-type": "error"}}"#).unwrap();
        assert_eq!(
            config.effective_severity(Rule::UnknownEventType, Severity::Hint),
            Some(Severity::Hint)
        );
        let config = Config::from_json(r#"{"rules": {"unknown-event-type": "warning"}}"#).unwrap();
        assert_eq!(
            config.effective_severity(Rule::UnknownEventType, Severity::Error),
            Some(Severity::Warning)
        );
    }
}
