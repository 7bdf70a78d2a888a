//! "Insatser som kan passa": matching by kommun, age, målgrupper and ersättning.

use super::*;
use lotsen_core::katalog::{Matchning, suggest};
use lotsen_domain::arende::{Ersattning, Malgrupp};

async fn codes(app: &TestApp, m: Matchning) -> Vec<String> {
    let ctx = cli_ctx(app, "fjardlunda").await;
    suggest(&app.t.db, &ctx, &m)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.kod)
        .collect()
}

#[tokio::test]
async fn suggestions_follow_kommun_age_malgrupp_and_ersattning() {
    let app = TestApp::demo().await;
    // A 17-year-old in Lövsjö, neither working nor studying, no ersättning.
    let got = codes(
        &app,
        Matchning {
            kommun: Some("9903".into()),
            alder: Some(17),
            malgrupper: vec![Malgrupp::UngaUvas],
            ersattning: vec![],
        },
    )
    .await;
    assert!(got.contains(&"LOV-KAA".to_string()), "{got:?}");
    assert!(got.contains(&"UNGA-LOTS".to_string()));
    for not in ["STB-VERK", "NRV-UNG", "FK-AKT", "FHS-ALLM", "REG-PSYK"] {
        assert!(!got.contains(&not.to_string()), "{not} in {got:?}");
    }
    // Entries for the målgrupp come before those for everyone; within, Swedish order.
    assert_eq!(got, vec!["LOV-KAA", "UNGA-LOTS"]);

    // 22 with aktivitetsersättning: the FK and folkhögskola entries that require it match.
    let got = codes(
        &app,
        Matchning {
            kommun: Some("9901".into()),
            alder: Some(22),
            malgrupper: vec![Malgrupp::UngaAktivitetsersattning],
            ersattning: vec![Ersattning::Aktivitetsersattning],
        },
    )
    .await;
    assert!(got.contains(&"FK-AKT".to_string()), "{got:?}");
    assert!(got.contains(&"UNGA-LOTS".to_string()));
    assert!(!got.contains(&"LOV-KAA".to_string()));
    // Without the ersättning, the entry requiring it does not match.
    let got = codes(
        &app,
        Matchning {
            kommun: Some("9901".into()),
            alder: Some(22),
            malgrupper: vec![Malgrupp::UngaAktivitetsersattning],
            ersattning: vec![Ersattning::Sjukpenning],
        },
    )
    .await;
    assert!(!got.contains(&"FK-AKT".to_string()), "{got:?}");
    // Nothing known: every active, current entry passes (up to the limit), never an avslutad one.
    let got = codes(&app, Matchning::default()).await;
    assert!(!got.contains(&"FK-TIDIG".to_string()));
    assert!(!got.contains(&"REG-SKA".to_string()));
    assert_eq!(got.len(), 12);
}
