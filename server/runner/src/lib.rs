//! Runs a ZIS flow on an event, as ZIS would, without a network: `zis-lint run` and
//! `zis-lint test`.
//!
//! Pure like the analysis: a bundle model, a flow name, an event and mocks in; a [`Trace`] out.
//! No IO, no clock, no network. Custom HTTP actions are never called: the trace shows the
//! request each would send, and the answer comes from the [`Mocks`]. The built-ins act on a
//! config store and links seeded from the mocks; the jq transform runs for real.
//!
//! Every behaviour follows Zendesk's documentation, or the Amazon States Language where ZIS
//! says it follows it. Where neither says, the step records what it assumed
//! ([`Step::assumed`]); `docs/runner.md` lists those choices.

mod actions;
pub mod assumptions;
mod choice;
mod error;
pub mod flowtest;
mod jq;
mod machine;
mod mocks;
mod path;
mod sample;
mod template;
mod trace;

pub use machine::{flow_names, run, Options, SetupError};
pub use mocks::{Answer, Answers, Connection, Mocks, RequestMatch};
pub use sample::sample_event;
pub use trace::{End, ErrorInfo, Iteration, KeyValue, Request, Response, Step, Trace};

use zis_analysis::index::Index;
use zis_analysis::model::Bundle;
use zis_analysis::Config;

/// A bundle ready to run: its model and symbol index, without the lint rules.
pub struct Loaded {
    pub model: Bundle,
    pub index: Index,
}

impl Loaded {
    pub fn new(text: &str) -> Loaded {
        let parse = zis_syntax::parse(text);
        let model = Bundle::lower(parse.root.as_ref());
        let index = Index::build(&model, &Config::default());
        Loaded { model, index }
    }

    /// A sample event of `event_type` for `flow`: see [`sample_event`].
    pub fn sample_event(&self, flow: &str, event_type: &str) -> Result<serde_json::Value, String> {
        sample_event(&self.model, &self.index, flow, event_type)
    }

    pub fn run(
        &self,
        flow: &str,
        event: serde_json::Value,
        mocks: &Mocks,
        options: &Options,
    ) -> Result<Trace, SetupError> {
        run(&self.model, &self.index, flow, event, mocks, options)
    }
}
