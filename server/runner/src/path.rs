//! JSONPath on flow data: reading a path as ZIS evaluates it (Jayway JSONPath, as the Amazon
//! States Language specifies) and writing a result at a reference path.

use serde_json::{Map, Value};
use zis_jsonpath::{Path, Segment, Selector, Slice};

/// What a path selects in a document.
pub enum Selection<'v> {
    /// A definite path (names and indexes only): the one node, or `None` when it is not there.
    One(Option<&'v Value>),
    /// Any other path: every node it matches, in document order. Jayway returns them as an
    /// array, an empty one when nothing matches.
    Many(Vec<&'v Value>),
}

impl Selection<'_> {
    /// The selected value as a state receives it: the node itself, or an array of the matches.
    pub fn into_value(self) -> Option<Value> {
        match self {
            Selection::One(node) => node.cloned(),
            Selection::Many(nodes) => Some(Value::Array(nodes.into_iter().cloned().collect())),
        }
    }
}

/// Why a path could not be evaluated at all.
#[derive(Debug, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

/// Selects what `path` names in `data`.
pub fn select<'v>(data: &'v Value, path: &Path) -> Result<Selection<'v>, Unsupported> {
    if is_definite(path) {
        let mut node = data;
        for segment in &path.segments {
            match child(node, &segment.selector) {
                Some(next) => node = next,
                None => return Ok(Selection::One(None)),
            }
        }
        return Ok(Selection::One(Some(node)));
    }
    let mut nodes = vec![data];
    for segment in &path.segments {
        let mut next = Vec::new();
        for node in nodes {
            if segment.descendant {
                descendants(node, &mut |found| apply(found, segment, &mut next))?;
            } else {
                apply(node, segment, &mut next)?;
            }
        }
        nodes = next;
    }
    Ok(Selection::Many(nodes))
}

/// Whether a path names at most one node: no wildcard, slice, union, filter or `..`.
pub fn is_definite(path: &Path) -> bool {
    path.segments.iter().all(|segment| {
        !segment.descendant && matches!(segment.selector, Selector::Name(_) | Selector::Index(_))
    })
}

fn child<'v>(node: &'v Value, selector: &Selector) -> Option<&'v Value> {
    match (selector, node) {
        (Selector::Name(name), Value::Object(object)) => object.get(name),
        (Selector::Index(index), Value::Array(items)) => items.get(resolve_index(*index, items)?),
        _ => None,
    }
}

/// A Jayway index: negative ones count from the end.
fn resolve_index(index: i64, items: &[Value]) -> Option<usize> {
    let len = i64::try_from(items.len()).ok()?;
    let index = if index < 0 { len + index } else { index };
    usize::try_from(index).ok().filter(|&at| at < items.len())
}

fn apply<'v>(
    node: &'v Value,
    segment: &Segment,
    out: &mut Vec<&'v Value>,
) -> Result<(), Unsupported> {
    match &segment.selector {
        Selector::Name(_) | Selector::Index(_) => out.extend(child(node, &segment.selector)),
        Selector::Wildcard => match node {
            Value::Object(object) => out.extend(object.values()),
            Value::Array(items) => out.extend(items),
            _ => {}
        },
        Selector::Slice(slice) => {
            if let Value::Array(items) = node {
                out.extend(slice_indexes(slice, items.len()).map(|at| &items[at]));
            }
        }
        Selector::Union(members) => {
            for member in members {
                match member {
                    Selector::Name(_) | Selector::Index(_) => out.extend(child(node, member)),
                    _ => return Err(Unsupported("a union member that is not a name or index")),
                }
            }
        }
        Selector::Filter(_) => return Err(Unsupported("a filter expression `[?(…)]`")),
    }
    Ok(())
}

/// The node and every node below it, parents first.
fn descendants<'v>(
    node: &'v Value,
    visit: &mut dyn FnMut(&'v Value) -> Result<(), Unsupported>,
) -> Result<(), Unsupported> {
    // An explicit stack: flow data may nest deeper than the thread's stack allows recursion.
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        visit(node)?;
        match node {
            Value::Object(object) => stack.extend(object.values().rev()),
            Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    Ok(())
}

/// The indexes a slice selects, as Python and Jayway count them.
fn slice_indexes(slice: &Slice, len: usize) -> impl Iterator<Item = usize> {
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    let step = slice.step.unwrap_or(1);
    let clamp = |bound: i64| {
        if bound < 0 {
            (len + bound).max(0)
        } else {
            bound.min(len)
        }
    };
    let (start, end) = if step >= 0 {
        (slice.start.map_or(0, clamp), slice.end.map_or(len, clamp))
    } else {
        let clamp_back = |bound: i64| {
            if bound < 0 {
                len + bound
            } else {
                bound.min(len - 1)
            }
        };
        (
            slice.start.map_or(len - 1, clamp_back),
            slice.end.map_or(-1, clamp_back),
        )
    };
    let mut at = start;
    std::iter::from_fn(move || {
        let inside = match step {
            0 => false,
            s if s > 0 => at < end,
            _ => at > end && at >= 0,
        };
        if !inside {
            return None;
        }
        let current = at;
        at += step;
        usize::try_from(current).ok()
    })
}

/// Why a result could not be written where `ResultPath` says.
#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The path is not a reference path (it may select several nodes).
    NotAReferencePath,
    /// A node on the way is neither an object nor, for an index, an array long enough.
    Blocked {
        /// The path up to the node that blocks, as written (`$.ticket.id`).
        at: String,
        found: &'static str,
    },
}

/// Writes `value` at the reference path `path` in `data`, creating the objects on the way that
/// are missing, as the Amazon States Language specifies for `ResultPath`. Returns the value it
/// replaced, if any.
pub fn write(data: &mut Value, path: &Path, value: Value) -> Result<Option<Value>, WriteError> {
    if !is_definite(path) {
        return Err(WriteError::NotAReferencePath);
    }
    let Some((last, parents)) = path.segments.split_last() else {
        return Ok(Some(std::mem::replace(data, value)));
    };
    let mut node = data;
    let mut written = String::from("$");
    for segment in parents {
        written.push_str(&segment_text(&segment.selector));
        node = match &segment.selector {
            Selector::Name(name) => match node {
                Value::Object(object) => object
                    .entry(name.clone())
                    .or_insert_with(|| Value::Object(Map::new())),
                other => return Err(blocked(written, other)),
            },
            Selector::Index(index) => match node {
                Value::Array(items) => match resolve_index(*index, items) {
                    Some(at) => &mut items[at],
                    None => return Err(blocked(written, &Value::Null)),
                },
                other => return Err(blocked(written, other)),
            },
            _ => return Err(WriteError::NotAReferencePath),
        };
    }
    match (&last.selector, node) {
        (Selector::Name(name), Value::Object(object)) => Ok(object.insert(name.clone(), value)),
        (Selector::Index(index), Value::Array(items)) => match resolve_index(*index, items) {
            Some(at) => Ok(Some(std::mem::replace(&mut items[at], value))),
            None => Err(WriteError::Blocked {
                at: format!("{written}{}", segment_text(&last.selector)),
                found: "nothing (the index is past the end of the array)",
            }),
        },
        (_, other) => Err(blocked(written, other)),
    }
}

fn blocked(at: String, found: &Value) -> WriteError {
    WriteError::Blocked {
        at,
        found: match found {
            Value::Null => "null or nothing",
            other => type_name(other),
        },
    }
}

fn segment_text(selector: &Selector) -> String {
    match selector {
        Selector::Name(name) => format!(".{name}"),
        Selector::Index(index) => format!("[{index}]"),
        _ => String::new(),
    }
}

/// How many arrays and objects deep a value goes, counted without recursion.
pub fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((value, level)) = stack.pop() {
        deepest = deepest.max(level);
        match value {
            Value::Object(object) => stack.extend(object.values().map(|item| (item, level + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|item| (item, level + 1))),
            _ => {}
        }
    }
    deepest
}

/// A JSON type as messages name it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(data: &Value, path: &str) -> Option<Value> {
        select(data, &zis_jsonpath::parse(path).unwrap())
            .unwrap()
            .into_value()
    }

    #[test]
    fn definite_paths_give_the_node_or_nothing() {
        let data = json!({"a": {"b": [10, 20, 30]}, "n": null});
        assert_eq!(read(&data, "$"), Some(data.clone()));
        assert_eq!(read(&data, "$.a.b[1]"), Some(json!(20)));
        assert_eq!(read(&data, "$.a.b[-1]"), Some(json!(30)));
        assert_eq!(read(&data, "$['a']['b'][0]"), Some(json!(10)));
        assert_eq!(read(&data, "$.n"), Some(Value::Null));
        assert_eq!(read(&data, "$.a.c"), None);
        assert_eq!(read(&data, "$.a.b[3]"), None);
        assert_eq!(read(&data, "$.a.b.c"), None);
    }

    #[test]
    fn other_paths_give_an_array_of_matches() {
        let data = json!({"t": [{"id": 1}, {"id": 2}, {"x": {"id": 3}}]});
        assert_eq!(read(&data, "$.t[*].id"), Some(json!([1, 2])));
        assert_eq!(read(&data, "$..id"), Some(json!([1, 2, 3])));
        assert_eq!(read(&data, "$.t[0:2].id"), Some(json!([1, 2])));
        assert_eq!(read(&data, "$.t[::-1][0]"), Some(json!([])));
        assert_eq!(read(&data, "$.t[0,1].id"), Some(json!([1, 2])));
        assert_eq!(read(&data, "$.missing[*]"), Some(json!([])));
        let error = select(&data, &zis_jsonpath::parse("$.t[?(@.id)]").unwrap()).err();
        assert_eq!(error, Some(Unsupported("a filter expression `[?(…)]`")));
    }

    #[test]
    fn slices_count_like_python() {
        let indexes = |start, end, step, len| {
            slice_indexes(&Slice { start, end, step }, len).collect::<Vec<_>>()
        };
        assert_eq!(indexes(None, None, None, 3), [0, 1, 2]);
        assert_eq!(indexes(Some(-2), None, None, 3), [1, 2]);
        assert_eq!(indexes(None, Some(-1), None, 3), [0, 1]);
        assert_eq!(indexes(None, None, Some(-1), 3), [2, 1, 0]);
        assert_eq!(indexes(None, None, Some(2), 5), [0, 2, 4]);
        assert_eq!(indexes(Some(5), Some(9), None, 3), Vec::<usize>::new());
        assert_eq!(indexes(None, None, Some(0), 3), Vec::<usize>::new());
    }

    #[test]
    fn writes_create_missing_objects_and_stop_at_other_values() {
        let path = |p| zis_jsonpath::parse(p).unwrap();
        let mut data = json!({"a": 1, "list": [1, 2]});
        assert_eq!(write(&mut data, &path("$.x.y"), json!(5)), Ok(None));
        assert_eq!(write(&mut data, &path("$.a"), json!(2)), Ok(Some(json!(1))));
        assert_eq!(
            write(&mut data, &path("$.list[-1]"), json!(9)),
            Ok(Some(json!(2)))
        );
        assert_eq!(data, json!({"a": 2, "list": [1, 9], "x": {"y": 5}}));
        assert_eq!(
            write(&mut data, &path("$.a.b"), json!(0)),
            Err(WriteError::Blocked {
                at: "$.a".into(),
                found: "a number"
            })
        );
        assert_eq!(
            write(&mut data, &path("$.list[*]"), json!(0)),
            Err(WriteError::NotAReferencePath)
        );
        assert_eq!(
            write(&mut data, &path("$"), json!("all")),
            Ok(Some(json!({"a": 2, "list": [1, 9], "x": {"y": 5}})))
        );
        assert_eq!(data, json!("all"));
    }
}
