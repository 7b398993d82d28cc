//! Structural mutations of a JSON document: edits at the level of tokens and bracketed groups,
//! the way a person typing or pasting breaks a bundle, rather than random bytes, which mostly
//! exercise the first few characters of the lexer.

use std::ops::Range;

use crate::Rng;

/// One edit. Positions are taken modulo what the document holds when the edit is applied, so
/// every value is valid on every document, and a fuzzer can choose them freely.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mutation {
    DeleteToken {
        at: usize,
    },
    DuplicateToken {
        at: usize,
    },
    /// Inserts an entry of [`SNIPPETS`] before a token.
    InsertSnippet {
        at: usize,
        snippet: usize,
    },
    /// Replaces a string literal with a snippet or with another string literal of the document
    /// (`with` past the snippets), which swaps names, references and paths around.
    ReplaceString {
        at: usize,
        with: usize,
    },
    SwapTokens {
        a: usize,
        b: usize,
    },
    /// Copies a bracketed group (an object or an array, or its rest when unclosed) before a token.
    CopyGroup {
        group: usize,
        to: usize,
    },
    DeleteGroup {
        group: usize,
    },
    /// Cuts the document at a byte offset (moved back to a character boundary).
    Truncate {
        at: usize,
    },
}

/// What [`Mutation::InsertSnippet`] and [`Mutation::ReplaceString`] put in: JSON punctuation,
/// the keys and values ZIS rules look at, and characters that break naive position arithmetic.
pub const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "null",
    "true",
    "0",
    "-1e999",
    "01",
    "\"\"",
    "\"Next\"",
    "\"End\"",
    "\"Type\"",
    "\"Default\"",
    "\"Choices\"",
    "\"Catch\"",
    "\"Iterator\"",
    "\"States\"",
    "\"StartAt\"",
    "\"ActionName\"",
    "\"Parameters\"",
    "\"ResultPath\"",
    "\"Variable\"",
    "\"StringEquals\"",
    "\"StringMatches\"",
    "\"And\"",
    "\"Not\"",
    "\"ErrorEquals\"",
    "\"States.ALL\"",
    "\"Action\"",
    "\"Choice\"",
    "\"Map\"",
    "\"Wait\"",
    "\"Pass\"",
    "\"Succeed\"",
    "\"Fail\"",
    "\"Task\"",
    "\"type\"",
    "\"ZIS::Flow\"",
    "\"ZIS::Action::Http\"",
    "\"ZIS::JobSpec\"",
    "\"properties\"",
    "\"definition\"",
    "\"name\"",
    "\"flow_name\"",
    "\"event_type\"",
    "\"event_source\"",
    "\"url\"",
    "\"path\"",
    "\"path.$\"",
    "\"value.$\"",
    "\"connectionName\"",
    "\"ticket.TicketCreated\"",
    "\"support\"",
    "\"$\"",
    "\"$.\"",
    "\"$.a[\"",
    "\"$..a[?(@.b > 1)]\"",
    "\"$.a['b\\\"c']\"",
    "\"{{$.x}}\"",
    "\"{{$.\"",
    "\"{{\"",
    "\"%INTEGRATION%\"",
    "\"<YOUR_INTEGRATION>\"",
    "\"zis:bench:action:get_0\"",
    "\"zis:bench:flow:flow_0\"",
    "\"zis:common:transform:Jq\"",
    "\"zis::action:\"",
    "\"https://\"",
    "\"http://[::1\"",
    "\"\\u00e9\\ud83d\\ude00\"",
    "\"\\ud800\"",
    "\"\\u12\"",
    "\"\\q\"",
    "\"é😀\"",
    "\"a\\\\\"",
    "\"",
    "'x'",
    "// note\n",
    "/* note */",
    "/*",
    "\u{feff}",
    "\u{0}",
    "\r\n",
    "\r",
    "\t",
    "é",
    "😀",
    "\u{2028}",
    "\\",
    "[[[[[[[[[[[[[[[[",
    "}}}}",
];

impl Mutation {
    pub fn random(rng: &mut Rng) -> Mutation {
        let mut any = || rng.next_u64() as usize;
        match any() % 8 {
            0 => Mutation::DeleteToken { at: any() },
            1 => Mutation::DuplicateToken { at: any() },
            2 => Mutation::InsertSnippet {
                at: any(),
                snippet: any(),
            },
            3 => Mutation::ReplaceString {
                at: any(),
                with: any(),
            },
            4 => Mutation::SwapTokens { a: any(), b: any() },
            5 => Mutation::CopyGroup {
                group: any(),
                to: any(),
            },
            6 => Mutation::DeleteGroup { group: any() },
            _ => Mutation::Truncate { at: any() },
        }
    }

    /// Reads a sequence of mutations from arbitrary bytes, five bytes each: the kind, then two
    /// 16-bit numbers. How a fuzz target turns its input into edits.
    pub fn decode(bytes: &[u8]) -> Vec<Mutation> {
        bytes
            .chunks_exact(5)
            .map(|chunk| {
                let x = usize::from(u16::from_le_bytes([chunk[1], chunk[2]]));
                let y = usize::from(u16::from_le_bytes([chunk[3], chunk[4]]));
                match chunk[0] % 8 {
                    0 => Mutation::DeleteToken { at: x },
                    1 => Mutation::DuplicateToken { at: x },
                    2 => Mutation::InsertSnippet { at: x, snippet: y },
                    3 => Mutation::ReplaceString { at: x, with: y },
                    4 => Mutation::SwapTokens { a: x, b: y },
                    5 => Mutation::CopyGroup { group: x, to: y },
                    6 => Mutation::DeleteGroup { group: x },
                    // Scaled so that cuts reach the whole of a large document.
                    _ => Mutation::Truncate {
                        at: x << 8 | y & 0xff,
                    },
                }
            })
            .collect()
    }
}

/// `text` with `mutation` applied. A document with nothing to apply it to is returned as it is.
pub fn mutate(text: &str, mutation: &Mutation) -> String {
    let tokens = tokens(text);
    let token = |at: usize| tokens.get(at % tokens.len().max(1)).cloned();
    let splice = |range: Range<usize>, with: &str| {
        let mut out = String::with_capacity(text.len() + with.len());
        out.push_str(&text[..range.start]);
        out.push_str(with);
        out.push_str(&text[range.end..]);
        out
    };
    let unchanged = || text.to_owned();
    match *mutation {
        Mutation::DeleteToken { at } => token(at).map_or_else(unchanged, |t| splice(t.range, "")),
        Mutation::DuplicateToken { at } => token(at).map_or_else(unchanged, |t| {
            let copy = format!("{0} {0}", &text[t.range.clone()]);
            splice(t.range, &copy)
        }),
        Mutation::InsertSnippet { at, snippet } => {
            let offset = token(at).map_or(text.len(), |t| t.range.start);
            splice(offset..offset, SNIPPETS[snippet % SNIPPETS.len()])
        }
        Mutation::ReplaceString { at, with } => {
            let strings: Vec<&Token> = tokens.iter().filter(|t| t.kind == Kind::String).collect();
            if strings.is_empty() {
                return unchanged();
            }
            let target = strings[at % strings.len()].range.clone();
            let replacement = match with.checked_sub(SNIPPETS.len()) {
                None => SNIPPETS[with],
                Some(other) => &text[strings[other % strings.len()].range.clone()],
            };
            splice(target, replacement)
        }
        Mutation::SwapTokens { a, b } => {
            let (Some(a), Some(b)) = (token(a), token(b)) else {
                return unchanged();
            };
            let (first, second) = if a.range.start <= b.range.start {
                (a.range, b.range)
            } else {
                (b.range, a.range)
            };
            if first.end > second.start {
                return unchanged();
            }
            format!(
                "{}{}{}{}{}",
                &text[..first.start],
                &text[second.clone()],
                &text[first.end..second.start],
                &text[first],
                &text[second.end..]
            )
        }
        Mutation::CopyGroup { group, to } => {
            let groups = groups(&tokens, text.len());
            let (Some(group), Some(to)) = (groups.get(group % groups.len().max(1)), token(to))
            else {
                return unchanged();
            };
            let at = to.range.start;
            splice(at..at, &text[group.clone()])
        }
        Mutation::DeleteGroup { group } => {
            let groups = groups(&tokens, text.len());
            match groups.get(group % groups.len().max(1)) {
                Some(group) => splice(group.clone(), ""),
                None => unchanged(),
            }
        }
        Mutation::Truncate { at } => {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text[..at].to_owned()
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    String,
    Other,
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    range: Range<usize>,
}

/// A rough JSON tokenizer that accepts any text: strings end at their quote or line break,
/// punctuation is one character, and anything else runs to the next space or punctuation.
fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        let kind = match ch {
            _ if ch.is_whitespace() => continue,
            '{' | '[' => Kind::Open,
            '}' | ']' => Kind::Close,
            ',' | ':' => Kind::Other,
            '"' => {
                let mut escaped = false;
                while let Some(&(_, next)) = chars.peek() {
                    if next == '\n' {
                        break;
                    }
                    chars.next();
                    match next {
                        '\\' => escaped = !escaped,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
                Kind::String
            }
            _ => {
                while chars.next_if(|&(_, next)| !is_delimiter(next)).is_some() {}
                Kind::Other
            }
        };
        let end = chars.peek().map_or(text.len(), |&(end, _)| end);
        tokens.push(Token {
            kind,
            range: start..end,
        });
    }
    tokens
}

fn is_delimiter(ch: char) -> bool {
    ch.is_whitespace() || matches!(ch, '{' | '}' | '[' | ']' | ',' | ':' | '"')
}

/// The byte range of every bracketed group, from its opening bracket to its matching closing
/// one, or to the end of the text when it is unclosed.
fn groups(tokens: &[Token], len: usize) -> Vec<Range<usize>> {
    let mut open = Vec::new();
    let mut groups = Vec::new();
    for token in tokens {
        match token.kind {
            Kind::Open => open.push(token.range.start),
            Kind::Close => {
                if let Some(start) = open.pop() {
                    groups.push(start..token.range.end);
                }
            }
            _ => {}
        }
    }
    groups.extend(open.into_iter().map(|start| start..len));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_edits() {
        let text = r#"{"a": [1, "b"], "c": null}"#;
        assert_eq!(
            mutate(text, &Mutation::DeleteToken { at: 1 }),
            r#"{: [1, "b"], "c": null}"#
        );
        assert_eq!(
            mutate(text, &Mutation::SwapTokens { a: 1, b: 6 }),
            r#"{"b": [1, "a"], "c": null}"#
        );
        assert_eq!(
            mutate(
                text,
                &Mutation::ReplaceString {
                    at: 2,
                    with: SNIPPETS.len() + 1
                }
            ),
            r#"{"a": [1, "b"], "b": null}"#
        );
        assert_eq!(
            mutate(text, &Mutation::DeleteGroup { group: 0 }),
            r#"{"a": , "c": null}"#
        );
        assert_eq!(mutate(text, &Mutation::Truncate { at: 3 }), r#"{"a"#);
    }

    #[test]
    fn any_mutation_applies_to_any_text() {
        let mut rng = Rng::new(7);
        for text in ["", " ", "\"", "[", "é", "{\"a\\", "}}{{"] {
            for _ in 0..200 {
                mutate(text, &Mutation::random(&mut rng));
            }
        }
    }

    #[test]
    fn decoding_uses_every_byte_of_whole_chunks() {
        let decoded = Mutation::decode(&[2, 1, 0, 3, 0, 7, 0xff]);
        assert_eq!(decoded, [Mutation::InsertSnippet { at: 1, snippet: 3 }]);
    }
}
