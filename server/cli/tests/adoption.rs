//! Adopting zis-lint on bundles that already have findings: per-file `overrides`, a baseline
//! that accepts today's findings (written, edited above, moved, gone stale), and suppressions in
//! `zis-lint.json` and in a state's `Comment`, end to end through the binary.

use std::fs;
use std::path::Path;

use serde_json::Value;

mod common;
use common::*;

const MISTAKES: &str = "examples/notify_on_urgent_ticket_with_mistakes.json";

/// A bundle with four findings: ZIS101 (`TagTicekt`), ZIS103 (`TagTicket` has no `End`), ZIS112
/// (`ticket_id` holds a path) and ZIS301 (`ticket.TicketCreatd`).
fn mistakes() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(MISTAKES)).unwrap()
}

/// (path, code, severity, line) of each finding of a JSON report.
fn findings(run: &Run) -> Vec<(String, String, String, u64)> {
    let report: Value = json(run);
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn found(list: &[(&str, &str, &str, u64)]) -> Vec<(String, String, String, u64)> {
    list.iter()
        .map(|&(path, code, severity, line)| (path.into(), code.into(), severity.into(), line))
        .collect()
}

/// The line of `text` that holds `needle`, from 1.
fn line_of(text: &str, needle: &str) -> u64 {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    text[..at].matches('\n').count() as u64 + 1
}

#[test]
fn overrides_apply_to_the_files_they_name_later_entries_winning() {
    let root = scratch("adoption-overrides");
    let dir = root.join("project");
    let config = r#"{
  "integration": "acme_chat",
  "rules": {"ZIS112": "hint"},
  "overrides": [
    {"files": ["legacy/**"], "rules": {"ZIS301": "off", "path-without-suffix": "error"}},
    {"files": ["legacy/keep/*.json"], "rules": {"ZIS301": "warning"}, "integration": "other"}
  ]
}"#;
    write(&dir, "zis-lint.json", config.as_bytes());
    for name in ["new/a.json", "legacy/b.json", "legacy/keep/c.json"] {
        write(&dir, name, mistakes().as_bytes());
    }
    let run = zis_lint_in(&dir, &["check", "--format", "json", "new", "legacy"], b"");
    let (a, b, c) = (
        |code, severity, line| ("new/a.json", code, severity, line),
        |code, severity, line| ("legacy/b.json", code, severity, line),
        |code, severity, line| ("legacy/keep/c.json", code, severity, line),
    );
    let expected = found(&[
        a("ZIS101", "error", 78),
        a("ZIS103", "error", 80),
        a("ZIS112", "hint", 84),
        a("ZIS301", "error", 106),
        b("ZIS101", "error", 78),
        b("ZIS103", "error", 80),
        b("ZIS112", "error", 84),
        // The second entry: its own integration key, and ZIS301 back on at its level.
        c("ZIS405", "warning", 65),
        c("ZIS101", "error", 78),
        c("ZIS103", "error", 80),
        c("ZIS405", "warning", 82),
        c("ZIS112", "error", 84),
        c("ZIS301", "warning", 106),
        c("ZIS405", "warning", 107),
    ]);
    assert_eq!(findings(&run), expected, "{}", run.stderr);

    // The globs are relative to the configuration, wherever the project is and whatever the
    // working folder: moved, and checked from inside a folder it names.
    let moved = root.join("moved");
    fs::rename(&dir, &moved).unwrap();
    let run = zis_lint_in(
        &moved.join("legacy"),
        &["check", "--format", "json", "b.json"],
        b"",
    );
    let in_legacy: Vec<_> = expected
        .iter()
        .filter(|(path, ..)| path == "legacy/b.json")
        .map(|(_, code, severity, line)| {
            ("b.json".to_string(), code.clone(), severity.clone(), *line)
        })
        .collect();
    assert_eq!(findings(&run), in_legacy);
}

#[test]
fn a_baseline_accepts_todays_findings_and_reports_new_ones() {
    let root = scratch("adoption-baseline");
    let dir = root.join("project");
    write(
        &dir,
        "zis-lint.json",
        br#"{"baseline": "zis-lint-baseline.json"}"#,
    );
    write(&dir, "flows/a.json", mistakes().as_bytes());
    write(&dir, "flows/b.json", mistakes().as_bytes());

    // Written: one line per finding, sorted, the same bytes each time.
    let run = zis_lint_in(
        &dir,
        &[
            "check",
            "--write-baseline",
            "zis-lint-baseline.json",
            "flows",
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "wrote 8 findings to zis-lint-baseline.json; later runs with the baseline report only new findings\n"
    );
    let baseline = fs::read_to_string(dir.join("zis-lint-baseline.json")).unwrap();
    let entries = |file: &str| {
        [
            format!(r#"    {{"file": "{file}", "rule": "ZIS101", "text": "\"TagTicekt\""}}"#),
            format!(r#"    {{"file": "{file}", "rule": "ZIS103", "text": "\"TagTicket\""}}"#),
            format!(r#"    {{"file": "{file}", "rule": "ZIS112", "text": "\"ticket_id\""}}"#),
            format!(
                r#"    {{"file": "{file}", "rule": "ZIS301", "text": "\"ticket.TicketCreatd\""}}"#
            ),
        ]
    };
    let lines: Vec<String> = entries("flows/a.json")
        .into_iter()
        .chain(entries("flows/b.json"))
        .collect();
    assert_eq!(
        baseline,
        format!(
            "{{\n  \"zis-lint-baseline\": 1,\n  \"findings\": [\n{}\n  ]\n}}\n",
            lines.join(",\n")
        )
    );
    zis_lint_in(
        &dir,
        &[
            "check",
            "--write-baseline",
            "zis-lint-baseline.json",
            "flows",
        ],
        b"",
    );
    assert_eq!(
        fs::read_to_string(dir.join("zis-lint-baseline.json")).unwrap(),
        baseline
    );

    // Accepted, and still after lines are added above the findings and the file re-indented.
    let run = zis_lint_in(&dir, &["check", "flows"], b"");
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems in 2 files\n")
    );
    let edited = mistakes()
        .replace("\"resources\": {", "\"resources\": {\n\n\n")
        .replace("                \"ticket_id\"", "\t\t\"ticket_id\"");
    write(&dir, "flows/a.json", edited.as_bytes());
    let run = zis_lint_in(&dir, &["check", "flows"], b"");
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems in 2 files\n")
    );

    // A new finding is reported, alone.
    let broken = mistakes().replace("\"Default\": \"NotUrgent\"", "\"Default\": \"NotUrgnt\"");
    write(&dir, "flows/b.json", broken.as_bytes());
    let run = zis_lint_in(&dir, &["check", "--format", "json", "flows"], b"");
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&run),
        found(&[("flows/b.json", "ZIS101", "error", 52)])
    );

    // Fixing accepted findings leaves their entries stale: hints in the baseline, at the entry.
    let run = zis_lint_in(
        &dir,
        &["check", "--fix", "--format", "json", "flows/a.json"],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        findings(&run),
        found(&[
            ("zis-lint-baseline.json", "ZIS901", "hint", 4),
            ("zis-lint-baseline.json", "ZIS901", "hint", 5),
        ])
    );
    let report: Value = json(&run);
    assert_eq!(
        report["diagnostics"][0]["message"],
        "this baseline entry matches no ZIS101 (unknown-state) finding at `\"TagTicekt\"` in `flows/a.json` any more; write the baseline again to drop it"
    );
    assert_eq!(
        report["summary"]["files"], 1,
        "the baseline is not counted as a bundle"
    );

    // A bundle moved elsewhere: its findings are new there, its entries name a file that is gone.
    fs::create_dir_all(dir.join("other")).unwrap();
    fs::rename(dir.join("flows/b.json"), dir.join("other/b.json")).unwrap();
    let run = zis_lint_in(&dir, &["check", "--format", "json", "flows", "other"], b"");
    let moved: Vec<(String, String)> = findings(&run)
        .into_iter()
        .map(|(path, code, _, line)| (path, format!("{code}@{line}")))
        .collect();
    let expected: Vec<(String, String)> = [
        ("other/b.json", "ZIS101@52"),
        ("other/b.json", "ZIS101@78"),
        ("other/b.json", "ZIS103@80"),
        ("other/b.json", "ZIS112@84"),
        ("other/b.json", "ZIS301@106"),
        ("zis-lint-baseline.json", "ZIS901@4"),
        ("zis-lint-baseline.json", "ZIS901@5"),
        ("zis-lint-baseline.json", "ZIS901@8"),
        ("zis-lint-baseline.json", "ZIS901@9"),
        ("zis-lint-baseline.json", "ZIS901@10"),
        ("zis-lint-baseline.json", "ZIS901@11"),
    ]
    .iter()
    .map(|&(path, what)| (path.to_string(), what.to_string()))
    .collect();
    assert_eq!(moved, expected);
    let report: Value = json(&run);
    let gone = report["diagnostics"].as_array().unwrap().last().unwrap();
    assert_eq!(
        gone["message"],
        "this baseline entry names `flows/b.json`, which does not exist; write the baseline again to drop it"
    );

    // The whole project moved and checked from outside it: entries are relative to the
    // baseline, so `flows/a.json` is still the file they name.
    fs::rename(dir.join("other/b.json"), dir.join("flows/b.json")).unwrap();
    write(&dir, "flows/b.json", mistakes().as_bytes());
    let moved = root.join("moved");
    fs::rename(&dir, &moved).unwrap();
    let run = zis_lint_in(
        &root,
        &["check", "--format", "json", "moved/flows/b.json"],
        b"",
    );
    assert_eq!(findings(&run), Vec::new(), "{}", run.stdout);
}

#[test]
fn a_baseline_from_the_command_line_and_one_written_for_some_files() {
    let dir = scratch("adoption-baseline-option");
    write(&dir, "a.json", mistakes().as_bytes());
    write(&dir, "b.json", mistakes().as_bytes());
    let run = zis_lint_in(
        &dir,
        &[
            "check",
            "--write-baseline",
            "accepted.json",
            "a.json",
            "b.json",
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Without `--baseline` (and none in the configuration), every finding is reported.
    assert_eq!(zis_lint_in(&dir, &["check", "a.json"], b"").code, 1);
    let run = zis_lint_in(
        &dir,
        &["check", "--baseline", "accepted.json", "a.json", "b.json"],
        b"",
    );
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no problems in 2 files\n")
    );

    // Writing for one file keeps the entries of the other, which still exists.
    let fixed = mistakes().replace("\"TagTicekt\"", "\"TagTicket\"");
    write(&dir, "a.json", fixed.as_bytes());
    zis_lint_in(
        &dir,
        &["check", "--write-baseline", "accepted.json", "a.json"],
        b"",
    );
    let text = fs::read_to_string(dir.join("accepted.json")).unwrap();
    assert_eq!(text.matches("\"file\": \"a.json\"").count(), 3);
    assert_eq!(text.matches("\"file\": \"b.json\"").count(), 4);

    // A missing or broken baseline is an error, never an empty one.
    let run = zis_lint_in(
        &dir,
        &["check", "--baseline", "missing.json", "a.json"],
        b"",
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: missing.json: no such file or directory\n"
    );
    write(&dir, "broken.json", b"{\"findings\": []}");
    let run = zis_lint_in(&dir, &["check", "--baseline", "broken.json", "a.json"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("broken.json:1:1: invalid baseline: not a baseline"),
        "{}",
        run.stderr
    );
    // Nor is another file overwritten by a baseline.
    let run = zis_lint_in(
        &dir,
        &["check", "--write-baseline", "a.json", "b.json"],
        b"",
    );
    assert_eq!(run.code, 2);
    assert_eq!(fs::read_to_string(dir.join("a.json")).unwrap(), fixed);
}

#[test]
fn suppressions_by_pointer_and_in_a_comment() {
    let dir = scratch("adoption-suppress");
    let config = r#"{
  "suppress": [
    {"file": "flows/a.json", "path": "/resources/urgent_ticket_flow/properties/definition/States/TagTicket",
     "rules": ["ZIS103", "path-without-suffix"], "reason": "tagging is replaced next quarter"},
    {"file": "flows/*.json", "path": "/resources/urgent_ticket_job", "rules": ["ZIS301"],
     "reason": "the deploy script renames the event"},
    {"file": "flows/gone.json", "path": "", "rules": ["ZIS101"], "reason": "the file was removed"},
    {"file": "flows/a.json", "path": "/resources/nowhere", "rules": ["ZIS101"], "reason": "moved"}
  ]
}"#;
    write(&dir, "zis-lint.json", config.as_bytes());
    write(&dir, "flows/a.json", mistakes().as_bytes());
    let run = zis_lint_in(&dir, &["check", "--format", "json", "flows"], b"");
    assert_eq!(
        findings(&run),
        found(&[
            ("flows/a.json", "ZIS101", "error", 78),
            ("zis-lint.json", "ZIS902", "hint", 7),
            ("zis-lint.json", "ZIS902", "hint", 8),
        ])
    );
    let report: Value = json(&run);
    assert_eq!(
        report["diagnostics"][1]["message"],
        "this suppression names `flows/gone.json`, which does not exist; remove it"
    );
    assert_eq!(
        report["diagnostics"][2]["message"],
        "this suppression covers nothing: `flows/a.json` has no ZIS101 finding under `/resources/nowhere`; remove it, or correct its `path`"
    );

    // In the state's own `Comment`, which moves with it.
    let commented = mistakes().replace(
        "\"Type\": \"Action\",\n              \"ActionName\": \"zis:acme_chat:action:post_to_chat\",",
        "\"Type\": \"Action\",\n              \"Comment\": \"zis-lint-ignore ZIS101: renamed in the next release\",\n              \"ActionName\": \"zis:acme_chat:action:post_to_chat\",",
    );
    assert_ne!(commented, mistakes());
    write(&dir, "flows/a.json", commented.as_bytes());
    write(&dir, "zis-lint.json", b"{}");
    let run = zis_lint_in(&dir, &["check", "--format", "json", "flows"], b"");
    assert_eq!(
        findings(&run),
        found(&[
            ("flows/a.json", "ZIS103", "error", 81),
            ("flows/a.json", "ZIS112", "warning", 85),
            ("flows/a.json", "ZIS301", "error", 107),
        ])
    );
    // Once the state is fixed, the suppression covers nothing and says so where it is.
    let fixed = commented.replace("\"TagTicekt\"", "\"TagTicket\"");
    write(&dir, "flows/a.json", fixed.as_bytes());
    let run = zis_lint_in(&dir, &["check", "--format", "json", "flows"], b"");
    let comment = line_of(&fixed, "zis-lint-ignore");
    assert!(findings(&run).contains(&(
        "flows/a.json".into(),
        "ZIS902".into(),
        "hint".into(),
        comment
    )));
}
