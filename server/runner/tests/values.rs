//! Placeholders, `.$` keys and `ResultPath` give exactly these values: asserted one by one,
//! beside the fixture snapshots, so that a change shows here as the value that changed.

use serde_json::{json, Value};
use zis_runner::{End, Loaded, Mocks, Options, Trace};

fn run(states: Value, input: Value, mocks: Value) -> Trace {
    let bundle = json!({
        "zis_template_version": "2019-10-14",
        "resources": {
            "flow": {"type": "ZIS::Flow", "properties": {"name": "flow", "definition": {
                "StartAt": states.as_object().unwrap().keys().next().unwrap(),
                "States": states
            }}},
            "echo": {"type": "ZIS::Action::Http", "properties": {"name": "echo", "definition": {
                "method": "PUT",
                "path": "/api/v2/tickets/{{$.id}}.json",
                "connectionName": "zendesk",
                "headers": [{"key": "X-Count", "value.$": "$.count"}],
                "requestBody": {"ticket": {"comment": {"body.$": "$.text"}, "tags.$": "$.tags"}}
            }}}
        }
    });
    let mocks: Mocks = serde_json::from_value(mocks).unwrap();
    let event =
        json!({"account_id": 9, "integration_key": "demo", "subdomain": "acme", "input": input});
    Loaded::new(&bundle.to_string())
        .run("flow", event, &mocks, &Options::default())
        .unwrap()
}

#[test]
fn parameters_placeholders_and_result_paths() {
    let trace = run(
        json!({
            "Build": {"Type": "Pass", "Parameters": {
                "id.$": "$.input.ticket.id",
                "text.$": "Ticket {{$.input.ticket.id}} from {{$.subdomain}}: {{$.input.ticket.tags}}",
                "tags.$": "$.input.ticket.tags",
                "first.$": "$.input.ticket.tags[0]",
                "last.$": "$.input.ticket.tags[-1]",
                "all_ids.$": "$.input.others[*].id",
                "literal": "{{$.input.ticket.id}} stays",
                "nested": {"account.$": "$.account_id", "list": [{"s.$": "$.subdomain"}]}
            }, "ResultPath": "$.built", "Next": "Echo"},
            "Echo": {"Type": "Action", "ActionName": "zis:demo:action:echo",
                "Parameters": {"id.$": "$.built.id", "text.$": "$.built.text", "tags.$": "$.built.tags", "count": 2},
                "ResultPath": "$.deep.echo.result", "Next": "Replace"},
            "Replace": {"Type": "Pass", "Result": {"only": "this"}, "End": true}
        }),
        json!({"ticket": {"id": 42, "tags": ["vip", "eu"]}, "others": [{"id": 1}, {"id": 2}]}),
        json!({"actions": {"echo": {"body": {"ok": 1}}}}),
    );
    assert_eq!(
        trace.end,
        End::Succeeded {
            state: "Replace".into(),
            message: None
        }
    );
    let built = trace.steps[0].output.as_ref().unwrap();
    assert_eq!(trace.steps[0].result_path.as_deref(), Some("$.built"));
    assert_eq!(built["id"], json!(42));
    assert_eq!(
        built["text"],
        json!("Ticket 42 from acme: [\"vip\",\"eu\"]")
    );
    assert_eq!(built["tags"], json!(["vip", "eu"]));
    assert_eq!(built["first"], json!("vip"));
    assert_eq!(built["last"], json!("eu"));
    assert_eq!(built["all_ids"], json!([1, 2]));
    assert_eq!(built["literal"], json!("{{$.input.ticket.id}} stays"));
    assert_eq!(
        built["nested"],
        json!({"account": 9, "list": [{"s": "acme"}]})
    );

    let request = trace.steps[1].request.as_ref().unwrap();
    assert_eq!(request.method, "PUT");
    assert_eq!(
        request.url,
        "https://acme.zendesk.com/api/v2/tickets/42.json"
    );
    assert_eq!(request.headers[0].value, "2");
    assert_eq!(
        request.body,
        Some(
            json!({"ticket": {"comment": {"body": "Ticket 42 from acme: [\"vip\",\"eu\"]"}, "tags": ["vip", "eu"]}})
        )
    );
    assert_eq!(
        trace.steps[1].result_path.as_deref(),
        Some("$.deep.echo.result")
    );
    assert_eq!(trace.steps[1].output, Some(json!({"ok": 1})));
    // No ResultPath: the Result replaces all of the data.
    assert_eq!(trace.output, json!({"only": "this"}));
}

#[test]
fn a_path_that_names_nothing_fails_with_the_path_named() {
    let trace = run(
        json!({"Build": {"Type": "Pass", "Parameters": {"count.$": "$.input.ticket.tags.length"}, "End": true}}),
        json!({"ticket": {"tags": []}}),
        json!({}),
    );
    assert_eq!(
        trace.end,
        End::Failed {
            state: "Build".into(),
            error: "States.ParameterPathFailure".into(),
            cause: "`count.$`: no value at `$.input.ticket.tags.length`".into()
        }
    );
}
