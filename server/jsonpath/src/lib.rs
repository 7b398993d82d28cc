//! JSONPath for ZIS.
