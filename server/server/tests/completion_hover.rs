//! Completion, hover and quick fixes as a client sees them, over the real protocol.

mod common;
#[path = "../../../tests/support/corpus.rs"]
mod support;

use common::*;
use serde_json::{json, Value};
use zis_analysis::TextRange;

/// Zendesk's ZIS tutorial bundle, from the shared corpus beside the repository (or
/// `ZIS_CORPUS`). CI always has it; elsewhere the tests that need it say `skipped:` and pass.
fn tutorial() -> Option<String> {
    let path = support::corpus()?.join("tutorial/post_tickets_to_webhook_bundle.json");
    Some(std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display())))
}

/// The position of the end of the first `needle` in `text`.
fn after(text: &str, needle: &str) -> Value {
    find(text, needle, 0, needle.len())
}

/// The items of the completion list at `position`, and whether the list is incomplete.
async fn complete_list(client: &mut Client, doc: &str, position: Value) -> (Vec<Value>, bool) {
    let response = client
        .at("textDocument/completion", doc, position, json!({}))
        .await;
    let list = &response["result"];
    let items = list["items"].as_array().expect("a list of items").clone();
    (items, list["isIncomplete"].as_bool().expect("isIncomplete"))
}

async fn complete(client: &mut Client, doc: &str, position: Value) -> Vec<Value> {
    complete_list(client, doc, position).await.0
}

/// A client that asks for an item's documentation when it shows it, as VS Code does.
async fn resolving_client() -> Client {
    let capabilities = json!({"textDocument": {"completion": {"completionItem": {
        "snippetSupport": true,
        "resolveSupport": {"properties": ["documentation", "detail", "additionalTextEdits"]}
    }}}});
    Client::initialized(capabilities).await.0
}

async fn resolve(client: &mut Client, item: &Value) -> Value {
    let response = client.request("completionItem/resolve", item.clone()).await;
    response["result"].clone()
}

/// `item` with its documentation, as it must come back from `completionItem/resolve`.
fn with_documentation(item: &Value, markdown: &str) -> Value {
    let mut item = item.clone();
    item["documentation"] = json!({"kind": "markdown", "value": markdown});
    item
}

fn labels(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect()
}

fn item<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|item| item["label"] == label)
        .unwrap_or_else(|| panic!("{label} in {:?}", labels(items)))
}

/// The text once the item is accepted.
fn accept(text: &str, item: &Value) -> String {
    let mut edits = vec![item["textEdit"].clone()];
    if let Some(more) = item["additionalTextEdits"].as_array() {
        edits.extend(more.iter().cloned());
    }
    apply(text, &edits)
}

fn code_action_params(doc: &str, range: Value, only: Option<Value>) -> Value {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = only;
    }
    json!({"textDocument": {"uri": doc}, "range": range, "context": context})
}

#[tokio::test]
async fn initialize_announces_completion_hover_and_quick_fixes() {
    let (_, result) = Client::initialized(json!({})).await;
    let capabilities = &result["capabilities"];
    assert_eq!(
        capabilities["completionProvider"]["triggerCharacters"],
        json!(["\"", ":"])
    );
    assert_eq!(capabilities["completionProvider"]["resolveProvider"], true);
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.zis-lint"])
    );
}

#[tokio::test]
async fn event_type_completion_in_the_tutorial_mid_edit() {
    let Some(tutorial) = tutorial() else { return };
    let text = edited(
        &tutorial,
        "\"event_type\": \"ticket.TicketCreated\",",
        "\"event_type\": \"",
    );
    let mut client = Client::new().await;
    let doc = uri("tutorial.json");
    client.open(&doc, &text, 1);
    let diagnostics = client.diagnostics(&doc, json!(1)).await;
    assert!(
        codes(&diagnostics).contains(&"ZIS001"),
        "the unclosed string"
    );

    let (items, incomplete) =
        complete_list(&mut client, &doc, after(&text, "\"event_type\": \"")).await;
    assert_eq!(items.len(), 64, "the `support` event types");
    assert!(!incomplete, "nothing typed: every candidate is there");
    let created = item(&items, "ticket.TicketCreated");
    assert_eq!(created["kind"], 23, "event");
    assert_eq!(created["detail"], "ticket_event");
    assert_eq!(
        created["documentation"],
        json!({
            "kind": "markdown",
            "value": "A new ticket was created.\n\nThe flow receives the event's payload at `$.input.ticket_event`."
        })
    );
    assert_eq!(
        created.get("data"),
        None,
        "no resolve: a client that does not say it resolves documentation gets it with the item"
    );
    assert_eq!(
        created.get("insertTextFormat"),
        None,
        "plain text, the default"
    );
    let cursor = after(&text, "\"event_type\": \"");
    assert_eq!(
        created["textEdit"],
        json!({"range": {"start": cursor, "end": cursor}, "newText": "ticket.TicketCreated\""})
    );
    assert_eq!(
        accept(&text, created),
        edited(
            &tutorial,
            "ticket.TicketCreated\",",
            "ticket.TicketCreated\""
        )
    );
    // The order is the catalog's, whatever the labels.
    assert_eq!(items[0]["sortText"], "00000");
    assert_eq!(items[0]["label"], "ticket.AgentAssignmentChanged");
}

#[tokio::test]
async fn action_name_completion_uses_the_bundle_integration_token() {
    let Some(tutorial) = tutorial() else { return };
    let mut client = Client::new().await;
    let doc = uri("tutorial.json");
    client.open(&doc, &tutorial, 1);
    let inside = find(&tutorial, "zis:<YOUR_INTEGRATION>:action", 0, 4);
    let items = complete(&mut client, &doc, inside).await;
    assert_eq!(
        labels(&items),
        [
            "zis:<YOUR_INTEGRATION>:action:post-to-webhook-site",
            "zis:common:action:LoadConfig",
            "zis:common:action:PatchConfig",
            "zis:common:action:LoadLinks",
            "zis:common:action:CreateLink",
            "zis:common:action:PatchLink",
            "zis:common:action:DeleteLink",
            "zis:common:transform:Jq",
        ]
    );
    let custom = &items[0];
    assert_eq!(custom["kind"], 3, "function");
    assert_eq!(custom["detail"], "custom action");
    assert_eq!(custom["documentation"]["value"], "`POST`");
    let content = find(&tutorial, "zis:<YOUR_INTEGRATION>:action", 0, 0);
    let end = after(&tutorial, "action:post-to-webhook-site");
    assert_eq!(
        custom["textEdit"]["range"],
        json!({"start": content, "end": end})
    );
    assert_eq!(accept(&tutorial, custom), tutorial);
    let load = item(&items, "zis:common:action:LoadConfig");
    assert!(load["documentation"]["value"]
        .as_str()
        .unwrap()
        .ends_with("- `scope` (required): The scope the config was stored under."));
}

#[tokio::test]
async fn next_completion_offers_the_states_of_the_scope() {
    let text = edited(&fixture(), "\"Next\": \"CheckPriority\"", "\"Next\": ");
    let mut client = Client::new().await;
    let doc = uri("next.json");
    client.open(&doc, &text, 1);
    let items = complete(&mut client, &doc, find(&text, "\"Next\": \n", 0, 8)).await;
    assert_eq!(labels(&items), FIXTURE_STATES);
    let check = item(&items, "CheckPriority");
    assert_eq!(check["detail"], "Choice");
    assert_eq!(check["textEdit"]["newText"], "\"CheckPriority\"");
    assert_eq!(accept(&text, check), fixture());

    // A transition inside the Map iterator names the iterator's states only.
    let text = edited(&fixture(), "\"StartAt\": \"Notify\"", "\"StartAt\": \"No\"");
    client.open(&uri("iterator.json"), &text, 1);
    let items = complete(
        &mut client,
        &uri("iterator.json"),
        after(&text, "\"StartAt\": \"No"),
    )
    .await;
    assert_eq!(labels(&items), ["Notify"]);
    assert_eq!(accept(&text, &items[0]), fixture());
}

#[tokio::test]
async fn key_completion_in_a_state_with_a_half_typed_key() {
    let done = "\"Type\": \"Succeed\"\n";
    let text = edited(
        &fixture(),
        done,
        "\"Type\": \"Succeed\"\n              \"Mes\n",
    );
    let mut client = Client::new().await;
    let doc = uri("keys.json");
    client.open(&doc, &text, 1);
    let (items, incomplete) = complete_list(&mut client, &doc, after(&text, "\"Mes")).await;
    assert_eq!(labels(&items), ["Message"], "what matches what was typed");
    assert!(incomplete);
    let message = &items[0];
    assert_eq!(message["kind"], 10, "property");
    assert_eq!(message["insertTextFormat"], 2, "snippet");
    assert_eq!(message["detail"], "a string");
    assert_eq!(message["textEdit"]["newText"], "Message\": \"$1\"");
    // The member before gets its missing comma.
    let accepted = accept(&text, message);
    assert!(
        accepted.contains("\"Type\": \"Succeed\",\n              \"Message\": \"$1\"\n"),
        "{accepted}"
    );
}

#[tokio::test]
async fn what_was_typed_filters_the_list_and_marks_it_incomplete() {
    let text = edited(&fixture(), "\"Default\": \"Done\"", "\"Default\": \"dON\"");
    let mut client = Client::new().await;
    let doc = uri("typed.json");
    client.open(&doc, &text, 1);
    let (items, incomplete) = complete_list(&mut client, &doc, after(&text, "\"dON")).await;
    assert_eq!(labels(&items), ["Done"], "in any case");
    assert!(incomplete, "the others may match once `dON` is deleted");
    assert_eq!(accept(&text, &items[0]), fixture());

    // Nothing typed before the cursor: every state, and the list is complete.
    let (items, incomplete) = complete_list(&mut client, &doc, find(&text, "\"dON\"", 0, 1)).await;
    assert_eq!(labels(&items), FIXTURE_STATES);
    assert!(!incomplete);
    assert_eq!(accept(&text, item(&items, "Done")), fixture());
}

#[tokio::test]
async fn a_long_list_is_cut_and_marked_incomplete() {
    let states: Vec<String> = (0..300)
        .map(|i| format!("\"S{i}\": {{\"Type\": \"Succeed\"}}"))
        .collect();
    let text = format!(
        "{{\"zis_template_version\": \"2019-10-14\", \"resources\": {{\"f\": {{\"type\": \"ZIS::Flow\", \"properties\": {{\"name\": \"f\", \"definition\": {{\"StartAt\": \"\", \"States\": {{{}}}}}}}}}}}}}",
        states.join(", ")
    );
    let mut client = Client::new().await;
    let doc = uri("long.json");
    client.open(&doc, &text, 1);
    let (items, incomplete) =
        complete_list(&mut client, &doc, after(&text, "\"StartAt\": \"")).await;
    assert_eq!(items.len(), 200);
    assert!(incomplete);
    assert_eq!(labels(&items)[..3], ["S0", "S1", "S2"]);
    assert_eq!(items[199]["label"], "S199");
}

#[tokio::test]
async fn documentation_comes_with_resolve_when_the_client_resolves() {
    let text = fixture();
    let mut client = resolving_client().await;
    let doc = uri("resolve.json");
    client.open(&doc, &text, 1);
    let inside = find(&text, "zis:acme:action:post-to-webhook-site", 0, 0);
    let items = complete(&mut client, &doc, inside.clone()).await;
    assert_eq!(items.len(), 8, "{:?}", labels(&items));
    assert!(items.iter().all(|item| item.get("documentation").is_none()));
    let custom = item(&items, "zis:acme:action:post-to-webhook-site");
    assert_eq!(custom["detail"], "custom action", "the detail stays inline");
    assert_eq!(custom["data"], json!([doc, "action:post-to-webhook-site"]));
    assert_eq!(
        resolve(&mut client, custom).await,
        with_documentation(custom, "`POST https://webhook.site/acme`")
    );
    let jq = item(&items, "zis:common:transform:Jq");
    assert_eq!(jq["data"], json!([doc, "builtin:zis:common:transform:Jq"]));
    let resolved = resolve(&mut client, jq).await;
    assert!(resolved["documentation"]["value"]
        .as_str()
        .unwrap()
        .starts_with("Runs a jq program on some data"));

    // Keys: their documentation depends on the object they are in.
    let key = edited(
        &text,
        "\"Type\": \"Succeed\"\n",
        "\"Type\": \"Succeed\",\n\"\n",
    );
    client.change(&doc, 2, json!([{"text": key}]));
    client.diagnostics(&doc, json!(2)).await;
    let items = complete(&mut client, &doc, after(&key, "\"Succeed\",\n\"")).await;
    let message = item(&items, "Message");
    assert_eq!(message["data"], json!([doc, "field:state.Succeed:Message"]));
    assert_eq!(
        resolve(&mut client, message).await,
        with_documentation(
            message,
            "A message for the flow's log; may hold `{{$.path}}` placeholders."
        )
    );

    // Resolved against the document as it is now: an action renamed since has no documentation.
    let renamed = text.replace(
        "\"name\": \"post-to-webhook-site\"",
        "\"name\": \"renamed\"",
    );
    client.change(&doc, 3, json!([{"text": renamed}]));
    client.diagnostics(&doc, json!(3)).await;
    assert_eq!(resolve(&mut client, custom).await, *custom);
    // Nor once the document is closed; and an item the server did not make comes back as is.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": doc}}),
    );
    client.diagnostics(&doc, Value::Null).await;
    assert_eq!(resolve(&mut client, jq).await, *jq);
    for data in [json!(["x", "y"]), json!([doc, "state:Task"]), json!(7)] {
        let stranger = json!({"label": "x", "data": data});
        assert_eq!(resolve(&mut client, &stranger).await, stranger);
    }
}

/// The edit each item of a completion list makes, as the client makes it: the item's own, or
/// the list's default range replaced by the item's `textEditText`, else by its label.
fn item_edits(list: &Value) -> Vec<Value> {
    let items = list["items"].as_array().expect("a list of items");
    let item_edit = |item: &Value| match item.get("textEdit") {
        Some(edit) => edit.clone(),
        None => json!({
            "range": list["itemDefaults"]["editRange"],
            "newText": item.get("textEditText").unwrap_or(&item["label"]),
        }),
    };
    items.iter().map(item_edit).collect()
}

#[tokio::test]
async fn a_client_that_takes_item_defaults_gets_the_edit_range_once() {
    let takes_defaults = json!({"textDocument": {"completion": {
        "completionList": {"itemDefaults": ["commitCharacters", "editRange", "data"]}
    }}});
    let mut taking = Client::initialized(takes_defaults).await.0;
    let mut plain = Client::new().await;
    let doc = uri("defaults.json");
    let text = edited(
        &edited(&fixture(), "\"Next\": \"CheckPriority\"", "\"Next\": "),
        "\"Type\": \"Succeed\"\n",
        "\"Type\": \"Succeed\",\n\"\n",
    );
    for client in [&mut taking, &mut plain] {
        client.open(&doc, &text, 1);
        // Asked once the document is open in the server, not while its `didOpen` is on the way.
        client.diagnostics(&doc, json!(1)).await;
    }
    let places = [
        // Every item replaces the action name with its label.
        (
            find(&text, TYPED_AFTER, 0, 0),
            "zis:acme:action:post-to-webhook-site",
        ),
        // A state name replaces the quoted one: the items' text is not their label.
        (find(&text, "\"Next\": \n", 0, 8), "CheckPriority"),
        // A key: a snippet, and a comma after the member before.
        (after(&text, "\"Succeed\",\n\""), "Message"),
    ];
    for (position, label) in places {
        let list = |response: Value| response["result"].clone();
        let with_defaults = list(
            taking
                .at("textDocument/completion", &doc, position.clone(), json!({}))
                .await,
        );
        let without = list(
            plain
                .at("textDocument/completion", &doc, position, json!({}))
                .await,
        );
        assert_eq!(without.get("itemDefaults"), None);
        assert_eq!(
            item_edits(&with_defaults),
            item_edits(&without),
            "at {label}"
        );
        let items = with_defaults["items"].as_array().unwrap();
        let taken = item(items, label);
        assert_eq!(taken.get("textEdit"), None, "{taken}");
        let plain_item = item(without["items"].as_array().unwrap(), label);
        assert_eq!(
            with_defaults["itemDefaults"]["editRange"],
            plain_item["textEdit"]["range"]
        );
        for (key, value) in taken.as_object().unwrap() {
            if key != "textEditText" {
                assert_eq!(plain_item[key], *value, "{key} of {label}");
            }
        }
        assert_eq!(
            taken.get("textEditText"),
            (plain_item["textEdit"]["newText"] != *label)
                .then_some(&plain_item["textEdit"]["newText"]),
        );
    }
}

/// What the tests of requests right after an edit type after: the first action reference of
/// the LSP fixture.
const TYPED_AFTER: &str = "zis:acme:action:post-to-webhook-site";

/// The LSP fixture with an `x` typed after [`TYPED_AFTER`].
fn typed_fixture() -> String {
    edited(&fixture(), TYPED_AFTER, &format!("{TYPED_AFTER}x"))
}

/// Opens the LSP fixture as `doc`, then types the `x` of [`typed_fixture`], each time until
/// the diagnostics of that version arrive.
async fn open_then_type(client: &mut Client, doc: &str) {
    let text = fixture();
    client.open(doc, &text, 1);
    client.diagnostics(doc, json!(1)).await;
    let end = after(&text, TYPED_AFTER);
    let change = json!([{"range": {"start": end, "end": end}, "text": "x"}]);
    client.change(doc, 2, change);
    client.diagnostics(doc, json!(2)).await;
}

/// Completion right after typing is answered from the analysis of the edit alone, before the
/// whole model is made: it must answer as on the same text opened afresh, with documentation
/// on resolve and with the items.
#[tokio::test]
async fn completion_right_after_typing_answers_as_on_the_text_opened_afresh() {
    let (value, typed) = (TYPED_AFTER, typed_fixture());
    // An action reference, whose items' documentation reads the bundle, and a state type; in
    // the resources the edit left alone, a method, a flow reference and an event type.
    let positions = [
        find(&typed, value, 0, 0),
        find(&typed, value, 0, "zis:acme:".len()),
        find(&typed, "\"Type\": \"Action\"", 0, "\"Type\": \"".len()),
        find(&typed, "\"method\": \"POST", 0, "\"method\": \"".len()),
        find(&typed, "zis:acme:flow:", 0, "zis:acme:".len()),
        find(
            &typed,
            "\"event_type\": \"ticket.",
            0,
            "\"event_type\": \"".len(),
        ),
    ];
    for mut client in [resolving_client().await, Client::new().await] {
        let (typed_in, opened) = (uri("typed.json"), uri("opened.json"));
        open_then_type(&mut client, &typed_in).await;
        client.open(&opened, &typed, 1);
        client.diagnostics(&opened, json!(1)).await;
        // An item's data names its document; the rest must be the same.
        let without_uri = |items: Vec<Value>| -> Vec<Value> {
            (items.into_iter())
                .map(|mut item| {
                    if let Some(data) = item.get_mut("data") {
                        *data = data[1].take();
                    }
                    item
                })
                .collect()
        };
        for position in &positions {
            let answered = complete(&mut client, &typed_in, position.clone()).await;
            let expected = complete(&mut client, &opened, position.clone()).await;
            assert!(!expected.is_empty());
            assert_eq!(without_uri(answered), without_uri(expected));
        }
        let items = complete(&mut client, &typed_in, positions[0].clone()).await;
        let custom = item(&items, "zis:acme:action:post-to-webhook-site");
        let documentation = "`POST https://webhook.site/acme`";
        match custom.get("data") {
            Some(_) => assert_eq!(
                resolve(&mut client, custom).await,
                with_documentation(custom, documentation)
            ),
            None => assert_eq!(custom["documentation"]["value"], documentation),
        }
        let types = complete(&mut client, &typed_in, positions[2].clone()).await;
        let action = item(&types, "Action");
        let described = match action.get("data") {
            Some(_) => resolve(&mut client, action).await,
            None => action.clone(),
        };
        assert!(
            described["documentation"]["value"].is_string(),
            "{described}"
        );
    }
}

#[tokio::test]
async fn hover_and_definition_right_after_an_edit_elsewhere_answer_as_on_the_text_opened_afresh() {
    let (value, typed) = (TYPED_AFTER, typed_fixture());
    // In the edited flow (on the finding the edit made), then in the action and the job spec.
    let positions = [
        find(&typed, value, 0, "zis:acme:action:".len() + 2),
        find(&typed, value, 1, "zis:acme:action:".len()),
        find(&typed, "\"url\"", 0, 2),
        find(&typed, "\"requestBody\"", 0, 2),
        find(&typed, "zis:acme:flow:", 0, "zis:acme:flow:".len() + 2),
        find(
            &typed,
            "\"event_type\": \"ticket.",
            0,
            "\"event_type\": \"".len() + 2,
        ),
    ];
    let mut client = Client::new().await;
    let (typed_in, opened) = (uri("typed.json"), uri("opened.json"));
    client.open(&opened, &typed, 1);
    client.diagnostics(&opened, json!(1)).await;
    let mut answered = Vec::new();
    for position in &positions {
        open_then_type(&mut client, &typed_in).await;
        // Asked before the server makes the edit's whole model, when typing has stopped a while.
        let hover = client.at("textDocument/hover", &typed_in, position.clone(), json!({}));
        let hover = hover.await["result"].clone();
        let definition = client.definition(&typed_in, position.clone()).await;
        let expected = client.at("textDocument/hover", &opened, position.clone(), json!({}));
        assert_eq!(hover, expected.await["result"], "{position}");
        assert_eq!(
            definition,
            client.definition(&opened, position.clone()).await
        );
        answered.push((!hover.is_null(), !definition.is_null()));
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": typed_in}}),
        );
    }
    // The finding, the reference, two keys, the flow reference, the event type.
    assert_eq!(
        answered,
        [
            (true, false),
            (true, true),
            (true, false),
            (true, false),
            (true, true),
            (true, false)
        ]
    );
}

#[tokio::test]
async fn payload_paths_complete_and_hover_with_what_the_event_documents() {
    let text = edited(
        &fixture(),
        "\"Variable\": \"$.input.ticket_event.ticket.priority\"",
        "\"Variable\": \"$.input.ticket_event.ticket.pri\"",
    );
    let mut client = resolving_client().await;
    let doc = uri("payload.json");
    client.open(&doc, &text, 1);
    let items = complete(
        &mut client,
        &doc,
        after(&text, "\"Variable\": \"$.input.ticket_event.ticket.pri"),
    )
    .await;
    let priority = item(&items, "priority");
    assert_eq!(priority["detail"], "string or null");
    assert_eq!(
        resolve(&mut client, priority).await["documentation"]["value"],
        "string or null · `low`, `normal`, `high` or `urgent`."
    );
    assert_eq!(accept(&text, priority), fixture());

    let response = client
        .at(
            "textDocument/hover",
            &doc,
            find(&text, "ticket.status", 0, 9),
            json!({}),
        )
        .await;
    assert_eq!(
        response["result"]["contents"]["value"],
        "**`$.input.ticket_event.ticket.status`** · string\n\n`new`, `open`, `pending`, \
         `hold`, `solved` or `closed`.\n\nIn the payload of `ticket.TicketCreated`."
    );
}

#[tokio::test]
async fn hover_on_an_event_type_and_on_a_finding() {
    let Some(tutorial) = tutorial() else { return };
    let mut client = Client::new().await;
    let doc = uri("tutorial.json");
    client.open(&doc, &tutorial, 1);

    let response = client
        .at(
            "textDocument/hover",
            &doc,
            find(&tutorial, "ticket.TicketCreated", 0, 2),
            json!({}),
        )
        .await;
    let start = tutorial.find("\"ticket.TicketCreated\"").unwrap() as u32;
    let literal = TextRange::new(start, start + "\"ticket.TicketCreated\"".len() as u32);
    assert_eq!(
        response["result"],
        json!({
            "contents": {
                "kind": "markdown",
                "value": "**`ticket.TicketCreated`** · `support` event\n\nA new ticket was created.\n\nThe flow receives the event's payload at `$.input.ticket_event`."
            },
            "range": range(&tutorial, literal, Unit::Utf16),
        })
    );

    let response = client
        .at(
            "textDocument/hover",
            &doc,
            find(&tutorial, "\"url\": \"\"", 0, 8),
            json!({}),
        )
        .await;
    let value = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with(
            "**ZIS202 invalid-url** · error\n\n`url` is empty: give the full URL of the request, \
             e.g. `https://example.com/hook`\n\n*Rests on:* An action definition's `url` is a \
             full URL."
        ),
        "{value}"
    );
    assert!(value.contains(")\n\n## What it checks\n"), "{value}");
    assert!(!value.contains("## Example"), "{value}");

    // A finding and what the token means, together.
    let response = client
        .at(
            "textDocument/hover",
            &doc,
            find(&tutorial, "<YOUR_INTEGRATION>:action", 0, 3),
            json!({}),
        )
        .await;
    let value = response["result"]["contents"]["value"].as_str().unwrap();
    let (finding, target) = value.split_once("\n\n---\n\n").expect("two sections");
    assert!(
        finding.starts_with("**ZIS404 template-placeholder** · warning"),
        "{finding}"
    );
    assert_eq!(target, "**Custom action `post-to-webhook-site`**\n\n`POST`");

    let nothing = client
        .at(
            "textDocument/hover",
            &doc,
            find(&tutorial, "\"resources\"", 0, 0),
            json!({}),
        )
        .await;
    assert_eq!(nothing["result"], Value::Null);
}

#[tokio::test]
async fn quick_fix_replaces_a_misspelt_state_name() {
    let text = edited(&fixture(), "\"Default\": \"Done\"", "\"Default\": \"Dnoe\"");
    let mut client = Client::new().await;
    let doc = uri("typo.json");
    client.open(&doc, &text, 1);
    let cursor = find(&text, "Dnoe", 0, 2);
    let here = json!({"start": cursor, "end": cursor});
    let response = client
        .request(
            "textDocument/codeAction",
            code_action_params(&doc, here.clone(), None),
        )
        .await;
    let actions = response["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    let action = &actions[0];
    assert_eq!(action["title"], "Replace with `Done`");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true);
    assert_eq!(action["diagnostics"][0]["code"], "ZIS101");
    assert_eq!(action["diagnostics"][0]["source"], "zis-lint");
    let edits = action["edit"]["changes"][doc.as_str()].as_array().unwrap();
    assert_eq!(apply(&text, edits), fixture());

    // Only quick fixes are offered, and only where there are findings.
    let only_refactors = code_action_params(&doc, here, Some(json!(["refactor"])));
    let response = client
        .request("textDocument/codeAction", only_refactors)
        .await;
    assert_eq!(response["result"], Value::Null);
    let elsewhere = find(&text, "\"Summarise\": {", 0, 2);
    let clean = json!({"start": elsewhere, "end": elsewhere});
    let response = client
        .request(
            "textDocument/codeAction",
            code_action_params(&doc, clean, Some(json!(["quickfix"]))),
        )
        .await;
    assert_eq!(response["result"], json!([]));
}

#[tokio::test]
async fn quick_fix_adds_a_missing_end() {
    let ending = "},\n                    \"End\": true\n";
    let text = edited(&fixture(), ending, "}\n");
    let mut client = Client::new().await;
    let doc = uri("end.json");
    client.open(&doc, &text, 1);
    let diagnostics = client.diagnostics(&doc, json!(1)).await;
    assert!(codes(&diagnostics).contains(&"ZIS103"), "{diagnostics:?}");
    let key = find(&text, "\"Notify\": {", 0, 1);
    let response = client
        .request(
            "textDocument/codeAction",
            code_action_params(&doc, json!({"start": key, "end": key}), None),
        )
        .await;
    let action = &response["result"][0];
    assert_eq!(action["title"], "Add `\"End\": true`");
    assert_eq!(action["diagnostics"][0]["code"], "ZIS103");
    let edits = action["edit"]["changes"][doc.as_str()].as_array().unwrap();
    assert_eq!(apply(&text, edits), fixture());
}

#[tokio::test]
async fn fix_all_safe_problems_is_a_source_action() {
    // Two safe fixes (a misspelt state with one close name, a missing `End` where no state waits
    // to follow) and an unsafe one (a parameter key without `.$` whose value is a path).
    let ending = "},\n                    \"End\": true\n";
    let text = edited(&fixture(), ending, "}\n");
    let text = edited(&text, "\"Default\": \"Done\"", "\"Default\": \"Dnoe\"");
    let literal = (
        "\"ticketStatus\": \"urgent\"",
        "\"ticketStatus\": \"$.status\"",
    );
    let text = edited(&text, literal.0, literal.1);
    let mut client = Client::new().await;
    let doc = uri("fix-all.json");
    client.open(&doc, &text, 1);
    let diagnostics = client.diagnostics(&doc, json!(1)).await;
    // The iterator without its `End` has no way to end either (ZIS105, which has no fix).
    assert_eq!(
        codes(&diagnostics),
        ["ZIS101", "ZIS105", "ZIS103", "ZIS112"]
    );

    let anywhere = find(&text, "\"name\"", 0, 1);
    let here = json!({"start": anywhere, "end": anywhere});
    let ask = |only: Value| code_action_params(&doc, here.clone(), Some(only));
    for only in [
        json!(["source.fixAll.zis-lint"]),
        json!(["source"]),
        json!(["source.fixAll"]),
    ] {
        let response = client
            .request("textDocument/codeAction", ask(only.clone()))
            .await;
        let actions = response["result"].as_array().unwrap();
        assert_eq!(actions.len(), 1, "{only}: {actions:?}");
        let action = &actions[0];
        assert_eq!(action["title"], "Fix all safe problems");
        assert_eq!(action["kind"], "source.fixAll.zis-lint");
        let edits = action["edit"]["changes"][doc.as_str()].as_array().unwrap();
        assert_eq!(edits.len(), 1, "one edit over the part that changes");
        let fixed = apply(&text, edits);
        // What `zis-lint check --fix` writes: the safe fixes, not the unsafe one.
        let expected = edited(&fixture(), literal.0, literal.1);
        assert_eq!(fixed, expected);
        let cli = zis_analysis::fix::fix_all(
            &text,
            &zis_analysis::Config::default(),
            zis_analysis::fix::Applying::Safe,
        );
        assert_eq!(fixed, cli.text);
    }

    // Not among the quick fixes at the cursor, nor when only those are asked for.
    for only in [None, Some(json!(["quickfix"]))] {
        let params = code_action_params(&doc, here.clone(), only);
        let response = client.request("textDocument/codeAction", params).await;
        let kinds: Vec<&str> = response["result"]
            .as_array()
            .map(|actions| {
                actions
                    .iter()
                    .map(|a| a["kind"].as_str().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        assert!(!kinds.contains(&"source.fixAll.zis-lint"), "{kinds:?}");
    }

    // Nothing to fix: no action.
    let clean = uri("clean.json");
    client.open(&clean, &fixture(), 1);
    client.diagnostics(&clean, json!(1)).await;
    let params = code_action_params(&clean, here, Some(json!(["source.fixAll.zis-lint"])));
    let response = client.request("textDocument/codeAction", params).await;
    assert_eq!(response["result"], json!([]));
}

#[tokio::test]
async fn documents_that_are_not_bundles_get_nothing() {
    let mut client = Client::new().await;
    let doc = uri("package.json");
    let text = "{\"name\": \"x\", \"Next\": \"\"}";
    client.open(&doc, text, 1);
    let inside = find(text, "\"\"", 0, 1);
    for method in ["textDocument/completion", "textDocument/hover"] {
        let response = client.at(method, &doc, inside.clone(), json!({})).await;
        assert_eq!(response["result"], Value::Null, "{method}");
    }
    let here = json!({"start": inside, "end": inside});
    let response = client
        .request(
            "textDocument/codeAction",
            code_action_params(&doc, here, None),
        )
        .await;
    assert_eq!(response["result"], Value::Null);
}
