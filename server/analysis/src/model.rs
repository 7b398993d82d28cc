//! The typed bundle model, lowered from the syntax tree.
//!
//! Lowering never fails and never reports: whatever does not have the expected shape is simply
//! left out of the typed view (a `States` that is an array gives a scope with no states), and the
//! rules report it by looking at the same objects through the schema. Every typed object keeps
//! its syntax node, so ranges and unexpected keys stay reachable.

use std::collections::VecDeque;
use std::sync::Arc;

use zis_syntax::{Array, Member, Object, Str, Text, TextRange, Value};

use crate::rules;
use crate::schema::{ObjectKind, StateType};
use crate::HashMap;

/// Bundles whose `resources` take this many bytes of text or more are lowered in two runs at
/// once ([`Bundle::lower`]): below it, starting a thread costs more than it saves.
const IN_TWO_FROM: usize = 256 * 1024;

#[derive(Clone, Debug, Default)]
pub struct Bundle {
    /// `None` when the document is not a JSON object.
    pub root: Option<Arc<Object>>,
    /// Each shared, so that a model of the same text can take those it lowers alike.
    pub resources: Vec<Arc<Resource>>,
    /// Every scope of states: one per flow definition and one per Map iterator.
    pub scopes: Vec<Scope>,
    /// Every object whose shape the schema knows, outermost first.
    pub objects: Vec<TypedObject>,
}

#[derive(Clone, Debug)]
pub struct TypedObject {
    pub kind: ObjectKind,
    pub object: Arc<Object>,
    /// Where object-level findings point: the key whose value the object is (a state's name,
    /// `definition`), or the opening brace of an array item. Underlining a whole state would
    /// hide every finding inside it.
    pub anchor: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateId {
    pub scope: ScopeId,
    pub index: usize,
}

#[derive(Clone, Debug)]
pub struct Resource {
    pub key: Str,
    pub object: Arc<Object>,
    pub type_name: Option<Str>,
    pub kind: ResourceKind,
    pub properties: Option<Arc<Object>>,
    /// `properties.name`: what references resolve against.
    pub name: Option<Str>,
    /// Lowered by its name alone ([`Bundle::lower_focused`]): what the rules find in it is not
    /// kept, so they look at it only to resolve what other resources name.
    pub by_name: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceType {
    Flow,
    Action,
    JobSpec,
}

impl ResourceType {
    pub fn parse(name: &str) -> Option<ResourceType> {
        match name {
            "ZIS::Flow" => Some(ResourceType::Flow),
            "ZIS::Action::Http" => Some(ResourceType::Action),
            "ZIS::JobSpec" => Some(ResourceType::JobSpec),
            _ => None,
        }
    }

    pub fn type_name(self) -> &'static str {
        match self {
            ResourceType::Flow => "ZIS::Flow",
            ResourceType::Action => "ZIS::Action::Http",
            ResourceType::JobSpec => "ZIS::JobSpec",
        }
    }

    /// How messages name it.
    pub fn noun(self) -> &'static str {
        match self {
            ResourceType::Flow => "flow",
            ResourceType::Action => "custom action",
            ResourceType::JobSpec => "job spec",
        }
    }
}

#[derive(Clone, Debug)]
pub enum ResourceKind {
    Flow { scope: Option<ScopeId> },
    Action { definition: Option<Arc<Object>> },
    JobSpec(JobSpec),
    Unknown,
}

impl ResourceKind {
    pub fn resource_type(&self) -> Option<ResourceType> {
        match self {
            ResourceKind::Flow { .. } => Some(ResourceType::Flow),
            ResourceKind::Action { .. } => Some(ResourceType::Action),
            ResourceKind::JobSpec(_) => Some(ResourceType::JobSpec),
            ResourceKind::Unknown => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct JobSpec {
    pub event_source: Option<Str>,
    pub event_type: Option<Str>,
    pub flow_name: Option<Str>,
}

#[derive(Clone, Debug)]
pub struct Scope {
    pub resource: ResourceId,
    /// The Map state whose iterator this is; `None` for a flow definition.
    pub parent: Option<StateId>,
    /// The flow definition or the Map `Iterator`.
    pub object: Arc<Object>,
    pub start_at: Option<Str>,
    pub states: Vec<State>,
    /// First state of each name; a duplicate state name is a duplicate key, reported as such.
    by_name: HashMap<Text, usize>,
}

impl Scope {
    pub fn state(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The states `state` goes to, by index: its transitions that name a state of this scope.
    pub fn successors<'a>(&'a self, state: &'a State) -> impl Iterator<Item = usize> + 'a {
        state
            .transitions
            .iter()
            .filter_map(|transition| self.state(&transition.target.value))
    }

    /// Which states a run can reach from `StartAt`, through every transition the states hold;
    /// `None` when `StartAt` names no state of this scope.
    pub fn reachable(&self) -> Option<Vec<bool>> {
        let start = self.state(&self.start_at.as_ref()?.value)?;
        let mut seen = vec![false; self.states.len()];
        seen[start] = true;
        let mut queue = VecDeque::from([start]);
        while let Some(index) = queue.pop_front() {
            for next in self.successors(&self.states[index]) {
                if !seen[next] {
                    seen[next] = true;
                    queue.push_back(next);
                }
            }
        }
        Some(seen)
    }
}

#[derive(Clone, Debug)]
pub struct State {
    /// The state's key in `States`.
    pub name: Str,
    pub object: Arc<Object>,
    pub ty: Option<StateType>,
    pub transitions: Vec<Transition>,
    /// A Map state's iterator scope.
    pub iterator: Option<ScopeId>,
}

impl State {
    /// Whether the state ends its scope: `"End": true`, or a Succeed or Fail state.
    pub fn is_terminal(&self) -> bool {
        matches!(self.ty, Some(StateType::Succeed | StateType::Fail))
            || matches!(self.object.get("End"), Some(Value::Bool(true, _)))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionKind {
    Next,
    Default,
    /// `Next` of the top-level Choice rule at this index.
    Choice(usize),
    /// `Next` of the Catch handler at this index.
    Catch(usize),
}

#[derive(Clone, Debug)]
pub struct Transition {
    pub kind: TransitionKind,
    pub target: Str,
}

impl Bundle {
    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.0]
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.0]
    }

    pub fn state(&self, id: StateId) -> &State {
        &self.scopes[id.scope.0].states[id.index]
    }

    pub fn resource_ids(&self) -> impl Iterator<Item = ResourceId> {
        (0..self.resources.len()).map(ResourceId)
    }

    pub fn scope_ids(&self) -> impl Iterator<Item = ScopeId> {
        (0..self.scopes.len()).map(ScopeId)
    }

    /// Every state of every scope, with its id.
    pub fn states(&self) -> impl Iterator<Item = (StateId, &State)> {
        self.scopes.iter().enumerate().flat_map(|(scope, s)| {
            s.states.iter().enumerate().map(move |(index, state)| {
                (
                    StateId {
                        scope: ScopeId(scope),
                        index,
                    },
                    state,
                )
            })
        })
    }

    pub fn resources_of(&self, ty: ResourceType) -> impl Iterator<Item = (ResourceId, &Resource)> {
        self.resources
            .iter()
            .enumerate()
            .filter(move |(_, r)| r.kind.resource_type() == Some(ty))
            .map(|(i, r)| (ResourceId(i), &**r))
    }

    /// The resources whose findings the analysis keeps: all but those lowered by name alone.
    pub fn reported_resources(&self) -> impl Iterator<Item = (ResourceId, &Resource)> {
        (self.resource_ids().zip(&self.resources))
            .filter(|(_, resource)| !resource.by_name)
            .map(|(id, resource)| (id, &**resource))
    }

    /// The flow resource a scope belongs to.
    pub fn scope_resource(&self, id: ScopeId) -> &Resource {
        self.resource(self.scope(id).resource)
    }

    /// The typed objects of one kind, e.g. every Catch handler.
    pub fn objects_of(&self, kind: ObjectKind) -> impl Iterator<Item = &TypedObject> {
        self.objects.iter().filter(move |o| o.kind == kind)
    }

    /// The whole model. The resources of a large bundle are lowered in two runs at once, those
    /// before the middle of `resources` and those after it: each resource is lowered by itself,
    /// and the second run's are then numbered on from the first's.
    pub fn lower(root: Option<&Value>) -> Bundle {
        if let Some(Value::Object(object)) = root {
            let resources = object.get_object("resources");
            if let Some(resources) = resources.filter(|r| r.range.len() as usize >= IN_TWO_FROM) {
                return Bundle::lower_in_two(object, resources);
            }
        }
        Bundle::lower_focused(root, |_| true, &[])
    }

    fn lower_in_two(root: &Arc<Object>, resources: &Object) -> Bundle {
        let middle = resources.range.start + resources.range.len() / 2;
        let members = &resources.members;
        let cut = members.partition_point(|member| member.key.range.start < middle);
        let (mut bundle, back) = rules::join(
            || {
                let mut front = Bundle::framed(root);
                front.resources.reserve_exact(members.len());
                front.lower_members(&members[..cut], |_| true, &[]);
                front
            },
            || {
                let mut back = Bundle::default();
                back.lower_members(&members[cut..], |_| true, &[]);
                back
            },
        );
        bundle.append(back);
        bundle
    }

    /// The model with only the resources `in_focus` accepts (by their position among the
    /// members of `resources`) lowered in full: every other resource keeps its key, type, name
    /// and job spec fields, which references resolve against, but none of its scopes or typed
    /// objects, so that the rules look at it only through what the focused resources name.
    /// Such a resource that `lowered`, a model of the same text, holds lowered by name from the
    /// same object is taken from it rather than lowered again: after an edit, the memory of the
    /// thousands of resources outside a request's focus has gone cold.
    pub fn lower_focused(
        root: Option<&Value>,
        in_focus: impl Fn(usize) -> bool,
        lowered: &[Arc<Resource>],
    ) -> Bundle {
        let Some(Value::Object(root)) = root else {
            return Bundle::default();
        };
        let mut bundle = Bundle::framed(root);
        if let Some(resources) = root.get_object("resources") {
            // Growing by doubling would copy the resources and touch fresh pages each time.
            bundle.resources.reserve_exact(resources.members.len());
            bundle.lower_members(&resources.members, in_focus, lowered);
        }
        bundle
    }

    /// The model of `root` before any of its resources is lowered.
    fn framed(root: &Arc<Object>) -> Bundle {
        let mut bundle = Bundle {
            root: Some(root.clone()),
            ..Bundle::default()
        };
        bundle.typed(ObjectKind::Bundle, root, brace(root));
        bundle
    }

    /// Lowers the resources of `members` after this model's; `lowered` as in
    /// [`Bundle::lower_focused`], numbered as this model's.
    fn lower_members(
        &mut self,
        members: &[Member],
        in_focus: impl Fn(usize) -> bool,
        lowered: &[Arc<Resource>],
    ) {
        for (at, member) in members.iter().enumerate() {
            let Some(Value::Object(object)) = &member.value else {
                continue;
            };
            let in_full = in_focus(at);
            let alike = (lowered.get(self.resources.len())).filter(|resource| {
                !in_full
                    && resource.by_name
                    && Arc::ptr_eq(&resource.object, object)
                    && resource.key.range == member.key.range
            });
            match alike {
                Some(resource) => self.resources.push(resource.clone()),
                None => self.lower_resource(member.key.clone(), object, in_full),
            }
        }
    }

    /// Adds the resources, scopes and typed objects of `other`, lowered from the members of
    /// `resources` after this model's, numbering its resources and scopes on from these.
    fn append(&mut self, mut other: Bundle) {
        let resources = self.resources.len();
        let scopes = self.scopes.len();
        for resource in &mut other.resources {
            // Made by this lowering, each is held by nothing else: no copy is made.
            if let ResourceKind::Flow { scope: Some(scope) } = &mut Arc::make_mut(resource).kind {
                scope.0 += scopes;
            }
        }
        for scope in &mut other.scopes {
            scope.resource.0 += resources;
            if let Some(parent) = &mut scope.parent {
                parent.scope.0 += scopes;
            }
            for state in &mut scope.states {
                if let Some(iterator) = &mut state.iterator {
                    iterator.0 += scopes;
                }
            }
        }
        self.resources.append(&mut other.resources);
        self.scopes.append(&mut other.scopes);
        self.objects.append(&mut other.objects);
    }

    fn typed(&mut self, kind: ObjectKind, object: &Arc<Object>, anchor: TextRange) {
        self.objects.push(TypedObject {
            kind,
            object: object.clone(),
            anchor,
        });
    }

    fn lower_resource(&mut self, key: Str, object: &Arc<Object>, in_full: bool) {
        if in_full {
            self.typed(ObjectKind::Resource, object, key.range);
        }
        let id = ResourceId(self.resources.len());
        let type_name = object.get_str("type").cloned();
        let resource_type = type_name
            .as_ref()
            .and_then(|t| ResourceType::parse(&t.value));
        let properties = object.get_object("properties").cloned();
        let name = properties.as_ref().and_then(|p| p.get_str("name")).cloned();
        let definition = properties
            .as_ref()
            .and_then(|p| p.get_object("definition"))
            .cloned();
        if let (true, Some(ty), Some(properties)) = (in_full, resource_type, &properties) {
            let kind = match ty {
                ResourceType::Flow => ObjectKind::FlowProperties,
                ResourceType::Action => ObjectKind::ActionProperties,
                ResourceType::JobSpec => ObjectKind::JobSpecProperties,
            };
            self.typed(kind, properties, key_anchor(object, "properties"));
        }
        let definition_anchor = properties
            .as_ref()
            .map_or(TextRange::default(), |p| key_anchor(p, "definition"));
        // The scopes name the resource by `id`, the place it takes once they are lowered.
        let kind = match (resource_type, &properties) {
            (Some(ResourceType::Flow), _) => ResourceKind::Flow {
                scope: definition.filter(|_| in_full).map(|definition| {
                    let kind = ObjectKind::FlowDefinition;
                    self.lower_scope(id, None, kind, &definition, definition_anchor)
                }),
            },
            (Some(ResourceType::Action), _) => {
                if let (true, Some(definition)) = (in_full, &definition) {
                    self.lower_action_definition(definition, definition_anchor);
                }
                ResourceKind::Action { definition }
            }
            (Some(ResourceType::JobSpec), Some(properties)) => ResourceKind::JobSpec(JobSpec {
                event_source: properties.get_str("event_source").cloned(),
                event_type: properties.get_str("event_type").cloned(),
                flow_name: properties.get_str("flow_name").cloned(),
            }),
            (Some(ResourceType::JobSpec), None) => ResourceKind::JobSpec(JobSpec::default()),
            (None, _) => ResourceKind::Unknown,
        };
        self.resources.push(Arc::new(Resource {
            key,
            object: object.clone(),
            type_name,
            kind,
            properties,
            name,
            by_name: !in_full,
        }));
    }

    fn lower_action_definition(&mut self, definition: &Arc<Object>, anchor: TextRange) {
        self.typed(ObjectKind::ActionDefinition, definition, anchor);
        for list in ["headers", "queryParams", "query"] {
            for entry in objects_in(definition.get_array(list)) {
                self.typed(ObjectKind::KeyValue, entry, brace(entry));
            }
        }
    }

    fn lower_scope(
        &mut self,
        resource: ResourceId,
        parent: Option<StateId>,
        kind: ObjectKind,
        object: &Arc<Object>,
        anchor: TextRange,
    ) -> ScopeId {
        self.typed(kind, object, anchor);
        let id = ScopeId(self.scopes.len());
        self.scopes.push(Scope {
            resource,
            parent,
            object: object.clone(),
            start_at: object.get_str("StartAt").cloned(),
            states: Vec::new(),
            by_name: HashMap::default(),
        });
        let Some(states) = object.get_object("States") else {
            return id;
        };
        for member in &states.members {
            let Some(Value::Object(state)) = &member.value else {
                continue;
            };
            let index = self.scopes[id.0].states.len();
            let state_id = StateId { scope: id, index };
            let ty = state
                .get_str("Type")
                .and_then(|t| StateType::parse(&t.value));
            self.typed(ObjectKind::State(ty), state, member.key.range);
            self.lower_choices_and_catches(state);
            let transitions = transitions(state);
            let iterator = match (ty, state.get_object("Iterator")) {
                (Some(StateType::Map), Some(iterator)) => Some(iterator.clone()),
                _ => None,
            };
            let scope = &mut self.scopes[id.0];
            scope
                .by_name
                .entry(member.key.value.clone())
                .or_insert(index);
            scope.states.push(State {
                name: member.key.clone(),
                object: state.clone(),
                ty,
                transitions,
                iterator: None,
            });
            if let Some(iterator) = iterator {
                let anchor = key_anchor(state, "Iterator");
                let kind = ObjectKind::Iterator;
                let child = self.lower_scope(resource, Some(state_id), kind, &iterator, anchor);
                self.scopes[id.0].states[index].iterator = Some(child);
            }
        }
        id
    }

    fn lower_choices_and_catches(&mut self, state: &Object) {
        for rule in objects_in(state.get_array("Choices")) {
            self.lower_choice_rule(rule, true);
        }
        for handler in objects_in(state.get_array("Catch")) {
            self.typed(ObjectKind::Catch, handler, brace(handler));
        }
    }

    // Recursion is bounded: the parser caps nesting depth.
    fn lower_choice_rule(&mut self, rule: &Arc<Object>, top_level: bool) {
        self.typed(ObjectKind::ChoiceRule { top_level }, rule, brace(rule));
        for logical in ["And", "Or"] {
            for nested in objects_in(rule.get_array(logical)) {
                self.lower_choice_rule(nested, false);
            }
        }
        if let Some(nested) = rule.get_object("Not") {
            self.lower_choice_rule(nested, false);
        }
    }
}

/// The opening brace of an object, as an anchor for findings about the whole object.
fn brace(object: &Object) -> TextRange {
    TextRange::new(object.range.start, object.range.start + 1)
}

/// The key of `parent`'s member `key`, as an anchor for findings about its value.
fn key_anchor(parent: &Object, key: &str) -> TextRange {
    parent.member(key).map_or(brace(parent), |m| m.key.range)
}

/// The objects among an array's items; other items are reported by the schema rules.
pub fn objects_in(array: Option<&Arc<Array>>) -> impl Iterator<Item = &Arc<Object>> {
    array
        .into_iter()
        .flat_map(|array| array.items.iter())
        .filter_map(Value::as_object)
}

/// A state's outgoing transitions that name a state (non-string targets are type errors).
fn transitions(state: &Object) -> Vec<Transition> {
    let target = |value: Option<&Value>| value.and_then(Value::as_str).cloned();
    let direct = [
        (TransitionKind::Next, state.get("Next")),
        (TransitionKind::Default, state.get("Default")),
    ]
    .into_iter()
    .filter_map(|(kind, value)| Some((kind, target(value)?)));
    let rules = objects_in(state.get_array("Choices"))
        .enumerate()
        .filter_map(|(i, rule)| Some((TransitionKind::Choice(i), target(rule.get("Next"))?)));
    let handlers = objects_in(state.get_array("Catch"))
        .enumerate()
        .filter_map(|(i, handler)| Some((TransitionKind::Catch(i), target(handler.get("Next"))?)));
    direct
        .chain(rules)
        .chain(handlers)
        .map(|(kind, target)| Transition { kind, target })
        .collect()
}
