//! `docs/runner.md` lists every assumption a trace may name, in the words the trace uses.

use std::fs;
use std::path::Path;

#[test]
fn the_page_lists_every_assumption() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/runner.md");
    let page = fs::read_to_string(page).unwrap();
    let listed: Vec<&str> = page
        .lines()
        .filter_map(|line| line.strip_prefix("- "))
        .collect();
    for assumption in zis_runner::assumptions::ALL {
        assert!(
            listed.contains(assumption),
            "docs/runner.md does not list: {assumption}"
        );
    }
}
