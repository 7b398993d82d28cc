use std::ops::Range;

use crate::{parse, Path, PathError};

/// A `{{$…}}` reference inside a string, which ZIS replaces with the value at the path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// The whole placeholder, braces included; to the end of the text when unclosed.
    pub range: Range<usize>,
    /// The path between the braces, without surrounding whitespace.
    pub path_range: Range<usize>,
    /// The parsed path. Error ranges are relative to the whole text, not to the path.
    pub result: Result<Path, PathError>,
}

/// Every placeholder in `text`, in order.
///
/// Only `{{` followed (after optional whitespace) by `$` opens a placeholder; other `{{`, such
/// as Liquid's `{{ticket.id}}`, are plain text. A placeholder ends at the first `}}`, even one
/// inside a quoted name, because that is where ZIS ends it too.
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut found = Vec::new();
    let mut pos = 0;
    // `{` is found by a byte search; most strings hold none.
    while let Some(offset) = text[pos..].find('{') {
        let open = pos + offset;
        if !text[open + 1..].starts_with('{') {
            pos = open + 1;
            continue;
        }
        let content = &text[open + 2..];
        let path_start = text.len() - content.trim_start().len();
        if !text[path_start..].starts_with('$') {
            // Only one byte on, so that `{{{$.a}}` still finds the placeholder.
            pos = open + 1;
            continue;
        }
        let Some(offset) = text[path_start..].find("}}") else {
            let path_end = path_start + text[path_start..].trim_end().len();
            found.push(Placeholder {
                range: open..text.len(),
                path_range: path_start..path_end,
                result: Err(PathError {
                    range: text.len()..text.len(),
                    message: "unclosed placeholder: expected `}}`".to_owned(),
                }),
            });
            break;
        };
        let close = path_start + offset;
        let path_end = path_start + text[path_start..close].trim_end().len();
        let result = parse(&text[path_start..path_end]).map_err(|error| PathError {
            range: error.range.start + path_start..error.range.end + path_start,
            message: error.message,
        });
        found.push(Placeholder {
            range: open..close + 2,
            path_range: path_start..path_end,
            result,
        });
        pos = close + 2;
    }
    found
}
