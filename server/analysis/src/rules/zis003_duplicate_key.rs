//! # ZIS003 duplicate-key
//!
//! ## What it checks
//! The same key twice in one object, anywhere in the bundle: two states with one name, two
//! `Next` fields, two resources under one key.
//!
//! ## Why
//! JSON readers keep only one of the two values, silently; which one depends on the reader. The
//! linter reads the last one, like most, and points at both.
//!
//! ## Example
//! ```json
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Done", "Next": "Retry" }
//! ```
//! One `Next`:
//! ```json
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:notify", "Next": "Done" }
//! ```
//!
//! ## Fix
//! Remove or rename one of the two. The quick fix removes the later one.

use zis_syntax::{Object, SyntaxErrorKind, TextRange, Value};

use super::{Context, Report};
use crate::diagnostic::Edit;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for error in &ctx.parse.errors {
        let SyntaxErrorKind::DuplicateKey { first } = error.kind else {
            continue;
        };
        let diagnostic = report
            .add(error.range, error.message.clone())
            .label(first, "first defined here");
        if let Some(removal) = ctx
            .parse
            .root
            .as_ref()
            .and_then(|root| member_removal(root, error.range))
        {
            diagnostic.fix("Remove this duplicate", vec![Edit::delete(removal)]);
        }
    }
}

/// The text to delete to remove the member whose key is at `key`, separator included, so that
/// what remains is still valid JSON.
fn member_removal(root: &Value, key: TextRange) -> Option<TextRange> {
    let (object, index) = object_with_key(root, key)?;
    let member = object.members[index].range();
    if index > 0 {
        // From the end of the previous member: takes the comma before this one.
        return Some(TextRange::new(object.members[index - 1].range().end, member.end));
    }
    match object.members.get(1) {
        Some(next) => Some(TextRange::new(member.start, next.key.range.start)),
        None => Some(member),
    }
}

fn object_with_key(value: &Value, key: TextRange) -> Option<(&Object, usize)> {
    let mut current = value;
    loop {
        match current {
            Value::Object(object) => {
                if let Some(index) = object.members.iter().position(|m| m.key.range == key) {
                    return Some((object, index));
                }
                current = object
                    .members
                    .iter()
                    .filter_map(|m| m.value.as_ref())
                    .find(|v| v.range().start <= key.start && key.end <= v.range().end)?;
            }
            Value::Array(array) => {
                current = array
                    .items
                    .iter()
                    .find(|v| v.range().start <= key.start && key.end <= v.range().end)?;
            }
            _ => return None,
        }
    }
}
