use std::ops::Range;

use zis_jsonpath::{placeholders, PathError};

/// `(range, path_range, Ok(field prefix) or Err((error range, message)))` for each placeholder.
type Summary = (
    Range<usize>,
    Range<usize>,
    Result<Vec<String>, (Range<usize>, String)>,
);

fn summarize(text: &str) -> Vec<Summary> {
    placeholders(text)
        .into_iter()
        .map(|p| {
            let result = match p.result {
                Ok(path) => Ok(path.field_prefix().into_iter().map(str::to_owned).collect()),
                Err(PathError { range, message }) => Err((range, message)),
            };
            (p.range, p.path_range, result)
        })
        .collect()
}

fn names(names: &[&str]) -> Result<Vec<String>, (Range<usize>, String)> {
    Ok(names.iter().map(|n| (*n).to_owned()).collect())
}

#[test]
fn url_with_two_placeholders() {
    let text = "/api/v2/tickets/{{$.ticket_id}}/comments/{{$.comment_id}}/make_private";
    let found = summarize(text);
    assert_eq!(
        found,
        vec![
            (16..31, 18..29, names(&["ticket_id"])),
            (41..57, 43..55, names(&["comment_id"])),
        ]
    );
    assert_eq!(&text[18..29], "$.ticket_id");
    assert_eq!(&text[41..57], "{{$.comment_id}}");
}

#[test]
fn placeholders_on_separate_lines() {
    let text = "Priority: {{$.priority}}\nToken: {{$.requestToken}}";
    assert_eq!(
        summarize(text),
        vec![
            (10..24, 12..22, names(&["priority"])),
            (32..50, 34..48, names(&["requestToken"])),
        ]
    );
}

#[test]
fn adjacent_placeholders_and_surrounding_whitespace() {
    assert_eq!(
        summarize("{{$.a}}{{$.b}}"),
        vec![(0..7, 2..5, names(&["a"])), (7..14, 9..12, names(&["b"]))]
    );
    assert_eq!(
        summarize("x {{  $.a.b \t}} y"),
        vec![(2..15, 6..11, names(&["a", "b"]))]
    );
    assert_eq!(summarize("{{$}}"), vec![(0..5, 2..3, names(&[]))]);
    assert_eq!(summarize("{{{$.a}}}"), vec![(1..8, 3..6, names(&["a"]))]);
}

#[test]
fn other_braces_are_text() {
    assert_eq!(summarize(""), vec![]);
    assert_eq!(summarize("no placeholders"), vec![]);
    assert_eq!(summarize("{{ticket.id}} and {{ ticket.status }}"), vec![]);
    assert_eq!(summarize("{{}} {{ }} {{"), vec![]);
    assert_eq!(summarize("{$.a} $.a }}"), vec![]);
    assert_eq!(
        summarize("{{ticket.id}} {{$.a}}"),
        vec![(14..21, 16..19, names(&["a"]))]
    );
}

#[test]
fn errors_are_relative_to_the_text() {
    assert_eq!(
        summarize("id: {{$.a b}}!"),
        vec![(
            4..13,
            6..11,
            Err((
                9..10,
                "unexpected whitespace: expected `.` or `[`".to_owned()
            ))
        )]
    );
    assert_eq!(
        summarize("{{$.}} {{$.ok}}"),
        vec![
            (
                0..6,
                2..4,
                Err((4..4, "expected a name after `.`".to_owned()))
            ),
            (7..15, 9..13, names(&["ok"])),
        ]
    );
}

#[test]
fn unclosed_placeholder() {
    let unclosed = "unclosed placeholder: expected `}}`".to_owned();
    assert_eq!(
        summarize("Hi {{$.x"),
        vec![(3..8, 5..8, Err((8..8, unclosed.clone())))]
    );
    assert_eq!(
        summarize("{{$.a}} then {{ $.b }"),
        vec![
            (0..7, 2..5, names(&["a"])),
            // A single `}` does not close, so it belongs to the path.
            (13..21, 16..21, Err((21..21, unclosed.clone()))),
        ]
    );
    assert_eq!(
        summarize("{{$.x  \n"),
        vec![(0..8, 2..5, Err((8..8, unclosed)))]
    );
}

#[test]
fn multibyte_text_around_placeholders() {
    let text = "Grüße {{$.名前}} 😀";
    let found = placeholders(text);
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].range.clone()], "{{$.名前}}");
    assert_eq!(&text[found[0].path_range.clone()], "$.名前");
    assert_eq!(found[0].result.as_ref().unwrap().field_prefix(), ["名前"]);
}
