//! The ZIS language server: diagnostics as the user types, navigation (definition, references,
//! rename, outline) over the same analysis the CLI runs, and code lenses that draw a flow and
//! run it.
//!
//! This is the only crate that knows LSP. `server` holds a thin `LanguageServer` that hands each
//! request to a module of `handlers`; `convert` turns byte ranges into positions and back;
//! `documents` keeps the open texts and their analyses; `transport` reads and writes the
//! messages, and `json` writes the largest by hand; `config` finds `zis-lint.json`. What a
//! feature computes lives in `zis_analysis::ide`.

mod config;
mod convert;
mod documents;
mod handlers;
mod json;
mod server;
pub mod transport;

use tokio::io::{AsyncRead, AsyncWrite};

pub use handlers::run_flow::answer_in_child;
pub use transport::Ending;

use handlers::run_flow::FlowRuns;

/// Serves LSP on standard input and output until the client says `exit` or closes the input.
/// Flows run from the editor run in child processes of this executable.
pub fn run() -> std::io::Result<Ending> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let runs = match std::env::current_exe() {
        Ok(executable) => FlowRuns::Child(executable),
        Err(_) => FlowRuns::InProcess,
    };
    let init = move |client, outbox| {
        server::Server::new(server::Backend::running_flows(client, outbox, runs))
    };
    let ending = runtime.block_on(transport::serve_with(
        init,
        tokio::io::stdin(),
        transport::Stdout::new()?,
    ));
    // The thread reading standard input may be blocked in a read that never returns.
    runtime.shutdown_background();
    Ok(ending)
}

/// Serves LSP over any pair of streams, until the client says `exit` or closes the input. Flows
/// run from the editor run on a thread of this process.
pub async fn serve<I, O>(input: I, output: O) -> Ending
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin,
{
    let init = |client, outbox| server::Server::new(server::Backend::new(client, outbox));
    transport::serve_with(init, input, output).await
}
