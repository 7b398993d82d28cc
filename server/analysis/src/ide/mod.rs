//! Editor features as pure functions of an [`Analysis`](crate::Analysis) and the text it was made
//! from: byte offsets in, byte ranges out. The language server only converts positions and
//! shapes the answers for LSP, so everything an editor shows can be tested without a protocol.
//!
//! Features read the model and the symbol index; none re-walks the JSON. One module per
//! feature, all starting from [`symbol_at`] where they are about a name under the cursor.
//! Completion and hover, which are about any key or value, find it with one walk down the tree
//! to the cursor (`cursor`).

pub mod code_action;
pub mod completion;
mod cursor;
#[cfg(test)]
pub(crate) mod fixture;
pub mod hover;
pub mod navigation;
pub mod outline;
mod paths;
pub mod rename;

pub use navigation::{symbol_at, Symbol, SymbolAt};
