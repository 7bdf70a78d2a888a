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
