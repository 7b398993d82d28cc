//! What a name under the cursor refers to, where that is declared and where it is used.
//!
//! Symbols are names, not declarations: a transition to a state that does not exist (yet) still
//! finds the other transitions to it, and renaming them all is how such a typo gets fixed.

use zis_syntax::{Str, TextRange};

use crate::builtins::Builtin;
use crate::index::{ReferenceSite, Target};
use crate::model::{ResourceId, ResourceType, ScopeId};
use crate::reference::RefKind;
use crate::View;

/// Something a name in a bundle refers to.
#[derive(Clone, Debug)]
pub enum Symbol {
    /// A state of one scope (a flow definition or a Map iterator), by name.
    State { scope: ScopeId, name: String },
    /// A custom action or a flow, by `properties.name`: what references resolve against.
    Resource { ty: ResourceType, name: String },
    /// A built-in action or transform (`zis:common:…`).
    Builtin(&'static Builtin),
}

impl Symbol {
    /// The name as written in the bundle, escapes decoded.
    pub fn name(&self) -> &str {
        match self {
            Symbol::State { name, .. } | Symbol::Resource { name, .. } => name,
            Symbol::Builtin(builtin) => builtin.name(),
        }
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Symbol) -> bool {
        match (self, other) {
            (
                Symbol::State { scope, name },
                Symbol::State {
                    scope: other_scope,
                    name: other_name,
                },
            ) => scope == other_scope && name == other_name,
            (
                Symbol::Resource { ty, name },
                Symbol::Resource {
                    ty: other_ty,
                    name: other_name,
                },
            ) => ty == other_ty && name == other_name,
            (Symbol::Builtin(a), Symbol::Builtin(b)) => a.reference == b.reference,
            _ => false,
        }
    }
}

impl Eq for Symbol {}

/// The symbol under the cursor and the range of its name there: the content of a string
/// between its quotes, or the name part of a reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SymbolAt {
    pub symbol: Symbol,
    pub range: TextRange,
}

/// The symbol whose name covers `offset` (a cursor right after a name still touches it): a
/// state's key, `StartAt` or a transition, an action's or a flow's `properties.name` or
/// resource key, or a reference in `ActionName` or `flow_name`.
pub fn symbol_at(view: View, text: &str, offset: u32) -> Option<SymbolAt> {
    if let Some(site) = view.index.reference_at(offset) {
        return reference_symbol(site, text);
    }
    let touches = |s: &Str| s.range.touches(offset);
    for (scope_id, scope) in view.model.scope_ids().zip(&view.model.scopes) {
        let mut names = scope
            .start_at
            .iter()
            .chain(scope.states.iter().flat_map(|state| {
                std::iter::once(&state.name).chain(state.transitions.iter().map(|t| &t.target))
            }));
        if let Some(name) = names.find(|name| touches(name)) {
            return Some(SymbolAt {
                symbol: Symbol::State {
                    scope: scope_id,
                    name: name.value.to_string(),
                },
                range: name.inner_range(),
            });
        }
    }
    view.model.resources.iter().find_map(|resource| {
        let ty = referable(resource.kind.resource_type()?)?;
        let name = resource.name.as_ref()?;
        let at = [&resource.key, name].into_iter().find(|s| touches(s))?;
        Some(SymbolAt {
            symbol: Symbol::Resource {
                ty,
                name: name.value.to_string(),
            },
            range: at.inner_range(),
        })
    })
}

/// Only actions and flows are named by references inside a bundle.
fn referable(ty: ResourceType) -> Option<ResourceType> {
    matches!(ty, ResourceType::Action | ResourceType::Flow).then_some(ty)
}

fn reference_symbol(site: &ReferenceSite, text: &str) -> Option<SymbolAt> {
    let range = site.name_range(text)?;
    let symbol = match site.target {
        Target::Builtin(builtin) => Symbol::Builtin(builtin),
        _ => {
            let reference = site.parsed.as_ref().ok().filter(|r| !r.is_common())?;
            let ty = match reference.ref_kind {
                RefKind::Action => ResourceType::Action,
                RefKind::Flow => ResourceType::Flow,
                _ => return None,
            };
            Symbol::Resource {
                ty,
                name: reference.name.text.clone(),
            }
        }
    };
    Some(SymbolAt { symbol, range })
}

/// Where the symbol under `offset` is declared: the state's key, or the resource's
/// `properties.name`. With duplicates, the one references resolve to.
pub fn definition(view: View, text: &str, offset: u32) -> Option<TextRange> {
    declarations(view, &symbol_at(view, text, offset)?.symbol)
        .into_iter()
        .next()
}

/// Every place the symbol's name is written, in source order: its declarations (when
/// `include_declaration`) and every use.
pub fn references(
    view: View,
    text: &str,
    symbol: &Symbol,
    include_declaration: bool,
) -> Vec<TextRange> {
    let mut ranges = if include_declaration {
        declarations(view, symbol)
    } else {
        Vec::new()
    };
    ranges.extend(uses(view, text, symbol));
    ranges.sort_by_key(|range| (range.start, range.end));
    ranges.dedup();
    ranges
}

/// The declarations of a symbol in source order; several when a name is duplicated, and then
/// the first is the one that counts.
fn declarations(view: View, symbol: &Symbol) -> Vec<TextRange> {
    let model = view.model;
    match symbol {
        Symbol::State { scope, name } => {
            let Some(scope) = model.scopes.get(scope.0) else {
                return Vec::new();
            };
            scope
                .states
                .iter()
                .filter(|state| state.name.value == *name)
                .map(|state| state.name.inner_range())
                .collect()
        }
        Symbol::Resource { ty, name } => resources_named(view, *ty, name)
            .iter()
            .filter_map(|&id| Some(model.resource(id).name.as_ref()?.inner_range()))
            .collect(),
        Symbol::Builtin(_) => Vec::new(),
    }
}

/// The resources of a type with `properties.name` `name`, in source order.
pub(crate) fn resources_named<'a>(
    view: View<'a>,
    ty: ResourceType,
    name: &str,
) -> &'a [ResourceId] {
    let table = match ty {
        ResourceType::Action => &view.index.actions,
        ResourceType::Flow => &view.index.flows,
        ResourceType::JobSpec => return &[],
    };
    table.get(name).map_or(&[], Vec::as_slice)
}

fn uses(view: View, text: &str, symbol: &Symbol) -> Vec<TextRange> {
    match symbol {
        Symbol::State { scope, name } => {
            let Some(scope) = view.model.scopes.get(scope.0) else {
                return Vec::new();
            };
            let transitions = scope
                .states
                .iter()
                .flat_map(|state| state.transitions.iter().map(|t| &t.target));
            scope
                .start_at
                .iter()
                .chain(transitions)
                .filter(|target| target.value == *name)
                .map(Str::inner_range)
                .collect()
        }
        Symbol::Resource { .. } | Symbol::Builtin(_) => view
            .index
            .references
            .iter()
            .filter(|site| {
                reference_symbol(site, text).is_some_and(|found| found.symbol == *symbol)
            })
            .filter_map(|site| site.name_range(text))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::{at, BUNDLE};
    use crate::{analyze, Config};

    fn texts(ranges: &[TextRange]) -> Vec<(u32, &str)> {
        ranges
            .iter()
            .map(|r| (r.start, &BUNDLE[r.as_usize()]))
            .collect()
    }

    #[test]
    fn finds_symbols_by_kind_of_name() {
        let analysis = analyze(BUNDLE, &Config::default());
        let state = |offset| symbol_at(analysis.view(), BUNDLE, offset).map(|s| s.symbol);
        let flow_scope = ScopeId(0);
        let check = Some(Symbol::State {
            scope: flow_scope,
            name: "Check".into(),
        });
        assert_eq!(state(at("\"Check\"", 0, 3)), check, "Next");
        assert_eq!(state(at("\"Check\"", 1, 0)), check, "the key, at its quote");
        let fetch_action = Some(Symbol::Resource {
            ty: ResourceType::Action,
            name: "fetch".into(),
        });
        assert_eq!(state(at("action:fetch", 0, 9)), fetch_action, "ActionName");
        assert_eq!(
            state(at("\"fetch\"", 1, 2)),
            fetch_action,
            "properties.name"
        );
        assert_eq!(state(at("\"fetch\"", 0, 2)), fetch_action, "resource key");
        assert_eq!(
            state(at("flow:main_flow", 0, 6)),
            Some(Symbol::Resource {
                ty: ResourceType::Flow,
                name: "main_flow".into()
            })
        );
        let iterator_fetch = symbol_at(analysis.view(), BUNDLE, at("\"Fetch\"", 2, 1)).unwrap();
        assert!(
            matches!(iterator_fetch.symbol, Symbol::State { scope, .. } if scope != flow_scope)
        );
        assert_eq!(&BUNDLE[iterator_fetch.range.as_usize()], "Fetch");
        assert_eq!(state(at("\"Type\"", 0, 2)), None);
        assert_eq!(
            state(at("\"job\"", 0, 2)),
            None,
            "job specs are not referable"
        );
    }

    #[test]
    fn a_reference_names_only_its_name_part() {
        let analysis = analyze(BUNDLE, &Config::default());
        let found = symbol_at(analysis.view(), BUNDLE, at("zis:acme:action:fetch", 0, 2)).unwrap();
        assert_eq!(&BUNDLE[found.range.as_usize()], "fetch");
    }

    #[test]
    fn definitions_stay_in_their_scope() {
        let analysis = analyze(BUNDLE, &Config::default());
        let definition = |offset| {
            definition(analysis.view(), BUNDLE, offset)
                .map(|range| (range.start, &BUNDLE[range.as_usize()]))
        };
        assert_eq!(
            definition(at("\"Fetch\"", 0, 1)),
            Some((at("Fetch", 1, 0), "Fetch"))
        );
        assert_eq!(
            definition(at("\"Fetch\"", 2, 1)),
            Some((at("Fetch", 3, 0), "Fetch"))
        );
        assert_eq!(
            definition(at("action:fetch", 1, 9)),
            Some((at("fetch", 3, 0), "fetch"))
        );
        assert_eq!(
            definition(at("flow:main_flow", 0, 6)),
            Some((at("main_flow", 0, 0), "main_flow"))
        );
        assert_eq!(
            definition(at("Failed", 0, 0)),
            Some((at("Failed", 2, 0), "Failed"))
        );
    }

    #[test]
    fn references_with_and_without_declaration() {
        let analysis = analyze(BUNDLE, &Config::default());
        let failed = symbol_at(analysis.view(), BUNDLE, at("Failed", 0, 0))
            .unwrap()
            .symbol;
        assert_eq!(
            texts(&references(analysis.view(), BUNDLE, &failed, false)),
            [
                (at("Failed", 0, 0), "Failed"),
                (at("Failed", 1, 0), "Failed")
            ]
        );
        assert_eq!(references(analysis.view(), BUNDLE, &failed, true).len(), 3);
        let fetch = symbol_at(analysis.view(), BUNDLE, at("\"fetch\"", 1, 1))
            .unwrap()
            .symbol;
        assert_eq!(
            texts(&references(analysis.view(), BUNDLE, &fetch, true)),
            [
                (at("action:fetch", 0, 7), "fetch"),
                (at("action:fetch", 1, 7), "fetch"),
                (at("\"fetch\"", 1, 1), "fetch"),
            ]
        );
    }

    #[test]
    fn an_unknown_state_still_has_its_uses() {
        let text = BUNDLE.replace("\"Default\": \"Failed\"", "\"Default\": \"Typo\"");
        let analysis = analyze(&text, &Config::default());
        let offset = text.find("Typo").unwrap() as u32;
        let typo = symbol_at(analysis.view(), &text, offset).unwrap().symbol;
        assert_eq!(definition(analysis.view(), &text, offset), None);
        assert_eq!(references(analysis.view(), &text, &typo, true).len(), 1);
    }
}
