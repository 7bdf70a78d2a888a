//! The people of a förbund: their membership (workplace, active or not), their roles, and
//! one-time passwords. A person is one identity across förbund; an administrator manages only
//! the membership in their own förbund. The account itself (name, password) is the förbund's
//! to manage only when the förbund created it and it reaches no other förbund; otherwise one
//! förbund could take over an account that reaches another. A system administrator's account
//! is never attached to a förbund. Attaching an existing account makes a pending membership that
//! the person accepts after logging in; until then the förbund sees only the e-mail address.

use super::admin_scope;
use crate::audit::{self, AuditEntry};
use crate::auth::{password, session};
use crate::ctx::Ctx;
use crate::db::{Db, Tx};
use crate::error::{CoreError, CoreResult};
pub use lotsen_domain::admin_forms::UserForm;
use lotsen_domain::validate::{Email, Name};
use lotsen_domain::{AuditAction, FieldErrors, Grant, Role};
use uuid::Uuid;

/// The result of adding a person to a förbund.
#[derive(Debug, Clone)]
pub struct Attached {
    pub user_id: Uuid,
    /// Shown once to the administrator; `None` when the person already had an account.
    pub one_time_password: Option<String>,
}

/// Adds a person to a förbund: a new account with a one-time password, or a membership for an
/// existing account with the same e-mail address.
pub(crate) async fn attach_person(
    tx: &mut Tx,
    forbund: Uuid,
    namn: &Name,
    epost: &Email,
    organisation: Option<Uuid>,
    enhet: Option<Uuid>,
) -> CoreResult<Attached> {
    let existing: Option<(Uuid, bool)> =
        sqlx::query_as("select user_id, systemadmin from app_user where lower(epost) = lower($1)")
            .bind(epost.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    let (user_id, one_time_password) = match existing {
        Some((_, true)) => {
            return Err(CoreError::invalid(
                "epost",
                "Den e-postadressen hör till ett konto som inte kan läggas till i ett förbund. Använd en annan adress.",
            ));
        }
        Some((id, false)) => {
            let member: bool = sqlx::query_scalar(
                "select exists (select 1 from membership where forbund_id = $1 and user_id = $2)",
            )
            .bind(forbund)
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
            if member {
                return Err(CoreError::invalid(
                    "epost",
                    "Det finns redan en användare med den e-postadressen i förbundet.",
                ));
            }
            (id, None)
        }
        None => {
            let otp = password::one_time_password();
            let hash = password::hash(otp.clone()).await?;
            let id = Uuid::now_v7();
            sqlx::query(
                "insert into app_user (user_id, namn, epost, losenord_hash, maste_byta_losenord, \
                     skapad_av_forbund) \
                 values ($1, $2, $3, $4, true, $5)",
            )
            .bind(id)
            .bind(namn.as_str())
            .bind(epost.as_str())
            .bind(hash)
            .bind(forbund)
            .execute(&mut **tx)
            .await?;
            (id, Some(otp))
        }
    };
    // A new account's membership is confirmed; an existing account's waits for the person.
    sqlx::query(
        "insert into membership (forbund_id, user_id, organisation_id, enhet_id, bekraftad) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(forbund)
    .bind(user_id)
    .bind(organisation)
    .bind(enhet)
    .bind(one_time_password.is_some())
    .execute(&mut **tx)
    .await?;
    Ok(Attached {
        user_id,
        one_time_password,
    })
}

/// Resolves a workplace choice into (organisation, unit) within the förbund.
async fn workplace(
    tx: &mut Tx,
    forbund: Uuid,
    choice: &str,
) -> Result<(Option<Uuid>, Option<Uuid>), String> {
    const BAD: &str = "Välj en arbetsplats i listan.";
    let choice = choice.trim();
    if choice.is_empty() {
        return Ok((None, None));
    }
    let parsed = choice
        .split_once(':')
        .and_then(|(kind, id)| Uuid::parse_str(id).ok().map(|id| (kind, id)));
    let found: Option<(Uuid, Option<Uuid>)> = match parsed {
        Some(("org", id)) => sqlx::query_as(
            "select organisation_id, null::uuid from organisation where forbund_id = $1 and organisation_id = $2",
        )
        .bind(forbund)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|_| BAD.to_string())?,
        Some(("enhet", id)) => sqlx::query_as(
            "select organisation_id, enhet_id from enhet where forbund_id = $1 and enhet_id = $2",
        )
        .bind(forbund)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|_| BAD.to_string())?,
        _ => None,
    };
    found
        .map(|(o, e)| (Some(o), e))
        .ok_or_else(|| BAD.to_string())
}

#[tracing::instrument(name = "admin.users.create", skip_all)]
pub async fn create(db: &Db, ctx: &Ctx, form: &UserForm) -> CoreResult<Attached> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let mut e = FieldErrors::new();
    let namn = e.check("namn", Name::parse(&form.namn, "namn"));
    let epost = e.check("epost", Email::parse(&form.epost));
    let place = e.check(
        "arbetsplats",
        workplace(&mut tx, forbund, &form.arbetsplats).await,
    );
    let (Some(namn), Some(epost), Some((org, enhet))) = (namn, epost, place) else {
        return Err(CoreError::Invalid(e));
    };
    let attached = attach_person(&mut tx, forbund, &namn, &epost, org, enhet).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::UserCreate).on("app_user", attached.user_id),
    )
    .await?;
    tx.commit().await?;
    Ok(attached)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserListItem {
    pub user_id: Uuid,
    /// The person's name, or — while they have not accepted the membership — their e-mail.
    pub namn: String,
    pub epost: String,
    pub aktiv: bool,
    /// Attached to an existing account and not yet accepted by the person.
    pub vantar: bool,
    pub arbetsplats: Option<String>,
    pub roller: Vec<Role>,
}

impl UserListItem {
    pub fn role_labels(&self) -> String {
        let mut labels: Vec<&str> = self.roller.iter().map(|r| r.label()).collect();
        labels.dedup();
        labels.join(", ")
    }
}

/// The förbund's people, in Swedish order.
pub async fn list(db: &Db, ctx: &Ctx) -> CoreResult<Vec<UserListItem>> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let rows = sqlx::query_as::<_, UserListItem>(
        "select u.user_id, case when m.bekraftad then u.namn::text else u.epost end as namn, \
                u.epost, m.aktiv, not m.bekraftad as vantar, \
                concat_ws(' – ', o.namn, e.namn) as arbetsplats, \
                coalesce((select array_agg(r.roll order by array_position($2::text[], r.roll)) \
                  from role_assignment r where r.forbund_id = m.forbund_id and r.user_id = m.user_id), '{}') as roller \
         from membership m join app_user u using (user_id) \
         left join organisation o on o.forbund_id = m.forbund_id and o.organisation_id = m.organisation_id \
         left join enhet e on e.forbund_id = m.forbund_id and e.enhet_id = m.enhet_id \
         where m.forbund_id = $1 order by not m.bekraftad, u.namn, u.epost",
    )
    .bind(forbund)
    .bind(Role::list_order())
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows)
}

#[derive(Debug, Clone)]
pub struct UserDetail {
    pub user_id: Uuid,
    pub namn: String,
    pub epost: String,
    pub aktiv: bool,
    pub must_change_password: bool,
    pub organisation_id: Option<Uuid>,
    pub enhet_id: Option<Uuid>,
    pub grants: Vec<Grant>,
    /// Attached to an existing account and not yet accepted: `namn` is then the e-mail.
    pub pending: bool,
    /// The förbund created the account and the account reaches no other förbund, so the
    /// förbund's administrators may rename it and give it a one-time password.
    pub may_manage_account: bool,
}

impl UserDetail {
    /// The workplace as the form's choice value.
    pub fn arbetsplats(&self) -> String {
        match (self.organisation_id, self.enhet_id) {
            (_, Some(e)) => format!("enhet:{e}"),
            (Some(o), None) => format!("org:{o}"),
            _ => String::new(),
        }
    }

    pub fn has(&self, role: Role, lokus: Option<Uuid>) -> bool {
        self.grants.contains(&Grant { role, lokus })
    }
}

#[derive(sqlx::FromRow)]
struct UserRow {
    namn: String,
    epost: String,
    aktiv: bool,
    maste_byta_losenord: bool,
    organisation_id: Option<Uuid>,
    enhet_id: Option<Uuid>,
    bekraftad: bool,
    systemadmin: bool,
    skapad_av_forbund: Option<Uuid>,
    other_memberships: i64,
}

pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<UserDetail> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let detail = load(&mut tx, forbund, id).await?;
    tx.commit().await?;
    Ok(detail)
}

async fn load(tx: &mut Tx, forbund: Uuid, id: Uuid) -> CoreResult<UserDetail> {
    let row = sqlx::query_as::<_, UserRow>(
        "select u.namn, u.epost, m.aktiv, u.maste_byta_losenord, m.organisation_id, m.enhet_id, \
                m.bekraftad, u.systemadmin, u.skapad_av_forbund, \
                lotsen_membership_count(u.user_id) - 1 as other_memberships \
         from membership m join app_user u using (user_id) \
         where m.forbund_id = $1 and m.user_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(CoreError::NotFound)?;
    let grants: Vec<(Role, Option<Uuid>)> = sqlx::query_as(
        "select roll, lokus_id from role_assignment where forbund_id = $1 and user_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    let may_manage_account = row.bekraftad
        && !row.systemadmin
        && row.other_memberships == 0
        && row.skapad_av_forbund == Some(forbund);
    Ok(UserDetail {
        user_id: id,
        namn: if row.bekraftad {
            row.namn
        } else {
            row.epost.clone()
        },
        epost: row.epost,
        aktiv: row.aktiv,
        must_change_password: row.maste_byta_losenord,
        organisation_id: row.organisation_id,
        enhet_id: row.enhet_id,
        grants: grants
            .into_iter()
            .map(|(role, lokus)| Grant { role, lokus })
            .collect(),
        pending: !row.bekraftad,
        may_manage_account,
    })
}

/// Changes workplace (and, for a person in this förbund only, the name).
#[tracing::instrument(name = "admin.users.update", skip_all, fields(id = %id))]
pub async fn update(db: &Db, ctx: &Ctx, id: Uuid, form: &UserForm) -> CoreResult<()> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let current = load(&mut tx, forbund, id).await?;
    let mut e = FieldErrors::new();
    // The name of an account the förbund does not manage is not the form's to change.
    let namn = if current.may_manage_account {
        e.check("namn", Name::parse(&form.namn, "namn"))
    } else {
        None
    };
    let place = e.check(
        "arbetsplats",
        workplace(&mut tx, forbund, &form.arbetsplats).await,
    );
    let (true, Some((org, enhet))) = (e.is_empty(), place) else {
        return Err(CoreError::Invalid(e));
    };
    if let Some(namn) = namn.filter(|n| n.as_str() != current.namn) {
        sqlx::query("update app_user set namn = $2 where user_id = $1")
            .bind(id)
            .bind(namn.as_str())
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "update membership set organisation_id = $3, enhet_id = $4 where forbund_id = $1 and user_id = $2",
    )
    .bind(forbund)
    .bind(id)
    .bind(org)
    .bind(enhet)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::UserUpdate).on("app_user", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub use lotsen_domain::roles_form::RolesForm;

/// Replaces the person's roles in the förbund. An administrator cannot remove their own
/// administrator role (someone must always be able to administer the förbund).
#[tracing::instrument(name = "admin.users.set_roles", skip_all, fields(id = %id))]
pub async fn set_roles(db: &Db, ctx: &Ctx, id: Uuid, grants: &[Grant]) -> CoreResult<()> {
    let forbund = admin_scope(ctx)?;
    if id == ctx.user_id && !grants.iter().any(|g| g.role == Role::ForbundAdmin) {
        return Err(CoreError::invalid(
            "roller",
            "Du kan inte ta bort din egen roll som förbundsadministratör.",
        ));
    }
    let mut tx = db.begin(ctx).await?;
    load(&mut tx, forbund, id).await?;
    sqlx::query("delete from role_assignment where forbund_id = $1 and user_id = $2")
        .bind(forbund)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for g in grants {
        sqlx::query(
            "insert into role_assignment (forbund_id, user_id, roll, lokus_id) values ($1, $2, $3, $4)",
        )
        .bind(forbund)
        .bind(id)
        .bind(g.role.code())
        .bind(g.lokus)
        .execute(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                CoreError::invalid("roller", "Någon av LOKUS-grupperna finns inte i förbundet.")
            }
            _ => CoreError::from(e),
        })?;
    }
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::UserRoles).on("app_user", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Activates or deactivates the person's membership. Deactivating ends their sessions at once.
#[tracing::instrument(name = "admin.users.set_active", skip_all, fields(id = %id))]
pub async fn set_active(db: &Db, ctx: &Ctx, id: Uuid, active: bool) -> CoreResult<()> {
    let forbund = admin_scope(ctx)?;
    if id == ctx.user_id && !active {
        return Err(CoreError::invalid(
            "aktiv",
            "Du kan inte inaktivera dig själv.",
        ));
    }
    let mut tx = db.begin(ctx).await?;
    let updated =
        sqlx::query("update membership set aktiv = $3 where forbund_id = $1 and user_id = $2")
            .bind(forbund)
            .bind(id)
            .bind(active)
            .execute(&mut *tx)
            .await?;
    if updated.rows_affected() == 0 {
        return Err(CoreError::NotFound);
    }
    if !active {
        session::delete_for_user(&mut tx, id, None).await?;
    }
    let action = if active {
        AuditAction::UserActivate
    } else {
        AuditAction::UserDeactivate
    };
    audit::record(&mut tx, AuditEntry::by(ctx, action).on("app_user", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Why an administrator may not give a person a new password.
pub const NOT_OUR_ACCOUNT: &str = "Kontot hör till personen själv (det skapades inte av förbundet eller används även i \
     ett annat förbund). Personen byter själv sitt lösenord under Byt lösenord; har hen glömt det \
     hjälper systemadministratören.";

/// Gives the person a new one-time password (they must change it at next login) and ends
/// their sessions. Refused for people who belong to other förbund too.
#[tracing::instrument(name = "admin.users.reset_password", skip_all, fields(id = %id))]
pub async fn reset_password(db: &Db, ctx: &Ctx, id: Uuid) -> CoreResult<String> {
    let forbund = admin_scope(ctx)?;
    let mut tx = db.begin(ctx).await?;
    let current = load(&mut tx, forbund, id).await?;
    if !current.may_manage_account {
        return Err(CoreError::invalid("losenord", NOT_OUR_ACCOUNT));
    }
    let otp = password::one_time_password();
    let hash = password::hash(otp.clone()).await?;
    sqlx::query(
        "update app_user set losenord_hash = $2, maste_byta_losenord = true, \
                misslyckade_inloggningar = 0 where user_id = $1",
    )
    .bind(id)
    .bind(hash)
    .execute(&mut *tx)
    .await?;
    session::delete_for_user(&mut tx, id, None).await?;
    audit::record(
        &mut tx,
        AuditEntry::by(ctx, AuditAction::UserResetPassword).on("app_user", id),
    )
    .await?;
    tx.commit().await?;
    Ok(otp)
}

/// Creates a system administrator (an account with no förbund) with a one-time password.
#[tracing::instrument(name = "admin.users.create_system_admin", skip_all)]
pub async fn create_system_admin(db: &Db, ctx: &Ctx, form: &UserForm) -> CoreResult<Attached> {
    ctx.require(lotsen_domain::Action::CreateForbund)?;
    let mut e = FieldErrors::new();
    let namn = e.check("namn", Name::parse(&form.namn, "namn"));
    let epost = e.check("epost", Email::parse(&form.epost));
    let (Some(namn), Some(epost)) = (namn, epost) else {
        return Err(CoreError::Invalid(e));
    };
    let otp = password::one_time_password();
    let hash = password::hash(otp.clone()).await?;
    let id = Uuid::now_v7();
    let mut tx = db.begin_as(None, None, true).await?;
    sqlx::query(
        "insert into app_user (user_id, namn, epost, losenord_hash, maste_byta_losenord, systemadmin) \
         values ($1, $2, $3, $4, true, true)",
    )
    .bind(id)
    .bind(namn.as_str())
    .bind(epost.as_str())
    .bind(hash)
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        crate::error::on_constraint(e, "app_user_epost_key", "epost", "Det finns redan ett konto med den e-postadressen.")
    })?;
    tx.commit().await?;
    Ok(Attached {
        user_id: id,
        one_time_password: Some(otp),
    })
}
