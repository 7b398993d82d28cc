//! The files around the analysis, the same for the CLI and the language server: which
//! `zis-lint.json` applies to a file, whether its `ignore` leaves the file out and what its
//! overrides, suppressions and baseline make of it ([`config`]), which files a folder holds
//! ([`walk`]), where logs go ([`logging`]), the files and the thread around a flow run
//! ([`flow_runs`]), and writing a file so that it is never seen half written
//! ([`write_atomically`]).
//!
//! It does IO, so it lives beside the pure analysis crate, not in it.

pub mod config;
pub mod flow_runs;
pub mod logging;
pub mod walk;
mod write;

pub use config::{BaselineChoice, ConfigFault, Configs, ForFile, Loaded, LoadedBaseline};
pub use write::write_atomically;

use std::path::{Path, PathBuf};

/// The canonical path when the file system can give one, else the absolute path: two names of
/// one file then compare equal, and walking up the folders never meets a `..`.
pub fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The folder `path` is in: `.` for a bare file name, whose parent is the empty path.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}
