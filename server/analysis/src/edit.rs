//! Text edits that quick fixes share: removing a member from an object and adding one, so that
//! what remains is still valid JSON and keeps the object's layout.

use zis_syntax::{Object, TextRange, Value};

use crate::diagnostic::Edit;

/// The text to delete to remove the member whose key is at `key`, separator included, so that
/// what remains is still valid JSON.
pub(crate) fn member_removal(root: &Value, key: TextRange) -> Option<TextRange> {
    let (object, index) = object_with_key(root, key)?;
    let member = object.members[index].range();
    if index > 0 {
        // From the end of the previous member: takes the comma before this one.
        return Some(TextRange::new(
            object.members[index - 1].range().end,
            member.end,
        ));
    }
    match object.members.get(1) {
        Some(next) => Some(TextRange::new(member.start, next.key.range.start)),
        None => Some(member),
    }
}

/// The object holding the member whose key is at `key`, and the member's index. Members and
/// items are in source order, so each level is a binary search: a rule fixing every member of a
/// large object must not search from the root one member at a time.
pub(crate) fn object_with_key(value: &Value, key: TextRange) -> Option<(&Object, usize)> {
    let mut current = value;
    loop {
        match current {
            Value::Object(object) => {
                let after = object
                    .members
                    .partition_point(|member| member.key.range.start <= key.start);
                let member = &object.members[after.checked_sub(1)?];
                if member.key.range == key {
                    return Some((object, after - 1));
                }
                current = member.value.as_ref().filter(|value| {
                    value.range().start <= key.start && key.end <= value.range().end
                })?;
            }
            Value::Array(array) => {
                let after = array
                    .items
                    .partition_point(|item| item.range().start <= key.start);
                current = array
                    .items
                    .get(after.checked_sub(1)?)
                    .filter(|item| key.end <= item.range().end)?;
            }
            _ => return None,
        }
    }
}

/// `text` as it must be written between the quotes of a JSON string.
pub(crate) fn json_escape(text: &str) -> String {
    let quoted = serde_json::Value::String(text.to_string()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

/// Adds `member` (e.g. `"End": true`) after the last member of `object`: on a line of its own,
/// indented like the last member, when that member starts a line; after `, ` otherwise.
pub(crate) fn member_insertion(text: &str, object: &Object, member: &str) -> Edit {
    let Some(last) = object.members.last() else {
        return Edit::insert(object.range.start + 1, format!(" {member} "));
    };
    let end = last.range().end;
    Edit::insert(end, member_after(text, last.key.range.start, member))
}

/// The text that adds `member` after a member whose key starts at `key`: `,`, then the line
/// break and indentation of the key's line when the key starts a line, or a space.
pub(crate) fn member_after(text: &str, key: u32, member: &str) -> String {
    let before = &text[..key as usize];
    // Back over the indentation only: a search for the line start would cross a minified
    // bundle's whole line for each fix.
    let start = before.trim_end_matches([' ', '\t']).len();
    let above = &before[..start];
    if above.ends_with(['\n', '\r']) {
        let indent = &before[start..];
        // The document's own line break: `\r\n`, `\n` or a lone `\r`.
        let newline = ["\r\n", "\n", "\r"]
            .into_iter()
            .find(|newline| above.ends_with(newline))
            .unwrap_or("\n");
        format!(",{newline}{indent}{member}")
    } else {
        format!(", {member}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(text: &str, member: &str) -> String {
        let root = zis_syntax::parse(text).root.expect("a value");
        let object = root.as_object().expect("an object");
        let edit = member_insertion(text, object, member);
        let mut out = text.to_string();
        out.replace_range(edit.range.as_usize(), &edit.new_text);
        out
    }

    #[test]
    fn inserts_on_one_line() {
        assert_eq!(
            insert(r#"{ "Type": "Pass" }"#, r#""End": true"#),
            r#"{ "Type": "Pass", "End": true }"#
        );
    }

    #[test]
    fn inserts_on_a_new_line_with_the_last_member_indentation() {
        assert_eq!(
            insert(
                "{\n    \"Type\": \"Pass\",\n    \"Result\": 1\n  }",
                r#""End": true"#
            ),
            "{\n    \"Type\": \"Pass\",\n    \"Result\": 1,\n    \"End\": true\n  }"
        );
    }

    fn removal(text: &str, key: &str) -> String {
        let root = zis_syntax::parse(text).root.expect("a value");
        let at = text.find(key).unwrap() as u32;
        let range = member_removal(&root, TextRange::new(at, at + key.len() as u32)).unwrap();
        let mut out = text.to_string();
        out.replace_range(range.as_usize(), "");
        out
    }

    #[test]
    fn removes_members_at_any_depth_with_their_comma() {
        let text = r#"{"a": 1, "b": {"c": [1, {"d": 2, "e": 3}], "f": 4}, "g": 5}"#;
        assert_eq!(
            removal(text, "\"a\""),
            r#"{"b": {"c": [1, {"d": 2, "e": 3}], "f": 4}, "g": 5}"#
        );
        assert_eq!(
            removal(text, "\"e\""),
            r#"{"a": 1, "b": {"c": [1, {"d": 2}], "f": 4}, "g": 5}"#
        );
        assert_eq!(
            removal(text, "\"d\""),
            r#"{"a": 1, "b": {"c": [1, {"e": 3}], "f": 4}, "g": 5}"#
        );
        assert_eq!(
            removal(text, "\"g\""),
            r#"{"a": 1, "b": {"c": [1, {"d": 2, "e": 3}], "f": 4}}"#
        );
        let root = zis_syntax::parse(text).root.unwrap();
        assert_eq!(
            member_removal(&root, TextRange::new(2, 3)),
            None,
            "not a key"
        );
    }

    #[test]
    fn inserts_with_the_documents_line_break() {
        for newline in ["\r\n", "\r"] {
            let text = "{\n    \"Type\": \"Pass\"\n  }".replace('\n', newline);
            let expected =
                "{\n    \"Type\": \"Pass\",\n    \"End\": true\n  }".replace('\n', newline);
            assert_eq!(insert(&text, r#""End": true"#), expected);
        }
    }

    #[test]
    fn inserts_into_an_empty_object() {
        assert_eq!(insert("{}", r#""End": true"#), r#"{ "End": true }"#);
    }
}
