//! Flow graphs through the protocol: a "Show graph" code lens on each flow, and the command it
//! runs answering with the Mermaid text that `zis-lint graph` prints.

mod common;

use common::*;
use serde_json::{json, Value};
use zis_analysis::graph::{flow_graph, mermaid};
use zis_analysis::model::Bundle;

#[tokio::test]
async fn code_lens_runs_show_graph_which_answers_mermaid() {
    let (mut client, result) = Client::initialized(json!({})).await;
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["codeLensProvider"]["resolveProvider"], false);
    assert_eq!(
        capabilities["executeCommandProvider"]["commands"],
        json!(["zis-lint.showGraph", "zis-lint.runFlow"])
    );

    let text = fixture();
    let doc = uri("graph.json");
    client.open(&doc, &text, 1);
    client.diagnostics(&doc, json!(1)).await;

    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": doc}}),
        )
        .await;
    let lenses = lenses["result"].as_array().expect("lenses").clone();
    // "Show graph" first; the other lens runs the flow (tests/run_flow.rs).
    assert_eq!(lenses.len(), 2, "{lenses:?}");
    let command = &lenses[0]["command"];
    assert_eq!(command["title"], "Show graph");
    assert_eq!(command["command"], "zis-lint.showGraph");
    let flow = "post_tickets_to_webhook_flow";
    assert_eq!(command["arguments"], json!([doc, flow]));
    // On the flow's resource key.
    let key = text
        .find("\"post_tickets_to_webhook_flow\"")
        .expect("the key");
    assert_eq!(
        lenses[0]["range"]["start"],
        position(&text, key, Unit::Utf16)
    );

    let answer = client
        .request(
            "workspace/executeCommand",
            json!({"command": command["command"], "arguments": command["arguments"]}),
        )
        .await;
    let parse = zis_syntax::parse(&text);
    let expected = mermaid(&[flow_graph(&Bundle::lower(parse.root.as_ref()), flow).unwrap()]);
    assert_eq!(answer["result"], Value::from(expected));

    let unknown_flow = client
        .request(
            "workspace/executeCommand",
            json!({"command": "zis-lint.showGraph", "arguments": [doc, "nope"]}),
        )
        .await;
    assert_eq!(unknown_flow["result"], Value::Null);
    let bad_arguments = client
        .request(
            "workspace/executeCommand",
            json!({"command": "zis-lint.showGraph", "arguments": [doc]}),
        )
        .await;
    assert_eq!(bad_arguments["error"]["code"], -32602);
}

#[tokio::test]
async fn documents_never_opened_get_no_lens_and_no_graph() {
    let mut client = Client::new().await;
    let doc = uri("never.json");
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": doc}}),
        )
        .await;
    assert_eq!(lenses["result"], Value::Null);
    let graph = client
        .request(
            "workspace/executeCommand",
            json!({"command": "zis-lint.showGraph", "arguments": [doc, "flow"]}),
        )
        .await;
    assert_eq!(graph.get("error"), None, "{graph}");
    assert_eq!(graph["result"], Value::Null);
}
