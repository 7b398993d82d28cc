//! Renaming a state, an action or a flow together with every name that refers to it.

use std::fmt;

use zis_syntax::Str;

use crate::diagnostic::Edit;
use crate::edit::json_escape;
use crate::ide::navigation::{references, resources_named, symbol_at, Symbol, SymbolAt};
use crate::model::ResourceType;
use crate::Analysis;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    /// What is under the cursor cannot be renamed (a built-in).
    NotRenamable(String),
    /// The symbol cannot take the new name.
    InvalidName(String),
}

impl fmt::Display for RenameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenameError::NotRenamable(message) | RenameError::InvalidName(message) => {
                f.write_str(message)
            }
        }
    }
}

impl std::error::Error for RenameError {}

/// The name a rename at `offset` would change, with its range; `None` when no name is there.
pub fn prepare_rename(
    analysis: &Analysis,
    text: &str,
    offset: u32,
) -> Result<Option<SymbolAt>, RenameError> {
    match symbol_at(analysis.view(), text, offset) {
        Some(SymbolAt {
            symbol: Symbol::Builtin(builtin),
            ..
        }) => Err(RenameError::NotRenamable(format!(
            "`{}` is built into ZIS and cannot be renamed",
            builtin.reference
        ))),
        found => Ok(found),
    }
}

/// The edits that rename the symbol at `offset` to `new_name` wherever it is written: a state's
/// key and every transition to it in its scope; an action's or a flow's `properties.name`, its
/// resource key when that spells the same name, and the name part of every reference to it.
/// `None` when no name is at `offset`.
pub fn rename(
    analysis: &Analysis,
    text: &str,
    offset: u32,
    new_name: &str,
) -> Result<Option<Vec<Edit>>, RenameError> {
    let Some(SymbolAt { symbol, .. }) = prepare_rename(analysis, text, offset)? else {
        return Ok(None);
    };
    let renamed_keys = renamed_keys(analysis, &symbol);
    if symbol.name() == new_name {
        return Ok(Some(Vec::new()));
    }
    check_name(analysis, &symbol, &renamed_keys, new_name)?;
    let mut ranges = references(analysis.view(), text, &symbol, true);
    ranges.extend(renamed_keys.iter().map(|key| key.inner_range()));
    ranges.sort_by_key(|range| (range.start, range.end));
    ranges.dedup();
    let new_text = json_escape(new_name);
    Ok(Some(
        ranges
            .into_iter()
            .map(|range| Edit::replace(range, new_text.clone()))
            .collect(),
    ))
}

/// The resource keys a rename changes along with the name: a key that spells the name would
/// otherwise drift apart from it.
fn renamed_keys<'a>(analysis: &'a Analysis, symbol: &Symbol) -> Vec<&'a Str> {
    let Symbol::Resource { ty, name } = symbol else {
        return Vec::new();
    };
    resources_named(analysis.view(), *ty, name)
        .iter()
        .map(|&id| &analysis.model().resource(id).key)
        .filter(|key| key.value == *name)
        .collect()
}

fn check_name(
    analysis: &Analysis,
    symbol: &Symbol,
    renamed_keys: &[&Str],
    new_name: &str,
) -> Result<(), RenameError> {
    let invalid = |message: String| Err(RenameError::InvalidName(message));
    if new_name.is_empty() {
        return invalid("a name cannot be empty".to_string());
    }
    match symbol {
        Symbol::State { scope, .. } => {
            let Some(scope) = analysis.model().scopes.get(scope.0) else {
                return Ok(());
            };
            if scope.state(new_name).is_some() {
                let place = if scope.parent.is_some() {
                    "this Map iterator"
                } else {
                    "this flow"
                };
                return invalid(format!(
                    "a state named `{new_name}` already exists in {place}"
                ));
            }
        }
        Symbol::Resource { ty, .. } => {
            let noun = match ty {
                ResourceType::Flow => "a flow",
                _ => "an action",
            };
            if new_name.contains(':') {
                return invalid(format!(
                    "{noun} name cannot contain `:`: it separates the parts of a reference"
                ));
            }
            if !resources_named(analysis.view(), *ty, new_name).is_empty() {
                return invalid(format!("{noun} named `{new_name}` already exists"));
            }
            let key_taken = analysis
                .model()
                .resources
                .iter()
                .any(|resource| resource.key.value == new_name);
            if !renamed_keys.is_empty() && key_taken {
                return invalid(format!(
                    "a resource with the key `{new_name}` already exists"
                ));
            }
        }
        Symbol::Builtin(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::{at, BUNDLE};
    use crate::{analyze, Config};

    fn apply(text: &str, mut edits: Vec<Edit>) -> String {
        let mut out = text.to_string();
        edits.sort_by_key(|edit| std::cmp::Reverse(edit.range.start));
        for edit in edits {
            out.replace_range(edit.range.as_usize(), &edit.new_text);
        }
        out
    }

    fn renamed(offset: u32, new_name: &str) -> Result<String, RenameError> {
        let analysis = analyze(BUNDLE, &Config::default());
        let edits = rename(&analysis, BUNDLE, offset, new_name)?.expect("a name to rename");
        Ok(apply(BUNDLE, edits))
    }

    #[test]
    fn renames_a_state_and_its_transitions_in_its_scope_only() {
        let out = renamed(at("\"Fetch\"", 0, 1), "Load").unwrap();
        assert_eq!(out.matches("\"Load\"").count(), 2, "StartAt and the key");
        assert_eq!(
            out.matches("\"Fetch\"").count(),
            2,
            "the iterator's own Fetch"
        );
        let out = renamed(at("Failed", 1, 0), "Broken \"quoted\"").unwrap();
        assert_eq!(out.matches(r#""Broken \"quoted\"""#).count(), 3);
        assert!(analyze(&out, &Config::default()).parse().errors.is_empty());
    }

    #[test]
    fn renames_an_action_its_key_and_the_name_part_of_references() {
        let out = renamed(at("action:fetch", 0, 8), "load").unwrap();
        assert_eq!(out.matches("zis:acme:action:load").count(), 2);
        assert!(out.contains(r#""load": {"#), "the key followed");
        assert!(out.contains(r#""name": "load""#));
        assert!(!out.contains("fetch"));
    }

    #[test]
    fn renames_a_flow_from_its_name() {
        let out = renamed(at("main_flow", 0, 1), "other").unwrap();
        assert!(out.contains("zis:acme:flow:other"));
        assert!(out.contains(r#""flow": {"#), "a key that differs stays");
    }

    #[test]
    fn rejects_bad_names() {
        let invalid = |offset, name| match renamed(offset, name) {
            Err(RenameError::InvalidName(message)) => message,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(invalid(at("Failed", 0, 0), ""), "a name cannot be empty");
        assert!(invalid(at("action:fetch", 0, 8), "a:b").contains("cannot contain `:`"));
        assert!(invalid(at("Failed", 0, 0), "Done").contains("already exists in this flow"));
        assert!(invalid(at("action:fetch", 0, 8), "job").contains("key `job`"));
        assert_eq!(renamed(at("Failed", 0, 0), "Failed").unwrap(), BUNDLE);
    }

    #[test]
    fn builtins_cannot_be_renamed() {
        let text = BUNDLE.replace("zis:acme:action:fetch", "zis:common:transform:Jq");
        let analysis = analyze(&text, &Config::default());
        let offset = text.find("Jq").unwrap() as u32;
        assert!(matches!(
            prepare_rename(&analysis, &text, offset),
            Err(RenameError::NotRenamable(_))
        ));
        let nothing = text.find("\"Type\"").unwrap() as u32 + 2;
        assert_eq!(prepare_rename(&analysis, &text, nothing), Ok(None));
    }
}
