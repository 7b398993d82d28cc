//! ZIS analysis.
