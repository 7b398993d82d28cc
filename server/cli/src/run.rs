//! `zis-lint run`: one flow on one event, its trace printed for people or scripts.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use clap::{ArgGroup, Args, ValueEnum};
use serde::de::DeserializeOwned;
use serde_json::Value;
use zis_runner::{End, Iteration, Loaded, Mocks, Options, Step, Trace};

use zis_workspace::config::describe_io_error;

use crate::check::stderr;

#[derive(Args)]
#[command(group(ArgGroup::new("source").required(true).args(["event", "event_type"])))]
pub struct RunArgs {
    /// The bundle
    #[arg(value_name = "BUNDLE")]
    bundle: PathBuf,
    /// The flow to run: its `properties.name` or resource key; may be left out when the bundle
    /// has one flow
    #[arg(long, value_name = "NAME")]
    flow: Option<String>,
    /// The event: the object ZIS hands a flow (`account_id`, `subdomain`, `integration_key`,
    /// `input`), or only the event payload, which then goes under `$.input`
    #[arg(long, value_name = "EVENT.json")]
    event: Option<PathBuf>,
    /// Instead of --event: a sample event of this type (`ticket.TicketCreated`), built from the
    /// payload its documentation shows
    #[arg(long, value_name = "TYPE")]
    event_type: Option<String>,
    /// Answers for actions, the config store and links the flow starts with
    #[arg(long, value_name = "MOCKS.json")]
    mocks: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = RunFormat::Pretty)]
    format: RunFormat,
    /// Stop after entering this many states: a flow may loop forever
    #[arg(long, value_name = "N", default_value_t = Options::default().max_transitions)]
    max_transitions: usize,
    /// Stop after this many seconds of real time: a jq program may never end
    #[arg(long, value_name = "SECONDS", default_value_t = TIME_LIMIT)]
    time_limit: u64,
}

/// ZIS ends a flow after 100 seconds.
pub const TIME_LIMIT: u64 = 100;

/// A run's thread may recurse deep: jq programs, and flow data a loop nested deep. Only touched
/// pages of it take memory.
const RUN_STACK: usize = 256 << 20;

/// Runs `work` on a thread of its own with a large stack, waiting `seconds` at most: a jq
/// program may recurse deep or never end. On time out, the thread is left behind; the process
/// ends soon after.
pub fn guarded<T: Send + 'static>(
    seconds: u64,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (sender, receiver) = mpsc::channel();
    let spawned = thread::Builder::new()
        .name("run".into())
        .stack_size(RUN_STACK)
        .spawn(move || {
            let _ = sender.send(work());
        });
    if let Err(err) = spawned {
        return Err(format!("cannot start the run: {err}"));
    }
    receiver
        .recv_timeout(Duration::from_secs(seconds))
        .map_err(|_| {
            format!(
                "the run took more than {seconds} s of real time (`--time-limit`): a jq \
                 program that never ends? ZIS stops a flow after {TIME_LIMIT} s"
            )
        })
}

#[derive(Clone, Copy, ValueEnum)]
enum RunFormat {
    Pretty,
    Json,
}

pub const EXIT_SUCCEEDED: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

pub fn run(args: &RunArgs) -> u8 {
    let prepared = read_bundle(&args.bundle).and_then(|loaded| {
        let flow = choose_flow(&loaded, args.flow.as_deref(), &args.bundle)?;
        let event: Value = match (&args.event, &args.event_type) {
            (Some(path), _) => read_json(path)?,
            (None, Some(event_type)) => loaded.sample_event(&flow, event_type)?,
            (None, None) => return Err("give --event or --event-type".into()),
        };
        let mocks: Mocks = match &args.mocks {
            Some(path) => read_json(path)?,
            None => Mocks::default(),
        };
        Ok((loaded, flow, event, mocks))
    });
    let (loaded, flow, event, mocks) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            stderr(&format!("error: {message}"));
            return EXIT_USAGE;
        }
    };
    let options = Options {
        max_transitions: args.max_transitions,
    };
    let mut trace = match guarded(args.time_limit, move || {
        loaded.run(&flow, event, &mocks, &options)
    }) {
        Ok(Ok(trace)) => trace,
        Ok(Err(setup)) => {
            stderr(&format!("error: {}: {setup}", args.bundle.display()));
            return EXIT_USAGE;
        }
        // The run did not end: no trace to show.
        Err(message) => {
            stderr(&format!("error: {message}"));
            return EXIT_FAILED;
        }
    };
    if let Some(event_type) = &args.event_type {
        trace.notes.insert(
            0,
            format!(
                "the event is a sample `{event_type}`: the payload its documentation shows, with \
                 example values"
            ),
        );
    }
    let text = match args.format {
        RunFormat::Pretty => pretty(&trace),
        RunFormat::Json => {
            serde_json::to_string_pretty(&trace).expect("a trace is plain JSON") + "\n"
        }
    };
    let mut stdout = io::stdout().lock();
    if let Err(err) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if err.kind() != io::ErrorKind::BrokenPipe {
            stderr(&format!("error: writing output: {err}"));
        }
        return EXIT_USAGE;
    }
    match trace.end {
        End::Succeeded { .. } => EXIT_SUCCEEDED,
        End::Failed { .. } | End::Stopped { .. } => EXIT_FAILED,
    }
}

/// Reads a bundle; the error is the whole message.
pub fn read_bundle(path: &Path) -> Result<Loaded, String> {
    let shown = path.display();
    let text =
        fs::read_to_string(path).map_err(|err| format!("{shown}: {}", describe_io_error(&err)))?;
    let parse = zis_syntax::parse(&text);
    if !parse.errors.is_empty() {
        return Err(format!(
            "{shown} is not valid JSON; `zis-lint check {shown}` shows where"
        ));
    }
    if !parse
        .root
        .as_ref()
        .is_some_and(zis_analysis::looks_like_bundle)
    {
        return Err(format!("{shown} is not a ZIS bundle"));
    }
    Ok(Loaded::new(&text))
}

/// Reads a JSON file into `T`; the error is the whole message.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, String> {
    let shown = path.display();
    let text =
        fs::read_to_string(path).map_err(|err| format!("{shown}: {}", describe_io_error(&err)))?;
    serde_json::from_str(&text).map_err(|err| format!("{shown}: {err}"))
}

/// The flow named, or the only one.
pub fn choose_flow(loaded: &Loaded, flow: Option<&str>, bundle: &Path) -> Result<String, String> {
    if let Some(flow) = flow {
        return Ok(flow.to_string());
    }
    let flows = zis_runner::flow_names(&loaded.model);
    match flows.as_slice() {
        [only] => Ok(only.clone()),
        [] => Err(format!("{} has no flow to run", bundle.display())),
        many => Err(format!(
            "{} has {} flows; choose one with --flow: {}",
            bundle.display(),
            many.len(),
            many.iter()
                .map(|flow| format!("`{flow}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The trace for people: each state with what it read, did and wrote, then how the run ended.
pub fn pretty(trace: &Trace) -> String {
    let mut out = format!("flow `{}`\n", trace.flow);
    steps(&mut out, &trace.steps, 0);
    out.push('\n');
    out.push_str(&end_line(&trace.end));
    let _ = write!(
        out,
        "\n{} state{} entered",
        trace.transitions,
        plural(trace.transitions)
    );
    if trace.waited_seconds > 0.0 {
        let _ = write!(out, ", {} s of waiting (not waited)", trace.waited_seconds);
    }
    out.push('\n');
    for note in &trace.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

/// How the run ended, in one line.
pub fn end_line(end: &End) -> String {
    match end {
        End::Succeeded { state, message } => match message {
            Some(message) => format!("succeeded at `{state}`: {message}"),
            None => format!("succeeded at `{state}`"),
        },
        End::Failed {
            state,
            error,
            cause,
        } => format!("failed at `{state}`: {error}: {cause}"),
        End::Stopped {
            state: Some(state),
            reason,
        } => format!("stopped at `{state}`: {reason}"),
        End::Stopped {
            state: None,
            reason,
        } => format!("stopped: {reason}"),
    }
}

fn steps(out: &mut String, steps: &[Step], depth: usize) {
    for (at, step) in steps.iter().enumerate() {
        self::step(out, at + 1, step, depth);
    }
}

fn step(out: &mut String, number: usize, step: &Step, depth: usize) {
    let indent = "    ".repeat(depth);
    let inner = format!("{indent}   ");
    let _ = write!(out, "\n{indent}{number}. {} ({})", step.state, step.ty);
    if let Some(action) = &step.action {
        let _ = write!(out, " {action}");
    }
    out.push('\n');
    if let Some(input) = &step.input {
        field(out, &inner, "read", input);
    }
    for line in &step.did {
        let _ = writeln!(out, "{inner}- {line}");
    }
    if let Some(request) = &step.request {
        let _ = write!(out, "{inner}request: {} {}", request.method, request.url);
        if let Some(connection) = &request.connection {
            let _ = write!(out, " (with connection `{connection}`)");
        }
        out.push('\n');
        for header in &request.headers {
            let _ = writeln!(out, "{inner}  header {}: {}", header.key, header.value);
        }
        for pair in &request.query {
            let _ = writeln!(out, "{inner}  query {}={}", pair.key, pair.value);
        }
        if let Some(body) = &request.body {
            field(out, &format!("{inner}  "), "body", body);
        }
    }
    if let Some(response) = &step.response {
        let _ = write!(out, "{inner}response: {}", response.status);
        match (&response.body, &response.text) {
            (Some(body), _) => {
                let _ = write!(out, " {}", compact_or_block(body, &inner));
            }
            (None, Some(text)) => {
                let _ = write!(out, " {text:?}");
            }
            (None, None) => {}
        }
        out.push('\n');
    }
    for iteration in &step.iterations {
        self::iteration(out, iteration, depth);
    }
    if let Some(error) = &step.error {
        let _ = writeln!(out, "{inner}error: {}: {}", error.error, error.cause);
    }
    if let Some(output) = &step.output {
        let label = match &step.result_path {
            Some(path) => format!("wrote {path}"),
            None => "result".to_string(),
        };
        field(out, &inner, &label, output);
    }
    for assumption in &step.assumed {
        let _ = writeln!(out, "{inner}assumed: {assumption}");
    }
    if let Some(next) = &step.next {
        let _ = writeln!(out, "{inner}next: {next}");
    }
}

fn iteration(out: &mut String, iteration: &Iteration, depth: usize) {
    let indent = "    ".repeat(depth + 1);
    let _ = write!(out, "{indent}iteration {}", iteration.index);
    let _ = writeln!(out, " on {}", compact_or_block(&iteration.item, &indent));
    steps(out, &iteration.steps, depth + 1);
}

fn field(out: &mut String, indent: &str, label: &str, value: &Value) {
    let _ = writeln!(out, "{indent}{label}: {}", compact_or_block(value, indent));
}

/// JSON on one line when short, else indented under its label.
fn compact_or_block(value: &Value, indent: &str) -> String {
    let compact = value.to_string();
    if compact.chars().count() <= 100 {
        return compact;
    }
    let pretty = serde_json::to_string_pretty(value).expect("a value is plain JSON");
    let mut block = String::new();
    for (at, line) in pretty.lines().enumerate() {
        if at > 0 {
            block.push('\n');
            block.push_str(indent);
            block.push_str("  ");
        }
        block.push_str(line);
    }
    block
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}
