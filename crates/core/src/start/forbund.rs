//! Förbund staff's work: the nulägesanalys round's status per group with the days left to its
//! deadline, and data-quality counts of the ärenden it will count (counts, since staff never
//! see the ärenden themselves).

use crate::db::Tx;
use crate::error::CoreResult;
use crate::nulagesanalys::omgang;
use crate::statistik::kvalitet;
use lotsen_domain::kvalitet::Brist;
use lotsen_domain::nulagesanalys::Status;
use lotsen_domain::statistik::Period;
use time::Date;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct ForbundWork {
    pub round: Option<RoundStatus>,
    /// Data quality of the whole förbund over the period of `kvalitet::current_period`.
    pub kvalitet: Vec<(Brist, i64)>,
    pub kvalitet_period: Period,
}

/// The latest nulägesanalys round.
#[derive(Debug, Clone)]
pub struct RoundStatus {
    pub ar: i32,
    pub senast: Date,
    /// Negative once the deadline has passed.
    pub days_left: i64,
    /// Code, name and status of each active group's form.
    pub groups: Vec<(String, String, Status)>,
}

pub(super) async fn load(tx: &mut Tx, forbund: Uuid, today: Date) -> CoreResult<ForbundWork> {
    let latest: Option<(Uuid, i32, Date)> = sqlx::query_as(
        "select omgang_id, ar, senast from nulage_omgang where forbund_id = $1 \
         order by ar desc limit 1",
    )
    .bind(forbund)
    .fetch_optional(&mut **tx)
    .await?;
    let round = match latest {
        Some((omgang, ar, senast)) => {
            let rows = omgang::status_rows(tx, forbund, omgang).await?;
            Some(RoundStatus {
                ar,
                senast,
                days_left: (senast - today).whole_days(),
                groups: rows
                    .into_iter()
                    .map(|r| {
                        let status = Status::of(r.answered, r.signerad_datum, senast, today);
                        (r.kod, r.namn, status)
                    })
                    .collect(),
            })
        }
        None => None,
    };
    let period = kvalitet::period_in(tx, forbund).await?;
    let groups: Vec<Uuid> =
        sqlx::query_scalar("select lokus_id from lokus_grupp where forbund_id = $1")
            .bind(forbund)
            .fetch_all(&mut **tx)
            .await?;
    let kvalitet = kvalitet::counts(tx, forbund, &groups, period).await?;
    Ok(ForbundWork {
        round,
        kvalitet,
        kvalitet_period: period,
    })
}
