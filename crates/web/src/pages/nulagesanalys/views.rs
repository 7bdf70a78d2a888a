//! View models of the nulägesanalys pages. Answers are plain text split into paragraphs and
//! list items here; the templates escape every string.

use crate::figures::{CHART_WIDTH, KvalitetView, TableView, table_view};
use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::nulagesanalys::compile::Compiled;
use lotsen_core::nulagesanalys::form::FormView;
use lotsen_core::nulagesanalys::omgang::{Overview, Rounds};
use lotsen_core::nulagesanalys::signing::Changed;
use lotsen_core::statistik::Figures;
use lotsen_domain::FieldErrors;
use lotsen_domain::nulagesanalys::{ANSWER_MAX, Block, OmgangForm, Status, blocks};
use uuid::Uuid;

pub struct RoundRow {
    pub ar: i32,
    pub senast: String,
    pub period: String,
    pub passed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "nulagesanalys/index.html")]
pub struct IndexPage {
    pub page: PageCtx,
    pub rounds: Vec<RoundRow>,
    pub manage: bool,
    pub form: OmgangForm,
    pub errors: FieldErrors,
}

impl IndexPage {
    pub fn new(page: PageCtx, r: Rounds, form: OmgangForm, errors: FieldErrors) -> IndexPage {
        IndexPage {
            page,
            rounds: r
                .rounds
                .iter()
                .map(|o| RoundRow {
                    ar: o.ar,
                    senast: o.senast.to_string(),
                    period: format!("{} – {}", o.fran, o.till),
                    passed: r.today > o.senast,
                })
                .collect(),
            manage: r.manage,
            form,
            errors,
        }
    }
}

pub struct GroupRow {
    pub kod: String,
    pub namn: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub signed: String,
}

pub struct QuestionRow {
    pub id: Uuid,
    pub nr: usize,
    pub text: String,
    pub first: bool,
    pub last: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "nulagesanalys/omgang.html")]
pub struct OmgangPage {
    pub page: PageCtx,
    pub ar: i32,
    pub senast: String,
    pub period: String,
    pub groups: Vec<GroupRow>,
    pub questions: Vec<QuestionRow>,
    pub manage: bool,
    pub locked: bool,
    pub signed_count: usize,
    pub form: OmgangForm,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}

impl OmgangPage {
    pub fn new(
        page: PageCtx,
        o: Overview,
        form: Option<OmgangForm>,
        errors: FieldErrors,
        flash: Option<&'static str>,
    ) -> OmgangPage {
        let n = o.fragor.len();
        OmgangPage {
            page,
            ar: o.omgang.ar,
            senast: o.omgang.senast.to_string(),
            period: format!("{} – {}", o.omgang.fran, o.omgang.till),
            signed_count: o
                .groups
                .iter()
                .filter(|g| matches!(g.status, Status::Signerad { .. }))
                .count(),
            groups: o
                .groups
                .into_iter()
                .map(|g| GroupRow {
                    status: g.status.label(),
                    status_code: g.status.code(),
                    signed: match (&g.signerad_namn, g.signerad_datum) {
                        (Some(n), Some(d)) => format!("{n}, {d}"),
                        _ => String::new(),
                    },
                    kod: g.kod,
                    namn: g.namn,
                })
                .collect(),
            questions: o
                .fragor
                .into_iter()
                .enumerate()
                .map(|(i, q)| QuestionRow {
                    id: q.fraga_id,
                    nr: i + 1,
                    text: q.text,
                    first: i == 0,
                    last: i + 1 == n,
                })
                .collect(),
            manage: o.manage,
            locked: o.locked,
            form: form.unwrap_or_else(|| OmgangForm {
                ar: o.omgang.ar.to_string(),
                senast: o.omgang.senast.to_string(),
                fran: o.omgang.fran.to_string(),
                till: o.omgang.till.to_string(),
            }),
            errors,
            flash,
        }
    }
}

pub struct AnswerView {
    pub id: Uuid,
    pub nr: usize,
    pub fraga: String,
    pub text: String,
    pub blocks: Vec<Block>,
    pub error: Option<String>,
}

/// The figure tables of one group, with ids made unique by a prefix (several groups share
/// the compiled document).
fn tables(f: &Figures, prefix: &str) -> Vec<TableView> {
    f.set
        .exported()
        .map(|t| {
            let mut v = table_view(&f.set, t);
            v.id = format!("{prefix}{}", v.id);
            v
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "nulagesanalys/blankett.html")]
pub struct BlankettPage {
    pub page: PageCtx,
    pub ar: i32,
    pub kod: String,
    pub namn: String,
    pub senast: String,
    pub period: String,
    pub status: &'static str,
    pub signed: bool,
    pub signerad: String,
    pub can_write: bool,
    pub can_sign: bool,
    pub answers: Vec<AnswerView>,
    pub tables: Vec<TableView>,
    pub chart_width: u32,
    pub answer_max: usize,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
    /// The version the page's forms send back (a save from an older page is refused).
    pub version: i32,
    /// Cells whose live count differs from what the chair signed.
    pub changes: Vec<Changed>,
    pub history: Vec<HistoryView>,
    pub may_reopen: bool,
    /// The reason typed for reopening, after an error.
    pub skal: String,
    pub kvalitet: KvalitetView,
}

/// One line of the form's history.
pub struct HistoryView {
    pub tid: String,
    pub text: String,
}

/// The confirmation before the chair signs.
#[derive(Template, WebTemplate)]
#[template(path = "nulagesanalys/signera.html")]
pub struct SignPage {
    pub page: PageCtx,
    pub ar: i32,
    pub kod: String,
    pub unanswered: Vec<String>,
    pub version: i32,
}

impl BlankettPage {
    pub fn new(
        page: PageCtx,
        v: FormView,
        typed: Option<Vec<(Uuid, String)>>,
        errors: FieldErrors,
        flash: Option<&'static str>,
    ) -> BlankettPage {
        let signed = v.signerad_datum.is_some();
        let answers = v
            .svar
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let text = typed
                    .as_ref()
                    .and_then(|t| t.iter().find(|(id, _)| *id == s.fraga.fraga_id))
                    .map(|(_, t)| t.clone())
                    .unwrap_or_else(|| s.text.clone());
                AnswerView {
                    id: s.fraga.fraga_id,
                    nr: i + 1,
                    fraga: s.fraga.text.clone(),
                    blocks: blocks(&s.text),
                    error: lotsen_domain::nulagesanalys::answer_error(&text),
                    text,
                }
            })
            .collect();
        BlankettPage {
            page,
            ar: v.omgang.ar,
            kod: v.grupp.kod.clone(),
            namn: v.grupp.namn.clone(),
            senast: v.omgang.senast.to_string(),
            period: format!("{} – {}", v.omgang.fran, v.omgang.till),
            status: v.status.label(),
            signed,
            signerad: match (&v.signerad_namn, v.signerad_datum) {
                (Some(n), Some(d)) => format!("{n}, {d}"),
                _ => String::new(),
            },
            can_write: v.perms.write && !signed,
            can_sign: v.perms.sign && !signed,
            answers,
            // Signed, the form shows the figures the chair signed.
            tables: match &v.signed {
                Some(set) => tables(
                    &Figures {
                        set: set.clone(),
                        ..v.figures.clone()
                    },
                    "",
                ),
                None => tables(&v.figures, ""),
            },
            chart_width: CHART_WIDTH,
            answer_max: ANSWER_MAX,
            errors,
            flash,
            version: v.version,
            changes: v.changes.clone(),
            history: v
                .history
                .iter()
                .map(|h| HistoryView {
                    tid: h.tid.clone(),
                    text: match h.typ.as_str() {
                        "signerad" => format!("Signerad av {}", h.namn),
                        _ => format!("Öppnad igen av {}: {}", h.namn, h.skal),
                    },
                })
                .collect(),
            may_reopen: v.may_reopen,
            skal: String::new(),
            kvalitet: KvalitetView::of(std::slice::from_ref(&v.kvalitet)),
        }
    }
}

pub struct CompiledForm {
    pub kod: String,
    pub namn: String,
    pub signerad: String,
    pub late: bool,
    pub answers: Vec<AnswerView>,
    pub tables: Vec<TableView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "nulagesanalys/sammanstallning.html")]
pub struct CompiledPage {
    pub page: PageCtx,
    pub ar: i32,
    pub forbund: String,
    pub senast: String,
    pub period: String,
    pub forms: Vec<CompiledForm>,
    /// Groups without a signed form: "KOD – Namn" and their status.
    pub unsigned: Vec<(String, &'static str)>,
    pub chart_width: u32,
}

impl CompiledPage {
    pub fn new(page: PageCtx, c: Compiled) -> CompiledPage {
        let senast = c.omgang.senast;
        CompiledPage {
            page,
            ar: c.omgang.ar,
            forbund: c.forbund_namn,
            senast: senast.to_string(),
            period: format!("{} – {}", c.omgang.fran, c.omgang.till),
            forms: c
                .forms
                .iter()
                .map(|f| CompiledForm {
                    kod: f.grupp.kod.clone(),
                    namn: f.grupp.namn.clone(),
                    signerad: format!("{}, {}", f.signerad_namn, f.signerad_datum),
                    late: f.signerad_datum > senast,
                    answers: f
                        .svar
                        .iter()
                        .enumerate()
                        .map(|(i, s)| AnswerView {
                            id: s.fraga.fraga_id,
                            nr: i + 1,
                            fraga: s.fraga.text.clone(),
                            text: s.text.clone(),
                            blocks: blocks(&s.text),
                            error: None,
                        })
                        .collect(),
                    tables: tables(&f.figures, &format!("{}-", f.grupp.kod.to_lowercase())),
                })
                .collect(),
            unsigned: c
                .unsigned
                .iter()
                .map(|(kod, namn, answered)| {
                    (
                        format!("LOKUS {kod} – {namn}"),
                        if *answered {
                            "Påbörjad, inte signerad"
                        } else {
                            "Inte påbörjad"
                        },
                    )
                })
                .collect(),
            chart_width: CHART_WIDTH,
        }
    }
}
