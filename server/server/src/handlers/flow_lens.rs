//! The code lenses on each flow, "Show graph" and "Run with a sample event", and the commands
//! they run: [`graph::SHOW_GRAPH`] and [`run_flow::RUN_FLOW`], which both take the document's
//! URI and the flow's name.

use serde_json::Value;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::{CodeLens, CodeLensParams, Command, ExecuteCommandParams, Url};
use zis_analysis::graph::flow_graphs;

use super::graph::{self, SHOW_GRAPH};
use super::run_flow::{self, RUN_FLOW};
use crate::server::Backend;

/// Every command the server runs, as `initialize` announces them.
pub const COMMANDS: [&str; 2] = [SHOW_GRAPH, RUN_FLOW];

/// Each flow's lenses, in this order, with their titles.
const LENSES: [(&str, &str); 2] = [
    ("Show graph", SHOW_GRAPH),
    ("Run with a sample event", RUN_FLOW),
];

pub async fn code_lens(backend: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let Some(snapshot) = backend.bundle(&uri).await else {
        return Ok(None);
    };
    let converter = snapshot.converter(backend.unit());
    let model = &snapshot.analysis.model();
    let lenses = flow_graphs(model)
        .into_iter()
        .flat_map(|flow| {
            // Above the flow's resource key, where the flow starts.
            let range = converter.range(model.resource(flow.resource).key.range);
            let arguments = vec![Value::from(uri.as_str()), Value::from(flow.name)];
            LENSES.map(|(title, command)| CodeLens {
                range,
                command: Some(Command {
                    title: title.to_string(),
                    command: command.to_string(),
                    arguments: Some(arguments.clone()),
                }),
                data: None,
            })
        })
        .collect();
    Ok(Some(lenses))
}

pub async fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    let command = params.command.as_str();
    if !COMMANDS.contains(&command) {
        return Err(Error::invalid_params(format!(
            "unknown command `{command}`"
        )));
    }
    let (uri, flow) = match params.arguments.as_slice() {
        [Value::String(uri), Value::String(flow)] => (uri, flow),
        _ => {
            return Err(Error::invalid_params(format!(
                "`{command}` takes a document URI and a flow name"
            )))
        }
    };
    let uri = Url::parse(uri).map_err(|err| Error::invalid_params(format!("{uri}: {err}")))?;
    if command == RUN_FLOW {
        run_flow::run_flow(backend, &uri, flow).await
    } else {
        graph::show_graph(backend, &uri, flow).await
    }
}
