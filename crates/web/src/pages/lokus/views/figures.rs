//! The group's figures on the meeting page, the pack and the protokoll, as tables.

use lotsen_core::lokus::figures::{Figures, Pair};
use lotsen_domain::Part;
use lotsen_domain::arende::{Kon, Samverkansproblem};

/// One table row of figures: a label and its counts.
pub struct FigurRad {
    pub label: String,
    pub cells: Vec<i64>,
    pub total: bool,
}

pub struct FigurTabell {
    pub id: &'static str,
    pub caption: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<FigurRad>,
}

pub struct FiguresView {
    pub sedan: String,
    pub ar: String,
    pub tables: Vec<FigurTabell>,
}

fn pair_row(label: impl Into<String>, p: Pair, total: bool) -> FigurRad {
    FigurRad {
        label: label.into(),
        cells: vec![p.sedan, p.ar],
        total,
    }
}

impl FiguresView {
    pub fn of(f: &Figures) -> FiguresView {
        let sedan = format!("{} – {}", f.sedan_fran, f.till);
        let ar = format!("{} – {}", f.ar_fran, f.till);
        let kon: Vec<Option<&str>> = Kon::ALL
            .iter()
            .map(|k| Some(k.code()))
            .chain([None])
            .collect();
        let part_kon = |caption: String, id: &'static str, pick: fn(Pair) -> i64| FigurTabell {
            id,
            caption,
            columns: vec!["Kvinna", "Man", "Okänt kön", "Totalt"],
            rows: Part::ALL
                .iter()
                .map(|p| Some(*p))
                .chain([None])
                .map(|part| FigurRad {
                    label: part.map_or("Totalt", Part::label).into(),
                    cells: kon
                        .iter()
                        .map(|k| pick(f.cell(part.map(Part::code), *k)))
                        .collect(),
                    total: part.is_none(),
                })
                .collect(),
        };
        let mut problem: Vec<FigurRad> = Samverkansproblem::ALL
            .iter()
            .map(|p| pair_row(p.label(), f.problem(Some(p.code())), false))
            .collect();
        problem.push(pair_row("Inte bedömt", f.problem(None), false));
        problem.push(pair_row("Totalt", f.problem_total(), true));
        FiguresView {
            tables: vec![
                part_kon(
                    format!("Inkomna ärenden per part och kön sedan förra mötet ({sedan})"),
                    "fig-sedan",
                    |p| p.sedan,
                ),
                part_kon(
                    format!("Inkomna ärenden per part och kön hittills i år ({ar})"),
                    "fig-ar",
                    |p| p.ar,
                ),
                FigurTabell {
                    id: "fig-problem",
                    caption: "Samverkansproblem i inkomna ärenden".into(),
                    columns: vec!["Sedan förra mötet", "Hittills i år"],
                    rows: problem,
                },
                FigurTabell {
                    id: "fig-lokus",
                    caption: "Lyfta till LOKUS och avslutade ärenden".into(),
                    columns: vec!["Sedan förra mötet", "Hittills i år"],
                    rows: vec![
                        pair_row("Lyfta till LOKUS", f.flaggade, false),
                        pair_row("Avslutade", f.avslutade, false),
                    ],
                },
            ],
            sedan,
            ar,
        }
    }
}
