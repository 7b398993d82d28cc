//! Turning the paths on the command line into analysed documents: stdin, files, and folders
//! walked through `zis_workspace`, which also finds each file's configuration; and the decision
//! whether a JSON file is a bundle at all.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zis_analysis::{analyze, Analysis, LineIndex};
use zis_workspace::config::describe_io_error;
use zis_workspace::walk::{self, Found};
use zis_workspace::{real_path, ConfigFault, Configs, Loaded};

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
    /// Paths that could not be read or configured: the run fails with exit code 2.
    pub failures: usize,
}

const STDIN_NAME: &str = "<stdin>";

/// How `check` finds and configures files.
pub struct Options<'a> {
    /// `--config`: this configuration for every file.
    pub config: Option<&'a Path>,
    /// Whether folder walks skip what `.gitignore` and `.ignore` files leave out.
    pub honour_ignore_files: bool,
}

/// Lints `paths`. `None` when `--config` itself is unusable, so nothing was linted.
pub fn run(paths: &[PathBuf], options: &Options) -> Option<Outcome> {
    let cwd = real_path(Path::new("."));
    let forced = match options.config {
        Some(path) => match Loaded::read(path) {
            Ok(loaded) => Some(loaded),
            Err(fault) => {
                stderr(&format!(
                    "error: {}",
                    fault.describe(&path.display().to_string())
                ));
                return None;
            }
        },
        None => None,
    };
    let mut checker = Checker {
        configs: Configs::new(forced),
        cwd,
        honour_ignore_files: options.honour_ignore_files,
        reported: HashSet::new(),
        seen: HashSet::new(),
        outcome: Outcome {
            files: Vec::new(),
            failures: 0,
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
    /// The working folder, canonical: paths below it are shown relative to it.
    cwd: PathBuf,
    honour_ignore_files: bool,
    /// Broken configuration files already reported: each is reported once.
    reported: HashSet<PathBuf>,
    /// Canonical paths already linted: a file named twice, or inside two named folders, is
    /// reported once.
    seen: HashSet<PathBuf>,
    outcome: Outcome,
}

impl Checker {
    fn fail(&mut self, shown: &str, message: &str) {
        stderr(&format!("error: {shown}: {message}"));
        self.outcome.failures += 1;
    }

    /// The configuration for `file` (canonical) and whether it ignores the file; `None` when
    /// the configuration is broken, which fails the file.
    fn config(&mut self, file: &Path) -> Option<(Arc<Loaded>, bool)> {
        let found = self.configs.for_file(file);
        found.map_err(|fault| self.config_failed(&fault)).ok()
    }

    fn config_failed(&mut self, fault: &ConfigFault) {
        if self.reported.insert(fault.path.clone()) {
            let shown = shown_path(&fault.path, &self.cwd);
            stderr(&format!("error: {}", fault.describe(&shown)));
        }
        self.outcome.failures += 1;
    }

    fn stdin(&mut self) {
        let mut bytes = Vec::new();
        if let Err(err) = io::stdin().lock().read_to_end(&mut bytes) {
            self.fail(STDIN_NAME, &describe_io_error(&err));
            return;
        }
        let config = self.configs.for_dir(&self.cwd.clone());
        let config = match config {
            Ok(config) => config,
            Err(fault) => return self.config_failed(&fault),
        };
        self.lint(None, STDIN_NAME.to_owned(), bytes, &config, true);
    }

    fn walk(&mut self, dir: &Path) {
        for found in walk::json_files(dir, self.honour_ignore_files) {
            match found {
                Found::File(path) => self.file(&path, false),
                Found::Error(message) => {
                    stderr(&format!("error: {message}"));
                    self.outcome.failures += 1;
                }
            }
        }
    }

    /// Lints one file; `explicit` when the user named it rather than a folder holding it.
    fn file(&mut self, path: &Path, explicit: bool) {
        let shown = path.display().to_string();
        let real = real_path(path);
        let Some((config, ignored)) = self.config(&real) else {
            return;
        };
        if ignored {
            if explicit {
                let file = config.path.as_deref().unwrap_or(Path::new("?"));
                stderr(&format!(
                    "note: {shown}: matches `ignore` in {}; skipped",
                    shown_path(file, &self.cwd)
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
            Some(path) => portable_path(path, &self.cwd),
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

/// Writes a message line to stderr; a closed stderr is no reason to stop linting.
pub fn stderr(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{message}");
}
