//! The `zis-lint.json` configuration, shared by the CLI and the language server.
//!
//! Finding the file is the caller's business (it needs IO); this module only reads its text.

use std::collections::HashMap;
use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use zis_syntax::{ColumnUnit, LineIndex, Str, TextRange, Value};

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
    pub ignore: Globs,
    /// `overrides`: settings for some files, later entries winning. [`Config::for_file`] applies
    /// them.
    pub overrides: Vec<Override>,
    /// `suppress`: findings not to report, by file and JSON pointer.
    pub suppressions: Vec<Suppression>,
    /// `baseline`: the baseline file, as written (relative to the configuration's folder).
    pub baseline: Option<String>,
    /// The findings of one document that a baseline accepts. Not part of the file: whoever read
    /// the baseline fills it in for each document (see [`crate::baseline`]).
    pub accepted: Vec<Accepted>,
}

/// One entry of `overrides`.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    pub files: Globs,
    pub integration: Option<String>,
    pub severities: HashMap<Rule, Option<Severity>>,
}

/// One entry of `suppress`: findings of `rules` inside the node at `path` of the files `file`
/// names are not reported.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    /// Its place in `suppress`, which stays the same in the configuration of each file.
    pub index: usize,
    /// The file or files, a glob relative to the configuration's folder.
    pub file: Globs,
    /// The JSON pointer (RFC 6901) of the node, as written.
    pub path: String,
    pub rules: Vec<Rule>,
    pub reason: String,
    /// Where the entry is written in the configuration, for reports about it.
    pub range: TextRange,
}

/// Findings of one rule at one text that a baseline accepts, in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// Its entry in the baseline file.
    pub entry: usize,
    pub rule: Rule,
    /// The text the findings point at, as [`crate::baseline::finding_text`] gives it.
    pub text: String,
    pub count: usize,
}

/// Compiled globs. They match paths relative to the configuration file's folder; `*` stays
/// within one folder, as in .gitignore, and `**` crosses folders.
#[derive(Clone, Debug)]
pub struct Globs {
    patterns: Vec<String>,
    globs: GlobSet,
}

impl Default for Globs {
    fn default() -> Globs {
        Globs {
            patterns: Vec::new(),
            globs: GlobSet::empty(),
        }
    }
}

/// Two sets of globs are the same when they were written the same.
impl PartialEq for Globs {
    fn eq(&self, other: &Globs) -> bool {
        self.patterns == other.patterns
    }
}

impl Globs {
    /// The globs compiled; `Err` names the first pattern that is no glob, by its index.
    fn new(patterns: Vec<String>, field: &str) -> Result<Globs, (usize, String)> {
        let mut globs = GlobSetBuilder::new();
        for (at, pattern) in patterns.iter().enumerate() {
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|err| (at, format!("in `{field}`: {err}")))?;
            globs.add(glob);
        }
        let globs = globs
            .build()
            .map_err(|err| (0, format!("in `{field}`: {err}")))?;
        Ok(Globs { patterns, globs })
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

    /// Whether every pattern names one path, with no wildcard: such a pattern that matches no
    /// file names a file that is gone.
    pub fn is_literal(&self) -> bool {
        self.patterns
            .iter()
            .all(|pattern| !pattern.contains(['*', '?', '[', '{', '\\']))
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
    pub(crate) fn at(text: &str, range: TextRange, message: String) -> ConfigError {
        let at = LineIndex::new(text).line_col(text, range.start, ColumnUnit::Char);
        ConfigError {
            message,
            line: at.line as usize + 1,
            column: at.col as usize + 1,
        }
    }
}

const FIELDS: &str =
    "`$schema`, `integration`, `rules`, `ignore`, `overrides`, `suppress`, `baseline`";
const OVERRIDE_FIELDS: &str = "`files`, `rules`, `integration`";
const SUPPRESSION_FIELDS: &str = "`file`, `path`, `rules`, `reason`";

/// Reads the parts of a configuration, each fault reported at its place.
struct Reader<'a> {
    text: &'a str,
}

impl Reader<'_> {
    fn fault(&self, range: TextRange, message: String) -> ConfigError {
        ConfigError::at(self.text, range, message)
    }

    /// `value`, which must be of the kind `as_kind` picks, or a fault naming `what` it must be.
    fn expect<'v, T>(
        &self,
        key: &str,
        value: &'v Value,
        what: &str,
        as_kind: impl Fn(&'v Value) -> Option<T>,
    ) -> Result<T, ConfigError> {
        as_kind(value).ok_or_else(|| {
            self.fault(
                value.range(),
                format!("`{key}` must be {what}, not {}", value.type_name()),
            )
        })
    }

    fn string<'v>(&self, key: &str, value: &'v Value) -> Result<&'v Str, ConfigError> {
        self.expect(key, value, "a string", Value::as_str)
    }

    fn integration(&self, value: &Value) -> Result<String, ConfigError> {
        let key = self.string("integration", value)?;
        if !crate::reference::is_valid_integration_key(&key.value) {
            return Err(self.fault(
                key.range,
                format!(
                    "`integration` must be 1 to 64 characters of a-z, 0-9, `_` and `-`, not `{}`",
                    key.value
                ),
            ));
        }
        Ok(key.value.to_string())
    }

    fn rule(&self, field: &str, name: &Str) -> Result<Rule, ConfigError> {
        Rule::find(&name.value).ok_or_else(|| {
            self.fault(
                name.range,
                format!(
                    "unknown rule `{}` in `{field}`: use a code such as `ZIS406` or a name such as `unused-resource`",
                    name.value
                ),
            )
        })
    }

    fn severities(&self, value: &Value) -> Result<HashMap<Rule, Option<Severity>>, ConfigError> {
        let rules = self.expect("rules", value, "an object", Value::as_object)?;
        let mut severities = HashMap::new();
        for rule in &rules.members {
            let name = &rule.key.value;
            let found = self.rule("rules", &rule.key)?;
            let Some(level) = &rule.value else { continue };
            let not_a_level = |shown: String| {
                self.fault(level.range(), format!(
                    "rule `{name}`: {shown} is not a level; use `error`, `warning`, `info`, `hint` or `off`"
                ))
            };
            let written = level
                .as_str()
                .ok_or_else(|| not_a_level(level.type_name().to_string()))?;
            let severity = match written.value.as_str() {
                "off" => None,
                other => {
                    Some(Severity::parse(other).ok_or_else(|| not_a_level(format!("`{other}`")))?)
                }
            };
            severities.insert(found, severity);
        }
        Ok(severities)
    }

    /// An array of glob strings.
    fn globs(&self, field: &str, value: &Value) -> Result<Globs, ConfigError> {
        let items = self.expect(field, value, "an array", Value::as_array)?;
        let mut patterns = Vec::new();
        for item in &items.items {
            let pattern = item.as_str().ok_or_else(|| {
                self.fault(
                    item.range(),
                    format!("`{field}` holds glob strings, not {}", item.type_name()),
                )
            })?;
            patterns.push(pattern.value.to_string());
        }
        Globs::new(patterns, field)
            .map_err(|(at, message)| self.fault(items.items[at].range(), message))
    }

    /// The members of an entry of `field`, each checked against `known`.
    fn entry<'v>(
        &self,
        field: &str,
        item: &'v Value,
        known: &str,
    ) -> Result<Vec<(&'v Str, &'v Value)>, ConfigError> {
        let object = item.as_object().ok_or_else(|| {
            self.fault(
                item.range(),
                format!("`{field}` holds objects, not {}", item.type_name()),
            )
        })?;
        let mut members = Vec::new();
        for member in &object.members {
            if !known.contains(&format!("`{}`", member.key.value)) {
                return Err(self.fault(
                    member.key.range,
                    format!(
                        "unknown field `{}` in an entry of `{field}`, expected one of {known}",
                        member.key.value
                    ),
                ));
            }
            if let Some(value) = &member.value {
                members.push((&member.key, value));
            }
        }
        Ok(members)
    }

    fn overrides(&self, value: &Value) -> Result<Vec<Override>, ConfigError> {
        let items = self.expect("overrides", value, "an array", Value::as_array)?;
        let mut overrides = Vec::new();
        for item in &items.items {
            let mut entry = Override {
                files: Globs::default(),
                integration: None,
                severities: HashMap::new(),
            };
            let mut has_files = false;
            for (key, value) in self.entry("overrides", item, OVERRIDE_FIELDS)? {
                match key.value.as_str() {
                    "files" => {
                        entry.files = self.globs("files", value)?;
                        has_files = !entry.files.patterns().is_empty();
                    }
                    "rules" => entry.severities = self.severities(value)?,
                    _ => entry.integration = Some(self.integration(value)?),
                }
            }
            if !has_files {
                return Err(self.fault(
                    item.range(),
                    "an entry of `overrides` needs `files`: the globs of the files it is for"
                        .to_string(),
                ));
            }
            overrides.push(entry);
        }
        Ok(overrides)
    }

    fn suppressions(&self, value: &Value) -> Result<Vec<Suppression>, ConfigError> {
        let items = self.expect("suppress", value, "an array", Value::as_array)?;
        let mut suppressions = Vec::new();
        for (index, item) in items.items.iter().enumerate() {
            let (mut file, mut path, mut rules, mut reason) = (None, None, Vec::new(), None);
            for (key, value) in self.entry("suppress", item, SUPPRESSION_FIELDS)? {
                match key.value.as_str() {
                    "file" => {
                        let pattern = self.string("file", value)?;
                        let glob = Globs::new(vec![pattern.value.to_string()], "file")
                            .map_err(|(_, message)| self.fault(pattern.range, message))?;
                        file = Some(glob);
                    }
                    "path" => {
                        let pointer = self.string("path", value)?;
                        if !(pointer.value.is_empty() || pointer.value.starts_with('/')) {
                            return Err(self.fault(
                                pointer.range,
                                format!(
                                    "`path` is a JSON pointer such as `/resources/notify/properties`, starting with `/`; not `{}`",
                                    pointer.value
                                ),
                            ));
                        }
                        path = Some(pointer.value.clone());
                    }
                    "rules" => {
                        let names = self.expect("rules", value, "an array", Value::as_array)?;
                        for name in &names.items {
                            let name = name.as_str().ok_or_else(|| {
                                self.fault(
                                    name.range(),
                                    format!(
                                        "`rules` holds rule codes or names, not {}",
                                        name.type_name()
                                    ),
                                )
                            })?;
                            rules.push(self.rule("suppress", name)?);
                        }
                    }
                    _ => {
                        let text = self.string("reason", value)?;
                        reason = Some(text.value.trim().to_string()).filter(|r| !r.is_empty());
                    }
                }
            }
            let missing = [
                ("file", file.is_none()),
                ("path", path.is_none()),
                ("rules", rules.is_empty()),
                ("reason", reason.is_none()),
            ];
            if let Some((field, _)) = missing.iter().find(|(_, missing)| *missing) {
                return Err(self.fault(
                    item.range(),
                    format!(
                        "an entry of `suppress` needs a non-empty `{field}`: it takes {SUPPRESSION_FIELDS}"
                    ),
                ));
            }
            suppressions.push(Suppression {
                index,
                file: file.unwrap_or_default(),
                path: path.unwrap_or_default().into(),
                rules,
                reason: reason.unwrap_or_default(),
                range: item.range(),
            });
        }
        Ok(suppressions)
    }
}

impl Config {
    /// Reads a configuration. It is read with the bundle parser, so that every fault, a
    /// severity or rule code as much as a syntax error, is reported at its place.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let reader = Reader { text };
        let parse = zis_syntax::parse(text);
        // JSONC extensions and duplicate keys are refused as serde_json would.
        if let Some(error) = parse.errors.first() {
            return Err(reader.fault(error.range, error.message.clone()));
        }
        let root = parse.root.as_ref();
        let Some(object) = root.and_then(Value::as_object) else {
            let range = root.map_or(TextRange::empty(0), Value::range);
            return Err(reader.fault(range, "a configuration is a JSON object".to_string()));
        };
        let mut config = Config::default();
        for member in &object.members {
            // A member without a value is a syntax error, reported above.
            let Some(value) = &member.value else { continue };
            match member.key.value.as_str() {
                "$schema" => {
                    reader.string("$schema", value)?;
                }
                "integration" => config.integration = Some(reader.integration(value)?),
                "rules" => config.severities = reader.severities(value)?,
                "ignore" => config.ignore = reader.globs("ignore", value)?,
                "overrides" => config.overrides = reader.overrides(value)?,
                "suppress" => config.suppressions = reader.suppressions(value)?,
                "baseline" => {
                    let path = reader.string("baseline", value)?;
                    if path.value.is_empty() {
                        return Err(reader.fault(
                            path.range,
                            "`baseline` names a file, relative to this one".to_string(),
                        ));
                    }
                    config.baseline = Some(path.value.to_string());
                }
                other => {
                    return Err(reader.fault(
                        member.key.range,
                        format!("unknown field `{other}`, expected one of {FIELDS}"),
                    ))
                }
            }
        }
        Ok(config)
    }

    /// The configuration of one file, `relative` to the configuration's folder: the entries of
    /// `overrides` that match it applied in order, each over the one before, and only the
    /// suppressions that name it.
    pub fn for_file(&self, relative: &Path) -> Config {
        let mut config = Config {
            overrides: Vec::new(),
            ..self.clone()
        };
        for entry in self.overrides.iter().filter(|o| o.files.matches(relative)) {
            config
                .severities
                .extend(entry.severities.iter().map(|(&r, &s)| (r, s)));
            if entry.integration.is_some() {
                config.integration.clone_from(&entry.integration);
            }
        }
        config
            .suppressions
            .retain(|suppression| suppression.file.matches(relative));
        config
    }

    /// The configuration of a document that is not a file below the configuration's folder
    /// (standard input, a file elsewhere): no override and no suppression names it.
    pub fn for_other_document(&self) -> Config {
        Config {
            overrides: Vec::new(),
            suppressions: Vec::new(),
            ..self.clone()
        }
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
            "unknown field `rulez`, expected one of `$schema`, `integration`, `rules`, `ignore`, `overrides`, `suppress`, `baseline`"
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
    fn overrides_apply_in_order_to_the_files_they_name() {
        let config = Config::from_json(
            r#"{"integration": "acme", "rules": {"ZIS406": "error", "ZIS102": "hint"},
                "overrides": [
                  {"files": ["legacy/**"], "rules": {"ZIS406": "off"}, "integration": "acme_old"},
                  {"files": ["legacy/keep/*.json"], "rules": {"unused-resource": "warning"}}
                ]}"#,
        )
        .unwrap();
        let at = |path: &str| config.for_file(Path::new(path));
        let elsewhere = at("flows/a.json");
        assert_eq!(elsewhere.integration.as_deref(), Some("acme"));
        assert_eq!(
            elsewhere.severities[&Rule::UnusedResource],
            Some(Severity::Error)
        );
        let legacy = at("legacy/deep/b.json");
        assert_eq!(legacy.integration.as_deref(), Some("acme_old"));
        assert_eq!(legacy.severities[&Rule::UnusedResource], None);
        assert_eq!(
            legacy.severities[&Rule::UnreachableState],
            Some(Severity::Hint)
        );
        let kept = at("legacy/keep/c.json");
        assert_eq!(
            kept.severities[&Rule::UnusedResource],
            Some(Severity::Warning)
        );
        assert_eq!(kept.integration.as_deref(), Some("acme_old"));
        assert!(kept.overrides.is_empty());
    }

    #[test]
    fn suppressions_name_a_file_a_pointer_rules_and_a_reason() {
        let text = r#"{"suppress": [
            {"file": "legacy/*.json", "path": "/resources/flow/properties/definition/States/Parked",
             "rules": ["ZIS102", "unused-resource"], "reason": "kept for the next release"}
        ]}"#;
        let config = Config::from_json(text).unwrap();
        let suppression = &config.suppressions[0];
        assert_eq!(
            suppression.rules,
            [Rule::UnreachableState, Rule::UnusedResource]
        );
        assert_eq!(&text[suppression.range.as_usize()][..9], "{\"file\": ");
        assert_eq!(
            config
                .for_file(Path::new("legacy/a.json"))
                .suppressions
                .len(),
            1
        );
        assert!(config
            .for_file(Path::new("legacy/x/a.json"))
            .suppressions
            .is_empty());
        assert!(config.for_file(Path::new("b.json")).suppressions.is_empty());
        assert!(!suppression.file.is_literal());

        let fault = |text: &str| Config::from_json(text).unwrap_err().message;
        let entry = |fields: &str| format!("{{\"suppress\": [{{{fields}}}]}}");
        assert_eq!(
            fault(&entry(r#""file": "a.json", "path": "/x", "rules": ["ZIS102"]"#)),
            "an entry of `suppress` needs a non-empty `reason`: it takes `file`, `path`, `rules`, `reason`"
        );
        assert!(fault(&entry(
            r#""file": "a.json", "path": "x", "rules": ["ZIS102"], "reason": "r""#
        ))
        .starts_with("`path` is a JSON pointer"));
        assert!(fault(&entry(
            r#""file": "a.json", "path": "/x", "rules": ["ZIS999"], "reason": "r""#
        ))
        .starts_with("unknown rule `ZIS999` in `suppress`"));
        assert_eq!(
            fault(&entry(r#""files": "a.json""#)),
            "unknown field `files` in an entry of `suppress`, expected one of `file`, `path`, `rules`, `reason`"
        );
        assert_eq!(
            fault(r#"{"overrides": [{"rules": {}}]}"#),
            "an entry of `overrides` needs `files`: the globs of the files it is for"
        );
        assert_eq!(
            fault(r#"{"overrides": [{"files": ["a"], "ignore": []}]}"#),
            "unknown field `ignore` in an entry of `overrides`, expected one of `files`, `rules`, `integration`"
        );
        assert_eq!(
            fault(r#"{"baseline": 1}"#),
            "`baseline` must be a string, not a number"
        );
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
