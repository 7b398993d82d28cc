//! Flow graphs: a snapshot per format of a flow with Choice conditions, a Catch, a Map iterator
//! and an unreachable state; and every drawing of the fixture and of the shared corpus through
//! Graphviz's `dot`, where it is installed (CI installs it; without it, or without the corpus,
//! and without `CI`, that test says `skipped:` and passes).

#[path = "../../../tests/support/corpus.rs"]
mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use zis_analysis::graph::{dot, flow_graph, flow_graphs, mermaid, FlowGraph};
use zis_analysis::model::Bundle;

fn fixture() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/graph/triage.json");
    std::fs::read_to_string(path).unwrap()
}

fn flows(text: &str) -> Vec<FlowGraph> {
    let parse = zis_syntax::parse(text);
    flow_graphs(&Bundle::lower(parse.root.as_ref()))
}

fn triage() -> FlowGraph {
    let text = fixture();
    let parse = zis_syntax::parse(&text);
    flow_graph(&Bundle::lower(parse.root.as_ref()), "triage").expect("the fixture has `triage`")
}

#[test]
fn mermaid_snapshot() {
    insta::assert_snapshot!(mermaid(&[triage()]));
}

#[test]
fn dot_snapshot() {
    insta::assert_snapshot!(dot(&[triage()]));
}

#[test]
fn several_flows_are_one_drawing() {
    let flows = flows(&fixture());
    assert_eq!(flows.len(), 2);
    insta::assert_snapshot!(mermaid(&flows));
}

fn missing() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/graph/missing.json");
    std::fs::read_to_string(path).unwrap()
}

/// A transition to a state that does not exist is drawn to a node marked missing, one node per
/// name however many transitions name it.
#[test]
fn a_transition_to_a_missing_state_is_drawn() {
    let flows = flows(&missing());
    let mermaid = mermaid(&flows);
    assert!(
        mermaid.contains("  s3[/\"Dnoe<br/>no such state\"/]\n"),
        "{mermaid}"
    );
    assert!(mermaid.contains("  s0 -->|\"default\"| s3\n"), "{mermaid}");
    assert!(mermaid.contains("  s1 --> s3\n"), "{mermaid}");
    assert!(mermaid.contains("  class s3 missing\n"), "{mermaid}");
    assert_eq!(mermaid.matches("Dnoe").count(), 1, "{mermaid}");
    let dot = dot(&flows);
    assert!(
        dot.contains(
            "  s3 [label=\"Dnoe\\nno such state\", shape=box, style=\"dashed,bold\", color=red3, fontcolor=red3];\n"
        ),
        "{dot}"
    );
    assert!(dot.contains("  s0 -> s3 [label=\"default\"];\n"), "{dot}");
    assert!(dot.contains("  s1 -> s3;\n"), "{dot}");
}

#[test]
fn flows_are_found_by_name_or_resource_key() {
    let text = fixture();
    let parse = zis_syntax::parse(&text);
    let model = Bundle::lower(parse.root.as_ref());
    assert_eq!(flow_graph(&model, "triage_flow").unwrap().name, "triage");
    assert!(flow_graph(&model, "get_ticket").is_none());
}

/// Graphviz's `dot`, if it can be run.
fn graphviz() -> Option<()> {
    let found = Command::new("dot").arg("-V").output().is_ok();
    if !found {
        support::skip("Graphviz `dot` is not installed (apt-get install graphviz)");
    }
    found.then_some(())
}

fn render_svg(source: &str, what: &str) {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what}: dot failed: {stderr}\n{source}"
    );
    // Graphviz reports syntax errors and bad attributes as warnings, yet still draws.
    assert!(
        stderr.trim().is_empty(),
        "{what}: dot warned: {stderr}\n{source}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));
}

/// The corpus's bundles; none, once the test is reported skipped, without a corpus.
fn corpus_bundles() -> Vec<PathBuf> {
    let Some(dir) = support::corpus() else {
        return Vec::new();
    };
    let mut paths = Vec::new();
    for folder in ["public", "history/tsanet", "tutorial"] {
        let entries = std::fs::read_dir(dir.join(folder)).unwrap();
        paths.extend(entries.map(|entry| entry.unwrap().path()));
    }
    paths.retain(|path| path.extension().is_some_and(|ext| ext == "json"));
    paths.sort();
    paths
}

#[test]
fn graphviz_draws_the_fixture_and_the_corpus() {
    let Some(()) = graphviz() else { return };
    render_svg(&dot(&[triage()]), "triage");
    render_svg(&dot(&flows(&fixture())), "both fixture flows");
    render_svg(&dot(&flows(&missing())), "missing states");
    for path in corpus_bundles() {
        let text = std::fs::read_to_string(&path).unwrap();
        let flows = flows(&text);
        assert!(!flows.is_empty(), "{}", path.display());
        render_svg(&dot(&flows), &path.display().to_string());
        for flow in &flows {
            render_svg(&dot(std::slice::from_ref(flow)), &flow.name);
        }
    }
}
