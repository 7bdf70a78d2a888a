//! Demo data (DESIGN §6.2): two fictional förbund, their organisations, units, LOKUS groups
//! and one login per role, all with the password `demo-lotsen-2026`. Loaded only into an
//! empty database by `lotsen demo`; `arenden` adds two years of realistic ärenden (and any
//! number for benchmarks), `moten` LOKUS meetings, `nulagesanalys` a round of forms,
//! `insatser` the förbund's insatser (issue 16) and `sip` SIP records on STL and NRV ärenden
//! (issue 17).

pub mod arenden;
pub mod deltagare;
pub mod forfragningar;
mod insatser;
mod katalog;
pub mod moten;
pub mod nulagesanalys;
pub mod sip;

use crate::auth::password;
use crate::db::{Db, DbTarget, Tx, set_tenant};
use crate::error::CoreResult;
use anyhow::Context;
use sqlx::ConnectOptions;
use uuid::Uuid;

pub const PASSWORD: &str = "demo-lotsen-2026";

/// Every demo login with a description of its role, as printed by `lotsen demo`.
pub const LOGINS: &[(&str, &str)] = &[
    ("system@demo.lotsen.example", "systemadministratör"),
    (
        "forbund@demo.lotsen.example",
        "förbundsadministratör, Fjärdlunda",
    ),
    (
        "koordinator@demo.lotsen.example",
        "samverkanskoordinator för FJL och STL",
    ),
    ("ordforande@demo.lotsen.example", "ordförande i LOKUS STL"),
    ("ledamot@demo.lotsen.example", "ledamot i LOKUS STL"),
    ("fk@demo.lotsen.example", "handläggare, Försäkringskassan"),
    ("af@demo.lotsen.example", "handläggare, Arbetsförmedlingen"),
    (
        "region@demo.lotsen.example",
        "handläggare, Region Västerlän (båda förbunden)",
    ),
    (
        "kommun@demo.lotsen.example",
        "handläggare, Stenbäcks kommun",
    ),
    (
        "coach@demo.lotsen.example",
        "tilläggsresurs (social arbetscoach)",
    ),
    ("insats@demo.lotsen.example", "insatsansvarig för STL-COACH"),
    (
        "kustbygd@demo.lotsen.example",
        "förbundsadministratör och koordinator, Kustbygd",
    ),
];

/// Fictional kommuner of the demo (codes 99xx, län 99, flagged `fiktiv`).
const KOMMUNER: &[(&str, &str)] = &[
    ("9901", "Fjärdlunda"),
    ("9902", "Stenbäck"),
    ("9903", "Lövsjö"),
    ("9904", "Norrvreta"),
    ("9905", "Skärvik"),
    ("9906", "Sandhamra"),
    ("9907", "Kustby"),
];

/// Loads the demo unless the demo förbund exists already. Returns whether it loaded anything.
/// `owner` is used only to add the fictional kommuner to the reference table.
pub async fn load_if_empty(db: &Db, owner: &DbTarget) -> CoreResult<bool> {
    let mut tx = db.begin_as(None, None, true).await?;
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from forbund where slug = 'fjardlunda')")
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    if exists {
        return Ok(false);
    }
    add_fictional_kommuner(owner).await?;
    let hash = password::hash(PASSWORD.to_string()).await?;
    let mut tx = db.begin_as(None, None, true).await?;
    let mut d = Demo { tx: &mut tx, hash };
    d.load().await?;
    tx.commit().await?;
    Ok(true)
}

async fn add_fictional_kommuner(owner: &DbTarget) -> anyhow::Result<()> {
    let mut conn = owner
        .options
        .connect()
        .await
        .context("connecting as owner")?;
    for (kod, namn) in KOMMUNER {
        sqlx::query(
            "insert into kommun (kod, namn, lanskod, lan, fiktiv) \
             values ($1, $2, '99', 'Västerläns län (fiktivt)', true) on conflict (kod) do nothing",
        )
        .bind(kod)
        .bind(namn)
        .execute(&mut conn)
        .await?;
    }
    Ok(())
}

struct Demo<'a> {
    tx: &'a mut Tx,
    hash: String,
}

impl Demo<'_> {
    async fn load(&mut self) -> CoreResult<()> {
        let f1 = self
            .forbund(
                "Samordningsförbundet Fjärdlunda",
                "fjardlunda",
                "222000-1230",
            )
            .await?;
        let fk = self
            .org(f1, "fk", "Försäkringskassan LFC Västerlän")
            .await?;
        let fk_sp = self.unit(f1, fk, "Sjukpenning").await?;
        self.unit(f1, fk, "Aktivitetsersättning").await?;
        let af = self
            .org(f1, "af", "Arbetsförmedlingen Stenbäck–Lövsjö")
            .await?;
        for u in ["GK", "AR"] {
            self.unit(f1, af, u).await?;
        }
        let af_job = self.unit(f1, af, "JOB").await?;
        let sten = self
            .org(f1, "kommun", "Stenbäcks kommun, socialförvaltningen")
            .await?;
        let sten_fbs = self.unit(f1, sten, "Försörjningsstöd").await?;
        let verkstan = self
            .unit(f1, sten, "Arbetsträningsverksamheten Verkstan")
            .await?;
        let lov = self.org(f1, "kommun", "Lövsjö kommun").await?;
        self.unit(f1, lov, "KAA").await?;
        let fjl = self.org(f1, "kommun", "Fjärdlunda kommun").await?;
        self.unit(f1, fjl, "Försörjningsstöd").await?;
        let nrv = self.org(f1, "kommun", "Norrvreta kommun").await?;
        self.unit(f1, nrv, "Arbetsträning").await?;
        let region = self.org(f1, "region", "Region Västerlän").await?;
        let psyk = self
            .unit(f1, region, "Stenbäcks psykiatrimottagning")
            .await?;
        self.unit(f1, region, "Lövsjö vårdcentral").await?;
        self.unit(f1, region, "Norrvreta vårdcentral").await?;
        let skola = self.org(f1, "annan", "Fjärdlunda folkhögskola").await?;
        self.unit(f1, skola, "Allmän kurs").await?;

        let l_fjl = self.lokus(f1, "FJL", "Fjärdlunda", &["9901"]).await?;
        let l_stl = self
            .lokus(f1, "STL", "Stenbäck–Lövsjö", &["9902", "9903"])
            .await?;
        let l_nrv = self.lokus(f1, "NRV", "Norrvreta", &["9904"]).await?;
        self.lokus(f1, "KST", "Kuststråket", &["9905"]).await?;

        let f2 = self
            .forbund("Finsam Kustbygd", "kustbygd", "222001-4563")
            .await?;
        let f2_fk = self
            .org(f2, "fk", "Försäkringskassan LFC Västerlän")
            .await?;
        self.unit(f2, f2_fk, "Sjukpenning").await?;
        let f2_af = self.org(f2, "af", "Arbetsförmedlingen Kustbygd").await?;
        self.unit(f2, f2_af, "JOB").await?;
        let f2_kustby = self.org(f2, "kommun", "Kustby kommun").await?;
        self.unit(f2, f2_kustby, "Försörjningsstöd").await?;
        let f2_sand = self.org(f2, "kommun", "Sandhamra kommun").await?;
        self.unit(f2, f2_sand, "Arbetsmarknadsenheten").await?;
        let f2_region = self.org(f2, "region", "Region Västerlän").await?;
        let f2_vc = self.unit(f2, f2_region, "Kustby vårdcentral").await?;
        let f2_kst = self.lokus(f2, "KST", "Kustby", &["9906", "9907"]).await?;

        let sys = self
            .person("Systemadministratör Demo", "system@demo.lotsen.example")
            .await?;
        sqlx::query("update app_user set systemadmin = true where user_id = $1")
            .bind(sys)
            .execute(&mut **self.tx)
            .await?;

        let admin = self
            .person("Maria Fjällström", "forbund@demo.lotsen.example")
            .await?;
        self.member(f1, admin, None, None).await?;
        self.role(f1, admin, "forbund_admin", None).await?;
        self.role(f1, admin, "dataskyddsombud", None).await?;

        let sk = self
            .person("Karin Berg", "koordinator@demo.lotsen.example")
            .await?;
        self.member(f1, sk, Some(sten), None).await?;
        self.role(f1, sk, "koordinator", Some(l_fjl)).await?;
        self.role(f1, sk, "koordinator", Some(l_stl)).await?;

        let chair = self
            .person("Anders Öhman", "ordforande@demo.lotsen.example")
            .await?;
        self.member(f1, chair, Some(af), None).await?;
        self.role(f1, chair, "lokus_ordforande", Some(l_stl))
            .await?;

        let ledamot = self
            .person("Lena Åkesson", "ledamot@demo.lotsen.example")
            .await?;
        self.member(f1, ledamot, Some(region), None).await?;
        self.role(f1, ledamot, "lokus_ledamot", Some(l_stl)).await?;

        for (namn, epost, org, unit) in [
            ("Eva Sjöberg", "fk@demo.lotsen.example", fk, fk_sp),
            ("Omar Haddad", "af@demo.lotsen.example", af, af_job),
            ("Per Lindqvist", "region@demo.lotsen.example", region, psyk),
            ("Sofia Nyberg", "kommun@demo.lotsen.example", sten, sten_fbs),
        ] {
            let id = self.person(namn, epost).await?;
            self.member(f1, id, Some(org), Some(unit)).await?;
            self.role(f1, id, "handlaggare", None).await?;
            if epost.starts_with("region@") {
                // A region psychiatrist serving both förbund: one login, two memberships.
                self.member(f2, id, Some(f2_region), Some(f2_vc)).await?;
                self.role(f2, id, "handlaggare", None).await?;
            }
        }

        let coach = self.person("Jonas Ek", "coach@demo.lotsen.example").await?;
        self.member(f1, coach, Some(sten), Some(verkstan)).await?;
        self.role(f1, coach, "tillaggsresurs", None).await?;

        let ansvarig = self
            .person("Maria Insatsansvarig", "insats@demo.lotsen.example")
            .await?;
        self.member(f1, ansvarig, Some(sten), None).await?;
        self.role(f1, ansvarig, "insatsansvarig", None).await?;

        let kb = self
            .person("Hanna Strand", "kustbygd@demo.lotsen.example")
            .await?;
        self.member(f2, kb, Some(f2_kustby), None).await?;
        self.role(f2, kb, "forbund_admin", None).await?;
        self.role(f2, kb, "koordinator", Some(f2_kst)).await?;
        self.tenant(f1).await?;
        katalog::load(self.tx, f1).await?;
        insatser::load(
            self.tx,
            &insatser::Refs {
                forbund: f1,
                stenback: sten,
                norrvreta: nrv,
                l_stl,
                l_nrv,
                coach,
                ansvarig,
            },
        )
        .await?;
        Ok(())
    }

    async fn tenant(&mut self, forbund: Uuid) -> CoreResult<()> {
        set_tenant(self.tx, Some(forbund), None, true).await?;
        Ok(())
    }

    async fn forbund(&mut self, namn: &str, slug: &str, orgnr: &str) -> CoreResult<Uuid> {
        let id = Uuid::now_v7();
        self.tenant(id).await?;
        sqlx::query(
            "insert into forbund (forbund_id, namn, slug, organisationsnummer) values ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(namn)
        .bind(slug)
        .bind(orgnr)
        .execute(&mut **self.tx)
        .await?;
        Ok(id)
    }

    async fn org(&mut self, forbund: Uuid, part: &str, namn: &str) -> CoreResult<Uuid> {
        self.tenant(forbund).await?;
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into organisation (forbund_id, organisation_id, part, namn) values ($1, $2, $3, $4)",
        )
        .bind(forbund)
        .bind(id)
        .bind(part)
        .bind(namn)
        .execute(&mut **self.tx)
        .await?;
        Ok(id)
    }

    async fn unit(&mut self, forbund: Uuid, org: Uuid, namn: &str) -> CoreResult<Uuid> {
        self.tenant(forbund).await?;
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into enhet (forbund_id, organisation_id, enhet_id, namn) values ($1, $2, $3, $4)",
        )
        .bind(forbund)
        .bind(org)
        .bind(id)
        .bind(namn)
        .execute(&mut **self.tx)
        .await?;
        Ok(id)
    }

    async fn lokus(
        &mut self,
        forbund: Uuid,
        kod: &str,
        namn: &str,
        kommuner: &[&str],
    ) -> CoreResult<Uuid> {
        self.tenant(forbund).await?;
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into lokus_grupp (forbund_id, lokus_id, kod, namn) values ($1, $2, $3, $4)",
        )
        .bind(forbund)
        .bind(id)
        .bind(kod)
        .bind(namn)
        .execute(&mut **self.tx)
        .await?;
        for k in kommuner {
            sqlx::query(
                "insert into lokus_kommun (forbund_id, lokus_id, kommun_kod) values ($1, $2, $3)",
            )
            .bind(forbund)
            .bind(id)
            .bind(k)
            .execute(&mut **self.tx)
            .await?;
        }
        Ok(id)
    }

    async fn person(&mut self, namn: &str, epost: &str) -> CoreResult<Uuid> {
        let id = Uuid::now_v7();
        sqlx::query(
            "insert into app_user (user_id, namn, epost, losenord_hash) values ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(namn)
        .bind(epost)
        .bind(&self.hash)
        .execute(&mut **self.tx)
        .await?;
        Ok(id)
    }

    async fn member(
        &mut self,
        forbund: Uuid,
        user: Uuid,
        org: Option<Uuid>,
        unit: Option<Uuid>,
    ) -> CoreResult<()> {
        self.tenant(forbund).await?;
        sqlx::query(
            "insert into membership (forbund_id, user_id, organisation_id, enhet_id) values ($1, $2, $3, $4)",
        )
        .bind(forbund)
        .bind(user)
        .bind(org)
        .bind(unit)
        .execute(&mut **self.tx)
        .await?;
        // The first förbund a demo person joins created their account.
        sqlx::query(
            "update app_user set skapad_av_forbund = $1 where user_id = $2 and skapad_av_forbund is null",
        )
        .bind(forbund)
        .bind(user)
        .execute(&mut **self.tx)
        .await?;
        Ok(())
    }

    async fn role(
        &mut self,
        forbund: Uuid,
        user: Uuid,
        roll: &str,
        lokus: Option<Uuid>,
    ) -> CoreResult<()> {
        self.tenant(forbund).await?;
        sqlx::query("insert into role_assignment (forbund_id, user_id, roll, lokus_id) values ($1, $2, $3, $4)")
            .bind(forbund)
            .bind(user)
            .bind(roll)
            .bind(lokus)
            .execute(&mut **self.tx)
            .await?;
        Ok(())
    }
}
