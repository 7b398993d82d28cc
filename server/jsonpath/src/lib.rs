//! JSONPath for ZIS.
//!
//! ZIS flows take their paths from the Amazon States Language, which in turn evaluates them with
//! Jayway JSONPath. This crate parses that dialect into segments with byte ranges, so that an
//! editor can underline the exact character that is wrong, and so that later analyses can ask
//! whether a path names a single node ([`Path::non_singular`]) and which fields it reads
//! ([`Path::field_prefix`]).
//!
//! The parser errs on the side of accepting: a false error on a path that works at run time is
//! worse than a missed one. Dot names therefore take almost any character, `.[…]` is read like
//! `[…]`, filters may omit their parentheses, and Jayway's extra filter operators (`=~`, `in`,
//! `nin`, `subsetof`, `anyof`, `noneof`, `contains`, `size`, `empty`, `===`, `!==`) are accepted.
//!
//! Everything here is pure and total: any `&str` yields a value or an error, never a panic, and
//! nesting inside filters is bounded by [`MAX_FILTER_DEPTH`] so the stack cannot overflow.
//!
//! [`placeholders`] finds the `{{$…}}` references that ZIS substitutes inside strings.
//!
//! ```
//! let path = zis_jsonpath::parse("$.search.tickets[*].id").unwrap();
//! assert_eq!(path.field_prefix(), ["search", "tickets"]);
//! let part = path.non_singular().unwrap();
//! assert_eq!((part.range, part.what), (16..19, "a wildcard `*`"));
//!
//! let error = zis_jsonpath::parse("$.tickets[0").unwrap_err();
//! assert_eq!((error.range, error.message.as_str()), (11..11, "unclosed `[`: expected `]`"));
//! ```

mod parser;
mod path;
mod placeholder;

pub use parser::{parse, MAX_FILTER_DEPTH};
pub use path::{NonSingular, Path, PathError, Segment, Selector, Slice};
pub use placeholder::{placeholders, Placeholder};

/// Whether a string value looks like a path: `$` alone, or `$` followed by `.` or `[`.
///
/// Used to warn about such values under keys that lack the `.$` suffix, where ZIS takes them as
/// literal text rather than as paths.
pub fn looks_like_path(s: &str) -> bool {
    s == "$" || s.starts_with("$.") || s.starts_with("$[")
}
