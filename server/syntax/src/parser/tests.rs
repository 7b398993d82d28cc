use super::*;

fn invalid(range: TextRange, message: &str) -> SyntaxError {
    SyntaxError {
        kind: SyntaxErrorKind::Invalid,
        range,
        message: message.to_owned(),
    }
}

fn extension(range: TextRange, message: &str) -> SyntaxError {
    SyntaxError {
        kind: SyntaxErrorKind::Extension,
        range,
        message: message.to_owned(),
    }
}

/// The range of the first occurrence of `needle` at or after byte `from`.
fn find_from(text: &str, from: usize, needle: &str) -> TextRange {
    let start = from + text[from..].find(needle).expect("needle in text");
    TextRange::new(start as u32, (start + needle.len()) as u32)
}

fn find(text: &str, needle: &str) -> TextRange {
    find_from(text, 0, needle)
}

fn rfind(text: &str, needle: &str) -> TextRange {
    let start = text.rfind(needle).expect("needle in text");
    TextRange::new(start as u32, (start + needle.len()) as u32)
}

fn eof(text: &str) -> TextRange {
    TextRange::empty(text.len() as u32)
}

fn root_object(parsed: &Parse) -> &Object {
    parsed
        .root
        .as_ref()
        .and_then(Value::as_object)
        .expect("root object")
}

fn root_array(parsed: &Parse) -> &Array {
    parsed
        .root
        .as_ref()
        .and_then(Value::as_array)
        .expect("root array")
}

fn keys(object: &Object) -> Vec<&str> {
    object
        .members
        .iter()
        .map(|m| m.key.value.as_str())
        .collect()
}

fn number(value: Option<&Value>) -> f64 {
    value.and_then(Value::as_number).expect("a number").value
}

fn item_numbers(array: &Array) -> Vec<f64> {
    array.items.iter().map(|item| number(Some(item))).collect()
}

/// Checks the invariants every parse keeps, whatever the input: errors sorted with distinct
/// starts, ranges inside the text on character boundaries, children inside their parents.
fn check_invariants(text: &str, parsed: &Parse) {
    for pair in parsed.errors.windows(2) {
        assert!(
            pair[0].range.start < pair[1].range.start,
            "errors out of order or at one offset in {text:?}: {:?}",
            parsed.errors
        );
    }
    for error in &parsed.errors {
        assert!(
            text.get(error.range.as_usize()).is_some(),
            "{error:?} in {text:?}"
        );
        assert!(!error.message.contains('\n'));
    }
    if let Some(root) = &parsed.root {
        let mut stack = vec![root];
        while let Some(value) = stack.pop() {
            let range = value.range();
            let literal = text
                .get(range.as_usize())
                .expect("range on char boundaries");
            match value {
                Value::Object(object) => {
                    assert!(literal.starts_with('{'));
                    for member in &object.members {
                        assert!(range.start <= member.range().start);
                        assert!(member.range().end <= range.end);
                        assert!(text[member.key.range.as_usize()].starts_with('"'));
                        check_source_offsets(text, &member.key);
                        stack.extend(&member.value);
                    }
                }
                Value::Array(array) => {
                    assert!(literal.starts_with('['));
                    for item in &array.items {
                        assert!(range.start <= item.range().start);
                        assert!(item.range().end <= range.end);
                        stack.push(item);
                    }
                }
                Value::String(string) => {
                    assert!(literal.starts_with('"'));
                    check_source_offsets(text, string);
                }
                Value::Number(_) => {}
                Value::Bool(value, _) => assert_eq!(literal, value.to_string()),
                Value::Null(_) => assert_eq!(literal, "null"),
            }
        }
    }
}

/// Every character boundary of the decoded value maps to a source offset whose prefix of the
/// literal decodes to exactly the value up to that boundary.
fn check_source_offsets(text: &str, string: &Str) {
    let inner = string.inner_range();
    for (decoded, _) in string
        .value
        .char_indices()
        .chain([(string.value.len(), ' ')])
    {
        let source = string.source_offset(text, decoded);
        assert!(inner.start <= source && source <= inner.end);
        let prefix = format!("\"{}\"", &text[inner.start as usize..source as usize]);
        let reparsed = parse(&prefix);
        let reparsed = reparsed
            .root
            .as_ref()
            .and_then(Value::as_str)
            .expect("a string");
        assert_eq!(
            reparsed.value,
            &string.value[..decoded],
            "decoded offset {decoded} of {:?}",
            string.value
        );
    }
}

#[test]
fn valid_document_ranges_slice_back_to_the_literals() {
    let text = r#"{
  "name": "flow",
  "n": [0, -0, 12, 1.5, 1e3, -2.5E-3, 1E+2],
  "flags": [true, false, null],
  "nested": {"a": {"b": []}, "c": {}},
  "escaped": "a\n\"\u00e9\ud83d\ude00\/",
  "é": "日本"
}"#;
    let parsed = parse(text);
    assert_eq!(parsed.errors, []);
    check_invariants(text, &parsed);
    let root = root_object(&parsed);
    assert_eq!(root.range, TextRange::new(0, text.len() as u32));
    assert_eq!(keys(root), ["name", "n", "flags", "nested", "escaped", "é"]);
    let name = root.get_str("name").unwrap();
    assert_eq!(&text[name.range.as_usize()], "\"flow\"");
    assert_eq!(name.value, "flow");
    assert!(name.terminated);

    let numbers = root.get_array("n").unwrap();
    let literals: Vec<&str> = numbers
        .items
        .iter()
        .map(|item| &text[item.range().as_usize()])
        .collect();
    assert_eq!(literals, ["0", "-0", "12", "1.5", "1e3", "-2.5E-3", "1E+2"]);
    assert_eq!(
        item_numbers(numbers),
        [0.0, -0.0, 12.0, 1.5, 1000.0, -0.0025, 100.0]
    );
    let integers: Vec<bool> = numbers
        .items
        .iter()
        .map(|item| item.as_number().unwrap().is_integer_literal)
        .collect();
    assert_eq!(integers, [true, true, true, false, false, false, false]);

    let flags = root.get_array("flags").unwrap();
    assert_eq!(&text[flags.range.as_usize()], "[true, false, null]");
    assert_eq!(flags.items[0].as_bool(), Some(true));
    assert_eq!(flags.items[1].as_bool(), Some(false));
    assert!(matches!(flags.items[2], Value::Null(_)));

    let nested = root.get_object("nested").unwrap();
    assert_eq!(
        &text[nested.range.as_usize()],
        r#"{"a": {"b": []}, "c": {}}"#
    );
    let inner = nested.get_object("a").unwrap();
    assert_eq!(&text[inner.range.as_usize()], r#"{"b": []}"#);

    let escaped = root.get_str("escaped").unwrap();
    assert_eq!(escaped.value, "a\n\"é😀/");
    assert_eq!(
        &text[escaped.range.as_usize()],
        r#""a\n\"\u00e9\ud83d\ude00\/""#
    );
    assert_eq!(root.get_str("é").unwrap().value, "日本");
}

#[test]
fn member_and_value_ranges() {
    let text = r#"{"a" : [1] , "b":null}"#;
    let parsed = parse(text);
    let root = root_object(&parsed);
    assert_eq!(root.members[0].range(), find(text, r#""a" : [1]"#));
    assert_eq!(root.members[1].key.range, find(text, r#""b""#));
    assert_eq!(root.get("b").unwrap().range(), find(text, "null"));
}

#[test]
fn scalar_roots() {
    for (text, expected) in [
        ("true", "true"),
        (" 42 ", "42"),
        ("\"x\"", "\"x\""),
        ("null", "null"),
    ] {
        let parsed = parse(text);
        assert_eq!(parsed.errors, [], "{text}");
        assert_eq!(&text[parsed.root.unwrap().range().as_usize()], expected);
    }
}

#[test]
fn empty_and_blank_text_have_no_root() {
    for text in ["", "  \n\t ", "\u{feff}"] {
        let parsed = parse(text);
        assert_eq!(parsed.root, None);
        assert_eq!(
            parsed.errors,
            [invalid(
                eof(text),
                "expected a JSON value, found end of file"
            )],
            "{text:?}"
        );
    }
}

#[test]
fn leading_junk_is_reported_once_and_the_value_after_it_is_the_root() {
    let text = "} tru [1]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(find(text, "}"), "expected a JSON value, found `}`")]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0]);

    let text = "nope";
    let parsed = parse(text);
    assert_eq!(parsed.root, None);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "nope"),
            "expected a JSON value, found `nope`"
        )]
    );
}

#[test]
fn byte_order_mark_is_skipped_but_counted() {
    let text = "\u{feff}{\"a\": 1}";
    let parsed = parse(text);
    assert_eq!(parsed.errors, []);
    assert_eq!(
        root_object(&parsed).range,
        TextRange::new(3, text.len() as u32)
    );
}

#[test]
fn byte_order_mark_elsewhere_is_an_unexpected_character() {
    let text = "[1, \u{feff}2]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "\u{feff}"),
            "expected a value, found character U+FEFF"
        )]
    );
}

#[test]
fn comments_are_extensions() {
    let text = "// head\r\n{\"a\": /* inline */ 1, // tail\n \"b\": 2}\n// end";
    let parsed = parse(text);
    let message = "comments are not allowed: the ZIS Registry accepts strict JSON only";
    assert_eq!(
        parsed.errors,
        [
            extension(find(text, "// head"), message),
            extension(find(text, "/* inline */"), message),
            extension(find(text, "// tail"), message),
            extension(find(text, "// end"), message),
        ]
    );
    assert_eq!(keys(root_object(&parsed)), ["a", "b"]);
}

#[test]
fn unterminated_block_comment_is_invalid_and_swallows_the_rest() {
    let text = "[1, /* never closed ]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            TextRange::new(find(text, "/*").start, text.len() as u32),
            "unterminated block comment"
        )]
    );
    let array = root_array(&parsed);
    assert_eq!(item_numbers(array), [1.0]);
    assert_eq!(array.range, find(text, "[1"));
}

#[test]
fn slash_alone_is_an_unexpected_character() {
    let text = "[1, / 2]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "/"),
            "expected a value, found character `/`"
        )]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0, 2.0]);
}

#[test]
fn trailing_commas_are_extensions() {
    let message = "trailing comma is not allowed in JSON";
    let text = "[1, 2, ]";
    let parsed = parse(text);
    assert_eq!(parsed.errors, [extension(rfind(text, ","), message)]);
    assert_eq!(item_numbers(root_array(&parsed)), [1.0, 2.0]);

    let text = "{\"a\": 1,\n}";
    let parsed = parse(text);
    assert_eq!(parsed.errors, [extension(find(text, ","), message)]);
    assert_eq!(keys(root_object(&parsed)), ["a"]);
}

#[test]
fn doubled_and_leading_commas() {
    let text = "[1,,2]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(rfind(text, ","), "expected a value, found `,`")]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0, 2.0]);

    let text = "[,1]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(find(text, ","), "expected a value, found `,`")]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0]);

    let text = r#"{"a": 1,, "b": 2}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find_from(text, find(text, ",").end as usize, ","),
            "expected a string key, found `,`"
        )]
    );
    assert_eq!(keys(root_object(&parsed)), ["a", "b"]);

    let text = r#"{, "a": 1}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, ","),
            "expected a string key or `}`, found `,`"
        )]
    );
    assert_eq!(keys(root_object(&parsed)), ["a"]);
}

#[test]
fn duplicate_keys_keep_both_members() {
    let text = r#"{"a": 1, "b": 2, "a": 3, "a": 4}"#;
    let parsed = parse(text);
    let first = find(text, r#""a""#);
    let second = find_from(text, first.end as usize, r#""a""#);
    let third = rfind(text, r#""a""#);
    let message = "duplicate key `a`: the same key already appears earlier in this object";
    let duplicate = |range| SyntaxError {
        kind: SyntaxErrorKind::DuplicateKey { first },
        range,
        message: message.to_owned(),
    };
    assert_eq!(parsed.errors, [duplicate(second), duplicate(third)]);
    let root = root_object(&parsed);
    assert_eq!(keys(root), ["a", "b", "a", "a"]);
    assert_eq!(number(root.get("a")), 4.0);
}

#[test]
fn duplicate_keys_in_large_objects() {
    let mut text = String::from("{");
    for i in 0..40 {
        text.push_str(&format!("\"k{i}\": {i}, "));
    }
    text.push_str("\"k3\": 0, \"k39\": 0, \"new\": 0, \"k\\u0030\": 0}");
    let parsed = parse(&text);
    let errors: Vec<(SyntaxErrorKind, &str)> = parsed
        .errors
        .iter()
        .map(|error| (error.kind.clone(), &text[error.range.as_usize()]))
        .collect();
    assert_eq!(
        errors,
        [
            (
                SyntaxErrorKind::DuplicateKey {
                    first: find(&text, "\"k3\"")
                },
                "\"k3\""
            ),
            (
                SyntaxErrorKind::DuplicateKey {
                    first: find(&text, "\"k39\"")
                },
                "\"k39\""
            ),
            (
                SyntaxErrorKind::DuplicateKey {
                    first: find(&text, "\"k0\"")
                },
                "\"k\\u0030\""
            ),
        ]
    );
    assert_eq!(root_object(&parsed).members.len(), 44);
}

#[test]
fn missing_comma_between_members_keeps_every_member() {
    let text = "{\n  \"a\": 1\n  \"b\": {\"c\": true \"d\": false},\n  \"e\": [1 2 3]\n}";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [
            invalid(
                find(text, "\"b\""),
                "expected `,` or `}` after an object member, found string `\"b\"`"
            ),
            invalid(
                find(text, "\"d\""),
                "expected `,` or `}` after an object member, found string `\"d\"`"
            ),
            invalid(
                find(text, "2"),
                "expected `,` or `]` after an array item, found number `2`"
            ),
            invalid(
                find(text, "3"),
                "expected `,` or `]` after an array item, found number `3`"
            ),
        ]
    );
    let root = root_object(&parsed);
    assert_eq!(keys(root), ["a", "b", "e"]);
    assert_eq!(keys(root.get_object("b").unwrap()), ["c", "d"]);
    assert_eq!(item_numbers(root.get_array("e").unwrap()), [1.0, 2.0, 3.0]);
    assert_eq!(root.range, TextRange::new(0, text.len() as u32));
}

#[test]
fn missing_comma_between_array_items_of_every_kind() {
    let text = r#"["a" {} [] null"#;
    let parsed = parse(text);
    let expected = |range, found: &str| {
        invalid(
            range,
            &format!("expected `,` or `]` after an array item, found {found}"),
        )
    };
    assert_eq!(
        parsed.errors,
        [
            expected(find(text, "{"), "`{`"),
            expected(find_from(text, 1, "["), "`[`"),
            expected(find(text, "null"), "`null`"),
            invalid(
                eof(text),
                "expected `]` to close the array, found end of file"
            ),
        ]
    );
    assert_eq!(root_array(&parsed).items.len(), 4);
}

#[test]
fn missing_colon_still_reads_the_value() {
    let text = r#"{"name" "flow", "n" 1}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [
            invalid(
                find(text, "\"flow\""),
                "expected `:` after key `name`, found string `\"flow\"`"
            ),
            invalid(
                find(text, "1"),
                "expected `:` after key `n`, found number `1`"
            ),
        ]
    );
    let root = root_object(&parsed);
    assert_eq!(root.get_str("name").unwrap().value, "flow");
    assert_eq!(number(root.get("n")), 1.0);
}

#[test]
fn mistyped_colon_stands_in_for_one() {
    let text = r#"{"a" = 1}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "="),
            "expected `:` after key `a`, found character `=`"
        )]
    );
    assert_eq!(number(root_object(&parsed).get("a")), 1.0);
}

#[test]
fn missing_colon_and_value_before_a_separator() {
    let text = r#"{"a", "b": 1}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, ","),
            "expected `:` after key `a`, found `,`"
        )]
    );
    let root = root_object(&parsed);
    assert_eq!(keys(root), ["a", "b"]);
    assert_eq!(root.members[0].value, None);
}

#[test]
fn missing_value_keeps_the_member() {
    let text = r#"{"a": , "b": }"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [
            invalid(find(text, ","), "expected a value, found `,`"),
            invalid(find(text, "}"), "expected a value, found `}`"),
        ]
    );
    let root = root_object(&parsed);
    assert_eq!(keys(root), ["a", "b"]);
    assert!(root.members.iter().all(|member| member.value.is_none()));
    assert_eq!(root.members[1].range(), find(text, "\"b\""));
}

#[test]
fn half_typed_key_at_the_end_of_an_object() {
    let text = r#"{"a": 1, "ke}"#;
    let parsed = parse(text);
    let key = find(text, "\"ke}");
    assert_eq!(parsed.errors, [invalid(key, "unterminated string")]);
    let root = root_object(&parsed);
    assert_eq!(keys(root), ["a", "ke}"]);
    let typed = &root.members[1];
    assert_eq!(typed.key.range, key);
    assert!(!typed.key.terminated);
    assert_eq!(
        typed.key.inner_range(),
        TextRange::new(key.start + 1, key.end)
    );
    assert_eq!(typed.value, None);
    assert_eq!(root.range, TextRange::new(0, text.len() as u32));
}

#[test]
fn half_typed_key_on_its_own_line() {
    let text = "{\n  \"a\": 1,\n  \"ke\n  \"b\": 2\n}";
    let parsed = parse(text);
    let key = find(text, "\"ke");
    assert_eq!(parsed.errors, [invalid(key, "unterminated string")]);
    let root = root_object(&parsed);
    assert_eq!(keys(root), ["a", "ke", "b"]);
    assert_eq!(root.members[1].value, None);
    assert_eq!(number(root.get("b")), 2.0);
    assert_eq!(root.range, TextRange::new(0, text.len() as u32));
}

#[test]
fn unterminated_string_value_ends_at_the_line_break() {
    let text = "{\"a\": \"abc\r\n, \"b\": \"x\"}";
    let parsed = parse(text);
    let string = find(text, "\"abc");
    assert_eq!(parsed.errors, [invalid(string, "unterminated string")]);
    let root = root_object(&parsed);
    let a = root.get_str("a").unwrap();
    assert_eq!((a.value.as_str(), a.range), ("abc", string));
    assert_eq!(root.get_str("b").unwrap().value, "x");
}

#[test]
fn unterminated_string_at_end_of_file() {
    let text = "[\"abc";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(find(text, "\"abc"), "unterminated string")]
    );
    let array = root_array(&parsed);
    assert_eq!(array.items[0].as_str().unwrap().value, "abc");
    assert_eq!(array.range, TextRange::new(0, text.len() as u32));
}

#[test]
fn unterminated_string_ending_in_a_backslash() {
    let text = "[\"ab\\\n, 1]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(find(text, "\"ab\\"), "unterminated string")]
    );
    let array = root_array(&parsed);
    let string = array.items[0].as_str().unwrap();
    assert_eq!(string.value, "ab");
    check_invariants(text, &parsed);
    assert_eq!(number(array.items.get(1)), 1.0);
}

#[test]
fn unclosed_containers_at_end_of_file() {
    let text = "{\"a\": [1, 2";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            eof(text),
            "expected `]` to close the array, found end of file"
        )]
    );
    let root = root_object(&parsed);
    assert_eq!(root.range, TextRange::new(0, text.len() as u32));
    let array = root.get_array("a").unwrap();
    assert_eq!(array.range, find(text, "[1, 2"));
    assert_eq!(item_numbers(array), [1.0, 2.0]);

    let text = "{\"a\": 1,\n  ";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            eof(text),
            "expected `}` to close the object, found end of file"
        )]
    );
    assert_eq!(root_object(&parsed).range, find(text, "{\"a\": 1"));

    let text = "{\"a\":";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            eof(text),
            "expected `}` to close the object, found end of file"
        )]
    );
    assert_eq!(root_object(&parsed).members[0].value, None);

    let text = "{\"a\"";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            eof(text),
            "expected `:` after key `a`, found end of file"
        )]
    );

    let text = "[";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            eof(text),
            "expected `]` to close the array, found end of file"
        )]
    );
    assert_eq!(root_array(&parsed).range, TextRange::new(0, 1));
}

#[test]
fn mismatched_closing_bracket_closes_the_inner_container() {
    let text = r#"{"list": [{"a": 1], "b": 2}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "]"),
            "expected `,` or `}` after an object member, found `]`"
        )]
    );
    let root = root_object(&parsed);
    assert_eq!(keys(root), ["list", "b"]);
    let list = root.get_array("list").unwrap();
    assert_eq!(list.range, find(text, r#"[{"a": 1]"#));
    assert_eq!(list.items[0].range(), find(text, r#"{"a": 1"#));

    let text = r#"[{"a": [1}, {"b": 2}]"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "}"),
            "expected `,` or `]` after an array item, found `}`"
        )]
    );
    let array = root_array(&parsed);
    assert_eq!(array.items.len(), 2);
    let first = array.items[0].as_object().unwrap();
    assert_eq!(first.range, find(text, r#"{"a": [1}"#));
    assert_eq!(first.get_array("a").unwrap().range, find(text, "[1"));
}

#[test]
fn stray_closing_brackets_are_skipped() {
    let text = "[1 } 2]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "}"),
            "expected `,` or `]` after an array item, found `}`"
        )]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0, 2.0]);

    let text = r#"{"a": 1 ] "b": 2}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "]"),
            "expected `,` or `}` after an object member, found `]`"
        )]
    );
    assert_eq!(keys(root_object(&parsed)), ["a", "b"]);

    let text = r#"{"a": ]}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(find(text, "]"), "expected a value, found `]`")]
    );
    assert_eq!(keys(root_object(&parsed)), ["a"]);
}

#[test]
fn garbage_values_are_reported_and_skipped() {
    let text = "[tru, undefined, NaN, -Infinity, 'x', @, 1]";
    let parsed = parse(text);
    let expected = |needle, found: &str| {
        invalid(
            find(text, needle),
            &format!("expected a value, found {found}"),
        )
    };
    assert_eq!(
        parsed.errors,
        [
            expected("tru", "`tru`"),
            expected("undefined", "`undefined`"),
            expected("NaN", "`NaN`"),
            expected("-Infinity", "`-Infinity`"),
            expected(
                "'x'",
                "single-quoted string `'x'` (JSON strings use double quotes)"
            ),
            expected("@", "character `@`"),
        ]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0]);
}

#[test]
fn garbage_after_a_value_resynchronises_at_the_next_item() {
    let text = "[1 foo bar 2, 3]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "foo"),
            "expected `,` or `]` after an array item, found `foo`"
        )]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0, 2.0, 3.0]);

    let text = r#"{"a": 1 foo [x] "b": 2}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "foo"),
            "expected `,` or `}` after an object member, found `foo`"
        )]
    );
    assert_eq!(keys(root_object(&parsed)), ["a", "b"]);
}

#[test]
fn garbage_member_value() {
    let text = r#"{"a": tru, "b": 'x'}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [
            invalid(find(text, "tru"), "expected a value, found `tru`"),
            invalid(
                find(text, "'x'"),
                "expected a value, found single-quoted string `'x'` (JSON strings use double quotes)"
            ),
        ]
    );
    let root = root_object(&parsed);
    assert_eq!(keys(root), ["a", "b"]);
    assert!(root.members.iter().all(|member| member.value.is_none()));
}

#[test]
fn bare_and_single_quoted_keys_are_skipped_with_their_value() {
    let text = r#"{foo: 1, "b": 2, 'c': [3], 4: 4, {}: 5}"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [
            invalid(find(text, "foo"), "expected a string key or `}`, found `foo`"),
            invalid(
                find(text, "'c'"),
                "expected a string key, found single-quoted string `'c'` (JSON strings use double quotes)"
            ),
            invalid(find(text, "4"), "expected a string key, found number `4`"),
            invalid(find_from(text, 1, "{"), "expected a string key, found `{`"),
        ]
    );
    assert_eq!(keys(root_object(&parsed)), ["b"]);
}

#[test]
fn stray_character_before_a_key_is_one_error() {
    let text = "{\"a\": 1,\u{0}\n \"b\": 2, # \"c\": 3, % : 4}";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [
            invalid(
                find(text, "\u{0}"),
                "expected a string key, found character U+0000"
            ),
            invalid(
                find(text, "#"),
                "expected a string key, found character `#`"
            ),
            invalid(
                find(text, "%"),
                "expected a string key, found character `%`"
            ),
        ]
    );
    assert_eq!(keys(root_object(&parsed)), ["a", "b", "c"]);
    check_invariants(text, &parsed);
}

#[test]
fn content_after_the_root_gives_one_error() {
    let text = "{} {\"a\": \"\\q\"} ]] 'x";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find_from(text, 1, "{"),
            "expected end of file after the JSON value, found `{`"
        )]
    );
    assert_eq!(root_object(&parsed).range, TextRange::new(0, 2));

    let text = "1 \"unterminated";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "\"unterminated"),
            "expected end of file after the JSON value, found string `\"unterminated`"
        )]
    );
}

#[test]
fn comment_after_the_root_is_only_an_extension() {
    let text = "{} // done";
    let parsed = parse(text);
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(parsed.errors[0].kind, SyntaxErrorKind::Extension);
}

#[test]
fn raw_control_characters_in_strings() {
    let text = "[\"a\tb\u{0}c\", \"ok\"]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [
            invalid(
                find(text, "\t"),
                "unescaped control character U+0009 in string"
            ),
            invalid(
                find(text, "\u{0}"),
                "unescaped control character U+0000 in string"
            ),
        ]
    );
    let array = root_array(&parsed);
    assert_eq!(array.items[0].as_str().unwrap().value, "a\tb\u{0}c");
    assert_eq!(array.items[1].as_str().unwrap().value, "ok");
}

#[test]
fn control_characters_outside_strings() {
    let text = "[1, \u{0}, 2]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(
            find(text, "\u{0}"),
            "expected a value, found character U+0000"
        )]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0, 2.0]);
}

#[test]
fn invalid_numbers_keep_a_best_effort_value() {
    let cases: [(&str, f64, bool, &str); 11] = [
        ("01", 1.0, true, ": leading zeros are not allowed"),
        ("-007.5", -7.5, false, ": leading zeros are not allowed"),
        ("+1", 1.0, true, ": a leading `+` is not allowed"),
        (".5", 0.5, false, ": a digit is required before `.`"),
        ("-.5", -0.5, false, ": a digit is required before `.`"),
        ("1.", 1.0, false, ": a digit is required after `.`"),
        ("1e", 1.0, false, ": the exponent needs digits"),
        ("2E-", 2.0, false, ": the exponent needs digits"),
        ("1.5e-2x", 0.015, false, ""),
        ("0x1F", 0.0, true, ""),
        ("1.2.3", 1.2, false, ""),
    ];
    for (literal, value, is_integer_literal, reason) in cases {
        let text = format!("[{literal}, 7]");
        let parsed = parse(&text);
        assert_eq!(
            parsed.errors,
            [invalid(
                find(&text, literal),
                &format!("invalid number `{literal}`{reason}")
            )],
            "{literal}"
        );
        let array = root_array(&parsed);
        let number = array.items[0].as_number().unwrap();
        assert_eq!(number.range, find(&text, literal));
        assert_eq!(number.value, value, "{literal}");
        assert_eq!(number.is_integer_literal, is_integer_literal, "{literal}");
        assert_eq!(self::number(array.items.get(1)), 7.0);
    }
}

#[test]
fn huge_numbers_are_infinite_but_valid() {
    let parsed = parse("[1e400, 123456789012345678901234567890]");
    assert_eq!(parsed.errors, []);
    let array = root_array(&parsed);
    assert_eq!(number(array.items.first()), f64::INFINITY);
    assert_eq!(number(array.items.get(1)), 1.2345678901234568e29);
}

#[test]
fn invalid_escapes_decode_to_the_escaped_character() {
    let text = r#"["a\qb", "\u12G", "\é", "\u00"]"#;
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [
            invalid(find(text, "\\q"), "invalid escape `\\q` in string"),
            invalid(
                find(text, "\\u12"),
                "invalid escape `\\u12` in string: `\\u` needs four hex digits"
            ),
            invalid(find(text, "\\é"), "invalid escape `\\é` in string"),
            invalid(
                find(text, "\\u00"),
                "invalid escape `\\u00` in string: `\\u` needs four hex digits"
            ),
        ]
    );
    let values: Vec<&str> = root_array(&parsed)
        .items
        .iter()
        .map(|item| item.as_str().unwrap().value.as_str())
        .collect();
    assert_eq!(values, ["aqb", "u12G", "é", "u00"]);
    check_invariants(text, &parsed);
}

#[test]
fn surrogates() {
    let text = r#"["\ud83d\ude00", "\ud800", "\udc00x", "\ud800\u0041", "\uD83D\uDE00"]"#;
    let parsed = parse(text);
    assert_eq!(parsed.errors, []);
    let values: Vec<&str> = root_array(&parsed)
        .items
        .iter()
        .map(|item| item.as_str().unwrap().value.as_str())
        .collect();
    assert_eq!(values, ["😀", "\u{fffd}", "\u{fffd}x", "\u{fffd}A", "😀"]);
}

#[test]
fn source_offsets_map_through_escapes() {
    let text = r#"{"k": "a\nb\"c\u00e9d\ud83d\ude00e\ud800f日g"}"#;
    let parsed = parse(text);
    assert_eq!(parsed.errors, []);
    let string = root_object(&parsed).get_str("k").unwrap();
    assert_eq!(string.value, "a\nb\"céd😀e\u{fffd}f日g");
    let inner = string.inner_range().start as usize;
    let expected = [
        (0, 0),   // a
        (1, 1),   // \n
        (2, 3),   // b
        (3, 4),   // \"
        (4, 6),   // c
        (5, 7),   // \u00e9
        (7, 13),  // d
        (8, 14),  // \ud83d\ude00
        (12, 26), // e
        (13, 27), // \ud800
        (16, 33), // f
        (17, 34), // 日
        (20, 37), // g
        (21, 38), // end
    ];
    for (decoded, source) in expected {
        assert_eq!(
            string.source_offset(text, decoded) as usize - inner,
            source,
            "decoded offset {decoded}"
        );
    }
    assert_eq!(
        string.source_range(text, 7..12),
        find(text, r"d\ud83d\ude00")
    );
    check_invariants(text, &parsed);
}

#[test]
fn plain_strings_map_offsets_directly() {
    let text = r#"["héllo"]"#;
    let parsed = parse(text);
    let string = root_array(&parsed).items[0].as_str().unwrap().clone();
    assert_eq!(string.source_offset(text, 3), 5);
    check_invariants(text, &parsed);
}

fn nested_arrays(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

#[test]
fn nesting_up_to_the_limit_is_parsed() {
    let text = nested_arrays(MAX_DEPTH);
    let parsed = parse(&text);
    assert_eq!(parsed.errors, []);
    let mut depth = 0;
    let mut value = parsed.root.as_ref();
    while let Some(array) = value.and_then(Value::as_array) {
        depth += 1;
        value = array.items.first();
    }
    assert_eq!(depth, MAX_DEPTH);

    let text = "{\"a\":".repeat(MAX_DEPTH) + "1" + &"}".repeat(MAX_DEPTH);
    assert_eq!(parse(&text).errors, []);
}

#[test]
fn nesting_past_the_limit_is_reported_once_and_skipped() {
    let text = nested_arrays(MAX_DEPTH + 1);
    let parsed = parse(&text);
    let message = "nesting deeper than 512 levels is not supported";
    let bracket = TextRange::new(MAX_DEPTH as u32, MAX_DEPTH as u32 + 1);
    assert_eq!(parsed.errors, [invalid(bracket, message)]);
    assert_eq!(
        parsed.root.unwrap().range(),
        TextRange::new(0, text.len() as u32)
    );
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let message = "nesting deeper than 512 levels is not supported";
    let bracket = TextRange::new(MAX_DEPTH as u32, MAX_DEPTH as u32 + 1);

    let text = "[".repeat(100_000);
    let parsed = parse(&text);
    assert_eq!(
        parsed.errors,
        [
            invalid(bracket, message),
            invalid(
                eof(&text),
                "expected `]` to close the array, found end of file"
            ),
        ]
    );

    let text = nested_arrays(100_000);
    let parsed = parse(&text);
    assert_eq!(parsed.errors, [invalid(bracket, message)]);

    let opener = "{\"a\":";
    let text = opener.repeat(100_000);
    let parsed = parse(&text);
    let brace = MAX_DEPTH * opener.len();
    assert_eq!(
        parsed.errors,
        [
            invalid(TextRange::new(brace as u32, brace as u32 + 1), message),
            invalid(
                eof(&text),
                "expected `}` to close the object, found end of file"
            ),
        ]
    );
}

#[test]
fn structure_after_a_too_deep_value_still_parses() {
    let deep = "[\"]\", {\"x\": \"[\"}, ".repeat(600) + &"]".repeat(600);
    let text = format!("{{\"deep\": {deep}, \"after\": true}}");
    let parsed = parse(&text);
    assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
    let root = root_object(&parsed);
    assert_eq!(keys(root), ["deep", "after"]);
    assert_eq!(root.get("after").and_then(Value::as_bool), Some(true));
}

#[test]
fn error_messages_quote_long_tokens_briefly() {
    let word = "x".repeat(100);
    let text = format!("[{word}]");
    let parsed = parse(&text);
    let quoted = format!("`{}…`", "x".repeat(40));
    assert_eq!(
        parsed.errors[0].message,
        format!("expected a value, found {quoted}")
    );
}

/// A small deterministic generator, so that the robustness test needs no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn never_panics_and_keeps_invariants_on_random_input() {
    const PIECES: [&str; 34] = [
        "{", "}", "[", "]", ":", ",", "\"", "\"k\"", "\"v\"", "1", "-", "0", ".", "e", "+", "true",
        "tru", "null", "\\", "\\u", "d83d", "\\ud800", "//", "/*", "*/", "\n", " ", "'", "é", "😀",
        "\u{0}", "\u{feff}", "\t", "\r",
    ];
    let mut random = Lcg(7);
    for _ in 0..20_000 {
        let len = random.next() % 24;
        let text: String = (0..len)
            .map(|_| PIECES[random.next() % PIECES.len()])
            .collect();
        let parsed = parse(&text);
        check_invariants(&text, &parsed);
    }
}

#[test]
fn every_prefix_of_a_document_gives_few_errors() {
    let text = "\u{feff}{\"a\": [1, -2.5e3, \"x\\u00e9\\n\"], /* c */ \"b\": {\"c\": null, \"d\": [true, false]}, \"é\": \"😀\"} // end";
    for (end, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
        let prefix = &text[..end];
        let parsed = parse(prefix);
        check_invariants(prefix, &parsed);
        // A cut gives at most the error for the cut token and the one for the open brackets.
        let invalid = parsed
            .errors
            .iter()
            .filter(|error| error.kind == SyntaxErrorKind::Invalid)
            .count();
        assert!(invalid <= 2, "{prefix:?}: {:?}", parsed.errors);
    }
}

#[test]
fn junk_in_front_of_a_value_on_its_line_is_skipped() {
    let text = "[tru 1, 2]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [invalid(find(text, "tru"), "expected a value, found `tru`")]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0, 2.0]);

    let text = "[tru\n 1]";
    let parsed = parse(text);
    assert_eq!(
        parsed.errors,
        [
            invalid(find(text, "tru"), "expected a value, found `tru`"),
            invalid(
                find(text, "1"),
                "expected `,` or `]` after an array item, found number `1`"
            ),
        ]
    );
    assert_eq!(item_numbers(root_array(&parsed)), [1.0]);
}

#[test]
fn unterminated_string_silences_every_echo_at_end_of_file() {
    let text = "{\"a\": [{\"b\": \"x\u{e9}";
    let parsed = parse(text);
    let string = find(text, "\"x");
    let string = TextRange::new(string.start, text.len() as u32);
    assert_eq!(parsed.errors, [invalid(string, "unterminated string")]);
    check_invariants(text, &parsed);
    let root = root_object(&parsed);
    let inner = root.get_array("a").unwrap().items[0].as_object().unwrap();
    let b = inner.get_str("b").unwrap();
    assert_eq!(b.value, "x\u{e9}");
    assert_eq!(
        b.inner_range(),
        TextRange::new(string.start + 1, string.end)
    );
    assert_eq!(root.range, TextRange::new(0, text.len() as u32));
}

#[test]
fn messages_stay_on_one_line() {
    let text = "{\"a\\nb\": 1, \"a\\nb\": 2, \"c\\t\" 3}";
    let parsed = parse(text);
    let messages: Vec<&str> = parsed.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "duplicate key `a\\nb`: the same key already appears earlier in this object",
            "expected `:` after key `c\\t`, found number `3`",
        ]
    );
}

#[test]
fn string_scan_stops_at_every_special_byte_wherever_it_falls() {
    // The scan reads eight bytes at a time: put each special byte at each offset of a word, and
    // after multi-byte characters, whose bytes have the high bit set.
    for prefix in ["", "é", "😀"] {
        for len in 0..20 {
            let plain = format!("{prefix}{}", "x".repeat(len));
            let text = format!("[\"{plain}\\n\", \"{plain}\", \"{plain}\u{1}\", \"{plain}\n");
            let parsed = parse(&text);
            let root = root_array(&parsed);
            let values: Vec<&str> = root
                .items
                .iter()
                .map(|item| item.as_str().unwrap().value.as_str())
                .collect();
            let control = format!("{plain}\u{1}");
            assert_eq!(
                values,
                [&format!("{plain}\n"), &plain, &control, &plain],
                "{text:?}"
            );
            let control_at = text.find('\u{1}').unwrap() as u32;
            assert_eq!(
                parsed.errors[0],
                invalid(
                    TextRange::new(control_at, control_at + 1),
                    "unescaped control character U+0001 in string"
                )
            );
            check_invariants(&text, &parsed);
        }
    }
}

#[test]
fn whitespace_runs_of_every_length() {
    for len in 0..20 {
        let gap = " ".repeat(len);
        let text = format!("{{{gap}\"a\"{gap}:\n{gap}\t{gap}1\r\n{gap}}}");
        let parsed = parse(&text);
        assert_eq!(parsed.errors, [], "{text:?}");
        let a = root_object(&parsed).get("a").unwrap();
        assert_eq!(&text[a.range().as_usize()], "1");
    }
}

#[test]
fn a_hole_stands_for_the_value_it_was_parsed_from_wherever_the_text_moved() {
    let before = r#"{"a": {"b": [1, // c
        2]}, "d": 3}"#;
    let parsed = parse(before);
    let a = parsed.root.as_ref().unwrap().as_object().unwrap().members[0]
        .value
        .clone()
        .unwrap();
    // A member more before the value, with a wide character in it.
    let after = format!("{{ \"é\": 0, {}", &before[1..]);
    let moved = after.len() as i64 - before.len() as i64;
    assert_eq!(moved, 10);
    let mut quiet = Hole::quiet(a.clone());
    quiet.shift(moved);
    let with_quiet_hole = parse_with_holes(&after, std::slice::from_ref(&quiet));
    let fresh = parse(&after);
    assert_eq!(with_quiet_hole.root, fresh.root);
    // The comment inside the hole is not read again, so not reported again…
    assert_eq!(fresh.errors.len(), 1);
    assert_eq!(with_quiet_hole.errors, []);
    // … unless the hole holds it, moved with the text.
    let mut hole = Hole {
        errors: parsed.errors_in(a.range()).into(),
        ..Hole::quiet(a)
    };
    hole.shift(moved);
    assert_eq!(parse_with_holes(&after, &[hole]), fresh);
}

#[test]
fn a_duplicate_key_moved_with_its_hole_still_names_the_first_key() {
    let before = r#"{"a": {"k": 1, "k": 2}}"#;
    let parsed = parse(before);
    let a = root_object(&parsed).get("a").unwrap().clone();
    let mut hole = Hole {
        errors: parsed.errors_in(a.range()).into(),
        ..Hole::quiet(a)
    };
    hole.shift(4);
    let after = format!("{{   {}", &before[1..]);
    let fresh = parse(&after);
    assert!(matches!(
        fresh.errors[0].kind,
        SyntaxErrorKind::DuplicateKey { first } if &after[first.as_usize()] == "\"k\""
    ));
    assert_eq!(parse_with_holes(&after, &[hole]), fresh);
}

#[test]
fn a_hole_that_starts_no_value_is_empty_or_ends_inside_a_character_is_not_taken() {
    let text = r#"{"a": "é", "b": 2}"#;
    let stray = Hole {
        range: TextRange::new(2, 4),
        value: Value::Null(TextRange::new(2, 4)),
        errors: Arc::new([]),
    };
    // From the quote before `é` to the middle of it.
    let inside_a_character = Hole {
        range: TextRange::new(find(text, "\"é").start, find(text, "é").start + 1),
        value: Value::Null(TextRange::empty(6)),
        errors: Arc::new([]),
    };
    let empty = Hole {
        range: TextRange::empty(find(text, "\"é").start),
        value: Value::Null(TextRange::empty(6)),
        errors: Arc::new([]),
    };
    for hole in [stray, inside_a_character, empty] {
        assert_eq!(parse_with_holes(text, &[hole]), parse(text));
    }
}

#[test]
fn a_member_parsed_alone_is_the_member_a_whole_parse_reads_with_its_errors() {
    let text = r#"{"resources": {
        "a": {"type": "x", /* note */ "n": [1, 2,], "n": "\q"},
        "b": 1,
        "c": {"deep": {"deeper": null}}
    }}"#;
    let whole = parse(text);
    let resources = whole.root.as_ref().unwrap().as_object().unwrap();
    let resources = resources.get_object("resources").unwrap();
    for member in &resources.members {
        let (alone, errors) = parse_member(text, member.key.range.start, 2);
        assert_eq!(alone.as_ref(), Some(member));
        let end = member.value.as_ref().unwrap().range().end;
        let inside: Vec<_> = (whole.errors.iter())
            .filter(|error| member.key.range.start <= error.range.start && error.range.end <= end)
            .cloned()
            .collect();
        assert_eq!(errors, inside, "{}", member.key.value);
    }
    // The comment, the trailing comma, the duplicate key and the escape of `a`.
    assert_eq!(parse_member(text, find(text, "\"a\"").start, 2).1.len(), 4);
}

#[test]
fn a_member_parsed_alone_nests_no_deeper_than_in_the_whole_text() {
    // The deepest array the limit lets through at `a`, then one level more.
    for (brackets, too_deep) in [(MAX_DEPTH - 2, 0), (MAX_DEPTH - 1, 1)] {
        let deep = format!("{}{}", "[".repeat(brackets), "]".repeat(brackets));
        let text = format!(r#"{{"resources": {{"a": {deep}}}}}"#);
        let whole = parse(&text);
        let (alone, errors) = parse_member(&text, find(&text, "\"a\"").start, 2);
        assert_eq!(errors, whole.errors);
        assert_eq!(errors.len(), too_deep, "{brackets} brackets");
        assert!(alone.is_some());
    }
}

#[test]
fn no_member_starts_where_no_key_does() {
    let text = r#"{"a": "é"}"#;
    assert_eq!(
        parse_member(text, find(text, "é").start, 1),
        (None, Vec::new())
    );
    assert_eq!(
        parse_member(text, find(text, "é").start + 1, 1),
        (None, Vec::new())
    );
    assert_eq!(
        parse_member(text, find(text, "}").start, 1),
        (None, Vec::new())
    );
    assert_eq!(parse_member(text, 1000, 1), (None, Vec::new()));
}

#[test]
fn equal_short_strings_of_one_text_share_their_value_and_long_or_escaped_ones_do_not() {
    let long = "x".repeat(33);
    let text = format!(r#"{{"Next": "Next", "a": "{long}", "b": "{long}", "c": "N\u0065xt"}}"#);
    let parsed = parse(&text);
    let root = root_object(&parsed);
    let value = |at: usize| match &root.members[at].value {
        Some(Value::String(string)) => &string.value,
        other => panic!("a string, not {other:?}"),
    };
    assert_eq!(value(0), "Next");
    assert!(root.members[0].key.value.is_shared_with(value(0)));
    assert_eq!(value(1), long.as_str());
    assert_eq!(value(2), long.as_str());
    assert!(!value(1).is_shared_with(value(2)));
    assert_eq!(value(3), "Next");
    assert!(!value(3).is_shared_with(value(0)));
    // Another parse shares nothing with this one: a tree kept across edits holds no table.
    let again = parse(&text);
    let again_key = &root_object(&again).members[0].key.value;
    assert!(!again_key.is_shared_with(value(0)));
}

/// A bundle of `resources` flows past the size from which a parse is cut in two, each with
/// `extra` inside its first state; pretty-printed as most bundles are.
fn large_bundle(resources: usize, extra: &str) -> String {
    let flows: Vec<String> = (0..resources)
        .map(|at| {
            format!(
                "    \"flow_{at}\": {{\n      \"type\": \"ZIS::Flow\",\n      \"properties\": {{\n        \"name\": \"flow_{at}\",\n        \"definition\": {{\n          \"StartAt\": \"a\",\n          \"States\": {{\n            \"a\": {{ \"Type\": \"Pass\", \"Comment\": \"{{[\\\"\\\\}}\", \"Result\": [1, {{\"x\": null}}], \"End\": true{extra} }}\n          }}\n        }}\n      }}\n    }}"
            )
        })
        .collect();
    let text = format!(
        "{{\n  \"name\": \"large\",\n  \"zis_template_version\": \"2019-10-14\",\n  \"resources\": {{\n{}\n  }}\n}}\n",
        flows.join(",\n")
    );
    assert!(text.len() >= IN_TWO_FROM, "{} bytes", text.len());
    text
}

#[test]
fn a_large_text_is_read_in_two_parts_as_in_one() {
    let text = large_bundle(1200, "");
    let (first, middle) = cut::members_around_middle(text.as_bytes()).expect("a cut");
    assert_eq!(first, find(&text, "\"flow_0\"").start);
    assert!(text[middle as usize..].starts_with("\"flow_"));
    assert!(middle as usize >= text.len() / 2);
    let in_two = parse_in_two(&text).expect("read in two");
    assert!(in_two.errors.is_empty());
    assert_eq!(in_two, parse_with_holes(&text, &[]));
    assert_eq!(parse(&text), in_two);
}

#[test]
fn a_large_text_with_an_error_is_read_in_one_part() {
    // Before the middle and after it: each run stops at the error, and the parse that reads
    // the rest sees it in the context a single run would.
    for (at, wrong) in [(10, "\"}"), (1100, ", \"b\" 1"), (1100, "\t\"c\": []")] {
        let text = large_bundle(1200, "").replacen(
            &format!("\"flow_{at}\",\n        \"definition\": {{\n          \"StartAt\": \"a\""),
            &format!(
                "\"flow_{at}\",\n        \"definition\": {{\n          \"StartAt\": \"a{wrong}\""
            ),
            1,
        );
        assert!(parse_in_two(&text).is_none(), "{wrong} in flow_{at}");
        let parsed = parse(&text);
        assert!(!parsed.errors.is_empty());
        assert_eq!(parsed, parse_with_holes(&text, &[]));
    }
}

#[test]
fn a_text_is_cut_only_inside_an_object_two_deep() {
    let bundle = large_bundle(1200, "");
    let half = "x".repeat(bundle.len());
    let cases = [
        // The middle inside a string of the root object.
        format!("{{\"description\": \"{half}\", \"resources\": {{\"a\": 1, \"b\": 2}}}}"),
        // An array at the root, and one two deep.
        format!("[{bundle}]"),
        bundle
            .replacen("\"resources\": {", "\"resources\": [{", 1)
            .replacen("\n  }\n}", "}]}", 1),
        // A comment, whose quotes and brackets are not counted.
        bundle.replacen("\"name\": \"large\",", "// \"{\n\"name\": \"large\",", 1),
        // A line break in a string.
        bundle.replacen("\"large\"", "\"lar\nge\"", 1),
    ];
    for text in cases {
        assert_eq!(cut::members_around_middle(text.as_bytes()), None);
        assert_eq!(parse(&text), parse_with_holes(&text, &[]));
    }
}

#[test]
fn a_large_text_nested_as_deep_as_accepted_is_read_in_two_parts() {
    // Seven levels hold the value of `Result`: arrays nest from the eighth to the deepest.
    let deepest = MAX_DEPTH - 7;
    let nested = format!("{}{}", "[".repeat(deepest), "]".repeat(deepest));
    let text = large_bundle(1200, "").replacen(
        "\"flow_1100\",\n        \"definition\": {\n          \"StartAt\": \"a\",\n          \"States\": {\n            \"a\": { \"Type\": \"Pass\", \"Comment\": \"{[\\\"\\\\}\", \"Result\": [1, {\"x\": null}]",
        &format!("\"flow_1100\",\n        \"definition\": {{\n          \"StartAt\": \"a\",\n          \"States\": {{\n            \"a\": {{ \"Type\": \"Pass\", \"Comment\": \"{{[\\\"\\\\}}\", \"Result\": {nested}"),
        1,
    );
    assert!(text.contains(&nested));
    let in_two = parse_in_two(&text).expect("read in two");
    assert_eq!(in_two, parse_with_holes(&text, &[]));
}
