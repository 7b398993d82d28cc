//! Analysis of an edited document that checks again only what the edit can have changed.
//!
//! An editor asks for an analysis on every keystroke, and a keystroke changes one resource. The
//! findings located in a resource rest on that resource and on the resources within two
//! references of it: a flow, the actions it calls and their other callers, the job spec that
//! starts it, a resource of the same name, the only resource of a type that a broken reference
//! is read against. Besides, any finding may rest on the text between the resources, on each
//! resource's key, type and name, on the integration key and on the configuration.
//!
//! So when an edit changed only the inside of one resource, the resources within two references
//! of it are *dirty*. The rules run over a model that lowers the dirty resources and those
//! within two references of them (the *focus*) in full, and every other one by its name alone;
//! of their findings, those in dirty resources and those outside every resource are kept. Every
//! clean resource keeps its earlier findings, moved to where its text now starts. The rules
//! whose findings rest on their resource alone ([`rules::is_local`], the costly data-flow ones
//! among them) are the exception: they run on the edited resource by itself, and every other
//! resource, dirty or not, keeps their findings.
//!
//! Nothing outside the focus is read again. The edit is what the caller says it left alone at
//! each end (or, told the text before, what comparing the two finds); the edited resource is
//! parsed alone. The `resources` object is put together from the memo: each resource's key
//! before the value kept for it, moved with its text (in place where nothing else holds it):
//! outside the focus the *skeleton* of its earlier tree (its type, name and what a job spec
//! names), in the focus its whole tree when the analysis before had it in focus too, as it
//! has while the user types in one place, or when a request read it; with the memo's syntax
//! errors about the text between the resources. Only the text around that object is parsed,
//! with the object in a hole ([`zis_syntax::parse_with_holes`]). What each resource
//! references, which the two references are counted on, is kept from the analysis before for
//! all but the edited one. So an edit costs the focus and a pass over the list of resources,
//! whatever the size of the bundle.
//! Anything else gets a full analysis: an edit across resources, between them or before the
//! value of one, a syntax error that is not a comment, a trailing comma or a duplicate key, a
//! renamed resource, another integration key, another configuration.
//!
//! A property test (`server/bench/tests/properties.rs`) drives random edits and holds the result
//! to a full analysis of the same text, diagnostic for diagnostic.

use std::collections::VecDeque;

use std::sync::{Arc, Mutex};

use zis_syntax::{
    parse_member, parse_with_holes, Hole, Member, Object, Parse, Str, SyntaxError, SyntaxErrorKind,
    Text, TextChange, TextRange, Value,
};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::ide::outline::OutlineItem;
use crate::index::{
    counted_key, majority, Index, Integration, IntegrationOrigin, ReferenceField, ReferenceSite,
    Target,
};
use crate::model::{Bundle, Resource, ResourceId, ResourceType};
use crate::quiet::COMMENT_DIRECTIVE;
use crate::{in_order, rules, Before, Focus};

/// What an analysis keeps for the analysis of the next revision of its text.
#[derive(Debug)]
pub struct Memo {
    layout: Layout,
    config: Config,
    integration: Option<Integration>,
    links: Links,
    /// What [`neighbours`] gave; shared with the memos after edits that name the same members.
    neighbours: Arc<Vec<Vec<usize>>>,
    /// Per member whose value is an object: what a parse after an edit takes in its place.
    /// A plan moves these to where the text it is made for has them, in place where nothing
    /// else holds them: moving a copy of each would allocate them all again at every edit.
    kept: Mutex<Vec<Option<Kept>>>,
    /// The members whose whole trees the memo keeps for requests, besides those in the focus
    /// of its analysis: those a request was last made in reads, parsed for it. Requests
    /// follow one another in one place too, and may come between keystrokes elsewhere: these
    /// are kept, moved, by the memos after such edits. Locked after `kept`.
    requested: Mutex<Vec<usize>>,
    /// Per member, the findings located in it.
    found: Vec<Found>,
    /// Per member that is a flow, the outline of its states when one was made of a text in
    /// which the member was as it is now: an outline after an edit takes them for the flows
    /// outside the focus, which its model lowers by name alone.
    states: Mutex<Vec<Option<Arc<KeptStates>>>>,
    /// How many members kept the findings of the analysis before.
    pub(crate) reused: usize,
    /// Whether the text may hold a suppression directive ([`COMMENT_DIRECTIVE`]): once one was
    /// seen, until the next full analysis, so that no edit needs to look beyond itself.
    pub(crate) may_suppress: bool,
}

/// What the memo keeps of a member's value: the whole of it, with its syntax errors, when the
/// analysis had it in focus or the last request read it ([`Memo::requested`]); otherwise its
/// [`skeleton`]. Keystrokes follow one another in one place, so the members in focus after one
/// are mostly those in focus after the next, which then need not be parsed again; the others
/// take no more memory than their skeleton.
#[derive(Debug)]
struct Kept {
    hole: Hole,
    whole: bool,
    /// Where the hole starts in the text of the memo, wherever the last plan moved it.
    start: u32,
}

impl Kept {
    fn new(hole: Hole, whole: bool) -> Kept {
        let start = hole.range.start;
        Kept { hole, whole, start }
    }
}

/// What an outline showed of a flow's states.
#[derive(Debug)]
struct KeptStates {
    /// Where the flow's key started in the text the outline was of.
    start: u32,
    states: Vec<OutlineItem>,
}

/// The findings located in one member, before suppressions and the baseline.
#[derive(Clone, Debug)]
struct Found {
    /// In order, and shared: with the analysis, and with the memo after an edit that did not
    /// move them.
    diagnostics: Arc<[Arc<Diagnostic>]>,
    /// The members they point into, besides their own: a label on another resource moves with
    /// that resource's text.
    touches: Vec<usize>,
}

impl Found {
    fn new(layout: &Layout, member: usize, diagnostics: Arc<[Arc<Diagnostic>]>) -> Found {
        let mut touches: Vec<usize> = (diagnostics.iter())
            .flat_map(|diagnostic| ranges(diagnostic))
            .flat_map(|range| [range.start, range.end])
            .filter_map(|offset| {
                let (segment, _) = layout.segment(offset);
                (segment % 2 == 1 && segment / 2 != member).then_some(segment / 2)
            })
            .collect();
        touches.sort_unstable();
        touches.dedup();
        Found {
            diagnostics,
            touches,
        }
    }
}

/// Where the members of `resources` lie: `bounds` is `[0, start₀, end₀, start₁, end₁, …]`, a
/// member running from its key to the end of its value, so that bound `j` starts the text
/// between members when `j` is even and member `(j - 1) / 2` when it is odd.
#[derive(Debug, Default)]
struct Layout {
    bounds: Vec<u32>,
    /// The length of the whole text, in bytes.
    len: usize,
    /// Per member: its key, and its value's `type` and `properties.name`; `None` when the value
    /// is not an object, which the model leaves out. Shared by the layouts of the texts an
    /// edit left them in.
    identities: Arc<[Option<Identity>]>,
    /// Per member, its key as the parse read it, which starts at the member's bound; shared
    /// like `identities`.
    keys: Arc<[Key]>,
    /// The `resources` object, from brace to brace.
    resources: TextRange,
    /// The syntax errors inside `resources` but in none of its members' values: about the text
    /// between the members and their keys (comments, trailing commas, duplicate keys).
    frame: Vec<SyntaxError>,
}

#[derive(Debug)]
struct Key {
    value: Text,
    len: u32,
    terminated: bool,
}

#[derive(Debug, PartialEq, Eq)]
struct Identity {
    key: String,
    type_name: Option<String>,
    name: Option<String>,
}

/// The bundle's `resources` object.
fn resources_object(parse: &Parse) -> Option<&Arc<Object>> {
    (parse.root.as_ref())
        .and_then(Value::as_object)
        .and_then(|root| root.get_object("resources"))
}

/// The members of the bundle's `resources`, in order.
fn resource_members(parse: &Parse) -> impl Iterator<Item = &Member> {
    resources_object(parse)
        .into_iter()
        .flat_map(|resources| &resources.members)
}

/// A member's key, and its value's `type` and `properties.name`, when the value is an object.
fn identity_of(member: &Member) -> Option<(&str, Option<&str>, Option<&str>)> {
    let object = member.value.as_ref()?.as_object()?;
    let name = (object.get_object("properties")).and_then(|properties| properties.get_str("name"));
    Some((
        &member.key.value,
        object.get_str("type").map(|ty| ty.value.as_str()),
        name.map(|name| name.value.as_str()),
    ))
}

/// Whether `member` has `identity`: its key, type and name, or no object as its value.
fn is_identity_of(identity: Option<&Identity>, member: &Member) -> bool {
    match (identity, identity_of(member)) {
        (Some(identity), Some((key, type_name, name))) => {
            identity.key == key
                && identity.type_name.as_deref() == type_name
                && identity.name.as_deref() == name
        }
        (None, None) => true,
        _ => false,
    }
}

/// The [`Layout::bounds`] of `members`.
fn bounds_of<'a>(members: impl Iterator<Item = &'a Member>) -> Vec<u32> {
    let mut bounds = vec![0];
    for member in members {
        bounds.extend([member.key.range.start, end_of(member)]);
    }
    bounds
}

/// Where a member ends: with its value, or its key when it has none.
fn end_of(member: &Member) -> u32 {
    (member.value.as_ref()).map_or(member.key.range.end, |value| value.range().end)
}

fn resource_values(parse: &Parse) -> impl Iterator<Item = Option<&Value>> {
    resource_members(parse).map(|member| member.value.as_ref())
}

impl Layout {
    fn of(parse: &Parse, len: usize) -> Layout {
        let keys = resource_members(parse).map(|member| Key {
            value: member.key.value.clone(),
            len: member.key.range.len(),
            terminated: member.key.terminated,
        });
        let resources = resources_object(parse).map_or(TextRange::default(), |object| object.range);
        let values: Vec<TextRange> = resource_values(parse).flatten().map(Value::range).collect();
        let frame = (parse.errors_in(resources).iter())
            .filter(|error| {
                let at = error.range.start;
                let value = values.partition_point(|value| value.end <= at);
                values.get(value).is_none_or(|value| at < value.start)
            })
            .cloned()
            .collect();
        let identities = resource_members(parse).map(|member| {
            let (key, type_name, name) = identity_of(member)?;
            Some(Identity {
                key: key.to_owned(),
                type_name: type_name.map(str::to_owned),
                name: name.map(str::to_owned),
            })
        });
        Layout {
            bounds: bounds_of(resource_members(parse)),
            len,
            identities: identities.collect(),
            keys: keys.collect(),
            resources,
            frame,
        }
    }

    /// The key of `member`, where this layout has it.
    fn key(&self, member: usize) -> Str {
        let key = &self.keys[member];
        let start = self.bounds[2 * member + 1];
        Str {
            range: TextRange::new(start, start + key.len),
            value: key.value.clone(),
            terminated: key.terminated,
        }
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
}

/// What the model reads of a resource it lowers by its name alone: its `type`, and the
/// `properties` that name it and that a job spec references a flow with.
fn skeleton(value: &Value) -> Option<Hole> {
    let Value::Object(object) = value else {
        return None;
    };
    let kept = |object: &Object, keys: &[&str]| Object {
        range: object.range,
        members: (object.members.iter())
            .filter(|member| keys.contains(&member.key.value.as_str()))
            .cloned()
            .collect(),
    };
    let mut resource = kept(object, &["type", "properties"]);
    for member in &mut resource.members {
        if let (Some(Value::Object(properties)), "properties") =
            (&member.value, member.key.value.as_str())
        {
            let named = kept(
                properties,
                &["name", "event_source", "event_type", "flow_name"],
            );
            member.value = Some(Value::Object(Arc::new(named)));
        }
    }
    Some(Hole {
        range: object.range,
        value: Value::Object(Arc::new(resource)),
        errors: Arc::new([]),
    })
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

/// How the members name one another.
#[derive(Clone, Debug)]
struct Links {
    /// What each member references, by member position.
    references: Vec<Arc<Calls>>,
    /// The members that share a name, each pair once.
    namesakes: Vec<(usize, usize)>,
    /// The names references resolve against, which an edit inside a member leaves as they were.
    names: Index,
    only: Only,
}

impl Links {
    fn of(layout: &Layout, model: &Bundle, index: &Index) -> Links {
        Links {
            references: (calls(layout, model, index).into_iter())
                .map(Arc::new)
                .collect(),
            namesakes: namesakes(layout, index),
            names: index.names_only(),
            only: Only::of(model),
        }
    }
}

/// The bundle's only action and only flow, where it has one: what a reference that names
/// nothing is read against.
#[derive(Clone, Copy, Debug, Default)]
struct Only {
    action: Option<ResourceId>,
    flow: Option<ResourceId>,
}

impl Only {
    fn of(model: &Bundle) -> Only {
        let only = |ty| {
            let mut of_type = model.resources_of(ty).map(|(id, _)| id);
            match (of_type.next(), of_type.next()) {
                (Some(id), None) => Some(id),
                _ => None,
            }
        };
        Only {
            action: only(ResourceType::Action),
            flow: only(ResourceType::Flow),
        }
    }

    /// Adds what `site` names to `calls`.
    fn add(self, calls: &mut Calls, site: &ReferenceSite, member_of: &[usize]) {
        if let Some(key) = counted_key(site) {
            match site.field {
                ReferenceField::ActionName(_) => calls.action_keys.push(key.to_owned()),
                ReferenceField::FlowName(_) => calls.flow_keys.push(key.to_owned()),
            }
        }
        // A reference that names nothing is read against the bundle's only resource of its
        // type, the likely target whatever its name.
        let only_of_type = match site.field {
            ReferenceField::ActionName(_) => self.action,
            ReferenceField::FlowName(_) => self.flow,
        };
        let target = match site.target {
            Target::Resource(target) => Some(target),
            Target::Unresolved => only_of_type,
            Target::Builtin(_) => None,
        };
        if let Some(&target) = target.and_then(|target| member_of.get(target.0)) {
            calls.targets.push(target);
        }
    }
}

/// What each member's references name, by member position.
fn calls(layout: &Layout, model: &Bundle, index: &Index) -> Vec<Calls> {
    let member_of = lowered_members(layout);
    let only = Only::of(model);
    let mut calls = vec![Calls::default(); layout.members()];
    for site in &index.references {
        let source = match site.field {
            ReferenceField::ActionName(state) => model.scope(state.scope).resource,
            ReferenceField::FlowName(resource) => resource,
        };
        if let Some(&source) = member_of.get(source.0) {
            only.add(&mut calls[source], site, &member_of);
        }
    }
    calls
}

/// The root of a bundle whose only resource is `member`. The root and its `resources` span
/// the member, so that what looks a node up by its range from the root finds it.
fn alone(member: &Member) -> Value {
    let span = TextRange::new(member.key.range.start, end_of(member));
    let object = |members| {
        Value::Object(Arc::new(Object {
            range: span,
            members,
        }))
    };
    let resources = Member {
        key: Str {
            range: TextRange::default(),
            value: "resources".into(),
            terminated: true,
        },
        value: Some(object(vec![member.clone()])),
    };
    object(vec![resources])
}

/// The model of a bundle whose only resource is `member`, lowered in full.
pub(crate) fn lowered_alone(member: &Member) -> Bundle {
    Bundle::lower_focused(Some(&alone(member)), |_| true, &[])
}

/// What the resource of `model` ([`lowered_alone`]) references, read against the names of the
/// bundle `memo` remembers.
fn calls_alone(memo: &Memo, layout: &Layout, model: &Bundle) -> Calls {
    let member_of = lowered_members(layout);
    let mut calls = Calls::default();
    for site in memo.links.names.sites(model) {
        memo.links.only.add(&mut calls, &site, &member_of);
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
fn neighbours(calls: &[Arc<Calls>], namesakes: &[(usize, usize)]) -> Vec<Vec<usize>> {
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
fn integration_after(memo: &Memo, calls: &[Arc<Calls>]) -> Option<Integration> {
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
    /// The text parsed with every member outside the focus in a hole.
    pub parse: Parse,
    layout: Layout,
    /// The member the edit changed.
    edited: usize,
    /// Where that member's value now lies.
    pub edited_value: TextRange,
    edited_alone: Bundle,
    links: Links,
    neighbours: Arc<Vec<Vec<usize>>>,
    pub dirty: Vec<bool>,
    pub focus: Vec<bool>,
    /// [`Memo::may_suppress`] for the edited text.
    pub may_suppress: bool,
}

/// How deep the members of `resources` lie: the root object is 1 deep, `resources` 2.
const RESOURCE_DEPTH: usize = 2;

/// How far a finding reaches: the findings in a resource rest on the resources within this
/// many references of it.
const REACH: usize = 2;

/// How far a request reaches: what a completion, hover or definition in a resource reads of
/// the bundle beyond the names of its resources lies within this many references of it (the
/// actions a flow calls, the job spec that starts it).
const REQUEST_REACH: usize = 1;

/// At most how many members a request's focus may hold for the memo to keep their whole trees
/// ([`Memo::requested`]).
const KEPT_FOR_REQUESTS: usize = 32;

impl<'a> Plan<'a> {
    /// The plan for `text`, analysed before as `old_text` into `memo`; `None` when the edit
    /// needs a full analysis: when it changed more than the inside of one member.
    ///
    /// Neither the whole text is parsed nor the whole model lowered. The changed member is
    /// parsed alone, and lowered alone to read what it now references; every other member's
    /// references are the memo's. Then the members in focus have their whole trees, and the
    /// rest their [`skeleton`]s.
    pub fn new(memo: &'a Memo, before: Before, text: &str, config: &Config) -> Option<Plan<'a>> {
        if *config != memo.config {
            return None;
        }
        let old = &memo.layout;
        let change = match before {
            Before::Text(old_text) => TextChange::between(old_text, text),
            Before::Unchanged(unchanged) => unchanged.change(old.len, text.len()),
        };
        let (segment, _) = old.segment(u32::try_from(change.start).ok()?);
        let (start, end) = (old.bounds[segment], *old.bounds.get(segment + 1)?);
        let inside = start < change.start as u32 && (change.old_end as u32) < end;
        if segment % 2 == 0 || !inside {
            return None;
        }
        let edited = segment / 2;
        let delta = change.delta();
        let moved = |(at, &bound): (usize, &u32)| match at > segment {
            true => u32::try_from(i64::from(bound) + delta).ok(),
            false => Some(bound),
        };
        let layout = Layout {
            bounds: old
                .bounds
                .iter()
                .enumerate()
                .map(moved)
                .collect::<Option<_>>()?,
            len: text.len(),
            identities: old.identities.clone(),
            keys: old.keys.clone(),
            resources: moved_range(old.resources, end, delta),
            frame: (old.frame.iter())
                .map(|error| error.moved(|range| moved_range(range, end, delta)))
                .collect(),
        };
        // The text around the edited member is as it was, so the whole text parses as before
        // when that member still parses into a value that ends where the next text starts.
        let (member, member_errors) = parse_member(text, start, RESOURCE_DEPTH);
        let member = member?;
        if !is_identity_of(layout.identities[edited].as_ref(), &member)
            || end_of(&member) != layout.bounds[segment + 1]
            || member_errors
                .iter()
                .any(|error| error.kind == SyntaxErrorKind::Invalid)
        {
            return None;
        }
        // A directive the edit wrote overlaps the edited member, whose text is the edit's.
        let around_member = &text.as_bytes()[(start as usize)
            .saturating_sub(COMMENT_DIRECTIVE.len())
            ..(end_of(&member) as usize + COMMENT_DIRECTIVE.len()).min(text.len())];
        let may_suppress = memo.may_suppress
            || (around_member.windows(COMMENT_DIRECTIVE.len()))
                .any(|window| window == COMMENT_DIRECTIVE.as_bytes());
        let changed: Vec<bool> = (0..layout.members())
            .map(|member| member == edited)
            .collect();
        let mut links = memo.links.clone();
        let edited_alone = lowered_alone(&member);
        links.references[edited] = Arc::new(calls_alone(memo, &layout, &edited_alone));
        if integration_after(memo, &links.references) != memo.integration {
            return None;
        }
        // Most edits leave what the member references as it was, and so the graph.
        let neighbours =
            match links.references[edited].targets == memo.links.references[edited].targets {
                true => memo.neighbours.clone(),
                false => Arc::new(neighbours(&links.references, &links.namesakes)),
            };
        let mut dirty = changed.clone();
        spread(&mut dirty, &neighbours, REACH);
        let mut was_near = changed.clone();
        spread(&mut was_near, &memo.neighbours, REACH);
        for member in 0..dirty.len() {
            dirty[member] |= was_near[member]
                || memo.found[member]
                    .touches
                    .iter()
                    .any(|&touched| changed[touched]);
        }
        let mut focus = dirty.clone();
        spread(&mut focus, &neighbours, REACH);
        let Ok(mut kept) = memo.kept.lock() else {
            // A plan failed while it moved the holes, which may lie anywhere now.
            return None;
        };
        // The edit must leave the edited member's key, and what lies between it and its value,
        // as they were: the memo's errors about them hold only then.
        if change.start as u32 <= kept.get(edited)?.as_ref()?.start {
            return None;
        }
        let edit = Edit {
            member: edited,
            parsed: &member,
            errors: &member_errors,
            delta,
        };
        let parse = put_together(text, &layout, &mut kept, &focus, Some(edit), false)?;
        drop(kept);
        let edited_value = member
            .value
            .as_ref()
            .map_or_else(TextRange::default, Value::range);
        Some(Plan {
            memo,
            parse,
            layout,
            edited,
            edited_value,
            edited_alone,
            links,
            neighbours,
            dirty,
            focus,
            may_suppress,
        })
    }

    /// The names references resolve against, the same as before the edit.
    pub fn names(&self) -> &Index {
        self.memo.names()
    }

    /// The model of the edited member alone, as it now is ([`lowered_alone`]).
    pub fn edited_alone(&self) -> &Bundle {
        &self.edited_alone
    }

    /// The bundle's integration, the same as before the edit.
    pub fn integration(&self) -> Option<Integration> {
        self.memo.integration.clone()
    }

    /// The findings of the whole text: of the rules [`rules::is_local`] to a resource, `local`'s
    /// in the edited member and the memo's, moved, in every other; of the rest, `shared`'s in
    /// dirty members and between members, the memo's, moved, in clean ones. Also the memo for
    /// the next edit, and the plan's parse.
    pub fn merge(
        self,
        shared: Vec<Arc<Diagnostic>>,
        local: Vec<Arc<Diagnostic>>,
    ) -> (Vec<Arc<Diagnostic>>, Memo, Parse) {
        let layout = self.layout;
        let mut findings = vec![Vec::new(); layout.members()];
        let mut between = Vec::new();
        for diagnostic in shared {
            match layout.member_at(diagnostic.range) {
                Some(member) if self.dirty[member] => findings[member].push(diagnostic),
                Some(_) => {}
                None => between.push(diagnostic),
            }
        }
        let in_edited =
            |diagnostic: &Arc<Diagnostic>| layout.member_at(diagnostic.range) == Some(self.edited);
        findings[self.edited].extend(local.into_iter().filter(in_edited));
        let old = &self.memo.layout;
        // What lies before the end of the edited member stays where it was.
        let unmoved = old.bounds[2 * self.edited + 2];
        let stays = |diagnostic: &Diagnostic| ranges(diagnostic).all(|range| range.end < unmoved);
        let found: Vec<Found> = (findings.into_iter().enumerate())
            .map(|(member, mut fresh)| {
                let kept = &self.memo.found[member];
                match self.dirty[member] {
                    true => {
                        if member != self.edited {
                            let local = (kept.diagnostics.iter())
                                .filter(|diagnostic| rules::is_local(diagnostic.rule))
                                .map(|diagnostic| match stays(diagnostic) {
                                    true => diagnostic.clone(),
                                    false => Arc::new(moved(diagnostic, old, &layout)),
                                });
                            fresh.extend(local);
                        }
                        fresh.sort_by(|a, b| in_order(a, b));
                        Found::new(&layout, member, fresh.into())
                    }
                    false if kept.diagnostics.iter().all(|diagnostic| stays(diagnostic)) => {
                        kept.clone()
                    }
                    // Moved with the text, they point into the same members.
                    false => Found {
                        diagnostics: (kept.diagnostics.iter())
                            .map(|diagnostic| Arc::new(moved(diagnostic, old, &layout)))
                            .collect(),
                        touches: kept.touches.clone(),
                    },
                }
            })
            .collect();
        // A member in focus is kept whole; one outside it was a skeleton in its hole, but for
        // those the memo kept whole for requests, whose trees are kept, moved.
        let mut carried: Vec<(usize, Hole)> =
            match (self.memo.kept.lock(), self.memo.requested.lock()) {
                (Ok(kept), Ok(requested)) => (requested.iter())
                    .filter(|&&member| !self.focus[member])
                    .filter_map(|&member| {
                        let whole = kept.get(member)?.as_ref().filter(|kept| kept.whole)?;
                        Some((member, whole.hole.clone()))
                    })
                    .collect(),
                _ => Vec::new(),
            };
        carried.sort_unstable_by_key(|(member, _)| *member);
        let requested: Vec<usize> = carried.iter().map(|(member, _)| *member).collect();
        let mut carried = carried.into_iter().peekable();
        let kept = (resource_values(&self.parse).enumerate())
            .map(|(member, value)| {
                let whole = self.focus[member];
                let carried = carried.next_if(|(carried, _)| *carried == member);
                let value = value.filter(|value| matches!(value, Value::Object(_)))?;
                if let Some((_, hole)) = carried {
                    let start = value.range().start;
                    return Some(Kept {
                        hole,
                        whole: true,
                        start,
                    });
                }
                let errors: Arc<[SyntaxError]> = match whole {
                    true => self.parse.errors_in(value.range()).into(),
                    false => Arc::new([]),
                };
                let hole = Hole {
                    errors,
                    ..Hole::quiet(value.clone())
                };
                Some(Kept::new(hole, whole))
            })
            .collect();
        let mut memo = Memo::new(
            layout,
            self.memo.config.clone(),
            self.memo.integration.clone(),
            self.links,
            self.neighbours,
            found,
            kept,
        );
        memo.requested = Mutex::new(requested);
        memo.reused = self.dirty.iter().filter(|&&dirty| !dirty).count();
        memo.may_suppress = self.may_suppress;
        if let Ok(states) = self.memo.states.lock() {
            let mut states = states.clone();
            if let Some(edited) = states.get_mut(self.edited) {
                *edited = None;
            }
            memo.states = Mutex::new(states);
        }
        let mut all = between;
        all.extend((memo.found.iter()).flat_map(|found| found.diagnostics.iter().cloned()));
        (all, memo, self.parse)
    }
}

/// An edit inside one member, as [`put_together`] takes it.
struct Edit<'a> {
    member: usize,
    /// The member as the edit left it, parsed alone, and the errors of that parse.
    parsed: &'a Member,
    errors: &'a [SyntaxError],
    /// How far the edit moved the text after the member.
    delta: i64,
}

/// `text` parsed with its `resources` object put together rather than parsed: its members are
/// the layout's keys, each before the value `kept` for it, moved to where its text now lies
/// (whole in `focus`, a skeleton outside it), but for the edited member as it was just parsed
/// and those in focus the memo has no whole tree of, parsed again (and, when `keep_parsed`,
/// kept whole in `kept`); its errors are the layout's between the members, and those inside
/// each value. `None` when that tree may not stand for the text ([`whole`]).
fn put_together(
    text: &str,
    layout: &Layout,
    kept: &mut [Option<Kept>],
    focus: &[bool],
    edit: Option<Edit>,
    keep_parsed: bool,
) -> Option<Parse> {
    let mut errors = layout.frame.clone();
    let in_value = |member: &Member, errors: &[SyntaxError]| -> Vec<SyntaxError> {
        let value = member
            .value
            .as_ref()
            .map_or(TextRange::default(), Value::range);
        (errors.iter())
            .filter(|error| value.start <= error.range.start)
            .cloned()
            .collect()
    };
    let mut members = Vec::with_capacity(layout.members());
    for (at, kept) in kept.iter_mut().enumerate() {
        if let Some(edit) = edit.as_ref().filter(|edit| edit.member == at) {
            errors.extend(in_value(edit.parsed, edit.errors));
            members.push(edit.parsed.clone());
            continue;
        }
        let moved_by = match &edit {
            Some(edit) if at > edit.member => edit.delta,
            _ => 0,
        };
        let move_to = |hole: &mut Hole, start: u32| {
            hole.shift(i64::from(start) + moved_by - i64::from(hole.range.start));
        };
        let value = match kept {
            Some(kept) if kept.whole == focus[at] => {
                move_to(&mut kept.hole, kept.start);
                errors.extend(kept.hole.errors.iter().cloned());
                kept.hole.value.clone()
            }
            Some(kept) if kept.whole => {
                let mut skeleton = skeleton(&kept.hole.value)?;
                move_to(&mut skeleton, kept.start);
                skeleton.value
            }
            // In focus with only a skeleton kept, or not an object.
            _ => {
                let (parsed, parsed_errors) =
                    parse_member(text, layout.bounds[2 * at + 1], RESOURCE_DEPTH);
                let parsed = parsed?;
                let value_errors = in_value(&parsed, &parsed_errors);
                errors.extend(value_errors.iter().cloned());
                let value = parsed.value?;
                if keep_parsed && focus[at] && matches!(value, Value::Object(_)) {
                    let hole = Hole {
                        range: value.range(),
                        value: value.clone(),
                        errors: value_errors.into(),
                    };
                    *kept = Some(Kept::new(hole, true));
                }
                value
            }
        };
        members.push(Member {
            key: layout.key(at),
            value: Some(value),
        });
    }
    let resources = Object {
        range: layout.resources,
        members,
    };
    let hole = Hole {
        range: layout.resources,
        value: Value::Object(Arc::new(resources)),
        errors: errors.into(),
    };
    let parse = parse_with_holes(text, std::slice::from_ref(&hole));
    whole(&parse).then_some(parse)
}

impl Memo {
    /// The member whose key starts at `start`.
    fn member_keyed_at(&self, start: u32) -> Option<usize> {
        let member = self.layout.member_at(TextRange::new(start, start))?;
        (self.layout.bounds[2 * member + 1] == start).then_some(member)
    }

    /// What `read` makes of the states of the flow whose key starts at `start`, as an outline
    /// of an earlier text showed them, and of how far the flow moved since (the distance to add
    /// to their ranges); `None` when no outline showed them since the flow was last edited.
    pub(crate) fn with_kept_states<T>(
        &self,
        start: u32,
        read: impl FnOnce(&[OutlineItem], i64) -> T,
    ) -> Option<T> {
        let member = self.member_keyed_at(start)?;
        let kept = self.states.lock().ok()?.get(member)?.clone()?;
        Some(read(&kept.states, i64::from(start) - i64::from(kept.start)))
    }

    /// Keeps `states`, the outline of the states of the flow whose key starts at `start`, for
    /// the outlines of later texts.
    pub(crate) fn keep_states(&self, start: u32, states: &[OutlineItem]) {
        let Some(member) = self.member_keyed_at(start) else {
            return;
        };
        let Ok(mut kept) = self.states.lock() else {
            return;
        };
        // What is kept holds as long as the flow is not edited (an edit forgets its states).
        if let Some(entry @ None) = kept.get_mut(member) {
            *entry = Some(Arc::new(KeptStates {
                start,
                states: states.to_vec(),
            }));
        }
    }

    /// A focus on the member whose value holds `offset` in `text`, the text this memo is of:
    /// that member and those within [`REQUEST_REACH`] references of it whole, every other one
    /// a skeleton, as a request there reads them. Made from what the memo keeps, with only the
    /// members in that focus it has no whole tree of parsed again, rather than from the whole
    /// text; the resources outside it that `lowered`, a model of `text`, lowered alike are
    /// taken from it ([`Bundle::lower_focused`]).
    pub(crate) fn focus_on(
        &self,
        text: &str,
        offset: u32,
        lowered: &[Arc<Resource>],
    ) -> Option<Focus> {
        let layout = &self.layout;
        let member = layout.member_at(TextRange::empty(offset))?;
        let mut focus: Vec<bool> = (0..layout.members()).map(|at| at == member).collect();
        spread(&mut focus, &self.neighbours, REQUEST_REACH);
        let parse = {
            let mut kept = self.kept.lock().ok()?;
            let mut requested = self.requested.lock().ok()?;
            let in_focus: Vec<usize> = (0..focus.len()).filter(|&at| focus[at]).collect();
            let is_whole =
                |kept: &[Option<Kept>], at: usize| kept[at].as_ref().is_some_and(|kept| kept.whole);
            let skeletons: Vec<usize> = (in_focus.iter().copied())
                .filter(|&at| !is_whole(&kept, at))
                .collect();
            // A focus that reaches far is not kept: each edit would make the skeletons of
            // its trees again.
            let keep_parsed = in_focus.len() <= KEPT_FOR_REQUESTS;
            let parse = put_together(text, layout, &mut kept, &focus, None, keep_parsed);
            // Only the trees of the last place asked about are kept for requests.
            for &at in requested.iter().filter(|&&at| !focus[at]) {
                let Some(whole) = kept[at].as_mut().filter(|kept| kept.whole) else {
                    continue;
                };
                if let Some(skeleton) = skeleton(&whole.hole.value) {
                    whole.hole = skeleton;
                    whole.whole = false;
                }
            }
            requested.retain(|&at| focus[at]);
            requested.extend(skeletons.into_iter().filter(|&at| is_whole(&kept, at)));
            parse?
        };
        let value = resource_values(&parse).nth(member)??.range();
        let model = Bundle::lower_focused(parse.root.as_ref(), |at| focus[at], lowered);
        let index = Index::build_focused(&model, self.integration.clone(), Some(self.names()));
        Some(Focus {
            parse,
            model,
            index,
            resource: value,
        })
    }

    /// The names references resolve against: those of every text an edit inside a member
    /// leaves the memo's in.
    pub(crate) fn names(&self) -> &Index {
        &self.links.names
    }

    /// The memo of a full analysis.
    pub(crate) fn of_full(
        text: &str,
        parse: &Parse,
        model: &Bundle,
        index: &Index,
        config: &Config,
        diagnostics: &[Arc<Diagnostic>],
    ) -> Memo {
        let layout = Layout::of(parse, text.len());
        let links = Links::of(&layout, model, index);
        let neighbours = Arc::new(neighbours(&links.references, &links.namesakes));
        let mut findings = vec![Vec::new(); layout.members()];
        for diagnostic in diagnostics {
            if let Some(member) = layout.member_at(diagnostic.range) {
                findings[member].push(diagnostic.clone());
            }
        }
        let found = (findings.into_iter().enumerate())
            .map(|(member, diagnostics)| Found::new(&layout, member, diagnostics.into()))
            .collect();
        let kept = resource_values(parse)
            .map(|value| {
                let hole = value.and_then(skeleton)?;
                Some(Kept::new(hole, false))
            })
            .collect();
        let mut memo = Memo::new(
            layout,
            config.clone(),
            index.integration.clone(),
            links,
            neighbours,
            found,
            kept,
        );
        memo.may_suppress = text.contains(COMMENT_DIRECTIVE);
        memo
    }

    fn new(
        layout: Layout,
        config: Config,
        integration: Option<Integration>,
        links: Links,
        neighbours: Arc<Vec<Vec<usize>>>,
        found: Vec<Found>,
        kept: Vec<Option<Kept>>,
    ) -> Memo {
        Memo {
            layout,
            config,
            integration,
            links,
            neighbours,
            kept: Mutex::new(kept),
            requested: Mutex::new(Vec::new()),
            states: Mutex::new(vec![None; found.len()]),
            found,
            reused: 0,
            may_suppress: true,
        }
    }
}

/// `range` in the text after an edit that moved the text from `from` on by `delta`.
fn moved_range(range: TextRange, from: u32, delta: i64) -> TextRange {
    let offset = |offset: u32| match offset >= from {
        true => TextRange::empty(offset).shifted(delta).start,
        false => offset,
    };
    TextRange::new(offset(range.start), offset(range.end))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::completion::completions;
    use crate::reanalyze;

    /// Three actions that name nothing, so that an edit in the first leaves the others out of
    /// its focus, each in a hole holding its skeleton.
    const BUNDLE: &str = r#"{
  "zis_template_version": "2019-10-14",
  "name": "moved",
  "resources": {
    "first": {"type": "ZIS::Action::Http", "properties": {"name": "first", "definition": {"method": "GET", "url": "https://example.com/a"}}},
    "second": {"type": "ZIS::Action::Http", "properties": {"name": "second", "definition": {"method": "GET", "url": "https://example.com/b"}}},
    "third": {"type": "ZIS::Action::Http", "properties": {"name": "third", "definition": {"method": "GET", "url": "https://example.com/c"}}}
  }
}"#;

    /// The bundle with `times` characters typed into the first action's url.
    fn typed(times: usize) -> String {
        let at = BUNDLE.find("/a\"").expect("the first url") + 2;
        format!("{}{}{}", &BUNDLE[..at], "x".repeat(times), &BUNDLE[at..])
    }

    fn member_object(parse: &Parse, member: usize) -> Arc<Object> {
        let member = resource_members(parse).nth(member).expect("a member");
        let value = member.value.as_ref().expect("a value");
        value.as_object().expect("an object").clone()
    }

    fn kept_object(memo: &Memo, member: usize) -> *const Object {
        let kept = memo.kept.lock().expect("no plan failed");
        let hole = &kept[member].as_ref().expect("a kept member").hole;
        Arc::as_ptr(hole.value.as_object().expect("an object"))
    }

    #[test]
    fn errors_between_the_resources_stay_where_their_text_is_when_one_is_edited() {
        let config = Config::default();
        // A comment and a duplicate key between the resources, a trailing comma after them.
        let before = (typed(0).replacen(
            "\n    \"second\"",
            "\n    // the second\n    \"third\": {},\n    \"second\"",
            1,
        ))
        .replacen("}}}\n  }", "}}},\n  }", 1);
        let opened = reanalyze(&Arc::new(before.clone()), &config, None);
        let codes: Vec<&str> = (opened.diagnostics.iter())
            .map(|diagnostic| diagnostic.rule.code())
            .collect();
        assert!(
            codes.contains(&"ZIS002") && codes.contains(&"ZIS003"),
            "{codes:?}"
        );
        let mut memo = opened.memo().expect("a memo");
        let mut text = before;
        // Typed before the errors, then after them.
        for url in ["/a", "/c"] {
            for _ in 0..2 {
                let at = text.find(url).expect("a url") + 2;
                let edited = format!("{}x{}", &text[..at], &text[at..]);
                let analysis = reanalyze(
                    &Arc::new(edited.clone()),
                    &config,
                    Some((Before::Text(&text), &memo)),
                );
                assert!(analysis.reused_resources() > 0, "not a full analysis");
                let fresh = crate::analyze(&edited, &config);
                assert_eq!(analysis.diagnostics, fresh.diagnostics);
                memo = analysis.memo().expect("a memo");
                text = edited;
            }
        }
    }

    /// A bundle whose second flow calls an action it has not named yet; its first flow calls
    /// one of the two with `key` for the integration key.
    fn calling(key: &str) -> String {
        let flow = |name: &str, action: &str| {
            format!(
                r#""{name}": {{"type": "ZIS::Flow", "properties": {{"name": "{name}", "definition": {{"StartAt": "Call", "States": {{"Call": {{"Type": "Action", "ActionName": "{action}", "End": true}}}}}}}}}}"#
            )
        };
        format!(
            r#"{{
  "zis_template_version": "2019-10-14",
  "name": "calling",
  "resources": {{
    "first": {{"type": "ZIS::Action::Http", "properties": {{"name": "first", "definition": {{"method": "GET", "url": "https://example.com/a"}}}}}},
    "second": {{"type": "ZIS::Action::Http", "properties": {{"name": "second", "definition": {{"method": "GET", "url": "https://example.com/b"}}}}}},
    {},
    {}
  }}
}}"#,
            flow("a", &format!("zis:{key}:action:first")),
            flow("b", "zis:")
        )
    }

    #[test]
    fn a_focus_completes_in_the_edited_resource_or_another_only_when_it_knows_the_integration_key()
    {
        let config = Config::default();
        // Typed into the second flow's `ActionName`, then completed at its start: the key new
        // references take is the one the first flow's reference names, outside the focus.
        for (key, offered) in [("acme", true), ("INTEGRATION_KEY", false)] {
            let before = calling(key);
            let at = before.rfind("\"zis:\"").expect("the second flow's action") + 5;
            let text = format!("{}x{}", &before[..at], &before[at..]);
            let opened = reanalyze(&Arc::new(before.clone()), &config, None);
            let memo = opened.memo().expect("a memo");
            let edited = reanalyze(
                &Arc::new(text.clone()),
                &config,
                Some((Before::Text(&before), &memo)),
            );
            assert!(edited.reused_resources() > 0, "not a full analysis");
            let start = at as u32 - 4;
            let focus = edited.focus_at(start);
            assert_eq!(focus.is_some(), offered, "{key}");
            let fresh = crate::analyze(&text, &config);
            let expected = completions(fresh.view(), &text, start);
            let label = format!("zis:{key}:action:first");
            assert!(expected.iter().any(|item| item.label == label), "{key}");
            let view = focus
                .as_ref()
                .map_or_else(|| edited.view(), |focus| focus.view());
            assert_eq!(completions(view, &text, start), expected, "{key}");
            // In the first flow's `ActionName`, a focus made on that flow answers.
            let elsewhere = text.find("\"zis:").expect("the first flow's action") as u32 + 5;
            let expected = completions(fresh.view(), &text, elsewhere);
            assert!(expected.iter().any(|item| item.label == label), "{key}");
            let focus = edited.focus_at(elsewhere);
            assert_eq!(focus.is_some(), offered, "{key}");
            if let Some(focus) = focus {
                let flow = focus.resource();
                assert_eq!(
                    &text[flow.start as usize..][..30],
                    r#"{"type": "ZIS::Flow", "propert"#
                );
                assert!(flow.end < start, "the first flow's, not the edited one's");
                assert_eq!(completions(focus.view(), &text, elsewhere), expected);
            }
            // In a resource's key, outside every value, no focus answers.
            assert!(edited
                .focus_at(text.find("first").expect("the action's key") as u32)
                .is_none());
        }
    }

    /// Whether the memo keeps the whole tree of each of the three members.
    fn kept_whole(memo: &Memo) -> Vec<bool> {
        let kept = memo.kept.lock().expect("no plan failed");
        (kept.iter())
            .map(|kept| kept.as_ref().is_some_and(|kept| kept.whole))
            .collect()
    }

    #[test]
    fn a_request_keeps_the_trees_it_read_through_edits_elsewhere_until_one_is_made_elsewhere() {
        let config = Config::default();
        // Members: the actions `first` and `second`, the flows `a` (calling `first`) and `b`.
        let bundle = calling("acme");
        let typed = |times: usize| {
            let at = bundle.find("/b\"").expect("the second url") + 2;
            format!("{}{}{}", &bundle[..at], "x".repeat(times), &bundle[at..])
        };
        let in_flow = |text: &str, flow: &str| {
            let needle = format!("\"name\": \"{flow}\"");
            text.find(&needle).expect("a flow") as u32
        };
        let opened = reanalyze(&Arc::new(typed(0)), &config, None);
        let first = reanalyze(
            &Arc::new(typed(1)),
            &config,
            Some((Before::Text(&typed(0)), &opened.memo().expect("a memo"))),
        );
        drop(opened);
        let memo = first.memo().expect("a memo");
        assert_eq!(kept_whole(&memo), [false, true, false, false]);
        drop(first.focus_at(in_flow(&typed(1), "b")).expect("a focus"));
        assert_eq!(kept_whole(&memo), [false, true, false, true]);

        // Typed in the second action again: the flow `b` is outside the edit's focus.
        first.release_focus();
        drop(first);
        let second = reanalyze(
            &Arc::new(typed(2)),
            &config,
            Some((Before::Text(&typed(1)), &memo)),
        );
        drop(memo);
        let memo = second.memo().expect("a memo");
        assert_eq!(kept_whole(&memo), [false, true, false, true]);
        let kept = kept_object(&memo, 3);
        let asked = second.focus_at(in_flow(&typed(2), "b")).expect("a focus");
        let flow = member_object(asked.view().parse, 3);
        assert!(std::ptr::eq(Arc::as_ptr(&flow), kept), "not parsed again");
        assert_eq!(*flow, *member_object(&zis_syntax::parse(&typed(2)), 3));
        drop(asked);

        // Asked in the flow `a`, the memo keeps its trees, and the action it calls, instead.
        drop(second.focus_at(in_flow(&typed(2), "a")).expect("a focus"));
        assert_eq!(kept_whole(&memo), [true, true, true, false]);
    }

    #[test]
    fn a_plan_moves_the_holes_nothing_else_holds_and_copies_the_others() {
        let config = Config::default();
        let opened = reanalyze(&Arc::new(typed(0)), &config, None);
        let (one, two, three) = (typed(1), typed(2), typed(3));
        let first = reanalyze(
            &Arc::new(one.clone()),
            &config,
            Some((Before::Text(&typed(0)), &opened.memo().expect("a memo"))),
        );
        // The memo before it shares the skeletons until it is freed, as the server frees it.
        drop(opened);
        let memo = first.memo().expect("a memo");
        drop(first);
        let kept = kept_object(&memo, 2);

        let plan = Plan::new(&memo, Before::Text(&one), &two, &config).expect("an edit inside");
        assert!(!plan.focus[2], "the third action is outside the focus");
        let moved = member_object(&plan.parse, 2);
        assert!(std::ptr::eq(Arc::as_ptr(&moved), kept), "moved in place");
        assert_eq!(
            moved.range,
            member_object(&zis_syntax::parse(&two), 2).range
        );

        // The parse of that plan holds the skeleton now: another plan from the same memo
        // copies it, and leaves the parse's where it lies.
        let other = Plan::new(&memo, Before::Text(&one), &three, &config).expect("an edit inside");
        let copied = member_object(&other.parse, 2);
        assert!(!Arc::ptr_eq(&copied, &moved), "copied");
        assert_eq!(
            copied.range,
            member_object(&zis_syntax::parse(&three), 2).range
        );
        assert_eq!(member_object(&plan.parse, 2).range, moved.range);
        assert_eq!(moved.range.start + 1, copied.range.start);
    }
}
