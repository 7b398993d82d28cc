//! # ZIS508 unknown-result-key
//!
//! ## What it checks
//! A state reads a built-in's result at a key the built-in does not answer with. Built-ins
//! write a documented shape at their state's `ResultPath`: `LoadConfig` answers
//! `{"config": …}`, `CreateLink` `{"link": …}`, `LoadLinks` `{"links": […]}`, and
//! `PatchConfig` answers nothing. After
//! `"ResultPath": "$.settings"` on a `LoadConfig` state, the settings are under
//! `$.settings.config`, and `$.settings.channel` selects nothing.
//!
//! Only paths that no other state writes are followed: when another state also writes under
//! the same path, which of them a read meets is not known.
//!
//! ## Why
//! The flow fails with "JSON path not found" when the state runs, or sends a request with a
//! hole in it. A read of a `LoadConfig` result is a warning: Zendesk documents its answer as
//! `{"config": …}`, but a public workflow template reads the settings right under the
//! `ResultPath`. A read of a `LoadLinks` result is a warning too: no page shows its answer.
//!
//! ## Example
//! ```json states bad
//! "LoadSettings": {
//!   "Type": "Action", "ActionName": "zis:common:action:LoadConfig",
//!   "Parameters": { "scope": "settings" }, "ResultPath": "$.settings", "Next": "Notify"
//! },
//! "Notify": {
//!   "Type": "Action", "ActionName": "zis:acme:action:notify",
//!   "Parameters": { "channel.$": "$.settings.channel" }, "End": true
//! }
//! ```
//! The settings are under `config`:
//! ```json states good
//! "LoadSettings": {
//!   "Type": "Action", "ActionName": "zis:common:action:LoadConfig",
//!   "Parameters": { "scope": "settings" }, "ResultPath": "$.settings", "Next": "Notify"
//! },
//! "Notify": {
//!   "Type": "Action", "ActionName": "zis:acme:action:notify",
//!   "Parameters": { "channel.$": "$.settings.config.channel" }, "End": true
//! }
//! ```
//!
//! ## Fix
//! Read under the key the built-in answers with; the quick fix puts it in.
//!
//! **Safe fix** where Zendesk documents the answer: nothing is at the path read, and the same name
//! under the answer's key is the one reading. **Unsafe fix** where a public bundle reads the
//! answer otherwise than the documentation has it.

use std::collections::BTreeMap;
use std::ops::Bound;

use super::data_flow::{reads_flow_data, writes, Reader};
use super::{Context, Report};
use crate::builtins::{Answer, Builtin};
use crate::diagnostic::Edit;
use crate::index::{ReferenceField, Target};
use crate::model::{ScopeId, StateId};
use crate::HashMap;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    let written = built_in_results(ctx);
    if written.is_empty() {
        return;
    }
    for read in ctx.data.reads(ctx) {
        let Reader::State(id) = read.reader else {
            continue;
        };
        if !reads_flow_data(ctx.model.state(id)) {
            continue;
        }
        let names = read.names();
        let Some((path, builtin)) = written.get(&id.scope).and_then(|paths| {
            paths.iter().find(|(path, _)| {
                names.len() > path.len() && names.iter().zip(path).all(|(a, b)| a == b)
            })
        }) else {
            continue;
        };
        let len = path.len() + 1;
        let result = read.text(path.len());
        let name = builtin.name();
        match builtin.result {
            Answer::Object { key, fact, .. } if names[path.len()] != key => {
                let meant = format!("{result}.{key}.{}", names[path.len()]);
                let sure = if fact.supports_error() {
                    ""
                } else {
                    " (as Zendesk documents it; a public bundle reads it otherwise)"
                };
                let diagnostic = report
                    .add(
                        read.range(ctx.text, len),
                        format!(
                            "`{name}` answers `{{\"{key}\": …}}` at `{result}`{sure}: `{}` is \
                             not there; did you mean `{meant}`?",
                            read.text(len)
                        ),
                    )
                    .rests_on(fact);
                if let Some(range) = read.dotted_name_range(ctx.text, len) {
                    diagnostic
                        .fix(
                            format!("Read `{meant}`"),
                            vec![Edit::insert(range.start, format!("{key}."))],
                        )
                        .safe_if_only_reading(true);
                }
            }
            Answer::Nothing { fact } => {
                report
                    .add(
                        read.range(ctx.text, len),
                        format!(
                            "`{name}` answers nothing: `{}` holds no data",
                            read.text(len)
                        ),
                    )
                    .rests_on(fact);
            }
            _ => {}
        }
    }
}

/// For each scope, the `ResultPath`s written only by calls of one built-in with a documented
/// answer, as the names they go through.
fn built_in_results(ctx: &Context) -> HashMap<ScopeId, Vec<(Vec<String>, &'static Builtin)>> {
    let model = ctx.model;
    let mut callers: HashMap<StateId, &'static Builtin> = HashMap::default();
    for site in &ctx.index.references {
        if let (ReferenceField::ActionName(id), Target::Builtin(builtin)) =
            (site.field, site.target)
        {
            if matches!(
                builtin.result,
                Answer::Object { .. } | Answer::Nothing { .. }
            ) {
                callers.insert(id, builtin);
            }
        }
    }
    let mut scopes: Vec<ScopeId> = callers.keys().map(|id| id.scope).collect();
    scopes.sort_unstable();
    scopes.dedup();
    let mut results = HashMap::default();
    for scope_id in scopes {
        // Every path written in the scope, with the built-in of each write (`None` for any other
        // state, or a Catch handler).
        let mut written: BTreeMap<Vec<String>, Vec<Option<&'static Builtin>>> = BTreeMap::new();
        for (index, state) in model.scope(scope_id).states.iter().enumerate() {
            let caller = callers.get(&StateId {
                scope: scope_id,
                index,
            });
            let own = state.object.get("ResultPath");
            for (path, value) in writes(state, ctx.path_sites()) {
                let by = caller
                    .copied()
                    .filter(|_| own.is_some_and(|own| std::ptr::eq(own, value)));
                written.entry(path).or_default().push(by);
            }
        }
        let found: Vec<_> = written
            .iter()
            .filter_map(|(path, by)| {
                let builtin = (*by.first()?)?;
                let same = |other: &Option<&Builtin>| {
                    other.is_some_and(|other| std::ptr::eq(other, builtin))
                };
                let around = (1..path.len()).any(|len| written.contains_key(&path[..len]));
                let inside = written
                    .range::<[String], _>((Bound::Excluded(&path[..]), Bound::Unbounded))
                    .next()
                    .is_some_and(|(other, _)| other.starts_with(path));
                (by.iter().all(same) && !around && !inside).then(|| (path.clone(), builtin))
            })
            .collect();
        if !found.is_empty() {
            results.insert(scope_id, found);
        }
    }
    results
}
