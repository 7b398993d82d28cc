//! One module per LSP feature. A handler finds the document's snapshot, converts the request's
//! position with [`crate::convert`], asks `zis_analysis::ide` and shapes the answer for LSP;
//! its capability is announced in `server::capabilities`. Documents that are not open or not
//! bundles get no answer (`null`), never an error.

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod document_symbol;
pub mod flow_lens;
pub mod graph;
pub mod hover;
pub mod references;
pub mod rename;
pub mod run_flow;
