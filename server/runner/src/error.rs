//! Why a state did not complete: a runtime error as ZIS raises it, or a reason this runner cannot
//! go on.

/// The error names of the Amazon States Language, which ZIS follows; only `States.ALL` is named
/// in ZIS's own documentation, so the others are the specification's.
pub mod names {
    /// An action failed: an HTTP answer outside 2xx, a jq program that fails.
    pub const TASK_FAILED: &str = "States.TaskFailed";
    /// A `.$` path in `Parameters` or in an action definition names nothing.
    pub const PARAMETER_PATH: &str = "States.ParameterPathFailure";
    /// `ResultPath` cannot be applied to the data.
    pub const RESULT_PATH: &str = "States.ResultPathMatchFailure";
    /// No Choice rule matched and there is no `Default`.
    pub const NO_CHOICE: &str = "States.NoChoiceMatched";
    /// Any other runtime error: a path that is not there, a Map over something else than an array.
    pub const RUNTIME: &str = "States.Runtime";
    /// The flow ran out of time.
    pub const TIMEOUT: &str = "States.Timeout";
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The error name, as a Catch sees it in `Error`.
    pub error: String,
    /// The explanation, as a Catch sees it in `Cause`.
    pub cause: String,
    pub kind: FailureKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// A runtime error of the state: a Catch may handle it.
    Error,
    /// ZIS ends the whole flow, whatever Catch says (a Map over more than 100 items).
    Terminates,
    /// Not a ZIS error: this run cannot go on (no mock for an action, a path this runner does
    /// not evaluate, the bound on transitions).
    Stops,
}

pub type Outcome<T> = Result<T, Failure>;

impl Failure {
    pub fn new(error: &str, cause: impl Into<String>) -> Failure {
        Failure {
            error: error.to_string(),
            cause: cause.into(),
            kind: FailureKind::Error,
        }
    }

    pub fn runtime(cause: impl Into<String>) -> Failure {
        Failure::new(names::RUNTIME, cause)
    }

    pub fn path(cause: impl Into<String>) -> Failure {
        Failure::new(names::PARAMETER_PATH, cause)
    }

    pub fn task(cause: impl Into<String>) -> Failure {
        Failure::new(names::TASK_FAILED, cause)
    }

    pub fn terminates(error: &str, cause: impl Into<String>) -> Failure {
        Failure {
            kind: FailureKind::Terminates,
            ..Failure::new(error, cause)
        }
    }

    /// The run cannot go on; `reason` says why and what to give it.
    pub fn unsupported(reason: impl Into<String>) -> Failure {
        Failure {
            error: String::new(),
            cause: reason.into(),
            kind: FailureKind::Stops,
        }
    }
}
