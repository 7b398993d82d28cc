//! # ZIS403 malformed-reference
//!
//! ## What it checks
//! An `ActionName` or a job spec's `flow_name` that is not a reference ZIS can read:
//! - not of the form `zis:<integration>:<kind>:<name>` (a bare name, `ZIS:` in upper case, a
//!   missing or empty part, a `:` in the name);
//! - a kind the field does not take: `ActionName` takes `action` (or `transform` for a built-in
//!   transform), `flow_name` takes `flow`;
//! - an integration key outside 1 to 64 characters of `a-z`, `0-9`, `_` and `-`.
//!
//! The finding points at the faulty part. An unfilled template token such as
//! `<YOUR_INTEGRATION>` is ZIS404's, not an invalid key.
//!
//! ## Why
//! ZIS cannot resolve such a reference; for an integration key it cannot read, the Registry
//! answers "invalid integration key" without saying where.
//!
//! ## Example
//! ```json states bad
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:flow:post_to_slack", "End": true }
//! ```
//! An Action state calls an action:
//! ```json states good
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:post_to_slack", "End": true }
//! ```
//!
//! ## Fix
//! Write the reference as `zis:<integration>:<kind>:<name>`, with the kind the field takes and
//! the integration key the bundle is uploaded under. Quick fixes complete a bare name, lower the
//! case of `ZIS:` or of the key, and put in the kind the name resolves to.
//!
//! **Safe fix** where the reference cannot be read as written and the fix is its one reading:
//! `zis` for `ZIS`, a key in lower case, a bare name completed to the built-in of that name, a
//! kind the name resolves under or the only kind spelt closely. **Unsafe fix** where it guesses:
//! a bare name completed with the inferred integration key, a key replaced by the inferred one,
//! and a kind put in because the field takes no other.

use super::zis401_unknown_action::{json_escape, known_key};
use super::{Context, Report};
use crate::builtins::builtin_by_name;
use crate::diagnostic::Edit;
use crate::index::{ReferenceField, ReferenceSite};
use crate::reference::{
    is_valid_integration_key, IntegrationKey, RefKind, Reference, ReferenceError,
    ReferenceErrorKind,
};
use crate::suggest::suggest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for site in &ctx.index.references {
        match &site.parsed {
            Err(error) => malformed(ctx, report, site, error),
            Ok(reference) => {
                if !site.field.expects().contains(&reference.ref_kind) {
                    wrong_kind(ctx, report, site, reference);
                }
                if let IntegrationKey::Invalid { reason, range } = &reference.integration_status {
                    invalid_key(ctx, report, site, reference, reason, range.clone());
                }
            }
        }
    }
}

fn malformed(ctx: &Context, report: &mut Report, site: &ReferenceSite, error: &ReferenceError) {
    let field = site.field.key();
    if site.value.value.is_empty() {
        report.add(
            site.value.range,
            format!("`{field}` is empty; expected `zis:<integration>:<kind>:<name>`"),
        );
        return;
    }
    let range = site.value.source_range(ctx.text, error.range.clone());
    let diagnostic = report.add(range, format!("malformed `{field}` reference: {error}"));
    match &error.kind {
        ReferenceErrorKind::MissingPrefix { found } if found.eq_ignore_ascii_case("zis") => {
            diagnostic
                .fix("Replace with `zis`", vec![Edit::replace(range, "zis")])
                .safe_if(true);
        }
        ReferenceErrorKind::TooFewParts { found: 1 } => {
            if let Some((reference, builtin)) =
                complete_bare_name(ctx, site.field, &site.value.value)
            {
                diagnostic
                    .message
                    .push_str(&format!("; did you mean `{reference}`?"));
                // A custom resource's reference takes the integration key, which is inferred.
                diagnostic
                    .fix(
                        format!("Replace with `{reference}`"),
                        vec![Edit::replace(
                            site.value.inner_range(),
                            json_escape(&reference),
                        )],
                    )
                    .safe_if(builtin);
            }
        }
        _ => {}
    }
}

/// The full reference for a bare name that names a built-in, or a custom action or flow of this
/// bundle when the integration key is known; and whether it names a built-in.
fn complete_bare_name(ctx: &Context, field: ReferenceField, name: &str) -> Option<(String, bool)> {
    let (kinds, table) = match field {
        ReferenceField::ActionName(_) => (
            &[RefKind::Action, RefKind::Transform][..],
            &ctx.index.actions,
        ),
        ReferenceField::FlowName(_) => (&[RefKind::Flow][..], &ctx.index.flows),
    };
    if let Some(builtin) = kinds.iter().find_map(|&kind| builtin_by_name(kind, name)) {
        return Some((builtin.reference.to_string(), true));
    }
    let key = known_key(ctx).filter(|_| table.contains_key(name))?;
    let kind = kinds.first()?.keyword()?;
    Some((format!("zis:{key}:{kind}:{name}"), false))
}

fn wrong_kind(ctx: &Context, report: &mut Report, site: &ReferenceSite, reference: &Reference) {
    let field = site.field.key();
    let expected = site.field.expects();
    let takes = expected
        .iter()
        .filter_map(|kind| kind.keyword())
        .map(|keyword| format!("`{keyword}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let found = &reference.kind.text;
    let mut message = match reference.ref_kind {
        RefKind::Other => {
            format!("unknown reference kind `{found}` in `{field}`; it takes {takes}")
        }
        _ => format!(
            "`{field}` cannot name a {}; it takes {takes}",
            noun(reference.ref_kind)
        ),
    };
    let range = site
        .value
        .source_range(ctx.text, reference.kind.range.clone());
    let Some((keyword, only)) = fitting_kind(ctx, site.field, reference) else {
        report.add(range, message);
        return;
    };
    message.push_str(&format!("; did you mean `{keyword}`?"));
    report
        .add(range, message)
        .fix(
            format!("Replace `{found}` with `{keyword}`"),
            vec![Edit::replace(range, keyword)],
        )
        .safe_if_only_reading(only);
}

/// The kind to put in place of a wrong one: the one the name resolves under, else the closest
/// spelling, else the field's only kind; and whether it is the one reading (a kind the name
/// resolves under, or the only close spelling) rather than a guess.
fn fitting_kind(
    ctx: &Context,
    field: ReferenceField,
    reference: &Reference,
) -> Option<(&'static str, bool)> {
    let expected = field.expects();
    let name = reference.name.text.as_str();
    let resolves = |kind: RefKind| {
        if reference.is_common() {
            return builtin_by_name(kind, name).is_some();
        }
        match kind {
            RefKind::Action => ctx.index.actions.contains_key(name),
            RefKind::Flow => ctx.index.flows.contains_key(name),
            _ => false,
        }
    };
    let keywords = || expected.iter().filter_map(|kind| kind.keyword());
    let resolved = expected.iter().copied().find(|&kind| resolves(kind));
    resolved
        .and_then(RefKind::keyword)
        .map(|keyword| (keyword, true))
        .or_else(|| {
            suggest(&reference.kind.text, keywords())
                .map(|suggestion| (suggestion.name, suggestion.only))
        })
        .or_else(|| match expected {
            [only] => Some((only.keyword()?, false)),
            _ => None,
        })
}

fn noun(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Action => "custom action",
        RefKind::Flow => "flow",
        RefKind::JobSpec => "job spec",
        RefKind::Transform => "transform",
        RefKind::Other => "resource",
    }
}

fn invalid_key(
    ctx: &Context,
    report: &mut Report,
    site: &ReferenceSite,
    reference: &Reference,
    reason: &str,
    range: std::ops::Range<usize>,
) {
    let key = &reference.integration.text;
    let diagnostic = report.add(
        site.value.source_range(ctx.text, range),
        format!(
            "invalid integration key `{key}` in `{}`: {reason}",
            site.field.key()
        ),
    );
    // Lower case is the usual slip; otherwise the key the rest of the bundle uses.
    let lower = key.to_lowercase();
    let lowered = is_valid_integration_key(&lower);
    let replacement = if lowered {
        Some(lower.as_str())
    } else {
        known_key(ctx)
    };
    if let (Some(replacement), Some(part)) = (replacement, site.integration_range(ctx.text)) {
        let title = if key.is_empty() {
            format!("Put in `{replacement}`")
        } else {
            format!("Replace `{key}` with `{replacement}`")
        };
        // Lower case is the one reading of a key in capitals; the inferred key is a guess.
        diagnostic
            .fix(title, vec![Edit::replace(part, replacement)])
            .safe_if(lowered);
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Config, Rule};

    fn bundle(action_name: &str, flow_name: &str) -> String {
        let (action_name, flow_name) = (
            serde_json::Value::from(action_name),
            serde_json::Value::from(flow_name),
        );
        format!(
            r#"{{"name": "b", "zis_template_version": "2019-10-14", "resources": {{
              "f": {{"type": "ZIS::Flow", "properties": {{"name": "f", "definition": {{
                "StartAt": "A", "States": {{"A": {{"Type": "Action", "ActionName": {action_name}, "End": true}}}}}}}}}},
              "a": {{"type": "ZIS::Action::Http", "properties": {{"name": "a", "definition": {{
                "method": "GET", "url": "https://example.com"}}}}}},
              "j": {{"type": "ZIS::JobSpec", "properties": {{"name": "j", "event_source": "support",
                "event_type": "ticket.TicketCreated", "flow_name": {flow_name}}}}}}}}}"#
        )
    }

    #[test]
    fn an_unknown_name_and_a_malformed_reference_never_meet() {
        let references = [
            "nope",
            "ZIS:acme:action:nope",
            "zis:acme:nope",
            "zis:acme:action:nope:x",
            "zis:Acme:action:nope",
            "zis::action:nope",
            "zis:acme:action:nope",
            "zis:acme:flow:nope",
            "zis:ACME:flow:nope",
            "zis:acme:actions:nope",
            "zis:common:flow:LoadConfg",
            "zis:common:Action:nope",
            "zis:<X>:job_spec:nope",
        ];
        for reference in references {
            for (action_name, flow_name) in [
                (reference, "zis:acme:flow:f"),
                ("zis:acme:action:a", reference),
            ] {
                let text = bundle(action_name, flow_name);
                let analysis = analyze(&text, &Config::default());
                assert!(analysis.is_bundle, "{reference}");
                let has =
                    |rules: &[Rule]| analysis.diagnostics.iter().any(|d| rules.contains(&d.rule));
                let unknown = has(&[Rule::UnknownAction, Rule::UnknownFlow]);
                let malformed = has(&[Rule::MalformedReference]);
                assert!(
                    unknown != malformed,
                    "{reference}: {:?}",
                    analysis.diagnostics
                );
            }
        }
    }
}
