//! The ZIS language server: diagnostics as the user types, navigation (definition, references,
//! rename, outline) over the same analysis the CLI runs, and code lenses that draw a flow and
//! run it.
//!
//! This is the only crate that knows LSP. `server` holds a thin `LanguageServer` that hands each
//! request to a module of `handlers`; `convert` turns byte ranges into positions and back;
//! `documents` keeps the open texts and their analyses; `transport` reads and writes the
//! messages; `config` finds `zis-lint.json`. What a
//! feature computes lives in `zis_analysis::ide`.

mod config;
mod convert;
mod documents;
mod handlers;
mod server;
pub mod transport;

use tokio::io::{AsyncRead, AsyncWrite};

pub use transport::Ending;

/// Serves LSP on standard input and output until the client says `exit` or closes the input.
pub fn run() -> std::io::Result<Ending> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let ending = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // The thread reading standard input may be blocked in a read that never returns.
    runtime.shutdown_background();
    Ok(ending)
}

/// Serves LSP over any pair of streams, until the client says `exit` or closes the input.
pub async fn serve<I, O>(input: I, output: O) -> Ending
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin,
{
    transport::serve_with(server::Backend::new, input, output).await
}
