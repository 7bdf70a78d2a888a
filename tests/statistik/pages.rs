//! The statistics pages: who reaches which figures, the tables and charts, presets and bad parameters.

use super::*;

#[tokio::test]
async fn another_forbunds_group_is_not_found() {
    let app = fixture().await;
    let ctx = cli_ctx(&app, "kustbygd").await;
    assert!(matches!(
        statistik::lokus_by_code(&app.t.db, &ctx, "STL").await,
        Err(lotsen_core::CoreError::NotFound)
    ));
}

#[tokio::test]
async fn every_role_reaches_exactly_the_figures_it_may_see() {
    let app = fixture().await;
    let whole = "/statistik/nulagesanalys?fran=2025-01-01&till=2025-12-31";
    let fjl = "/statistik/nulagesanalys?lokus=FJL&fran=2025-01-01&till=2025-12-31";
    let stl_csv = format!("{STL_2025}&format=csv");
    // (login, /statistik, whole förbund, STL, FJL)
    let expected: &[(&str, bool, bool, bool, bool)] = &[
        ("forbund@demo.lotsen.example", true, true, true, true),
        ("koordinator@demo.lotsen.example", true, false, true, true),
        ("ordforande@demo.lotsen.example", true, false, true, false),
        ("ledamot@demo.lotsen.example", true, false, true, false),
        ("fk@demo.lotsen.example", false, false, false, false),
        ("af@demo.lotsen.example", false, false, false, false),
        ("region@demo.lotsen.example", false, false, false, false),
        ("kommun@demo.lotsen.example", false, false, false, false),
        ("coach@demo.lotsen.example", false, false, false, false),
        // kustbygd's admin sees its own förbund, never fjardlunda's groups
        ("kustbygd@demo.lotsen.example", true, true, false, false),
    ];
    assert_eq!(expected.len(), DEMO_TENANT_LOGINS.len());
    for (login, index, all, stl, fjl_ok) in expected {
        let mut b = app.other_browser();
        b.login_in(
            login,
            if login.starts_with("kustbygd") {
                "kustbygd"
            } else {
                "fjardlunda"
            },
        )
        .await;
        let status = |ok: bool| {
            if ok {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            }
        };
        let home = b.get("/").await;
        assert_eq!(
            home.body.contains("href=\"/statistik\""),
            *index,
            "{login}: nav link"
        );
        assert_eq!(b.get("/statistik").await.status, status(*index), "{login}");
        assert_eq!(b.get(whole).await.status, status(*all), "{login} whole");
        assert_eq!(b.get(STL_2025).await.status, status(*stl), "{login} STL");
        assert_eq!(
            b.get(&stl_csv).await.status,
            status(*stl),
            "{login} STL csv"
        );
        assert_eq!(b.get(fjl).await.status, status(*fjl_ok), "{login} FJL");
        assert_eq!(
            b.get("/statistik/nulagesanalys?lokus=XYZ&fran=2025-01-01&till=2025-12-31")
                .await
                .status,
            status(false),
            "{login} unknown group"
        );
    }
    let mut sys = app.other_browser();
    sys.login("system@demo.lotsen.example").await;
    assert_eq!(sys.get("/statistik").await.status, StatusCode::NOT_FOUND);
    assert_eq!(sys.get(STL_2025).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_page_shows_every_table_with_a_chart_and_a_view_by_kon() {
    let mut app = fixture().await;
    app.login("ordforande@demo.lotsen.example").await;
    let form = app.get("/statistik").await;
    form.assert_ok();
    assert!(form.body.contains("<option value=\"STL\""), "own group");
    assert!(
        !form.body.contains("<option value=\"FJL\""),
        "not another group"
    );
    assert!(!form.body.contains("Hela förbundet"));

    let page = app.get(STL_2025).await;
    page.assert_ok();
    let text = page.text();
    for t in Tabell::nulagesanalys() {
        assert!(page.body.contains(&format!("id=\"{}\"", t.code())), "{t:?}");
    }
    assert_eq!(page.body.matches("<svg role=\"img\"").count(), 13);
    assert!(text.contains("Kvinnor Män Okänt kön Totalt"), "{text}");
    assert!(text.contains("Tilläggsresurs påbörjad"));
    let kon = app.get(&format!("{STL_2025}&vy=kon")).await;
    kon.assert_ok();
    // shares of each kön: 2 of the 3 women came from kommun 9902, so 67 %
    assert!(kon.text().contains("2 (67 %)"), "{}", kon.text());
    assert!(kon.text().contains("Handläggarnas kön registreras inte"));
    let print = app.get(&format!("{STL_2025}&utskrift=1")).await;
    print.assert_ok();
    assert!(print.body.contains("print-view"));
    let suppressed = app.get(&format!("{STL_2025}&undertryck=1")).await;
    assert!(suppressed.text().contains("<5") || suppressed.body.contains("&#60;5"));
    assert!(!suppressed.text().contains("2 (67 %)"));
}

#[tokio::test]
async fn presets_choose_the_period_and_bad_parameters_get_messages() {
    let mut app = fixture().await;
    app.login("forbund@demo.lotsen.example").await;
    let r = app
        .get("/statistik/nulagesanalys?lokus=STL&period=tertial&ar=2025&tertial=1")
        .await;
    r.assert_ok();
    assert!(r.text().contains("2025-01-01 – 2025-04-30"));
    let r = app
        .get("/statistik/nulagesanalys?lokus=&period=ar&ar=2025")
        .await;
    r.assert_ok();
    assert!(r.text().contains("Hela förbundet"));
    for (query, field, message) in [
        ("period=ar&ar=tjugo", "ar", "Skriv året med fyra siffror"),
        (
            "period=tertial&ar=2025&tertial=5",
            "tertial",
            "Välj tertial 1, 2 eller 3",
        ),
        (
            "period=sedan&sedan=2999-01-01",
            "sedan",
            "Startdatumet ligger i framtiden",
        ),
        (
            "period=sedan&sedan=1990-01-01",
            "sedan",
            "Datumet ska ligga mellan",
        ),
        (
            "fran=2025-02-30&till=2025-03-01",
            "fran",
            "Skriv datumet som ÅÅÅÅ-MM-DD",
        ),
        (
            "fran=2025-05-01&till=2025-04-01",
            "till",
            "Sista dagen ligger före första dagen",
        ),
        ("fran=&till=", "fran", "Fyll i första dagen"),
        ("period=ar&ar=2025&format=pdf", "format", "Välj webbsida"),
        (
            "period=ar&ar=2025&undertryck=ja",
            "undertryck",
            "Välj om små antal",
        ),
        ("period=vecka", "period", "Välj en av perioderna"),
    ] {
        let r = app
            .get(&format!("/statistik/nulagesanalys?lokus=STL&{query}"))
            .await;
        r.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains(message), "{query}: {}", r.text());
        assert!(r.body.contains(&format!("id=\"f-{field}-fel\"")), "{query}");
        assert!(r.body.contains(&format!("href=\"#f-{field}\"")), "{query}");
    }
}
