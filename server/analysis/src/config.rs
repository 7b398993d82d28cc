//! The `zis-lint.json` configuration, shared by the CLI and the language server.
//!
//! Finding the file is the caller's business (it needs IO); this module only reads its text.

use std::collections::HashMap;
use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::rules::Rule;

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
    fn new(patterns: Vec<String>) -> Result<Ignore, String> {
        let mut globs = GlobSetBuilder::new();
        for pattern in &patterns {
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|err| format!("in `ignore`: {err}"))?;
            globs.add(glob);
        }
        let globs = globs.build().map_err(|err| format!("in `ignore`: {err}"))?;
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(rename = "$schema")]
    _schema: Option<String>,
    integration: Option<String>,
    #[serde(default)]
    rules: HashMap<String, String>,
    #[serde(default)]
    ignore: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    /// 1-based, when the fault has a place in the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "{} (line {line}, column {column})", self.message)
            }
            _ => f.write_str(&self.message),
        }
    }
}

impl Config {
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = serde_json::from_str(text).map_err(|err| {
            let (line, column) = (err.line(), err.column());
            // serde_json ends its messages with the position, which has fields of its own here.
            let message = err.to_string();
            let message = message
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&message)
                .to_string();
            ConfigError {
                message,
                line: Some(line).filter(|&l| l > 0),
                column: Some(column).filter(|&c| c > 0),
            }
        })?;
        let error = |message: String| ConfigError {
            message,
            line: None,
            column: None,
        };
        if let Some(key) = &raw.integration {
            if !crate::reference::is_valid_integration_key(key) {
                return Err(error(format!(
                    "`integration` must be 1 to 64 characters of a-z, 0-9, `_` and `-`, not `{key}`"
                )));
            }
        }
        let mut severities = HashMap::new();
        for (rule_name, level) in raw.rules {
            let rule = Rule::find(&rule_name).ok_or_else(|| {
                error(format!(
                    "unknown rule `{rule_name}` in `rules`: use a code such as `ZIS406` or a name such as `unused-resource`"
                ))
            })?;
            let severity = match level.as_str() {
                "off" => None,
                other => Some(Severity::parse(other).ok_or_else(|| {
                    error(format!(
                        "rule `{rule_name}`: `{other}` is not a level; use `error`, `warning`, `info`, `hint` or `off`"
                    ))
                })?),
            };
            severities.insert(rule, severity);
        }
        Ok(Config {
            integration: raw.integration,
            severities,
            ignore: Ignore::new(raw.ignore).map_err(error)?,
        })
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
    }

    #[test]
    fn names_the_fault() {
        let err = Config::from_json(r#"{"rules": {"ZIS999": "off"}}"#).unwrap_err();
        assert!(err.message.starts_with("unknown rule `ZIS999`"), "{err}");
        let err = Config::from_json(r#"{"rules": {"ZIS406": "loud"}}"#).unwrap_err();
        assert_eq!(
            err.message,
            "rule `ZIS406`: `loud` is not a level; use `error`, `warning`, `info`, `hint` or `off`"
        );
        let err = Config::from_json(r#"{"integration": "Acme"}"#).unwrap_err();
        assert!(err.message.contains("not `Acme`"), "{err}");
        let err = Config::from_json("{\n  \"rulez\": {}\n}").unwrap_err();
        assert!(err.message.starts_with("unknown field `rulez`"), "{err}");
        assert!(!err.message.contains("line 2"), "{err}");
        assert_eq!(err.line, Some(2));
        let err = Config::from_json("{").unwrap_err();
        assert!(err.line.is_some());
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
