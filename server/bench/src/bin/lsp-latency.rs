//! Latency and memory of the real language server, driven over stdio the way an editor drives
//! it:
//!
//! `cargo run --release -p zis-bench --bin lsp-latency -- target/release/zis-lint [RUNS]`
//!
//! For 1,000, 10,000 and 50,000 flow states, and 10,000 with about 6,000 hints: open →
//! diagnostics, a one-character edit in the middle of the file → diagnostics for that version,
//! `textDocument/documentSymbol`, completion inside an `ActionName` and inside an `event_type`
//! (as VS Code asks: documentation on resolve, not with every item) and hover on that
//! `ActionName`, those of the document as opened and right after the diagnostics of an edit in
//! another resource, and the completions also half a second after such an edit and right after
//! typing where they are asked; each as the median and 95th percentile of RUNS runs (default
//! 30; a third of them at 50,000 states). Then, each in a server of its own, the peak resident
//! memory while editing 10,000 and 50,000 states, and the time to diagnostics of each input that
//! once took superlinear time, opened then edited.
//!
//! A time ends when the last byte of the awaited message has been read, before this client
//! parses it: what is measured is the server, not this program's JSON parser.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use zis_bench::{bundle, hostile_bundles, Variant};

const COMPLETION: &str = "textDocument/completion";
const HOVER: &str = "textDocument/hover";

/// Longer than any answer may take: past it the run is a failure, not a slow sample.
const TIMEOUT: Duration = Duration::from_secs(120);

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(binary) = args.next() else {
        eprintln!("usage: lsp-latency PATH/TO/zis-lint [RUNS]");
        return ExitCode::from(2);
    };
    let runs: usize = args.next().and_then(|runs| runs.parse().ok()).unwrap_or(30);
    let mut server = Server::start(&binary);
    println!("| states | measured | median | p95 | runs |");
    println!("|---:|---|---:|---:|---:|");
    let sizes = [
        (1_000, Variant::Clean, runs),
        (10_000, Variant::Clean, runs),
        (10_000, Variant::Hints, runs),
        (50_000, Variant::Clean, runs.div_ceil(3)),
    ];
    for (states, variant, runs) in sizes {
        let text = bundle(states, variant);
        let name = match variant {
            Variant::Hints => format!("{states}, hints"),
            _ => states.to_string(),
        };
        let row = |what: &str, samples: Vec<Duration>| {
            let (median, p95) = percentiles(samples);
            println!("| {name} | {what} | {median:.1?} | {p95:.1?} | {runs} |");
        };
        let uri = |what: &str| format!("file:///bench/{what}-{states}-{variant:?}.json");
        row(
            "open → diagnostics",
            server.opens(&text, &uri("open"), runs),
        );
        row(
            "1-char edit → diagnostics",
            server.edits(&text, &uri("edit"), runs),
        );
        let action = position_after(&text, "\"ActionName\": \"zis:bench:action:");
        let event = position_after(&text, "\"event_type\": \"ticket.");
        let far = first_flow_edit_position(&text);
        let elsewhere = Asked::AfterAnEditAt(far, Duration::ZERO);
        for (asked, after) in [("", Asked::Opened), (" after an edit", elsewhere)] {
            row(
                &format!("documentSymbol{asked}"),
                server.symbols(&text, &uri("symbols"), runs, after),
            );
        }
        for (what, at, name) in [
            ("ActionName", action, "action"),
            ("event_type", event, "event"),
        ] {
            let at = at.expect("a place to complete in");
            for (asked, after) in [
                ("", Asked::Opened),
                (" after an edit elsewhere", elsewhere),
                (
                    " after an edit elsewhere and a pause",
                    Asked::AfterAnEditAt(far, PAUSE),
                ),
                (
                    " right after typing there",
                    Asked::AfterAnEditAt(at, Duration::ZERO),
                ),
            ] {
                row(
                    &format!("completion in `{what}`{asked}"),
                    server.at_position(COMPLETION, &text, &uri(name), at, runs, after),
                );
            }
        }
        let action = action.expect("an action reference");
        for (asked, after) in [("", Asked::Opened), (" after an edit elsewhere", elsewhere)] {
            row(
                &format!("hover on `ActionName`{asked}"),
                server.at_position(HOVER, &text, &uri("hover"), action, runs, after),
            );
        }
    }
    server.stop();
    // A server of its own each, so that what the allocator kept from other runs does not count.
    println!();
    for states in [10_000, 50_000] {
        let mut server = Server::start(&binary);
        let text = bundle(states, Variant::Clean);
        server.edits(&text, "file:///bench/peak.json", 10);
        let peak = server.peak_rss_kb() as f64 * 1e3;
        println!(
            "server peak RSS while editing {states} states ({:.1} MB of text): {:.0} MB, {:.1}× the text",
            text.len() as f64 / 1e6,
            peak / 1e6,
            peak / text.len() as f64
        );
        server.stop();
    }
    println!("\n| input | bytes | open → diagnostics | edit → diagnostics |");
    println!("|---|---:|---:|---:|");
    for (index, (name, text)) in hostile_bundles().into_iter().enumerate() {
        let mut server = Server::start(&binary);
        let uri = format!("file:///bench/hostile-{index}.json");
        let opened = server.opens(&text, &uri, 1)[0];
        let edited = server.edits(&text, &uri, 1)[0];
        println!("| {name} | {} | {opened:.2?} | {edited:.2?} |", text.len());
        server.stop();
    }
    ExitCode::SUCCESS
}

/// When a request is asked: of the document as opened (the analysis of a whole text), or a
/// while after the diagnostics of an edit at a line and column arrive (an analysis after an
/// edit, which makes the whole tree, model and index when a request first needs them, or once
/// typing stopped for a while, but may answer a completion inside the edited resource without
/// them).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asked {
    Opened,
    AfterAnEditAt((usize, usize), Duration),
}

/// A pause in typing before a request: the server makes the whole model of the last analysis
/// after 200 ms without an edit, which takes up to a quarter of a second at 50,000 states.
const PAUSE: Duration = Duration::from_millis(500);

/// Where [`Server::edits`] types: in the middle of a generated bundle; at the first property of
/// another document.
fn edit_position(text: &str) -> (usize, usize) {
    [
        position_after(text, "\"ResultPath\": \"$."),
        position_after(text, "\"name\":\""),
    ]
    .into_iter()
    .flatten()
    .next()
    .expect("a place to type in")
}

/// Where an edit elsewhere than the requests types: in the first flow of a generated bundle,
/// far from the middle, where they are asked.
fn first_flow_edit_position(text: &str) -> (usize, usize) {
    let needle = "\"ResultPath\": \"$.";
    let at = text.find(needle).expect("a flow") + needle.len();
    line_col(text, at)
}

/// The median and the 95th percentile.
fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let at = |fraction: f64| {
        let rank = (fraction * samples.len() as f64).ceil() as usize;
        samples[rank.clamp(1, samples.len()) - 1]
    };
    (samples[samples.len() / 2], at(0.95))
}

/// The line and UTF-16 column right after the occurrence of `needle` nearest after the middle
/// of the text (the generated text is ASCII, so bytes and UTF-16 units agree); `None` when the
/// text does not hold it.
fn position_after(text: &str, needle: &str) -> Option<(usize, usize)> {
    let middle = text.len() / 2;
    let at = text[middle..]
        .find(needle)
        .map(|offset| middle + offset)
        .or_else(|| text.find(needle))?
        + needle.len();
    Some(line_col(text, at))
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let column = offset - before.rfind('\n').map_or(0, |newline| newline + 1);
    (line, column)
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    /// Each message, with when its last byte was read.
    messages: Receiver<(Instant, Value)>,
    next_id: u64,
    /// When the last message [`Server::wait`] returned had been read.
    arrived: Instant,
}

impl Server {
    /// Starts and initializes a server.
    fn start(binary: &str) -> Server {
        let mut child = Command::new(binary)
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().expect("piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut server = Server {
            child,
            stdin,
            messages,
            next_id: 1,
            arrived: Instant::now(),
        };
        // The completion capabilities VS Code declares: items' documentation comes on resolve,
        // and a list may give its items' edit range once.
        let capabilities = json!({ "textDocument": { "completion": {
            "completionItem": {
                "snippetSupport": true,
                "documentationFormat": ["markdown", "plaintext"],
                "resolveSupport": {
                    "properties": ["documentation", "detail", "additionalTextEdits"],
                },
            },
            "completionList": {
                "itemDefaults": [
                    "commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data",
                ],
            },
        } } });
        server.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        server.notify("initialized", json!({}));
        server
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("server alive");
        self.stdin.flush().expect("server alive");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|message| message["id"] == id && message.get("method").is_none())
    }

    /// The next message `wanted` accepts. Requests from the server (registrations,
    /// configuration) are answered with `null` on the way, as a minimal client would.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (arrived, message) = self
                .messages
                .recv_timeout(left)
                .expect("the server answers in time");
            if wanted(&message) {
                self.arrived = arrived;
                return message;
            }
            if message.get("method").is_some() {
                if let Some(id) = message.get("id") {
                    let id = id.clone();
                    self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                }
            }
        }
    }

    fn wait_diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        self.wait(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"].as_i64() == version
        })
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "json", "version": 1, "text": text } }),
        );
        self.wait_diagnostics(uri, Some(1));
    }

    fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
        self.wait_diagnostics(uri, None);
    }

    fn opens(&mut self, text: &str, uri: &str, runs: usize) -> Vec<Duration> {
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                self.open(uri, text);
                let took = self.arrived - start;
                self.close(uri);
                took
            })
            .collect()
    }

    /// Types a character into a string in the middle of the file, then deletes it, and so on:
    /// each edit is one version, timed until that version's diagnostics arrive.
    fn edits(&mut self, text: &str, uri: &str, runs: usize) -> Vec<Duration> {
        self.open(uri, text);
        let at = edit_position(text);
        let samples = (0..runs).map(|run| self.edit(uri, at, run)).collect();
        self.close(uri);
        samples
    }

    /// The `run`th edit of [`Server::edits`] at `at`, timed until its diagnostics arrive.
    fn edit(&mut self, uri: &str, (line, column): (usize, usize), run: usize) -> Duration {
        let version = run as i64 + 2;
        let (end, insert) = if run.is_multiple_of(2) {
            (column, "x")
        } else {
            (column + 1, "")
        };
        let change = json!({
            "range": {
                "start": { "line": line, "character": column },
                "end": { "line": line, "character": end },
            },
            "text": insert,
        });
        let start = Instant::now();
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [change],
            }),
        );
        self.wait_diagnostics(uri, Some(version));
        self.arrived - start
    }

    fn symbols(&mut self, text: &str, uri: &str, runs: usize, after: Asked) -> Vec<Duration> {
        let params = json!({ "textDocument": { "uri": uri } });
        let request = ("textDocument/documentSymbol", params);
        self.timed_requests(text, uri, runs, request, after, |answer| {
            answer["result"].as_array().is_some_and(|s| !s.is_empty())
        })
    }

    /// `method` at a line and column, which must answer with something.
    fn at_position(
        &mut self,
        method: &str,
        text: &str,
        uri: &str,
        (line, column): (usize, usize),
        runs: usize,
        after: Asked,
    ) -> Vec<Duration> {
        let params = json!({
            "textDocument": { "uri": uri },
            "position": { "line": line, "character": column },
        });
        self.timed_requests(text, uri, runs, (method, params), after, |answer| {
            answer.get("error").is_none() && !answer["result"].is_null()
        })
    }

    /// Opens `text` as `uri`, sends the same request `runs` times, each timed until its answer,
    /// which must pass `answered`, and closes the document. With [`Asked::AfterAnEditAt`], each
    /// time the pause after the diagnostics of an edit there (as [`Server::edits`] types).
    fn timed_requests(
        &mut self,
        text: &str,
        uri: &str,
        runs: usize,
        (method, params): (&str, Value),
        after: Asked,
        answered: impl Fn(&Value) -> bool,
    ) -> Vec<Duration> {
        self.open(uri, text);
        let samples = (0..runs)
            .map(|run| {
                if let Asked::AfterAnEditAt(at, pause) = after {
                    self.edit(uri, at, run);
                    std::thread::sleep(pause);
                }
                let start = Instant::now();
                let answer = self.request(method, params.clone());
                let took = self.arrived - start;
                assert!(answered(&answer), "{method} failed: {answer}");
                took
            })
            .collect();
        self.close(uri);
        samples
    }

    fn peak_rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("Linux /proc");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/PID/status")
    }
}

/// One message of the base protocol: headers, a blank line, then `Content-Length` bytes; with when
/// its last byte was read.
fn read_message(reader: &mut impl BufRead) -> Option<(Instant, Value)> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length:") {
            length = value.trim().parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let arrived = Instant::now();
    Some((arrived, serde_json::from_slice(&body).ok()?))
}
