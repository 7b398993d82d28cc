use std::collections::HashSet;

use crate::ast::{decode_escape, Text};
use crate::{SyntaxError, SyntaxErrorKind, TextRange};

const COMMENT_MESSAGE: &str = "comments are not allowed: the ZIS Registry accepts strict JSON only";

pub(super) struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

pub(super) enum TokenKind {
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Colon,
    Comma,
    String {
        value: Text,
        terminated: bool,
    },
    Number {
        value: f64,
        is_integer_literal: bool,
    },
    True,
    False,
    Null,
    /// A run of letters, digits and `_$.+-` that is neither a literal nor a number, such as
    /// `tru`, `NaN` or `undefined`: one token, so that it gives one error.
    Word,
    /// `'...'`, up to its closing quote or the end of the line.
    SingleQuoted,
    /// Any other character, alone.
    Char,
    Eof,
}

impl TokenKind {
    pub fn starts_value(&self) -> bool {
        matches!(
            self,
            TokenKind::LBrace
                | TokenKind::LBracket
                | TokenKind::String { .. }
                | TokenKind::Number { .. }
                | TokenKind::True
                | TokenKind::False
                | TokenKind::Null
        )
    }
}

/// Splits the text into tokens, skipping whitespace and comments, and reports what is wrong
/// inside a token (escapes, control characters, malformed numbers, comments). What is wrong
/// between tokens is the parser's business.
pub(super) struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    pub errors: Vec<SyntaxError>,
    /// Set once a block comment has run to the end of the text: the brackets it swallowed are
    /// then missing, and reporting them would only repeat the comment's error.
    pub swallowed_rest: bool,
    /// The short strings met so far, to share rather than allocate again: a bundle repeats a
    /// few thousand keys and values (`Type`, `Next`, state and action names) across hundreds of
    /// thousands of literals. The hasher is seeded per process, so that no text can be written
    /// to make the lookups collide.
    seen: HashSet<Text, foldhash::fast::RandomState>,
}

/// Longer strings are seldom repeated (descriptions, URLs, jq programs), and hashing them costs
/// more than their allocation saves.
const SHARED_UP_TO: usize = 32;

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
            errors: Vec::new(),
            swallowed_rest: false,
            seen: HashSet::default(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Goes on lexing at `pos`, a character boundary.
    pub fn jump_to(&mut self, pos: usize) {
        self.pos = pos.min(self.bytes.len());
    }

    pub fn next_token(&mut self) -> Token {
        self.skip_trivia();
        let start = self.pos;
        let Some(&byte) = self.bytes.get(start) else {
            return Token {
                kind: TokenKind::Eof,
                range: TextRange::empty(start as u32),
            };
        };
        let kind = match byte {
            b'{' => self.punctuation(TokenKind::LBrace),
            b'}' => self.punctuation(TokenKind::RBrace),
            b'[' => self.punctuation(TokenKind::LBracket),
            b']' => self.punctuation(TokenKind::RBracket),
            b':' => self.punctuation(TokenKind::Colon),
            b',' => self.punctuation(TokenKind::Comma),
            b'"' => self.string(start),
            b'\'' => self.single_quoted(start),
            _ if is_bare(byte) => self.bare(start),
            _ => {
                self.pos += self.text[start..].chars().next().map_or(1, char::len_utf8);
                TokenKind::Char
            }
        };
        Token {
            kind,
            range: TextRange::new(start as u32, self.pos as u32),
        }
    }

    /// Moves past the bracketed group opening at `start` without building or checking it, by
    /// counting brackets outside strings and comments: how too-deep nesting and unparseable
    /// junk are skipped without recursion.
    pub fn skip_group(&mut self, start: usize) {
        let mut depth = 0usize;
        let mut i = start;
        while let Some(&byte) = self.bytes.get(i) {
            match byte {
                b'"' => {
                    i = self.string_end(i);
                    continue;
                }
                b'/' if self.bytes.get(i + 1) == Some(&b'/') => {
                    i = self.line_comment_end(i);
                    continue;
                }
                b'/' if self.bytes.get(i + 1) == Some(&b'*') => {
                    i = self.block_comment_end(i).unwrap_or(self.bytes.len());
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.pos = i;
    }

    fn punctuation(&mut self, kind: TokenKind) -> TokenKind {
        self.pos += 1;
        kind
    }

    fn skip_trivia(&mut self) {
        loop {
            self.pos = skip_whitespace(self.bytes, self.pos);
            let start = self.pos;
            let end = match self.bytes.get(start + 1) {
                Some(b'/') if self.bytes[start] == b'/' => self.line_comment_end(start),
                Some(b'*') if self.bytes[start] == b'/' => match self.block_comment_end(start) {
                    Some(end) => end,
                    None => {
                        let end = self.bytes.len();
                        self.report(start, end, "unterminated block comment".to_owned());
                        self.swallowed_rest = true;
                        self.pos = end;
                        return;
                    }
                },
                _ => return,
            };
            report(
                &mut self.errors,
                SyntaxErrorKind::Extension,
                TextRange::new(start as u32, end as u32),
                COMMENT_MESSAGE.to_owned(),
            );
            self.pos = end;
        }
    }

    /// The end of the `//` comment at `start`, before its line break (`\r` included).
    fn line_comment_end(&self, start: usize) -> usize {
        let rest = &self.text[start..];
        match rest.find('\n') {
            Some(newline) if rest.as_bytes()[..newline].ends_with(b"\r") => start + newline - 1,
            Some(newline) => start + newline,
            None => self.bytes.len(),
        }
    }

    /// The end of the `/* */` comment at `start`, past its `*/`; `None` when it has none.
    fn block_comment_end(&self, start: usize) -> Option<usize> {
        self.text[start + 2..]
            .find("*/")
            .map(|close| start + 2 + close + 2)
    }

    /// Where the string at `start` ends, by the same rule as `string` but without decoding.
    fn string_end(&self, start: usize) -> usize {
        let mut i = start + 1;
        loop {
            i = skip_plain(self.bytes, i);
            let Some(&byte) = self.bytes.get(i) else {
                return i;
            };
            match byte {
                b'"' => return i + 1,
                b'\n' | b'\r' => return i,
                b'\\' => i += decode_escape(self.text, i).len,
                _ => i += 1,
            }
        }
    }

    /// A double-quoted string. One that meets a line break or the end of the text before its
    /// closing quote ends there: a string cannot span lines, so this is almost always a missing
    /// quote, and stopping at the line keeps the following lines parseable.
    fn string(&mut self, start: usize) -> TokenKind {
        let content_start = start + 1;
        let mut i = content_start;
        // Filled only once a backslash shows up, so that plain strings are one slice copy.
        let mut decoded: Option<String> = None;
        let mut copied_up_to = content_start;
        let (content_end, terminated) = loop {
            i = skip_plain(self.bytes, i);
            let Some(&byte) = self.bytes.get(i) else {
                break (i, false);
            };
            match byte {
                b'"' => break (i, true),
                b'\n' | b'\r' => break (i, false),
                b'\\' => {
                    let out = decoded.get_or_insert_with(|| String::with_capacity(i - start));
                    out.push_str(&self.text[copied_up_to..i]);
                    let escape = decode_escape(self.text, i);
                    out.extend(escape.decoded);
                    if !escape.valid && escape.decoded.is_some() {
                        self.invalid_escape(i, escape.len);
                    }
                    i += escape.len;
                    copied_up_to = i;
                }
                _ => {
                    self.report(
                        i,
                        i + 1,
                        format!("unescaped control character U+{byte:04X} in string"),
                    );
                    i += 1;
                }
            }
        };
        let value = match decoded {
            Some(mut out) => {
                out.push_str(&self.text[copied_up_to..content_end]);
                Text::from(out)
            }
            None => self.shared(&self.text[content_start..content_end]),
        };
        if terminated {
            self.pos = content_end + 1;
        } else {
            self.pos = content_end;
            self.report(start, content_end, "unterminated string".to_owned());
        }
        TokenKind::String { value, terminated }
    }

    fn invalid_escape(&mut self, at: usize, len: usize) {
        let escape = &self.text[at..at + len];
        let (end, message) = if escape == "\\u" {
            // Show the hex digits that were there, to make the shortfall visible.
            let digits = self.bytes[at + 2..]
                .iter()
                .take(3)
                .take_while(|byte| byte.is_ascii_hexdigit())
                .count();
            let written = &self.text[at..at + 2 + digits];
            (
                at + 2 + digits,
                format!("invalid escape `{written}` in string: `\\u` needs four hex digits"),
            )
        } else {
            let shown = match escape[1..].chars().next() {
                Some(ch) if ch.is_control() => format!("`\\` followed by U+{:04X}", ch as u32),
                _ => format!("`{escape}`"),
            };
            (at + len, format!("invalid escape {shown} in string"))
        };
        self.report(at, end, message);
    }

    fn single_quoted(&mut self, start: usize) -> TokenKind {
        let mut i = start + 1;
        loop {
            match self.bytes.get(i) {
                None | Some(b'\n' | b'\r') => break,
                Some(b'\'') => {
                    i += 1;
                    break;
                }
                Some(b'\\') if !matches!(self.bytes.get(i + 1), None | Some(b'\n' | b'\r')) => {
                    i += 2
                }
                Some(_) => i += 1,
            }
        }
        // Skipping the byte after a backslash may stop inside a multi-byte character, but the
        // loop only ends at a quote, a line break or the end, which are all boundaries.
        self.pos = i;
        TokenKind::SingleQuoted
    }

    fn bare(&mut self, start: usize) -> TokenKind {
        let end = self.bytes[start..]
            .iter()
            .position(|&byte| !is_bare(byte))
            .map_or(self.bytes.len(), |len| start + len);
        self.pos = end;
        match &self.text[start..end] {
            "true" => TokenKind::True,
            "false" => TokenKind::False,
            "null" => TokenKind::Null,
            _ => self.number(start, end).unwrap_or(TokenKind::Word),
        }
    }

    /// Reads `start..end` as a number, leniently: anything with a digit before the exponent is
    /// a number, reported when it breaks JSON's grammar (`01`, `+1`, `.5`, `1.`, `1e`, `1x`)
    /// and valued as closely as possible. Without such a digit it is a word (`-`, `NaN`).
    fn number(&mut self, start: usize, end: usize) -> Option<TokenKind> {
        let literal = &self.text[start..end];
        let bytes = literal.as_bytes();
        let digits_from = |i: usize| {
            bytes[i..]
                .iter()
                .position(|byte| !byte.is_ascii_digit())
                .map_or(bytes.len(), |len| i + len)
        };
        let sign_len = usize::from(matches!(bytes[0], b'+' | b'-'));
        let int = sign_len..digits_from(sign_len);
        let mut i = int.end;
        let fraction = (bytes.get(i) == Some(&b'.')).then(|| {
            let digits = i + 1..digits_from(i + 1);
            i = digits.end;
            digits
        });
        let fraction_digits = fraction.as_ref().map_or(0, |digits| digits.len());
        if int.is_empty() && fraction_digits == 0 {
            return None;
        }
        let exponent = matches!(bytes.get(i), Some(b'e' | b'E')).then(|| {
            let sign_len = usize::from(matches!(bytes.get(i + 1), Some(b'+' | b'-')));
            let digits = i + 1 + sign_len..digits_from(i + 1 + sign_len);
            i = digits.end;
            digits
        });
        let problem = if i < bytes.len() {
            Some("")
        } else if bytes[0] == b'+' {
            Some(": a leading `+` is not allowed")
        } else if int.is_empty() {
            Some(": a digit is required before `.`")
        } else if int.len() > 1 && bytes[int.start] == b'0' {
            Some(": leading zeros are not allowed")
        } else if fraction.is_some() && fraction_digits == 0 {
            Some(": a digit is required after `.`")
        } else if exponent.as_ref().is_some_and(|digits| digits.is_empty()) {
            Some(": the exponent needs digits")
        } else {
            None
        };
        let is_integer_literal = fraction.is_none() && exponent.is_none();
        let value = match problem {
            None => literal.parse().unwrap_or(f64::NAN),
            Some(reason) => {
                self.report(start, end, format!("invalid number `{literal}`{reason}"));
                // Rebuild the nearest valid literal from the parts that were read.
                let part = |digits: Option<std::ops::Range<usize>>| match digits {
                    Some(digits) if !digits.is_empty() => &literal[digits],
                    _ => "0",
                };
                let exponent_sign = match exponent.as_ref().map(|digits| bytes[digits.start - 1]) {
                    Some(b'-') => "-",
                    _ => "",
                };
                let nearest = format!(
                    "{}{}.{}e{exponent_sign}{}",
                    if bytes[0] == b'-' { "-" } else { "" },
                    part(Some(int)),
                    part(fraction),
                    part(exponent),
                );
                nearest.parse().unwrap_or(f64::NAN)
            }
        };
        Some(TokenKind::Number {
            value,
            is_integer_literal,
        })
    }

    /// `value` as a [`Text`], the one made before for an equal short string if any.
    fn shared(&mut self, value: &str) -> Text {
        if value.len() > SHARED_UP_TO {
            return Text::from(value);
        }
        if let Some(text) = self.seen.get(value) {
            return text.clone();
        }
        let text = Text::from(value);
        self.seen.insert(text.clone());
        text
    }

    fn report(&mut self, start: usize, end: usize, message: String) {
        report(
            &mut self.errors,
            SyntaxErrorKind::Invalid,
            TextRange::new(start as u32, end as u32),
            message,
        );
    }
}

/// Records an error unless the previous one starts at the same offset: one place, one error.
pub(super) fn report(
    errors: &mut Vec<SyntaxError>,
    kind: SyntaxErrorKind,
    range: TextRange,
    message: String,
) {
    if errors
        .last()
        .is_some_and(|last| last.range.start == range.start)
    {
        return;
    }
    errors.push(SyntaxError {
        kind,
        range,
        message,
    });
}

/// Bytes that may form words and numbers; a run of them is one token.
fn is_bare(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'$' | b'.' | b'+' | b'-')
}

/// Skips spaces, tabs and line breaks. Indentation is most of the whitespace of a pretty-printed
/// bundle, and a third of its bytes, so runs of spaces go eight bytes at a time.
pub(super) fn skip_whitespace(bytes: &[u8], mut pos: usize) -> usize {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    loop {
        if let Some(word) = word_at(bytes, pos) {
            let other = word ^ SPACES;
            if other == 0 {
                pos += 8;
                continue;
            }
            pos += (other.trailing_zeros() / 8) as usize;
        }
        match bytes.get(pos) {
            Some(b' ' | b'\t' | b'\n' | b'\r') => pos += 1,
            _ => return pos,
        }
    }
}

/// Skips the bytes of a string's content that need no attention, up to the first one that
/// [`STRING_SPECIAL`] lists or the end of the text: eight bytes at a time, then one by one.
pub(super) fn skip_plain(bytes: &[u8], mut i: usize) -> usize {
    while let Some(word) = word_at(bytes, i) {
        let special =
            below(word, 0x20) | below(word ^ repeat(b'"'), 1) | below(word ^ repeat(b'\\'), 1);
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes
        .get(i)
        .is_some_and(|&byte| !STRING_SPECIAL[byte as usize])
    {
        i += 1;
    }
    i
}

/// The eight bytes at `at`, the first in the lowest bits.
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(chunk.try_into().ok()?))
}

fn repeat(byte: u8) -> u64 {
    u64::from(byte) * 0x0101_0101_0101_0101
}

/// Sets the high bit of the bytes of `word` below `limit` (at most 0x80). Only the lowest byte
/// marked is sure to be one: a borrow may mark bytes above it. That is the one the scans want.
fn below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(repeat(limit)) & !word & repeat(0x80)
}

/// Bytes that stop the fast scan through a string: the closing quote, escapes and control
/// characters (line breaks among them).
static STRING_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};
