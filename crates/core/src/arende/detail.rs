//! One ärende with everything recorded about it and its timeline. Every read is audited.

use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::{CoreError, CoreResult};
use lotsen_domain::Part;
use lotsen_domain::arende::{
    Atgard, Avslut, Ersattning, Handelse, Kanal, Kon, Malgrupp, Samverkansproblem, Status,
};
use lotsen_domain::{Action, AuditAction};
use time::Date;
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArendeDetail {
    pub arende_id: Uuid,
    pub lokus_id: Uuid,
    pub lokus_kod: String,
    pub lokus_namn: String,
    pub nummer: String,
    pub inkom: Date,
    pub kanal: Option<Kanal>,
    pub part: Part,
    pub organisation_id: Option<Uuid>,
    pub organisation: Option<String>,
    pub enhet_id: Option<Uuid>,
    pub enhet: Option<String>,
    pub handlaggare: Option<String>,
    pub kon: Kon,
    pub alder: Option<i32>,
    pub bostadskommun: Option<String>,
    pub bostadskommun_namn: Option<String>,
    pub samverkansproblem: Option<Samverkansproblem>,
    pub beskrivning: String,
    pub status: Status,
    pub avslut: Option<Avslut>,
    pub avslutad_datum: Option<Date>,
    pub flaggad: bool,
    pub lokus_fraga: Option<String>,
    pub flaggad_datum: Option<Date>,
    pub identifierad: bool,
    /// Consent is recorded (identity may or may not be entered yet).
    pub har_samtycke: bool,
    /// Today's Swedish date, the default for new actions and closing.
    pub idag: Date,
    pub ersattning: Vec<Ersattning>,
    pub malgrupper: Vec<Malgrupp>,
}

/// A timeline row as read; the target party's label is Rust's, not SQL's.
#[derive(sqlx::FromRow)]
struct TimelineRow {
    datum: Date,
    typ: Handelse,
    kod: Option<Atgard>,
    mal_part: Option<Part>,
    mal: Option<String>,
    text: String,
    av: Option<String>,
    registrerad: String,
}

impl TimelineRow {
    fn item(self) -> TimelineItem {
        TimelineItem {
            datum: self.datum,
            typ: self.typ,
            kod: self.kod,
            mal: self
                .mal
                .or_else(|| self.mal_part.map(|p| p.label().to_string())),
            text: self.text,
            av: self.av,
            registrerad: self.registrerad,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TimelineItem {
    pub datum: Date,
    pub typ: Handelse,
    /// The action, for actions.
    pub kod: Option<Atgard>,
    pub mal: Option<String>,
    pub text: String,
    pub av: Option<String>,
    /// When it was recorded, local Swedish time.
    pub registrerad: String,
}

#[derive(Debug, Clone)]
pub struct ArendeView {
    pub arende: ArendeDetail,
    pub timeline: Vec<TimelineItem>,
    pub samtycke: Option<super::consent::SamtyckeView>,
    pub identitet: Option<super::consent::IdentitetView>,
    /// The förbund's organisations, the targets an action may name.
    pub organisationer: Vec<OrganisationChoice>,
    /// The request the ärende came from through the portal, with the answers to its sender.
    pub forfragan: Option<crate::forfragan::ArendeRequest>,
    /// The catalogue's suggestions for the individual and the entries an action may name.
    pub katalog: crate::katalog::ForArende,
    /// The person's enrolments in insatser: status and dates only (never the coach's data).
    pub insatser: Vec<crate::deltagare::ArendeInsats>,
    /// The insatser whose queue "Tilläggsresurs erbjuden" can put the person in: (id, name).
    pub insats_val: Vec<(Uuid, String)>,
    /// The ärende's SIP records: status and dates.
    pub sip: Vec<crate::sip::SipDeltagare>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganisationChoice {
    pub organisation_id: Uuid,
    pub namn: String,
}

/// Reads one ärende for a coordinator of its LOKUS group; anyone else gets `NotFound`.
pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<ArendeView> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let arende = sqlx::query_as::<_, ArendeDetail>(
        "select a.arende_id, a.lokus_id, l.kod as lokus_kod, l.namn as lokus_namn, a.nummer, a.inkom, \
                a.kanal, a.part, a.organisation_id, o.namn as organisation, a.enhet_id, e.namn as enhet, \
                h.kod as handlaggare, a.kon, a.alder, a.bostadskommun, k.namn as bostadskommun_namn, \
                a.samverkansproblem, a.beskrivning, a.status, a.avslut, a.avslutad_datum, a.flaggad, \
                a.lokus_fraga, a.flaggad_datum, a.identifierad, \
                exists (select 1 from samtycke s where s.forbund_id = a.forbund_id \
                        and s.arende_id = a.arende_id) as har_samtycke, \
                lotsen_today() as idag, \
                coalesce((select array_agg(x.kod order by x.kod) from arende_ersattning x \
                          where x.forbund_id = a.forbund_id and x.arende_id = a.arende_id), '{}') as ersattning, \
                coalesce((select array_agg(x.kod order by x.kod) from arende_malgrupp x \
                          where x.forbund_id = a.forbund_id and x.arende_id = a.arende_id), '{}') as malgrupper \
         from arende a \
         join lokus_grupp l on l.forbund_id = a.forbund_id and l.lokus_id = a.lokus_id \
         left join organisation o on o.forbund_id = a.forbund_id and o.organisation_id = a.organisation_id \
         left join enhet e on e.forbund_id = a.forbund_id and e.enhet_id = a.enhet_id \
         left join handlaggare h on h.forbund_id = a.forbund_id and h.handlaggare_id = a.handlaggare_id \
         left join kommun k on k.kod = a.bostadskommun \
         where a.forbund_id = $1 and a.arende_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    ctx.require(Action::ReadArende {
        lokus: arende.lokus_id,
        raised_by_actor: false,
    })?;
    let timeline = sqlx::query_as::<_, TimelineRow>(&format!(
        "select datum, typ, kod, mal_part, mal, text, av, registrerad from ({}) \
             x(datum, typ, kod, mal_part, mal, text, av, created_at) \
         cross join lateral (select to_char(lotsen_local(x.created_at), 'YYYY-MM-DD HH24:MI') as registrerad) r \
         order by datum, created_at",
        super::events::timeline_sql()
    ))
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(TimelineRow::item)
    .collect();
    let (samtycke, identitet) = if arende.har_samtycke {
        super::consent::load(&mut tx, forbund, id).await?
    } else {
        (None, None)
    };
    let organisationer = sqlx::query_as::<_, OrganisationChoice>(
        "select organisation_id, namn from organisation where forbund_id = $1 \
         order by array_position($2::text[], part), namn",
    )
    .bind(forbund)
    .bind(lotsen_domain::Part::report_order())
    .fetch_all(&mut *tx)
    .await?;
    let forfragan = if arende.kanal == Some(Kanal::Portal) {
        crate::forfragan::for_arende(&mut tx, forbund, id).await?
    } else {
        None
    };
    let matchning = crate::katalog::Matchning {
        kommun: arende.bostadskommun.clone(),
        alder: arende.alder,
        malgrupper: arende.malgrupper.clone(),
        ersattning: arende.ersattning.clone(),
    };
    let katalog = crate::katalog::for_arende_in(&mut tx, ctx, &matchning).await?;
    let panels = crate::deltagare::arende_panel_in(&mut tx, forbund, id, arende.lokus_id).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::ArendeRead).on("arende", id),
    )
    .await?;
    tx.commit().await?;
    Ok(ArendeView {
        arende,
        timeline,
        samtycke,
        identitet,
        organisationer,
        forfragan,
        katalog,
        insatser: panels.insatser,
        insats_val: panels.insats_val,
        sip: panels.sip,
    })
}
