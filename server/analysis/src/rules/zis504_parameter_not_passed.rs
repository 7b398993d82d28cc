//! # ZIS504 parameter-not-passed
//!
//! ## What it checks
//! An Action state does not pass a parameter that its action reads. The state calls a custom
//! action whose definition reads `$.x` (in `url`, `path`, `headers`, `queryParams` or
//! `requestBody`, as a `.$` value or a `{{$.x}}` placeholder), and its `Parameters` has no `x`
//! (nor `x.$`): inside a definition, `$` is the `Parameters` object of the calling state. Also a
//! built-in called without a parameter its documentation marks as mandatory, such as
//! `LoadConfig` without `scope`, or `LoadLinks` with neither `left_object_name` nor
//! `right_object_name`. Built-ins whose parameters are not documented are not checked.
//!
//! For a custom action the finding is a warning: Zendesk's tutorial says a definition reads the
//! state's `Parameters`, but a public bundle reads other data (`$.subdomain`) inside one. For a
//! built-in it is an error.
//!
//! ## Why
//! ZIS fills the definition from the calling state only, when the state runs: a parameter that
//! is not passed sends a request with a hole in it (`/api/v2/tickets/.json`), or none at all. The
//! usual cause is a name that differs between the two sides (`ticketId` and `ticket_id`).
//!
//! ## Example
//! ```json resources bad good
//! "get_ticket": {
//!   "type": "ZIS::Action::Http",
//!   "properties": { "name": "get_ticket", "definition": {
//!     "method": "GET", "path": "/api/v2/tickets/{{$.ticketId}}.json", "connectionName": "zendesk"
//!   } }
//! }
//! ```
//! with a flow state
//! ```json states bad
//! "GetTicket": {
//!   "Type": "Action", "ActionName": "zis:acme:action:get_ticket",
//!   "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.id" },
//!   "ResultPath": "$.ticket", "End": true
//! }
//! ```
//! Pass what the definition reads:
//! ```json states good
//! "GetTicket": {
//!   "Type": "Action", "ActionName": "zis:acme:action:get_ticket",
//!   "Parameters": { "ticketId.$": "$.input.ticket_event.ticket.id" },
//!   "ResultPath": "$.ticket", "End": true
//! }
//! ```
//!
//! ## Fix
//! Pass the parameter under the name the definition reads. When the state passes a parameter of
//! a close name that the definition does not read, the quick fix renames it; otherwise it adds
//! the parameter: with a `.$` path to complete for a custom action, with an empty value for a
//! built-in.
//!
//! **Unsafe fix**: renaming a parameter or adding one changes what the action receives.

use zis_syntax::{Object, Str, TextRange, Value};

use super::data_flow::Reader;
use super::{Context, Report};
use crate::builtins::Builtin;
use crate::diagnostic::Edit;
use crate::edit::{json_escape, member_insertion};
use crate::facts;
use crate::index::{ReferenceField, Target};
use crate::model::{ResourceId, ResourceKind, State};
use crate::schema::StateType;
use crate::suggest::closest;
use crate::{HashMap, HashSet};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for call in ctx.data.calls(ctx) {
        let unused: Vec<&str> = call.unused.iter().map(|key| stem(&key.value)).collect();
        for missing in &call.missing {
            let name = &missing.name;
            let (message, fact) = match &call.callee {
                Callee::Custom(action) => (
                    format!(
                        "custom action `{action}` reads `{}`, but this state does not pass \
                         `{name}`: inside a definition, `$` is the state's `Parameters`",
                        missing
                            .read
                            .as_ref()
                            .map_or(name.as_str(), |(_, path)| path)
                    ),
                    &facts::ACTION_INPUT,
                ),
                Callee::Builtin(builtin) => (
                    match missing.alternatives {
                        [] => format!(
                            "`{}` needs the parameter `{name}`, which this state does not pass",
                            builtin.name()
                        ),
                        others => format!(
                            "`{}` needs `{name}` or {}, or both; this state passes neither",
                            builtin.name(),
                            others
                                .iter()
                                .map(|other| format!("`{other}`"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                    },
                    &facts::BUILT_IN_PARAMETERS,
                ),
            };
            let diagnostic = report.add(call.anchor, message);
            diagnostic.rests_on(fact);
            if let Some((range, path)) = &missing.read {
                diagnostic.label(*range, format!("`{path}` is read here"));
            }
            let instead = closest(name, unused.iter().copied())
                .and_then(|instead| call.unused.iter().find(|key| stem(&key.value) == instead));
            match instead {
                Some(key) => {
                    let instead = stem(&key.value);
                    diagnostic
                        .message
                        .push_str(&format!("; is `{instead}` meant to be `{name}`?"));
                    let (title, edits) = rename(key, name);
                    diagnostic.fix(title, edits);
                }
                None => {
                    // Built-ins take settings (`scope`, `expr`) more than flow data.
                    let member = match call.callee {
                        Callee::Custom(_) => format!(
                            "\"{}.$\": \"{}\"",
                            json_escape(name),
                            json_escape(&path_to(name))
                        ),
                        Callee::Builtin(_) => format!("\"{}\": \"\"", json_escape(name)),
                    };
                    let edit = match call.parameters {
                        Some(parameters) => member_insertion(ctx.text, parameters, &member),
                        None => member_insertion(
                            ctx.text,
                            &call.state.object,
                            &format!("\"Parameters\": {{ {member} }}"),
                        ),
                    };
                    diagnostic.fix(format!("Add parameter `{name}`"), vec![edit]);
                }
            }
        }
    }
}

/// One Action state calling a custom action or a confirmed built-in: what it passes against
/// what the callee reads.
pub(super) struct Call<'a> {
    pub state: &'a State,
    pub callee: Callee,
    /// The state's `Parameters`, `None` when it has none.
    pub parameters: Option<&'a Object>,
    /// Where a finding about the parameters as a whole points: the `Parameters` key, or the
    /// `ActionName` when there is none.
    pub anchor: TextRange,
    pub missing: Vec<Missing>,
    /// Keys of `Parameters` the callee never reads, as written (`.$` included).
    pub unused: Vec<&'a Str>,
}

pub(super) enum Callee {
    /// A custom action, by `properties.name`.
    Custom(String),
    Builtin(&'static Builtin),
}

/// A parameter the callee reads and the state does not pass.
#[derive(Clone)]
pub(super) struct Missing {
    pub name: String,
    /// Parameters that would do instead (`right_object_name` for `left_object_name`).
    pub alternatives: &'static [&'static str],
    /// For a custom action: where its definition first reads the parameter, and the path.
    pub read: Option<(TextRange, String)>,
}

pub(super) fn calls<'a>(ctx: &Context<'a>) -> Vec<Call<'a>> {
    let model = ctx.model;
    // What each definition reads: the first name of each path, where it is first read, and
    // whether some path reads the whole input (`$` itself, `$.*`, `$..x`).
    let mut read_by: HashMap<ResourceId, (Vec<Missing>, bool)> = HashMap::default();
    let mut first_reads = HashSet::default();
    for read in ctx.data.reads(ctx) {
        let Reader::Action(action) = read.reader else {
            continue;
        };
        let (needs, everything) = read_by.entry(action).or_default();
        match read.names().first() {
            None => *everything = true,
            Some(&first) if first_reads.insert((action, first.to_string())) => {
                needs.push(Missing {
                    name: first.to_string(),
                    alternatives: &[],
                    read: Some((read.range(ctx.text, 1), read.text(1))),
                })
            }
            Some(_) => {}
        }
    }
    let mut calls = Vec::new();
    for site in &ctx.index.references {
        let ReferenceField::ActionName(id) = site.field else {
            continue;
        };
        let state = model.state(id);
        if state.ty != Some(StateType::Action) {
            continue;
        }
        let (parameters, anchor) = match state.object.member("Parameters") {
            None => (None, site.value.range),
            Some(member) => match &member.value {
                Some(Value::Object(parameters)) => (Some(&**parameters), member.key.range),
                // Not an object: ZIS006 reports it, and what it passes is unknown.
                _ => continue,
            },
        };
        let passed: Vec<&Str> = parameters
            .into_iter()
            .flat_map(|parameters| &parameters.members)
            .map(|member| &member.key)
            .collect();
        let passed_names: HashSet<&str> = passed.iter().map(|key| stem(&key.value)).collect();
        let is_passed = |name: &str| passed_names.contains(name);
        let (callee, needs, known): (_, Vec<Missing>, Option<HashSet<String>>) = match site.target {
            Target::Resource(action) => {
                let resource = model.resource(action);
                let ResourceKind::Action {
                    definition: Some(_),
                } = &resource.kind
                else {
                    continue;
                };
                let name = resource
                    .name
                    .as_ref()
                    .map_or_else(|| resource.key.value.clone(), |n| n.value.clone());
                let (needs, everything) = read_by.get(&action).cloned().unwrap_or_default();
                let known =
                    (!everything).then(|| needs.iter().map(|need| need.name.clone()).collect());
                (Callee::Custom(name.into()), needs, known)
            }
            Target::Builtin(builtin) if builtin.confirmed => {
                let mut needs: Vec<Missing> = builtin
                    .params
                    .iter()
                    .filter(|param| param.required)
                    .map(|param| Missing {
                        name: param.name.to_string(),
                        alternatives: &[],
                        read: None,
                    })
                    .collect();
                if let [first, others @ ..] = builtin.one_of {
                    if !builtin.one_of.iter().any(|name| is_passed(name)) {
                        needs.push(Missing {
                            name: first.to_string(),
                            alternatives: others,
                            read: None,
                        });
                    }
                }
                let known = builtin.params.iter().map(|p| p.name.to_string()).collect();
                (Callee::Builtin(builtin), needs, Some(known))
            }
            _ => continue,
        };
        let missing = needs
            .into_iter()
            .filter(|need| !is_passed(&need.name))
            .collect();
        let unused = match known {
            Some(known) => passed
                .iter()
                .copied()
                .filter(|key| !known.contains(stem(&key.value)))
                .collect(),
            None => Vec::new(),
        };
        calls.push(Call {
            state,
            callee,
            parameters,
            anchor,
            missing,
            unused,
        });
    }
    calls
}

/// A `Parameters` key without its `.$` suffix: the name the callee sees.
pub(super) fn stem(key: &str) -> &str {
    key.strip_suffix(".$").unwrap_or(key)
}

/// The fix that renames a parameter key, keeping its `.$` suffix.
pub(super) fn rename(key: &Str, to: &str) -> (String, Vec<Edit>) {
    let suffix = if key.value.ends_with(".$") { ".$" } else { "" };
    (
        format!("Rename `{}` to `{to}`", stem(&key.value)),
        vec![Edit::replace(
            key.inner_range(),
            json_escape(&format!("{to}{suffix}")),
        )],
    )
}

/// A path to a top-level name of the flow data, as a starting point for the user to correct.
fn path_to(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("$.{name}")
    } else {
        format!("$['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}
