//! `--write-baseline FILE`: every finding of the run recorded, so that later runs with the
//! baseline report only new ones.

use std::collections::HashSet;
use std::path::Path;

use zis_analysis::baseline::{render, Finding};
use zis_workspace::config::relative_name;
use zis_workspace::{folder_of, real_path, write_atomically, LoadedBaseline};

use crate::check::{stderr, Outcome};

/// Writes the baseline of `outcome` to `path`, keeping the entries of files this run did not
/// check that still exist; returns how many findings it holds.
pub fn write(path: &Path, outcome: &Outcome) -> Result<usize, String> {
    let dir = real_path(folder_of(path));
    let shown = path.display();
    // A file there that is no baseline is not overwritten: it may be anything.
    let kept = match path.exists() {
        true => {
            Some(LoadedBaseline::read(path).map_err(|fault| fault.describe(&shown.to_string()))?)
        }
        false => None,
    };
    let mut checked = HashSet::new();
    let mut findings = Vec::new();
    for (file, found) in outcome.findings.iter().flatten() {
        let Some(name) = relative_name(&dir, file) else {
            if !found.is_empty() {
                stderr(&format!(
                    "note: {}: outside the baseline's folder; its findings are not recorded",
                    file.display()
                ));
            }
            continue;
        };
        findings.extend(found.iter().map(|finding| Finding {
            file: name.clone(),
            ..finding.clone()
        }));
        checked.insert(name);
    }
    for entry in kept.iter().flat_map(|kept| &kept.baseline.entries) {
        if !checked.contains(&entry.file) && dir.join(&entry.file).exists() {
            let finding = Finding {
                file: entry.file.clone(),
                rule: entry.rule,
                text: entry.text.clone(),
            };
            findings.extend(std::iter::repeat_n(finding, entry.count));
        }
    }
    let count = findings.len();
    write_atomically(path, render(findings).as_bytes())
        .map_err(|err| format!("{shown}: could not write the baseline: {err}"))?;
    Ok(count)
}
