//! docs/rules.md lists every rule with its code, name and default severity, and nothing else.

use std::path::Path;

use zis_analysis::Rule;

#[test]
fn docs_table_matches_the_rules() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let rows: Vec<(String, String, String)> = text
        .lines()
        .filter(|line| line.starts_with("| ZIS"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (
                cells[1].to_string(),
                cells[2].to_string(),
                cells[3].to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = Rule::ALL
        .iter()
        .map(|rule| {
            (
                rule.code().to_string(),
                rule.name().to_string(),
                rule.default_severity().as_str().to_string(),
            )
        })
        .collect();
    assert_eq!(rows, expected, "docs/rules.md is out of date");
}
