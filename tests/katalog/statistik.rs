//! `atgarder_per_insats` in the figures: counts by hand, the CSV and XLSX, and suppression.

use super::*;
use crate::support::fixture::{ArendeFixture as Fx, insert_arenden};
use lotsen_core::statistik::{self, ExportFormat, Selection};
use lotsen_domain::statistik::suppression::{Publication, audit};
use lotsen_domain::statistik::{Period, Tabell};
use time::macros::date;

const YEAR_2025: Period = Period {
    fran: date!(2025 - 01 - 01),
    till: date!(2025 - 12 - 31),
};

#[tokio::test]
async fn actions_per_entry_count_arenden_by_kon_once_per_entry() {
    let app = TestApp::demo().await;
    let base = Fx {
        lokus: "STL",
        part: "fk",
        ..Fx::EMPTY
    };
    let ids = insert_arenden(
        &app,
        "fjardlunda",
        &[
            Fx {
                inkom: "2025-02-01",
                kon: "kvinna",
                ..base
            },
            Fx {
                inkom: "2025-03-01",
                kon: "man",
                ..base
            },
            Fx {
                inkom: "2025-04-01",
                kon: "okant",
                ..base
            },
            Fx {
                inkom: "2025-05-01",
                kon: "kvinna",
                ..base
            },
            // Outside the period and in another group: never counted here.
            Fx {
                inkom: "2024-12-31",
                kon: "kvinna",
                ..base
            },
            Fx {
                lokus: "FJL",
                inkom: "2025-06-01",
                kon: "man",
                ..base
            },
        ],
    )
    .await;
    let unga = entry_id(&app, "fjardlunda", "UNGA-LOTS").await.to_string();
    let kaa = entry_id(&app, "fjardlunda", "LOV-KAA").await.to_string();
    let mut b = as_user(&app, "koordinator@demo.lotsen.example").await;
    let actions: [(usize, &str); 7] = [
        (0, &unga),
        (0, &unga), // twice for one ärende: counted once
        (1, &unga),
        (1, &kaa),
        (2, &kaa),
        (4, &unga),
        (5, &unga),
    ];
    for (i, k) in actions {
        b.post(
            &format!("/arenden/{}/atgarder", ids[i]),
            &[
                ("kod", "kontakt_formedlad"),
                ("datum", "2025-06-30"),
                ("katalog", k),
            ],
        )
        .await
        .assert_redirect_to(&format!("/arenden/{}?klart=sparat", ids[i]));
    }
    let ctx = cli_ctx(&app, "fjardlunda").await;
    let stl = statistik::lokus_by_code(&app.t.db, &ctx, "STL")
        .await
        .unwrap();
    let sel = Selection {
        lokus: Some(stl),
        period: YEAR_2025,
        suppress: false,
    };
    let f = statistik::figures(&app.t.db, &ctx, sel).await.unwrap();
    let t = f.set.table(Tabell::AtgarderPerInsats).expect("the table");
    let row = |kod: &str| -> Vec<i64> {
        ["kvinna", "man", "okant_kon", "totalt"]
            .iter()
            .map(|c| t.value(kod, c).unwrap())
            .collect()
    };
    assert_eq!(row("UNGA-LOTS"), vec![1, 1, 0, 2]);
    assert_eq!(row("LOV-KAA"), vec![0, 1, 1, 2]);
    assert_eq!(row("STB-VERK"), vec![0, 0, 0, 0]);
    let n = count(&app, "fjardlunda").await;
    assert_eq!(t.rows.len() as i64, n, "a row per entry, zeros included");
    assert!(t.inconsistencies().is_empty());
    // The whole förbund also counts FJL's ärende.
    let whole = statistik::figures(&app.t.db, &ctx, Selection { lokus: None, ..sel })
        .await
        .unwrap();
    assert_eq!(
        whole
            .set
            .table(Tabell::AtgarderPerInsats)
            .unwrap()
            .value("UNGA-LOTS", "man"),
        Some(2)
    );

    // The CSV and the XLSX carry it.
    let csv = statistik::export(&app.t.db, &ctx, sel, ExportFormat::Csv)
        .await
        .unwrap();
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("\r\natgarder_per_insats;UNGA-LOTS;kvinna;1\r\n"),
        "{text}"
    );
    assert!(text.contains("\r\natgarder_per_insats;LOV-KAA;totalt;2\r\n"));
    let xlsx = statistik::export(&app.t.db, &ctx, sel, ExportFormat::Xlsx)
        .await
        .unwrap();
    use calamine::{Reader, Xlsx};
    let book = Xlsx::new(std::io::Cursor::new(xlsx.bytes)).unwrap();
    assert!(
        book.sheet_names()
            .contains(&"Åtgärder per insats".to_string())
    );

    // Suppressed, it is part of the one publication the audit checks.
    let mut f = statistik::figures(
        &app.t.db,
        &ctx,
        Selection {
            suppress: true,
            ..sel
        },
    )
    .await
    .unwrap();
    let t = f.set.table(Tabell::AtgarderPerInsats).unwrap();
    let r = t.row_index("UNGA-LOTS").unwrap();
    assert_ne!(t.display(r, 0, 5), "1", "a small count is not shown");
    let p = Publication::of(&mut f.set.tables);
    let report = audit(&p, 5);
    assert!(report.is_clean(), "{:?}", report.findings);
}
