use std::ops::Range;

use crate::{Path, PathError, Segment, Selector, Slice};

/// Filters, parentheses, `!` and array literals may nest this deep and no deeper, which bounds
/// the parser's recursion. Real paths nest two or three levels.
pub const MAX_FILTER_DEPTH: usize = 64;

const SELECTOR_EXPECTED: &str = "expected a number, a quoted name, `*` or a filter inside `[...]`";
const VALUE_EXPECTED: &str = "expected a value such as `@.name`, `'text'` or `10`";

/// Longer operators come first so that `===` is not read as `==` followed by `=`.
const SYMBOL_OPERATORS: [&str; 9] = ["===", "!==", "==", "!=", "<=", ">=", "=~", "<", ">"];
const WORD_OPERATORS: [&str; 8] = [
    "in", "nin", "subsetof", "anyof", "noneof", "contains", "size", "empty",
];

/// Parses a whole string as a path. Whitespace is allowed only inside brackets and filters.
pub fn parse(src: &str) -> std::result::Result<Path, PathError> {
    let mut parser = Parser {
        src,
        pos: 0,
        depth: 0,
    };
    if !src.starts_with('$') {
        return Err(parser.error("a path must start with `$`"));
    }
    parser.pos = 1;
    let segments = parser.segments(false)?;
    Ok(Path { segments })
}

type Result<T> = std::result::Result<T, PathError>;

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// The current character, or the empty range at the end of input.
    fn here(&self) -> Range<usize> {
        self.pos..self.pos + self.peek().map_or(0, char::len_utf8)
    }

    fn error(&self, message: impl Into<String>) -> PathError {
        PathError {
            range: self.here(),
            message: message.into(),
        }
    }

    /// An error for the current character that says what should have been there. At the end of
    /// input there is nothing to name as found, and the empty range says it already.
    fn expected(&self, what: &str) -> PathError {
        match self.peek() {
            Some(c) => self.error(format!("{what}, found {}", describe(c))),
            None => self.error(what),
        }
    }

    fn enter(&mut self) -> Result<()> {
        if self.depth >= MAX_FILTER_DEPTH {
            return Err(self.error(format!(
                "filter nested too deeply: more than {MAX_FILTER_DEPTH} levels"
            )));
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Reads segments until the input ends or, inside a filter, until a character that cannot
    /// continue a path; at the top level such a character is an error.
    fn segments(&mut self, in_filter: bool) -> Result<Vec<Segment>> {
        let mut segments = Vec::new();
        loop {
            let start = self.pos;
            let segment = match self.peek() {
                None => break,
                Some('[') => self.bracket(start, false)?,
                Some('.') if self.rest().starts_with("..") => {
                    self.pos += 2;
                    match self.peek() {
                        Some('[') => self.bracket(start, true)?,
                        Some(c) if is_name_char(c, in_filter) => {
                            self.dot_name(start, true, in_filter)
                        }
                        _ => return Err(self.expected("expected a name, `*` or `[` after `..`")),
                    }
                }
                Some('.') => {
                    self.pos += 1;
                    match self.peek() {
                        // Jayway reads `.[0]` as `[0]`.
                        Some('[') => self.bracket(start, false)?,
                        Some(c) if is_name_char(c, in_filter) => {
                            self.dot_name(start, false, in_filter)
                        }
                        _ => return Err(self.expected("expected a name after `.`")),
                    }
                }
                Some(_) if in_filter => break,
                Some(c) => {
                    let message = if c.is_whitespace() {
                        "unexpected whitespace: expected `.` or `[`".to_owned()
                    } else {
                        format!("unexpected character {}: expected `.` or `[`", describe(c))
                    };
                    return Err(self.error(message));
                }
            };
            segments.push(segment);
        }
        Ok(segments)
    }

    fn dot_name(&mut self, start: usize, descendant: bool, in_filter: bool) -> Segment {
        let name_start = self.pos;
        while self.peek().is_some_and(|c| is_name_char(c, in_filter)) {
            self.bump();
        }
        let name = &self.src[name_start..self.pos];
        let selector = if name == "*" {
            Selector::Wildcard
        } else {
            Selector::Name(name.to_owned())
        };
        Segment {
            range: start..self.pos,
            descendant,
            selector,
        }
    }

    /// `[` followed by one or more comma-separated selectors and `]`.
    fn bracket(&mut self, start: usize, descendant: bool) -> Result<Segment> {
        self.bump();
        let mut selectors = Vec::new();
        self.comma_list(|parser| {
            selectors.push(parser.selector()?);
            Ok(())
        })?;
        let selector = if selectors.len() == 1 {
            selectors.swap_remove(0)
        } else {
            Selector::Union(selectors)
        };
        Ok(Segment {
            range: start..self.pos,
            descendant,
            selector,
        })
    }

    /// `item, item, …]` after a `[`, whitespace allowed around each item; takes the `]`.
    fn comma_list(&mut self, mut item: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        loop {
            self.skip_ws();
            item(self)?;
            self.skip_ws();
            match self.peek() {
                Some(',') => self.bump(),
                Some(']') => {
                    self.bump();
                    return Ok(());
                }
                None => return Err(self.error("unclosed `[`: expected `]`")),
                Some(_) => return Err(self.expected("expected `,` or `]`")),
            }
        }
    }

    fn selector(&mut self) -> Result<Selector> {
        match self.peek() {
            Some(quote @ ('\'' | '"')) => self.string(quote).map(Selector::Name),
            Some('*') => {
                self.bump();
                Ok(Selector::Wildcard)
            }
            Some('?') => self.filter(),
            Some('-' | '0'..='9' | ':') => self.index_or_slice(),
            _ => Err(self.expected(SELECTOR_EXPECTED)),
        }
    }

    fn index_or_slice(&mut self) -> Result<Selector> {
        let start = self.optional_integer()?;
        self.skip_ws();
        if self.peek() != Some(':') {
            return start
                .map(Selector::Index)
                .ok_or_else(|| self.expected(SELECTOR_EXPECTED));
        }
        self.bump();
        self.skip_ws();
        let end = self.optional_integer()?;
        self.skip_ws();
        let step = if self.peek() == Some(':') {
            self.bump();
            self.skip_ws();
            self.optional_integer()?
        } else {
            None
        };
        Ok(Selector::Slice(Box::new(Slice { start, end, step })))
    }

    fn optional_integer(&mut self) -> Result<Option<i64>> {
        if !matches!(self.peek(), Some('-' | '0'..='9')) {
            return Ok(None);
        }
        let start = self.pos;
        if self.peek() == Some('-') {
            self.bump();
        }
        self.digits("expected a digit after `-`")?;
        let text = &self.src[start..self.pos];
        match text.parse() {
            Ok(n) => Ok(Some(n)),
            Err(_) => Err(PathError {
                range: start..self.pos,
                message: format!("number `{text}` is out of range"),
            }),
        }
    }

    /// One or more ASCII digits.
    fn digits(&mut self, expected: &str) -> Result<()> {
        if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return Err(self.expected(expected));
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
        Ok(())
    }

    /// A quoted string with JSON-style escapes. Unknown escapes stand for the escaped character,
    /// as Jayway treats them, rather than being errors.
    fn string(&mut self, quote: char) -> Result<String> {
        self.bump();
        let mut value = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error(format!("unclosed string in path: expected `{quote}`")));
            };
            self.bump();
            match c {
                _ if c == quote => return Ok(value),
                '\\' => match self.peek() {
                    Some('u') => {
                        self.bump();
                        value.push(self.unicode_escape());
                    }
                    Some(escaped) => {
                        self.bump();
                        value.push(match escaped {
                            'b' => '\u{8}',
                            'f' => '\u{c}',
                            'n' => '\n',
                            'r' => '\r',
                            't' => '\t',
                            other => other,
                        });
                    }
                    // The loop reports the missing quote.
                    None => {}
                },
                _ => value.push(c),
            }
        }
    }

    /// The rest of a `\u` escape, after the `u`. A malformed escape stands for the letter `u`, and
    /// a lone surrogate for U+FFFD, so that decoding never fails.
    fn unicode_escape(&mut self) -> char {
        let Some(high) = self.hex4() else {
            return 'u';
        };
        if (0xD800..0xDC00).contains(&high) && self.rest().starts_with("\\u") {
            let save = self.pos;
            self.pos += 2;
            match self.hex4() {
                Some(low) if (0xDC00..0xE000).contains(&low) => {
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    return char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
                }
                _ => self.pos = save,
            }
        }
        char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.rest().get(..4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// `?` followed by an expression. Jayway wants `?(…)`, RFC 9535 allows `?…`; the parentheses
    /// parse as a parenthesised expression, so both are accepted.
    fn filter(&mut self) -> Result<Selector> {
        let start = self.pos;
        self.enter()?;
        self.bump();
        self.skip_ws();
        if matches!(self.peek(), None | Some(']' | ',')) {
            return Err(self.expected("expected a filter expression after `?`"));
        }
        self.or_expr()?;
        self.leave();
        Ok(Selector::Filter(start..self.pos))
    }

    /// Each expression function leaves the position right after its last token, so that the
    /// filter's range does not take in trailing whitespace.
    fn or_expr(&mut self) -> Result<()> {
        loop {
            self.and_expr()?;
            if !self.logical_operator("||")? {
                return Ok(());
            }
        }
    }

    fn and_expr(&mut self) -> Result<()> {
        loop {
            self.not_expr()?;
            if !self.logical_operator("&&")? {
                return Ok(());
            }
        }
    }

    fn logical_operator(&mut self, operator: &str) -> Result<bool> {
        let save = self.pos;
        self.skip_ws();
        if self.rest().starts_with(operator) {
            self.pos += operator.len();
            return Ok(true);
        }
        let half = &operator[..1];
        if self.rest().starts_with(half) {
            return Err(self.error(format!("expected `{operator}`, found `{half}`")));
        }
        self.pos = save;
        Ok(false)
    }

    fn not_expr(&mut self) -> Result<()> {
        self.skip_ws();
        // `!=` cannot begin an expression, so a `!` here is always negation.
        if self.peek() == Some('!') {
            self.enter()?;
            self.bump();
            self.not_expr()?;
            self.leave();
            return Ok(());
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<()> {
        self.operand(None)?;
        let save = self.pos;
        self.skip_ws();
        let Some(operator) = self.comparison_operator()? else {
            self.pos = save;
            return Ok(());
        };
        self.skip_ws();
        if operator == "=~" {
            self.regex()
        } else {
            self.operand(Some(operator))
        }
    }

    fn comparison_operator(&mut self) -> Result<Option<&'static str>> {
        if let Some(operator) = SYMBOL_OPERATORS
            .into_iter()
            .find(|op| self.rest().starts_with(op))
        {
            self.pos += operator.len();
            return Ok(Some(operator));
        }
        if self.peek() == Some('=') {
            return Err(self.error("expected `==`, found `=`"));
        }
        let word = self.word();
        if let Some(operator) = WORD_OPERATORS.into_iter().find(|op| *op == word) {
            self.pos += operator.len();
            return Ok(Some(operator));
        }
        Ok(None)
    }

    /// The identifier at the current position, possibly empty.
    fn word(&self) -> &'a str {
        let rest = self.rest();
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        &rest[..end]
    }

    /// `after` names the operator before the operand, for the error message.
    fn operand(&mut self, after: Option<&str>) -> Result<()> {
        match self.peek() {
            Some('@' | '$') => {
                self.bump();
                self.segments(true).map(drop)
            }
            Some(quote @ ('\'' | '"')) => self.string(quote).map(drop),
            Some('-' | '0'..='9') => self.number(),
            Some('(') => {
                self.enter()?;
                self.bump();
                self.or_expr()?;
                self.skip_ws();
                match self.peek() {
                    Some(')') => self.bump(),
                    None => return Err(self.error("unclosed `(`: expected `)`")),
                    Some(_) => return Err(self.expected("expected `)`")),
                }
                self.leave();
                Ok(())
            }
            Some('[') => self.array(),
            Some(c) if c.is_alphabetic() || c == '_' => {
                let start = self.pos;
                let word = self.word();
                if matches!(word, "true" | "false" | "null") {
                    self.pos += word.len();
                    return Ok(());
                }
                Err(PathError {
                    range: start..start + word.len(),
                    message: format!(
                        "unknown word `{word}` in filter: quote strings, as in '{word}'"
                    ),
                })
            }
            _ => match after {
                Some(operator) => {
                    Err(self.expected(&format!("expected a value after `{operator}`")))
                }
                None => Err(self.expected(VALUE_EXPECTED)),
            },
        }
    }

    /// A JSON number.
    fn number(&mut self) -> Result<()> {
        if self.peek() == Some('-') {
            self.bump();
        }
        self.digits("expected a digit after `-`")?;
        if self.peek() == Some('.') {
            self.bump();
            self.digits("expected a digit after `.`")?;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            self.digits("expected a digit in the exponent")?;
        }
        Ok(())
    }

    /// `[a, b, …]`, the right-hand side of `in` and its kin.
    fn array(&mut self) -> Result<()> {
        self.enter()?;
        self.bump();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.bump();
            self.leave();
            return Ok(());
        }
        self.comma_list(|parser| parser.operand(None))?;
        self.leave();
        Ok(())
    }

    /// `/pattern/flags`, the right-hand side of `=~`.
    fn regex(&mut self) -> Result<()> {
        if self.peek() != Some('/') {
            return Err(self.expected("expected a regular expression such as `/abc/i` after `=~`"));
        }
        self.bump();
        loop {
            match self.peek() {
                None => return Err(self.error("unclosed regular expression: expected `/`")),
                Some('/') => break,
                Some('\\') => {
                    self.bump();
                    self.bump();
                }
                Some(_) => self.bump(),
            }
        }
        self.bump();
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.bump();
        }
        Ok(())
    }
}

/// Dot names are deliberately broad: anything but the characters that delimit path syntax, so
/// that names such as `custom-field` or `über` never draw a false error. Inside a filter a name
/// also stops at operator characters, so that `@.price<10` reads as a comparison.
fn is_name_char(c: char, in_filter: bool) -> bool {
    let delimiter =
        c.is_whitespace() || matches!(c, '.' | '[' | ']' | '(' | ')' | '\'' | '"' | ',');
    let operator = in_filter && matches!(c, '<' | '>' | '=' | '!' | '~' | '&' | '|');
    !(delimiter || operator)
}

/// How a found character appears in a message.
fn describe(c: char) -> String {
    if c.is_whitespace() {
        "whitespace".to_owned()
    } else if c.is_control() {
        format!("`{}`", c.escape_default())
    } else {
        format!("`{c}`")
    }
}
