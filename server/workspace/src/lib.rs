//! The files around the analysis, the same for the CLI and the language server: which
//! `zis-lint.json` applies to a file and whether its `ignore` leaves the file out ([`config`]),
//! which files a folder holds ([`walk`]), where logs go ([`logging`]), and the files and the
//! thread around a flow run ([`flow_runs`]).
//!
//! It does IO, so it lives beside the pure analysis crate, not in it.

pub mod config;
pub mod flow_runs;
pub mod logging;
pub mod walk;

pub use config::{ConfigFault, Configs, Loaded};

use std::path::{Path, PathBuf};

/// The canonical path when the file system can give one, else the absolute path: two names of
/// one file then compare equal, and walking up the folders never meets a `..`.
pub fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}
