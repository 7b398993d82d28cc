//! `zis-lint check --fix`, `--unsafe-fixes` and `--diff` end to end: every fix of every rule
//! fixture applied by the binary, the diff applied by GNU `patch`, an interrupted write, stdin.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use zis_analysis::fix::{fix_all, Applying};
use zis_analysis::{analyze, Config, Edit};
use zis_syntax::SyntaxErrorKind;

mod common;
use common::*;
#[path = "../../../tests/support/corpus.rs"]
mod support;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The rule fixtures whose findings have fixes.
fn fixable_fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for folder in fs::read_dir(repository().join("tests/fixtures/rules")).unwrap() {
        for file in fs::read_dir(folder.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            let analysis = analyze(&text, &Config::default());
            if analysis.diagnostics.iter().any(|d| d.fix.is_some()) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn invalid(text: &str) -> usize {
    let parse = zis_syntax::parse(text);
    let errors = parse.errors.iter();
    errors
        .filter(|error| error.kind == SyntaxErrorKind::Invalid)
        .count()
}

/// Checks that `after` is `before` with exactly `edits` applied: every byte outside them is
/// the same, in the same order.
fn only_the_edits(before: &str, after: &str, edits: &[Edit]) -> Result<(), String> {
    let mut edits: Vec<&Edit> = edits.iter().collect();
    edits.sort_by_key(|edit| edit.range.start);
    let (mut from, mut to) = (0, 0);
    for edit in edits {
        let range = edit.range.as_usize();
        let kept = &before[from..range.start];
        if after.get(to..to + kept.len()) != Some(kept) {
            return Err(format!("bytes {from}..{} changed", range.start));
        }
        to += kept.len();
        if after.get(to..to + edit.new_text.len()) != Some(edit.new_text.as_str()) {
            return Err(format!("the edit at {range:?} was not applied as it says"));
        }
        to += edit.new_text.len();
        from = range.end;
    }
    match after.get(to..) == Some(&before[from..]) {
        true => Ok(()),
        false => Err(format!("bytes from {from} on changed")),
    }
}

/// `--fix --unsafe-fixes` on one fixture (written with `newline` between lines): the file parses
/// as well as before, strict JSON when it was, its fixable findings are gone, and it differs from
/// the original by the edits of those fixes alone, pass after pass.
fn check_fixture(path: &Path, newline: &str) -> Result<(), String> {
    let original = fs::read_to_string(path).unwrap().replace('\n', newline);
    let name = format!(
        "fix-{}-{}",
        path.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy(),
        newline.len()
    );
    let dir = scratch(&name);
    write(&dir, "bundle.json", original.as_bytes());
    let run = zis_lint_in(
        &dir,
        &[
            "check",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "json",
            "bundle.json",
        ],
        b"",
    );
    let fixed = fs::read_to_string(dir.join("bundle.json")).unwrap();
    if run.code == 2 {
        return Err(format!("exit code 2: {}", run.stderr));
    }
    if invalid(&original) == 0 {
        serde_json::from_str::<serde_json::Value>(&fixed)
            .map_err(|err| format!("the fixed file is not JSON: {err}"))?;
    } else if invalid(&fixed) > invalid(&original) {
        return Err("the fixed file has more syntax errors".into());
    }
    // What the binary reports: no finding left with a fix, and fewer of each fixed one.
    let report = json(&run);
    let left = report["diagnostics"].as_array().unwrap();
    if let Some(still) = left.iter().find(|d| d.get("fix").is_some()) {
        return Err(format!("a finding with a fix is left: {still}"));
    }
    let before = analyze(&original, &Config::default());
    for diagnostic in before.diagnostics.iter().filter(|d| d.fix.is_some()) {
        let same = |d: &&serde_json::Value| {
            d["code"] == diagnostic.rule.code() && d["message"] == diagnostic.message.as_str()
        };
        let alike = before
            .diagnostics
            .iter()
            .filter(|d| d.rule == diagnostic.rule && d.message == diagnostic.message)
            .count();
        if left.iter().filter(same).count() >= alike {
            return Err(format!(
                "{} `{}` is still there",
                diagnostic.rule.code(),
                diagnostic.message
            ));
        }
    }
    // Each pass changed the text by the edits of the fixes of its findings, and nothing else.
    let passes = fix_all(&original, &Config::default(), Applying::All);
    if passes.text != fixed {
        return Err("the binary wrote other text than the fixes make".into());
    }
    let mut text = original.clone();
    for pass in &passes.passes {
        let analysis = analyze(&text, &Config::default());
        let mut edits = Vec::new();
        for applied in &pass.applied {
            let found = analysis.diagnostics.iter().find(|d| {
                d.rule == applied.rule && d.range == applied.range && d.message == applied.message
            });
            let fix = found.and_then(|d| d.fix.as_ref());
            let fix = fix.ok_or_else(|| format!("no such finding: {applied:?}"))?;
            edits.extend(fix.edits.iter().cloned());
        }
        if edits != pass.edits {
            return Err(format!("a pass applied other edits: {:?}", pass.edits));
        }
        let next = zis_analysis::fix::apply(&text, &edits);
        only_the_edits(&text, &next, &edits)?;
        text = next;
    }
    if newline == "\r\n" && fixed.replace("\r\n", "").contains('\n') {
        return Err("a line break other than the file's own was written".into());
    }
    fs::remove_dir_all(dir).ok();
    Ok(())
}

#[test]
fn fix_applies_every_fixture_fix_and_changes_nothing_else() {
    let fixtures = fixable_fixtures();
    assert!(
        fixtures.len() >= 40,
        "{} fixtures with fixes",
        fixtures.len()
    );
    let mut failures = Vec::new();
    for path in &fixtures {
        for newline in ["\n", "\r\n"] {
            if let Err(failure) = check_fixture(path, newline) {
                failures.push(format!("{} ({newline:?}): {failure}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const MISTAKES: &str = "examples/notify_on_urgent_ticket_with_mistakes.json";

fn mistakes() -> String {
    fs::read_to_string(repository().join(MISTAKES)).unwrap()
}

#[test]
fn fix_applies_safe_fixes_and_names_the_unsafe_ones_left() {
    let dir = scratch("fix-safe-only");
    write(&dir, "bundle.json", mistakes().as_bytes());
    let run = zis_lint_in(
        &dir,
        &["check", "--fix", "--format", "json", "bundle.json"],
        b"",
    );
    let fixed = fs::read_to_string(dir.join("bundle.json")).unwrap();
    // The misspelt `Next` with one close state name and the missing `End`.
    let expected = mistakes()
        .replace("\"Next\": \"TagTicekt\"", "\"Next\": \"TagTicket\"")
        .replace(
            "\"ResultPath\": \"$.tagged\"\n",
            "\"ResultPath\": \"$.tagged\",\n              \"End\": true\n",
        );
    assert_eq!(fixed, expected);
    let report = json(&run);
    let left: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // A literal that looks like a path, and an event type: fixing either changes what runs.
    assert_eq!(left, ["ZIS112", "ZIS301"]);
    assert_eq!(run.code, 1, "an error is left");
    assert_eq!(
        run.stderr,
        "fixed 2 problems in 1 file; 2 more with --unsafe-fixes, which may change what a bundle does\n"
    );

    let run = zis_lint_in(
        &dir,
        &["check", "--fix", "--unsafe-fixes", "bundle.json"],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "no problems in 1 file\n");
    assert_eq!(run.stderr, "fixed 2 problems in 1 file\n");
    let fixed = fs::read_to_string(dir.join("bundle.json")).unwrap();
    assert!(fixed.contains("\"ticket_id.$\": \"$.input.ticket_event.ticket.id\""));
    assert!(fixed.contains("\"event_type\": \"ticket.TicketCreated\""));

    // Unsafe fixes are a kind of fixing, not a way of linting.
    let run = zis_lint_in(&dir, &["check", "--unsafe-fixes", "bundle.json"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--fix"), "{}", run.stderr);
}

/// GNU `patch`, if it can be run (CI must have it).
fn patch() -> Option<()> {
    let found = Command::new("patch").arg("--version").output().is_ok();
    if !found {
        support::skip("GNU `patch` is not installed (apt-get install patch)");
    }
    found.then_some(())
}

#[test]
fn diff_changes_nothing_and_patch_applies_it() {
    let dir = scratch("fix-diff");
    // A file without a line break at its end, one with CRLF, and one with nothing to fix.
    let mistakes = mistakes();
    let files = [
        ("flows/a.json", mistakes.trim_end().to_string()),
        ("b.json", mistakes.replace('\n', "\r\n")),
        (
            "clean.json",
            fs::read_to_string(repository().join("tests/cli/good/bundle.json")).unwrap(),
        ),
    ];
    for (name, text) in &files {
        write(&dir, name, text.as_bytes());
    }
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    let run = zis_lint_in(
        &dir,
        &[&["check", "--diff", "--unsafe-fixes"][..], &names].concat(),
        b"",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "would fix 8 problems in 2 files\n");
    for (name, text) in &files {
        assert_eq!(
            &fs::read_to_string(dir.join(name)).unwrap(),
            text,
            "{name} unchanged"
        );
    }
    assert!(
        run.stdout
            .starts_with("--- flows/a.json\n+++ flows/a.json\n@@ "),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("clean.json"));

    // Nothing to fix: no diff, exit code 0.
    let clean = zis_lint_in(&dir, &["check", "--diff", "clean.json"], b"");
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));

    let Some(()) = patch() else { return };
    let diff = dir.join("fixes.diff");
    fs::write(&diff, &run.stdout).unwrap();
    // `--binary` keeps the carriage returns of the CRLF file's lines as they are.
    let patched = Command::new("patch")
        .args(["-p0", "--binary", "--input"])
        .arg(&diff)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        patched.status.success(),
        "{}",
        String::from_utf8_lossy(&patched.stdout)
    );
    for (name, text) in &files {
        let expected = fix_all(text, &Config::default(), Applying::All).text;
        assert_eq!(
            fs::read_to_string(dir.join(name)).unwrap(),
            expected,
            "{name}"
        );
    }
    let again = zis_lint_in(
        &dir,
        &[&["check", "--diff", "--unsafe-fixes"][..], &names].concat(),
        b"",
    );
    assert_eq!(
        (again.code, again.stdout.as_str()),
        (0, ""),
        "nothing left to fix"
    );
}

#[test]
fn stdin_with_fix_writes_the_fixed_text_to_stdout() {
    let dir = scratch("fix-stdin");
    let run = zis_lint_in(&dir, &["check", "--fix", "-"], mistakes().as_bytes());
    assert_eq!(
        run.stdout,
        fix_all(&mistakes(), &Config::default(), Applying::Safe).text
    );
    // The report goes to stderr, where it cannot mix with the text.
    assert!(run.stderr.contains("error[ZIS301]"), "{}", run.stderr);
    assert!(run.stderr.ends_with("fixed 2 problems in 1 file; 2 more with --unsafe-fixes, which may change what a bundle does\n"));
    assert_eq!(run.code, 1);
    // Text that is no bundle comes back as it went in.
    let run = zis_lint_in(&dir, &["check", "--fix", "-"], b"{\"a\": [1,]}");
    assert_eq!(run.stdout, "{\"a\": [1,]}");
}

/// A file size limit on the process: writing past it ends the process with SIGXFSZ, in the
/// middle of writing the fixed bundle. The bundle must be as it was.
#[cfg(unix)]
#[test]
fn an_interrupted_write_leaves_the_original() {
    let dir = scratch("fix-interrupted");
    // A large bundle: the misspelt state name in a flow of many states.
    let padding: String = (0..2000)
        .map(|i| format!("\"Pad{i}\": {{\"Type\": \"Succeed\"}},\n            "))
        .collect();
    let original = mistakes().replacen(
        "\"ChatFailed\": {",
        &format!("{padding}\"ChatFailed\": {{"),
        1,
    );
    assert!(original.len() > 64 * 1024);
    write(&dir, "big.json", original.as_bytes());
    let limited = Command::new("sh")
        .arg("-c")
        // In blocks of 512 bytes (1024 in some shells): far less than the bundle.
        .arg("ulimit -f 16 && exec \"$0\" check --fix big.json")
        .arg(env!("CARGO_BIN_EXE_zis-lint"))
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!limited.status.success(), "the write was interrupted");
    let after = fs::read_to_string(dir.join("big.json")).unwrap();
    assert!(
        after == original,
        "the bundle was left with {} of its {} bytes",
        after.len(),
        original.len()
    );
    let left: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") && name != "zis-lint.json")
        .collect();
    assert_eq!(left, ["big.json"], "no other JSON file is left behind");
    // Without the limit, the same run does change the file.
    let run = zis_lint_in(&dir, &["check", "--fix", "big.json"], b"");
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert_ne!(fs::read_to_string(dir.join("big.json")).unwrap(), original);
}
