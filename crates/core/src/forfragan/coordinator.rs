//! The coordinator's side: the requests waiting in their groups, one request (opening it marks
//! it received), accepting it through the prefilled intake form, declining it with a reason,
//! forwarding it to another group, and writing answers for the handläggare from the ärende.

use super::sender::{History, history_of};
use super::{SENT, Sent, follow, kod};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende_form::{ArendeForm, Avsandare, BESKRIVNING_MAX};
use lotsen_domain::forfragan::{
    AvbojForm, Bradska, ForfraganHandelse, ForfraganStatus, SvarForm, Svarssatt, Typ, VidareForm,
};
use lotsen_domain::{Action, AuditAction, Part};
use uuid::Uuid;

/// A request waiting for a decision, in the coordinator's list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Waiting {
    pub forfragan_id: Uuid,
    pub typ: Typ,
    pub bradska: Bradska,
    pub status: ForfraganStatus,
    pub skickad: String,
    pub lokus_kod: String,
    pub part: Part,
    pub organisation: String,
    pub kommun: String,
}

/// The requests waiting in the coordinator's groups, the most urgent and oldest first.
pub async fn waiting(db: &Db, ctx: &Ctx, limit: i64) -> CoreResult<Vec<Waiting>> {
    let mut tx = db.begin(ctx).await?;
    let rows = waiting_in(&mut tx, ctx, limit).await?;
    tx.commit().await?;
    Ok(rows)
}

/// `waiting` inside an open transaction.
pub async fn waiting_in(tx: &mut Tx, ctx: &Ctx, limit: i64) -> CoreResult<Vec<Waiting>> {
    let groups = crate::arende::coordinator_groups(ctx);
    waiting_for(tx, ctx.forbund_id()?, &groups, limit).await
}

/// The requests waiting in `groups` (the start page's, whose caller coordinates them).
pub async fn waiting_for(
    tx: &mut Tx,
    forbund: Uuid,
    groups: &[Uuid],
    limit: i64,
) -> CoreResult<Vec<Waiting>> {
    Ok(sqlx::query_as::<_, Waiting>(
        // The few waiting requests first (a partial index), then a key lookup per name.
        "select q.forfragan_id, q.typ, q.bradska, q.status, \
             to_char(lotsen_local(q.skickad_at), 'YYYY-MM-DD HH24:MI') as skickad, \
             (select l.kod from lokus_grupp l where l.forbund_id = q.forbund_id \
                  and l.lokus_id = q.lokus_id) as lokus_kod, q.part, \
             (select o.namn::text from organisation o where o.forbund_id = q.forbund_id \
                  and o.organisation_id = q.organisation_id) as organisation, \
             (select k.namn::text from kommun k where k.kod = q.bostadskommun) as kommun \
         from (select * from forfragan w \
               where w.forbund_id = $1 and w.lokus_id = any($2) and w.status in ('skickad', 'mottagen') \
               order by array_position(array['akut', 'skyndsam', 'normal'], w.bradska), w.skickad_at \
               limit $3) q \
         order by array_position(array['akut', 'skyndsam', 'normal'], q.bradska), q.skickad_at",
    )
    .bind(forbund)
    .bind(groups)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?)
}

/// A request as a coordinator of its group sees it: as sent, who sent it (a colleague to
/// answer, not the person the request is about), its history and where it can be forwarded.
#[derive(Debug, Clone)]
pub struct CoordinatorRequest {
    pub sent: Sent,
    pub history: Vec<History>,
    pub avsandare_namn: String,
    pub avsandare_epost: String,
    pub handlaggare_kod: String,
    /// Codes at the sender's organisation no login holds, to link the sender's login to.
    pub koder: Vec<String>,
    /// The förbund's other active groups: (id, code, name).
    pub vidare: Vec<(Uuid, String, String)>,
}

async fn sent_for_coordinator(tx: &mut Tx, ctx: &Ctx, id: Uuid, lock: bool) -> CoreResult<Sent> {
    let forbund = ctx.forbund_id()?;
    let lock = if lock { " for update of q" } else { "" };
    let sent = sqlx::query_as::<_, Sent>(&format!(
        "{SENT} where q.forbund_id = $1 and q.forfragan_id = $2{lock}"
    ))
    .bind(forbund)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    ctx.require(Action::HandleRequest {
        lokus: sent.lokus_id,
    })?;
    Ok(sent)
}

/// One request for a coordinator of its group; the first coordinator to open it marks it
/// received.
#[tracing::instrument(name = "forfragan.for_coordinator", skip_all, fields(id = %id))]
pub async fn for_coordinator(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<CoordinatorRequest> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let mut sent = sent_for_coordinator(&mut tx, ctx, id, true).await?;
    if sent.status == ForfraganStatus::Skickad {
        set_status(&mut tx, forbund, id, ForfraganStatus::Mottagen).await?;
        follow::history(&mut tx, ctx, forbund, id, ForfraganHandelse::Mottagen, "").await?;
        super::audit(&mut tx, ctx, AuditAction::ForfraganReceive, id).await?;
        sent.status = ForfraganStatus::Mottagen;
    }
    let history = history_of(&mut tx, forbund, id).await?;
    let (avsandare_namn, avsandare_epost, handlaggare_kod): (String, String, String) =
        sqlx::query_as(
            "select u.namn::text, u.epost, h.kod::text from forfragan q \
             join app_user u on u.user_id = q.avsandare \
             join handlaggare h on h.forbund_id = q.forbund_id and h.handlaggare_id = q.handlaggare_id \
             where q.forbund_id = $1 and q.forfragan_id = $2",
        )
        .bind(forbund)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let organisation: Uuid = sqlx::query_scalar(
        "select organisation_id from forfragan where forbund_id = $1 and forfragan_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let koder = kod::free_codes(&mut tx, forbund, organisation).await?;
    let vidare = sqlx::query_as(
        "select lokus_id, kod, namn::text from lokus_grupp \
         where forbund_id = $1 and aktiv and lokus_id <> $2 order by kod",
    )
    .bind(forbund)
    .bind(sent.lokus_id)
    .fetch_all(&mut *tx)
    .await?;
    super::audit(&mut tx, ctx, AuditAction::ForfraganRead, id).await?;
    tx.commit().await?;
    Ok(CoordinatorRequest {
        sent,
        history,
        avsandare_namn,
        avsandare_epost,
        handlaggare_kod,
        koder,
        vidare,
    })
}

/// Links the sender's login to an existing handläggare code of their organisation (one the
/// coordinator has used for them by phone), so they count as one unique handläggare.
#[tracing::instrument(name = "forfragan.link_code", skip_all, fields(id = %id))]
pub async fn link_code(db: &Db, ctx: &Ctx, id: Uuid, kod: &str) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    sent_for_coordinator(&mut tx, ctx, id, true).await?;
    let from: Uuid = sqlx::query_scalar(
        "select handlaggare_id from forfragan where forbund_id = $1 and forfragan_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    kod::link(&mut tx, forbund, from, kod).await?;
    super::audit(&mut tx, ctx, AuditAction::HandlaggareLink, id).await?;
    tx.commit().await?;
    Ok(())
}

async fn set_status(
    tx: &mut Tx,
    forbund: Uuid,
    id: Uuid,
    status: ForfraganStatus,
) -> CoreResult<()> {
    sqlx::query("update forfragan set status = $3 where forbund_id = $1 and forfragan_id = $2")
        .bind(forbund)
        .bind(id)
        .bind(status)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Refuses a decision on a request that is no longer open, with the message on `field`.
fn require_open(sent: &Sent, field: &'static str) -> CoreResult<()> {
    if sent.status.is_open() {
        Ok(())
    } else {
        Err(CoreError::invalid(
            field,
            format!(
                "Förfrågan är redan {} och kan inte ändras.",
                sent.status.label().to_lowercase()
            ),
        ))
    }
}

/// Declines the request with a reason (and an explanation for the sender).
#[tracing::instrument(name = "forfragan.decline", skip_all, fields(id = %id))]
pub async fn decline(db: &Db, ctx: &Ctx, id: Uuid, form: &AvbojForm) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let sent = sent_for_coordinator(&mut tx, ctx, id, true).await?;
    require_open(&sent, "orsak")?;
    let (orsak, text) = form.parse().map_err(CoreError::Invalid)?;
    sqlx::query(
        "update forfragan set status = 'avbojd', avbojd_orsak = $3, besvarad_at = now() \
         where forbund_id = $1 and forfragan_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(orsak)
    .execute(&mut *tx)
    .await?;
    follow::history(&mut tx, ctx, forbund, id, ForfraganHandelse::Avbojd, &text).await?;
    super::audit(&mut tx, ctx, AuditAction::ForfraganDecline, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Forwards the request to another active group of the förbund, whose coordinators then
/// receive it as new.
#[tracing::instrument(name = "forfragan.forward", skip_all, fields(id = %id))]
pub async fn forward(db: &Db, ctx: &Ctx, id: Uuid, form: &VidareForm) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let sent = sent_for_coordinator(&mut tx, ctx, id, true).await?;
    require_open(&sent, "lokus")?;
    let target = form.parse().map_err(CoreError::Invalid)?;
    let namn: Option<String> = sqlx::query_scalar(
        "select namn::text from lokus_grupp where forbund_id = $1 and lokus_id = $2 and aktiv \
         and lokus_id <> $3",
    )
    .bind(forbund)
    .bind(target)
    .bind(sent.lokus_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(namn) = namn else {
        return Err(CoreError::invalid(
            "lokus",
            "Välj en annan av förbundets LOKUS-grupper.",
        ));
    };
    sqlx::query(
        "update forfragan set lokus_id = $3, status = 'skickad' where forbund_id = $1 and forfragan_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(target)
    .execute(&mut *tx)
    .await?;
    follow::history(
        &mut tx,
        ctx,
        forbund,
        id,
        ForfraganHandelse::Vidarebefordrad,
        &namn,
    )
    .await?;
    follow::tell_coordinators(&mut tx, forbund, target, id).await?;
    super::audit(&mut tx, ctx, AuditAction::ForfraganForward, id).await?;
    tx.commit().await?;
    Ok(())
}

/// The intake form prefilled from an open request, for accepting it: nothing is retyped.
pub async fn prefill(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<(ArendeForm, Sent)> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let sent = sent_for_coordinator(&mut tx, ctx, id, false).await?;
    require_open(&sent, "forfragan")?;
    let (inkom, organisation, enhet, handlaggare): (time::Date, Uuid, Option<Uuid>, Uuid) =
        sqlx::query_as(
            "select lotsen_local(skickad_at)::date, organisation_id, enhet_id, handlaggare_id \
             from forfragan where forbund_id = $1 and forfragan_id = $2",
        )
        .bind(forbund)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let kod = kod::code_of(&mut tx, forbund, handlaggare).await?;
    tx.commit().await?;
    let avsandare = match enhet {
        Some(e) => Avsandare::Enhet(e),
        None => Avsandare::Organisation(organisation),
    };
    let form = ArendeForm {
        formular_id: Uuid::now_v7().to_string(),
        lokus: sent.lokus_id.to_string(),
        inkom: inkom.to_string(),
        kanal: "portal".into(),
        avsandare: avsandare.value(),
        handlaggare: kod,
        // A generated code is a code, whatever it looks like.
        handlaggare_ej_namn: "ja".into(),
        kon: sent.kon.code().into(),
        alder: sent.alder.map(|a| a.to_string()).unwrap_or_default(),
        bostadskommun: sent.bostadskommun.clone(),
        ersattning: sent
            .ersattning
            .iter()
            .map(|e| e.code().to_string())
            .collect(),
        beskrivning: description(&sent),
        forfragan: id.to_string(),
        ..ArendeForm::default()
    };
    Ok((form, sent))
}

/// The ärende's description from the request: the question, then what has been tried.
fn description(sent: &Sent) -> String {
    let mut text = sent.fraga.clone();
    if !sent.provat.is_empty() {
        text.push_str("\n\nDetta har prövats: ");
        text.push_str(&sent.provat);
    }
    text.chars().take(BESKRIVNING_MAX).collect()
}

/// Marks the request accepted as the ärende just created in `tx` (from the intake form's
/// hidden `forfragan`): in the same transaction, so an ärende and its request never disagree.
pub async fn accept_in(
    tx: &mut Tx,
    ctx: &Ctx,
    id: Uuid,
    arende: Uuid,
    lokus: Uuid,
    nummer: &str,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let sent = sent_for_coordinator(tx, ctx, id, true).await?;
    require_open(&sent, "forfragan")?;
    sqlx::query(
        "update forfragan set status = 'accepterad', arende_id = $3, lokus_id = $4, besvarad_at = now() \
         where forbund_id = $1 and forfragan_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(arende)
    .bind(lokus)
    .execute(&mut **tx)
    .await?;
    follow::history(tx, ctx, forbund, id, ForfraganHandelse::Accepterad, nummer).await?;
    super::audit(tx, ctx, AuditAction::ForfraganAccept, id).await?;
    Ok(())
}

/// An answer written for the handläggare, as listed on the ärende page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Answer {
    pub text: String,
    pub tid: String,
}

/// The request an ärende came from, on the ärende page: how the sender wants the answer and
/// the answers written so far.
#[derive(Debug, Clone)]
pub struct ArendeRequest {
    pub forfragan_id: Uuid,
    pub typ: Typ,
    pub svarssatt: Svarssatt,
    pub answers: Vec<Answer>,
}

/// The request behind an ärende the caller has already been allowed to read, if any.
pub async fn for_arende(
    tx: &mut Tx,
    forbund: Uuid,
    arende: Uuid,
) -> CoreResult<Option<ArendeRequest>> {
    let found: Option<(Uuid, Typ, Svarssatt)> = sqlx::query_as(
        "select forfragan_id, typ, svarssatt from forfragan where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(arende)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((forfragan_id, typ, svarssatt)) = found else {
        return Ok(None);
    };
    let answers = sqlx::query_as::<_, Answer>(
        "select text, to_char(lotsen_local(created_at), 'YYYY-MM-DD HH24:MI') as tid from forfragan_handelse \
         where forbund_id = $1 and forfragan_id = $2 and typ = 'svar' order by handelse_id",
    )
    .bind(forbund)
    .bind(forfragan_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(Some(ArendeRequest {
        forfragan_id,
        typ,
        svarssatt,
        answers,
    }))
}

/// Writes an answer for the handläggare who sent the request the ärende came from.
#[tracing::instrument(name = "forfragan.answer", skip_all, fields(arende = %arende))]
pub async fn answer(db: &Db, ctx: &Ctx, arende: Uuid, form: &SvarForm) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    crate::arende::writable_lokus(&mut tx, ctx, arende).await?;
    let id: Uuid = sqlx::query_scalar(
        "select forfragan_id from forfragan where forbund_id = $1 and arende_id = $2",
    )
    .bind(forbund)
    .bind(arende)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    let text = form.parse().map_err(CoreError::Invalid)?;
    follow::history(&mut tx, ctx, forbund, id, ForfraganHandelse::Svar, &text).await?;
    super::audit(&mut tx, ctx, AuditAction::ForfraganAnswer, id).await?;
    tx.commit().await?;
    Ok(())
}
