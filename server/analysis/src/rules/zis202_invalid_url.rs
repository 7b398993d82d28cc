//! # ZIS202 invalid-url
//!
//! ## What it checks
//! An action definition's `url` that is empty or not an absolute `http://` or `https://` URL
//! with a host. `{{$…}}` placeholders may stand anywhere (`https://{{$.subdomain}}.zendesk.com/…`);
//! a URL that starts with one cannot be checked and is accepted. A `url` holding a path
//! (`"$.endpoint"`) is ZIS112's, and `url.$` is checked as a path.
//!
//! Two cases are warnings: a `url` that is a deploy script's template token
//! (`EXTERNAL_TARGET_URL_PLACEHOLDER`, `{{target_url}}`), and a relative `url` beside a
//! `connectionName`, which a public template relies on although no page says where it leads.
//!
//! ## Why
//! ZIS sends the request to exactly this URL; an empty or relative one fails every time the
//! action runs. An empty `url` is how Zendesk's own tutorial leaves it for the reader to fill in.
//!
//! ## Example
//! ```json action bad
//! "definition": { "method": "POST", "url": "" }
//! ```
//! A full URL:
//! ```json action good
//! "definition": { "method": "POST", "url": "https://webhook.site/2d7a1c4e" }
//! ```
//!
//! ## Fix
//! Write the full URL, scheme and host included. For a call relative to a connection's host
//! (the Zendesk API, say) use `path` with `connectionName` instead; the quick fix renames a
//! `url` that starts with `/` to `path`.
//!
//! **Unsafe fix**: a `path` is called through a connection, which the action may not name yet.

use zis_jsonpath::looks_like_path;

use super::{Context, Report};
use crate::diagnostic::Edit;
use crate::facts;
use crate::reference::is_template_token;
use crate::schema::ObjectKind;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for typed in ctx.model.objects_of(ObjectKind::ActionDefinition) {
        let Some(member) = typed.object.member("url") else {
            continue;
        };
        let Some(url) = member.value.as_ref().and_then(|value| value.as_str()) else {
            continue;
        };
        if is_template_token(&url.value).is_some() {
            report
                .add(
                    url.range,
                    format!(
                        "template placeholder `{}` not filled in: `url` needs the full URL of \
                         the request (unless a deploy script fills it in)",
                        url.value
                    ),
                )
                .rests_on(&facts::TEMPLATE_TOKENS);
            continue;
        }
        let Some(problem) = problem(&url.value) else {
            continue;
        };
        // A public template sends relative URLs through a connection; whether ZIS resolves them
        // against the connection's host is not documented.
        let through_connection =
            problem == Problem::Relative && typed.object.member("connectionName").is_some();
        let diagnostic = if through_connection {
            report
                .add(
                    url.range,
                    "`url` is relative: whether ZIS sends it to the connection's host is not \
                     documented; for a path on a connection's host, use `path` with \
                     `connectionName`",
                )
                .rests_on(&facts::URL_RELATIVE_WITH_CONNECTION)
        } else {
            report.add(url.range, problem.message())
        };
        match problem {
            Problem::Relative if typed.object.member_or_path("path").is_none() => {
                diagnostic.fix(
                    "Rename to `path`",
                    vec![Edit::replace(member.key.inner_range(), "path")],
                );
            }
            Problem::NoScheme => {
                diagnostic.fix(
                    "Add `https://`",
                    vec![Edit::insert(url.inner_range().start, "https://")],
                );
            }
            _ => {}
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Problem {
    Empty,
    /// Starts with `/`: a path on some host.
    Relative,
    /// Starts like a host name (`example.com/hook`).
    NoScheme,
    Malformed,
    Scheme(String),
    NoHost,
}

impl Problem {
    fn message(&self) -> String {
        match self {
            Problem::Empty => "`url` is empty: give the full URL of the request, e.g. `https://example.com/hook`".into(),
            Problem::Relative => "`url` must be an absolute URL; for a path on a connection's host, use `path` with `connectionName`".into(),
            Problem::NoScheme => "`url` must be an absolute URL starting with `https://` or `http://`".into(),
            Problem::Malformed => "`url` is not an absolute http(s) URL".into(),
            Problem::Scheme(scheme) => format!("`url` must use `https` or `http`, not `{scheme}`"),
            Problem::NoHost => "`url` has no host after the scheme".into(),
        }
    }
}

fn problem(url: &str) -> Option<Problem> {
    if url.trim().is_empty() {
        return Some(Problem::Empty);
    }
    // A path belongs under `url.$` (ZIS112); a leading placeholder may hold scheme and host.
    if looks_like_path(url) || url.starts_with("{{") {
        return None;
    }
    if url.starts_with('/') {
        return Some(Problem::Relative);
    }
    // `localhost:8080/hook` is a host and port, not a scheme.
    let scheme = url.split_once(':').filter(|(scheme, rest)| {
        is_scheme(scheme) && !rest.starts_with(|c: char| c.is_ascii_digit())
    });
    let Some((scheme, rest)) = scheme else {
        let host_like = url.starts_with(|c: char| c.is_ascii_alphanumeric());
        return Some(if host_like {
            Problem::NoScheme
        } else {
            Problem::Malformed
        });
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Some(Problem::Scheme(scheme.to_owned()));
    }
    let Some(authority) = rest.strip_prefix("//") else {
        return Some(Problem::Malformed);
    };
    let host = authority
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Some(Problem::NoHost);
    }
    None
}

/// RFC 3986: a letter, then letters, digits, `+`, `-` and `.`.
fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_absolute_urls_with_placeholders_anywhere() {
        for url in [
            "https://webhook.site/2d7a1c4e",
            "http://localhost:8080/hook",
            "HTTPS://Example.com",
            "https://{{$.subdomain}}.zendesk.com/api/v2/tickets.json",
            "https://connect2.tsanet.org/v1/collaboration-requests/{{$.token}}/notes",
            "https://user:secret@example.com/x?a=1#top",
            "https://example.com?q={{$.query}}",
            "{{$.base_url}}/x",
            "$.endpoint",
        ] {
            assert_eq!(problem(url), None, "{url}");
        }
    }

    #[test]
    fn rejects_what_cannot_be_requested() {
        assert_eq!(problem(""), Some(Problem::Empty));
        assert_eq!(problem("  "), Some(Problem::Empty));
        assert_eq!(problem("/api/v2/tickets.json"), Some(Problem::Relative));
        assert_eq!(problem("example.com/hook"), Some(Problem::NoScheme));
        assert_eq!(problem("localhost:8080/hook"), Some(Problem::NoScheme));
        assert_eq!(
            problem("mailto:ops@example.com"),
            Some(Problem::Scheme("mailto".into()))
        );
        assert_eq!(
            problem("ftp://example.com/x"),
            Some(Problem::Scheme("ftp".into()))
        );
        assert_eq!(problem("https:/example.com"), Some(Problem::Malformed));
        assert_eq!(problem("https:example.com"), Some(Problem::Malformed));
        assert_eq!(problem(" https://example.com"), Some(Problem::Malformed));
        assert_eq!(problem("https:///x"), Some(Problem::NoHost));
        assert_eq!(problem("https://"), Some(Problem::NoHost));
        assert_eq!(problem("https://:443/x"), Some(Problem::NoHost));
    }
}
