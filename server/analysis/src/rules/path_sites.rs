//! Every value that ZIS reads as a path or scans for `{{$…}}` placeholders, with its paths
//! parsed: the facts behind the path rules (ZIS110, ZIS111, ZIS113) and the data rules' reads,
//! collected in one walk and parsed once per analysis.

use zis_jsonpath::{parse, placeholders, Path, PathError, Placeholder};
use zis_syntax::{Member, Object, Str, Value};

use super::join;
use crate::model::Bundle;
use crate::schema::{lookup, FieldType, ObjectKind};

/// How ZIS reads a [`Site`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SiteKind {
    /// The value of a key ending in `.$`: a path, or a string with placeholders.
    Suffixed,
    /// A field whose value is a path; `single` when it must name one node (a reference path).
    Field { single: bool },
    /// Any other string holding `{{$…}}` placeholders, which are all that is read of it.
    Text,
}

/// A value that ZIS reads as a path or scans for placeholders.
pub(crate) struct Site<'a> {
    pub kind: SiteKind,
    /// The member's key; for an item of an array, the key of the array.
    pub key: &'a Str,
    /// A string, except for [`SiteKind::Suffixed`], whose value may have any type.
    pub value: &'a Value,
    /// The object the member belongs to; `None` for an item of an array.
    pub parent: Option<&'a Object>,
    reading: Reading,
}

/// What ZIS reads in a site's string. Kept small: a 50,000-state bundle has a hundred thousand
/// sites, all alive while the rules run.
enum Reading {
    /// Not a string.
    Nothing,
    Path(Path),
    /// A string that does not parse as a path, with its placeholders.
    NotAPath(Box<(PathError, Vec<Placeholder>)>),
    Placeholders(Vec<Placeholder>),
}

impl<'a> Site<'a> {
    fn new(kind: SiteKind, key: &'a Str, value: &'a Value, parent: Option<&'a Object>) -> Self {
        let reading = match (kind, value.as_str()) {
            (_, None) => Reading::Nothing,
            (SiteKind::Text, Some(string)) => Reading::Placeholders(placeholders(&string.value)),
            (SiteKind::Field { .. } | SiteKind::Suffixed, Some(string)) => {
                match parse(&string.value) {
                    Ok(path) => Reading::Path(path),
                    // A field's value is a path or nothing; a `.$` value may be text instead.
                    Err(error) => {
                        let placeholders = match kind {
                            SiteKind::Suffixed => placeholders(&string.value),
                            _ => Vec::new(),
                        };
                        Reading::NotAPath(Box::new((error, placeholders)))
                    }
                }
            }
        };
        Site {
            kind,
            key,
            value,
            parent,
            reading,
        }
    }

    /// The string parsed as a path, at a [`SiteKind::Field`] or [`SiteKind::Suffixed`] site.
    pub fn path(&self) -> Option<Result<&Path, &PathError>> {
        match &self.reading {
            Reading::Path(path) => Some(Ok(path)),
            Reading::NotAPath(not) => Some(Err(&not.0)),
            Reading::Nothing | Reading::Placeholders(_) => None,
        }
    }

    /// The string's placeholders, at a [`SiteKind::Text`] site or a [`SiteKind::Suffixed`]
    /// one that is not a path.
    pub fn placeholders(&self) -> &[Placeholder] {
        match &self.reading {
            Reading::Placeholders(placeholders) => placeholders,
            Reading::NotAPath(not) => &not.1,
            Reading::Nothing | Reading::Path(_) => &[],
        }
    }

    /// The value as a string that parses as a path.
    pub fn parsed(&self) -> Option<(&'a Str, &Path)> {
        match (self.value, &self.reading) {
            (Value::String(string), Reading::Path(path)) => Some((string, path)),
            _ => None,
        }
    }
}

/// Every path and every string that may hold placeholders, in states and action definitions,
/// in source order. Job specs, resource properties and the bundle's own fields are plain data.
pub(super) fn path_sites(model: &Bundle) -> Vec<Site<'_>> {
    let mut typed: Vec<_> = model
        .objects
        .iter()
        .map(|typed| Typed {
            object: &typed.object,
            kind: typed.kind,
            visited: false,
        })
        .collect();
    typed.sort_unstable_by_key(|typed| typed.object.range.start);
    // Two halves that meet at a resource, walked at once: a resource's typed objects all lie
    // between it and the next one, so neither walk needs the other's.
    let middle = typed.len() / 2;
    let split = typed[middle..]
        .iter()
        .position(|typed| typed.kind == ObjectKind::Resource)
        .map_or(typed.len(), |at| middle + at);
    let parallel = typed.len() >= PARALLEL_FROM_OBJECTS;
    let (first, second) = typed.split_at_mut(split);
    let (mut sites, rest) = if parallel {
        join(|| walk(first), || walk(second))
    } else {
        (walk(first), walk(second))
    };
    sites.extend(rest);
    if !sites.is_sorted_by_key(|site| site.value.range().start) {
        sites.sort_by_key(|site| site.value.range().start);
    }
    sites
}

/// Below this many typed objects, the walk takes less time than starting a thread.
const PARALLEL_FROM_OBJECTS: usize = 2_000;

/// The sites of some typed objects, in the order they start.
fn walk<'a>(typed: &mut [Typed<'a>]) -> Vec<Site<'a>> {
    let mut walker = Walker {
        typed,
        sites: Vec::new(),
    };
    // Outer objects first: each visits the typed objects nested in it where they stand, so
    // that the sites come out in the document's order without a sort.
    for at in 0..walker.typed.len() {
        let Typed { object, kind, .. } = walker.typed[at];
        // Neither holds a path, and what they hold comes in this loop on its own.
        if !matches!(kind, ObjectKind::Bundle | ObjectKind::Resource) {
            walker.typed_object(object);
        }
    }
    walker.sites
}

/// The typed objects whose fields hold paths and placeholders.
fn holds_paths(kind: ObjectKind) -> bool {
    matches!(
        kind,
        ObjectKind::State(_)
            | ObjectKind::ChoiceRule { .. }
            | ObjectKind::Catch
            | ObjectKind::ActionDefinition
            | ObjectKind::KeyValue
    )
}

/// Whether an Action state calls the Jq transform, whose `expr` parameter is a jq program:
/// jq's `$name` variables are neither paths nor placeholders.
pub(super) fn calls_jq(state: &Object) -> bool {
    state
        .get_str("ActionName")
        .is_some_and(|name| name.value == "zis:common:transform:Jq")
}

struct Walker<'w, 'a> {
    /// The typed objects in the order they start, which tells them apart: no two objects start
    /// at one offset. Typed objects nested in others (a Map's iterator, Choice rules, Catch
    /// handlers, headers) are read with their own schema.
    typed: &'w mut [Typed<'a>],
    sites: Vec<Site<'a>>,
}

struct Typed<'a> {
    object: &'a Object,
    kind: ObjectKind,
    visited: bool,
}

impl<'a> Walker<'_, 'a> {
    /// Visits a typed object once; `false` when `object` is not a typed object.
    fn typed_object(&mut self, object: &'a Object) -> bool {
        let start = object.range.start;
        let Ok(at) = self
            .typed
            .binary_search_by_key(&start, |typed| typed.object.range.start)
        else {
            return false;
        };
        let typed = &mut self.typed[at];
        if std::mem::replace(&mut typed.visited, true) {
            return true;
        }
        let kind = typed.kind;
        if holds_paths(kind) {
            self.schema_object(kind, object);
        } else {
            // A flow definition or a Map's iterator: no paths of its own, but states inside.
            for member in &object.members {
                self.typed_objects_in(member.value.as_ref());
            }
        }
        true
    }

    fn typed_objects_in(&mut self, value: Option<&'a Value>) {
        match value {
            Some(Value::Object(object)) if !self.typed_object(object) => {
                for member in &object.members {
                    self.typed_objects_in(member.value.as_ref());
                }
            }
            Some(Value::Array(array)) => {
                for item in &array.items {
                    self.typed_objects_in(Some(item));
                }
            }
            _ => {}
        }
    }

    fn schema_object(&mut self, kind: ObjectKind, object: &'a Object) {
        let jq = matches!(kind, ObjectKind::State(_)) && calls_jq(object);
        for member in &object.members {
            let Some(value) = &member.value else { continue };
            let key = &member.key;
            let name = key.value.as_str();
            let site = |site_kind| Site::new(site_kind, key, value, Some(object));
            if name.ends_with(".$") {
                // A `.$` key the schema does not know is ZIS005's.
                if lookup(kind, name).is_some() {
                    self.sites.push(site(SiteKind::Suffixed));
                }
                continue;
            }
            match lookup(kind, name).map(|spec| spec.ty) {
                Some(FieldType::ReferencePath | FieldType::ResultPath) => {
                    if value.as_str().is_some() {
                        // ASL takes any path in `InputPath` and `OutputPath`.
                        let single = !matches!(name, "InputPath" | "OutputPath");
                        self.sites.push(site(SiteKind::Field { single }));
                    }
                }
                // Notes, and references whose `{{…}}` are deploy-time template tokens (ZIS404).
                _ if matches!(name, "Comment" | "ActionName") => {}
                _ if jq && name == "Parameters" => {
                    if let Value::Object(parameters) = value {
                        for member in parameters.members.iter().filter(|m| m.key.value != "expr") {
                            self.free_member(member, parameters);
                        }
                    }
                }
                _ => self.free(value, key, None),
            }
        }
    }

    /// A value of free-form data (`Parameters`, `requestBody`, `Result` …) or of a field with
    /// no path meaning.
    fn free(&mut self, value: &'a Value, key: &'a Str, parent: Option<&'a Object>) {
        match value {
            Value::String(_) => {
                // Plain text is only read for its placeholders: without any, it is no site.
                let site = Site::new(SiteKind::Text, key, value, parent);
                if !site.placeholders().is_empty() {
                    self.sites.push(site);
                }
            }
            Value::Object(object) => {
                if self.typed_object(object) {
                    return;
                }
                for member in &object.members {
                    self.free_member(member, object);
                }
            }
            Value::Array(array) => {
                for item in &array.items {
                    self.free(item, key, None);
                }
            }
            _ => {}
        }
    }

    fn free_member(&mut self, member: &'a Member, object: &'a Object) {
        let Some(value) = &member.value else { return };
        if member.key.value.ends_with(".$") {
            self.sites.push(Site::new(
                SiteKind::Suffixed,
                &member.key,
                value,
                Some(object),
            ));
        } else {
            self.free(value, &member.key, Some(object));
        }
    }
}
