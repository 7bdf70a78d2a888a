//! Pages, one module per feature: handlers, their forms and their view structs.

pub mod account;
pub mod admin;
pub mod arenden;
pub mod audit;
pub mod health;
pub mod home;
pub mod lokus;
pub mod nulagesanalys;
pub mod statistik;
pub mod system;
