//! Reports about what `zis-lint.json` suppresses and what a baseline accepts, which only a run
//! over the files they name can give: a suppression that covered nothing (ZIS902) and a
//! baseline entry that matched nothing (ZIS901), each a hint at its place in its own file.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zis_analysis::quiet::Quieted;
use zis_analysis::{Config, Diagnostic, Rule};
use zis_workspace::{Configs, ForFile, LoadedBaseline};

use crate::check::{portable_path, shown_path, Checked};

/// What the suppressions and baselines covered in the files checked.
#[derive(Default)]
pub struct Usage {
    /// Configuration file → the suppressions that named a file checked, and those of them that
    /// covered a finding.
    suppressions: HashMap<PathBuf, (BTreeSet<usize>, BTreeSet<usize>)>,
    baselines: BTreeMap<PathBuf, BaselineUsage>,
}

struct BaselineUsage {
    baseline: Arc<LoadedBaseline>,
    /// The configuration of the first file it applied to, for the level of its findings.
    config: Arc<Config>,
    /// The files checked, as the baseline names them.
    checked: HashSet<String>,
    /// Entry → how many of the findings it counts were not found.
    missing: HashMap<usize, usize>,
}

impl Usage {
    /// Notes what applied to one checked file, and what it covered.
    pub fn record(&mut self, config: &ForFile, quieted: &Quieted) {
        if let Some(path) = &config.loaded.path {
            let (named, used) = self.suppressions.entry(path.clone()).or_default();
            named.extend(config.config.suppressions.iter().map(|s| s.index));
            used.extend(&quieted.suppressions);
        }
        let Some((baseline, name)) = &config.baseline else {
            return;
        };
        let usage = self
            .baselines
            .entry(baseline.path.clone())
            .or_insert_with(|| BaselineUsage {
                baseline: Arc::clone(baseline),
                config: Arc::clone(&config.config),
                checked: HashSet::new(),
                missing: HashMap::new(),
            });
        usage.checked.insert(name.clone());
        for &(entry, missing) in &quieted.unmatched {
            *usage.missing.entry(entry).or_default() += missing;
        }
    }

    /// zis-lint's own files that have findings: configurations with suppressions that covered
    /// nothing, baselines with entries that matched nothing.
    pub fn report(self, configs: &Configs, cwd: &Path) -> Vec<Checked> {
        let mut files = Vec::new();
        let mut loaded: Vec<_> = configs
            .loaded()
            .filter(|loaded| !loaded.config.suppressions.is_empty())
            .filter_map(|loaded| Some((loaded.path.clone()?, loaded)))
            .collect();
        loaded.sort_by(|a, b| a.0.cmp(&b.0));
        loaded.dedup_by(|a, b| a.0 == b.0);
        for (path, loaded) in loaded {
            let (named, used) = self.suppressions.get(&path).cloned().unwrap_or_default();
            let mut found = Vec::new();
            for suppression in &loaded.config.suppressions {
                let pattern = &suppression.file.patterns()[0];
                let message = if suppression.file.is_literal() && !loaded.dir.join(pattern).exists()
                {
                    format!("this suppression names `{pattern}`, which does not exist; remove it")
                } else if named.contains(&suppression.index) && !used.contains(&suppression.index) {
                    let rules: Vec<&str> =
                        suppression.rules.iter().map(|rule| rule.code()).collect();
                    format!(
                        "this suppression covers nothing: `{pattern}` has no {} finding under `{}`; remove it, or correct its `path`",
                        rules.join(" or "),
                        suppression.path
                    )
                } else {
                    continue;
                };
                found.push(Diagnostic::new(
                    Rule::UnusedSuppression,
                    suppression.range,
                    message,
                ));
            }
            files.extend(own_file(&path, &loaded.text, found, &loaded.config, cwd));
        }
        for (path, usage) in &self.baselines {
            let mut found = Vec::new();
            for (at, entry) in usage.baseline.baseline.entries.iter().enumerate() {
                let message = if usage.checked.contains(&entry.file) {
                    let Some(&missing) = usage.missing.get(&at) else {
                        continue;
                    };
                    let which = if missing == entry.count {
                        String::new()
                    } else {
                        format!("{missing} of the {} findings it counts: ", entry.count)
                    };
                    format!(
                        "this baseline entry matches {which}no {} ({}) finding at `{}` in `{}` any more; write the baseline again to drop it",
                        entry.rule.code(),
                        entry.rule.name(),
                        entry.text,
                        entry.file
                    )
                } else if !usage.baseline.dir.join(&entry.file).exists() {
                    format!(
                        "this baseline entry names `{}`, which does not exist; write the baseline again to drop it",
                        entry.file
                    )
                } else {
                    continue;
                };
                found.push(Diagnostic::new(
                    Rule::StaleBaselineEntry,
                    entry.range,
                    message,
                ));
            }
            files.extend(own_file(
                path,
                &usage.baseline.text,
                found,
                &usage.config,
                cwd,
            ));
        }
        files
    }
}

/// A configuration or baseline with `found` at the levels `config` gives; `None` when nothing
/// is left to show.
fn own_file(
    path: &Path,
    text: &str,
    found: Vec<Diagnostic>,
    config: &Config,
    cwd: &Path,
) -> Option<Checked> {
    let found: Vec<Diagnostic> = found
        .into_iter()
        .filter_map(|mut diagnostic| {
            diagnostic.severity =
                config.effective_severity(diagnostic.rule, diagnostic.severity)?;
            Some(diagnostic)
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    Some(Checked {
        shown: shown_path(path, cwd),
        portable: portable_path(path, cwd),
        text: text.to_string(),
        lines: Default::default(),
        diagnostics: zis_analysis::own_file_diagnostics(found),
    })
}
