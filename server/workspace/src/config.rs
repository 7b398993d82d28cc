//! Finding and reading `zis-lint.json`: the nearest one at or above a file's folder, unless one
//! is forced for all (`--config`). Each folder is looked up once and each file read once per
//! [`Configs`].

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zis_analysis::config::CONFIG_FILE_NAME;
use zis_analysis::Config;

use crate::real_path;

/// A configuration ready for use, with the folder its `ignore` globs are relative to.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Arc<Config>,
    /// Canonical, so that it compares with the canonical paths of checked files.
    dir: PathBuf,
    /// The file it was read from; `None` for the defaults, where no file was found.
    pub path: Option<PathBuf>,
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
    /// Reads a configuration file.
    pub fn read(path: &Path) -> Result<Loaded, ConfigFault> {
        let fault = |position, message: String| ConfigFault {
            path: path.to_path_buf(),
            position,
            message,
        };
        let bytes = std::fs::read(path).map_err(|err| fault(None, describe_io_error(&err)))?;
        let text = String::from_utf8(bytes).map_err(|err| {
            let byte = err.utf8_error().valid_up_to();
            fault(None, format!("not valid UTF-8 text (byte {byte})"))
        })?;
        let config = Config::from_json(&text).map_err(|err| {
            let message = format!("invalid configuration: {}", err.message);
            fault(Some((err.line, err.column)), message)
        })?;
        Ok(Loaded {
            config: Arc::new(config),
            dir: real_path(path.parent().unwrap_or(Path::new("."))),
            path: Some(path.to_path_buf()),
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
        self.read
            .entry(file)
            .or_insert_with_key(|file| {
                let loaded = Loaded::read(file);
                if let Err(fault) = &loaded {
                    tracing::warn!("{fault}");
                }
                loaded.map(Arc::new)
            })
            .clone()
    }

    /// The configuration for a file (canonical), and whether its `ignore` leaves the file out.
    pub fn for_file(&mut self, file: &Path) -> Result<(Arc<Loaded>, bool), ConfigFault> {
        let dir = file.parent().unwrap_or(Path::new("/"));
        let loaded = self.for_dir(dir)?;
        let ignored = loaded.ignores(file);
        if ignored {
            tracing::debug!("{} matches `ignore`", file.display());
        }
        Ok((loaded, ignored))
    }

    /// Every configuration file read, and what reading it gave.
    pub fn files(&self) -> impl Iterator<Item = (&Path, Option<&ConfigFault>)> {
        self.read
            .iter()
            .map(|(path, read)| (path.as_path(), read.as_ref().err()))
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
