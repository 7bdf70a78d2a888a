//! The ärende pages' templates and view models, one module per page group.

pub mod detail;
pub mod form;
pub mod import;
pub mod list;
