//! Finding and reading `zis-lint.json`: the nearest one at or above a file's folder, unless one
//! is forced for all (`--config`). Each folder is looked up once and each file read once per
//! [`Configs`].

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zis_analysis::baseline::Baseline;
use zis_analysis::config::CONFIG_FILE_NAME;
use zis_analysis::Config;

use crate::{folder_of, real_path};

/// A configuration ready for use, with the folder its globs are relative to.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Arc<Config>,
    /// Canonical, so that it compares with the canonical paths of checked files.
    pub dir: PathBuf,
    /// The file it was read from; `None` for the defaults, where no file was found.
    pub path: Option<PathBuf>,
    /// The file's text, for reports about what it holds.
    pub text: String,
    /// The baseline its `baseline` names, unless the caller chose another or none.
    pub baseline: Option<Arc<LoadedBaseline>>,
}

/// A baseline file, read.
#[derive(Debug)]
pub struct LoadedBaseline {
    pub path: PathBuf,
    /// Canonical: the folder its entries' paths are relative to.
    pub dir: PathBuf,
    pub baseline: Baseline,
    pub text: String,
}

impl LoadedBaseline {
    pub fn read(path: &Path) -> Result<LoadedBaseline, ConfigFault> {
        let text = read_text(path)?;
        let baseline = Baseline::from_json(&text).map_err(|err| ConfigFault {
            path: path.to_path_buf(),
            position: Some((err.line, err.column)),
            message: format!("invalid baseline: {}", err.message),
        })?;
        Ok(LoadedBaseline {
            path: path.to_path_buf(),
            dir: real_path(folder_of(path)),
            baseline,
            text,
        })
    }

    /// How the baseline names `file` (canonical); `None` for a file outside its folder.
    pub fn file_name(&self, file: &Path) -> Option<String> {
        relative_name(&self.dir, file)
    }
}

/// `file` relative to `dir`, with `/` between folders, as baselines and globs name it.
pub fn relative_name(dir: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(dir).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Which baseline applies to the files checked.
#[derive(Clone, Debug, Default)]
pub enum BaselineChoice {
    /// The one each configuration names in `baseline`, if any.
    #[default]
    FromConfig,
    /// This one for every file (`--baseline`).
    Forced(Arc<LoadedBaseline>),
    /// None (while a baseline is written).
    Off,
}

/// What applies to one file.
#[derive(Clone, Debug)]
pub struct ForFile {
    pub loaded: Arc<Loaded>,
    /// The file's own configuration: `overrides` applied, only the suppressions that name it,
    /// and what the baseline accepts in it.
    pub config: Arc<Config>,
    /// The configuration's `ignore` leaves the file out.
    pub ignored: bool,
    /// The baseline that applies, and how it names the file.
    pub baseline: Option<(Arc<LoadedBaseline>, String)>,
}

/// A file's text, or a fault naming the file.
fn read_text(path: &Path) -> Result<String, ConfigFault> {
    let fault = |message: String| ConfigFault {
        path: path.to_path_buf(),
        position: None,
        message,
    };
    let bytes = std::fs::read(path).map_err(|err| fault(describe_io_error(&err)))?;
    String::from_utf8(bytes).map_err(|err| {
        let byte = err.utf8_error().valid_up_to();
        fault(format!("not valid UTF-8 text (byte {byte})"))
    })
}

/// A configuration file that cannot be used. Shown as `file:line:column: message`, or
/// `file: message` for a file that cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigFault {
    pub path: PathBuf,
    /// 1-based line and column (in characters) of the fault in the file.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl ConfigFault {
    /// The fault with the file named as `shown`, for a caller that shows paths its own way.
    pub fn describe(&self, shown: &str) -> String {
        match self.position {
            Some((line, column)) => format!("{shown}:{line}:{column}: {}", self.message),
            None => format!("{shown}: {}", self.message),
        }
    }
}

impl fmt::Display for ConfigFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(&self.path.display().to_string()))
    }
}

impl Loaded {
    /// Reads a configuration file, and the baseline it names when `with_baseline`.
    pub fn read(path: &Path, with_baseline: bool) -> Result<Loaded, ConfigFault> {
        let text = read_text(path)?;
        let config = Config::from_json(&text).map_err(|err| ConfigFault {
            path: path.to_path_buf(),
            position: Some((err.line, err.column)),
            message: format!("invalid configuration: {}", err.message),
        })?;
        let dir = folder_of(path);
        let baseline = match &config.baseline {
            Some(named) if with_baseline => Some(Arc::new(LoadedBaseline::read(&dir.join(named))?)),
            _ => None,
        };
        Ok(Loaded {
            config: Arc::new(config),
            dir: real_path(dir),
            path: Some(path.to_path_buf()),
            text,
            baseline,
        })
    }

    /// Whether `file` (canonical) or a folder it sits in matches an `ignore` glob.
    pub fn ignores(&self, file: &Path) -> bool {
        file.strip_prefix(&self.dir)
            .is_ok_and(|relative| self.config.ignore.matches(relative))
    }
}

/// The configuration of each folder, looked up once per folder and read once per file.
#[derive(Default)]
pub struct Configs {
    forced: Option<Arc<Loaded>>,
    baseline: BaselineChoice,
    /// Folder → the nearest configuration file at or above it.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file → what reading it gave.
    read: HashMap<PathBuf, Result<Arc<Loaded>, ConfigFault>>,
}

impl Configs {
    /// Configurations found next to the files; with `forced`, that one for every file.
    pub fn new(forced: Option<Loaded>) -> Configs {
        Configs {
            forced: forced.map(Arc::new),
            ..Configs::default()
        }
    }

    /// The same, with `baseline` chosen for every file rather than the one each configuration
    /// names.
    pub fn with_baseline(mut self, baseline: BaselineChoice) -> Configs {
        self.baseline = baseline;
        self
    }

    /// Whether the configurations' own baselines are read.
    fn reads_baselines(&self) -> bool {
        matches!(self.baseline, BaselineChoice::FromConfig)
    }

    /// The configuration for files in `dir` (canonical): the defaults when there is no file.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Loaded>, ConfigFault> {
        if let Some(forced) = &self.forced {
            return Ok(Arc::clone(forced));
        }
        let Some(file) = self.nearest(dir) else {
            return Ok(Arc::new(Loaded {
                dir: dir.to_path_buf(),
                ..Loaded::default()
            }));
        };
        let with_baseline = self.reads_baselines();
        self.read
            .entry(file)
            .or_insert_with_key(|file| {
                let loaded = Loaded::read(file, with_baseline);
                if let Err(fault) = &loaded {
                    tracing::warn!("{fault}");
                }
                loaded.map(Arc::new)
            })
            .clone()
    }

    /// What applies to a file (canonical).
    pub fn for_file(&mut self, file: &Path) -> Result<ForFile, ConfigFault> {
        let dir = file.parent().unwrap_or(Path::new("/"));
        let loaded = self.for_dir(dir)?;
        let ignored = loaded.ignores(file);
        if ignored {
            tracing::debug!("{} matches `ignore`", file.display());
        }
        let mut config = match file.strip_prefix(&loaded.dir) {
            Ok(relative) => loaded.config.for_file(relative),
            Err(_) => loaded.config.for_other_document(),
        };
        let baseline = match &self.baseline {
            BaselineChoice::FromConfig => loaded.baseline.clone(),
            BaselineChoice::Forced(baseline) => Some(Arc::clone(baseline)),
            BaselineChoice::Off => None,
        };
        let baseline = baseline.and_then(|baseline| {
            let name = baseline.file_name(file)?;
            config.accepted = baseline.baseline.accepted(&name);
            Some((baseline, name))
        });
        Ok(ForFile {
            loaded,
            config: Arc::new(config),
            ignored,
            baseline,
        })
    }

    /// What applies to a document of folder `dir` (canonical) that is not a file, such as
    /// standard input: no override, suppression or baseline entry can name it.
    pub fn for_document_in(&mut self, dir: &Path) -> Result<ForFile, ConfigFault> {
        let loaded = self.for_dir(dir)?;
        let config = Arc::new(loaded.config.for_other_document());
        Ok(ForFile {
            loaded,
            config,
            ignored: false,
            baseline: None,
        })
    }

    /// Every configuration file read, and what reading it gave.
    pub fn files(&self) -> impl Iterator<Item = (&Path, Option<&ConfigFault>)> {
        self.read
            .iter()
            .map(|(path, read)| (path.as_path(), read.as_ref().err()))
    }

    /// Every configuration read without fault.
    pub fn loaded(&self) -> impl Iterator<Item = &Arc<Loaded>> {
        self.forced
            .iter()
            .chain(self.read.values().filter_map(|read| read.as_ref().ok()))
    }

    fn nearest(&mut self, dir: &Path) -> Option<PathBuf> {
        let mut visited = Vec::new();
        let mut found = None;
        for folder in dir.ancestors() {
            if let Some(known) = self.nearest.get(folder) {
                found = known.clone();
                break;
            }
            visited.push(folder.to_path_buf());
            let candidate = folder.join(CONFIG_FILE_NAME);
            if candidate.is_file() {
                found = Some(candidate);
                break;
            }
        }
        for folder in visited {
            self.nearest.insert(folder, found.clone());
        }
        found
    }
}

/// An I/O error in plain words, without the OS error number.
pub fn describe_io_error(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}
