//! docs/rules.md lists every rule with its code, name, default severity and whether its fixes
//! are safe, and nothing else.

use std::path::Path;

use zis_analysis::{FixSafety, Rule};

#[test]
fn docs_table_matches_the_rules() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let rows: Vec<[String; 4]> = text
        .lines()
        .filter(|line| line.starts_with("| ZIS"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            [1, 2, 3, 4].map(|at| cells[at].to_string())
        })
        .collect();
    let expected: Vec<[String; 4]> = Rule::ALL
        .iter()
        .map(|rule| {
            let fix = match rule.fix_safety() {
                FixSafety::NoFix => "none",
                FixSafety::Safe => "safe",
                FixSafety::Unsafe => "unsafe",
                FixSafety::Mixed => "safe or unsafe",
            };
            [
                rule.code(),
                rule.name(),
                rule.default_severity().as_str(),
                fix,
            ]
            .map(str::to_string)
        })
        .collect();
    assert_eq!(rows, expected, "docs/rules.md is out of date");
}
