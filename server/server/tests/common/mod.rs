//! The client side of the LSP tests: a client that speaks real JSON-RPC, framed with
//! `Content-Length` headers, over a pipe to `zis_server::serve` (the transport the binary runs,
//! with its concurrent handling of notifications); and positions computed from first principles,
//! not with the server's converter.

// Each test crate uses its own part of the harness.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::future::Future;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, ReadHalf, WriteHalf};
use tokio::sync::mpsc;
use zis_analysis::TextRange;

pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The states of the fixture's flow, in source order.
pub const FIXTURE_STATES: [&str; 6] = [
    "Zendesk.TicketCreated",
    "CheckPriority",
    "Summarise",
    "NotifyFollowers",
    "Done",
    "PostFailed",
];

pub fn fixture() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/lsp/bundle.json");
    std::fs::read_to_string(path).expect("the LSP fixture")
}

/// A URI whose folders do not exist, so that no `zis-lint.json` applies.
pub fn uri(name: &str) -> String {
    format!("file:///zis-lint-test-nowhere/{name}")
}

pub struct Client {
    /// Bytes as they go on the wire, framing included.
    to_server: mpsc::UnboundedSender<Vec<u8>>,
    from_server: mpsc::UnboundedReceiver<Value>,
    /// Messages read while waiting for another one.
    backlog: VecDeque<Value>,
    next_id: i64,
    pub server: tokio::task::JoinHandle<zis_server::Ending>,
}

type ServerEnd = tokio::io::DuplexStream;

impl Client {
    pub fn start() -> Client {
        Client::start_with(zis_server::serve)
    }

    /// A client of the server that `serve` runs on the two halves of a pipe.
    pub fn start_with<F>(
        serve: impl FnOnce(ReadHalf<ServerEnd>, WriteHalf<ServerEnd>) -> F,
    ) -> Client
    where
        F: Future<Output = zis_server::Ending> + Send + 'static,
    {
        let (client_end, server_end) = tokio::io::duplex(1 << 16);
        let (server_input, server_output) = tokio::io::split(server_end);
        let server = tokio::spawn(serve(server_input, server_output));
        let (input, mut output) = tokio::io::split(client_end);
        // Writing and reading run on their own, as in an editor: the server must never wait for
        // the test to read before it can take the next message.
        let (to_server, mut outgoing) = mpsc::unbounded_channel::<Vec<u8>>();
        tokio::spawn(async move {
            while let Some(bytes) = outgoing.recv().await {
                // Nothing to send stands for closing the server's input.
                if bytes.is_empty() {
                    let _ = output.shutdown().await;
                    break;
                }
                if output.write_all(&bytes).await.is_err() {
                    break;
                }
            }
        });
        let (incoming, from_server) = mpsc::unbounded_channel();
        let answers = to_server.clone();
        tokio::spawn(async move {
            let mut input = BufReader::new(input);
            while let Some(message) = read_message(&mut input).await {
                if let (Some(_), Some(id)) = (message.get("method"), message.get("id")) {
                    let answer = json!({"jsonrpc": "2.0", "id": id, "result": null});
                    let _ = answers.send(frame(answer.to_string().as_bytes()));
                }
                if incoming.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            to_server,
            from_server,
            backlog: VecDeque::new(),
            next_id: 0,
            server,
        }
    }

    /// A server that went through `initialize` and `initialized`, and the `initialize` result.
    pub async fn initialized(capabilities: Value) -> (Client, Value) {
        let mut client = Client::start();
        let response = client
            .request(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
            )
            .await;
        client.notify("initialized", json!({}));
        (client, response["result"].clone())
    }

    pub async fn new() -> Client {
        Client::initialized(json!({})).await.0
    }

    pub fn send(&self, message: Value) {
        self.send_raw(frame(message.to_string().as_bytes()));
    }

    /// Sends bytes exactly as given: frames the test built itself, right or wrong.
    pub fn send_raw(&self, bytes: Vec<u8>) {
        assert!(!bytes.is_empty(), "nothing to send closes the input");
        self.to_server.send(bytes).expect("the writer runs");
    }

    /// Closes the server's input, as a client that goes away does.
    pub fn close_input(&self) {
        self.to_server.send(Vec::new()).expect("the writer runs");
    }

    /// The messages read but not consumed yet, in the order they came.
    pub fn take_backlog(&mut self) -> Vec<Value> {
        self.backlog.drain(..).collect()
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The whole response message: `result` or `error`.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|message| message["id"] == id && message.get("method").is_none())
            .await
    }

    /// The first message, read or still to come, that `matches`; the others stay for later.
    pub async fn wait(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(at).expect("found");
        }
        loop {
            let message = tokio::time::timeout(TIMEOUT, self.from_server.recv())
                .await
                .expect("a message in time")
                .expect("the server is running");
            if matches(&message) {
                return message;
            }
            self.backlog.push_back(message);
        }
    }

    /// The diagnostics published for `uri` at `version` (`null` after a close).
    pub async fn diagnostics(&mut self, uri: &str, version: Value) -> Vec<Value> {
        let message = self
            .wait(|message| {
                message["method"] == "textDocument/publishDiagnostics"
                    && message["params"]["uri"] == uri
                    && message["params"]["version"] == version
            })
            .await;
        message["params"]["diagnostics"]
            .as_array()
            .expect("a list")
            .clone()
    }

    /// Whether a message that `matches` was read but not consumed yet.
    pub fn has_read(&self, matches: impl Fn(&Value) -> bool) -> bool {
        self.backlog.iter().any(matches)
    }

    pub fn open(&self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": version, "text": text}}),
        );
    }

    pub fn change(&self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// The range a definition request answers with, `null` for none.
    pub async fn definition(&mut self, uri: &str, position: Value) -> Value {
        let response = self
            .at("textDocument/definition", uri, position, json!({}))
            .await;
        let result = &response["result"];
        if !result.is_null() {
            assert_eq!(result["uri"], uri);
        }
        result["range"].clone()
    }

    /// The ranges a references request answers with.
    pub async fn references(
        &mut self,
        uri: &str,
        position: Value,
        declaration: bool,
    ) -> Vec<Value> {
        let context = json!({"context": {"includeDeclaration": declaration}});
        let response = self
            .at("textDocument/references", uri, position, context)
            .await;
        let locations = response["result"].as_array().expect("locations");
        locations.iter().map(|l| l["range"].clone()).collect()
    }

    pub async fn rename(&mut self, uri: &str, position: Value, new_name: &str) -> Value {
        let params = json!({"newName": new_name});
        self.at("textDocument/rename", uri, position, params).await
    }

    pub async fn at(&mut self, method: &str, uri: &str, position: Value, extra: Value) -> Value {
        let mut params = json!({"textDocument": {"uri": uri}, "position": position});
        if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
            params.extend(extra.clone());
        }
        self.request(method, params).await
    }
}

/// `body` with its `Content-Length` header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

pub async fn read_message<R: tokio::io::AsyncRead + Unpin>(
    input: &mut BufReader<R>,
) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

#[derive(Clone, Copy, PartialEq)]
pub enum Unit {
    Utf8,
    Utf16,
}

/// An LSP position computed here from first principles, not with the server's converter.
pub fn position(text: &str, offset: usize, unit: Unit) -> Value {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut before = &text[..offset];
    // Between the two bytes of a `\r\n`, the position is the end of the line.
    if text[offset..].starts_with('\n') {
        before = before.strip_suffix('\r').unwrap_or(before);
    }
    // The line breaks LSP counts: `\n`, `\r\n` and a lone `\r`.
    let is_break = |c: char| c == '\n' || c == '\r';
    let line = before.replace("\r\n", "\n").matches(is_break).count();
    let line_text = &before[before.rfind(is_break).map_or(0, |i| i + 1)..];
    let character = match unit {
        Unit::Utf8 => line_text.len(),
        Unit::Utf16 => line_text.encode_utf16().count(),
    };
    json!({"line": line, "character": character})
}

pub fn range(text: &str, range: TextRange, unit: Unit) -> Value {
    json!({
        "start": position(text, range.start as usize, unit),
        "end": position(text, range.end as usize, unit),
    })
}

pub fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic["code"].as_str())
        .collect()
}

/// Replaces the first `from` of `text` with `to`.
pub fn edited(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is in the text");
    text.replacen(from, to, 1)
}

/// The position of the `n`th (from 0) occurrence of `needle` in the fixture, plus `delta` bytes.
pub fn find(text: &str, needle: &str, n: usize, delta: usize) -> Value {
    let offset = text.match_indices(needle).nth(n).expect("the needle").0;
    position(text, offset + delta, Unit::Utf16)
}

pub fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let character = position["character"].as_u64().unwrap() as usize;
        let mut columns = text[start..].char_indices().scan(0, |units, (i, c)| {
            let here = *units;
            *units += c.len_utf16();
            Some((i, here))
        });
        start + columns.find(|&(_, units)| units == character).unwrap().0
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            let range = &edit["range"];
            (
                offset(&range["start"]),
                offset(&range["end"]),
                edit["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|&(start, ..)| std::cmp::Reverse(start));
    let mut out = text.to_string();
    for (start, end, new_text) in edits {
        out.replace_range(start..end, new_text);
    }
    out
}
