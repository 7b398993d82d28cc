//! Turning the paths on the command line into analysed documents: stdin, files, and folders
//! walked through `zis_workspace`, which also finds each file's configuration; the decision
//! whether a JSON file is a bundle at all; and, when asked, fixing each bundle (`fix`) and
//! recording its findings for a baseline.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::sync::{Arc, Mutex, PoisonError};

use zis_analysis::baseline::{finding_text, Finding};
use zis_analysis::quiet::Quieted;
use zis_analysis::{analyze, Analysis, Config, Diagnostic, LineIndex};
use zis_workspace::config::describe_io_error;
use zis_workspace::walk::{self, Found};
use zis_workspace::{real_path, BaselineChoice, ConfigFault, Configs, ForFile, Loaded};

use crate::fix::{self, Fixes, Fixing};
use crate::quiet::Usage;

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
    pub lines: OnceLock<LineIndex>,
    /// As [`Analysis::diagnostics`]: the rest of the analysis is freed once the file is
    /// analysed, so that a folder's analyses are never all alive at once.
    pub diagnostics: Vec<Arc<Diagnostic>>,
}

pub struct Outcome {
    /// The bundles checked, then zis-lint's own files that have findings about them (stale
    /// baseline entries, unused suppressions).
    pub files: Vec<Checked>,
    /// How many of `files` are bundles.
    pub bundles: usize,
    /// Paths that could not be read or configured: the run fails with exit code 2.
    pub failures: usize,
    /// What fixing did, when asked to.
    pub fixes: Fixes,
    /// Every bundle file checked (canonical) with its findings, for `--write-baseline`; `None`
    /// unless asked.
    pub findings: Option<Vec<(PathBuf, Vec<Finding>)>>,
}

const STDIN_NAME: &str = "<stdin>";

/// How `check` finds and configures files.
pub struct Options<'a> {
    /// `--config`: this configuration for every file.
    pub config: Option<&'a Path>,
    /// Whether folder walks skip what `.gitignore` and `.ignore` files leave out.
    pub honour_ignore_files: bool,
    /// Which baseline applies.
    pub baseline: BaselineChoice,
    /// Whether and how to fix.
    pub fixing: Option<Fixing>,
    /// Whether to keep every finding, for a baseline to be written.
    pub recording: bool,
}

/// Lints `paths`. `None` when `--config` itself is unusable, so nothing was linted.
pub fn run(paths: &[PathBuf], options: &Options) -> Option<Outcome> {
    let cwd = real_path(Path::new("."));
    let reads_baseline = matches!(options.baseline, BaselineChoice::FromConfig);
    let forced = match options.config {
        Some(path) => match Loaded::read(path, reads_baseline) {
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
        configs: Configs::new(forced).with_baseline(options.baseline.clone()),
        cwd,
        honour_ignore_files: options.honour_ignore_files,
        fixing: options.fixing,
        reported: HashSet::new(),
        seen: HashSet::new(),
        pending: Vec::new(),
        usage: Usage::default(),
        outcome: Outcome {
            files: Vec::new(),
            bundles: 0,
            failures: 0,
            fixes: Fixes::default(),
            findings: options.recording.then(Vec::new),
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
    checker.lint_pending();
    let mut outcome = checker.outcome;
    outcome.bundles = outcome.files.len();
    if !options.recording {
        let own_files = checker.usage.report(&checker.configs, &checker.cwd);
        outcome.files.extend(own_files);
    }
    Some(outcome)
}

struct Checker {
    configs: Configs,
    /// The working folder, canonical: paths below it are shown relative to it.
    cwd: PathBuf,
    honour_ignore_files: bool,
    fixing: Option<Fixing>,
    /// Broken configuration files already reported: each is reported once.
    reported: HashSet<PathBuf>,
    /// Canonical paths already linted: a file named twice, or inside two named folders, is
    /// reported once.
    seen: HashSet<PathBuf>,
    /// Documents read and configured, in the order given, waiting to be analysed together.
    pending: Vec<Pending>,
    /// What the suppressions and baselines covered, for reports about them.
    usage: Usage,
    outcome: Outcome,
}

impl Checker {
    fn fail(&mut self, shown: &str, message: &str) {
        stderr(&format!("error: {shown}: {message}"));
        self.outcome.failures += 1;
    }

    /// What applies to `file` (canonical); `None` when the configuration is broken, which
    /// fails the file.
    fn config(&mut self, file: &Path) -> Option<ForFile> {
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
        let config = self.configs.for_document_in(&self.cwd.clone());
        let config = match config {
            Ok(config) => config,
            Err(fault) => return self.config_failed(&fault),
        };
        self.pending.push(Pending {
            path: None,
            shown: STDIN_NAME.to_owned(),
            bytes,
            config,
            explicit: true,
        });
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
        let Some(config) = self.config(&real) else {
            return;
        };
        if config.ignored {
            if explicit {
                let file = config.loaded.path.as_deref().unwrap_or(Path::new("?"));
                stderr(&format!(
                    "note: {shown}: matches `ignore` in {}; skipped",
                    shown_path(file, &self.cwd)
                ));
            }
            return;
        }
        if !self.seen.insert(real.clone()) {
            return;
        }
        match fs::read(path) {
            Ok(bytes) => self.pending.push(Pending {
                path: Some((path.to_path_buf(), real)),
                shown,
                bytes,
                config,
                explicit,
            }),
            Err(err) => self.fail(&shown, &describe_io_error(&err)),
        }
    }

    /// Analyses every pending document, as many at once as there are cores, and reports them in
    /// the order they were found whatever order they finish in.
    fn lint_pending(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        // The bytes move to the thread that analyses them, which makes them the text without a
        // copy: a large bundle is in memory once.
        let inputs = pending
            .iter_mut()
            .map(|document| {
                let bytes = std::mem::take(&mut document.bytes);
                Mutex::new(Some((bytes, Arc::clone(&document.config.config))))
            })
            .collect::<Vec<_>>();
        let analysed = analyse_all(&inputs, self.fixing.is_some());
        for (document, analysed) in pending.into_iter().zip(analysed) {
            self.lint(document, analysed);
        }
    }

    /// Reports one analysed document, fixing it first when asked to.
    fn lint(&mut self, document: Pending, analysed: Result<Analysed, Failure>) {
        let Pending {
            path,
            shown,
            config,
            explicit,
            ..
        } = document;
        let analysed = match analysed {
            Ok(analysed) => analysed,
            Err(Failure::NotUtf8(byte)) => {
                return self.fail(&shown, &format!("not valid UTF-8 text (byte {byte})"));
            }
            // `analyze` promises not to panic; should it break that promise the other files are
            // still linted and the run still fails.
            Err(Failure::Panicked) => {
                return self.fail(&shown, "the analysis failed; this is a bug in zis-lint")
            }
        };
        let (text, meant_as_bundle) = match &analysed {
            Analysed::Whole(text, analysis) => (text, meant_as_bundle(text, analysis)),
            Analysed::Reported(text, report) => (text, report.meant_as_bundle),
        };
        if !meant_as_bundle {
            if explicit {
                stderr(&format!(
                    "note: {shown}: not a ZIS bundle (no `zis_template_version` and no `ZIS::` resource); skipped"
                ));
            }
            // Fixed text goes to stdout in place of the input: what is not fixed goes there
            // as it came.
            if path.is_none() && self.fixing.is_some() {
                self.outcome.fixes.stdout = Some(text.clone());
            }
            return;
        }
        let (text, report) = match (analysed, self.fixing) {
            (Analysed::Whole(text, analysis), Some(fixing)) => {
                let named = path.as_ref().map(|(named, _)| named.as_path());
                let fixes = &mut self.outcome.fixes;
                match fix::fix(fixing, named, &shown, text, analysis, &config, fixes) {
                    Ok((text, analysis)) => {
                        let report = Report::of(&text, &analysis);
                        (text, report)
                    }
                    Err(message) => return self.fail(&shown, &message),
                }
            }
            (Analysed::Whole(text, analysis), None) => {
                let report = Report::of(&text, &analysis);
                (text, report)
            }
            (Analysed::Reported(text, report), _) => (text, report),
        };
        if let Some((_, real)) = &path {
            self.usage.record(&config, &report.quieted);
            if let Some(findings) = &mut self.outcome.findings {
                let found = report.diagnostics.iter().map(|diagnostic| Finding {
                    // Named once the baseline's folder is known.
                    file: String::new(),
                    rule: diagnostic.rule,
                    text: finding_text(&text, diagnostic.range),
                });
                findings.push((real.clone(), found.collect()));
            }
        }
        let portable = match &path {
            Some((path, _)) => portable_path(path, &self.cwd),
            None => shown.clone(),
        };
        self.outcome.files.push(Checked {
            shown,
            portable,
            lines: OnceLock::new(),
            text,
            diagnostics: report.diagnostics,
        });
    }
}

/// A document read and configured, not yet analysed: a file (as named, and canonical) or,
/// without a path, stdin.
struct Pending {
    path: Option<(PathBuf, PathBuf)>,
    shown: String,
    bytes: Vec<u8>,
    config: ForFile,
    /// The user named it rather than a folder holding it.
    explicit: bool,
}

/// Why a document has no analysis.
enum Failure {
    /// The byte where the text stops being UTF-8.
    NotUtf8(usize),
    Panicked,
}

/// What analysing one document gave.
enum Analysed {
    /// Kept whole, for fixing to start from.
    Whole(String, Arc<Analysis>),
    /// Reduced to what is reported, the rest freed by the thread that analysed it.
    Reported(String, Report),
}

/// The part of an analysis that reports read.
struct Report {
    diagnostics: Vec<Arc<Diagnostic>>,
    quieted: Quieted,
    meant_as_bundle: bool,
}

impl Report {
    fn of(text: &str, analysis: &Analysis) -> Report {
        Report {
            diagnostics: analysis.diagnostics.clone(),
            quieted: analysis.quieted.clone(),
            meant_as_bundle: meant_as_bundle(text, analysis),
        }
    }
}

/// A document's bytes and configuration, until a thread takes them to analyse.
type Input = Mutex<Option<(Vec<u8>, Arc<Config>)>>;

/// Analyses `documents` on every core, in the order given. `whole` keeps each analysis;
/// otherwise, when there are several, each thread frees what it analysed but the report, which
/// spreads the cost of freeing over the cores too.
fn analyse_all(documents: &[Input], whole: bool) -> Vec<Result<Analysed, Failure>> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = documents.get(at) else {
                break done;
            };
            let taken = input.lock().unwrap_or_else(PoisonError::into_inner).take();
            if let Some((bytes, config)) = taken {
                done.push((at, analyse(bytes, &config, whole, documents.len() > 1)));
            }
        }
    };
    let cores = zis_syntax::cores();
    let helpers = cores.min(documents.len()).saturating_sub(1);
    let finished = Mutex::new(Vec::with_capacity(documents.len()));
    std::thread::scope(|scope| {
        for _ in 0..helpers {
            // A helper that cannot start leaves its share to the calling thread.
            let _ = std::thread::Builder::new()
                .stack_size(zis_syntax::STACK_BYTES)
                .spawn_scoped(scope, || {
                    let done = work();
                    finished
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .extend(done);
                });
        }
        let done = work();
        finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(done);
    });
    let mut finished = finished
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    finished.sort_unstable_by_key(|&(at, _)| at);
    finished.into_iter().map(|(_, analysed)| analysed).collect()
}

/// `free` says whether to free the tree and model once the findings are taken. A run that
/// checks one document ends right after reporting it, and freeing a large bundle's nodes one by
/// one costs more than a tenth of its analysis; the process's exit frees them at once.
fn analyse(bytes: Vec<u8>, config: &Config, whole: bool, free: bool) -> Result<Analysed, Failure> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => return Err(Failure::NotUtf8(err.utf8_error().valid_up_to())),
    };
    let Ok(analysis) = catch_unwind(AssertUnwindSafe(|| analyze(&text, config))) else {
        return Err(Failure::Panicked);
    };
    if whole {
        return Ok(Analysed::Whole(text, analysis));
    }
    let report = match Arc::try_unwrap(analysis) {
        Ok(mut analysis) => {
            let report = Report {
                meant_as_bundle: meant_as_bundle(&text, &analysis),
                diagnostics: std::mem::take(&mut analysis.diagnostics),
                quieted: std::mem::take(&mut analysis.quieted),
            };
            if !free {
                std::mem::forget(analysis);
            }
            report
        }
        Err(shared) => Report::of(&text, &shared),
    };
    Ok(Analysed::Reported(text, report))
}

/// A bundle, or JSON broken enough to hide that it is one while its text says it was meant as
/// one: such a file needs its syntax errors reported, not to be skipped.
fn meant_as_bundle(text: &str, analysis: &Analysis) -> bool {
    analysis.is_bundle
        || (!analysis.parse().errors.is_empty()
            && (text.contains("zis_template_version") || text.contains("\"ZIS::")))
}

/// `path` relative to the working folder when it lies below it.
pub fn shown_path(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd).unwrap_or(path).display().to_string()
}

pub fn portable_path(path: &Path, cwd: &Path) -> String {
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
