//! The configuration of each document: the `zis-lint.json` the CLI would use, in the nearest
//! folder at or above the document's. Documents that are not files use the defaults.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tower_lsp::lsp_types::Url;
use zis_analysis::config::CONFIG_FILE_NAME;
use zis_analysis::Config;

/// What applies to one document: its configuration, and whether that configuration's `ignore`
/// leaves the document out, as `zis-lint check` would.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub config: Arc<Config>,
    pub ignored: bool,
}

/// What reading the configurations of the open documents found.
pub struct Loaded {
    pub configs: Vec<(Url, Settings)>,
    /// Messages about broken files, each reported once until it changes.
    pub faults: Vec<String>,
}

#[derive(Default)]
pub struct Configs {
    /// The fault last reported for each broken file: files are re-read on every open and save,
    /// and an unchanged fault should not pop up again each time.
    reported: Mutex<HashMap<PathBuf, String>>,
}

impl Configs {
    /// Reads the configuration of each document, each file once. A broken file gives the
    /// defaults, and a message naming the file and its fault.
    pub async fn load(&self, uris: Vec<Url>) -> Loaded {
        let (configs, files) = tokio::task::spawn_blocking(move || read_all(uris))
            .await
            .unwrap_or_default();
        let mut reported = self.reported.lock().unwrap_or_else(|p| p.into_inner());
        // A file fixed, deleted or no longer used is forgotten: when it breaks again, say so.
        reported.retain(|path, _| {
            files
                .iter()
                .any(|(file, fault)| file == path && fault.is_some())
        });
        let mut faults = Vec::new();
        for (path, fault) in files {
            let Some(fault) = fault else { continue };
            if reported.get(&path) != Some(&fault) {
                faults.push(format!(
                    "{}: {fault}. The default configuration applies until it is fixed.",
                    path.display()
                ));
                reported.insert(path, fault);
            }
        }
        Loaded { configs, faults }
    }
}

type Files = Vec<(PathBuf, Option<String>)>;

fn read_all(uris: Vec<Url>) -> (Vec<(Url, Settings)>, Files) {
    let mut files: HashMap<PathBuf, Result<Arc<Config>, String>> = HashMap::new();
    let configs = uris
        .into_iter()
        .map(|uri| {
            let Some((file, path)) = find(&uri) else {
                return (uri, Settings::default());
            };
            let config = files
                .entry(path.clone())
                .or_insert_with_key(|path| read(path))
                .clone()
                .unwrap_or_default();
            // The file was found among the document's folders, so the prefix is there.
            let ignored = path
                .parent()
                .and_then(|dir| file.strip_prefix(dir).ok())
                .is_some_and(|relative| config.ignore.matches(relative));
            (uri, Settings { config, ignored })
        })
        .collect();
    let files = files
        .into_iter()
        .map(|(path, config)| (path, config.err()))
        .collect();
    (configs, files)
}

/// The document's file and the configuration file nearest above it.
fn find(uri: &Url) -> Option<(PathBuf, PathBuf)> {
    if uri.scheme() != "file" {
        return None;
    }
    let file = uri.to_file_path().ok()?;
    let config = file
        .parent()?
        .ancestors()
        .map(|folder| folder.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())?;
    Some((file, config))
}

fn read(path: &Path) -> Result<Arc<Config>, String> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("cannot be read: {err}"))?;
    // serde's messages already end with the line and column.
    Config::from_json(&text)
        .map(Arc::new)
        .map_err(|err| err.message)
}
