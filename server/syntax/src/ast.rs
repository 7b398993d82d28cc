use std::sync::Arc;

use crate::TextRange;

/// A JSON value. Objects and arrays are shared (`Arc`) so that the semantic model can keep
/// subtrees without copying them.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Object(Arc<Object>),
    Array(Arc<Array>),
    String(Str),
    Number(Number),
    Bool(bool, TextRange),
    Null(TextRange),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    /// From `{` to `}`; when the closing brace is missing, to the end of what was recovered.
    pub range: TextRange,
    /// In source order, duplicates included.
    pub members: Vec<Member>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: Str,
    /// `None` when the text ends or breaks before the value (`"key": }`): the key is still
    /// reported so that completion and "missing field" checks see what the user typed.
    pub value: Option<Value>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Array {
    pub range: TextRange,
    pub items: Vec<Value>,
}

/// A string literal's decoded value, shared: a tree kept across edits is moved by copying the
/// nodes something else holds too, and the model names resources by these values, so a copy
/// must not copy the text.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    #[cfg(test)]
    pub(crate) fn is_shared_with(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(Arc::from(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Arc::from(text))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0.as_ref().to_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A string literal: its decoded value and the range of the literal, quotes included.
#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    pub range: TextRange,
    pub value: Text,
    /// `false` when the literal ran into a line break or the end of the text before its closing
    /// quote: `range` then stops there and holds only the opening quote.
    pub terminated: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub range: TextRange,
    pub value: f64,
    /// Written without fraction or exponent (`3`, not `3.0` or `3e0`).
    pub is_integer_literal: bool,
}

impl Value {
    /// Moves every range `delta` bytes further on, for the tree of a text that moved. Nodes
    /// that nothing else holds are changed where they are; a shared one is copied first, so
    /// that no other holder sees it move.
    pub fn shift(&mut self, delta: i64) {
        let shift_str = |string: &mut Str| string.range = string.range.shifted(delta);
        match self {
            Value::Object(object) => {
                let object = Arc::make_mut(object);
                object.range = object.range.shifted(delta);
                for member in &mut object.members {
                    shift_str(&mut member.key);
                    if let Some(value) = &mut member.value {
                        value.shift(delta);
                    }
                }
            }
            Value::Array(array) => {
                let array = Arc::make_mut(array);
                array.range = array.range.shifted(delta);
                for item in &mut array.items {
                    item.shift(delta);
                }
            }
            Value::String(string) => shift_str(string),
            Value::Number(number) => number.range = number.range.shifted(delta),
            Value::Bool(_, range) | Value::Null(range) => *range = range.shifted(delta),
        }
    }

    pub fn range(&self) -> TextRange {
        match self {
            Value::Object(object) => object.range,
            Value::Array(array) => array.range,
            Value::String(string) => string.range,
            Value::Number(number) => number.range,
            Value::Bool(_, range) | Value::Null(range) => *range,
        }
    }

    pub fn as_object(&self) -> Option<&Arc<Object>> {
        match self {
            Value::Object(object) => Some(object),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Arc<Array>> {
        match self {
            Value::Array(array) => Some(array),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&Str> {
        match self {
            Value::String(string) => Some(string),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(value, _) => Some(*value),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(number) => Some(number),
            _ => None,
        }
    }

    /// Calls `visit` on this value and every value nested in it, outermost first. Recursion is
    /// bounded by the parser's nesting limit.
    pub fn walk(&self, visit: &mut dyn FnMut(&Value)) {
        visit(self);
        match self {
            Value::Object(object) => {
                for value in object.members.iter().filter_map(|m| m.value.as_ref()) {
                    value.walk(visit);
                }
            }
            Value::Array(array) => {
                for item in &array.items {
                    item.walk(visit);
                }
            }
            _ => {}
        }
    }

    /// The JSON type name, as messages show it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Object(_) => "an object",
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(..) => "a boolean",
            Value::Null(_) => "null",
        }
    }
}

impl Object {
    /// The member for `key`. With duplicate keys the last one wins, as in most JSON readers
    /// (the first is reported as a duplicate elsewhere).
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members
            .iter()
            .rev()
            .find(|m| same_key(&m.key.value, key))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.member(key).and_then(|m| m.value.as_ref())
    }

    pub fn get_str(&self, key: &str) -> Option<&Str> {
        self.get(key).and_then(Value::as_str)
    }

    pub fn get_object(&self, key: &str) -> Option<&Arc<Object>> {
        self.get(key).and_then(Value::as_object)
    }

    pub fn get_array(&self, key: &str) -> Option<&Arc<Array>> {
        self.get(key).and_then(Value::as_array)
    }

    /// Members whose key is `key` or `key.$` (ZIS's marker for a value read as a path).
    pub fn member_or_path(&self, key: &str) -> Option<&Member> {
        self.members.iter().rev().find(|m| {
            same_key(&m.key.value, key)
                || m.key
                    .value
                    .strip_suffix(".$")
                    .is_some_and(|stem| stem == key)
        })
    }
}

/// Key equality for lookups, which the rules make by the hundred thousand: most keys differ
/// from the one looked for in length or first byte, and those are told apart without a call to
/// `memcmp`.
#[inline]
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

impl Member {
    /// From the key to the end of the value (or the key alone when the value is missing).
    pub fn range(&self) -> TextRange {
        match &self.value {
            Some(value) => self.key.range.cover(value.range()),
            None => self.key.range,
        }
    }
}

impl Str {
    /// The range of the content between the quotes (up to the end of the literal when it is
    /// unterminated).
    pub fn inner_range(&self) -> TextRange {
        let start = (self.range.start + 1).min(self.range.end);
        let end = if self.terminated {
            self.range.end.saturating_sub(1).max(start)
        } else {
            self.range.end
        };
        TextRange::new(start, end)
    }

    /// Maps a byte offset into the decoded value to the byte offset in the source text, through
    /// escapes: in `"a\u00e9b"` the decoded `b` (offset 3) sits at source offset 8 of the literal.
    /// `text` is the whole document the literal was parsed from.
    pub fn source_offset(&self, text: &str, decoded_offset: usize) -> u32 {
        let inner = self.inner_range();
        let raw = &text[inner.as_usize()];
        // Every escape decodes to fewer bytes than it takes in the source, so equal lengths mean
        // none: no scan of the literal, which rules map many offsets of.
        if raw.len() == self.value.len() {
            return inner.start + (decoded_offset.min(raw.len()) as u32);
        }
        let bytes = raw.as_bytes();
        let mut src = 0;
        let mut decoded = 0;
        while src < bytes.len() && decoded < decoded_offset {
            if bytes[src] == b'\\' {
                let (src_len, decoded_len) = escape_lengths(raw, src);
                src += src_len;
                decoded += decoded_len;
            } else {
                let ch_len = utf8_len(bytes[src]);
                src += ch_len;
                decoded += ch_len;
            }
        }
        inner.start + src.min(bytes.len()) as u32
    }

    /// The source range of a range of the decoded value.
    pub fn source_range(&self, text: &str, decoded: std::ops::Range<usize>) -> TextRange {
        TextRange::new(
            self.source_offset(text, decoded.start),
            self.source_offset(text, decoded.end),
        )
    }
}

/// Source length and decoded UTF-8 length of the escape starting at `at` (a backslash).
fn escape_lengths(raw: &str, at: usize) -> (usize, usize) {
    let escape = decode_escape(raw, at);
    (escape.len, escape.decoded.map_or(0, char::len_utf8))
}

/// One escape sequence as the parser decodes it. The parser and `Str::source_offset` both go
/// through `decode_escape`, so decoded offsets always map back to the right source bytes.
pub(crate) struct Escape {
    /// Source bytes, backslash included.
    pub len: usize,
    /// `None` for a backslash that ends the text of an unterminated string.
    pub decoded: Option<char>,
    /// Whether JSON allows it; an invalid escape decodes to the character after the backslash.
    pub valid: bool,
}

/// Decodes the escape starting at `at` (a backslash) in `text`, which may be the whole document
/// or just the content of one literal: the answer is the same because a literal's content never
/// holds a raw line break and nothing that ends it is a hex digit.
pub(crate) fn decode_escape(text: &str, at: usize) -> Escape {
    let bytes = text.as_bytes();
    let simple = |decoded| Escape {
        len: 2,
        decoded: Some(decoded),
        valid: true,
    };
    match bytes.get(at + 1) {
        None | Some(b'\n' | b'\r') => Escape {
            len: 1,
            decoded: None,
            valid: false,
        },
        Some(b'"') => simple('"'),
        Some(b'\\') => simple('\\'),
        Some(b'/') => simple('/'),
        Some(b'b') => simple('\u{8}'),
        Some(b'f') => simple('\u{c}'),
        Some(b'n') => simple('\n'),
        Some(b'r') => simple('\r'),
        Some(b't') => simple('\t'),
        Some(b'u') => match hex_unit(bytes, at + 2) {
            // A high surrogate followed by a low one is one character; alone, it decodes to
            // U+FFFD like any other lone surrogate.
            Some(high @ 0xD800..=0xDBFF) => {
                let low = (bytes.get(at + 6) == Some(&b'\\') && bytes.get(at + 7) == Some(&b'u'))
                    .then(|| hex_unit(bytes, at + 8))
                    .flatten();
                match low {
                    Some(low @ 0xDC00..=0xDFFF) => Escape {
                        len: 12,
                        decoded: char::from_u32(
                            0x10000
                                + ((u32::from(high) - 0xD800) << 10)
                                + (u32::from(low) - 0xDC00),
                        ),
                        valid: true,
                    },
                    _ => simple(char::REPLACEMENT_CHARACTER).with_len(6),
                }
            }
            Some(unit) => {
                simple(char::from_u32(unit.into()).unwrap_or(char::REPLACEMENT_CHARACTER))
                    .with_len(6)
            }
            None => Escape {
                len: 2,
                decoded: Some('u'),
                valid: false,
            },
        },
        Some(_) => {
            // `at` holds an ASCII backslash, so `at + 1` is a character boundary.
            let decoded = text[at + 1..].chars().next();
            Escape {
                len: 1 + decoded.map_or(0, char::len_utf8),
                decoded,
                valid: false,
            }
        }
    }
}

impl Escape {
    fn with_len(self, len: usize) -> Escape {
        Escape { len, ..self }
    }
}

/// The UTF-16 code unit written as exactly four hex digits at `at`.
fn hex_unit(bytes: &[u8], at: usize) -> Option<u16> {
    let digits = bytes.get(at..at + 4)?;
    digits.iter().try_fold(0u16, |unit, &digit| {
        let value = (digit as char).to_digit(16)?;
        Some(unit << 4 | value as u16)
    })
}

fn utf8_len(first_byte: u8) -> usize {
    match first_byte {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}
