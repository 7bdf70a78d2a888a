//! What each role reads of participants: the insats's queue and participant list (the coach's
//! own with identity, the insatsansvarig's without), one participant's page (their coach only),
//! the coach's start page (participants and due follow-ups) and the enrolment status on the
//! ärende (the coordinator: status and dates only). Every read is audited.

use super::{insats_for_queue, insats_ref, own_enrolment};
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::CoreResult;
use lotsen_domain::arende::Kon;
use lotsen_domain::deltagare::{
    AktivitetTyp, Avslutsanledning, DeltagareStatus, Forsorjningskalla, Kalla, Motestyp,
    Sysselsattning, TidOffentlig, Tillfalle, Utbildningsniva,
};
use lotsen_domain::samtycke::SamtyckeForm;
use lotsen_domain::{AuditAction, Part};
use time::Date;
use uuid::Uuid;

/// One person waiting in the queue, de-identified.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KoRad {
    pub deltagare_id: Uuid,
    pub position: i64,
    pub ko_datum: Date,
    pub vantedagar: i32,
    pub kon: Kon,
    pub fodelsear: Option<i32>,
    pub kommun: Option<String>,
    pub lokus: Option<String>,
    pub coach: Option<String>,
    /// Assigned to the actor.
    pub egen: bool,
}

/// One participant in the list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeltagareRad {
    pub deltagare_id: Uuid,
    pub nummer: i32,
    pub status: DeltagareStatus,
    pub inskriven: Option<Date>,
    pub utskriven: Option<Date>,
    pub coach: Option<String>,
    /// The identity's name: only for the actor's own participants with consent.
    pub namn: Option<String>,
    pub egen: bool,
}

/// The queue and the participants of an insats, as the actor may see them.
#[derive(Debug, Clone)]
pub struct DeltagareLista {
    pub insats: super::InsatsRef,
    pub ko: Vec<KoRad>,
    pub deltagare: Vec<DeltagareRad>,
    /// The insats's coaches (id, name), for assigning a queue entry.
    pub coaches: Vec<(Uuid, String)>,
    /// How many participants the actor may list; the page shows the `SHOWN` latest.
    pub antal: i64,
}

/// How many participants the list shows (the enrolled first, then the latest written out);
/// the figures count them all.
pub const SHOWN: i64 = 200;

/// `/insatser/{kod}/deltagare`: the queue (coaches and the insatsansvarig) and participants —
/// a coach sees their own with identity; the insatsansvarig sees all, without identity.
pub async fn list(db: &Db, ctx: &Ctx, kod: &str) -> CoreResult<DeltagareLista> {
    let mut tx = db.begin(ctx).await?;
    let insats = insats_for_queue(&mut tx, ctx, kod).await?;
    let forbund = ctx.forbund_id()?;
    let ko: Vec<KoRad> = sqlx::query_as(
        "select d.deltagare_id, row_number() over (order by d.ko_datum, d.nummer) as position, \
                d.ko_datum, (lotsen_today() - d.ko_datum)::int as vantedagar, d.kon, d.fodelsear, \
                k.namn::text as kommun, l.kod as lokus, u.namn::text as coach, \
                coalesce(d.coach_id = $3, false) as egen \
         from deltagare d \
         left join kommun k on k.kod = d.bostadskommun \
         left join arende a on a.forbund_id = d.forbund_id and a.arende_id = d.arende_id \
         left join lokus_grupp l on l.forbund_id = a.forbund_id and l.lokus_id = a.lokus_id \
         left join app_user u on u.user_id = d.coach_id \
         where d.forbund_id = $1 and d.insats_id = $2 and d.status = 'i_ko' \
         order by d.ko_datum, d.nummer",
    )
    .bind(forbund)
    .bind(insats.insats_id)
    .bind(ctx.user_id)
    .fetch_all(&mut *tx)
    .await?;
    // The identity table's policy returns only the actor's own participants' names. The latest
    // of each status are read apart, each in the order of `deltagare_lista_idx`, so that a
    // large insats is not sorted whole for the first page.
    let latest = |status: &str| {
        format!(
            "(select * from deltagare d \
              where d.forbund_id = $1 and d.insats_id = $2 and d.status = '{status}' \
                and ($4 or $3 in (d.coach_id, d.ersattare_id)) \
              order by d.inskriven desc, d.nummer desc limit $5)"
        )
    };
    let deltagare: Vec<DeltagareRad> = sqlx::query_as(&format!(
        "select d.deltagare_id, d.nummer, d.status, d.inskriven, d.utskriven, u.namn::text as coach, \
                case when $3 in (d.coach_id, d.ersattare_id) then i.namn::text end as namn, \
                coalesce($3 in (d.coach_id, d.ersattare_id), false) as egen \
         from ({} union all {}) d \
         left join app_user u on u.user_id = d.coach_id \
         left join deltagare_identitet i on i.forbund_id = d.forbund_id and i.deltagare_id = d.deltagare_id \
         order by d.status, d.inskriven desc, d.nummer desc limit $5",
        latest("inskriven"),
        latest("utskriven")
    ))
    .bind(forbund)
    .bind(insats.insats_id)
    .bind(ctx.user_id)
    .bind(insats.ansvarig)
    .bind(SHOWN)
    .fetch_all(&mut *tx)
    .await?;
    let antal: i64 = sqlx::query_scalar(
        "select count(*) from deltagare d \
         where d.forbund_id = $1 and d.insats_id = $2 and d.status in ('inskriven', 'utskriven') \
           and ($4 or $3 in (d.coach_id, d.ersattare_id))",
    )
    .bind(forbund)
    .bind(insats.insats_id)
    .bind(ctx.user_id)
    .bind(insats.ansvarig)
    .fetch_one(&mut *tx)
    .await?;
    let coaches = sqlx::query_as(
        "select u.user_id, u.namn::text from insats_coach c join app_user u on u.user_id = c.user_id \
         where c.forbund_id = $1 and c.insats_id = $2 order by u.namn",
    )
    .bind(forbund)
    .bind(insats.insats_id)
    .fetch_all(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::DeltagareList).on("insats", insats.insats_id),
    )
    .await?;
    tx.commit().await?;
    Ok(DeltagareLista {
        insats,
        ko,
        deltagare,
        coaches,
        antal,
    })
}

/// A measurement with its values; `ersatt` ones are history.
#[derive(Debug, Clone)]
pub struct MatningView {
    pub matning_id: Uuid,
    pub tillfalle: Tillfalle,
    pub datum: Date,
    pub forsorjning: Vec<(Forsorjningskalla, i32)>,
    pub sysselsattning: Vec<(Sysselsattning, i32)>,
    pub utbildning: Option<Utbildningsniva>,
    pub tid_offentlig: Option<TidOffentlig>,
    pub sjalvskattning: Option<i32>,
    pub ersatt: bool,
    pub registrerad: time::OffsetDateTime,
}

type MatningRow = (
    Uuid,
    Tillfalle,
    Date,
    Option<Utbildningsniva>,
    Option<TidOffentlig>,
    Option<i32>,
    bool,
    time::OffsetDateTime,
    Vec<String>,
    Vec<i32>,
    Vec<String>,
    Vec<i32>,
);

pub(crate) async fn matningar_in(
    tx: &mut Tx,
    forbund: Uuid,
    id: Uuid,
) -> CoreResult<Vec<MatningView>> {
    let rows: Vec<MatningRow> = sqlx::query_as(
        "select m.matning_id, m.tillfalle, m.datum, m.utbildning, m.tid_offentlig, m.sjalvskattning, \
                m.ersatt, m.created_at, \
                coalesce((select array_agg(f.kalla order by f.kalla) from deltagare_forsorjning f \
                          where f.forbund_id = m.forbund_id and f.matning_id = m.matning_id), '{}'), \
                coalesce((select array_agg(f.omfattning order by f.kalla) from deltagare_forsorjning f \
                          where f.forbund_id = m.forbund_id and f.matning_id = m.matning_id), '{}'), \
                coalesce((select array_agg(s.kod order by s.kod) from deltagare_sysselsattning s \
                          where s.forbund_id = m.forbund_id and s.matning_id = m.matning_id), '{}'), \
                coalesce((select array_agg(s.omfattning order by s.kod) from deltagare_sysselsattning s \
                          where s.forbund_id = m.forbund_id and s.matning_id = m.matning_id), '{}') \
         from deltagare_matning m where m.forbund_id = $1 and m.deltagare_id = $2 \
         order by array_position(array['fore', 'efter', 'plus3', 'plus6', 'plus12'], m.tillfalle), \
                  m.created_at",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MatningView {
            matning_id: r.0,
            tillfalle: r.1,
            datum: r.2,
            utbildning: r.3,
            tid_offentlig: r.4,
            sjalvskattning: r.5,
            ersatt: r.6,
            registrerad: r.7,
            forsorjning: r
                .8
                .iter()
                .zip(r.9)
                .filter_map(|(k, o)| Forsorjningskalla::from_code(k).map(|k| (k, o)))
                .collect(),
            sysselsattning: r
                .10
                .iter()
                .zip(r.11)
                .filter_map(|(k, o)| Sysselsattning::from_code(k).map(|k| (k, o)))
                .collect(),
        })
        .collect())
}

/// A line of the coach's timeline.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AktivitetView {
    pub typ: AktivitetTyp,
    pub motestyp: Option<Motestyp>,
    pub datum: Date,
    pub till: Option<Date>,
    pub parter: Vec<String>,
    pub plats: String,
    pub omfattning: Option<i32>,
    pub anteckning: String,
}

/// A follow-up after exit: when it is due, whether it is recorded, whether consent covers it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UppfoljningView {
    pub tillfalle: Tillfalle,
    pub forfaller: Date,
    pub gjord: bool,
}

/// One participant, as their coach sees them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeltagareView {
    pub deltagare_id: Uuid,
    pub nummer: i32,
    pub status: DeltagareStatus,
    pub ko_datum: Option<Date>,
    pub inskriven: Option<Date>,
    pub kalla: Option<Kalla>,
    pub kon: Kon,
    pub fodelsear: Option<i32>,
    pub kommun: Option<String>,
    pub utskriven: Option<Date>,
    pub avslutsanledning: Option<Avslutsanledning>,
    pub nasta_steg: String,
    pub mottagande_part: Option<Part>,
    pub coach: Option<String>,
    pub ersattare_id: Option<Uuid>,
    pub ersattare: Option<String>,
    pub samtycke_datum: Option<Date>,
    pub samtycke_form: Option<SamtyckeForm>,
    pub samtycke_omfattning: Option<String>,
    pub uppfoljning_manader: Option<i32>,
    pub aterkallad: Option<Date>,
    pub namn: Option<String>,
    pub personnummer: Option<String>,
    #[sqlx(skip)]
    pub matningar: Vec<MatningView>,
    #[sqlx(skip)]
    pub aktiviteter: Vec<AktivitetView>,
    #[sqlx(skip)]
    pub uppfoljningar: Vec<UppfoljningView>,
    #[sqlx(skip)]
    pub coaches: Vec<(Uuid, String)>,
    #[sqlx(skip)]
    pub insats_namn: String,
    /// The insatsägare, personuppgiftsansvarig for the participant.
    #[sqlx(skip)]
    pub agare: String,
    #[sqlx(skip)]
    pub today: Option<Date>,
    /// The enrolment's SIP records (status and dates).
    #[sqlx(skip)]
    pub sip: Vec<crate::sip::SipDeltagare>,
}

/// The follow-ups the consent covers, with their due dates (exit + 3, 6, 12 months).
const UPPFOLJNINGAR: &str = "select t.tillfalle, (d.utskriven + make_interval(months => t.m))::date as forfaller, \
        exists (select 1 from deltagare_matning x where x.forbund_id = d.forbund_id \
                and x.deltagare_id = d.deltagare_id and x.tillfalle = t.tillfalle) as gjord \
     from deltagare d \
     join deltagare_samtycke s on s.forbund_id = d.forbund_id and s.deltagare_id = d.deltagare_id \
     cross join (values ('plus3', 3), ('plus6', 6), ('plus12', 12)) as t(tillfalle, m) \
     where d.status = 'utskriven' and s.aterkallad is null and t.m <= s.uppfoljning_manader \
       and d.avslutsanledning not in ('felregistrering', 'samtycke_aterkallat')";

/// `/insatser/{kod}/deltagare/{id}`: the participant, for their coach (audited).
pub async fn get(db: &Db, ctx: &Ctx, kod: &str, id: Uuid) -> CoreResult<DeltagareView> {
    let mut tx = db.begin(ctx).await?;
    let insats = insats_ref(&mut tx, ctx, kod).await?;
    own_enrolment(&mut tx, ctx, kod, id).await?;
    let forbund = ctx.forbund_id()?;
    let mut v: DeltagareView = sqlx::query_as(
        "select d.deltagare_id, d.nummer, d.status, d.ko_datum, d.inskriven, d.kalla, d.kon, \
                d.fodelsear, k.namn::text as kommun, d.utskriven, d.avslutsanledning, d.nasta_steg, \
                d.mottagande_part, c.namn::text as coach, d.ersattare_id, e.namn::text as ersattare, \
                s.datum as samtycke_datum, s.form as samtycke_form, s.omfattning as samtycke_omfattning, \
                s.uppfoljning_manader, s.aterkallad, i.namn::text as namn, i.personnummer \
         from deltagare d \
         left join kommun k on k.kod = d.bostadskommun \
         left join app_user c on c.user_id = d.coach_id \
         left join app_user e on e.user_id = d.ersattare_id \
         left join deltagare_samtycke s on s.forbund_id = d.forbund_id and s.deltagare_id = d.deltagare_id \
         left join deltagare_identitet i on i.forbund_id = d.forbund_id and i.deltagare_id = d.deltagare_id \
         where d.forbund_id = $1 and d.deltagare_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    v.matningar = matningar_in(&mut tx, forbund, id).await?;
    v.insats_namn = insats.namn.clone();
    v.agare = insats.agare.clone();
    v.today = Some(crate::db::today(&mut tx).await?);
    v.aktiviteter = sqlx::query_as(
        "select typ, motestyp, datum, till, parter, plats, omfattning, anteckning \
         from deltagare_aktivitet where forbund_id = $1 and deltagare_id = $2 \
         order by datum desc, created_at desc",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    v.uppfoljningar = sqlx::query_as(&format!(
        "{UPPFOLJNINGAR} and d.forbund_id = $1 and d.deltagare_id = $2 order by t.m"
    ))
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    v.sip = crate::sip::for_deltagare_in(&mut tx, forbund, id).await?;
    v.coaches = sqlx::query_as(
        "select u.user_id, u.namn::text from insats_coach c join app_user u on u.user_id = c.user_id \
         where c.forbund_id = $1 and c.insats_id = $2 and c.user_id <> $3 order by u.namn",
    )
    .bind(forbund)
    .bind(insats.insats_id)
    .bind(ctx.user_id)
    .fetch_all(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::DeltagareRead).on("deltagare", id),
    )
    .await?;
    tx.commit().await?;
    Ok(v)
}

/// A due follow-up on the coach's start page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueFollowUp {
    pub kod: String,
    pub deltagare_id: Uuid,
    pub nummer: i32,
    pub namn: Option<String>,
    pub tillfalle: Tillfalle,
    pub forfaller: Date,
}

/// An own participant on the coach's start page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StartDeltagare {
    pub kod: String,
    pub insats: String,
    pub deltagare_id: Uuid,
    pub nummer: i32,
    pub namn: Option<String>,
    pub inskriven: Date,
}

/// The coach's start page: their enrolled participants, the follow-ups due within two weeks
/// (or overdue while consent covers them), and how many wait in their insatser's queues.
#[derive(Debug, Clone, Default)]
pub struct CoachStart {
    pub deltagare: Vec<StartDeltagare>,
    pub uppfoljningar: Vec<DueFollowUp>,
    pub i_ko: i64,
}

/// Read in the start page's transaction.
pub async fn coach_start_in(tx: &mut Tx, ctx: &Ctx) -> CoreResult<CoachStart> {
    let forbund = ctx.forbund_id()?;
    let deltagare = sqlx::query_as(
        "select i.kod, i.namn::text as insats, d.deltagare_id, d.nummer, n.namn::text as namn, d.inskriven \
         from deltagare d join insats i on i.forbund_id = d.forbund_id and i.insats_id = d.insats_id \
         left join deltagare_identitet n on n.forbund_id = d.forbund_id and n.deltagare_id = d.deltagare_id \
         where d.forbund_id = $1 and $2 in (d.coach_id, d.ersattare_id) and d.status = 'inskriven' \
         order by d.inskriven, d.nummer",
    )
    .bind(forbund)
    .bind(ctx.user_id)
    .fetch_all(&mut **tx)
    .await?;
    // A follow-up stays due until recorded or until a month after it fell due, when the
    // consent's period is over.
    let uppfoljningar = sqlx::query_as(&format!(
        "select i.kod, d.deltagare_id, d.nummer, n.namn::text as namn, u.tillfalle, u.forfaller \
         from ({}) u \
         join deltagare d on d.forbund_id = $1 and d.deltagare_id = u.deltagare_id \
         join insats i on i.forbund_id = d.forbund_id and i.insats_id = d.insats_id \
         left join deltagare_identitet n on n.forbund_id = d.forbund_id and n.deltagare_id = d.deltagare_id \
         where $2 in (d.coach_id, d.ersattare_id) and not u.gjord \
           and u.forfaller <= lotsen_today() + 14 and u.forfaller >= lotsen_today() - 31 \
         order by u.forfaller, d.nummer",
        UPPFOLJNINGAR.replacen(
            "select t.tillfalle,",
            "select d.deltagare_id, t.tillfalle,",
            1
        ) + " and d.forbund_id = $1"
    ))
    .bind(forbund)
    .bind(ctx.user_id)
    .fetch_all(&mut **tx)
    .await?;
    let i_ko = sqlx::query_scalar(
        "select count(*) from deltagare d join insats_coach c \
           on c.forbund_id = d.forbund_id and c.insats_id = d.insats_id and c.user_id = $2 \
         where d.forbund_id = $1 and d.status = 'i_ko'",
    )
    .bind(forbund)
    .bind(ctx.user_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(CoachStart {
        deltagare,
        uppfoljningar,
        i_ko,
    })
}

/// An enrolment of the ärende's person, as the coordinator sees it: status and dates only.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArendeInsats {
    pub insats: String,
    pub status: DeltagareStatus,
    pub ko_datum: Option<Date>,
    pub inskriven: Option<Date>,
    pub utskriven: Option<Date>,
}

/// What the ärende page's side panels read beside the ärende: its enrolments (a
/// felregistrering is left out, as it never happened), the insatser its group can offer for the
/// action form, and its SIP records.
#[derive(Debug, Clone, Default)]
pub struct ArendePanels {
    pub insatser: Vec<ArendeInsats>,
    /// (id, name).
    pub insats_val: Vec<(Uuid, String)>,
    pub sip: Vec<crate::sip::SipDeltagare>,
}

/// Reads [`ArendePanels`] in the ärende page's transaction with one statement (three kinds of
/// rows told apart by `slag`), so that the page makes one round trip for all three.
pub async fn arende_panel_in(
    tx: &mut Tx,
    forbund: Uuid,
    arende: Uuid,
    lokus: Uuid,
) -> CoreResult<ArendePanels> {
    #[derive(sqlx::FromRow)]
    struct Row {
        slag: i32,
        id: Uuid,
        namn: String,
        status: Option<String>,
        d1: Option<Date>,
        d2: Option<Date>,
        d3: Option<Date>,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select 0 as slag, d.insats_id as id, i.namn::text as namn, d.status, d.ko_datum as d1, \
                d.inskriven as d2, d.utskriven as d3, d.created_at \
         from deltagare d join insats i on i.forbund_id = d.forbund_id and i.insats_id = d.insats_id \
         where d.forbund_id = $1 and d.arende_id = $3 \
           and d.avslutsanledning is distinct from 'felregistrering' \
         union all \
         select 1, i.insats_id, i.namn::text, null, null, null, null, null {} \
         union all \
         select 2, s.sip_id, '', s.status, s.initierad, s.nasta_uppfoljning, null, s.created_at \
         from sip s where s.forbund_id = $1 and s.arende_id = $3 \
         order by 1, 5, 8, 3",
        super::ko::OFFERED_IN_GROUP
    ))
    .bind(forbund)
    .bind(lokus)
    .bind(arende)
    .fetch_all(&mut **tx)
    .await?;
    let mut out = ArendePanels::default();
    for r in rows {
        let status = r.status.as_deref().unwrap_or("");
        match r.slag {
            0 => {
                if let Some(status) = DeltagareStatus::from_code(status) {
                    out.insatser.push(ArendeInsats {
                        insats: r.namn,
                        status,
                        ko_datum: r.d1,
                        inskriven: r.d2,
                        utskriven: r.d3,
                    });
                }
            }
            1 => out.insats_val.push((r.id, r.namn)),
            _ => {
                if let (Some(status), Some(initierad)) =
                    (lotsen_domain::sip::SipStatus::from_code(status), r.d1)
                {
                    out.sip.push(crate::sip::SipDeltagare {
                        sip_id: r.id,
                        status,
                        initierad,
                        nasta_uppfoljning: r.d2,
                    });
                }
            }
        }
    }
    Ok(out)
}
