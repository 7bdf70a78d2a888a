//! Shared test helpers.

pub mod db;
