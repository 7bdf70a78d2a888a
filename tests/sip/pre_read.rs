//! The LOKUS pre-read's SIP summary: a flagged ärende with a held SIP shows the group its
//! status, dates, the parties invited and present and whose actions are late, in the meeting
//! page and the meeting pack, for the coordinator and the chair; never the goals, action texts,
//! roles or units. A withdrawn consent takes the SIP out of the pre-read.

use super::*;

const CHAIR: &str = "ordforande@demo.lotsen.example";

#[tokio::test]
async fn the_pre_read_summarises_the_arendes_sip_without_identifying_anything() {
    let mut app = TestApp::demo().await;
    app.login(KOORDINATOR).await;
    let t = today(&app).await;
    let a = arende(&mut app).await;
    let sip = start(&mut app, a).await;
    hold(&mut app, sip).await;
    action(&mut app, sip, "Utreda rätt till sjukpenning", "fk", -2).await;
    action(&mut app, sip, "Ansöka om bostadsstöd", "fk", -1).await;
    action(&mut app, sip, "Ordna plats i arbetsträning", "kommun", 7).await;
    app.post(
        &format!("/arenden/{a}/flagga"),
        &[("fraga", "Vem ansvarar för rehabiliteringen?")],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let r = app
        .post(
            "/lokus/STL/moten",
            &[
                ("datum", day(t, 14).as_str()),
                ("tid", "09:30"),
                ("plats", "Stadshuset"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let mote = r.redirect_id();

    let mut chair = app.other_browser();
    chair.login(CHAIR).await;
    let forbidden = [
        "Komma tillbaka till jobbet",
        "Arbetsträning med stöd",
        "Utreda rätt till sjukpenning",
        "Ordna plats i arbetsträning",
        "Socialsekreterare",
    ];
    for who in [&mut app, &mut chair] {
        for path in ["", "/motespaket"] {
            let page = who.get(&format!("/lokus/STL/moten/{mote}{path}")).await;
            page.assert_ok();
            let text = page.text();
            for expected in [
                format!("Genomförd, initierad {}", day(t, -30)),
                "Försäkringskassan, Kommunen".into(),
                format!("Nästa uppföljning {}", day(t, 10)),
                "3, varav 2 försenade (Försäkringskassan 2)".into(),
            ] {
                assert!(text.contains(&expected), "{path} lacks {expected}: {text}");
            }
            for f in forbidden {
                assert!(!page.body.contains(f), "{path} shows {f}");
            }
        }
    }

    // Consent withdrawn: the SIP leaves the pre-read.
    app.post(
        &format!("/sip/{sip}/samtycke/aterkalla"),
        &[("datum", day(t, 0).as_str())],
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let text = chair
        .get(&format!("/lokus/STL/moten/{mote}/motespaket"))
        .await
        .text();
    assert!(!text.contains("Inbjudna parter"), "{text}");
    assert!(
        text.contains("Vem ansvarar för rehabiliteringen?"),
        "{text}"
    );
}
