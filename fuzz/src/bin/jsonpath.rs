//! The JSONPath parser and the placeholder scanner on any text: total, and every range they
//! report lies inside the text on character boundaries.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data) {
            zis_fuzz::check_jsonpath(text);
        }
    });
}
