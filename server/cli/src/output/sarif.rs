//! SARIF 2.1.0, for code scanning services. Columns count UTF-16 code units, SARIF's default,
//! and the run says so.

use std::io::{self, Write};

use serde::Serialize;
use zis_analysis::{Rule, Severity, TextRange};
use zis_syntax::ColumnUnit;

use crate::check::Checked;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: &'static str,
    short_description: Message,
    full_description: Message,
    help: Message,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

impl Message {
    fn text(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            markdown: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Clone, Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Message,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
struct ArtifactChange {
    #[serde(rename = "artifactLocation")]
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Content,
}

#[derive(Serialize)]
struct Content {
    text: String,
}

pub fn render(files: &[Checked], out: &mut impl Write) -> io::Result<()> {
    let results = files
        .iter()
        .flat_map(|file| {
            let artifact = ArtifactLocation {
                uri: uri(&file.portable),
            };
            file.diagnostics
                .iter()
                .map(move |diagnostic| result(file, &artifact, diagnostic))
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "zis-lint",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: Rule::ALL.iter().map(|&rule| descriptor(rule)).collect(),
                },
            },
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    super::indented::to_writer(&mut *out, &log)?;
    writeln!(out)
}

fn descriptor(rule: Rule) -> Descriptor {
    let page = rule.documentation();
    Descriptor {
        id: rule.code(),
        name: rule.name(),
        short_description: Message::text(rule.summary()),
        full_description: Message::text(what_it_checks(&page).unwrap_or_else(|| rule.summary())),
        help: Message {
            text: page.clone(),
            markdown: Some(page),
        },
        default_configuration: Configuration {
            level: level(rule.default_severity()),
        },
    }
}

/// The "What it checks" section of a rule page as one paragraph of text.
fn what_it_checks(page: &str) -> Option<String> {
    let mut lines = page
        .lines()
        .skip_while(|line| line.trim() != "## What it checks");
    lines.next()?;
    let section: Vec<&str> = lines
        .take_while(|line| !line.starts_with("## "))
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    (!section.is_empty()).then(|| section.join(" "))
}

fn result(
    file: &Checked,
    artifact: &ArtifactLocation,
    diagnostic: &zis_analysis::Diagnostic,
) -> SarifResult {
    let location = |range, id, message: Option<&str>| Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact.clone(),
            region: region(file, range),
        },
        message: message.map(Message::text),
    };
    SarifResult {
        rule_id: diagnostic.rule.code(),
        rule_index: Rule::ALL
            .iter()
            .position(|&rule| rule == diagnostic.rule)
            .unwrap_or_default(),
        level: level(diagnostic.severity),
        message: Message::text(&diagnostic.message),
        locations: vec![location(diagnostic.range, None, None)],
        related_locations: diagnostic
            .labels
            .iter()
            .enumerate()
            .map(|(id, label)| location(label.range, Some(id), Some(&label.message)))
            .collect(),
        fixes: diagnostic
            .fix
            .iter()
            .map(|fix| Fix {
                description: Message::text(&fix.title),
                artifact_changes: vec![ArtifactChange {
                    artifact_location: artifact.clone(),
                    replacements: fix
                        .edits
                        .iter()
                        .map(|edit| Replacement {
                            deleted_region: region(file, edit.range),
                            inserted_content: Content {
                                text: edit.new_text.clone(),
                            },
                        })
                        .collect(),
                }],
            })
            .collect(),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn region(file: &Checked, range: TextRange) -> Region {
    let start = file.position(range.start, ColumnUnit::Utf16);
    let end = file.position(range.end, ColumnUnit::Utf16);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// A URI reference for a path: relative paths stay relative (code scanning resolves them against
/// the repository root), absolute ones become `file://` URIs.
fn uri(path: &str) -> String {
    let encoded: String = path
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("bundles/a b/é.json"), "bundles/a%20b/%C3%A9.json");
        assert_eq!(uri("/tmp/x:y.json"), "file:///tmp/x%3Ay.json");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn rule_pages_give_a_full_description() {
        let page = "# X\n\n## What it checks\nOne\ntwo.\n\n## Why\nNo.\n";
        assert_eq!(what_it_checks(page).as_deref(), Some("One two."));
        assert_eq!(what_it_checks("# X\n"), None);
    }
}
