//! SIP records (issue 17) through the real router: a coordinator starts one from an ärende,
//! calls, holds the planning meeting with actions for FK and the kommun, follows it up and
//! closes it; the invited handläggare see and mark only their own party's actions; the coach
//! keeps the SIP of an enrolment; who reaches what; bad input; audit.

mod access;
mod demo;
mod flow;
mod input;
mod list;
mod pre_read;
mod samtycke;

use crate::support::{Resp, TestApp};
use axum::http::StatusCode;
use time::{Date, Duration};
use uuid::Uuid;

pub(crate) const KOORDINATOR: &str = "koordinator@demo.lotsen.example";
pub(crate) const FK: &str = "fk@demo.lotsen.example";
pub(crate) const KOMMUN: &str = "kommun@demo.lotsen.example";

pub(crate) use crate::deltagare::{arende, count, owner, post_pairs, today};

/// A unit of Fjärdlunda's register by organisation and name.
pub(crate) async fn unit(app: &TestApp, organisation: &str, namn: &str) -> Uuid {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select e.enhet_id from enhet e join organisation o \
               on o.forbund_id = e.forbund_id and o.organisation_id = e.organisation_id \
             where e.forbund_id = $1 and o.namn = '{organisation}' and e.namn = '{namn}'"
        ),
    )
    .await
}

/// fk@'s unit (Sjukpenning at FK) and kommun@'s (Försörjningsstöd in Stenbäck).
pub(crate) async fn invited_units(app: &TestApp) -> (Uuid, Uuid) {
    (
        unit(app, "Försäkringskassan LFC Västerlän", "Sjukpenning").await,
        unit(
            app,
            "Stenbäcks kommun, socialförvaltningen",
            "Försörjningsstöd",
        )
        .await,
    )
}

pub(crate) fn day(t: Date, days: i64) -> String {
    (t + Duration::days(days)).to_string()
}

/// A complete new-SIP form initiated by the kommun 30 days ago with consent for FK, the
/// kommun and the region, inviting fk@'s and kommun@'s units; `changes` replace fields.
pub(crate) async fn new_sip(
    app: &TestApp,
    changes: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    let t = today(app).await;
    let (fk, kommun) = invited_units(app).await;
    let mut form: Vec<(&'static str, String)> = vec![
        ("initierad", day(t, -30)),
        ("initierad_av", "kommun".into()),
        ("sammankallande", "kommun".into()),
        ("sammankallande_enhet", kommun.to_string()),
        ("sammankallande_roll", "Socialsekreterare".into()),
        ("planering", "region".into()),
        ("samtycke_datum", day(t, -30)),
        ("samtycke_form", "skriftligt".into()),
        ("samtycke_part", "fk".into()),
        ("samtycke_part", "kommun".into()),
        ("samtycke_part", "region".into()),
        ("inbjuden", format!("enhet:{fk}")),
        ("inbjuden", format!("enhet:{kommun}")),
    ];
    for (k, v) in changes {
        form.retain(|(key, _)| key != k);
        if !v.is_empty() {
            form.push((k, v.to_string()));
        }
    }
    form
}

/// Starts a SIP on the ärende as whoever is logged in; returns its id.
pub(crate) async fn start(app: &mut TestApp, arende: Uuid) -> Uuid {
    let form = new_sip(app, &[]).await;
    let r = post_pairs(app, &format!("/sip/ny?arende={arende}"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(r.location().ends_with("?klart=skapad"), "{}", r.location());
    r.redirect_id()
}

/// As the coordinator, starts a SIP on a new ärende whose consent ends `until`; returns the
/// SIP.
pub(crate) async fn start_with_consent_until(app: &mut TestApp, until: &str) -> Uuid {
    let a = arende(app).await;
    let form = new_sip(app, &[("samtycke_till", until)]).await;
    let r = post_pairs(app, &format!("/sip/ny?arende={a}"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.redirect_id()
}

/// The invited party of a SIP at a unit (its `sip_part` id).
pub(crate) async fn part_at(app: &TestApp, sip: Uuid, enhet: Uuid) -> Uuid {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select sip_part_id from sip_part where forbund_id = $1 and sip_id = '{sip}' \
               and enhet_id = '{enhet}'"
        ),
    )
    .await
}

/// Calls the SIP and holds its planning meeting today with both invited units present, the
/// individual taking part, goals in both wordings and a follow-up booked in ten days.
pub(crate) async fn hold(app: &mut TestApp, sip: Uuid) {
    let t = today(app).await;
    let (fk, kommun) = invited_units(app).await;
    let r = app
        .post(
            &format!("/sip/{sip}/kallelse"),
            &[
                ("kallad_till", &day(t, 0)),
                ("inbjuden", &format!("enhet:{fk}")),
                ("inbjuden", &format!("enhet:{kommun}")),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let fk_part = part_at(app, sip, fk).await.to_string();
    let kommun_part = part_at(app, sip, kommun).await.to_string();
    let r = app
        .post(
            &format!("/sip/{sip}/mote"),
            &[
                ("datum", &day(t, 0)),
                ("narvarande", &fk_part),
                ("narvarande", &kommun_part),
                ("individen_deltog", "ja"),
                ("mal_individ", "Komma tillbaka till jobbet på halvtid."),
                (
                    "mal_professionella",
                    "Arbetsträning med stöd, sedan sjukpenning på halvtid.",
                ),
                ("nasta", &day(t, 10)),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

/// Adds an action for `part` due `due` days from today; returns its id.
pub(crate) async fn action(app: &mut TestApp, sip: Uuid, text: &str, part: &str, due: i64) -> Uuid {
    let t = today(app).await;
    let r = app
        .post(
            &format!("/sip/{sip}/atgarder"),
            &[("text", text), ("ansvarig", part), ("senast", &day(t, due))],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select atgard_id from sip_atgard where forbund_id = $1 and sip_id = '{sip}' \
               and text = '{text}'"
        ),
    )
    .await
}

/// One column of a SIP, as text.
pub(crate) async fn column(app: &TestApp, sip: Uuid, column: &str) -> String {
    app.scalar_in(
        "fjardlunda",
        &format!(
            "select coalesce({column}::text, '') from sip \
             where forbund_id = $1 and sip_id = '{sip}'"
        ),
    )
    .await
}

/// The error message shown beside a field (its `f-{name}-fel` element).
pub(crate) fn field_error(r: &Resp, name: &str) -> String {
    let marker = format!("id=\"f-{name}-fel\"");
    let Some(at) = r.body.find(&marker) else {
        panic!("no error beside {name}: {}", r.text())
    };
    let rest = &r.body[at..];
    let start = rest.find('>').map_or(0, |i| i + 1);
    let end = rest.find("</p>").unwrap_or(rest.len());
    rest[start..end]
        .replace("<span class=\"visually-hidden\">Fel: </span>", "")
        .trim()
        .to_string()
}
