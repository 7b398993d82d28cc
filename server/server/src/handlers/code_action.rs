//! Code actions: the quick fixes the rules attached to the findings in the requested range, and
//! "Fix all safe problems" (`source.fixAll.zis-lint`), which editors can run on save.

use std::collections::HashMap;

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Range,
    TextEdit, Url, WorkspaceEdit,
};
use zis_analysis::fix::{difference, fix_all, Applying};
use zis_analysis::ide::code_action::quick_fixes;
use zis_analysis::TextRange;

use crate::documents::Snapshot;
use crate::handlers::diagnostics;
use crate::server::Backend;

/// The kind of "Fix all safe problems": under `source.fixAll`, as editors' fix-on-save expects.
pub const FIX_ALL: &str = "source.fixAll.zis-lint";

pub async fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = &params.text_document.uri;
    let only = params.context.only.as_deref();
    // Kinds are hierarchical: `source` asks for every source action, the empty kind for all.
    let asks_for = |kind: &str| {
        only.is_none_or(|only| {
            only.iter().any(|asked| {
                let asked = asked.as_str();
                asked.is_empty() || kind == asked || kind.starts_with(&format!("{asked}."))
            })
        })
    };
    let wants_quick_fixes = asks_for(CodeActionKind::QUICKFIX.as_str());
    // A source action is offered when asked for by kind, not among the quick fixes at the cursor.
    let wants_fix_all = only.is_some() && asks_for(FIX_ALL);
    if !wants_quick_fixes && !wants_fix_all {
        return Ok(None);
    }
    let Some(snapshot) = backend.bundle(uri).await else {
        return Ok(None);
    };
    let mut actions = Vec::new();
    if wants_quick_fixes {
        let range = params.range;
        actions.extend(quick_fix_actions(backend, uri, &snapshot, range));
    }
    if wants_fix_all && !snapshot.ignored {
        actions.extend(fix_all_action(backend, uri, &snapshot).await);
    }
    Ok(Some(actions))
}

fn quick_fix_actions(
    backend: &Backend,
    uri: &Url,
    snapshot: &Snapshot,
    range: Range,
) -> Vec<CodeActionOrCommand> {
    let converter = snapshot.converter(backend.unit());
    let start = converter.offset(range.start);
    let range = TextRange::new(start, converter.offset(range.end).max(start));
    quick_fixes(&snapshot.analysis, range)
        .into_iter()
        .map(|quick_fix| {
            let edits = quick_fix
                .fix
                .edits
                .iter()
                .map(|edit| TextEdit::new(converter.range(edit.range), edit.new_text.clone()))
                .collect();
            let diagnostic = diagnostics::to_lsp(uri, &converter, quick_fix.diagnostic);
            CodeActionOrCommand::CodeAction(CodeAction {
                title: quick_fix.fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))),
                is_preferred: Some(quick_fix.preferred),
                ..CodeAction::default()
            })
        })
        .collect()
}

/// Every safe fix, applied as `zis-lint check --fix` applies them, as one edit of the part of
/// the text that changes; nothing when there is nothing to fix.
async fn fix_all_action(
    backend: &Backend,
    uri: &Url,
    snapshot: &Snapshot,
) -> Option<CodeActionOrCommand> {
    let config = backend.documents.settings(uri)?.config;
    let text = snapshot.text.clone();
    let fixed = tokio::task::spawn_blocking(move || {
        let fixed = fix_all(&text, &config, Applying::Safe);
        fixed.changed().then(|| difference(&text, &fixed.text))
    })
    .await;
    let change = match fixed {
        Ok(change) => change?,
        // The guard of the request answers and logs a panic.
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        Err(_) => return None,
    };
    let converter = snapshot.converter(backend.unit());
    let edit = TextEdit::new(converter.range(change.range), change.new_text);
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: "Fix all safe problems".to_string(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(WorkspaceEdit::new(HashMap::from([(
            uri.clone(),
            vec![edit],
        )]))),
        ..CodeAction::default()
    }))
}
