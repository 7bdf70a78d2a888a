//! Demo nulägesanalys: this year's round in `fjardlunda` with the seven standard questions,
//! STL's form as a draft with some answers (so `ordforande@demo.lotsen.example` can sign it
//! at once) and FJL's form signed by its chair. When 1 September has passed, the demo round's
//! deadline is 30 days ahead instead, so the drafts are not late. Loaded by `lotsen demo` as
//! the database owner, once (when `fjardlunda` has no round).

use crate::db::DbTarget;
use crate::error::CoreResult;
use anyhow::Context;
use lotsen_domain::nulagesanalys::{STANDARD_QUESTIONS, default_deadline, default_period};
use sqlx::{ConnectOptions, Connection};
use time::{Date, Duration};
use uuid::Uuid;

const STL_SVAR: [&str; 3] = [
    "Unga vuxna 19–29 år med aktivitetsersättning som saknar planering.\n\nPersoner med långvarigt försörjningsstöd och ohälsa:\n- som står långt från arbetsmarknaden\n- som har kontakt med fler än två parter",
    "I Stenbäck saknas en gemensam väg in för unga vuxna. Lövsjö behöver fler platser för arbetsträning.",
    "Gemensamma rutiner med regionen för övergången från sjukpenning till aktivitetsstöd.",
];

const FJL_SVAR: [&str; 7] = [
    "Personer med psykisk ohälsa som har försörjningsstöd.",
    "Fler arbetsträningsplatser i kommunen och kortare väntetid till psykiatrin.",
    "En länsgemensam rutin för samordnad individuell plan.",
    "Kvinnorna är oftare sjukskrivna för stress; männen oftare arbetslösa utan ersättning.",
    "Informationsöverföring mellan parterna och gemensamma möten med individen.",
    "Utbildning i motiverande samtal för handläggare.",
    "Gemensam utbildning om aktivitetsersättning.",
];

/// Returns 1 when the round was created, 0 when it existed or the demo förbund is missing.
pub async fn load(owner: &DbTarget) -> CoreResult<usize> {
    let mut conn = owner
        .options
        .clone()
        .disable_statement_logging()
        .connect()
        .await
        .context("connecting as the database owner")?;
    let mut tx = conn.begin().await?;
    let found: Option<(Uuid, bool, Date, Option<Uuid>)> = sqlx::query_as(
        "select f.forbund_id, exists (select 1 from nulage_omgang o where o.forbund_id = f.forbund_id), \
                lotsen_today(), \
                (select user_id from app_user where epost = 'forbund@demo.lotsen.example') \
         from forbund f where f.slug = 'fjardlunda'",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some((forbund, has, today, admin)) = found else {
        return Ok(0);
    };
    if has {
        return Ok(0);
    }
    let ar = today.year();
    let deadline = default_deadline(ar).context("deadline")?;
    let senast = if today > deadline {
        today + Duration::days(30)
    } else {
        deadline
    };
    let (fran, till) = default_period(ar).context("period")?;
    let omgang = Uuid::now_v7();
    sqlx::query(
        "insert into nulage_omgang (forbund_id, omgang_id, ar, senast, fran, till, skapad_av) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(forbund)
    .bind(omgang)
    .bind(ar)
    .bind(senast)
    .bind(fran)
    .bind(till)
    .bind(admin)
    .execute(&mut *tx)
    .await?;
    let mut fragor = Vec::new();
    for (i, q) in STANDARD_QUESTIONS.iter().enumerate() {
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into nulage_fraga (forbund_id, fraga_id, omgang_id, ordning, text) values ($1, $2, $3, $4, $5)",
        )
        .bind(forbund)
        .bind(id)
        .bind(omgang)
        .bind(i32::try_from(i).unwrap_or(0) + 1)
        .bind(q)
        .execute(&mut *tx)
        .await?;
        fragor.push(id);
    }
    for (kod, svar) in [("STL", &STL_SVAR[..]), ("FJL", &FJL_SVAR[..])] {
        let blankett = Uuid::now_v7();
        sqlx::query(
            "insert into nulage_blankett (forbund_id, blankett_id, omgang_id, lokus_id) \
             select $1, $2, $3, lokus_id from lokus_grupp where forbund_id = $1 and kod = $4",
        )
        .bind(forbund)
        .bind(blankett)
        .bind(omgang)
        .bind(kod)
        .execute(&mut *tx)
        .await?;
        for (fraga, text) in fragor.iter().zip(svar) {
            sqlx::query(
                "insert into nulage_svar (forbund_id, blankett_id, fraga_id, text) values ($1, $2, $3, $4)",
            )
            .bind(forbund)
            .bind(blankett)
            .bind(fraga)
            .bind(text)
            .execute(&mut *tx)
            .await?;
        }
        if kod == "FJL" {
            sqlx::query(
                "update nulage_blankett set signerad_namn = 'Gunnel Fjäll', signerad_datum = $3, \
                        signerad_at = lotsen_from_local($3::date + time '15:00') \
                 where forbund_id = $1 and blankett_id = $2",
            )
            .bind(forbund)
            .bind(blankett)
            .bind(today.min(senast) - Duration::days(3))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(1)
}
