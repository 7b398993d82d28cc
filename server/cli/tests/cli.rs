//! The `zis-lint` binary end to end: exit codes, the four output formats, stdin, folder walks,
//! configuration and the rule pages.
//!
//! Fixtures live in `tests/cli/` at the repository root; trees that git cannot hold as they are
//! (`node_modules`, bytes that are not UTF-8) are built in a scratch folder per test.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;
use zis_analysis::Rule;

mod common;
use common::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli")
}

fn zis_lint(args: &[&str]) -> Run {
    zis_lint_in(&fixtures(), args, b"")
}

/// The distinct paths of a JSON report, in order.
fn paths(report: &Value) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        let path = diagnostic["path"].as_str().unwrap().to_owned();
        if paths.last() != Some(&path) {
            paths.push(path);
        }
    }
    paths
}

fn bad_bundle() -> Vec<u8> {
    fs::read(fixtures().join("bad/bundle.json")).unwrap()
}

#[test]
fn exit_codes() {
    let clean = zis_lint(&["check", "good"]);
    assert_eq!(
        (clean.code, clean.stdout.as_str()),
        (0, "no problems in 1 file\n")
    );
    assert_eq!(zis_lint(&["check", "bad"]).code, 1);

    let missing = zis_lint(&["check", "missing.json", "good"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "error: missing.json: no such file or directory\n"
    );
    // An error is never followed by "no problems".
    assert_eq!(
        missing.stdout,
        "1 path not checked (see the errors above); 1 file checked\n"
    );

    // Usage errors, reported by the argument parser.
    assert_eq!(zis_lint(&["check"]).code, 2);
    assert_eq!(zis_lint(&["check", "--format", "xml", "good"]).code, 2);
    assert_eq!(zis_lint(&[]).code, 2);
}

#[test]
fn version() {
    let run = zis_lint(&["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("zis-lint {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn pretty_format() {
    let run = zis_lint(&["check", "bad", "--color", "never"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("pretty", run.stdout);
    // Not a terminal, so `auto` (the default) means no colour.
    assert_eq!(zis_lint(&["check", "bad"]).stdout, run.stdout);
}

#[test]
fn pretty_colour_on_request() {
    let run = zis_lint(&["check", "bad", "--color", "always"]);
    assert!(run.stdout.contains("\u{1b}["), "{}", run.stdout);
    assert!(!zis_lint(&["check", "bad", "--color", "never"])
        .stdout
        .contains('\u{1b}'));
}

#[test]
fn json_format() {
    let run = zis_lint(&["check", "bad", "--format", "json"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("json", run.stdout);
}

#[test]
fn json_format_keeps_the_contract_fields() {
    let report = json(&zis_lint(&["check", "bad", "--format", "json"]));
    let top: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["diagnostics", "summary"]);
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        let mut keys: Vec<&str> = diagnostic
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|&key| key != "fix")
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["code", "end", "message", "name", "path", "severity", "start"]
        );
        for end in ["start", "end"] {
            assert!(diagnostic[end]["line"].as_u64().unwrap() >= 1);
            assert!(diagnostic[end]["column"].as_u64().unwrap() >= 1);
        }
    }
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 1, "errors": 1, "warnings": 2, "infos": 0, "hints": 0})
    );
}

#[test]
fn github_format() {
    let run = zis_lint(&["check", "bad", "--format", "github"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("github", run.stdout);
}

#[test]
fn github_format_escapes_paths() {
    let dir = scratch("github-escapes");
    write(&dir, "a,b:c%.json", &bad_bundle());
    let run = zis_lint_in(&dir, &["check", ".", "--format", "github"], b"");
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=a%2Cb%3Ac%25.json,line=2,col=3,"),
        "{first}"
    );
}

#[test]
fn sarif_format() {
    let run = zis_lint(&["check", "bad", "--format", "sarif"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    let log = json(&run);
    validate_sarif(&log);
    // The rule metadata is the rule pages, checked on their own; the results are exact, as
    // printed.
    let results = &run.stdout[run.stdout.find("\"results\": [").unwrap()..];
    insta::assert_snapshot!("sarif_results", results);
}

#[test]
fn sarif_columns_count_utf16_code_units() {
    let log = json(&zis_lint(&["check", "unicode", "--format", "sarif"]));
    validate_sarif(&log);
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    // `é` is one unit, `😀` two: one more than the JSON format's 54.
    assert_eq!(
        region,
        &serde_json::json!({"startLine": 3, "startColumn": 55, "endLine": 3, "endColumn": 63})
    );
}

#[test]
fn json_columns_count_unicode_scalar_values() {
    let report = json(&zis_lint(&["check", "unicode", "--format", "json"]));
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["code"], "ZIS006");
    assert_eq!(
        diagnostic["start"],
        serde_json::json!({"line": 3, "column": 54})
    );
    assert_eq!(
        diagnostic["end"],
        serde_json::json!({"line": 3, "column": 62})
    );
    let github = zis_lint(&["check", "unicode", "--format", "github"]);
    assert!(
        github
            .stdout
            .contains(",line=3,col=54,endLine=3,endColumn=62,"),
        "{}",
        github.stdout
    );
}

/// Each of `\n`, `\r\n` and a lone `\r` breaks a line, as editors and LSP count them; a fix
/// that adds a line uses the document's own line break.
#[test]
fn every_line_break_counts_the_same() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/notify_on_urgent_ticket_with_mistakes.json");
    let lf = fs::read_to_string(example).unwrap();
    assert!(!lf.contains('\r'));
    let run = |text: &str, format: &str| {
        zis_lint_in(
            &fixtures(),
            &["check", "-", "--format", format],
            text.as_bytes(),
        )
        .stdout
    };
    // Every position, and each fix with its line breaks written as `\n`.
    let positions = |text: &str| {
        let report: Value = serde_json::from_str(&run(text, "json")).unwrap();
        let mut diagnostics = report["diagnostics"].clone();
        for diagnostic in diagnostics.as_array_mut().unwrap() {
            for edit in diagnostic["fix"]["edits"]
                .as_array_mut()
                .into_iter()
                .flatten()
            {
                let written = edit["text"].as_str().unwrap();
                edit["text"] = written.replace("\r\n", "\n").replace('\r', "\n").into();
            }
        }
        diagnostics
    };
    let expected = positions(&lf);
    let unknown_state = expected
        .as_array()
        .unwrap()
        .iter()
        .find(|diagnostic| diagnostic["code"] == "ZIS101")
        .map(|diagnostic| diagnostic["start"].clone());
    assert_eq!(
        unknown_state,
        Some(serde_json::json!({"line": 78, "column": 23}))
    );
    for line_break in ["\r\n", "\r"] {
        let text = lf.replace('\n', line_break);
        assert_eq!(positions(&text), expected, "{line_break:?}");
        let report = run(&text, "json");
        let end_fix =
            serde_json::to_string(&format!(",{line_break}              \"End\": true")).unwrap();
        assert!(report.contains(&end_fix), "{line_break:?}: {report}");
        let pretty = run(&text, "pretty");
        assert!(
            pretty.contains("┌─ <stdin>:78:23"),
            "{line_break:?}: {pretty}"
        );
        assert!(
            pretty.contains("78 │               \"Next\": \"TagTicekt\"\n"),
            "{line_break:?}: {pretty}"
        );
    }
}

#[test]
fn stdin_is_linted_with_the_configuration_of_the_working_folder() {
    let run = zis_lint_in(
        &fixtures().join("bad"),
        &["check", "-", "--format", "json"],
        &bad_bundle(),
    );
    assert_eq!(run.code, 1);
    let report = json(&run);
    assert_eq!(paths(&report), ["<stdin>"]);
    // bad/zis-lint.json lowers json-extension to a warning.
    assert_eq!(report["diagnostics"][0]["code"], "ZIS002");
    assert_eq!(report["diagnostics"][0]["severity"], "warning");

    let pretty = zis_lint_in(&fixtures(), &["check", "-"], &bad_bundle());
    assert!(
        pretty.stdout.contains("┌─ <stdin>:2:3"),
        "{}",
        pretty.stdout
    );
    assert!(
        pretty.stdout.ends_with("2 errors, 1 warning in 1 file\n"),
        "{}",
        pretty.stdout
    );
}

#[test]
fn stdin_that_is_not_a_bundle() {
    let run = zis_lint_in(&fixtures(), &["check", "-"], br#"{"name": "x"}"#);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "note: <stdin>: not a ZIS bundle (no `zis_template_version` and no `ZIS::` resource); skipped\n"
    );
}

#[test]
fn folder_walk_honours_ignore_files_and_skips_other_json_silently() {
    let dir = scratch("folder-walk");
    let bad = bad_bundle();
    write(&dir, "bundle.json", &bad);
    write(&dir, "nested/deeper/flow.json", &bad);
    write(
        &dir,
        "package.json",
        br#"{"name": "pkg", "version": "1.0.0"}"#,
    );
    write(&dir, "data/list.json", b"[1, 2, 3]");
    write(&dir, "data/broken-other.json", b"{\"a\": ");
    write(
        &dir,
        "broken.json",
        b"zis_template_version: \"2019-10-14\"\n",
    );
    write(&dir, "notes.txt", &bad);
    for folder in ["node_modules/pkg", ".zis", "target/debug", "drafts"] {
        write(&dir, &format!("{folder}/bundle.json"), &bad);
    }
    write(&dir, ".gitignore", b"node_modules/\n/target\n");
    write(&dir, "drafts/.ignore", b"*.json\n");
    let run = zis_lint_in(&dir, &["check", ".", "--format", "json"], b"");
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    let report = json(&run);
    // A dot-folder that nothing ignores is checked.
    assert_eq!(
        paths(&report),
        [
            ".zis/bundle.json",
            "broken.json",
            "bundle.json",
            "nested/deeper/flow.json"
        ]
    );
    assert_eq!(report["summary"]["files"], 4);

    let run = zis_lint_in(
        &dir,
        &["check", ".", "--no-ignore", "--format", "json"],
        b"",
    );
    assert_eq!(
        paths(&json(&run)),
        [
            ".zis/bundle.json",
            "broken.json",
            "bundle.json",
            "drafts/bundle.json",
            "nested/deeper/flow.json",
            "node_modules/pkg/bundle.json",
            "target/debug/bundle.json"
        ]
    );
}

#[test]
fn a_folder_analysed_on_every_core_is_reported_in_walk_order() {
    let dir = scratch("folder-order");
    let bad = bad_bundle();
    // Files of very different sizes finish out of order on several threads.
    let padded = {
        let mut padded = bad.clone();
        padded.extend(std::iter::repeat_n(b' ', 256 * 1024));
        padded
    };
    let mut names = Vec::new();
    for i in 0..40 {
        let name = format!("b{i:02}.json");
        write(&dir, &name, if i % 7 == 0 { &padded } else { &bad });
        names.push(name);
    }
    let first = zis_lint_in(&dir, &["check", ".", "--format", "json"], b"");
    assert_eq!(paths(&json(&first)), names);
    for _ in 0..3 {
        let again = zis_lint_in(&dir, &["check", ".", "--format", "json"], b"");
        assert_eq!(again.stdout, first.stdout);
    }
}

#[test]
fn explicit_non_bundle_gets_a_note() {
    let run = zis_lint(&["check", "other/package.json", "good"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "note: other/package.json: not a ZIS bundle (no `zis_template_version` and no `ZIS::` resource); skipped\n"
    );
    assert_eq!(run.stdout, "no problems in 1 file\n");
    // Named as a folder, it is skipped without a word.
    let run = zis_lint(&["check", "other"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn explicit_broken_bundle_is_linted() {
    let report = json(&zis_lint(&[
        "check",
        "broken/yaml.json",
        "--format",
        "json",
    ]));
    assert_eq!(paths(&report), ["broken/yaml.json"]);
    assert_eq!(report["diagnostics"][0]["code"], "ZIS001");
}

#[test]
fn broken_configuration() {
    let run = zis_lint(&["check", "broken-config", "good"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: broken-config/zis-lint.json:2:3: invalid configuration: unknown field `rulez`, \
         expected one of `$schema`, `integration`, `rules`, `ignore`, `overrides`, `suppress`, \
         `baseline`\n"
    );
    // The other files are still linted, and the summary does not claim "no problems".
    assert_eq!(
        run.stdout,
        "1 path not checked (see the errors above); 1 file checked\n"
    );

    let run = zis_lint(&["check", "good", "--config", "broken-config/zis-lint.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: broken-config/zis-lint.json:2:3: invalid configuration:"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");

    let run = zis_lint(&["check", "good", "--config", "missing.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: missing.json: no such file or directory\n"
    );

    let dir = scratch("bad-glob");
    write(&dir, "zis-lint.json", br#"{"ignore": ["[oops"]}"#);
    write(&dir, "bundle.json", &bad_bundle());
    let run = zis_lint_in(&dir, &["check", "."], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: zis-lint.json:1:13: invalid configuration: in `ignore`: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[oops"), "{}", run.stderr);

    // A level or a rule that does not exist is reported at its place, not only its file.
    for (config, expected) in [
        (
            "{\"rules\": {\"ZIS406\": \"of\"}}",
            "error: zis-lint.json:1:22: invalid configuration: rule `ZIS406`: `of` is not a \
             level; use `error`, `warning`, `info`, `hint` or `off`\n",
        ),
        (
            "{\n  \"rules\": {\n    \"ZIS999\": \"off\"\n  }\n}",
            "error: zis-lint.json:3:5: invalid configuration: unknown rule `ZIS999` in `rules`: \
             use a code such as `ZIS406` or a name such as `unused-resource`\n",
        ),
    ] {
        write(&dir, "zis-lint.json", config.as_bytes());
        let run = zis_lint_in(&dir, &["check", "."], b"");
        assert_eq!((run.code, run.stderr.as_str()), (2, expected));
        assert_eq!(
            run.stdout,
            "1 path not checked (see the errors above); 0 files checked\n"
        );
    }
}

#[test]
fn hints_print_as_hints() {
    let fixture = "../fixtures/rules/ZIS505-parameter-unused/bad.json";
    let run = zis_lint(&["check", fixture, "--color", "never"]);
    assert!(run.stdout.contains("hint[ZIS505]: "), "{}", run.stdout);
    assert!(!run.stdout.contains("help[ZIS505]"), "{}", run.stdout);
    assert!(run.stdout.ends_with(" hints in 1 file\n"), "{}", run.stdout);
    let coloured = zis_lint(&["check", fixture, "--color", "always"]);
    assert!(
        coloured.stdout.contains("hint[ZIS505]"),
        "{}",
        coloured.stdout
    );
}

#[test]
fn config_option_overrides_the_nearest_file() {
    let run = zis_lint(&[
        "check",
        "good/../ignore/bundle.json",
        "--config",
        "bad/zis-lint.json",
        "--format",
        "json",
    ]);
    let report = json(&run);
    assert_eq!(report["diagnostics"][0]["code"], "ZIS002");
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
}

#[test]
fn ignore_globs() {
    let run = zis_lint(&[
        "check",
        "ignore",
        "ignore/mocks/bundle.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    // `mocks` covers the folder; `*.draft.json` stays in the configuration's own folder.
    assert_eq!(
        paths(&json(&run)),
        ["ignore/bundle.json", "ignore/sub/new.draft.json"]
    );
    assert_eq!(
        run.stderr,
        "note: ignore/mocks/bundle.json: matches `ignore` in ignore/zis-lint.json; skipped\n"
    );
}

#[test]
fn invalid_utf8_fails_the_run_but_not_the_other_files() {
    let dir = scratch("invalid-utf8");
    write(&dir, "latin1.json", b"{\"name\": \"caf\xe9\"}");
    write(&dir, "bundle.json", &bad_bundle());
    let run = zis_lint_in(&dir, &["check", "latin1.json", "bundle.json"], b"");
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: latin1.json: not valid UTF-8 text (byte 13)\n"
    );
    assert!(
        run.stdout.ends_with("2 errors, 1 warning in 1 file\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn rules_lists_every_rule() {
    let run = zis_lint(&["rules"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), Rule::ALL.len());
    for (line, rule) in lines.iter().zip(Rule::ALL) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            fields[..3],
            [rule.code(), rule.name(), rule.default_severity().as_str()]
        );
        assert!(line.ends_with(&rule.summary()), "{line}");
    }
}

#[test]
fn explain_prints_the_rule_page() {
    let page = Rule::UnknownState.documentation();
    assert!(page.starts_with("# ZIS101 unknown-state"));
    for name in ["ZIS101", "unknown-state", "zis101"] {
        let run = zis_lint(&["explain", name]);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, page.as_str()),
            "{name}"
        );
    }
    let run = zis_lint(&["explain", "unknown-stat"]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert_eq!(
        run.stderr,
        "error: no rule `unknown-stat` (did you mean `unknown-state`?); `zis-lint rules` lists them all\n"
    );
    let run = zis_lint(&["explain", "nothing-like-it"]);
    assert_eq!(
        run.stderr,
        "error: no rule `nothing-like-it`; `zis-lint rules` lists them all\n"
    );
}

#[test]
fn odd_input_never_crashes() {
    let inputs: [&[u8]; 8] = [
        b"",
        b"\xef\xbb\xbf",
        b"{\"zis_template_version\": \"",
        b"{\"zis_template_version\": \"\xc3\xa9\xf0\x9f\x98\x80",
        b"\"ZIS::Flow\" \r\n\r\n]]]",
        b"{\"zis_template_version\": 1, \"resources\": {\"a\": {\"type\": \"ZIS::Flow\"}}}",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ \"ZIS::\"",
        b"{\"zis_template_version\"\t:\t\"2019-10-14\"\r\n, /* \xf0\x9f\x98\x80 */ }",
    ];
    for input in inputs {
        for format in ["pretty", "json", "sarif", "github"] {
            let run = zis_lint_in(&fixtures(), &["check", "-", "--format", format], input);
            assert!(
                run.code == 0 || run.code == 1,
                "{format} on {input:?}: {}",
                run.stderr
            );
            if format == "sarif" {
                validate_sarif(&json(&run));
            }
        }
    }
}

/// `zis-lint server` as a process, spoken to over its standard input and output.
struct ServerProcess {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    messages: mpsc::Receiver<Value>,
}

impl ServerProcess {
    fn start() -> ServerProcess {
        ServerProcess::start_logging(None)
    }

    /// With `ZIS_LINT_LOG` set to `log`, or unset.
    fn start_logging(log: Option<&str>) -> ServerProcess {
        let mut command = Command::new(env!("CARGO_BIN_EXE_zis-lint"));
        command.env_remove("ZIS_LINT_LOG");
        if let Some(log) = log {
            command.env("ZIS_LINT_LOG", log);
        }
        let mut child = command
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("zis-lint starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        // Read on a thread so that a silent server fails the test instead of hanging it.
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(message) = serde_json::from_slice(&body) else {
                    return;
                };
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        ServerProcess {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, body: &[u8]) {
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        self.stdin.write_all(&frame).unwrap();
    }

    /// The next message that has an `id`: answers, in the order they come.
    fn answer(&self) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers");
            if message.get("id").is_some() {
                return message;
            }
        }
    }

    fn exit_code(mut self) -> i32 {
        drop(self.stdin);
        self.child.wait().unwrap().code().expect("an exit code")
    }
}

#[test]
fn server_answers_initialize() {
    let mut server = ServerProcess::start();
    server.send(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    let response = server.answer();
    assert_eq!(response["id"], 1);
    assert!(response["result"]["capabilities"].is_object(), "{response}");
    server.send(br#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#);
    assert_eq!(server.answer()["id"], 2);
    server.send(br#"{"jsonrpc":"2.0","method":"exit"}"#);
    assert_eq!(server.exit_code(), 0);
}

/// Standard output is written by a thread of its own: the server waits for it before it exits.
#[test]
fn server_writes_its_last_answers_before_it_exits() {
    let mut server = ServerProcess::start();
    server.send(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    server.send(br#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#);
    server.send(br#"{"jsonrpc":"2.0","method":"exit"}"#);
    assert_eq!(server.answer()["id"], 1);
    assert_eq!(server.answer()["id"], 2);
    assert_eq!(server.exit_code(), 0);
}

#[test]
fn server_survives_a_malformed_message_and_exits_1_without_shutdown() {
    let log = scratch("server-log").join("zis-lint.log");
    let mut server = ServerProcess::start_logging(Some(&format!("debug,file:{}", log.display())));
    server.send(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    assert_eq!(server.answer()["id"], 1);
    server.send(b"{not json");
    let answer = server.answer();
    assert_eq!(
        (&answer["id"], &answer["error"]["code"]),
        (&Value::Null, &(-32700).into())
    );
    server.send(br#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere.json"},"position":{"line":0,"character":0}}}"#);
    assert_eq!(
        server.answer(),
        serde_json::json!({"jsonrpc": "2.0", "id": 2, "result": null})
    );
    // LSP: exit code 1 when `exit` comes without `shutdown`.
    server.send(br#"{"jsonrpc":"2.0","method":"exit"}"#);
    assert_eq!(server.exit_code(), 1);
    // What a bug report needs is in the log.
    let logged = fs::read_to_string(&log).unwrap();
    for expected in [
        "malformed message answered with -32700: {not json",
        "<- textDocument/hover",
        "exit without shutdown",
    ] {
        assert!(logged.contains(expected), "{expected:?} in {logged}");
    }
}

/// A flow run from the editor runs in a child process: a jq program that recurses without end
/// overflows the child's stack, not the server's.
#[test]
fn a_flow_run_that_crashes_is_answered_and_the_session_goes_on() {
    let bundle = serde_json::json!({
        "name": "runs", "zis_template_version": "2019-10-14", "resources": {
            "crash": {"type": "ZIS::Flow", "properties": {"name": "crash", "definition": {
                "StartAt": "Loop", "States": {"Loop": {"Type": "Action",
                    "ActionName": "zis:common:transform:Jq",
                    "Parameters": {"expr": "def f: 1 + f; f", "data.$": "$.input"},
                    "ResultPath": "$.out", "End": true}}}}},
            "fine": {"type": "ZIS::Flow", "properties": {"name": "fine", "definition": {
                "StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}}},
            "on_crash": {"type": "ZIS::JobSpec", "properties": {"name": "on_crash",
                "event_source": "support", "event_type": "ticket.TicketCreated",
                "flow_name": "zis:acme:flow:crash"}},
            "on_fine": {"type": "ZIS::JobSpec", "properties": {"name": "on_fine",
                "event_source": "support", "event_type": "ticket.TicketCreated",
                "flow_name": "zis:acme:flow:fine"}}
        }
    });
    let uri = "file:///zis-lint-test-nowhere/runs.json";
    let mut server = ServerProcess::start();
    let answer_to = |server: &ServerProcess, id: u64| loop {
        let message = server.answer();
        if message["id"] == id && message.get("method").is_none() {
            return message;
        }
    };
    server.send(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    answer_to(&server, 1);
    server.send(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
    let open = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "json", "version": 1,
            "text": bundle.to_string()}}});
    server.send(open.to_string().as_bytes());
    let run = |id: u64, flow: &str| {
        serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "workspace/executeCommand",
            "params": {"command": "zis-lint.runFlow", "arguments": [uri, flow]}})
        .to_string()
    };
    server.send(run(2, "crash").as_bytes());
    let crashed = answer_to(&server, 2);
    assert_eq!(crashed["error"]["code"], -32803, "{crashed}");
    let message = crashed["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("the run of `crash` crashed (") && message.contains("overflow"),
        "{message}"
    );
    server.send(run(3, "fine").as_bytes());
    let ran = answer_to(&server, 3);
    assert_eq!(ran["result"]["flow"], "fine", "{ran}");
    assert_eq!(
        ran["result"]["trace"]["end"]["status"], "succeeded",
        "{ran}"
    );
    server.send(br#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#);
    answer_to(&server, 4);
    server.send(br#"{"jsonrpc":"2.0","method":"exit"}"#);
    assert_eq!(server.exit_code(), 0);
}

#[test]
fn server_logs_nothing_unless_asked() {
    let mut server = ServerProcess::start();
    server.send(b"{not json");
    assert_eq!(server.answer()["error"]["code"], -32700);
    let mut child = server.child;
    drop(server.stdin);
    let mut stderr = String::new();
    child.wait().unwrap();
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr).unwrap();
    }
    assert_eq!(stderr, "");
}

/// Checks the SARIF 2.1.0 structure zis-lint emits: the required properties, their types, and
/// no property outside the ones the specification defines for that object.
fn validate_sarif(log: &Value) {
    keys(
        log,
        &["$schema", "version", "runs"],
        &["$schema", "version", "runs"],
    );
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    keys(run, &["tool", "results", "columnKind"], &["tool"]);
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    keys(&run["tool"], &["driver"], &["driver"]);
    let driver = &run["tool"]["driver"];
    keys(
        driver,
        &["name", "version", "informationUri", "rules"],
        &["name"],
    );
    assert_eq!(driver["name"], "zis-lint");
    assert!(driver["version"].is_string());
    let rules = driver["rules"].as_array().expect("rules is an array");
    let ids: Vec<&str> = rules
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    let codes: Vec<&str> = Rule::ALL.iter().map(|rule| rule.code()).collect();
    assert_eq!(ids, codes);
    for rule in rules {
        keys(
            rule,
            &[
                "id",
                "name",
                "shortDescription",
                "fullDescription",
                "help",
                "defaultConfiguration",
            ],
            &["id"],
        );
        for message in ["shortDescription", "fullDescription", "help"] {
            validate_message(&rule[message]);
        }
        keys(&rule["defaultConfiguration"], &["level"], &[]);
        level(&rule["defaultConfiguration"]["level"]);
    }
    for result in run["results"].as_array().expect("results is an array") {
        keys(
            result,
            &[
                "ruleId",
                "ruleIndex",
                "level",
                "message",
                "locations",
                "relatedLocations",
                "fixes",
            ],
            &["message"],
        );
        let index = result["ruleIndex"]
            .as_u64()
            .expect("ruleIndex is an integer") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        level(&result["level"]);
        validate_message(&result["message"]);
        let locations = result["locations"].as_array().unwrap();
        assert!(!locations.is_empty());
        for location in locations {
            keys(location, &["physicalLocation"], &["physicalLocation"]);
            validate_physical_location(&location["physicalLocation"]);
        }
        for (expected_id, related) in result["relatedLocations"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            keys(
                related,
                &["id", "physicalLocation", "message"],
                &["physicalLocation"],
            );
            assert_eq!(related["id"], expected_id);
            validate_physical_location(&related["physicalLocation"]);
            validate_message(&related["message"]);
        }
        for fix in result["fixes"].as_array().into_iter().flatten() {
            keys(
                fix,
                &["description", "artifactChanges"],
                &["artifactChanges"],
            );
            validate_message(&fix["description"]);
            let changes = fix["artifactChanges"].as_array().unwrap();
            assert!(!changes.is_empty());
            for change in changes {
                keys(
                    change,
                    &["artifactLocation", "replacements"],
                    &["artifactLocation", "replacements"],
                );
                validate_artifact_location(&change["artifactLocation"]);
                for replacement in change["replacements"].as_array().unwrap() {
                    keys(
                        replacement,
                        &["deletedRegion", "insertedContent"],
                        &["deletedRegion"],
                    );
                    validate_region(&replacement["deletedRegion"]);
                    keys(&replacement["insertedContent"], &["text"], &["text"]);
                    assert!(replacement["insertedContent"]["text"].is_string());
                }
            }
        }
    }
}

fn keys(object: &Value, allowed: &[&str], required: &[&str]) {
    let object = object
        .as_object()
        .unwrap_or_else(|| panic!("{object} is an object"));
    for key in object.keys() {
        assert!(allowed.contains(&key.as_str()), "unexpected property {key}");
    }
    for key in required {
        assert!(object.contains_key(*key), "missing property {key}");
    }
}

fn level(level: &Value) {
    assert!(
        ["none", "note", "warning", "error"].contains(&level.as_str().unwrap()),
        "{level}"
    );
}

fn validate_message(message: &Value) {
    keys(message, &["text", "markdown"], &["text"]);
    assert!(!message["text"].as_str().unwrap().is_empty());
    assert!(message.get("markdown").is_none_or(Value::is_string));
}

fn validate_physical_location(location: &Value) {
    keys(
        location,
        &["artifactLocation", "region"],
        &["artifactLocation"],
    );
    validate_artifact_location(&location["artifactLocation"]);
    validate_region(&location["region"]);
}

fn validate_artifact_location(location: &Value) {
    keys(location, &["uri"], &["uri"]);
    let uri = location["uri"].as_str().unwrap();
    assert!(
        uri.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/%:".contains(&b)),
        "{uri} is a URI reference"
    );
    assert!(!uri.contains('\\') && !uri.starts_with("./"), "{uri}");
}

fn validate_region(region: &Value) {
    keys(
        region,
        &["startLine", "startColumn", "endLine", "endColumn"],
        &["startLine"],
    );
    let number = |key: &str| region[key].as_u64().unwrap();
    let (start_line, start_column) = (number("startLine"), number("startColumn"));
    let (end_line, end_column) = (number("endLine"), number("endColumn"));
    assert!(start_line >= 1 && start_column >= 1, "{region}");
    assert!(
        (end_line, end_column) >= (start_line, start_column),
        "{region}"
    );
}

#[test]
fn graph_draws_flows() {
    let bundle = "../fixtures/graph/triage.json";
    let run = zis_lint(&["graph", bundle]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("flowchart TD\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("subgraph f1[\"notify\"]"),
        "{}",
        run.stdout
    );

    let run = zis_lint(&["graph", bundle, "--flow", "triage", "--format", "dot"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("digraph \"triage\" {\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("notify"), "{}", run.stdout);

    let text = fs::read(fixtures().join(bundle)).unwrap();
    let run = zis_lint_in(&fixtures(), &["graph", "-", "--flow", "notify_flow"], &text);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("[\"Post<br/>Action\"]"),
        "{}",
        run.stdout
    );
}

#[test]
fn graph_shows_a_transition_to_a_missing_state() {
    let bundle = "../fixtures/graph/missing.json";
    let mermaid = zis_lint(&["graph", bundle]).stdout;
    assert!(
        mermaid.contains("  s3[/\"Dnoe<br/>no such state\"/]\n"),
        "{mermaid}"
    );
    assert!(mermaid.contains("  s1 --> s3\n"), "{mermaid}");
    let dot = zis_lint(&["graph", bundle, "--format", "dot"]).stdout;
    assert!(dot.contains("  s1 -> s3;\n"), "{dot}");
    assert!(dot.contains("Dnoe\\nno such state"), "{dot}");
}

#[test]
fn graph_of_an_unknown_flow_lists_the_flows() {
    let run = zis_lint(&["graph", "../fixtures/graph/triage.json", "--flow", "triag"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr,
        "error: ../fixtures/graph/triage.json has no flow `triag`; its flows: `triage`, `notify`\n"
    );

    let run = zis_lint(&["graph", "missing.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: missing.json: "),
        "{}",
        run.stderr
    );

    let run = zis_lint_in(&fixtures(), &["graph", "-"], b"{\"resources\": {}}");
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: <stdin> has no flow to draw\n");
}
