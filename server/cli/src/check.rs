//! Turning the paths on the command line into analysed documents: folder walks, stdin,
//! configuration lookup, `ignore` globs and the decision whether a JSON file is a bundle at all.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use zis_analysis::{analyze, Analysis, LineIndex};

use crate::config::{Configs, Loaded};

/// One linted document.
pub struct Checked {
    /// The name shown in messages: the path as the user gave it (joined with what a folder
    /// walk found), or `<stdin>`.
    pub shown: String,
    /// The name for machine-read formats: relative to the working folder where possible, with
    /// forward slashes and no leading `./`.
    pub portable: String,
    pub text: String,
    /// Built on first use: only diagnostics need line numbers, and most files have none.
    pub lines: OnceCell<LineIndex>,
    pub analysis: Arc<Analysis>,
}

pub struct Outcome {
    pub files: Vec<Checked>,
    /// Something could not be read or configured: the run fails with exit code 2.
    pub failed: bool,
}

const STDIN_NAME: &str = "<stdin>";

/// Folders a walk never enters: dependencies and build output hold JSON that is not ours.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target"];

/// Lints `paths`. `None` when `--config` itself is unusable, so nothing was linted.
pub fn run(paths: &[PathBuf], config: Option<&Path>) -> Option<Outcome> {
    let forced = match config {
        Some(path) => match Loaded::read(path, path.display().to_string()) {
            Ok(loaded) => Some(loaded),
            Err(message) => {
                stderr(&format!("error: {message}"));
                return None;
            }
        },
        None => None,
    };
    let mut checker = Checker {
        configs: Configs::new(forced),
        seen: HashSet::new(),
        outcome: Outcome {
            files: Vec::new(),
            failed: false,
        },
    };
    for path in paths {
        if path.as_os_str() == "-" {
            checker.stdin();
            continue;
        }
        match fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => checker.walk(path),
            Ok(_) => checker.file(path, true),
            Err(err) => checker.fail(&path.display().to_string(), &describe_io_error(&err)),
        }
    }
    Some(checker.outcome)
}

struct Checker {
    configs: Configs,
    /// Canonical paths already linted: a file named twice, or inside two named folders, is
    /// reported once.
    seen: HashSet<PathBuf>,
    outcome: Outcome,
}

impl Checker {
    fn fail(&mut self, shown: &str, message: &str) {
        stderr(&format!("error: {shown}: {message}"));
        self.outcome.failed = true;
    }

    fn config(&mut self, dir: &Path) -> Option<Rc<Loaded>> {
        match self.configs.for_dir(dir) {
            Ok(loaded) => Some(loaded),
            Err(message) => {
                if let Some(message) = message {
                    stderr(&format!("error: {message}"));
                }
                self.outcome.failed = true;
                None
            }
        }
    }

    fn stdin(&mut self) {
        let mut bytes = Vec::new();
        if let Err(err) = io::stdin().lock().read_to_end(&mut bytes) {
            self.fail(STDIN_NAME, &describe_io_error(&err));
            return;
        }
        let cwd = self.configs.cwd().to_path_buf();
        let Some(config) = self.config(&cwd) else {
            return;
        };
        self.lint(None, STDIN_NAME.to_owned(), bytes, &config, true);
    }

    fn walk(&mut self, dir: &Path) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => return self.fail(&dir.display().to_string(), &describe_io_error(&err)),
        };
        let mut found = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => found.push(entry),
                Err(err) => self.fail(&dir.display().to_string(), &describe_io_error(&err)),
            }
        }
        found.sort_by_key(|entry| entry.file_name());
        for entry in found {
            let path = entry.path();
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            // Symbolic links to folders are not followed, so a link cycle cannot trap the walk.
            if file_type.is_dir() {
                if !skips_dir(&entry.file_name()) {
                    self.walk(&path);
                }
            } else if path.extension() == Some(OsStr::new("json"))
                && (file_type.is_file() || path.is_file())
            {
                self.file(&path, false);
            }
        }
    }

    /// Lints one file; `explicit` when the user named it rather than a folder holding it.
    fn file(&mut self, path: &Path, explicit: bool) {
        let shown = path.display().to_string();
        let real = real_path(path);
        let dir = real.parent().unwrap_or(Path::new("/")).to_path_buf();
        let Some(config) = self.config(&dir) else {
            return;
        };
        if config.ignores(&real) {
            if explicit {
                stderr(&format!(
                    "note: {shown}: matches `ignore` in {}; skipped",
                    config.shown
                ));
            }
            return;
        }
        if !self.seen.insert(real) {
            return;
        }
        match fs::read(path) {
            Ok(bytes) => self.lint(Some(path), shown, bytes, &config, explicit),
            Err(err) => self.fail(&shown, &describe_io_error(&err)),
        }
    }

    fn lint(
        &mut self,
        path: Option<&Path>,
        shown: String,
        bytes: Vec<u8>,
        config: &Loaded,
        explicit: bool,
    ) {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                let byte = err.utf8_error().valid_up_to();
                return self.fail(&shown, &format!("not valid UTF-8 text (byte {byte})"));
            }
        };
        // `analyze` promises not to panic; should it break that promise the other files are
        // still linted and the run still fails.
        let Ok(analysis) = catch_unwind(AssertUnwindSafe(|| analyze(&text, &config.config))) else {
            return self.fail(&shown, "the analysis failed; this is a bug in zis-lint");
        };
        if !meant_as_bundle(&text, &analysis) {
            if explicit {
                stderr(&format!(
                    "note: {shown}: not a ZIS bundle (no `zis_template_version` and no `ZIS::` resource); skipped"
                ));
            }
            return;
        }
        let portable = match &path {
            Some(path) => portable_path(path, self.configs.cwd()),
            None => shown.clone(),
        };
        self.outcome.files.push(Checked {
            shown,
            portable,
            lines: OnceCell::new(),
            text,
            analysis,
        });
    }
}

/// A bundle, or JSON broken enough to hide that it is one while its text says it was meant as
/// one: such a file needs its syntax errors reported, not to be skipped.
fn meant_as_bundle(text: &str, analysis: &Analysis) -> bool {
    analysis.is_bundle
        || (!analysis.parse.errors.is_empty()
            && (text.contains("zis_template_version") || text.contains("\"ZIS::")))
}

pub fn skips_dir(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref())
}

/// The canonical path when the file system can give one, else the absolute path: two names of
/// one file then compare equal, and walking up the folders never meets a `..`.
pub fn real_path(path: &Path) -> PathBuf {
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to the working folder when it lies below it.
pub fn shown_path(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd).unwrap_or(path).display().to_string()
}

fn portable_path(path: &Path, cwd: &Path) -> String {
    let text = shown_path(path, cwd).replace('\\', "/");
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    text.to_owned()
}

/// An I/O error in plain words, without the OS error number.
pub fn describe_io_error(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

/// Writes a message line to stderr; a closed stderr is no reason to stop linting.
pub fn stderr(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}
