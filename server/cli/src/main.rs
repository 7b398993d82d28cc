//! `zis-lint`: lints Zendesk Integration Services bundles from the command line, explains the
//! rules, and serves the language server.

mod baseline;
mod check;
mod fix;
mod flow_test;
mod output;
mod quiet;
mod run;

use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use zis_analysis::fix::Applying;
use zis_analysis::graph::{self, FlowGraph};
use zis_analysis::model::Bundle;
use zis_analysis::Rule;
use zis_workspace::{BaselineChoice, LoadedBaseline};

#[derive(Parser)]
#[command(
    name = "zis-lint",
    version,
    about = "Linter and language server for Zendesk Integration Services bundles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint bundles: files, folders (every *.json below them) or `-` for stdin
    Check(CheckArgs),
    /// List the rules: code, name, default severity and summary
    Rules,
    /// Print a rule's page: what it checks, why, examples and the fix
    Explain {
        /// A code such as ZIS101 or a name such as unknown-state
        #[arg(value_name = "CODE|NAME")]
        rule: String,
    },
    /// Draw a bundle's flows: states, transitions, Choice conditions, Catch edges
    Graph(GraphArgs),
    /// Run a flow on an event without a network: each HTTP request shown, none sent
    Run(run::RunArgs),
    /// Run flow tests: `*.zis-test.json` files below the paths given
    Test(flow_test::TestArgs),
    /// Serve the Language Server Protocol on stdin/stdout
    Server,
    /// The language server's run of a flow, in a process of its own (the bundle on stdin)
    #[command(hide = true)]
    RunFlowForEditor {
        #[arg(long)]
        flow: String,
        #[arg(long)]
        bundle_path: Option<PathBuf>,
        #[arg(long)]
        integration: Option<String>,
    },
}

#[derive(Args)]
struct GraphArgs {
    /// The bundle; `-` reads stdin
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Draw only this flow (its `properties.name` or resource key)
    #[arg(long, value_name = "NAME")]
    flow: Option<String>,
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    format: GraphFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Args)]
#[command(group(ArgGroup::new("fixing").args(["fix", "diff"])))]
struct CheckArgs {
    /// Files and folders to lint; `-` reads stdin
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Apply the safe fixes, then report what remains; stdin's fixed text goes to stdout
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff: the unsafe fixes too, which may change what a bundle does
    #[arg(long, requires = "fixing")]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff and change nothing; exit code 1 when there is one
    #[arg(long, conflicts_with = "write_baseline")]
    diff: bool,
    /// Report only the findings this baseline does not hold (instead of the configuration's)
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record every finding in FILE, a baseline that later runs accept
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    format: Format,
    /// Use this configuration instead of the nearest zis-lint.json
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Walk folders without skipping what .gitignore and .ignore files leave out
    #[arg(long)]
    no_ignore: bool,
    /// When to colour pretty output
    #[arg(long, value_enum, default_value_t = ColorMode::Auto)]
    color: ColorMode,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Pretty,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorMode {
    Auto,
    Always,
    Never,
}

#[global_allocator]
static ALLOCATOR: zis_alloc::Allocator = zis_alloc::Allocator;

/// Large enough that a report of thousands of findings takes a few dozen writes.
const OUTPUT_BUFFER_BYTES: usize = 64 * 1024;

const EXIT_CLEAN: u8 = 0;
const EXIT_ERRORS: u8 = 1;
const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    zis_workspace::logging::init_from_env();
    let code = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules => rules(),
        Command::Explain { rule } => explain(&rule),
        Command::Graph(args) => graph(&args),
        Command::Run(args) => run::run(&args),
        Command::Test(args) => flow_test::test(&args),
        Command::Server => server(),
        Command::RunFlowForEditor {
            flow,
            bundle_path,
            integration,
        } => run_flow_for_editor(&flow, bundle_path.as_deref(), integration),
    };
    ExitCode::from(code)
}

fn check(args: CheckArgs) -> u8 {
    let baseline = if args.write_baseline.is_some() {
        BaselineChoice::Off
    } else if let Some(path) = &args.baseline {
        match LoadedBaseline::read(path) {
            Ok(baseline) => BaselineChoice::Forced(Arc::new(baseline)),
            Err(fault) => {
                check::stderr(&format!(
                    "error: {}",
                    fault.describe(&path.display().to_string())
                ));
                return EXIT_FAILURE;
            }
        }
    } else {
        BaselineChoice::FromConfig
    };
    let applying = if args.unsafe_fixes {
        Applying::All
    } else {
        Applying::Safe
    };
    let options = check::Options {
        config: args.config.as_deref(),
        honour_ignore_files: !args.no_ignore,
        baseline,
        fixing: (args.fix || args.diff).then_some(fix::Fixing {
            applying,
            diff: args.diff,
        }),
        recording: args.write_baseline.is_some(),
    };
    let Some(outcome) = check::run(&args.paths, &options) else {
        return EXIT_FAILURE;
    };
    let fixes = &outcome.fixes;
    if args.diff {
        let printed = print(&fixes.diff);
        if printed != EXIT_CLEAN {
            return printed;
        }
        check::stderr(&fixes.sentence("would fix"));
        return if outcome.failures > 0 {
            EXIT_FAILURE
        } else if fixes.applied > 0 {
            EXIT_ERRORS
        } else {
            EXIT_CLEAN
        };
    }
    if let Some(path) = &args.write_baseline {
        return match baseline::write(path, &outcome) {
            Ok(count) => {
                check::stderr(&format!(
                    "wrote {} to {}; later runs with the baseline report only new findings",
                    output::plural(count, "finding"),
                    path.display()
                ));
                if outcome.failures > 0 {
                    EXIT_FAILURE
                } else {
                    EXIT_CLEAN
                }
            }
            Err(message) => {
                check::stderr(&format!("error: {message}"));
                EXIT_FAILURE
            }
        };
    }
    let summary = output::Summary::of(&outcome);
    // Fixed stdin goes to stdout, so the report goes to stderr.
    let written = match &fixes.stdout {
        Some(fixed) => {
            let mut stdout = io::stdout().lock();
            let printed = stdout
                .write_all(fixed.as_bytes())
                .and_then(|()| stdout.flush());
            printed.and_then(|()| render(&args, &outcome, &summary, io::stderr().lock()))
        }
        None => render(&args, &outcome, &summary, io::stdout().lock()),
    };
    if let Err(err) = written {
        return output_failed(&err);
    }
    if args.fix {
        check::stderr(&fixes.sentence("fixed"));
    }
    let code = if outcome.failures > 0 {
        EXIT_FAILURE
    } else if summary.errors > 0 {
        EXIT_ERRORS
    } else {
        EXIT_CLEAN
    };
    // The process ends next: freeing a large bundle's tree node by node takes longer than the
    // system takes to reclaim all of its pages at exit.
    std::mem::forget(outcome);
    code
}

fn render(
    args: &CheckArgs,
    outcome: &check::Outcome,
    summary: &output::Summary,
    out: impl Write,
) -> io::Result<()> {
    // Rust's stdout flushes at every line break and stderr writes at once: unbuffered, thousands
    // of findings cost a system call per line.
    let out = &mut BufWriter::with_capacity(OUTPUT_BUFFER_BYTES, out);
    match args.format {
        Format::Pretty => {
            output::pretty::render(&outcome.files, summary, use_color(args.color), out)
        }
        Format::Json => output::json::render(&outcome.files, summary, out),
        Format::Sarif => output::sarif::render(&outcome.files, out),
        Format::Github => output::github::render(&outcome.files, summary, out),
    }?;
    out.flush()
}

fn use_color(mode: ColorMode) -> bool {
    match mode {
        ColorMode::Always => true,
        ColorMode::Never => false,
        // An empty NO_COLOR does not count, as no-color.org specifies.
        ColorMode::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        }
    }
}

fn rules() -> u8 {
    let name_width = Rule::ALL
        .iter()
        .map(|rule| rule.name().len())
        .max()
        .unwrap_or(0);
    let mut table = String::new();
    for &rule in Rule::ALL {
        table.push_str(&format!(
            "{}  {:name_width$}  {:7}  {}\n",
            rule.code(),
            rule.name(),
            rule.default_severity().as_str(),
            rule.summary()
        ));
    }
    print(&table)
}

fn explain(code_or_name: &str) -> u8 {
    match Rule::find(code_or_name) {
        Some(rule) => print(&rule.documentation()),
        None => {
            let closest = Rule::ALL
                .iter()
                .flat_map(|rule| [rule.code(), rule.name()])
                .map(|candidate| (strsim::levenshtein(code_or_name, candidate), candidate))
                .min()
                .filter(|&(distance, _)| distance <= 3)
                .map(|(_, candidate)| format!(" (did you mean `{candidate}`?)"))
                .unwrap_or_default();
            check::stderr(&format!(
                "error: no rule `{code_or_name}`{closest}; `zis-lint rules` lists them all"
            ));
            EXIT_FAILURE
        }
    }
}

fn graph(args: &GraphArgs) -> u8 {
    let stdin = args.file.as_os_str() == "-";
    let shown = if stdin {
        "<stdin>".to_string()
    } else {
        args.file.display().to_string()
    };
    let text = if stdin {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(&args.file)
    };
    let text = match text {
        Ok(text) => text,
        Err(err) => {
            check::stderr(&format!(
                "error: {shown}: {}",
                zis_workspace::config::describe_io_error(&err)
            ));
            return EXIT_FAILURE;
        }
    };
    let parse = zis_syntax::parse(&text);
    let model = Bundle::lower(parse.root.as_ref());
    let flows = graph::flow_graphs(&model);
    if flows.is_empty() {
        check::stderr(&format!("error: {shown} has no flow to draw"));
        return EXIT_FAILURE;
    }
    let flows: Vec<FlowGraph> = match &args.flow {
        None => flows,
        Some(name) => match graph::flow_graph(&model, name) {
            Some(flow) => vec![flow],
            None => {
                let names: Vec<String> = flows.iter().map(|f| format!("`{}`", f.name)).collect();
                check::stderr(&format!(
                    "error: {shown} has no flow `{name}`; its flows: {}",
                    names.join(", ")
                ));
                return EXIT_FAILURE;
            }
        },
    };
    print(&match args.format {
        GraphFormat::Mermaid => graph::mermaid(&flows),
        GraphFormat::Dot => graph::dot(&flows),
    })
}

fn server() -> u8 {
    #[cfg(target_os = "linux")]
    without_transparent_huge_pages();
    give_freed_memory_back_soon();
    match zis_server::run() {
        Ok(ending) if ending.is_clean() => EXIT_CLEAN,
        // LSP's code for `exit` without `shutdown`, and for a client that went away.
        Ok(_) => EXIT_ERRORS,
        Err(err) => {
            check::stderr(&format!("error: language server: {err}"));
            EXIT_FAILURE
        }
    }
}

fn run_flow_for_editor(flow: &str, bundle_path: Option<&Path>, integration: Option<String>) -> u8 {
    let mut text = String::new();
    if let Err(err) = io::stdin().read_to_string(&mut text) {
        check::stderr(&format!("error: cannot read the bundle: {err}"));
        return EXIT_FAILURE;
    }
    let answer = zis_server::answer_in_child(&text, bundle_path, flow, integration);
    print(&answer.to_string())
}

fn print(text: &str) -> u8 {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => EXIT_CLEAN,
        Err(err) => output_failed(&err),
    }
}

/// The server lives as long as the editor and keeps each open bundle's analysis, so memory
/// counts more than a few milliseconds: without huge pages `check` of 10,000 states peaks about
/// a third lower and runs about 14% slower. `check`, which lives for one run, keeps them.
#[cfg(target_os = "linux")]
fn without_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and touches no memory of this process;
    // a kernel that refuses it leaves the process as it was.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// `mi_option_purge_delay` in mimalloc.h (the same in mimalloc 2 and 3), which libmimalloc-sys
/// does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// By default mimalloc keeps freed pages a second before it gives them back. When every edit
/// analysed the whole bundle, freeing the analysis before on another thread, the server held
/// several over a few seconds of typing: 23× the document at 10,000 states, against 14× with
/// pages given back at once. An edit now frees little, but a delay of 0 gave back a page the
/// moment it emptied, even in the middle of an analysis that was about to fill it again: each
/// edit faulted in hundreds of fresh pages. A few milliseconds keep those for the analysis that
/// frees them and still give the memory back between keystrokes (see BENCHMARKS.md).
fn give_freed_memory_back_soon() {
    // SAFETY: sets one of mimalloc's numeric options, which it reads when it next purges.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
    }
}

/// How long the server keeps a freed page before giving it back to the system.
const PURGE_DELAY_MS: std::ffi::c_long = 2;

fn output_failed(err: &io::Error) -> u8 {
    // A reader that stops early (`| head`) is not worth a message.
    if err.kind() != io::ErrorKind::BrokenPipe {
        check::stderr(&format!("error: writing output: {err}"));
    }
    EXIT_FAILURE
}
