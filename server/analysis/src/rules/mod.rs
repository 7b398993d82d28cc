//! The rules. One file per rule: its documentation on top (what `zis-lint explain` prints), then
//! the check. What each rule is (code, name, severity, tags) is said in [`crate::rule`]; here,
//! which function checks it and which shared facts that check reads.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::{Scope, ScopedJoinHandle};

use zis_syntax::{Parse, TextRange};

use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::model::Bundle;
pub use crate::rule::Rule;

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
mod zis901_stale_baseline_entry;
mod zis902_unused_suppression;

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
    /// How many bytes of the text the model holds in full: what decides whether the rules are
    /// worth sharing out over threads.
    size: usize,
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
            size: text.len(),
        }
    }

    /// The context of a model that holds only `size` bytes of the text in full.
    pub fn holding(self, size: usize) -> Self {
        Context { size, ..self }
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
        self.diagnostics
            .push(Diagnostic::new(self.rule, range, message));
        let diagnostic = self.diagnostics.last_mut().expect("just pushed");
        if let Some(fact) = self.rule.fact() {
            diagnostic.rests_on(fact);
        }
        diagnostic
    }
}

type Check = fn(&Context, &mut Report);

/// The facts derived once per analysis that a check reads, besides the model and the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Shares {
    Nothing,
    /// [`Context::path_sites`].
    PathSites,
    /// [`Context::data`], which reads the path sites too.
    DataFlow,
}

/// The check of each rule, and what it shares; `None` for the rules no check emits.
fn check_of(rule: Rule) -> Option<(Check, Shares)> {
    Some(match rule {
        Rule::InvalidJson => (zis001_invalid_json::check, Shares::Nothing),
        Rule::JsonExtension => (zis002_json_extension::check, Shares::Nothing),
        Rule::DuplicateKey => (zis003_duplicate_key::check, Shares::Nothing),
        Rule::MissingField => (zis004_missing_field::check, Shares::Nothing),
        Rule::UnknownField => (zis005_unknown_field::check, Shares::Nothing),
        Rule::InvalidValue => (zis006_invalid_value::check, Shares::Nothing),
        Rule::UnknownResourceType => (zis007_unknown_resource_type::check, Shares::Nothing),
        Rule::UnsupportedFeature => (zis008_unsupported_feature::check, Shares::Nothing),
        Rule::UndocumentedField => (zis009_undocumented_field::check, Shares::Nothing),
        Rule::UnknownState => (zis101_unknown_state::check, Shares::Nothing),
        Rule::UnreachableState => (zis102_unreachable_state::check, Shares::Nothing),
        Rule::MissingEnd => (zis103_missing_end::check, Shares::Nothing),
        Rule::ConflictingTransition => (zis104_conflicting_transition::check, Shares::Nothing),
        Rule::NoTerminalState => (zis105_no_terminal_state::check, Shares::Nothing),
        Rule::EndlessLoop => (zis106_endless_loop::check, Shares::Nothing),
        Rule::InvalidChoiceRule => (zis107_invalid_choice_rule::check, Shares::Nothing),
        Rule::ResultPathOverwritesInput => {
            (zis108_result_path_overwrites_input::check, Shares::Nothing)
        }
        Rule::InvalidJsonPath => (zis110_invalid_jsonpath::check, Shares::PathSites),
        Rule::NotAReferencePath => (zis111_not_a_reference_path::check, Shares::PathSites),
        Rule::PathWithoutSuffix => (zis112_path_without_suffix::check, Shares::Nothing),
        Rule::SuffixWithoutPath => (zis113_suffix_without_path::check, Shares::PathSites),
        Rule::UrlOrPath => (zis201_url_or_path::check, Shares::Nothing),
        Rule::InvalidUrl => (zis202_invalid_url::check, Shares::Nothing),
        Rule::MissingConnection => (zis203_missing_connection::check, Shares::Nothing),
        Rule::UnknownEventType => (zis301_unknown_event_type::check, Shares::Nothing),
        Rule::CustomEventSource => (zis302_custom_event_source::check, Shares::Nothing),
        Rule::EventSourceCase => (zis303_event_source_case::check, Shares::Nothing),
        Rule::UnknownAction => (zis401_unknown_action::check, Shares::Nothing),
        Rule::UnknownFlow => (zis402_unknown_flow::check, Shares::Nothing),
        Rule::MalformedReference => (zis403_malformed_reference::check, Shares::Nothing),
        Rule::TemplatePlaceholder => (zis404_template_placeholder::check, Shares::Nothing),
        Rule::IntegrationMismatch => (zis405_integration_mismatch::check, Shares::Nothing),
        Rule::UnusedResource => (zis406_unused_resource::check, Shares::Nothing),
        Rule::DuplicateName => (zis407_duplicate_name::check, Shares::Nothing),
        Rule::InvalidJq => (zis501_invalid_jq::check, Shares::Nothing),
        Rule::PathNeverWritten => (zis502_path_never_written::check, Shares::DataFlow),
        Rule::PathMaybeUnset => (zis503_path_maybe_unset::check, Shares::DataFlow),
        Rule::ParameterNotPassed => (zis504_parameter_not_passed::check, Shares::DataFlow),
        Rule::ParameterUnused => (zis505_parameter_unused::check, Shares::Nothing),
        Rule::WrongEventPayload => (zis506_wrong_event_payload::check, Shares::DataFlow),
        Rule::UnknownPayloadPath => (zis507_unknown_payload_path::check, Shares::DataFlow),
        Rule::UnknownResultKey => (zis508_unknown_result_key::check, Shares::DataFlow),
        Rule::MapReadsFlowData => (zis509_map_reads_flow_data::check, Shares::DataFlow),
        // Reported about the linter's own files and about suppressions, not by a check.
        Rule::InternalError | Rule::StaleBaselineEntry | Rule::UnusedSuppression => return None,
    })
}

/// Whether every finding of `rule` lies inside a resource and rests on that resource's text
/// alone: the same whether the resource is analysed within its bundle or by itself. After an
/// edit inside one resource, such a rule needs to run on that resource only; every other keeps
/// the rule's findings from before. A flow's own states, scopes and paths are all that these
/// read (ZIS509's Map scopes nest within one flow; ZIS502 and ZIS503 analyse each scope alone):
/// the state graph, Choice rules, `ResultPath`s, jq programs, the data flow inside the flow.
/// `server/bench/tests/properties.rs` holds each to it ([`crate::local_findings`]).
pub fn is_local(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::UnknownState
            | Rule::UnreachableState
            | Rule::MissingEnd
            | Rule::ConflictingTransition
            | Rule::NoTerminalState
            | Rule::InvalidChoiceRule
            | Rule::ResultPathOverwritesInput
            | Rule::PathWithoutSuffix
            | Rule::EndlessLoop
            | Rule::InvalidJq
            | Rule::PathNeverWritten
            | Rule::PathMaybeUnset
            | Rule::MapReadsFlowData
    )
}

/// Below this size the rules take less time than starting a thread for them.
const PARALLEL_FROM_BYTES: usize = 64 * 1024;

/// Runs every rule that `enabled` accepts: one turned off costs nothing, so that a user can
/// trade a slow rule for speed. A rule that panics is reported as ZIS900 and the others still
/// run.
///
/// On a large document the rules run on every core. They are queued by the facts they share,
/// whatever their order in the table: the calling thread takes rules from the end of the queue,
/// where the rules that share the most sit, so that it derives those facts while the others run
/// the rules that do not wait on them from the start.
pub(crate) fn run(ctx: &Context, enabled: impl Fn(Rule) -> bool) -> Vec<Diagnostic> {
    let checks = queue(Rule::ALL.iter().copied().filter(|&rule| enabled(rule)));
    let helpers = if ctx.size < PARALLEL_FROM_BYTES {
        0
    } else {
        zis_syntax::cores().min(checks.len()).saturating_sub(1)
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
            done.push((rule, run_one(ctx, rule, check)));
        }
    };
    let mut found: Vec<Vec<Diagnostic>> = vec![Vec::new(); Rule::ALL.len()];
    std::thread::scope(|scope| {
        // A helper that cannot start leaves its share to the calling thread.
        let helpers: Vec<_> = (0..helpers)
            .filter_map(|_| spawn_worker(scope, || work(false)))
            .collect();
        let own = work(true);
        let theirs = helpers
            .into_iter()
            .flat_map(|helper| helper.join().expect("every rule runs inside catch_unwind"));
        for (rule, diagnostics) in own.into_iter().chain(theirs) {
            found[rule as usize] = diagnostics;
        }
    });
    // In the order of the table, whatever thread ran what.
    found.concat()
}

/// The checks of `rules`, ordered by what they share and then by the table: rules that share
/// nothing first, the data rules last.
fn queue(rules: impl Iterator<Item = Rule>) -> Vec<(Rule, Check)> {
    let mut checks: Vec<(Rule, Check, Shares)> = rules
        .filter_map(|rule| check_of(rule).map(|(check, shares)| (rule, check, shares)))
        .collect();
    checks.sort_by_key(|&(rule, _, shares)| (shares, rule));
    checks
        .into_iter()
        .map(|(rule, check, _)| (rule, check))
        .collect()
}

/// A thread for rules or facts; `None` when the system gives none.
fn spawn_worker<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> Option<ScopedJoinHandle<'scope, T>> {
    // Rules recurse over JSON values as deep as the parser accepts.
    std::thread::Builder::new()
        .stack_size(zis_syntax::STACK_BYTES)
        .spawn_scoped(scope, work)
        .ok()
}

/// Runs `a` here and `b` on another thread at once, for facts large enough to be worth
/// sharing out; both here when no thread can start. A panic in `b` goes on in the caller, as
/// one in `a` does.
pub(crate) fn join<A, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    if zis_syntax::cores() < 2 {
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
    fn the_queue_follows_what_checks_share_not_the_table() {
        let data_rules = [
            Rule::PathNeverWritten,
            Rule::PathMaybeUnset,
            Rule::ParameterNotPassed,
            Rule::WrongEventPayload,
            Rule::UnknownPayloadPath,
            Rule::UnknownResultKey,
            Rule::MapReadsFlowData,
        ];
        let path_rules = [
            Rule::InvalidJsonPath,
            Rule::NotAReferencePath,
            Rule::SuffixWithoutPath,
        ];
        for rules in [
            Rule::ALL.to_vec(),
            Rule::ALL.iter().rev().copied().collect(),
        ] {
            let queued: Vec<Rule> = queue(rules.into_iter())
                .iter()
                .map(|&(rule, _)| rule)
                .collect();
            // The calling thread starts from the end: the data rules first.
            let (rest, last) = queued.split_at(queued.len() - data_rules.len());
            assert_eq!(last, data_rules);
            assert_eq!(&rest[rest.len() - path_rules.len()..], path_rules);
            assert!(!queued.contains(&Rule::InternalError));
        }
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
}
