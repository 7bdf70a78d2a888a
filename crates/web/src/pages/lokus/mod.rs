//! LOKUS meeting pages: the actor's groups (`/lokus`), a group's meetings
//! (`/lokus/{kod}/moten`), the meeting page with agenda, pre-reads, figures and decisions
//! (`/lokus/{kod}/moten/{id}`), and its printable meeting pack and minutes.

pub mod handlers;
pub mod views;
