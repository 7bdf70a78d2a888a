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

mod plans;

use super::forfragningar::ctx_for;
use crate::ctx::{ActiveForbund, Ctx};
use crate::db::{Db, today};
use crate::error::{CoreError, CoreResult};
use crate::sip::{self, Link};
use lotsen_domain::deltagare_form::Fields;
use lotsen_domain::{Actor, Grant, Role};
use plans::{By, End, Inv, PLANS, Plan, Then, U};
use time::{Date, Duration};
use uuid::Uuid;

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
