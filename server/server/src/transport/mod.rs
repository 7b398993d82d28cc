//! The JSON-RPC transport: messages framed by `Content-Length` headers on a pair of streams, for
//! tower-lsp's `LspService`.
//!
//! tower-lsp's own `Server` reads through tokio-util's `FramedRead`, which ends the stream at the
//! first frame it cannot decode, so one malformed message would end the session; the
//! `tower-lsp-server` fork reads the same way, and rust-analyzer's `lsp-server` stops its reader
//! at the first undecodable frame too, and would replace the `LanguageServer` trait the handlers
//! are written against. So the service stays, and this module feeds it: [`frames`] reads frames
//! whatever the bytes, malformed messages are answered here, and every outgoing message goes
//! through one writer. Each request runs under a guard that turns a panic into an
//! `InternalError` answer and a `window/logMessage`.
//!
//! tower-lsp builds every answer and notification as a `serde_json::Value` before it is written:
//! for a large one (a 10,000-state outline, a bundle's diagnostics) building, writing and freeing
//! that tree costs several times writing the typed message itself. So a server may serialize such
//! messages itself: [`Outbox`] takes its notifications, and [`DirectAnswers`] its answers.

mod frames;
mod stdout;

use std::borrow::Cow;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::future::BoxFuture;
use futures::stream::FuturesUnordered;
use futures::{FutureExt, SinkExt, StreamExt};
use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp::{Client, ClientSocket, LanguageServer, Loopback, LspService};

use frames::{Frame, FrameReader};
pub use stdout::Stdout;

/// How a session ended. LSP asks for exit code 0 only when `exit` follows `shutdown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`.
    Exit,
    /// `exit` without `shutdown` before it.
    ExitWithoutShutdown,
    /// The input ended, or failed, without `exit`.
    InputEnded { after_shutdown: bool },
}

impl Ending {
    /// Whether the process should exit with 0.
    pub fn is_clean(self) -> bool {
        matches!(
            self,
            Ending::Exit
                | Ending::InputEnded {
                    after_shutdown: true
                }
        )
    }
}

/// Where a server sends the notifications it serializes itself. They are written in the order
/// sent, on the same queue as the answers; what tower-lsp's `Client` sends may come between.
#[derive(Clone)]
pub struct Outbox(mpsc::UnboundedSender<Vec<u8>>);

impl Outbox {
    /// Sends the notification `method` whose params `write_params` writes as JSON, into a buffer
    /// of `capacity` bytes to begin with.
    pub fn notify_with(
        &self,
        method: &str,
        capacity: usize,
        write_params: impl FnOnce(&mut Vec<u8>),
    ) {
        let mut message = Vec::with_capacity(capacity + method.len() + 40);
        message.extend_from_slice(b"{\"jsonrpc\":\"2.0\",\"method\":");
        // A method name is a plain string; writing it to a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut message, method);
        message.extend_from_slice(b",\"params\":");
        write_params(&mut message);
        message.push(b'}');
        // A closed writer means the output is gone; the input will end too.
        drop(self.0.send(message));
    }
}

/// A request's `result`, serialized.
pub type DirectAnswer = BoxFuture<'static, Vec<u8>>;

/// The requests a server answers itself rather than through tower-lsp. Requests after `shutdown`
/// never come here; requests before `initialize` do, so a server answers only what needs none of
/// tower-lsp's checks, such as a request about a document it has open (tower-lsp drops `didOpen`
/// before `initialize`), and leaves every other one to tower-lsp.
pub trait DirectAnswers {
    fn answer_directly(&self, _method: &str, _params: Option<&Value>) -> Option<DirectAnswer> {
        None
    }
}

/// Serves the language server that `init` builds over a pair of streams, until the client says
/// `exit` or the input ends.
pub async fn serve_with<S, F, I, O>(init: F, input: I, output: O) -> Ending
where
    S: LanguageServer + DirectAnswers,
    F: FnOnce(Client, Outbox) -> S,
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin,
{
    let (outgoing, to_write) = mpsc::unbounded_channel();
    let outbox = Outbox(outgoing.clone());
    let (service, socket) = LspService::new(|client| init(client, outbox));
    let (client_requests, client_responses) = socket.split();
    let session = Session {
        service,
        outgoing,
        client_responses,
        shut_down: false,
        last_body_unreadable: false,
    };
    let (ending, ()) = tokio::join!(
        session.run(input),
        write_all(output, to_write, client_requests)
    );
    tracing::info!("session ended: {ending:?}");
    ending
}

type ResponseSink = <ClientSocket as Loopback>::ResponseSink;
type RequestStream = <ClientSocket as Loopback>::RequestStream;

struct Session<S: LanguageServer + DirectAnswers> {
    service: LspService<S>,
    /// Serialized messages for the writer.
    outgoing: mpsc::UnboundedSender<Vec<u8>>,
    /// Where the client's answers to the server's own requests go.
    client_responses: ResponseSink,
    /// Set once `shutdown` came: a client may send `exit` right after it, before the answer.
    shut_down: bool,
    /// The last frame was a body that is not JSON.
    last_body_unreadable: bool,
}

/// What a well-formed body holds.
enum Incoming {
    Request(Request),
    Response(Response),
}

impl<S: LanguageServer + DirectAnswers> Session<S> {
    async fn run<I: AsyncRead + Unpin + Send + 'static>(mut self, input: I) -> Ending {
        // Frames are read on a task of their own, so that reading never waits for a handler and
        // a handler never waits for the input.
        let (frames_tx, mut frames) = mpsc::channel(8);
        let reader = tokio::spawn(async move {
            let mut reader = FrameReader::new(input);
            loop {
                let frame = reader.next_frame().await;
                let end = matches!(frame, Frame::End { .. });
                if frames_tx.send(frame).await.is_err() || end {
                    break;
                }
            }
        });
        // Handlers run concurrently, as under tower-lsp's own server, and are first polled in
        // the order their messages arrived: edits land in order.
        let mut in_flight = FuturesUnordered::new();
        let ending = loop {
            // Handlers first: an answer ready before `exit` is read, such as the answer to
            // `shutdown` when a client sends `exit` right after it, is sent.
            tokio::select! {
                biased;
                Some(()) = in_flight.next(), if !in_flight.is_empty() => {}
                frame = frames.recv() => {
                    let Some(frame) = frame else {
                        break self.input_ended();
                    };
                    if let Some(ending) = self.take(frame, &mut in_flight).await {
                        break ending;
                    }
                }
            }
        };
        reader.abort();
        ending
    }

    fn input_ended(&self) -> Ending {
        Ending::InputEnded {
            after_shutdown: self.shut_down,
        }
    }

    /// Handles one frame; `Some` when the session is over.
    async fn take(
        &mut self,
        frame: Frame,
        in_flight: &mut FuturesUnordered<futures::future::BoxFuture<'static, ()>>,
    ) -> Option<Ending> {
        let body = match frame {
            Frame::Body(body) => body,
            Frame::Malformed { reason, garbage } => {
                tracing::warn!("malformed frame: {reason}");
                // Bytes that are no header right after a body that was no JSON are most likely
                // the rest of that body, cut short by a wrong length: answered once already.
                let answered = garbage && self.last_body_unreadable;
                self.last_body_unreadable = false;
                if !answered {
                    self.send(&Response::from_error(
                        Id::Null,
                        error(ErrorCode::ParseError, &reason),
                    ));
                }
                return None;
            }
            Frame::End { reason } => {
                match reason {
                    Some(reason) => tracing::warn!("input ended: {reason}"),
                    None => tracing::info!("input ended"),
                }
                return Some(self.input_ended());
            }
        };
        let classified = classify(&body);
        self.last_body_unreadable = classified.as_ref().is_err_and(|answer| {
            answer
                .error()
                .is_some_and(|e| e.code == ErrorCode::ParseError)
        });
        let request = match classified {
            Ok(Incoming::Request(request)) => request,
            Ok(Incoming::Response(response)) => {
                if self.client_responses.send(response).await.is_err() {
                    tracing::warn!("a response from the client came after the server stopped");
                }
                return None;
            }
            Err(answer) => {
                tracing::warn!(
                    "malformed message answered with {}: {}",
                    answer.error().map_or(0, |e| e.code.code()),
                    String::from_utf8_lossy(&body[..body.len().min(200)])
                );
                self.send(&answer);
                return None;
            }
        };
        let method = request.method().to_string();
        tracing::debug!("<- {method}");
        if let (Some(id), true) = (request.id(), method.starts_with("$/")) {
            // tower-lsp drops `$/` requests it does not know without a word; LSP asks for an
            // answer to every request.
            let message = format!("no method `{method}`");
            self.send(&Response::from_error(
                id.clone(),
                error(ErrorCode::MethodNotFound, &message),
            ));
            return None;
        }
        if self.service.ready().await.is_err() {
            return Some(self.input_ended());
        }
        let exit = method == "exit";
        self.shut_down |= method == "shutdown";
        let id = request.id().cloned();
        let direct = match &id {
            Some(id) if !self.shut_down => {
                let id = id.clone();
                self.service
                    .inner()
                    .answer_directly(&method, request.params())
                    .map(|answer| answer.map(move |result| Some(response_bytes(&id, &result))))
            }
            _ => None,
        };
        let answer = match direct {
            Some(answer) => answer.boxed(),
            None => {
                let handled = self.service.call(request);
                let method = method.clone();
                async move {
                    match handled.await {
                        Ok(response) => response.and_then(|response| serialized(&response)),
                        Err(exited) => {
                            tracing::debug!("{method} after exit: {exited}");
                            None
                        }
                    }
                }
                .boxed()
            }
        };
        in_flight.push(guarded(answer, method, id, self.outgoing.clone()).boxed());
        exit.then(|| {
            if self.shut_down {
                Ending::Exit
            } else {
                tracing::warn!("exit without shutdown");
                Ending::ExitWithoutShutdown
            }
        })
    }

    fn send(&self, message: &impl serde::Serialize) {
        send(&self.outgoing, message);
    }
}

fn send(outgoing: &mpsc::UnboundedSender<Vec<u8>>, message: &impl Serialize) {
    if let Some(bytes) = serialized(message) {
        // A closed writer means the output is gone; the input will end too.
        drop(outgoing.send(bytes));
    }
}

fn serialized(message: &impl Serialize) -> Option<Vec<u8>> {
    serde_json::to_vec(message)
        .inspect_err(|err| tracing::error!("a message could not be written: {err}"))
        .ok()
}

/// A response whose `result` is already serialized.
fn response_bytes(id: &Id, result: &[u8]) -> Vec<u8> {
    let id = serde_json::to_string(id).unwrap_or_else(|_| "null".to_string());
    let mut bytes = Vec::with_capacity(result.len() + id.len() + 40);
    bytes.extend_from_slice(b"{\"jsonrpc\":\"2.0\",\"id\":");
    bytes.extend_from_slice(id.as_bytes());
    bytes.extend_from_slice(b",\"result\":");
    bytes.extend_from_slice(result);
    bytes.push(b'}');
    bytes
}

fn error(code: ErrorCode, message: &str) -> Error {
    Error {
        code,
        message: Cow::Owned(format!("{}: {message}", code.description())),
        data: None,
    }
}

/// Runs one handler, whose future gives its serialized answer if it has one. A panic in it becomes
/// an `InternalError` answer (for a request) and a `window/logMessage`, and the session goes on.
async fn guarded(
    handled: impl Future<Output = Option<Vec<u8>>>,
    method: String,
    id: Option<Id>,
    outgoing: mpsc::UnboundedSender<Vec<u8>>,
) {
    match AssertUnwindSafe(handled).catch_unwind().await {
        Ok(Some(answer)) => drop(outgoing.send(answer)),
        Ok(None) => {}
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            let message =
                format!("zis-lint failed on `{method}`: {what}. This is a bug in zis-lint.");
            tracing::error!("{message}");
            let log = json!({
                "jsonrpc": "2.0",
                "method": "window/logMessage",
                "params": {"type": 1, "message": message},
            });
            send(&outgoing, &log);
            if let Some(id) = id {
                send(
                    &outgoing,
                    &Response::from_error(id, error(ErrorCode::InternalError, &message)),
                );
            }
        }
    }
}

/// Reads a body as a JSON-RPC message, or gives the error answer it gets: `-32700` when it is
/// not JSON, `-32600` when it is JSON but not a message. The answer carries the message's `id`
/// when the message is a request with a valid one, `null` otherwise.
fn classify(body: &[u8]) -> Result<Incoming, Response> {
    let invalid =
        |id: Id, why: &str| Response::from_error(id, error(ErrorCode::InvalidRequest, why));
    let value: Value = serde_json::from_slice(body).map_err(|err| {
        Response::from_error(Id::Null, error(ErrorCode::ParseError, &err.to_string()))
    })?;
    let Value::Object(object) = &value else {
        return Err(invalid(Id::Null, "a message is a JSON object"));
    };
    // Only a request's own id is worth answering with: a response's id is one of the server's.
    let valid_id = match object.get("id").filter(|_| object.contains_key("method")) {
        Some(Value::Number(n)) => n.as_i64().map(Id::Number),
        Some(Value::String(s)) => Some(Id::String(s.clone())),
        _ => None,
    };
    if object.get("jsonrpc") != Some(&json!("2.0")) {
        return Err(invalid(
            valid_id.unwrap_or(Id::Null),
            "`jsonrpc` must be \"2.0\"",
        ));
    }
    if let Some(method) = object.get("method") {
        if !method.is_string() {
            return Err(invalid(
                valid_id.unwrap_or(Id::Null),
                "`method` must be a string",
            ));
        }
        if object.contains_key("id") && valid_id.is_none() {
            return Err(invalid(Id::Null, "`id` must be a number or a string"));
        }
        if !matches!(
            object.get("params"),
            None | Some(Value::Null | Value::Object(_) | Value::Array(_))
        ) {
            return Err(invalid(
                valid_id.unwrap_or(Id::Null),
                "`params` must be an object or an array",
            ));
        }
        return serde_json::from_value(without_null_params(value))
            .map(Incoming::Request)
            .map_err(|err| invalid(valid_id.unwrap_or(Id::Null), &err.to_string()));
    }
    if object.contains_key("id") && (object.contains_key("result") || object.contains_key("error"))
    {
        return serde_json::from_value(value)
            .map(Incoming::Response)
            .map_err(|err| invalid(Id::Null, &err.to_string()));
    }
    Err(invalid(
        Id::Null,
        "neither a request, a notification nor a response",
    ))
}

/// Some clients write `"params": null` for "no params", which tower-lsp refuses for the methods
/// that take none (`shutdown`, `exit`).
fn without_null_params(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        if object.get("params") == Some(&Value::Null) {
            object.remove("params");
        }
    }
    value
}

/// Writes every outgoing message: answers and log lines from [`Session`], and the server's own
/// requests and notifications from tower-lsp's client socket. Ends when the session drops its
/// side, or when the output fails.
async fn write_all<O: AsyncWrite + Unpin>(
    mut output: O,
    mut outgoing: mpsc::UnboundedReceiver<Vec<u8>>,
    mut client_requests: RequestStream,
) {
    let mut client_open = true;
    loop {
        let body = tokio::select! {
            body = outgoing.recv() => match body {
                Some(body) => body,
                None => break,
            },
            request = client_requests.next(), if client_open => match request {
                Some(request) => match serde_json::to_vec(&request) {
                    Ok(body) => body,
                    Err(err) => {
                        tracing::error!("a message could not be written: {err}");
                        continue;
                    }
                },
                None => {
                    client_open = false;
                    continue;
                }
            },
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        let written = async {
            output.write_all(header.as_bytes()).await?;
            output.write_all(&body).await?;
            output.flush().await
        };
        if let Err(err) = written.await {
            tracing::error!("writing the output failed: {err}");
            break;
        }
    }
}
