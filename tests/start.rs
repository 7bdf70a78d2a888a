//! The start page: each role finds its own work there, each item a link, and counts only
//! where the person may not see the items (issue 14).

use crate::support::TestApp;

/// The demo with its ärenden and meetings loaded.
async fn demo() -> TestApp {
    let app = TestApp::demo().await;
    lotsen_core::demo::arenden::load(&app.t.target)
        .await
        .expect("ärenden")
        .expect("loaded");
    lotsen_core::demo::moten::load(&app.t.target)
        .await
        .expect("meetings");
    app
}

async fn start_page(app: TestApp, login: &str) -> (TestApp, String) {
    let mut app = app.other_browser();
    app.login(&format!("{login}@demo.lotsen.example")).await;
    let page = app.get("/").await;
    page.assert_ok();
    (app, page.body)
}

/// Asserts that `items` appear in `page` in this order.
fn in_order(page: &str, items: &[String], what: &str) {
    let mut from = 0;
    for item in items {
        let at = page[from..]
            .find(item.as_str())
            .unwrap_or_else(|| panic!("{what}: {item} missing or out of order in {page}"));
        from += at + item.len();
    }
}

async fn strings(app: &TestApp, sql: &str) -> Vec<String> {
    app.scalar_in::<Option<Vec<String>>>("fjardlunda", sql)
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn a_coordinator_finds_follow_ups_quiet_arenden_and_the_next_meetings() {
    let app = demo().await;
    let (mut app, page) = start_page(app, "koordinator").await;
    assert!(page.contains(r#"href="/arenden/ny""#) && page.contains("Registrera nytt ärende"));

    // Decisions with a follow-up date from a month ago on, soonest first.
    let follow_ups = strings(
        &app,
        "select array_agg(nummer order by senast, nummer) from (select a.nummer, p.uppfoljning_senast as senast \
         from lokus_punkt p join lokus_mote m using (forbund_id, mote_id) \
         join arende a on a.forbund_id = p.forbund_id and a.arende_id = p.arende_id \
         where p.forbund_id = $1 and p.beslut <> '' and not p.borttagen \
           and p.uppfoljning_senast >= lotsen_today() - 30 order by 2, 1 limit 8) x",
    )
    .await;
    assert!(
        !follow_ups.is_empty(),
        "the demo has decisions to follow up"
    );
    in_order(&page, &follow_ups, "follow-ups");

    // In progress, the latest action more than 30 days ago (or none), oldest first.
    let quiet_sql = "from arende a where a.forbund_id = $1 and a.status = 'pagaende' \
         and a.lokus_id in (select lokus_id from lokus_grupp where kod in ('STL', 'FJL')) \
         and a.inkom <= lotsen_today() - 30 \
         and coalesce((select max(t.datum) from atgard t where t.forbund_id = a.forbund_id \
                       and t.arende_id = a.arende_id), a.inkom) <= lotsen_today() - 30";
    let quiet = strings(
        &app,
        &format!(
            "select array_agg(nummer order by inkom, lopnummer, nummer) from \
             (select a.nummer, a.inkom, a.lopnummer {quiet_sql} \
              order by a.inkom, a.lopnummer, a.nummer limit 8) x"
        ),
    )
    .await;
    assert_eq!(quiet.len(), 8, "the demo has quiet ärenden");
    in_order(&page, &quiet, "quiet ärenden");
    let all_quiet: i64 = app
        .scalar_in("fjardlunda", &format!("select count(*) {quiet_sql}"))
        .await;
    let list = app.get("/arenden?utan_atgard=ja&sort=aldst").await.body;
    assert!(list.contains("utan åtgärd de senaste 30 dagarna"));
    assert!(
        list.contains(&format!("{all_quiet} ärenden")),
        "{all_quiet} in the list's count"
    );
    in_order(&list, &quiet, "the list of quiet ärenden");

    // The next meeting of each group, with its items; FJL has none planned.
    let (stl_mote, datum): (uuid::Uuid, time::Date) = app
        .scalar_in(
            "fjardlunda",
            "select (m.mote_id, m.datum) from lokus_mote m join lokus_grupp l using (forbund_id, lokus_id) \
             where m.forbund_id = $1 and l.kod = 'STL' and m.status = 'planerat'",
        )
        .await;
    let fjl_raised: i64 = app
        .scalar_in(
            "fjardlunda",
            "select count(*) from arende a join lokus_grupp l using (forbund_id, lokus_id) \
             where a.forbund_id = $1 and l.kod = 'FJL' and a.flaggad",
        )
        .await;
    assert!(page.contains(&format!(
        "FJL: inget möte planerat – {fjl_raised} ärenden lyfta till gruppen"
    )));
    let link = format!(r#"<a href="/lokus/STL/moten/{stl_mote}">STL {datum} kl. 13.00</a>"#);
    assert!(page.contains(&link), "{link}");
    app.get(&format!("/lokus/STL/moten/{stl_mote}"))
        .await
        .assert_ok();
    let items: i64 = app
        .scalar_in(
            "fjardlunda",
            &format!(
                "select count(*) from lokus_punkt where forbund_id = $1 \
                 and mote_id = '{stl_mote}' and not borttagen"
            ),
        )
        .await;
    assert!(
        page.contains(&format!("{link} – {items} punkter på dagordningen")),
        "the count before the agenda was opened matches the agenda ({items})"
    );
}

#[tokio::test]
async fn lokus_members_see_their_meeting_and_decisions_and_the_chair_the_form_to_sign() {
    let app = demo().await;
    let (app, _) = start_page(app, "forbund").await;
    let mut admin = app;
    admin
        .post("/nulagesanalys", &[("ar", "2026")])
        .await
        .assert_redirect_to("/nulagesanalys/2026?klart=skapad");
    let decisions = strings(
        &admin,
        "select array_agg(rubrik order by datum desc, ordning) from (\
             select m.datum, p.ordning, coalesce(a.nummer, p.rubrik) as rubrik \
             from lokus_punkt p join lokus_mote m using (forbund_id, mote_id) \
             join lokus_grupp l on l.forbund_id = m.forbund_id and l.lokus_id = m.lokus_id \
             left join arende a on a.forbund_id = p.forbund_id and a.arende_id = p.arende_id \
             where p.forbund_id = $1 and l.kod = 'STL' and p.beslut <> '' and not p.borttagen \
             order by 1 desc, 2 limit 8) x",
    )
    .await;
    assert_eq!(decisions.len(), 8);

    let (app, chair) = start_page(admin, "ordforande").await;
    assert!(chair.contains("LOKUS STL – Stenbäck–Lövsjö"));
    assert!(chair.contains("Mötespaket att läsa in"));
    in_order(&chair, &decisions, "the chair's recent decisions");
    assert!(chair.contains("Nulägesanalys 2026"));
    assert!(chair.contains("Blanketten är inte påbörjad."));
    assert!(chair.contains(r#"href="/nulagesanalys/2026/grupper/STL""#));
    assert!(!chair.contains("Ditt arbete som samverkanskoordinator"));

    let (app, member) = start_page(app, "ledamot").await;
    in_order(&member, &decisions, "the member's recent decisions");
    assert!(
        !member.contains("Nulägesanalys 2026"),
        "only the chair signs"
    );
    assert!(!member.contains("/arenden/"), "members see no ärende links");

    let (app, staff) = start_page(app, "forbund").await;
    assert!(staff.contains(r#"<a href="/nulagesanalys/2026">Omgång 2026</a>"#));
    let (senast, days): (time::Date, i32) = app
        .scalar_in(
            "fjardlunda",
            "select (senast, senast - lotsen_today()) from nulage_omgang where forbund_id = $1 and ar = 2026",
        )
        .await;
    let left = match days {
        d if d > 1 => format!("{d} dagar kvar"),
        1 => "1 dag kvar".into(),
        0 => "sista dagen i dag".into(),
        _ => "passerad".into(),
    };
    assert!(
        staff.contains(&format!("sista dag {senast}:\n        {left}.")),
        "{left}"
    );
    let status = if days < 0 { "Sen" } else { "Ej påbörjad" };
    assert!(staff.contains(&format!(
        "<th scope=\"row\">STL – Stenbäck–Lövsjö</th><td>{status}</td>"
    )));
    for shortcut in ["/statistik", "/nulagesanalys", "/admin", "/admin/logg"] {
        assert!(
            staff.contains(&format!(r#"href="{shortcut}""#)),
            "{shortcut}"
        );
    }
    assert!(
        !staff.contains("/arenden/"),
        "förbund staff get counts, never ärenden"
    );
}

#[tokio::test]
async fn staff_data_quality_counts_are_the_whole_forbunds_over_the_rounds_period() {
    let app = demo().await;
    let (app, staff) = start_page(app, "forbund").await;
    let period = staff
        .split("Datakvalitet ")
        .nth(1)
        .and_then(|s| s.split("</h3>").next())
        .expect("the period");
    let (fran, till) = period.split_once(" – ").expect("from – to");
    let counts = staff_counts(&staff);
    assert_eq!(counts.len(), 7, "{counts:?}");
    for (label, condition) in [
        ("Okänt kön", "kon = 'okant'"),
        ("Okänd ålder", "alder is null"),
        ("Ingen handläggarkod", "handlaggare_id is null"),
    ] {
        let expected: i64 = app
            .scalar_in(
                "fjardlunda",
                &format!(
                    "select count(*) from arende where forbund_id = $1 and {condition} \
                     and inkom between '{fran}' and '{till}'"
                ),
            )
            .await;
        assert!(expected > 0, "{label}: the demo has some");
        assert!(
            counts.contains(&(label.to_string(), expected)),
            "{label}: {expected} in {counts:?}"
        );
    }
}

/// The (check, count) rows of the start page's data-quality table.
fn staff_counts(page: &str) -> Vec<(String, i64)> {
    let table = page
        .split("Antal ärenden per brist i hela förbundet")
        .nth(1)
        .and_then(|s| s.split("</table>").next())
        .expect("the data-quality table");
    table
        .split("<th scope=\"row\">")
        .skip(1)
        .filter_map(|row| {
            let (label, rest) = row.split_once("</th><td class=\"num\">")?;
            let n = rest.split("</td>").next()?.parse().ok()?;
            Some((label.to_string(), n))
        })
        .collect()
}

#[tokio::test]
async fn roles_without_work_yet_say_what_they_will_do_and_another_forbund_sees_nothing_of_ours() {
    let app = demo().await;
    let (app, fk) = start_page(app, "fk").await;
    // The handläggare's work is in Lotsen now (issue 15): their requests.
    assert!(fk.contains("Dina förfrågningar om lotsning"));
    assert!(!fk.contains("Du kommer att kunna be samverkanskoordinatorn om lotsning"));
    let (app, coach) = start_page(app, "coach").await;
    // The coach's work is in Lotsen now (issue 16): their participants and follow-ups.
    assert!(coach.contains("Dina deltagare") && coach.contains("Uppföljningar att göra"));
    assert!(!coach.contains("Du kommer att se kön till din insats"));
    let (_, other) = start_page(app, "kustbygd").await;
    for ours in ["STL", "FJL", "Stenbäck"] {
        assert!(
            !other.contains(ours),
            "{ours} on another förbund's start page"
        );
    }
}
