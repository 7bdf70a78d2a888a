//! The XLSX with every group's figures side by side.

use super::*;

#[tokio::test]
async fn the_xlsx_puts_every_group_side_by_side() {
    use calamine::{Data, Reader, Xlsx};
    let app = with_round().await;
    let base = Fx {
        lokus: "STL",
        part: "fk",
        org: Some(FK),
        kon: "kvinna",
        alder: Some(40),
        inkom: "2025-09-01",
        ..Fx::default()
    };
    insert(
        &app,
        "fjardlunda",
        &[
            base,
            Fx { kon: "man", ..base },
            Fx {
                lokus: "FJL",
                ..base
            },
            Fx {
                inkom: "2025-06-30",
                ..base
            },
        ],
    )
    .await;
    let ctx = Ctx::cli(Some(
        lotsen_core::admin::forbund::by_slug(&app.t.db, "fjardlunda")
            .await
            .unwrap(),
    ));
    let file = compile::xlsx(&app.t.db, &ctx, 2026, false).await.unwrap();
    assert!(
        file.filename
            .starts_with("nulagesanalys_2026_grupper_2025-07-01_2026-06-30")
    );
    let mut book = Xlsx::new(std::io::Cursor::new(file.bytes)).unwrap();
    assert_eq!(
        book.sheet_names().len(),
        14,
        "the Urval sheet and one sheet per table"
    );
    assert_eq!(book.sheet_names()[0], "Urval");
    let urval = book.worksheet_range("Urval").unwrap();
    let text: Vec<String> = urval.cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(text.iter().any(|t| t == "LOKUS STL – Stenbäck–Lövsjö"));
    assert!(text.iter().any(|t| t == "Blanketten är inte signerad"));
    assert!(text.iter().any(|t| t.starts_with("Nej: exakta tal")));
    let sheet = book.worksheet_range("Ärenden per part").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    // Groups in code order: FJL, KST, NRV, STL; each a block of the table's columns.
    let width = (1..60)
        .take_while(|c| cell(3, *c) != Data::String("KST – Kuststråket".into()))
        .count();
    assert_eq!(cell(3, 1), Data::String("FJL – Fjärdlunda".into()));
    assert!(width > 1);
    let stl = 1 + 3 * width as u32;
    assert_eq!(cell(3, stl), Data::String("STL – Stenbäck–Lövsjö".into()));
    assert_eq!(cell(4, 0), Data::String("Rad".into()));
    assert_eq!(cell(4, stl), Data::String("Försäkringskassan".into()));
    assert_eq!(cell(5, 0), Data::String("Kvinnor".into()));
    assert_eq!(
        cell(5, stl),
        Data::Float(1.0),
        "STL: one woman in the period"
    );
    assert_eq!(cell(6, stl), Data::Float(1.0), "STL: one man");
    assert_eq!(cell(5, 1), Data::Float(1.0), "FJL: its own woman");
    assert_eq!(cell(5, 1 + width as u32), Data::Float(0.0), "KST: none");
    let whole = 1 + 4 * width as u32;
    assert_eq!(cell(3, whole), Data::String("Hela förbundet".into()));
    assert_eq!(
        cell(5, whole),
        Data::Float(2.0),
        "the whole förbund: STL's and FJL's women"
    );
}
