//! The rules. One file per rule: its documentation on top (what `zis-lint explain` prints), then
//! the check. Codes and names are public interface: never reuse or renumber them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::{Scope, ScopedJoinHandle};

use zis_syntax::{Parse, TextRange};

use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::{self, Fact};
use crate::index::Index;
use crate::model::Bundle;

mod data_flow;
mod path_sites;
mod zis001_invalid_json;
mod zis002_json_extension;
mod zis003_duplicate_key;
mod zis004_missing_field;
mod zis005_unknown_field;
mod zis006_invalid_value;
mod zis007_unknown_resource_type;
mod zis008_unsupported_feature;
mod zis009_undocumented_field;
mod zis101_unknown_state;
mod zis102_unreachable_state;
mod zis103_missing_end;
mod zis104_conflicting_transition;
mod zis105_no_terminal_state;
mod zis106_endless_loop;
mod zis107_invalid_choice_rule;
mod zis108_result_path_overwrites_input;
mod zis110_invalid_jsonpath;
mod zis111_not_a_reference_path;
mod zis112_path_without_suffix;
mod zis113_suffix_without_path;
mod zis201_url_or_path;
mod zis202_invalid_url;
mod zis203_missing_connection;
mod zis301_unknown_event_type;
mod zis302_custom_event_source;
mod zis303_event_source_case;
mod zis401_unknown_action;
mod zis402_unknown_flow;
mod zis403_malformed_reference;
mod zis404_template_placeholder;
mod zis405_integration_mismatch;
mod zis406_unused_resource;
mod zis407_duplicate_name;
mod zis501_invalid_jq;
mod zis502_path_never_written;
mod zis503_path_maybe_unset;
mod zis504_parameter_not_passed;
mod zis505_parameter_unused;
mod zis506_wrong_event_payload;
mod zis507_unknown_payload_path;
mod zis508_unknown_result_key;
mod zis509_map_reads_flow_data;
mod zis900_internal_error;

/// Everything a rule may look at. Rules read; they never mutate or re-parse.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    pub parse: &'a Parse,
    pub model: &'a Bundle,
    pub index: &'a Index,
    /// What the data rules (ZIS502 to ZIS506) share, derived once on first use.
    pub data: data_flow::Facts<'a>,
    /// Kept by the caller, so that facts derived from the sites can borrow them for `'a`.
    sites: &'a PathSites<'a>,
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        parse: &'a Parse,
        model: &'a Bundle,
        index: &'a Index,
        sites: &'a PathSites<'a>,
    ) -> Self {
        Context {
            text,
            parse,
            model,
            index,
            data: Default::default(),
            sites,
        }
    }

    /// Every value read as a path or scanned for placeholders, with its paths parsed: several
    /// rules need them, and walking and parsing once is most of their cost.
    pub fn path_sites(&self) -> &'a [path_sites::Site<'a>] {
        self.sites
            .get_or_init(|| path_sites::path_sites(self.model))
    }
}

/// Where [`Context::path_sites`] keeps the sites once derived.
pub(crate) type PathSites<'a> = OnceLock<Vec<path_sites::Site<'a>>>;

/// Where one rule puts its findings.
pub(crate) struct Report {
    rule: Rule,
    diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A finding at the rule's default severity, resting on the rule's fact when it has one; a
    /// finding that rests on another fact says so with [`Diagnostic::rests_on`].
    pub fn add(&mut self, range: TextRange, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic {
            rule: self.rule,
            severity: self.rule.default_severity(),
            message: message.into(),
            range,
            labels: Vec::new(),
            fix: None,
            fact: None,
        });
        let diagnostic = self.diagnostics.last_mut().expect("just pushed");
        if let Some(fact) = self.rule.fact() {
            diagnostic.rests_on(fact);
        }
        diagnostic
    }
}

type Check = fn(&Context, &mut Report);

macro_rules! rules {
    ($($variant:ident, $code:literal, $name:literal, $severity:ident, $module:ident, $check:expr, $fact:expr;)*) => {
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

            fn source(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!(stringify!($module), ".rs")),)*
                }
            }

            fn check(self) -> Option<Check> {
                match self {
                    $(Rule::$variant => $check,)*
                }
            }

            /// The fact the rule's findings rest on, unless a finding names another.
            pub fn fact(self) -> Option<&'static Fact> {
                match self {
                    $(Rule::$variant => $fact,)*
                }
            }
        }
    };
}

rules! {
    InvalidJson, "ZIS001", "invalid-json", Error, zis001_invalid_json, Some(zis001_invalid_json::check), Some(&facts::BUNDLE_JSON);
    JsonExtension, "ZIS002", "json-extension", Error, zis002_json_extension, Some(zis002_json_extension::check), Some(&facts::BUNDLE_JSON);
    DuplicateKey, "ZIS003", "duplicate-key", Warning, zis003_duplicate_key, Some(zis003_duplicate_key::check), Some(&facts::DUPLICATE_KEYS);
    MissingField, "ZIS004", "missing-field", Error, zis004_missing_field, Some(zis004_missing_field::check), None;
    UnknownField, "ZIS005", "unknown-field", Warning, zis005_unknown_field, Some(zis005_unknown_field::check), None;
    InvalidValue, "ZIS006", "invalid-value", Error, zis006_invalid_value, Some(zis006_invalid_value::check), None;
    UnknownResourceType, "ZIS007", "unknown-resource-type", Error, zis007_unknown_resource_type, Some(zis007_unknown_resource_type::check), Some(&facts::RESOURCE_TYPES);
    UnsupportedFeature, "ZIS008", "unsupported-feature", Error, zis008_unsupported_feature, Some(zis008_unsupported_feature::check), Some(&facts::UNSUPPORTED_ASL);
    UndocumentedField, "ZIS009", "undocumented-field", Hint, zis009_undocumented_field, Some(zis009_undocumented_field::check), Some(&facts::UNDOCUMENTED_ASL);
    UnknownState, "ZIS101", "unknown-state", Error, zis101_unknown_state, Some(zis101_unknown_state::check), Some(&facts::STATE_NAMES);
    UnreachableState, "ZIS102", "unreachable-state", Warning, zis102_unreachable_state, Some(zis102_unreachable_state::check), Some(&facts::UNREACHABLE_REFUSED);
    MissingEnd, "ZIS103", "missing-end", Error, zis103_missing_end, Some(zis103_missing_end::check), Some(&facts::NEXT_OR_END);
    ConflictingTransition, "ZIS104", "conflicting-transition", Error, zis104_conflicting_transition, Some(zis104_conflicting_transition::check), Some(&facts::NEXT_OR_END);
    NoTerminalState, "ZIS105", "no-terminal-state", Error, zis105_no_terminal_state, Some(zis105_no_terminal_state::check), Some(&facts::FLOW_TIMEOUT);
    EndlessLoop, "ZIS106", "endless-loop", Warning, zis106_endless_loop, Some(zis106_endless_loop::check), Some(&facts::FLOW_TIMEOUT);
    InvalidChoiceRule, "ZIS107", "invalid-choice-rule", Error, zis107_invalid_choice_rule, Some(zis107_invalid_choice_rule::check), Some(&facts::CHOICE_RULES);
    ResultPathOverwritesInput, "ZIS108", "result-path-overwrites-input", Warning, zis108_result_path_overwrites_input, Some(zis108_result_path_overwrites_input::check), Some(&facts::RESULT_PATH_ROOT);
    InvalidJsonPath, "ZIS110", "invalid-jsonpath", Error, zis110_invalid_jsonpath, Some(zis110_invalid_jsonpath::check), Some(&facts::JSON_PATHS);
    NotAReferencePath, "ZIS111", "not-a-reference-path", Error, zis111_not_a_reference_path, Some(zis111_not_a_reference_path::check), Some(&facts::REFERENCE_PATHS);
    PathWithoutSuffix, "ZIS112", "path-without-suffix", Warning, zis112_path_without_suffix, Some(zis112_path_without_suffix::check), Some(&facts::SUFFIX_VALUES);
    SuffixWithoutPath, "ZIS113", "suffix-without-path", Error, zis113_suffix_without_path, Some(zis113_suffix_without_path::check), Some(&facts::SUFFIX_VALUES);
    UrlOrPath, "ZIS201", "url-or-path", Error, zis201_url_or_path, Some(zis201_url_or_path::check), Some(&facts::URL_OR_PATH);
    InvalidUrl, "ZIS202", "invalid-url", Error, zis202_invalid_url, Some(zis202_invalid_url::check), Some(&facts::URL_ABSOLUTE);
    MissingConnection, "ZIS203", "missing-connection", Warning, zis203_missing_connection, Some(zis203_missing_connection::check), Some(&facts::CONNECTIONS);
    UnknownEventType, "ZIS301", "unknown-event-type", Error, zis301_unknown_event_type, Some(zis301_unknown_event_type::check), Some(&facts::EVENT_TYPES);
    CustomEventSource, "ZIS302", "custom-event-source", Info, zis302_custom_event_source, Some(zis302_custom_event_source::check), Some(&facts::EVENT_SOURCES);
    EventSourceCase, "ZIS303", "event-source-case", Warning, zis303_event_source_case, Some(zis303_event_source_case::check), Some(&facts::EVENT_SOURCES);
    UnknownAction, "ZIS401", "unknown-action", Error, zis401_unknown_action, Some(zis401_unknown_action::check), Some(&facts::CUSTOM_ACTION_SAME_BUNDLE);
    UnknownFlow, "ZIS402", "unknown-flow", Error, zis402_unknown_flow, Some(zis402_unknown_flow::check), Some(&facts::FLOW_REFERENCE);
    MalformedReference, "ZIS403", "malformed-reference", Error, zis403_malformed_reference, Some(zis403_malformed_reference::check), Some(&facts::REFERENCES);
    TemplatePlaceholder, "ZIS404", "template-placeholder", Warning, zis404_template_placeholder, Some(zis404_template_placeholder::check), Some(&facts::TEMPLATE_TOKENS);
    IntegrationMismatch, "ZIS405", "integration-mismatch", Warning, zis405_integration_mismatch, Some(zis405_integration_mismatch::check), Some(&facts::REFERENCES);
    UnusedResource, "ZIS406", "unused-resource", Warning, zis406_unused_resource, Some(zis406_unused_resource::check), Some(&facts::FLOW_REFERENCE);
    DuplicateName, "ZIS407", "duplicate-name", Error, zis407_duplicate_name, Some(zis407_duplicate_name::check), Some(&facts::UNIQUE_NAMES);
    InvalidJq, "ZIS501", "invalid-jq", Error, zis501_invalid_jq, Some(zis501_invalid_jq::check), Some(&facts::JQ_PROGRAMS);
    PathNeverWritten, "ZIS502", "path-never-written", Warning, zis502_path_never_written, Some(zis502_path_never_written::check), Some(&facts::MISSING_PATH);
    PathMaybeUnset, "ZIS503", "path-maybe-unset", Warning, zis503_path_maybe_unset, Some(zis503_path_maybe_unset::check), Some(&facts::MISSING_PATH);
    ParameterNotPassed, "ZIS504", "parameter-not-passed", Error, zis504_parameter_not_passed, Some(zis504_parameter_not_passed::check), None;
    ParameterUnused, "ZIS505", "parameter-unused", Hint, zis505_parameter_unused, Some(zis505_parameter_unused::check), None;
    WrongEventPayload, "ZIS506", "wrong-event-payload", Warning, zis506_wrong_event_payload, Some(zis506_wrong_event_payload::check), Some(&facts::FLOW_INPUT);
    UnknownPayloadPath, "ZIS507", "unknown-payload-path", Warning, zis507_unknown_payload_path, Some(zis507_unknown_payload_path::check), Some(&facts::EVENT_PAYLOADS);
    UnknownResultKey, "ZIS508", "unknown-result-key", Error, zis508_unknown_result_key, Some(zis508_unknown_result_key::check), None;
    MapReadsFlowData, "ZIS509", "map-reads-flow-data", Warning, zis509_map_reads_flow_data, Some(zis509_map_reads_flow_data::check), Some(&facts::MAP_SCOPE);
    InternalError, "ZIS900", "internal-error", Error, zis900_internal_error, None, None;
}

impl Rule {
    /// A rule by code (`ZIS101`, any case) or name (`unknown-state`).
    pub fn find(code_or_name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| {
            rule.code().eq_ignore_ascii_case(code_or_name) || rule.name() == code_or_name
        })
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

/// Below this size the rules take less time than starting a thread for them.
const PARALLEL_FROM_BYTES: usize = 64 * 1024;

/// Rules recurse over JSON values as deep as the parser accepts: a worker gets the stack size
/// of a main thread, not the smaller default of a spawned one.
const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

/// Runs every rule that `enabled` accepts: one turned off costs nothing, so that a user can
/// trade a slow rule for speed. A rule that panics is reported as ZIS900 and the others still
/// run.
///
/// On a large document the rules run on every core. The calling thread takes rules from the
/// end of the table, the others from the start: the data rules (ZIS5xx) sit at the end and
/// share facts that the first of them derives, so one thread derives them while the others run
/// the rules that do not wait on them.
pub(crate) fn run(ctx: &Context, enabled: impl Fn(Rule) -> bool) -> Vec<Diagnostic> {
    let checks: Vec<(Rule, Check)> = Rule::ALL
        .iter()
        .filter(|&&rule| enabled(rule))
        .filter_map(|&rule| Some((rule, rule.check()?)))
        .collect();
    let helpers = if ctx.text.len() < PARALLEL_FROM_BYTES {
        0
    } else {
        cores().min(checks.len()).saturating_sub(1)
    };
    let queue = Mutex::new(0..checks.len());
    let work = |from_end: bool| {
        let mut done = Vec::new();
        loop {
            let next = {
                let mut queue = queue.lock().unwrap_or_else(PoisonError::into_inner);
                if from_end {
                    queue.next_back()
                } else {
                    queue.next()
                }
            };
            let Some(at) = next else { break done };
            let (rule, check) = checks[at];
            done.push((at, run_one(ctx, rule, check)));
        }
    };
    let mut found = vec![Vec::new(); checks.len()];
    std::thread::scope(|scope| {
        // A helper that cannot start leaves its share to the calling thread.
        let helpers: Vec<_> = (0..helpers)
            .filter_map(|_| spawn_worker(scope, || work(false)))
            .collect();
        let own = work(true);
        let theirs = helpers
            .into_iter()
            .flat_map(|helper| helper.join().expect("every rule runs inside catch_unwind"));
        for (at, diagnostics) in own.into_iter().chain(theirs) {
            found[at] = diagnostics;
        }
    });
    found.concat()
}

/// A thread for rules or facts; `None` when the system gives none.
fn spawn_worker<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> Option<ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new()
        .stack_size(WORKER_STACK_BYTES)
        .spawn_scoped(scope, work)
        .ok()
}

/// The cores this process may run on. Asked once: on Linux the answer reads cgroup files, and
/// the server analyses on every edit.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |cores| cores.get()))
}

/// Runs `a` here and `b` on another thread at once, for facts large enough to be worth
/// sharing out; both here when no thread can start. A panic in `b` goes on in the caller, as
/// one in `a` does.
pub(crate) fn join<A, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    if cores() < 2 {
        return (a(), b());
    }
    let slot = Mutex::new(Some(b));
    let run_b = || {
        let b = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        b.map(|b| b())
    };
    std::thread::scope(|scope| {
        let helper = spawn_worker(scope, run_b);
        let a = a();
        let from_helper = helper.and_then(|helper| {
            helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        let b = from_helper
            .or_else(run_b)
            .expect("`b` runs on the helper or, when none started, here");
        (a, b)
    })
}

/// `text` with its first letter in upper case, to start a message with what it names.
pub(super) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn run_one(ctx: &Context, rule: Rule, check: Check) -> Vec<Diagnostic> {
    let mut report = Report {
        rule,
        diagnostics: Vec::new(),
    };
    match catch_unwind(AssertUnwindSafe(|| check(ctx, &mut report))) {
        Ok(()) => report.diagnostics,
        Err(panic) => vec![zis900_internal_error::diagnostic(rule, panic.as_ref())],
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
    fn rules_find_the_same_on_many_threads_as_on_one() {
        let text = include_str!("../../../../examples/notify_on_urgent_ticket_with_mistakes.json");
        // Trailing spaces move no range, but make the document large enough to share out.
        let padded = format!("{text}{}", " ".repeat(PARALLEL_FROM_BYTES));
        let config = crate::Config::default();
        let one = crate::analyze(text, &config);
        let many = crate::analyze(&padded, &config);
        assert_eq!(one.diagnostics.len(), 4);
        assert_eq!(one.diagnostics, many.diagnostics);
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(Rule::find("ZIS101"), Some(Rule::UnknownState));
        assert_eq!(Rule::find("zis101"), Some(Rule::UnknownState));
        assert_eq!(Rule::find("unknown-state"), Some(Rule::UnknownState));
        assert_eq!(Rule::find("ZIS999"), None);
    }
}
