//! Hostile documents: what a fuzzer, a broken editor buffer or a wrong file dropped on the
//! linter looks like. Each gives a clear answer without a crash, a hang or a stack overflow, and
//! every range in the answer lies inside the document on character boundaries.
//!
//! Invalid UTF-8 never reaches the analysis (it takes `&str`): the CLI reports it, and its test
//! is in the CLI crate.

use std::sync::Arc;

use zis_analysis::{analyze, Analysis, Config, LineIndex, Rule};
use zis_bench::{bundle, check_analysis, Variant};
use zis_syntax::ColumnUnit;

fn checked(text: &str) -> Arc<Analysis> {
    let analysis = analyze(text, &Config::default());
    if let Err(problem) = check_analysis(text, &analysis) {
        panic!("{problem}");
    }
    analysis
}

fn findings(analysis: &Analysis) -> Vec<(&'static str, &str)> {
    analysis
        .diagnostics
        .iter()
        .map(|d| (d.rule.code(), d.message.as_str()))
        .collect()
}

/// Runs on the test's own thread, whose stack is the default 2 MiB: the parser must not recurse
/// once per level, and nothing after it may see more than its nesting limit.
#[test]
fn nesting_100000_levels_deep_gives_one_clear_error() {
    let deep = 100_000;
    for (open, close) in [("[", "]"), ("{\"a\": ", "}")] {
        for closed in [true, false] {
            let text = format!(
                "{}{}",
                open.repeat(deep),
                if closed {
                    close.repeat(deep)
                } else {
                    String::new()
                }
            );
            let analysis = checked(&text);
            let nesting: Vec<_> = analysis
                .diagnostics
                .iter()
                .filter(|d| d.message.contains("nesting deeper than 512 levels"))
                .collect();
            assert_eq!(nesting.len(), 1, "{open} closed={closed}");
            assert_eq!(nesting[0].rule, Rule::InvalidJson);
        }
    }
}

/// The same depth inside a bundle, where the rules walk what the parser kept: state
/// parameters, a Choice rule of nested `Not`s, a Map iterator inside a Map iterator.
#[test]
fn deep_nesting_inside_a_bundle_is_walked_without_overflow() {
    let deep = 100_000;
    let clean = bundle(10, Variant::Clean);
    let cases = [
        (
            "\"step\": 0",
            format!(
                "\"step\": {}0{}",
                "{\"a.$\": [".repeat(deep),
                "]}".repeat(deep)
            ),
        ),
        (
            "\"StringEquals\": \"open\",",
            format!(
                "\"StringEquals\": \"open\", \"Not\": {}{{}}{},",
                "{\"Not\": ".repeat(deep),
                "}".repeat(deep)
            ),
        ),
        (
            "\"Iterator\": {",
            format!(
                "\"Iterator\": {}{{}}{}, \"Comment\": {{",
                "{\"StartAt\": \"M\", \"States\": {\"M\": {\"Type\": \"Map\", \"Iterator\": "
                    .repeat(deep / 10),
                "}}}".repeat(deep / 10)
            ),
        ),
    ];
    for (anchor, replacement) in cases {
        let text = clean.replacen(anchor, &replacement, 1);
        assert_ne!(text, clean, "{anchor}");
        let analysis = checked(&text);
        assert!(analysis.is_bundle);
        let codes: Vec<_> = findings(&analysis)
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        assert!(codes.contains(&"ZIS001"), "{anchor}: {codes:?}");
    }
}

/// A bundle of 50 MB, most of it a large fixed `Result` in a Pass state, as a bundle carrying
/// a big template might. It is here for the parser, the model and the memory they take: a cost
/// that grows faster than the text shows at this size. Sized to keep this test to seconds in a
/// debug build; the same size made only of flow states is measured by the benchmarks, and
/// `fifty_megabytes_of_flow_states` below runs it on request.
#[test]
fn fifty_megabyte_bundle() {
    let clean = bundle(1_000, Variant::Clean);
    let note =
        "A line of the template this record stands for, long enough to be typical. ".repeat(3);
    let record = format!("{{\"id\": 1234567, \"note\": \"{note}\", \"tags\": [\"a\"]}}");
    let count = 50_000_000 / (record.len() + 2);
    let mut records = String::with_capacity(50_000_000);
    records.push_str("\"Result\": {\"records\": [");
    for i in 0..count {
        if i > 0 {
            records.push_str(", ");
        }
        records.push_str(&record);
    }
    records.push_str("], ");
    let text = clean.replacen("\"Result\": {", &records, 1);
    assert!(text.len() > 50_000_000);
    let analysis = checked(&text);
    assert!(analysis.is_bundle);
    assert_eq!(findings(&analysis), []);
}

/// Every flow state of the benchmarks' largest bundle, scaled to 50 MB. Minutes in a debug
/// build, so only on request: `cargo test --release -p zis-analysis --test hostile -- --ignored`.
#[test]
#[ignore]
fn fifty_megabytes_of_flow_states() {
    let text = bundle(118_000, Variant::Mistakes);
    assert!(text.len() > 50_000_000);
    let analysis = checked(&text);
    assert_eq!(analysis.diagnostics.len(), zis_bench::MISTAKES.len());
}

/// 10 MB in one string: plain text, and an action `path` full of placeholders and escapes,
/// which every position inside it is mapped through.
#[test]
fn ten_megabyte_strings() {
    let clean = bundle(10, Variant::Clean);
    let plain = "x".repeat(10_000_000);
    let text = clean.replacen(
        "\"description\": \"",
        &format!("\"description\": \"{plain}"),
        1,
    );
    let analysis = checked(&text);
    assert_eq!(findings(&analysis), []);

    let unit = "/caf\\u00e9/{{$.ticket_id}}";
    let path = unit.repeat(10_000_000 / unit.len());
    let text = clean.replacen(
        "\"path\": \"/api/v2/tickets/",
        &format!("\"path\": \"{path}/api/v2/tickets/"),
        1,
    );
    let analysis = checked(&text);
    assert_eq!(findings(&analysis), []);
}

#[test]
fn nul_bytes_are_reported_where_they_are() {
    let clean = bundle(10, Variant::Clean);
    let text = clean
        .replacen("\"name\": \"bench\"", "\"name\": \"be\0nch\"", 1)
        .replacen("\"Type\": \"Wait\",", "\"Type\": \"Wait\",\0", 1);
    let analysis = checked(&text);
    assert!(analysis.is_bundle);
    let in_string = text.find("be\0nch").unwrap() as u32 + 2;
    let between = text.find(",\0").unwrap() as u32 + 1;
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::InvalidJson)
        .map(|d| (d.range.start, d.range.end, d.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                in_string,
                in_string + 1,
                "unescaped control character U+0000 in string"
            ),
            (
                between,
                between + 1,
                "expected a string key, found character U+0000"
            ),
        ]
    );
}

/// A key holding a NUL is named in a message escaped, so that the NUL does not reach the
/// terminal or the editor.
#[test]
fn messages_hold_no_control_characters() {
    let text = "{\"name\": \"x\", \"zis_template_version\": \"2019-10-14\", \"resources\": {}, \"a\0\n\": 1}";
    let analysis = checked(text);
    let messages = findings(&analysis);
    assert!(
        messages
            .iter()
            .any(|(_, message)| message.contains("`a\\u{0}`")),
        "{messages:?}"
    );
    for (code, message) in messages {
        assert!(!message.contains(char::is_control), "{code}: {message:?}");
    }
}

#[test]
fn byte_order_mark_shifts_nothing_but_offsets() {
    let text = bundle(100, Variant::Mistakes);
    let with_bom = format!("\u{feff}{text}");
    let plain = checked(&text);
    let marked = checked(&with_bom);
    assert_eq!(marked.diagnostics.len(), plain.diagnostics.len());
    for (a, b) in plain.diagnostics.iter().zip(&marked.diagnostics) {
        assert_eq!((a.rule, &a.message), (b.rule, &b.message));
        assert_eq!(b.range.start, a.range.start + 3);
        assert_eq!(&text[a.range.as_usize()], &with_bom[b.range.as_usize()]);
    }
}

/// CRLF line endings: the same findings on the same text, at the same lines and columns.
#[test]
fn crlf_line_endings_keep_positions() {
    let text = bundle(100, Variant::Mistakes);
    let crlf = text.replace('\n', "\r\n");
    let lf = checked(&text);
    let windows = checked(&crlf);
    let (lf_lines, crlf_lines) = (LineIndex::new(&text), LineIndex::new(&crlf));
    assert_eq!(windows.diagnostics.len(), lf.diagnostics.len());
    assert!(!lf.diagnostics.is_empty());
    for (a, b) in lf.diagnostics.iter().zip(&windows.diagnostics) {
        assert_eq!((a.rule, &a.message), (b.rule, &b.message));
        assert_eq!(&text[a.range.as_usize()], &crlf[b.range.as_usize()]);
        for unit in [ColumnUnit::Utf16, ColumnUnit::Char] {
            assert_eq!(
                lf_lines.line_col(&text, a.range.start, unit),
                crlf_lines.line_col(&crlf, b.range.start, unit)
            );
            assert_eq!(
                lf_lines.line_col(&text, a.range.end, unit),
                crlf_lines.line_col(&crlf, b.range.end, unit)
            );
        }
    }
}

#[test]
fn empty_and_blank_files() {
    for text in ["", "  \n\t\r\n", "\u{feff}"] {
        let analysis = checked(text);
        assert!(!analysis.is_bundle);
        let end = text.len() as u32;
        let errors: Vec<_> = analysis
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.range.start, d.message.as_str()))
            .collect();
        assert_eq!(
            errors,
            [(
                Rule::InvalidJson,
                end,
                "expected a JSON value, found end of file"
            )],
            "{text:?}"
        );
    }
}

#[test]
fn null_and_other_non_objects_are_not_bundles() {
    for (text, found) in [
        ("null", "null"),
        ("[]", "an array"),
        ("[{\"zis_template_version\": \"2019-10-14\"}]", "an array"),
        ("\"ZIS::Flow\"", "a string"),
        ("42", "a number"),
    ] {
        let analysis = checked(text);
        assert!(!analysis.is_bundle, "{text}");
        assert_eq!(
            findings(&analysis),
            [(
                "ZIS006",
                &*format!("a bundle is a JSON object, found {found}")
            )],
            "{text}"
        );
    }
}
