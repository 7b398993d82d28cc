//! The pieces of JSON that the largest messages (the outline, the diagnostics) are written from
//! by hand: at 10,000 states or 100,000 findings, building `lsp_types` structs and running them
//! through serde costs several times writing the bytes straight from the analysis. Each writer
//! writes what serde writes for the same value, as the handlers' tests check.

use tower_lsp::lsp_types::Range;

/// A string, or anything serde writes as one JSON token, escaped as serde escapes it.
pub fn write_serialized(json: &mut Vec<u8>, value: &(impl serde::Serialize + ?Sized)) {
    // Writing a string or a number to a `Vec` cannot fail.
    let _ = serde_json::to_writer(&mut *json, value);
}

pub fn write_number(json: &mut Vec<u8>, number: impl itoa::Integer) {
    json.extend_from_slice(itoa::Buffer::new().format(number).as_bytes());
}

pub fn write_range(json: &mut Vec<u8>, range: Range) {
    for (key, position) in [
        (&b"{\"start\":"[..], range.start),
        (b",\"end\":", range.end),
    ] {
        json.extend_from_slice(key);
        json.extend_from_slice(b"{\"line\":");
        write_number(json, position.line);
        json.extend_from_slice(b",\"character\":");
        write_number(json, position.character);
        json.push(b'}');
    }
    json.push(b'}');
}
