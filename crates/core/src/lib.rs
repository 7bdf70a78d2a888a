//! Lotsen's core: every use case as a function taking `&Db` and `&Ctx`, the SQL behind them
//! (here and only here), transactions, tenant scoping and audit; plus the database bootstrap
//! (pool, migrations, the managed local PostgreSQL cluster) and demo data.

pub mod account;
pub mod admin;
pub mod arende;
pub mod audit;
pub mod auth;
pub mod avisering;
pub mod ctx;
pub mod db;
pub mod deltagare;
pub mod demo;
pub mod error;
pub mod forfragan;
pub mod insats;
pub mod katalog;
pub mod lokus;
pub mod nulagesanalys;
pub mod sip;
pub mod start;
pub mod statistik;
#[cfg(feature = "testing")]
pub mod testing;

pub use ctx::{ActiveForbund, Ctx};
pub use db::Db;
pub use error::{CoreError, CoreResult};
