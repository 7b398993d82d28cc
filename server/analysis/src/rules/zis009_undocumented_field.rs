//! # ZIS009 undocumented-field
//!
//! ## What it checks
//! Amazon States Language fields that ZIS does not document: `InputPath`, `OutputPath`,
//! `ResultSelector`, and the Choice operators `String…Path` (other than `StringEqualsPath`) and
//! `Timestamp…Path`.
//!
//! ## Why
//! They may work, or be ignored, or be refused: nobody outside Zendesk knows. A hint, not an
//! error, so that a flow that relies on them is a conscious choice.
//!
//! ## Example
//! ```json states bad
//! "Lookup": { "Type": "Action", "ActionName": "zis:acme:action:lookup", "OutputPath": "$.result", "End": true }
//! ```
//! With the documented `ResultPath`:
//! ```json states good
//! "Lookup": { "Type": "Action", "ActionName": "zis:acme:action:lookup", "ResultPath": "$.result", "End": true }
//! ```
//!
//! ## Fix
//! Prefer `ResultPath` and a `zis:common:transform:Jq` state for reshaping data.

use super::{Context, Report};
use crate::schema::{lookup, Support};

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for typed in &ctx.model.objects {
        for member in &typed.object.members {
            let key = &member.key;
            if lookup(typed.kind, &key.value)
                .is_some_and(|spec| spec.support == Support::Undocumented)
            {
                report.add(
                    key.range,
                    format!(
                        "`{}` is not documented for ZIS; it may be ignored or refused",
                        key.value
                    ),
                );
            }
        }
    }
}
