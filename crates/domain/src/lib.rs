//! Pure domain types and rules for Lotsen: stable codes with Swedish labels, validated input
//! types ("parse, don't validate"), and the permission policy. No IO lives here.
//!
//! Glossary (code identifiers are English except where the Swedish word is the domain term):
//! - `Forbund` — samordningsförbund, the tenant.
//! - `Organisation` / `Enhet` — a member party's organisation and its unit.
//! - `Part` — the kind of party an organisation is (FK, AF, kommun, region, annan).
//! - `Lokus` — a LOKUS group, the local forum where lots-ärenden are followed up.
//! - `Kommun` — one of Sweden's 290 municipalities, by SCB code.
//! - `Membership` — a person's access to one förbund; `Role` grants are held per membership.
//! - `Arende` — a lots-ärende (from the next issues on).

pub mod arende;
pub mod arende_form;
pub mod audit;
mod code_enum;
pub mod codes;
pub mod lokus_mote;
pub mod nulagesanalys;
pub mod policy;
pub mod samtycke;
pub mod statistik;
pub mod validate;

pub use audit::AuditAction;
pub use codes::{Part, Role};
pub use policy::{Action, Actor, Grant, can};
pub use validate::{FieldError, FieldErrors};
