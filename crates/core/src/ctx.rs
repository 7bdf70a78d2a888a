//! The authenticated actor of one request: who they are, their active förbund and their
//! grants there. Every core operation takes a `&Ctx` first.

use lotsen_domain::{Action, Actor, can};
use uuid::Uuid;

use crate::error::CoreError;

/// The förbund a person is working in right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveForbund {
    pub id: Uuid,
    pub namn: String,
    pub slug: String,
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub user_id: Uuid,
    pub namn: String,
    pub forbund: Option<ActiveForbund>,
    pub actor: Actor,
    /// How many förbund the person may choose between (to offer the switcher).
    pub forbund_count: i64,
    pub request_id: Option<Uuid>,
}

impl Ctx {
    /// The command line acting as an administrator: of the given förbund, or of the system
    /// when `forbund` is `None`. Audit rows it writes name no person.
    pub fn cli(forbund: Option<ActiveForbund>) -> Ctx {
        let grants = if forbund.is_some() {
            vec![lotsen_domain::Grant {
                role: lotsen_domain::Role::ForbundAdmin,
                lokus: None,
            }]
        } else {
            Vec::new()
        };
        Ctx {
            user_id: Uuid::nil(),
            namn: "lotsen (kommandorad)".into(),
            forbund,
            actor: Actor {
                user_id: Uuid::nil(),
                system_admin: true,
                grants,
            },
            forbund_count: 0,
            request_id: None,
        }
    }

    /// The acting person, or `None` for the command line (which acts as no one).
    pub fn person(&self) -> Option<Uuid> {
        (!self.user_id.is_nil()).then_some(self.user_id)
    }

    /// The active förbund, or `NotFound` when none is chosen: tenant data needs one.
    pub fn forbund_id(&self) -> Result<Uuid, CoreError> {
        self.forbund
            .as_ref()
            .map(|f| f.id)
            .ok_or(CoreError::NotFound)
    }

    pub fn can(&self, action: Action) -> bool {
        can(&self.actor, action)
    }

    /// Fails with `NotFound` (answered as 404) unless the policy allows `action`.
    pub fn require(&self, action: Action) -> Result<(), CoreError> {
        if self.can(action) {
            Ok(())
        } else {
            Err(CoreError::NotFound)
        }
    }
}
