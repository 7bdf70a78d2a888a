//! Demo requests for lotsning: every handläggare demo login (`fk@`, `af@`, `region@`,
//! `kommun@`) has requests in several states — sent, received, accepted with answers (one
//! ärende later closed), declined with a reason, withdrawn and forwarded — made through the
//! same core functions the pages call, as those people. Loaded by `lotsen demo` after the
//! other demo data, once (when `fjardlunda` has no requests).

use crate::arende::{change, create};
use crate::ctx::{ActiveForbund, Ctx};
use crate::db::Db;
use crate::error::CoreResult;
use crate::forfragan;
use lotsen_domain::arende_form::{ArendeForm, CloseForm};
use lotsen_domain::forfragan::{AvbojForm, ForfraganForm, SvarForm, VidareForm};
use lotsen_domain::{Actor, Grant, Role};
use uuid::Uuid;

/// One request: who sends it and what about (kommun, kön, age, typ, brådska, question).
struct Demo {
    from: &'static str,
    kommun: &'static str,
    kon: &'static str,
    alder: &'static str,
    typ: &'static str,
    bradska: &'static str,
    fraga: &'static str,
    then: Then,
}

/// What happens to it afterwards.
enum Then {
    Nothing,
    Opened,
    Accepted(&'static [&'static str]),
    AcceptedClosed(&'static [&'static str]),
    Declined(&'static str, &'static str),
    Withdrawn,
    Forwarded(&'static str),
}

const REQUESTS: &[Demo] = &[
    Demo {
        from: "fk@demo.lotsen.example",
        kommun: "9902",
        kon: "kvinna",
        alder: "41",
        typ: "lotsning",
        bradska: "normal",
        fraga: "Sjukskriven i två år med psykisk ohälsa. Rehabiliteringskedjan närmar sig dag 550 och vården och kommunen har olika bild av arbetsförmågan. Behöver hjälp att samla parterna.",
        then: Then::Accepted(&[
            "Jag har tagit kontakt med psykiatrimottagningen och kommunens arbetsmarknadsenhet. Vi föreslår ett flerpartsmöte vecka 50; jag återkommer med tid.",
        ]),
    },
    Demo {
        from: "fk@demo.lotsen.example",
        kommun: "9901",
        kon: "man",
        alder: "27",
        typ: "tillaggsresurs",
        bradska: "skyndsam",
        fraga: "Ung man med aktivitetsersättning som inte kommit vidare i daglig verksamhet. Skulle en social arbetscoach kunna vara aktuell?",
        then: Then::AcceptedClosed(&[
            "Personen är erbjuden plats hos social arbetscoach via förbundets insats. Ärendet avslutas här; coachen tar kontakt med dig.",
        ]),
    },
    Demo {
        from: "fk@demo.lotsen.example",
        kommun: "9903",
        kon: "kvinna",
        alder: "",
        typ: "sip",
        bradska: "normal",
        fraga: "Flera insatser från region och kommun utan samordning. Initiativ till SIP där Försäkringskassan är med.",
        then: Then::Opened,
    },
    Demo {
        from: "fk@demo.lotsen.example",
        kommun: "9902",
        kon: "man",
        alder: "52",
        typ: "lotsning",
        bradska: "normal",
        fraga: "Långtidssjukskriven med smärtproblematik, oklart vem som äger frågan om arbetslivsinriktad rehabilitering.",
        then: Then::Nothing,
    },
    Demo {
        from: "af@demo.lotsen.example",
        kommun: "9902",
        kon: "man",
        alder: "34",
        typ: "lotsning",
        bradska: "normal",
        fraga: "Inskriven länge utan att programmen passar. Behöver vägledning om vilken part som kan göra en utredning av arbetsförmåga.",
        then: Then::Declined(
            "ordinarie_verksamhet",
            "Det här kan lösas inom ordinarie verksamhet: kontakta vårdcentralen i Stenbäck om en arbetsförmågebedömning, och hör av dig igen om det kör fast.",
        ),
    },
    Demo {
        from: "af@demo.lotsen.example",
        kommun: "9903",
        kon: "kvinna",
        alder: "23",
        typ: "arendedragning",
        bradska: "akut",
        fraga: "Ung kvinna som riskerar att förlora sitt boende och avbryter allt. Vill dra ärendet i samverkansforum snarast.",
        then: Then::Nothing,
    },
    Demo {
        from: "af@demo.lotsen.example",
        kommun: "9901",
        kon: "okant",
        alder: "45",
        typ: "lotsning",
        bradska: "normal",
        fraga: "Frågan löste sig hos oss innan någon hann titta på den.",
        then: Then::Withdrawn,
    },
    Demo {
        from: "region@demo.lotsen.example",
        kommun: "9902",
        kon: "kvinna",
        alder: "38",
        typ: "lotsning",
        bradska: "skyndsam",
        fraga: "Patient med samsjuklighet som behöver stöd från socialtjänsten och Arbetsförmedlingen samtidigt. Svårt att få reda på vem som är handläggare.",
        then: Then::Accepted(&[
            "Handläggare på försörjningsstöd och Arbetsförmedlingen är kontaktade; de hör av sig till dig direkt.",
        ]),
    },
    Demo {
        from: "region@demo.lotsen.example",
        kommun: "9901",
        kon: "man",
        alder: "61",
        typ: "lotsning",
        bradska: "normal",
        fraga: "Gäller egentligen en person som flyttat till Stenbäck.",
        then: Then::Forwarded("STL"),
    },
    Demo {
        from: "kommun@demo.lotsen.example",
        kommun: "9902",
        kon: "man",
        alder: "19",
        typ: "lotsning",
        bradska: "normal",
        fraga: "Ung man som varken arbetar eller studerar och inte är inskriven någonstans. Vem kan ta första kontakten?",
        then: Then::Nothing,
    },
    Demo {
        from: "kommun@demo.lotsen.example",
        kommun: "9903",
        kon: "kvinna",
        alder: "67",
        typ: "lotsning",
        bradska: "normal",
        fraga: "Pensionär med ekonomiska frågor.",
        then: Then::Declined(
            "ej_malgrupp",
            "Förbundets målgrupp är personer i arbetsför ålder. Hänvisa till kommunens budget- och skuldrådgivning.",
        ),
    },
];

/// A person's context in the förbund, with their grants as the session would load them.
pub(crate) async fn ctx_for(db: &Db, forbund: &ActiveForbund, epost: &str) -> CoreResult<Ctx> {
    let mut tx = db.begin_as(Some(forbund.id), None, false).await?;
    let user: Uuid = sqlx::query_scalar("select user_id from app_user where epost = $1")
        .bind(epost)
        .fetch_one(&mut *tx)
        .await?;
    let grants: Vec<(Role, Option<Uuid>)> = sqlx::query_as(
        "select roll, lokus_id from role_assignment where forbund_id = $1 and user_id = $2",
    )
    .bind(forbund.id)
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ctx {
        user_id: user,
        namn: epost.into(),
        forbund: Some(forbund.clone()),
        actor: Actor {
            user_id: user,
            system_admin: false,
            grants: grants
                .into_iter()
                .map(|(role, lokus)| Grant { role, lokus })
                .collect(),
        },
        forbund_count: 1,
        request_id: None,
    })
}

/// Loads the demo requests unless `fjardlunda` has some. Returns how many were sent.
pub async fn load(db: &Db) -> CoreResult<usize> {
    let Ok(forbund) = crate::admin::forbund::by_slug(db, "fjardlunda").await else {
        return Ok(0);
    };
    let mut tx = db.begin_as(Some(forbund.id), None, false).await?;
    let has: bool =
        sqlx::query_scalar("select exists (select 1 from forfragan where forbund_id = $1)")
            .bind(forbund.id)
            .fetch_one(&mut *tx)
            .await?;
    let groups: Vec<(String, Uuid)> =
        sqlx::query_as("select kod, lokus_id from lokus_grupp where forbund_id = $1")
            .bind(forbund.id)
            .fetch_all(&mut *tx)
            .await?;
    tx.commit().await?;
    if has {
        return Ok(0);
    }
    let sk = ctx_for(db, &forbund, "koordinator@demo.lotsen.example").await?;
    for d in REQUESTS {
        let sender = ctx_for(db, &forbund, d.from).await?;
        let form = ForfraganForm {
            formular_id: Uuid::now_v7().to_string(),
            typ: d.typ.into(),
            kon: d.kon.into(),
            alder: d.alder.into(),
            alder_okand: if d.alder.is_empty() {
                "ja".into()
            } else {
                String::new()
            },
            bostadskommun: d.kommun.into(),
            ersattning: vec!["sjukpenning".into()],
            kontakt_part: vec!["fk".into(), "region".into(), "kommun".into()],
            fraga: d.fraga.into(),
            bradska: d.bradska.into(),
            samtycke: "muntligt_dokumenterat".into(),
            samtycke_part: vec!["fk".into(), "region".into(), "kommun".into()],
            svarssatt: "lotsen".into(),
            ..ForfraganForm::default()
        };
        let id = forfragan::send(db, &sender, &form).await?;
        match &d.then {
            Then::Nothing => {}
            Then::Opened => {
                forfragan::for_coordinator(db, &sk, id).await?;
            }
            Then::Accepted(answers) | Then::AcceptedClosed(answers) => {
                forfragan::for_coordinator(db, &sk, id).await?;
                let (form, _) = forfragan::prefill(db, &sk, id).await?;
                let form = ArendeForm {
                    malgrupper: vec!["psykisk_ohalsa".into(), "langtidssjukskriven".into()],
                    samverkansproblem: "racker_inte".into(),
                    ..form
                };
                let arende = create::create(db, &sk, &form).await?.arende_id;
                for a in *answers {
                    let svar = SvarForm {
                        svar: a.to_string(),
                    };
                    forfragan::answer(db, &sk, arende, &svar).await?;
                }
                if matches!(d.then, Then::AcceptedClosed(_)) {
                    let close = CloseForm {
                        avslut: "tillaggsresurs".into(),
                        avslutad_datum: form.inkom.clone(),
                    };
                    change::close(db, &sk, arende, &close).await?;
                }
            }
            Then::Declined(orsak, text) => {
                forfragan::for_coordinator(db, &sk, id).await?;
                let avboj = AvbojForm {
                    orsak: orsak.to_string(),
                    text: text.to_string(),
                };
                forfragan::decline(db, &sk, id, &avboj).await?;
            }
            Then::Withdrawn => forfragan::withdraw(db, &sender, id).await?,
            Then::Forwarded(kod) => {
                if let Some((_, lokus)) = groups.iter().find(|(k, _)| k == kod) {
                    let vidare = VidareForm {
                        lokus: lokus.to_string(),
                    };
                    forfragan::forward(db, &sk, id, &vidare).await?;
                }
            }
        }
    }
    Ok(REQUESTS.len())
}
