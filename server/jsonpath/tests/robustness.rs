//! Parsing must be total: no input may panic, and every error range must lie on character
//! boundaries within the input.

use zis_jsonpath::{parse, placeholders, PathError};

/// xorshift64*: enough randomness to shuffle path fragments, and reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Fragments of path syntax, so that random strings get deep into the parser rather than
/// failing at the first character.
const FRAGMENTS: &[&str] = &[
    "$", "@", ".", "..", "[", "]", "(", ")", "?", "?(", "*", ",", ":", "-", "'", "\"", "\\", "\\u",
    "\\ud83d", "d83d", "0", "12", "-1", "1.5", "e+", "a", "name", "über", "😀", " ", "\t", "\n",
    "==", "=", "!", "!=", "<", ">=", "&&", "&", "||", "|", "=~", "/", "/i", "in", "nin", "size",
    "true", "null", "open", "{{", "}}", "{", "}", "\u{0}", "\u{301}", "#",
];

fn random_string(rng: &mut Rng) -> String {
    let len = rng.below(24);
    let mut s = String::new();
    if rng.below(4) != 0 {
        s.push('$');
    }
    for _ in 0..len {
        if rng.below(10) == 0 {
            // Any scalar value, to cover characters the fragments miss.
            let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}');
            s.push(c);
        } else {
            s.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
        }
    }
    s
}

fn assert_well_formed(text: &str, error: &PathError) {
    let range = &error.range;
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{text:?}: {error:?}"
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{text:?}: {error:?}"
    );
    assert!(
        !error.message.is_empty() && !error.message.contains('\n'),
        "{text:?}: {error:?}"
    );
    // Empty ranges mark something missing, which can only be at the end.
    assert!(
        !range.is_empty() || range.end == text.len(),
        "{text:?}: {error:?}"
    );
}

#[test]
fn garbage_never_panics() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut parsed = 0;
    for _ in 0..50_000 {
        let text = random_string(&mut rng);
        match parse(&text) {
            Ok(path) => {
                parsed += 1;
                for segment in &path.segments {
                    assert!(segment.range.end <= text.len(), "{text:?}");
                    assert!(text.is_char_boundary(segment.range.start), "{text:?}");
                }
                let _ = path.non_singular();
                let _ = path.field_prefix();
            }
            Err(error) => assert_well_formed(&text, &error),
        }
        let wrapped = format!("x{{{{{text}}}}}y{{{{{text}");
        for placeholder in placeholders(&wrapped) {
            assert!(placeholder.range.end <= wrapped.len());
            assert!(placeholder.path_range.start >= placeholder.range.start);
            assert!(placeholder.path_range.end <= placeholder.range.end);
            if let Err(error) = &placeholder.result {
                let range = &error.range;
                assert!(range.end <= wrapped.len(), "{wrapped:?}: {error:?}");
                assert!(
                    wrapped.is_char_boundary(range.start) && wrapped.is_char_boundary(range.end),
                    "{wrapped:?}: {error:?}"
                );
            }
        }
    }
    // The generator should reach valid paths too, or it is not testing much.
    assert!(parsed > 1_000, "only {parsed} inputs parsed");
}

#[test]
fn every_prefix_of_valid_paths_is_handled() {
    let paths = [
        "$..book[?(@.price < 10 && (@.tag == 'x' || !@.isbn))].title",
        "$['a\\u00fc\\'b', \"c\"][1:-1:2][*].d..e",
        "$[?(@.name =~ /a\\/b/i && @.tags in ['x', 2.5e-3, true, null])]",
    ];
    for path in paths {
        parse(path).unwrap();
        for (end, _) in path.char_indices() {
            if let Err(error) = parse(&path[..end]) {
                assert_well_formed(&path[..end], &error);
            }
        }
    }
}

#[test]
fn very_deep_input_is_an_error_not_a_crash() {
    for open in ["(", "!", "[?(@", "[", "@[?"] {
        let text = format!("$[?({}", open.repeat(100_000));
        let error = parse(&text).unwrap_err();
        assert_well_formed(&text, &error);
    }
}
