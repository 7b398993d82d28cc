//! `zis-lint test`: runs `*.zis-test.json` files and reports like a test runner, optionally as
//! JUnit XML for CI.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use zis_runner::flowtest::{self, Case, EventSource, MocksSource, Suite};
use zis_runner::{Loaded, Mocks, Options};

use zis_workspace::config::describe_io_error;
use zis_workspace::walk::{json_files, Found};

use crate::check::stderr;
use crate::run::{
    choose_flow, end_line, guarded, read_bundle, read_json, EXIT_FAILED, EXIT_SUCCEEDED,
    EXIT_USAGE, TIME_LIMIT,
};

const SUFFIX: &str = ".zis-test.json";

#[derive(Args)]
pub struct TestArgs {
    /// Test files, or folders to search for `*.zis-test.json`; the working folder when none
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Also write the results as JUnit XML to this file
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Stop a run after entering this many states: a flow may loop forever
    #[arg(long, value_name = "N", default_value_t = Options::default().max_transitions)]
    max_transitions: usize,
    /// Stop a run after this many seconds of real time: a jq program may never end
    #[arg(long, value_name = "SECONDS", default_value_t = TIME_LIMIT)]
    time_limit: u64,
}

/// One test's outcome.
struct Outcome {
    name: String,
    result: Result<(), Problem>,
}

enum Problem {
    /// The run differs from what the test expects: one line each.
    Failed(Vec<String>),
    /// The test could not run: a file it names is missing, its flow does not exist.
    Error(String),
}

/// The outcomes of one test file, or why it could not be read.
struct FileOutcome {
    shown: String,
    outcomes: Result<Vec<Outcome>, String>,
}

pub fn test(args: &TestArgs) -> u8 {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    let mut missing = false;
    for root in &roots {
        match fs::metadata(root) {
            Ok(metadata) if metadata.is_dir() => missing |= !find(root, &mut files),
            Ok(_) => files.push(root.clone()),
            Err(err) => {
                stderr(&format!(
                    "error: {}: {}",
                    root.display(),
                    describe_io_error(&err)
                ));
                missing = true;
            }
        }
    }
    if files.is_empty() {
        if !missing {
            stderr(&format!(
                "error: no `*{SUFFIX}` file in {}",
                roots
                    .iter()
                    .map(|root| root.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        return EXIT_USAGE;
    }
    let limits = Limits {
        options: Options {
            max_transitions: args.max_transitions,
        },
        seconds: args.time_limit,
    };
    let mut out = String::new();
    let mut results = Vec::new();
    for file in &files {
        let result = run_file(file, &limits);
        report_file(&mut out, &result);
        results.push(result);
    }
    report_summary(&mut out, &results);
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush());
    if let Err(err) = written {
        if err.kind() != io::ErrorKind::BrokenPipe {
            stderr(&format!("error: writing output: {err}"));
        }
        return EXIT_USAGE;
    }
    if let Some(path) = &args.junit {
        if let Err(err) = fs::write(path, junit(&results)) {
            stderr(&format!(
                "error: {}: {}",
                path.display(),
                describe_io_error(&err)
            ));
            return EXIT_USAGE;
        }
    }
    let errors = missing
        || results.iter().any(|file| match &file.outcomes {
            Err(_) => true,
            Ok(outcomes) => outcomes
                .iter()
                .any(|outcome| matches!(outcome.result, Err(Problem::Error(_)))),
        });
    let failures = results.iter().any(|file| {
        file.outcomes.as_ref().is_ok_and(|outcomes| {
            outcomes
                .iter()
                .any(|outcome| matches!(outcome.result, Err(Problem::Failed(_))))
        })
    });
    if errors {
        EXIT_USAGE
    } else if failures {
        EXIT_FAILED
    } else {
        EXIT_SUCCEEDED
    }
}

/// Every test file below `dir`, in name order, but what ignore files leave out.
fn find(dir: &Path, files: &mut Vec<PathBuf>) -> bool {
    let mut readable = true;
    for found in json_files(dir, true) {
        match found {
            Found::File(path) if path.to_string_lossy().ends_with(SUFFIX) => files.push(path),
            Found::File(_) => {}
            Found::Error(message) => {
                stderr(&format!("error: {message}"));
                readable = false;
            }
        }
    }
    readable
}

/// What bounds each run.
struct Limits {
    options: Options,
    seconds: u64,
}

fn run_file(path: &Path, limits: &Limits) -> FileOutcome {
    let shown = path.strip_prefix(".").unwrap_or(path).display().to_string();
    let outcomes = fs::read_to_string(path)
        .map_err(|err| describe_io_error(&err))
        .and_then(|text| flowtest::parse(&text))
        .and_then(|suite| {
            let dir = path.parent().unwrap_or(Path::new("."));
            let loaded = Arc::new(read_bundle(&dir.join(&suite.bundle))?);
            Ok(suite
                .tests
                .iter()
                .map(|case| Outcome {
                    name: case.name.clone(),
                    result: run_case(&suite, case, &loaded, dir, limits),
                })
                .collect())
        });
    FileOutcome { shown, outcomes }
}

fn run_case(
    suite: &Suite,
    case: &Case,
    loaded: &Arc<Loaded>,
    dir: &Path,
    limits: &Limits,
) -> Result<(), Problem> {
    let bundle = dir.join(&suite.bundle);
    let flow = choose_flow(loaded, suite.flow_of(case), &bundle).map_err(Problem::Error)?;
    let event = match suite.event_of(case) {
        Some(EventSource::Inline(event)) => event.clone(),
        Some(EventSource::File(file)) => read_json(&dir.join(file)).map_err(Problem::Error)?,
        Some(EventSource::Type(event_type)) => loaded
            .sample_event(&flow, event_type)
            .map_err(Problem::Error)?,
        None => {
            return Err(Problem::Error(
                "no event: give `event`, `event_file` or `event_type`, in the test or for the \
                 file"
                    .into(),
            ))
        }
    };
    let mocks = match suite.mocks_of(case) {
        MocksSource::Inline(mocks) => mocks.clone(),
        MocksSource::File(file) => read_json::<Mocks>(&dir.join(file)).map_err(Problem::Error)?,
        MocksSource::None => Mocks::default(),
    };
    let (loaded, options) = (Arc::clone(loaded), limits.options.clone());
    let trace = guarded(limits.seconds, move || {
        loaded.run(&flow, event, &mocks, &options)
    })
    .map_err(Problem::Error)?
    .map_err(|error| Problem::Error(error.to_string()))?;
    let mut problems = flowtest::check(&trace, &case.expect);
    if problems.is_empty() {
        return Ok(());
    }
    problems.push(format!("the run: {}", end_line(&trace.end)));
    Err(Problem::Failed(problems))
}

fn report_file(out: &mut String, file: &FileOutcome) {
    match &file.outcomes {
        Err(message) => {
            let _ = writeln!(out, "\nerror: {}: {message}", file.shown);
        }
        Ok(outcomes) => {
            let _ = writeln!(
                out,
                "\nrunning {} test{} from {}",
                outcomes.len(),
                if outcomes.len() == 1 { "" } else { "s" },
                file.shown
            );
            for outcome in outcomes {
                let verdict = match outcome.result {
                    Ok(()) => "ok",
                    Err(Problem::Failed(_)) => "FAILED",
                    Err(Problem::Error(_)) => "ERROR",
                };
                let _ = writeln!(out, "test {} ... {verdict}", outcome.name);
            }
        }
    }
}

fn report_summary(out: &mut String, files: &[FileOutcome]) {
    let mut details = String::new();
    let (mut passed, mut failed, mut errors) = (0, 0, 0);
    for file in files {
        let Ok(outcomes) = &file.outcomes else {
            errors += 1;
            continue;
        };
        for outcome in outcomes {
            let lines = match &outcome.result {
                Ok(()) => {
                    passed += 1;
                    continue;
                }
                Err(Problem::Failed(lines)) => {
                    failed += 1;
                    lines.clone()
                }
                Err(Problem::Error(line)) => {
                    errors += 1;
                    vec![line.clone()]
                }
            };
            let _ = writeln!(details, "\n---- {}: {} ----", file.shown, outcome.name);
            for line in lines {
                let _ = writeln!(details, "{line}");
            }
        }
    }
    if !details.is_empty() {
        let _ = write!(out, "\nfailures:\n{details}");
    }
    let verdict = if failed + errors == 0 { "ok" } else { "FAILED" };
    let _ = writeln!(
        out,
        "\ntest result: {verdict}. {passed} passed; {failed} failed; {errors} errors"
    );
}

/// The results as JUnit XML: a `testsuite` per file, a `testcase` per test.
fn junit(files: &[FileOutcome]) -> String {
    let mut suites = String::new();
    let (mut all_tests, mut all_failures, mut all_errors) = (0, 0, 0);
    for file in files {
        let name = xml_escape(&file.shown);
        let outcomes = match &file.outcomes {
            Ok(outcomes) => outcomes,
            Err(message) => {
                all_tests += 1;
                all_errors += 1;
                let _ = write!(
                    suites,
                    "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    \
                     <testcase name=\"{name}\" classname=\"{name}\">\n      <error message=\"{}\"/>\n    \
                     </testcase>\n  </testsuite>\n",
                    xml_escape(message)
                );
                continue;
            }
        };
        let failures = outcomes
            .iter()
            .filter(|o| matches!(o.result, Err(Problem::Failed(_))))
            .count();
        let errors = outcomes
            .iter()
            .filter(|o| matches!(o.result, Err(Problem::Error(_))))
            .count();
        all_tests += outcomes.len();
        all_failures += failures;
        all_errors += errors;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\">",
            outcomes.len()
        );
        for outcome in outcomes {
            let case = xml_escape(&outcome.name);
            let _ = write!(suites, "    <testcase name=\"{case}\" classname=\"{name}\"");
            match &outcome.result {
                Ok(()) => suites.push_str("/>\n"),
                Err(Problem::Failed(lines)) => {
                    let _ = write!(
                        suites,
                        ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                        xml_escape(&lines[0]),
                        xml_text(&lines.join("\n"))
                    );
                }
                Err(Problem::Error(line)) => {
                    let _ = write!(
                        suites,
                        ">\n      <error message=\"{}\"/>\n    </testcase>\n",
                        xml_escape(line)
                    );
                }
            }
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"zis-lint test\" \
         tests=\"{all_tests}\" failures=\"{all_failures}\" errors=\"{all_errors}\">\n{suites}</testsuites>\n"
    )
}

/// Text safe inside XML attributes and elements; line breaks are kept as characters in
/// elements, and written as references in attributes, where a parser would turn them into
/// spaces. Control characters other than tab, line feed and carriage return cannot appear in
/// XML 1.0 at all, so they are dropped.
fn xml_escape(text: &str) -> String {
    escape(text, true)
}

fn xml_text(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' if attribute => escaped.push_str("&#10;"),
            '\n' => escaped.push('\n'),
            '\t' | '\r' => escaped.push(c),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}
