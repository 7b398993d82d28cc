//! Flow graphs: the states of a flow and the transitions between them, as data, and drawn as
//! Mermaid or Graphviz DOT text. `zis-lint graph` prints them and the language server's "Show
//! graph" command returns them, so both draw the same picture.
//!
//! Choice rules label their edges with their condition, Catch edges are dashed, states no run
//! reaches are marked, and each Map iterator is a cluster of its own, entered from its Map state.
//! A transition to a state that does not exist leads to a node of its own, drawn as missing: it
//! is the edge a user most needs to see.

use zis_syntax::{Object, Value};

use crate::model::{objects_in, Bundle, ResourceId, ResourceKind, ScopeId, TransitionKind};
use crate::schema::{operator, StateType};

/// Labels longer than this are cut, so that a long condition does not stretch the drawing.
const MAX_LABEL: usize = 60;

/// One flow, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowGraph {
    /// The flow's `properties.name` (its resource key when it has none).
    pub name: String,
    pub resource: ResourceId,
    pub root: Cluster,
}

/// The states of one scope: the flow definition, or a Map iterator.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Unique in the drawing; also the prefix of the start and end markers' ids.
    pub id: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// The node `StartAt` names.
    pub start: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Unique in the drawing.
    pub id: String,
    /// The state's name.
    pub name: String,
    pub ty: Option<StateType>,
    /// Whether a run can get here from `StartAt`.
    pub reachable: bool,
    /// Whether the state ends its scope: `"End": true`, Succeed or Fail.
    pub terminal: bool,
    /// A Map state's iterator.
    pub iterator: Option<Cluster>,
    /// No state has this name: a transition or `StartAt` names it all the same.
    pub missing: bool,
}

/// A transition between two nodes of the same cluster, by index.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// The Choice rule's condition, `default`, or `catch`.
    pub label: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    Next,
    Choice,
    Default,
    Catch,
}

/// Every flow of the bundle that has a definition, in source order.
pub fn flow_graphs(model: &Bundle) -> Vec<FlowGraph> {
    let mut ids = Ids::default();
    model
        .resource_ids()
        .filter_map(|id| build(model, id, &mut ids))
        .collect()
}

/// The flow whose `properties.name` (or, failing that, resource key) is `name`.
pub fn flow_graph(model: &Bundle, name: &str) -> Option<FlowGraph> {
    flow_graphs(model)
        .into_iter()
        .find(|flow| flow.name == name || model.resource(flow.resource).key.value == name)
}

/// Hands out the ids that keep nodes of different scopes apart when their states share a name.
#[derive(Default)]
struct Ids {
    nodes: usize,
    clusters: usize,
}

impl Ids {
    fn node(&mut self) -> String {
        self.nodes += 1;
        format!("s{}", self.nodes - 1)
    }

    fn cluster(&mut self) -> String {
        self.clusters += 1;
        format!("c{}", self.clusters - 1)
    }
}

fn build(model: &Bundle, id: ResourceId, ids: &mut Ids) -> Option<FlowGraph> {
    let resource = model.resource(id);
    let ResourceKind::Flow { scope: Some(scope) } = resource.kind else {
        return None;
    };
    let name = resource
        .name
        .as_ref()
        .unwrap_or(&resource.key)
        .value
        .to_string();
    Some(FlowGraph {
        name,
        resource: id,
        root: cluster(model, scope, ids),
    })
}

// Recursion follows Map iterators nested in the text, which the parser's depth limit bounds.
fn cluster(model: &Bundle, id: ScopeId, ids: &mut Ids) -> Cluster {
    let scope = model.scope(id);
    let cluster_id = ids.cluster();
    let reachable = scope.reachable();
    let nodes = scope
        .states
        .iter()
        .enumerate()
        .map(|(index, state)| Node {
            id: ids.node(),
            name: state.name.value.to_string(),
            ty: state.ty,
            reachable: reachable.as_ref().is_none_or(|seen| seen[index]),
            terminal: state.is_terminal(),
            iterator: state.iterator.map(|iterator| cluster(model, iterator, ids)),
            missing: false,
        })
        .collect();
    let mut cluster = Cluster {
        id: cluster_id,
        nodes,
        edges: Vec::new(),
        start: None,
    };
    // A name no state has gets one missing node, however many transitions name it.
    let mut node_for = |cluster: &mut Cluster, name: &str| {
        scope.state(name).unwrap_or_else(|| {
            let known = cluster.nodes[scope.states.len()..]
                .iter()
                .position(|node| node.name == name);
            known.map(|at| scope.states.len() + at).unwrap_or_else(|| {
                cluster.nodes.push(Node {
                    id: ids.node(),
                    name: name.to_string(),
                    ty: None,
                    reachable: true,
                    terminal: false,
                    iterator: None,
                    missing: true,
                });
                cluster.nodes.len() - 1
            })
        })
    };
    cluster.start = scope
        .start_at
        .as_ref()
        .map(|start| node_for(&mut cluster, &start.value));
    for (from, state) in scope.states.iter().enumerate() {
        for transition in &state.transitions {
            let to = node_for(&mut cluster, &transition.target.value);
            let (kind, label) = match transition.kind {
                TransitionKind::Next => (EdgeKind::Next, None),
                TransitionKind::Default => (EdgeKind::Default, Some("default".to_string())),
                TransitionKind::Choice(index) => (
                    EdgeKind::Choice,
                    objects_in(state.object.get_array("Choices"))
                        .nth(index)
                        .map(|rule| shorten(condition(rule))),
                ),
                TransitionKind::Catch(_) => (EdgeKind::Catch, Some("catch".to_string())),
            };
            cluster.edges.push(Edge {
                from,
                to,
                kind,
                label,
            });
        }
    }
    // Rules in their order of evaluation, then the default, then error handling.
    cluster.edges.sort_by_key(|edge| {
        let rank = match edge.kind {
            EdgeKind::Next | EdgeKind::Choice => 0,
            EdgeKind::Default => 1,
            EdgeKind::Catch => 2,
        };
        (edge.from, rank)
    });
    cluster
}

/// A Choice rule as a short condition: `$.status == "open"`, `not ($.x is present)`.
// Recursion follows `And`, `Or` and `Not` nested in the text, bounded by the parser's depth limit.
fn condition(rule: &Object) -> String {
    for (logical, joiner) in [("And", " and "), ("Or", " or ")] {
        if let Some(rules) = rule.get_array(logical) {
            let parts: Vec<String> = objects_in(Some(rules))
                .map(|nested| parenthesised(nested))
                .collect();
            return parts.join(joiner);
        }
    }
    if let Some(nested) = rule.get_object("Not") {
        return format!("not {}", parenthesised(nested));
    }
    let variable = rule.get_str("Variable").map_or("?", |v| v.value.as_str());
    let Some((name, value)) = rule
        .members
        .iter()
        .find_map(|member| operator(&member.key.value).map(|op| (op.name, member.value.as_ref())))
    else {
        return variable.to_string();
    };
    let truth = value.and_then(Value::as_bool);
    match name {
        "IsPresent" if truth == Some(false) => format!("{variable} is absent"),
        "IsPresent" => format!("{variable} is present"),
        "IsNull" if truth == Some(false) => format!("{variable} is not null"),
        "IsNull" => format!("{variable} is null"),
        _ => {
            let stem = name.strip_suffix("Path").unwrap_or(name);
            let symbol = [
                ("GreaterThanEquals", ">="),
                ("LessThanEquals", "<="),
                ("GreaterThan", ">"),
                ("LessThan", "<"),
                ("Equals", "=="),
            ]
            .into_iter()
            .find(|(suffix, _)| stem.ends_with(suffix))
            .map_or(name, |(_, symbol)| symbol);
            let operand = match value {
                // A `…Path` operator compares with the value at a path, written bare.
                Some(Value::String(path)) if stem != name => path.value.to_string(),
                Some(value) => literal(value),
                None => "?".to_string(),
            };
            format!("{variable} {symbol} {operand}")
        }
    }
}

fn parenthesised(rule: &Object) -> String {
    let text = condition(rule);
    let compound = rule.get("And").is_some() || rule.get("Or").is_some();
    if compound {
        format!("({text})")
    } else {
        text
    }
}

fn literal(value: &Value) -> String {
    match value {
        Value::String(s) => serde_json::to_string(s.value.as_str()).unwrap_or_default(),
        Value::Number(n) => n.value.to_string(),
        Value::Bool(b, _) => b.to_string(),
        Value::Null(_) => "null".to_string(),
        Value::Object(_) | Value::Array(_) => "…".to_string(),
    }
}

fn shorten(text: String) -> String {
    if text.chars().count() <= MAX_LABEL {
        return text;
    }
    let cut: String = text.chars().take(MAX_LABEL - 1).collect();
    format!("{cut}…")
}

/// What a node's label says under its name.
fn describe(node: &Node) -> String {
    if node.missing {
        return "no such state".to_string();
    }
    let ty = node.ty.map_or("unknown type", StateType::name);
    if node.reachable {
        ty.to_string()
    } else {
        format!("{ty}, unreachable")
    }
}

/// The flows as one Mermaid flowchart; several flows each get a subgraph.
pub fn mermaid(flows: &[FlowGraph]) -> String {
    let mut out = String::from("flowchart TD\n");
    let mut classes = Classes::default();
    for (index, flow) in flows.iter().enumerate() {
        if flows.len() > 1 {
            out.push_str(&format!(
                "  subgraph f{index}[\"{}\"]\n",
                mermaid_text(&flow.name)
            ));
        }
        mermaid_cluster(&flow.root, &mut out, &mut classes);
        if flows.len() > 1 {
            out.push_str("  end\n");
        }
    }
    out.push_str("  classDef marker fill:#444,stroke:#444,color:#fff\n");
    out.push_str("  classDef unreachable stroke-dasharray:5 5,color:#888,fill:#f4f4f4\n");
    out.push_str("  classDef failure stroke:#c00,color:#c00\n");
    if !classes.missing.is_empty() {
        out.push_str(
            "  classDef missing stroke:#c00,stroke-width:2px,stroke-dasharray:3 3,color:#c00,fill:#fff0f0\n",
        );
    }
    for (class, ids) in [
        ("unreachable", &classes.unreachable),
        ("failure", &classes.failures),
        ("missing", &classes.missing),
    ] {
        if !ids.is_empty() {
            out.push_str(&format!("  class {} {class}\n", ids.join(",")));
        }
    }
    out
}

/// The ids of the nodes drawn with each class.
#[derive(Default)]
struct Classes {
    unreachable: Vec<String>,
    failures: Vec<String>,
    missing: Vec<String>,
}

fn mermaid_cluster(cluster: &Cluster, out: &mut String, classes: &mut Classes) {
    let id = &cluster.id;
    out.push_str(&format!("  {id}_start((\"start\")):::marker\n"));
    for node in &cluster.nodes {
        let label = format!(
            "\"{}<br/>{}\"",
            mermaid_text(&node.name),
            mermaid_text(&describe(node))
        );
        let shape = match node.ty {
            None if node.missing => format!("[/{label}/]"),
            Some(StateType::Choice) => format!("{{{label}}}"),
            Some(StateType::Succeed | StateType::Fail) => format!("([{label}])"),
            Some(StateType::Map) => format!("[[{label}]]"),
            _ => format!("[{label}]"),
        };
        out.push_str(&format!("  {}{shape}\n", node.id));
        if !node.reachable {
            classes.unreachable.push(node.id.clone());
        }
        if node.ty == Some(StateType::Fail) {
            classes.failures.push(node.id.clone());
        }
        if node.missing {
            classes.missing.push(node.id.clone());
        }
    }
    if cluster.nodes.iter().any(|node| node.terminal) {
        out.push_str(&format!("  {id}_end((\"end\")):::marker\n"));
    }
    if let Some(start) = cluster.start {
        out.push_str(&format!("  {id}_start --> {}\n", cluster.nodes[start].id));
    }
    for edge in &cluster.edges {
        let arrow = match edge.kind {
            EdgeKind::Catch => "-.->",
            _ => "-->",
        };
        let label = edge
            .label
            .as_ref()
            .map_or_else(String::new, |l| format!("|\"{}\"|", mermaid_text(l)));
        out.push_str(&format!(
            "  {} {arrow}{label} {}\n",
            cluster.nodes[edge.from].id, cluster.nodes[edge.to].id
        ));
    }
    for node in cluster.nodes.iter().filter(|node| node.terminal) {
        out.push_str(&format!("  {} --> {id}_end\n", node.id));
    }
    for node in &cluster.nodes {
        let Some(iterator) = &node.iterator else {
            continue;
        };
        out.push_str(&format!(
            "  subgraph {}[\"iterator of {}\"]\n  direction TB\n",
            iterator.id,
            mermaid_text(&node.name)
        ));
        mermaid_cluster(iterator, out, classes);
        out.push_str("  end\n");
        out.push_str(&format!(
            "  {} -.->|\"each item\"| {}_start\n",
            node.id, iterator.id
        ));
    }
}

/// Text for a quoted Mermaid label: quotes and the characters Mermaid reads as markup become
/// entity codes.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The flows as one Graphviz digraph; several flows each get a cluster.
pub fn dot(flows: &[FlowGraph]) -> String {
    let title = match flows {
        [flow] => flow.name.as_str(),
        _ => "flows",
    };
    let mut out = format!("digraph \"{}\" {{\n", dot_text(title));
    out.push_str("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (index, flow) in flows.iter().enumerate() {
        if flows.len() > 1 {
            out.push_str(&format!(
                "  subgraph cluster_f{index} {{\n  label=\"{}\";\n",
                dot_text(&flow.name)
            ));
        }
        dot_cluster(&flow.root, &mut out);
        if flows.len() > 1 {
            out.push_str("  }\n");
        }
    }
    out.push_str("}\n");
    out
}

fn dot_cluster(cluster: &Cluster, out: &mut String) {
    let id = &cluster.id;
    out.push_str(&format!(
        "  {id}_start [label=\"start\", shape=circle, style=filled, fillcolor=gray25, \
         fontcolor=white, fontsize=10];\n"
    ));
    for node in &cluster.nodes {
        let mut attributes = vec![format!(
            "label=\"{}\\n{}\"",
            dot_text(&node.name),
            dot_text(&describe(node))
        )];
        match node.ty {
            Some(StateType::Choice) => attributes.push("shape=diamond".into()),
            Some(StateType::Succeed | StateType::Fail) => attributes.push("shape=oval".into()),
            Some(StateType::Map) => attributes.push("peripheries=2".into()),
            _ => {}
        }
        if node.ty == Some(StateType::Fail) {
            attributes.push("color=red3, fontcolor=red3".into());
        }
        if !node.reachable {
            attributes.push("style=\"rounded,dashed\", color=gray50, fontcolor=gray50".into());
        }
        if node.missing {
            attributes.push("shape=box, style=\"dashed,bold\", color=red3, fontcolor=red3".into());
        }
        out.push_str(&format!("  {} [{}];\n", node.id, attributes.join(", ")));
    }
    if cluster.nodes.iter().any(|node| node.terminal) {
        out.push_str(&format!(
            "  {id}_end [label=\"end\", shape=doublecircle, style=filled, fillcolor=gray25, \
             fontcolor=white, fontsize=10];\n"
        ));
    }
    if let Some(start) = cluster.start {
        out.push_str(&format!("  {id}_start -> {};\n", cluster.nodes[start].id));
    }
    for edge in &cluster.edges {
        let mut attributes = Vec::new();
        if let Some(label) = &edge.label {
            attributes.push(format!("label=\"{}\"", dot_text(label)));
        }
        if edge.kind == EdgeKind::Catch {
            attributes.push("style=dashed".to_string());
        }
        let attributes = if attributes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attributes.join(", "))
        };
        out.push_str(&format!(
            "  {} -> {}{attributes};\n",
            cluster.nodes[edge.from].id, cluster.nodes[edge.to].id
        ));
    }
    for node in cluster.nodes.iter().filter(|node| node.terminal) {
        out.push_str(&format!("  {} -> {id}_end;\n", node.id));
    }
    for node in &cluster.nodes {
        let Some(iterator) = &node.iterator else {
            continue;
        };
        out.push_str(&format!(
            "  subgraph cluster_{} {{\n  label=\"iterator of {}\";\n  style=dashed;\n",
            iterator.id,
            dot_text(&node.name)
        ));
        dot_cluster(iterator, out);
        out.push_str("  }\n");
        out.push_str(&format!(
            "  {} -> {}_start [style=dotted, label=\"each item\"];\n",
            node.id, iterator.id
        ));
    }
}

/// Text for a quoted DOT string: backslashes and quotes escaped, line breaks as `\n`.
fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}
