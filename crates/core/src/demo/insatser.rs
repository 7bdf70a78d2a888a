//! The demo förbund's insatser (issue 16): the shared social arbetscoach pool of
//! Stenbäck–Lövsjö (`STL-COACH`, owned by Stenbäcks kommun, coach `coach@`, insatsansvarig
//! `insats@`, with goals for the current year) and a stödperson in Norrvreta (`NRV-STOD`). Written through
//! the register's own form checks and store, so the demo also shows the rules hold.

use crate::db::Tx;
use crate::error::{CoreError, CoreResult};
use crate::insats::write::{insert_goal, store};
use lotsen_domain::insats::{InsatsForm, MalForm};
use uuid::Uuid;

/// The people and places the demo insatser refer to.
pub(super) struct Refs {
    pub forbund: Uuid,
    pub stenback: Uuid,
    pub norrvreta: Uuid,
    pub l_stl: Uuid,
    pub l_nrv: Uuid,
    pub coach: Uuid,
    pub ansvarig: Uuid,
}

/// Loads the insatser into `r.forbund` (the tenant of `tx` must be set to it).
pub(super) async fn load(tx: &mut Tx, r: &Refs) -> CoreResult<()> {
    // The goals follow the year the demo is loaded in, so that the start pages show current ones.
    let year = crate::db::today(tx).await?.year();
    let coach = store_form(
        tx,
        r.forbund,
        InsatsForm {
            kod: "STL-COACH".into(),
            namn: "Social arbetscoach Stenbäck–Lövsjö".into(),
            typ: "tillaggsresurs".into(),
            agare: r.stenback.to_string(),
            ansvarig: r.ansvarig.to_string(),
            lokus: vec![r.l_stl.to_string()],
            kommuner: vec!["9902".into(), "9903".into()],
            fran: "2025-01-01".into(),
            platser: "20".into(),
            status: "aktiv".into(),
            coacher: vec![r.coach.to_string()],
            ..InsatsForm::default()
        },
    )
    .await?;
    for (mal, varde) in [
        ("nyinskrivna", "40"),
        ("andel_paborjad_arbetstraning", "60"),
    ] {
        let v = MalForm {
            mal: mal.into(),
            varde: varde.into(),
            fran: format!("{year}-01-01"),
            till: format!("{year}-12-31"),
        }
        .parse()
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("demo goal {mal}: {e:?}")))?;
        insert_goal(tx, r.forbund, coach, &v).await?;
    }
    store_form(
        tx,
        r.forbund,
        InsatsForm {
            kod: "NRV-STOD".into(),
            namn: "Stödperson Norrvreta".into(),
            typ: "tillaggsresurs".into(),
            agare: r.norrvreta.to_string(),
            lokus: vec![r.l_nrv.to_string()],
            kommuner: vec!["9904".into()],
            fran: "2025-01-01".into(),
            platser: "8".into(),
            status: "aktiv".into(),
            coacher: vec![r.coach.to_string()],
            ..InsatsForm::default()
        },
    )
    .await?;
    Ok(())
}

async fn store_form(tx: &mut Tx, forbund: Uuid, form: InsatsForm) -> CoreResult<Uuid> {
    let v = form
        .parse()
        .map_err(|e| CoreError::Internal(anyhow::anyhow!("demo insats {}: {e:?}", form.kod)))?;
    let id = Uuid::now_v7();
    store(tx, forbund, id, &v).await?;
    Ok(id)
}
