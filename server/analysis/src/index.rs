//! The symbol index: resources by name, every reference with what it resolves to, and the
//! integration key. Built once per analysis; the rules and the language server's features
//! (definition, references, rename, completion) read the same table.

use crate::HashMap;
use std::sync::Arc;

use zis_syntax::{Str, TextRange};

use crate::builtins::{builtin_by_name, Builtin};
use crate::config::Config;
use crate::model::{Bundle, ResourceId, ResourceKind, ResourceType, StateId};
use crate::reference::{
    fills_template, find_template_token, parse_reference, IntegrationKey, RefKind, Reference,
    ReferenceError,
};

/// The name tables are shared by the indexes of the texts that an edit inside one resource
/// leaves them in, which name the same resources.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Custom actions by `properties.name`, in source order (several on a duplicate name).
    pub actions: Arc<HashMap<String, Vec<ResourceId>>>,
    pub flows: Arc<HashMap<String, Vec<ResourceId>>>,
    pub references: Vec<ReferenceSite>,
    /// Custom actions and flows whose `properties.name` holds a template token (`{{job}}_flow`):
    /// a reference resolves to one when it names what the template becomes once filled in.
    templated: Arc<Vec<(ResourceType, String, ResourceId)>>,
    /// The integration key references should use, and where it came from.
    pub integration: Option<Integration>,
    /// The references that resolve to each resource, by position in `references`: asking a
    /// resource for its references must not scan all of them, as every resource gets asked.
    by_target: HashMap<ResourceId, Vec<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Integration {
    pub key: String,
    pub origin: IntegrationOrigin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegrationOrigin {
    /// `integration` in `zis-lint.json`.
    Config,
    /// The `integration` field a Registry download carries.
    Bundle,
    /// The key most references of the bundle use.
    References,
}

/// One string that names another resource.
#[derive(Clone, Debug)]
pub struct ReferenceSite {
    pub field: ReferenceField,
    pub value: Str,
    pub parsed: Result<Reference, ReferenceError>,
    pub target: Target,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferenceField {
    /// An Action state's `ActionName`.
    ActionName(StateId),
    /// A job spec's `flow_name`.
    FlowName(ResourceId),
}

impl ReferenceField {
    pub fn key(self) -> &'static str {
        match self {
            ReferenceField::ActionName(_) => "ActionName",
            ReferenceField::FlowName(_) => "flow_name",
        }
    }

    /// The kinds a reference in this field may name.
    pub fn expects(self) -> &'static [RefKind] {
        match self {
            ReferenceField::ActionName(_) => &[RefKind::Action, RefKind::Transform],
            ReferenceField::FlowName(_) => &[RefKind::Flow],
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Target {
    Resource(ResourceId),
    Builtin(&'static Builtin),
    /// Malformed, of the wrong kind, or naming nothing known.
    Unresolved,
}

impl ReferenceSite {
    /// The range of the name part, for go-to-definition and rename.
    pub fn name_range(&self, text: &str) -> Option<TextRange> {
        let reference = self.parsed.as_ref().ok()?;
        Some(self.value.source_range(text, reference.name.range.clone()))
    }

    pub fn integration_range(&self, text: &str) -> Option<TextRange> {
        let reference = self.parsed.as_ref().ok()?;
        Some(
            self.value
                .source_range(text, reference.integration.range.clone()),
        )
    }
}

impl Index {
    pub fn build(bundle: &Bundle, config: &Config) -> Index {
        let mut index = Index::names_and_references(bundle);
        index.integration = choose_integration(bundle, config, &index.references);
        index
    }

    /// The index of a model with the integration key already known: a model lowered around a
    /// few resources ([`Bundle::lower_focused`]) cannot count the key most references use, and
    /// a model lowered late has it from the analysis. `names` is [`Index::names`] of `bundle`,
    /// or of a bundle that names the same resources, when known.
    pub(crate) fn build_focused(
        bundle: &Bundle,
        integration: Option<Integration>,
        names: Option<&Index>,
    ) -> Index {
        let mut index = match names {
            Some(names) => names.names_only(),
            None => Index::names(bundle),
        };
        index.add_references(bundle);
        index.integration = integration;
        index
    }

    fn names_and_references(bundle: &Bundle) -> Index {
        let mut index = Index::names(bundle);
        index.add_references(bundle);
        index
    }

    /// This index without its references and integration: what references resolve against.
    pub(crate) fn names_only(&self) -> Index {
        Index {
            actions: self.actions.clone(),
            flows: self.flows.clone(),
            templated: self.templated.clone(),
            ..Index::default()
        }
    }

    fn add_references(&mut self, bundle: &Bundle) {
        for site in self.sites(bundle) {
            if let Target::Resource(id) = site.target {
                let position = self.references.len();
                self.by_target.entry(id).or_default().push(position);
            }
            self.references.push(site);
        }
    }

    /// The index of `bundle`'s names alone: what references resolve against.
    pub(crate) fn names(bundle: &Bundle) -> Index {
        let mut actions: HashMap<String, Vec<ResourceId>> = HashMap::default();
        let mut flows = HashMap::default();
        let mut templated = Vec::new();
        for (id, resource) in bundle.resource_ids().zip(&bundle.resources) {
            let Some(name) = &resource.name else { continue };
            let (ty, table) = match resource.kind.resource_type() {
                Some(ty @ ResourceType::Action) => (ty, &mut actions),
                Some(ty @ ResourceType::Flow) => (ty, &mut flows),
                _ => continue,
            };
            table.entry(name.value.to_string()).or_default().push(id);
            if find_template_token(&name.value).is_some() {
                templated.push((ty, name.value.to_string(), id));
            }
        }
        Index {
            actions: Arc::new(actions),
            flows: Arc::new(flows),
            templated: Arc::new(templated),
            ..Index::default()
        }
    }

    /// The references `bundle` makes, resolved against this index's names: those of `bundle`,
    /// or of the bundle a part of it was lowered from.
    pub(crate) fn sites(&self, bundle: &Bundle) -> Vec<ReferenceSite> {
        let mut sites = Vec::new();
        for (id, state) in bundle.states() {
            if let Some(action_name) = state.object.get_str("ActionName") {
                sites.push(self.site(ReferenceField::ActionName(id), action_name));
            }
        }
        // A job spec lowered by its name alone lies outside the focus of an edit: no finding
        // kept from the rules over that focus rests on what it starts.
        for (id, resource) in bundle.reported_resources() {
            if let ResourceKind::JobSpec(job_spec) = &resource.kind {
                if let Some(flow_name) = &job_spec.flow_name {
                    sites.push(self.site(ReferenceField::FlowName(id), flow_name));
                }
            }
        }
        sites
    }

    fn site(&self, field: ReferenceField, value: &Str) -> ReferenceSite {
        let parsed = parse_reference(&value.value);
        let target = parsed
            .as_ref()
            .ok()
            .filter(|reference| field.expects().contains(&reference.ref_kind))
            .and_then(|reference| self.resolve(reference))
            .unwrap_or(Target::Unresolved);
        ReferenceSite {
            field,
            value: value.clone(),
            parsed,
            target,
        }
    }

    fn resolve(&self, reference: &Reference) -> Option<Target> {
        if reference.is_common() {
            return builtin_by_name(reference.ref_kind, &reference.name.text).map(Target::Builtin);
        }
        let (table, ty) = match reference.ref_kind {
            RefKind::Action => (&self.actions, ResourceType::Action),
            RefKind::Flow => (&self.flows, ResourceType::Flow),
            _ => return None,
        };
        let wanted = &reference.name.text;
        if let Some(first) = table.get(wanted).and_then(|ids| ids.first()) {
            return Some(Target::Resource(*first));
        }
        let mut filled = self
            .templated
            .iter()
            .filter(|(of, pattern, _)| *of == ty && fills_template(pattern, wanted));
        let (_, _, id) = filled.next()?;
        // Two templates that both fit leave the reference unresolved.
        filled.next().is_none().then_some(Target::Resource(*id))
    }

    /// Every reference that resolves to `resource`.
    pub fn references_to(&self, resource: ResourceId) -> impl Iterator<Item = &ReferenceSite> {
        self.by_target
            .get(&resource)
            .into_iter()
            .flatten()
            .map(|&position| &self.references[position])
    }

    /// The reference whose string covers `offset`, for editor features.
    pub fn reference_at(&self, offset: u32) -> Option<&ReferenceSite> {
        self.references
            .iter()
            .find(|site| site.value.range.touches(offset))
    }
}

fn choose_integration(
    bundle: &Bundle,
    config: &Config,
    references: &[ReferenceSite],
) -> Option<Integration> {
    if let Some(key) = &config.integration {
        return Some(Integration {
            key: key.clone(),
            origin: IntegrationOrigin::Config,
        });
    }
    if let Some(key) = bundle
        .root
        .as_ref()
        .and_then(|root| root.get_str("integration"))
    {
        return Some(Integration {
            key: key.value.to_string(),
            origin: IntegrationOrigin::Bundle,
        });
    }
    majority(references.iter().filter_map(counted_key))
}

/// The integration key of a reference that names a valid one: what [`majority`] counts.
pub(crate) fn counted_key(site: &ReferenceSite) -> Option<&str> {
    let reference = site.parsed.as_ref().ok()?;
    (reference.integration_status == IntegrationKey::Valid)
        .then_some(reference.integration.text.as_str())
}

/// The integration of the references whose keys are `keys`, in the order of [`Index::references`]:
/// the key most of them use; on a tie, the one that appears first.
pub(crate) fn majority<'a>(keys: impl Iterator<Item = &'a str>) -> Option<Integration> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for key in keys {
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, count)) => *count += 1,
            None => counts.push((key, 1)),
        }
    }
    let max = counts.iter().map(|&(_, count)| count).max()?;
    let (key, _) = counts.into_iter().find(|&(_, count)| count == max)?;
    Some(Integration {
        key: key.to_string(),
        origin: IntegrationOrigin::References,
    })
}
