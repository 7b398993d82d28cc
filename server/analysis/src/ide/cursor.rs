//! Where the cursor sits in the JSON: the objects around it with the kind of each, and whether it
//! is on a key, on a string value, or where a key or a value is still to be typed. Completion and
//! hover both start here.
//!
//! The walk goes down the recovered syntax tree from the root, picking the member at the cursor
//! by binary search, and works out each object's kind from the key that leads to it, the way the
//! model's lowering does. So a request costs the depth of the cursor, not the size of the bundle,
//! and half-typed text (a string without its closing quote, a key without a value, a bare word)
//! still gives a place.

use zis_syntax::{Member, Object, Str, TextRange, Value};

use crate::model::ResourceType;
use crate::schema::{ObjectKind, StateType};

/// What an object on the way to the cursor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    Known(ObjectKind),
    /// The bundle's `resources`: resources by key.
    Resources,
    /// A scope's `States`: states by name.
    States,
    /// Anything the schema does not describe: `Parameters`, `requestBody`, …
    Other,
}

pub(crate) struct Frame<'a> {
    pub node: Node,
    pub object: &'a Object,
}

#[derive(Clone, Copy)]
pub(crate) enum Spot<'a> {
    /// Inside a key literal, which may lack its closing quote.
    Key(&'a Member),
    /// Where a key is still to be typed; `word` is what was typed of it, without quotes.
    NewKey { word: TextRange },
    /// Inside a string that is the value of `key`.
    Value { key: &'a Str, value: &'a Str },
    /// Where the value of `key` is still to be typed, or on a bare literal such as `true`;
    /// `word` is what was typed.
    NewValue { key: &'a Str, word: TextRange },
    /// Inside a string item of the array that is the value of `key`, or where an item is still
    /// to be typed (`word`).
    Item {
        key: &'a Str,
        item: Option<&'a Str>,
        word: TextRange,
    },
}

pub(crate) struct Cursor<'a> {
    /// Outermost first; the last one holds the cursor.
    pub frames: Vec<Frame<'a>>,
    pub spot: Spot<'a>,
}

impl<'a> Cursor<'a> {
    pub fn frame(&self) -> &Frame<'a> {
        self.frames.last().expect("the walk starts at the root")
    }

    /// The flow definition or Map iterator around the cursor: the scope whose states its
    /// transitions name. A Map state's own `Next` and `Catch` belong to the scope around it,
    /// which is what the path says, as its iterator is not on the way.
    pub fn scope(&self) -> Option<&'a Object> {
        self.frames
            .iter()
            .rev()
            .find(|frame| {
                matches!(
                    frame.node,
                    Node::Known(ObjectKind::FlowDefinition | ObjectKind::Iterator)
                )
            })
            .map(|frame| frame.object)
    }
}

/// The place of `offset` in the document whose recovered tree is `root`; `None` outside the root
/// object or where nothing can be typed (between a key and its colon, right after a value).
pub(crate) fn cursor_at<'a>(
    text: &str,
    root: Option<&'a Value>,
    offset: u32,
) -> Option<Cursor<'a>> {
    let root = root?.as_object()?;
    if !inside_object(text, root, offset) {
        return None;
    }
    let mut frames = Vec::new();
    let mut node = Node::Known(ObjectKind::Bundle);
    let mut object: &Object = root;
    loop {
        frames.push(Frame { node, object });
        let before = object
            .members
            .partition_point(|m| m.key.range.start < offset);
        let Some(member) = before.checked_sub(1).map(|i| &object.members[i]) else {
            let word = word_at(text, offset);
            return Some(Cursor {
                frames,
                spot: Spot::NewKey { word },
            });
        };
        let spot = match step(text, node, object, member, offset)? {
            Step::Into(child, inner) => {
                node = child;
                object = inner;
                continue;
            }
            Step::Spot(spot) => spot,
        };
        return Some(Cursor { frames, spot });
    }
}

enum Step<'a> {
    Into(Node, &'a Object),
    Spot(Spot<'a>),
}

/// Where the cursor is relative to `member`, the last member whose key starts before it.
fn step<'a>(
    text: &str,
    node: Node,
    object: &'a Object,
    member: &'a Member,
    offset: u32,
) -> Option<Step<'a>> {
    let key = &member.key;
    if in_string(key, offset) {
        return Some(Step::Spot(Spot::Key(member)));
    }
    let colon = colon_after(text, key.range.end)?;
    if offset <= colon {
        return None;
    }
    let Some(value) = &member.value else {
        let word = word_at(text, offset);
        return Some(Step::Spot(Spot::NewValue { key, word }));
    };
    let range = value.range();
    if offset <= range.start {
        // The parser takes the next line's key for the missing value (`"Next": ` then
        // `"End": true`): the value is still to be typed.
        let between = text.get(offset as usize..range.start as usize)?;
        return between.contains('\n').then(|| {
            let word = word_at(text, offset);
            Step::Spot(Spot::NewValue { key, word })
        });
    }
    match value {
        Value::Object(inner) if inside_object(text, inner, offset) => Some(Step::Into(
            member_node(node, object, &key.value, inner),
            inner,
        )),
        Value::Array(array) => {
            let closed = is_closed(text, range, array.items.last().map(Value::range), b']');
            if offset < range.end || !closed {
                return item_step(text, node, key, &array.items, offset);
            }
            (offset > range.end).then(|| new_key(text, offset))
        }
        Value::String(value) if in_string(value, offset) => {
            Some(Step::Spot(Spot::Value { key, value }))
        }
        Value::Number(_) | Value::Bool(..) | Value::Null(_) if offset <= range.end => {
            Some(Step::Spot(Spot::NewValue { key, word: range }))
        }
        _ => (offset > range.end).then(|| new_key(text, offset)),
    }
}

fn new_key<'a>(text: &str, offset: u32) -> Step<'a> {
    Step::Spot(Spot::NewKey {
        word: word_at(text, offset),
    })
}

/// Where the cursor is inside the array that is the value of `key`.
fn item_step<'a>(
    text: &str,
    node: Node,
    key: &'a Str,
    items: &'a [Value],
    offset: u32,
) -> Option<Step<'a>> {
    let before = items.partition_point(|item| item.range().start < offset);
    match before.checked_sub(1).map(|i| &items[i]) {
        Some(Value::Object(inner)) if inside_object(text, inner, offset) => {
            Some(Step::Into(item_node(node, &key.value), inner))
        }
        Some(Value::String(item)) if in_string(item, offset) => Some(Step::Spot(Spot::Item {
            key,
            item: Some(item),
            word: item.inner_range(),
        })),
        // On another item or right after one.
        Some(item) if offset <= item.range().end => None,
        _ => Some(Step::Spot(Spot::Item {
            key,
            item: None,
            word: word_at(text, offset),
        })),
    }
}

/// The kind of the object that is the value of `key` in `parent`, as the model lowers it.
fn member_node(parent: Node, object: &Object, key: &str, value: &Object) -> Node {
    use ObjectKind::*;
    match (parent, key) {
        (Node::Known(Bundle), "resources") => Node::Resources,
        (Node::Resources, _) => Node::Known(Resource),
        (Node::Known(Resource), "properties") => {
            let ty = object.get_str("type");
            match ty.and_then(|ty| ResourceType::parse(&ty.value)) {
                Some(ResourceType::Flow) => Node::Known(FlowProperties),
                Some(ResourceType::Action) => Node::Known(ActionProperties),
                Some(ResourceType::JobSpec) => Node::Known(JobSpecProperties),
                None => Node::Other,
            }
        }
        (Node::Known(FlowProperties), "definition") => Node::Known(FlowDefinition),
        (Node::Known(ActionProperties), "definition") => Node::Known(ActionDefinition),
        (Node::Known(FlowDefinition | Iterator), "States") => Node::States,
        (Node::States, _) => {
            let ty = value.get_str("Type");
            Node::Known(State(ty.and_then(|ty| StateType::parse(&ty.value))))
        }
        (Node::Known(State(Some(StateType::Map))), "Iterator") => Node::Known(Iterator),
        (Node::Known(ChoiceRule { .. }), "Not") => Node::Known(ChoiceRule { top_level: false }),
        _ => Node::Other,
    }
}

/// The kind of the objects in the array that is the value of `key` in a `parent` object.
fn item_node(parent: Node, key: &str) -> Node {
    use ObjectKind::*;
    match (parent, key) {
        (Node::Known(State(_)), "Choices") => Node::Known(ChoiceRule { top_level: true }),
        (Node::Known(State(_)), "Catch") => Node::Known(Catch),
        (Node::Known(ChoiceRule { .. }), "And" | "Or") => {
            Node::Known(ChoiceRule { top_level: false })
        }
        (Node::Known(ActionDefinition), "headers" | "queryParams" | "query") => {
            Node::Known(KeyValue)
        }
        _ => Node::Other,
    }
}

/// Whether the cursor is inside the literal: after its opening quote, and before its closing
/// one or anywhere up to where an unterminated literal stops.
pub(crate) fn in_string(literal: &Str, offset: u32) -> bool {
    let range = literal.range;
    range.start < offset && (offset < range.end || !literal.terminated && offset <= range.end)
}

fn inside_object(text: &str, object: &Object, offset: u32) -> bool {
    let last = object.members.last().map(Member::range);
    offset > object.range.start
        && (offset < object.range.end || !is_closed(text, object.range, last, b'}'))
}

/// Whether a container ends with its own closing bracket. One that lacks it stops at its last
/// child, and the text after that is still typed into it.
fn is_closed(text: &str, range: TextRange, last_child: Option<TextRange>, close: u8) -> bool {
    range.len() >= 2
        && text.as_bytes().get(range.end as usize - 1) == Some(&close)
        && last_child.is_none_or(|last| last.end < range.end)
}

/// The offset of the `:` after a key, when only whitespace separates them.
pub(crate) fn colon_after(text: &str, key_end: u32) -> Option<u32> {
    let rest = text.get(key_end as usize..)?;
    let skipped = rest.len() - rest.trim_start().len();
    rest[skipped..]
        .starts_with(':')
        .then_some(key_end + skipped as u32)
}

/// The bare word around `offset` (what the lexer reads as one `Word` token): what was typed of a
/// key or a value before its quotes.
fn word_at(text: &str, offset: u32) -> TextRange {
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || b"_$.+-".contains(b);
    let bytes = text.as_bytes();
    let at = (offset as usize).min(bytes.len());
    let start = at - bytes[..at].iter().rev().take_while(|b| is_word(b)).count();
    let end = at + bytes[at..].iter().take_while(|b| is_word(b)).count();
    TextRange::new(start as u32, end as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(marked: &str) -> Option<(String, Vec<Node>, String)> {
        let offset = marked.find('|').expect("a cursor mark");
        let text = marked.replacen('|', "", 1);
        let root = zis_syntax::parse(&text).root;
        let cursor = cursor_at(&text, root.as_ref(), offset as u32)?;
        let nodes = cursor.frames.iter().map(|frame| frame.node).collect();
        let spot = match cursor.spot {
            Spot::Key(member) => format!("key {}", member.key.value),
            Spot::NewKey { word } => format!("new key {:?}", &text[word.as_usize()]),
            Spot::Value { key, value } => format!("{} = {}", key.value, value.value),
            Spot::NewValue { key, word } => {
                format!("{} = new {:?}", key.value, &text[word.as_usize()])
            }
            Spot::Item { key, item, word } => format!(
                "{}[{}] {:?}",
                key.value,
                item.map_or("new", |item| &item.value),
                &text[word.as_usize()]
            ),
        };
        Some((text.clone(), nodes, spot))
    }

    fn spot(marked: &str) -> Option<String> {
        cursor(marked).map(|(_, _, spot)| spot)
    }

    #[test]
    fn follows_the_path_to_each_kind_of_object() {
        let flow = r#"{"resources": {"f": {"type": "ZIS::Flow", "properties": {"definition": {"States": {"M": {"Type": "Map", "Iterator": {"States": {"S": {"Type": "Action", "Catch": [{"Next": "|"}]}}}}}}}}}}"#;
        let (_, nodes, spot) = cursor(flow).unwrap();
        use ObjectKind::*;
        assert_eq!(
            nodes,
            [
                Node::Known(Bundle),
                Node::Resources,
                Node::Known(Resource),
                Node::Known(FlowProperties),
                Node::Known(FlowDefinition),
                Node::States,
                Node::Known(State(Some(StateType::Map))),
                Node::Known(Iterator),
                Node::States,
                Node::Known(State(Some(StateType::Action))),
                Node::Known(Catch),
            ]
        );
        assert_eq!(spot, "Next = ");
        let choice = r#"{"resources": {"f": {"type": "ZIS::Flow", "properties": {"definition": {"States": {"C": {"Type": "Choice", "Choices": [{"Not": {|}}]}}}}}}}"#;
        let (_, nodes, _) = cursor(choice).unwrap();
        assert_eq!(
            nodes.last(),
            Some(&Node::Known(ChoiceRule { top_level: false }))
        );
        let action = r#"{"resources": {"a": {"type": "ZIS::Action::Http", "properties": {"definition": {"headers": [{|}]}}}}}"#;
        let (_, nodes, _) = cursor(action).unwrap();
        assert_eq!(
            nodes[3..],
            [
                Node::Known(ActionProperties),
                Node::Known(ActionDefinition),
                Node::Known(KeyValue)
            ]
        );
        let params = r#"{"resources": {"f": {"type": "ZIS::Flow", "properties": {"definition": {"States": {"S": {"Parameters": {|}}}}}}}}"#;
        let (_, nodes, _) = cursor(params).unwrap();
        assert_eq!(nodes.last(), Some(&Node::Other));
    }

    #[test]
    fn finds_keys_values_and_places_still_to_be_typed() {
        assert_eq!(spot(r#"{"Ne|xt": 1}"#).unwrap(), "key Next");
        assert_eq!(spot(r#"{"a": "x|y"}"#).unwrap(), "a = xy");
        assert_eq!(spot(r#"{"a": 1, |}"#).unwrap(), r#"new key """#);
        assert_eq!(spot(r#"{|}"#).unwrap(), r#"new key """#);
        assert_eq!(spot(r#"{"a": 1, "b": 2, Ne|}"#).unwrap(), r#"new key "Ne""#);
        assert_eq!(spot(r#"{"a": tr|}"#).unwrap(), r#"a = new "tr""#);
        assert_eq!(spot(r#"{"a": true|}"#).unwrap(), r#"a = new "true""#);
        assert_eq!(spot(r#"{"a": ["x", |]}"#).unwrap(), r#"a[new] """#);
        assert_eq!(spot(r#"{"a": ["x|"]}"#).unwrap(), r#"a[x] "x""#);
        // Nothing is typed between a key and its colon, or glued to the end of a value.
        assert_eq!(spot(r#"{"a"| : 1}"#), None);
        assert_eq!(spot(r#"{"a": "x"|}"#), None);
        assert_eq!(spot(r#"{"a": {}|}"#), None);
        assert_eq!(spot(r#"{"a": 1}|"#), None);
        assert_eq!(spot(r#"[|]"#), None);
    }

    #[test]
    fn works_in_half_typed_documents() {
        // An unterminated value at the end of its line.
        assert_eq!(spot("{\"a\": \"|\n \"b\": 1}").unwrap(), "a = ");
        assert_eq!(spot("{\"a\": \"ti|\n \"b\": 1}").unwrap(), "a = ti");
        // A missing value, with the next member on the next line.
        assert_eq!(spot("{\"a\": |\n \"b\": 1}").unwrap(), r#"a = new """#);
        assert_eq!(spot("{\"a\": |}").unwrap(), r#"a = new """#);
        // A half-typed key.
        assert_eq!(spot("{\"a\": 1,\n \"Ne|\n}").unwrap(), "key Ne");
        // A trailing comma, and an object that is never closed.
        assert_eq!(spot("{\"a\": 1,\n |\n}").unwrap(), r#"new key """#);
        assert_eq!(spot("{\"a\": {\"b\": 1,\n |").unwrap(), r#"new key """#);
        let (_, nodes, _) = cursor("{\"a\": {\"b\": 1,\n |").unwrap();
        assert_eq!(nodes.len(), 2, "inside the unclosed inner object");
    }
}
