//! Deterministic ZIS bundles of any size, structural mutations of any bundle, and the
//! invariants every analysis must satisfy: the inputs and the oracle of the benchmarks, the
//! property tests and the fuzz targets.
//!
//! The same arguments always give the same bytes, so numbers measured on one machine can be
//! reproduced on another and a failing property test can be replayed from its seed.

mod generate;
mod hostile;
mod invariants;
mod mutate;
mod rng;
mod samples;

pub use generate::{bundle, Variant, INTEGRATION, MISTAKES, SIZES, UNUSED_PARAMETERS};
pub use hostile::hostile_bundles;
pub use invariants::{check_analysis, check_editor_features};
pub use mutate::{mutate, Mutation};
pub use rng::Rng;
pub use samples::real_bundle_paths;
