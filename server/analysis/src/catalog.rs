//! The catalog of ZIS trigger events: what a `ZIS::JobSpec` may put in `event_source` and
//! `event_type`.
//!
//! The data lives in `schemas/events.json` (its `$comment` documents the shape) so that it can be
//! reviewed and updated without touching code; it is embedded at build time and parsed once.
//! Only the `support` and `sunshine` sources are Zendesk's own: any other `event_source` is an
//! inbound webhook's `source_system`, whose `event_type` is free text and cannot be checked.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::payload::Shape;

const EVENTS_JSON: &str = include_str!("../../../schemas/events.json");

/// All known event sources with their event families.
#[derive(Debug, Deserialize)]
pub struct Catalog {
    sources: Vec<Source>,
}

/// One `event_source` value (`support`, `sunshine`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The `event_source` value.
    pub name: String,
    pub description: String,
    pub families: Vec<Family>,
}

/// A group of event types sharing the prefix before the first `.` and one payload key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// The text before the first `.` of every event type of the family (`ticket`).
    pub prefix: String,
    /// The key under `$.input` that holds the event payload (`ticket_event`).
    pub payload_key: String,
    /// `false` when the family exists but its type names are only likely: an unlisted name of
    /// such a family must never be reported as an error.
    pub confirmed: bool,
    pub description: String,
    /// The Zendesk page the family comes from.
    pub documentation: String,
    /// What every event of the family holds under `$.input.<payload_key>`.
    pub payload: Shape,
    pub types: Vec<EventType>,
}

/// One `event_type` tag.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventType {
    /// The full tag, prefix included (`ticket.TicketCreated`).
    pub name: String,
    /// One line: what fires the event.
    pub description: String,
    /// The payload's `type` value (`Comment Created` for `ticket.CommentAdded`).
    #[serde(default)]
    pub payload_name: Option<String>,
    /// The keys this event adds to its family's payload.
    #[serde(default)]
    pub fields: BTreeMap<String, Shape>,
    /// Whether the payload holds nothing beyond the family's fields and [`Self::fields`].
    #[serde(default)]
    pub complete: bool,
    /// Where [`Self::fields`] come from when no Zendesk page documents them.
    #[serde(default)]
    pub evidence: Option<String>,
}

/// What the catalog knows about an `event_source` / `event_type` pair.
#[derive(Debug, Clone, Copy)]
pub enum EventLookup<'a> {
    /// The type is listed for the source.
    Known {
        family: &'a Family,
        event: &'a EventType,
    },
    /// The type is not listed, but its prefix names a family whose names are not confirmed
    /// (`organization.*`): the type may well exist.
    UnconfirmedFamily(&'a Family),
    /// The source is checked and the type is not in it.
    Unknown,
    /// The source is not a Zendesk one (an inbound webhook): any type is allowed.
    NotChecked,
}

/// The catalog embedded in the binary.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // The file is part of the source tree and a unit test parses it, so a failure here
        // can only come from a build that skipped the tests.
        serde_json::from_str(EVENTS_JSON).expect("schemas/events.json is a valid event catalog")
    })
}

impl Catalog {
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The source with this exact `event_source` value.
    pub fn source(&self, name: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.name == name)
    }

    /// Classifies an `event_source` / `event_type` pair; names are compared exactly, as ZIS does.
    pub fn lookup(&self, source: &str, event_type: &str) -> EventLookup<'_> {
        let Some(source) = self.source(source) else {
            return EventLookup::NotChecked;
        };
        for family in &source.families {
            if let Some(event) = family.types.iter().find(|t| t.name == event_type) {
                return EventLookup::Known { family, event };
            }
        }
        let prefix = event_type.split_once('.').map(|(prefix, _)| prefix);
        match source
            .families
            .iter()
            .find(|family| !family.confirmed && Some(family.prefix.as_str()) == prefix)
        {
            Some(family) => EventLookup::UnconfirmedFamily(family),
            None => EventLookup::Unknown,
        }
    }

    /// Every event type of a source with its family, in catalog order; empty for an unknown
    /// source.
    pub fn event_types<'a>(
        &'a self,
        source: &str,
    ) -> impl Iterator<Item = (&'a Family, &'a EventType)> + 'a {
        self.source(source)
            .into_iter()
            .flat_map(|source| &source.families)
            .flat_map(|family| family.types.iter().map(move |event| (family, event)))
    }

    /// The first family, in catalog order, whose payload sits under `$.input.<key>`.
    ///
    /// `custom_object_event` is shared by the `support` record events and the legacy `sunshine`
    /// ones; the `support` family comes first.
    pub fn family_for_payload_key(&self, key: &str) -> Option<&Family> {
        self.sources
            .iter()
            .flat_map(|source| &source.families)
            .find(|family| family.payload_key == key)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    // Copied from zis-reference.md §6 and the trigger events pages, independently of the data file.
    const TICKET: [&str; 30] = [
        "AgentAssignmentChanged",
        "AttachmentLinkedToComment",
        "AttachmentRedactedFromComment",
        "BrandChanged",
        "CommentAdded",
        "CommentMadePrivate",
        "CommentRedacted",
        "CustomFieldChanged",
        "DescriptionChanged",
        "CcsChanged",
        "ExternalIdChanged",
        "FollowersChanged",
        "TicketFormChanged",
        "GroupAssignmentChanged",
        "OrganizationChanged",
        "PriorityChanged",
        "ProblemLinkChanged",
        "RequesterChanged",
        "StatusChanged",
        "SubjectChanged",
        "SubmitterChanged",
        "TagsChanged",
        "TaskDueAtChanged",
        "TicketCreated",
        "MarkedAsSpam",
        "TicketMerged",
        "TicketPermanentlyDeleted",
        "TicketSoftDeleted",
        "TicketTypeChanged",
        "TicketUndeleted",
    ];
    // Plus `LocaleChanged`, which a newer version of the user events page lists.
    const USER: [&str; 25] = [
        "UserIsActiveChanged",
        "UserAliasChanged",
        "CustomFieldChanged",
        "CustomRoleChanged",
        "UserDefaultGroupChanged",
        "UserDetailsChanged",
        "ExternalIdChanged",
        "UserGroupAdded",
        "UserGroupRemoved",
        "UserIdentityChanged",
        "UserIdentityCreated",
        "UserIdentityRemoved",
        "LastLoginChanged",
        "LocaleChanged",
        "UserNameChanged",
        "UserNotesChanged",
        "OnlyPrivateCommentsChanged",
        "UserOrganizationAdded",
        "UserOrganizationRemoved",
        "UserPhotoChanged",
        "UserRoleChanged",
        "TagsChanged",
        "TimeZoneChanged",
        "UserCreated",
        "UserMerged",
    ];

    fn family(source: &str, prefix: &str) -> &'static Family {
        catalog()
            .source(source)
            .and_then(|s| s.families.iter().find(|f| f.prefix == prefix))
            .unwrap_or_else(|| panic!("no family {source}/{prefix}"))
    }

    fn names(family: &Family) -> HashSet<&str> {
        family.types.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn ticket_and_user_families_match_the_reference_exactly() {
        for (prefix, expected) in [("ticket", &TICKET[..]), ("user", &USER[..])] {
            let family = family("support", prefix);
            assert!(family.confirmed);
            let expected: HashSet<String> =
                expected.iter().map(|n| format!("{prefix}.{n}")).collect();
            let actual: HashSet<String> = names(family).into_iter().map(String::from).collect();
            assert_eq!(actual, expected, "{prefix}");
            assert_eq!(
                family.types.len(),
                expected.len(),
                "{prefix} has duplicates"
            );
        }
    }

    #[test]
    fn other_families_match_the_reference() {
        let cases: [(&str, &str, &str, bool, &[&str]); 4] = [
            (
                "support",
                "customobject",
                "custom_object_event",
                true,
                &[
                    "customobject.CustomObjectRecordCreated",
                    "customobject.CustomObjectRecordChanged",
                    "customobject.CustomObjectRecordDeleted",
                ],
            ),
            (
                "support",
                "organization",
                "organization_event",
                false,
                &[
                    "organization.OrganizationCreated",
                    "organization.CustomFieldChanged",
                    "organization.ExternalIdChanged",
                    "organization.OrganizationNameChanged",
                    "organization.TagsChanged",
                    "organization.OrganizationDeleted",
                ],
            ),
            (
                "sunshine",
                "customobject",
                "custom_object_event",
                true,
                &[
                    "customobject.CustomObjectChanged",
                    "customobject.CustomObjectDeleted",
                ],
            ),
            (
                "sunshine",
                "activity",
                "activity_event",
                true,
                &["activity.UserActivityCreated"],
            ),
        ];
        for (source, prefix, payload_key, confirmed, expected) in cases {
            let family = family(source, prefix);
            assert_eq!(family.payload_key, payload_key);
            assert_eq!(family.confirmed, confirmed);
            assert_eq!(names(family), expected.iter().copied().collect());
        }
        let ticket = family("support", "ticket");
        assert_eq!(ticket.payload_key, "ticket_event");
        assert_eq!(family("support", "user").payload_key, "user_event");
        let families: usize = catalog().sources().iter().map(|s| s.families.len()).sum();
        assert_eq!(families, 6);
    }

    #[test]
    fn entries_are_unique_well_formed_and_described() {
        let mut sources = HashSet::new();
        for source in catalog().sources() {
            assert!(
                sources.insert(&source.name),
                "duplicate source {}",
                source.name
            );
            assert!(!source.description.is_empty());
            let mut types = HashSet::new();
            for family in &source.families {
                assert!(!family.description.is_empty());
                for event in &family.types {
                    assert!(types.insert(&event.name), "duplicate type {}", event.name);
                    let (prefix, rest) = event.name.split_once('.').expect("prefix.Name");
                    assert_eq!(prefix, family.prefix, "{}", event.name);
                    assert!(!rest.is_empty() && !rest.contains('.'), "{}", event.name);
                    let description = event.description.trim();
                    assert!(description.ends_with('.'), "{}", event.name);
                    assert!(!description.contains('\n'), "{}", event.name);
                }
            }
        }
        assert_eq!(sources.len(), 2);
    }

    #[test]
    fn lookup_classifies_pairs() {
        let catalog = catalog();
        match catalog.lookup("support", "ticket.TicketCreated") {
            EventLookup::Known { family, event } => {
                assert_eq!(family.prefix, "ticket");
                assert_eq!(event.name, "ticket.TicketCreated");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            catalog.lookup("sunshine", "activity.UserActivityCreated"),
            EventLookup::Known { .. }
        ));
        assert!(matches!(
            catalog.lookup("support", "organization.OrganizationCreated"),
            EventLookup::Known { family, .. } if !family.confirmed
        ));
        assert!(matches!(
            catalog.lookup("support", "organization.OrganizationUpdated"),
            EventLookup::UnconfirmedFamily(family) if family.prefix == "organization"
        ));
        for unknown in [
            "ticket.TicketCreatd",
            "ticket.ticketcreated",
            "TicketCreated",
            "",
            "organization",
        ] {
            assert!(
                matches!(catalog.lookup("support", unknown), EventLookup::Unknown),
                "{unknown}"
            );
        }
        // Sources are separate: legacy custom object events are not `support` events.
        assert!(matches!(
            catalog.lookup("support", "customobject.CustomObjectChanged"),
            EventLookup::Unknown
        ));
        for webhook in ["tsanet", "zendesk", "Support", ""] {
            assert!(matches!(
                catalog.lookup(webhook, "public_comment"),
                EventLookup::NotChecked
            ));
        }
    }

    #[test]
    fn event_types_and_payload_keys() {
        let catalog = catalog();
        assert_eq!(catalog.event_types("support").count(), 30 + 25 + 6 + 3);
        assert_eq!(catalog.event_types("sunshine").count(), 3);
        assert_eq!(catalog.event_types("tsanet").count(), 0);
        let (family, event) = catalog.event_types("sunshine").last().unwrap();
        assert_eq!(
            (family.prefix.as_str(), event.name.as_str()),
            ("activity", "activity.UserActivityCreated")
        );
        let key = |k| catalog.family_for_payload_key(k).map(|f| f.prefix.as_str());
        assert_eq!(key("ticket_event"), Some("ticket"));
        assert_eq!(key("organization_event"), Some("organization"));
        assert_eq!(key("custom_object_event"), Some("customobject"));
        assert_eq!(key("activity_event"), Some("activity"));
        assert_eq!(key("input"), None);
    }
}
