//! The examples of every rule's page, run: the bad example gives that rule's finding, the good
//! one none.
//!
//! A page shows fragments, not whole bundles, so each ```` ```json ```` fence of its `## Example`
//! section says where its fragment goes and which example it belongs to:
//! ```` ```json PLACE ROLE… ````, ROLE being `bad`, `good`, or both for a fragment both need.
//! PLACE is one of:
//!
//! - `bundle`: the whole document;
//! - `resources`: members of the bundle's `resources`;
//! - `definition`: the members of a flow's `definition` (`StartAt` and `States`);
//! - `states`: members of a flow's `States`, the first one its `StartAt`;
//! - `state`: members of an Action state, which ends the flow;
//! - `choice-rule`: a rule of a Choice state;
//! - `action`: members of a custom action's `properties` besides its `name`;
//! - `job-spec`: members of a job spec resource besides its `type`.
//!
//! The rest of the bundle is a flow named `notify`, started by a job spec on
//! `ticket.TicketCreated` of `support`, and, where a state or a Choice rule is placed, a custom
//! action `host` that the flow calls; the integration key is `acme`.

use zis_analysis::{analyze, Config, Rule};

#[derive(Debug)]
struct Fence {
    place: String,
    bad: bool,
    good: bool,
    text: String,
}

const PLACES: [&str; 8] = [
    "bundle",
    "resources",
    "definition",
    "states",
    "state",
    "choice-rule",
    "action",
    "job-spec",
];

/// The fences of the page's `## Example` section.
fn fences(rule: Rule) -> Result<Vec<Fence>, String> {
    let page = rule.documentation();
    let mut fences = Vec::new();
    let mut in_example = false;
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("## ") {
            in_example = line == "## Example";
            continue;
        }
        if !in_example {
            continue;
        }
        let Some(info) = line.strip_prefix("```json") else {
            if line.starts_with("```") {
                return Err(format!("a fence that is not JSON: {line:?}"));
            }
            continue;
        };
        let words: Vec<&str> = info.split_whitespace().collect();
        let place = match words.first() {
            Some(place) if PLACES.contains(place) => place.to_string(),
            _ => return Err(format!("a fence without a place: {line:?}")),
        };
        let bad = words.contains(&"bad");
        let good = words.contains(&"good");
        if !bad && !good || words.len() != 1 + usize::from(bad) + usize::from(good) {
            return Err(format!(
                "a fence whose roles are not `bad` and/or `good`: {line:?}"
            ));
        }
        let text: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        fences.push(Fence {
            place,
            bad,
            good,
            text: text.join("\n"),
        });
    }
    Ok(fences)
}

/// The fragments at `place`, joined as members or items.
fn at(fences: &[&Fence], place: &str) -> Option<String> {
    let parts: Vec<&str> = fences
        .iter()
        .filter(|fence| fence.place == place)
        .map(|fence| fence.text.as_str())
        .collect();
    (!parts.is_empty()).then(|| parts.join(",\n"))
}

/// The name of the first member of `members`.
fn first_key(members: &str) -> String {
    let text = format!("{{{members}}}");
    let parse = zis_syntax::parse(&text);
    let root = parse.root.expect("a value");
    let object = root.as_object().expect("an object");
    object.members[0].key.value.to_string()
}

/// The bundle that the fences of one example make.
fn bundle(fences: &[&Fence]) -> String {
    if let Some(whole) = at(fences, "bundle") {
        return whole;
    }
    let host_state = |extra: Option<String>| {
        let extra = extra.map_or_else(String::new, |members| format!("{members},\n"));
        format!(
            "{{ \"Type\": \"Action\", \"ActionName\": \"zis:acme:action:host\",\n{extra}\"End\": true }}"
        )
    };
    let (definition, calls_host) = if let Some(members) = at(fences, "definition") {
        (members, false)
    } else if let Some(states) = at(fences, "states") {
        let start = first_key(&states);
        (
            format!("\"StartAt\": \"{start}\",\n\"States\": {{\n{states}\n}}"),
            false,
        )
    } else if let Some(rules) = at(fences, "choice-rule") {
        let states = format!(
            "\"Route\": {{ \"Type\": \"Choice\", \"Choices\": [\n{rules}\n], \"Default\": \"Host\" }},\n\
             \"Host\": {},\n\"Escalate\": {{ \"Type\": \"Succeed\" }}",
            host_state(None)
        );
        (
            format!("\"StartAt\": \"Route\",\n\"States\": {{\n{states}\n}}"),
            true,
        )
    } else {
        let host = host_state(at(fences, "state"));
        (
            format!("\"StartAt\": \"Host\",\n\"States\": {{\n\"Host\": {host}\n}}"),
            true,
        )
    };
    let mut resources = Vec::new();
    let action = at(fences, "action").or_else(|| {
        calls_host.then(|| {
            "\"definition\": { \"method\": \"GET\", \"url\": \"https://example.com/hook\" }"
                .to_string()
        })
    });
    if let Some(action) = action {
        resources.push(format!(
            "\"host\": {{ \"type\": \"ZIS::Action::Http\", \"properties\": {{ \"name\": \"host\",\n{action}\n}} }}"
        ));
    }
    resources.extend(at(fences, "resources"));
    resources.push(format!(
        "\"notify\": {{ \"type\": \"ZIS::Flow\", \"properties\": {{ \"name\": \"notify\", \"definition\": {{\n{definition}\n}} }} }}"
    ));
    let job_spec = at(fences, "job-spec").unwrap_or_else(|| {
        "\"properties\": { \"name\": \"on_ticket_created\", \"event_source\": \"support\", \
         \"event_type\": \"ticket.TicketCreated\", \"flow_name\": \"zis:acme:flow:notify\" }"
            .to_string()
    });
    resources.push(format!(
        "\"on_ticket_created\": {{ \"type\": \"ZIS::JobSpec\",\n{job_spec}\n}}"
    ));
    format!(
        "{{\n\"name\": \"example\",\n\"zis_template_version\": \"2019-10-14\",\n\"resources\": {{\n{}\n}}\n}}\n",
        resources.join(",\n")
    )
}

#[test]
fn every_page_example_shows_what_it_says() {
    let mut failures = Vec::new();
    for &rule in Rule::ALL {
        // A bug of zis-lint has no bundle to show, and a stale entry is in a baseline file.
        if matches!(rule, Rule::InternalError | Rule::StaleBaselineEntry) {
            continue;
        }
        let fences = match fences(rule) {
            Ok(fences) => fences,
            Err(err) => {
                failures.push(format!("{}: {err}", rule.code()));
                continue;
            }
        };
        for (role, expected) in [("bad", true), ("good", false)] {
            let chosen: Vec<&Fence> = fences
                .iter()
                .filter(|fence| if expected { fence.bad } else { fence.good })
                .collect();
            if chosen.is_empty() {
                failures.push(format!("{}: no {role} example", rule.code()));
                continue;
            }
            let text = bundle(&chosen);
            let analysis = analyze(&text, &Config::default());
            let found: Vec<&str> = analysis
                .diagnostics
                .iter()
                .filter(|d| d.rule == rule)
                .map(|d| d.message.as_str())
                .collect();
            if found.is_empty() == expected {
                let others: Vec<String> = analysis
                    .diagnostics
                    .iter()
                    .map(|d| format!("{} {}", d.rule.code(), d.message))
                    .collect();
                failures.push(format!(
                    "{}: the {role} example gives {found:?}\n{text}\nall findings: {others:#?}",
                    rule.code()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_examples_place_fragments_in_a_quiet_bundle() {
    // With nothing placed, the bundle itself gives no finding at all.
    let host = bundle(&[]);
    let analysis = analyze(&host, &Config::default());
    assert_eq!(analysis.diagnostics, Vec::new(), "{host}");
    let rule = Fence {
        place: "choice-rule".into(),
        bad: true,
        good: true,
        text: "{ \"Variable\": \"$.input.ticket_event.ticket.priority\", \"StringEquals\": \"urgent\", \"Next\": \"Escalate\" }".into(),
    };
    let with_rule = bundle(&[&rule]);
    let analysis = analyze(&with_rule, &Config::default());
    assert_eq!(analysis.diagnostics, Vec::new(), "{with_rule}");
}
