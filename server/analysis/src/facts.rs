//! The ZIS facts the rules rest on, each with its evidence.
//!
//! A fact is **documented** when a page of Zendesk's developer documentation (or a specification
//! that page says ZIS follows) states it, **observed** when a real bundle shows it, and
//! **assumed** otherwise. A fact is *contradicted* when a bundle the Registry accepted, or another
//! version of the documentation, says otherwise.
//!
//! Only a documented fact that nothing contradicts may carry an error: a finding that rests on
//! any other fact is at most a warning ([`Fact::supports_error`], enforced by
//! [`crate::Diagnostic::rests_on`]). `docs/zis-facts.md` is generated from this table, the event
//! catalog and the built-ins, so that a user can see why a rule fires.

use std::fmt::Write;

use crate::builtins::builtins;
use crate::catalog::catalog;
use crate::payload::Shape;

/// One fact about ZIS that a rule relies on.
#[derive(Debug, PartialEq, Eq)]
pub struct Fact {
    /// Stable and kebab-case: rule pages and `docs/zis-facts.md` name facts by it.
    pub id: &'static str,
    pub claim: &'static str,
    /// The pages that state it.
    pub documented: &'static [&'static str],
    /// Real bundles that show it.
    pub observed: &'static [&'static str],
    /// Real bundles, or versions of the documentation, that say otherwise.
    pub contradicted_by: &'static [&'static str],
}

/// How sure a fact is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    Documented,
    Observed,
    Assumed,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Documented => "documented",
            Evidence::Observed => "observed",
            Evidence::Assumed => "assumed",
        }
    }
}

impl Fact {
    pub fn evidence(&self) -> Evidence {
        if !self.documented.is_empty() {
            Evidence::Documented
        } else if !self.observed.is_empty() {
            Evidence::Observed
        } else {
            Evidence::Assumed
        }
    }

    /// Whether a finding resting on this fact may be an error.
    pub fn supports_error(&self) -> bool {
        self.evidence() == Evidence::Documented && self.contradicted_by.is_empty()
    }
}

const DOCS: &str = "https://developer.zendesk.com/documentation/integration-services";
const API: &str = "https://developer.zendesk.com/api-reference/integration-services";

/// Pages the facts cite, each address written once.
pub mod pages {
    pub const BUNDLES_API: &str =
        "https://developer.zendesk.com/api-reference/integration-services/registry/bundles/";
    pub const JOB_SPECS_API: &str =
        "https://developer.zendesk.com/api-reference/integration-services/registry/jobspecs";
    pub const TRIGGER_EVENTS: &str =
        "https://developer.zendesk.com/api-reference/integration-services/trigger-events/introduction/";
    pub const TICKET_EVENTS: &str =
        "https://developer.zendesk.com/api-reference/integration-services/trigger-events/ticket-events/";
    pub const USER_EVENTS: &str =
        "https://developer.zendesk.com/api-reference/integration-services/trigger-events/user-events/";
    pub const ORGANIZATION_EVENTS: &str =
        "https://developer.zendesk.com/api-reference/integration-services/trigger-events/organization-events";
    pub const CUSTOM_OBJECT_EVENTS: &str =
        "https://developer.zendesk.com/api-reference/integration-services/trigger-events/custom-object-events";
    pub const LEGACY_CUSTOM_OBJECT_EVENTS: &str =
        "https://developer.zendesk.com/api-reference/integration-services/trigger-events/legacy-custom-object-events";
    pub const ACTIVITY_EVENTS: &str =
        "https://developer.zendesk.com/api-reference/integration-services/trigger-events/activity-events";
    pub const INBOUND_WEBHOOKS: &str =
        "https://developer.zendesk.com/api-reference/integration-services/inbound-webhooks/inbound_webhooks/";
    pub const GLOSSARY: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/glossary";
    pub const FLOW_STATES: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/understanding-flow-states/";
    pub const FLOW_LIMITS: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/flow-state-limitations/";
    pub const ACTION_STATE: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/action-state";
    pub const CHOICE_STATE: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/choice-state/";
    pub const MAP_STATE: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/map-state/";
    pub const WAIT_STATE: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/wait-state/";
    pub const PASS_STATE: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/pass-state";
    pub const SUCCEED_STATE: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/succeed-state";
    pub const FAIL_STATE: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/fail-state";
    pub const ERROR_HANDLING: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/state-retry-error-handling";
    pub const COMMON_ERRORS: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/fixing-common-zis-errors";
    pub const CUSTOM_ACTIONS: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/zis-custom-actions/";
    pub const BUILT_IN_ACTIONS: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/zis-built-in-actions";
    pub const LINKS: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/zis-links/";
    pub const JQ_CHEAT_SHEET: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/jq-cheat-sheet/";
    pub const CONNECTIONS_GUIDE: &str =
        "https://developer.zendesk.com/documentation/integration-services/developer-guide/understanding-connections";
    pub const AUTHENTICATING_REQUESTS: &str =
        "https://developer.zendesk.com/documentation/integration-services/zis-tutorials/advanced/zis-action-authenticate-requests/";
    pub const LINKS_TUTORIAL: &str =
        "https://developer.zendesk.com/documentation/integration-services/zis-tutorials/advanced/using-zis-links/";
    pub const FIRST_FLOW_TUTORIAL: &str =
        "https://developer.zendesk.com/documentation/integration-services/zis-tutorials/basic/part-3-creating-a-zis-flow/";
    /// The Amazon States Language, which ZIS flows are based on.
    pub const ASL: &str = "https://states-language.net/spec.html";
    pub const JQ_MANUAL: &str = "https://jqlang.org/manual/";
}

use pages::*;

/// Real bundles of the shared corpus, as cited by facts.
mod bundles {
    pub const REGISTRY_DOWNLOAD: &str =
        "a bundle the Registry stored and returned (corpus: found/registry_download_post_tickets_to_webhook.json)";
    pub const WORKFLOW_MANAGER: &str =
        "a public workflow template (corpus: found/zis_workflow_manager_sample2.json)";
    pub const WORKFLOW_MANAGER_CONFIG: &str =
        "a public workflow template that reads its settings right under LoadConfig's `ResultPath` (corpus: found/zis_workflow_manager_sample2.json)";
    pub const REDACT_COMMENTS: &str =
        "a generated public bundle (corpus: found/redact_comments_rendered.json)";
    pub const TSANET_STRING_MATCHES: &str =
        "a production bundle whose `StringMatches` rule had to be replaced (corpus: history/tsanet/06 and 07)";
    pub const TSANET: &str = "a production bundle (corpus: history/tsanet)";
}

macro_rules! facts {
    ($($name:ident = $id:literal: $claim:literal
        $(, documented [$($doc:expr),* $(,)?])?
        $(, observed [$($seen:expr),* $(,)?])?
        $(, contradicted [$($against:expr),* $(,)?])?;)*) => {
        $(pub static $name: Fact = Fact {
            id: $id,
            claim: $claim,
            documented: &[$($($doc),*)?],
            observed: &[$($($seen),*)?],
            contradicted_by: &[$($($against),*)?],
        };)*

        /// Every fact, in the order `docs/zis-facts.md` lists them.
        pub static ALL: &[&Fact] = &[$(&$name),*];
    };
}

facts! {
    BUNDLE_JSON = "bundle-is-json":
        "A bundle is one JSON document, sent as the JSON body of the Registry's upload request.",
        documented [BUNDLES_API];
    DUPLICATE_KEYS = "duplicate-keys":
        "A key written twice in one object: what the Registry keeps is not documented.";
    BUNDLE_FIELDS = "bundle-fields":
        "A bundle has `name`, `zis_template_version` and `resources`, and may have `description`; \
         the Registry adds `integration`, `uuid` and `zendesk_account_id` to the bundles it returns.",
        documented [BUNDLES_API];
    TEMPLATE_VERSION = "template-version":
        "`zis_template_version` is `2019-10-14`.",
        documented [BUNDLES_API],
        contradicted [bundles::REGISTRY_DOWNLOAD];
    RESOURCE_TYPES = "resource-types":
        "A resource is `{\"type\", \"properties\"}` of type `ZIS::Flow`, `ZIS::Action::Http` or \
         `ZIS::JobSpec`.",
        documented [BUNDLES_API, CUSTOM_ACTIONS];
    FLOW_FIELDS = "flow-fields":
        "A flow has `properties.name` and `properties.definition`, which holds `StartAt` and \
         `States`.",
        documented [BUNDLES_API, ASL];
    ACTION_FIELDS = "action-fields":
        "A custom action has `properties.name` and `properties.definition`: a `method` (GET, HEAD, \
         PUT, POST, DELETE, OPTIONS, PATCH or TRACE), a `url` or a `path`, and optional `headers`, \
         `queryParams` or `query` (arrays of `{\"key\", \"value\"}`) and `requestBody`.",
        documented [CUSTOM_ACTIONS, AUTHENTICATING_REQUESTS];
    JOB_SPEC_FIELDS = "job-spec-fields":
        "A job spec names an `event_source`, an `event_type` and the flow to start (`flow_name`), \
         and has a `name` to install it by.",
        documented [GLOSSARY, JOB_SPECS_API, BUNDLES_API];
    STATE_TYPES = "state-types":
        "Every state has a `Type`: `Action`, `Choice`, `Map`, `Wait`, `Succeed`, `Fail` or `Pass`.",
        documented [FLOW_STATES];
    ACTION_STATE_FIELDS = "action-state-fields":
        "An Action state has an `ActionName`, and may have `Parameters`, `ResultPath`, `Catch` and \
         `TimeoutSeconds` (a positive whole number).",
        documented [ACTION_STATE];
    CHOICE_STATE_FIELDS = "choice-state-fields":
        "A Choice state has `Choices`, an array of at least one rule, and may have `Default`.",
        documented [CHOICE_STATE];
    MAP_STATE_FIELDS = "map-state-fields":
        "A Map state has `ItemsPath`, the array of objects to iterate over, and an `Iterator` \
         (`StartAt` and `States`).",
        documented [MAP_STATE];
    MAP_RESULT_PATH = "map-result-path":
        "A Map state has a `ResultPath`.",
        documented [MAP_STATE],
        contradicted ["the newer version of the Map state page, which no longer lists it"];
    WAIT_STATE_FIELDS = "wait-state-fields":
        "A Wait state has exactly one of `Seconds` (a number above zero) and `SecondsPath`.",
        documented [WAIT_STATE];
    PASS_STATE_FIELDS = "pass-state-fields":
        "A Pass state may have a `Result` and a `ResultPath`.",
        documented [PASS_STATE];
    SUCCEED_STATE_FIELDS = "succeed-state-fields":
        "A Succeed state may have a `Message`.",
        documented [SUCCEED_STATE];
    FAIL_STATE_FIELDS = "fail-state-fields":
        "A Fail state has an `Error` and a `Cause`, both strings.",
        documented [FAIL_STATE];
    CATCH_FIELDS = "catch-fields":
        "A Catch handler has `ErrorEquals` and `Next`, and may have `ResultPath`.",
        documented [ERROR_HANDLING];
    NEXT_OR_END = "next-or-end":
        "A state other than Choice, Succeed and Fail has `Next` or `\"End\": true`, never both; \
         Succeed and Fail have neither.",
        documented [FLOW_STATES, ASL];
    STATE_NAMES = "state-names":
        "`StartAt`, `Next`, `Default` and a Catch handler's `Next` name a state of the same flow; \
         the states of a Map iterator go only to each other.",
        documented [ASL, MAP_STATE];
    UNREACHABLE_REFUSED = "unreachable-state-refused":
        "The Registry refuses a state that no run can reach.",
        contradicted [bundles::WORKFLOW_MANAGER];
    FLOW_TIMEOUT = "flow-timeout":
        "A flow runs for at most 100 seconds; it ends only at a Succeed or Fail state or a state \
         with `\"End\": true`.",
        documented [FLOW_LIMITS, ASL];
    CHOICE_RULES = "choice-rules":
        "A Choice rule has `Variable`, one comparison operator of the ZIS set with a value of its \
         type, and `Next`; or a logical `And`, `Or` or `Not`.",
        documented [CHOICE_STATE, ASL];
    UNSUPPORTED_ASL = "unsupported-asl":
        "ZIS does not run `Task` or `Parallel` states, intrinsic functions, `MaxConcurrency` or \
         `Parameters` on a Map, `Timestamp` or `TimestampPath` on a Wait, or Choice operators \
         outside its set (`StringMatches`, `IsString`…).",
        documented [FLOW_LIMITS, CHOICE_STATE],
        observed [bundles::TSANET_STRING_MATCHES];
    RETRY_UNSUPPORTED = "retry-unsupported":
        "States have no `Retry`: ZIS retries a failed flow from its start instead.",
        documented [ACTION_STATE],
        contradicted ["a version of the retry and error handling page, which documents a `Retry` block"];
    ERROR_EQUALS = "error-equals":
        "`ErrorEquals` takes only `States.ALL`.",
        documented [ERROR_HANDLING];
    UNDOCUMENTED_ASL = "undocumented-asl":
        "`InputPath`, `OutputPath` and `ResultSelector` are not documented for ZIS.";
    JSON_PATHS = "json-paths":
        "The value of a key ending in `.$`, `Variable`, `ResultPath`, `ItemsPath`, `SecondsPath` \
         and `{{…}}` placeholders are JSONPath starting at `$`.",
        documented [ACTION_STATE, ASL];
    REFERENCE_PATHS = "reference-paths":
        "`Variable`, `ResultPath`, `ItemsPath`, `SecondsPath` and the `…Path` operators take \
         reference paths, which select a single node.",
        documented [ASL, MAP_STATE, WAIT_STATE, ERROR_HANDLING];
    SUFFIX_VALUES = "suffix-values":
        "A key ending in `.$` takes a path or a string with `{{…}}` placeholders; a key without \
         it is passed as written.",
        documented [ACTION_STATE];
    RESULT_PATH_ROOT = "result-path-root":
        "A `ResultPath` of `$`, and a Catch handler without `ResultPath`, replace all the flow \
         data, `$.input` included.",
        documented [ERROR_HANDLING];
    URL_OR_PATH = "url-or-path":
        "An action definition has a `url` or a `path`, not both.",
        documented [CUSTOM_ACTIONS, AUTHENTICATING_REQUESTS];
    URL_ABSOLUTE = "url-absolute":
        "An action definition's `url` is a full URL.",
        documented [CUSTOM_ACTIONS];
    URL_RELATIVE_WITH_CONNECTION = "url-relative-with-connection":
        "A relative `url` with a `connectionName` does not reach the connection's host.",
        contradicted [bundles::WORKFLOW_MANAGER];
    CONNECTIONS = "connections":
        "A connection authenticates a custom action's requests; `zendesk` is the reserved name of \
         the account's own Zendesk OAuth connection.",
        documented [CONNECTIONS_GUIDE, AUTHENTICATING_REQUESTS];
    EVENT_SOURCES = "event-sources":
        "`support` and `sunshine` are Zendesk's event sources; any other `event_source` is an \
         inbound webhook's source system, compared exactly.",
        documented [TRIGGER_EVENTS, INBOUND_WEBHOOKS];
    EVENT_TYPES = "event-types":
        "The event types of the ticket, user, custom object and activity families are the ones \
         Zendesk lists for them.",
        documented [TICKET_EVENTS, USER_EVENTS, CUSTOM_OBJECT_EVENTS, LEGACY_CUSTOM_OBJECT_EVENTS,
            ACTIVITY_EVENTS];
    ORGANIZATION_EVENT_TYPES = "organization-event-types":
        "The organization event types are `organization.OrganizationCreated` and the others \
         listed in the catalog (the page's table of names could not be read).";
    CUSTOM_ACTION_SAME_BUNDLE = "custom-action-same-bundle":
        "An Action state calls a custom action of its own bundle as \
         `zis:<integration>:action:<properties.name>`.",
        documented [CUSTOM_ACTIONS];
    BUILT_IN_NAMES = "built-in-names":
        "The built-ins are `zis:common:action:LoadConfig`, `PatchConfig`, `LoadLinks` and \
         `CreateLink`, and `zis:common:transform:Jq`.",
        documented [BUILT_IN_ACTIONS, LINKS];
    LINK_WRITER_NAMES = "link-writer-names":
        "`zis:common:action:PatchLink` and `zis:common:action:DeleteLink` change and delete \
         links (the links tutorial names them; no page shows their `ActionName` or parameters).";
    FLOW_REFERENCE = "flow-reference":
        "A job spec's `flow_name` is `zis:<integration>:flow:<properties.name>` of a flow.",
        documented [BUNDLES_API, GLOSSARY];
    REFERENCES = "references":
        "References are `zis:<integration>:<kind>:<name>`; an integration key is at most 64 \
         characters of `a-z`, `0-9`, `_` and `-`.",
        documented [GLOSSARY, BUNDLES_API, COMMON_ERRORS];
    UNIQUE_NAMES = "unique-names":
        "Flows, custom actions and job specs have names unique in their integration: the Registry \
         refuses a bundle with duplicated resources.",
        documented [COMMON_ERRORS];
    JQ_PROGRAMS = "jq-programs":
        "`zis:common:transform:Jq` runs the jq program in `expr` on `data`; a program that does \
         not compile cannot run.",
        documented [BUILT_IN_ACTIONS, JQ_CHEAT_SHEET, JQ_MANUAL];
    MISSING_PATH = "missing-path":
        "A state that reads a path the data does not have fails with \"JSON path not found\".",
        documented [COMMON_ERRORS];
    ACTION_INPUT = "action-input":
        "Inside a custom action's definition, `$` is the `Parameters` of the calling state, and \
         nothing else.",
        documented [FIRST_FLOW_TUTORIAL, CUSTOM_ACTIONS],
        contradicted [bundles::REDACT_COMMENTS];
    BUILT_IN_PARAMETERS = "built-in-parameters":
        "LoadConfig needs `scope`; PatchConfig `scope` and `config`; LoadLinks `link_type` and \
         one or both of `left_object_name` and `right_object_name`, with a `page_size` of at most \
         100; CreateLink `link_type`, `left_object` and `right_object`; the Jq transform `expr`.",
        documented [BUILT_IN_ACTIONS, LINKS, JQ_CHEAT_SHEET];
    BUILT_IN_RESULTS = "built-in-results":
        "PatchConfig answers nothing, CreateLink answers `{\"link\": …}`; the Jq transform \
         answers the program's output.",
        documented [BUILT_IN_ACTIONS, LINKS, JQ_CHEAT_SHEET];
    LOAD_CONFIG_RESULT = "load-config-result":
        "LoadConfig answers `{\"config\": …}`: the settings are under `config` at its \
         `ResultPath`.",
        documented [BUILT_IN_ACTIONS],
        contradicted [bundles::WORKFLOW_MANAGER_CONFIG];
    LOAD_LINKS_RESULT = "load-links-result":
        "LoadLinks answers `{\"links\": […]}`.";
    FLOW_INPUT = "flow-input":
        "A flow starts with `account_id`, `integration_key`, `subdomain` and `input`; a Zendesk \
         event's payload is under `input.<family>_event`.",
        documented [TRIGGER_EVENTS];
    EVENT_PAYLOADS = "event-payloads":
        "Each event family's payload has the keys and fields its trigger events page shows.",
        documented [TICKET_EVENTS, USER_EVENTS, ORGANIZATION_EVENTS, CUSTOM_OBJECT_EVENTS,
            LEGACY_CUSTOM_OBJECT_EVENTS, ACTIVITY_EVENTS];
    CONNECTIONS_DATA = "connections-data":
        "`$.connections.<name>.access_token` holds a connection's token in the flow data.",
        documented [ERROR_HANDLING],
        observed [bundles::REDACT_COMMENTS];
    MAP_SCOPE = "map-scope":
        "A Map iteration's input is its item alone: it cannot read the flow's other data.",
        documented [MAP_STATE];
    TEMPLATE_TOKENS = "template-tokens":
        "Deploy scripts fill tokens such as `<YOUR_INTEGRATION>`, `%INTEGRATION_NAME%` or \
         `INTEGRATION_NAME_PLACEHOLDER` into a bundle before uploading it.",
        observed [bundles::TSANET, bundles::WORKFLOW_MANAGER];
}

/// `docs/zis-facts.md`: every fact with its evidence, then the event catalog, the payloads and
/// the built-ins with theirs.
pub fn markdown() -> String {
    let mut page = String::from(
        "# ZIS facts and their evidence\n\n\
         Generated from the analysis (`zis_analysis::facts::markdown`); a test keeps it up to date.\n\n\
         Every rule rests on facts about ZIS. A fact is **documented** when a page of Zendesk's \
         developer documentation (or the Amazon States Language, which ZIS flows follow) states \
         it, **observed** when a real bundle shows it, and **assumed** otherwise. Only a \
         documented fact that no real bundle the Registry accepted (nor another version of the \
         documentation) contradicts may carry an error: findings on any other fact are warnings \
         or hints.\n\n",
    );
    page.push_str(
        "## Facts\n\n| fact | claim | evidence | highest severity |\n|---|---|---|---|\n",
    );
    for fact in ALL {
        let mut evidence = fact.evidence().as_str().to_string();
        for url in fact.documented {
            let _ = write!(evidence, "<br>[{}]({url})", short(url));
        }
        for seen in fact.observed {
            let _ = write!(evidence, "<br>seen in {seen}");
        }
        for against in fact.contradicted_by {
            let _ = write!(evidence, "<br>**contradicted** by {against}");
        }
        let ceiling = if fact.supports_error() {
            "error"
        } else {
            "warning"
        };
        let _ = writeln!(
            page,
            "| `{}` | {} | {evidence} | {ceiling} |",
            fact.id,
            fact.claim.replace('|', "\\|")
        );
    }

    page.push_str(
        "\n## Event catalog\n\n\
         What a job spec's `event_source` and `event_type` may name, and where each family's \
         payload sits under `$.input`. An unknown type of a confirmed family is an error \
         (ZIS301); of an unconfirmed one, a hint.\n\n\
         | source | family | payload | types | names | page |\n|---|---|---|---|---|---|\n",
    );
    for source in catalog().sources() {
        for family in &source.families {
            let confirmed = if family.confirmed {
                "documented"
            } else {
                "assumed"
            };
            let _ = writeln!(
                page,
                "| `{}` | `{}.*` | `$.input.{}` | {} | {confirmed} | [{}]({}) |",
                source.name,
                family.prefix,
                family.payload_key,
                family.types.len(),
                short(&family.documentation),
                family.documentation
            );
        }
    }

    page.push_str(
        "\n## Event payloads\n\n\
         The fields of each family's payload as its page documents them (ZIS507 and completion \
         use them). Fields marked *open* may hold more than is listed.\n",
    );
    for source in catalog().sources() {
        for family in &source.families {
            let _ = writeln!(
                page,
                "\n### `$.input.{}` ({} `{}.*`)\n",
                family.payload_key, source.name, family.prefix
            );
            outline(&mut page, &family.payload, 0);
            let extras: Vec<String> = family
                .types
                .iter()
                .filter(|event| !event.fields.is_empty())
                .map(|event| {
                    let names: Vec<String> =
                        event.fields.keys().map(|key| format!("`{key}`")).collect();
                    let evidence = event.evidence.as_deref().unwrap_or("documented");
                    format!(
                        "- `{}` also carries {} ({evidence})",
                        event.name,
                        names.join(", ")
                    )
                })
                .collect();
            if !extras.is_empty() {
                page.push('\n');
                page.push_str(&extras.join("\n"));
                page.push('\n');
            }
        }
    }

    page.push_str(
        "\n## Built-in actions and transforms\n\n\
         | reference | names | parameters | result |\n|---|---|---|---|\n",
    );
    for builtin in builtins() {
        let params: Vec<String> = builtin
            .params
            .iter()
            .map(|param| {
                let mut text = format!("`{}`", param.name);
                if param.required {
                    text.push_str(" (required)");
                }
                if builtin.one_of.contains(&param.name) {
                    let others: Vec<String> = builtin
                        .one_of
                        .iter()
                        .filter(|other| **other != param.name)
                        .map(|other| format!("`{other}`"))
                        .collect();
                    let _ = write!(text, " (required unless {} is given)", others.join(" or "));
                }
                if let Some(max) = param.max {
                    let _ = write!(text, " (at most {max})");
                }
                text
            })
            .collect();
        let confirmed = if builtin.confirmed {
            "documented"
        } else {
            "assumed"
        };
        let _ = writeln!(
            page,
            "| `{}` | {confirmed} | {} | {} |",
            builtin.reference,
            if params.is_empty() {
                "not documented".to_string()
            } else {
                params.join(", ")
            },
            builtin.result_summary()
        );
    }
    page
}

/// A page address without its scheme and common prefix, for link text.
fn short(url: &str) -> &str {
    [DOCS, API, "https://"]
        .iter()
        .find_map(|prefix| url.strip_prefix(prefix))
        .unwrap_or(url)
        .trim_start_matches('/')
}

fn outline(page: &mut String, shape: &Shape, depth: usize) {
    for (name, field) in shape.fields() {
        let open = if field.is_object() && field.is_open() {
            ", open"
        } else {
            ""
        };
        let _ = writeln!(
            page,
            "{}- `{name}` ({}{open}){}",
            "  ".repeat(depth),
            field.type_name(),
            match field.description() {
                "" => String::new(),
                text => format!(": {text}"),
            }
        );
        outline(page, field, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for fact in ALL {
            assert!(seen.insert(fact.id), "{} twice", fact.id);
            assert!(
                fact.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                fact.id
            );
            assert!(fact.claim.ends_with('.'), "{}", fact.id);
        }
    }

    #[test]
    fn only_uncontradicted_documented_facts_support_errors() {
        assert!(FLOW_TIMEOUT.supports_error());
        assert!(!TEMPLATE_VERSION.supports_error());
        assert_eq!(TEMPLATE_VERSION.evidence(), Evidence::Documented);
        assert!(!UNREACHABLE_REFUSED.supports_error());
        assert_eq!(UNREACHABLE_REFUSED.evidence(), Evidence::Assumed);
        assert_eq!(CONNECTIONS_DATA.evidence(), Evidence::Documented);
        assert_eq!(TEMPLATE_TOKENS.evidence(), Evidence::Observed);
        assert!(!TEMPLATE_TOKENS.supports_error());
    }

    #[test]
    fn every_page_is_an_address() {
        for fact in ALL {
            for url in fact.documented {
                assert!(url.starts_with("https://"), "{}: {url}", fact.id);
            }
        }
    }
}
