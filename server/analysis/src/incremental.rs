//! Analysis of an edited document that checks again only what the edit can have changed.
//!
//! An editor asks for an analysis on every keystroke, and a keystroke changes one resource. The
//! findings located in a resource rest on that resource and on the resources within two
//! references of it: a flow, the actions it calls and their other callers, the job spec that
//! starts it, a resource of the same name, the only resource of a type that a broken reference
//! is read against. Besides, any finding may rest on the text between the resources, on each
//! resource's key, type and name, on the integration key and on the configuration.
//!
//! So when only the insides of some resources changed, the resources within two references of a
//! changed one are *dirty*. The rules run over a model that lowers the dirty resources and those
//! within two references of them in full (what a finding in a dirty resource is derived from)
//! and every other one by its name alone; of their findings, those in dirty resources and those
//! outside every resource are kept. Every clean resource keeps its earlier findings, moved to
//! where its text now starts. Anything else gets a full analysis: a syntax error that is not a
//! comment, a trailing comma or a duplicate key; a renamed resource; a change to the text
//! between resources; another configuration.
//!
//! A property test (`server/bench/tests/properties.rs`) drives random edits and holds the result
//! to a full analysis of the same text, diagnostic for diagnostic.

use std::collections::VecDeque;

use zis_syntax::{Parse, SyntaxErrorKind, TextRange, Value};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::index::{
    counted_key, majority, Index, Integration, IntegrationOrigin, ReferenceField, Target,
};
use crate::model::{Bundle, ResourceType};

/// What an analysis keeps for the analysis of the next revision of its text.
#[derive(Debug)]
pub struct Memo {
    layout: Layout,
    config: Config,
    integration: Option<Integration>,
    /// What each member references, by member position.
    references: Vec<Calls>,
    /// The members that share a name, each pair once.
    namesakes: Vec<(usize, usize)>,
    /// What [`neighbours`] gave.
    neighbours: Vec<Vec<usize>>,
    /// The findings located in each member, before suppressions and the baseline.
    findings: Vec<Vec<Diagnostic>>,
    /// The members each member's findings point into, besides itself: a label on another
    /// resource moves with that resource's text.
    touches: Vec<Vec<usize>>,
    /// How many members kept the findings of the analysis before.
    pub(crate) reused: usize,
}

/// Where the members of `resources` lie: `bounds` is `[0, start₀, end₀, start₁, end₁, …]`, a
/// member running from its key to the end of its value, so that bound `j` starts the text
/// between members when `j` is even and member `(j - 1) / 2` when it is odd.
#[derive(Debug, Default)]
struct Layout {
    bounds: Vec<u32>,
    /// Per member: its key, and its value's `type` and `properties.name`; `None` when the value
    /// is not an object, which the model leaves out.
    identities: Vec<Option<Identity>>,
}

#[derive(Debug, PartialEq, Eq)]
struct Identity {
    key: String,
    type_name: Option<String>,
    name: Option<String>,
}

impl Layout {
    fn of(parse: &Parse) -> Layout {
        let mut layout = Layout {
            bounds: vec![0],
            identities: Vec::new(),
        };
        let resources = parse
            .root
            .as_ref()
            .and_then(Value::as_object)
            .and_then(|root| root.get_object("resources"));
        for member in resources.iter().flat_map(|resources| &resources.members) {
            let end = member
                .value
                .as_ref()
                .map_or(member.key.range.end, |value| value.range().end);
            layout.bounds.extend([member.key.range.start, end]);
            layout
                .identities
                .push(member.value.as_ref().and_then(|value| {
                    let object = value.as_object()?;
                    let properties = object.get_object("properties");
                    Some(Identity {
                        key: member.key.value.clone(),
                        type_name: object.get_str("type").map(|ty| ty.value.clone()),
                        name: properties
                            .and_then(|properties| properties.get_str("name"))
                            .map(|name| name.value.clone()),
                    })
                }));
        }
        layout
    }

    fn members(&self) -> usize {
        self.identities.len()
    }

    /// The bound at or before `offset`, and how far past it `offset` lies.
    fn segment(&self, offset: u32) -> (usize, u32) {
        let at = self.bounds.partition_point(|&bound| bound <= offset) - 1;
        (at, offset - self.bounds[at])
    }

    /// The member a finding at `range` is located in; `None` between members.
    fn member_at(&self, range: TextRange) -> Option<usize> {
        let (segment, _) = self.segment(range.start);
        (segment % 2 == 1).then_some(segment / 2)
    }

    fn text<'a>(&self, text: &'a str, segment: usize) -> &'a str {
        let start = self.bounds[segment] as usize;
        match self.bounds.get(segment + 1) {
            Some(&end) => &text[start..end as usize],
            None => &text[start..],
        }
    }
}

/// Which members of the resources changed, when nothing else did.
fn changed_members(memo: &Memo, old_text: &str, layout: &Layout, text: &str) -> Option<Vec<bool>> {
    let old = &memo.layout;
    if old.members() != layout.members() {
        return None;
    }
    let mut changed = vec![false; layout.members()];
    for segment in 0..old.bounds.len() {
        if old.text(old_text, segment) == layout.text(text, segment) {
            continue;
        }
        if segment % 2 == 0 {
            return None;
        }
        let member = segment / 2;
        if old.identities[member].is_none() || old.identities[member] != layout.identities[member] {
            return None;
        }
        changed[member] = true;
    }
    Some(changed)
}

/// Whether the tree stands for the text as it is written: comments, trailing commas and
/// duplicate keys leave it so, but a tree recovered from any other syntax error may end a
/// resource elsewhere than a fixed text will, and is neither reused nor kept for reuse.
pub(crate) fn whole(parse: &Parse) -> bool {
    !(parse.errors.iter()).any(|error| error.kind == SyntaxErrorKind::Invalid)
}

/// What one member's references name: the members they resolve to and, in order, the
/// integration keys they use, those of `ActionName`s and those of `flow_name`s apart (the
/// majority key of the bundle counts all the first before all the second).
#[derive(Clone, Debug, Default)]
struct Calls {
    targets: Vec<usize>,
    action_keys: Vec<String>,
    flow_keys: Vec<String>,
}

/// The members that `model` lowers, by resource id: those whose value is an object, in order.
fn lowered_members(layout: &Layout) -> Vec<usize> {
    (0..layout.members())
        .filter(|&member| layout.identities[member].is_some())
        .collect()
}

/// What each member's references name, by member position, for the members `model` lowered in
/// full.
fn calls(layout: &Layout, model: &Bundle, index: &Index) -> Vec<Calls> {
    let member_of = lowered_members(layout);
    let only = |ty| {
        let mut of_type = model.resources_of(ty).map(|(id, _)| id);
        match (of_type.next(), of_type.next()) {
            (Some(id), None) => Some(id),
            _ => None,
        }
    };
    let (only_action, only_flow) = (only(ResourceType::Action), only(ResourceType::Flow));
    let mut calls = vec![Calls::default(); layout.members()];
    for site in &index.references {
        let (source, only_of_type) = match site.field {
            ReferenceField::ActionName(state) => (model.scope(state.scope).resource, only_action),
            ReferenceField::FlowName(resource) => (resource, only_flow),
        };
        let Some(&source) = member_of.get(source.0) else {
            continue;
        };
        let calls = &mut calls[source];
        if let Some(key) = counted_key(site) {
            match site.field {
                ReferenceField::ActionName(_) => calls.action_keys.push(key.to_owned()),
                ReferenceField::FlowName(_) => calls.flow_keys.push(key.to_owned()),
            }
        }
        // A reference that names nothing is read against the bundle's only resource of its
        // type, the likely target whatever its name.
        let target = match site.target {
            Target::Resource(target) => target,
            Target::Unresolved => match only_of_type {
                Some(only) => only,
                None => continue,
            },
            Target::Builtin(_) => continue,
        };
        if let Some(&target) = member_of.get(target.0) {
            calls.targets.push(target);
        }
    }
    calls
}

/// The members that share a name: a reference resolves to the first of them, which makes the
/// others' findings rest on its callers too.
fn namesakes(layout: &Layout, index: &Index) -> Vec<(usize, usize)> {
    let member_of = lowered_members(layout);
    let mut pairs = Vec::new();
    for namesakes in index.actions.values().chain(index.flows.values()) {
        for (at, first) in namesakes.iter().enumerate() {
            for second in &namesakes[at + 1..] {
                if let (Some(&first), Some(&second)) =
                    (member_of.get(first.0), member_of.get(second.0))
                {
                    pairs.push((first, second));
                }
            }
        }
    }
    pairs
}

/// The resources each resource names, is named by or shares its name with, by member position.
fn neighbours(calls: &[Calls], namesakes: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut neighbours = vec![Vec::new(); calls.len()];
    let called = (calls.iter().enumerate())
        .flat_map(|(source, calls)| calls.targets.iter().map(move |&target| (source, target)));
    for (first, second) in called.chain(namesakes.iter().copied()) {
        if first != second {
            neighbours[first].push(second);
            neighbours[second].push(first);
        }
    }
    for list in &mut neighbours {
        list.sort_unstable();
        list.dedup();
    }
    neighbours
}

/// The bundle's integration after an edit that left everything but the insides of members as
/// it was: one that the configuration or the bundle sets stays; one read from the references
/// is counted again.
fn integration_after(memo: &Memo, calls: &[Calls]) -> Option<Integration> {
    match &memo.integration {
        Some(
            kept @ Integration {
                origin: IntegrationOrigin::Config | IntegrationOrigin::Bundle,
                ..
            },
        ) => Some(kept.clone()),
        _ => {
            let actions = calls.iter().flat_map(|calls| &calls.action_keys);
            let flows = calls.iter().flat_map(|calls| &calls.flow_keys);
            majority(actions.chain(flows).map(String::as_str))
        }
    }
}

/// Marks every member within `steps` references of a marked one, in `graph`.
fn spread(marked: &mut [bool], graph: &[Vec<usize>], steps: usize) {
    let mut queue: VecDeque<(usize, usize)> = (0..marked.len())
        .filter(|&member| marked[member])
        .map(|member| (member, 0))
        .collect();
    while let Some((member, distance)) = queue.pop_front() {
        if distance == steps {
            continue;
        }
        for &next in &graph[member] {
            if !marked[next] {
                marked[next] = true;
                queue.push_back((next, distance + 1));
            }
        }
    }
}

/// How the findings of an edited text are found: which members to check again, and over
/// which members' full model.
pub(crate) struct Plan<'a> {
    memo: &'a Memo,
    layout: Layout,
    references: Vec<Calls>,
    neighbours: Vec<Vec<usize>>,
    pub dirty: Vec<bool>,
    pub focus: Vec<bool>,
}

/// How far a finding reaches: the findings in a resource rest on the resources within this
/// many references of it.
const REACH: usize = 2;

impl<'a> Plan<'a> {
    /// The plan for `text`, analysed before as `old_text` into `memo`; `None` when the edit
    /// needs a full analysis. Lowers in full only the members the edit changed, to read what
    /// they now reference; every other member's references are the memo's.
    pub fn new(
        memo: &'a Memo,
        old_text: &str,
        text: &str,
        config: &Config,
        parse: &Parse,
    ) -> Option<Plan<'a>> {
        if !whole(parse) || *config != memo.config {
            return None;
        }
        let layout = Layout::of(parse);
        let changed = changed_members(memo, old_text, &layout, text)?;
        let changed_model = Bundle::lower_focused(parse.root.as_ref(), |member| changed[member]);
        let changed_index = Index::build_focused(&changed_model, None);
        let mut references = calls(&layout, &changed_model, &changed_index);
        for (member, calls) in references.iter_mut().enumerate() {
            if !changed[member] {
                calls.clone_from(&memo.references[member]);
            }
        }
        if integration_after(memo, &references) != memo.integration {
            return None;
        }
        let neighbours = neighbours(&references, &memo.namesakes);
        let mut dirty = changed.clone();
        spread(&mut dirty, &neighbours, REACH);
        let mut was_near = changed.clone();
        spread(&mut was_near, &memo.neighbours, REACH);
        for member in 0..dirty.len() {
            dirty[member] |=
                was_near[member] || memo.touches[member].iter().any(|&touched| changed[touched]);
        }
        let mut focus = dirty.clone();
        spread(&mut focus, &neighbours, REACH);
        Some(Plan {
            memo,
            layout,
            references,
            neighbours,
            dirty,
            focus,
        })
    }

    /// The bundle's integration, the same as before the edit.
    pub fn integration(&self) -> Option<Integration> {
        self.memo.integration.clone()
    }

    /// The findings of the whole text: `fresh`'s in dirty members and between members, the
    /// memo's, moved, in clean ones. Also the memo for the next edit.
    pub fn merge(self, fresh: Vec<Diagnostic>) -> (Vec<Diagnostic>, Memo) {
        let layout = self.layout;
        let mut findings = vec![Vec::new(); layout.members()];
        let mut between = Vec::new();
        for diagnostic in fresh {
            match layout.member_at(diagnostic.range) {
                Some(member) if self.dirty[member] => findings[member].push(diagnostic),
                Some(_) => {}
                None => between.push(diagnostic),
            }
        }
        let old = &self.memo.layout;
        for (member, found) in findings.iter_mut().enumerate() {
            if !self.dirty[member] {
                *found = self.memo.findings[member]
                    .iter()
                    .map(|diagnostic| moved(diagnostic, old, &layout))
                    .collect();
            }
        }
        let mut memo = Memo::new(
            layout,
            self.memo.config.clone(),
            self.memo.integration.clone(),
            (self.references, self.memo.namesakes.clone()),
            self.neighbours,
            findings,
        );
        memo.reused = self.dirty.iter().filter(|&&dirty| !dirty).count();
        let mut all = between;
        all.extend(memo.findings.iter().flatten().cloned());
        (all, memo)
    }
}

impl Memo {
    /// The memo of a full analysis.
    pub(crate) fn of_full(
        parse: &Parse,
        model: &Bundle,
        index: &Index,
        config: &Config,
        diagnostics: &[Diagnostic],
    ) -> Memo {
        let layout = Layout::of(parse);
        let references = calls(&layout, model, index);
        let namesakes = namesakes(&layout, index);
        let neighbours = neighbours(&references, &namesakes);
        let mut findings = vec![Vec::new(); layout.members()];
        for diagnostic in diagnostics {
            if let Some(member) = layout.member_at(diagnostic.range) {
                findings[member].push(diagnostic.clone());
            }
        }
        Memo::new(
            layout,
            config.clone(),
            index.integration.clone(),
            (references, namesakes),
            neighbours,
            findings,
        )
    }

    fn new(
        layout: Layout,
        config: Config,
        integration: Option<Integration>,
        (references, namesakes): (Vec<Calls>, Vec<(usize, usize)>),
        neighbours: Vec<Vec<usize>>,
        findings: Vec<Vec<Diagnostic>>,
    ) -> Memo {
        let touches = findings
            .iter()
            .enumerate()
            .map(|(member, found)| {
                let mut touched: Vec<usize> = found
                    .iter()
                    .flat_map(ranges)
                    .flat_map(|range| [range.start, range.end])
                    .filter_map(|offset| {
                        let (segment, _) = layout.segment(offset);
                        (segment % 2 == 1 && segment / 2 != member).then_some(segment / 2)
                    })
                    .collect();
                touched.sort_unstable();
                touched.dedup();
                touched
            })
            .collect();
        Memo {
            layout,
            config,
            integration,
            references,
            namesakes,
            neighbours,
            findings,
            touches,
            reused: 0,
        }
    }
}

/// Every range a diagnostic holds.
fn ranges(diagnostic: &Diagnostic) -> impl Iterator<Item = TextRange> + '_ {
    let labels = diagnostic.labels.iter().map(|label| label.range);
    let edits = diagnostic
        .fix
        .iter()
        .flat_map(|fix| &fix.edits)
        .map(|edit| edit.range);
    std::iter::once(diagnostic.range).chain(labels).chain(edits)
}

/// `diagnostic` with each range moved from `old` to `new`: by as much as the text before its
/// segment grew or shrank.
fn moved(diagnostic: &Diagnostic, old: &Layout, new: &Layout) -> Diagnostic {
    let offset = |offset: u32| {
        let (segment, past) = old.segment(offset);
        new.bounds[segment] + past
    };
    let range = |range: TextRange| TextRange::new(offset(range.start), offset(range.end));
    let mut diagnostic = diagnostic.clone();
    diagnostic.range = range(diagnostic.range);
    for label in &mut diagnostic.labels {
        label.range = range(label.range);
    }
    for edit in diagnostic.fix.iter_mut().flat_map(|fix| &mut fix.edits) {
        edit.range = range(edit.range);
    }
    diagnostic
}
