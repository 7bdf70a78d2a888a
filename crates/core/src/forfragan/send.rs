//! Sending a request: the form's choices (the sender's workplace, the kommuner the förbund's
//! LOKUS groups cover) and the send itself, which finds the group from the kommun, links the
//! login to its handläggare code and tells the group's coordinators.

use super::kod;
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::forfragan::{ForfraganForm, ForfraganHandelse, ValidForfragan};
use lotsen_domain::{Action, AuditAction, FieldErrors, Part};
use uuid::Uuid;

/// Where the handläggare works, from their membership: the request's remitting party and unit.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Workplace {
    pub organisation_id: Uuid,
    pub organisation: String,
    pub enhet_id: Option<Uuid>,
    pub enhet: Option<String>,
    pub part: Part,
}

/// A kommun some active LOKUS group of the förbund covers, with those groups.
#[derive(Debug, Clone)]
pub struct KommunChoice {
    pub kod: String,
    pub namn: String,
    /// (id, name) of the groups covering it; a choice is asked for when there are several.
    pub grupper: Vec<(Uuid, String)>,
}

/// What the request form needs.
#[derive(Debug, Clone)]
pub struct RequestChoices {
    /// `None`: the membership names no workplace, and the form says to ask the administrator.
    pub workplace: Option<Workplace>,
    pub kommuner: Vec<KommunChoice>,
    pub defaults: ForfraganForm,
}

pub const NO_WORKPLACE: &str = "Din arbetsplats (organisation och enhet) är inte angiven i Lotsen. \
     Be förbundets administratör att lägga in den, så kan du skicka förfrågningar.";

pub(crate) async fn workplace(
    tx: &mut Tx,
    forbund: Uuid,
    user: Uuid,
) -> CoreResult<Option<Workplace>> {
    Ok(sqlx::query_as::<_, Workplace>(
        "select o.organisation_id, o.namn::text as organisation, e.enhet_id, e.namn::text as enhet, o.part \
         from membership m \
         join organisation o on o.forbund_id = m.forbund_id and o.organisation_id = m.organisation_id \
         left join enhet e on e.forbund_id = m.forbund_id and e.enhet_id = m.enhet_id \
         where m.forbund_id = $1 and m.user_id = $2",
    )
    .bind(forbund)
    .bind(user)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Whether the person's membership names the workplace requests are sent from.
pub async fn has_workplace(tx: &mut Tx, forbund: Uuid, user: Uuid) -> CoreResult<bool> {
    Ok(workplace(tx, forbund, user).await?.is_some())
}

/// (kommun code, kommun name, group id, group name), by kommun then group.
type Covered = (String, String, Uuid, String);

async fn kommuner(tx: &mut Tx, forbund: Uuid) -> CoreResult<Vec<KommunChoice>> {
    let rows: Vec<Covered> = sqlx::query_as(
        "select k.kod, k.namn::text, l.lokus_id, l.namn::text from lokus_kommun lk \
         join lokus_grupp l on l.forbund_id = lk.forbund_id and l.lokus_id = lk.lokus_id and l.aktiv \
         join kommun k on k.kod = lk.kommun_kod \
         where lk.forbund_id = $1 order by k.namn, l.namn",
    )
    .bind(forbund)
    .fetch_all(&mut **tx)
    .await?;
    let mut out: Vec<KommunChoice> = Vec::new();
    for (kod, namn, lokus, grupp) in rows {
        match out.last_mut() {
            Some(last) if last.kod == kod => last.grupper.push((lokus, grupp)),
            _ => out.push(KommunChoice {
                kod,
                namn,
                grupper: vec![(lokus, grupp)],
            }),
        }
    }
    Ok(out)
}

/// The request form's choices and a fresh form.
pub async fn choices(db: &Db, ctx: &Ctx) -> CoreResult<RequestChoices> {
    ctx.require(Action::RequestLotsning)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let workplace = workplace(&mut tx, forbund, ctx.user_id).await?;
    let kommuner = kommuner(&mut tx, forbund).await?;
    tx.commit().await?;
    Ok(RequestChoices {
        workplace,
        kommuner,
        defaults: ForfraganForm {
            formular_id: Uuid::now_v7().to_string(),
            typ: "lotsning".into(),
            bradska: "normal".into(),
            svarssatt: "lotsen".into(),
            ..ForfraganForm::default()
        },
    })
}

/// Sends a request; returns its id. A second submit of the same form returns the first one's.
#[tracing::instrument(name = "forfragan.send", skip_all)]
pub async fn send(db: &Db, ctx: &Ctx, form: &ForfraganForm) -> CoreResult<Uuid> {
    ctx.require(Action::RequestLotsning)?;
    let forbund = ctx.forbund_id()?;
    let v = form.parse().map_err(CoreError::Invalid)?;
    let mut tx = db.begin(ctx).await?;
    let Some(place) = workplace(&mut tx, forbund, ctx.user_id).await? else {
        return Err(CoreError::invalid("arbetsplats", NO_WORKPLACE));
    };
    let earlier: Option<Uuid> = sqlx::query_scalar(
        "select forfragan_id from forfragan where forbund_id = $1 and avsandare = $2 and formular_id = $3",
    )
    .bind(forbund)
    .bind(ctx.user_id)
    .bind(v.id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = earlier {
        return Ok(id);
    }
    let lokus = group_for(&mut tx, forbund, &v).await?;
    let handlaggare = kod::for_login(
        &mut tx,
        forbund,
        ctx.user_id,
        place.organisation_id,
        place.enhet_id,
        place.part,
    )
    .await?;
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into forfragan (forbund_id, forfragan_id, lokus_id, avsandare, handlaggare_id, \
             organisation_id, enhet_id, part, typ, kon, alder, bostadskommun, ersattning, \
             kontakt_parter, fraga, provat, bradska, samtycke, samtycke_parter, svarssatt, \
             formular_id, sedd_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
             $19, $20, $21, now())",
    )
    .bind(forbund)
    .bind(id)
    .bind(lokus)
    .bind(ctx.user_id)
    .bind(handlaggare)
    .bind(place.organisation_id)
    .bind(place.enhet_id)
    .bind(place.part)
    .bind(v.typ)
    .bind(v.kon)
    .bind(v.alder)
    .bind(&v.bostadskommun)
    .bind(&v.ersattning)
    .bind(&v.kontakt_parter)
    .bind(&v.fraga)
    .bind(&v.provat)
    .bind(v.bradska)
    .bind(v.samtycke)
    .bind(&v.samtycke_parter)
    .bind(v.svarssatt)
    .bind(v.id)
    .execute(&mut *tx)
    .await?;
    super::follow::history(&mut tx, ctx, forbund, id, ForfraganHandelse::Skickad, "").await?;
    super::follow::tell_coordinators(&mut tx, forbund, lokus, id).await?;
    super::audit(&mut tx, ctx, AuditAction::ForfraganSend, id).await?;
    tx.commit().await?;
    Ok(id)
}

/// The LOKUS group for the person's kommun: the one covering it, or the one chosen among
/// several.
async fn group_for(tx: &mut Tx, forbund: Uuid, v: &ValidForfragan) -> CoreResult<Uuid> {
    let groups: Vec<Uuid> = sqlx::query_scalar(
        "select lk.lokus_id from lokus_kommun lk \
         join lokus_grupp l on l.forbund_id = lk.forbund_id and l.lokus_id = lk.lokus_id and l.aktiv \
         where lk.forbund_id = $1 and lk.kommun_kod = $2",
    )
    .bind(forbund)
    .bind(&v.bostadskommun)
    .fetch_all(&mut **tx)
    .await?;
    match (groups.as_slice(), v.lokus) {
        ([], _) => Err(CoreError::invalid(
            "bostadskommun",
            "Ingen LOKUS-grupp i förbundet täcker den kommunen. Välj en kommun i listan.",
        )),
        ([only], _) => Ok(*only),
        (several, Some(chosen)) if several.contains(&chosen) => Ok(chosen),
        _ => {
            let mut e = FieldErrors::new();
            e.add(
                "lokus",
                "Flera LOKUS-grupper täcker kommunen. Välj vilken grupp förfrågan gäller.",
            );
            Err(CoreError::Invalid(e))
        }
    }
}
