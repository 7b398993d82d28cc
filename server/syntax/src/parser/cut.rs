//! Where a large text can be cut in two for [`super::parse`] to read both parts at once.

use super::lexer::{skip_plain, skip_whitespace};

/// The object a cut falls in is nested this deep (the root object is 1 deep): a bundle's
/// `resources`, which holds nearly all of its text.
pub(super) const DEPTH: usize = 2;

/// Where the members of the object `DEPTH` deep that holds the middle of `bytes` start (its
/// first key) and where the first member past the middle starts (its key). Found by counting
/// brackets outside strings, which is right for strict JSON only: `None` as soon as the text
/// is anything else it can tell (a comment, a line break inside a string, the middle outside
/// such an object), and whatever it finds in other malformed text is checked by the parse,
/// which keeps the cut only if it finds no error.
pub(super) fn members_around_middle(bytes: &[u8]) -> Option<(u32, u32)> {
    let middle = bytes.len() / 2;
    let mut depth = 0usize;
    let mut root_is_object = false;
    let mut in_object = false;
    let mut key_next = false;
    let mut first_key = None;
    let mut i = 0;
    loop {
        i = skip_whitespace(bytes, i);
        if i >= middle && depth < DEPTH {
            return None;
        }
        let &byte = bytes.get(i)?;
        match byte {
            b'"' => {
                if depth == DEPTH && in_object && key_next {
                    key_next = false;
                    match first_key {
                        None => first_key = Some(i),
                        Some(first) if i >= middle => {
                            return Some((u32::try_from(first).ok()?, u32::try_from(i).ok()?))
                        }
                        Some(_) => {}
                    }
                }
                i = string_end(bytes, i)?;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                match depth {
                    1 => root_is_object = byte == b'{',
                    DEPTH => {
                        in_object = root_is_object && byte == b'{';
                        key_next = true;
                        first_key = None;
                    }
                    _ => {}
                }
            }
            b'}' | b']' => depth = depth.checked_sub(1)?,
            b',' if depth == DEPTH => key_next = true,
            b':' if depth == DEPTH => key_next = false,
            b'/' => return None,
            _ => {}
        }
        i += 1;
    }
}

/// Past the closing quote of the string opening at `start`; `None` for one that is not
/// strict JSON's (cut by a control character or the end of the text).
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        i = skip_plain(bytes, i);
        match bytes.get(i)? {
            b'"' => return Some(i + 1),
            // What follows the backslash is one byte or the `u` of four hex digits: never a
            // quote that closes the string.
            b'\\' => i += 2,
            _ => return None,
        }
    }
}
