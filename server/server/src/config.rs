//! The configuration of each document: the `zis-lint.json` the CLI would use, found by
//! `zis_workspace` as the CLI finds it, with its overrides, suppressions and baseline applied
//! to the document as the CLI applies them. Documents that are not files use the defaults.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tower_lsp::lsp_types::Url;
use zis_analysis::Config;
use zis_workspace::{real_path, ConfigFault, Configs as Lookup};

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
    reported: Mutex<HashMap<PathBuf, ConfigFault>>,
}

impl Configs {
    /// Reads the configuration of each document, each file once. A broken file gives the
    /// defaults, and a message naming the file, the place and the fault.
    pub async fn load(&self, uris: Vec<Url>) -> Loaded {
        let read = tokio::task::spawn_blocking(move || read_all(uris)).await;
        let (configs, faults) = match read {
            Ok(read) => read,
            Err(failed) => {
                tracing::error!("reading the configurations failed: {failed}");
                (Vec::new(), Vec::new())
            }
        };
        let mut reported = self.reported.lock().unwrap_or_else(|p| p.into_inner());
        // A file fixed, deleted or no longer used is forgotten: when it breaks again, say so.
        reported.retain(|path, _| faults.iter().any(|fault| &fault.path == path));
        let mut messages = Vec::new();
        for fault in faults {
            if reported.get(&fault.path) != Some(&fault) {
                messages.push(format!(
                    "{fault}. The default configuration applies until it is fixed."
                ));
                reported.insert(fault.path.clone(), fault);
            }
        }
        Loaded {
            configs,
            faults: messages,
        }
    }
}

fn read_all(uris: Vec<Url>) -> (Vec<(Url, Settings)>, Vec<ConfigFault>) {
    let mut lookup = Lookup::new(None);
    let configs = uris
        .into_iter()
        .map(|uri| {
            let file = (uri.scheme() == "file")
                .then(|| uri.to_file_path().ok())
                .flatten();
            let settings = file
                .and_then(|file| lookup.for_file(&real_path(&file)).ok())
                .map(|found| Settings {
                    config: found.config,
                    ignored: found.ignored,
                })
                .unwrap_or_default();
            (uri, settings)
        })
        .collect();
    let faults = lookup
        .files()
        .filter_map(|(_, fault)| fault.cloned())
        .collect();
    (configs, faults)
}
