//! The files and the thread around a flow run, the same for `zis-lint run` and `test` and for a
//! run the editor asks for: events and mocks read from files, the `*.zis-test.json` files beside
//! a bundle, and a thread with a deadline for the run itself.

use std::any::Any;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;
use zis_analysis::index::Index;
use zis_analysis::model::Bundle;
use zis_runner::flowtest::{self, Case, EventSource, MocksSource, Suite};
use zis_runner::{sample_event, Mocks};

use crate::config::describe_io_error;

/// How the name of a flow test file ends.
pub const TEST_SUFFIX: &str = ".zis-test.json";

/// Reads a JSON file into `T`; the error is the whole message.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, String> {
    let shown = path.display();
    let text =
        fs::read_to_string(path).map_err(|err| format!("{shown}: {}", describe_io_error(&err)))?;
    serde_json::from_str(&text).map_err(|err| format!("{shown}: {err}"))
}

/// Reads a flow test file; the error says what is wrong with it, without its name.
pub fn read_suite(path: &Path) -> Result<Suite, String> {
    fs::read_to_string(path)
        .map_err(|err| describe_io_error(&err))
        .and_then(|text| flowtest::parse(&text))
}

/// The flow test files in `dir` itself (not below it), in name order; none when it cannot be
/// read.
pub fn test_files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(TEST_SUFFIX))
        .filter(|entry| entry.file_type().is_ok_and(|kind| !kind.is_dir()))
        .map(|entry| entry.path())
        .collect();
    files.sort();
    files
}

/// The event a test runs `flow` on: its own, else its file's; a file it names is read relative
/// to `dir`, the test file's folder.
pub fn case_event(
    suite: &Suite,
    case: &Case,
    dir: &Path,
    (bundle, index): (&Bundle, &Index),
    flow: &str,
) -> Result<Value, String> {
    match suite.event_of(case) {
        Some(EventSource::Inline(event)) => Ok(event.clone()),
        Some(EventSource::File(file)) => read_json(&dir.join(file)),
        Some(EventSource::Type(event_type)) => sample_event(bundle, index, flow, event_type),
        None => Err(
            "no event: give `event`, `event_file` or `event_type`, in the test or for the file"
                .into(),
        ),
    }
}

/// The mocks a test runs with; none given is no mock at all.
pub fn case_mocks(suite: &Suite, case: &Case, dir: &Path) -> Result<Mocks, String> {
    match suite.mocks_of(case) {
        MocksSource::Inline(mocks) => Ok(mocks.clone()),
        MocksSource::File(file) => read_json(&dir.join(file)),
        MocksSource::None => Ok(Mocks::default()),
    }
}

/// A run's thread may recurse deep: jq programs, and flow data a loop nested deep. Only touched
/// pages of it take memory.
const RUN_STACK: usize = 256 << 20;

/// Why a guarded run gave no result.
#[derive(Debug)]
pub enum Unfinished {
    /// No thread could be started for it.
    NoThread(std::io::Error),
    /// It did not end in time. Its thread is left behind, still running: nothing can stop a jq
    /// program from outside.
    TimedOut,
}

/// Runs `work` on a thread of its own with a large stack, waiting `seconds` at most: a jq
/// program may recurse deep or never end. A panic in `work` goes on in the caller.
pub fn guarded<T: Send + 'static>(
    seconds: u64,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Unfinished> {
    let (sender, receiver) = mpsc::channel::<Result<T, Box<dyn Any + Send>>>();
    thread::Builder::new()
        .name("run".into())
        .stack_size(RUN_STACK)
        .spawn(move || {
            let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            let _ = sender.send(done);
        })
        .map_err(Unfinished::NoThread)?;
    match receiver.recv_timeout(Duration::from_secs(seconds)) {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => Err(Unfinished::TimedOut),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_ends_gives_its_result() {
        assert_eq!(guarded(60, || 6 * 7).unwrap(), 42);
    }

    #[test]
    fn a_run_past_its_time_is_left_behind() {
        let outcome = guarded(0, || thread::sleep(Duration::from_secs(2)));
        assert!(matches!(outcome, Err(Unfinished::TimedOut)), "{outcome:?}");
    }

    #[test]
    fn a_panic_in_the_run_goes_on_in_the_caller() {
        let caught = std::panic::catch_unwind(|| guarded(60, || panic!("the runner broke")));
        let panic = caught.expect_err("the panic reached the caller");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"the runner broke"));
    }

    #[test]
    fn test_files_are_those_of_the_folder_itself_in_name_order() {
        let dir = std::env::temp_dir().join(format!("zis-flow-runs-{}", std::process::id()));
        fs::create_dir_all(dir.join("below")).unwrap();
        for file in [
            "b.zis-test.json",
            "a.zis-test.json",
            "bundle.json",
            "below/c.zis-test.json",
        ] {
            fs::write(dir.join(file), "{}").unwrap();
        }
        fs::create_dir_all(dir.join("folder.zis-test.json")).unwrap();
        let found = test_files_in(&dir);
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            found,
            [dir.join("a.zis-test.json"), dir.join("b.zis-test.json")]
        );
        assert_eq!(test_files_in(&dir), Vec::<PathBuf>::new());
    }
}
