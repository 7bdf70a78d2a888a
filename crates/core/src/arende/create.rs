//! Intake: the choices the form offers (also for the next ärende after "Spara och registrera
//! nästa"), and creating an ärende with its number.

use super::coordinator_groups;
use super::events;
use crate::audit::{self, AuditEntry};
use crate::ctx::Ctx;
use crate::db::today;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
use lotsen_domain::arende::Handelse;
use lotsen_domain::arende_form::{ArendeForm, Avsandare, ValidArende, arende_nummer};
use lotsen_domain::{Action, AuditAction, FieldErrors, Part};
use time::Date;
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LokusChoice {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
}

#[derive(Debug, Clone)]
pub struct AvsandareChoice {
    pub value: String,
    pub label: String,
    pub part: Part,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KommunChoice {
    pub kod: String,
    pub namn: String,
    /// Covered by one of the förbund's LOKUS groups (shown first).
    pub egen: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HandlaggareChoice {
    pub kod: String,
    pub organisation: String,
}

/// organisation id, organisation name, part, unit id, unit name
type SenderRow = (Uuid, String, Part, Option<Uuid>, Option<String>);

/// The active LOKUS groups among `groups`, by code.
pub async fn lokus_choices(
    tx: &mut Tx,
    forbund: Uuid,
    groups: &[Uuid],
) -> CoreResult<Vec<LokusChoice>> {
    Ok(sqlx::query_as::<_, LokusChoice>(
        "select lokus_id, kod, namn from lokus_grupp \
         where forbund_id = $1 and lokus_id = any($2) and aktiv order by kod",
    )
    .bind(forbund)
    .bind(groups)
    .fetch_all(&mut **tx)
    .await?)
}

/// Everything the intake form offers, with the coordinator's sensible defaults.
#[derive(Debug, Clone)]
pub struct IntakeChoices {
    pub lokus: Vec<LokusChoice>,
    pub avsandare: Vec<AvsandareChoice>,
    pub kommuner: Vec<KommunChoice>,
    pub handlaggare: Vec<HandlaggareChoice>,
    pub today: Date,
    /// The form prefilled: today, the last LOKUS group and remitting unit used (after "Spara
    /// och registrera nästa": the group, sender and channel of the ärende just saved).
    pub defaults: ArendeForm,
    /// The ärende just saved with "Spara och registrera nästa", for the confirmation.
    pub registered: Option<Registered>,
}

/// An ärende the coordinator has just registered: what the next form's confirmation names.
#[derive(Debug, Clone)]
pub struct Registered {
    pub arende_id: Uuid,
    pub nummer: String,
}

/// The intake form's choices and defaults.
pub async fn intake_choices(db: &Db, ctx: &Ctx) -> CoreResult<IntakeChoices> {
    choices(db, ctx, None).await
}

/// The intake form after "Spara och registrera nästa" saved `after`: a fresh form that keeps
/// that ärende's LOKUS group, sender and channel, and its number for the confirmation. Only
/// for the person who registered it while they coordinate its group; for any other id the
/// plain intake form (nothing of the ärende is shown).
pub async fn next_intake(db: &Db, ctx: &Ctx, after: Uuid) -> CoreResult<IntakeChoices> {
    choices(db, ctx, Some(after)).await
}

/// lokus, organisation, unit
type LastUsed = (Uuid, Option<Uuid>, Option<Uuid>);
/// id, number, lokus, organisation, unit and channel of the ärende just registered
type JustRegistered = (
    Uuid,
    String,
    Uuid,
    Option<Uuid>,
    Option<Uuid>,
    Option<String>,
);

async fn choices(db: &Db, ctx: &Ctx, after: Option<Uuid>) -> CoreResult<IntakeChoices> {
    let forbund = ctx.forbund_id()?;
    let groups = coordinator_groups(ctx);
    if groups.is_empty() {
        return Err(CoreError::NotFound);
    }
    let mut tx = db.begin(ctx).await?;
    let lokus = lokus_choices(&mut tx, forbund, &groups).await?;
    let rows: Vec<SenderRow> = sqlx::query_as(
        "select o.organisation_id, o.namn, o.part, e.enhet_id, e.namn from organisation o \
         left join enhet e on e.forbund_id = o.forbund_id and e.organisation_id = o.organisation_id \
         where o.forbund_id = $1 \
         order by array_position($2::text[], o.part), o.namn, e.namn nulls first",
    )
    .bind(forbund)
    .bind(lotsen_domain::Part::report_order())
    .fetch_all(&mut *tx)
    .await?;
    let mut avsandare = Vec::new();
    let mut last = None;
    for (org, org_namn, part, enhet, enhet_namn) in rows {
        if last != Some(org) {
            avsandare.push(AvsandareChoice {
                value: Avsandare::Organisation(org).value(),
                label: org_namn.clone(),
                part,
            });
            last = Some(org);
        }
        if let (Some(e), Some(n)) = (enhet, enhet_namn) {
            avsandare.push(AvsandareChoice {
                value: Avsandare::Enhet(e).value(),
                label: format!("{org_namn} – {n}"),
                part,
            });
        }
    }
    let kommuner = sqlx::query_as::<_, KommunChoice>(
        "select k.kod, k.namn, exists (select 1 from lokus_kommun lk \
                 where lk.forbund_id = $1 and lk.kommun_kod = k.kod) as egen \
         from kommun k where not k.fiktiv or exists (select 1 from lokus_kommun lk \
                 where lk.forbund_id = $1 and lk.kommun_kod = k.kod) \
         order by egen desc, k.namn",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    let handlaggare = sqlx::query_as::<_, HandlaggareChoice>(
        "select h.kod, o.namn as organisation from handlaggare h \
         join organisation o on o.forbund_id = h.forbund_id and o.organisation_id = h.organisation_id \
         where h.forbund_id = $1 order by h.kod limit 500",
    )
    .bind(forbund)
    .fetch_all(&mut *tx)
    .await?;
    let mut last_used: Option<LastUsed> = sqlx::query_as(
        // Requests accepted from the portal do not change the phone intake's default sender.
        "select lokus_id, organisation_id, enhet_id from arende \
         where forbund_id = $1 and skapad_av = $2 and lokus_id = any($3) \
           and kanal is distinct from 'portal' \
         order by created_at desc limit 1",
    )
    .bind(forbund)
    .bind(ctx.user_id)
    .bind(&groups)
    .fetch_optional(&mut *tx)
    .await?;
    let just: Option<JustRegistered> = match after {
        Some(id) => {
            sqlx::query_as(
                "select arende_id, nummer, lokus_id, organisation_id, enhet_id, kanal from arende \
                 where forbund_id = $1 and arende_id = $2 and skapad_av = $3 and lokus_id = any($4)",
            )
            .bind(forbund)
            .bind(id)
            .bind(ctx.user_id)
            .bind(&groups)
            .fetch_optional(&mut *tx)
            .await?
        }
        None => None,
    };
    let today = today(&mut tx).await?;
    tx.commit().await?;
    let mut kanal = "telefon".to_string();
    let mut registered = None;
    if let Some((arende_id, nummer, lokus, organisation, enhet, k)) = just {
        last_used = Some((lokus, organisation, enhet));
        kanal = k.unwrap_or_default();
        registered = Some(Registered { arende_id, nummer });
    }
    let default_lokus = match (&last_used, lokus.as_slice()) {
        (Some((l, _, _)), _) => Some(*l),
        (None, [only]) => Some(only.lokus_id),
        _ => None,
    };
    let default_avsandare = match last_used {
        Some((_, _, Some(e))) => Avsandare::Enhet(e).value(),
        Some((_, Some(o), None)) => Avsandare::Organisation(o).value(),
        _ => String::new(),
    };
    let defaults = ArendeForm {
        formular_id: Uuid::now_v7().to_string(),
        lokus: default_lokus.map(|l| l.to_string()).unwrap_or_default(),
        inkom: today.to_string(),
        kanal,
        avsandare: default_avsandare,
        kon: "okant".into(),
        ..ArendeForm::default()
    };
    Ok(IntakeChoices {
        lokus,
        avsandare,
        kommuner,
        handlaggare,
        today,
        defaults,
        registered,
    })
}

/// The ärende this person already created from the form `formular_id`, if any.
async fn by_form_id(
    tx: &mut crate::db::Tx,
    forbund: Uuid,
    person: Uuid,
    formular_id: Uuid,
) -> CoreResult<Option<Created>> {
    let found: Option<(Uuid, String)> = sqlx::query_as(
        "select arende_id, nummer from arende \
         where forbund_id = $1 and skapad_av = $2 and formular_id = $3",
    )
    .bind(forbund)
    .bind(person)
    .bind(formular_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.map(|(arende_id, nummer)| Created {
        arende_id,
        nummer,
        already: true,
    }))
}

/// The result of a submitted intake form.
#[derive(Debug, Clone)]
pub struct Created {
    pub arende_id: Uuid,
    pub nummer: String,
    /// The same form had been submitted before; nothing new was created.
    pub already: bool,
}

/// Creates an ärende and takes its number, in one transaction.
#[tracing::instrument(name = "arende.create.create", skip_all)]
pub async fn create(db: &Db, ctx: &Ctx, form: &ArendeForm) -> CoreResult<Created> {
    let forbund = ctx.forbund_id()?;
    let mut tx = db.begin(ctx).await?;
    let today = today(&mut tx).await?;
    let v = form.parse(today).map_err(CoreError::Invalid)?;
    let forfragan = match form.forfragan.trim() {
        "" => None,
        id => Some(Uuid::parse_str(id).map_err(|_| {
            CoreError::invalid("forfragan", "Förfrågan finns inte. Öppna den på nytt.")
        })?),
    };
    if !ctx.can(Action::WriteArende { lokus: v.lokus }) {
        return Err(CoreError::invalid(
            "lokus",
            "Välj en av dina LOKUS-grupper.",
        ));
    }
    // The form's id is only an idempotency key of this person's: a second submit of the same
    // form finds the ärende the first one created; the server makes the ärende's own id.
    if let Some(found) = by_form_id(&mut tx, forbund, ctx.user_id, v.id).await? {
        return Ok(found);
    }
    let arende_id = Uuid::now_v7();
    let refs = resolve(&mut tx, forbund, &v).await?;
    let ar = v.inkom.year();
    let seq: i32 = sqlx::query_scalar(
        "insert into arende_nummer (forbund_id, lokus_id, ar, senaste) values ($1, $2, $3, 1) \
         on conflict (forbund_id, lokus_id, ar) do update set senaste = arende_nummer.senaste + 1 \
         returning senaste",
    )
    .bind(forbund)
    .bind(v.lokus)
    .bind(ar)
    .fetch_one(&mut *tx)
    .await?;
    let nummer = arende_nummer(ar, &refs.lokus_kod, seq);
    let inserted = sqlx::query(
        "insert into arende (forbund_id, arende_id, lokus_id, ar, lopnummer, nummer, inkom, kanal, part, \
             organisation_id, enhet_id, handlaggare_id, kon, alder, bostadskommun, samverkansproblem, \
             beskrivning, skapad_av, formular_id) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(forbund)
    .bind(arende_id)
    .bind(v.lokus)
    .bind(ar)
    .bind(seq)
    .bind(&nummer)
    .bind(v.inkom)
    .bind(v.kanal.map(|k| k.code()))
    .bind(refs.part)
    .bind(refs.organisation)
    .bind(refs.enhet)
    .bind(refs.handlaggare)
    .bind(v.kon.code())
    .bind(v.alder)
    .bind(&v.bostadskommun)
    .bind(v.samverkansproblem.map(|s| s.code()))
    .bind(&v.beskrivning)
    .bind(ctx.person())
    .bind(v.id)
    .execute(&mut *tx)
    .await;
    // Two submits of one form at the same moment: the second waits for the first and then
    // finds its ärende.
    if let Err(sqlx::Error::Database(d)) = &inserted
        && d.constraint() == Some("arende_formular_key")
    {
        drop(tx);
        let mut tx = db.begin(ctx).await?;
        let found = by_form_id(&mut tx, forbund, ctx.user_id, v.id).await?;
        tx.commit().await?;
        return found
            .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("the form's ärende vanished")));
    }
    inserted?;
    write_codes(&mut tx, forbund, arende_id, &v).await?;
    events::append(&mut tx, ctx, arende_id, Handelse::Skapad, "").await?;
    if let Some(request) = forfragan {
        crate::forfragan::accept_in(&mut tx, ctx, request, arende_id, v.lokus, &nummer).await?;
        // A request for tilläggsresurs accepted with an offer: the person enters the queue.
        if !form.insats.trim().is_empty() {
            let mut e = FieldErrors::new();
            let insats = crate::deltagare::check_choice(
                &mut tx,
                forbund,
                v.lokus,
                true,
                &form.insats,
                &mut e,
            )
            .await?;
            let Some(insats) = insats else {
                return Err(CoreError::Invalid(e));
            };
            super::change::record_action_in(
                &mut tx,
                ctx,
                arende_id,
                lotsen_domain::arende::Atgard::TillaggsresursErbjuden,
                today,
            )
            .await?;
            crate::deltagare::enqueue_in(&mut tx, ctx, arende_id, insats, today).await?;
        }
    }
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::ArendeCreate).on("arende", arende_id),
    )
    .await?;
    tx.commit().await?;
    Ok(Created {
        arende_id,
        nummer,
        already: false,
    })
}

/// The ärende's references, checked against the förbund.
pub(crate) struct Refs {
    pub lokus_kod: String,
    pub part: Part,
    pub organisation: Uuid,
    pub enhet: Option<Uuid>,
    pub handlaggare: Option<Uuid>,
}

pub(crate) async fn resolve(tx: &mut Tx, forbund: Uuid, v: &ValidArende) -> CoreResult<Refs> {
    let mut e = FieldErrors::new();
    let lokus_kod: Option<String> =
        sqlx::query_scalar("select kod from lokus_grupp where forbund_id = $1 and lokus_id = $2")
            .bind(forbund)
            .bind(v.lokus)
            .fetch_optional(&mut **tx)
            .await?;
    if lokus_kod.is_none() {
        e.add("lokus", "Välj en av dina LOKUS-grupper.");
    }
    let place: Option<(Uuid, Option<Uuid>, Part)> = match v.avsandare {
        Avsandare::Organisation(id) => sqlx::query_as(
            "select organisation_id, null::uuid, part from organisation where forbund_id = $1 and organisation_id = $2",
        )
        .bind(forbund)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?,
        Avsandare::Enhet(id) => sqlx::query_as(
            "select e.organisation_id, e.enhet_id, o.part from enhet e join organisation o \
             on o.forbund_id = e.forbund_id and o.organisation_id = e.organisation_id \
             where e.forbund_id = $1 and e.enhet_id = $2",
        )
        .bind(forbund)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?,
    };
    if place.is_none() {
        e.add("avsandare", "Välj en organisation eller enhet i listan.");
    }
    if let Some(k) = &v.bostadskommun {
        let known: bool = sqlx::query_scalar("select exists (select 1 from kommun where kod = $1)")
            .bind(k)
            .fetch_one(&mut **tx)
            .await?;
        if !known {
            e.add("bostadskommun", "Välj en kommun i listan.");
        }
    }
    let (Some(lokus_kod), Some((organisation, enhet, part))) = (lokus_kod, place) else {
        return Err(CoreError::Invalid(e));
    };
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    let handlaggare = match &v.handlaggare {
        Some(kod) => Some(handlaggare_id(tx, forbund, organisation, enhet, kod).await?),
        None => None,
    };
    Ok(Refs {
        lokus_kod,
        part,
        organisation,
        enhet,
        handlaggare,
    })
}

/// Finds the handläggare with this code at the organisation, or creates them.
async fn handlaggare_id(
    tx: &mut Tx,
    forbund: Uuid,
    organisation: Uuid,
    enhet: Option<Uuid>,
    kod: &str,
) -> CoreResult<Uuid> {
    let id: Uuid = sqlx::query_scalar(
        "insert into handlaggare (forbund_id, handlaggare_id, organisation_id, enhet_id, kod) \
         values ($1, $2, $3, $4, $5) \
         on conflict (forbund_id, organisation_id, kod) do update set kod = excluded.kod \
         returning handlaggare_id",
    )
    .bind(forbund)
    .bind(Uuid::now_v7())
    .bind(organisation)
    .bind(enhet)
    .bind(kod)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Replaces the ärende's ersättningar and målgrupper.
pub(crate) async fn write_codes(
    tx: &mut Tx,
    forbund: Uuid,
    id: Uuid,
    v: &ValidArende,
) -> CoreResult<()> {
    sqlx::query("delete from arende_ersattning where forbund_id = $1 and arende_id = $2")
        .bind(forbund)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("delete from arende_malgrupp where forbund_id = $1 and arende_id = $2")
        .bind(forbund)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let ersattning: Vec<&str> = v.ersattning.iter().map(|c| c.code()).collect();
    let malgrupper: Vec<&str> = v.malgrupper.iter().map(|c| c.code()).collect();
    sqlx::query(
        "insert into arende_ersattning (forbund_id, arende_id, kod) select $1, $2, unnest($3::text[])",
    )
    .bind(forbund)
    .bind(id)
    .bind(&ersattning)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into arende_malgrupp (forbund_id, arende_id, kod) select $1, $2, unnest($3::text[])",
    )
    .bind(forbund)
    .bind(id)
    .bind(&malgrupper)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
