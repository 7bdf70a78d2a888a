//! Lotsen's whole-application tests: one test binary, real PostgreSQL (the managed test
//! cluster, a fresh database per test), requests through the real router.

#![allow(clippy::unwrap_used)]

mod support;

mod admin;
mod arenden;
mod audit;
mod auth;
mod avisering;
mod cluster;
mod consent;
mod deltagare;
mod deltagare_import;
mod deltagare_siffror;
mod demo_data;
mod e2e;
mod forfragningar;
mod import;
mod insatser;
mod katalog;
mod lokus;
mod nulagesanalys;
mod rls;
mod security;
mod sip;
mod sip_siffror;
mod start;
mod statistik;
mod tenancy;
