//! Inputs that once took time superlinear in their size: each must be checked, and analysed by
//! the server, in about a second. `run.sh` times them in `zis-lint check`, `lsp-latency` in
//! the server.

/// Every reproducer, by name: minified, as the Registry API and generators write bundles.
pub fn hostile_bundles() -> Vec<(&'static str, String)> {
    vec![
        ("50,000 unused parameters", parameters(50_000)),
        ("100,000 unused parameters", parameters(100_000)),
        ("path of 4,000 names", long_path(4_000)),
        ("path of 8,000 names", long_path(8_000)),
        ("100,000 placeholders", placeholders(100_000, Names::Same)),
        (
            "100,000 placeholders, escapes",
            placeholders(100_000, Names::SameEscaped),
        ),
        (
            "100,000 placeholders, all named",
            placeholders(100_000, Names::Distinct),
        ),
    ]
}

/// A bundle around one flow of `states` and one custom action of `definition`, with a job spec
/// that starts the flow.
fn one_flow(states: &str, definition: &str) -> String {
    format!(
        concat!(
            r#"{{"zis_template_version":"2019-10-14","name":"hostile","resources":{{"#,
            r#""act":{{"type":"ZIS::Action::Http","properties":{{"name":"act","definition":{}}}}},"#,
            r#""flow":{{"type":"ZIS::Flow","properties":{{"name":"flow","definition":{{"#,
            r#""StartAt":"First","States":{}}}}}}},"#,
            r#""job":{{"type":"ZIS::JobSpec","properties":{{"name":"job","event_source":"support","#,
            r#""event_type":"ticket.TicketCreated","flow_name":"zis:hostile:flow:flow"}}}}}}}}"#
        ),
        definition, states
    )
}

const GET: &str = r#"{"method":"GET","url":"https://example.com/items"}"#;

/// One Action state passing `count` parameters that the action never reads (ZIS505 each, with
/// a fix that removes the member).
fn parameters(count: usize) -> String {
    let parameters: Vec<String> = (0..count).map(|i| format!(r#""p{i}":{i}"#)).collect();
    let states = format!(
        r#"{{"First":{{"Type":"Action","ActionName":"zis:hostile:action:act","Parameters":{{{}}},"End":true}}}}"#,
        parameters.join(",")
    );
    one_flow(&states, GET)
}

/// A Pass state writing a path of `names` names and a Choice reading it.
fn long_path(names: usize) -> String {
    let path = format!("${}", ".a".repeat(names));
    let states = format!(
        concat!(
            r#"{{"First":{{"Type":"Pass","Result":1,"ResultPath":"{path}","Next":"Test"}},"#,
            r#""Test":{{"Type":"Choice","Choices":[{{"Variable":"{path}","NumericEquals":1,"#,
            r#""Next":"Done"}}],"Default":"Done"}},"Done":{{"Type":"Succeed"}}}}"#
        ),
        path = path
    );
    one_flow(&states, GET)
}

enum Names {
    /// `{{$.a}}` each time: one finding.
    Same,
    /// `{{$.a}}\n` each time, which maps offsets through escapes: one finding.
    SameEscaped,
    /// `{{$.a0}}`, `{{$.a1}}`…: a finding each.
    Distinct,
}

/// An action whose request body is one string holding `count` placeholders, called without
/// passing any parameter (ZIS504).
fn placeholders(count: usize, names: Names) -> String {
    let text: String = (0..count)
        .map(|i| match names {
            Names::Same => "{{$.a}}".to_owned(),
            Names::SameEscaped => r"{{$.a}}\n".to_owned(),
            Names::Distinct => format!("{{{{$.a{i}}}}}"),
        })
        .collect();
    let definition = format!(
        r#"{{"method":"POST","url":"https://example.com/items","requestBody":{{"text":"{text}"}}}}"#
    );
    let states = r#"{"First":{"Type":"Action","ActionName":"zis:hostile:action:act","End":true}}"#;
    one_flow(states, &definition)
}
