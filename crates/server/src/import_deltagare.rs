//! `lotsen import deltagare --forbund SLUG --insats KOD FIL.csv` (DESIGN §6.4b): the same core
//! function as the upload page, acting on the förbund's behalf as the insats's insatsansvarig
//! would (`Ctx::cli` with an insatsansvarig grant); the participants get no coach, and the
//! import is audited with no person.

use crate::explain;
use anyhow::{Context, bail};
use lotsen_core::Ctx;
use lotsen_core::admin::forbund;
use lotsen_core::deltagare::import;
use lotsen_domain::{Grant, Role};
use lotsen_server::Database;
use std::path::Path;
use std::time::Instant;

pub(crate) async fn run(db: &Database, slug: &str, kod: &str, file: &Path) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(file).with_context(|| format!("kunde inte läsa {}", file.display()))?;
    let active = forbund::by_slug(&db.db, slug)
        .await
        .map_err(|_| anyhow::anyhow!("förbundet {slug:?} finns inte"))?;
    let mut ctx = Ctx::cli(Some(active));
    ctx.actor.grants.push(Grant {
        role: Role::Insatsansvarig,
        lokus: None,
    });
    eprintln!("Observera: {}", import::IDENTITY_WARNING);
    let started = Instant::now();
    let kod = kod.trim().to_uppercase();
    let report = match import::import(&db.db, &ctx, &kod, &bytes).await {
        Err(lotsen_core::CoreError::NotFound) => {
            bail!("insatsen {kod:?} finns inte i {slug}")
        }
        r => r.map_err(explain)?,
    };
    if let Some(notice) = report.encoding.notice() {
        eprintln!("{notice}");
    }
    if !report.ignored_columns.is_empty() {
        eprintln!(
            "Kolumner som inte läses in: {}.",
            report.ignored_columns.join("; ")
        );
    }
    if !report.errors.is_empty() {
        for e in &report.errors {
            eprintln!("{e}");
        }
        if report.rows == 0 {
            bail!("{}", report.failure().unwrap_or_default());
        }
        bail!(
            "{} fel i {} (rad 1 är rubrikraden). Ingenting importerades.",
            report.errors.len(),
            file.display()
        );
    }
    println!(
        "{} deltagare importerade, {} fanns redan.",
        report.new_rows, report.already
    );
    if let Some((first, last)) = report.numbers {
        println!("  Nummer: Deltagare {first} – Deltagare {last}");
    }
    println!("  Utan coach: tilldela dem under /insatser/{kod}/deltagare.");
    println!("Tid: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
