//! Every fixture of `tests/fixtures/runner/` runs, and its whole trace must equal its snapshot
//! (`server/runner/tests/snapshots/`). A fixture is a bundle, the event payload (`input`), the
//! mocks, and a `description` of what it shows.

use std::fs;

use serde_json::{json, Value};
use zis_runner::{Loaded, Mocks, Options};

fn run(fixture: &Value) -> zis_runner::Trace {
    let loaded = Loaded::new(&fixture["bundle"].to_string());
    let event = json!({
        "account_id": 1,
        "integration_key": "demo",
        "subdomain": "demo",
        "input": fixture["input"],
    });
    let mocks: Mocks = match fixture.get("mocks") {
        Some(mocks) => serde_json::from_value(mocks.clone()).expect("the fixture's mocks"),
        None => Mocks::default(),
    };
    let mut options = Options::default();
    if let Some(bound) = fixture.get("max_transitions").and_then(Value::as_u64) {
        options.max_transitions = bound as usize;
    }
    loaded
        .run("flow", event, &mocks, &options)
        .expect("the fixture's flow runs")
}

#[test]
fn fixtures() {
    insta::glob!("../../../tests/fixtures/runner", "*.json", |path| {
        let fixture: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        let trace = run(&fixture);
        let shown = if fixture.get("trace_steps") == Some(&Value::Bool(false)) {
            // Hundreds of steps say nothing the end does not.
            let summary = json!({
                "end": trace.end,
                "transitions": trace.transitions,
                "steps": trace.steps.len(),
                "notes": trace.notes,
            });
            serde_json::to_string_pretty(&summary).unwrap()
        } else {
            serde_json::to_string_pretty(&trace).unwrap()
        };
        let description = fixture["description"].as_str().unwrap_or_default();
        insta::with_settings!({ description => description, omit_expression => true }, {
            insta::assert_snapshot!(shown);
        });
    });
}
