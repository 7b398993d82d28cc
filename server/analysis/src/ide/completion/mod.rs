//! Completion: what may be typed at the cursor. Values (event sources and types, references to
//! this bundle's actions and flows and to the built-ins, the state names of the scope, state and
//! resource types, enumerated values), the keys the object at the cursor may still take, and
//! snippets for whole new states and resources.
//!
//! It reads the tree, model and index the document already has (a [`View`]: the whole
//! analysis's, or right after an edit the focus of that edit's, [`crate::Analysis::focus_at`])
//! and walks down to the cursor; nothing is re-parsed. On half-typed text the edit of each item replaces what was typed of the token,
//! inside or outside quotes, and adds the quotes, colon and commas the token still lacks.
//!
//! A scope may hold thousands of states and a bundle hundreds of actions, and an editor shows a
//! dozen items and the documentation of one. So candidates are matched against what was typed
//! before any item is built, at most a given number of items are built, and an item only names
//! what its documentation is about (a [`Topic`]): [`documentation`] writes it once it is shown.
//!
//! By concern: [`topic`] names and writes documentation, [`matching`] matches candidates against
//! what was typed, `values` completes values, `keys` keys, and `snippets` whole new states and
//! resources.

mod keys;
mod matching;
mod paths;
mod snippets;
#[cfg(test)]
mod tests;
mod topic;
mod values;

pub use topic::{documentation, Topic};

use zis_syntax::TextRange;

use crate::diagnostic::Edit;
use crate::ide::cursor::{cursor_at, Spot};
use crate::View;

use keys::{key_completions, KeySlot};
use matching::{Pattern, Picker};
use paths::path_completions;
use values::{item_completions, value_completions, Slot};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// What the item's documentation is about, for [`documentation`].
    pub topic: Option<Topic>,
    /// Replaces what was typed of the token at the cursor.
    pub edit: Edit,
    /// Whether `edit.new_text` is a snippet with `$1`-style tab stops.
    pub snippet: bool,
    /// Edits away from the cursor: the comma a new member needs after the member before it.
    pub additional_edits: Vec<Edit>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Field,
    Operator,
    Value,
    Event,
    State,
    /// A custom action or a built-in.
    Action,
    Flow,
    /// A state type or a resource type.
    Type,
    /// A whole new state or resource.
    Snippet,
}

/// The items of one answer.
#[derive(Debug, Default)]
pub struct Completions {
    pub items: Vec<CompletionItem>,
    /// Whether candidates were left out, as not matching what was typed or past the limit: the
    /// answer changes as the token does, so it must be asked for again.
    pub incomplete: bool,
}

/// What may be typed at `offset` that matches what was typed of the token there, in the order
/// to show it; at most `limit` items, the best matches.
pub fn completion_list(view: View, text: &str, offset: u32, limit: usize) -> Completions {
    let Some(cursor) = cursor_at(text, view.parse.root.as_ref(), offset) else {
        return Completions::default();
    };
    let picker = |range: TextRange| {
        let typed = text.get(range.start as usize..offset as usize);
        Picker {
            pattern: Pattern::new(typed.unwrap_or("")),
            limit,
        }
    };
    match cursor.spot {
        Spot::Key(member) => {
            let slot = KeySlot::on_key(text, &member.key, offset);
            key_completions(text, &cursor, Some(member), &slot, &picker(slot.range))
        }
        Spot::NewKey { word } => {
            let slot = KeySlot::new(text, word);
            key_completions(text, &cursor, None, &slot, &picker(word))
        }
        Spot::Value { key, value } => {
            if let Some(names) = path_completions(view, text, value, offset, limit) {
                return names;
            }
            let slot = Slot::in_string(value, offset);
            let picker = picker(slot.range());
            value_completions(view, &cursor, &key.value, &slot, &picker)
        }
        Spot::NewValue { key, word } => {
            value_completions(view, &cursor, &key.value, &Slot::Bare(word), &picker(word))
        }
        Spot::Item { key, item, word } => {
            let slot = item.map_or(Slot::Bare(word), |item| Slot::in_string(item, offset));
            item_completions(&cursor, &key.value, &slot, &picker(slot.range()))
        }
    }
}

/// Every item for `offset`: [`completion_list`] without a limit.
pub fn completions(view: View, text: &str, offset: u32) -> Vec<CompletionItem> {
    completion_list(view, text, offset, usize::MAX).items
}
