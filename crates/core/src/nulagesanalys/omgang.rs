//! Rounds: the list, opening a year's round with the standard questions, changing its
//! deadline and period, editing its questions while no form is signed, and the status of
//! every group's form.

use super::{Fraga, OmgangRow, QUESTIONS_LOCKED, any_signed, has_access, questions, round};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::today;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult, on_constraint};
use lotsen_domain::nulagesanalys::{OmgangForm, STANDARD_QUESTIONS, Status, question_text};
use lotsen_domain::{Action, AuditAction};
use time::Date;
use uuid::Uuid;

/// The rounds of the förbund, newest first, and whether the actor may open one.
pub struct Rounds {
    pub rounds: Vec<OmgangRow>,
    pub manage: bool,
    pub today: Date,
}

pub async fn list(db: &Db, ctx: &Ctx) -> CoreResult<Rounds> {
    if !has_access(ctx) {
        return Err(CoreError::NotFound);
    }
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let rounds = sqlx::query_as::<_, OmgangRow>(
        "select omgang_id, ar, senast, fran, till from nulage_omgang \
         where forbund_id = $1 order by ar desc",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    let today = today(&mut tx).await?;
    tx.commit().await?;
    Ok(Rounds {
        rounds,
        manage: ctx.can(Action::ManageForbund),
        today,
    })
}

/// Opens the round of a year with the seven standard questions. Returns the year.
#[tracing::instrument(name = "nulagesanalys.omgang.open", skip_all)]
pub async fn open(db: &Db, ctx: &Ctx, form: &OmgangForm) -> CoreResult<i32> {
    ctx.require(Action::ManageForbund)?;
    let forbund = ctx.forbund_id()?;
    let o = form.parse(None).map_err(CoreError::Invalid)?;
    let mut tx = db.begin(ctx).await?;
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into nulage_omgang (forbund_id, omgang_id, ar, senast, fran, till, skapad_av) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(forbund)
    .bind(id)
    .bind(o.ar)
    .bind(o.senast)
    .bind(o.fran)
    .bind(o.till)
    .bind(ctx.person())
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        on_constraint(
            e,
            "nulage_omgang_ar_key",
            "ar",
            "Det finns redan en nulägesanalys för det året.",
        )
    })?;
    for (i, q) in STANDARD_QUESTIONS.iter().enumerate() {
        insert_question(&mut tx, forbund, id, i32::try_from(i).unwrap_or(0) + 1, q).await?;
    }
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::NulageOmgangCreate).on("nulage_omgang", id),
    )
    .await?;
    tx.commit().await?;
    Ok(o.ar)
}

async fn insert_question(
    tx: &mut Tx,
    forbund: Uuid,
    omgang: Uuid,
    ordning: i32,
    text: &str,
) -> CoreResult<()> {
    sqlx::query(
        "insert into nulage_fraga (forbund_id, fraga_id, omgang_id, ordning, text) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(forbund)
    .bind(Uuid::now_v7())
    .bind(omgang)
    .bind(ordning)
    .bind(text)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Changes the deadline and the period. The period is fixed once a form is signed, since
/// the signed form was signed with its figures.
#[tracing::instrument(name = "nulagesanalys.omgang.update", skip_all, fields(ar))]
pub async fn update(db: &Db, ctx: &Ctx, ar: i32, form: &OmgangForm) -> CoreResult<()> {
    ctx.require(Action::ManageForbund)?;
    let forbund = ctx.forbund_id()?;
    let o = form.parse(Some(ar)).map_err(CoreError::Invalid)?;
    let mut tx = db.begin(ctx).await?;
    let r = round(&mut tx, ctx, ar, true).await?;
    if (o.fran, o.till) != (r.fran, r.till) && any_signed(&mut tx, forbund, r.omgang_id).await? {
        return Err(CoreError::invalid(
            "fran",
            "En blankett är redan signerad med omgångens siffror. Perioden kan inte längre ändras.",
        ));
    }
    sqlx::query(
        "update nulage_omgang set senast = $3, fran = $4, till = $5 \
         where forbund_id = $1 and omgang_id = $2",
    )
    .bind(forbund)
    .bind(r.omgang_id)
    .bind(o.senast)
    .bind(o.fran)
    .bind(o.till)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::NulageOmgangUpdate).on("nulage_omgang", r.omgang_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A change to a round's questions.
#[derive(Debug, Clone)]
pub enum QuestionEdit {
    Add(String),
    Edit(Uuid, String),
    Up(Uuid),
    Down(Uuid),
    Remove(Uuid),
}

/// Applies one change to the questions, refused once a form of the round is signed.
#[tracing::instrument(name = "nulagesanalys.omgang.edit_questions", skip_all, fields(ar))]
pub async fn edit_questions(db: &Db, ctx: &Ctx, ar: i32, edit: QuestionEdit) -> CoreResult<()> {
    ctx.require(Action::ManageForbund)?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let r = round(&mut tx, ctx, ar, true).await?;
    if any_signed(&mut tx, forbund, r.omgang_id).await? {
        return Err(CoreError::invalid("fragor", QUESTIONS_LOCKED));
    }
    let qs = questions(&mut tx, forbund, r.omgang_id).await?;
    let find = |id: Uuid| {
        qs.iter()
            .position(|q| q.fraga_id == id)
            .ok_or(CoreError::NotFound)
    };
    match edit {
        QuestionEdit::Add(text) => {
            let text = question_text(&text).map_err(CoreError::Invalid)?;
            if qs.len() >= 30 {
                return Err(CoreError::invalid(
                    "text",
                    "En blankett kan ha högst 30 frågor.",
                ));
            }
            let next = qs.iter().map(|q| q.ordning).max().unwrap_or(0) + 1;
            insert_question(&mut tx, forbund, r.omgang_id, next, &text).await?;
        }
        QuestionEdit::Edit(id, text) => {
            find(id)?;
            let text = question_text(&text).map_err(CoreError::Invalid)?;
            sqlx::query(
                "update nulage_fraga set text = $3 where forbund_id = $1 and fraga_id = $2",
            )
            .bind(forbund)
            .bind(id)
            .bind(text)
            .execute(&mut *tx)
            .await?;
        }
        QuestionEdit::Up(id) | QuestionEdit::Down(id) => {
            let i = find(id)?;
            let up = matches!(edit, QuestionEdit::Up(_));
            let j = if up {
                i.checked_sub(1)
            } else {
                Some(i + 1).filter(|j| *j < qs.len())
            };
            if let Some(j) = j {
                renumber(&mut tx, forbund, &qs, Some((i, j))).await?;
            }
        }
        QuestionEdit::Remove(id) => {
            find(id)?;
            if qs.len() <= 1 {
                return Err(CoreError::invalid(
                    "fragor",
                    "Blanketten måste ha minst en fråga.",
                ));
            }
            // Answers to the question go with it; no form of the round is signed.
            sqlx::query("delete from nulage_fraga where forbund_id = $1 and fraga_id = $2")
                .bind(forbund)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::NulageOmgangUpdate).on("nulage_omgang", r.omgang_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes 1…n as the order, with positions `swap` exchanged.
async fn renumber(
    tx: &mut Tx,
    forbund: Uuid,
    qs: &[Fraga],
    swap: Option<(usize, usize)>,
) -> CoreResult<()> {
    let mut ids: Vec<Uuid> = qs.iter().map(|q| q.fraga_id).collect();
    if let Some((i, j)) = swap {
        ids.swap(i, j);
    }
    for (n, id) in ids.iter().enumerate() {
        sqlx::query("update nulage_fraga set ordning = $3 where forbund_id = $1 and fraga_id = $2")
            .bind(forbund)
            .bind(id)
            .bind(i32::try_from(n).unwrap_or(0) + 1)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// One group's form in the overview.
#[derive(Debug, Clone)]
pub struct GroupStatus {
    pub kod: String,
    pub namn: String,
    pub status: Status,
    pub signerad_datum: Option<Date>,
    pub signerad_namn: Option<String>,
}

/// A round with its questions and the forms the actor may see (every active group for the
/// förbund-admin, the actor's own groups otherwise).
pub struct Overview {
    pub omgang: OmgangRow,
    pub fragor: Vec<Fraga>,
    pub groups: Vec<GroupStatus>,
    pub manage: bool,
    pub locked: bool,
    pub today: Date,
}

/// One group's form in a round, as stored: whether any answer is written, and the signature.
#[derive(sqlx::FromRow)]
pub(crate) struct StatusRow {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
    pub answered: bool,
    pub signerad_datum: Option<Date>,
    pub signerad_namn: Option<String>,
}

/// Every active group (and any group with a form) of round `omgang`, by code.
pub(crate) async fn status_rows(
    tx: &mut Tx,
    forbund: Uuid,
    omgang: Uuid,
) -> CoreResult<Vec<StatusRow>> {
    Ok(sqlx::query_as::<_, StatusRow>(
        "select g.lokus_id, g.kod, g.namn, \
                exists (select 1 from nulage_svar s where s.forbund_id = b.forbund_id \
                        and s.blankett_id = b.blankett_id and s.text <> '') as answered, \
                b.signerad_datum, b.signerad_namn \
         from lokus_grupp g \
         left join nulage_blankett b on b.forbund_id = g.forbund_id and b.lokus_id = g.lokus_id \
              and b.omgang_id = $2 \
         where g.forbund_id = $1 and (g.aktiv or b.blankett_id is not null) order by g.kod",
    )
    .bind(forbund)
    .bind(omgang)
    .fetch_all(&mut **tx)
    .await?)
}

pub async fn overview(db: &Db, ctx: &Ctx, ar: i32) -> CoreResult<Overview> {
    if !has_access(ctx) {
        return Err(CoreError::NotFound);
    }
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let omgang = round(&mut tx, ctx, ar, false).await?;
    let fragor = questions(&mut tx, forbund, omgang.omgang_id).await?;
    let rows = status_rows(&mut tx, forbund, omgang.omgang_id).await?;
    let locked = any_signed(&mut tx, forbund, omgang.omgang_id).await?;
    let today = today(&mut tx).await?;
    tx.commit().await?;
    let groups = rows
        .into_iter()
        .filter(|r| {
            ctx.can(Action::ReadStatistics {
                lokus: Some(r.lokus_id),
            })
        })
        .map(|r| GroupStatus {
            status: Status::of(r.answered, r.signerad_datum, omgang.senast, today),
            kod: r.kod,
            namn: r.namn,
            signerad_datum: r.signerad_datum,
            signerad_namn: r.signerad_namn,
        })
        .collect();
    Ok(Overview {
        omgang,
        fragor,
        groups,
        manage: ctx.can(Action::ManageForbund),
        locked,
        today,
    })
}
