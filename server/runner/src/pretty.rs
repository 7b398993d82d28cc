//! The trace for people: what `zis-lint run` prints, and what the language server shows when a
//! flow is run from the editor.

use std::fmt::Write as _;

use serde_json::Value;

use crate::trace::{End, Iteration, Step, Trace};

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
