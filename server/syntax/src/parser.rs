use std::collections::hash_map::{Entry, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use crate::{Array, Member, Number, Object, Str, Text, TextRange, Value};
use lexer::{report, Lexer, Token, TokenKind};

mod cut;
mod lexer;
#[cfg(test)]
mod tests;

/// Deeper nesting than this is reported and skipped rather than parsed, so that no document can
/// exhaust the stack. Real bundles nest about a dozen levels.
pub const MAX_DEPTH: usize = 512;

#[derive(Clone, Debug, PartialEq)]
pub struct Parse {
    /// The recovered tree; `None` only when the text holds no value at all.
    pub root: Option<Value>,
    /// In source order.
    pub errors: Vec<SyntaxError>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SyntaxErrorKind {
    /// Not JSON at all.
    Invalid,
    /// A JSONC extension: a comment or a trailing comma.
    Extension,
    /// A key seen before in the same object; `first` is the earlier key.
    DuplicateKey { first: TextRange },
}

/// A value whose text is known to be the same as when it was parsed, at `range`: a parse with
/// holes puts `value` in its place without reading the text again, and reports `errors` as
/// the errors inside it.
#[derive(Clone, Debug)]
pub struct Hole {
    pub range: TextRange,
    pub value: Value,
    pub errors: Arc<[SyntaxError]>,
}

impl Hole {
    /// A hole for `value` that reports no error: one whose errors were reported already, or
    /// that stands for only part of what was parsed.
    pub fn quiet(value: Value) -> Hole {
        Hole {
            range: value.range(),
            value,
            errors: Arc::new([]),
        }
    }

    /// Moves the hole with its text `delta` bytes further on ([`Value::shift`]).
    pub fn shift(&mut self, delta: i64) {
        if delta == 0 {
            return;
        }
        self.range = self.range.shifted(delta);
        self.value.shift(delta);
        if !self.errors.is_empty() {
            self.errors = (self.errors.iter())
                .map(|error| error.shifted(delta))
                .collect();
        }
    }
}

impl SyntaxError {
    /// The same error about the same text `delta` bytes further on.
    pub fn shifted(&self, delta: i64) -> SyntaxError {
        self.moved(|range| range.shifted(delta))
    }

    /// The same error with each range it holds (its own, and the first key a duplicate key
    /// repeats) where `moved` puts it: the error about the same text after an edit moved it.
    pub fn moved(&self, moved: impl Fn(TextRange) -> TextRange) -> SyntaxError {
        let kind = match &self.kind {
            SyntaxErrorKind::DuplicateKey { first } => SyntaxErrorKind::DuplicateKey {
                first: moved(*first),
            },
            kind => kind.clone(),
        };
        SyntaxError {
            kind,
            range: moved(self.range),
            message: self.message.clone(),
        }
    }
}

impl Parse {
    /// The errors inside `range`.
    pub fn errors_in(&self, range: TextRange) -> &[SyntaxError] {
        let from = (self.errors).partition_point(|error| error.range.start < range.start);
        let to = (self.errors).partition_point(|error| error.range.start < range.end);
        &self.errors[from..to]
    }
}

/// Parses strict JSON, recovering from errors: every input gives a tree of what could be read
/// and the errors in source order, at most one per offset.
pub fn parse(text: &str) -> Parse {
    if text.len() >= IN_TWO_FROM && crate::cores() >= 2 {
        if let Some(parse) = parse_in_two(text) {
            return parse;
        }
    }
    parse_with_holes(text, &[])
}

/// Texts from this size on are read on two threads when they can be cut ([`parse_in_two`]):
/// below it, starting a thread costs more than it saves.
const IN_TWO_FROM: usize = 256 * 1024;

/// The parse of a large text read in two parts at once, on this thread and another: the
/// members of the object nested [`cut::DEPTH`] deep that holds the middle of the text (a
/// bundle's `resources`) before the middle and after it, each run giving the values it read
/// as holes for a last parse of the rest, which reads the keys between them and what lies
/// around the object. `None` when the text cannot be cut or the parse finds an error: a run
/// starts without what came before it, which only matters in recovering from errors and
/// reporting them, so only an error-free parse is sure to be the one a single run gives.
fn parse_in_two(text: &str) -> Option<Parse> {
    let (first, middle) = cut::members_around_middle(text.as_bytes())?;
    let (mut holes, back) = std::thread::scope(|scope| {
        let back = std::thread::Builder::new()
            .stack_size(crate::STACK_BYTES)
            .spawn_scoped(scope, || member_holes(text, middle, u32::MAX))
            .ok()?;
        let front = member_holes(text, first, middle);
        Some((front, back.join().ok()?))
    })?;
    holes.extend(back);
    let parse = parse_with_holes(text, &holes);
    parse.errors.is_empty().then_some(parse)
}

/// The values of the members of an object nested [`cut::DEPTH`] deep, from the one whose key
/// starts at `from` up to the first whose key starts at `until` or later, as holes: read as
/// [`parse`] reads them, and up to the first error only.
fn member_holes(text: &str, from: u32, until: u32) -> Vec<Hole> {
    let mut lexer = Lexer::new(text);
    lexer.jump_to(from as usize);
    let mut parser = Parser::reading(lexer, &[]);
    parser.open_objects = cut::DEPTH;
    let mut holes = Vec::new();
    while matches!(parser.token.kind, TokenKind::String { .. }) && parser.token.range.start < until
    {
        let key = parser.key();
        let value = parser.member_value(&key, cut::DEPTH);
        let (Some(value), true) = (value, parser.lexer.errors.is_empty()) else {
            break;
        };
        holes.push(Hole::quiet(value));
        if !matches!(parser.token.kind, TokenKind::Comma) {
            break;
        }
        parser.bump();
    }
    holes
}

/// [`parse`], except that a value starting where one of `holes` (sorted by start) starts is
/// taken from the hole, and the text up to the hole's end is skipped: what an edit left alone
/// is neither read again nor reported again.
pub fn parse_with_holes(text: &str, holes: &[Hole]) -> Parse {
    if u32::try_from(text.len()).is_err() {
        return Parse {
            root: None,
            errors: vec![SyntaxError {
                kind: SyntaxErrorKind::Invalid,
                range: TextRange::empty(0),
                message: "documents larger than 4 GiB are not supported".to_owned(),
            }],
        };
    }
    Parser::new(text, holes).document()
}

/// The member of an object whose key starts at `start`, read as [`parse`] reads it inside an
/// object nested `depth` deep (the root object is 1 deep), with its errors in source order;
/// `None` when no key starts there. Nothing after the member is read: a text that an edit
/// changed only inside one member needs no more than that member parsed to know whether the
/// rest still parses as it did.
pub fn parse_member(text: &str, start: u32, depth: usize) -> (Option<Member>, Vec<SyntaxError>) {
    if u32::try_from(text.len()).is_err() || !text.is_char_boundary(start as usize) {
        return (None, Vec::new());
    }
    let mut lexer = Lexer::new(text);
    lexer.jump_to(start as usize);
    let mut parser = Parser::reading(lexer, &[]);
    parser.open_objects = depth;
    if !matches!(parser.token.kind, TokenKind::String { .. }) {
        return (None, Vec::new());
    }
    let key = parser.key();
    let value = parser.member_value(&key, depth);
    (Some(Member { key, value }), parser.errors_in_order())
}

const TRAILING_COMMA_MESSAGE: &str = "trailing comma is not allowed in JSON";

/// Objects up to this size look for duplicate keys by scanning; larger ones build a hash index.
const LINEAR_KEY_SEARCH_LIMIT: usize = 8;

/// Longest token text quoted in a message.
const SNIPPET_CHARS: usize = 40;

/// Recursive descent, one token of lookahead. Recursion happens only for nested objects and
/// arrays and stops at `MAX_DEPTH`.
struct Parser<'a> {
    lexer: Lexer<'a>,
    token: Token,
    /// The start of the token after an unterminated string. Structural errors there are echoes
    /// of the missing quote, which swallowed a comma or a bracket, so they are not reported.
    quiet_at: Option<u32>,
    /// Too-deep nesting is reported once: each skipped group would say the same.
    depth_reported: bool,
    /// Enclosing arrays and objects: a `]` inside an object closes the object only when an array
    /// is open around it, and is a stray token otherwise (likewise `}` inside an array).
    open_arrays: usize,
    open_objects: usize,
    /// The members and items of the open objects and arrays, innermost last. Each container
    /// takes its own off the top when it closes, into a vector of the exact size: one
    /// allocation per container, and no spare capacity kept for the life of the tree.
    members: Vec<Member>,
    items: Vec<Value>,
    /// The holes not yet passed.
    holes: &'a [Hole],
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, holes: &'a [Hole]) -> Self {
        Parser::reading(Lexer::new(text), holes)
    }

    /// A parser that starts where `lexer` stands.
    fn reading(mut lexer: Lexer<'a>, holes: &'a [Hole]) -> Self {
        let token = lexer.next_token();
        Parser {
            lexer,
            token,
            quiet_at: None,
            depth_reported: false,
            open_arrays: 0,
            open_objects: 0,
            members: Vec::new(),
            items: Vec::new(),
            holes,
        }
    }

    /// The hole the current token starts, if any; forgets the holes before it.
    fn take_hole(&mut self) -> Option<&'a Hole> {
        let start = self.token.range.start;
        let passed = self.holes.partition_point(|hole| hole.range.start < start);
        self.holes = &self.holes[passed..];
        let (hole, rest) = self.holes.split_first()?;
        let end = hole.range.end as usize;
        // A hole must end past where it starts, so that the parse always moves on.
        if hole.range.start != start
            || end <= start as usize
            || !self.lexer.text().is_char_boundary(end)
        {
            return None;
        }
        self.holes = rest;
        self.lexer.jump_to(end);
        self.token = self.lexer.next_token();
        Some(hole)
    }

    fn document(mut self) -> Parse {
        let mut reported = false;
        let root = loop {
            if self.token.kind.starts_value() {
                break self.value(0);
            }
            // Leading junk is reported once; the first value after it is still the root.
            if !reported {
                let message = format!("expected a JSON value, found {}", self.describe());
                self.error(self.token.range, message);
                reported = true;
            }
            if matches!(self.token.kind, TokenKind::Eof) {
                break None;
            }
            self.bump();
        };
        if !matches!(self.token.kind, TokenKind::Eof) {
            // Only the first token of the rest is looked at; what it holds is not reported.
            let start = self.token.range.start;
            self.lexer.errors.retain(|error| error.range.start < start);
            let message = format!(
                "expected end of file after the JSON value, found {}",
                self.describe()
            );
            self.error(self.token.range, message);
        }
        let errors = self.errors_in_order();
        Parse { root, errors }
    }

    fn errors_in_order(self) -> Vec<SyntaxError> {
        let mut errors = self.lexer.errors;
        // An error about a token is raised after the errors inside it (an escape in a string),
        // so the order needs one stable fix-up; ties keep the inner, more precise error.
        errors.sort_by_key(|error| error.range.start);
        errors.dedup_by_key(|error| error.range.start);
        errors
    }

    /// The value at the current token, which must start one; `None` when it nests too deep.
    fn value(&mut self, depth: usize) -> Option<Value> {
        if !self.holes.is_empty() {
            if let Some(hole) = self.take_hole() {
                self.lexer.errors.extend(hole.errors.iter().cloned());
                return Some(hole.value.clone());
            }
        }
        match self.token.kind {
            TokenKind::LBrace | TokenKind::LBracket if depth >= MAX_DEPTH => {
                if !std::mem::replace(&mut self.depth_reported, true) {
                    let message =
                        format!("nesting deeper than {MAX_DEPTH} levels is not supported");
                    self.error(self.token.range, message);
                }
                self.skip_group();
                None
            }
            TokenKind::LBrace => Some(Value::Object(Arc::new(self.object(depth + 1)))),
            TokenKind::LBracket => Some(Value::Array(Arc::new(self.array(depth + 1)))),
            _ => {
                let Token { kind, range } = self.bump();
                match kind {
                    TokenKind::String { value, terminated } => Some(Value::String(Str {
                        range,
                        value,
                        terminated,
                    })),
                    TokenKind::Number {
                        value,
                        is_integer_literal,
                    } => Some(Value::Number(Number {
                        range,
                        value,
                        is_integer_literal,
                    })),
                    TokenKind::True => Some(Value::Bool(true, range)),
                    TokenKind::False => Some(Value::Bool(false, range)),
                    TokenKind::Null => Some(Value::Null(range)),
                    _ => None,
                }
            }
        }
    }

    /// A value where one is expected. Anything else is reported; a token that could close or
    /// continue the container is left for it, junk is skipped.
    fn value_or_recover(&mut self, depth: usize) -> Option<Value> {
        match self.token.kind {
            _ if self.token.kind.starts_value() => self.value(depth),
            // The container reports the end of the text, naming its own closing bracket.
            TokenKind::Eof => None,
            TokenKind::Comma | TokenKind::RBrace | TokenKind::RBracket => {
                self.error_expected("a value");
                None
            }
            _ => {
                self.error_expected("a value");
                let junk = self.bump().range;
                // Junk followed by a value on its line is taken as a typo in front of it
                // (`[1, / 2]`); a value on a later line more likely starts the next item or key.
                let between =
                    &self.lexer.text()[junk.end as usize..self.token.range.start as usize];
                if self.token.kind.starts_value() && !between.contains('\n') {
                    self.value(depth)
                } else {
                    None
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Array {
        let open = self.bump().range;
        self.open_arrays += 1;
        let start = self.items.len();
        let mut comma = None;
        let close = 'items: loop {
            if let TokenKind::RBracket = self.token.kind {
                if let Some(comma) = comma {
                    self.trailing_comma(comma);
                }
                break Some(self.bump().range);
            }
            if let Some(item) = self.value_or_recover(depth) {
                self.items.push(item);
            }
            comma = None;
            loop {
                match self.token.kind {
                    TokenKind::Comma => {
                        comma = Some(self.bump().range);
                        continue 'items;
                    }
                    TokenKind::RBracket => break 'items Some(self.bump().range),
                    TokenKind::Eof => {
                        self.error_at_eof("expected `]` to close the array");
                        break 'items None;
                    }
                    TokenKind::RBrace if self.open_objects > 0 => {
                        self.error_expected("`,` or `]` after an array item");
                        break 'items None;
                    }
                    // Most likely a forgotten comma: read on as if it were there.
                    _ if self.token.kind.starts_value() => {
                        self.error_expected("`,` or `]` after an array item");
                        continue 'items;
                    }
                    _ => {
                        self.error_expected("`,` or `]` after an array item");
                        self.skip_until(|parser| {
                            let kind = &parser.token.kind;
                            matches!(kind, TokenKind::Comma | TokenKind::RBracket)
                                || kind.starts_value()
                                || matches!(kind, TokenKind::RBrace) && parser.open_objects > 0
                        });
                        if self.token.kind.starts_value() {
                            continue 'items;
                        }
                    }
                }
            }
        };
        self.open_arrays -= 1;
        let items: Vec<Value> = self.items.drain(start..).collect();
        let end = match close {
            Some(close) => close.end,
            None => items.last().map_or(open.end, |item| item.range().end),
        };
        Array {
            range: TextRange::new(open.start, end),
            items,
        }
    }

    fn object(&mut self, depth: usize) -> Object {
        let open = self.bump().range;
        self.open_objects += 1;
        let start = self.members.len();
        let mut keys = KeyIndex::default();
        let mut comma = None;
        let close = 'members: loop {
            match self.token.kind {
                TokenKind::String { .. } => {
                    let key = self.key();
                    if let Some(first) = keys.earlier(&self.members[start..], &key.value) {
                        let message = format!(
                            "duplicate key `{}`: the same key already appears earlier in this object",
                            snippet(&key.value)
                        );
                        self.report(SyntaxErrorKind::DuplicateKey { first }, key.range, message);
                    }
                    let value = self.member_value(&key, depth);
                    self.members.push(Member { key, value });
                }
                TokenKind::RBrace => {
                    if let Some(comma) = comma {
                        self.trailing_comma(comma);
                    }
                    break Some(self.bump().range);
                }
                TokenKind::Eof => {
                    self.error_at_eof("expected `}` to close the object");
                    break None;
                }
                TokenKind::RBracket if self.open_arrays > 0 => {
                    self.error_key_expected(comma.is_some());
                    break None;
                }
                TokenKind::Comma => {
                    self.error_key_expected(comma.is_some());
                    comma = Some(self.bump().range);
                    continue 'members;
                }
                TokenKind::Char => {
                    self.error_key_expected(comma.is_some());
                    self.bump();
                    match self.token.kind {
                        // A stray character in front of a key (`"a": 1, \0"b": 2`): the key
                        // after it starts the next member.
                        TokenKind::String { .. } => continue 'members,
                        TokenKind::Colon => {
                            self.bump();
                            self.value_or_recover(depth);
                        }
                        _ => {}
                    }
                }
                _ => {
                    self.error_key_expected(comma.is_some());
                    self.skip_bad_member(depth);
                }
            }
            comma = None;
            loop {
                match self.token.kind {
                    TokenKind::Comma => {
                        comma = Some(self.bump().range);
                        continue 'members;
                    }
                    TokenKind::RBrace => break 'members Some(self.bump().range),
                    TokenKind::Eof => {
                        self.error_at_eof("expected `}` to close the object");
                        break 'members None;
                    }
                    TokenKind::RBracket if self.open_arrays > 0 => {
                        self.error_expected("`,` or `}` after an object member");
                        break 'members None;
                    }
                    // Most likely a forgotten comma: read on as if it were there.
                    TokenKind::String { .. } => {
                        self.error_expected("`,` or `}` after an object member");
                        continue 'members;
                    }
                    _ => {
                        self.error_expected("`,` or `}` after an object member");
                        self.skip_until(|parser| {
                            let kind = &parser.token.kind;
                            matches!(
                                kind,
                                TokenKind::Comma | TokenKind::RBrace | TokenKind::String { .. }
                            ) || matches!(kind, TokenKind::RBracket) && parser.open_arrays > 0
                        });
                        if let TokenKind::String { .. } = self.token.kind {
                            continue 'members;
                        }
                    }
                }
            }
        };
        self.open_objects -= 1;
        let members: Vec<Member> = self.members.drain(start..).collect();
        let end = match close {
            Some(close) => close.end,
            None => members.last().map_or(open.end, |member| member.range().end),
        };
        Object {
            range: TextRange::new(open.start, end),
            members,
        }
    }

    fn key(&mut self) -> Str {
        let Token { kind, range } = self.bump();
        let (value, terminated) = match kind {
            TokenKind::String { value, terminated } => (value, terminated),
            _ => (Text::default(), true),
        };
        Str {
            range,
            value,
            terminated,
        }
    }

    /// The `: value` after a key.
    fn member_value(&mut self, key: &Str, depth: usize) -> Option<Value> {
        let expected = || format!("`:` after key `{}`", snippet(&key.value));
        match self.token.kind {
            TokenKind::Colon => {
                self.bump();
                self.value_or_recover(depth)
            }
            // The key swallowed the rest of its line, colon and value included.
            _ if !key.terminated => None,
            // Most likely a forgotten colon: read the value anyway.
            _ if self.token.kind.starts_value() => {
                self.error_expected(&expected());
                self.value(depth)
            }
            // Most likely a mistyped colon (`=`).
            TokenKind::Char => {
                self.error_expected(&expected());
                self.bump();
                self.value_or_recover(depth)
            }
            _ => {
                self.error_expected(&expected());
                None
            }
        }
    }

    /// Consumes a member whose key is not a string (`foo: 1`, `'a': 1`, `{}: 1`), value
    /// included, so that the member gives one error.
    fn skip_bad_member(&mut self, depth: usize) {
        match self.token.kind {
            TokenKind::LBrace | TokenKind::LBracket => self.skip_group(),
            TokenKind::Colon => {}
            _ => {
                self.bump();
            }
        }
        if let TokenKind::Colon = self.token.kind {
            self.bump();
            self.value_or_recover(depth);
        }
    }

    fn bump(&mut self) -> Token {
        let unterminated = matches!(
            self.token.kind,
            TokenKind::String {
                terminated: false,
                ..
            }
        );
        let next = self.lexer.next_token();
        self.quiet_at = unterminated.then_some(next.range.start);
        std::mem::replace(&mut self.token, next)
    }

    /// Skips the bracketed group at the current token without parsing it.
    fn skip_group(&mut self) {
        self.lexer.skip_group(self.token.range.start as usize);
        self.quiet_at = None;
        self.token = self.lexer.next_token();
    }

    /// Skips the current token and those after it until `stop` holds or the text ends, passing
    /// over bracketed groups whole.
    fn skip_until(&mut self, stop: fn(&Self) -> bool) {
        loop {
            match self.token.kind {
                TokenKind::LBrace | TokenKind::LBracket => self.skip_group(),
                _ => {
                    self.bump();
                }
            }
            if stop(self) || matches!(self.token.kind, TokenKind::Eof) {
                return;
            }
        }
    }

    fn trailing_comma(&mut self, comma: TextRange) {
        self.report(
            SyntaxErrorKind::Extension,
            comma,
            TRAILING_COMMA_MESSAGE.to_owned(),
        );
    }

    fn error_key_expected(&mut self, after_comma: bool) {
        self.error_expected(if after_comma {
            "a string key"
        } else {
            "a string key or `}`"
        });
    }

    /// "expected WHAT, found TOKEN", on the current token.
    fn error_expected(&mut self, what: &str) {
        let message = format!("expected {what}, found {}", self.describe());
        self.error(self.token.range, message);
    }

    fn error_at_eof(&mut self, expected: &str) {
        let message = format!("{expected}, found end of file");
        self.error(self.token.range, message);
    }

    fn error(&mut self, range: TextRange, message: String) {
        if self.quiet_at == Some(range.start) {
            return;
        }
        if self.lexer.swallowed_rest && range.start as usize == self.lexer.text().len() {
            return;
        }
        self.report(SyntaxErrorKind::Invalid, range, message);
    }

    fn report(&mut self, kind: SyntaxErrorKind, range: TextRange, message: String) {
        report(&mut self.lexer.errors, kind, range, message);
    }

    /// The current token as messages name it.
    fn describe(&self) -> String {
        let text = &self.lexer.text()[self.token.range.as_usize()];
        match self.token.kind {
            TokenKind::Eof => "end of file".to_owned(),
            TokenKind::String { .. } => format!("string `{}`", snippet(text)),
            TokenKind::Number { .. } => format!("number `{}`", snippet(text)),
            TokenKind::SingleQuoted => format!(
                "single-quoted string `{}` (JSON strings use double quotes)",
                snippet(text)
            ),
            TokenKind::Char => match text.chars().next() {
                Some(ch) if ch.is_control() || ch.is_whitespace() || ch == '\u{feff}' => {
                    format!("character U+{:04X}", ch as u32)
                }
                _ => format!("character `{text}`"),
            },
            _ => format!("`{}`", snippet(text)),
        }
    }
}

/// `text` as a message quotes it: cut to `SNIPPET_CHARS` characters, with control characters
/// escaped so that a decoded key holding a line break keeps the message on one line.
fn snippet(text: &str) -> std::borrow::Cow<'_, str> {
    let (shown, cut) = match text.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => (&text[..cut], true),
        None => (text, false),
    };
    if !cut && !shown.contains(char::is_control) {
        return text.into();
    }
    let mut quoted = String::with_capacity(shown.len() + 3);
    for ch in shown.chars() {
        if ch.is_control() {
            quoted.extend(ch.escape_default());
        } else {
            quoted.push(ch);
        }
    }
    if cut {
        quoted.push('…');
    }
    quoted.into()
}

/// Finds earlier members with the same key: by scanning in small objects, through a map from
/// key hashes to member indexes in large ones, so that neither pays for the other.
#[derive(Default)]
struct KeyIndex {
    first_by_hash: Option<HashMap<u64, usize, BuildHasherDefault<FnvHasher>>>,
}

impl KeyIndex {
    /// The range of the first member of `members` keyed `key`. Must be called for every key
    /// before it is pushed onto `members`.
    fn earlier(&mut self, members: &[Member], key: &str) -> Option<TextRange> {
        let scan = || {
            members
                .iter()
                .find(|member| member.key.value == *key)
                .map(|member| member.key.range)
        };
        if members.len() < LINEAR_KEY_SEARCH_LIMIT {
            return scan();
        }
        let first_by_hash = self.first_by_hash.get_or_insert_with(|| {
            let mut index = HashMap::default();
            for (position, member) in members.iter().enumerate() {
                index.entry(hash_key(&member.key.value)).or_insert(position);
            }
            index
        });
        match first_by_hash.entry(hash_key(key)) {
            Entry::Vacant(entry) => {
                entry.insert(members.len());
                None
            }
            Entry::Occupied(entry) => {
                let first = &members[*entry.get()];
                if first.key.value == *key {
                    Some(first.key.range)
                } else {
                    // Two keys with one hash: rare enough to settle by scanning.
                    scan()
                }
            }
        }
    }
}

fn hash_key(key: &str) -> u64 {
    let mut hasher = FnvHasher::default();
    hasher.write(key.as_bytes());
    hasher.finish()
}

/// FNV-1a: fast on the short keys of JSON objects, where SipHash's setup dominates.
struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
