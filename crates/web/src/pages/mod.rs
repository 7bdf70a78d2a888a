//! Pages, one folder per feature. Each feature's `mod.rs` declares its routes and its
//! navigation entries in a `FEATURE`; the list below is the one place a new feature is added
//! (in navigation order).

pub mod account;
pub mod admin;
pub mod arenden;
pub mod audit;
pub mod deltagare;
pub mod forfragningar;
pub mod health;
pub mod home;
pub mod insats_siffror;
pub mod insatser;
pub mod katalog;
pub mod lokus;
pub mod nulagesanalys;
pub mod sip;
pub mod statistik;
pub mod system;

use crate::nav::NavEntry;
use crate::state::AppState;
use axum::Router;

/// A feature: its routes (behind the session layer) and its navigation entries.
pub struct Feature {
    pub routes: fn() -> Router<AppState>,
    pub nav: &'static [NavEntry],
}

/// Every feature, in the navigation's order.
pub const FEATURES: &[Feature] = &[
    home::FEATURE,
    account::FEATURE,
    arenden::FEATURE,
    forfragningar::FEATURE,
    lokus::FEATURE,
    statistik::FEATURE,
    nulagesanalys::FEATURE,
    insatser::FEATURE,
    katalog::FEATURE,
    deltagare::FEATURE,
    sip::FEATURE,
    insats_siffror::FEATURE,
    admin::FEATURE,
    audit::FEATURE,
    system::FEATURE,
];
