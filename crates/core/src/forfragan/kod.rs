//! The pseudonymous handläggare code a login counts under (e.g. `FK-7F3A`), so that a
//! handläggare who sends requests through Lotsen is one unique handläggare in the figures,
//! whether their ärenden came by phone or by portal. Generated on the first request unless a
//! coordinator has linked the login to an existing code.

use crate::db::Tx;
use crate::error::CoreResult;
use lotsen_domain::Part;
use uuid::Uuid;

/// The code's prefix per part.
fn prefix(part: Part) -> &'static str {
    match part {
        Part::Fk => "FK",
        Part::Af => "AF",
        Part::Kommun => "KOM",
        Part::Region => "REG",
        Part::Annan => "ANN",
    }
}

/// The handläggare row of this login in the förbund, created with a fresh code at the
/// workplace's organisation when there is none.
pub(super) async fn for_login(
    tx: &mut Tx,
    forbund: Uuid,
    user: Uuid,
    organisation: Uuid,
    enhet: Option<Uuid>,
    part: Part,
) -> CoreResult<Uuid> {
    let linked: Option<Uuid> = sqlx::query_scalar(
        "select handlaggare_id from handlaggare where forbund_id = $1 and user_id = $2",
    )
    .bind(forbund)
    .bind(user)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = linked {
        return Ok(id);
    }
    // Four hex digits from a fresh random id; on the rare clash with an existing code of the
    // organisation, try another.
    for _ in 0..20 {
        let random = Uuid::new_v4().simple().to_string().to_uppercase();
        let kod = format!("{}-{}", prefix(part), &random[..4]);
        let id: Option<Uuid> = sqlx::query_scalar(
            "insert into handlaggare (forbund_id, handlaggare_id, organisation_id, enhet_id, kod, user_id) \
             values ($1, $2, $3, $4, $5, $6) \
             on conflict (forbund_id, organisation_id, kod) do nothing returning handlaggare_id",
        )
        .bind(forbund)
        .bind(Uuid::now_v7())
        .bind(organisation)
        .bind(enhet)
        .bind(&kod)
        .bind(user)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(id) = id {
            return Ok(id);
        }
    }
    Err(crate::error::CoreError::Internal(anyhow::anyhow!(
        "no free handläggare code after 20 tries"
    )))
}

/// The code of a handläggare row.
pub(super) async fn code_of(tx: &mut Tx, forbund: Uuid, id: Uuid) -> CoreResult<String> {
    Ok(sqlx::query_scalar(
        "select kod::text from handlaggare where forbund_id = $1 and handlaggare_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut **tx)
    .await?)
}

/// The codes at the sender's organisation that no login holds yet: what a coordinator may
/// link the sender's login to instead of the generated one.
pub(super) async fn free_codes(
    tx: &mut Tx,
    forbund: Uuid,
    organisation: Uuid,
) -> CoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "select kod::text from handlaggare where forbund_id = $1 and organisation_id = $2 \
         and user_id is null order by kod limit 500",
    )
    .bind(forbund)
    .bind(organisation)
    .fetch_all(&mut **tx)
    .await?)
}

/// Links the login behind `from` (a generated code) to the existing code `kod` at the same
/// organisation: the login's requests and their ärenden move to that code, so the person is
/// one unique handläggare whether the coordinator typed their code or they wrote themselves.
/// The generated code is removed once nothing counts under it.
pub(super) async fn link(tx: &mut Tx, forbund: Uuid, from: Uuid, kod: &str) -> CoreResult<()> {
    let found: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
        "select t.handlaggare_id, f.user_id from handlaggare f \
         join handlaggare t on t.forbund_id = f.forbund_id and t.organisation_id = f.organisation_id \
         where f.forbund_id = $1 and f.handlaggare_id = $2 and t.kod = $3 and t.user_id is null",
    )
    .bind(forbund)
    .bind(from)
    .bind(kod.trim())
    .fetch_optional(&mut **tx)
    .await?;
    let Some((to, Some(user))) = found else {
        return Err(crate::error::CoreError::invalid(
            "kod",
            "Välj en kod i listan: en kod hos samma organisation som ingen inloggning har.",
        ));
    };
    for table in ["forfragan", "arende"] {
        sqlx::query(&format!(
            "update {table} set handlaggare_id = $3 where forbund_id = $1 and handlaggare_id = $2"
        ))
        .bind(forbund)
        .bind(from)
        .bind(to)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "update handlaggare set user_id = null where forbund_id = $1 and handlaggare_id = $2",
    )
    .bind(forbund)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "update handlaggare set user_id = $3 where forbund_id = $1 and handlaggare_id = $2",
    )
    .bind(forbund)
    .bind(to)
    .bind(user)
    .execute(&mut **tx)
    .await?;
    // The kept sums may still name the old code with nothing left under it.
    sqlx::query(
        "delete from handlaggare h where h.forbund_id = $1 and h.handlaggare_id = $2 \
         and not exists (select 1 from statistik_handlaggare s \
                         where s.forbund_id = h.forbund_id and s.handlaggare_id = h.handlaggare_id \
                           and s.arenden > 0)",
    )
    .bind(forbund)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
