//! # ZIS113 suffix-without-path
//!
//! ## What it checks
//! A key ending in `.$` whose value is neither a path (a string starting with `$`) nor a string
//! holding a `{{$…}}` placeholder: a number, an object, `true`, or plain text such as
//! `"open"`. Intrinsic functions (`"States.Format(…)"`) are reported by ZIS008 instead.
//!
//! ## Why
//! The `.$` suffix tells ZIS to read the value as a path. A value that is not one fails when
//! the state runs. Usually the suffix was added by mistake, or copied along with the key.
//!
//! ## Example
//! ```json state bad
//! "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.id", "status.$": "solved" }
//! ```
//! A fixed value takes a key without the suffix:
//! ```json state good
//! "Parameters": { "ticket_id.$": "$.input.ticket_event.ticket.id", "status": "solved" }
//! ```
//!
//! ## Fix
//! To pass the value as it is, remove `.$` from the key (the quick fix does). To read it from
//! the flow data, write the path: `"status.$": "$.ticket.status"`.
//!
//! **Unsafe fix**: passing the value as it is and reading a path are both readings of the
//! mistake; only the author knows which was meant.

use zis_syntax::Value;

use super::path_sites::SiteKind;
use super::zis008_unsupported_feature::intrinsic_function;
use super::zis110_invalid_jsonpath::quoted;
use super::{Context, Report};
use crate::diagnostic::Edit;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for site in ctx.path_sites() {
        if site.kind != SiteKind::Suffixed {
            continue;
        }
        let key = &site.key.value;
        let message = match site.value {
            Value::String(string) => {
                let text = string.value.as_str();
                // Paths that do not parse are ZIS110's, intrinsic functions ZIS008's.
                if matches!(site.path(), Some(Ok(_)))
                    || !site.placeholders().is_empty()
                    || text.trim_start().starts_with('$')
                    || intrinsic_function(text).is_some()
                {
                    continue;
                }
                if text.is_empty() {
                    format!("`{key}` takes a path, found an empty string")
                } else {
                    let shown = quoted(text).unwrap_or_else(|| "its text".to_owned());
                    format!("`{key}` takes a path, but {shown} does not start with `$`")
                }
            }
            value => format!("`{key}` takes a path, found {}", value.type_name()),
        };
        let diagnostic = report.add(site.value.range(), message);
        let stem = &key[..key.len() - ".$".len()];
        let free = site
            .parent
            .is_some_and(|parent| parent.member(stem).is_none());
        if !stem.is_empty() && free {
            let suffix = site.key.source_range(ctx.text, stem.len()..key.len());
            diagnostic.fix(
                format!("Rename to `{stem}` to pass the value as it is"),
                vec![Edit::delete(suffix)],
            );
        }
    }
}
