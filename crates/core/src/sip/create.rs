//! Starting a SIP record from an ärende (a coordinator of its group) or an enrolment (its
//! coach). From an ärende the action "SIP föreslagen" is recorded on it in the same
//! transaction, dated on the initiative: the action and the record are one concept.

use super::handelse;
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::Atgard;
use lotsen_domain::deltagare_form::Fields;
use lotsen_domain::sip::SipPart;
use lotsen_domain::sip_form::{Inbjuden, NySip, parse_ny};
use lotsen_domain::{Action, AuditAction, FieldErrors, Part};
use time::Date;
use uuid::Uuid;

/// What a new SIP is linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Arende(Uuid),
    Deltagare(Uuid),
}

/// A unit of the förbund's register, for the invited parties and the roles.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Unit {
    pub enhet_id: Uuid,
    pub enhet: String,
    pub organisation: String,
    pub part: Part,
}

/// What the form needs: the link as the person sees it, the units, and today.
#[derive(Debug, Clone)]
pub struct NewForm {
    pub link: Link,
    /// "Ärende STL-2026-0012" or "Deltagare 12 i STL-COACH".
    pub label: String,
    /// The page of what it is linked to.
    pub href: String,
    pub units: Vec<Unit>,
    pub today: Date,
}

/// The LOKUS group, the label and the page of what the SIP is linked to, when the actor may
/// start one there; `NotFound` otherwise.
async fn resolve(tx: &mut Tx, ctx: &Ctx, link: Link) -> CoreResult<(Option<Uuid>, String, String)> {
    let forbund = ctx.forbund_id()?;
    match link {
        Link::Arende(id) => {
            let (lokus, nummer, status): (Uuid, String, String) = sqlx::query_as(
                "select lokus_id, nummer, status from arende where forbund_id = $1 and arende_id = $2",
            )
            .bind(forbund)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(CoreError::NotFound)?;
            ctx.require(Action::KeepSip {
                lokus: Some(lokus),
                coach: false,
            })?;
            if status == "avslutad" {
                return Err(CoreError::invalid(
                    "arende",
                    "Ärendet är avslutat. Öppna det igen innan du startar en SIP.",
                ));
            }
            Ok((
                Some(lokus),
                format!("Ärende {nummer}"),
                format!("/arenden/{id}"),
            ))
        }
        Link::Deltagare(id) => {
            let (own, lokus, nummer, kod, status): (bool, Option<Uuid>, i32, String, String) =
                sqlx::query_as(
                    "select coalesce($3 in (d.coach_id, d.ersattare_id), false), a.lokus_id, \
                            d.nummer, i.kod, d.status \
                     from deltagare d \
                     join insats i on i.forbund_id = d.forbund_id and i.insats_id = d.insats_id \
                     left join arende a on a.forbund_id = d.forbund_id and a.arende_id = d.arende_id \
                     where d.forbund_id = $1 and d.deltagare_id = $2",
                )
                .bind(forbund)
                .bind(id)
                .bind(ctx.user_id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or(CoreError::NotFound)?;
            ctx.require(Action::KeepSip {
                lokus: None,
                coach: own,
            })?;
            if !matches!(status.as_str(), "inskriven" | "utskriven") {
                return Err(CoreError::NotFound);
            }
            Ok((
                lokus,
                format!("Deltagare {nummer} i {kod}"),
                format!("/insatser/{kod}/deltagare/{id}"),
            ))
        }
    }
}

/// The units of the förbund, by party in report order, organisation and name.
pub(crate) async fn units_in(tx: &mut Tx, forbund: Uuid) -> CoreResult<Vec<Unit>> {
    Ok(sqlx::query_as(
        "select e.enhet_id, e.namn::text as enhet, o.namn::text as organisation, o.part \
         from enhet e join organisation o \
           on o.forbund_id = e.forbund_id and o.organisation_id = e.organisation_id \
         where e.forbund_id = $1 \
         order by array_position($2::text[], o.part), o.namn, e.namn",
    )
    .bind(forbund)
    .bind(Part::report_order())
    .fetch_all(&mut **tx)
    .await?)
}

/// The form to start a SIP.
pub async fn new_form(db: &Db, ctx: &Ctx, link: Link) -> CoreResult<NewForm> {
    let mut tx = db.begin(ctx).await?;
    let (_, label, href) = resolve(&mut tx, ctx, link).await?;
    let units = units_in(&mut tx, ctx.forbund_id()?).await?;
    let today = crate::db::today(&mut tx).await?;
    tx.commit().await?;
    Ok(NewForm {
        link,
        label,
        href,
        units,
        today,
    })
}

/// Checks that each unit named is in the register and, for a role, of the chosen party.
fn check_units(s: &NySip, units: &[Unit], e: &mut FieldErrors) {
    let part_of = |id: Uuid| units.iter().find(|u| u.enhet_id == id).map(|u| u.part);
    for (field, unit, part) in [
        (
            "sammankallande_enhet",
            s.sammankallande_enhet,
            Some(s.sammankallande),
        ),
        ("planering_enhet", s.planering_enhet, s.planering),
    ] {
        if let Some(id) = unit {
            match part_of(id) {
                None => e.add(field, "Välj en enhet i listan."),
                Some(p) if Some(p) != part => {
                    e.add(field, "Enheten hör till en annan part än den du valt.")
                }
                Some(_) => {}
            }
        }
    }
    check_invited(&s.inbjudna, units, &s.samtycke_parter, e);
}

/// Checks the invited parties: each unit is in the register, and each party is one the consent
/// covers (a party outside it may not be told about the person, DOMAIN-2 §3).
pub(crate) fn check_invited(
    inbjudna: &[Inbjuden],
    units: &[Unit],
    consent: &[SipPart],
    e: &mut FieldErrors,
) {
    let mut outside: Vec<SipPart> = Vec::new();
    for i in inbjudna {
        let part = match i {
            Inbjuden::Enhet(id) => match units.iter().find(|u| u.enhet_id == *id) {
                Some(u) => SipPart::from_code(u.part.code()),
                None => {
                    e.add("inbjuden", "Välj bland parterna i listan.");
                    continue;
                }
            },
            Inbjuden::Part { part, .. } => Some(*part),
        };
        if let Some(p) = part
            && !consent.contains(&p)
            && !outside.contains(&p)
        {
            outside.push(p);
        }
    }
    if !outside.is_empty() {
        e.add(
            "inbjuden",
            format!(
                "Samtycket gäller inte {}. Bjud bara in parter som samtycket gäller.",
                party_names(&outside)
            ),
        );
    }
}

/// Parties in a sentence: "Försäkringskassan och Skolan".
pub(crate) fn party_names(parts: &[SipPart]) -> String {
    let names: Vec<&str> = parts
        .iter()
        .map(|p| match p {
            SipPart::Annan => "annan part",
            other => other.label(),
        })
        .collect();
    names.join(" och ")
}

/// Writes the invited parties of a record (a unit's party is its organisation's).
pub(crate) async fn insert_parts(
    tx: &mut Tx,
    forbund: Uuid,
    sip: Uuid,
    inbjudna: &[Inbjuden],
    units: &[Unit],
) -> CoreResult<()> {
    for i in inbjudna {
        let (part, enhet, verksamhet) = match i {
            Inbjuden::Enhet(id) => {
                let part = units
                    .iter()
                    .find(|u| u.enhet_id == *id)
                    .map_or("annan", |u| u.part.code());
                (part, Some(*id), "")
            }
            Inbjuden::Part { part, verksamhet } => (part.code(), None, verksamhet.as_str()),
        };
        sqlx::query(
            "insert into sip_part (forbund_id, sip_part_id, sip_id, part, enhet_id, verksamhet) \
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(forbund)
        .bind(Uuid::now_v7())
        .bind(sip)
        .bind(part)
        .bind(enhet)
        .bind(verksamhet)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Starts a SIP record; returns its id.
pub async fn create(db: &Db, ctx: &Ctx, link: Link, f: &Fields) -> CoreResult<Uuid> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let (lokus, _, _) = resolve(&mut tx, ctx, link).await?;
    let today = crate::db::today(&mut tx).await?;
    let units = units_in(&mut tx, forbund).await?;
    let s = parse_ny(f, today).map_err(CoreError::Invalid)?;
    let mut e = FieldErrors::new();
    check_units(&s, &units, &mut e);
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    let (arende, deltagare) = match link {
        Link::Arende(id) => (Some(id), None),
        Link::Deltagare(id) => (None, Some(id)),
    };
    let id = Uuid::now_v7();
    let parter: Vec<&str> = s.samtycke_parter.iter().map(|p| p.code()).collect();
    sqlx::query(
        "insert into sip (forbund_id, sip_id, lokus_id, arende_id, deltagare_id, initierad, \
             initierad_av, sammankallande_part, sammankallande_enhet_id, sammankallande_roll, \
             planering_part, planering_enhet_id, planering_roll, samtycke_datum, samtycke_form, \
             samtycke_parter, samtycke_till, skapad_av) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(forbund)
    .bind(id)
    .bind(lokus)
    .bind(arende)
    .bind(deltagare)
    .bind(s.initierad)
    .bind(s.initierad_av.code())
    .bind(s.sammankallande.code())
    .bind(s.sammankallande_enhet)
    .bind(&s.sammankallande_roll)
    .bind(s.planering.map(|p| p.code()))
    .bind(s.planering_enhet)
    .bind(&s.planering_roll)
    .bind(s.samtycke_datum)
    .bind(s.samtycke_form.code())
    .bind(&parter)
    .bind(s.samtycke_till)
    .bind(ctx.person())
    .execute(&mut *tx)
    .await?;
    insert_parts(&mut tx, forbund, id, &s.inbjudna, &units).await?;
    handelse(&mut tx, ctx, id, "initierad", s.initierad).await?;
    if let Some(arende) = arende {
        crate::arende::change::record_action_in(
            &mut tx,
            ctx,
            arende,
            Atgard::SipForeslagen,
            s.initierad,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::SipCreate).on("sip", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
