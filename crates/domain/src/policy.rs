//! The permission policy (DESIGN §4) as one pure function, `can(actor, action)`.
//!
//! The actor's grants are re-read from the database on every request, so this function is the
//! single place that decides what a role may do. Objects outside the actor's reach are answered
//! with 404 by the web layer; this module only says yes or no.

use crate::codes::Role;
use uuid::Uuid;

/// One role held in the active förbund, optionally for one LOKUS group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub lokus: Option<Uuid>,
}

/// The authenticated person as the policy sees them, within their active förbund.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub system_admin: bool,
    pub grants: Vec<Grant>,
}

/// A part of Lotsen with its own place in the navigation. Whether an actor may enter it at all
/// (`Action::Enter`) decides the navigation and the 404 of its start page; the actions inside
/// still decide each object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// The coordinator's lots-ärenden.
    Arenden,
    /// LOKUS meetings of the groups the actor takes part in.
    LokusMoten,
    /// Statistics of the whole förbund or of some group.
    Statistik,
    /// The yearly nulägesanalys forms.
    Nulagesanalys,
    /// The förbund's administration.
    Administration,
    /// The audit log.
    Logg,
    /// The platform's förbund (system administration).
    System,
    /// Requests for lotsning: a handläggare's own, or those a coordinator handles.
    Forfragningar,
    /// The förbund's insatskatalog (offers and whom to contact), read by every role.
    Katalog,
    /// The förbund's insatser: the register (förbund staff), and the coach's and the
    /// insatsansvarig's own insatser with their queue and participants.
    Insatser,
    /// SIP records: those the coordinator or coach keeps, and those a handläggare's unit is
    /// invited to.
    Sip,
}

/// What an actor wants to do, with the scope the answer depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Use a part of Lotsen at all (see `Area`).
    Enter(Area),
    /// Create a förbund (tenant) and its first administrator.
    CreateForbund,
    /// Manage organisations, units, LOKUS groups and users of the active förbund.
    ManageForbund,
    /// Create, edit or close lots-ärenden of a LOKUS group.
    WriteArende { lokus: Uuid },
    /// Read an ärende's detail page.
    ReadArende { lokus: Uuid, raised_by_actor: bool },
    /// Ask a coordinator for lotsning (förfrågan).
    RequestLotsning,
    /// Receive, accept, decline, forward and answer requests sent to a LOKUS group.
    HandleRequest { lokus: Uuid },
    /// Read the förbund's insatskatalog.
    ReadKatalog,
    /// Add, change, import and export entries of the insatskatalog.
    ManageKatalog,
    /// Prepare a LOKUS meeting: agenda and pre-reads.
    PrepareMeeting { lokus: Uuid },
    /// Record LOKUS decisions and lock (justera) the minutes.
    DecideMeeting { lokus: Uuid },
    /// Justera (lock) a LOKUS meeting's minutes: the group's chair only.
    JusteraMeeting { lokus: Uuid },
    /// Read a LOKUS meeting and its pack.
    ReadMeeting { lokus: Uuid },
    /// Justera a LOKUS protokoll as its justerare: a member of the group, and the one chosen
    /// for this meeting (`chosen`).
    ConfirmMinutes { lokus: Uuid, chosen: bool },
    /// Write and save a LOKUS group's nulägesanalys answers.
    AnswerNulagesanalys { lokus: Uuid },
    /// Sign a LOKUS group's nulägesanalys form: the group's chair.
    SignNulagesanalys { lokus: Uuid },
    /// Read statistics: `None` is the whole förbund, `Some` one LOKUS group.
    ReadStatistics { lokus: Option<Uuid> },
    /// Register and change the förbund's insatser (never their participants).
    ManageInsatser,
    /// Read an insats's page: `coach` when the actor works in it, `ansvarig` when they are its
    /// insatsansvarig.
    ReadInsats { coach: bool, ansvarig: bool },
    /// See an insats's queue and take people from it, and list its participants without
    /// identity.
    WorkQueue { coach: bool, ansvarig: bool },
    /// Read and record one participant, identity included where consent exists: their coach,
    /// or the replacement assigned (`own`).
    WorkWithDeltagare { own: bool },
    /// Read figures and goals of one insats (mål vs utfall).
    ReportInsats { responsible: bool },
    /// Start and keep a SIP record: the coordinators of the ärende's LOKUS group (`lokus`), or
    /// the coach of the enrolment (`coach`: the actor is its coach or replacement).
    KeepSip { lokus: Option<Uuid>, coach: bool },
    /// See a SIP's date, follow-up and own party's actions, and mark those done: a handläggare
    /// whose unit is invited (`invited`).
    FollowSip { invited: bool },
    /// Read the audit log and the processing register.
    ReadAuditLog,
}

impl Actor {
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// True when the actor holds `role` for the given LOKUS group.
    pub fn has_lokus_role(&self, role: Role, lokus: Uuid) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == role && g.lokus == Some(lokus))
    }

    /// LOKUS groups for which the actor holds `role`.
    pub fn lokus_for(&self, role: Role) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = self
            .grants
            .iter()
            .filter(|g| g.role == role)
            .filter_map(|g| g.lokus)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    fn in_lokus(&self, lokus: Uuid) -> bool {
        Role::LOKUS_SCOPED
            .iter()
            .any(|r| self.has_lokus_role(*r, lokus))
    }

    /// True when the actor holds some role for some LOKUS group.
    fn in_any_lokus(&self) -> bool {
        self.grants
            .iter()
            .any(|g| g.lokus.is_some_and(|l| self.in_lokus(l)))
    }
}

/// May `actor` perform `action`? System administration never reaches tenant data.
pub fn can(actor: &Actor, action: Action) -> bool {
    use Role::*;
    let admin = actor.has_role(ForbundAdmin);
    match action {
        Action::Enter(area) => match area {
            Area::Arenden => actor.has_role(Koordinator),
            Area::LokusMoten | Area::Statistik | Area::Nulagesanalys => {
                admin || actor.in_any_lokus()
            }
            Area::Administration => admin,
            Area::Logg => can(actor, Action::ReadAuditLog),
            Area::System => actor.system_admin,
            Area::Forfragningar => actor.has_role(Handlaggare) || actor.has_role(Koordinator),
            Area::Katalog => can(actor, Action::ReadKatalog),
            Area::Insatser => {
                admin || actor.has_role(Tillaggsresurs) || actor.has_role(Insatsansvarig)
            }
            Area::Sip => {
                actor.has_role(Koordinator)
                    || actor.has_role(Tillaggsresurs)
                    || actor.has_role(Handlaggare)
            }
        },
        Action::CreateForbund => actor.system_admin,
        Action::ManageForbund | Action::ManageInsatser => admin,
        Action::WriteArende { lokus } => actor.has_lokus_role(Koordinator, lokus),
        Action::ReadArende {
            lokus,
            raised_by_actor,
        } => {
            actor.has_lokus_role(Koordinator, lokus)
                || (raised_by_actor && actor.has_role(Handlaggare))
        }
        Action::RequestLotsning => actor.has_role(Handlaggare),
        Action::HandleRequest { lokus } => actor.has_lokus_role(Koordinator, lokus),
        // Every role of the förbund; system administration holds no grant in a förbund.
        Action::ReadKatalog => !actor.grants.is_empty(),
        Action::ManageKatalog => admin || actor.has_role(Koordinator),
        Action::PrepareMeeting { lokus } => {
            admin
                || actor.has_lokus_role(Koordinator, lokus)
                || actor.has_lokus_role(LokusOrdforande, lokus)
        }
        Action::DecideMeeting { lokus } => admin || actor.has_lokus_role(LokusOrdforande, lokus),
        Action::JusteraMeeting { lokus } => actor.has_lokus_role(LokusOrdforande, lokus),
        Action::ReadMeeting { lokus } => admin || actor.in_lokus(lokus),
        Action::ConfirmMinutes { lokus, chosen } => chosen && actor.in_lokus(lokus),
        Action::AnswerNulagesanalys { lokus } => {
            actor.has_lokus_role(LokusOrdforande, lokus) || actor.has_lokus_role(Koordinator, lokus)
        }
        Action::SignNulagesanalys { lokus } => actor.has_lokus_role(LokusOrdforande, lokus),
        Action::ReadStatistics { lokus: None } => admin,
        Action::ReadStatistics { lokus: Some(lokus) } => admin || actor.in_lokus(lokus),
        Action::ReadInsats { coach, ansvarig } => {
            admin
                || (coach && actor.has_role(Tillaggsresurs))
                || (ansvarig && actor.has_role(Insatsansvarig))
        }
        Action::WorkQueue { coach, ansvarig } => {
            (coach && actor.has_role(Tillaggsresurs))
                || (ansvarig && actor.has_role(Insatsansvarig))
        }
        Action::WorkWithDeltagare { own } => own && actor.has_role(Tillaggsresurs),
        Action::ReportInsats { responsible } => {
            admin || (responsible && actor.has_role(Insatsansvarig))
        }
        Action::KeepSip { lokus, coach } => {
            lokus.is_some_and(|l| actor.has_lokus_role(Koordinator, l))
                || (coach && actor.has_role(Tillaggsresurs))
        }
        Action::FollowSip { invited } => invited && actor.has_role(Handlaggare),
        Action::ReadAuditLog => admin || actor.has_role(Dataskyddsombud),
    }
}

#[cfg(test)]
mod tests {
    //! The DESIGN §4 matrix as a table: every role × action × scope.
    use super::*;

    const OWN: Uuid = Uuid::from_u128(1);
    const OTHER: Uuid = Uuid::from_u128(2);

    /// The kinds of actor in the matrix; LOKUS-scoped roles are held for `OWN` only.
    #[derive(Debug, Clone, Copy)]
    enum Who {
        SystemAdmin,
        Role(Role),
        Nobody,
    }

    fn actor(who: Who) -> Actor {
        let mut a = Actor {
            user_id: Uuid::from_u128(99),
            ..Actor::default()
        };
        match who {
            Who::SystemAdmin => a.system_admin = true,
            Who::Role(role) => a.grants.push(Grant {
                role,
                lokus: role.is_lokus_scoped().then_some(OWN),
            }),
            Who::Nobody => {}
        }
        a
    }

    fn read(lokus: Uuid, raised: bool) -> Action {
        Action::ReadArende {
            lokus,
            raised_by_actor: raised,
        }
    }

    /// Columns: system-admin, förbund-admin, koordinator, ordförande, ledamot, handläggare,
    /// tilläggsresurs, insatsansvarig, dataskyddsombud, no role.
    fn matrix() -> Vec<(&'static str, Action, [bool; 10])> {
        let (t, f) = (true, false);
        vec![
            (
                "create förbund",
                Action::CreateForbund,
                [t, f, f, f, f, f, f, f, f, f],
            ),
            (
                "manage förbund",
                Action::ManageForbund,
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "write ärende own",
                Action::WriteArende { lokus: OWN },
                [f, f, t, f, f, f, f, f, f, f],
            ),
            (
                "write ärende other",
                Action::WriteArende { lokus: OTHER },
                [f; 10],
            ),
            (
                "read ärende own",
                read(OWN, f),
                [f, f, t, f, f, f, f, f, f, f],
            ),
            ("read ärende other", read(OTHER, f), [f; 10]),
            (
                "read ärende raised",
                read(OTHER, t),
                [f, f, f, f, f, t, f, f, f, f],
            ),
            (
                "request lotsning",
                Action::RequestLotsning,
                [f, f, f, f, f, t, f, f, f, f],
            ),
            (
                "handle request own",
                Action::HandleRequest { lokus: OWN },
                [f, f, t, f, f, f, f, f, f, f],
            ),
            (
                "handle request other",
                Action::HandleRequest { lokus: OTHER },
                [f; 10],
            ),
            (
                "read katalog",
                Action::ReadKatalog,
                [f, t, t, t, t, t, t, t, t, f],
            ),
            (
                "manage katalog",
                Action::ManageKatalog,
                [f, t, t, f, f, f, f, f, f, f],
            ),
            (
                "prepare meeting own",
                Action::PrepareMeeting { lokus: OWN },
                [f, t, t, t, f, f, f, f, f, f],
            ),
            (
                "prepare meeting other",
                Action::PrepareMeeting { lokus: OTHER },
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "decide meeting own",
                Action::DecideMeeting { lokus: OWN },
                [f, t, f, t, f, f, f, f, f, f],
            ),
            (
                "decide meeting other",
                Action::DecideMeeting { lokus: OTHER },
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "justera meeting own",
                Action::JusteraMeeting { lokus: OWN },
                [f, f, f, t, f, f, f, f, f, f],
            ),
            (
                "justera meeting other",
                Action::JusteraMeeting { lokus: OTHER },
                [f; 10],
            ),
            (
                "read meeting own",
                Action::ReadMeeting { lokus: OWN },
                [f, t, t, t, t, f, f, f, f, f],
            ),
            (
                "read meeting other",
                Action::ReadMeeting { lokus: OTHER },
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "justerare of own meeting",
                Action::ConfirmMinutes {
                    lokus: OWN,
                    chosen: true,
                },
                [f, f, t, t, t, f, f, f, f, f],
            ),
            (
                "not the justerare of own meeting",
                Action::ConfirmMinutes {
                    lokus: OWN,
                    chosen: false,
                },
                [f; 10],
            ),
            (
                "justerare of other meeting",
                Action::ConfirmMinutes {
                    lokus: OTHER,
                    chosen: true,
                },
                [f; 10],
            ),
            (
                "statistics förbund",
                Action::ReadStatistics { lokus: None },
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "statistics own",
                Action::ReadStatistics { lokus: Some(OWN) },
                [f, t, t, t, t, f, f, f, f, f],
            ),
            (
                "statistics other",
                Action::ReadStatistics { lokus: Some(OTHER) },
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "answer nulägesanalys own",
                Action::AnswerNulagesanalys { lokus: OWN },
                [f, f, t, t, f, f, f, f, f, f],
            ),
            (
                "answer nulägesanalys other",
                Action::AnswerNulagesanalys { lokus: OTHER },
                [f; 10],
            ),
            (
                "sign nulägesanalys own",
                Action::SignNulagesanalys { lokus: OWN },
                [f, f, f, t, f, f, f, f, f, f],
            ),
            (
                "sign nulägesanalys other",
                Action::SignNulagesanalys { lokus: OTHER },
                [f; 10],
            ),
            (
                "manage insatser",
                Action::ManageInsatser,
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "read insats as coach",
                Action::ReadInsats {
                    coach: true,
                    ansvarig: false,
                },
                [f, t, f, f, f, f, t, f, f, f],
            ),
            (
                "read insats as ansvarig",
                Action::ReadInsats {
                    coach: false,
                    ansvarig: true,
                },
                [f, t, f, f, f, f, f, t, f, f],
            ),
            (
                "read other insats",
                Action::ReadInsats {
                    coach: false,
                    ansvarig: false,
                },
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "queue as coach",
                Action::WorkQueue {
                    coach: true,
                    ansvarig: false,
                },
                [f, f, f, f, f, f, t, f, f, f],
            ),
            (
                "queue as ansvarig",
                Action::WorkQueue {
                    coach: false,
                    ansvarig: true,
                },
                [f, f, f, f, f, f, f, t, f, f],
            ),
            (
                "queue of other insats",
                Action::WorkQueue {
                    coach: false,
                    ansvarig: false,
                },
                [f; 10],
            ),
            (
                "own participant",
                Action::WorkWithDeltagare { own: true },
                [f, f, f, f, f, f, t, f, f, f],
            ),
            (
                "other participant",
                Action::WorkWithDeltagare { own: false },
                [f; 10],
            ),
            (
                "enter insatser",
                Action::Enter(Area::Insatser),
                [f, t, f, f, f, f, t, t, f, f],
            ),
            (
                "report own insats",
                Action::ReportInsats { responsible: true },
                [f, t, f, f, f, f, f, t, f, f],
            ),
            (
                "report other insats",
                Action::ReportInsats { responsible: false },
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "audit log",
                Action::ReadAuditLog,
                [f, t, f, f, f, f, f, f, t, f],
            ),
            (
                "enter ärenden",
                Action::Enter(Area::Arenden),
                [f, f, t, f, f, f, f, f, f, f],
            ),
            (
                "enter LOKUS meetings",
                Action::Enter(Area::LokusMoten),
                [f, t, t, t, t, f, f, f, f, f],
            ),
            (
                "enter statistics",
                Action::Enter(Area::Statistik),
                [f, t, t, t, t, f, f, f, f, f],
            ),
            (
                "enter nulägesanalys",
                Action::Enter(Area::Nulagesanalys),
                [f, t, t, t, t, f, f, f, f, f],
            ),
            (
                "enter administration",
                Action::Enter(Area::Administration),
                [f, t, f, f, f, f, f, f, f, f],
            ),
            (
                "enter audit log",
                Action::Enter(Area::Logg),
                [f, t, f, f, f, f, f, f, t, f],
            ),
            (
                "enter förfrågningar",
                Action::Enter(Area::Forfragningar),
                [f, f, t, f, f, t, f, f, f, f],
            ),
            (
                "enter katalog",
                Action::Enter(Area::Katalog),
                [f, t, t, t, t, t, t, t, t, f],
            ),
            (
                "enter system",
                Action::Enter(Area::System),
                [t, f, f, f, f, f, f, f, f, f],
            ),
        ]
    }

    fn columns() -> [Who; 10] {
        [
            Who::SystemAdmin,
            Who::Role(Role::ForbundAdmin),
            Who::Role(Role::Koordinator),
            Who::Role(Role::LokusOrdforande),
            Who::Role(Role::LokusLedamot),
            Who::Role(Role::Handlaggare),
            Who::Role(Role::Tillaggsresurs),
            Who::Role(Role::Insatsansvarig),
            Who::Role(Role::Dataskyddsombud),
            Who::Nobody,
        ]
    }

    #[test]
    fn every_role_action_and_scope_matches_the_design_matrix() {
        let mut wrong = Vec::new();
        for (name, action, expected) in matrix() {
            for (who, want) in columns().into_iter().zip(expected) {
                if can(&actor(who), action) != want {
                    wrong.push(format!("{name} / {who:?}: expected {want}"));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "policy differs from DESIGN §4:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn the_matrix_covers_every_role() {
        let covered: Vec<Role> = columns()
            .iter()
            .filter_map(|w| match w {
                Who::Role(r) => Some(*r),
                _ => None,
            })
            .collect();
        for r in Role::ALL {
            assert!(covered.contains(&r), "{r:?} missing from the matrix");
        }
    }

    #[test]
    fn a_forbund_admin_reads_an_arende_only_as_its_coordinator() {
        let mut a = actor(Who::Role(Role::ForbundAdmin));
        assert!(!can(&a, read(OWN, false)));
        a.grants.push(Grant {
            role: Role::Koordinator,
            lokus: Some(OWN),
        });
        assert!(can(&a, read(OWN, false)));
        assert!(!can(&a, read(OTHER, false)));
    }
}
