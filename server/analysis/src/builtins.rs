//! The built-in actions and transforms ZIS provides under `zis:common:…`, with their contracts:
//! the parameters each takes and what each answers at its state's `ResultPath`.
//!
//! The list is not known to be complete, and two entries are only named by a tutorial
//! ([`Builtin::confirmed`] is `false`): rules use it to resolve references and suggest names,
//! but must not call an unlisted `zis:common:` name an error unless it is a near miss of a
//! confirmed one, and check nothing about the parameters of an unconfirmed one.

use crate::facts::{self, Evidence, Fact};
use crate::reference::RefKind;

/// One built-in action or transform.
#[derive(Debug)]
pub struct Builtin {
    /// The full reference, as written in an `ActionName` (`zis:common:action:LoadConfig`).
    pub reference: &'static str,
    /// [`RefKind::Action`] or [`RefKind::Transform`].
    pub kind: RefKind,
    pub description: &'static str,
    /// The known `Parameters` keys. Each one may also be written with a `.$` suffix to take
    /// its value from a path.
    pub params: &'static [Param],
    /// Parameters of which at least one must be passed (LoadLinks' object names).
    pub one_of: &'static [&'static str],
    /// What the built-in writes at its state's `ResultPath`.
    pub result: Answer,
    /// `false` when only the name is known; its `params` are then unknown and left empty, so
    /// nothing about its parameters may be checked.
    pub confirmed: bool,
    /// Where the name and the contract come from.
    pub fact: &'static Fact,
}

impl Builtin {
    /// The name part of the reference (`LoadConfig`).
    pub fn name(&self) -> &'static str {
        self.reference
            .rsplit_once(':')
            .map_or(self.reference, |(_, name)| name)
    }

    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|param| param.name == name)
    }

    /// One line on what the built-in answers, for hover and `docs/zis-facts.md`.
    pub fn result_summary(&self) -> String {
        match self.result {
            Answer::Nothing { .. } => "nothing".into(),
            Answer::Object { key, fact, .. } => {
                let sure = match fact.evidence() {
                    _ if fact.supports_error() => "",
                    Evidence::Documented => " (documented; a real bundle reads it otherwise)",
                    Evidence::Observed | Evidence::Assumed => " (not confirmed)",
                };
                format!("`{{\"{key}\": …}}`{sure}")
            }
            Answer::Any { description } => description.into(),
            Answer::Unknown => "not documented".into(),
        }
    }
}

/// One parameter of a built-in, as a key of the calling state's `Parameters`.
#[derive(Debug)]
pub struct Param {
    /// The key without any `.$` suffix.
    pub name: &'static str,
    pub required: bool,
    pub ty: ParamType,
    /// The largest value a number may have.
    pub max: Option<u32>,
    pub description: &'static str,
}

/// The JSON type a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    String,
    Integer,
    Object,
    Any,
}

/// What a built-in writes at its state's `ResultPath`.
#[derive(Clone, Copy, Debug)]
pub enum Answer {
    /// No response: nothing can be read under the `ResultPath`.
    Nothing {
        fact: &'static Fact,
    },
    /// An object with one key: `{"config": …}`.
    Object {
        key: &'static str,
        description: &'static str,
        fact: &'static Fact,
    },
    /// Any value: the output of a jq program.
    Any {
        description: &'static str,
    },
    Unknown,
}

const fn param(
    name: &'static str,
    required: bool,
    ty: ParamType,
    description: &'static str,
) -> Param {
    Param {
        name,
        required,
        ty,
        max: None,
        description,
    }
}

static BUILTINS: [Builtin; 7] = [
    Builtin {
        reference: "zis:common:action:LoadConfig",
        kind: RefKind::Action,
        description: "Loads a config object stored for the integration with the Config API; \
                      it answers `{\"config\": …}` at `ResultPath`.",
        params: &[param(
            "scope",
            true,
            ParamType::String,
            "The scope the config was stored under.",
        )],
        one_of: &[],
        result: Answer::Object {
            key: "config",
            description: "The stored settings.",
            fact: &facts::LOAD_CONFIG_RESULT,
        },
        confirmed: true,
        fact: &facts::BUILT_IN_NAMES,
    },
    Builtin {
        reference: "zis:common:action:PatchConfig",
        kind: RefKind::Action,
        description: "Merges changes into a config object stored for the integration; it \
                      answers nothing.",
        params: &[
            param(
                "scope",
                true,
                ParamType::String,
                "The scope of the config to change.",
            ),
            param(
                "config",
                true,
                ParamType::Object,
                "The keys to change, as an object merged into the stored config.",
            ),
        ],
        one_of: &[],
        result: Answer::Nothing {
            fact: &facts::BUILT_IN_RESULTS,
        },
        confirmed: true,
        fact: &facts::BUILT_IN_NAMES,
    },
    Builtin {
        reference: "zis:common:action:LoadLinks",
        kind: RefKind::Action,
        description: "Loads the links of a link type that start or end at an object; it \
                      answers `{\"links\": […]}` at `ResultPath`.",
        params: &[
            param(
                "link_type",
                true,
                ParamType::String,
                "The link type to read.",
            ),
            param(
                "left_object_name",
                false,
                ParamType::String,
                "The object on the left side of the links to load; give it, \
                 `right_object_name`, or both.",
            ),
            param(
                "right_object_name",
                false,
                ParamType::String,
                "The object on the right side of the links to load; give it, \
                 `left_object_name`, or both.",
            ),
            Param {
                max: Some(100),
                ..param(
                    "page_size",
                    false,
                    ParamType::Integer,
                    "How many links to return at most: 20 unless given, 100 at most.",
                )
            },
            param(
                "page_after_cursor",
                false,
                ParamType::String,
                "The cursor of the page to continue from, returned by the previous call.",
            ),
        ],
        one_of: &["left_object_name", "right_object_name"],
        result: Answer::Object {
            key: "links",
            description: "The links found.",
            fact: &facts::LOAD_LINKS_RESULT,
        },
        confirmed: true,
        fact: &facts::BUILT_IN_NAMES,
    },
    Builtin {
        reference: "zis:common:action:CreateLink",
        kind: RefKind::Action,
        description: "Creates a link between two objects; it answers `{\"link\": …}` at \
                      `ResultPath`.",
        params: &[
            param(
                "link_type",
                true,
                ParamType::String,
                "The type of the link: what the two objects are to each other.",
            ),
            param(
                "left_object",
                true,
                ParamType::Object,
                "The left object, as `{\"name\": …}`.",
            ),
            param(
                "right_object",
                true,
                ParamType::Object,
                "The right object, as `{\"name\": …}`.",
            ),
        ],
        one_of: &[],
        result: Answer::Object {
            key: "link",
            description: "The link created.",
            fact: &facts::BUILT_IN_RESULTS,
        },
        confirmed: true,
        fact: &facts::BUILT_IN_NAMES,
    },
    Builtin {
        reference: "zis:common:action:PatchLink",
        kind: RefKind::Action,
        description: "Changes an existing link. Zendesk's links tutorial names it, but no page \
                      shows its parameters, so they are not checked.",
        params: &[],
        one_of: &[],
        result: Answer::Unknown,
        confirmed: false,
        fact: &facts::LINK_WRITER_NAMES,
    },
    Builtin {
        reference: "zis:common:action:DeleteLink",
        kind: RefKind::Action,
        description: "Deletes a link. Zendesk's links tutorial names it, but no page shows its \
                      parameters, so they are not checked.",
        params: &[],
        one_of: &[],
        result: Answer::Unknown,
        confirmed: false,
        fact: &facts::LINK_WRITER_NAMES,
    },
    Builtin {
        reference: "zis:common:transform:Jq",
        kind: RefKind::Transform,
        description: "Runs a jq program on some data; the program's output is written at \
                      `ResultPath`.",
        params: &[
            param("expr", true, ParamType::String, "The jq program."),
            param(
                "data",
                false,
                ParamType::Any,
                "The program's input; usually `data.$` with a path to flow data.",
            ),
        ],
        one_of: &[],
        result: Answer::Any {
            description: "the jq program's output",
        },
        confirmed: true,
        fact: &facts::BUILT_IN_NAMES,
    },
];

/// Every known built-in, actions first.
pub fn builtins() -> &'static [Builtin] {
    &BUILTINS
}

/// The built-in with this exact reference (`zis:common:action:LoadConfig`).
pub fn builtin(reference: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.reference == reference)
}

/// The built-in of this kind with this exact name (`LoadConfig`).
pub fn builtin_by_name(kind: RefKind, name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.kind == kind && b.name() == name)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::reference::{parse_reference, IntegrationKey};

    #[test]
    fn references_are_well_formed_unique_and_match_their_kind() {
        let mut seen = HashSet::new();
        for b in builtins() {
            assert!(seen.insert(b.reference), "duplicate {}", b.reference);
            let r = parse_reference(b.reference).unwrap();
            assert_eq!(r.integration_status, IntegrationKey::Common);
            assert_eq!(r.ref_kind, b.kind, "{}", b.reference);
            assert_eq!(r.name.text, b.name());
            assert!(matches!(b.kind, RefKind::Action | RefKind::Transform));
            assert!(!b.description.is_empty());
            if !b.confirmed {
                assert!(b.params.is_empty(), "{}", b.reference);
            }
            let names: HashSet<_> = b.params.iter().map(|p| p.name).collect();
            assert_eq!(names.len(), b.params.len(), "{}", b.reference);
            assert!(b.params.iter().all(|p| !p.name.ends_with(".$")));
        }
    }

    #[test]
    fn looks_up_by_reference_and_by_name() {
        let load = builtin("zis:common:action:LoadConfig").unwrap();
        assert_eq!(load.name(), "LoadConfig");
        assert!(load.param("scope").unwrap().required);
        assert!(load.param("config").is_none());

        let patch = builtin_by_name(RefKind::Action, "PatchConfig").unwrap();
        assert!(patch.param("scope").unwrap().required);
        assert!(patch.param("config").unwrap().required);

        let links = builtin_by_name(RefKind::Action, "LoadLinks").unwrap();
        let required: Vec<_> = links.params.iter().filter(|p| p.required).collect();
        assert_eq!(required.len(), 1);
        assert_eq!(required[0].name, "link_type");
        for optional in [
            "left_object_name",
            "right_object_name",
            "page_size",
            "page_after_cursor",
        ] {
            assert!(!links.param(optional).unwrap().required, "{optional}");
        }

        for name in ["PatchLink", "DeleteLink"] {
            let b = builtin_by_name(RefKind::Action, name).unwrap();
            assert!(!b.confirmed);
        }
        let create = builtin_by_name(RefKind::Action, "CreateLink").unwrap();
        assert!(create.confirmed);
        assert!(create.param("left_object").unwrap().required);
        assert_eq!(links.param("page_size").unwrap().max, Some(100));
        assert_eq!(links.one_of, ["left_object_name", "right_object_name"]);

        let jq = builtin("zis:common:transform:Jq").unwrap();
        assert_eq!(jq.kind, RefKind::Transform);
        assert!(jq.param("expr").unwrap().required);
        assert!(jq.param("data").is_some());

        assert!(builtin_by_name(RefKind::Action, "Jq").is_none());
        assert!(builtin_by_name(RefKind::Transform, "LoadConfig").is_none());
        assert!(builtin("zis:common:action:loadconfig").is_none());
        assert!(builtin("LoadConfig").is_none());
        assert_eq!(builtins().len(), 7);
    }
}
