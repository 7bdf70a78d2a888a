//! A signature that holds (issue 13): the chair signs what the form shows, after saving it and
//! confirming; the figures the chair saw are stored with the signature and shown from then on
//! (on the form, in the compiled document), and where the live figures later differ the form
//! lists the cells. The förbund administrator can reopen a signed form with a reason; signing
//! and reopening are the form's history, audited, and a reopened form is on its chair's start
//! page until it is signed again.

use super::form::{Blankett, answers, blankett, writable};
use super::{Grupp, readable_group, round};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use crate::statistik::{self, Selection};
use lotsen_domain::statistik::{FigureSet, Period};
use lotsen_domain::validate;
use lotsen_domain::{Action, AuditAction, FieldErrors};
use time::Date;
use uuid::Uuid;

/// Shown when the form changed after the page was opened (another tab, another person).
pub const STALE: &str = "Blanketten har ändrats sedan du öppnade den, i en annan flik eller av \
     någon annan. Öppna blanketten igen och gör om din ändring.";

/// One line of the form's history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryLine {
    /// `signerad` or `ateroppnad`.
    pub typ: String,
    pub namn: String,
    pub skal: String,
    /// Swedish local time, `YYYY-MM-DD HH:MM`.
    pub tid: String,
}

/// A cell whose live count differs from the signed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub tabell: String,
    pub rad: String,
    pub kolumn: String,
    pub signerat: i64,
    pub nu: i64,
}

/// The figures stored with a signature, `None` for an unsigned form (or one signed before
/// figures were stored).
pub(crate) async fn signed_figures(
    tx: &mut Tx,
    forbund: Uuid,
    blankett: Uuid,
) -> CoreResult<Option<FigureSet>> {
    let json: Option<sqlx::types::Json<FigureSet>> = sqlx::query_scalar(
        "select signerade_siffror from nulage_blankett where forbund_id = $1 and blankett_id = $2",
    )
    .bind(forbund)
    .bind(blankett)
    .fetch_one(&mut **tx)
    .await?;
    Ok(json.map(|j| j.0))
}

/// The form's history, oldest first.
pub(crate) async fn history(
    tx: &mut Tx,
    forbund: Uuid,
    blankett: Uuid,
) -> CoreResult<Vec<HistoryLine>> {
    Ok(sqlx::query_as(
        "select typ, namn, skal, to_char(lotsen_local(created_at), 'YYYY-MM-DD HH24:MI') as tid \
         from nulage_blankett_handelse where forbund_id = $1 and blankett_id = $2 \
         order by handelse_id",
    )
    .bind(forbund)
    .bind(blankett)
    .fetch_all(&mut **tx)
    .await?)
}

/// The cells of the exported tables whose live count differs from the signed one; a row only
/// one of them has counts as 0 in the other.
pub fn changes(signed: &FigureSet, live: &FigureSet) -> Vec<Changed> {
    let mut out = Vec::new();
    for s in signed.exported() {
        let l = live.table(s.tabell);
        let mut rows: Vec<&lotsen_domain::statistik::Header> = s.rows.iter().collect();
        if let Some(l) = l {
            rows.extend(l.rows.iter().filter(|h| s.row_index(&h.code).is_none()));
        }
        for row in rows {
            for col in &s.columns {
                let was = s.value(&row.code, &col.code).unwrap_or(0);
                let now = l.and_then(|l| l.value(&row.code, &col.code)).unwrap_or(0);
                if was != now {
                    out.push(Changed {
                        tabell: s.tabell.label().to_string(),
                        rad: row.label.clone(),
                        kolumn: col.label.clone(),
                        signerat: was,
                        nu: now,
                    });
                }
            }
        }
    }
    out
}

async fn record(tx: &mut Tx, ctx: &Ctx, b: &Blankett, typ: &str, skal: &str) -> CoreResult<()> {
    let person = ctx.person().ok_or(CoreError::NotFound)?;
    sqlx::query(
        "insert into nulage_blankett_handelse (forbund_id, blankett_id, typ, skal, user_id, namn) \
         select $1, $2, $3, $4, u.user_id, u.namn from app_user u where u.user_id = $5",
    )
    .bind(ctx.forbund_id()?)
    .bind(b.blankett_id)
    .bind(typ)
    .bind(skal)
    .bind(person)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The questions without an answer, for the confirmation before signing.
pub async fn unanswered(db: &Db, ctx: &Ctx, ar: i32, kod: &str) -> CoreResult<(Vec<String>, i32)> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, omgang, _, b) = writable(db, ctx, ar, kod, |p| p.sign).await?;
    let svar = answers(&mut tx, forbund, omgang.omgang_id, b.blankett_id).await?;
    tx.commit().await?;
    Ok((
        svar.into_iter()
            .filter(|s| s.text.is_empty())
            .map(|s| s.fraga.text)
            .collect(),
        b.version,
    ))
}

/// The chair signs the form as it stands at `version`: name and date are recorded, the
/// figures the form shows (exact, for the round's period) are stored with the signature, and
/// the form locks. An unanswered form cannot be signed; a form changed since `version` is
/// refused.
#[tracing::instrument(name = "nulagesanalys.signing.sign", skip_all, fields(kod = %kod, ar))]
pub async fn sign(db: &Db, ctx: &Ctx, ar: i32, kod: &str, version: i32) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, omgang, grupp, b) = writable(db, ctx, ar, kod, |p| p.sign).await?;
    if b.version != version {
        return Err(CoreError::invalid("signera", STALE));
    }
    let svar = answers(&mut tx, forbund, omgang.omgang_id, b.blankett_id).await?;
    if svar.iter().all(|s| s.text.is_empty()) {
        return Err(CoreError::invalid(
            "signera",
            "Blanketten har inga svar. Skriv och spara svaren innan du signerar.",
        ));
    }
    let figures = statistik::compute(
        &mut tx,
        ctx,
        Selection {
            lokus: Some(grupp.lokus_id),
            period: Period {
                fran: omgang.fran,
                till: omgang.till,
            },
            suppress: false,
        },
    )
    .await?;
    let person = ctx.person().ok_or(CoreError::NotFound)?;
    let done = sqlx::query(
        "update nulage_blankett b set signerad_av = $3, signerad_at = now(), \
                signerad_datum = lotsen_today(), signerad_namn = u.namn, \
                signerade_siffror = $4, version = b.version + 1 \
         from app_user u where u.user_id = $3 and b.forbund_id = $1 and b.blankett_id = $2",
    )
    .bind(forbund)
    .bind(b.blankett_id)
    .bind(person)
    .bind(sqlx::types::Json(&figures.set))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(CoreError::NotFound);
    }
    record(&mut tx, ctx, &b, "signerad", "").await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::NulageSign).on("nulage_blankett", b.blankett_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The förbund administrator reopens a signed form, giving a reason: the signature and its
/// figures are removed (the history keeps who signed when), and the group can answer and sign
/// again.
#[tracing::instrument(name = "nulagesanalys.signing.reopen", skip_all, fields(kod = %kod, ar))]
pub async fn reopen(db: &Db, ctx: &Ctx, ar: i32, kod: &str, skal: &str) -> CoreResult<()> {
    ctx.require(Action::ManageForbund)?;
    let forbund = ctx.forbund_id()?;
    let mut errors = FieldErrors::new();
    let skal = validate::free_text(
        skal,
        1000,
        "skal",
        "Skriv inga personnummer i skälet.",
        &mut errors,
    );
    if skal.is_empty() && errors.is_empty() {
        errors.add("skal", "Skriv varför blanketten öppnas igen.");
    }
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let mut tx = db.begin(ctx).await?;
    let grupp: Grupp = readable_group(&mut tx, ctx, kod).await?;
    let omgang = round(&mut tx, ctx, ar, false).await?;
    let b = blankett(&mut tx, forbund, omgang.omgang_id, grupp.lokus_id, true).await?;
    if b.signerad_datum.is_none() {
        return Err(CoreError::invalid("skal", "Blanketten är inte signerad."));
    }
    sqlx::query(
        "update nulage_blankett set signerad_av = null, signerad_at = null, signerad_datum = null, \
                signerad_namn = null, signerade_siffror = null, version = version + 1 \
         where forbund_id = $1 and blankett_id = $2",
    )
    .bind(forbund)
    .bind(b.blankett_id)
    .execute(&mut *tx)
    .await?;
    record(&mut tx, ctx, &b, "ateroppnad", &skal).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::NulageReopen).on("nulage_blankett", b.blankett_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A reopened form the actor may sign: shown on the chair's start page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Reopened {
    pub ar: i32,
    pub kod: String,
    pub skal: String,
    pub datum: Date,
}

/// The forms, of groups the actor chairs, that were reopened and are not signed again.
pub async fn reopened_for_chair(db: &Db, ctx: &Ctx) -> CoreResult<Vec<Reopened>> {
    let Some(forbund) = ctx.forbund.as_ref().map(|f| f.id) else {
        return Ok(Vec::new());
    };
    let mut tx = db.begin(ctx).await?;
    let rows: Vec<(Uuid, Reopened)> = sqlx::query_as::<_, (Uuid, i32, String, String, Date)>(
        "select g.lokus_id, o.ar, g.kod, h.skal, (lotsen_local(h.created_at))::date \
         from nulage_blankett b \
         join nulage_omgang o on o.forbund_id = b.forbund_id and o.omgang_id = b.omgang_id \
         join lokus_grupp g on g.forbund_id = b.forbund_id and g.lokus_id = b.lokus_id \
         join lateral (select x.typ, x.skal, x.created_at from nulage_blankett_handelse x \
                       where x.forbund_id = b.forbund_id and x.blankett_id = b.blankett_id \
                       order by x.handelse_id desc limit 1) h on true \
         where b.forbund_id = $1 and b.signerad_at is null and h.typ = 'ateroppnad' \
         order by o.ar desc, g.kod",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(lokus, ar, kod, skal, datum)| {
        (
            lokus,
            Reopened {
                ar,
                kod,
                skal,
                datum,
            },
        )
    })
    .collect();
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .filter(|(lokus, _)| ctx.can(Action::SignNulagesanalys { lokus: *lokus }))
        .map(|(_, r)| r)
        .collect())
}
