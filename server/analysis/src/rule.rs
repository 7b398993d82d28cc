//! What each rule is, apart from its check: code, name, default severity, page, tags, the fact
//! its findings rest on, and the link to its documentation. A leaf that the rules, the configuration, the CLI and the language
//! server all read, so that none of them decides anything per rule on its own.
//!
//! Codes and names are public interface: never reuse or renumber them. A new rule gets a row
//! here, a file in `rules/` with its page on top, and a row in the checks of `rules/mod.rs`.

use crate::diagnostic::Severity;
use crate::facts::{self, Fact};

/// What a client may show about a rule's findings besides their severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// The finding marks something dead or unused, which editors fade out (LSP's
    /// `DiagnosticTag.Unnecessary`).
    Unnecessary,
}

/// Whether a rule's fixes may be applied without review (`zis-lint check --fix`, the editor's
/// "Fix all safe problems") or only on request (`--unsafe-fixes`).
///
/// A fix is safe when it cannot change what the bundle does: it changes nothing ZIS reads (a
/// trailing comma, the second of two identical members), or it completes text that cannot work
/// as written (an error-level finding) in the one way the text allows (a misspelt state name
/// with exactly one close match). Any fix that picks between readings, renames a parameter,
/// changes an event type or alters what a working bundle does is unsafe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixSafety {
    /// The rule offers no fix.
    NoFix,
    /// Every fix of the rule is safe.
    Safe,
    /// Every fix of the rule is unsafe.
    Unsafe,
    /// Each fix says whether it is safe ([`crate::Fix::safe`]): some are, some are not.
    Mixed,
}

/// Where the rule pages are published, when a build says so (`ZIS_LINT_DOCS_URL` at build
/// time): each code then links to its page in editors. Without it, no link is given rather
/// than one that leads nowhere.
const DOCS_URL: Option<&str> = option_env!("ZIS_LINT_DOCS_URL");

macro_rules! rules {
    ($($variant:ident, $code:literal, $name:literal, $severity:ident, $module:ident, [$($tag:ident),*], $fixes:ident, $fact:expr;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            pub fn code(self) -> &'static str {
                match self {
                    $(Rule::$variant => $code,)*
                }
            }

            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }

            pub fn default_severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            pub fn tags(self) -> &'static [Tag] {
                match self {
                    $(Rule::$variant => &[$(Tag::$tag),*],)*
                }
            }

            /// Whether `zis-lint check --fix` applies the rule's fixes.
            pub fn fix_safety(self) -> FixSafety {
                match self {
                    $(Rule::$variant => FixSafety::$fixes,)*
                }
            }

            /// The fact the rule's findings rest on, unless a finding names another.
            pub fn fact(self) -> Option<&'static Fact> {
                match self {
                    $(Rule::$variant => $fact,)*
                }
            }

            /// The rule's source file, whose `//!` comments are its page.
            fn source(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!("rules/", stringify!($module), ".rs")),)*
                }
            }
        }
    };
}

rules! {
    InvalidJson, "ZIS001", "invalid-json", Error, zis001_invalid_json, [], NoFix, Some(&facts::BUNDLE_JSON);
    JsonExtension, "ZIS002", "json-extension", Error, zis002_json_extension, [], Mixed, Some(&facts::BUNDLE_JSON);
    DuplicateKey, "ZIS003", "duplicate-key", Warning, zis003_duplicate_key, [], Mixed, Some(&facts::DUPLICATE_KEYS);
    MissingField, "ZIS004", "missing-field", Error, zis004_missing_field, [], NoFix, None;
    UnknownField, "ZIS005", "unknown-field", Warning, zis005_unknown_field, [], Unsafe, None;
    InvalidValue, "ZIS006", "invalid-value", Error, zis006_invalid_value, [], Mixed, None;
    UnknownResourceType, "ZIS007", "unknown-resource-type", Error, zis007_unknown_resource_type, [], Mixed, Some(&facts::RESOURCE_TYPES);
    UnsupportedFeature, "ZIS008", "unsupported-feature", Error, zis008_unsupported_feature, [], NoFix, Some(&facts::UNSUPPORTED_ASL);
    UndocumentedField, "ZIS009", "undocumented-field", Hint, zis009_undocumented_field, [], NoFix, Some(&facts::UNDOCUMENTED_ASL);
    UnknownState, "ZIS101", "unknown-state", Error, zis101_unknown_state, [], Mixed, Some(&facts::STATE_NAMES);
    UnreachableState, "ZIS102", "unreachable-state", Warning, zis102_unreachable_state, [Unnecessary], NoFix, Some(&facts::UNREACHABLE_REFUSED);
    MissingEnd, "ZIS103", "missing-end", Error, zis103_missing_end, [], Mixed, Some(&facts::NEXT_OR_END);
    ConflictingTransition, "ZIS104", "conflicting-transition", Error, zis104_conflicting_transition, [], Mixed, Some(&facts::NEXT_OR_END);
    NoTerminalState, "ZIS105", "no-terminal-state", Error, zis105_no_terminal_state, [], NoFix, Some(&facts::FLOW_TIMEOUT);
    EndlessLoop, "ZIS106", "endless-loop", Warning, zis106_endless_loop, [], NoFix, Some(&facts::FLOW_TIMEOUT);
    InvalidChoiceRule, "ZIS107", "invalid-choice-rule", Error, zis107_invalid_choice_rule, [], Mixed, Some(&facts::CHOICE_RULES);
    ResultPathOverwritesInput, "ZIS108", "result-path-overwrites-input", Warning, zis108_result_path_overwrites_input, [], Unsafe, Some(&facts::RESULT_PATH_ROOT);
    InvalidJsonPath, "ZIS110", "invalid-jsonpath", Error, zis110_invalid_jsonpath, [], NoFix, Some(&facts::JSON_PATHS);
    NotAReferencePath, "ZIS111", "not-a-reference-path", Error, zis111_not_a_reference_path, [], Safe, Some(&facts::REFERENCE_PATHS);
    PathWithoutSuffix, "ZIS112", "path-without-suffix", Warning, zis112_path_without_suffix, [], Unsafe, Some(&facts::SUFFIX_VALUES);
    SuffixWithoutPath, "ZIS113", "suffix-without-path", Error, zis113_suffix_without_path, [], Unsafe, Some(&facts::SUFFIX_VALUES);
    UrlOrPath, "ZIS201", "url-or-path", Error, zis201_url_or_path, [], NoFix, Some(&facts::URL_OR_PATH);
    InvalidUrl, "ZIS202", "invalid-url", Error, zis202_invalid_url, [], Unsafe, Some(&facts::URL_ABSOLUTE);
    MissingConnection, "ZIS203", "missing-connection", Warning, zis203_missing_connection, [], Unsafe, Some(&facts::CONNECTIONS);
    UnknownEventType, "ZIS301", "unknown-event-type", Error, zis301_unknown_event_type, [], Unsafe, Some(&facts::EVENT_TYPES);
    CustomEventSource, "ZIS302", "custom-event-source", Info, zis302_custom_event_source, [], Unsafe, Some(&facts::EVENT_SOURCES);
    EventSourceCase, "ZIS303", "event-source-case", Warning, zis303_event_source_case, [], Unsafe, Some(&facts::EVENT_SOURCES);
    UnknownAction, "ZIS401", "unknown-action", Error, zis401_unknown_action, [], Mixed, Some(&facts::CUSTOM_ACTION_SAME_BUNDLE);
    UnknownFlow, "ZIS402", "unknown-flow", Error, zis402_unknown_flow, [], Mixed, Some(&facts::FLOW_REFERENCE);
    MalformedReference, "ZIS403", "malformed-reference", Error, zis403_malformed_reference, [], Mixed, Some(&facts::REFERENCES);
    TemplatePlaceholder, "ZIS404", "template-placeholder", Warning, zis404_template_placeholder, [], Unsafe, Some(&facts::TEMPLATE_TOKENS);
    IntegrationMismatch, "ZIS405", "integration-mismatch", Warning, zis405_integration_mismatch, [], Unsafe, Some(&facts::REFERENCES);
    UnusedResource, "ZIS406", "unused-resource", Warning, zis406_unused_resource, [Unnecessary], NoFix, Some(&facts::FLOW_REFERENCE);
    DuplicateName, "ZIS407", "duplicate-name", Error, zis407_duplicate_name, [], NoFix, Some(&facts::UNIQUE_NAMES);
    InvalidJq, "ZIS501", "invalid-jq", Error, zis501_invalid_jq, [], NoFix, Some(&facts::JQ_PROGRAMS);
    PathNeverWritten, "ZIS502", "path-never-written", Warning, zis502_path_never_written, [], Unsafe, Some(&facts::MISSING_PATH);
    PathMaybeUnset, "ZIS503", "path-maybe-unset", Warning, zis503_path_maybe_unset, [], NoFix, Some(&facts::MISSING_PATH);
    ParameterNotPassed, "ZIS504", "parameter-not-passed", Error, zis504_parameter_not_passed, [], Unsafe, None;
    ParameterUnused, "ZIS505", "parameter-unused", Hint, zis505_parameter_unused, [Unnecessary], Unsafe, None;
    WrongEventPayload, "ZIS506", "wrong-event-payload", Warning, zis506_wrong_event_payload, [], NoFix, Some(&facts::FLOW_INPUT);
    UnknownPayloadPath, "ZIS507", "unknown-payload-path", Warning, zis507_unknown_payload_path, [], Unsafe, Some(&facts::EVENT_PAYLOADS);
    UnknownResultKey, "ZIS508", "unknown-result-key", Error, zis508_unknown_result_key, [], Mixed, None;
    MapReadsFlowData, "ZIS509", "map-reads-flow-data", Warning, zis509_map_reads_flow_data, [], NoFix, Some(&facts::MAP_SCOPE);
    InternalError, "ZIS900", "internal-error", Error, zis900_internal_error, [], NoFix, None;
    StaleBaselineEntry, "ZIS901", "stale-baseline-entry", Hint, zis901_stale_baseline_entry, [], NoFix, None;
    UnusedSuppression, "ZIS902", "unused-suppression", Hint, zis902_unused_suppression, [Unnecessary], NoFix, None;
}

impl Rule {
    /// A rule by code (`ZIS101`, any case) or name (`unknown-state`).
    pub fn find(code_or_name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| {
            rule.code().eq_ignore_ascii_case(code_or_name) || rule.name() == code_or_name
        })
    }

    pub fn has_tag(self, tag: Tag) -> bool {
        self.tags().contains(&tag)
    }

    /// The address of the rule's page, where the pages are published.
    pub fn docs_url(self) -> Option<String> {
        DOCS_URL.map(|base| self.docs_url_at(base))
    }

    /// The rule's page below `base`: one anchor per rule, `#zis101-unknown-state`.
    pub fn docs_url_at(self, base: &str) -> String {
        format!(
            "{base}#{}-{}",
            self.code().to_ascii_lowercase(),
            self.name()
        )
    }

    /// The rule's page: the documentation at the top of its source file, as Markdown.
    pub fn documentation(self) -> String {
        let mut page = String::new();
        for line in self.source().lines() {
            let Some(doc) = line.strip_prefix("//!") else {
                break;
            };
            page.push_str(doc.strip_prefix(' ').unwrap_or(doc));
            page.push('\n');
        }
        page
    }

    /// The first sentence of the rule's "What it checks" section, on one line.
    pub fn summary(self) -> String {
        let page = self.documentation();
        let paragraph: Vec<&str> = page
            .lines()
            .skip_while(|line| line.trim().is_empty() || line.starts_with('#'))
            .take_while(|line| !line.trim().is_empty())
            .map(str::trim)
            .collect();
        let paragraph = paragraph.join(" ");
        match paragraph.find(". ") {
            Some(end) => paragraph[..end + 1].to_string(),
            None => paragraph,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_page_with_the_required_sections() {
        for &rule in Rule::ALL {
            let page = rule.documentation();
            assert!(
                page.starts_with(&format!("# {} {}", rule.code(), rule.name())),
                "{} page starts with {:?}",
                rule.code(),
                page.lines().next()
            );
            for section in ["## What it checks", "## Why", "## Example", "## Fix"] {
                assert!(page.contains(section), "{} lacks {section}", rule.code());
            }
        }
    }

    #[test]
    fn every_page_says_whether_its_fixes_are_safe() {
        for &rule in Rule::ALL {
            let page = rule.documentation();
            let fix = page.split("## Fix").nth(1).unwrap_or_default();
            let says = (fix.contains("**Safe fix**"), fix.contains("**Unsafe fix**"));
            let expected = match rule.fix_safety() {
                FixSafety::NoFix => (false, false),
                FixSafety::Safe => (true, false),
                FixSafety::Unsafe => (false, true),
                FixSafety::Mixed => (true, true),
            };
            assert_eq!(
                says,
                expected,
                "{}: its page's `## Fix` says (safe, unsafe) = {says:?}, its fixes are {:?}",
                rule.code(),
                rule.fix_safety()
            );
        }
    }

    #[test]
    fn codes_and_names_are_unique() {
        for (i, a) in Rule::ALL.iter().enumerate() {
            for b in &Rule::ALL[i + 1..] {
                assert_ne!(a.code(), b.code());
                assert_ne!(a.name(), b.name());
            }
        }
    }

    #[test]
    fn summary_is_the_first_sentence() {
        assert_eq!(
            Rule::InvalidJson.summary(),
            "The text is not JSON: a missing comma or colon, an unterminated string, an unclosed bracket, a stray character, a malformed number, nesting too deep to read."
        );
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(Rule::find("ZIS101"), Some(Rule::UnknownState));
        assert_eq!(Rule::find("zis101"), Some(Rule::UnknownState));
        assert_eq!(Rule::find("unknown-state"), Some(Rule::UnknownState));
        assert_eq!(Rule::find("ZIS999"), None);
    }

    #[test]
    fn tags_and_links() {
        assert!(Rule::UnreachableState.has_tag(Tag::Unnecessary));
        assert!(!Rule::UnknownState.has_tag(Tag::Unnecessary));
        assert_eq!(
            Rule::UnknownState.docs_url_at("https://example.test/rules"),
            "https://example.test/rules#zis101-unknown-state"
        );
    }
}
