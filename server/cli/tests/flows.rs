//! `zis-lint run` and `zis-lint test` end to end: the tutorial's flow on a ticket event with the
//! exact request it would post, exit codes, the JSON trace, test results and JUnit XML.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Exit code, stdout and stderr of `zis-lint` run from the repository's root.
fn zis_lint(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_zis-lint"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("zis-lint runs");
    (
        output.status.code().expect("zis-lint exits, not killed"),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}

const BUNDLE: &str = "examples/tutorial/post_tickets_to_webhook_bundle.json";
const EVENT: &str = "examples/tutorial/ticket_created.json";
const MOCKS: &str = "examples/tutorial/mocks.json";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_tutorial_flow_shows_the_request_it_would_post() {
    let (code, stdout, stderr) = zis_lint(&["run", BUNDLE, "--event", EVENT, "--mocks", MOCKS]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!("tutorial_pretty", stdout);

    let (code, stdout, _) = zis_lint(&[
        "run",
        BUNDLE,
        "--flow",
        "post_tickets_to_webhook_flow",
        "--event",
        EVENT,
        "--mocks",
        MOCKS,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let trace: Value = serde_json::from_str(&stdout).unwrap();
    let event: Value =
        serde_json::from_str(&fs::read_to_string(repo().join(EVENT)).unwrap()).unwrap();
    // The tutorial passes `$` as the ticket id: the header carries all of the flow data.
    assert_eq!(
        trace["steps"][0]["request"],
        json!({
            "action": "post-to-webhook-site",
            "method": "POST",
            "url": "https://webhook.site/b7e3f5a2-9c4d-4e1f-8a6b-2d0c7e9f1a35",
            "headers": [{"key": "X-Zendesk-Ticket-Id", "value": event.to_string()}],
            "body": {"webhook": {"status": "new", "priority": "high"}}
        })
    );
    assert_eq!(
        trace["end"],
        json!({"status": "succeeded", "state": "Zendesk.TicketCreated"})
    );
    assert_eq!(trace["output"], json!({"success": true}));
}

#[test]
fn a_sample_event_of_a_type() {
    let (code, stdout, stderr) = zis_lint(&[
        "run",
        BUNDLE,
        "--event-type",
        "ticket.TicketCreated",
        "--mocks",
        MOCKS,
        "--format",
        "json",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let trace: Value = serde_json::from_str(&stdout).unwrap();
    let ticket = &trace["input"]["input"]["ticket_event"]["ticket"];
    assert_eq!(trace["input"]["integration_key"], json!("zis_tutorial"));
    assert_eq!(
        trace["steps"][0]["request"]["body"],
        json!({"webhook": {"status": ticket["status"], "priority": ticket["priority"]}})
    );
    assert!(ticket["status"].is_string() && ticket["priority"].is_string());
    assert_eq!(
        trace["notes"][0],
        json!(
            "the event is a sample `ticket.TicketCreated`: the payload its documentation \
             shows, with example values"
        )
    );

    let (code, stdout, stderr) = zis_lint(&["run", BUNDLE, "--event-type", "ticket.TicketCreatd"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: `ticket.TicketCreatd` is not an event type ZIS documents; did you mean \
         `ticket.TicketCreated`?\n"
    );
    let (code, _, stderr) = zis_lint(&[
        "run",
        BUNDLE,
        "--event",
        EVENT,
        "--event-type",
        "ticket.TicketCreated",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn run_exit_codes() {
    // No mock: the run stops at the action, with the request it would have sent.
    let (code, stdout, _) = zis_lint(&["run", BUNDLE, "--event", EVENT]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("request: POST https://webhook.site/"),
        "{stdout}"
    );
    assert!(stdout.ends_with(
        "stopped at `Zendesk.TicketCreated`: no answer for `post-to-webhook-site` in the mocks: \
         give one under `actions` → `\"post-to-webhook-site\"` (a status and a body), and the \
         run goes on with it\n1 state entered\n"
    ), "{stdout}");

    let dir = scratch("run-exit-codes");
    let failing = dir.join("failing.json");
    fs::write(
        &failing,
        r#"{"actions": {"post-to-webhook-site": {"status": 404}}}"#,
    )
    .unwrap();
    let (code, stdout, _) = zis_lint(&[
        "run",
        BUNDLE,
        "--event",
        EVENT,
        "--mocks",
        failing.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(
            "failed at `Zendesk.TicketCreated`: States.TaskFailed: external action failed due to \
         status code: 404\n"
        ),
        "{stdout}"
    );

    let usage = |args: &[&str], message: &str| {
        let (code, stdout, stderr) = zis_lint(args);
        assert_eq!((code, stdout.as_str()), (2, ""), "{args:?}");
        assert_eq!(stderr, format!("error: {message}\n"), "{args:?}");
    };
    usage(
        &["run", "missing.json", "--event", EVENT],
        "missing.json: no such file or directory",
    );
    usage(
        &["run", BUNDLE, "--event", EVENT, "--flow", "nope"],
        &format!("{BUNDLE}: no flow `nope`; the bundle's flows: `post_tickets_to_webhook_flow`"),
    );
    let typo = dir.join("typo.json");
    fs::write(&typo, r#"{"action": {}}"#).unwrap();
    let typo = typo.to_str().unwrap();
    usage(
        &["run", BUNDLE, "--event", EVENT, "--mocks", typo],
        &format!(
            "{typo}: unknown field `action`, expected one of `actions`, `configs`, `links`, \
             `connections` at line 1 column 9"
        ),
    );
    let two = dir.join("two_flows.json");
    let flow = |name: &str| {
        json!({"type": "ZIS::Flow", "properties": {"name": name, "definition": {
            "StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}}})
    };
    let bundle = json!({"zis_template_version": "2019-10-14", "resources": {
        "a": flow("first"), "b": flow("second")}});
    fs::write(&two, bundle.to_string()).unwrap();
    let two = two.to_str().unwrap();
    usage(
        &["run", two, "--event", EVENT],
        &format!("{two} has 2 flows; choose one with --flow: `first`, `second`"),
    );
    usage(
        &["run", "Cargo.toml", "--event", EVENT],
        "Cargo.toml is not valid JSON; `zis-lint check Cargo.toml` shows where",
    );
    usage(
        &["run", EVENT, "--event", EVENT],
        &format!("{EVENT} is not a ZIS bundle"),
    );
    // Missing `--event` is the argument parser's.
    assert_eq!(zis_lint(&["run", BUNDLE]).0, 2);
}

#[test]
fn a_run_that_does_not_end_is_stopped_by_the_time_limit() {
    let dir = scratch("time-limit");
    let bundle = dir.join("forever.json");
    let jq = |expr: &str| {
        json!({"zis_template_version": "2019-10-14", "resources": {"flow": {
            "type": "ZIS::Flow", "properties": {"name": "flow", "definition": {"StartAt": "Jq",
            "States": {"Jq": {"Type": "Action", "ActionName": "zis:common:transform:Jq",
            "Parameters": {"expr": expr, "data": 1}, "End": true}}}}}}})
        .to_string()
    };
    fs::write(&bundle, jq("last(range(1e12))")).unwrap();
    let bundle = bundle.to_str().unwrap();
    let (code, stdout, stderr) = zis_lint(&["run", bundle, "--event", EVENT, "--time-limit", "1"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "error: the run took more than 1 s of real time (`--time-limit`): a jq program that \
         never ends? ZIS stops a flow after 100 s\n"
    );
}

#[test]
fn tests_pass() {
    let (code, stdout, stderr) =
        zis_lint(&["test", "examples", "tests/cli/flows/passing.zis-test.json"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "\nrunning 2 tests from examples/tutorial/post_tickets_to_webhook.zis-test.json\n\
         test posts the new ticket's status and priority to the webhook ... ok\n\
         test fails when the webhook answers 500 ... ok\n\
         \nrunning 3 tests from tests/cli/flows/passing.zis-test.json\n\
         test sends the whole flow data as the ticket id header ... ok\n\
         test stops without a mock ... ok\n\
         test posts a sample ticket event's status ... ok\n\
         \ntest result: ok. 5 passed; 0 failed; 0 errors\n"
    );
}

#[test]
fn tests_fail_with_what_differs() {
    let (code, stdout, stderr) = zis_lint(&["test", "tests/cli/flows/failing.zis-test.json"]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    insta::assert_snapshot!("failing_tests", stdout);
}

#[test]
fn tests_that_cannot_run_are_errors() {
    let dir = scratch("broken-tests");
    fs::write(
        dir.join("invalid.zis-test.json"),
        r#"{"bundle": "b.json", "tests": [{"nam": 1}]}"#,
    )
    .unwrap();
    fs::write(dir.join("other.json"), "{}").unwrap();
    let (code, stdout, _) = zis_lint(&[
        "test",
        "tests/cli/flows/broken.zis-test.json",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    let stdout = stdout.replace(dir.to_str().unwrap(), "<scratch>");
    insta::assert_snapshot!("broken_tests", stdout);

    let empty = scratch("no-tests");
    let (code, stdout, stderr) = zis_lint(&["test", empty.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        format!("error: no `*.zis-test.json` file in {}\n", empty.display())
    );
}

#[test]
fn junit_xml() {
    let dir = scratch("junit");
    let report = dir.join("report.xml");
    let (code, _, _) = zis_lint(&[
        "test",
        "tests/cli/flows/failing.zis-test.json",
        "tests/cli/flows/passing.zis-test.json",
        "--junit",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("junit", fs::read_to_string(report).unwrap());
}
