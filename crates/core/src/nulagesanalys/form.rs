//! A group's form in a round: reading it with its figures, saving answers, and signing.

use super::signing::{Changed, HistoryLine, STALE, changes, history, signed_figures};
use super::{Fraga, Grupp, LOCKED, OmgangRow, questions, readable_group, round};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::today;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use crate::statistik::kvalitet::{self, Kvalitet};
use crate::statistik::{self, Figures, Selection};
use lotsen_domain::nulagesanalys::{Status, answer_error};
use lotsen_domain::statistik::{FigureSet, Period};
use lotsen_domain::{Action, AuditAction, FieldErrors};
use time::Date;
use uuid::Uuid;

/// What the actor may do with a group's form (the core checks again on every write).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormPerms {
    /// Write and save answers: the group's coordinators and chairs.
    pub write: bool,
    /// Sign: the group's chair.
    pub sign: bool,
}

impl FormPerms {
    pub fn of(ctx: &Ctx, lokus: Uuid) -> FormPerms {
        FormPerms {
            write: ctx.can(Action::AnswerNulagesanalys { lokus }),
            sign: ctx.can(Action::SignNulagesanalys { lokus }),
        }
    }
}

/// A question with its answer.
#[derive(Debug, Clone)]
pub struct Svar {
    pub fraga: Fraga,
    pub text: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Blankett {
    pub blankett_id: Uuid,
    /// Raised by every save, signature and reopening; a write from an older page is refused.
    pub version: i32,
    pub signerad_namn: Option<String>,
    pub signerad_datum: Option<Date>,
}

/// A group's form as shown.
pub struct FormView {
    pub omgang: OmgangRow,
    pub grupp: Grupp,
    pub svar: Vec<Svar>,
    pub signerad_namn: Option<String>,
    pub signerad_datum: Option<Date>,
    pub status: Status,
    pub perms: FormPerms,
    /// The live figures for the round's period.
    pub figures: Figures,
    /// What the chair signed, when signed (the form shows these).
    pub signed: Option<FigureSet>,
    /// The cells whose live count differs from the signed one.
    pub changes: Vec<Changed>,
    pub history: Vec<HistoryLine>,
    /// The version the page's forms send back.
    pub version: i32,
    /// The förbund administrator may reopen it (when signed).
    pub may_reopen: bool,
    /// The data quality of the group's ärenden in the round's period.
    pub kvalitet: Kvalitet,
}

/// The group's form in the round, created empty the first time it is needed.
pub(crate) async fn blankett(
    tx: &mut Tx,
    forbund: Uuid,
    omgang: Uuid,
    lokus: Uuid,
    lock: bool,
) -> CoreResult<Blankett> {
    sqlx::query(
        "insert into nulage_blankett (forbund_id, blankett_id, omgang_id, lokus_id) \
         values ($1, $2, $3, $4) on conflict (forbund_id, omgang_id, lokus_id) do nothing",
    )
    .bind(forbund)
    .bind(Uuid::now_v7())
    .bind(omgang)
    .bind(lokus)
    .execute(&mut **tx)
    .await?;
    let sql = format!(
        "select blankett_id, version, signerad_namn, signerad_datum from nulage_blankett \
         where forbund_id = $1 and omgang_id = $2 and lokus_id = $3{}",
        if lock { " for update" } else { "" }
    );
    Ok(sqlx::query_as::<_, Blankett>(&sql)
        .bind(forbund)
        .bind(omgang)
        .bind(lokus)
        .fetch_one(&mut **tx)
        .await?)
}

pub(crate) async fn answers(
    tx: &mut Tx,
    forbund: Uuid,
    omgang: Uuid,
    blankett: Uuid,
) -> CoreResult<Vec<Svar>> {
    let qs = questions(tx, forbund, omgang).await?;
    let texts: Vec<(Uuid, String)> = sqlx::query_as(
        "select fraga_id, text from nulage_svar where forbund_id = $1 and blankett_id = $2",
    )
    .bind(forbund)
    .bind(blankett)
    .fetch_all(&mut **tx)
    .await?;
    Ok(qs
        .into_iter()
        .map(|fraga| Svar {
            text: texts
                .iter()
                .find(|(id, _)| *id == fraga.fraga_id)
                .map(|(_, t)| t.clone())
                .unwrap_or_default(),
            fraga,
        })
        .collect())
}

/// The form of group `kod` in the round of `ar`, with its figures for the round's period.
/// Audited as a read of the form.
pub async fn get(db: &Db, ctx: &Ctx, ar: i32, kod: &str) -> CoreResult<FormView> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let grupp = readable_group(&mut tx, ctx, kod).await?;
    let omgang = round(&mut tx, ctx, ar, false).await?;
    let b = blankett(&mut tx, forbund, omgang.omgang_id, grupp.lokus_id, false).await?;
    let svar = answers(&mut tx, forbund, omgang.omgang_id, b.blankett_id).await?;
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
    let signed = signed_figures(&mut tx, forbund, b.blankett_id).await?;
    let period = Period {
        fran: omgang.fran,
        till: omgang.till,
    };
    let kvalitet = Kvalitet {
        lokus: Some(grupp.lokus_id),
        grupp: Some((grupp.kod.clone(), grupp.namn.clone())),
        period,
        counts: kvalitet::counts(&mut tx, forbund, &[grupp.lokus_id], period).await?,
        may_list: crate::arende::coordinator_groups(ctx).contains(&grupp.lokus_id),
    };
    let history = history(&mut tx, forbund, b.blankett_id).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::NulageRead).on("nulage_blankett", b.blankett_id),
    )
    .await?;
    let today = today(&mut tx).await?;
    tx.commit().await?;
    let answered = svar.iter().any(|s| !s.text.is_empty());
    Ok(FormView {
        status: Status::of(answered, b.signerad_datum, omgang.senast, today),
        perms: FormPerms::of(ctx, grupp.lokus_id),
        omgang,
        grupp,
        svar,
        may_reopen: b.signerad_datum.is_some() && ctx.can(Action::ManageForbund),
        signerad_namn: b.signerad_namn,
        signerad_datum: b.signerad_datum,
        changes: signed
            .as_ref()
            .map(|s| changes(s, &figures.set))
            .unwrap_or_default(),
        signed,
        history,
        version: b.version,
        figures,
        kvalitet,
    })
}

/// Per-question messages for answers that cannot be saved (`None` where the answer is fine).
pub fn answer_errors(answers: &[(Uuid, String)]) -> Vec<(Uuid, String)> {
    answers
        .iter()
        .filter_map(|(id, t)| answer_error(t).map(|m| (*id, m)))
        .collect()
}

/// Opens a transaction for a write to the group's form: `NotFound` unless the actor may
/// `allowed`, a Swedish message when the form is signed.
pub(crate) async fn writable(
    db: &Db,
    ctx: &Ctx,
    ar: i32,
    kod: &str,
    allowed: fn(FormPerms) -> bool,
) -> CoreResult<(Tx, OmgangRow, Grupp, Blankett)> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let grupp = readable_group(&mut tx, ctx, kod).await?;
    if !allowed(FormPerms::of(ctx, grupp.lokus_id)) {
        return Err(CoreError::NotFound);
    }
    let omgang = round(&mut tx, ctx, ar, false).await?;
    let b = blankett(&mut tx, forbund, omgang.omgang_id, grupp.lokus_id, true).await?;
    if b.signerad_datum.is_some() {
        return Err(CoreError::invalid("svar", LOCKED));
    }
    Ok((tx, omgang, grupp, b))
}

/// Saves the answers given (question id → text; questions not named keep their answer).
#[tracing::instrument(name = "nulagesanalys.form.save", skip_all, fields(kod = %kod, ar))]
pub async fn save(
    db: &Db,
    ctx: &Ctx,
    ar: i32,
    kod: &str,
    given: &[(Uuid, String)],
    version: i32,
) -> CoreResult<()> {
    let forbund = ctx.forbund_id()?;
    let (mut tx, omgang, _, b) = writable(db, ctx, ar, kod, |p| p.write).await?;
    if b.version != version {
        return Err(CoreError::invalid("svar", STALE));
    }
    let errors = answer_errors(given);
    if let Some((_, m)) = errors.first() {
        return Err(CoreError::Invalid(FieldErrors::single("svar", m.clone())));
    }
    let qs = questions(&mut tx, forbund, omgang.omgang_id).await?;
    for (id, text) in given {
        if !qs.iter().any(|q| q.fraga_id == *id) {
            return Err(CoreError::NotFound);
        }
        sqlx::query(
            "insert into nulage_svar (forbund_id, blankett_id, fraga_id, text, andrad_av) \
             values ($1, $2, $3, $4, $5) \
             on conflict (forbund_id, blankett_id, fraga_id) \
             do update set text = excluded.text, andrad_av = excluded.andrad_av, andrad_at = now()",
        )
        .bind(forbund)
        .bind(b.blankett_id)
        .bind(id)
        .bind(text.trim())
        .bind(ctx.person())
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "update nulage_blankett set updated_at = now(), version = version + 1 \
         where forbund_id = $1 and blankett_id = $2",
    )
    .bind(forbund)
    .bind(b.blankett_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::NulageAnswer).on("nulage_blankett", b.blankett_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
