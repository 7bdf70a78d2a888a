//! `ArendeFixture`: ärenden written straight into the database, for tests whose figures,
//! agendas and timelines are counted by hand. Organisations, units and LOKUS groups are named as
//! in the demo; a handläggare code is created on first use.

use super::TestApp;
use uuid::Uuid;

/// One ärende. Start from `ArendeFixture::EMPTY` (or a test's own base) and set what matters.
#[derive(Debug, Clone, Copy)]
pub struct ArendeFixture {
    pub lokus: &'static str,
    /// The running number in `YYYY-KOD-NNN`; `None`: its place in the list, from 1.
    pub n: Option<i32>,
    pub inkom: &'static str,
    pub part: &'static str,
    pub org: Option<&'static str>,
    pub enhet: Option<&'static str>,
    pub handlaggare: Option<&'static str>,
    pub kon: &'static str,
    pub alder: Option<i32>,
    pub kommun: Option<&'static str>,
    pub problem: Option<&'static str>,
    /// The outcome; closed on `avslutad`, or else on the day received.
    pub avslut: Option<&'static str>,
    /// The closing date; without an `avslut` the outcome is `annat`.
    pub avslutad: Option<&'static str>,
    /// Raised to LOKUS on this date, with a question and the timeline event.
    pub flaggad: Option<&'static str>,
    pub ersattning: &'static [&'static str],
    pub malgrupper: &'static [&'static str],
    pub atgarder: &'static [&'static str],
}

impl ArendeFixture {
    pub const EMPTY: ArendeFixture = ArendeFixture {
        lokus: "",
        n: None,
        inkom: "",
        part: "",
        org: None,
        enhet: None,
        handlaggare: None,
        kon: "okant",
        alder: None,
        kommun: None,
        problem: None,
        avslut: None,
        avslutad: None,
        flaggad: None,
        ersattning: &[],
        malgrupper: &[],
        atgarder: &[],
    };
}

impl Default for ArendeFixture {
    fn default() -> Self {
        ArendeFixture::EMPTY
    }
}

/// Writes the ärenden into the förbund `slug` in one transaction; returns their ids in order.
pub async fn insert_arenden(app: &TestApp, slug: &str, list: &[ArendeFixture]) -> Vec<Uuid> {
    let forbund = app.forbund_id(slug).await;
    let mut tx = app.t.db.begin_as(Some(forbund), None, false).await.unwrap();
    let mut ids = Vec::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        let lokus: Uuid = sqlx::query_scalar(
            "select lokus_id from lokus_grupp where forbund_id = $1 and kod = $2",
        )
        .bind(forbund)
        .bind(a.lokus)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        let org: Option<Uuid> = match a.org {
            Some(namn) => Some(
                sqlx::query_scalar(
                    "select organisation_id from organisation where forbund_id = $1 and namn = $2",
                )
                .bind(forbund)
                .bind(namn)
                .fetch_one(&mut *tx)
                .await
                .unwrap(),
            ),
            None => None,
        };
        let enhet: Option<Uuid> = match a.enhet {
            Some(namn) => Some(
                sqlx::query_scalar(
                    "select enhet_id from enhet where forbund_id = $1 and organisation_id = $2 and namn = $3",
                )
                .bind(forbund)
                .bind(org)
                .bind(namn)
                .fetch_one(&mut *tx)
                .await
                .unwrap(),
            ),
            None => None,
        };
        let handlaggare: Option<Uuid> = match a.handlaggare {
            Some(kod) => Some(
                sqlx::query_scalar(
                    "insert into handlaggare (forbund_id, handlaggare_id, organisation_id, enhet_id, kod) \
                     values ($1, $2, $3, $4, $5) \
                     on conflict (forbund_id, organisation_id, kod) do update set kod = excluded.kod \
                     returning handlaggare_id",
                )
                .bind(forbund)
                .bind(Uuid::now_v7())
                .bind(org)
                .bind(enhet)
                .bind(kod)
                .fetch_one(&mut *tx)
                .await
                .unwrap(),
            ),
            None => None,
        };
        let inkom = time::Date::parse(
            a.inkom,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .unwrap();
        let id = Uuid::now_v7();
        let lopnummer = a.n.unwrap_or(i32::try_from(i).unwrap() + 1);
        let nummer = format!("{}-{}-{lopnummer:03}", inkom.year(), a.lokus);
        let closed = a.avslut.is_some() || a.avslutad.is_some();
        sqlx::query(
            "insert into arende (forbund_id, arende_id, lokus_id, ar, lopnummer, nummer, inkom, part, \
                 organisation_id, enhet_id, handlaggare_id, kon, alder, bostadskommun, samverkansproblem, \
                 beskrivning, status, avslut, avslutad_datum, flaggad, flaggad_datum, lokus_fraga) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                 'Hemlig beskrivning ' || $6, $16, $17, coalesce($18::date, case when $16 = 'avslutad' then $7 end), \
                 $19::date is not null, $19::date, case when $19::date is null then null else 'Fråga om ' || $6 end)",
        )
        .bind(forbund)
        .bind(id)
        .bind(lokus)
        .bind(inkom.year())
        .bind(lopnummer)
        .bind(&nummer)
        .bind(inkom)
        .bind(a.part)
        .bind(org)
        .bind(enhet)
        .bind(handlaggare)
        .bind(a.kon)
        .bind(a.alder)
        .bind(a.kommun)
        .bind(a.problem)
        .bind(if closed { "avslutad" } else { "pagaende" })
        .bind(if closed { Some(a.avslut.unwrap_or("annat")) } else { None })
        .bind(a.avslutad)
        .bind(a.flaggad)
        .execute(&mut *tx)
        .await
        .unwrap();
        if let Some(d) = a.flaggad {
            sqlx::query(
                "insert into arende_handelse (forbund_id, arende_id, typ, text, created_at) \
                 values ($1, $2, 'flaggad', 'Fråga', lotsen_from_local($3::date + time '12:00'))",
            )
            .bind(forbund)
            .bind(id)
            .bind(d)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        for (table, codes) in [
            ("arende_ersattning", a.ersattning),
            ("arende_malgrupp", a.malgrupper),
        ] {
            for kod in codes {
                sqlx::query(&format!(
                    "insert into {table} (forbund_id, arende_id, kod) values ($1, $2, $3)"
                ))
                .bind(forbund)
                .bind(id)
                .bind(kod)
                .execute(&mut *tx)
                .await
                .unwrap();
            }
        }
        for kod in a.atgarder {
            sqlx::query(
                "insert into atgard (forbund_id, atgard_id, arende_id, kod, datum) values ($1, $2, $3, $4, $5)",
            )
            .bind(forbund)
            .bind(Uuid::now_v7())
            .bind(id)
            .bind(kod)
            .bind(inkom)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        ids.push(id);
    }
    tx.commit().await.unwrap();
    ids
}

/// Writes one ärende into Fjärdlunda; returns its id.
pub async fn insert_arende(app: &TestApp, a: ArendeFixture) -> Uuid {
    insert_arenden(app, "fjardlunda", &[a]).await[0]
}
