//! Snapshot tests over fixture bundles: every `tests/fixtures/rules/<CODE>-<name>/*.json` is
//! analysed with the default configuration, and its diagnostics are rendered with code,
//! severity, exact range, message, labels and fix, next to the source line they point at.
//!
//! Review changed snapshots with `cargo insta review` (or accept with `INSTA_UPDATE=always`).

use zis_analysis::{analyze, Config, LineIndex};
use zis_syntax::ColumnUnit;

fn render(text: &str) -> String {
    let analysis = analyze(text, &Config::default());
    let lines = LineIndex::new(text);
    let position = |offset: u32| {
        let at = lines.line_col(text, offset, ColumnUnit::Char);
        format!("{}:{}", at.line + 1, at.col + 1)
    };
    let mut out = String::new();
    if !analysis.is_bundle {
        out.push_str("(not a bundle)\n");
    }
    for diagnostic in &analysis.diagnostics {
        let range = diagnostic.range;
        out.push_str(&format!(
            "{} {} [{}-{}] {}\n",
            diagnostic.rule.code(),
            diagnostic.severity.as_str(),
            position(range.start),
            position(range.end),
            diagnostic.message
        ));
        out.push_str(&format!("    > {}\n", &text[range.as_usize()]));
        for label in &diagnostic.labels {
            out.push_str(&format!(
                "    label [{}-{}] {}\n",
                position(label.range.start),
                position(label.range.end),
                label.message
            ));
        }
        if let Some(fix) = &diagnostic.fix {
            let safety = if fix.safe { "safe" } else { "unsafe" };
            out.push_str(&format!("    fix ({safety}): {}\n", fix.title));
            for edit in &fix.edits {
                out.push_str(&format!(
                    "      [{}-{}] -> {:?}\n",
                    position(edit.range.start),
                    position(edit.range.end),
                    edit.new_text
                ));
            }
        }
    }
    if analysis.diagnostics.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    out
}

#[test]
fn rule_fixtures() {
    insta::glob!("../../../tests/fixtures/rules", "*/*.json", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
        insta::assert_snapshot!(render(&text));
    });
}
