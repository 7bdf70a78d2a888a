//! Pure domain types and rules for Lotsen: stable codes with Swedish labels, validated input
//! types ("parse, don't validate"), the permission policy, the statistics definitions and
//! suppression. No IO lives here.
//!
//! Glossary (code identifiers are English except where the Swedish word is the domain term):
//! - `Forbund` — samordningsförbund, the tenant.
//! - `Organisation` / `Enhet` — a member party's organisation and its unit.
//! - `Part` — the kind of party an organisation is (FK, AF, kommun, region, annan).
//! - `Lokus` — a LOKUS group, the local forum where lots-ärenden are followed up.
//! - `Kommun` — one of Sweden's 290 municipalities, by SCB code.
//! - `Membership` — a person's access to one förbund; `Role` grants are held per membership. A
//!   membership another förbund attached to an existing account waits until the person accepts.
//! - `Arende` — a lots-ärende: one request for lotsning, de-identified unless consent is recorded.
//! - `Handlaggare` — the remitting handläggare, as a pseudonymous code per organisation.
//! - `Forfragan` — a handläggare's request for lotsning, sent through Lotsen; accepted, it becomes an
//!   ärende. Its sender sees only its status history and the answers written for them.
//! - `Avsandare` — where an ärende came from: the remitting organisation and unit (or just the part).
//! - `Atgard` — an action taken in an ärende (dated; may name a target party or insats).
//! - `Handelse` — one line of an ärende's timeline: an action, or an event a feature appended.
//! - `Samtycke` — the person's consent (date, form, scope) that allows an identified ärende.
//! - `Mote` — a LOKUS meeting; `Punkt` — an item on its agenda; `Beslut` — the group's decision
//!   or recommendation on an item; `Justera` — to lock the minutes once checked.
//! - `Omgang` — one year's nulägesanalys round; `Blankett` — one LOKUS group's form in it.
//! - `Tillaggsresurs` — an additional resource (e.g. social arbetscoach) a person is enrolled with.
//! - `Insats` — an intervention financed by the förbund, with its deltagare.
//! - `Katalog` — the förbund's insatskatalog: offers of the parties and the förbund, whom to contact.
//! - `Area` — a part of Lotsen with its own navigation entry (`Action::Enter`).

pub mod admin_forms;
pub mod arende;
pub mod arende_form;
pub mod audit;
pub mod avsandare;
mod code_enum;
pub mod codes;
pub mod deltagare;
pub mod deltagare_form;
pub mod forfragan;
pub mod insats;
pub mod katalog;
pub mod kvalitet;
pub mod lokus_grupp;
pub mod lokus_mote;
pub mod namn;
pub mod nulagesanalys;
pub mod policy;
pub mod roles_form;
pub mod samtycke;
pub mod sip;
pub mod sip_form;
pub mod statistik;
pub mod validate;

pub use audit::AuditAction;
pub use codes::{Part, Role};
pub use policy::{Action, Actor, Area, Grant, can};
pub use validate::{FieldError, FieldErrors};
