//! Quick fixes: the fixes the rules attached to the findings in the requested range.

use std::collections::HashMap;

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, WorkspaceEdit,
};
use zis_analysis::ide::code_action::quick_fixes;
use zis_analysis::TextRange;

use crate::handlers::diagnostics;
use crate::server::Backend;

pub async fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    // Kinds are hierarchical: the empty kind covers every other.
    let wants_quick_fixes = params.context.only.as_ref().is_none_or(|only| {
        only.iter()
            .any(|kind| *kind == CodeActionKind::EMPTY || *kind == CodeActionKind::QUICKFIX)
    });
    if !wants_quick_fixes {
        return Ok(None);
    }
    let Some(snapshot) = backend.bundle(&uri).await else {
        return Ok(None);
    };
    let converter = snapshot.converter(backend.unit());
    let start = converter.offset(params.range.start);
    let range = TextRange::new(start, converter.offset(params.range.end).max(start));
    let actions = quick_fixes(&snapshot.analysis, range)
        .into_iter()
        .map(|quick_fix| {
            let edits = quick_fix
                .fix
                .edits
                .iter()
                .map(|edit| TextEdit::new(converter.range(edit.range), edit.new_text.clone()))
                .collect();
            let diagnostic = diagnostics::to_lsp(&uri, &converter, quick_fix.diagnostic);
            CodeActionOrCommand::CodeAction(CodeAction {
                title: quick_fix.fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))),
                is_preferred: Some(quick_fix.preferred),
                ..CodeAction::default()
            })
        })
        .collect();
    Ok(Some(actions))
}
