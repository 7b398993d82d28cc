//! The ZIS language server: diagnostics as the user types, and navigation (definition,
//! references, rename, outline) over the same analysis the CLI runs.
//!
//! This is the only crate that knows LSP. `server` holds a thin `LanguageServer` that hands each
//! request to a module of `handlers`; `convert` turns byte ranges into positions and back;
//! `documents` keeps the open texts and their analyses; `config` finds `zis-lint.json`. What a
//! feature computes lives in `zis_analysis::ide`.

mod config;
mod convert;
mod documents;
mod handlers;
mod server;

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite};
use tower::ServiceExt;
use tower_lsp::jsonrpc::Request;
use tower_lsp::{LspService, Server};

/// Serves LSP on standard input and output until the client says `exit` or closes the input.
pub fn run() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // The thread reading standard input may be blocked in a read that never returns.
    runtime.shutdown_background();
    Ok(())
}

/// Serves LSP over any pair of streams, until the client says `exit` or closes the input.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let exit = std::sync::Arc::new(tokio::sync::Notify::new());
    let (service, socket) = LspService::new(server::Backend::new);
    // tower-lsp stops only at the end of the input, but a client may keep the pipe open after
    // `exit` and wait for the process to go.
    let exiting = exit.clone();
    let service = service.map_request(move |request: Request| {
        if request.method() == "exit" {
            exiting.notify_one();
        }
        without_null_params(request)
    });
    tokio::select! {
        () = Server::new(input, output, socket).serve(service) => {}
        () = exit.notified() => {}
    }
}

/// Some clients write `"params": null` for "no params", which tower-lsp refuses for the methods
/// that take none (`shutdown`, `exit`).
fn without_null_params(request: Request) -> Request {
    if request.params() != Some(&Value::Null) {
        return request;
    }
    let (method, id, _) = request.into_parts();
    let request = Request::build(method);
    match id {
        Some(id) => request.id(id).finish(),
        None => request.finish(),
    }
}
