//! # ZIS111 not-a-reference-path
//!
//! ## What it checks
//! A field that must name a single node holds a path that may select several: a wildcard `*`,
//! recursive descent `..`, a filter `[?(…)]`, a slice `[0:2]` or a union `[0,1]`. The fields
//! are `Variable`, `ResultPath` (of a state or a Catch handler), `ItemsPath`, `SecondsPath` and
//! the `…Path` Choice operators. The finding points at the part that selects several nodes.
//!
//! Paths under `.$` keys (in `Parameters`, action definitions …) select data and may take any
//! form; they are not checked here.
//!
//! ## Why
//! The Amazon States Language, and ZIS with it, takes *reference paths* in these fields: a
//! result is written to one place, a Choice rule tests one value, a Map iterates over one
//! array. Any other path makes the state fail when it runs.
//!
//! ## Example
//! ```json states bad
//! "EachTicket": {
//!   "Type": "Map", "ItemsPath": "$.search.tickets[*]",
//!   "Iterator": { "StartAt": "Tag", "States": { "Tag": { "Type": "Succeed" } } },
//!   "End": true
//! }
//! ```
//! Name the array itself:
//! ```json states good
//! "EachTicket": {
//!   "Type": "Map", "ItemsPath": "$.search.tickets",
//!   "Iterator": { "StartAt": "Tag", "States": { "Tag": { "Type": "Succeed" } } },
//!   "End": true
//! }
//! ```
//!
//! ## Fix
//! Name one node: `$.tickets[0].id` rather than `$.tickets[*].id`. To test or collect values
//! across an array, compute them first in a `zis:common:transform:Jq` state and refer to its
//! result. For `ItemsPath` ending in `[*]`, the quick fix removes it.
//!
//! **Safe fix**: `ItemsPath` cannot select the items themselves, so the array before `[*]` is the
//! one reading of it.

use zis_jsonpath::Selector;

use super::path_sites::SiteKind;
use super::{Context, Report};
use crate::diagnostic::Edit;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for site in ctx.path_sites() {
        if site.kind != (SiteKind::Field { single: true }) {
            continue;
        }
        let Some((string, path)) = site.parsed() else {
            continue;
        };
        let Some(part) = path.non_singular() else {
            continue;
        };
        let key = &site.key.value;
        let diagnostic = report.add(
            string.source_range(ctx.text, part.range.clone()),
            format!(
                "`{key}` must name a single node, but `{}` contains {}",
                string.value, part.what
            ),
        );
        // `ItemsPath` names the array to iterate over; `[*]` on it is a habit from JSONPath
        // tools that select the items instead.
        let trailing_wildcard = path.segments.last().is_some_and(|last| {
            last.range == part.range && !last.descendant && last.selector == Selector::Wildcard
        });
        if key == "ItemsPath" && trailing_wildcard {
            let array = &string.value[..part.range.start];
            diagnostic.fix(
                format!("Iterate over `{array}`"),
                vec![Edit::delete(string.source_range(ctx.text, part.range))],
            );
        }
    }
}
