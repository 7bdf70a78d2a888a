//! Lotsen's whole-application tests: one test binary, real PostgreSQL (the managed test
//! cluster, a fresh database per test), requests through the real router.

#![allow(clippy::unwrap_used)]

mod support;

mod admin;
mod arenden;
mod audit;
mod auth;
mod cluster;
mod e2e;
mod rls;
mod security;
mod tenancy;
