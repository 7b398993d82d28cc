//! ZIS references: `zis:<integration>:<kind>:<name>` strings, as found in `ActionName`,
//! `flow_name` and the job spec install API.
//!
//! Parsing keeps the byte range of every part, relative to the start of the (unescaped) string,
//! so a diagnostic can underline exactly the faulty part; mapping those offsets through JSON
//! escapes to positions in the document is the caller's business.
//!
//! Bundles kept under version control often hold a template token (`<YOUR_INTEGRATION>`,
//! `%INTEGRATION_NAME%`, `${INTEGRATION}`, `{{…}}`) where the integration key goes, filled in by
//! a deploy script. Such a reference is still well formed and resolvable by name; only its
//! integration part is flagged, as [`IntegrationKey::Template`].

use std::fmt;
use std::ops::Range;

/// The longest integration key ZIS accepts.
pub const MAX_INTEGRATION_KEY_LEN: usize = 64;

/// One `:`-separated part of a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    /// Byte range of `text` within the parsed string.
    pub range: Range<usize>,
}

/// The kind part of a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    Action,
    Flow,
    JobSpec,
    Transform,
    /// Anything else; the text is in [`Reference::kind`].
    Other,
}

impl RefKind {
    /// The kind written in a reference; case-sensitive, as in ZIS.
    pub fn from_keyword(keyword: &str) -> RefKind {
        match keyword {
            "action" => RefKind::Action,
            "flow" => RefKind::Flow,
            "job_spec" => RefKind::JobSpec,
            "transform" => RefKind::Transform,
            _ => RefKind::Other,
        }
    }

    /// The text that spells this kind in a reference; `None` for [`RefKind::Other`].
    pub fn keyword(self) -> Option<&'static str> {
        match self {
            RefKind::Action => Some("action"),
            RefKind::Flow => Some("flow"),
            RefKind::JobSpec => Some("job_spec"),
            RefKind::Transform => Some("transform"),
            RefKind::Other => None,
        }
    }
}

/// The syntax of an unfilled template token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// `<YOUR_INTEGRATION>`, the form of Zendesk's tutorial.
    AngleBrackets,
    /// `%INTEGRATION_NAME%`
    Percent,
    /// `${INTEGRATION_NAME}`
    DollarBraces,
    /// `{{integration}}`
    DoubleBraces,
    /// `INTEGRATION_NAME_PLACEHOLDER`: a key in capitals, which no integration key can be.
    Capitals,
}

impl TemplateKind {
    /// The token's shape, for messages (`<…>`).
    pub fn pattern(self) -> &'static str {
        match self {
            TemplateKind::AngleBrackets => "<…>",
            TemplateKind::Percent => "%…%",
            TemplateKind::DollarBraces => "${…}",
            TemplateKind::DoubleBraces => "{{…}}",
            TemplateKind::Capitals => "CAPITALS",
        }
    }

    fn delimiters(self) -> Option<(&'static str, &'static str)> {
        match self {
            TemplateKind::AngleBrackets => Some(("<", ">")),
            TemplateKind::Percent => Some(("%", "%")),
            TemplateKind::DollarBraces => Some(("${", "}")),
            TemplateKind::DoubleBraces => Some(("{{", "}}")),
            TemplateKind::Capitals => None,
        }
    }
}

const TEMPLATE_KINDS: [TemplateKind; 4] = [
    TemplateKind::DoubleBraces,
    TemplateKind::DollarBraces,
    TemplateKind::AngleBrackets,
    TemplateKind::Percent,
];

/// The template syntax of `s` when the whole of `s` is one template token (`<YOUR_INTEGRATION>`,
/// `%NAME%`, `${NAME}`, `{{…}}` with a non-blank inside, or a name in capitals).
pub fn is_template_token(s: &str) -> Option<TemplateKind> {
    TEMPLATE_KINDS
        .into_iter()
        .find(|&kind| token_len(s, kind) == Some(s.len()))
        .or_else(|| is_capitals_token(s).then_some(TemplateKind::Capitals))
}

/// The length of the `kind` token at the start of `s`, if one is there.
fn token_len(s: &str, kind: TemplateKind) -> Option<usize> {
    let (open, close) = kind.delimiters()?;
    let inner = s.strip_prefix(open)?;
    let end = inner.find(close)?;
    let body = &inner[..end];
    // An opener inside the body means the text is not one token (`<a<b>`).
    if body.trim().is_empty() || body.contains(open) {
        return None;
    }
    Some(open.len() + end + close.len())
}

/// The kind of the first template token inside `s`.
pub fn find_template_token(s: &str) -> Option<TemplateKind> {
    s.char_indices().find_map(|(start, _)| {
        TEMPLATE_KINDS
            .into_iter()
            .find(|&kind| token_len(&s[start..], kind).is_some())
    })
}

/// Whether `key` is written in capitals, as deploy scripts name the tokens they replace
/// (`INTEGRATION_NAME_PLACEHOLDER`, `INTEGRATION`): a real integration key has no capitals.
fn is_capitals_token(key: &str) -> bool {
    key.bytes().any(|b| b.is_ascii_uppercase())
        && key
            .bytes()
            .all(|b| matches!(b, b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-'))
}

/// The text around the template tokens of `s` (`["", "_flow"]` for `{{job}}_flow`); `None`
/// when `s` holds no token.
fn template_parts(s: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut literal_start = 0;
    let mut at = 0;
    while at < s.len() {
        let token = TEMPLATE_KINDS
            .into_iter()
            .find_map(|kind| token_len(&s[at..], kind));
        match token {
            Some(len) => {
                parts.push(&s[literal_start..at]);
                at += len;
                literal_start = at;
            }
            None => at += s[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if parts.is_empty() {
        return None;
    }
    parts.push(&s[literal_start..]);
    Some(parts)
}

/// Whether `name` is what `pattern`, a name holding template tokens (`{{job}}_flow`), becomes
/// once each token is filled in with some non-empty text.
pub fn fills_template(pattern: &str, name: &str) -> bool {
    let Some(parts) = template_parts(pattern) else {
        return false;
    };
    let (first, rest) = parts.split_first().expect("at least two parts");
    let (last, middle) = rest.split_last().expect("at least two parts");
    let Some(mut remaining) = name.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        // Each token stands for at least one character.
        let Some(skip) = remaining.char_indices().nth(1).map(|(at, _)| at) else {
            return false;
        };
        let Some(found) = remaining[skip..].find(part) else {
            return false;
        };
        remaining = &remaining[skip + found + part.len()..];
    }
    remaining.len() > last.len() && remaining.ends_with(last)
}

/// What the integration part of a reference holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntegrationKey {
    /// 1 to 64 characters of `a-z 0-9 _ -`.
    Valid,
    /// `common`, the namespace of the built-in actions and transforms.
    Common,
    /// An unfilled template token, alone or inside the key.
    Template(TemplateKind),
    /// Not an integration key ZIS accepts.
    Invalid {
        /// Why, as a sentence fragment fit for a diagnostic.
        reason: String,
        /// The faulty bytes (a character, or the whole part), relative to the parsed string.
        range: Range<usize>,
    },
}

/// A well-formed `zis:<integration>:<kind>:<name>` reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub integration: Part,
    pub integration_status: IntegrationKey,
    /// The kind as written.
    pub kind: Part,
    pub ref_kind: RefKind,
    pub name: Part,
}

impl Reference {
    /// Whether the reference names a built-in (`zis:common:…`).
    pub fn is_common(&self) -> bool {
        self.integration_status == IntegrationKey::Common
    }
}

/// Why a string is not a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceError {
    pub kind: ReferenceErrorKind,
    /// The faulty bytes, relative to the parsed string. For an empty part, the `:` before it.
    pub range: Range<usize>,
}

/// What is wrong with a string that is not a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceErrorKind {
    /// The string does not start with `zis:`; holds what stands before the first `:`.
    MissingPrefix {
        found: String,
    },
    /// Fewer than four parts; holds how many there are.
    TooFewParts {
        found: usize,
    },
    /// A `:` after the name: names cannot contain one.
    TooManyParts,
    EmptyKind,
    EmptyName,
}

const EXPECTED: &str = "expected `zis:<integration>:<kind>:<name>`";

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ReferenceErrorKind::MissingPrefix { found } if found.eq_ignore_ascii_case("zis") => {
                write!(f, "{EXPECTED}: the prefix is `zis:`, in lower case")
            }
            ReferenceErrorKind::MissingPrefix { found } => {
                write!(
                    f,
                    "{EXPECTED}: a reference starts with `zis:`, not `{found}:`"
                )
            }
            ReferenceErrorKind::TooFewParts { found: 1 } => {
                write!(f, "{EXPECTED}, found a bare name")
            }
            ReferenceErrorKind::TooFewParts { found } => {
                write!(f, "{EXPECTED}, found only {found} parts")
            }
            ReferenceErrorKind::TooManyParts => {
                write!(f, "{EXPECTED}: a name cannot contain `:`")
            }
            ReferenceErrorKind::EmptyKind => write!(f, "{EXPECTED}: the kind is empty"),
            ReferenceErrorKind::EmptyName => write!(f, "{EXPECTED}: the name is empty"),
        }
    }
}

impl std::error::Error for ReferenceError {}

/// Parses a `zis:<integration>:<kind>:<name>` reference.
///
/// A template token in the integration part may itself contain `:` (`${INTEGRATION:-dev}`); the
/// token is kept whole. A bad integration key is not an error here but an
/// [`IntegrationKey::Invalid`], so the reference can still be resolved by name.
pub fn parse_reference(s: &str) -> Result<Reference, ReferenceError> {
    let Some(rest) = s.strip_prefix("zis:") else {
        return Err(match s.find(':') {
            None => ReferenceError {
                kind: ReferenceErrorKind::TooFewParts { found: 1 },
                range: 0..s.len(),
            },
            Some(colon) => ReferenceError {
                kind: ReferenceErrorKind::MissingPrefix {
                    found: s[..colon].to_string(),
                },
                range: if colon == 0 { 0..1 } else { 0..colon },
            },
        });
    };
    let integration_start = 4;
    let integration_end = integration_start
        + TEMPLATE_KINDS
            .into_iter()
            .filter_map(|kind| token_len(rest, kind))
            .find(|&len| rest[len..].starts_with(':'))
            .or_else(|| rest.find(':'))
            .ok_or(ReferenceError {
                kind: ReferenceErrorKind::TooFewParts { found: 2 },
                range: 0..s.len(),
            })?;
    let kind_start = integration_end + 1;
    let kind_end = kind_start
        + s[kind_start..].find(':').ok_or(ReferenceError {
            kind: ReferenceErrorKind::TooFewParts { found: 3 },
            range: 0..s.len(),
        })?;
    let name_start = kind_end + 1;
    if let Some(extra) = s[name_start..].find(':') {
        return Err(ReferenceError {
            kind: ReferenceErrorKind::TooManyParts,
            range: name_start + extra..s.len(),
        });
    }
    if kind_start == kind_end {
        return Err(ReferenceError {
            kind: ReferenceErrorKind::EmptyKind,
            range: integration_end..kind_start,
        });
    }
    if name_start == s.len() {
        return Err(ReferenceError {
            kind: ReferenceErrorKind::EmptyName,
            range: kind_end..name_start,
        });
    }
    let part = |range: Range<usize>| Part {
        text: s[range.clone()].to_string(),
        range,
    };
    let kind = part(kind_start..kind_end);
    Ok(Reference {
        integration_status: integration_key_status(
            &s[integration_start..integration_end],
            integration_start,
        ),
        integration: part(integration_start..integration_end),
        ref_kind: RefKind::from_keyword(&kind.text),
        kind,
        name: part(name_start..s.len()),
    })
}

/// Whether `key` is an integration key ZIS accepts: 1 to 64 characters of `a-z 0-9 _ -`.
pub fn is_valid_integration_key(key: &str) -> bool {
    (1..=MAX_INTEGRATION_KEY_LEN).contains(&key.len())
        && key
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
}

/// Classifies an integration key found at byte `offset` of the parsed string.
fn integration_key_status(key: &str, offset: usize) -> IntegrationKey {
    if key == "common" {
        return IntegrationKey::Common;
    }
    if let Some(kind) = find_template_token(key) {
        return IntegrationKey::Template(kind);
    }
    if is_capitals_token(key) {
        return IntegrationKey::Template(TemplateKind::Capitals);
    }
    if key.is_empty() {
        // Point at the `:` before the missing key: an empty range is hard to see.
        return IntegrationKey::Invalid {
            reason: "the integration key is empty".to_string(),
            range: offset - 1..offset,
        };
    }
    let invalid = |reason: String, range: Range<usize>| IntegrationKey::Invalid {
        reason,
        range: offset + range.start..offset + range.end,
    };
    if let Some((at, c)) = key
        .char_indices()
        .find(|&(_, c)| !matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
    {
        let reason = if c.is_uppercase() {
            "uppercase letters are not allowed in an integration key".to_string()
        } else if c.is_whitespace() {
            "spaces are not allowed in an integration key".to_string()
        } else {
            format!(
                "`{c}` is not allowed in an integration key (only `a-z`, `0-9`, `_` and `-` are)"
            )
        };
        return invalid(reason, at..at + c.len_utf8());
    }
    if key.len() > MAX_INTEGRATION_KEY_LEN {
        return invalid(
            format!(
                "an integration key has at most {MAX_INTEGRATION_KEY_LEN} characters, this one has {}",
                key.len()
            ),
            0..key.len(),
        );
    }
    IntegrationKey::Valid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Reference {
        parse_reference(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err(s: &str) -> ReferenceError {
        match parse_reference(s) {
            Ok(r) => panic!("{s} parsed: {r:?}"),
            Err(e) => e,
        }
    }

    fn invalid_key(s: &str) -> (String, &str) {
        match ok(s).integration_status {
            IntegrationKey::Invalid { reason, range } => (reason, &s[range]),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn parses_a_custom_action_reference_with_ranges() {
        let s = "zis:tsanet_connect:action:action_get_collaboration";
        let r = ok(s);
        assert_eq!(r.integration.text, "tsanet_connect");
        assert_eq!(&s[r.integration.range.clone()], "tsanet_connect");
        assert_eq!(r.integration_status, IntegrationKey::Valid);
        assert_eq!(r.kind.text, "action");
        assert_eq!(r.kind.range, 19..25);
        assert_eq!(r.ref_kind, RefKind::Action);
        assert_eq!(r.name.text, "action_get_collaboration");
        assert_eq!(&s[r.name.range.clone()], "action_get_collaboration");
        assert!(!r.is_common());
    }

    #[test]
    fn parses_builtins() {
        let jq = ok("zis:common:transform:Jq");
        assert_eq!(jq.integration_status, IntegrationKey::Common);
        assert!(jq.is_common());
        assert_eq!(jq.ref_kind, RefKind::Transform);
        assert_eq!(jq.name.text, "Jq");
        let load = ok("zis:common:action:LoadConfig");
        assert!(load.is_common());
        assert_eq!(load.ref_kind, RefKind::Action);
        assert_eq!(load.name.text, "LoadConfig");
    }

    #[test]
    fn parses_kinds() {
        assert_eq!(ok("zis:a:flow:f").ref_kind, RefKind::Flow);
        assert_eq!(ok("zis:a:job_spec:j").ref_kind, RefKind::JobSpec);
        for other in ["zis:a:Action:x", "zis:a:jobspec:x", "zis:a:actions:x"] {
            assert_eq!(ok(other).ref_kind, RefKind::Other, "{other}");
        }
        for kind in [
            RefKind::Action,
            RefKind::Flow,
            RefKind::JobSpec,
            RefKind::Transform,
        ] {
            assert_eq!(RefKind::from_keyword(kind.keyword().unwrap()), kind);
        }
        assert_eq!(RefKind::Other.keyword(), None);
    }

    #[test]
    fn recognises_template_tokens_in_the_integration() {
        let s = "zis:<YOUR_INTEGRATION>:action:post-to-webhook-site";
        let r = ok(s);
        assert_eq!(
            r.integration_status,
            IntegrationKey::Template(TemplateKind::AngleBrackets)
        );
        assert_eq!(&s[r.integration.range.clone()], "<YOUR_INTEGRATION>");
        assert_eq!(r.name.text, "post-to-webhook-site");

        let r = ok("zis:%INTEGRATION_NAME%:flow:MakeTargetMessagePrivate");
        assert_eq!(
            r.integration_status,
            IntegrationKey::Template(TemplateKind::Percent)
        );
        assert_eq!(r.ref_kind, RefKind::Flow);
        assert_eq!(r.name.text, "MakeTargetMessagePrivate");

        let r = ok("zis:${INTEGRATION}:action:a");
        assert_eq!(
            r.integration_status,
            IntegrationKey::Template(TemplateKind::DollarBraces)
        );
        let r = ok("zis:{{ integration }}:action:a");
        assert_eq!(
            r.integration_status,
            IntegrationKey::Template(TemplateKind::DoubleBraces)
        );
        for key in ["INTEGRATION_NAME_PLACEHOLDER", "INTEGRATION", "MY-KEY2"] {
            let r = ok(&format!("zis:{key}:action:a"));
            assert_eq!(
                r.integration_status,
                IntegrationKey::Template(TemplateKind::Capitals),
                "{key}"
            );
        }
        // Capitals among lowercase letters are a mistake in a real key, not a token.
        assert!(matches!(
            ok("zis:Acme:action:a").integration_status,
            IntegrationKey::Invalid { .. }
        ));
        // A partly templated key is still a template, not an invalid key.
        let r = ok("zis:acme_${ENV}:action:a");
        assert_eq!(
            r.integration_status,
            IntegrationKey::Template(TemplateKind::DollarBraces)
        );
    }

    #[test]
    fn names_that_fill_a_template() {
        assert!(fills_template(
            "{{jobspec_etg}}_flow",
            "etg_genesys_integration_flow"
        ));
        assert!(fills_template("flow_%ENV%", "flow_prod"));
        assert!(fills_template("{{a}}-{{b}}", "x-y"));
        assert!(!fills_template("{{a}}-{{b}}", "x-"));
        assert!(!fills_template("{{jobspec_etg}}_flow", "_flow"));
        assert!(!fills_template("{{jobspec_etg}}_flow", "etg_flows"));
        assert!(!fills_template("plain_flow", "plain_flow"));
        assert!(fills_template("é{{x}}ü", "éñü"));
    }

    #[test]
    fn keeps_a_colon_inside_a_template_token() {
        let s = "zis:${INTEGRATION:-dev}:action:a";
        let r = ok(s);
        assert_eq!(r.integration.text, "${INTEGRATION:-dev}");
        assert_eq!(
            r.integration_status,
            IntegrationKey::Template(TemplateKind::DollarBraces)
        );
        assert_eq!(r.kind.text, "action");
        assert_eq!(r.name.text, "a");
        assert_eq!(ok("zis:{{env:key}}:flow:f").integration.text, "{{env:key}}");
    }

    #[test]
    fn is_template_token_needs_a_whole_non_blank_token() {
        assert_eq!(
            is_template_token("<YOUR_INTEGRATION>"),
            Some(TemplateKind::AngleBrackets)
        );
        assert_eq!(
            is_template_token("%INTEGRATION_NAME%"),
            Some(TemplateKind::Percent)
        );
        assert_eq!(
            is_template_token("${INTEGRATION_NAME}"),
            Some(TemplateKind::DollarBraces)
        );
        assert_eq!(
            is_template_token("{{$.integration}}"),
            Some(TemplateKind::DoubleBraces)
        );
        assert_eq!(
            is_template_token("EXTERNAL_TARGET_URL_PLACEHOLDER"),
            Some(TemplateKind::Capitals)
        );
        for not in [
            "",
            "<>",
            "%%",
            "${}",
            "{{ }}",
            "<a",
            "a>",
            "%A",
            "$A",
            "{A}",
            "x<A>",
            "<A>x",
            "<a<b>",
            "tsanet_connect",
        ] {
            assert_eq!(is_template_token(not), None, "{not:?}");
        }
        assert_eq!(TemplateKind::DollarBraces.pattern(), "${…}");
    }

    #[test]
    fn explains_invalid_integration_keys() {
        let (reason, at) = invalid_key("zis:MyIntegration:action:a");
        assert_eq!(
            reason,
            "uppercase letters are not allowed in an integration key"
        );
        assert_eq!(at, "M");
        let (reason, at) = invalid_key("zis:my integration:action:a");
        assert!(reason.starts_with("spaces"), "{reason}");
        assert_eq!(at, " ");
        let (reason, at) = invalid_key("zis:my.integration:action:a");
        assert!(reason.starts_with("`.` is not allowed"), "{reason}");
        assert_eq!(at, ".");
        let (reason, at) = invalid_key("zis:café:action:a");
        assert!(reason.starts_with("`é`"), "{reason}");
        assert_eq!(at, "é");
        let (reason, at) = invalid_key("zis::action:a");
        assert_eq!(reason, "the integration key is empty");
        assert_eq!(at, ":");
        let long = "a".repeat(65);
        let s = format!("zis:{long}:action:a");
        let (reason, at) = invalid_key(&s);
        assert!(reason.contains("at most 64"), "{reason}");
        assert_eq!(at, long);
        let max = "a".repeat(64);
        assert_eq!(
            ok(&format!("zis:{max}:action:a")).integration_status,
            IntegrationKey::Valid
        );
        assert_eq!(
            ok("zis:a-b_c-9:action:a").integration_status,
            IntegrationKey::Valid
        );
        for key in ["a-b_c-9", "common", max.as_str()] {
            assert!(is_valid_integration_key(key), "{key}");
        }
        for key in ["", "A", "a b", "a.b", "café", "<X>", long.as_str()] {
            assert!(!is_valid_integration_key(key), "{key}");
        }
        // Only the exact `common` is the built-in namespace.
        assert!(matches!(
            ok("zis:Common:action:LoadConfig").integration_status,
            IntegrationKey::Invalid { .. }
        ));
    }

    #[test]
    fn rejects_malformed_references() {
        let e = err("post-to-webhook-site");
        assert_eq!(e.kind, ReferenceErrorKind::TooFewParts { found: 1 });
        assert_eq!(e.range, 0..20);
        assert_eq!(
            e.to_string(),
            "expected `zis:<integration>:<kind>:<name>`, found a bare name"
        );

        let e = err("ZIS:acme:action:a");
        assert_eq!(
            e.kind,
            ReferenceErrorKind::MissingPrefix {
                found: "ZIS".into()
            }
        );
        assert_eq!(e.range, 0..3);
        assert!(e.to_string().contains("lower case"), "{e}");

        let e = err("acme:action:a");
        assert_eq!(e.range, 0..4);
        assert!(e.to_string().contains("not `acme:`"), "{e}");
        assert_eq!(err(":a:b:c").range, 0..1);

        let e = err("zis:acme");
        assert_eq!(e.kind, ReferenceErrorKind::TooFewParts { found: 2 });
        assert_eq!(
            e.to_string(),
            "expected `zis:<integration>:<kind>:<name>`, found only 2 parts"
        );
        assert_eq!(
            err("zis:acme:action").kind,
            ReferenceErrorKind::TooFewParts { found: 3 }
        );
        assert_eq!(
            err("zis").kind,
            ReferenceErrorKind::TooFewParts { found: 1 }
        );

        let s = "zis:acme:action:a:b";
        let e = err(s);
        assert_eq!(e.kind, ReferenceErrorKind::TooManyParts);
        assert_eq!(&s[e.range.clone()], ":b");
        assert!(e.to_string().contains("cannot contain `:`"), "{e}");

        let s = "zis:acme::a";
        let e = err(s);
        assert_eq!(e.kind, ReferenceErrorKind::EmptyKind);
        assert_eq!(e.range, 8..9);

        let s = "zis:acme:action:";
        let e = err(s);
        assert_eq!(e.kind, ReferenceErrorKind::EmptyName);
        assert_eq!(e.range, 15..16);
        assert_eq!(
            e.to_string(),
            "expected `zis:<integration>:<kind>:<name>`: the name is empty"
        );
    }
}
