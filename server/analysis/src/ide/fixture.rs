//! The bundle the feature tests navigate: a flow with every kind of transition, a Map whose
//! iterator reuses a state name of the flow, an action called twice and a job spec.

use crate::diagnostic::Edit;

pub(crate) const BUNDLE: &str = r#"{
  "name": "demo",
  "zis_template_version": "2019-10-14",
  "resources": {
    "flow": {
      "type": "ZIS::Flow",
      "properties": {
        "name": "main_flow",
        "definition": {
          "StartAt": "Fetch",
          "States": {
            "Fetch": {"Type": "Action", "ActionName": "zis:acme:action:fetch", "Next": "Check",
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
            "Check": {"Type": "Choice",
              "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Each"}],
              "Default": "Failed"},
            "Each": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.each", "Next": "Done",
              "Iterator": {"StartAt": "Fetch", "States": {
                "Fetch": {"Type": "Action", "ActionName": "zis:acme:action:fetch", "End": true}}}},
            "Done": {"Type": "Succeed"},
            "Failed": {"Type": "Fail", "Error": "E", "Cause": "C"}
          }
        }
      }
    },
    "fetch": {
      "type": "ZIS::Action::Http",
      "properties": {"name": "fetch", "definition": {"method": "GET", "url": "https://example.com"}}
    },
    "job": {
      "type": "ZIS::JobSpec",
      "properties": {"name": "job", "event_source": "support",
        "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:main_flow"}
    }
  }
}"#;

/// The offset of the `n`th (from 0) occurrence of `needle`, plus `delta`.
pub(crate) fn at(needle: &str, n: usize, delta: u32) -> u32 {
    let start = BUNDLE
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle} #{n}"))
        .0;
    start as u32 + delta
}

/// `text` with `edits` applied; they must not overlap.
pub(crate) fn apply<'a>(text: &str, edits: impl IntoIterator<Item = &'a Edit>) -> String {
    let edits: Vec<Edit> = edits.into_iter().cloned().collect();
    crate::fix::apply(text, &edits)
}
