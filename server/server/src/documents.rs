//! The open documents: the text as the client edits it, and the analysis of its latest revision.
//!
//! Edits are applied synchronously, under a lock that is never held across an `.await`, so they
//! land in the order they arrived even though tower-lsp runs notification handlers concurrently.
//! Analysis happens outside the lock, and its result is kept only while it still describes the
//! current revision.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use ropey::Rope;
use tower_lsp::lsp_types::{TextDocumentContentChangeEvent, Url};
use zis_analysis::incremental::Memo;
use zis_analysis::{reanalyze, Analysis, Before, LineIndex, Unchanged};
use zis_syntax::ColumnUnit;

use crate::config::Settings;
use crate::convert::{rope_offset, Converter};

/// One analysed version of a document. Immutable, so requests share it without waiting.
#[derive(Debug)]
pub struct Snapshot {
    pub text: Arc<String>,
    pub line_index: LineIndex,
    pub analysis: Arc<Analysis>,
    /// The configuration's `ignore` leaves the document out: it gets no diagnostics.
    pub ignored: bool,
    /// The client's version of the text, for publishing.
    pub version: i32,
    revision: u64,
}

impl Snapshot {
    pub fn converter(&self, unit: ColumnUnit) -> Converter<'_> {
        Converter {
            text: &self.text,
            index: &self.line_index,
            unit,
        }
    }
}

struct Document {
    /// For finding where an edit's line and column are.
    rope: Rope,
    /// The same text, which snapshots share: an edit writes the new text once, and an analysis
    /// reads it without a copy.
    text: Arc<String>,
    /// The text before the last edit. Once no snapshot holds it, the next edit writes into it:
    /// a large document's text is megabytes, which a new allocation would take as fresh pages
    /// from the system at every keystroke.
    spare: Arc<String>,
    version: i32,
    settings: Settings,
    /// Changes with every edit and every change of configuration: a snapshot of an older
    /// revision is stale even when the client's version number is the same.
    revision: u64,
    snapshot: Option<Arc<Snapshot>>,
    /// What the next analysis reuses of the last one: kept apart from the snapshot, so that a
    /// stale snapshot is freed before the next analysis rather than alongside it.
    reusable: Option<Arc<Memo>>,
    /// What the edits since the text of the last analysis stored (`snapshot`'s, which
    /// `reusable` was made of) left alone at each end of it: where the next analysis and line
    /// index find the edit, rather than by comparing megabytes of text twice per keystroke.
    unchanged: Unchanged,
    /// Whether the client shows diagnostics for it; `None` before the first publish. Lets a
    /// document that is not a bundle be cleared once and then left alone while it is typed in.
    showing_diagnostics: Option<bool>,
}

#[derive(Default)]
pub struct Documents {
    open: Mutex<HashMap<Url, Document>>,
    revisions: AtomicU64,
}

impl Documents {
    fn lock(&self) -> MutexGuard<'_, HashMap<Url, Document>> {
        // A panic while the lock was held cannot leave a document half-edited: every edit is
        // applied to the rope before it is stored.
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn next_revision(&self) -> u64 {
        self.revisions.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn open(&self, uri: Url, text: String, version: i32) {
        let document = Document {
            rope: Rope::from_str(&text),
            text: Arc::new(text),
            spare: Arc::default(),
            version,
            settings: Settings::default(),
            revision: self.next_revision(),
            snapshot: None,
            reusable: None,
            unchanged: Unchanged::ALL,
            showing_diagnostics: None,
        };
        self.lock().insert(uri, document);
    }

    /// Applies the changes in order, and returns the new revision; a range that runs past the
    /// text is clamped to it. Changes to a document that is not open are dropped.
    pub fn change(
        &self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        unit: ColumnUnit,
    ) -> Option<u64> {
        let revision = self.next_revision();
        let mut open = self.lock();
        let document = open.get_mut(uri)?;
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = rope_offset(&document.rope, range.start, unit);
                    let end = rope_offset(&document.rope, range.end, unit).max(start);
                    let len = document.text.len();
                    document.unchanged = document.unchanged.then_replaced(start..end, len);
                    document.splice(start..end, &change.text);
                    let rope = &mut document.rope;
                    let start = rope.byte_to_char(start);
                    rope.remove(start..rope.byte_to_char(end));
                    rope.insert(start, &change.text);
                }
                None => {
                    let len = document.text.len();
                    document.unchanged = document.unchanged.then_replaced(0..len, len);
                    document.rope = Rope::from_str(&change.text);
                    document.spare = std::mem::replace(&mut document.text, Arc::new(change.text));
                }
            }
        }
        document.version = version;
        document.revision = revision;
        Some(revision)
    }

    /// The document's revision: it changes with every edit and every change of configuration.
    pub fn revision(&self, uri: &Url) -> Option<u64> {
        self.lock().get(uri).map(|document| document.revision)
    }

    pub fn close(&self, uri: &Url) {
        self.lock().remove(uri);
    }

    pub fn uris(&self) -> Vec<Url> {
        self.lock().keys().cloned().collect()
    }

    /// Sets a document's configuration; `true` when that changed it.
    pub fn set_settings(&self, uri: &Url, settings: Settings) -> bool {
        let revision = self.next_revision();
        let mut open = self.lock();
        match open.get_mut(uri) {
            Some(document) if document.settings != settings => {
                document.settings = settings;
                document.revision = revision;
                true
            }
            _ => false,
        }
    }

    /// What applies to a document: its configuration, and whether it is ignored.
    pub fn settings(&self, uri: &Url) -> Option<Settings> {
        self.lock()
            .get(uri)
            .map(|document| document.settings.clone())
    }

    pub async fn snapshot(&self, uri: &Url) -> Option<Arc<Snapshot>> {
        let (text, version, revision, settings, previous, stale, unchanged) = {
            let mut open = self.lock();
            let document = open.get_mut(uri)?;
            if let Some(snapshot) = &document.snapshot {
                if snapshot.revision == document.revision {
                    return Some(snapshot.clone());
                }
            }
            (
                document.text.clone(),
                document.version,
                document.revision,
                document.settings.clone(),
                document.reusable.clone(),
                document.snapshot.take(),
                document.unchanged,
            )
        };
        let snapshot = tokio::task::spawn_blocking(move || {
            if let Some(stale) = &stale {
                stale.analysis.release_focus();
            }
            // The parse runs on one core. The other meanwhile builds the line index, from the
            // stale snapshot's when there is one, then frees that snapshot, so that the
            // server's peak of memory holds one analysis rather than two (requests still
            // holding it keep it until they are done).
            let (line_index, analysis) = std::thread::scope(|scope| {
                let text = &text;
                let lines = std::thread::Builder::new()
                    .spawn_scoped(scope, move || {
                        let Some(stale) = stale else {
                            return LineIndex::new(text);
                        };
                        // Unless a request still holds it, the stale index becomes the new one.
                        let old_len = stale.text.len();
                        let mut line_index = match Arc::try_unwrap(stale) {
                            Ok(stale) => stale.line_index,
                            Err(stale) => stale.line_index.clone(),
                        };
                        line_index.edit(&unchanged.change(old_len, text.len()), text);
                        line_index
                    })
                    .ok();
                // What the last analysis found in the resources the edits left alone is kept.
                let previous =
                    (previous.as_deref()).map(|memo| (Before::Unchanged(unchanged), memo));
                let analysis = reanalyze(text, &settings.config, previous);
                let line_index = lines
                    .and_then(|lines| lines.join().ok())
                    .unwrap_or_else(|| LineIndex::new(text));
                (line_index, analysis)
            });
            Snapshot {
                line_index,
                analysis,
                ignored: settings.ignored,
                text,
                version,
                revision,
            }
        })
        .await;
        let snapshot = match snapshot {
            Ok(snapshot) => Arc::new(snapshot),
            // The analysis failed: the panic goes on in the handler that asked, whose guard
            // answers and logs it.
            Err(failed) if failed.is_panic() => {
                tracing::error!("the analysis of {uri} failed");
                std::panic::resume_unwind(failed.into_panic())
            }
            Err(_) => return None,
        };
        let replaced = match self.lock().get_mut(uri) {
            Some(document) if document.revision == revision => {
                let memo = std::mem::replace(&mut document.reusable, snapshot.analysis.memo());
                document.unchanged = Unchanged::ALL;
                Some((document.snapshot.replace(snapshot.clone()), memo))
            }
            _ => None,
        };
        // Freeing a large document's tree, or the memo of its last analysis, takes
        // milliseconds that its diagnostics need not wait for.
        if let Some(replaced) = replaced {
            tokio::task::spawn_blocking(move || drop(replaced));
        }
        Some(snapshot)
    }

    /// Makes the whole tree, model and index of the analysis of `revision` of `uri` once no
    /// other revision came for `idle`: while the user types, an analysis after an edit answers
    /// completion and the outline without them, but hover, definition or completion away from
    /// the edit need them, and are asked after a pause, which then finds them made.
    pub async fn lower_when_idle(&self, uri: &Url, revision: u64, idle: Duration) {
        tokio::time::sleep(idle).await;
        let Some(snapshot) = self.snapshot_of(uri, revision) else {
            return;
        };
        if snapshot.analysis.is_bundle && !snapshot.analysis.is_lowered() {
            // A panic here comes again to the request that makes them, whose guard answers it.
            let _ = tokio::task::spawn_blocking(move || {
                snapshot.analysis.model();
            })
            .await;
        }
    }

    /// The snapshot of `revision` of `uri` when it is analysed and still current.
    fn snapshot_of(&self, uri: &Url, revision: u64) -> Option<Arc<Snapshot>> {
        let open = self.lock();
        let document = open
            .get(uri)
            .filter(|document| document.revision == revision)?;
        (document.snapshot.clone()).filter(|snapshot| snapshot.revision == revision)
    }

    /// Whether `snapshot` still describes the open document, and so may be published.
    pub fn is_current(&self, uri: &Url, snapshot: &Snapshot) -> bool {
        self.lock()
            .get(uri)
            .is_some_and(|document| document.revision == snapshot.revision)
    }

    /// Records what was published; returns whether the client showed diagnostics before.
    pub fn set_showing_diagnostics(&self, uri: &Url, showing: bool) -> Option<bool> {
        let mut open = self.lock();
        let document = open.get_mut(uri)?;
        document.showing_diagnostics.replace(showing)
    }

    #[cfg(test)]
    fn text(&self, uri: &Url) -> Option<String> {
        let open = self.lock();
        let document = open.get(uri)?;
        assert_eq!(
            document.rope,
            document.text.as_str(),
            "the rope and the text agree"
        );
        Some(document.text.to_string())
    }

    #[cfg(test)]
    fn shared_text(&self, uri: &Url) -> Arc<String> {
        self.lock()[uri].text.clone()
    }
}

impl Document {
    /// Replaces `range` of the text with `with`, writing the new text once, into the spare
    /// buffer when no snapshot holds it any more.
    fn splice(&mut self, range: std::ops::Range<usize>, with: &str) {
        let parts = [&self.text[..range.start], with, &self.text[range.end..]];
        let mut next = std::mem::take(&mut self.spare);
        let buffer = match Arc::get_mut(&mut next) {
            Some(buffer) => buffer,
            None => {
                next = Arc::default();
                Arc::get_mut(&mut next).expect("a new allocation has one owner")
            }
        };
        buffer.clear();
        buffer.reserve(parts.iter().map(|part| part.len()).sum());
        for part in parts {
            buffer.push_str(part);
        }
        self.spare = std::mem::replace(&mut self.text, next);
    }
}

#[cfg(test)]
mod tests {
    use tower_lsp::lsp_types::{Position, Range};
    use zis_analysis::Config;

    use super::*;

    fn edit(range: ((u32, u32), (u32, u32)), text: &str) -> TextDocumentContentChangeEvent {
        let ((l1, c1), (l2, c2)) = range;
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn applies_edits_in_order_and_clamps() {
        let documents = Documents::default();
        let uri = Url::parse("file:///a.json").unwrap();
        documents.open(uri.clone(), "{\"é😀\": 1}\n".into(), 1);
        let changes = vec![
            // After the emoji, in UTF-16 units.
            edit(((0, 5), (0, 5)), "x"),
            edit(((0, 99), (0, 200)), " "),
            edit(((7, 0), (9, 9)), "!"),
            // A reversed range is taken as empty.
            edit(((0, 2), (0, 1)), "^"),
        ];
        documents.change(&uri, 2, changes, ColumnUnit::Utf16);
        assert_eq!(documents.text(&uri).unwrap(), "{\"^é😀x\": 1} \n!");
        let utf8 = vec![edit(((0, 3), (0, 9)), "")];
        documents.change(&uri, 3, utf8, ColumnUnit::Utf8);
        assert_eq!(documents.text(&uri).unwrap(), "{\"^x\": 1} \n!");
    }

    #[test]
    fn an_edit_writes_into_the_text_before_it_once_nothing_holds_that() {
        let documents = Documents::default();
        let uri = Url::parse("file:///a.json").unwrap();
        let space = || vec![edit(((0, 1), (0, 1)), " ")];
        documents.open(uri.clone(), "{}".into(), 1);
        let first = Arc::as_ptr(&documents.shared_text(&uri));
        documents.change(&uri, 2, space(), ColumnUnit::Utf16);
        // As a snapshot would, something holds the second text.
        let second = documents.shared_text(&uri);
        documents.change(&uri, 3, space(), ColumnUnit::Utf16);
        assert_eq!(Arc::as_ptr(&documents.shared_text(&uri)), first);
        documents.change(&uri, 4, space(), ColumnUnit::Utf16);
        assert_ne!(
            Arc::as_ptr(&documents.shared_text(&uri)),
            Arc::as_ptr(&second)
        );
        assert_eq!(*second, "{ }");
        assert_eq!(documents.text(&uri).unwrap(), "{   }");
    }

    #[tokio::test]
    async fn the_whole_model_is_made_once_the_analysed_revision_stayed_current() {
        let documents = Documents::default();
        let uri = Url::parse("file:///bundle.json").unwrap();
        let action = |name: &str| {
            format!(
                r#""{name}": {{"type": "ZIS::Action::Http", "properties": {{"name": "{name}", "definition": {{"method": "GET", "url": "https://example.com/{name}"}}}}}}"#
            )
        };
        let text = format!(
            "{{\"zis_template_version\": \"2019-10-14\", \"name\": \"b\", \"resources\": {{{}, {}}}}}",
            action("a"),
            action("b")
        );
        documents.open(uri.clone(), text.clone(), 1);
        assert!(documents
            .snapshot(&uri)
            .await
            .unwrap()
            .analysis
            .is_lowered());
        // Typed into the first action's url, three times.
        let at = text.find("/a\"").unwrap() as u32 + 2;
        let mut revisions = Vec::new();
        for version in 2..5 {
            let typed = vec![edit(((0, at), (0, at)), "x")];
            revisions.push(
                documents
                    .change(&uri, version, typed, ColumnUnit::Utf16)
                    .unwrap(),
            );
            if version < 4 {
                let snapshot = documents.snapshot(&uri).await.unwrap();
                assert!(!snapshot.analysis.is_lowered(), "an analysis after an edit");
            }
        }
        let idle = Duration::ZERO;
        // Not of an outdated revision, nor of one not analysed yet.
        documents.lower_when_idle(&uri, revisions[1], idle).await;
        documents.lower_when_idle(&uri, revisions[2], idle).await;
        let current = documents.snapshot(&uri).await.unwrap();
        assert!(!current.analysis.is_lowered(), "analysed by the idle wait");
        documents.lower_when_idle(&uri, revisions[2], idle).await;
        assert!(current.analysis.is_lowered());
    }

    #[tokio::test]
    async fn snapshots_follow_revisions() {
        let documents = Documents::default();
        let uri = Url::parse("file:///a.json").unwrap();
        assert!(documents.snapshot(&uri).await.is_none());
        documents.open(uri.clone(), "{}".into(), 1);
        let first = documents.snapshot(&uri).await.unwrap();
        assert!(Arc::ptr_eq(
            &first,
            &documents.snapshot(&uri).await.unwrap()
        ));
        documents.change(
            &uri,
            2,
            vec![edit(((0, 1), (0, 1)), " ")],
            ColumnUnit::Utf16,
        );
        assert!(!documents.is_current(&uri, &first));
        let second = documents.snapshot(&uri).await.unwrap();
        assert_eq!((second.text.as_str(), second.version), ("{ }", 2));
        let settings = Settings {
            config: Arc::new(Config {
                integration: Some("acme".into()),
                ..Config::default()
            }),
            ignored: false,
        };
        assert!(documents.set_settings(&uri, settings.clone()));
        assert!(!documents.set_settings(&uri, settings));
        assert!(!documents.is_current(&uri, &second));
    }
}
