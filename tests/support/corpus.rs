//! For the Rust test crates that read the shared corpus of real bundles or need an outside tool:
//! included by path (`#[path = …] mod …;`) into each, since test crates share no library.
//!
//! A test that cannot run fails when `CI` is set. Elsewhere it passes, but says `skipped:` on the
//! terminal: cargo has no skipped status, and it shows nothing a passing test prints through
//! `eprintln!`.

// Each test crate uses its own part.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

/// The corpus: `ZIS_CORPUS`, else `shared/corpus` beside the repository; or `None` once the
/// running test is reported skipped.
pub fn corpus() -> Option<PathBuf> {
    // Every crate that includes this file sits at server/<crate>.
    let beside = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
    let dir = std::env::var_os("ZIS_CORPUS").map_or_else(|| PathBuf::from(beside), PathBuf::from);
    if dir.is_dir() {
        return Some(dir);
    }
    skip(&format!(
        "no corpus at {}: what needs it is left out (ZIS_CORPUS names one)",
        dir.display()
    ));
    None
}

/// Reports the running test as unable to run: a failure under `CI`, else a `skipped:` line.
pub fn skip(reason: &str) {
    let thread = std::thread::current();
    // libtest names each test's thread after the test.
    let test = thread.name().unwrap_or("a test");
    assert!(
        std::env::var_os("CI").is_none(),
        "{test} cannot run: {reason}"
    );
    // Written to the stream itself, which libtest does not capture, unlike `eprintln!`.
    let _ = writeln!(std::io::stderr().lock(), "skipped: {test}: {reason}");
}
