//! Every quick fix does what it says: each fix of each finding in the rule fixtures
//! (`tests/fixtures/rules/*/*.json`) is applied to the text, the text analysed again, and it
//! must still parse as well as before and no longer hold that finding. Every rule whose file
//! offers a fix must have one applied here, each fix must be as safe as its rule says, and a rule
//! with fixes of both kinds must show both.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use zis_analysis::{analyze, Config, Diagnostic, Fix, FixSafety};
use zis_syntax::SyntaxErrorKind;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let rules = repository().join("tests/fixtures/rules");
    for folder in std::fs::read_dir(rules).unwrap() {
        for file in std::fs::read_dir(folder.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `text` with the fix's edits applied, from the last to the first.
fn apply(text: &str, fix: &Fix) -> String {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.range.start));
    for pair in edits.windows(2) {
        assert!(
            pair[1].range.end <= pair[0].range.start,
            "edits overlap: {fix:?}"
        );
    }
    let mut out = text.to_string();
    for edit in edits {
        out.replace_range(edit.range.as_usize(), &edit.new_text);
    }
    out
}

/// Where `offset` of the text before the fix lands in the text after it.
fn moved(offset: u32, fix: &Fix) -> u32 {
    let mut shift: i64 = 0;
    for edit in &fix.edits {
        if edit.range.end <= offset && !(edit.range.is_empty() && edit.range.start == offset) {
            shift += edit.new_text.len() as i64 - i64::from(edit.range.len());
        } else if edit.range.start < offset {
            // Inside an edit: the start of what replaced it.
            return edit.range.start;
        }
    }
    (i64::from(offset) + shift) as u32
}

/// Syntax errors that are not JSON at all (JSONC extensions are ZIS002's and may be fixed).
fn invalid(text: &str) -> usize {
    zis_syntax::parse(text)
        .errors
        .iter()
        .filter(|error| error.kind == SyntaxErrorKind::Invalid)
        .count()
}

fn check_fix(path: &Path, text: &str, diagnostic: &Diagnostic, fix: &Fix) -> Result<(), String> {
    let fixed = apply(text, fix);
    let what = format!(
        "{}: {} `{}` fixed by `{}`",
        path.display(),
        diagnostic.rule.code(),
        diagnostic.message,
        fix.title
    );
    if invalid(&fixed) > invalid(text) {
        return Err(format!("{what}: the text no longer parses"));
    }
    let config = Config::default();
    let before = analyze(text, &config);
    let after = analyze(&fixed, &config);
    let count = |analysis: &zis_analysis::Analysis| {
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == diagnostic.rule)
            .count()
    };
    let at = moved(diagnostic.range.start, fix);
    // Several findings may share a range (each parameter a state does not pass): the one fixed
    // is the one with its message.
    let still_there = after.diagnostics.iter().any(|d| {
        d.rule == diagnostic.rule && d.range.start == at && d.message == diagnostic.message
    });
    if still_there {
        return Err(format!("{what}: still found after the fix"));
    }
    if count(&after) >= count(&before) {
        return Err(format!(
            "{what}: {} findings of the rule before, {} after",
            count(&before),
            count(&after)
        ));
    }
    Ok(())
}

#[test]
fn every_fix_removes_its_finding_and_keeps_the_text_parsing() {
    let mut fixed_rules = BTreeSet::new();
    // (rule, whether the fix is safe) of every fix seen.
    let mut kinds = BTreeSet::new();
    let mut failures = Vec::new();
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = analyze(&text, &Config::default());
        for diagnostic in &analysis.diagnostics {
            let Some(fix) = &diagnostic.fix else { continue };
            fixed_rules.insert(diagnostic.rule.code());
            kinds.insert((diagnostic.rule, fix.safe));
            let expected = match diagnostic.rule.fix_safety() {
                FixSafety::NoFix => None,
                FixSafety::Safe => Some(true),
                FixSafety::Unsafe => Some(false),
                FixSafety::Mixed => Some(fix.safe),
            };
            if expected != Some(fix.safe) {
                failures.push(format!(
                    "{}: {} `{}`: a fix marked safe = {}, but the rule's fixes are {:?}",
                    path.display(),
                    diagnostic.rule.code(),
                    fix.title,
                    fix.safe,
                    diagnostic.rule.fix_safety()
                ));
            }
            if let Err(failure) = check_fix(&path, &text, diagnostic, fix) {
                failures.push(failure);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    // A rule that can offer a fix has it applied above.
    let rules = repository().join("server/analysis/src/rules");
    let mut offering = BTreeSet::new();
    for file in std::fs::read_dir(rules).unwrap() {
        let path = file.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(code) = name.strip_prefix("zis").and_then(|rest| rest.get(..3)) else {
            continue;
        };
        if std::fs::read_to_string(&path).unwrap().contains(".fix(") {
            offering.insert(format!("ZIS{code}"));
        }
    }
    let untested: Vec<_> = offering
        .iter()
        .filter(|code| !fixed_rules.contains(code.as_str()))
        .collect();
    assert!(
        untested.is_empty(),
        "no fixture exercises the fix of {untested:?}"
    );
    assert!(fixed_rules.len() >= 10, "{fixed_rules:?}");

    // A rule whose fixes are of both kinds shows both in its fixtures.
    let one_kind: Vec<(&str, bool)> = zis_analysis::Rule::ALL
        .iter()
        .filter(|rule| rule.fix_safety() == FixSafety::Mixed)
        .flat_map(|&rule| [(rule, true), (rule, false)])
        .filter(|kind| !kinds.contains(kind))
        .map(|(rule, safe)| (rule.code(), safe))
        .collect();
    assert!(
        one_kind.is_empty(),
        "no fixture shows a fix of these kinds (rule, safe): {one_kind:?}"
    );
}

#[test]
fn every_rule_has_a_fixture_folder() {
    let rules = repository().join("tests/fixtures/rules");
    for rule in zis_analysis::Rule::ALL {
        // No bundle shows a bug of zis-lint, or a baseline entry.
        if matches!(
            rule,
            zis_analysis::Rule::InternalError | zis_analysis::Rule::StaleBaselineEntry
        ) {
            continue;
        }
        let folder = rules.join(format!("{}-{}", rule.code(), rule.name()));
        assert!(folder.join("good.json").is_file(), "{}", folder.display());
        let bad = std::fs::read_dir(&folder)
            .unwrap()
            .filter(|file| {
                let name = file.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with("bad")
            })
            .count();
        assert!(bad > 0, "{} has no bad fixture", folder.display());
    }
}
