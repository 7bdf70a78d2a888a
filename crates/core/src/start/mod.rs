//! The start page's work (issue 14): for each role the actor holds in the active förbund, the
//! things waiting for them, each one a link, and counts only where the person may not see the
//! items behind them. Every part is a few index lookups, bounded by `LIMIT`, so the most
//! visited page stays as cheap as the ärende list (docs/benchmarks.md).

mod forbund;
mod koordinator;
mod lokus;

pub use forbund::{ForbundWork, RoundStatus};
pub use koordinator::{KoordinatorWork, NextMeeting, Quiet, Uppfoljning};
pub use lokus::{Decision, GroupWork, SignWaiting};

use crate::ctx::Ctx;
use crate::db::{Db, today};
use crate::error::CoreResult;
use lotsen_domain::{Action, Area, Role};
use time::Date;

/// How many items a list on the start page shows; the page links to the whole list.
pub const SHOWN: i64 = 8;

/// Days without an action after which an open ärende is listed for its coordinator.
pub const QUIET_DAYS: i32 = 30;

/// Everything the start page shows beyond the person's name and förbund.
#[derive(Debug, Clone, Default)]
pub struct StartWork {
    pub koordinator: Option<KoordinatorWork>,
    /// The LOKUS groups the person chairs or sits in.
    pub lokus: Vec<GroupWork>,
    pub forbund: Option<ForbundWork>,
    pub handlaggare: Option<HandlaggareWork>,
    /// A coach's participants, due follow-ups and queue.
    pub coach: Option<crate::deltagare::CoachStart>,
    /// The insatser the person sees (förbund staff: every active one; a coach or an
    /// insatsansvarig: their own) with the goals of the current period and their progress.
    pub insatser: Option<Vec<crate::insats::StartInsats>>,
    /// The SIPs the person keeps or whose unit is invited, with a follow-up or action due.
    pub sip: Option<crate::sip::SipList>,
    pub today: Option<Date>,
    /// The person's roles in the active förbund (read in the same transaction).
    pub grants: Vec<crate::account::GrantView>,
}

/// A handläggare's requests: the latest ones, those with news marked.
#[derive(Debug, Clone, Default)]
pub struct HandlaggareWork {
    pub requests: Vec<crate::forfragan::OwnRow>,
    /// The membership names a workplace (else requests cannot be sent yet).
    pub has_workplace: bool,
}

/// The work of every role the actor holds (nothing without an active förbund).
#[tracing::instrument(name = "start.load", skip_all)]
pub async fn load(db: &Db, ctx: &Ctx) -> CoreResult<StartWork> {
    let Some(forbund) = ctx.forbund.as_ref().map(|f| f.id) else {
        return Ok(StartWork::default());
    };
    let mut tx = db.begin(ctx).await?;
    let today = today(&mut tx).await?;
    let mut work = StartWork {
        today: Some(today),
        grants: crate::account::grants_in(&mut tx, ctx, forbund).await?,
        ..StartWork::default()
    };
    let mut groups = ctx.actor.lokus_for(Role::LokusOrdforande);
    groups.extend(ctx.actor.lokus_for(Role::LokusLedamot));
    groups.sort();
    groups.dedup();
    if !groups.is_empty() {
        work.lokus = lokus::load(&mut tx, ctx, forbund, &groups, today).await?;
    }
    if ctx.can(Action::ManageForbund) {
        work.forbund = Some(forbund::load(&mut tx, forbund, today).await?);
    }
    if ctx.can(Action::RequestLotsning) {
        work.handlaggare = Some(HandlaggareWork {
            requests: crate::forfragan::mine_in(&mut tx, forbund, ctx.user_id, SHOWN).await?,
            has_workplace: crate::forfragan::has_workplace(&mut tx, forbund, ctx.user_id).await?,
        });
    }
    if ctx.actor.has_role(Role::Tillaggsresurs) {
        work.coach = Some(crate::deltagare::coach_start_in(&mut tx, ctx).await?);
    }
    if ctx.can(Action::Enter(Area::Insatser)) {
        work.insatser = Some(crate::insats::start_in(&mut tx, ctx, forbund, today).await?);
    }
    // The coordinator's and the SIP parts last, planned generically: their statements took
    // longer to plan than to run, on every request (docs/benchmarks.md). The parts above keep
    // PostgreSQL's own choice.
    let coordinated = crate::arende::coordinator_groups(ctx);
    let sip = ctx.can(Action::Enter(Area::Sip));
    if !coordinated.is_empty() || sip {
        crate::db::plan_generically(&mut tx).await?;
    }
    if !coordinated.is_empty() {
        work.koordinator = Some(koordinator::load(&mut tx, forbund, &coordinated, today).await?);
    }
    if sip {
        work.sip = Some(crate::sip::start_in(&mut tx, ctx, SHOWN).await?);
    }
    tx.commit().await?;
    Ok(work)
}
