//! Bundles with every kind of mistake the rules know (`tests/fixtures/rules/`) and hostile
//! flows: every flow of each runs to an end, succeeded, failed or stopped, and never panics.

use std::fs;
use std::path::Path;

use serde_json::json;
use zis_runner::{flow_names, End, Loaded, Mocks, Options};

fn json_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            found.push(path);
        }
    }
}

#[test]
fn every_flow_of_the_rule_fixtures_runs_to_an_end() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut files = Vec::new();
    json_files(&root, &mut files);
    assert!(files.len() > 100, "{} fixtures", files.len());
    let mocks: Mocks = serde_json::from_value(json!({"actions": {}})).unwrap();
    let mut runs = 0;
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let loaded = Loaded::new(&text);
        for flow in flow_names(&loaded.model) {
            let event = json!({"ticket_event": {"ticket": {"id": 1, "priority": "urgent"}}});
            if let Ok(trace) = loaded.run(&flow, event, &mocks, &Options::default()) {
                runs += 1;
                if let End::Stopped { reason, .. } = &trace.end {
                    assert!(!reason.is_empty(), "{}", file.display());
                }
            }
        }
    }
    assert!(runs > 100, "{runs} runs");
}

#[test]
fn data_nested_deep_by_a_loop_is_written_and_freed() {
    // Each round puts all of the data one level further down.
    let bundle = json!({"zis_template_version": "2019-10-14", "resources": {"flow": {
        "type": "ZIS::Flow", "properties": {"name": "flow", "definition": {"StartAt": "Wrap",
        "States": {"Wrap": {"Type": "Pass", "ResultPath": "$.inner", "Next": "Wrap"}}}}}}});
    let options = Options {
        max_transitions: 5_000,
    };
    let trace = Loaded::new(&bundle.to_string())
        .run("flow", json!({}), &Mocks::default(), &options)
        .unwrap();
    assert_eq!(
        trace.end,
        End::Stopped {
            state: Some("Wrap".into()),
            reason: "writing the result at `$.inner` would nest the flow data more than 512 \
                     levels deep, where this runner stops"
                .into()
        }
    );
    assert_eq!(trace.transitions, 512);
}
