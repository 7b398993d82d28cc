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
