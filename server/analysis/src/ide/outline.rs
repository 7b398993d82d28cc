//! The document outline: resources, with the states of a flow under it and the states of a
//! Map iterator under the Map state.

use std::sync::OnceLock;

use zis_syntax::{Object, Str, Text, TextRange};

use crate::model::{Bundle, ResourceKind, ResourceType, ScopeId};
use crate::schema::StateType;
use crate::Analysis;

#[derive(Clone, Debug, PartialEq)]
pub struct OutlineItem {
    /// The key, as written; never empty, as editors refuse empty names.
    pub name: Text,
    /// The type: `ZIS::Flow`, `Choice`, …
    pub detail: Option<Text>,
    pub kind: OutlineKind,
    /// The member, key to value.
    pub range: TextRange,
    /// The key.
    pub selection: TextRange,
    pub children: Vec<OutlineItem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutlineKind {
    /// `None` for a resource whose type is missing or not a ZIS type.
    Resource(Option<ResourceType>),
    /// `None` for a state whose `Type` is missing or not a ZIS state type.
    State(Option<StateType>),
}

pub fn outline(analysis: &Analysis) -> Vec<OutlineItem> {
    let model = &analysis.model();
    model
        .resources
        .iter()
        .map(|resource| {
            let children = match resource.kind {
                ResourceKind::Flow { scope: Some(scope) } => states(model, scope),
                _ => Vec::new(),
            };
            item(
                &resource.key,
                &resource.object,
                resource.type_name.as_ref().map(|ty| ty.value.clone()),
                OutlineKind::Resource(resource.kind.resource_type()),
                children,
            )
        })
        .collect()
}

// Recursion is bounded: the parser caps nesting depth.
fn states(model: &Bundle, scope: ScopeId) -> Vec<OutlineItem> {
    model
        .scope(scope)
        .states
        .iter()
        .map(|state| {
            let children = state
                .iterator
                .map_or_else(Vec::new, |iterator| states(model, iterator));
            // A known type is written as its name; only another is read from the state again,
            // whose members an outline of 10,000 states would otherwise all pull into cache.
            let ty = match state.ty {
                Some(ty) => Some(type_name(ty)),
                None => state.object.get_str("Type").map(|ty| ty.value.clone()),
            };
            item(
                &state.name,
                &state.object,
                ty,
                OutlineKind::State(state.ty),
                children,
            )
        })
        .collect()
}

/// The name of a state type, shared.
fn type_name(ty: StateType) -> Text {
    static NAMES: OnceLock<Vec<(StateType, Text)>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        (StateType::ALL.iter())
            .map(|&ty| (ty, Text::from(ty.name())))
            .collect()
    });
    let (_, name) = (names.iter())
        .find(|(of, _)| *of == ty)
        .expect("every state type is in StateType::ALL");
    name.clone()
}

fn item(
    key: &Str,
    object: &Object,
    detail: Option<Text>,
    kind: OutlineKind,
    children: Vec<OutlineItem>,
) -> OutlineItem {
    let name = if key.value.trim().is_empty() {
        Text::from(format!("\"{}\"", key.value))
    } else {
        key.value.clone()
    };
    OutlineItem {
        name,
        detail,
        kind,
        range: key.range.cover(object.range),
        selection: key.range,
        children,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::BUNDLE;
    use crate::{analyze, Config};

    #[test]
    fn nests_states_under_their_flow_and_map() {
        let analysis = analyze(BUNDLE, &Config::default());
        let outline = outline(&analysis);
        let names =
            |items: &[OutlineItem]| items.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&outline), ["flow", "fetch", "job"]);
        assert_eq!(
            outline[0].kind,
            OutlineKind::Resource(Some(ResourceType::Flow))
        );
        assert_eq!(outline[0].detail.as_deref(), Some("ZIS::Flow"));
        let states = &outline[0].children;
        assert_eq!(names(states), ["Fetch", "Check", "Each", "Done", "Failed"]);
        assert_eq!(states[2].kind, OutlineKind::State(Some(StateType::Map)));
        assert_eq!(states[2].detail.as_deref(), Some("Map"));
        assert_eq!(names(&states[2].children), ["Fetch"]);
        for item in [&outline[0], &states[2], &states[2].children[0]] {
            assert!(
                item.range.start <= item.selection.start && item.selection.end <= item.range.end
            );
            assert_eq!(
                &BUNDLE[item.selection.as_usize()],
                format!("\"{}\"", item.name)
            );
        }
    }
}
