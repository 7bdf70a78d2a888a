//! Demo SIP records (issue 17): a dozen records on open ärenden of STL and NRV in every state —
//! initierad, kallad, genomförd with the next follow-up booked ahead and one with none booked
//! (flagged), uppföljd with one follow-up late, avslutad, inställd with a reason, and one whose
//! consent was withdrawn — with Försäkringskassan, Arbetsförmedlingen, the kommun, psychiatry
//! and a school invited, and actions for each party due around today, some done, some late.
//!
//! Made through the same core functions the pages call, with dates relative to the database's
//! today and every initiative at least two weeks after its ärende came in. STL's records are
//! kept by its coordinator (`koordinator@`); `fk@`, `af@`, `kommun@` and `region@` change the
//! status of their own party's actions. No demo login coordinates NRV (the tests count on
//! `koordinator@` not reaching it), so NRV's records are kept by the loader acting as a
//! coordinator of NRV that names no person, as the command line does. Loaded by `lotsen demo`
//! after the ärenden, once (when `fjardlunda` has no SIP records).

use super::forfragningar::ctx_for;
use crate::ctx::{ActiveForbund, Ctx};
use crate::db::{Db, today};
use crate::error::{CoreError, CoreResult};
use crate::sip::{self, Link};
use lotsen_domain::deltagare_form::Fields;
use lotsen_domain::{Actor, Grant, Role};
use time::{Date, Duration};
use uuid::Uuid;

/// The units of Fjärdlunda's register that the records invite, by organisation and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum U {
    /// Försäkringskassan, Sjukpenning (fk@'s unit).
    FkSp,
    /// Arbetsförmedlingen, JOB (af@'s unit).
    AfJob,
    /// Stenbäck's försörjningsstöd (kommun@'s unit).
    StenFbs,
    /// Stenbäck's arbetsträning.
    Verkstan,
    /// The region's psychiatry in Stenbäck (region@'s unit).
    Psyk,
    /// Norrvreta's arbetsträning.
    NrvAt,
    /// The region's vårdcentral in Norrvreta.
    NrvVc,
}

impl U {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            U::FkSp => ("Försäkringskassan LFC Västerlän", "Sjukpenning"),
            U::AfJob => ("Arbetsförmedlingen Stenbäck–Lövsjö", "JOB"),
            U::StenFbs => ("Stenbäcks kommun, socialförvaltningen", "Försörjningsstöd"),
            U::Verkstan => (
                "Stenbäcks kommun, socialförvaltningen",
                "Arbetsträningsverksamheten Verkstan",
            ),
            U::Psyk => ("Region Västerlän", "Stenbäcks psykiatrimottagning"),
            U::NrvAt => ("Norrvreta kommun", "Arbetsträning"),
            U::NrvVc => ("Region Västerlän", "Norrvreta vårdcentral"),
        }
    }
}

/// An invited party: a unit of the register, or a party (`skola`, `annan`) with its verksamhet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inv {
    Enhet(U),
    Part(&'static str, &'static str),
}

/// Who changes an action's status: the record's keeper, or a handläggare of the party.
#[derive(Debug, Clone, Copy)]
enum By {
    Keeper,
    Login(&'static str),
}

/// What becomes of an action (days relative to today).
#[derive(Debug, Clone, Copy)]
enum Then {
    Planerad,
    Pagar(By),
    Klar(i64, By),
    Ej(&'static str),
}

struct Atg {
    text: &'static str,
    ansvarig: &'static str,
    enhet: Option<U>,
    senast: i64,
    then: Then,
}

/// The planning meeting (days relative to today).
struct Mote {
    dag: i64,
    present: &'static [Inv],
    individ: bool,
    narstaende: bool,
    mal_individ: &'static str,
    mal_professionella: &'static str,
    nasta: Option<i64>,
}

/// How the record ends (or not).
#[derive(Debug, Clone, Copy)]
enum End {
    Open,
    Close,
    Cancel(&'static str),
    /// The consent withdrawn on this day.
    Withdraw(i64),
}

/// One record: the group of its ärende and its course, all days relative to today.
struct Plan {
    lokus: &'static str,
    initierad: i64,
    initierad_av: &'static str,
    /// Convening party, its unit and the role.
    kallar: (&'static str, U, &'static str),
    /// Planeringsansvarig party, its unit and the role.
    planering: Option<(&'static str, U, &'static str)>,
    samtycke: &'static [&'static str],
    samtycke_till: Option<i64>,
    inbjudna: &'static [Inv],
    kallad: Option<i64>,
    mote: Option<Mote>,
    atgarder: &'static [Atg],
    /// Follow-up meetings: the day held and the next one booked.
    uppfoljningar: &'static [(i64, Option<i64>)],
    end: End,
}

const KOMMUN: &str = "kommun@demo.lotsen.example";
const FK: &str = "fk@demo.lotsen.example";
const AF: &str = "af@demo.lotsen.example";
const REGION: &str = "region@demo.lotsen.example";
const SKOLA: Inv = Inv::Part("skola", "Gymnasieskolans introduktionsprogram");

const PLANS: &[Plan] = &[
    // STL: initierad, nothing more yet.
    Plan {
        lokus: "STL",
        initierad: -6,
        initierad_av: "fk",
        kallar: ("kommun", U::StenFbs, "Socialsekreterare, försörjningsstöd"),
        planering: None,
        samtycke: &["fk", "kommun"],
        samtycke_till: None,
        inbjudna: &[Inv::Enhet(U::FkSp), Inv::Enhet(U::StenFbs)],
        kallad: None,
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Open,
    },
    // STL: kallad to a planning meeting next week, psychiatry convening.
    Plan {
        lokus: "STL",
        initierad: -20,
        initierad_av: "region",
        kallar: ("region", U::Psyk, "Kurator, psykiatrimottagningen"),
        planering: Some(("region", U::Psyk, "Kurator")),
        samtycke: &["fk", "af", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::Psyk),
        ],
        kallad: Some(9),
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Open,
    },
    // STL: genomförd with FK, AF and the kommun present, the follow-up booked ahead.
    Plan {
        lokus: "STL",
        initierad: -60,
        initierad_av: "fk",
        kallar: ("fk", U::FkSp, "Handläggare, sjukpenning"),
        planering: Some(("kommun", U::StenFbs, "Socialsekreterare")),
        samtycke: &["fk", "af", "kommun"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::StenFbs),
        ],
        kallad: Some(-35),
        mote: Some(Mote {
            dag: -35,
            present: &[
                Inv::Enhet(U::FkSp),
                Inv::Enhet(U::AfJob),
                Inv::Enhet(U::StenFbs),
            ],
            individ: true,
            narstaende: false,
            mal_individ: "Komma tillbaka till arbete på deltid.",
            mal_professionella: "Arbetsträning med stöd och sjukpenning på deltid under tiden.",
            nasta: Some(10),
        }),
        atgarder: &[
            Atg {
                text: "Pröva sjukpenning på deltid under arbetsträningen.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: 7,
                then: Then::Planerad,
            },
            Atg {
                text: "Kartlägga arbetsförmåga och stödbehov.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -5,
                then: Then::Klar(-8, By::Login(AF)),
            },
            Atg {
                text: "Ordna plats i arbetsträning.",
                ansvarig: "kommun",
                enhet: Some(U::Verkstan),
                senast: -3,
                then: Then::Planerad,
            },
        ],
        uppfoljningar: &[],
        end: End::Open,
    },
    // STL: genomförd with psychiatry, no follow-up booked (flagged); FK invited, absent.
    Plan {
        lokus: "STL",
        initierad: -45,
        initierad_av: "kommun",
        kallar: ("kommun", U::StenFbs, "Socialsekreterare, försörjningsstöd"),
        planering: Some(("region", U::Psyk, "Kurator")),
        samtycke: &["fk", "kommun", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::StenFbs),
            Inv::Enhet(U::Psyk),
        ],
        kallad: Some(-21),
        mote: Some(Mote {
            dag: -21,
            present: &[Inv::Enhet(U::StenFbs), Inv::Enhet(U::Psyk)],
            individ: true,
            narstaende: true,
            mal_individ: "Få en fungerande vardag och ordning på ekonomin.",
            mal_professionella: "Samordnad behandling och stöd i vardagen före arbetslivsinriktade insatser.",
            nasta: None,
        }),
        atgarder: &[
            Atg {
                text: "Bedöma behovet av fortsatt behandling.",
                ansvarig: "region",
                enhet: Some(U::Psyk),
                senast: 14,
                then: Then::Pagar(By::Login(REGION)),
            },
            Atg {
                text: "Se över försörjningsstödet under behandlingen.",
                ansvarig: "kommun",
                enhet: Some(U::StenFbs),
                senast: -7,
                then: Then::Klar(-10, By::Login(KOMMUN)),
            },
            Atg {
                text: "Bedöma rätten till sjukpenning.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: 21,
                then: Then::Planerad,
            },
        ],
        uppfoljningar: &[],
        end: End::Open,
    },
    // STL: uppföljd, and the follow-up booked at it is late (its date passed, not held).
    Plan {
        lokus: "STL",
        initierad: -150,
        initierad_av: "af",
        kallar: ("af", U::AfJob, "Arbetsförmedlare"),
        planering: Some(("af", U::AfJob, "Arbetsförmedlare")),
        samtycke: &["fk", "af", "kommun"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::StenFbs),
        ],
        kallad: Some(-120),
        mote: Some(Mote {
            dag: -120,
            present: &[Inv::Enhet(U::FkSp), Inv::Enhet(U::AfJob)],
            individ: true,
            narstaende: false,
            mal_individ: "Hitta ett arbete som passar min hälsa.",
            mal_professionella: "Arbetsförberedande insats med stöd, sedan matchning mot arbete.",
            nasta: Some(-60),
        }),
        atgarder: &[
            Atg {
                text: "Anvisa till arbetsförberedande insats.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -90,
                then: Then::Klar(-95, By::Login(AF)),
            },
            Atg {
                text: "Avstämningsmöte om arbetsförmågan.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: -20,
                then: Then::Planerad,
            },
            Atg {
                text: "Bevilja försörjningsstöd under insatsen.",
                ansvarig: "kommun",
                enhet: Some(U::StenFbs),
                senast: -100,
                then: Then::Klar(-110, By::Login(KOMMUN)),
            },
            Atg {
                text: "Delta i insatsen minst tre dagar i veckan.",
                ansvarig: "individ",
                enhet: None,
                senast: 30,
                then: Then::Pagar(By::Keeper),
            },
        ],
        uppfoljningar: &[(-60, Some(-12))],
        end: End::Open,
    },
    // STL: uppföljd on time, with psychiatry, the kommun and the school, consent for a year.
    Plan {
        lokus: "STL",
        initierad: -200,
        initierad_av: "region",
        kallar: ("region", U::Psyk, "Kurator, psykiatrimottagningen"),
        planering: Some(("kommun", U::StenFbs, "Socialsekreterare")),
        samtycke: &["kommun", "region", "skola"],
        samtycke_till: Some(165),
        inbjudna: &[Inv::Enhet(U::Psyk), Inv::Enhet(U::StenFbs), SKOLA],
        kallad: Some(-170),
        mote: Some(Mote {
            dag: -170,
            present: &[Inv::Enhet(U::Psyk), Inv::Enhet(U::StenFbs), SKOLA],
            individ: true,
            narstaende: true,
            mal_individ: "Klara skolan och må bättre.",
            mal_professionella: "Anpassad studiegång med samordnat stöd från vården och socialtjänsten.",
            nasta: Some(-80),
        }),
        atgarder: &[
            Atg {
                text: "Ta fram en anpassad studieplan.",
                ansvarig: "skola",
                enhet: None,
                senast: -120,
                then: Then::Klar(-125, By::Keeper),
            },
            Atg {
                text: "Samordna läkemedelsgenomgång med vårdcentralen.",
                ansvarig: "region",
                enhet: Some(U::Psyk),
                senast: -40,
                then: Then::Ej("Tiden ställdes in och bokas om vid nästa uppföljning."),
            },
            Atg {
                text: "Erbjuda stödsamtal.",
                ansvarig: "kommun",
                enhet: Some(U::StenFbs),
                senast: 10,
                then: Then::Pagar(By::Login(KOMMUN)),
            },
        ],
        uppfoljningar: &[(-82, Some(25))],
        end: End::Open,
    },
    // STL: avslutad after three follow-ups, every party's action done.
    Plan {
        lokus: "STL",
        initierad: -320,
        initierad_av: "fk",
        kallar: ("fk", U::FkSp, "Handläggare, sjukpenning"),
        planering: Some(("fk", U::FkSp, "Handläggare, sjukpenning")),
        samtycke: &["fk", "af", "kommun", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::StenFbs),
            Inv::Enhet(U::Psyk),
        ],
        kallad: Some(-290),
        mote: Some(Mote {
            dag: -290,
            present: &[
                Inv::Enhet(U::FkSp),
                Inv::Enhet(U::AfJob),
                Inv::Enhet(U::StenFbs),
                Inv::Enhet(U::Psyk),
            ],
            individ: true,
            narstaende: false,
            mal_individ: "Börja arbeta igen.",
            mal_professionella: "Arbetsträning, därefter stöd till en anställning.",
            nasta: Some(-200),
        }),
        atgarder: &[
            Atg {
                text: "Utreda arbetsförmågan.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: -250,
                then: Then::Klar(-255, By::Login(FK)),
            },
            Atg {
                text: "Ordna arbetsträning i kommunens verksamhet.",
                ansvarig: "kommun",
                enhet: Some(U::Verkstan),
                senast: -230,
                then: Then::Klar(-240, By::Login(KOMMUN)),
            },
            Atg {
                text: "Följa upp hälsan under arbetsträningen.",
                ansvarig: "region",
                enhet: Some(U::Psyk),
                senast: -150,
                then: Then::Klar(-150, By::Login(REGION)),
            },
            Atg {
                text: "Stöd till anställning med lönebidrag.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -60,
                then: Then::Klar(-45, By::Login(AF)),
            },
        ],
        uppfoljningar: &[(-200, Some(-110)), (-112, Some(-20)), (-20, None)],
        end: End::Close,
    },
    // STL: inställd before its planning meeting, the person declined.
    Plan {
        lokus: "STL",
        initierad: -35,
        initierad_av: "kommun",
        kallar: ("kommun", U::StenFbs, "Socialsekreterare, försörjningsstöd"),
        planering: None,
        samtycke: &["af", "kommun"],
        samtycke_till: None,
        inbjudna: &[Inv::Enhet(U::AfJob), Inv::Enhet(U::StenFbs)],
        kallad: Some(5),
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Cancel("individen_avbojde"),
    },
    // NRV: held with AF present, then the consent was withdrawn (the SIP ends).
    Plan {
        lokus: "NRV",
        initierad: -130,
        initierad_av: "region",
        kallar: ("region", U::NrvVc, "Distriktssköterska"),
        planering: Some(("kommun", U::NrvAt, "Arbetsmarknadshandläggare")),
        samtycke: &["af", "kommun", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::NrvAt),
            Inv::Enhet(U::NrvVc),
        ],
        kallad: Some(-110),
        mote: Some(Mote {
            dag: -110,
            present: &[
                Inv::Enhet(U::AfJob),
                Inv::Enhet(U::NrvAt),
                Inv::Enhet(U::NrvVc),
            ],
            individ: true,
            narstaende: false,
            mal_individ: "Komma ut i någon form av sysselsättning.",
            mal_professionella: "Arbetsträning i kommunen med stöd från vårdcentralen.",
            nasta: Some(-45),
        }),
        atgarder: &[
            Atg {
                text: "Kartlägga stödbehov inför arbetsträning.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -80,
                then: Then::Klar(-85, By::Login(AF)),
            },
            Atg {
                text: "Erbjuda plats i arbetsträning.",
                ansvarig: "kommun",
                enhet: Some(U::NrvAt),
                senast: -60,
                then: Then::Planerad,
            },
        ],
        uppfoljningar: &[],
        end: End::Withdraw(-50),
    },
    // NRV: genomförd with FK and AF present, the follow-up booked ahead, AF's action late.
    Plan {
        lokus: "NRV",
        initierad: -40,
        initierad_av: "fk",
        kallar: ("fk", U::FkSp, "Handläggare, sjukpenning"),
        planering: Some(("region", U::NrvVc, "Rehabkoordinator")),
        samtycke: &["fk", "af", "region"],
        samtycke_till: None,
        inbjudna: &[
            Inv::Enhet(U::FkSp),
            Inv::Enhet(U::AfJob),
            Inv::Enhet(U::NrvVc),
        ],
        kallad: Some(-18),
        mote: Some(Mote {
            dag: -18,
            present: &[Inv::Enhet(U::FkSp), Inv::Enhet(U::AfJob)],
            individ: true,
            narstaende: false,
            mal_individ: "Orka arbeta några timmar om dagen.",
            mal_professionella: "Stegvis ökad arbetstid med rehabilitering och kontakt med arbetsgivaren.",
            nasta: Some(12),
        }),
        atgarder: &[
            Atg {
                text: "Besluta om sjukpenning på deltid.",
                ansvarig: "fk",
                enhet: Some(U::FkSp),
                senast: 5,
                then: Then::Planerad,
            },
            Atg {
                text: "Kontakta arbetsgivaren om anpassning.",
                ansvarig: "af",
                enhet: Some(U::AfJob),
                senast: -2,
                then: Then::Planerad,
            },
            Atg {
                text: "Rehabiliteringsplan från vårdcentralen.",
                ansvarig: "region",
                enhet: Some(U::NrvVc),
                senast: 20,
                then: Then::Pagar(By::Keeper),
            },
        ],
        uppfoljningar: &[],
        end: End::Open,
    },
    // NRV: initierad by the person themself.
    Plan {
        lokus: "NRV",
        initierad: -3,
        initierad_av: "individ",
        kallar: ("kommun", U::NrvAt, "Arbetsmarknadshandläggare"),
        planering: None,
        samtycke: &["kommun", "region"],
        samtycke_till: None,
        inbjudna: &[Inv::Enhet(U::NrvAt), Inv::Enhet(U::NrvVc)],
        kallad: None,
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Open,
    },
    // NRV: inställd, the need ended before anyone was called.
    Plan {
        lokus: "NRV",
        initierad: -70,
        initierad_av: "af",
        kallar: ("af", U::AfJob, "Arbetsförmedlare"),
        planering: None,
        samtycke: &["af", "kommun"],
        samtycke_till: None,
        inbjudna: &[Inv::Enhet(U::AfJob), Inv::Enhet(U::NrvAt)],
        kallad: None,
        mote: None,
        atgarder: &[],
        uppfoljningar: &[],
        end: End::Cancel("behovet_upphorde"),
    },
];

fn f(pairs: Vec<(&str, String)>) -> Fields {
    Fields(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// What the loader reads once: the register's units and the groups' open ärenden.
struct Refs {
    forbund: ActiveForbund,
    today: Date,
    /// (organisation, unit, id)
    units: Vec<(String, String, Uuid)>,
    /// (group code, lokus, ärende, inkom), newest first.
    arenden: Vec<(String, Uuid, Uuid, Date)>,
}

impl Refs {
    fn unit(&self, u: U) -> CoreResult<Uuid> {
        let (org, namn) = u.names();
        self.units
            .iter()
            .find(|(o, n, _)| o == org && n == namn)
            .map(|(_, _, id)| *id)
            .ok_or_else(|| {
                CoreError::Internal(anyhow::anyhow!("demoenheten {namn} ({org}) saknas"))
            })
    }

    fn day(&self, offset: i64) -> String {
        (self.today + Duration::days(offset)).to_string()
    }

    fn inbjuden(&self, i: Inv) -> CoreResult<String> {
        Ok(match i {
            Inv::Enhet(u) => format!("enhet:{}", self.unit(u)?),
            Inv::Part(kod, _) => format!("part:{kod}"),
        })
    }

    /// The invited parties as a form sends them (checkboxes and their descriptions).
    fn inbjudna(&self, inbjudna: &[Inv]) -> CoreResult<Vec<(&'static str, String)>> {
        let mut v = Vec::new();
        for i in inbjudna {
            v.push(("inbjuden", self.inbjuden(*i)?));
            if let Inv::Part(kod, verksamhet) = i {
                let field = match *kod {
                    "skola" => "verksamhet_skola",
                    "annan" => "verksamhet_annan",
                    _ => "verksamhet_part",
                };
                v.push((field, verksamhet.to_string()));
            }
        }
        Ok(v)
    }
}

/// A coordinator of the group as the loader: no person, only the group's koordinator grant.
fn group_keeper(forbund: &ActiveForbund, lokus: Uuid) -> Ctx {
    Ctx {
        user_id: Uuid::nil(),
        namn: "lotsen demo".into(),
        forbund: Some(forbund.clone()),
        actor: Actor {
            user_id: Uuid::nil(),
            system_admin: false,
            grants: vec![Grant {
                role: Role::Koordinator,
                lokus: Some(lokus),
            }],
        },
        forbund_count: 1,
        request_id: None,
    }
}

/// Who keeps the group's records: its first active coordinator, or else (NRV in the demo)
/// the loader as a coordinator of the group.
async fn keeper_of(db: &Db, forbund: &ActiveForbund, lokus: Uuid) -> CoreResult<Ctx> {
    let mut tx = db.begin_as(Some(forbund.id), None, false).await?;
    let epost: Option<String> = sqlx::query_scalar(
        "select u.epost::text from role_assignment r \
         join membership m on m.forbund_id = r.forbund_id and m.user_id = r.user_id \
         join app_user u on u.user_id = r.user_id \
         where r.forbund_id = $1 and r.lokus_id = $2 and r.roll = 'koordinator' and m.aktiv \
         order by u.epost limit 1",
    )
    .bind(forbund.id)
    .bind(lokus)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    match epost {
        Some(epost) => ctx_for(db, forbund, &epost).await,
        None => Ok(group_keeper(forbund, lokus)),
    }
}

/// The invited parties of a record: (sip_part id, part, unit).
async fn parts(db: &Db, r: &Refs, sip: Uuid) -> CoreResult<Vec<(Uuid, String, Option<Uuid>)>> {
    let mut tx = db.begin_as(Some(r.forbund.id), None, false).await?;
    let rows = sqlx::query_as(
        "select sip_part_id, part, enhet_id from sip_part where forbund_id = $1 and sip_id = $2",
    )
    .bind(r.forbund.id)
    .bind(sip)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

async fn action_id(db: &Db, r: &Refs, sip: Uuid, text: &str) -> CoreResult<Uuid> {
    let mut tx = db.begin_as(Some(r.forbund.id), None, false).await?;
    let id = sqlx::query_scalar(
        "select atgard_id from sip_atgard where forbund_id = $1 and sip_id = $2 and text = $3",
    )
    .bind(r.forbund.id)
    .bind(sip)
    .bind(text)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Runs one plan on the ärende as `keeper`.
async fn run(db: &Db, r: &Refs, keeper: &Ctx, arende: Uuid, p: &Plan) -> CoreResult<()> {
    let d = |offset: i64| r.day(offset);
    let mut v = vec![
        ("initierad", d(p.initierad)),
        ("initierad_av", p.initierad_av.to_string()),
        ("sammankallande", p.kallar.0.to_string()),
        ("sammankallande_enhet", r.unit(p.kallar.1)?.to_string()),
        ("sammankallande_roll", p.kallar.2.to_string()),
        ("samtycke_datum", d(p.initierad)),
        ("samtycke_form", "skriftligt".to_string()),
    ];
    if let Some((part, unit, roll)) = p.planering {
        v.extend([
            ("planering", part.to_string()),
            ("planering_enhet", r.unit(unit)?.to_string()),
            ("planering_roll", roll.to_string()),
        ]);
    }
    v.extend(p.samtycke.iter().map(|s| ("samtycke_part", s.to_string())));
    if let Some(till) = p.samtycke_till {
        v.push(("samtycke_till", d(till)));
    }
    v.extend(r.inbjudna(p.inbjudna)?);
    let id = sip::create(db, keeper, Link::Arende(arende), &f(v)).await?;

    if let Some(kallad) = p.kallad {
        let mut v = vec![("kallad_till", d(kallad))];
        v.extend(r.inbjudna(p.inbjudna)?);
        sip::call(db, keeper, id, &f(v)).await?;
    }
    if let Some(m) = &p.mote {
        let invited = parts(db, r, id).await?;
        let mut v = vec![("datum", d(m.dag))];
        for i in m.present {
            let found = invited.iter().find(|(_, part, enhet)| match i {
                Inv::Enhet(u) => r.unit(*u).is_ok_and(|id| *enhet == Some(id)),
                Inv::Part(kod, _) => enhet.is_none() && part == kod,
            });
            if let Some((part_id, _, _)) = found {
                v.push(("narvarande", part_id.to_string()));
            }
        }
        if m.individ {
            v.push(("individen_deltog", "ja".into()));
        }
        if m.narstaende {
            v.push(("narstaende_deltog", "ja".into()));
        }
        v.push(("mal_individ", m.mal_individ.into()));
        v.push(("mal_professionella", m.mal_professionella.into()));
        if let Some(n) = m.nasta {
            v.push(("nasta", d(n)));
        }
        sip::hold_meeting(db, keeper, id, &f(v)).await?;
    }
    for a in p.atgarder {
        let mut v = vec![
            ("text", a.text.to_string()),
            ("ansvarig", a.ansvarig.to_string()),
            ("senast", d(a.senast)),
        ];
        if let Some(u) = a.enhet {
            v.push(("enhet", r.unit(u)?.to_string()));
        }
        sip::add_action(db, keeper, id, &f(v)).await?;
    }
    for a in p.atgarder {
        let (v, by) = match a.then {
            Then::Planerad => continue,
            Then::Pagar(by) => (vec![("status", "pagar".to_string())], by),
            Then::Klar(dag, by) => (
                vec![("status", "klar".to_string()), ("klar_datum", d(dag))],
                by,
            ),
            Then::Ej(orsak) => (
                vec![
                    ("status", "ej_genomford".to_string()),
                    ("orsak", orsak.to_string()),
                ],
                By::Keeper,
            ),
        };
        let atgard = action_id(db, r, id, a.text).await?;
        match by {
            By::Keeper => sip::set_action_status(db, keeper, id, atgard, &f(v)).await?,
            By::Login(epost) => {
                let who = ctx_for(db, &r.forbund, epost).await?;
                sip::set_action_status(db, &who, id, atgard, &f(v)).await?;
            }
        }
    }
    for (dag, nasta) in p.uppfoljningar {
        let mut v = vec![("datum", d(*dag))];
        if let Some(n) = nasta {
            v.push(("nasta", d(*n)));
        }
        sip::follow_up(db, keeper, id, &f(v)).await?;
    }
    match p.end {
        End::Open => {}
        End::Close => sip::close(db, keeper, id).await?,
        End::Cancel(orsak) => {
            sip::cancel(db, keeper, id, &f(vec![("orsak", orsak.to_string())])).await?;
        }
        End::Withdraw(dag) => {
            sip::withdraw_consent(db, keeper, id, &f(vec![("datum", d(dag))])).await?;
        }
    }
    Ok(())
}

/// Loads the demo SIP records unless `fjardlunda` has some. Returns how many were made.
pub async fn load(db: &Db) -> CoreResult<usize> {
    let Ok(forbund) = crate::admin::forbund::by_slug(db, "fjardlunda").await else {
        return Ok(0);
    };
    let mut tx = db.begin_as(Some(forbund.id), None, false).await?;
    let has: bool = sqlx::query_scalar("select exists (select 1 from sip where forbund_id = $1)")
        .bind(forbund.id)
        .fetch_one(&mut *tx)
        .await?;
    let today = today(&mut tx).await?;
    let units: Vec<(String, String, Uuid)> = sqlx::query_as(
        "select o.namn::text, e.namn::text, e.enhet_id from enhet e join organisation o \
           on o.forbund_id = e.forbund_id and o.organisation_id = e.organisation_id \
         where e.forbund_id = $1",
    )
    .bind(forbund.id)
    .fetch_all(&mut *tx)
    .await?;
    // The groups' ongoing ärenden, newest first (by number within a day).
    let arenden: Vec<(String, Uuid, Uuid, Date)> = sqlx::query_as(
        "select l.kod::text, l.lokus_id, a.arende_id, a.inkom from arende a \
         join lokus_grupp l on l.forbund_id = a.forbund_id and l.lokus_id = a.lokus_id \
         where a.forbund_id = $1 and l.kod in ('STL', 'NRV') and a.status = 'pagaende' \
         order by a.inkom desc, a.nummer",
    )
    .bind(forbund.id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    if has || arenden.is_empty() {
        return Ok(0);
    }
    let refs = Refs {
        forbund,
        today,
        units,
        arenden,
    };
    let koordinator = ctx_for(db, &refs.forbund, "koordinator@demo.lotsen.example").await?;
    let mut used: Vec<Uuid> = Vec::new();
    let mut made = 0;
    for p in PLANS {
        // The newest ärende of the group not yet used that came in two weeks before the
        // initiative.
        let latest = refs.today + Duration::days(p.initierad - 14);
        let Some((lokus, arende)) = refs
            .arenden
            .iter()
            .find(|(kod, _, id, inkom)| kod == p.lokus && *inkom <= latest && !used.contains(id))
            .map(|(_, lokus, id, _)| (*lokus, *id))
        else {
            continue;
        };
        used.push(arende);
        let keeper = if koordinator.actor.has_lokus_role(Role::Koordinator, lokus) {
            koordinator.clone()
        } else {
            keeper_of(db, &refs.forbund, lokus).await?
        };
        run(db, &refs, &keeper, arende, p).await?;
        made += 1;
    }
    Ok(made)
}
