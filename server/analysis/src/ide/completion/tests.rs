use crate::ide::fixture::{apply, BUNDLE};
use crate::model::ResourceType;
use crate::schema::{every_kind, fields, ObjectKind, StateType};
use crate::{analyze, Config, Rule};

use super::*;

/// The completions at the `|` of `marked`, and the text without the mark.
fn complete(marked: &str) -> (String, Vec<CompletionItem>) {
    let offset = marked.find('|').expect("a cursor mark");
    let text = marked.replacen('|', "", 1);
    let analysis = analyze(&text, &Config::default());
    let items = completions(analysis.view(), &text, offset as u32);
    (text, items)
}

/// `BUNDLE` with `from` replaced by `to`, which holds the cursor mark.
fn in_bundle(from: &str, to: &str) -> String {
    assert!(BUNDLE.contains(from), "{from}");
    BUNDLE.replacen(from, to, 1)
}

/// The documentation of `item`, completed in `text`.
fn doc(text: &str, item: &CompletionItem) -> Option<String> {
    documentation(&analyze(text, &Config::default()), item.topic.as_ref()?)
}

fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|item| item.label.as_str()).collect()
}

fn find<'a>(items: &'a [CompletionItem], label: &str) -> &'a CompletionItem {
    items
        .iter()
        .find(|item| item.label == label)
        .unwrap_or_else(|| panic!("{label} in {:?}", labels(items)))
}

/// The text once `item` is accepted, snippet syntax left in.
fn accept(text: &str, item: &CompletionItem) -> String {
    apply(text, item.additional_edits.iter().chain([&item.edit]))
}

/// A snippet as typed through: each placeholder keeps its default, each bare tab stop gets
/// `x`.
fn expand(snippet: &str) -> String {
    let mut out = String::new();
    let mut rest = snippet;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(placeholder) = rest.strip_prefix('{') {
            let end = placeholder.find('}').unwrap();
            let (_, default) = placeholder[..end].split_once(':').unwrap();
            out.push_str(default);
            rest = &placeholder[end + 1..];
        } else {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            out.push_str(if &rest[..digits] == "0" { "" } else { "x" });
            rest = &rest[digits..];
        }
    }
    out + rest
}

const JOB: &str = "{\n  \"zis_template_version\": \"2019-10-14\",\n  \"resources\": {\n    \"job\": {\n      \"type\": \"ZIS::JobSpec\",\n      \"properties\": {\n        \"name\": \"job\",\n        \"event_source\": \"SOURCE\",\n        EVENT_TYPE\n        \"flow_name\": \"zis:acme:flow:f\"\n      }\n    }\n  }\n}";

fn job(source: &str, event_type: &str) -> String {
    JOB.replace("SOURCE", source)
        .replace("EVENT_TYPE", event_type)
}

#[test]
fn event_types_of_the_source_in_an_unterminated_string() {
    let (text, items) = complete(&job("support", "\"event_type\": \"|"));
    assert_eq!(items.len(), 30 + 25 + 6 + 3);
    assert_eq!(items[0].label, "ticket.AgentAssignmentChanged");
    let created = find(&items, "ticket.TicketCreated");
    assert_eq!(created.kind, CompletionKind::Event);
    assert_eq!(created.detail.as_deref(), Some("ticket_event"));
    assert_eq!(
        doc(&text, created).as_deref(),
        Some("A new ticket was created.\n\nThe flow receives the event's payload at `$.input.ticket_event`.")
    );
    assert!(!created.snippet);
    // The closing quote is added: the literal ran to the end of its line.
    assert!(accept(&text, created).contains("\"event_type\": \"ticket.TicketCreated\"\n"));
    let org = find(&items, "organization.OrganizationCreated");
    assert!(doc(&text, org)
        .unwrap()
        .ends_with("likely but not confirmed."));

    let (text, items) = complete(&job("support", "\"event_type\": \"ticket.Tick|"));
    let created = find(&items, "ticket.TicketCreated");
    assert_eq!(&text[created.edit.range.as_usize()], "ticket.Tick");
    assert_eq!(created.edit.new_text, "ticket.TicketCreated\"");
}

#[test]
fn event_types_in_a_closed_string_replace_its_content() {
    let (_, items) = complete(&job("sunshine", "\"event_type\": \"|activity\","));
    assert_eq!(
        labels(&items),
        [
            "customobject.CustomObjectChanged",
            "customobject.CustomObjectDeleted",
            "activity.UserActivityCreated"
        ]
    );
    let (text, items) = complete(&job("sunshine", "\"event_type\": \"act|ivity\","));
    assert_eq!(labels(&items), ["activity.UserActivityCreated"]);
    let activity = &items[0];
    assert_eq!(activity.detail.as_deref(), Some("activity_event"));
    assert_eq!(
        accept(&text, activity),
        job(
            "sunshine",
            "\"event_type\": \"activity.UserActivityCreated\","
        )
    );
}

#[test]
fn event_types_without_a_zendesk_source() {
    let (_, items) = complete(&job("tsanet", "\"event_type\": \"|\","));
    assert!(items.is_empty(), "a webhook's types are its own");
    let (_, items) = complete(&job("", "\"event_type\": \"|\","));
    assert_eq!(items.len(), 64 + 3, "every Zendesk source");
    let (_, items) = complete(&job("support", "\"event_type\": |"));
    assert_eq!(
        find(&items, "ticket.TicketCreated").edit.new_text,
        "\"ticket.TicketCreated\""
    );
}

#[test]
fn event_sources() {
    let text = job("support", "\"event_type\": \"ticket.TicketCreated\",");
    let marked = text.replace("\"event_source\": \"support\"", "\"event_source\": \"|\"");
    let (text, items) = complete(&marked);
    assert_eq!(labels(&items), ["support", "sunshine"]);
    assert_eq!(items[0].detail.as_deref(), Some("event source"));
    assert!(doc(&text, &items[0])
        .unwrap()
        .starts_with("Zendesk Support"));
}

#[test]
fn action_names_are_full_references_and_built_ins() {
    let (text, items) = complete(&in_bundle(
        "\"ActionName\": \"zis:acme:action:fetch\", \"Next\"",
        "\"ActionName\": \"|zis:acme:a\", \"Next\"",
    ));
    assert_eq!(
        labels(&items),
        [
            "zis:acme:action:fetch",
            "zis:common:action:LoadConfig",
            "zis:common:action:PatchConfig",
            "zis:common:action:LoadLinks",
            "zis:common:action:CreateLink",
            "zis:common:action:PatchLink",
            "zis:common:action:DeleteLink",
            "zis:common:transform:Jq",
        ]
    );
    let fetch = &items[0];
    assert_eq!(fetch.kind, CompletionKind::Action);
    assert_eq!(fetch.detail.as_deref(), Some("custom action"));
    assert_eq!(fetch.topic, Some(Topic::Action("fetch".to_string())));
    assert_eq!(
        doc(&text, fetch).as_deref(),
        Some("`GET https://example.com`")
    );
    assert_eq!(&text[fetch.edit.range.as_usize()], "zis:acme:a");
    let jq = find(&items, "zis:common:transform:Jq");
    assert_eq!(jq.detail.as_deref(), Some("built-in transform"));
    assert_eq!(
        doc(&text, jq).as_deref(),
        Some(
            "Runs a jq program on some data; the program's output is written at `ResultPath`.\n\n**Parameters**\n\n\
              - `expr` (required): The jq program.\n\
              - `data`: The program's input; usually `data.$` with a path to flow data."
        )
    );
}

#[test]
fn references_use_the_template_token_or_a_tab_stop_without_a_key() {
    let template = BUNDLE.replace("zis:acme:", "zis:<YOUR_INTEGRATION>:");
    let marked = template.replacen(
        "\"flow_name\": \"zis:<YOUR_INTEGRATION>:flow:main_flow\"",
        "\"flow_name\": \"|\"",
        1,
    );
    let (text, items) = complete(&marked);
    assert_eq!(labels(&items), ["zis:<YOUR_INTEGRATION>:flow:main_flow"]);
    assert_eq!(items[0].detail.as_deref(), Some("flow"));
    assert_eq!(
        doc(&text, &items[0]).as_deref(),
        Some("Starts at `Fetch`; 5 states.")
    );

    let bare = BUNDLE.replace("zis:acme:action:fetch", "fetch");
    let marked = bare.replacen(
        "\"flow_name\": \"zis:acme:flow:main_flow\"",
        "\"flow_name\": |",
        1,
    );
    let (_, items) = complete(&marked);
    assert_eq!(labels(&items), ["zis:<integration>:flow:main_flow"]);
    assert!(items[0].snippet);
    assert_eq!(
        items[0].edit.new_text,
        "\"zis:${1:integration}:flow:main_flow\""
    );
}

#[test]
fn transitions_offer_the_states_of_their_scope() {
    let flow_states = ["Fetch", "Check", "Each", "Done", "Failed"];
    for (from, to) in [
        ("\"StartAt\": \"Fetch\"", "\"StartAt\": \"|\""),
        ("\"Default\": \"Failed\"", "\"Default\": \"|Failed\""),
        ("\"Next\": \"Failed\"}]", "\"Next\": \"|\"}]"),
        ("\"Next\": \"Each\"}]", "\"Next\": |}]"),
        ("\"Next\": \"Done\",", "\"Next\": |,"),
    ] {
        let (_, items) = complete(&in_bundle(from, to));
        assert_eq!(labels(&items), flow_states, "{to}");
    }
    let (text, items) = complete(&in_bundle("\"Next\": \"Check\"", "\"Next\": \"Ch|\""));
    assert_eq!(labels(&items), ["Fetch", "Check", "Each"], "what was typed");
    let check = find(&items, "Check");
    assert_eq!(check.kind, CompletionKind::State);
    assert_eq!(check.detail.as_deref(), Some("Choice"));
    assert_eq!(
        doc(&text, check).as_deref(),
        Some(StateType::Choice.description())
    );
    assert_eq!(&text[check.edit.range.as_usize()], "Ch");
    // Inside the Map iterator, only its own states.
    let (_, items) = complete(&in_bundle("\"End\": true}}}}", "\"Next\": \"|\"}}}}"));
    assert_eq!(labels(&items), ["Fetch"]);
    let (_, items) = complete(&in_bundle(
        "\"Iterator\": {\"StartAt\": \"Fetch\"",
        "\"Iterator\": {\"StartAt\": \"|\"",
    ));
    assert_eq!(labels(&items), ["Fetch"]);
}

#[test]
fn a_missing_value_takes_a_quoted_state_name() {
    let marked = "{\"zis_template_version\": \"2019-10-14\", \"resources\": {\"f\": {\"type\": \"ZIS::Flow\", \"properties\": {\"definition\": {\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\",\n    \"Next\": |\n  },\n  \"B\": {\"Type\": \"Succeed\"}\n}}}}}}";
    let (text, items) = complete(marked);
    assert_eq!(labels(&items), ["A", "B"]);
    assert_eq!(items[1].edit.new_text, "\"B\"");
    assert!(accept(&text, &items[1]).contains("\"Next\": \"B\"\n"));
    // A bare word is what was typed of it.
    let (text, items) = complete(&marked.replace("\"Next\": |", "\"Next\": B|"));
    assert_eq!(labels(&items), ["B"]);
    assert_eq!(
        accept(&text, &items[0]),
        marked.replace("\"Next\": |", "\"Next\": \"B\"")
    );
}

const STATE: &str = "{\"zis_template_version\": \"2019-10-14\", \"resources\": {\"f\": {\"type\": \"ZIS::Flow\", \"properties\": {\"definition\": {\"StartAt\": \"A\", \"States\": {\n  \"A\": {\n    \"Type\": \"Pass\",\n    MEMBERS\n  }\n}}}}}}";

fn state(members: &str) -> String {
    STATE.replace("MEMBERS", members)
}

#[test]
fn keys_of_a_state_by_its_type() {
    let (text, items) = complete(&state("\"|"));
    assert_eq!(
        labels(&items),
        [
            "Comment",
            "Result",
            "ResultPath",
            "Next",
            "End",
            "InputPath",
            "OutputPath"
        ]
    );
    let end = find(&items, "End");
    assert_eq!(end.edit.new_text, "End\": ${1:true}");
    let undocumented = doc(&text, find(&items, "InputPath")).unwrap();
    assert!(
        undocumented.ends_with("ZIS does not document it."),
        "{undocumented}"
    );
    let (text, items) = complete(&state("\"Nex|"));
    assert_eq!(labels(&items), ["Next"]);
    let next = &items[0];
    assert_eq!(next.kind, CompletionKind::Field);
    assert_eq!(next.detail.as_deref(), Some("a state name"));
    assert_eq!(
        doc(&text, next).as_deref(),
        Some("The state to run after this one, in the same scope.")
    );
    assert!(next.snippet);
    assert_eq!(next.edit.new_text, "Next\": \"$1\"");
    assert_eq!(&text[next.edit.range.as_usize()], "Nex");
    assert_eq!(accept(&text, next), state("\"Next\": \"$1\""));

    let (text, items) = complete(&state("\"Type\": \"Action\", |"));
    assert_eq!(
        labels(&items),
        [
            "Comment",
            "ActionName",
            "Parameters",
            "ResultPath",
            "Catch",
            "TimeoutSeconds",
            "Next",
            "End",
            "InputPath",
            "OutputPath",
            "ResultSelector"
        ],
        "Type is there twice, the last one counts, and Retry is unsupported"
    );
    assert_eq!(
        doc(&text, find(&items, "ActionName"))
            .unwrap()
            .lines()
            .last(),
        Some("Required.")
    );
    assert_eq!(find(&items, "Catch").edit.new_text, "\"Catch\": [$1]");
    assert_eq!(
        find(&items, "Parameters").edit.new_text,
        "\"Parameters\": {$1}"
    );
    assert_eq!(
        find(&items, "TimeoutSeconds").edit.new_text,
        "\"TimeoutSeconds\": $1"
    );
}

#[test]
fn new_keys_get_the_commas_around_them() {
    // A trailing comma: nothing to add.
    let (text, items) = complete(&state("|"));
    let next = find(&items, "Next");
    assert_eq!(accept(&text, next), state("\"Next\": \"$1\""));
    // After a member without a comma, and before another member.
    let marked = STATE.replace(
        "\"Type\": \"Pass\",\n    MEMBERS",
        "\"Type\": \"Pass\"\n    Ne|\n    \"Result\": 1",
    );
    let (text, items) = complete(&marked);
    assert!(!labels(&items).contains(&"Result"));
    let next = find(&items, "Next");
    assert_eq!(
        accept(&text, next),
        STATE.replace(
            "\"Type\": \"Pass\",\n    MEMBERS",
            "\"Type\": \"Pass\",\n    \"Next\": \"$1\",\n    \"Result\": 1"
        )
    );
    // A half-typed key before another member.
    let (text, items) = complete(&state("\"Res|\n    \"End\": true"));
    assert_eq!(
        accept(&text, find(&items, "ResultPath")),
        state("\"ResultPath\": \"$1\",\n    \"End\": true")
    );
    // A key with its quotes but no colon.
    let (text, items) = complete(&state("\"Comm|\""));
    assert_eq!(
        accept(&text, find(&items, "Comment")),
        state("\"Comment\": \"$1\"")
    );
}

#[test]
fn renaming_a_key_changes_only_its_name() {
    let (text, items) = complete(&state("\"Nex|t\": \"A\""));
    let next = find(&items, "Next");
    assert!(!next.snippet);
    assert_eq!(accept(&text, next), state("\"Next\": \"A\""));
}

#[test]
fn choice_rules_offer_operators_until_they_have_one() {
    let choice = |rule: &str| {
        format!("{{\"zis_template_version\": \"2019-10-14\", \"resources\": {{\"f\": {{\"type\": \"ZIS::Flow\", \"properties\": {{\"definition\": {{\"States\": {{\"C\": {{\"Type\": \"Choice\", \"Choices\": [{rule}]}}}}}}}}}}}}}}")
    };
    let (_, items) = complete(&choice("{\"Variable\": \"$.x\", |}"));
    let names = labels(&items);
    assert_eq!(names[..5], ["Next", "And", "Or", "Not", "Comment"]);
    assert!(names.contains(&"StringEquals") && names.contains(&"IsPresent"));
    assert!(
        names.contains(&"TimestampEqualsPath"),
        "undocumented, still offered"
    );
    assert!(!names.contains(&"StringMatches"), "unsupported");
    assert!(!names.contains(&"Variable"));
    let equals = find(&items, "StringEquals");
    assert_eq!(equals.kind, CompletionKind::Operator);
    assert_eq!(equals.edit.new_text, "\"StringEquals\": \"$1\"");
    assert_eq!(
        find(&items, "BooleanEquals").edit.new_text,
        "\"BooleanEquals\": ${1:true}"
    );
    assert_eq!(
        find(&items, "NumericEquals").edit.new_text,
        "\"NumericEquals\": $1"
    );

    let (_, items) = complete(&choice(
        "{\"Variable\": \"$.x\", \"StringEquals\": \"a\", |}",
    ));
    assert_eq!(labels(&items), ["Next", "And", "Or", "Not", "Comment"]);
    let (_, items) = complete(&choice(
        "{\"Not\": {\"Variable\": \"$.x\", \"IsNull\": true, |}}",
    ));
    assert_eq!(
        labels(&items),
        ["And", "Or", "Not", "Comment"],
        "a nested rule has no Next"
    );
}

#[test]
fn keys_of_other_objects() {
    let (_, items) = complete(&in_bundle("\"ErrorEquals\": [\"States.ALL\"], ", "|"));
    assert_eq!(labels(&items), ["ErrorEquals", "ResultPath", "Comment"]);
    let (_, items) = complete(&in_bundle("\"method\": \"GET\", ", "|"));
    assert_eq!(
        labels(&items),
        [
            "method",
            "path",
            "connectionName",
            "headers",
            "queryParams",
            "query",
            "requestBody"
        ]
    );
    let (_, items) = complete(&in_bundle("\"name\": \"demo\",", "|"));
    assert_eq!(
        labels(&items),
        [
            "name",
            "description",
            "integration",
            "uuid",
            "zendesk_account_id"
        ]
    );
    let (_, items) = complete(&in_bundle("\"event_source\": \"support\",", "|"));
    assert_eq!(labels(&items), ["event_source", "description"]);
    let (_, items) = complete(&in_bundle("\"name\": \"main_flow\",", "|"));
    assert_eq!(labels(&items), ["name", "description"]);
}

#[test]
fn enumerated_values() {
    let (_, items) = complete(&state("\"End\": |"));
    assert_eq!(labels(&items), ["true", "false"]);
    assert_eq!(items[0].edit.new_text, "true");
    let (_, items) = complete(&state("\"End\": \"|\""));
    assert!(items.is_empty(), "no boolean inside quotes");

    let (text, items) = complete(&in_bundle("\"Type\": \"Succeed\"", "\"Type\": \"|\""));
    assert_eq!(
        labels(&items),
        ["Action", "Choice", "Map", "Wait", "Pass", "Succeed", "Fail"]
    );
    assert_eq!(items[0].kind, CompletionKind::Type);
    assert_eq!(
        doc(&text, &items[0]).as_deref(),
        Some(StateType::Action.description())
    );
    assert_eq!(accept(&text, &items[5]), BUNDLE);

    let (_, items) = complete(&in_bundle(
        "\"type\": \"ZIS::JobSpec\"",
        "\"type\": \"ZIS::|\"",
    ));
    assert_eq!(
        labels(&items),
        ["ZIS::Flow", "ZIS::Action::Http", "ZIS::JobSpec"]
    );
    let (_, items) = complete(&in_bundle("\"method\": \"GET\"", "\"method\": \"|\""));
    assert_eq!(
        labels(&items),
        ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "PATCH", "TRACE"]
    );
    let (_, items) = complete(&in_bundle(
        "\"zis_template_version\": \"2019-10-14\"",
        "\"zis_template_version\": |",
    ));
    assert_eq!(labels(&items), ["2019-10-14"]);
    let (_, items) = complete(&in_bundle(
        "\"ErrorEquals\": [\"States.ALL\"]",
        "\"ErrorEquals\": [|]",
    ));
    assert_eq!(labels(&items), ["States.ALL"]);
    assert_eq!(items[0].edit.new_text, "\"States.ALL\"");
}

#[test]
fn new_states_and_resources_as_snippets() {
    let marked = in_bundle(
        "\"Done\": {\"Type\": \"Succeed\"},",
        "|\n            \"Done\": {\"Type\": \"Succeed\"},",
    );
    let (text, items) = complete(&marked);
    assert_eq!(
        labels(&items),
        [
            "Action state",
            "Choice state",
            "Map state",
            "Wait state",
            "Pass state",
            "Succeed state",
            "Fail state"
        ]
    );
    let action = &items[0];
    assert_eq!(action.kind, CompletionKind::Snippet);
    assert_eq!(
        action.edit.new_text,
        "\"${1:Action}\": {\n              \"Type\": \"Action\",\n              \"ActionName\": \"$2\",\n              \"Next\": \"$3\"\n            },"
    );
    assert_eq!(
        items[2].edit.new_text,
        "\"${1:Map}\": {\n              \"Type\": \"Map\",\n              \"ItemsPath\": \"$2\",\n              \"Iterator\": {\n                \"StartAt\": \"$3\",\n                \"States\": {$4}\n              },\n              \"ResultPath\": \"$5\",\n              \"Next\": \"$6\"\n            },"
    );
    // After an opening quote, the snippet goes on from it.
    let quoted = in_bundle(
        "\"Done\": {\"Type\": \"Succeed\"},",
        "\"|\"\n            \"Done\": {\"Type\": \"Succeed\"},",
    );
    let (quoted_text, quoted_items) = complete(&quoted);
    let succeed = find(&quoted_items, "Succeed state");
    assert_eq!(
        succeed.edit.new_text,
        "${1:Succeed}\": {\n              \"Type\": \"Succeed\"\n            },"
    );
    assert_eq!(&quoted_text[succeed.edit.range.as_usize()], "\"");
    let wait = find(&quoted_items, "Wait state");
    assert!(
        wait.edit.new_text.contains("\"Seconds\": ${2:10},"),
        "{}",
        wait.edit.new_text
    );
    // Each one has every field its type requires.
    for item in &items {
        let out = expand(&accept(&text, item));
        let analysis = analyze(&out, &Config::default());
        let missing: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::MissingField)
            .collect();
        assert!(missing.is_empty(), "{}: {missing:?}", item.label);
    }

    let marked = in_bundle("\"job\": {", "|\n    \"job\": {");
    let (text, items) = complete(&marked);
    assert_eq!(
        labels(&items),
        ["ZIS::Flow", "ZIS::Action::Http", "ZIS::JobSpec"]
    );
    assert_eq!(items[0].detail.as_deref(), Some("new resource"));
    assert_eq!(
        items[0].edit.new_text,
        "\"${1:my_flow}\": {\n      \"type\": \"ZIS::Flow\",\n      \"properties\": {\n        \"name\": \"$1\",\n        \"definition\": {\n          \"StartAt\": \"$2\",\n          \"States\": {$0}\n        }\n      }\n    },"
    );
    for item in &items {
        let out = expand(&accept(&text, item));
        let analysis = analyze(&out, &Config::default());
        let missing: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::MissingField)
            .collect();
        assert!(missing.is_empty(), "{}: {missing:?}", item.label);
    }
}

#[test]
fn nothing_where_nothing_is_known() {
    for (from, to) in [
        // Inside a Map iteration `$` is the item, whose shape is not known.
        ("\"Fetch\", \"States\": {\n                \"Fetch\": {\"Type\": \"Action\", \"ActionName\": \"zis:acme:action:fetch\", \"End\": true}",
         "\"Fetch\", \"States\": {\n                \"Fetch\": {\"Type\": \"Action\", \"ActionName\": \"zis:acme:action:fetch\", \"Parameters\": {\"id.$\": \"$.|\"}, \"End\": true}"),
        ("{\"ErrorEquals\"", "{\"ErrorEquals\"|"),
        ("\"url\": \"https://example.com\"", "\"url\": \"https://|\""),
    ] {
        let (_, items) = complete(&in_bundle(from, to));
        assert!(items.is_empty(), "{to}: {:?}", labels(&items));
    }
    let (_, items) = complete("{\"Parameters\": {|}}");
    assert!(items.iter().all(|item| item.label != "Next"));
    let (_, items) = complete(&in_bundle("\"Catch\": [", "\"Catch\": [|"));
    assert!(items.is_empty());
    assert!(complete("|").1.is_empty());
}

/// The list at the `|` of `marked` with at most `limit` items.
fn complete_list(marked: &str, limit: usize) -> Completions {
    let offset = marked.find('|').expect("a cursor mark");
    let text = marked.replacen('|', "", 1);
    let analysis = analyze(&text, &Config::default());
    completion_list(analysis.view(), &text, offset as u32, limit)
}

/// A flow whose states are named `names`.
fn flow_of(names: &[&str]) -> String {
    let states: Vec<String> = names
        .iter()
        .map(|name| format!("\"{name}\": {{\"Type\": \"Succeed\"}}"))
        .collect();
    format!(
        "{{\"zis_template_version\": \"2019-10-14\", \"resources\": {{\"f\": {{\"type\": \"ZIS::Flow\", \"properties\": {{\"definition\": {{\"StartAt\": \"NEXT\", \"States\": {{{}}}}}}}}}}}}}",
        states.join(", ")
    )
}

#[test]
fn what_was_typed_filters_as_editors_do() {
    let names = [
        "PostFailed",
        "failovers",
        "Fetch",
        "Faucet",
        "FilterAll",
        "ΟΔΟΣ",
        "Done",
    ];
    let flow = flow_of(&names);
    let typed = |typed: &str| {
        let list = complete_list(&flow.replace("NEXT", &format!("{typed}|")), usize::MAX);
        let labels: Vec<String> = list.items.iter().map(|i| i.label.clone()).collect();
        (labels, list.incomplete)
    };
    let (all, incomplete) = typed("");
    assert_eq!(all, names);
    assert!(!incomplete, "nothing typed, nothing left out");
    // A subsequence of the label, in any case.
    assert_eq!(
        typed("fa"),
        (
            vec![
                "PostFailed".into(),
                "failovers".into(),
                "Faucet".into(),
                "FilterAll".into()
            ],
            true
        )
    );
    assert_eq!(typed("FAIL").0, ["PostFailed", "failovers", "FilterAll"]);
    // One swap of neighbouring characters within the first eight, as VS Code forgives.
    assert_eq!(typed("fial").0, ["PostFailed", "failovers", "FilterAll"]);
    assert_eq!(typed("Fecth").0, ["Fetch"]);
    assert_eq!(typed("failovres").0, ["failovers"]);
    assert!(typed("failovesr").0.is_empty(), "the 8th and the 9th");
    assert!(typed("eftch").0.contains(&"Fetch".to_string()));
    // Leading blanks are not part of the word; Greek compares in lower case, final sigma too.
    assert_eq!(typed("  Don").0, ["Done"]);
    assert_eq!(typed("οδος").0, ["ΟΔΟΣ"]);
    assert_eq!(typed("οδοσ").0, ["ΟΔΟΣ"]);
    // What every label matches leaves the list complete.
    let marked = in_bundle("\"type\": \"ZIS::JobSpec\"", "\"type\": \"zis::|\"");
    let list = complete_list(&marked, usize::MAX);
    assert_eq!(
        labels(&list.items),
        ["ZIS::Flow", "ZIS::Action::Http", "ZIS::JobSpec"]
    );
    assert!(!list.incomplete);
}

#[test]
fn only_the_first_128_utf16_units_typed_count() {
    let long = "a".repeat(127);
    let flow = flow_of(&[&format!("{long}b"), "zz"]);
    // VS Code reads 128 units of the word: what is typed past them cannot rule a label out.
    let marked = flow.replace("NEXT", &format!("{long}bxyz|"));
    let list = complete_list(&marked, usize::MAX);
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].label, format!("{long}b"));
    let marked = flow.replace("NEXT", &format!("{long}cxyz|"));
    assert!(complete_list(&marked, usize::MAX).items.is_empty());
}

#[test]
fn past_the_limit_prefix_matches_come_first_in_their_order() {
    let flow = flow_of(&["AfterX", "Xa", "Bx", "Xb", "Xc", "Done"]);
    let list = complete_list(&flow.replace("NEXT", "x|"), 3);
    assert!(list.incomplete);
    let labels: Vec<&str> = list.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["Xa", "Xb", "Xc"]);
    let list = complete_list(&flow.replace("NEXT", "x|"), 4);
    let labels: Vec<&str> = list.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["AfterX", "Xa", "Xb", "Xc"]);
    let list = complete_list(&flow.replace("NEXT", "|"), 6);
    assert!(!list.incomplete, "exactly the limit");
    assert!(complete_list(&flow.replace("NEXT", "|"), 5).incomplete);
}

#[test]
fn a_state_name_given_twice_is_offered_once() {
    let flow = flow_of(&["A", "B", "A"]);
    let list = complete_list(&flow.replace("NEXT", "|"), usize::MAX);
    assert_eq!(labels(&list.items), ["A", "B"]);
}

#[test]
fn topics_read_back_from_their_text_form() {
    let mut topics: Vec<Topic> = every_kind()
        .into_iter()
        .filter_map(|kind| Some(Topic::Field(kind, fields(kind).first()?.name)))
        .collect();
    topics.extend([
        Topic::Field(ObjectKind::ChoiceRule { top_level: true }, "StringEquals"),
        Topic::EventSource("support"),
        Topic::Event {
            source: "sunshine",
            name: "activity.UserActivityCreated",
        },
        Topic::Action("a:b c".to_string()),
        Topic::Flow(String::new()),
        Topic::Builtin("zis:common:transform:Jq"),
        Topic::StateType(StateType::Map),
        Topic::ResourceType(ResourceType::JobSpec),
        Topic::AnyError,
    ]);
    assert_eq!(topics.len(), 13 + 7 + 9);
    for topic in topics {
        assert_eq!(
            Topic::parse(&topic.encode()),
            Some(topic.clone()),
            "{topic:?}"
        );
    }
    for unknown in [
        "",
        "source:tsanet",
        "event:support:ticket.Nope",
        "event:support",
        "builtin:zis:common:action:Nope",
        "state:Task",
        "resource:ZIS::Nope",
        "field:state.Task:Next",
        "field:rule:Nope",
        "field:nowhere:Next",
        "nonsense:x",
    ] {
        assert_eq!(Topic::parse(unknown), None, "{unknown}");
    }
}

#[test]
fn documentation_of_a_resource_that_is_gone() {
    let analysis = analyze(BUNDLE, &Config::default());
    let fetch = Topic::Action("fetch".to_string());
    assert!(documentation(&analysis, &fetch).is_some());
    assert_eq!(
        documentation(&analysis, &Topic::Action("gone".to_string())),
        None
    );
    assert_eq!(
        documentation(&analysis, &Topic::Flow("fetch".to_string())),
        None
    );
}

#[test]
fn payload_fields_of_the_events_that_start_the_flow() {
    let (text, items) = complete(&in_bundle(
        "\"Variable\": \"$.ok\"",
        "\"Variable\": \"$.input.ticket_event.ticket.st|\"",
    ));
    assert!(labels(&items).contains(&"status"), "{:?}", labels(&items));
    let status = find(&items, "status");
    assert_eq!(status.detail.as_deref(), Some("string"));
    assert_eq!(
        doc(&text, status).as_deref(),
        Some("string · `new`, `open`, `pending`, `hold`, `solved` or `closed`.")
    );
    assert!(accept(&text, status).contains("\"Variable\": \"$.input.ticket_event.ticket.status\""));

    let (_, items) = complete(&in_bundle(
        "\"Variable\": \"$.ok\"",
        "\"Variable\": \"$.input.ticket_event.ticket.|\"",
    ));
    let fields = labels(&items);
    assert!(
        fields.contains(&"requester_id") && fields.contains(&"via"),
        "{fields:?}"
    );
    assert!(!fields.contains(&"subject"), "the payload has no subject");

    let (_, items) = complete(&in_bundle(
        "\"Variable\": \"$.ok\"",
        "\"Variable\": \"$.input.|\"",
    ));
    assert_eq!(labels(&items), ["ticket_event"]);
    let (_, items) = complete(&in_bundle(
        "\"Variable\": \"$.ok\"",
        "\"Variable\": \"$.input.ticket_event.|\"",
    ));
    assert_eq!(labels(&items), ["meta", "ticket", "type"]);
}

#[test]
fn flow_input_keys_and_written_names_in_a_placeholder() {
    let (text, items) = complete(&in_bundle(
        "\"Cause\": \"C\"",
        "\"Cause\": \"Failed for {{$.|}}\"",
    ));
    assert_eq!(
        labels(&items),
        [
            "input",
            "account_id",
            "subdomain",
            "integration_key",
            "connections",
            "each"
        ]
    );
    let input = find(&items, "input");
    assert!(doc(&text, input)
        .unwrap()
        .starts_with("The event that started the flow"));
    let (text, items) = complete(&in_bundle(
        "\"Cause\": \"C\"",
        "\"Cause\": \"Failed for {{$.input.ticket_event.ticket.i|d}}\"",
    ));
    let id = find(&items, "id");
    assert!(accept(&text, id).contains("{{$.input.ticket_event.ticket.id}}"));
    // Closed placeholders and plain text are not paths.
    let (_, items) = complete(&in_bundle("\"Cause\": \"C\"", "\"Cause\": \"{{$.a}} an|\""));
    assert!(items.is_empty(), "{:?}", labels(&items));
}

#[test]
fn parameters_of_the_built_in_a_state_calls() {
    let text = in_bundle(
        "\"ActionName\": \"zis:acme:action:fetch\", \"Next\"",
        "\"ActionName\": \"zis:common:action:LoadLinks\", \"Parameters\": {\"page_size\": 5, |}, \"Next\"",
    );
    let (text, items) = complete(&text);
    assert_eq!(
        labels(&items),
        [
            "link_type",
            "left_object_name",
            "right_object_name",
            "page_after_cursor"
        ]
    );
    let link_type = find(&items, "link_type");
    assert_eq!(link_type.detail.as_deref(), Some("required parameter"));
    assert!(doc(&text, link_type)
        .unwrap()
        .starts_with("Loads the links"));
    // A custom action's parameters are its own to name.
    let (_, items) = complete(&in_bundle(
        "\"ActionName\": \"zis:acme:action:fetch\", \"Next\"",
        "\"ActionName\": \"zis:acme:action:fetch\", \"Parameters\": {|}, \"Next\"",
    ));
    assert!(items.is_empty());
}
