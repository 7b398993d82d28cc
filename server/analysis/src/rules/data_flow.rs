//! What states and action definitions read, and what a flow's states write: the facts behind the
//! data rules (ZIS502 to ZIS506).
//!
//! A state reads the flow data; an action definition reads the `Parameters` of the state that
//! calls it. Writes are tracked as paths written whole (`ResultPath: "$.search"` writes
//! `search`, whatever the action returned under it), by a forward analysis over each scope's
//! transitions: what every run has written before a state (`must`) and what some run may have
//! written (`may`). When a write makes the shape of the data unknowable (an action's result
//! replacing all of it, a Map item, an undocumented `OutputPath`), nothing is claimed after it.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::sync::OnceLock;

use smallvec::{smallvec, SmallVec};
use zis_jsonpath::{parse, Path, PathError};
use zis_syntax::{Str, TextRange, Value};

use super::path_sites::{Site, SiteKind};
use super::zis504_parameter_not_passed::{calls, Call};
use super::{join, Context};
use crate::model::{
    objects_in, Bundle, ResourceId, ResourceKind, ScopeId, State, StateId, TransitionKind,
};
pub(super) use crate::payload::STARTING_KEYS;
use crate::schema::StateType;
use crate::HashMap;

/// How many names of a path the analysis follows. Comparing paths name by name for every
/// prefix costs the cube of their depth; real paths are a few names deep, and a path cut here
/// reads or writes everything below its first names, which can only hide a finding, never make
/// one up.
pub(super) const MAX_DEPTH: usize = 32;

/// Whose data a path reads: a state reads the flow data, an action definition the `Parameters`
/// of the state that calls it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reader {
    State(StateId),
    Action(ResourceId),
}

/// One path that ZIS evaluates: a path value, or a `{{$…}}` placeholder inside a string.
pub(super) struct Read<'a> {
    pub reader: Reader,
    /// The string that holds the path.
    pub string: &'a Str,
    /// Where the path starts in the string's value.
    start: usize,
    pub path: &'a Path,
}

impl Read<'_> {
    /// The names the path goes through from the root: `["search", "tickets"]` for
    /// `$.search.tickets[0].id`.
    pub fn names(&self) -> Vec<&str> {
        let mut names = self.path.field_prefix();
        names.truncate(MAX_DEPTH);
        names
    }

    /// The source range of the path up to its `len`th segment: `$.search` for 1.
    pub fn range(&self, text: &str, len: usize) -> TextRange {
        self.string
            .source_range(text, self.start..self.start + self.end(len))
    }

    /// The path up to its `len`th segment, as written.
    pub fn text(&self, len: usize) -> String {
        self.string.value[self.start..self.start + self.end(len)].to_string()
    }

    /// The source range of the name of the path's `len`th segment when it is written `.name`,
    /// the form a fix can put another plain name into.
    pub fn dotted_name_range(&self, text: &str, len: usize) -> Option<TextRange> {
        let segment = self.path.segments.get(len.checked_sub(1)?)?;
        let written = self
            .string
            .value
            .get(self.start..)?
            .get(segment.range.clone())?;
        let name = written
            .strip_prefix('.')
            .filter(|name| !name.starts_with('.'))?;
        let end = self.start + segment.range.end;
        Some(self.string.source_range(text, end - name.len()..end))
    }

    /// Where the path's `len`th segment ends, from the start of the path.
    fn end(&self, len: usize) -> usize {
        len.checked_sub(1)
            .and_then(|last| self.path.segments.get(last))
            .map_or(1, |segment| segment.range.end)
    }
}

/// Every path read by a state or an action definition, in source order. Paths that do not
/// parse are ZIS110's and read nothing here.
fn reads<'a>(model: &'a Bundle, sites: &'a [Site<'a>]) -> Vec<Read<'a>> {
    let mut readers = Readers::new(model);
    let mut reads = Vec::new();
    for site in sites {
        let Value::String(string) = site.value else {
            continue;
        };
        let Some(reader) = readers.at(string.range.start) else {
            continue;
        };
        // Writes, and the undocumented filters whose effect the analysis does not model.
        if matches!(site.kind, SiteKind::Field { .. })
            && matches!(
                site.key.value.as_str(),
                "ResultPath" | "InputPath" | "OutputPath"
            )
        {
            continue;
        }
        if let Some(Ok(path)) = site.path() {
            reads.push(Read {
                reader,
                string,
                start: 0,
                path,
            });
            continue;
        }
        for placeholder in site.placeholders() {
            if let Ok(path) = &placeholder.result {
                reads.push(Read {
                    reader,
                    string,
                    start: placeholder.path_range.start,
                    path,
                });
            }
        }
    }
    reads
}

/// Finds the innermost state or action definition around an offset, for offsets given in
/// increasing order: states nest (a Map's iterator holds states), so a sweep with a stack of the
/// open ones answers each in amortised constant time.
struct Readers {
    spans: Vec<(TextRange, Reader)>,
    next: usize,
    open: Vec<(TextRange, Reader)>,
}

impl Readers {
    fn new(model: &Bundle) -> Readers {
        let states = model
            .states()
            .map(|(id, state)| (state.object.range, Reader::State(id)));
        let actions = model
            .resource_ids()
            .filter_map(|id| match &model.resource(id).kind {
                ResourceKind::Action {
                    definition: Some(definition),
                } => Some((definition.range, Reader::Action(id))),
                _ => None,
            });
        let mut spans: Vec<_> = states.chain(actions).collect();
        spans.sort_by_key(|(range, _)| (range.start, Reverse(range.end)));
        Readers {
            spans,
            next: 0,
            open: Vec::new(),
        }
    }

    fn at(&mut self, offset: u32) -> Option<Reader> {
        while let Some(&(range, reader)) = self.spans.get(self.next) {
            if range.start > offset {
                break;
            }
            self.close_before(range.start);
            self.open.push((range, reader));
            self.next += 1;
        }
        self.close_before(offset);
        self.open.last().map(|&(_, reader)| reader)
    }

    fn close_before(&mut self, offset: u32) {
        while self
            .open
            .last()
            .is_some_and(|(range, _)| range.end <= offset)
        {
            self.open.pop();
        }
    }
}

/// Whether a state's paths read the flow data as it stands: an `InputPath` (undocumented for
/// ZIS) would make them read a part of it.
pub(super) fn reads_flow_data(state: &State) -> bool {
    state
        .object
        .get("InputPath")
        .is_none_or(|value| value.as_str().is_some_and(|path| path.value == "$"))
}

/// A path into the flow data, as the names it goes through.
type Names = Vec<String>;

/// Whether a read of `path` finds something after a write of `written`: it reads inside it, or
/// on the way to it.
pub(super) fn meets(written: &[String], path: &[&str]) -> bool {
    let shared = written
        .iter()
        .zip(path)
        .take_while(|(a, b)| a == *b)
        .count();
    shared == written.len() || shared == path.len()
}

/// What running a state does to the flow data on the way out along one transition.
enum Effect {
    Keep,
    /// Writes one path whole.
    Write(Names),
    /// Replaces all the data with an object of these keys (a Pass `Result` at `$`).
    Replace(Vec<Names>),
    Unknown,
}

fn effect(state: &State, transition: TransitionKind, sites: &[Site]) -> Effect {
    let object = &state.object;
    if let TransitionKind::Catch(index) = transition {
        let Some(handler) = objects_in(object.get_array("Catch")).nth(index) else {
            return Effect::Unknown;
        };
        // Without `ResultPath` the error replaces all the data.
        return match result_path(handler.get("ResultPath"), sites) {
            Target::Root => Effect::Unknown,
            target => target.effect(),
        };
    }
    let Some(ty) = state.ty else {
        return Effect::Unknown;
    };
    if object
        .get("OutputPath")
        .is_some_and(|value| value.as_str().is_none_or(|path| path.value != "$"))
    {
        return Effect::Unknown;
    }
    match ty {
        StateType::Choice | StateType::Wait | StateType::Succeed | StateType::Fail => Effect::Keep,
        StateType::Pass => match (
            result_path(object.get("ResultPath"), sites),
            object.get("Result"),
        ) {
            (Target::Root, None) => Effect::Keep,
            (Target::Root, Some(Value::Object(result))) => Effect::Replace(
                result
                    .members
                    .iter()
                    .map(|member| {
                        let key = &member.key.value;
                        vec![key.strip_suffix(".$").unwrap_or(key).to_string()]
                    })
                    .collect(),
            ),
            (Target::Root, Some(_)) => Effect::Replace(Vec::new()),
            (target, _) => target.effect(),
        },
        StateType::Action | StateType::Map => match result_path(object.get("ResultPath"), sites) {
            Target::Root => Effect::Unknown,
            target => target.effect(),
        },
    }
}

/// Where a `ResultPath` puts a result.
enum Target {
    /// `$`, also the default: the result replaces all the data.
    Root,
    Path(Names),
    /// `null`: the result is dropped.
    Discard,
    /// Not a path this analysis can follow.
    Unknown,
}

impl Target {
    fn effect(self) -> Effect {
        match self {
            Target::Path(path) => Effect::Write(path),
            Target::Discard => Effect::Keep,
            Target::Root | Target::Unknown => Effect::Unknown,
        }
    }
}

/// Where `value`, a `ResultPath` of a state or of a Catch handler, puts a result. The path sites
/// hold every such path parsed.
fn result_path(value: Option<&Value>, sites: &[Site]) -> Target {
    match value {
        None => Target::Root,
        Some(Value::Null(_)) => Target::Discard,
        Some(value @ Value::String(string)) => {
            let parsed_here;
            let parsed = match parsed_by_site(value, sites) {
                Some(parsed) => parsed,
                None => {
                    parsed_here = parse(&string.value);
                    parsed_here.as_ref()
                }
            };
            target(parsed)
        }
        Some(_) => Target::Unknown,
    }
}

/// Where a parsed `ResultPath` puts a result.
fn target(parsed: Result<&Path, &PathError>) -> Target {
    match parsed {
        Ok(path) if path.segments.is_empty() => Target::Root,
        Ok(path) => match path.field_prefix() {
            names if names.is_empty() => Target::Unknown,
            names => Target::Path(
                names
                    .into_iter()
                    .take(MAX_DEPTH)
                    .map(str::to_string)
                    .collect(),
            ),
        },
        Err(_) => Target::Unknown,
    }
}

/// The path the path site of `value` parsed, when a site holds it.
fn parsed_by_site<'s>(value: &Value, sites: &'s [Site]) -> Option<Result<&'s Path, &'s PathError>> {
    let start = value.range().start;
    let at = sites
        .binary_search_by_key(&start, |site| site.value.range().start)
        .ok()?;
    let site = &sites[at];
    std::ptr::eq(site.value, value).then(|| site.path())?
}

/// The paths a state may write, with the `ResultPath` value that says so: its own and its
/// Catch handlers'.
pub(super) fn writes<'s>(state: &'s State, sites: &[Site]) -> Vec<(Names, &'s Value)> {
    let own = state.object.get("ResultPath");
    let handlers = objects_in(state.object.get_array("Catch")).map(|h| h.get("ResultPath"));
    std::iter::once(own)
        .chain(handlers)
        .flatten()
        .filter_map(|value| match result_path(Some(value), sites) {
            Target::Path(path) => Some((path, value)),
            _ => None,
        })
        .collect()
}

/// A set of the paths of a [`Universe`], by index.
///
/// Inline up to 128 paths, which covers the scopes seen in practice: the forward analysis
/// copies sets at every transition, and a heap allocation each would be most of its cost.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Bits(SmallVec<[u64; 2]>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(smallvec![0; len.div_ceil(64)])
    }

    fn insert(&mut self, index: usize) {
        self.0[index / 64] |= 1 << (index % 64);
    }

    fn contains(&self, index: usize) -> bool {
        self.0[index / 64] & (1 << (index % 64)) != 0
    }

    fn union(&mut self, other: &Bits) {
        for (word, other) in self.0.iter_mut().zip(&other.0) {
            *word |= other;
        }
    }

    fn intersect(&mut self, other: &Bits) {
        for (word, other) in self.0.iter_mut().zip(&other.0) {
            *word &= other;
        }
    }
}

/// A name of a path, as its place in its [`Universe`]'s table of names: paths compare as runs
/// of integers rather than of strings, and a read looks its names up once.
type Symbol = u32;

/// Every path a scope's states can write (and those a flow starts with). A set of written paths
/// is kept closed: it holds each path written whole and every path of the universe inside one.
/// That makes "written on every way" a plain intersection and "on some way" a plain union.
struct Universe {
    symbols: HashMap<String, Symbol>,
    /// By symbol.
    names: Vec<String>,
    index: BTreeMap<Vec<Symbol>, usize>,
    /// For each path, itself and the paths inside it.
    inside: Vec<Bits>,
}

impl Universe {
    fn new(paths: impl IntoIterator<Item = Names>) -> Universe {
        let mut symbols = HashMap::default();
        let mut names = Vec::new();
        let mut index: BTreeMap<Vec<Symbol>, usize> = BTreeMap::new();
        for path in paths {
            let path = path
                .into_iter()
                .map(|name| {
                    *symbols.entry(name).or_insert_with_key(|name: &String| {
                        names.push(name.clone());
                        (names.len() - 1) as Symbol
                    })
                })
                .collect();
            index.insert(path, 0);
        }
        for (position, id) in index.values_mut().enumerate() {
            *id = position;
        }
        // Paths inside a path sort right after it.
        let inside = index
            .keys()
            .map(|path| {
                let mut bits = Bits::new(index.len());
                for (_, &id) in index
                    .range::<[Symbol], _>((Bound::Included(&path[..]), Bound::Unbounded))
                    .take_while(|(other, _)| other.starts_with(path))
                {
                    bits.insert(id);
                }
                bits
            })
            .collect();
        Universe {
            symbols,
            names,
            index,
            inside,
        }
    }

    fn empty(&self) -> Bits {
        Bits::new(self.index.len())
    }

    /// The symbols of `names` up to the first that no path of the universe holds.
    fn known<'n>(&self, names: impl IntoIterator<Item = &'n str>) -> Vec<Symbol> {
        names
            .into_iter()
            .map_while(|name| self.symbols.get(name).copied())
            .collect()
    }

    /// A path of the universe.
    fn written(&self, path: &Names) -> &Bits {
        &self.inside[self.index[&self.known(path.iter().map(String::as_str))]]
    }

    /// Whether a read of the first `len` names of a path finds something in `set`: a path
    /// written around it or at it, or one inside it. `known` holds the symbols of the path's
    /// names up to the first the universe does not hold, past which no path of it reaches.
    fn covers(&self, set: &Bits, known: &[Symbol], len: usize) -> bool {
        let around = (1..=len.min(known.len())).any(|len| {
            self.index
                .get(&known[..len])
                .is_some_and(|&id| set.contains(id))
        });
        around
            || (len <= known.len()
                && self
                    .index
                    .range::<[Symbol], _>((Bound::Included(&known[..len]), Bound::Unbounded))
                    .take_while(|(other, _)| other.starts_with(&known[..len]))
                    .any(|(_, &id)| set.contains(id)))
    }
}

/// What is known about the flow data when a state starts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Data {
    /// Nothing can be said: an action's result or a Map item is the data, or a filter changed it.
    Unknown,
    Known {
        /// Written on every way to the state.
        must: Bits,
        /// Written on at least one way to the state.
        may: Bits,
    },
}

impl Data {
    /// What holds after either of two ways into a state.
    fn meet(&self, other: &Data) -> Data {
        match (self, other) {
            (
                Data::Known { must, may },
                Data::Known {
                    must: must2,
                    may: may2,
                },
            ) => {
                let (mut must, mut may) = (must.clone(), may.clone());
                must.intersect(must2);
                may.union(may2);
                Data::Known { must, may }
            }
            _ => Data::Unknown,
        }
    }

    fn apply(&self, step: &Step) -> Data {
        match (self, step) {
            (_, Step::Unknown) | (Data::Unknown, Step::Write(_)) => Data::Unknown,
            (data, Step::Keep) => data.clone(),
            (Data::Known { must, may }, Step::Write(written)) => {
                let (mut must, mut may) = (must.clone(), may.clone());
                must.union(written);
                may.union(written);
                Data::Known { must, may }
            }
            (_, Step::Replace(written)) => Data::Known {
                must: written.clone(),
                may: written.clone(),
            },
        }
    }
}

/// An [`Effect`] on the sets of a [`Universe`].
enum Step {
    Keep,
    Write(Bits),
    Replace(Bits),
    Unknown,
}

/// Where a read goes beyond what was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Gap {
    /// The read's first `len` names lead to the first one not written.
    pub len: usize,
    /// Written on some ways to the state but not on all.
    pub maybe: bool,
}

/// What the states of one scope start with.
struct ScopeData {
    universe: Universe,
    /// By state index; `None` for a state no run reaches.
    data: Vec<Option<Data>>,
}

impl ScopeData {
    /// A forward analysis to a fixed point, in reverse postorder so that a state is mostly
    /// visited after the states before it. A state is queued again only when what it starts with
    /// changes, which can only drop `must` bits or add `may` bits.
    fn new(model: &Bundle, id: ScopeId, sites: &[Site]) -> ScopeData {
        let scope = model.scope(id);
        let edges: Vec<Vec<(usize, Effect)>> = scope
            .states
            .iter()
            .map(|state| {
                state
                    .transitions
                    .iter()
                    .filter_map(|t| {
                        let effect = effect(state, t.kind, sites);
                        Some((scope.state(&t.target.value)?, effect))
                    })
                    .collect()
            })
            .collect();
        let top_level = scope.parent.is_none();
        let starting = STARTING_KEYS
            .iter()
            .filter(|_| top_level)
            .map(|key| vec![key.to_string()]);
        let written = edges.iter().flatten().flat_map(|(_, effect)| match effect {
            Effect::Write(path) => vec![path.clone()],
            Effect::Replace(keys) => keys.clone(),
            Effect::Keep | Effect::Unknown => Vec::new(),
        });
        let universe = Universe::new(starting.clone().chain(written));
        let closure = |paths: &mut dyn Iterator<Item = &Names>| {
            let mut bits = universe.empty();
            for path in paths {
                bits.union(universe.written(path));
            }
            bits
        };
        let steps: Vec<Vec<(usize, Step)>> = edges
            .iter()
            .map(|edges| {
                edges
                    .iter()
                    .map(|(next, effect)| {
                        let step = match effect {
                            Effect::Keep => Step::Keep,
                            Effect::Unknown => Step::Unknown,
                            Effect::Write(path) => Step::Write(universe.written(path).clone()),
                            Effect::Replace(keys) => Step::Replace(closure(&mut keys.iter())),
                        };
                        (*next, step)
                    })
                    .collect()
            })
            .collect();

        let mut data: Vec<Option<Data>> = vec![None; scope.states.len()];
        let Some(start) = scope.start_at.as_ref().and_then(|s| scope.state(&s.value)) else {
            return ScopeData { universe, data };
        };
        data[start] = Some(if top_level {
            let keys: Vec<Names> = starting.collect();
            let bits = closure(&mut keys.iter());
            Data::Known {
                must: bits.clone(),
                may: bits,
            }
        } else {
            Data::Unknown
        });
        let order = reverse_postorder(&steps, start);
        let mut queue = BTreeSet::from([(order[start], start)]);
        while let Some((_, index)) = queue.pop_first() {
            let Some(before) = data[index].clone() else {
                continue;
            };
            for (next, step) in &steps[index] {
                let after = before.apply(step);
                let merged = match &data[*next] {
                    Some(old) => old.meet(&after),
                    None => after,
                };
                if data[*next].as_ref() != Some(&merged) {
                    data[*next] = Some(merged);
                    queue.insert((order[*next], *next));
                }
            }
        }
        ScopeData { universe, data }
    }

    /// How a state's read of `names` stands: `None` when it reads what was written (or what
    /// cannot be known), or when no run reaches the state.
    fn gap(&self, state: usize, names: &[&str]) -> Option<Gap> {
        let Some(Data::Known { must, may }) = &self.data[state] else {
            return None;
        };
        let known = self.universe.known(names.iter().copied());
        let missing =
            |set: &Bits| (1..=names.len()).find(|&len| !self.universe.covers(set, &known, len));
        match missing(may) {
            Some(len) => Some(Gap { len, maybe: false }),
            None => missing(must).map(|len| Gap { len, maybe: true }),
        }
    }

    /// The names written on some way to `state` right under `parent`: `collab` under `[]`
    /// after `"ResultPath": "$.collab"`.
    fn written_beside(&self, state: usize, parent: &[&str]) -> Vec<String> {
        let Some(Data::Known { may, .. }) = &self.data[state] else {
            return Vec::new();
        };
        let universe = &self.universe;
        let parent_symbols = universe.known(parent.iter().copied());
        if parent_symbols.len() < parent.len() {
            return Vec::new();
        }
        let mut beside: Vec<String> = universe
            .index
            .range::<[Symbol], _>((Bound::Included(&parent_symbols[..]), Bound::Unbounded))
            .take_while(|(path, _)| path.starts_with(&parent_symbols))
            .filter(|(path, &id)| path.len() == parent.len() + 1 && may.contains(id))
            .filter_map(|(path, _)| Some(universe.names[*path.last()? as usize].clone()))
            .collect();
        // In the order of the names, which is what a suggestion among them ties by.
        beside.sort_unstable();
        beside
    }
}

/// Each state's position in a reverse postorder of the states reached from `start`, found
/// without recursion.
fn reverse_postorder(steps: &[Vec<(usize, Step)>], start: usize) -> Vec<usize> {
    let mut finished = Vec::with_capacity(steps.len());
    let mut seen = vec![false; steps.len()];
    seen[start] = true;
    // Each entry: a state and how many of its transitions were followed.
    let mut stack = vec![(start, 0)];
    while let Some((state, followed)) = stack.pop() {
        match steps[state].get(followed) {
            Some(&(next, _)) => {
                stack.push((state, followed + 1));
                if !seen[next] {
                    seen[next] = true;
                    stack.push((next, 0));
                }
            }
            None => finished.push(state),
        }
    }
    let mut order = vec![usize::MAX; steps.len()];
    for (position, &state) in finished.iter().rev().enumerate() {
        order[state] = position;
    }
    order
}

/// A state's read of something no state wrote before it (on any way, or on some ways).
pub(super) struct Unwritten {
    /// Index into [`Facts::reads`].
    pub read: usize,
    pub state: StateId,
    pub gap: Gap,
    /// For a read nothing writes on any way: the names written on some way beside the first
    /// name not written (under the same parent), for a "did you mean".
    pub written_beside: Vec<String>,
}

/// What the data rules share, derived once per analysis on first use.
#[derive(Default)]
pub(crate) struct Facts<'a> {
    reads: OnceLock<Vec<Read<'a>>>,
    unwritten: OnceLock<Vec<Unwritten>>,
    calls: OnceLock<Vec<Call<'a>>>,
}

impl<'a> Facts<'a> {
    /// Each Action state's call of a custom action or a confirmed built-in, with what it passes
    /// against what the callee reads: ZIS504 reports the one side, ZIS505 the other.
    pub(super) fn calls(&self, ctx: &Context<'a>) -> &[Call<'a>] {
        self.calls.get_or_init(|| calls(ctx))
    }

    /// Every path read by a state or an action definition, in source order.
    pub(super) fn reads(&self, ctx: &Context<'a>) -> &[Read<'a>] {
        self.reads
            .get_or_init(|| reads(ctx.model, ctx.path_sites()))
    }

    /// Every read of the flow data that goes beyond what was written before the state.
    pub(super) fn unwritten(&self, ctx: &Context<'a>) -> &[Unwritten] {
        self.unwritten.get_or_init(|| {
            let model = ctx.model;
            let reads = self.reads(ctx);
            // Scope by scope: each scope's analysis stands alone, so the scopes can be shared
            // out over two threads, and each is dropped once its reads are checked.
            let mut by_scope: Vec<Vec<usize>> = vec![Vec::new(); model.scopes.len()];
            for (index, read) in reads.iter().enumerate() {
                if let Reader::State(id) = read.reader {
                    if reads_flow_data(model.state(id)) {
                        by_scope[id.scope.0].push(index);
                    }
                }
            }
            let check = |first: usize, scopes: &[Vec<usize>]| {
                let mut found = Vec::new();
                for (offset, indices) in scopes.iter().enumerate() {
                    if indices.is_empty() {
                        continue;
                    }
                    let data = ScopeData::new(model, ScopeId(first + offset), ctx.path_sites());
                    for &index in indices {
                        let Reader::State(id) = reads[index].reader else {
                            continue;
                        };
                        let names = reads[index].names();
                        if let Some(gap) = data.gap(id.index, &names) {
                            let written_beside = if gap.maybe {
                                Vec::new()
                            } else {
                                data.written_beside(id.index, &names[..gap.len - 1])
                            };
                            found.push(Unwritten {
                                read: index,
                                state: id,
                                gap,
                                written_beside,
                            });
                        }
                    }
                }
                found
            };
            let total: usize = by_scope.iter().map(Vec::len).sum();
            let mut counted = 0;
            let half = by_scope
                .iter()
                .position(|indices| {
                    counted += indices.len();
                    counted * 2 >= total
                })
                .map_or(by_scope.len(), |at| at + 1);
            let (first, second) = by_scope.split_at(half);
            let (mut found, rest) = if total >= PARALLEL_FROM_READS {
                join(|| check(0, first), || check(half, second))
            } else {
                (check(0, first), check(half, second))
            };
            found.extend(rest);
            found.sort_unstable_by_key(|unwritten| unwritten.read);
            found
        })
    }
}

/// Below this many reads, the forward analyses take less time than starting a thread.
const PARALLEL_FROM_READS: usize = 2_000;

#[cfg(test)]
mod tests {
    use crate::{analyze, Config};

    /// The ZIS502 and ZIS503 findings for a flow with these states, as `code text`.
    fn findings(states: &str) -> Vec<String> {
        let text = format!(
            r#"{{"name": "t", "zis_template_version": "2019-10-14", "resources": {{
                "flow": {{"type": "ZIS::Flow", "properties": {{"name": "f",
                    "definition": {{"StartAt": "A", "States": {states}}}}}}}}}}}"#
        );
        analyze(&text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| matches!(d.rule.code(), "ZIS502" | "ZIS503"))
            .map(|d| format!("{} {}", d.rule.code(), &text[d.range.as_usize()]))
            .collect()
    }

    #[test]
    fn a_path_written_whole_on_one_way_and_in_part_on_the_other() {
        let states = r#"{
            "A": {"Type": "Choice", "Choices": [{"Variable": "$.input.x", "IsPresent": true,
                "Next": "Whole"}], "Default": "Part"},
            "Whole": {"Type": "Pass", "Result": {}, "ResultPath": "$.a", "Next": "Read"},
            "Part": {"Type": "Pass", "Result": 1, "ResultPath": "$.a.b", "Next": "Read"},
            "Read": {"Type": "Succeed", "Message": "{{$.a}} {{$.a.b.c}} {{$.a.d}}"}}"#;
        assert_eq!(findings(states), ["ZIS503 $.a.d"]);
    }

    #[test]
    fn a_catch_writes_its_own_result_path_not_the_state_s() {
        let states = r#"{
            "A": {"Type": "Action", "ActionName": "zis:common:transform:Jq",
                "Parameters": {"expr": ".", "data.$": "$.input"}, "ResultPath": "$.out",
                "Next": "Done", "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err",
                "Next": "Failed"}]},
            "Done": {"Type": "Succeed", "Message": "{{$.out}} {{$.err}}"},
            "Failed": {"Type": "Fail", "Error": "E", "Cause": "{{$.err.Cause}} {{$.out}}"}}"#;
        assert_eq!(findings(states), ["ZIS502 $.err", "ZIS502 $.out"]);
    }

    #[test]
    fn null_keeps_the_data_and_filters_make_it_unknown() {
        let states = r#"{
            "A": {"Type": "Pass", "Result": 1, "ResultPath": null, "Next": "B"},
            "B": {"Type": "Pass", "InputPath": "$.input", "Result": "{{$.ticket_event}}",
                "ResultPath": "$.x", "Next": "C"},
            "C": {"Type": "Succeed", "Message": "{{$.nothing}}", "OutputPath": "$.x", "Next": "D"}}"#;
        assert_eq!(findings(states), ["ZIS502 $.nothing"]);
        let states = r#"{
            "A": {"Type": "Pass", "OutputPath": "$.input", "Next": "B"},
            "B": {"Type": "Succeed", "Message": "{{$.ticket_event}}"}}"#;
        assert!(findings(states).is_empty());
    }

    #[test]
    fn a_bundle_large_enough_to_share_out_gives_every_finding_once_in_order() {
        // 100 flows of 30 states, each reading a path no state writes: thousands of reads and
        // typed objects, past both thresholds for sharing the work over two threads.
        let flows: Vec<String> = (0..100)
            .map(|flow| {
                let states: Vec<String> = (0..30)
                    .map(|state| {
                        let next = if state < 29 {
                            format!(r#""Next": "S{}""#, state + 1)
                        } else {
                            r#""End": true"#.to_owned()
                        };
                        format!(
                            r#""S{state}": {{"Type": "Pass", "Result": "{{{{$.never}}}} {{{{$.input}}}}",
                                "ResultPath": "$.w{state}", {next}}}"#
                        )
                    })
                    .collect();
                format!(
                    r#""flow{flow}": {{"type": "ZIS::Flow", "properties": {{"name": "f{flow}",
                        "definition": {{"StartAt": "S0", "States": {{{}}}}}}}}}"#,
                    states.join(",")
                )
            })
            .collect();
        let text = format!(
            r#"{{"name": "t", "zis_template_version": "2019-10-14", "resources": {{{}}}}}"#,
            flows.join(",")
        );
        let found: Vec<usize> = analyze(&text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.rule.code() == "ZIS502")
            .map(|d| d.range.start as usize)
            .collect();
        let expected: Vec<usize> = text.match_indices("$.never").map(|(at, _)| at).collect();
        assert_eq!(expected.len(), 3_000);
        assert_eq!(found, expected);
    }

    #[test]
    fn a_typo_of_a_name_written_beside_is_fixed_where_it_is_written() {
        let text = r#"{"name": "t", "zis_template_version": "2019-10-14", "resources": {
            "flow": {"type": "ZIS::Flow", "properties": {"name": "f", "definition": {
                "StartAt": "A", "States": {
                "A": {"Type": "Pass", "Result": {}, "ResultPath": "$.search", "Next": "B"},
                "B": {"Type": "Succeed", "Message": "Found {{$.serch.count}} \u0074ickets"}}}}}}}"#;
        let analysis = analyze(text, &Config::default());
        let found: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule.code() == "ZIS502")
            .collect();
        let [finding] = found[..] else {
            panic!("{found:?}");
        };
        assert!(
            finding.message.ends_with("; did you mean `$.search`?"),
            "{}",
            finding.message
        );
        let fix = finding.fix.as_ref().expect("a fix");
        let [edit] = &fix.edits[..] else {
            panic!("{fix:?}")
        };
        assert_eq!(&text[edit.range.as_usize()], "serch");
        assert_eq!(edit.new_text, "search");
    }

    #[test]
    fn loops_settle() {
        let states = r#"{
            "A": {"Type": "Choice", "Choices": [{"Variable": "$.count", "IsPresent": true,
                "Next": "B"}], "Default": "B"},
            "B": {"Type": "Pass", "Result": 1, "ResultPath": "$.count", "Next": "A"}}"#;
        assert_eq!(findings(states), ["ZIS503 $.count"]);
    }
}
