//! Demo participants (issue 16): the shared coach pool of Stenbäck–Lövsjö (`STL-COACH`) with
//! about 40 participants over two years in every state — in the queue from STL ärenden,
//! enrolled with and without consent, in arbetsträning, written out for every kind of reason
//! (one felregistrering, one withdrawn consent), followed up at +3/+6/+12 months, and some
//! follow-ups due now — and a few in the stödperson pool of Norrvreta (`NRV-STOD`). Made
//! through the same core functions the pages call, as `coach@` and `koordinator@`, with dates
//! relative to today. Loaded by `lotsen demo` once the demo's insatser exist and have no
//! participants.

use super::forfragningar::ctx_for;
use crate::ctx::Ctx;
use crate::db::{Db, today};
use crate::deltagare;
use crate::error::CoreResult;
use lotsen_domain::arende_form::AtgardForm;
use lotsen_domain::deltagare_form::Fields;
use time::{Date, Duration};
use uuid::Uuid;

const NAMN: &[&str] = &[
    "Alva Berg",
    "Emil Sandström",
    "Noah Lindqvist",
    "Maja Holm",
    "Leo Falk",
    "Ella Nordin",
    "Hugo Ström",
    "Saga Ekström",
    "Liam Wiklund",
    "Wilma Hedlund",
];

/// A small deterministic generator, so that the demo is the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn f(pairs: &[(&str, String)]) -> Fields {
    Fields(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

/// What happens to one participant.
struct Plan {
    start: Date,
    consent: bool,
    kvinna: bool,
    fodelsear: i32,
    kommun: &'static str,
    arbetstraning: bool,
    /// Days after the start, and the reason, when written out.
    exit: Option<(i64, &'static str)>,
}

async fn enrol(
    db: &Db,
    coach: &Ctx,
    kod: &str,
    ko: Option<Uuid>,
    p: &Plan,
    i: usize,
) -> CoreResult<Uuid> {
    let d = p.start.to_string();
    let mut v = vec![
        ("inskriven", d.clone()),
        (
            "kalla",
            if i.is_multiple_of(5) {
                "overford"
            } else {
                "direkt"
            }
            .to_string(),
        ),
        ("kon", if p.kvinna { "kvinna" } else { "man" }.to_string()),
        ("fodelsear", p.fodelsear.to_string()),
    ];
    if p.consent {
        v.extend([
            ("samtycke", "ja".to_string()),
            ("samtycke_datum", d.clone()),
            ("samtycke_form", "skriftligt".to_string()),
            (
                "omfattning",
                "Registrering i insatsen och uppföljning efter avslut.".to_string(),
            ),
            ("uppfoljning_manader", "12".to_string()),
            ("bostadskommun", p.kommun.to_string()),
            (
                "utbildning",
                if i.is_multiple_of(3) {
                    "forgymnasial_9_ar"
                } else {
                    "gymnasial"
                }
                .to_string(),
            ),
            (
                "tid_offentlig",
                ["under_1_ar", "1_till_2_ar", "2_till_5_ar", "over_5_ar"][i % 4].to_string(),
            ),
            ("sjalvskattning", (2 + i % 5).to_string()),
        ]);
        match i % 4 {
            0 => v.push(("fors_sjukpenning", "100".into())),
            1 => v.push(("fors_forsorjningsstod", "100".into())),
            2 => v.extend([
                ("fors_aktivitetsersattning", "75".into()),
                ("fors_lon", "25".into()),
            ]),
            _ => v.push(("fors_a_kassa", "100".into())),
        }
        v.push((
            if i.is_multiple_of(3) {
                "syss_sjukskriven"
            } else {
                "syss_ingen"
            },
            "100".into(),
        ));
        if i.is_multiple_of(2) {
            v.push(("identitet_namn", NAMN[i % NAMN.len()].to_string()));
        }
    } else {
        v.push(("samtycke", "nej".to_string()));
    }
    deltagare::enrol(db, coach, kod, ko, &f(&v)).await
}

async fn follow(
    db: &Db,
    coach: &Ctx,
    kod: &str,
    id: Uuid,
    p: &Plan,
    today: Date,
    i: usize,
) -> CoreResult<()> {
    if p.arbetstraning {
        let d = p.start + Duration::days(20);
        if d <= today {
            deltagare::add_activity(
                db,
                coach,
                kod,
                id,
                &f(&[
                    ("typ", "arbetstraning".into()),
                    ("datum", d.to_string()),
                    ("omfattning", (25 * (1 + i % 3)).to_string()),
                    ("plats", "Verkstan".into()),
                    ("part", "kommun".into()),
                ]),
            )
            .await?;
        }
    }
    let meeting = p.start + Duration::days(7);
    if meeting <= today {
        deltagare::add_activity(
            db,
            coach,
            kod,
            id,
            &f(&[
                ("typ", "mote".into()),
                ("motestyp", "kartlaggning".into()),
                ("datum", meeting.to_string()),
                ("part", "fk".into()),
                ("part", "kommun".into()),
            ]),
        )
        .await?;
    }
    let Some((days, reason)) = p.exit else {
        return Ok(());
    };
    let ut = p.start + Duration::days(days);
    let mut v = vec![
        ("utskriven", ut.to_string()),
        ("avslutsanledning", reason.to_string()),
    ];
    if p.consent && !matches!(reason, "felregistrering" | "samtycke_aterkallat") {
        match reason {
            "arbete" => v.extend([
                ("syss_forvarvsarbete", "75".into()),
                ("fors_lon", "75".into()),
                ("fors_sjukpenning", "25".into()),
            ]),
            "studier" => v.extend([
                ("syss_studier", "100".into()),
                ("fors_studiemedel", "100".into()),
            ]),
            _ => v.extend([
                ("syss_aktivt_arbetssokande", "50".into()),
                ("syss_arbetstraning_praktik", "50".into()),
                ("fors_aktivitetsstod", "100".into()),
            ]),
        }
        v.push((
            "nasta_steg",
            "Fortsatt stöd hos ordinarie verksamhet.".into(),
        ));
        v.push(("mottagande_part", "af".into()));
    }
    deltagare::exit(db, coach, kod, id, &f(&v)).await?;
    if !p.consent || matches!(reason, "felregistrering" | "samtycke_aterkallat") {
        return Ok(());
    }
    // Follow-ups that fell due more than two weeks ago are recorded; the newest stay due.
    for (t, months) in [("plus3", 3), ("plus6", 6), ("plus12", 12)] {
        let due = ut + Duration::days(30 * months + months / 2);
        if due + Duration::days(14) > today {
            break;
        }
        let syss = if i.is_multiple_of(3) {
            "syss_studier"
        } else {
            "syss_forvarvsarbete"
        };
        deltagare::follow_up(
            db,
            coach,
            kod,
            id,
            &f(&[
                ("tillfalle", t.into()),
                ("datum", (due + Duration::days(3)).to_string()),
                (syss, "100".into()),
                ("fors_lon", "100".into()),
            ]),
        )
        .await?;
    }
    Ok(())
}

/// Loads the demo participants unless there are some. Returns how many were made.
pub async fn load(db: &Db) -> CoreResult<usize> {
    let Ok(forbund) = crate::admin::forbund::by_slug(db, "fjardlunda").await else {
        return Ok(0);
    };
    let mut tx = db.begin_as(Some(forbund.id), None, false).await?;
    let ready: bool = sqlx::query_scalar(
        "select exists (select 1 from insats where forbund_id = $1 and kod = 'STL-COACH') \
            and not exists (select 1 from deltagare where forbund_id = $1)",
    )
    .bind(forbund.id)
    .fetch_one(&mut *tx)
    .await?;
    let today = today(&mut tx).await?;
    // Open STL ärenden that came in a while ago, for the queue.
    let queue: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "select a.arende_id, i.insats_id from arende a \
         join lokus_grupp l on l.forbund_id = a.forbund_id and l.lokus_id = a.lokus_id and l.kod = 'STL' \
         join insats i on i.forbund_id = a.forbund_id and i.kod = 'STL-COACH' \
         where a.forbund_id = $1 and a.status = 'pagaende' and a.inkom <= lotsen_today() - 40 \
         order by a.inkom desc limit 4",
    )
    .bind(forbund.id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    if !ready {
        return Ok(0);
    }
    let coach = ctx_for(db, &forbund, "coach@demo.lotsen.example").await?;
    let koordinator = ctx_for(db, &forbund, "koordinator@demo.lotsen.example").await?;
    let mut rng = Lcg(16);
    let reasons = [
        "arbete",
        "studier",
        "planerad_tid_slut",
        "ordinarie_insats",
        "arbete",
        "ohalsa",
        "eget_onskemal",
        "annan_forbundsinsats",
        "ingen_kontakt",
        "arbete",
        "flytt",
        "studier",
    ];
    let mut made = 0;
    for i in 0..36usize {
        // Two years of starts, oldest first; the last dozen are still enrolled.
        let start = today - Duration::days(720 - 19 * i64::try_from(i).unwrap_or(0));
        let exit = if i < 24 {
            let reason = match i {
                5 => "felregistrering",
                11 => "samtycke_aterkallat",
                _ => reasons[i % reasons.len()],
            };
            let days = if i == 5 {
                3
            } else {
                90 + i64::try_from(rng.next(150)).unwrap_or(0)
            };
            Some((days, reason)).filter(|(d, _)| start + Duration::days(*d) <= today)
        } else {
            None
        };
        let p = Plan {
            start,
            consent: i % 9 != 4,
            kvinna: rng.next(10) < 7,
            fodelsear: 1975 + i32::try_from(rng.next(30)).unwrap_or(0),
            kommun: if rng.next(5) == 0 { "9903" } else { "9902" },
            arbetstraning: rng.next(10) < 7,
            exit,
        };
        let id = enrol(db, &coach, "STL-COACH", None, &p, i).await?;
        follow(db, &coach, "STL-COACH", id, &p, today, i).await?;
        made += 1;
    }
    // Two exits about three months ago, so that their +3 follow-ups are due now.
    for (n, i) in [(96i64, 40usize), (84, 41)] {
        let p = Plan {
            start: today - Duration::days(n + 120),
            consent: true,
            kvinna: i == 40,
            fodelsear: 1990,
            kommun: "9902",
            arbetstraning: true,
            exit: Some((120, "arbete")),
        };
        let id = enrol(db, &coach, "STL-COACH", None, &p, i).await?;
        follow(db, &coach, "STL-COACH", id, &p, today, i).await?;
        made += 1;
    }
    // The queue: offers on STL ärenden, as the coordinator.
    for (n, (arende, insats)) in queue.into_iter().enumerate() {
        let form = AtgardForm {
            kod: "tillaggsresurs_erbjuden".into(),
            datum: (today - Duration::days(30 - 6 * i64::try_from(n).unwrap_or(0))).to_string(),
            insats: insats.to_string(),
            ..AtgardForm::default()
        };
        crate::arende::change::add_action(db, &koordinator, arende, &form).await?;
        made += 1;
    }
    // The stödperson pool of Norrvreta, where it exists.
    let nrv = crate::deltagare::enrol_form(db, &coach, "NRV-STOD", None).await;
    if nrv.is_ok() {
        for i in 0..5usize {
            let p = Plan {
                start: today - Duration::days(300 - 50 * i64::try_from(i).unwrap_or(0)),
                consent: i != 2,
                kvinna: i % 2 == 0,
                fodelsear: 1980 + i32::try_from(i).unwrap_or(0) * 4,
                kommun: "9904",
                arbetstraning: i % 2 == 1,
                exit: (i < 2).then_some((150, "ordinarie_insats")),
            };
            let id = enrol(db, &coach, "NRV-STOD", None, &p, i + 50).await?;
            follow(db, &coach, "NRV-STOD", id, &p, today, i).await?;
            made += 1;
        }
    }
    Ok(made)
}

/// Most participants one `lotsen seed-demo --deltagare` adds.
pub const SEED_MAX: u64 = 1_000_000;

/// Adds `n` generated participants to the demo's insatser in bulk (as the owner, in SQL), for
/// benchmarks of the participant figures at scale: four years of starts, two thirds written out
/// (a few as felregistrering), baseline for nine in ten, measurements at exit with consent, and
/// arbetsträning for three in five. The coach is left unassigned so that the coach's own lists
/// stay as they are. Returns how many were added.
pub async fn seed(owner: &crate::db::DbTarget, n: u64) -> CoreResult<u64> {
    use sqlx::ConnectOptions;
    if n > SEED_MAX {
        return Err(crate::error::CoreError::invalid(
            "deltagare",
            format!("Högst {SEED_MAX} deltagare åt gången."),
        ));
    }
    let n = i64::try_from(n).unwrap_or(0);
    let mut conn = owner.options.connect().await?;
    let mut tx = sqlx::Connection::begin(&mut conn).await?;
    let found: i64 = sqlx::query_scalar(
        "select count(*) from insats i join forbund f on f.forbund_id = i.forbund_id \
         where f.slug = 'fjardlunda' and i.kod in ('STL-COACH', 'NRV-STOD')",
    )
    .fetch_one(&mut *tx)
    .await?;
    if found == 0 {
        return Err(crate::error::CoreError::Internal(anyhow::anyhow!(
            "demoförbundets insatser finns inte; kör `lotsen seed-demo` på en tom databas"
        )));
    }
    for sql in SEED_SQL {
        let q = sqlx::query(sql);
        let q = if sql.contains("$1") { q.bind(n) } else { q };
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    for t in [
        "deltagare",
        "deltagare_matning",
        "deltagare_forsorjning",
        "deltagare_sysselsattning",
        "deltagare_aktivitet",
    ] {
        sqlx::query(&format!("analyze {t}"))
            .execute(&mut conn)
            .await?;
    }
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The bulk statements: `$1` is how many. Generated rows are told apart by `seed_nr` in a
/// temporary table, and each one's properties come from its number, so a run is reproducible.
const SEED_SQL: &[&str] = &[
    "create temporary table seed_deltagare on commit drop as \
     select g as nr, gen_random_uuid() as deltagare_id, f.forbund_id, \
            case when g % 4 = 0 then n.insats_id else s.insats_id end as insats_id, \
            (current_date - (g::bigint * 7919 % 1460)::int) as inskriven, \
            case when g % 10 < 6 then 'kvinna' when g % 10 < 9 then 'man' else 'okant' end as kon, \
            1960 + (g::bigint * 31 % 45)::int as fodelsear, \
            (array['9902', '9903', '9902', '9904'])[1 + g % 4] as kommun, \
            g % 3 <> 0 as ut, 60 + (g::bigint * 13 % 300)::int as dagar, \
            (array['arbete', 'studier', 'ordinarie_insats', 'annan_forbundsinsats', 'planerad_tid_slut', \
                    'ohalsa', 'flytt', 'eget_onskemal', 'ingen_kontakt', 'annat', 'arbete', 'studier', \
                    'felregistrering'])[1 + (g::bigint * 7 % 13)::int] as anledning \
     from generate_series(1, $1::int) g \
     cross join forbund f \
     join insats s on s.forbund_id = f.forbund_id and s.kod = 'STL-COACH' \
     join insats n on n.forbund_id = f.forbund_id and n.kod = 'NRV-STOD' \
     where f.slug = 'fjardlunda' and $1 > 0",
    // Without statistics the planner takes the fresh table for tiny and loops over it.
    "alter table seed_deltagare add primary key (deltagare_id)",
    "analyze seed_deltagare",
    // Each insats's numbering continues from its highest number, read before the insert (a
    // subquery inside it would walk past every row the insert has added so far).
    "create temporary table seed_nummer on commit drop as \
     select s.insats_id, coalesce(max(d.nummer), 0) as base \
     from (select distinct forbund_id, insats_id from seed_deltagare) s \
     left join deltagare d on d.forbund_id = s.forbund_id and d.insats_id = s.insats_id \
     group by s.insats_id",
    "insert into deltagare (forbund_id, deltagare_id, insats_id, nummer, status, inskriven, kalla, kon, \
         fodelsear, bostadskommun, utskriven, avslutsanledning) \
     select s.forbund_id, s.deltagare_id, s.insats_id, \
            b.base + row_number() over (partition by s.insats_id order by s.nr), \
            case when s.ut and s.inskriven + s.dagar <= current_date then 'utskriven' else 'inskriven' end, \
            s.inskriven, (array['via_koordinator', 'direkt', 'overford'])[1 + s.nr % 3], s.kon, s.fodelsear, \
            s.kommun, \
            case when s.ut and s.inskriven + s.dagar <= current_date then s.inskriven + s.dagar end, \
            case when s.ut and s.inskriven + s.dagar <= current_date then s.anledning end \
     from seed_deltagare s join seed_nummer b on b.insats_id = s.insats_id where $1 > 0",
    "insert into deltagare_matning (forbund_id, matning_id, deltagare_id, tillfalle, datum, utbildning, \
         tid_offentlig, sjalvskattning) \
     select d.forbund_id, gen_random_uuid(), d.deltagare_id, t.tillfalle, \
            case t.tillfalle when 'fore' then d.inskriven else d.utskriven end, \
            case t.tillfalle when 'fore' then (array['forgymnasial_9_ar', 'gymnasial', 'eftergymnasial_under_3_ar'])[1 + s.nr % 3] end, \
            case t.tillfalle when 'fore' then (array['under_1_ar', '1_till_2_ar', '2_till_5_ar', 'over_5_ar'])[1 + s.nr % 4] end, \
            1 + s.nr % 10 \
     from seed_deltagare s join deltagare d on d.forbund_id = s.forbund_id and d.deltagare_id = s.deltagare_id \
     cross join (values ('fore'), ('efter')) t(tillfalle) \
     where s.nr % 10 <> 0 and $1 > 0 \
       and (t.tillfalle = 'fore' or (d.status = 'utskriven' and d.avslutsanledning <> 'felregistrering'))",
    "insert into deltagare_forsorjning (forbund_id, matning_id, kalla, omfattning) \
     select m.forbund_id, m.matning_id, \
            case m.tillfalle when 'fore' then (array['sjukpenning', 'forsorjningsstod', 'aktivitetsersattning', 'a_kassa', 'aktivitetsstod'])[1 + s.nr % 5] \
                 else (array['lon', 'studiemedel', 'aktivitetsstod', 'forsorjningsstod', 'sjukpenning'])[1 + s.nr % 5] end, \
            100 \
     from deltagare_matning m join seed_deltagare s on s.forbund_id = m.forbund_id and s.deltagare_id = m.deltagare_id \
     where $1 > 0",
    "insert into deltagare_sysselsattning (forbund_id, matning_id, kod, omfattning) \
     select m.forbund_id, m.matning_id, \
            case m.tillfalle when 'fore' then (array['ingen', 'sjukskriven', 'arbetsmarknadsinsats'])[1 + s.nr % 3] \
                 else (array['forvarvsarbete', 'studier', 'aktivt_arbetssokande', 'subventionerat_arbete', 'ingen'])[1 + s.nr % 5] end, \
            (array[100, 50, 75])[1 + s.nr % 3] \
     from deltagare_matning m join seed_deltagare s on s.forbund_id = m.forbund_id and s.deltagare_id = m.deltagare_id \
     where $1 > 0",
    "insert into deltagare_aktivitet (forbund_id, aktivitet_id, deltagare_id, typ, datum, omfattning, plats) \
     select s.forbund_id, gen_random_uuid(), s.deltagare_id, 'arbetstraning', s.inskriven + 14, 50, 'Verkstan' \
     from seed_deltagare s where s.nr % 5 < 3 and s.inskriven + 14 <= current_date and $1 > 0",
    // The report groups kept with each measurement and enrolment (migration 0032), with
    // statistics on the fresh rows first so that the planner walks the indexes.
    "analyze deltagare",
    "analyze deltagare_matning",
    "analyze deltagare_forsorjning",
    "analyze deltagare_sysselsattning",
    "analyze deltagare_aktivitet",
    "select lotsen_deltagare_summera(f.forbund_id, array(select deltagare_id from seed_deltagare)) \
     from forbund f where f.slug = 'fjardlunda' and $1 > 0",
];
