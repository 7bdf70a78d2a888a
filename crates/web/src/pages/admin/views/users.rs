//! Templates of the user pages: list, new, one person with workplace and roles, one-time password.

use crate::views::PageCtx;
use askama::Template;
use askama_web::WebTemplate;
use lotsen_core::admin::users::{UserDetail, UserForm, UserListItem};
use lotsen_domain::FieldErrors;
use uuid::Uuid;

pub struct WorkplaceOption {
    pub value: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    pub page: PageCtx,
    pub items: Vec<UserListItem>,
    pub flash: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/user_new.html")]
pub struct NewUserPage {
    pub page: PageCtx,
    pub form: UserForm,
    pub workplaces: Vec<WorkplaceOption>,
    pub errors: FieldErrors,
}

/// Shown once, straight after creating a person or resetting their password.
#[derive(Template, WebTemplate)]
#[template(path = "admin/one_time_password.html")]
pub struct OneTimePasswordPage {
    pub page: PageCtx,
    pub user_id: Uuid,
    pub namn: String,
    pub epost: String,
    pub password: Option<String>,
    pub created: bool,
}

pub struct LokusRoleRow {
    pub lokus_id: Uuid,
    pub kod: String,
    pub namn: String,
    pub koordinator: bool,
    pub ordforande: bool,
    pub ledamot: bool,
}

pub struct RoleOption {
    pub code: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/user.html")]
pub struct UserPage {
    pub page: PageCtx,
    pub user: UserDetail,
    pub form: UserForm,
    pub workplaces: Vec<WorkplaceOption>,
    pub roles: Vec<RoleOption>,
    pub lokus_roles: Vec<LokusRoleRow>,
    pub is_self: bool,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
}
