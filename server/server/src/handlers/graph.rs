//! Flow graphs in the editor: a "Show graph" code lens on each flow, and the
//! `zis-lint.showGraph` command it runs, which answers with the flow drawn as a Mermaid
//! flowchart (the text `zis-lint graph` prints) for the client to render.

use serde_json::Value;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::{CodeLens, CodeLensParams, Command, ExecuteCommandParams, Url};
use zis_analysis::graph::{flow_graph, flow_graphs, mermaid};

use crate::server::Backend;

/// Arguments: the document's URI and the flow's name, both strings.
pub const SHOW_GRAPH: &str = "zis-lint.showGraph";

pub async fn code_lens(backend: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let Some(snapshot) = backend.bundle(&uri).await else {
        return Ok(None);
    };
    let converter = snapshot.converter(backend.unit());
    let model = &snapshot.analysis.model;
    let lenses = flow_graphs(model)
        .into_iter()
        .map(|flow| CodeLens {
            // Above the flow's resource key, where the flow starts.
            range: converter.range(model.resource(flow.resource).key.range),
            command: Some(Command {
                title: "Show graph".to_string(),
                command: SHOW_GRAPH.to_string(),
                arguments: Some(vec![Value::from(uri.as_str()), Value::from(flow.name)]),
            }),
            data: None,
        })
        .collect();
    Ok(Some(lenses))
}

pub async fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    if params.command != SHOW_GRAPH {
        return Err(Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )));
    }
    let (uri, name) = match params.arguments.as_slice() {
        [Value::String(uri), Value::String(name)] => (uri, name),
        _ => {
            return Err(Error::invalid_params(format!(
                "`{SHOW_GRAPH}` takes a document URI and a flow name"
            )))
        }
    };
    let uri = Url::parse(uri).map_err(|err| Error::invalid_params(format!("{uri}: {err}")))?;
    let Some(snapshot) = backend.bundle(&uri).await else {
        return Ok(None);
    };
    Ok(flow_graph(&snapshot.analysis.model, name).map(|flow| Value::from(mermaid(&[flow]))))
}
