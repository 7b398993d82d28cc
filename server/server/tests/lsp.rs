//! The language server as a client sees it: real JSON-RPC messages over a pipe, through the
//! client of [`common`].

mod common;
#[path = "../../../tests/support/corpus.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;
use serde_json::{json, Value};
use zis_analysis::{analyze, Config, Severity, TextRange};

/// What the server must publish for `text`: the CLI's analysis, in LSP terms.
fn expected(text: &str, unit: Unit) -> Vec<Value> {
    expected_with(text, &Config::default(), unit)
}

/// [`expected`] with a configuration.
fn expected_with(text: &str, config: &Config, unit: Unit) -> Vec<Value> {
    let analysis = analyze(text, config);
    if !analysis.is_bundle {
        return Vec::new();
    }
    analysis
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let severity = match diagnostic.severity {
                Severity::Error => 1,
                Severity::Warning => 2,
                Severity::Info => 3,
                Severity::Hint => 4,
            };
            let related: Vec<Value> = diagnostic
                .labels
                .iter()
                .map(|label| json!([range(text, label.range, unit), label.message]))
                .collect();
            json!({
                "range": range(text, diagnostic.range, unit),
                "severity": severity,
                "code": diagnostic.rule.code(),
                "message": diagnostic.message,
                "related": related,
            })
        })
        .collect()
}

/// The fields of published diagnostics that [`expected`] predicts.
fn published(diagnostics: &[Value]) -> Vec<Value> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let related: Vec<Value> = diagnostic["relatedInformation"]
                .as_array()
                .map(|related| {
                    related
                        .iter()
                        .map(|info| json!([info["location"]["range"], info["message"]]))
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(diagnostic["source"], "zis-lint");
            json!({
                "range": diagnostic["range"],
                "severity": diagnostic["severity"],
                "code": diagnostic["code"],
                "message": diagnostic["message"],
                "related": related,
            })
        })
        .collect()
}

/// The changes that turn `old` into `new` as a user would type them: the differing middle
/// deleted a character or two at a time, then the new middle typed a few characters at a time,
/// every position computed against the text as it is after the changes before it.
fn small_edits(old: &str, new: &str) -> Vec<Value> {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let suffix = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let mut text = old.to_string();
    let mut edits = Vec::new();
    let mut end = old.len() - suffix;
    while end > prefix {
        let start = text[prefix..end]
            .char_indices()
            .rev()
            .nth(1)
            .map_or(prefix, |(i, _)| prefix + i);
        edits.push(json!({
            "range": {"start": position(&text, start, Unit::Utf16), "end": position(&text, end, Unit::Utf16)},
            "text": "",
        }));
        text.replace_range(start..end, "");
        end = start;
    }
    let inserted: Vec<char> = new[prefix..new.len() - suffix].chars().collect();
    let mut at = prefix;
    for chunk in inserted.chunks(3) {
        let chunk: String = chunk.iter().collect();
        let here = position(&text, at, Unit::Utf16);
        edits.push(json!({"range": {"start": here, "end": here}, "text": chunk}));
        text.insert_str(at, &chunk);
        at += chunk.len();
    }
    assert_eq!(text, new);
    edits
}

#[tokio::test]
async fn initialize_announces_capabilities_and_negotiates_the_encoding() {
    let (_, result) = Client::initialized(json!({})).await;
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    assert_eq!(capabilities["definitionProvider"], true);
    assert_eq!(capabilities["referencesProvider"], true);
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
    assert_eq!(capabilities["documentSymbolProvider"], true);
    assert_eq!(result["serverInfo"]["name"], "zis-lint");

    let offers = |encodings: Value| json!({"general": {"positionEncodings": encodings}});
    let (_, result) = Client::initialized(offers(json!(["utf-32", "utf-8", "utf-16"]))).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    let (_, result) = Client::initialized(offers(json!(["utf-32", "utf-16"]))).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
}

#[tokio::test]
async fn open_publishes_the_diagnostics_of_the_version() {
    let mut client = Client::new().await;
    let text = fixture();
    client.open(&uri("bundle.json"), &text, 7);
    let diagnostics = client.diagnostics(&uri("bundle.json"), json!(7)).await;
    assert_eq!(published(&diagnostics), expected(&text, Unit::Utf16));

    let faulty = edited(
        &text,
        "\"name\": \"post_tickets",
        "\"bogus\": 1, \"name\": \"post_tickets",
    );
    client.open(&uri("faulty.json"), &faulty, 1);
    let diagnostics = client.diagnostics(&uri("faulty.json"), json!(1)).await;
    assert!(codes(&diagnostics).contains(&"ZIS005"), "{diagnostics:?}");
    assert_eq!(published(&diagnostics), expected(&faulty, Unit::Utf16));
}

#[tokio::test]
async fn many_small_incremental_edits_give_what_opening_the_result_gives() {
    let mut client = Client::new().await;
    let text = fixture();
    let steps = [
        edited(&text, "\"Default\": \"Done\"", "\"Default\": \"Dnoe\""),
        edited(
            &text,
            "\"Cause\": \"The webhook did not answer\"",
            "\"Cause\": \"Le webhook n'a pas répondu 😀\", \"Bogus\": true",
        ),
        edited(&text, "\"ResultPath\": \"$.notified\",\n", ""),
    ];
    let mut version = 1;
    client.open(&uri("edited.json"), &text, version);
    let mut current = text.clone();
    for target in steps.iter().chain([&text]) {
        let edits = small_edits(&current, target);
        // Some notifications carry one change, some several.
        for changes in edits.chunks(1 + version as usize % 3) {
            version += 1;
            client.change(&uri("edited.json"), version, json!(changes));
        }
        let diagnostics = client
            .diagnostics(&uri("edited.json"), json!(version))
            .await;
        client.open(&uri("fresh.json"), target, 1);
        let fresh = client.diagnostics(&uri("fresh.json"), json!(1)).await;
        assert_eq!(published(&diagnostics), published(&fresh));
        assert_eq!(published(&diagnostics), expected(target, Unit::Utf16));
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri("fresh.json")}}),
        );
        current = target.clone();
    }
}

#[tokio::test]
async fn a_thousand_rapid_edits_end_in_the_text_of_a_fresh_open() {
    let mut client = Client::new().await;
    let mut text = fixture();
    let doc = uri("typed.json");
    client.open(&doc, &text, 0);
    let typed = "\"Extra\": {\"Type\": \"Pass\", \"Commentz\": \"café 😀 naïve\", \"Next\": \"Done\"},\n            ";
    let mut at = text.find("\"Done\": {").expect("the Done state");
    let mut version = 0;
    let mut typed_chars = typed.chars().cycle();
    // Every fifth change is a backspace, and the character it took is typed again next.
    let mut retype = None;
    while version < 1000 {
        version += 1;
        if version % 5 == 0 {
            let start = text[..at].char_indices().last().map_or(0, |(i, _)| i);
            let range = json!({"start": position(&text, start, Unit::Utf16), "end": position(&text, at, Unit::Utf16)});
            client.change(&doc, version, json!([{"range": range, "text": ""}]));
            retype = Some(text[start..at].to_string());
            text.replace_range(start..at, "");
            at = start;
        } else {
            let c = retype
                .take()
                .unwrap_or_else(|| typed_chars.next().expect("endless").to_string());
            let here = position(&text, at, Unit::Utf16);
            client.change(
                &doc,
                version,
                json!([{"range": {"start": here, "end": here}, "text": c}]),
            );
            text.insert_str(at, &c);
            at += c.len();
        }
    }
    let diagnostics = client.diagnostics(&doc, json!(1000)).await;
    assert!(
        !client.has_read(|m| m["params"]["uri"] == doc && m["params"]["version"].as_i64() > Some(1000)),
        "nothing after the last version"
    );
    client.open(&uri("fresh.json"), &text, 1);
    let fresh = client.diagnostics(&uri("fresh.json"), json!(1)).await;
    assert_eq!(published(&diagnostics), published(&fresh));
    assert_eq!(published(&diagnostics), expected(&text, Unit::Utf16));
    let symbols = |uri: String| json!({"textDocument": {"uri": uri}});
    let typed_outline = client
        .request("textDocument/documentSymbol", symbols(doc.clone()))
        .await;
    let fresh_outline = client
        .request("textDocument/documentSymbol", symbols(uri("fresh.json")))
        .await;
    assert_eq!(typed_outline["result"], fresh_outline["result"]);
    assert!(typed_outline["result"].to_string().contains("\"Extra\""));
}

#[tokio::test]
async fn other_json_gets_empty_diagnostics_until_it_becomes_a_bundle() {
    let mut client = Client::new().await;
    let doc = uri("package.json");
    client.open(&doc, "{\"name\": \"x\"}", 1);
    assert_eq!(
        client.diagnostics(&doc, json!(1)).await,
        Vec::<Value>::new()
    );
    let end = json!({"line": 0, "character": 12});
    let insert = |text: &str| json!([{"range": {"start": end, "end": end}, "text": text}]);
    client.change(&doc, 2, insert(", \"version\": \"1\""));
    client.change(
        &doc,
        3,
        insert(", \"zis_template_version\": \"2019-10-14\""),
    );
    let diagnostics = client.diagnostics(&doc, json!(3)).await;
    assert!(codes(&diagnostics).contains(&"ZIS004"), "{diagnostics:?}");
    assert!(
        !client.has_read(|m| m["params"]["version"] == 2),
        "nothing for a change that leaves other JSON other JSON"
    );
    client.change(&doc, 4, json!([{"text": "{\"name\": \"x\"}"}]));
    assert_eq!(
        client.diagnostics(&doc, json!(4)).await,
        Vec::<Value>::new()
    );
}

#[tokio::test]
async fn a_document_mid_edit_still_gets_recovered_diagnostics() {
    let mut client = Client::new().await;
    let text = edited(
        &fixture(),
        "\"name\": \"post_tickets",
        "\"bogus\": 1, \"name\": \"post_tickets",
    );
    let unclosed = edited(
        &text,
        "\"Error\": \"WebhookFailed\"",
        "\"Error\": \"WebhookFailed",
    );
    let no_comma = edited(&text, "\"Type\": \"Choice\",", "\"Type\": \"Choice\"");
    for (i, broken) in [unclosed, no_comma].iter().enumerate() {
        let doc = uri(&format!("broken{i}.json"));
        client.open(&doc, broken, 1);
        let diagnostics = client.diagnostics(&doc, json!(1)).await;
        let codes = codes(&diagnostics);
        assert!(codes.contains(&"ZIS001"), "{codes:?}");
        assert!(codes.contains(&"ZIS005"), "recovered: {codes:?}");
        assert_eq!(published(&diagnostics), expected(broken, Unit::Utf16));
    }
}

#[tokio::test]
async fn columns_are_utf16_units_or_bytes_as_negotiated() {
    let text = edited(
        &fixture(),
        "\"description\": \"Post ZD Ticket create events to webhook\",",
        "\"description\": \"é😀\", \"bogus\": true,",
    );
    let line = text
        .lines()
        .position(|line| line.contains("bogus"))
        .expect("a line");
    for (unit, capabilities, character) in [
        (Unit::Utf16, json!({}), 24),
        (
            Unit::Utf8,
            json!({"general": {"positionEncodings": ["utf-8"]}}),
            27,
        ),
    ] {
        let (mut client, _) = Client::initialized(capabilities).await;
        client.open(&uri("unicode.json"), &text, 1);
        let diagnostics = client.diagnostics(&uri("unicode.json"), json!(1)).await;
        let bogus = diagnostics
            .iter()
            .find(|diagnostic| diagnostic["code"] == "ZIS005")
            .expect("the unknown field");
        assert_eq!(
            bogus["range"]["start"],
            json!({"line": line, "character": character})
        );
        assert_eq!(published(&diagnostics), expected(&text, unit));
    }
}

/// A lone `\r` breaks a line for the server as it does for the editor: diagnostics land where
/// the client counts, and an edit at a client's position lands where it meant.
#[tokio::test]
async fn every_line_break_counts_the_same() {
    let text = fixture().replace('\n', "\r");
    let broken = edited(&text, "\"Next\": \"Done\"", "\"Next\": \"Dome\"");
    let mut client = Client::new().await;
    let uri = uri("carriage-returns.json");
    client.open(&uri, &broken, 1);
    let diagnostics = client.diagnostics(&uri, json!(1)).await;
    assert!(codes(&diagnostics).contains(&"ZIS101"), "{diagnostics:?}");
    assert_eq!(published(&diagnostics), expected(&broken, Unit::Utf16));
    let at = broken.find("Dome").unwrap() + 2;
    let range = range(
        &broken,
        TextRange::new(at as u32, at as u32 + 1),
        Unit::Utf16,
    );
    assert_ne!(range["start"]["line"], 0, "the fixture has several lines");
    client.change(&uri, 2, json!([{"range": range, "text": "n"}]));
    let diagnostics = client.diagnostics(&uri, json!(2)).await;
    assert_eq!(published(&diagnostics), expected(&text, Unit::Utf16));
    assert!(!codes(&diagnostics).contains(&"ZIS101"), "{diagnostics:?}");
}

/// Findings the rule metadata tags as unnecessary (dead states, unused resources and
/// parameters) carry LSP's `Unnecessary` tag, which editors draw faded; others carry none.
#[tokio::test]
async fn unnecessary_findings_are_tagged() {
    let text = edited(
        &fixture(),
        "\"Default\": \"Done\"",
        "\"Default\": \"PostFailed\"",
    );
    let text = edited(&text, "\"Next\": \"Done\"", "\"End\": true");
    let mut client = Client::new().await;
    let uri = uri("tags.json");
    client.open(&uri, &text, 1);
    let diagnostics = client.diagnostics(&uri, json!(1)).await;
    let unreachable = diagnostics
        .iter()
        .find(|d| d["code"] == "ZIS102")
        .expect("`Done` is reached by no transition");
    assert_eq!(unreachable["tags"], json!([1]), "{unreachable}");
    for diagnostic in diagnostics.iter().filter(|d| d["code"] != "ZIS102") {
        let code = diagnostic["code"].as_str().unwrap();
        let tagged = zis_analysis::Rule::find(code)
            .unwrap()
            .has_tag(zis_analysis::Tag::Unnecessary);
        assert_eq!(diagnostic.get("tags").is_some(), tagged, "{diagnostic}");
    }
}

#[tokio::test]
async fn navigation_on_the_fixture() {
    let mut client = Client::new().await;
    let text = fixture();
    let doc = uri("nav.json");
    client.open(&doc, &text, 1);
    client.diagnostics(&doc, json!(1)).await;
    let at = |needle: &str, n: usize, delta: usize| find(&text, needle, n, delta);
    // The content of the `n`th string literal `"name"`.
    let quoted = |name: &str, n: usize| {
        let start = text
            .match_indices(&format!("\"{name}\""))
            .nth(n)
            .expect("the name")
            .0
            + 1;
        range(
            &text,
            TextRange::new(start as u32, (start + name.len()) as u32),
            Unit::Utf16,
        )
    };
    let plain = |needle: &str, n: usize| {
        let start = text.match_indices(needle).nth(n).expect("the needle").0;
        range(
            &text,
            TextRange::new(start as u32, (start + needle.len()) as u32),
            Unit::Utf16,
        )
    };

    // Definition: transition → state key, ActionName → action name, flow_name → flow name.
    assert_eq!(
        client.definition(&doc, at("\"CheckPriority\"", 0, 3)).await,
        quoted("CheckPriority", 1)
    );
    assert_eq!(
        client
            .definition(&doc, at("post-to-webhook-site\"", 0, 4))
            .await,
        quoted("post-to-webhook-site", 1)
    );
    assert_eq!(
        client.definition(&doc, at("flow:post_tickets", 0, 8)).await,
        quoted("post_tickets_to_webhook_flow", 1)
    );
    assert_eq!(
        client.definition(&doc, at("\"Notify\"", 0, 1)).await,
        quoted("Notify", 1),
        "in the iterator"
    );
    assert_eq!(
        client.definition(&doc, at("\"Type\"", 0, 1)).await,
        Value::Null
    );

    // References: of a state from its key, of an action from a reference (the name parts).
    let done = at("\"Done\": {", 0, 1);
    let all = [quoted("Done", 0), quoted("Done", 1), quoted("Done", 2)];
    assert_eq!(client.references(&doc, done.clone(), true).await, all);
    assert_eq!(client.references(&doc, done.clone(), false).await, all[..2]);
    assert_eq!(
        client
            .references(&doc, at("action:post", 1, 9), false)
            .await,
        [
            plain("post-to-webhook-site", 0),
            plain("post-to-webhook-site", 1)
        ]
    );

    // Rename a state from a transition: its key and every transition, JSON-escaped.
    let failed = at("\"PostFailed\"", 0, 2);
    let prepared = client
        .at(
            "textDocument/prepareRename",
            &doc,
            failed.clone(),
            json!({}),
        )
        .await;
    assert_eq!(
        prepared["result"],
        json!({"range": quoted("PostFailed", 0), "placeholder": "PostFailed"})
    );
    let renamed = client.rename(&doc, failed, "Post \"failed\"").await;
    let edits = renamed["result"]["changes"][doc.as_str()]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edits.len(), 2);
    let out = apply(&text, &edits);
    assert_eq!(out.matches(r#""Post \"failed\"""#).count(), 2);
    assert!(!out.contains("PostFailed"));

    // Rename an action from its name: the references' name parts and the matching key follow.
    let renamed = client
        .rename(&doc, at("\"post-to-webhook-site\"", 1, 3), "notify")
        .await;
    let edits = renamed["result"]["changes"][doc.as_str()]
        .as_array()
        .unwrap()
        .clone();
    let out = apply(&text, &edits);
    assert_eq!(out.matches("zis:acme:action:notify\"").count(), 2);
    assert!(out.contains("\"notify\": {") && out.contains("\"name\": \"notify\""));
    assert!(!out.contains("post-to-webhook-site"));

    // Refusals are errors with a message, not silent no-ops.
    let colon = client.rename(&doc, at("action:post", 0, 9), "a:b").await;
    assert_eq!(colon["error"]["code"], -32602, "{colon}");
    assert!(colon["error"]["message"].as_str().unwrap().contains("`:`"));
    let empty = client.rename(&doc, done, "").await;
    assert_eq!(empty["error"]["code"], -32602, "{empty}");
    let jq = at("transform:Jq", 0, 10);
    let builtin = client
        .at("textDocument/prepareRename", &doc, jq, json!({}))
        .await;
    assert_eq!(builtin["error"]["code"], -32803, "{builtin}");

    // The outline: resources, their states, iterator states under their Map.
    let params = json!({"textDocument": {"uri": doc}});
    let outline = client.request("textDocument/documentSymbol", params).await["result"].clone();
    let names = |items: &Value| -> Vec<String> {
        let items = items.as_array().expect("symbols");
        items
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&outline),
        [
            "post_tickets_to_webhook_flow",
            "post-to-webhook-site",
            "ticket_created_jobspec"
        ]
    );
    let kinds: Vec<&Value> = outline
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["kind"])
        .collect();
    assert_eq!(
        kinds,
        [&json!(2), &json!(12), &json!(24)],
        "module, function, event"
    );
    let states = &outline[0]["children"];
    assert_eq!(names(states), FIXTURE_STATES);
    assert_eq!(names(&states[3]["children"]), ["Notify"]);
    assert_eq!(states[1]["detail"], "Choice");
    assert_eq!(states[1]["selectionRange"], plain("\"CheckPriority\"", 1));
}

#[tokio::test]
async fn close_clears_diagnostics() {
    let mut client = Client::new().await;
    let doc = uri("closed.json");
    let text = edited(
        &fixture(),
        "\"name\": \"post_tickets",
        "\"bogus\": 1, \"name\": \"post_tickets",
    );
    client.open(&doc, &text, 1);
    assert!(!client.diagnostics(&doc, json!(1)).await.is_empty());
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": doc}}),
    );
    assert_eq!(
        client.diagnostics(&doc, Value::Null).await,
        Vec::<Value>::new()
    );
    let after = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": doc}}),
        )
        .await;
    assert_eq!(after["result"], Value::Null);
}

#[tokio::test]
async fn requests_for_a_document_never_opened_get_null() {
    let mut client = Client::new().await;
    let doc = uri("never.json");
    let here = json!({"line": 3, "character": 4});
    for (method, extra) in [
        ("textDocument/definition", json!({})),
        (
            "textDocument/references",
            json!({"context": {"includeDeclaration": true}}),
        ),
        ("textDocument/prepareRename", json!({})),
        ("textDocument/rename", json!({"newName": "x"})),
    ] {
        let response = client.at(method, &doc, here.clone(), extra).await;
        assert_eq!(response.get("error"), None, "{method}: {response}");
        assert_eq!(response["result"], Value::Null, "{method}");
    }
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": doc}}),
        )
        .await;
    assert_eq!(symbols["result"], Value::Null);
    // Edits and closes for it are ignored, and the server keeps answering.
    client.change(&doc, 2, json!([{"text": "{}"}]));
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": doc}}),
    );
    let unknown = client.request("zis/unknown", json!({})).await;
    assert_eq!(unknown["error"]["code"], -32601);
}

#[tokio::test]
async fn positions_out_of_range_are_clamped() {
    let mut client = Client::new().await;
    let text = fixture();
    let doc = uri("clamped.json");
    client.open(&doc, &text, 1);
    client.diagnostics(&doc, json!(1)).await;
    for position in [
        json!({"line": 9999, "character": 0}),
        json!({"line": 2, "character": 9999}),
    ] {
        let response = client
            .at("textDocument/definition", &doc, position.clone(), json!({}))
            .await;
        assert_eq!(response.get("error"), None, "{response}");
    }
    let far = json!({"start": {"line": 5000, "character": 7}, "end": {"line": 1, "character": 0}});
    client.change(&doc, 2, json!([{"range": far, "text": "\n"}]));
    let diagnostics = client.diagnostics(&doc, json!(2)).await;
    assert_eq!(
        published(&diagnostics),
        expected(&format!("{text}\n"), Unit::Utf16)
    );
}

#[tokio::test]
async fn shutdown_then_exit_ends_the_server() {
    let mut client = Client::new().await;
    let response = client.request("shutdown", Value::Null).await;
    assert_eq!(response["result"], Value::Null);
    assert_eq!(response.get("error"), None);
    client.notify("exit", Value::Null);
    // The client keeps its end of the pipe open: the server must go by itself.
    let ending = tokio::time::timeout(TIMEOUT, &mut client.server)
        .await
        .expect("the server ends after exit")
        .expect("without a panic");
    assert_eq!(ending, zis_server::Ending::Exit);
}

static TEMP: AtomicUsize = AtomicUsize::new(0);

fn temp_dir() -> PathBuf {
    let n = TEMP.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("zis-server-test-{}-{n}", std::process::id()));
    std::fs::create_dir_all(dir.join("flows")).unwrap();
    dir
}

#[tokio::test]
async fn the_configuration_applies_and_changes_without_a_restart() {
    let dir = temp_dir();
    let config = dir.join("zis-lint.json");
    std::fs::write(&config, r#"{"rules": {"ZIS005": "off"}}"#).unwrap();
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let (mut client, _) = Client::initialized(capabilities).await;
    let registration = client
        .wait(|m| m["method"] == "client/registerCapability")
        .await;
    let watcher = &registration["params"]["registrations"][0];
    assert_eq!(watcher["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        watcher["registerOptions"]["watchers"][0]["globPattern"],
        "**/zis-lint.json"
    );

    let path = dir.join("flows").join("bundle.json");
    let text = edited(
        &fixture(),
        "\"name\": \"post_tickets",
        "\"bogus\": 1, \"name\": \"post_tickets",
    );
    std::fs::write(&path, &text).unwrap();
    let doc = format!("file://{}", path.display());
    client.open(&doc, &text, 1);
    let diagnostics = client.diagnostics(&doc, json!(1)).await;
    assert!(
        !codes(&diagnostics).contains(&"ZIS005"),
        "turned off: {diagnostics:?}"
    );

    // A broken file: said once, naming the file and the fault; the defaults apply meanwhile.
    std::fs::write(&config, r#"{"rules": {"ZIS005": "loud"}}"#).unwrap();
    let changed = json!({"changes": [{"uri": format!("file://{}", config.display()), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changed.clone());
    let shown = client.wait(|m| m["method"] == "window/showMessage").await;
    assert_eq!(shown["params"]["type"], 1, "an error");
    // Named as the CLI names it: file, line and column.
    assert_eq!(
        shown["params"]["message"],
        format!(
            "{}:1:22: invalid configuration: rule `ZIS005`: `loud` is not a level; use `error`, \
             `warning`, `info`, `hint` or `off`. The default configuration applies until it is fixed.",
            zis_workspace::real_path(&config).display()
        )
    );
    let diagnostics = client.diagnostics(&doc, json!(1)).await;
    assert_eq!(published(&diagnostics), expected(&text, Unit::Utf16));
    client.notify("workspace/didChangeWatchedFiles", changed);

    // Saving is the fallback for clients that watch no files.
    std::fs::write(&config, r#"{"rules": {"ZIS005": "error"}}"#).unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": doc}}),
    );
    let diagnostics = client.diagnostics(&doc, json!(1)).await;
    let bogus = diagnostics
        .iter()
        .find(|d| d["code"] == "ZIS005")
        .expect("back on");
    assert_eq!(bogus["severity"], 1);
    assert!(
        !client.has_read(|m| m["method"] == "window/showMessage"),
        "an unchanged fault is not repeated"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn overrides_suppressions_and_the_baseline_apply_as_in_the_cli() {
    let dir = temp_dir();
    let config = r#"{
      "baseline": "zis-lint-baseline.json",
      "overrides": [{"files": ["flows/**"], "rules": {"unknown-field": "off"}}],
      "suppress": [{"file": "flows/*.json",
        "path": "/resources/post_tickets_to_webhook_flow/properties/definition/States/NotifyFollowers",
        "rules": ["ZIS103", "ZIS105"], "reason": "the iterator is rewritten next"}]
    }"#;
    std::fs::write(dir.join("zis-lint.json"), config).unwrap();
    let baseline = r#"{"zis-lint-baseline": 1, "findings": [
      {"file": "flows/bundle.json", "rule": "ZIS101", "text": "\"Dnoe\""}
    ]}"#;
    std::fs::write(dir.join("zis-lint-baseline.json"), baseline).unwrap();
    // An unknown field the override turns off, a misspelt state the baseline accepts, a missing
    // `End` (and so no way to end the iterator) the suppression covers, and a new finding.
    let text = edited(
        &fixture(),
        "\"name\": \"post_tickets",
        "\"bogus\": 1, \"name\": \"post_tickets",
    );
    let text = edited(&text, "\"Default\": \"Done\"", "\"Default\": \"Dnoe\"");
    let text = edited(&text, "},\n                    \"End\": true\n", "}\n");
    let text = edited(
        &text,
        "\"ticketStatus\": \"urgent\"",
        "\"ticketStatus\": \"$.status\"",
    );
    let path = dir.join("flows").join("bundle.json");
    std::fs::write(&path, &text).unwrap();

    let (mut client, _) = Client::initialized(json!({})).await;
    let doc = format!("file://{}", path.display());
    client.open(&doc, &text, 1);
    let diagnostics = client.diagnostics(&doc, json!(1)).await;
    assert_eq!(codes(&diagnostics), ["ZIS112"]);
    // What `zis-lint check` finds, through the same workspace layer.
    let mut configs = zis_workspace::Configs::new(None);
    let found = configs.for_file(&zis_workspace::real_path(&path)).unwrap();
    assert_eq!(
        published(&diagnostics),
        expected_with(&text, &found.config, Unit::Utf16)
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_document_the_configuration_ignores_gets_no_diagnostics() {
    let dir = temp_dir();
    let config = dir.join("zis-lint.json");
    std::fs::write(&config, r#"{"ignore": ["flows"]}"#).unwrap();
    let (mut client, _) = Client::initialized(json!({})).await;
    let text = edited(
        &fixture(),
        "\"name\": \"post_tickets",
        "\"bogus\": 1, \"name\": \"post_tickets",
    );
    let ignored = dir.join("flows").join("bundle.json");
    let linted = dir.join("bundle.json");
    for path in [&ignored, &linted] {
        std::fs::write(path, &text).unwrap();
    }
    let ignored = format!("file://{}", ignored.display());
    let linted = format!("file://{}", linted.display());
    client.open(&ignored, &text, 1);
    assert_eq!(
        client.diagnostics(&ignored, json!(1)).await,
        Vec::<Value>::new()
    );
    client.open(&linted, &text, 1);
    let diagnostics = client.diagnostics(&linted, json!(1)).await;
    assert!(codes(&diagnostics).contains(&"ZIS005"), "{diagnostics:?}");

    // No longer ignored: the diagnostics come without reopening the document.
    std::fs::write(&config, "{}").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": ignored}}),
    );
    let diagnostics = client.diagnostics(&ignored, json!(1)).await;
    assert_eq!(published(&diagnostics), expected(&text, Unit::Utf16));
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_server_and_the_analysis_agree_on_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    let mut folders = vec![root.join("tests/fixtures/rules"), root.join("tests/lsp")];
    // The shared corpus adds real bundles; without it, the test says `skipped:`.
    folders.extend(support::corpus());
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty());
    let mut client = Client::new().await;
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = uri(&format!("parity/{i}.json"));
        client.open(&doc, &text, 1);
        let diagnostics = client.diagnostics(&doc, json!(1)).await;
        assert_eq!(
            published(&diagnostics),
            expected(&text, Unit::Utf16),
            "{}",
            path.display()
        );
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": doc}}),
        );
    }
}
