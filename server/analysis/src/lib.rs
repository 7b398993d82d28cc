//! The ZIS bundle analysis engine: text and configuration in, a typed model and diagnostics out.
//!
//! Pure by design: no IO, no clocks, no LSP or terminal types, and no panic escapes
//! [`analyze`] whatever the input.
//!
//! The one path every byte takes: text → syntax tree ([`zis_syntax`]) → bundle model
//! ([`model`]) → symbol index ([`index`]) → rules ([`rules`]) → diagnostics.

pub mod baseline;
pub mod builtins;
pub mod catalog;
pub mod config;
pub mod diagnostic;
mod edit;
pub mod facts;
pub mod fix;
pub mod graph;
pub mod ide;
pub mod incremental;
pub mod index;
pub mod jq_builtins;
pub mod model;
pub mod payload;
pub mod quiet;
pub mod reference;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod suggest;

use std::sync::{Arc, Mutex, OnceLock};

/// The analysis's maps and sets. Their keys are names the user wrote, so the hasher is seeded
/// per process as std's is, but it is several times faster than std's SipHash on short keys.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

pub use config::Config;
pub use diagnostic::{Diagnostic, Edit, Fix, Label, Severity};
pub use rule::{FixSafety, Rule, Tag};
pub use zis_syntax::{LineCol, LineIndex, TextRange, Unchanged};

use zis_syntax::{Member, Parse, Value};

use crate::incremental::{Memo, Plan};
use crate::index::{Index, Integration};
use crate::model::Bundle;
use crate::quiet::Quieted;

/// The result of analysing one document: immutable, cheap to share between requests.
#[derive(Debug)]
pub struct Analysis {
    /// The tree of the whole text. An analysis after an edit finds its diagnostics without it
    /// (without reading again what the edit left alone), and parses the text only when
    /// something asks.
    parse: OnceLock<Parse>,
    /// The text, for the tree that is made only when asked.
    text: Option<Arc<String>>,
    /// The model and index of the whole bundle, likewise lowered only when something asks
    /// after an edit.
    lowered: OnceLock<(Bundle, Index)>,
    /// The integration the index is built with when it is lowered late.
    integration: Option<Integration>,
    /// Sorted by position, then code; severities as the configuration sets them; without what
    /// suppressions cover and the baseline accepts. Shared: an analysis after an edit keeps
    /// the findings of the resources the edit left alone, and that with thousands of findings
    /// must not cost a copy of each.
    pub diagnostics: Vec<Arc<Diagnostic>>,
    /// What suppressions and the baseline kept from `diagnostics`.
    pub quieted: Quieted,
    pub is_bundle: bool,
    /// What [`reanalyze`] reuses; only its analyses keep one.
    memo: Option<Arc<Memo>>,
    /// What an analysis after an edit found its diagnostics with, kept until the next edit.
    focus: Mutex<Option<Arc<Focus>>>,
}

/// The tree, model and index a request reads: the whole analysis's ([`Analysis::view`]), or
/// the focus of an edit's ([`Analysis::focus_at`]).
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub parse: &'a Parse,
    pub model: &'a Bundle,
    pub index: &'a Index,
}

/// The text's tree with the resources in focus whole and every other as its skeleton, and the
/// model and index of that tree: what an analysis after an edit checked the edit with, or what
/// a request in a resource reads ([`Analysis::focus_at`]). A completion, hover or definition
/// inside the resource the focus is on finds there all it reads, and the outline all but the
/// states of the flows
/// outside the focus ([`ide::outline`]), so they are answered at once rather than after the
/// whole tree, model and index are made (tens of milliseconds on a large bundle), as they are
/// asked while the user types.
#[derive(Debug)]
pub struct Focus {
    parse: Parse,
    model: Bundle,
    index: Index,
    /// The value of the resource the focus is on: the edited one, or the one a request was
    /// made in ([`Analysis::focus_at`]).
    resource: TextRange,
}

impl Focus {
    /// Where the value of the resource the focus is on lies.
    pub fn resource(&self) -> TextRange {
        self.resource
    }

    pub fn view(&self) -> View<'_> {
        View {
            parse: &self.parse,
            model: &self.model,
            index: &self.index,
        }
    }
}

impl Analysis {
    pub fn parse(&self) -> &Parse {
        self.parse
            .get_or_init(|| zis_syntax::parse(self.text.as_deref().map_or("", String::as_str)))
    }

    pub fn model(&self) -> &Bundle {
        &self.lowered().0
    }

    pub fn index(&self) -> &Index {
        &self.lowered().1
    }

    /// Whether [`Analysis::model`] and [`Analysis::index`] are made yet (an analysis after an
    /// edit makes them when first asked).
    pub fn is_lowered(&self) -> bool {
        self.lowered.get().is_some()
    }

    /// The whole tree, model and index (made when first asked after an edit).
    pub fn view(&self) -> View<'_> {
        View {
            parse: self.parse(),
            model: self.model(),
            index: self.index(),
        }
    }

    /// A focus that a completion, hover or definition at `offset` finds all it reads in,
    /// without the whole tree, model and index: the edit's, when `offset` lies inside the
    /// edited resource; else one made from the memo on the resource at `offset`
    /// ([`Memo::focus_on`]: about a hundredth of the time the whole takes to make, but once
    /// that is made its view costs nothing). Only when the integration key is known: without
    /// it, completion finds the key new references take in every reference of the bundle.
    /// `server/bench/tests/properties.rs` holds its answers to the whole analysis's.
    pub fn focus_at(&self, offset: u32) -> Option<Arc<Focus>> {
        let inside = |focus: &Focus| focus.resource.start < offset && offset < focus.resource.end;
        let focus = match self.focus() {
            Some(focus) if inside(&focus) => focus,
            edited => {
                let text = self.text.as_deref()?;
                // The edit's model lowered most resources by name, as this focus does.
                let lowered = edited
                    .as_ref()
                    .map_or(&[][..], |edited| &edited.model.resources);
                Arc::new(self.memo.as_deref()?.focus_on(text, offset, lowered)?)
            }
        };
        (inside(&focus) && focus.index.integration.is_some()).then_some(focus)
    }

    /// The focus of the edit this analysis is after, until [`Analysis::release_focus`].
    pub(crate) fn focus(&self) -> Option<Arc<Focus>> {
        self.focus.lock().ok()?.clone()
    }

    /// Lets go of the focus, which holds the trees the memo keeps: held by nothing else, the
    /// next analysis moves them in place rather than copying them.
    pub fn release_focus(&self) {
        // Freed once the lock is let go of.
        let _released = self.focus.lock().ok().and_then(|mut focus| focus.take());
    }

    fn lowered(&self) -> &(Bundle, Index) {
        self.lowered.get_or_init(|| {
            let model = Bundle::lower(self.parse().root.as_ref());
            let names = self.memo.as_deref().map(Memo::names);
            let index = Index::build_focused(&model, self.integration.clone(), names);
            (model, index)
        })
    }

    /// What the next [`reanalyze`] of this document needs of this analysis: far smaller than the
    /// analysis, so a caller can free the analysis first.
    pub fn memo(&self) -> Option<Arc<Memo>> {
        self.memo.clone()
    }

    /// How many resources kept the findings of the analysis [`reanalyze`] was given.
    pub fn reused_resources(&self) -> usize {
        self.memo.as_ref().map_or(0, |memo| memo.reused)
    }
}

/// Analyses one document. Never panics: a panic inside a rule becomes a ZIS900 diagnostic.
pub fn analyze(text: &str, config: &Config) -> Arc<Analysis> {
    Arc::new(full(text, config, false))
}

/// What [`reanalyze`] is told of the text the analysis before was of.
#[derive(Clone, Copy, Debug)]
pub enum Before<'a> {
    /// That text, which is compared with the new one to find what changed.
    Text(&'a str),
    /// What the edits since left alone at each end of it, as an editor reports its edits.
    Unchanged(Unchanged),
}

/// Analyses a document that an editor keeps changing: given the text before an edit (or where
/// the edit lies) and the [`Analysis::memo`] of its analysis, checks again only the resources
/// the edit can have changed (see [`incremental`]). Gives what [`analyze`] gives, and keeps
/// what the next call needs.
pub fn reanalyze(
    text: &Arc<String>,
    config: &Config,
    previous: Option<(Before, &Memo)>,
) -> Arc<Analysis> {
    let plan = previous.and_then(|(before, memo)| Plan::new(memo, before, text, config));
    let Some(plan) = plan else {
        return Arc::new(full(text, config, true));
    };
    let integration = plan.integration();
    let focused = Bundle::lower_focused(plan.parse.root.as_ref(), |member| plan.focus[member], &[]);
    let focused_index = Index::build_focused(&focused, integration.clone(), Some(plan.names()));
    let shared = |rule| !rules::is_local(rule);
    let fresh = findings(text, config, &plan.parse, &focused, &focused_index, shared);
    // The rules local to a resource run on the edited one alone.
    let local = findings_alone(text, config, plan.edited_alone());
    let is_bundle = plan.parse.root.as_ref().is_some_and(looks_like_bundle);
    let may_suppress = plan.may_suppress;
    let edited = plan.edited_value;
    let (diagnostics, memo, parse) = plan.merge(fresh, local);
    let mut analysis = Analysis {
        parse: OnceLock::new(),
        text: Some(text.clone()),
        lowered: OnceLock::new(),
        integration,
        diagnostics: Vec::new(),
        quieted: Quieted::default(),
        is_bundle,
        memo: Some(Arc::new(memo)),
        focus: Mutex::new(None),
    };
    // Suppressions are read from the whole tree (the configuration's) and from the model of
    // every state (those in a `Comment`): without any, the focused ones find what the whole
    // would. Whether the text may hold one in a `Comment` is the memo's to say, which looks
    // at the edited resource only rather than searching the whole text.
    let quiet_parse = match config.suppressions.is_empty() {
        true => &parse,
        false => analysis.parse(),
    };
    let quiet_model = match may_suppress {
        true => analysis.model(),
        false => &focused,
    };
    let (diagnostics, quieted) = settle(text, quiet_parse, quiet_model, config, diagnostics);
    analysis.diagnostics = diagnostics;
    analysis.quieted = quieted;
    analysis.focus = Mutex::new(Some(Arc::new(Focus {
        parse,
        model: focused,
        index: focused_index,
        resource: edited,
    })));
    Arc::new(analysis)
}

/// Analyses the whole text; `memo` keeps what [`reanalyze`] needs of it.
fn full(text: &str, config: &Config, memo: bool) -> Analysis {
    let parse = zis_syntax::parse(text);
    let is_bundle = parse.root.as_ref().is_some_and(looks_like_bundle);
    let model = Bundle::lower(parse.root.as_ref());
    let index = Index::build(&model, config);
    let diagnostics = findings(text, config, &parse, &model, &index, |_| true);
    let memo = (memo && incremental::whole(&parse))
        .then(|| Memo::of_full(text, &parse, &model, &index, config, &diagnostics));
    let (diagnostics, quieted) = settle(text, &parse, &model, config, diagnostics);
    Analysis {
        parse: OnceLock::from(parse),
        text: None,
        integration: index.integration.clone(),
        lowered: OnceLock::from((model, index)),
        diagnostics,
        quieted,
        is_bundle,
        memo: memo.map(Arc::new),
        focus: Mutex::new(None),
    }
}

/// The findings as reported: without what suppressions cover and the baseline accepts, in
/// order ([`findings`] gives them in order and escaped, so an analysis after an edit keeps
/// those it reuses as they are).
fn settle(
    text: &str,
    parse: &Parse,
    model: &Bundle,
    config: &Config,
    mut diagnostics: Vec<Arc<Diagnostic>>,
) -> (Vec<Arc<Diagnostic>>, Quieted) {
    let quieted = quiet::quiet(text, parse, model, config, &mut diagnostics);
    // In order but for what `quiet` added: a sort of runs already in order is a pass over them.
    diagnostics.sort_by(|a, b| in_order(a, b));
    (diagnostics, quieted)
}

/// The order of reported findings: by position, then code.
pub(crate) fn in_order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
}

/// What the rules [`rules::is_local`] to a resource find in `member`, a resource of `text`, when
/// it is lowered by itself: an analysis after an edit inside that resource runs them so. Each
/// such rule finds there what it finds in the whole bundle (`server/bench/tests/properties.rs`
/// holds them to it).
pub fn local_findings(text: &str, config: &Config, member: &Member) -> Vec<Arc<Diagnostic>> {
    findings_alone(text, config, &incremental::lowered_alone(member))
}

/// [`local_findings`] over the model of a resource alone.
fn findings_alone(text: &str, config: &Config, model: &Bundle) -> Vec<Arc<Diagnostic>> {
    let alone = Parse {
        root: model.root.clone().map(Value::Object),
        errors: Vec::new(),
    };
    let index = Index::build_focused(model, None, None);
    let sites = rules::PathSites::new();
    let context = rules::Context::new(text, &alone, model, &index, &sites);
    let size = alone.root.as_ref().map_or(0, |root| root.range().len());
    findings_in(&context.holding(size as usize), config, rules::is_local)
}

/// What the enabled rules of those `wanted` find over `model`, at the severities the
/// configuration sets.
fn findings(
    text: &str,
    config: &Config,
    parse: &Parse,
    model: &Bundle,
    index: &Index,
    wanted: impl Fn(Rule) -> bool,
) -> Vec<Arc<Diagnostic>> {
    let sites = rules::PathSites::new();
    let context = rules::Context::new(text, parse, model, index, &sites);
    findings_in(&context, config, wanted)
}

/// [`findings`] in `context`.
fn findings_in(
    context: &rules::Context,
    config: &Config,
    wanted: impl Fn(Rule) -> bool,
) -> Vec<Arc<Diagnostic>> {
    let enabled = |rule| wanted(rule) && config.is_enabled(rule);
    reported(config, rules::run(context, enabled))
}

/// `diagnostics` at the severities the configuration sets, without those it turns off; then
/// as [`shared_in_order`] gives them.
pub(crate) fn reported(config: &Config, mut diagnostics: Vec<Diagnostic>) -> Vec<Arc<Diagnostic>> {
    diagnostics.retain_mut(|diagnostic| {
        match config.effective_severity(diagnostic.rule, diagnostic.severity) {
            Some(severity) => {
                diagnostic.severity = severity;
                true
            }
            None => false,
        }
    });
    shared_in_order(diagnostics)
}

/// `diagnostics` escaped ([`escape_control_characters`]), in order, each shared.
fn shared_in_order(mut diagnostics: Vec<Diagnostic>) -> Vec<Arc<Diagnostic>> {
    for diagnostic in &mut diagnostics {
        escape_control_characters(&mut diagnostic.message);
    }
    diagnostics.sort_by(in_order);
    diagnostics.into_iter().map(Arc::new).collect()
}

/// Findings about a file of zis-lint's own, a configuration or a baseline, that only a run over
/// every file it names can give (ZIS901, ZIS902): escaped and ordered as [`analyze`] gives a
/// bundle's.
pub fn own_file_diagnostics(diagnostics: Vec<Diagnostic>) -> Vec<Arc<Diagnostic>> {
    shared_in_order(diagnostics)
}

/// Messages quote what the user wrote (keys, names, values). A control character quoted as it is
/// would reach a terminal or an editor as it is, so every rule's message is escaped here, once.
fn escape_control_characters(message: &mut String) {
    if message.contains(char::is_control) {
        let mut escaped = String::with_capacity(message.len() + 8);
        for c in message.chars() {
            if c.is_control() {
                escaped.extend(c.escape_default());
            } else {
                escaped.push(c);
            }
        }
        *message = escaped;
    }
}

/// Whether a document is a ZIS bundle at all: editors and folder walks meet plenty of other
/// JSON, which must get no diagnostics. A bundle names the template version or holds a `ZIS::`
/// resource; a document becomes one the moment either is typed.
pub fn looks_like_bundle(root: &Value) -> bool {
    let Some(root) = root.as_object() else {
        return false;
    };
    if root.member("zis_template_version").is_some() {
        return true;
    }
    root.get_object("resources").is_some_and(|resources| {
        resources.members.iter().any(|member| {
            member
                .value
                .as_ref()
                .and_then(Value::as_object)
                .and_then(|resource| resource.get_str("type"))
                .is_some_and(|ty| ty.value.starts_with("ZIS::"))
        })
    })
}
