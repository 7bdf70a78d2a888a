//! LOKUS meetings (issues 5 and 14): meetings per LOKUS group with an agenda built from the
//! ärenden flagged to LOKUS, a de-identified pre-read per item, the group's figures,
//! decisions (bordläggning included), the protokoll with närvaro and § numbers, and its
//! justering by the chair and a justerare. Access follows DESIGN §4 through `can`
//! (ReadMeeting, PrepareMeeting, DecideMeeting, JusteraMeeting, ConfirmMinutes); everything
//! outside the actor's reach is `NotFound`. Every read of a meeting or its pack and every
//! write is audited with ids only.

pub mod agenda;
pub mod figures;
pub mod justering;
pub mod moten;
pub mod narvaro;
pub mod view;

use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::lokus_mote::MoteStatus;
use lotsen_domain::{Action, AuditAction};
use time::{Date, Time};
use uuid::Uuid;

/// A LOKUS group as the meeting pages name it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Grupp {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
    /// The group has decided that its chair justerar the protokoll alone.
    pub ordforande_justerar_ensam: bool,
}

/// What the actor may do with the meetings of one group (for showing controls; the core
/// checks again on every write).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MotePerms {
    /// Create meetings, edit details, order the agenda, add items, record decisions and
    /// minutes, mark the meeting held.
    pub prepare: bool,
    /// Justera (lock) the minutes: the group's chair only.
    pub justera: bool,
}

impl MotePerms {
    pub fn of(ctx: &Ctx, lokus: Uuid) -> MotePerms {
        MotePerms {
            prepare: ctx.can(Action::PrepareMeeting { lokus })
                || ctx.can(Action::DecideMeeting { lokus }),
            justera: ctx.can(Action::JusteraMeeting { lokus }),
        }
    }
}

/// A meeting row, as the writes and the pages need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MoteRow {
    pub mote_id: Uuid,
    pub lokus_id: Uuid,
    pub datum: Date,
    pub tid: Time,
    pub plats: String,
    pub status: MoteStatus,
    pub protokoll: String,
    /// The day the protokoll became justerat (`YYYY-MM-DD`).
    pub justerat_at: Option<String>,
    /// The chair who justerade (their name).
    pub justerat_av: Option<String>,
    /// The day the chair justerade, while the protokoll waits for the justerare or after.
    pub ordforande_justerat_at: Option<String>,
    pub justerare_id: Option<Uuid>,
    pub justerare: Option<String>,
    /// The justerare has confirmed (the protokoll is justerat by both).
    pub justerare_justerat: bool,
    pub narvarande_ovriga: String,
}

impl MoteRow {
    /// A planned meeting as the agenda's sync needs it (the demo builds one).
    pub fn planned(mote_id: Uuid, lokus_id: Uuid, datum: Date, tid: Time, plats: &str) -> MoteRow {
        MoteRow {
            mote_id,
            lokus_id,
            datum,
            tid,
            plats: plats.into(),
            status: MoteStatus::Planerat,
            protokoll: String::new(),
            justerat_at: None,
            justerat_av: None,
            ordforande_justerat_at: None,
            justerare_id: None,
            justerare: None,
            justerare_justerat: false,
            narvarande_ovriga: String::new(),
        }
    }

    pub fn status(&self) -> MoteStatus {
        self.status
    }

    pub fn locked(&self) -> bool {
        self.status() == MoteStatus::Justerat
    }

    /// The chair has justerat and the protokoll waits for the justerare.
    pub fn awaiting_justerare(&self) -> bool {
        !self.locked() && self.ordforande_justerat_at.is_some()
    }
}

pub const LOCKED: &str = "Protokollet är justerat. Mötet och dess beslut kan inte längre ändras.";
pub const AWAITING: &str = "Ordföranden har justerat protokollet, som nu väntar på justeraren. \
     Inget kan ändras; behöver något rättas tar ordföranden först tillbaka sin justering.";

/// The group with code `kod` in the active förbund, if the actor may read its meetings.
pub(crate) async fn readable_group(tx: &mut Tx, ctx: &Ctx, kod: &str) -> CoreResult<Grupp> {
    let forbund = ctx.forbund_id()?;
    let g = sqlx::query_as::<_, Grupp>(
        "select lokus_id, kod, namn, ordforande_justerar_ensam from lokus_grupp \
         where forbund_id = $1 and kod = $2",
    )
    .bind(forbund)
    .bind(kod)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    ctx.require(Action::ReadMeeting { lokus: g.lokus_id })?;
    Ok(g)
}

/// Reads one meeting of the group (`for update` when it is about to change).
pub(crate) async fn meeting(
    tx: &mut Tx,
    forbund: Uuid,
    lokus: Uuid,
    id: Uuid,
    lock: bool,
) -> CoreResult<MoteRow> {
    let sql = format!(
        "select m.mote_id, m.lokus_id, m.datum, m.tid, m.plats, m.status, m.protokoll, \
                to_char(lotsen_local(m.justerat_at), 'YYYY-MM-DD') as justerat_at, \
                u.namn::text as justerat_av, \
                to_char(lotsen_local(m.ordforande_justerat_at), 'YYYY-MM-DD') as ordforande_justerat_at, \
                m.justerare_id, j.namn::text as justerare, \
                m.justerare_justerat_at is not null as justerare_justerat, m.narvarande_ovriga \
         from lokus_mote m left join app_user u on u.user_id = m.justerat_av \
         left join app_user j on j.user_id = m.justerare_id \
         where m.forbund_id = $1 and m.lokus_id = $2 and m.mote_id = $3{}",
        if lock { " for update of m" } else { "" }
    );
    sqlx::query_as::<_, MoteRow>(&sql)
        .bind(forbund)
        .bind(lokus)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(CoreError::NotFound)
}

/// Opens a transaction for a change to a meeting, whatever its state: the group must be
/// readable and the actor allowed by `allowed` (else `NotFound`); the meeting is locked for
/// the change.
pub(crate) async fn open_meeting(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    allowed: fn(MotePerms) -> bool,
) -> CoreResult<(Tx, Grupp, MoteRow)> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let g = readable_group(&mut tx, ctx, kod).await?;
    if !allowed(MotePerms::of(ctx, g.lokus_id)) {
        return Err(CoreError::NotFound);
    }
    let m = meeting(&mut tx, forbund, g.lokus_id, id, true).await?;
    Ok((tx, g, m))
}

/// Why a meeting cannot change now, if it cannot: justerat, or waiting for the justerare.
pub(crate) fn frozen(m: &MoteRow) -> Option<CoreError> {
    if m.locked() {
        Some(CoreError::invalid("mote", LOCKED))
    } else if m.awaiting_justerare() {
        Some(CoreError::invalid("mote", AWAITING))
    } else {
        None
    }
}

/// Opens a transaction for a change to a meeting as [`open_meeting`] does; the meeting must
/// not be justerat or waiting for its justerare (else a Swedish message on the field `mote`).
pub(crate) async fn writable(
    db: &Db,
    ctx: &Ctx,
    kod: &str,
    id: Uuid,
    allowed: fn(MotePerms) -> bool,
) -> CoreResult<(Tx, Grupp, MoteRow)> {
    let (tx, g, m) = open_meeting(db, ctx, kod, id, allowed).await?;
    match frozen(&m) {
        Some(e) => Err(e),
        None => Ok((tx, g, m)),
    }
}

/// One line of `/lokus`: a group the actor takes part in, with its next meeting.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GruppOverview {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
    pub nasta_datum: Option<Date>,
    pub nasta_tid: Option<Time>,
    pub nasta_id: Option<Uuid>,
    pub flaggade: i64,
    /// Meetings whose protokoll waits for the actor as justerare (ids and dates, by date).
    pub att_justera: Vec<Uuid>,
    pub att_justera_datum: Vec<Date>,
}

/// The groups whose meetings the actor may read (all of the förbund for its administrators),
/// each with its next meeting and the protokoll that wait for the actor as justerare.
pub async fn groups(db: &Db, ctx: &Ctx) -> CoreResult<Vec<GruppOverview>> {
    ctx.require(Action::Enter(lotsen_domain::Area::LokusMoten))?;
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let all = sqlx::query_as::<_, GruppOverview>(
        "select l.lokus_id, l.kod, l.namn, n.datum as nasta_datum, n.tid as nasta_tid, \
                n.mote_id as nasta_id, \
                (select count(*) from arende a where a.forbund_id = l.forbund_id \
                    and a.lokus_id = l.lokus_id and a.flaggad) as flaggade, \
                coalesce(j.ids, '{}') as att_justera, coalesce(j.datum, '{}') as att_justera_datum \
         from lokus_grupp l \
         left join lateral (select array_agg(m.mote_id order by m.datum) as ids, \
                                   array_agg(m.datum order by m.datum) as datum \
                from lokus_mote m where m.forbund_id = l.forbund_id and m.lokus_id = l.lokus_id \
                  and m.justerare_id = $2 and m.status <> 'justerat' \
                  and m.ordforande_justerat_at is not null) j on true \
         left join lateral (select m.datum, m.tid, m.mote_id from lokus_mote m \
                where m.forbund_id = l.forbund_id and m.lokus_id = l.lokus_id and m.status = 'planerat' \
                order by m.datum, m.tid limit 1) n on true \
         where l.forbund_id = $1 and l.aktiv order by l.kod",
    )
    .bind(forbund)
    .bind(ctx.person())
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(all
        .into_iter()
        .filter(|g| ctx.can(Action::ReadMeeting { lokus: g.lokus_id }))
        .collect())
}

/// The LOKUS decisions on an ärende, as a source of its timeline (`arende::events`): the same
/// columns for `$1` (förbund) and `$2` (ärende). Read live, so a decision shows as it stands
/// until the meeting is justerat.
pub(crate) const DECISIONS_IN_TIMELINE: &str = "\
    select m.datum, 'lokus_beslut', null, null, \
           'LOKUS ' || l.kod || ', möte ' || m.datum || case when m.status = 'justerat' \
                then ' (justerat)' else ' (ej justerat)' end \
                || case when p.bordlagd then ', bordlagt till nästa möte' else '' end, \
           p.beslut || case when p.uppfoljning_vem is null and p.uppfoljning_senast is null \
                then '' else E'\\nUppföljning: ' || concat_ws(', ', p.uppfoljning_vem, \
                'senast ' || p.uppfoljning_senast) end, \
           u.namn::text, p.beslutat_at \
    from lokus_punkt p \
    join lokus_mote m on m.forbund_id = p.forbund_id and m.mote_id = p.mote_id \
    join lokus_grupp l on l.forbund_id = m.forbund_id and l.lokus_id = m.lokus_id \
    left join app_user u on u.user_id = p.beslutat_av \
    where p.forbund_id = $1 and p.arende_id = $2 and p.beslut <> '' and not p.borttagen";

/// Records the meeting's audit event and commits: the end of every meeting change.
pub(crate) async fn finish(mut tx: Tx, ctx: &Ctx, id: Uuid, action: AuditAction) -> CoreResult<()> {
    audit::record(&mut tx, AuditEntry::by(ctx, action).on("lokus_mote", id)).await?;
    tx.commit().await?;
    Ok(())
}
