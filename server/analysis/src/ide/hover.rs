//! Hover: what the key, value or name under the cursor means, and the rule page of any finding
//! there, as Markdown. Everything is read from the tables the rules use (schema, event catalog,
//! built-ins) and from the analysis, so the editor never says something the linter disagrees with.
//!
//! The documentation builders here also document completion items: one wording for both.

use std::fmt::Write;
use std::sync::Arc;

use zis_syntax::{Member, Object, Str, TextRange};

use crate::builtins::{builtin_by_name, Builtin};
use crate::catalog::{catalog, EventLookup, EventType, Family};
use crate::diagnostic::Diagnostic;
use crate::facts::Fact;
use crate::ide::cursor::{cursor_at, Cursor, Frame, Node, Spot};
use crate::ide::paths;
use crate::index::Target;
use crate::model::{ResourceId, ResourceKind};
use crate::reference::{parse_reference, RefKind};
use crate::schema::{lookup, FieldSpec, FieldType, ObjectKind, StateType, Support, RESOURCE_TYPES};
use crate::View;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// Markdown.
    pub contents: String,
    /// What the hover is about: the key or value under the cursor, else the finding's range.
    pub range: TextRange,
}

/// The hover at `offset`: the findings there (of `diagnostics`, in order) first, as they are
/// what the underline points at, then what the token under the cursor means, as `view` has it.
pub fn hover(
    view: View,
    diagnostics: &[Arc<Diagnostic>],
    text: &str,
    offset: u32,
) -> Option<Hover> {
    let mut sections = Vec::new();
    let mut range = None;
    // Sorted by start: only those starting at or before the cursor can cover it.
    let before = diagnostics.partition_point(|diagnostic| diagnostic.range.start <= offset);
    for diagnostic in &diagnostics[..before] {
        let at = diagnostic.range;
        if at.contains(offset) || at.is_empty() && at.start == offset {
            sections.push(diagnostic_page(diagnostic));
            range.get_or_insert(at);
        }
    }
    if let Some((token, about)) = token_hover(view, text, offset) {
        sections.push(about);
        range = Some(token);
    }
    Some(Hover {
        contents: sections.join("\n\n---\n\n"),
        range: range?,
    })
}

/// The finding, then its rule's page without the title (the first line says it) and without
/// the examples, which are long for a hover; `zis-lint explain` prints them.
fn diagnostic_page(diagnostic: &Diagnostic) -> String {
    let rule = diagnostic.rule;
    let mut sections = String::new();
    let mut in_example = false;
    for line in rule.documentation().lines() {
        if line.starts_with("# ") {
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            in_example = heading == "Example";
        }
        if !in_example {
            sections.push_str(line);
            sections.push('\n');
        }
    }
    let evidence = diagnostic.fact.map(evidence_line).unwrap_or_default();
    format!(
        "**{} {}** · {}\n\n{}{evidence}\n\n{}",
        rule.code(),
        rule.name(),
        diagnostic.severity.as_str(),
        diagnostic.message,
        sections.trim()
    )
}

/// Why the linter believes what the finding says, and how sure that is.
fn evidence_line(fact: &Fact) -> String {
    let mut line = format!(
        "\n\n*Rests on:* {} ({}",
        fact.claim,
        fact.evidence().as_str()
    );
    if let Some(page) = fact.documented.first() {
        let _ = write!(line, ", [source]({page})");
    }
    if let Some(against) = fact.contradicted_by.first() {
        let _ = write!(line, "; contradicted by {against}");
    }
    line.push(')');
    line
}

fn token_hover(view: View, text: &str, offset: u32) -> Option<(TextRange, String)> {
    let cursor = cursor_at(text, view.parse.root.as_ref(), offset)?;
    match cursor.spot {
        Spot::Key(member) => {
            let about = key_hover(cursor.frame(), member)
                .or_else(|| built_in_parameter_hover(&cursor, &member.key.value))?;
            Some((member.key.range, about))
        }
        Spot::Value { key, value } => {
            let paths = paths::paths_in(&value.value);
            if let Some(at) = paths::path_at(text, value, &paths, offset) {
                if let Some(about) = paths::hover(view, &at.names, offset) {
                    return Some((at.range, about));
                }
            }
            let about = value_hover(view, &cursor, &key.value, value, offset)?;
            Some((value.range, about))
        }
        _ => None,
    }
}

fn key_hover(frame: &Frame, member: &Member) -> Option<String> {
    let value = member.value.as_ref().and_then(|value| value.as_object());
    match frame.node {
        Node::Known(kind) => {
            let spec = lookup(kind, &member.key.value)?;
            Some(format!(
                "**`{}`** · {}\n\n{}",
                member.key.value,
                spec.ty.describe(),
                field_documentation(kind, &spec)
            ))
        }
        Node::States => Some(state_hover(&member.key.value, value?)),
        Node::Resources => {
            let ty = value?.get_str("type")?;
            let (name, description) = resource_type(&ty.value)?;
            Some(format!(
                "**`{}`** · `{name}`\n\n{description}",
                member.key.value
            ))
        }
        Node::Other => None,
    }
}

/// A key of the `Parameters` of a state that calls a built-in: the parameter it names.
fn built_in_parameter_hover(cursor: &Cursor, key: &str) -> Option<String> {
    let builtin = called_built_in(cursor)?;
    let name = key.strip_suffix(".$").unwrap_or(key);
    let param = builtin.param(name)?;
    let required = if param.required { " (required)" } else { "" };
    Some(format!(
        "**`{name}`** · parameter of `{}`{required}\n\n{}",
        builtin.name(),
        param.description
    ))
}

/// The built-in that the state around the cursor calls, when the cursor is right inside its
/// `Parameters`.
pub(crate) fn called_built_in(cursor: &Cursor) -> Option<&'static Builtin> {
    let [.., state, parameters] = &cursor.frames[..] else {
        return None;
    };
    if !matches!(state.node, Node::Known(ObjectKind::State(_))) {
        return None;
    }
    let own = state.object.get_object("Parameters")?;
    if !std::ptr::eq(&**own, parameters.object) {
        return None;
    }
    let reference = parse_reference(&state.object.get_str("ActionName")?.value).ok()?;
    if !reference.is_common() {
        return None;
    }
    builtin_by_name(reference.ref_kind, &reference.name.text)
}

fn value_hover(view: View, cursor: &Cursor, key: &str, value: &Str, offset: u32) -> Option<String> {
    let frame = cursor.frame();
    let Node::Known(kind) = frame.node else {
        return None;
    };
    match (kind, key) {
        (ObjectKind::JobSpecProperties, "event_type") => {
            let source = frame.object.get_str("event_source");
            event_hover(source.map(|s| s.value.as_str()), &value.value)
        }
        (ObjectKind::JobSpecProperties, "event_source") => {
            let source = catalog().source(&value.value)?;
            Some(format!(
                "**`{}`** · event source\n\n{}",
                source.name, source.description
            ))
        }
        (ObjectKind::JobSpecProperties, "flow_name") | (ObjectKind::State(_), "ActionName") => {
            match view.index.reference_at(offset)?.target {
                Target::Builtin(builtin) => Some(format!(
                    "**`{}`** · {}\n\n{}",
                    builtin.reference,
                    builtin_noun(builtin),
                    builtin_documentation(builtin)
                )),
                Target::Resource(id) => Some(resource_hover(view, id)),
                Target::Unresolved => None,
            }
        }
        (ObjectKind::State(_), "Type") => {
            let ty = StateType::parse(&value.value)?;
            Some(format!(
                "**`{}`** · state type\n\n{}",
                ty.name(),
                ty.description()
            ))
        }
        (ObjectKind::Resource, "type") => {
            let (name, description) = resource_type(&value.value)?;
            Some(format!("**`{name}`** · resource type\n\n{description}"))
        }
        _ if lookup(kind, key)?.ty == FieldType::StateName => {
            let object = cursor.scope()?;
            let scopes = &view.model.scopes;
            let scope = scopes.iter().find(|s| std::ptr::eq(&*s.object, object))?;
            let state = &scope.states[scope.state(&value.value)?];
            Some(state_hover(&value.value, &state.object))
        }
        _ => None,
    }
}

fn event_hover(source: Option<&str>, name: &str) -> Option<String> {
    let catalog = catalog();
    // Without a source, the first one that lists the type tells where its payload is.
    let (source, found) = match source {
        Some(source) => (source, catalog.lookup(source, name)),
        None => catalog.sources().iter().find_map(|source| {
            let found = catalog.lookup(&source.name, name);
            matches!(found, EventLookup::Known { .. }).then_some((source.name.as_str(), found))
        })?,
    };
    match found {
        EventLookup::Known { family, event } => Some(format!(
            "**`{name}`** · `{source}` event\n\n{}",
            event_documentation(family, event)
        )),
        EventLookup::UnconfirmedFamily(family) => Some(format!(
            "**`{name}`** · `{source}` event\n\nNot a listed event type, but the names of the \
             `{}` events are not confirmed, so it may exist.\n\n{}",
            family.prefix,
            payload_line(family)
        )),
        EventLookup::Unknown | EventLookup::NotChecked => None,
    }
}

/// What fires the event and where its payload sits.
pub(crate) fn event_documentation(family: &Family, event: &EventType) -> String {
    let mut doc = format!("{}\n\n{}", event.description, payload_line(family));
    if !family.confirmed {
        doc.push_str(&format!(
            "\n\nThe names of the `{}` events are likely but not confirmed.",
            family.prefix
        ));
    }
    doc
}

fn payload_line(family: &Family) -> String {
    format!(
        "The flow receives the event's payload at `$.input.{}`.",
        family.payload_key
    )
}

/// A field's documentation, whether it must be there, and what ZIS makes of it.
pub(crate) fn field_documentation(kind: ObjectKind, spec: &FieldSpec) -> String {
    let mut doc = spec.doc.to_string();
    if spec.required {
        doc.push_str("\n\nRequired.");
    }
    let support = match spec.support {
        Support::Supported => None,
        Support::Unsupported => Some("ZIS does not support it.".to_string()),
        Support::Undocumented => Some("ZIS does not document it.".to_string()),
        Support::Misplaced => Some(format!("Not taken by {}.", kind.describe())),
    };
    if let Some(support) = support {
        doc.push_str("\n\n");
        doc.push_str(&support);
    }
    doc
}

pub(crate) fn builtin_noun(builtin: &Builtin) -> &'static str {
    match builtin.kind {
        RefKind::Transform => "built-in transform",
        _ => "built-in action",
    }
}

/// What a built-in does and the `Parameters` it takes.
pub(crate) fn builtin_documentation(builtin: &Builtin) -> String {
    let mut doc = builtin.description.to_string();
    if !builtin.params.is_empty() {
        doc.push_str("\n\n**Parameters**\n");
        for param in builtin.params {
            let required = if param.required { " (required)" } else { "" };
            let _ = write!(doc, "\n- `{}`{required}: {}", param.name, param.description);
        }
    }
    doc
}

fn resource_hover(view: View, id: ResourceId) -> String {
    let resource = view.model.resource(id);
    let noun = match resource.kind {
        ResourceKind::Flow { .. } => "Flow",
        _ => "Custom action",
    };
    let name = resource.name.as_ref().unwrap_or(&resource.key);
    format!(
        "**{noun} `{}`**\n\n{}",
        name.value,
        resource_summary(view, id)
    )
}

/// A custom action's request (method and URL or path) or a flow's start and size, then its
/// description.
pub(crate) fn resource_summary(view: View, id: ResourceId) -> String {
    let resource = view.model.resource(id);
    let mut summary = match &resource.kind {
        ResourceKind::Action {
            definition: Some(definition),
        } => request_line(definition),
        ResourceKind::Flow { scope: Some(scope) } => {
            let scope = view.model.scope(*scope);
            let count = scope.states.len();
            let states = if count == 1 { "state" } else { "states" };
            match &scope.start_at {
                Some(start) => format!("Starts at `{}`; {count} {states}.", start.value),
                None => format!("{count} {states}."),
            }
        }
        _ => String::new(),
    };
    let description = resource.properties.as_ref();
    if let Some(description) = description.and_then(|p| p.get_str("description")) {
        if !summary.is_empty() {
            summary.push_str("\n\n");
        }
        summary.push_str(&description.value);
    }
    summary
}

fn request_line(definition: &Object) -> String {
    let method = definition
        .get_str("method")
        .map_or("?", |m| m.value.as_str());
    let target = ["url", "path"].into_iter().find_map(|key| {
        let member = definition.member_or_path(key)?;
        Some(member.value.as_ref()?.as_str()?.value.as_str()).filter(|target| !target.is_empty())
    });
    let mut line = match target {
        Some(target) => format!("`{method} {target}`"),
        None => format!("`{method}`"),
    };
    if let Some(connection) = definition.get_str("connectionName") {
        let _ = write!(line, " through the connection `{}`", connection.value);
    }
    line
}

fn state_hover(name: &str, state: &Object) -> String {
    let ty = state.get_str("Type");
    match ty {
        Some(ty) => {
            let description = StateType::parse(&ty.value).map_or("", StateType::description);
            format!("**State `{name}`** · `{}`\n\n{description}", ty.value)
                .trim_end()
                .to_string()
        }
        None => format!("**State `{name}`**"),
    }
}

pub(crate) fn resource_type(name: &str) -> Option<(&'static str, &'static str)> {
    RESOURCE_TYPES.iter().copied().find(|(ty, _)| *ty == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture::{at, BUNDLE};
    use crate::{analyze, Config};

    fn hover_at(text: &str, offset: u32) -> Option<Hover> {
        let analysis = analyze(text, &Config::default());
        hover(analysis.view(), &analysis.diagnostics, text, offset)
    }

    fn contents(offset: u32) -> String {
        hover_at(BUNDLE, offset).expect("a hover").contents
    }

    #[test]
    fn event_types_say_what_fires_them_and_where_the_payload_is() {
        let found = hover_at(BUNDLE, at("ticket.TicketCreated", 0, 3)).unwrap();
        assert_eq!(
            found.contents,
            "**`ticket.TicketCreated`** · `support` event\n\nA new ticket was created.\n\n\
             The flow receives the event's payload at `$.input.ticket_event`."
        );
        assert_eq!(&BUNDLE[found.range.as_usize()], "\"ticket.TicketCreated\"");
        assert_eq!(
            contents(at("\"support\"", 0, 2)),
            "**`support`** · event source\n\n\
             Zendesk Support: ticket, user, organization and custom object record events."
        );
        let text = BUNDLE.replace("ticket.TicketCreated", "organization.OrganizationCreated");
        let offset = text.find("organization.").unwrap() as u32 + 1;
        let about = hover_at(&text, offset).unwrap().contents;
        assert!(about.contains("$.input.organization_event"), "{about}");
        assert!(about.ends_with("likely but not confirmed."), "{about}");
    }

    #[test]
    fn types_and_fields_show_the_schema() {
        assert_eq!(
            contents(at("\"Succeed\"", 0, 2)),
            format!(
                "**`Succeed`** · state type\n\n{}",
                StateType::Succeed.description()
            )
        );
        assert_eq!(
            contents(at("ZIS::JobSpec", 0, 2)),
            "**`ZIS::JobSpec`** · resource type\n\nA job spec: starts a flow when an event of \
             `event_source` and `event_type` fires."
        );
        assert_eq!(
            contents(at("\"StartAt\"", 0, 2)),
            "**`StartAt`** · a state name\n\nThe first state to run.\n\nRequired."
        );
        let found = hover_at(BUNDLE, at("\"ItemsPath\"", 0, 1)).unwrap();
        assert_eq!(&BUNDLE[found.range.as_usize()], "\"ItemsPath\"");
        assert!(found
            .contents
            .starts_with("**`ItemsPath`** · a JSONPath string\n\n"));
        assert_eq!(
            contents(at("\"BooleanEquals\"", 0, 2)),
            "**`BooleanEquals`** · a boolean\n\nA comparison operator of a Choice rule."
        );
        assert_eq!(
            contents(at("\"job\"", 0, 2)),
            "**`job`** · `ZIS::JobSpec`\n\nA job spec: starts a flow when an event of \
             `event_source` and `event_type` fires."
        );
        assert_eq!(hover_at(BUNDLE, at("$.ok", 0, 1)), None, "a JSONPath value");
    }

    #[test]
    fn references_summarise_their_target() {
        assert_eq!(
            contents(at("action:fetch", 0, 3)),
            "**Custom action `fetch`**\n\n`GET https://example.com`"
        );
        assert_eq!(
            contents(at("flow:main_flow", 0, 3)),
            "**Flow `main_flow`**\n\nStarts at `Fetch`; 5 states."
        );
        let text = BUNDLE.replace(
            "zis:acme:action:fetch\", \"Next\"",
            "zis:common:action:LoadConfig\", \"Parameters\": {\"scope\": \"s\"}, \"Next\"",
        );
        let offset = text.find("LoadConfig").unwrap() as u32;
        assert_eq!(
            hover_at(&text, offset).unwrap().contents,
            "**`zis:common:action:LoadConfig`** · built-in action\n\n\
             Loads a config object stored for the integration with the Config API; it answers \
             `{\"config\": …}` at `ResultPath`.\n\n**Parameters**\n\n\
             - `scope` (required): The scope the config was stored under."
        );
    }

    #[test]
    fn transitions_show_the_type_of_their_target_in_their_scope() {
        assert_eq!(
            contents(at("\"Done\"", 0, 2)),
            format!(
                "**State `Done`** · `Succeed`\n\n{}",
                StateType::Succeed.description()
            )
        );
        assert_eq!(
            contents(at("\"Failed\"", 0, 2)),
            format!(
                "**State `Failed`** · `Fail`\n\n{}",
                StateType::Fail.description()
            )
        );
        // The iterator's `StartAt` names the iterator's own `Fetch`, an Action state too; the
        // state's key says the same.
        assert!(contents(at("\"Fetch\"", 2, 2)).starts_with("**State `Fetch`** · `Action`"));
        assert!(contents(at("\"Each\": {", 0, 2)).starts_with("**State `Each`** · `Map`"));
    }

    #[test]
    fn a_finding_under_the_cursor_shows_its_rule_page() {
        let text = BUNDLE.replace("\"Default\": \"Failed\"", "\"Default\": \"Faild\"");
        let offset = text.find("Faild").unwrap() as u32;
        let found = hover_at(&text, offset).unwrap();
        let page = &found.contents;
        assert!(
            page.starts_with(
                "**ZIS101 unknown-state** · error\n\n`Faild` is not a state of this flow; did you \
                 mean `Failed`?\n\n*Rests on:* `StartAt`, `Next`, `Default` and a Catch \
                 handler's `Next` name a state of the same flow; the states of a Map iterator go \
                 only to each other. (documented, [source](https://states-language.net/spec.html))\
                 \n\n## What it checks\n"
            ),
            "{page}"
        );
        assert!(
            page.contains("\n## Why\n") && page.contains("\n## Fix\n"),
            "{page}"
        );
        assert!(
            !page.contains("## Example") && !page.contains("```"),
            "{page}"
        );
        assert!(!page.contains("# ZIS101"), "the title is the first line");
        assert_eq!(&text[found.range.as_usize()], "\"Faild\"");
    }

    #[test]
    fn a_finding_and_the_meaning_of_the_token_together() {
        let text = BUNDLE.replace("\"End\": true}}}}", "\"End\": true, \"Retry\": []}}}}");
        let offset = text.find("\"Retry\"").unwrap() as u32 + 1;
        let about = hover_at(&text, offset).unwrap().contents;
        let (finding, field) = about.split_once("\n\n---\n\n").expect("two sections");
        assert!(
            finding.starts_with("**ZIS008 unsupported-feature** · warning"),
            "{finding}"
        );
        assert_eq!(
            field,
            "**`Retry`** · any value\n\nZIS does not retry states; a failed flow is retried from \
             its start.\n\nZIS does not support it."
        );
    }

    #[test]
    fn payload_fields_of_the_events_that_start_the_flow() {
        let text = BUNDLE.replace(
            "\"Variable\": \"$.ok\"",
            "\"Variable\": \"$.input.ticket_event.ticket.status\"",
        );
        let offset = text.find("status\"").unwrap() as u32 + 2;
        let found = hover_at(&text, offset).unwrap();
        assert_eq!(&text[found.range.as_usize()], ".status");
        assert_eq!(
            found.contents,
            "**`$.input.ticket_event.ticket.status`** · string\n\n`new`, `open`, `pending`, \
             `hold`, `solved` or `closed`.\n\nIn the payload of `ticket.TicketCreated`."
        );
        let offset = text.find("ticket_event").unwrap() as u32 + 1;
        assert!(hover_at(&text, offset)
            .unwrap()
            .contents
            .starts_with("**`$.input.ticket_event`** · `ticket.*` event payload"));
        let offset = text.find("$.input").unwrap() as u32 + 3;
        assert!(hover_at(&text, offset)
            .unwrap()
            .contents
            .starts_with("**`$.input`** · flow input"));
    }

    #[test]
    fn parameters_of_a_built_in() {
        let text = BUNDLE.replace(
            "\"ActionName\": \"zis:acme:action:fetch\", \"Next\"",
            "\"ActionName\": \"zis:common:action:LoadLinks\", \"Parameters\": \
             {\"page_size\": 5, \"link_type.$\": \"$.t\"}, \"Next\"",
        );
        let at = |needle: &str| hover_at(&text, text.find(needle).unwrap() as u32 + 2);
        assert_eq!(
            at("\"page_size\"").unwrap().contents,
            "**`page_size`** · parameter of `LoadLinks`\n\nHow many links to return at most: 20 \
             unless given, 100 at most."
        );
        assert!(at("\"link_type.$\"")
            .unwrap()
            .contents
            .starts_with("**`link_type`** · parameter of `LoadLinks` (required)"));
    }

    #[test]
    fn nothing_to_say_gives_no_hover() {
        assert_eq!(hover_at(BUNDLE, at("https://", 0, 3)), None);
        assert_eq!(hover_at(BUNDLE, 0), None);
        assert_eq!(hover_at("{\"a\": 1}", 7), None, "a number");
    }
}
