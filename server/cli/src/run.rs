//! `zis-lint run`: one flow on one event, its trace printed for people or scripts.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, ValueEnum};
use serde_json::Value;
use zis_runner::{pretty, sample_event_note, End, Loaded, Mocks, Options};

use zis_workspace::config::describe_io_error;
use zis_workspace::flow_runs::{self, read_json, Unfinished};

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

/// Runs `work` under `seconds` of real time, with the error message of a run that did not end.
pub fn guarded<T: Send + 'static>(
    seconds: u64,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    flow_runs::guarded(seconds, work).map_err(|unfinished| match unfinished {
        Unfinished::NoThread(err) => format!("cannot start the run: {err}"),
        Unfinished::TimedOut => format!(
            "the run took more than {seconds} s of real time (`--time-limit`): a jq program \
             that never ends? ZIS stops a flow after {TIME_LIMIT} s"
        ),
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
        trace.notes.insert(0, sample_event_note(event_type));
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
