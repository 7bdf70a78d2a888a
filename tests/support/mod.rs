//! Shared test helpers: a fresh database per test and an in-process client of the real router.

pub mod app;
pub mod db;
pub mod fixture;
pub mod smtp;

pub use app::{Resp, TestApp};

/// Every demo login except the system administrator.
pub const DEMO_TENANT_LOGINS: &[&str] = &[
    "forbund@demo.lotsen.example",
    "koordinator@demo.lotsen.example",
    "ordforande@demo.lotsen.example",
    "ledamot@demo.lotsen.example",
    "fk@demo.lotsen.example",
    "af@demo.lotsen.example",
    "region@demo.lotsen.example",
    "kommun@demo.lotsen.example",
    "coach@demo.lotsen.example",
    "kustbygd@demo.lotsen.example",
];
