//! The built-in actions and transforms ZIS provides under `zis:common:…`.
//!
//! The list is not known to be complete, and some entries are only likely
//! ([`Builtin::confirmed`] is `false`): rules use it to resolve references and suggest names,
//! but must not call an unlisted `zis:common:` name an error unless it is a near miss of a
//! listed one.

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
    /// `false` when the built-in is only believed to exist; its `params` are then unknown and
    /// left empty, so nothing about its parameters may be checked.
    pub confirmed: bool,
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
}

/// One parameter of a built-in, as a key of the calling state's `Parameters`.
#[derive(Debug)]
pub struct Param {
    /// The key without any `.$` suffix.
    pub name: &'static str,
    pub required: bool,
    pub description: &'static str,
}

static BUILTINS: [Builtin; 7] = [
    Builtin {
        reference: "zis:common:action:LoadConfig",
        kind: RefKind::Action,
        description: "Loads a config object stored for the integration with the Config API; \
                      set `ResultPath` to keep it in the flow data.",
        params: &[Param {
            name: "scope",
            required: true,
            description: "The scope the config was stored under.",
        }],
        confirmed: true,
    },
    Builtin {
        reference: "zis:common:action:PatchConfig",
        kind: RefKind::Action,
        description: "Merges changes into a config object stored for the integration.",
        params: &[
            Param {
                name: "scope",
                required: true,
                description: "The scope of the config to change.",
            },
            Param {
                name: "config",
                required: true,
                description: "The keys to change, as an object merged into the stored config.",
            },
        ],
        confirmed: true,
    },
    Builtin {
        reference: "zis:common:action:LoadLinks",
        kind: RefKind::Action,
        description: "Loads the links of a link type that start or end at an object.",
        params: &[
            Param {
                name: "link_type",
                required: true,
                description: "The link type to read.",
            },
            Param {
                name: "left_object_name",
                required: false,
                description: "The object on the left side of the links to load.",
            },
            Param {
                name: "right_object_name",
                required: false,
                description: "The object on the right side of the links to load.",
            },
            Param {
                name: "page_size",
                required: false,
                description: "How many links to return at most (100 at most).",
            },
            Param {
                name: "page_after_cursor",
                required: false,
                description: "The cursor of the page to continue from, returned by the \
                              previous call.",
            },
        ],
        confirmed: true,
    },
    Builtin {
        reference: "zis:common:action:CreateLink",
        kind: RefKind::Action,
        description:
            "Probably creates a link between two objects (not confirmed). Its parameters are not \
                      documented, so they are not checked.",
        params: &[],
        confirmed: false,
    },
    Builtin {
        reference: "zis:common:action:PatchLink",
        kind: RefKind::Action,
        description: "Probably changes an existing link (not confirmed). Its parameters are not \
                      documented, so they are not checked.",
        params: &[],
        confirmed: false,
    },
    Builtin {
        reference: "zis:common:action:DeleteLink",
        kind: RefKind::Action,
        description: "Probably deletes a link (not confirmed). Its parameters are not \
                      documented, so they are not checked.",
        params: &[],
        confirmed: false,
    },
    Builtin {
        reference: "zis:common:transform:Jq",
        kind: RefKind::Transform,
        description: "Runs a jq program on some data and returns its output.",
        params: &[
            Param {
                name: "expr",
                required: true,
                description: "The jq program.",
            },
            Param {
                name: "data",
                required: false,
                description: "The program's input; usually `data.$` with a path to flow data.",
            },
        ],
        confirmed: true,
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

        for name in ["CreateLink", "PatchLink", "DeleteLink"] {
            let b = builtin_by_name(RefKind::Action, name).unwrap();
            assert!(!b.confirmed);
        }

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
