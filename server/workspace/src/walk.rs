//! Walking folders for bundles with the `ignore` crate, the walker of ripgrep and ruff: what
//! `.gitignore`, `.ignore` and git's exclude files leave out is skipped, as a user expects, and
//! nothing else is. Dot-folders nothing ignores are walked like any other, so a bundle in
//! `.zis/` is checked.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use zis_analysis::config::CONFIG_FILE_NAME;

/// What a walk meets.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// A `*.json` file.
    File(PathBuf),
    /// A place the walk could not read, in words that name it.
    Error(String),
}

/// Every `*.json` file below `dir` but the configuration files (`zis-lint.json`), in a stable
/// order (by name, folder by folder). With
/// `honour_ignore_files` false, every file is found, ignore files or not. Symbolic links to
/// folders are not followed, so a link cycle cannot trap the walk; links to files are found.
pub fn json_files(dir: &Path, honour_ignore_files: bool) -> impl Iterator<Item = Found> {
    let mut walk = WalkBuilder::new(dir);
    walk.standard_filters(honour_ignore_files)
        // Hidden files are not ignored for being hidden.
        .hidden(false)
        // A .gitignore counts outside a git repository too: what it says should not depend on
        // where the folder sits.
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    walk.build().filter_map(|entry| match entry {
        Ok(entry) => {
            let path = entry.into_path();
            let is_json = path.extension().is_some_and(|ext| ext == "json");
            let is_config = path
                .file_name()
                .is_some_and(|name| name == CONFIG_FILE_NAME);
            (is_json && !is_config && path.is_file()).then_some(Found::File(path))
        }
        Err(err) => Some(Found::Error(err.to_string())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zis-walk-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in [
            "a.json",
            "notes.txt",
            ".zis/hidden.json",
            "node_modules/pkg/package.json",
            "skipped/b.json",
            "kept/c.json",
            "kept/d.draft.json",
            "kept/zis-lint.json",
        ] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        std::fs::write(dir.join(".gitignore"), "node_modules/\nskipped\n").unwrap();
        std::fs::write(dir.join("kept/.ignore"), "*.draft.json\n").unwrap();
        dir
    }

    fn found(dir: &Path, honour: bool) -> Vec<String> {
        json_files(dir, honour)
            .map(|found| match found {
                Found::File(path) => path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
                Found::Error(message) => panic!("{message}"),
            })
            .collect()
    }

    #[test]
    fn honours_ignore_files_and_walks_dot_folders() {
        let dir = scratch("honour");
        assert_eq!(
            found(&dir, true),
            [".zis/hidden.json", "a.json", "kept/c.json"]
        );
        assert_eq!(
            found(&dir, false),
            [
                ".zis/hidden.json",
                "a.json",
                "kept/c.json",
                "kept/d.draft.json",
                "node_modules/pkg/package.json",
                "skipped/b.json"
            ]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
