//! The ärende pages' handlers, one module per page group.

pub mod detail;
pub mod form;
pub mod import;
pub mod list;
