use std::path::{Path, PathBuf};

/// The repository's fixture bundles and, when it is beside the repository, the shared corpus of
/// real bundles, sorted: the starting points of mutation tests and fuzzing.
pub fn real_bundle_paths() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths = Vec::new();
    for dir in [root.join("tests/fixtures"), root.join("../shared/corpus")] {
        collect_json(&dir, &mut paths);
    }
    paths.sort();
    paths
}

fn collect_json(dir: &Path, paths: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_json(&path, paths);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            paths.push(path);
        }
    }
}
