//! ZIS language server.
