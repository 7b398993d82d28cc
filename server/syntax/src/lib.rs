//! JSON syntax for ZIS bundles: an owned tree with a byte range on every node.
//!
//! The parser is written for an editor, not for a data pipeline: it never stops at the first
//! error, it accepts the JSONC extensions (comments, trailing commas) while reporting them, it
//! keeps duplicate keys, and it bounds its own recursion so that no input can overflow the stack.
//! Objects and arrays sit behind `Arc` so that the semantic model can hold on to subtrees without
//! copying them.

mod ast;
mod parser;
mod text;

pub use ast::{Array, Member, Number, Object, Str, Text, Value};
pub use parser::{
    parse, parse_member, parse_with_holes, Hole, Parse, SyntaxError, SyntaxErrorKind, MAX_DEPTH,
};
pub use text::{ColumnUnit, LineCol, LineIndex, TextChange, TextRange, Unchanged};

/// The stack a thread needs to parse, or to walk by recursion, the deepest tree the parser
/// accepts ([`MAX_DEPTH`]): a main thread's, more than a spawned thread gets by default.
pub const STACK_BYTES: usize = 8 * 1024 * 1024;

/// The cores this process may run on, which says whether work is worth sharing out over
/// threads. Asked once: on Linux the answer reads cgroup files, and an editor's server parses
/// and analyses on every edit.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |cores| cores.get()))
}
