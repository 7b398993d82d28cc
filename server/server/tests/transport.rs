//! The transport as a client sees it: whatever bytes come in, every malformed message gets its
//! JSON-RPC answer and the session goes on; a panic in a handler costs only that request.

mod common;

use common::*;
use serde_json::{json, Value};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::LanguageServer;
use zis_server::Ending;

/// A request that a healthy server answers with `null`: symbols of a document never opened.
async fn probe(client: &mut Client) -> Value {
    let params = json!({"textDocument": {"uri": uri("never-opened.json")}});
    client.request("textDocument/documentSymbol", params).await
}

/// Sends `bytes`, then checks that the server answered them with exactly one error of `code`
/// and `id`, and still answers a request after them.
async fn answered_then_goes_on(client: &mut Client, bytes: Vec<u8>, code: i64, id: Value) {
    let shown = String::from_utf8_lossy(&bytes).into_owned();
    client.send_raw(bytes);
    let answer = probe(client).await;
    assert_eq!(answer["result"], Value::Null, "{shown:?}: {answer}");
    let before: Vec<Value> = client.take_backlog();
    assert_eq!(before.len(), 1, "{shown:?}: {before:?}");
    assert_eq!(before[0]["error"]["code"], code, "{shown:?}: {before:?}");
    assert_eq!(before[0]["id"], id, "{shown:?}: {before:?}");
}

#[tokio::test]
async fn malformed_bodies_are_answered_and_the_session_goes_on() {
    let mut client = Client::new().await;
    let cases: [(&[u8], i64, Value); 8] = [
        (b"[1,2]", -32600, Value::Null),
        (b"{not json", -32700, Value::Null),
        (
            b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\xfe\"}",
            -32700,
            Value::Null,
        ),
        (br#"{"id":5}"#, -32600, Value::Null),
        (
            br#"{"jsonrpc":"2.0","id":1007,"method":5}"#,
            -32600,
            json!(1007),
        ),
        (
            br#"{"jsonrpc":"2.0","id":{"a":1},"method":"textDocument/hover"}"#,
            -32600,
            Value::Null,
        ),
        (br#"{"id":1008,"method":"shutdown"}"#, -32600, json!(1008)),
        (
            br#"{"jsonrpc":"2.0","id":"x","method":"shutdown","params":3}"#,
            -32600,
            json!("x"),
        ),
    ];
    for (body, code, id) in cases {
        answered_then_goes_on(&mut client, frame(body), code, id).await;
    }
}

#[tokio::test]
async fn bad_headers_are_answered_and_skipped_to_the_next_message() {
    let mut client = Client::new().await;
    let request = br#"{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{}}"#;
    let with_header = |header: &str| {
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend_from_slice(request);
        bytes
    };
    let cases = [
        with_header("Content-Length: abc\r\n\r\n"),
        with_header("Content-Length: -5\r\n\r\n"),
        with_header("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"),
        with_header(&format!(
            "Content-Length: {}\r\nno colon\r\n\r\n",
            request.len()
        )),
        with_header(&format!("Content-Length: {}\r\n\r\n", request.len() - 10)),
        with_header(&format!("Content-Length: {}\r\n\r\n", request.len() + 200)),
        with_header("Content-Length: 1000000000000000\r\n\r\n"),
        b"this is not a header\r\n\r\n".to_vec(),
    ];
    for bytes in cases {
        answered_then_goes_on(&mut client, bytes, -32700, Value::Null).await;
    }
}

#[tokio::test]
async fn dollar_requests_get_method_not_found() {
    let mut client = Client::new().await;
    let answer = client.request("$/zis-lint/unknown", json!({})).await;
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
    // A `$/` notification is dropped without an answer, as LSP allows.
    client.notify("$/zis-lint/unknown", json!({}));
    assert_eq!(probe(&mut client).await["result"], Value::Null);
    assert_eq!(client.take_backlog(), Vec::<Value>::new());
}

#[tokio::test]
async fn exit_without_shutdown_is_not_clean() {
    let client = Client::new().await;
    client.notify("exit", Value::Null);
    let ending = tokio::time::timeout(TIMEOUT, client.server)
        .await
        .expect("the server ends after exit")
        .expect("without a panic");
    assert_eq!(ending, Ending::ExitWithoutShutdown);
    assert!(!ending.is_clean());
}

#[tokio::test]
async fn exit_right_after_shutdown_is_clean_without_waiting_for_its_answer() {
    let client = Client::new().await;
    client.send(json!({"jsonrpc": "2.0", "id": 1000, "method": "shutdown"}));
    client.notify("exit", Value::Null);
    let ending = tokio::time::timeout(TIMEOUT, client.server)
        .await
        .expect("the server ends after exit")
        .expect("without a panic");
    assert_eq!(ending, Ending::Exit);
}

#[tokio::test]
async fn input_that_ends_inside_a_message_ends_the_session() {
    let client = Client::new().await;
    client.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"".to_vec());
    client.close_input();
    let ending = tokio::time::timeout(TIMEOUT, client.server)
        .await
        .expect("the server ends with its input")
        .expect("without a panic");
    assert_eq!(
        ending,
        Ending::InputEnded {
            after_shutdown: false
        }
    );
}

/// A server whose handlers panic.
struct Fragile;

impl zis_server::transport::DirectAnswers for Fragile {
    fn answer_directly(
        &self,
        method: &str,
        _: Option<&Value>,
    ) -> Option<zis_server::transport::DirectAnswer> {
        match method {
            "textDocument/documentSymbol" => Some(Box::pin(async { panic!("symbols broke") })),
            "zis/echo" => Some(Box::pin(async { b"[1,\"two\"]".to_vec() })),
            _ => None,
        }
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Fragile {
    async fn initialize(&self, _: InitializeParams) -> Result<InitializeResult> {
        Ok(InitializeResult::default())
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn hover(&self, _: HoverParams) -> Result<Option<Hover>> {
        panic!("hover broke")
    }

    async fn did_open(&self, _: DidOpenTextDocumentParams) {
        panic!("open broke")
    }
}

/// `answer` is an `InternalError` whose message names what failed.
fn assert_internal_error(answer: &Value, names: &str) {
    assert_eq!(answer["error"]["code"], -32603, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains(names), "{message}");
}

#[tokio::test]
async fn a_panic_in_a_handler_is_answered_logged_and_survived() {
    let mut client = Client::start_with(|input, output| {
        zis_server::transport::serve_with(|_, _| Fragile, input, output)
    });
    client
        .request("initialize", json!({"capabilities": {}}))
        .await;
    client.notify("initialized", json!({}));
    let position = json!({"line": 0, "character": 0});
    let answer = client
        .at("textDocument/hover", &uri("a.json"), position, json!({}))
        .await;
    assert_internal_error(&answer, "`textDocument/hover`: hover broke");
    let logged = client
        .wait(|message| message["method"] == "window/logMessage")
        .await;
    assert_eq!(logged["params"]["type"], 1);
    assert!(logged["params"]["message"]
        .as_str()
        .unwrap()
        .contains("hover broke"));

    let answer = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri("a.json")}}),
        )
        .await;
    assert_internal_error(&answer, "`textDocument/documentSymbol`: symbols broke");
    client
        .wait(|message| message["method"] == "window/logMessage")
        .await;
    let answer = client.request("zis/echo", json!({})).await;
    assert_eq!(answer["result"], json!([1, "two"]), "{answer}");

    client.open(&uri("a.json"), "{}", 1);
    let logged = client
        .wait(|message| message["method"] == "window/logMessage")
        .await;
    assert!(logged["params"]["message"]
        .as_str()
        .unwrap()
        .contains("open broke"));

    let answer = client.request("shutdown", Value::Null).await;
    assert_eq!(answer["result"], Value::Null, "{answer}");
    client.notify("exit", Value::Null);
    let ending = tokio::time::timeout(TIMEOUT, client.server)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ending, Ending::Exit);
}
