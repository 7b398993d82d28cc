//! `zis:common:transform:Jq`: the jq program run for real, with jaq.
//!
//! jaq's standard library is all of jq's that a reproducible run can offer: the functions that
//! read the clock, the environment, the local time zone or further inputs, or that write to
//! the terminal, are left out, so that a run gives the same trace every time.

use std::collections::HashMap;

use jaq_core::data::JustLut;
use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars};
use jaq_json::Val;
use serde_json::Value;

type Program = jaq_core::Filter<JustLut<Val>>;

/// Natives that read the clock, the environment or the local time zone: they fail when called.
const IMPURE: [&str; 4] = ["now", "env", "localtime", "strflocaltime"];

/// Compiled programs by their text: a flow that runs one transform in a loop compiles it once.
#[derive(Default)]
pub struct Programs {
    compiled: HashMap<String, Result<Program, String>>,
}

/// What a program gave.
#[derive(Debug, PartialEq)]
pub struct Outputs {
    /// The first output, as a JSON value; `None` when the program gave none.
    pub first: Option<Value>,
    /// How many outputs it gave, counting at most two.
    pub count: usize,
}

impl Programs {
    /// Runs `program` on `input`: its first output, or the error ZIS would report.
    pub fn run(&mut self, program: &str, input: &Value) -> Result<Outputs, String> {
        let compiled = self
            .compiled
            .entry(program.to_string())
            .or_insert_with(|| compile(program));
        let filter = compiled.as_ref().map_err(Clone::clone)?;
        let input = <Val as serde::Deserialize>::deserialize(input)
            .map_err(|error| format!("the input is not JSON jq can read: {error}"))?;
        let ctx = Ctx::<JustLut<Val>>::new(&filter.lut, Vars::new([]));
        let mut outputs = filter.id.run((ctx, input));
        let mut first = None;
        let mut count = 0;
        // Only the first output is kept; a second one is only counted, so that a program that
        // never stops giving outputs still ends here.
        for output in outputs.by_ref().take(2) {
            let value = output.map_err(|exception| match exception.get_err() {
                Ok(error) => match to_json(&error.into_val()) {
                    Ok(Value::String(message)) => format!("jq error: {message}"),
                    Ok(other) => format!("jq error: {other}"),
                    Err(message) => format!("jq error: {message}"),
                },
                Err(exception) => match exception.get_halt() {
                    Ok(code) => format!("jq program halted with exit code {code}"),
                    Err(_) => "jq program ended abnormally".to_string(),
                },
            })?;
            if first.is_none() {
                let converted = to_json(&value);
                if converted.is_err() {
                    // Freeing a value nested this deep would recurse as deep as it nests: the
                    // run is about to end, and its memory goes with the process.
                    std::mem::forget(value);
                }
                first = Some(converted?);
            }
            count += 1;
        }
        Ok(Outputs { first, count })
    }
}

fn compile(program: &str) -> Result<Program, String> {
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs())
        .map(|(name, arity, native)| {
            // Replaced rather than left out: the standard library's own definitions call them.
            if IMPURE.contains(&name) {
                jaq_core::native::run::<JustLut<Val>>((name, arity, refuse as RunPtr))
            } else if name == "stderr_empty" {
                jaq_core::native::run::<JustLut<Val>>((name, arity, no_output as RunPtr))
            } else {
                (name, arity, native)
            }
        });
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let modules = loader
        .load(
            &arena,
            File {
                code: program,
                path: (),
            },
        )
        .map_err(|_| {
            "the jq program does not parse (`zis-lint check` shows where, ZIS501)".to_string()
        })?;
    Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errors| {
            let names: Vec<String> = errors
                .iter()
                .flat_map(|(_, undefined)| undefined)
                .map(|(name, what)| describe_undefined(name, what))
                .collect();
            format!("the jq program uses {}", names.join(", "))
        })
}

type RunPtr = jaq_core::RunPtr<JustLut<Val>>;

fn refuse<'a>(_: jaq_core::Cv<'a, JustLut<Val>>) -> jaq_core::ValXs<'a, Val> {
    let error = jaq_core::Error::str(
        "this runner leaves out `now`, `env`, `localtime` and `strflocaltime`: they would make \
         a run differ from one time to the next",
    );
    Box::new(std::iter::once(Err(error.into())))
}

/// `stderr` passes its input on and writes it to the terminal; a run writes nothing.
fn no_output<'a>(_: jaq_core::Cv<'a, JustLut<Val>>) -> jaq_core::ValXs<'a, Val> {
    Box::new(std::iter::empty())
}

fn describe_undefined(name: &str, what: &jaq_core::compile::Undefined) -> String {
    use jaq_core::compile::Undefined;
    match what {
        Undefined::Var => format!("the undefined variable `${name}`"),
        Undefined::Filter(arity) => format!("the undefined function `{name}/{arity}`"),
        _ => format!("the undefined name `{name}`"),
    }
}

/// How deep a jq output may nest: as deep as serde_json reads JSON, which the output goes
/// through. jaq's values are written and freed by recursion, so deeper ones are refused before.
const MAX_DEPTH: usize = 128;

fn to_json(value: &Val) -> Result<Value, String> {
    if nesting(value) > MAX_DEPTH {
        return Err(format!(
            "the jq program gave a value nested more than {MAX_DEPTH} levels deep"
        ));
    }
    let text = value.to_string();
    serde_json::from_str(&text)
        .map_err(|_| format!("the jq program gave `{text}`, which is not JSON"))
}

/// How many arrays and objects deep a value goes, counted without recursion.
fn nesting(value: &Val) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if depth > MAX_DEPTH {
            break;
        }
        match value {
            Val::Arr(items) => stack.extend(items.iter().map(|item| (item, depth + 1))),
            Val::Obj(map) => stack.extend(map.values().map(|item| (item, depth + 1))),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(program: &str, input: Value) -> Result<Outputs, String> {
        Programs::default().run(program, &input)
    }

    fn first(program: &str, input: Value) -> Value {
        run(program, input).unwrap().first.unwrap()
    }

    #[test]
    fn runs_programs_of_real_bundles() {
        let ticket = json!({"ticket_event": {"ticket": {"id": 27642, "tags": ["b", "a", "b"]}}});
        assert_eq!(
            first(".ticket_event.ticket.id | tostring", ticket.clone()),
            json!("27642")
        );
        assert_eq!(
            first(".ticket_event.ticket.tags | unique", ticket.clone()),
            json!(["a", "b"])
        );
        assert_eq!(
            first(
                "{status: (\"x_\" + (.s // \"\" | ascii_downcase))}",
                json!({"s": "OPEN"})
            ),
            json!({"status": "x_open"})
        );
        assert_eq!(
            first("gsub(\"\\\\s+\"; \"-\")", json!("a  b c")),
            json!("a-b-c")
        );
        assert_eq!(
            first("[.[] | select(. > 1)]", json!([1, 2, 3])),
            json!([2, 3])
        );
        assert_eq!(first("@base64", json!("hi")), json!("aGk="));
        assert_eq!(first("1.5 * 2", json!(null)), json!(3.0));
        assert_eq!(
            first("\"2021-08-12T08:46:37Z\" | fromdateiso8601", json!(null)),
            json!(1628757997)
        );
    }

    #[test]
    fn counts_outputs_up_to_two() {
        assert_eq!(
            run(".[]", json!([1, 2, 3])),
            Ok(Outputs {
                first: Some(json!(1)),
                count: 2
            })
        );
        assert_eq!(
            run("empty", json!(1)),
            Ok(Outputs {
                first: None,
                count: 0
            })
        );
        assert_eq!(run("repeat(1)", json!(1)).unwrap().count, 2);
    }

    #[test]
    fn refuses_outputs_nested_too_deep_without_recursing() {
        let program = "reduce range(100000) as $i (null; [.])";
        assert_eq!(
            run(program, json!(null)),
            Err("the jq program gave a value nested more than 128 levels deep".into())
        );
        assert!(run("reduce range(127) as $i (null; [.])", json!(null)).is_ok());
    }

    #[test]
    fn reports_errors() {
        assert_eq!(
            run(".a + 1", json!({"a": "x"})),
            Err("jq error: cannot calculate \"x\" + 1".into())
        );
        assert_eq!(
            run("error(\"boom\")", json!(1)),
            Err("jq error: boom".into())
        );
        assert_eq!(
            run("now", json!(1)),
            Err(
                "jq error: this runner leaves out `now`, `env`, `localtime` and `strflocaltime`: \
                 they would make a run differ from one time to the next"
                    .into()
            )
        );
        assert_eq!(first("stderr", json!(4)), json!(4));
        assert_eq!(
            run("nosuch(1)", json!(1)),
            Err("the jq program uses the undefined function `nosuch/1`".into())
        );
        assert_eq!(
            run("{", json!(1)),
            Err("the jq program does not parse (`zis-lint check` shows where, ZIS501)".into())
        );
    }
}
