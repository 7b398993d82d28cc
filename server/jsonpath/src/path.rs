use std::fmt;
use std::ops::Range;

/// A parsed path: the root `$` followed by `segments`, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub segments: Vec<Segment>,
}

/// One step after the root, such as `.name`, `..name`, `[0]` or `[?(@.a)]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the source, including the leading `.` or `..` and any brackets.
    pub range: Range<usize>,
    /// `true` for recursive descent (`..`), which selects among all descendants rather than
    /// among children.
    pub descendant: bool,
    pub selector: Selector,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// `.name`, `['name']` or `["name"]`, with escapes decoded.
    Name(String),
    /// `[0]` or `[-1]`.
    Index(i64),
    /// `.*` or `[*]`.
    Wildcard,
    /// `[start:end:step]`. Boxed: rare, and three times the size of the other selectors, which
    /// every segment of every parsed path would otherwise carry.
    Slice(Box<Slice>),
    /// `[a,b,…]` with two or more members; members are never unions themselves.
    Union(Vec<Selector>),
    /// A filter; the range covers its source from the `?` to the end of its expression.
    Filter(Range<usize>),
}

/// The bounds of a slice selector; a missing bound is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slice {
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub step: Option<i64>,
}

/// The first part of a path that may select more than one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NonSingular {
    /// Byte range in the source: the `..` for recursive descent, the whole segment otherwise.
    pub range: Range<usize>,
    /// What the part is, phrased to follow "contains", e.g. "a wildcard `*`".
    pub what: &'static str,
}

impl Path {
    /// The first segment that keeps this from being a reference path, i.e. one that names a
    /// single node as ASL requires for `Variable`, `ResultPath`, `ItemsPath` and the like.
    ///
    /// Names and indices, negative ones included, are singular; everything else is not.
    pub fn non_singular(&self) -> Option<NonSingular> {
        self.segments.iter().find_map(|segment| {
            if segment.descendant {
                let start = segment.range.start;
                return Some(NonSingular {
                    range: start..start + 2,
                    what: "recursive descent `..`",
                });
            }
            let what = match segment.selector {
                Selector::Name(_) | Selector::Index(_) => return None,
                Selector::Wildcard => "a wildcard `*`",
                Selector::Slice(_) => "a slice",
                Selector::Union(_) => "a union",
                Selector::Filter(_) => "a filter",
            };
            Some(NonSingular {
                range: segment.range.clone(),
                what,
            })
        })
    }

    /// The child names read from the root, up to (not including) the first segment that is not
    /// a plain child name: an index, a wildcard, recursive descent and so on.
    ///
    /// `$.search.tickets[0].id` gives `["search", "tickets"]` and `$` gives `[]`. The result is
    /// the part of the input whose shape the path fixes, which is what data-flow checks need.
    pub fn field_prefix(&self) -> Vec<&str> {
        self.segments
            .iter()
            .map_while(|segment| match &segment.selector {
                Selector::Name(name) if !segment.descendant => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// Why a path did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// Byte range in the source of the offending character, or an empty range at the end when
    /// something is missing.
    pub range: Range<usize>,
    /// One line naming what was expected and what was found.
    pub message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}
