//! Flow graphs in the editor: the `zis-lint.showGraph` command of the "Show graph" code lens
//! ([`super::flow_lens`]), which answers with the flow drawn as a Mermaid flowchart (the text
//! `zis-lint graph` prints) for the client to render.

use serde_json::Value;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::Url;
use zis_analysis::graph::{flow_graph, mermaid};

use crate::server::Backend;

/// Arguments: the document's URI and the flow's name, both strings.
pub const SHOW_GRAPH: &str = "zis-lint.showGraph";

/// The flow's Mermaid text; `null` when the document or the flow is not there.
pub async fn show_graph(backend: &Backend, uri: &Url, flow: &str) -> Result<Option<Value>> {
    let Some(snapshot) = backend.bundle(uri).await else {
        return Ok(None);
    };
    Ok(flow_graph(snapshot.analysis.model(), flow).map(|flow| Value::from(mermaid(&[flow]))))
}
