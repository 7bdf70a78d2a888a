//! The demo's SIP records (issue 17): on open ärenden of STL and NRV, loaded through the core
//! after the demo's ärenden — every status, FK and AF invited and present, psychiatry and a
//! school, actions for each party (some done by the handläggare themselves, some late), a late
//! follow-up and one with none booked, "SIP föreslagen" and "SIP genomförd" on the ärenden
//! through the records; a second load adds nothing; the coordinator's start page and fk@'s
//! list show them.

use super::*;

/// How many rows `sql` (a `select count(*)` with `$1` the förbund) counts in Fjärdlunda.
async fn n(app: &TestApp, sql: &str) -> i64 {
    app.scalar_in("fjardlunda", sql).await
}

#[tokio::test]
async fn the_demo_has_sips_in_every_state_on_stl_and_nrv_arenden() {
    let mut app = TestApp::demo().await;
    lotsen_core::demo::arenden::load(&app.t.target)
        .await
        .unwrap()
        .expect("the demo's ärenden load");
    // The generated ärenden have SIP actions of their own (without records).
    let sip_actions = "select count(*) from atgard where forbund_id = $1 \
                       and kod in ('sip_foreslagen', 'sip_genomford')";
    let before = n(&app, sip_actions).await;
    let made = lotsen_core::demo::sip::load(&app.t.db).await.unwrap();
    assert!((10..=12).contains(&made), "{made} SIPs");
    let sips = count(&app, "sip").await;
    assert_eq!(sips, i64::try_from(made).unwrap());

    // Every status, an inställd one with its reason and one whose consent was withdrawn.
    for status in [
        "initierad",
        "kallad",
        "genomford",
        "uppfoljd",
        "avslutad",
        "installd",
    ] {
        let c = n(
            &app,
            &format!("select count(*) from sip where forbund_id = $1 and status = '{status}'"),
        )
        .await;
        assert!(c >= 1, "no SIP is {status}");
    }
    assert!(
        n(
            &app,
            "select count(*) from sip where forbund_id = $1 and status = 'installd' \
               and installd_orsak in ('individen_avbojde', 'behovet_upphorde', 'annat')",
        )
        .await
            >= 1
    );
    assert_eq!(
        n(
            &app,
            "select count(*) from sip where forbund_id = $1 and samtycke_aterkallat is not null \
               and mal_individ = '' and nasta_uppfoljning is null",
        )
        .await,
        1,
        "one SIP with its consent withdrawn"
    );

    // On ongoing ärenden of STL and NRV, each its own, initiated in the past year after the
    // ärende came in.
    for kod in ["STL", "NRV"] {
        assert!(
            n(
                &app,
                &format!(
                    "select count(*) from sip s join lokus_grupp l \
                       on l.forbund_id = s.forbund_id and l.lokus_id = s.lokus_id \
                     where s.forbund_id = $1 and l.kod = '{kod}'"
                ),
            )
            .await
                >= 3,
            "SIPs on {kod}"
        );
    }
    assert_eq!(
        n(
            &app,
            "select count(*) from sip s join arende a \
               on a.forbund_id = s.forbund_id and a.arende_id = s.arende_id \
             where s.forbund_id = $1 and a.lokus_id = s.lokus_id and a.status = 'pagaende' \
               and s.initierad > a.inkom and s.initierad > lotsen_today() - 365 \
               and s.initierad <= lotsen_today()",
        )
        .await,
        sips
    );
    assert_eq!(
        n(
            &app,
            "select count(distinct arende_id) from sip where forbund_id = $1"
        )
        .await,
        sips
    );

    // FK and AF invited and present in some; psychiatry and a school in some.
    for part in ["fk", "af"] {
        assert!(
            n(
                &app,
                &format!(
                    "select count(distinct p.sip_id) from sip_part p join enhet e \
                       on e.forbund_id = p.forbund_id and e.enhet_id = p.enhet_id \
                     join organisation o on o.forbund_id = e.forbund_id \
                       and o.organisation_id = e.organisation_id \
                     where p.forbund_id = $1 and p.part = '{part}' and o.part = '{part}' \
                       and p.narvarande"
                ),
            )
            .await
                >= 2,
            "{part} present in some SIPs"
        );
    }
    assert!(
        n(
            &app,
            "select count(*) from sip_part p join enhet e \
               on e.forbund_id = p.forbund_id and e.enhet_id = p.enhet_id \
             where p.forbund_id = $1 and p.part = 'region' and e.namn = 'Stenbäcks psykiatrimottagning'",
        )
        .await
            >= 1
    );
    assert!(
        n(
            &app,
            "select count(*) from sip_part where forbund_id = $1 and part = 'skola' \
               and enhet_id is null and verksamhet <> ''",
        )
        .await
            >= 1
    );

    // A follow-up booked ahead, one late, and one held SIP with none booked.
    let running = "s.forbund_id = $1 and s.status in ('genomford', 'uppfoljd') \
                   and s.samtycke_aterkallat is null";
    for (what, cond) in [
        ("booked ahead", "s.nasta_uppfoljning >= lotsen_today()"),
        ("late", "s.nasta_uppfoljning < lotsen_today()"),
        ("none booked", "s.nasta_uppfoljning is null"),
    ] {
        assert!(
            n(
                &app,
                &format!("select count(*) from sip s where {running} and {cond}")
            )
            .await
                >= 1,
            "no running SIP with its follow-up {what}"
        );
    }
    assert!(
        n(
            &app,
            "select count(*) from sip s where s.forbund_id = $1 and s.status = 'uppfoljd' \
               and s.nasta_uppfoljning < lotsen_today() \
               and not exists (select 1 from sip_mote m where m.forbund_id = s.forbund_id \
                                 and m.sip_id = s.sip_id and m.datum >= s.nasta_uppfoljning)",
        )
        .await
            >= 1,
        "an uppföljd SIP whose booked follow-up passed without a meeting"
    );

    // Actions for each party, some done, some late, some done by the handläggare themselves.
    for part in ["fk", "af", "kommun", "region"] {
        assert!(
            n(
                &app,
                &format!(
                    "select count(*) from sip_atgard where forbund_id = $1 and part = '{part}'"
                ),
            )
            .await
                >= 2,
            "actions for {part}"
        );
    }
    assert!(
        n(
            &app,
            "select count(*) from sip_atgard where forbund_id = $1 and status = 'klar'"
        )
        .await
            >= 3
    );
    assert!(
        n(
            &app,
            "select count(*) from sip_atgard t join sip s \
               on s.forbund_id = t.forbund_id and s.sip_id = t.sip_id \
             where t.forbund_id = $1 and t.status in ('planerad', 'pagar') \
               and t.senast < lotsen_today() and s.status not in ('avslutad', 'installd')",
        )
        .await
            >= 2,
        "late actions"
    );
    for login in [FK, KOMMUN, "af@demo.lotsen.example"] {
        assert!(
            n(
                &app,
                &format!(
                    "select count(*) from sip_atgard t join app_user u on u.user_id = t.andrad_av \
                     where t.forbund_id = $1 and u.epost = '{login}' and t.status <> 'planerad'"
                ),
            )
            .await
                >= 1,
            "{login} changed none of their party's actions"
        );
    }

    // The ärenden got "SIP föreslagen" for every record and "SIP genomförd" for every one held,
    // dated on the initiative and the planning meeting.
    assert_eq!(
        n(
            &app,
            "select count(*) from atgard t join sip s \
               on s.forbund_id = t.forbund_id and s.arende_id = t.arende_id \
             where t.forbund_id = $1 and t.kod = 'sip_foreslagen' and t.datum = s.initierad",
        )
        .await,
        sips
    );
    let held = n(
        &app,
        "select count(*) from sip_mote where forbund_id = $1 and typ = 'planering'",
    )
    .await;
    assert!(held >= 5, "{held} held");
    assert_eq!(
        n(
            &app,
            "select count(*) from atgard t join sip s \
               on s.forbund_id = t.forbund_id and s.arende_id = t.arende_id \
             join sip_mote m on m.forbund_id = s.forbund_id and m.sip_id = s.sip_id \
               and m.typ = 'planering' \
             where t.forbund_id = $1 and t.kod = 'sip_genomford' and t.datum = m.datum",
        )
        .await,
        held
    );
    assert_eq!(n(&app, sip_actions).await, before + sips + held);

    // A second load adds nothing.
    assert_eq!(lotsen_core::demo::sip::load(&app.t.db).await.unwrap(), 0);
    assert_eq!(count(&app, "sip").await, sips);
    assert_eq!(n(&app, sip_actions).await, before + sips + held);

    // The coordinator's start page: STL's SIPs to follow up, a late follow-up and one unbooked.
    app.login(KOORDINATOR).await;
    let start_page = app.get("/").await.text();
    for expected in [
        "SIP att följa upp",
        "Ärende ",
        "(försenad)",
        "Ingen uppföljning bokad",
        "försenad åtgärd",
    ] {
        assert!(start_page.contains(expected), "{expected}: {start_page}");
    }
    let list = app.get("/sip").await;
    list.assert_ok();
    let stl = n(
        &app,
        "select count(*) from sip s join lokus_grupp l \
           on l.forbund_id = s.forbund_id and l.lokus_id = s.lokus_id \
         where s.forbund_id = $1 and l.kod = 'STL'",
    )
    .await;
    assert_eq!(
        i64::try_from(list.body.matches("<td><a href=\"/sip/").count()).unwrap(),
        stl,
        "the coordinator keeps STL's SIPs (not NRV's)"
    );

    // fk@'s list: the SIPs FK's unit is invited to, with no ärende numbers.
    let mut fk = app.other_browser();
    fk.login(FK).await;
    let list = fk.get("/sip").await;
    list.assert_ok();
    let text = list.text();
    let invited = n(
        &app,
        "select count(distinct p.sip_id) from sip_part p join enhet e \
           on e.forbund_id = p.forbund_id and e.enhet_id = p.enhet_id \
         where p.forbund_id = $1 and e.namn = 'Sjukpenning'",
    )
    .await;
    assert!(invited >= 3, "{invited}");
    assert_eq!(
        i64::try_from(text.matches("Din enhet är inbjuden").count()).unwrap(),
        invited,
        "{text}"
    );
    assert!(!text.contains("Ärende "), "{text}");
    assert!(fk.get("/").await.text().contains("din enhet är inbjuden"));
}
