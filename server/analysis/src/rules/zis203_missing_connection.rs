//! # ZIS203 missing-connection
//!
//! ## What it checks
//! An action definition that calls a relative `path` (or `path.$`) without a `connectionName`,
//! or that calls the Zendesk API (`/api/v2/…`) through a connection other than `zendesk`. A
//! Zendesk API path with no connection at all gets one finding, with the Zendesk advice. Calls
//! to a full `url` need no connection.
//!
//! ## Why
//! A `path` is relative to the host of the action's connection: without one there is no host
//! to call. The Zendesk API authenticates through the reserved `zendesk` connection (the
//! account's own OAuth connection); other connections, or none, get 401 Unauthorized when the
//! flow runs. Another connection can be right when it points at another Zendesk account, hence
//! a warning.
//!
//! ## Example
//! ```json action bad
//! "definition": { "method": "GET", "path": "/api/v2/tickets/{{$.ticket_id}}.json" }
//! ```
//! Call through the Zendesk connection:
//! ```json action good
//! "definition": { "method": "GET", "path": "/api/v2/tickets/{{$.ticket_id}}.json", "connectionName": "zendesk" }
//! ```
//!
//! ## Fix
//! Add `"connectionName": "zendesk"` for Zendesk API calls (the quick fix does), or the name of
//! the connection whose host the path is on; or give the full address in `url` instead.
//!
//! **Unsafe fix**: the call then goes out with the Zendesk connection's credentials, which
//! changes what it may do.

use zis_syntax::{Member, Str, Value};

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::schema::ObjectKind;

const ZENDESK_ADVICE: &str =
    "Zendesk API calls need `connectionName: \"zendesk\"` or they fail with 401";

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for typed in ctx.model.objects_of(ObjectKind::ActionDefinition) {
        let object = &typed.object;
        let Some(path) = object.member_or_path("path") else {
            continue;
        };
        // With a `url` too, ZIS201 asks to keep only one of them first.
        if object.member_or_path("url").is_some() {
            continue;
        }
        // The value of `path.$` is a path to the real path: its text says nothing about where.
        let text = match (&path.value, path.key.value == "path") {
            (Some(Value::String(text)), true) => Some(text),
            _ => None,
        };
        if text.is_some_and(|text| is_absolute(&text.value)) {
            continue;
        }
        let zendesk_api = text.is_some_and(|text| is_zendesk_api(&text.value));
        match object.member("connectionName") {
            None if zendesk_api => {
                report
                    .add(
                        path.key.range,
                        format!(
                            "`{}` calls the Zendesk API with no `connectionName`: {ZENDESK_ADVICE}",
                            path.key.value
                        ),
                    )
                    .fix(
                        "Add `\"connectionName\": \"zendesk\"`",
                        vec![Edit::insert(
                            path.range().end,
                            connection_member(ctx.text, path),
                        )],
                    );
            }
            None => {
                report.add(
                    path.key.range,
                    format!(
                        "`{}` is relative to a connection's host, but there is no `connectionName`; add one, or give the full address in `url`",
                        path.key.value
                    ),
                );
            }
            Some(Member {
                value: Some(Value::String(name)),
                ..
            }) if zendesk_api && name.value != "zendesk" => {
                wrong_connection(report, name, path);
            }
            Some(_) => {}
        }
    }
}

fn wrong_connection(report: &mut Report, name: &Str, path: &Member) {
    report
        .add(
            name.range,
            format!(
                "`{}` calls the Zendesk API through connection `{}`: {ZENDESK_ADVICE}",
                path.key.value, name.value
            ),
        )
        .label(path.key.range, "a Zendesk API path")
        .fix(
            "Use the `zendesk` connection",
            vec![Edit::replace(name.inner_range(), "zendesk")],
        );
}

/// Whether a path is on the Zendesk API: `/api/v2`, with or without the leading `/`.
fn is_zendesk_api(path: &str) -> bool {
    let path = path.strip_prefix('/').unwrap_or(path);
    path.strip_prefix("api/v2")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
}

/// A full URL written under `path`: no connection needed to reach it.
fn is_absolute(path: &str) -> bool {
    let lower = path.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// `"connectionName": "zendesk"` as a new member after `path`, laid out like `path`'s line.
fn connection_member(text: &str, path: &Member) -> String {
    crate::edit::member_after(
        text,
        path.key.range.start,
        "\"connectionName\": \"zendesk\"",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Config};

    fn codes(text: &str) -> Vec<&'static str> {
        let analysis = analyze(text, &Config::default());
        analysis.diagnostics.iter().map(|d| d.rule.code()).collect()
    }

    /// The fix leaves valid JSON, whatever the layout, and settles the finding.
    #[test]
    fn added_connection_is_valid_json() {
        for layout in ["\n", "\r\n", " "] {
            let text = format!(
                r#"{{"name": "t", "zis_template_version": "2019-10-14", "resources": {{{layout}"get": {{"type": "ZIS::Action::Http", "properties": {{"name": "get", "definition": {{{layout}    "method": "GET",{layout}    "path": "/api/v2/tickets.json"{layout}}}}}}}}}}}"#
            );
            let analysis = analyze(&text, &Config::default());
            let finding = analysis
                .diagnostics
                .iter()
                .find(|d| d.rule.code() == "ZIS203")
                .expect("a finding");
            let edit = &finding.fix.as_ref().expect("a fix").edits[0];
            let mut fixed = text.clone();
            fixed.replace_range(edit.range.as_usize(), &edit.new_text);
            assert!(fixed.contains(&format!(",{layout}    \"connectionName\"")) || layout == " ");
            let after = codes(&fixed);
            for code in ["ZIS001", "ZIS002", "ZIS203"] {
                assert!(!after.contains(&code), "{code} in {fixed}");
            }
        }
    }

    #[test]
    fn zendesk_api_paths() {
        for path in [
            "/api/v2/tickets.json",
            "/api/v2/tickets/{{$.ticket_id}}.json",
            "/api/v2/tickets.json?external_id={{$.requestToken}}",
            "api/v2/users/me.json",
            "/api/v2",
            "/api/v2?x=1",
        ] {
            assert!(is_zendesk_api(path), "{path}");
        }
        for path in [
            "/api/v20/x",
            "/v1/collaboration-requests",
            "/api/v1/x",
            "",
            "{{$.path}}",
        ] {
            assert!(!is_zendesk_api(path), "{path}");
        }
    }
}
