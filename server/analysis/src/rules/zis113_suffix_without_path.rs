//! # TODO
use super::{Context, Report};

pub(super) fn check(_ctx: &Context, _report: &mut Report) {}
