//! Running a flow from the editor: the `zis-lint.runFlow` command of the "Run with a sample
//! event" code lens ([`super::flow_lens`]).
//!
//! The flow runs as `zis-lint run` runs it, on the bundle as the editor holds it (edits not yet
//! saved included), with the event and mocks of the first test that runs this flow in a
//! `*.zis-test.json` file beside the bundle, else on the sample payload of the event a job spec
//! starts it on (`zis-lint run --event-type`). No request is ever sent: without mocks, the run
//! stops at the first custom action. The answer holds the trace twice: the text `zis-lint run`
//! prints, after a line on where the event came from, and the JSON of `--format json`.
//!
//! The server binary runs each flow in a child process of its own executable
//! ([`FlowRuns::Child`], the hidden `zis-lint run-flow-for-editor`): a jq program that recurses
//! without end overflows the stack, which aborts a process, and it must abort the child, never
//! the session. A child that takes too long is killed, so nothing goes on running either.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types::Url;
use zis_analysis::graph::flow_graph;
use zis_analysis::index::{ReferenceField, Target};
use zis_analysis::model::{ResourceId, ResourceKind};
use zis_analysis::Analysis;
use zis_runner::flowtest::{self, Expect};
use zis_runner::{flow_names, pretty, sample_event, sample_event_note, Mocks, Options, Trace};
use zis_workspace::flow_runs::{
    case_event, case_mocks, guarded, read_suite, test_files_in, Unfinished,
};
use zis_workspace::real_path;

use crate::server::Backend;

/// Arguments: the document's URI and the flow's name, both strings.
pub const RUN_FLOW: &str = "zis-lint.runFlow";

/// Seconds of real time a run may take. A flow that waits for nothing runs in milliseconds: only
/// a jq program that never ends takes this long, and the editor should hear of it soon.
const TIME_LIMIT: u64 = 10;

/// Where the server runs a flow.
#[derive(Clone, Debug)]
pub enum FlowRuns {
    /// On a thread of the server's own process: for a server served in process, as the
    /// protocol tests do, where there is no `zis-lint` executable to start.
    InProcess,
    /// In a child process of this `zis-lint` executable.
    Child(PathBuf),
}

/// The run's trace, as `{flow, event, text, trace}`; `null` when the document or the flow is not
/// there. A flow that has nothing to run on gets an error that says so.
pub async fn run_flow(backend: &Backend, uri: &Url, flow: &str) -> Result<Option<Value>> {
    let Some(snapshot) = backend.bundle(uri).await else {
        return Ok(None);
    };
    let analysis = Arc::clone(&snapshot.analysis);
    let bundle_path = uri.to_file_path().ok();
    let flow = flow.to_string();
    let runs = backend.flow_runs.clone();
    // Test files are read, and the run waited for, away from the threads that answer requests.
    let ran = tokio::task::spawn_blocking(move || match runs {
        FlowRuns::InProcess => run(analysis, bundle_path.as_deref(), &flow),
        FlowRuns::Child(executable) => {
            let text = &snapshot.text;
            run_in_child(&executable, text, &analysis, bundle_path.as_deref(), &flow)
        }
    });
    match ran.await {
        Ok(answer) => answer,
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        // Cancelled: the server is shutting down.
        Err(_) => Ok(None),
    }
}

/// What a run is given, and where it came from.
struct Prepared {
    event: Value,
    mocks: Mocks,
    origin: Origin,
}

enum Origin {
    Sample {
        event_type: String,
        job_spec: String,
    },
    Test {
        file: String,
        name: String,
        expect: Box<Expect>,
    },
}

/// What `zis-lint run-flow-for-editor` does: the answer for the bundle `text` at
/// `bundle_path`, as `{"result": …}` or `{"error": …}`, for the server that started it.
pub fn answer_in_child(
    text: &str,
    bundle_path: Option<&Path>,
    flow: &str,
    integration: Option<String>,
) -> Value {
    let config = zis_analysis::Config {
        integration,
        ..Default::default()
    };
    let analysis = zis_analysis::analyze(text, &config);
    match run(analysis, bundle_path, flow) {
        Ok(result) => json!({ "result": result }),
        Err(error) => json!({ "error": error }),
    }
}

/// Runs the flow in a child process, killed when it takes longer than a run may.
fn run_in_child(
    executable: &Path,
    text: &str,
    analysis: &Analysis,
    bundle_path: Option<&Path>,
    flow: &str,
) -> Result<Option<Value>> {
    let mut command = Command::new(executable);
    command.args(["run-flow-for-editor", "--flow", flow]);
    if let Some(path) = bundle_path {
        command.arg("--bundle-path").arg(path);
    }
    if let Some(integration) = &analysis.index().integration {
        command.args(["--integration", &integration.key]);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| internal(format!("cannot start the run: {err}")))?;
    // The child reads all of its input before it writes: the text goes in whole first.
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(text.as_bytes())
            .map_err(|err| internal(format!("cannot hand the bundle to the run: {err}")))?;
    }
    let deadline = Instant::now() + Duration::from_secs(TIME_LIMIT + 2);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(request_failed(timed_out(flow)));
            }
            Err(err) => return Err(internal(format!("cannot wait for the run: {err}"))),
        }
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    let answer: Option<Value> = serde_json::from_str(&stdout).ok();
    match answer {
        Some(answer) if status.success() => {
            if let Some(error) = answer.get("error") {
                return Err(serde_json::from_value(error.clone())
                    .unwrap_or_else(|_| internal(error.to_string())));
            }
            Ok(answer
                .get("result")
                .cloned()
                .filter(|result| !result.is_null()))
        }
        _ => {
            let why = stderr
                .lines()
                .find(|line| !line.trim().is_empty())
                .unwrap_or("no message");
            Err(request_failed(format!(
                "the run of `{flow}` crashed ({why}): a jq program that recurses without end? \
                 `zis-lint run` shows where"
            )))
        }
    }
}

fn run(analysis: Arc<Analysis>, bundle_path: Option<&Path>, flow: &str) -> Result<Option<Value>> {
    let Some(graph) = flow_graph(analysis.model(), flow) else {
        return Ok(None);
    };
    let target = FlowTarget {
        analysis: &analysis,
        name: &graph.name,
        key: &analysis.model().resource(graph.resource).key.value,
        resource: graph.resource,
    };
    let mut notes = Vec::new();
    let tested = bundle_path.and_then(|path| target.test_beside(path, &mut notes));
    let prepared = match tested {
        Some(prepared) => prepared,
        None => target.job_spec_sample(),
    }
    .map_err(request_failed)?;
    let (name, event, mocks) = (graph.name.clone(), prepared.event, prepared.mocks);
    let running = Arc::clone(&analysis);
    let trace = guarded(TIME_LIMIT, move || {
        let (model, index) = (running.model(), running.index());
        zis_runner::run(model, index, &name, event, &mocks, &Options::default())
    })
    .map_err(|unfinished| match unfinished {
        Unfinished::NoThread(err) => internal(format!("cannot start the run: {err}")),
        Unfinished::TimedOut => request_failed(timed_out(&graph.name)),
    })?
    .map_err(|setup| request_failed(setup.to_string()))?;
    Ok(Some(answer(trace, &prepared.origin, &notes)))
}

/// The flow to run, by both of its names.
struct FlowTarget<'a> {
    analysis: &'a Analysis,
    /// `properties.name`, or the resource key when it has none.
    name: &'a str,
    key: &'a str,
    resource: ResourceId,
}

impl FlowTarget<'_> {
    /// Whether a test that names `flow` (or none) runs this one.
    fn is_run_by(&self, flow: Option<&str>) -> bool {
        match flow {
            Some(flow) => flow == self.name || flow == self.key,
            // As `zis-lint test` takes it: the bundle's only flow.
            None => flow_names(self.analysis.model()).len() == 1,
        }
    }

    /// The first test of a `*.zis-test.json` beside the bundle that runs this flow on it: its
    /// event and mocks. Test files that cannot be read are noted and passed over.
    fn test_beside(
        &self,
        bundle: &Path,
        notes: &mut Vec<String>,
    ) -> Option<std::result::Result<Prepared, String>> {
        let dir = bundle.parent()?;
        let bundle = real_path(bundle);
        for path in test_files_in(dir) {
            let file = file_name(&path);
            let suite = match read_suite(&path) {
                Ok(suite) => suite,
                Err(message) => {
                    notes.push(format!("{file} was passed over: {message}"));
                    continue;
                }
            };
            if real_path(&dir.join(&suite.bundle)) != bundle {
                continue;
            }
            let Some(case) = suite
                .tests
                .iter()
                .find(|case| self.is_run_by(suite.flow_of(case)))
            else {
                continue;
            };
            let model = (self.analysis.model(), self.analysis.index());
            let prepared = case_event(&suite, case, dir, model, self.name).and_then(|event| {
                Ok(Prepared {
                    event,
                    mocks: case_mocks(&suite, case, dir)?,
                    origin: Origin::Test {
                        file: file.clone(),
                        name: case.name.clone(),
                        expect: Box::new(case.expect.clone()),
                    },
                })
            });
            return Some(prepared.map_err(|message| {
                format!("test `{}` of {file} cannot run: {message}", case.name)
            }));
        }
        None
    }

    /// The sample payload of the event of the first job spec that starts this flow on one whose
    /// payload is documented.
    fn job_spec_sample(&self) -> std::result::Result<Prepared, String> {
        let (model, index) = (&self.analysis.model(), &self.analysis.index());
        // Events whose payload no page shows: an inbound webhook's, or an unknown type.
        let mut undocumented = Vec::new();
        for site in &index.references {
            let (ReferenceField::FlowName(job), Target::Resource(flow)) = (site.field, site.target)
            else {
                continue;
            };
            let ResourceKind::JobSpec(spec) = &model.resource(job).kind else {
                continue;
            };
            let Some(event_type) = spec.event_type.as_ref().filter(|_| flow == self.resource)
            else {
                continue;
            };
            let job = model.resource(job);
            let job_spec = job.name.as_ref().unwrap_or(&job.key).value.to_string();
            match sample_event(model, index, self.name, &event_type.value) {
                Ok(event) => {
                    return Ok(Prepared {
                        event,
                        mocks: Mocks::default(),
                        origin: Origin::Sample {
                            event_type: event_type.value.to_string(),
                            job_spec,
                        },
                    })
                }
                Err(_) => undocumented.push(format!("`{}` of `{job_spec}`", event_type.value)),
            }
        }
        let why = if undocumented.is_empty() {
            "no job spec starts it".to_string()
        } else {
            format!(
                "no page documents the payload of the events its job specs start it on ({})",
                undocumented.join(", ")
            )
        };
        Err(format!(
            "`{}` has no event to run on: {why}, and no *.zis-test.json beside the bundle runs \
             it. A test file there can give one (see docs/runner.md)",
            self.name
        ))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

fn timed_out(flow: &str) -> String {
    format!(
        "the run of `{flow}` took more than {TIME_LIMIT} s of real time: a jq program that never \
         ends? `zis-lint run --time-limit` gives a run more time"
    )
}

fn internal(message: String) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into(),
        data: None,
    }
}

/// The error of a run that cannot be made, with the reason for the user.
fn request_failed(message: String) -> Error {
    Error {
        // LSP's RequestFailed: the request was valid, and still could not be carried out.
        code: ErrorCode::ServerError(-32803),
        message: message.into(),
        data: None,
    }
}

/// The answer: where the event came from, the trace as `zis-lint run` prints it, and for a test,
/// whether the run is what the test expects.
fn answer(mut trace: Trace, origin: &Origin, notes: &[String]) -> Value {
    let (event, mut text, verdict) = match origin {
        Origin::Sample {
            event_type,
            job_spec,
        } => {
            // As `zis-lint run --event-type` notes it.
            trace.notes.insert(0, sample_event_note(event_type));
            let event = format!("the sample `{event_type}` of job spec `{job_spec}`");
            let text = format!(
                "event: {event}\nmocks: none: a custom action gets no answer, so the run \
                 stops at the first one, after showing the request it would send\n"
            );
            (event, text, String::new())
        }
        Origin::Test { file, name, expect } => {
            let event = format!("test `{name}` of {file}, with its mocks");
            let problems = flowtest::check(&trace, expect);
            let verdict = if problems.is_empty() {
                format!("\ntest `{name}`: the run is what it expects\n")
            } else {
                let lines: String = problems.iter().map(|line| format!("- {line}\n")).collect();
                format!("\ntest `{name}` expects otherwise:\n{lines}")
            };
            (event.clone(), format!("event: {event}\n"), verdict)
        }
    };
    for note in notes {
        text.push_str(&format!("note: {note}\n"));
    }
    text.push('\n');
    text.push_str(&pretty(&trace));
    text.push_str(&verdict);
    json!({
        "flow": trace.flow,
        "event": event,
        "text": text,
        "trace": trace,
    })
}
