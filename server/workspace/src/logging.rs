//! Logs for bug reports, through `tracing`: off unless `ZIS_LINT_LOG` asks for them.
//!
//! - `ZIS_LINT_LOG=debug` logs at that level (`error`, `warn`, `info`, `debug` or `trace`) to
//!   standard error, which editors show in their output panel for a language server;
//! - `ZIS_LINT_LOG=file:/tmp/zis-lint.log` logs at `debug` to that file, appended to;
//! - `ZIS_LINT_LOG=trace,file:/tmp/zis-lint.log` chooses both.

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::sync::Mutex;

use tracing::level_filters::LevelFilter;

pub const LOG_VARIABLE: &str = "ZIS_LINT_LOG";

/// Where logs go and how much of them.
#[derive(Debug, PartialEq, Eq)]
pub struct LogSettings {
    pub level: LevelFilter,
    /// `None` for standard error.
    pub file: Option<PathBuf>,
}

/// Reads a value of `ZIS_LINT_LOG`; `Err` says what is wrong with it.
pub fn parse(value: &str) -> Result<LogSettings, String> {
    let (level, file) = match value.split_once("file:") {
        Some((level, path)) => (level.strip_suffix(',').unwrap_or(level), Some(path)),
        None => (value, None),
    };
    let level = match level.trim() {
        "" if file.is_some() => LevelFilter::DEBUG,
        "error" => LevelFilter::ERROR,
        "warn" => LevelFilter::WARN,
        "info" => LevelFilter::INFO,
        "debug" => LevelFilter::DEBUG,
        "trace" => LevelFilter::TRACE,
        other => {
            return Err(format!(
                "`{other}` is not a level: use error, warn, info, debug or trace"
            ))
        }
    };
    let file = match file {
        Some("") => return Err("`file:` needs a path".to_string()),
        file => file.map(PathBuf::from),
    };
    Ok(LogSettings { level, file })
}

/// Starts logging as `ZIS_LINT_LOG` says; nothing when it is unset or empty. A value that
/// cannot be used is reported on standard error and logging stays off.
pub fn init_from_env() {
    let Some(value) = std::env::var_os(LOG_VARIABLE).filter(|value| !value.is_empty()) else {
        return;
    };
    let settings = match parse(&value.to_string_lossy()) {
        Ok(settings) => settings,
        Err(message) => return eprintln!("{LOG_VARIABLE}: {message}; no logs"),
    };
    let logs = tracing_subscriber::fmt().with_max_level(settings.level);
    let started = match &settings.file {
        None => logs.with_writer(std::io::stderr).try_init(),
        Some(path) => match OpenOptions::new().create(true).append(true).open(path) {
            Ok(file) => logs.with_writer(Mutex::new(file)).try_init(),
            Err(err) => return eprintln!("{LOG_VARIABLE}: {}: {err}; no logs", path.display()),
        },
    };
    if let Err(err) = started {
        eprintln!("{LOG_VARIABLE}: {err}; no logs");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_level_a_file_or_both() {
        let settings = |level, file: Option<&str>| LogSettings {
            level,
            file: file.map(PathBuf::from),
        };
        assert_eq!(parse("debug"), Ok(settings(LevelFilter::DEBUG, None)));
        assert_eq!(
            parse("file:/tmp/a b.log"),
            Ok(settings(LevelFilter::DEBUG, Some("/tmp/a b.log")))
        );
        assert_eq!(
            parse("trace,file:C:\\logs\\z.log"),
            Ok(settings(LevelFilter::TRACE, Some("C:\\logs\\z.log")))
        );
        assert!(parse("loud").unwrap_err().contains("`loud` is not a level"));
        assert!(parse("file:").is_err());
    }
}
