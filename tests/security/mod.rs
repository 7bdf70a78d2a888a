//! The security suite: every attack the penetration test of Lotsen tried, repeated against the
//! real app and database so that none of its findings comes back (docs/security.md lists them).

mod fuzz;
mod headers;
mod robustness;
mod takeover;
mod throttle;
