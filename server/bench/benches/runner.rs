//! `cargo bench -p zis-bench --bench runner`: `zis-lint run` on one flow of 100 to 10,000
//! states, every kind of state in turn (Pass, Choice, the jq transform, a custom action answered
//! by a mock, Wait), each writing its own key, so that the flow data grows with the run.

use divan::{black_box, Bencher};
use serde_json::{json, Map};
use zis_runner::{Loaded, Mocks, Options, Trace};

#[global_allocator]
static ALLOCATOR: zis_alloc::Allocator = zis_alloc::Allocator;

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn main() {
    divan::main();
}

/// A flow of `states` states run one after another.
fn bundle(states: usize) -> String {
    let mut flow = Map::new();
    for at in 0..states {
        let next = format!("S{}", at + 1);
        let mut state = match at % 5 {
            0 => json!({"Type": "Pass", "Result": {"at": at, "tags": ["a", "b"]},
                        "ResultPath": format!("$.pass{at}")}),
            1 => json!({"Type": "Choice", "Default": next, "Choices": [{
                        "Variable": format!("$.pass{}.at", at - 1),
                        "NumericEquals": at - 1, "Next": next}]}),
            2 => json!({"Type": "Action", "ActionName": "zis:common:transform:Jq",
                        "Parameters": {"expr": format!(".ticket.id + {at}"), "data.$": "$.input"},
                        "ResultPath": format!("$.jq{at}")}),
            3 => json!({"Type": "Action", "ActionName": "zis:bench:action:post",
                        "Parameters": {"id.$": "$.input.ticket.id", "text.$": "ticket {{$.input.ticket.id}}"},
                        "ResultPath": format!("$.posted{at}")}),
            _ => json!({"Type": "Wait", "Seconds": 0.001}),
        };
        if at % 5 != 1 {
            if at + 1 < states {
                state["Next"] = json!(next);
            } else {
                state["End"] = json!(true);
            }
        }
        flow.insert(format!("S{at}"), state);
    }
    json!({
        "zis_template_version": "2019-10-14",
        "resources": {
            "flow": {"type": "ZIS::Flow", "properties": {"name": "flow", "definition": {
                "StartAt": "S0", "States": flow}}},
            "post": {"type": "ZIS::Action::Http", "properties": {"name": "post", "definition": {
                "method": "POST", "url": "https://api.example.com/tickets/{{$.id}}",
                "requestBody": {"text.$": "$.text"}}}}
        }
    })
    .to_string()
}

/// Runs the flow of `states` states once.
fn run_once(loaded: &Loaded, states: usize) -> Trace {
    let mocks: Mocks =
        serde_json::from_value(json!({"actions": {"post": {"body": {"ok": true}}}})).unwrap();
    let options = Options {
        max_transitions: states,
    };
    let trace = loaded
        .run(
            "flow",
            black_box(json!({"ticket": {"id": 5}})),
            &mocks,
            &options,
        )
        .expect("the flow runs");
    assert_eq!(trace.end.status(), "succeeded");
    trace
}

#[divan::bench(args = SIZES, sample_count = 10, max_time = 8)]
fn run(bencher: Bencher, states: usize) {
    let loaded = Loaded::new(&bundle(states));
    bencher.bench(|| run_once(&loaded, states));
}

#[divan::bench(args = SIZES, sample_count = 10, max_time = 8)]
fn trace_to_json(bencher: Bencher, states: usize) {
    let trace = run_once(&Loaded::new(&bundle(states)), states);
    bencher.bench(|| serde_json::to_string(black_box(&trace)).unwrap());
}
