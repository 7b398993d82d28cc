//! Finding and reading `zis-lint.json`: the nearest one above each checked file, unless
//! `--config` names one for all.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use zis_analysis::config::{ConfigError, CONFIG_FILE_NAME};
use zis_analysis::Config;

use crate::check::{describe_io_error, real_path, shown_path};

/// A configuration ready for use, with the folder its `ignore` globs are relative to.
pub struct Loaded {
    pub config: Config,
    /// Canonical, so that it compares with the canonical paths of checked files.
    dir: PathBuf,
    /// The file as the user should see it named in messages.
    pub shown: String,
}

impl Loaded {
    fn none(dir: PathBuf) -> Loaded {
        Loaded {
            config: Config::default(),
            dir,
            shown: String::new(),
        }
    }

    /// Reads a configuration file; the error is the whole message to show.
    pub fn read(path: &Path, shown: String) -> Result<Loaded, String> {
        let text = fs::read(path).map_err(|err| format!("{shown}: {}", describe_io_error(&err)))?;
        let text = String::from_utf8(text).map_err(|err| {
            format!(
                "{shown}: not valid UTF-8 text (byte {})",
                err.utf8_error().valid_up_to()
            )
        })?;
        let config = Config::from_json(&text).map_err(|err| describe_config_error(&shown, &err))?;
        let dir = real_path(path.parent().unwrap_or(Path::new(".")));
        Ok(Loaded { config, dir, shown })
    }

    /// Whether `file` (canonical) or a folder it sits in matches an `ignore` glob.
    pub fn ignores(&self, file: &Path) -> bool {
        file.strip_prefix(&self.dir)
            .is_ok_and(|relative| self.config.ignore.matches(relative))
    }
}

fn describe_config_error(shown: &str, err: &ConfigError) -> String {
    match (err.line, err.column) {
        (Some(line), Some(column)) => {
            format!(
                "{shown}:{line}:{column}: invalid configuration: {}",
                err.message
            )
        }
        _ => format!("{shown}: invalid configuration: {}", err.message),
    }
}

/// The configuration of each folder, looked up once per folder and read once per file.
pub struct Configs {
    forced: Option<Rc<Loaded>>,
    /// Folder → the nearest configuration file at or above it.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file → its contents, or `None` when it is broken (and already reported).
    read: HashMap<PathBuf, Option<Rc<Loaded>>>,
    cwd: PathBuf,
}

impl Configs {
    pub fn new(forced: Option<Loaded>) -> Configs {
        Configs {
            forced: forced.map(Rc::new),
            nearest: HashMap::new(),
            read: HashMap::new(),
            cwd: real_path(Path::new(".")),
        }
    }

    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The configuration for files in `dir` (canonical). `Err` carries the message of a broken
    /// configuration the first time it is met; later files under it get `Err(None)`.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Rc<Loaded>, Option<String>> {
        if let Some(forced) = &self.forced {
            return Ok(Rc::clone(forced));
        }
        let Some(file) = self.nearest(dir) else {
            return Ok(Rc::new(Loaded::none(dir.to_path_buf())));
        };
        if let Some(known) = self.read.get(&file) {
            return known.clone().ok_or(None);
        }
        let shown = shown_path(&file, &self.cwd);
        match Loaded::read(&file, shown) {
            Ok(loaded) => {
                let loaded = Rc::new(loaded);
                self.read.insert(file, Some(Rc::clone(&loaded)));
                Ok(loaded)
            }
            Err(message) => {
                self.read.insert(file, None);
                Err(Some(message))
            }
        }
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
