//! Running a flow from the editor, through the protocol: a "Run with a sample event" code lens on
//! each flow, and the command it runs answering with the trace `zis-lint run` gives: on the sample
//! event of the job spec that starts the flow, or on the event and mocks of a test file beside
//! the bundle.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;
use serde_json::{json, Value};
use zis_runner::{pretty, sample_event_note, Loaded, Mocks, Options, Trace};

const FLOW: &str = "post_tickets_to_webhook_flow";

/// The RequestFailed of LSP: a valid request that could not be carried out.
const REQUEST_FAILED: i64 = -32803;

async fn run(client: &mut Client, doc: &str, flow: &str) -> Value {
    client
        .request(
            "workspace/executeCommand",
            json!({"command": "zis-lint.runFlow", "arguments": [doc, flow]}),
        )
        .await
}

/// What `zis-lint run` gives for `text` on `event` with `mocks`.
fn expected_trace(text: &str, event: Value, mocks: Value) -> Trace {
    let mocks: Mocks = serde_json::from_value(mocks).expect("mocks");
    Loaded::new(text)
        .run(FLOW, event, &mocks, &Options::default())
        .expect("the flow runs")
}

static TEMP: AtomicUsize = AtomicUsize::new(0);

fn temp_dir() -> PathBuf {
    let n = TEMP.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("zis-run-flow-test-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    zis_workspace::real_path(&dir)
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[tokio::test]
async fn the_run_lens_runs_the_flow_on_the_sample_event_of_its_job_spec() {
    let mut client = Client::new().await;
    let text = fixture();
    let doc = uri("run.json");
    client.open(&doc, &text, 1);
    client.diagnostics(&doc, json!(1)).await;

    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": doc}}),
        )
        .await;
    let lenses = lenses["result"].as_array().expect("lenses").clone();
    assert_eq!(lenses.len(), 2, "{lenses:?}");
    assert_eq!(lenses[0]["command"]["title"], "Show graph");
    let command = &lenses[1]["command"];
    assert_eq!(
        *command,
        json!({"title": "Run with a sample event", "command": "zis-lint.runFlow", "arguments": [doc, FLOW]})
    );
    // Beside "Show graph", on the flow's resource key.
    assert_eq!(lenses[1]["range"], lenses[0]["range"]);
    let key = text.find(&format!("\"{FLOW}\"")).expect("the key");
    assert_eq!(
        lenses[1]["range"]["start"],
        position(&text, key, Unit::Utf16)
    );

    let answer = client
        .request(
            "workspace/executeCommand",
            json!({"command": command["command"], "arguments": command["arguments"]}),
        )
        .await;
    let result = &answer["result"];
    let event = "the sample `ticket.TicketCreated` of job spec `ticket_created_jobspec`";
    assert_eq!(result["flow"], FLOW);
    assert_eq!(result["event"], event);
    // What `zis-lint run --event-type ticket.TicketCreated` runs and prints.
    let loaded = Loaded::new(&text);
    let sample = loaded
        .sample_event(FLOW, "ticket.TicketCreated")
        .expect("a sample");
    let mut trace = expected_trace(&text, sample, json!({}));
    trace
        .notes
        .insert(0, sample_event_note("ticket.TicketCreated"));
    assert_eq!(result["trace"], serde_json::to_value(&trace).unwrap());
    assert_eq!(
        result["text"],
        format!(
            "event: {event}\nmocks: none: a custom action gets no answer, so the run stops at \
             the first one, after showing the request it would send\n\n{}",
            pretty(&trace)
        )
    );
    // Without mocks, the custom action is not called: its request is shown, and the run stops.
    let text = result["text"].as_str().unwrap();
    assert!(
        text.contains(
            "   request: POST https://webhook.site/acme\n     header X-Zendesk-Ticket-Id: 35436\n"
        ),
        "{text}"
    );
    assert_eq!(
        result["trace"]["end"],
        json!({
            "status": "stopped",
            "state": "Zendesk.TicketCreated",
            "reason": "no answer for `post-to-webhook-site` in the mocks: give one under `actions` \
                       → `\"post-to-webhook-site\"` (a status and a body), and the run goes on with it",
        })
    );
}

#[tokio::test]
async fn a_test_file_beside_the_bundle_gives_the_event_and_the_mocks() {
    let dir = temp_dir();
    let on_disk = fixture();
    std::fs::write(dir.join("bundle.json"), &on_disk).unwrap();
    // Passed over, and said so.
    std::fs::write(dir.join("a_broken.zis-test.json"), "{").unwrap();
    // Another bundle's test of a flow of the same name.
    let other = json!({
        "bundle": "other.json", "flow": FLOW, "event": {},
        "tests": [{"name": "of the other bundle", "expect": {"status": "failed"}}],
    });
    std::fs::write(dir.join("b_other.zis-test.json"), other.to_string()).unwrap();
    let event = json!({"ticket_event": {"ticket": {
        "id": 7, "status": "open", "priority": "urgent", "followers": [11, 12],
    }}});
    let mocks = json!({"actions": {"post-to-webhook-site": {"status": 200, "body": {"ok": true}}}});
    let mut tests = json!({
        "bundle": "bundle.json",
        "tests": [
            {"name": "of another flow", "flow": "nope", "event": {}},
            {
                "name": "urgent tickets notify their followers",
                "flow": FLOW,
                "event": event,
                "mocks": mocks,
                "expect": {
                    "status": "succeeded",
                    "states": ["Zendesk.TicketCreated", "CheckPriority", "Summarise", "NotifyFollowers", "Done"],
                },
            },
        ],
    });
    let test_file = dir.join("c_flow.zis-test.json");
    std::fs::write(&test_file, tests.to_string()).unwrap();

    let mut client = Client::new().await;
    // The run takes the text the editor holds, not the one saved.
    let text = edited(
        &on_disk,
        "https://webhook.site/acme",
        "https://webhook.site/edited",
    );
    let doc = file_uri(&dir.join("bundle.json"));
    client.open(&doc, &text, 1);
    client.diagnostics(&doc, json!(1)).await;

    let answer = run(&mut client, &doc, FLOW).await;
    let result = &answer["result"];
    let name = "urgent tickets notify their followers";
    let origin = format!("test `{name}` of c_flow.zis-test.json, with its mocks");
    assert_eq!(result["event"], origin.as_str());
    let trace = expected_trace(&text, event.clone(), mocks.clone());
    assert_eq!(result["trace"], serde_json::to_value(&trace).unwrap());
    let broken = "note: a_broken.zis-test.json was passed over: EOF while parsing an object at \
                  line 1 column 1";
    assert_eq!(
        result["text"],
        format!(
            "event: {origin}\n{broken}\n\n{}\ntest `{name}`: the run is what it expects\n",
            pretty(&trace)
        )
    );
    assert_eq!(
        result["trace"]["end"],
        json!({"status": "succeeded", "state": "Done"})
    );
    let urls: Vec<&Value> = result["trace"]["steps"][3]["iterations"]
        .as_array()
        .expect("the Map's iterations")
        .iter()
        .map(|iteration| &iteration["steps"][0]["request"]["url"])
        .collect();
    assert_eq!(urls, [&json!("https://webhook.site/edited"); 2]);

    // A test that expects otherwise says how.
    tests["tests"][1]["expect"] = json!({"status": "failed", "values": {"$.followers": []}});
    std::fs::write(&test_file, tests.to_string()).unwrap();
    let answer = run(&mut client, &doc, FLOW).await;
    let text = answer["result"]["text"].as_str().expect("a trace");
    assert!(
        text.ends_with(&format!(
            "\ntest `{name}` expects otherwise:\n\
             - expected the run to end `failed`, it ended `succeeded` at `Done`\n\
             - expected `$.followers` to be [], it is [{{\"id\":11}},{{\"id\":12}}]\n"
        )),
        "{text}"
    );

    // A test that cannot run is not replaced by the sample: it is reported.
    tests["tests"][1]["event"] = Value::Null;
    tests["tests"][1]["event_file"] = json!("missing.json");
    let without_event = tests.to_string().replace("\"event\":null,", "");
    std::fs::write(&test_file, without_event).unwrap();
    let answer = run(&mut client, &doc, FLOW).await;
    assert_eq!(answer["error"]["code"], REQUEST_FAILED, "{answer}");
    assert_eq!(
        answer["error"]["message"],
        format!(
            "test `{name}` of c_flow.zis-test.json cannot run: {}: no such file or directory",
            dir.join("missing.json").display()
        )
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_flow_with_nothing_to_run_on_gets_an_error_that_says_why() {
    let mut client = Client::new().await;
    let fixture = fixture();
    let cases = [
        (
            "unstarted.json",
            edited(
                &fixture,
                "\"flow_name\": \"zis:acme:flow:post_tickets_to_webhook_flow\"",
                "\"flow_name\": \"zis:acme:flow:another_flow\"",
            ),
            "no job spec starts it",
        ),
        (
            "webhook.json",
            edited(
                &fixture,
                "\"event_source\": \"support\"",
                "\"event_source\": \"my_webhook\"",
            ),
            "no page documents the payload of the events its job specs start it on \
             (`ticket.TicketCreated` of `ticket_created_jobspec`)",
        ),
    ];
    for (name, text, why) in cases {
        let doc = uri(name);
        client.open(&doc, &text, 1);
        let answer = run(&mut client, &doc, FLOW).await;
        assert_eq!(answer["error"]["code"], REQUEST_FAILED, "{answer}");
        assert_eq!(
            answer["error"]["message"],
            format!(
                "`{FLOW}` has no event to run on: {why}, and no *.zis-test.json beside the bundle \
                 runs it. A test file there can give one (see docs/runner.md)"
            )
        );
    }
}

#[tokio::test]
async fn unknown_flows_and_documents_get_null_and_bad_arguments_an_error() {
    let mut client = Client::new().await;
    let doc = uri("known.json");
    client.open(&doc, &fixture(), 1);
    let unknown_flow = run(&mut client, &doc, "nope").await;
    assert_eq!(unknown_flow.get("error"), None, "{unknown_flow}");
    assert_eq!(unknown_flow["result"], Value::Null);
    let never_opened = run(&mut client, &uri("never.json"), FLOW).await;
    assert_eq!(never_opened.get("error"), None, "{never_opened}");
    assert_eq!(never_opened["result"], Value::Null);
    let bad_arguments = client
        .request(
            "workspace/executeCommand",
            json!({"command": "zis-lint.runFlow", "arguments": [doc, 1]}),
        )
        .await;
    assert_eq!(bad_arguments["error"]["code"], -32602);
    assert_eq!(
        bad_arguments["error"]["message"],
        "`zis-lint.runFlow` takes a document URI and a flow name"
    );
    let unknown_command = client
        .request(
            "workspace/executeCommand",
            json!({"command": "zis-lint.nope", "arguments": [doc, FLOW]}),
        )
        .await;
    assert_eq!(unknown_command["error"]["code"], -32602);
}
