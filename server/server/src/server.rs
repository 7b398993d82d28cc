//! The `LanguageServer` implementation: capabilities, and one line per request handing it to its
//! handler.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Mutex;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};
use zis_analysis::config::CONFIG_FILE_NAME;
use zis_analysis::{Focus, View};
use zis_syntax::ColumnUnit;

use crate::config::Configs;
use crate::convert;
use crate::documents::{Documents, Snapshot};
use crate::handlers::run_flow::FlowRuns;
use crate::handlers::{
    code_action, completion, definition, diagnostics, document_symbol, flow_lens, hover,
    references, rename,
};
use crate::transport::{DirectAnswer, DirectAnswers, Outbox};

/// How long typing stops before the whole model of the last edit's analysis is made
/// ([`Documents::lower_when_idle`]): longer than most pauses between keystrokes, so that typing
/// does not make one for every edit, and shorter than it takes to move the pointer or the
/// cursor elsewhere and ask there.
const IDLE_BEFORE_LOWERING: Duration = Duration::from_millis(200);

/// What tower-lsp serves: the backend, shared with the answers the transport asks of it directly,
/// which outlive the request that started them.
pub struct Server(Arc<Backend>);

impl Server {
    pub fn new(backend: Backend) -> Server {
        Server(Arc::new(backend))
    }
}

impl Deref for Server {
    type Target = Backend;

    fn deref(&self) -> &Backend {
        &self.0
    }
}

impl DirectAnswers for Server {
    fn answer_directly(&self, method: &str, params: Option<&Value>) -> Option<DirectAnswer> {
        match method {
            "textDocument/documentSymbol" => {
                let params: DocumentSymbolParams = serde_json::from_value(params?.clone()).ok()?;
                self.documents.revision(&params.text_document.uri)?;
                let backend = Arc::clone(&self.0);
                Some(Box::pin(async move {
                    document_symbol::serialized(&backend, params).await
                }))
            }
            // Hundreds of items, asked at every keystroke: written straight from the answer
            // rather than through tower-lsp's `serde_json::Value` of it.
            "textDocument/completion" => {
                let params: CompletionParams = serde_json::from_value(params?.clone()).ok()?;
                self.documents
                    .revision(&params.text_document_position.text_document.uri)?;
                let backend = Arc::clone(&self.0);
                Some(Box::pin(async move {
                    let answer = completion::serialized(&backend, params, true).await;
                    answer.unwrap_or_else(|| b"null".to_vec())
                }))
            }
            _ => None,
        }
    }
}

pub struct Backend {
    pub client: Client,
    /// Where the notifications too large to go through tower-lsp go: diagnostics.
    pub outbox: Outbox,
    pub documents: Documents,
    configs: Configs,
    /// The column unit agreed in `initialize`.
    unit: OnceLock<ColumnUnit>,
    /// Whether the client lets the server ask it to watch `zis-lint.json` files.
    can_watch_files: OnceLock<bool>,
    /// What the client lets a completion answer leave out of its items.
    completion_support: OnceLock<completion::ClientSupport>,
    /// Held while checking that a result is current and sending it, so that diagnostics of an
    /// older version never overtake those of a newer one.
    pub publishing: Mutex<()>,
    /// Where the "Run with a sample event" lens runs a flow.
    pub flow_runs: FlowRuns,
}

/// A snapshot, and the focus a request in it reads when one answers ([`Backend::reading_at`]).
pub struct Reading {
    pub snapshot: Arc<Snapshot>,
    focus: Option<Arc<Focus>>,
}

impl Reading {
    pub fn view(&self) -> View<'_> {
        match &self.focus {
            Some(focus) => focus.view(),
            None => self.snapshot.analysis.view(),
        }
    }
}

impl Drop for Reading {
    /// A focus made for the request alone is freed on another thread: a tenth of a millisecond
    /// or more at 10,000 states that the answer need not wait for.
    fn drop(&mut self) {
        let made_for_the_request = self
            .focus
            .as_ref()
            .filter(|focus| Arc::strong_count(focus) == 1);
        if let (Some(_), Ok(runtime)) =
            (made_for_the_request, tokio::runtime::Handle::try_current())
        {
            let focus = self.focus.take();
            runtime.spawn_blocking(move || drop(focus));
        }
    }
}

impl Backend {
    pub fn new(client: Client, outbox: Outbox) -> Backend {
        Backend::running_flows(client, outbox, FlowRuns::InProcess)
    }

    pub fn running_flows(client: Client, outbox: Outbox, flow_runs: FlowRuns) -> Backend {
        Backend {
            flow_runs,
            client,
            outbox,
            documents: Documents::default(),
            configs: Configs::default(),
            unit: OnceLock::new(),
            can_watch_files: OnceLock::new(),
            completion_support: OnceLock::new(),
            publishing: Mutex::new(()),
        }
    }

    pub fn unit(&self) -> ColumnUnit {
        self.unit.get().copied().unwrap_or(ColumnUnit::Utf16)
    }

    pub fn completion_support(&self) -> completion::ClientSupport {
        self.completion_support.get().copied().unwrap_or_default()
    }

    /// The current analysis of an open bundle; `None` for documents that are not open or not
    /// bundles, which get no features.
    pub async fn bundle(&self, uri: &Url) -> Option<Arc<Snapshot>> {
        Self::lowered(self.unlowered_bundle(uri).await?).await
    }

    /// [`Backend::bundle`] without the whole tree, model and index that an analysis after an
    /// edit makes only when asked: for a request that may find what it needs in the edit's
    /// focus.
    pub async fn unlowered_bundle(&self, uri: &Url) -> Option<Arc<Snapshot>> {
        let snapshot = self.documents.snapshot(uri).await?;
        snapshot.analysis.is_bundle.then_some(snapshot)
    }

    /// What a request at `offset` of `snapshot` reads: a focus that answers there
    /// ([`zis_analysis::Analysis::focus_at`]) while the whole tree, model and index are not made,
    /// else those, made first if need be. Only for requests a focus answers as the whole model
    /// would: completion, hover, definition.
    pub async fn reading_at(snapshot: Arc<Snapshot>, offset: u32) -> Option<Reading> {
        let focus = match snapshot.analysis.is_lowered() {
            true => None,
            false => snapshot.analysis.focus_at(offset),
        };
        let snapshot = match focus {
            Some(_) => snapshot,
            None => Self::lowered(snapshot).await?,
        };
        Some(Reading { snapshot, focus })
    }

    /// `snapshot` with its whole tree, model and index made.
    pub async fn lowered(snapshot: Arc<Snapshot>) -> Option<Arc<Snapshot>> {
        // An analysis after an edit makes the whole tree, model and index when first asked:
        // tens of milliseconds on a large bundle, which would hold up every message behind
        // them on this thread.
        if !snapshot.analysis.is_lowered() {
            let lowering = snapshot.clone();
            let lowered = tokio::task::spawn_blocking(move || {
                lowering.analysis.model();
            });
            match lowered.await {
                Ok(()) => {}
                Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
                Err(_) => return None,
            }
        }
        Some(snapshot)
    }

    /// Re-reads the configuration of every open document, then publishes the diagnostics of
    /// those it changed and of `opened`.
    async fn reload_configs(&self, opened: Option<Url>) {
        let loaded = self.configs.load(self.documents.uris()).await;
        for fault in loaded.faults {
            self.client.show_message(MessageType::ERROR, fault).await;
        }
        let mut stale: Vec<Url> = loaded
            .configs
            .into_iter()
            .filter(|(uri, settings)| self.documents.set_settings(uri, settings.clone()))
            .map(|(uri, _)| uri)
            .collect();
        if let Some(opened) = opened.filter(|opened| !stale.contains(opened)) {
            stale.push(opened);
        }
        for uri in stale {
            diagnostics::publish(self, uri).await;
        }
    }
}

/// What the server answers. A feature is announced here in the same change that adds its
/// handler, never before.
fn capabilities(unit: ColumnUnit) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(unit)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(completion::TRIGGER_CHARACTERS.map(String::from).to_vec()),
            resolve_provider: Some(true),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(code_action::FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: flow_lens::COMMANDS.map(String::from).to_vec(),
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let unit = *self.unit.get_or_init(|| convert::negotiate(&params));
        let can_watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.did_change_watched_files)
            .and_then(|watched| watched.dynamic_registration)
            .unwrap_or(false);
        self.can_watch_files.get_or_init(|| can_watch_files);
        self.completion_support
            .get_or_init(|| completion::ClientSupport::of(&params));
        Ok(InitializeResult {
            capabilities: capabilities(unit),
            server_info: Some(ServerInfo {
                name: "zis-lint".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.can_watch_files.get() != Some(&true) {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{CONFIG_FILE_NAME}")),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "zis-lint-config".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        // Answered by the client in its own time; other messages must not wait for it. Should
        // it refuse, configurations are still re-read on open and save.
        let client = self.client.clone();
        tokio::spawn(async move { client.register_capability(vec![registration]).await });
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let TextDocumentItem {
            uri, text, version, ..
        } = params.text_document;
        // The text is dropped once in the rope: a large document's copy would otherwise stay
        // alive through its first analysis, the server's peak of memory.
        self.documents.open(uri.clone(), text, version);
        // Opening is also when a configuration edited outside the editor gets noticed.
        self.reload_configs(Some(uri)).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let document = params.text_document;
        // Synchronous, before any `.await`: edits must land in the order they were sent.
        let revision = self.documents.change(
            &document.uri,
            document.version,
            params.content_changes,
            self.unit(),
        );
        // Lets the edits already received land first: while the user types, most revisions are
        // outdated before they could be analysed, and the handler of the newest one publishes.
        tokio::task::yield_now().await;
        if revision.is_some() && self.documents.revision(&document.uri) == revision {
            diagnostics::publish(self, document.uri.clone()).await;
            if let Some(revision) = revision {
                let backend = Arc::clone(&self.0);
                tokio::spawn(async move {
                    (backend.documents)
                        .lower_when_idle(&document.uri, revision, IDLE_BEFORE_LOWERING)
                        .await;
                });
            }
        }
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        self.reload_configs(None).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.documents.close(&params.text_document.uri);
        diagnostics::clear(self, params.text_document.uri).await;
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.reload_configs(None).await;
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        definition::definition(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        references::references(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        rename::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        rename::rename(self, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        document_symbol::document_symbol(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        completion::completion(self, params).await
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        completion::resolve(self, item).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        hover::hover(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        code_action::code_action(self, params).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        flow_lens::code_lens(self, params).await
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        flow_lens::execute_command(self, params).await
    }
}
