//! Administration: role gating of every admin page, and the förbund-admin's flows for
//! organisations, units, LOKUS groups, users, roles and settings, with their validation and
//! audit rows.

mod access;
mod forbund;
mod people;
mod structure;

use crate::support::{DEMO_TENANT_LOGINS, TestApp};
use axum::http::StatusCode;
use uuid::Uuid;
