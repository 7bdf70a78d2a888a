//! Lotsen's whole-application tests: one test binary, real PostgreSQL (the managed test
//! cluster, a fresh database per test), requests through the real router.

mod support;

mod admin;
mod audit;
mod auth;
mod cluster;
mod rls;
mod security;
mod tenancy;
