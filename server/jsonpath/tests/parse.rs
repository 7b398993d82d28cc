use std::ops::Range;

use zis_jsonpath::{looks_like_path, parse, Path, Segment, Selector, Slice};

fn ok(src: &str) -> Path {
    match parse(src) {
        Ok(path) => path,
        Err(error) => panic!("{src:?} failed at {:?}: {}", error.range, error.message),
    }
}

fn err(src: &str) -> (Range<usize>, String) {
    match parse(src) {
        Ok(path) => panic!("{src:?} parsed as {path:?}"),
        Err(error) => (error.range, error.message),
    }
}

fn child(range: Range<usize>, selector: Selector) -> Segment {
    Segment {
        range,
        descendant: false,
        selector,
    }
}

fn descendant(range: Range<usize>, selector: Selector) -> Segment {
    Segment {
        range,
        descendant: true,
        selector,
    }
}

fn name(n: &str) -> Selector {
    Selector::Name(n.to_owned())
}

fn slice(start: Option<i64>, end: Option<i64>, step: Option<i64>) -> Selector {
    Selector::Slice(Box::new(Slice { start, end, step }))
}

#[test]
fn root_alone_is_the_whole_input() {
    assert_eq!(ok("$").segments, vec![]);
}

#[test]
fn real_paths_from_bundles() {
    for src in [
        "$",
        "$.input.ticket_event.ticket.status",
        "$.search.tickets[0].id",
        "$.input.ticket_event.comment.author.id",
        "$.collab.customFields",
        "$['a b'].c",
        "$..book[?(@.price < 10)].title",
        "$.store.book[-1:]",
        "$.config.custom-field",
        "$.fieldName2",
        "$.über.größe",
        "$.a$b.c@d.e{f}.g?h.i:j.k/l",
        "$.store.book[?(@.price < 10 && @.category == 'fiction')]",
        "$.book[?(@.isbn)]",
        "$[0]['a']..b",
    ] {
        ok(src);
    }
}

#[test]
fn dot_names() {
    assert_eq!(
        ok("$.input.ticket_event.ticket.status").segments,
        vec![
            child(1..7, name("input")),
            child(7..20, name("ticket_event")),
            child(20..27, name("ticket")),
            child(27..34, name("status")),
        ]
    );
    assert_eq!(
        ok("$.custom-field").segments,
        vec![child(1..14, name("custom-field"))]
    );
    // Ranges are in bytes: `ü` takes two.
    assert_eq!(ok("$.über").segments, vec![child(1..7, name("über"))]);
}

#[test]
fn bracket_names_and_escapes() {
    assert_eq!(
        ok("$['a b'].c").segments,
        vec![child(1..8, name("a b")), child(8..10, name("c"))]
    );
    assert_eq!(ok(r#"$["x"]"#).segments, vec![child(1..6, name("x"))]);
    assert_eq!(ok(r"$['it\'s']").segments[0].selector, name("it's"));
    assert_eq!(
        ok(r#"$["say \"hi\""]"#).segments[0].selector,
        name("say \"hi\"")
    );
    assert_eq!(ok(r#"$['a"b']"#).segments[0].selector, name("a\"b"));
    assert_eq!(ok(r"$['a\\b']").segments[0].selector, name("a\\b"));
    assert_eq!(
        ok(r"$['\n\t\r\b\f\/']").segments[0].selector,
        name("\n\t\r\u{8}\u{c}/")
    );
    assert_eq!(ok(r"$['\u00fc']").segments[0].selector, name("ü"));
    assert_eq!(ok(r"$['\ud83d\ude00']").segments[0].selector, name("😀"));
    assert_eq!(ok(r"$['\ud83d']").segments[0].selector, name("\u{fffd}"));
    assert_eq!(ok(r"$['\uzz']").segments[0].selector, name("uzz"));
    assert_eq!(ok(r"$['\.']").segments[0].selector, name("."));
    assert_eq!(ok("$['']").segments[0].selector, name(""));
    assert_eq!(ok("$[ 'a' ]").segments, vec![child(1..8, name("a"))]);
    // Jayway reads `.[…]` as `[…]`.
    assert_eq!(ok("$.['a']").segments, vec![child(1..7, name("a"))]);
}

#[test]
fn indices() {
    assert_eq!(ok("$[0]").segments, vec![child(1..4, Selector::Index(0))]);
    assert_eq!(ok("$[-1]").segments, vec![child(1..5, Selector::Index(-1))]);
    assert_eq!(
        ok("$[ 12 ]").segments,
        vec![child(1..7, Selector::Index(12))]
    );
    assert_eq!(
        ok("$.search.tickets[0].id").segments,
        vec![
            child(1..8, name("search")),
            child(8..16, name("tickets")),
            child(16..19, Selector::Index(0)),
            child(19..22, name("id")),
        ]
    );
    assert_eq!(
        ok("$[-9223372036854775808]").segments[0].selector,
        Selector::Index(i64::MIN)
    );
}

#[test]
fn slices() {
    let cases = [
        ("$[1:3]", slice(Some(1), Some(3), None)),
        ("$[::2]", slice(None, None, Some(2))),
        ("$[:-1]", slice(None, Some(-1), None)),
        ("$[-1:]", slice(Some(-1), None, None)),
        ("$[:]", slice(None, None, None)),
        ("$[1:2:3]", slice(Some(1), Some(2), Some(3))),
        ("$[ 1 : 2 : -1 ]", slice(Some(1), Some(2), Some(-1))),
        ("$[1::]", slice(Some(1), None, None)),
    ];
    for (src, selector) in cases {
        assert_eq!(
            ok(src).segments,
            vec![child(1..src.len(), selector)],
            "{src}"
        );
    }
    assert_eq!(
        ok("$.store.book[-1:]").segments[2],
        child(12..17, slice(Some(-1), None, None))
    );
}

#[test]
fn wildcards() {
    assert_eq!(ok("$.*").segments, vec![child(1..3, Selector::Wildcard)]);
    assert_eq!(ok("$[*]").segments, vec![child(1..4, Selector::Wildcard)]);
    assert_eq!(ok("$[ * ]").segments, vec![child(1..6, Selector::Wildcard)]);
    assert_eq!(
        ok("$.a.*.b").segments,
        vec![
            child(1..3, name("a")),
            child(3..5, Selector::Wildcard),
            child(5..7, name("b")),
        ]
    );
    // Only a lone `*` is a wildcard; with other characters it is part of a name.
    assert_eq!(ok("$.a*").segments, vec![child(1..4, name("a*"))]);
}

#[test]
fn unions() {
    assert_eq!(
        ok("$[0,1]").segments,
        vec![child(
            1..6,
            Selector::Union(vec![Selector::Index(0), Selector::Index(1)])
        )]
    );
    assert_eq!(
        ok("$['a', \"b\"]").segments,
        vec![child(1..11, Selector::Union(vec![name("a"), name("b")]))]
    );
    assert_eq!(
        ok("$[0, 'a', *, 1:2, ?(@.x)]").segments[0].selector,
        Selector::Union(vec![
            Selector::Index(0),
            name("a"),
            Selector::Wildcard,
            slice(Some(1), Some(2), None),
            Selector::Filter(18..24),
        ])
    );
}

#[test]
fn filters() {
    assert_eq!(
        ok("$[?(@.price < 10 && @.tag == 'x')]").segments,
        vec![child(1..34, Selector::Filter(2..33))]
    );
    assert_eq!(
        ok("$[ ?(@.isbn) ]").segments,
        vec![child(1..14, Selector::Filter(3..12))]
    );
    // RFC 9535 drops the parentheses.
    assert_eq!(
        ok("$[?@.a]").segments,
        vec![child(1..7, Selector::Filter(2..6))]
    );
    for src in [
        "$[?(@.isbn)]",
        "$[?(@)]",
        "$[?(!@.isbn)]",
        "$[?(!(@.a == 1))]",
        "$[?(@.a == 1 || @.b != 2 && !@.c)]",
        "$[?((@.a < 1 || @.b > 2) && (@.c <= 3 || @.d >= 4))]",
        "$[?(@.price<10)]",
        "$[?(@.a==@.b)]",
        "$[?(@.a == -1.5e+3)]",
        "$[?(@.a == 0.25 && @.b == 2E5)]",
        "$[?(@.a == \"x\")]",
        "$[?(@.a == 'it\\'s')]",
        "$[?(@.a == true || @.b == false || @.c == null)]",
        "$[?(@.a == $.b)]",
        "$[?(@['a b'] == 1)]",
        "$[?(@[0] == 1)]",
        "$[?(@.a[?(@.b)])]",
        "$[?(@..b)]",
        "$[?(@.*)]",
        "$[?(@.name =~ /^foo.*\\/bar/i)]",
        "$[?(@.tag in ['a', 'b'])]",
        "$[?(@.tag nin [])]",
        "$[?(@.tags anyof ['a'] && @.tags noneof [1, 2])]",
        "$[?(@.tags subsetof ['a'] || @.tags contains 'a')]",
        "$[?(@.tags size 2 && @.tags empty false)]",
        "$[?(@.a === 1 && @.b !== '1')]",
        "$[?( @.a )]",
        "$[?(\n@.a\t==\n1\n)]",
        "$..book[?(@.price < 10)].title",
    ] {
        ok(src);
    }
}

#[test]
fn recursive_descent() {
    assert_eq!(ok("$..name").segments, vec![descendant(1..7, name("name"))]);
    assert_eq!(
        ok("$..*").segments,
        vec![descendant(1..4, Selector::Wildcard)]
    );
    assert_eq!(
        ok("$..[0]").segments,
        vec![descendant(1..6, Selector::Index(0))]
    );
    assert_eq!(
        ok("$..book[?(@.price < 10)].title").segments,
        vec![
            descendant(1..7, name("book")),
            child(7..24, Selector::Filter(8..23)),
            child(24..30, name("title")),
        ]
    );
}

#[track_caller]
fn check_error(src: &str, range: Range<usize>, message: &str) {
    assert_eq!(err(src), (range, message.to_owned()), "{src:?}");
}

#[test]
fn errors_outside_brackets() {
    check_error("", 0..0, "a path must start with `$`");
    check_error("input.a", 0..1, "a path must start with `$`");
    check_error(" $.a", 0..1, "a path must start with `$`");
    check_error("@.a", 0..1, "a path must start with `$`");
    check_error("ü", 0..2, "a path must start with `$`");
    check_error("$.", 2..2, "expected a name after `.`");
    check_error("$.a.", 4..4, "expected a name after `.`");
    check_error("$.]", 2..3, "expected a name after `.`, found `]`");
    check_error("$. a", 2..3, "expected a name after `.`, found whitespace");
    check_error("$.'a'", 2..3, "expected a name after `.`, found `'`");
    check_error("$..", 3..3, "expected a name, `*` or `[` after `..`");
    check_error(
        "$...a",
        3..4,
        "expected a name, `*` or `[` after `..`, found `.`",
    );
    check_error("$}", 1..2, "unexpected character `}`: expected `.` or `[`");
    check_error("$a", 1..2, "unexpected character `a`: expected `.` or `[`");
    check_error("$.a b", 3..4, "unexpected whitespace: expected `.` or `[`");
    check_error("$.a\n", 3..4, "unexpected whitespace: expected `.` or `[`");
    check_error(
        "$.a]",
        3..4,
        "unexpected character `]`: expected `.` or `[`",
    );
    check_error(
        "$.a(",
        3..4,
        "unexpected character `(`: expected `.` or `[`",
    );
    check_error(
        "$.a,b",
        3..4,
        "unexpected character `,`: expected `.` or `[`",
    );
    check_error(
        "$[0]x",
        4..5,
        "unexpected character `x`: expected `.` or `[`",
    );
    check_error(
        "$\u{0}",
        1..2,
        "unexpected character `\\u{0}`: expected `.` or `[`",
    );
    check_error("$€", 1..4, "unexpected character `€`: expected `.` or `[`");
}

#[test]
fn errors_inside_brackets() {
    let selector = "expected a number, a quoted name, `*` or a filter inside `[...]`";
    check_error("$[", 2..2, selector);
    check_error("$[]", 2..3, &format!("{selector}, found `]`"));
    check_error("$[ ]", 3..4, &format!("{selector}, found `]`"));
    check_error("$[a]", 2..3, &format!("{selector}, found `a`"));
    check_error("$[0,]", 4..5, &format!("{selector}, found `]`"));
    check_error("$[0", 3..3, "unclosed `[`: expected `]`");
    check_error("$[0 ", 4..4, "unclosed `[`: expected `]`");
    check_error("$['a'", 5..5, "unclosed `[`: expected `]`");
    check_error("$[0 1]", 4..5, "expected `,` or `]`, found `1`");
    check_error("$['a' 'b']", 6..7, "expected `,` or `]`, found `'`");
    check_error("$[1:2:3:4]", 7..8, "expected `,` or `]`, found `:`");
    check_error("$[-]", 3..4, "expected a digit after `-`, found `]`");
    check_error("$[-", 3..3, "expected a digit after `-`");
    check_error("$[1:-]", 5..6, "expected a digit after `-`, found `]`");
    check_error(
        "$[99999999999999999999]",
        2..22,
        "number `99999999999999999999` is out of range",
    );
    check_error("$['abc", 6..6, "unclosed string in path: expected `'`");
    check_error("$[\"abc", 6..6, "unclosed string in path: expected `\"`");
    check_error("$['abc\\'", 8..8, "unclosed string in path: expected `'`");
    check_error("$['abc\\", 7..7, "unclosed string in path: expected `'`");
    check_error("$..[", 4..4, selector);
}

#[test]
fn errors_inside_filters() {
    let value = "expected a value such as `@.name`, `'text'` or `10`";
    check_error("$[?", 3..3, "expected a filter expression after `?`");
    check_error(
        "$[?]",
        3..4,
        "expected a filter expression after `?`, found `]`",
    );
    check_error(
        "$[? ]",
        4..5,
        "expected a filter expression after `?`, found `]`",
    );
    check_error("$[?()]", 4..5, &format!("{value}, found `)`"));
    check_error("$[?(@.a", 7..7, "unclosed `(`: expected `)`");
    check_error("$[?(@.a)", 8..8, "unclosed `[`: expected `]`");
    check_error("$[?(@.a 'x')]", 8..9, "expected `)`, found `'`");
    check_error("$[?(@.a) x]", 9..10, "expected `,` or `]`, found `x`");
    check_error(
        "$[?(@.a ==)]",
        10..11,
        "expected a value after `==`, found `)`",
    );
    check_error("$[?(@.a <", 9..9, "expected a value after `<`");
    check_error(
        "$[?(@.a in)]",
        10..11,
        "expected a value after `in`, found `)`",
    );
    check_error("$[?(@.a = 1)]", 8..9, "expected `==`, found `=`");
    check_error("$[?(@.a & @.b)]", 8..9, "expected `&&`, found `&`");
    check_error("$[?(@.a | @.b)]", 8..9, "expected `||`, found `|`");
    check_error("$[?(@.a && )]", 11..12, &format!("{value}, found `)`"));
    check_error("$[?(#)]", 4..5, &format!("{value}, found `#`"));
    check_error(
        "$[?(@.status == open)]",
        16..20,
        "unknown word `open` in filter: quote strings, as in 'open'",
    );
    check_error(
        "$[?(@.a == True)]",
        11..15,
        "unknown word `True` in filter: quote strings, as in 'True'",
    );
    check_error(
        "$[?(@.a == 'x)]",
        15..15,
        "unclosed string in path: expected `'`",
    );
    check_error("$[?(@.)]", 6..7, "expected a name after `.`, found `)`");
    check_error(
        "$[?(@.a == -)]",
        12..13,
        "expected a digit after `-`, found `)`",
    );
    check_error(
        "$[?(@.a == 1.)]",
        13..14,
        "expected a digit after `.`, found `)`",
    );
    check_error(
        "$[?(@.a == 1e)]",
        13..14,
        "expected a digit in the exponent, found `)`",
    );
    check_error(
        "$[?(@.a =~ 'x')]",
        11..12,
        "expected a regular expression such as `/abc/i` after `=~`, found `'`",
    );
    check_error(
        "$[?(@.a =~ /x)]",
        15..15,
        "unclosed regular expression: expected `/`",
    );
    check_error(
        "$[?(@.a in ['x' 'y'])]",
        16..17,
        "expected `,` or `]`, found `'`",
    );
    check_error("$[?(@.a in ['x'", 15..15, "unclosed `[`: expected `]`");
    check_error("$[?(@.a[?(@.b)]", 15..15, "unclosed `(`: expected `)`");
}

#[test]
fn nesting_is_capped() {
    let deep = |n: usize| format!("$[?({}@.a{})]", "(".repeat(n), ")".repeat(n));
    ok(&deep(62));
    // The filter itself and its outer parentheses take two levels.
    let (range, message) = err(&deep(63));
    assert_eq!(message, "filter nested too deeply: more than 64 levels");
    assert_eq!(range, 66..67);

    let nots = format!("$[?({}@.a)]", "!".repeat(200));
    assert_eq!(
        err(&nots).1,
        "filter nested too deeply: more than 64 levels"
    );

    let mut filters = String::from("@.a");
    for _ in 0..100 {
        filters = format!("@[?({filters})]");
    }
    assert_eq!(
        err(&format!("${}", &filters[1..])).1,
        "filter nested too deeply: more than 64 levels"
    );
}

#[test]
fn non_singular_parts() {
    let cases = [
        ("$.a.*", 3..5, "a wildcard `*`"),
        ("$.a[*].b", 3..6, "a wildcard `*`"),
        ("$.a..b", 3..5, "recursive descent `..`"),
        ("$..[0]", 1..3, "recursive descent `..`"),
        ("$.a[?(@.b)].c", 3..11, "a filter"),
        ("$.a[1:2]", 3..8, "a slice"),
        ("$[:]", 1..4, "a slice"),
        ("$.a[0,1]", 3..8, "a union"),
        ("$['a','b']", 1..10, "a union"),
        // The first one wins.
        ("$.a[0].*..b", 6..8, "a wildcard `*`"),
    ];
    for (src, range, what) in cases {
        let part = ok(src).non_singular().unwrap_or_else(|| panic!("{src}"));
        assert_eq!((part.range, part.what), (range, what), "{src}");
    }
    for src in [
        "$",
        "$.a",
        "$.a[0].b",
        "$.a[-1]",
        "$['a b']['c']",
        "$.input.ticket_event.ticket.status",
    ] {
        assert_eq!(ok(src).non_singular(), None, "{src}");
    }
}

#[test]
fn field_prefix_stops_at_the_first_non_name() {
    let cases: [(&str, &[&str]); 8] = [
        ("$", &[]),
        ("$.search.tickets[0].id", &["search", "tickets"]),
        (
            "$.input.ticket_event.ticket.status",
            &["input", "ticket_event", "ticket", "status"],
        ),
        ("$['a b'].c", &["a b", "c"]),
        ("$.a.*.b", &["a"]),
        ("$.a..b", &["a"]),
        ("$[0].a", &[]),
        ("$.a[?(@.b)]", &["a"]),
    ];
    for (src, prefix) in cases {
        assert_eq!(ok(src).field_prefix(), prefix, "{src}");
    }
}

#[test]
fn path_like_values() {
    for s in ["$", "$.a", "$[0]", "$.", "$..a"] {
        assert!(looks_like_path(s), "{s}");
    }
    for s in ["", "$a", "a.$", " $.a", "$$", "{{$.a}}", "USD$"] {
        assert!(!looks_like_path(s), "{s}");
    }
}

#[test]
fn errors_display_their_message() {
    let error = parse("$.").unwrap_err();
    assert_eq!(error.to_string(), "expected a name after `.`");
}
