//! The document outline: resources, with the states of a flow under it and the states of a
//! Map iterator under the Map state.
//!
//! An outline is asked for after most edits (editors show it beside the text, and in the
//! breadcrumbs), and an analysis after an edit has the model of its focus alone, whose flows
//! outside the focus are lowered by name. So each outline leaves the states of its flows in
//! the memo, and the outline after an edit takes those of the flows outside the focus from
//! there, moved with the text, rather than lowering the whole model.

use std::sync::OnceLock;

use zis_syntax::{Object, Str, Text, TextRange};

use crate::incremental::Memo;
use crate::model::{Bundle, Resource, ResourceKind, ResourceType, ScopeId};
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

/// The outline of the whole bundle; made from the whole model when [`outline_if_ready`] cannot
/// make it, which lowers that model after an edit.
pub fn outline(analysis: &Analysis) -> Vec<OutlineItem> {
    outline_if_ready(analysis).unwrap_or_else(|| whole(analysis))
}

fn whole(analysis: &Analysis) -> Vec<OutlineItem> {
    outline_of(analysis.model(), analysis.memo.as_deref(), |_| None)
}

/// The outline of the whole bundle without lowering the whole model: of the model when it is
/// lowered, else of the focus of the edit the analysis is after, with the states kept of
/// earlier outlines; `None` when a flow outside the focus has none kept.
pub fn outline_if_ready(analysis: &Analysis) -> Option<Vec<OutlineItem>> {
    if analysis.is_lowered() {
        return Some(whole(analysis));
    }
    let focus = analysis.focus()?;
    let memo = analysis.memo.as_deref()?;
    let mut missing = false;
    let items = outline_of(focus.view().model, Some(memo), |resource| {
        if !resource.by_name {
            return None;
        }
        let kept = memo.with_kept_states(resource.key.range.start, |states, delta| {
            states.iter().map(|state| state.moved(delta)).collect()
        });
        missing |= kept.is_none();
        Some(kept.unwrap_or_default())
    });
    (!missing).then_some(items)
}

/// The outline of `model`, whose flows' states are those `kept` gives, or else those of their
/// scopes, which are then kept in `memo`, the memo of the analysis the model is of.
fn outline_of(
    model: &Bundle,
    memo: Option<&Memo>,
    mut kept: impl FnMut(&Resource) -> Option<Vec<OutlineItem>>,
) -> Vec<OutlineItem> {
    model
        .resources
        .iter()
        .map(|resource| {
            let children = match resource.kind {
                ResourceKind::Flow { scope } => kept(resource).unwrap_or_else(|| {
                    let states = scope.map_or_else(Vec::new, |scope| states(model, scope));
                    if let Some(memo) = memo {
                        memo.keep_states(resource.key.range.start, &states);
                    }
                    states
                }),
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

impl OutlineItem {
    /// The same item about the same text `delta` bytes further on.
    // Recursion is bounded: the parser caps nesting depth.
    fn moved(&self, delta: i64) -> OutlineItem {
        OutlineItem {
            name: self.name.clone(),
            detail: self.detail.clone(),
            kind: self.kind,
            range: self.range.shifted(delta),
            selection: self.selection.shifted(delta),
            children: (self.children.iter())
                .map(|child| child.moved(delta))
                .collect(),
        }
    }
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
    use std::sync::Arc;

    use super::*;
    use crate::ide::fixture::BUNDLE;
    use crate::{analyze, reanalyze, Before, Config};

    /// Three flows that reference nothing, so that an edit in one leaves the others outside
    /// its focus; `typed` is typed into the first one's comment.
    fn three_flows(typed: &str) -> String {
        let flow = |name: &str, comment: &str| {
            format!(
                r#""{name}": {{"type": "ZIS::Flow", "properties": {{"name": "{name}", "definition": {{"Comment": "{comment}", "StartAt": "Wait", "States": {{"Wait": {{"Type": "Wait", "Seconds": 1, "Next": "Done"}}, "Done": {{"Type": "Succeed"}}}}}}}}}}"#
            )
        };
        format!(
            "{{\"zis_template_version\": \"2019-10-14\", \"name\": \"flows\", \"resources\": {{{}, {}, {}}}}}",
            flow("a", typed),
            flow("b", ""),
            flow("c", "")
        )
    }

    #[test]
    fn after_an_edit_the_states_outside_the_focus_are_those_an_outline_before_showed_moved() {
        let config = Config::default();
        let before = three_flows("");
        let opened = reanalyze(&Arc::new(before.clone()), &config, None);
        let memo = opened.memo().expect("a memo");
        let text = three_flows("x");
        let edit = |memo| {
            let edited = reanalyze(
                &Arc::new(text.clone()),
                &config,
                Some((Before::Text(&before), memo)),
            );
            assert!(edited.reused_resources() > 0, "not a full analysis");
            edited
        };
        // No outline was made before: the states of `b` and `c` are not known.
        let unknown = edit(&memo);
        assert_eq!(outline_if_ready(&unknown), None);
        assert!(!unknown.is_lowered());

        let shown = outline(&opened);
        let edited = edit(&memo);
        let items = outline_if_ready(&edited).expect("the states kept");
        assert!(!edited.is_lowered());
        assert_eq!(items, outline(&analyze(&text, &config)));
        let b = &items[1].children[0];
        assert_eq!(b.range, shown[1].children[0].range.shifted(1));
        assert_eq!(&text[b.selection.start as usize..][..6], "\"Wait\"");
    }

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
