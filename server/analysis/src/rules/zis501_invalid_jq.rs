//! # ZIS501 invalid-jq
//!
//! ## What it checks
//! The `expr` parameter of a `zis:common:transform:Jq` call is a jq program that cannot run:
//! - it does not parse: a missing bracket, a stray character, a keyword out of place;
//! - it does not compile: a function that no jq defines (`lenght`), a function called with the
//!   wrong number of arguments (`map(.a; .b)`), `reduce` or `foreach` without their `;`
//!   (`reduce .[] as $x (0, . + $x)`), a variable that is not bound (`$count` before any
//!   `as $count`).
//!
//! The finding points inside the string, through its JSON escapes, at the token where the
//! program goes wrong; when something is missing at the end (an unclosed `(`), at the last
//! character. Which jq ZIS runs is not documented, so a function counts as defined when jq 1.6,
//! 1.7, 1.8 or gojq defines it.
//!
//! Two kinds of program are left alone: one with a destructuring alternative (`?//`), which the
//! parser used here does not read, and one nested so deeply (more than 200 brackets, `if`s,
//! pipes…) that parsing it could exhaust the stack.
//!
//! ## Why
//! ZIS compiles the program only when the state runs: a program that does not compile fails the
//! flow there, with the bundle already uploaded and its job specs installed.
//!
//! ## Example
//! ```json states bad
//! "Summarise": {
//!   "Type": "Action", "ActionName": "zis:common:transform:Jq",
//!   "Parameters": { "expr": "{ids: [.tickets[] | .id}", "data.$": "$.input" },
//!   "ResultPath": "$.summary", "End": true
//! }
//! ```
//! Close every bracket in the right order:
//! ```json states good
//! "Summarise": {
//!   "Type": "Action", "ActionName": "zis:common:transform:Jq",
//!   "Parameters": { "expr": "{ids: [.tickets[] | .id]}", "data.$": "$.input" },
//!   "ResultPath": "$.summary", "End": true
//! }
//! ```
//!
//! ## Fix
//! Correct the program at the token shown; `jq` on the command line reads the same language and
//! tries a program quickly (`jq '<program>' sample.json`). Remember that the program sits in a
//! JSON string: a `"` inside it is written `\"` and a `\` is written `\\`.

use std::ops::Range;
use std::sync::OnceLock;

use jaq_core::compile::{Compiler, Undefined};
use jaq_core::load::lex::{self, Lexer, Tok, Token};
use jaq_core::load::parse::{self, Parser};
use jaq_core::load::{span, Arena, File, Loader, Modules};
use jaq_core::Bind;

use super::path_sites::calls_jq;
use super::zis110_invalid_jsonpath::{quoted, visible_range};
use super::{Context, Report};
use crate::jq_builtins::{self, FUNCTIONS, VARIABLES};
use crate::suggest::closest;
use crate::HashMap;

/// Brackets, keywords and operators the parser may recurse on, at most. The longest program of
/// the real bundles has under 50; the parser handles about 400 levels on a 2 MiB thread stack.
const MAX_NESTING: usize = 200;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for (_, state) in ctx.model.states() {
        if !calls_jq(&state.object) {
            continue;
        }
        let Some(expr) = state
            .object
            .get_object("Parameters")
            .and_then(|parameters| parameters.get_str("expr"))
        else {
            continue;
        };
        if let Some(error) = program_error(&expr.value) {
            let range = visible_range(ctx.text, expr, error.range);
            let diagnostic = report.add(range, format!("invalid jq program: {}", error.message));
            if let Some((opening, delimiter)) = error.opened {
                diagnostic.label(
                    expr.source_range(ctx.text, opening..opening + 1),
                    format!("`{delimiter}` opened here"),
                );
            }
        }
    }
}

/// The first syntax error of a jq program, in bytes of the program.
struct SyntaxError {
    range: Range<usize>,
    message: String,
    /// Where the bracket or quote left open begins, and which it is.
    opened: Option<(usize, String)>,
}

/// The first error of a jq program: a syntax error, else a call or variable that nothing
/// defines.
fn program_error(program: &str) -> Option<SyntaxError> {
    if program.contains("?//") || nesting(program) > MAX_NESTING {
        return None;
    }
    let arena = Arena::default();
    let file = File {
        code: program,
        path: (),
    };
    // The loader parses a program as a module: without a `module`, `import` or `include`
    // header, that is the very term `syntax_error` parses, so a program it loads has no syntax
    // error to find, and lexing and parsing it a second time would double the cost of the rule.
    let header = ["module", "import", "include"]
        .iter()
        .any(|word| program.contains(word));
    match Loader::new([]).load(&arena, file) {
        Ok(modules) if !header => compile_error(program, modules),
        Ok(modules) => syntax_error(program).or_else(|| compile_error(program, modules)),
        Err(_) => syntax_error(program),
    }
}

fn syntax_error(program: &str) -> Option<SyntaxError> {
    let tokens = match Lexer::new(program).lex() {
        Ok(tokens) => tokens,
        Err(errors) => return errors.first().map(|error| lex_error(program, error)),
    };
    // jq runs an empty program as `.`.
    if tokens.is_empty() {
        return None;
    }
    let errors = Parser::new(&tokens).parse(|p| p.term()).err()?;
    let (expected, found) = errors.first()?;
    let expected = describe_expected(expected);
    let (range, found) = match found {
        Some(token) => {
            let range = token_range(program, token);
            let shown = quoted(&program[range.clone()]).unwrap_or_else(|| "a token".into());
            (range, format!("found {shown}"))
        }
        None => (
            program.len()..program.len(),
            "found the end of the program".into(),
        ),
    };
    Some(SyntaxError {
        range,
        message: format!("expected {expected}, {found}"),
        opened: None,
    })
}

/// The first call of a function or use of a variable that no definition, binding or builtin
/// provides, in `program` as loaded.
fn compile_error(program: &str, modules: Modules<&str, ()>) -> Option<SyntaxError> {
    let builtins = callable_builtins(program)
        .map(|&(name, arity)| (name, vec![Bind::Fun(()); arity].into_boxed_slice(), ()));
    let errors = Compiler::default()
        .with_funs(builtins)
        .with_global_vars(VARIABLES.iter().copied())
        .compile(modules)
        .err()?;
    let (name, undefined) = errors.into_iter().flat_map(|(_, errors)| errors).next()?;
    let at = span(program, name);
    let message = match undefined {
        Undefined::Filter(arity) => undefined_filter(name, arity),
        Undefined::Var => format!("`{name}` is not defined: no `as {name}` binds it here"),
        Undefined::Label => format!("`{name}` is not a label here: no `label {name}` encloses it"),
        Undefined::Mod => format!("`{name}` is not a module ZIS can load"),
        _ => format!("`{name}` is not defined"),
    };
    Some(SyntaxError {
        range: at,
        message,
        opened: None,
    })
}

/// The builtins a program can call, in jq's order: each named in it as a word, and every format
/// (`@base64` …). The compiler is set up afresh for each program and looks a call up among all
/// the builtins it was given, one by one; given every builtin, that was most of what checking a
/// short program cost. A builtin left out is named nowhere in the program: no call reaches it.
fn callable_builtins(program: &str) -> impl Iterator<Item = &'static (&'static str, usize)> {
    static BY_NAME: OnceLock<HashMap<&str, Vec<usize>>> = OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| {
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
        for (at, (name, _)) in FUNCTIONS.iter().enumerate() {
            by_name.entry(name).or_default().push(at);
        }
        by_name
    });
    let mut named = vec![false; FUNCTIONS.len()];
    for word in program.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        for &at in by_name.get(word).into_iter().flatten() {
            named[at] = true;
        }
    }
    (FUNCTIONS.iter().zip(named))
        .filter_map(|(builtin, named)| (named || builtin.0.starts_with('@')).then_some(builtin))
}

fn undefined_filter(name: &str, arity: usize) -> String {
    let arguments = |count: usize| match count {
        1 => "1 argument".to_string(),
        count => format!("{count} arguments"),
    };
    match name {
        "reduce" => {
            return format!(
                "`reduce` takes 2 arguments, `(init; update)`, found {}; jq separates \
                 arguments with `;`",
                arity
            )
        }
        "foreach" => {
            return format!(
                "`foreach` takes 2 or 3 arguments, `(init; update)` or `(init; update; \
                 extract)`, found {}; jq separates arguments with `;`",
                arity
            )
        }
        _ => {}
    }
    let mut known: Vec<usize> = jq_builtins::arities(name).collect();
    if known.is_empty() {
        let names = FUNCTIONS.iter().map(|(name, _)| *name);
        return match closest(name, names) {
            Some(similar) => format!("`{name}` is not a jq function; did you mean `{similar}`?"),
            None => format!("`{name}` is not a jq function"),
        };
    }
    known.sort_unstable();
    let takes: Vec<String> = known.iter().map(|&count| arguments(count)).collect();
    let hint = if known.iter().all(|&count| count > arity) && arity > 0 {
        "; jq separates arguments with `;`"
    } else {
        ""
    };
    format!(
        "`{name}` takes {}, found {}{hint}",
        takes.join(" or "),
        arguments(arity)
    )
}

/// A count that bounds how deep the parser recurses: every bracket, every keyword that opens a
/// construct, every pipe and minus, wherever it stands (strings included, to err on the safe
/// side).
fn nesting(program: &str) -> usize {
    let symbols = program.matches(['(', '[', '{', '|', '-']).count();
    let keywords = program
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| {
            matches!(
                *word,
                "if" | "try" | "reduce" | "foreach" | "label" | "as" | "def"
            )
        })
        .count();
    symbols + keywords
}

fn lex_error(program: &str, (expected, rest): &lex::Error<&str>) -> SyntaxError {
    let at = span(program, rest).start;
    let next = rest.chars().next();
    let end = at + next.map_or(0, char::len_utf8);
    // The lexer stops after the backslash of a bad escape; the escape is both characters.
    let range = match expected {
        lex::Expect::Escape => at.saturating_sub(1)..end,
        _ => at..end,
    };
    let found = match next {
        Some(c) => quoted(&c.to_string()).unwrap_or_else(|| "a character".into()),
        None => "the end of the program".into(),
    };
    let (message, opened) = match expected {
        lex::Expect::Delim(open) => {
            let closing = match *open {
                "(" => ")",
                "[" => "]",
                "{" => "}",
                _ => "\"",
            };
            let opening = span(program, open).start;
            (
                format!("unclosed `{open}`: expected `{closing}`, found {found}"),
                Some((opening, open.to_string())),
            )
        }
        lex::Expect::Digit => (format!("expected a digit, found {found}"), None),
        lex::Expect::Ident => (format!("expected a name, found {found}"), None),
        lex::Expect::Escape => (
            format!("invalid escape in a jq string: `\\` followed by {found}"),
            None,
        ),
        lex::Expect::Unicode => (
            "expected 4 hexadecimal digits of a character code after `\\u`".into(),
            None,
        ),
        lex::Expect::Token => (format!("unexpected character {found}"), None),
        other => (format!("expected {}, found {found}", other.as_str()), None),
    };
    SyntaxError {
        range,
        message,
        opened,
    }
}

fn describe_expected(expected: &parse::Expect<&str>) -> String {
    match expected {
        parse::Expect::Just(text) => format!("`{text}`"),
        parse::Expect::Var => "a variable".into(),
        parse::Expect::Pattern => "a variable or a destructuring pattern".into(),
        parse::Expect::ElseOrEnd => "`else` or `end`".into(),
        parse::Expect::CommaOrRBrack => "`,` or `]`".into(),
        parse::Expect::CommaOrRBrace => "`,` or `}`".into(),
        parse::Expect::SemicolonOrRParen => "`;` or `)`".into(),
        parse::Expect::Term => "an expression".into(),
        parse::Expect::Key => "a key".into(),
        parse::Expect::Ident => "a name".into(),
        parse::Expect::Arg => "an argument".into(),
        parse::Expect::Str => "a string".into(),
        parse::Expect::Nothing => "the end of the program".into(),
        other => other.as_str().into(),
    }
}

/// A token's range; for a bracketed block, its opening bracket only.
fn token_range(program: &str, token: &Token<&str>) -> Range<usize> {
    let range = span(program, token.as_str());
    match token.1 {
        Tok::Block(_) => range.start..range.start + 1,
        _ => range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(program: &str) -> Option<(String, String)> {
        program_error(program).map(|e| (program[e.range].to_string(), e.message))
    }

    #[test]
    fn real_programs_parse() {
        for program in [
            ".",
            "",
            "# only a comment",
            "{status: (\"tsanet_\" + (.collab.status // \"\" | ascii_downcase))}",
            "[.a[] | select(.id == 1) | .value][0] // \"\"",
            ". as [$a, $b] | {a: $a, $b}",
            "reduce .[] as {id: $id} ({}; .[$id | tostring] = true)",
            "if . then 1 elif 2 then 3 else 4 end",
            "def f($x): $x + 1; f(2)",
            "\"\\(.a) \\(.b)\" | @base64",
            "label $out | foreach .[] as $x (0; . + $x; if . > 3 then ., break $out else . end)",
            "try error(\"x\") catch .",
            "gsub(\"^\\\\s+|\\\\s+$\"; \"\")",
            ".a?.b[1:]?",
            "{if: 1, (.k): 2, \"x\\(1)\": 3, $__loc__}",
            ". as [$a] ?// $a | $a",
        ] {
            assert_eq!(error(program), None, "{program}");
        }
    }

    #[test]
    fn points_at_the_offending_token() {
        assert_eq!(
            error("{ids: [.tickets[] | .id}"),
            Some(("}".into(), "unclosed `[`: expected `]`, found `}`".into()))
        );
        assert_eq!(
            error(".a |"),
            Some((
                "".into(),
                "expected an expression, found the end of the program".into()
            ))
        );
        assert_eq!(
            error("if . then 1 else 2"),
            Some((
                "".into(),
                "expected `end`, found the end of the program".into()
            ))
        );
        assert_eq!(
            error("{a: 1;}"),
            Some((";".into(), "expected `,` or `}`, found `;`".into()))
        );
        assert_eq!(
            error(".a & .b"),
            Some(("&".into(), "unexpected character `&`".into()))
        );
        assert_eq!(
            error("\"\\q\""),
            Some((
                "\\q".into(),
                "invalid escape in a jq string: `\\` followed by `q`".into()
            ))
        );
    }

    #[test]
    fn a_module_header_is_a_syntax_error_though_jq_loads_it() {
        assert_eq!(
            error("module {}; ."),
            Some((
                "{".into(),
                "expected the end of the program, found `{`".into()
            ))
        );
    }

    #[test]
    fn real_programs_compile() {
        for program in [
            ".",
            "{status: (\"tsanet_\" + (.collab.status // \"\" | ascii_downcase))}",
            "[.a[] | select(.id == 1) | .value][0] // \"\"",
            ". as [$a, $b] | {a: $a, $b}",
            "reduce .[] as {id: $id} ({}; .[$id | tostring] = true)",
            "def f($x): $x + 1; f(2)",
            "def g(f): [.[] | f]; g(. * 2)",
            "\"\\(.a)\" | @base64",
            "@base64 \"x\\(.)\"",
            "label $out | foreach .[] as $x (0; . + $x; if . > 3 then ., break $out else . end)",
            "try error(\"x\") catch .",
            "gsub(\"^\\\\s+\"; \"\")",
            "$__loc__, $ENV.HOME, now | todate",
            ".ticket_statuses | index([\"open\"])",
            ".comment | capture(\"(?<a>x)\"; \"gi\")",
            "to_entries | map(select(.value != null)) | from_entries",
            "[limit(3; .[])] | first, last, length, (.[0] | tostring | ascii_upcase)",
            "true, false, null, not, empty",
        ] {
            assert_eq!(error(program), None, "{program}");
        }
    }

    #[test]
    fn every_builtin_compiles_when_called_with_its_arguments() {
        for &(name, arity) in FUNCTIONS {
            let program = match arity {
                0 => name.to_string(),
                _ => format!("{name}({})", vec!["."; arity].join("; ")),
            };
            let program = match name.starts_with('@') {
                true => format!("1 | {program}"),
                false => program,
            };
            assert_eq!(error(&program), None, "{program}");
        }
    }

    #[test]
    fn points_at_what_does_not_compile() {
        assert_eq!(
            error("reduce .[] as $x (0, . + $x)"),
            Some((
                "reduce".into(),
                "`reduce` takes 2 arguments, `(init; update)`, found 1; jq separates arguments \
                 with `;`"
                    .into()
            ))
        );
        assert_eq!(
            error("foreach .[] as $x (0)"),
            Some((
                "foreach".into(),
                "`foreach` takes 2 or 3 arguments, `(init; update)` or `(init; update; \
                 extract)`, found 1; jq separates arguments with `;`"
                    .into()
            ))
        );
        assert_eq!(
            error(".tickets | lenght"),
            Some((
                "lenght".into(),
                "`lenght` is not a jq function; did you mean `length`?".into()
            ))
        );
        assert_eq!(
            error("map(.a; .b)"),
            Some((
                "map".into(),
                "`map` takes 1 argument, found 2 arguments".into()
            ))
        );
        assert_eq!(
            error("split"),
            Some((
                "split".into(),
                "`split` takes 1 argument or 2 arguments, found 0 arguments".into()
            ))
        );
        assert_eq!(
            error(".[] as $x | $count + $x"),
            Some((
                "$count".into(),
                "`$count` is not defined: no `as $count` binds it here".into()
            ))
        );
        assert_eq!(
            error("def f: 1; f(2)"),
            Some(("f".into(), "`f` is not a jq function".into()))
        );
    }

    #[test]
    fn programs_at_the_limit_fit_the_stacks_they_run_on() {
        let n = MAX_NESTING;
        let nested = [
            format!("{}1{}", "{a:".repeat(n), "}".repeat(n)),
            format!("{}1{}", "\"\\(".repeat(n), ")\"".repeat(n)),
            format!("{}1{}", "if . then ".repeat(n), " end".repeat(n)),
            format!("{}1", "-".repeat(n)),
            format!(
                "{}.{}",
                "reduce . as $x (0; ".repeat(n / 3),
                ")".repeat(n / 3)
            ),
        ];
        for program in &nested {
            assert!(nesting(program) <= MAX_NESTING);
            assert_eq!(
                syntax_error(program).map(|e| e.message),
                None,
                "{}",
                &program[..20]
            );
        }
        // Compiling recurses deeper than parsing: it gets the stack of the threads rules run on.
        let checked = std::thread::Builder::new()
            .stack_size(zis_syntax::STACK_BYTES)
            .spawn(move || nested.iter().map(|p| error(p)).collect::<Vec<_>>())
            .unwrap()
            .join()
            .unwrap();
        assert!(checked.iter().all(Option::is_none), "{checked:?}");
    }

    #[test]
    fn leaves_programs_too_deep_to_parse_safely() {
        let deep = format!("{}.{}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(error(&deep), None);
        let unclosed = "[".repeat(100_000);
        assert_eq!(error(&unclosed), None);
    }
}
