//! Hostile files through the whole program: the process always ends by itself with a clear
//! message and the documented exit code, and what it prints is valid UTF-8 whatever it read.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn zis_lint(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zis-lint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zis-lint starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().expect("zis-lint exits, not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A scratch folder holding `files`, with an empty configuration so that the lookup of
/// `zis-lint.json` stays inside it.
fn folder(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("zis-lint.json"), "{}").unwrap();
    for (file, contents) in files {
        fs::write(dir.join(file), contents).unwrap();
    }
    dir
}

fn bad_bundle() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/bad/bundle.json");
    fs::read_to_string(path).unwrap()
}

/// Code, line and column of each finding of a JSON report.
fn positions(run: &Run) -> Vec<(String, u64, u64)> {
    let report: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn invalid_utf8_names_where_it_came_from() {
    let latin1 = b"{\"name\": \"caf\xe9\"}";
    let dir = folder("utf8", &[("nested.json", latin1)]);
    let from_stdin = zis_lint(&dir, &["check", "-"], latin1);
    assert_eq!(from_stdin.code, 2);
    assert_eq!(
        from_stdin.stderr,
        "error: <stdin>: not valid UTF-8 text (byte 13)\n"
    );
    let walked = zis_lint(&dir, &["check", "."], b"");
    assert_eq!(walked.code, 2);
    assert!(
        walked
            .stderr
            .contains("nested.json: not valid UTF-8 text (byte 13)"),
        "{}",
        walked.stderr
    );
}

/// The main thread parses a bundle nested 100,000 levels deep: one error, no stack overflow.
#[test]
fn deep_nesting_is_one_error() {
    let deep = format!(
        "{{\"zis_template_version\": \"2019-10-14\", \"name\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let dir = folder("deep", &[("deep.json", deep.as_bytes())]);
    let run = zis_lint(&dir, &["check", "--format", "json", "deep.json"], b"");
    assert_eq!(run.code, 1);
    let nesting: Vec<_> = positions(&run)
        .into_iter()
        .filter(|(code, ..)| code == "ZIS001")
        .collect();
    assert_eq!(nesting.len(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("nesting deeper than 512 levels"));
}

/// A NUL byte is reported, and the report is still text a terminal can take.
#[test]
fn nul_bytes_are_reported() {
    let text = "{\"zis_template_version\": \"2019-10-14\", \"name\": \"a\0b\", \"resources\": {}}";
    let dir = folder("nul", &[("nul.json", text.as_bytes())]);
    let run = zis_lint(&dir, &["check", "--color", "never", "nul.json"], b"");
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("error[ZIS001]: unescaped control character U+0000 in string"),
        "{}",
        run.stdout
    );
}

/// CRLF line endings and a byte order mark change no line or column.
#[test]
fn crlf_and_byte_order_mark_keep_positions() {
    let text = bad_bundle();
    let crlf = text.replace('\n', "\r\n");
    let bom = format!("\u{feff}{text}");
    let dir = folder(
        "positions",
        &[
            ("lf.json", text.as_bytes()),
            ("crlf.json", crlf.as_bytes()),
            ("bom.json", bom.as_bytes()),
        ],
    );
    let lf = zis_lint(&dir, &["check", "--format", "json", "lf.json"], b"");
    assert!(!positions(&lf).is_empty());
    for other in ["crlf.json", "bom.json"] {
        let run = zis_lint(&dir, &["check", "--format", "json", other], b"");
        assert_eq!(run.code, lf.code, "{other}");
        assert_eq!(positions(&run), positions(&lf), "{other}");
    }
}

/// Files that are not bundles at all are skipped with a note, whatever they hold.
#[test]
fn empty_null_and_array_files_are_not_bundles() {
    let files: &[(&str, &[u8])] = &[
        ("empty.json", b""),
        ("null.json", b"null"),
        ("array.json", b"[1, 2, {\"a\": []}]"),
        ("bom.json", "\u{feff}".as_bytes()),
    ];
    let dir = folder("not-bundles", files);
    for (file, _) in files {
        let run = zis_lint(&dir, &["check", file], b"");
        assert_eq!(run.code, 0, "{file}");
        assert!(
            run.stderr
                .contains(&format!("note: {file}: not a ZIS bundle")),
            "{file}: {}",
            run.stderr
        );
    }
}

/// A minified bundle: one line, a long description of two-byte characters and a Comment of
/// four-byte ones around the flow.
fn minified_bundle() -> String {
    format!(
        concat!(
            r#"{{"zis_template_version":"2019-10-14","name":"mini","description":"{}","#,
            r#""resources":{{"flow":{{"type":"ZIS::Flow","properties":{{"name":"flow","#,
            r#""definition":{{"StartAt":"Start","States":{{"Start":{{"Type":"Pass","#,
            r#""Comment":"{}","Next":"Gone"}}}}}}}}}}}}}}"#
        ),
        "é".repeat(150),
        "😀".repeat(60)
    )
}

#[test]
fn long_lines_are_shown_as_a_window_around_each_finding() {
    let dir = folder("minified", &[("mini.json", minified_bundle().as_bytes())]);
    let run = zis_lint(&dir, &["check", "mini.json"], b"");
    assert_eq!(run.code, 1);
    let expected = r#"warning[ZIS406]: flow `flow` is never started: no job spec's `flow_name` names it
  ┌─ mini.json:1:280
  │
1 │ …"type":"ZIS::Flow","properties":{"name":"flow","definition":{"StartAt":"Start","States…
  │                                          ^^^^^^

error[ZIS105]: no state of this flow can end it: none has `"End": true`, and there is no `Succeed` or `Fail` state
  ┌─ mini.json:1:319
  │
1 │ …:"flow","definition":{"StartAt":"Start","States":{"Start":{"Type":"Pass","Comment":"😀…
  │                                          ^^^^^^^^

error[ZIS101]: `Gone` is not a state of this flow
  ┌─ mini.json:1:432
  │
1 │ …😀😀😀😀😀😀😀😀","Next":"Gone"}}}}}}}
  │                           ^^^^^^

2 errors, 1 warning in 1 file
"#;
    assert_eq!(run.stdout, expected);
    // The columns are those the other formats give.
    let json = zis_lint(&dir, &["check", "mini.json", "--format", "json"], b"");
    assert_eq!(
        positions(&json),
        [
            ("ZIS406".to_owned(), 1, 280),
            ("ZIS105".to_owned(), 1, 319),
            ("ZIS101".to_owned(), 1, 432)
        ]
    );
}

/// A minified bundle whose Pass states each reach a state that does not exist: one ZIS101 a
/// state, all on one line.
fn dangling_states_on_one_line(states: usize) -> String {
    let states: Vec<String> = (0..states)
        .map(|i| format!(r#""S{i}":{{"Type":"Pass","Next":"Gone{i}"}}"#))
        .collect();
    format!(
        concat!(
            r#"{{"zis_template_version":"2019-10-14","name":"mini","resources":{{"flow":{{"#,
            r#""type":"ZIS::Flow","properties":{{"name":"flow","definition":{{"#,
            r#""StartAt":"S0","States":{{{}}}}}}}}}}}}}"#
        ),
        states.join(",")
    )
}

#[test]
fn pretty_output_per_finding_does_not_grow_with_the_line() {
    let bytes_per_finding = |states: usize| {
        let dir = folder(
            &format!("one-line-{states}"),
            &[("mini.json", dangling_states_on_one_line(states).as_bytes())],
        );
        let run = zis_lint(&dir, &["check", "mini.json"], b"");
        let findings = run.stdout.matches("error[ZIS101]").count();
        assert_eq!(findings, states);
        run.stdout.len() / findings
    };
    let (few, many) = (bytes_per_finding(10), bytes_per_finding(2_000));
    assert!(
        many <= few + 8,
        "{few} bytes a finding for 10, {many} for 2,000"
    );
}

#[test]
fn pretty_output_keeps_the_order_of_the_findings_however_many() {
    // Enough findings to be rendered over several threads.
    let dir = folder(
        "ordered",
        &[("mini.json", dangling_states_on_one_line(1_000).as_bytes())],
    );
    let pretty = zis_lint(&dir, &["check", "mini.json"], b"");
    let shown: Vec<(String, u64, u64)> = pretty
        .stdout
        .split("\n\n")
        .filter_map(|finding| {
            let code = finding.split_once('[')?.1.split_once(']')?.0;
            let (line, column) = finding
                .split_once("┌─ mini.json:")?
                .1
                .split_once('\n')?
                .0
                .split_once(':')?;
            Some((code.to_owned(), line.parse().ok()?, column.parse().ok()?))
        })
        .collect();
    let json = zis_lint(&dir, &["check", "mini.json", "--format", "json"], b"");
    let expected = positions(&json);
    let dangling = expected.iter().filter(|(code, ..)| code == "ZIS101");
    assert_eq!(dangling.count(), 1_000);
    assert_eq!(shown, expected);
}
