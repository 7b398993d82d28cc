//! # ZIS401 unknown-action
//!
//! ## What it checks
//! An Action state's `ActionName` that names nothing: no `ZIS::Action::Http` of this bundle has
//! that `properties.name`, or no built-in `zis:common:action:…` / `zis:common:transform:…` has
//! that name. Suggests the closest name and offers to put it in.
//!
//! The list of built-ins is not known to be complete: an unknown `zis:common:` name that is not
//! a near miss of a known one is only a warning, and so is a near miss of a built-in whose
//! spelling no page confirms (`PatchLinks` for `PatchLink`). A reference that is not of the form
//! `zis:<integration>:<kind>:<name>`, names the wrong kind or holds an invalid integration key is
//! reported by ZIS403 instead.
//!
//! ## Why
//! An Action state can only call custom actions of its own bundle and the built-ins (Zendesk's
//! custom actions page). A misspelt name fails the flow when the state runs, if the Registry
//! takes the bundle at all.
//!
//! ## Example
//! ```json states bad
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:post_to_slak", "End": true }
//! ```
//! in a bundle whose action is named `post_to_slack`:
//! ```json resources bad good
//! "post_to_slack": {
//!   "type": "ZIS::Action::Http",
//!   "properties": { "name": "post_to_slack", "definition": { "method": "POST", "url": "https://hooks.slack.com/services/T000/B000/XXXX" } }
//! }
//! ```
//! Name it as it is:
//! ```json states good
//! "Notify": { "Type": "Action", "ActionName": "zis:acme:action:post_to_slack", "End": true }
//! ```
//!
//! ## Fix
//! Use the `properties.name` of one of the bundle's custom actions (not its resource key), or the
//! exact name of a built-in. The quick fix puts in the suggested name.
//!
//! **Safe fix** when the name is one reading only: a custom action's resource key, a built-in's
//! exact name, or the only name close to what is written, where the reference cannot resolve as
//! written. **Unsafe fix** when several names are as close, when the built-in suggested is not
//! confirmed by the documentation, and when the integration key is put in for `common`.

use super::{Context, Report};
use crate::builtins::{builtin_by_name, builtins, Builtin};
use crate::diagnostic::{Edit, Severity};
pub(super) use crate::edit::json_escape;
use crate::facts;
use crate::index::{ReferenceField, ReferenceSite, Target};
use crate::model::ResourceType;
use crate::reference::{is_valid_integration_key, IntegrationKey, RefKind, Reference};
use crate::suggest::suggest;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for site in &ctx.index.references {
        if !matches!(site.field, ReferenceField::ActionName(_)) {
            continue;
        }
        let Some(reference) = unresolved(site) else {
            continue;
        };
        if reference.is_common() {
            unknown_builtin(ctx, report, site, reference);
        } else if reference.ref_kind == RefKind::Transform {
            custom_transform(ctx, report, site, reference);
        } else {
            unknown_resource(ctx, report, site, reference, ResourceType::Action);
        }
    }
}

/// The reference of `site` when it is well formed, of a kind its field takes and with a usable
/// integration key, and still names nothing: what ZIS401 and ZIS402 report. Every other
/// unresolved reference is ZIS403's, so the two never fire on one reference.
pub(super) fn unresolved(site: &ReferenceSite) -> Option<&Reference> {
    let reference = site.parsed.as_ref().ok()?;
    let fits = site.field.expects().contains(&reference.ref_kind)
        && !matches!(reference.integration_status, IntegrationKey::Invalid { .. });
    (fits && matches!(site.target, Target::Unresolved)).then_some(reference)
}

/// Reports a reference to a custom action or flow that the bundle does not define, on the name
/// part, with the closest name of that type.
pub(super) fn unknown_resource(
    ctx: &Context,
    report: &mut Report,
    site: &ReferenceSite,
    reference: &Reference,
    ty: ResourceType,
) {
    let Some(range) = site.name_range(ctx.text) else {
        return;
    };
    let wanted = reference.name.text.as_str();
    let noun = ty.noun();
    // References name `properties.name`; the resource key is a frequent stand-in.
    let by_key = ctx
        .model
        .resources_of(ty)
        .filter(|(_, resource)| resource.key.value == wanted)
        .find_map(|(_, resource)| resource.name.as_ref());
    if let Some(name) = by_key {
        let diagnostic = report.add(
            range,
            format!(
                "no {noun} named `{wanted}` in this bundle: `{wanted}` is the resource key of \
                 the {noun} named `{}`, and references use `properties.name`",
                name.value
            ),
        );
        diagnostic
            .fix(
                format!("Replace with `{}`", name.value),
                vec![Edit::replace(range, json_escape(&name.value))],
            )
            .safe_if_only_reading(true);
        return;
    }
    if let Some(builtin) = builtin_by_name(reference.ref_kind, wanted) {
        let diagnostic = report.add(
            range,
            format!(
                "no {noun} named `{wanted}` in this bundle: `{wanted}` is a built-in, `{}`",
                builtin.reference
            ),
        );
        diagnostic
            .fix(
                format!("Replace with `{}`", builtin.reference),
                vec![Edit::replace(site.value.inner_range(), builtin.reference)],
            )
            .safe_if_only_reading(true);
        return;
    }
    let names = ctx
        .model
        .resources_of(ty)
        .filter_map(|(_, resource)| resource.name.as_ref())
        .map(|name| name.value.as_str());
    match suggest(wanted, names) {
        Some(suggestion) => {
            let name = suggestion.name;
            report
                .add(
                    range,
                    format!("no {noun} named `{wanted}` in this bundle; did you mean `{name}`?"),
                )
                .fix(
                    format!("Replace with `{name}`"),
                    vec![Edit::replace(range, json_escape(name))],
                )
                .safe_if_only_reading(suggestion.only);
        }
        None => {
            let diagnostic = report.add(
                range,
                format!(
                    "no {noun} named `{wanted}` in this bundle: no `{}` has this `properties.name`",
                    ty.type_name()
                ),
            );
            // A bundle's only flow that nothing starts is the likely target, whatever its name.
            let mut of_type = ctx.model.resources_of(ty);
            if let (Some((id, resource)), None) = (of_type.next(), of_type.next()) {
                let name = resource
                    .name
                    .as_ref()
                    .filter(|_| ctx.index.references_to(id).next().is_none());
                if let Some(name) = name {
                    diagnostic.message.push_str(&format!(
                        "; did you mean `{}`, the bundle's only {noun}, which nothing references?",
                        name.value
                    ));
                    diagnostic.fix(
                        format!("Replace with `{}`", name.value),
                        vec![Edit::replace(range, json_escape(&name.value))],
                    );
                }
            }
        }
    }
}

/// `zis:common:<kind>:<name>` where no built-in has that name.
fn unknown_builtin(
    ctx: &Context,
    report: &mut Report,
    site: &ReferenceSite,
    reference: &Reference,
) {
    let Some(name_range) = site.name_range(ctx.text) else {
        return;
    };
    let kind_range = site
        .value
        .source_range(ctx.text, reference.kind.range.clone());
    let wanted = reference.name.text.as_str();
    let kind = reference.kind.text.as_str();
    if let Some((builtin, only)) = near_builtin(reference.ref_kind, wanted) {
        let (range, message) = if builtin.kind == reference.ref_kind {
            let message = format!(
                "unknown built-in {kind} `{wanted}`; did you mean `{}`?",
                builtin.name()
            );
            (name_range, message)
        } else if builtin.name() == wanted {
            let message = format!(
                "`{wanted}` is a built-in {}, not {}; did you mean `{}`?",
                builtin.kind.keyword().unwrap_or_default(),
                with_article(kind),
                builtin.reference
            );
            (kind_range, message)
        } else {
            let message = format!(
                "unknown built-in {kind} `{wanted}`; did you mean `{}`?",
                builtin.reference
            );
            (name_range, message)
        };
        // A near miss of a name no page confirms may be the right spelling itself.
        let (message, fact) = if builtin.confirmed {
            (message, &facts::BUILT_IN_NAMES)
        } else {
            (
                format!("{message} (that spelling is not confirmed by the documentation either)"),
                &facts::LINK_WRITER_NAMES,
            )
        };
        report
            .add(range, message)
            .rests_on(fact)
            .fix(
                format!("Replace with `{}`", builtin.reference),
                vec![Edit::replace(site.value.inner_range(), builtin.reference)],
            )
            .safe_if_only_reading(only);
        return;
    }
    let message = format!(
        "`{}` is not a known built-in; the list of built-ins may be incomplete",
        site.value.value
    );
    // A custom action of this bundle written under `common` by mistake.
    let own_action =
        reference.ref_kind == RefKind::Action && ctx.index.actions.contains_key(wanted);
    let key = known_key(ctx).filter(|_| own_action);
    match (key, site.integration_range(ctx.text)) {
        (Some(key), Some(integration)) => {
            let message = format!(
                "{message}; this bundle's custom action `{wanted}` is `zis:{key}:action:{wanted}`"
            );
            report
                .add(name_range, message)
                .severity(Severity::Warning)
                .fix(
                    format!("Replace `common` with `{key}`"),
                    vec![Edit::replace(integration, key)],
                );
        }
        _ => {
            report.add(name_range, message).severity(Severity::Warning);
        }
    }
}

/// The built-in `wanted` most plausibly meant: the same name under the other kind
/// (`zis:common:action:Jq` for the transform), else the closest name, of the same kind first;
/// and whether it was the only one that close.
fn near_builtin(kind: RefKind, wanted: &str) -> Option<(&'static Builtin, bool)> {
    let same = builtins().iter().filter(|b| b.kind == kind);
    let other = builtins().iter().filter(|b| b.kind != kind);
    let ordered: Vec<&'static Builtin> = same.chain(other).collect();
    if let Some(exact) = ordered.iter().find(|b| b.name() == wanted) {
        return Some((exact, true));
    }
    let suggestion = suggest(wanted, ordered.iter().map(|b| b.name()))?;
    let builtin = ordered.into_iter().find(|b| b.name() == suggestion.name)?;
    Some((builtin, suggestion.only))
}

/// `zis:<integration>:transform:<name>`: transforms are only built in, under `common`.
fn custom_transform(
    ctx: &Context,
    report: &mut Report,
    site: &ReferenceSite,
    reference: &Reference,
) {
    let Some(range) = site.integration_range(ctx.text) else {
        return;
    };
    let wanted = reference.name.text.as_str();
    let mut message = format!(
        "no transform `{wanted}` under `{}`: transforms are built in, under `zis:common:transform:`",
        reference.integration.text
    );
    let builtin = match builtin_by_name(RefKind::Transform, wanted) {
        Some(exact) => Some((exact, true)),
        None => {
            let transforms = builtins().iter().filter(|b| b.kind == RefKind::Transform);
            suggest(wanted, transforms.clone().map(|b| b.name())).and_then(|suggestion| {
                let builtin = transforms
                    .into_iter()
                    .find(|b| b.name() == suggestion.name)?;
                Some((builtin, suggestion.only))
            })
        }
    };
    let Some((builtin, only)) = builtin else {
        report.add(range, message);
        return;
    };
    message.push_str(&format!("; did you mean `{}`?", builtin.reference));
    report
        .add(range, message)
        .fix(
            format!("Replace with `{}`", builtin.reference),
            vec![Edit::replace(site.value.inner_range(), builtin.reference)],
        )
        .safe_if_only_reading(only);
}

/// The integration key the bundle is for, when it is one a quick fix can put in a reference.
pub(super) fn known_key<'a>(ctx: &Context<'a>) -> Option<&'a str> {
    let key = ctx.index.integration.as_ref()?.key.as_str();
    (is_valid_integration_key(key) && key != "common").then_some(key)
}

/// `an action`, `a transform`.
fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_builtin_prefers_the_same_name_under_the_other_kind() {
        let near = |kind, name| near_builtin(kind, name).map(|(b, _)| b.reference);
        assert_eq!(near(RefKind::Action, "Jq"), Some("zis:common:transform:Jq"));
        assert_eq!(
            near(RefKind::Transform, "LoadConfig"),
            Some("zis:common:action:LoadConfig")
        );
        assert_eq!(
            near(RefKind::Action, "loadlinks"),
            Some("zis:common:action:LoadLinks")
        );
        assert_eq!(near(RefKind::Action, "LoadSettings"), None);
    }

    #[test]
    fn json_escape_writes_string_content() {
        assert_eq!(json_escape("post_to_slack"), "post_to_slack");
        assert_eq!(json_escape(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(json_escape("é"), "é");
    }
}
