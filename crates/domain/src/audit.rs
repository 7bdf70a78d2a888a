//! The actions the audit log records, with stable codes and Swedish labels.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    LoginSuccess,
    LoginFailure,
    LoginLocked,
    Logout,
    PasswordChange,
    ForbundSelect,
    ForbundCreate,
    ForbundSettings,
    OrganisationCreate,
    OrganisationUpdate,
    EnhetCreate,
    EnhetUpdate,
    LokusCreate,
    LokusUpdate,
    UserCreate,
    UserUpdate,
    UserRoles,
    UserDeactivate,
    UserActivate,
    UserResetPassword,
    AuditRead,
    ArendeCreate,
    ArendeRead,
    ArendeUpdate,
    ArendeAction,
    ArendeFlag,
    ArendeUnflag,
    ArendeStatus,
    ArendeClose,
    ArendeReopen,
    ArendeNote,
    ArendeConsent,
    ArendeIdentity,
    ArendeConsentWithdrawn,
    ArendeImport,
    MoteCreate,
    MoteUpdate,
    MoteRead,
    MotePackRead,
    MoteAgenda,
    MoteDecision,
    MoteMinutes,
    MoteHeld,
    MoteLock,
    StatistikRead,
    StatistikExport,
}

impl AuditAction {
    pub const ALL: [AuditAction; 46] = [
        AuditAction::LoginSuccess,
        AuditAction::LoginFailure,
        AuditAction::LoginLocked,
        AuditAction::Logout,
        AuditAction::PasswordChange,
        AuditAction::ForbundSelect,
        AuditAction::ForbundCreate,
        AuditAction::ForbundSettings,
        AuditAction::OrganisationCreate,
        AuditAction::OrganisationUpdate,
        AuditAction::EnhetCreate,
        AuditAction::EnhetUpdate,
        AuditAction::LokusCreate,
        AuditAction::LokusUpdate,
        AuditAction::UserCreate,
        AuditAction::UserUpdate,
        AuditAction::UserRoles,
        AuditAction::UserDeactivate,
        AuditAction::UserActivate,
        AuditAction::UserResetPassword,
        AuditAction::AuditRead,
        AuditAction::ArendeCreate,
        AuditAction::ArendeRead,
        AuditAction::ArendeUpdate,
        AuditAction::ArendeAction,
        AuditAction::ArendeFlag,
        AuditAction::ArendeUnflag,
        AuditAction::ArendeStatus,
        AuditAction::ArendeClose,
        AuditAction::ArendeReopen,
        AuditAction::ArendeNote,
        AuditAction::ArendeConsent,
        AuditAction::ArendeIdentity,
        AuditAction::ArendeConsentWithdrawn,
        AuditAction::ArendeImport,
        AuditAction::MoteCreate,
        AuditAction::MoteUpdate,
        AuditAction::MoteRead,
        AuditAction::MotePackRead,
        AuditAction::MoteAgenda,
        AuditAction::MoteDecision,
        AuditAction::MoteMinutes,
        AuditAction::MoteHeld,
        AuditAction::MoteLock,
        AuditAction::StatistikRead,
        AuditAction::StatistikExport,
    ];

    pub fn code(self) -> &'static str {
        use AuditAction::*;
        match self {
            LoginSuccess => "login.success",
            LoginFailure => "login.failure",
            LoginLocked => "login.locked",
            Logout => "logout",
            PasswordChange => "password.change",
            ForbundSelect => "forbund.select",
            ForbundCreate => "forbund.create",
            ForbundSettings => "forbund.settings",
            OrganisationCreate => "organisation.create",
            OrganisationUpdate => "organisation.update",
            EnhetCreate => "enhet.create",
            EnhetUpdate => "enhet.update",
            LokusCreate => "lokus.create",
            LokusUpdate => "lokus.update",
            UserCreate => "user.create",
            UserUpdate => "user.update",
            UserRoles => "user.roles",
            UserDeactivate => "user.deactivate",
            UserActivate => "user.activate",
            UserResetPassword => "user.reset_password",
            AuditRead => "audit.read",
            ArendeCreate => "arende.create",
            ArendeRead => "arende.read",
            ArendeUpdate => "arende.update",
            ArendeAction => "arende.action",
            ArendeFlag => "arende.flag",
            ArendeUnflag => "arende.unflag",
            ArendeStatus => "arende.status",
            ArendeClose => "arende.close",
            ArendeReopen => "arende.reopen",
            ArendeNote => "arende.note",
            ArendeConsent => "arende.consent",
            ArendeIdentity => "arende.identity",
            ArendeConsentWithdrawn => "arende.consent_withdrawn",
            ArendeImport => "arende.import",
            MoteCreate => "lokus_mote.create",
            MoteUpdate => "lokus_mote.update",
            MoteRead => "lokus_mote.read",
            MotePackRead => "lokus_mote.pack_read",
            MoteAgenda => "lokus_mote.agenda",
            MoteDecision => "lokus_mote.decision",
            MoteMinutes => "lokus_mote.minutes",
            MoteHeld => "lokus_mote.held",
            MoteLock => "lokus_mote.lock",
            StatistikRead => "statistik.read",
            StatistikExport => "statistik.export",
        }
    }

    pub fn label(self) -> &'static str {
        use AuditAction::*;
        match self {
            LoginSuccess => "Inloggning",
            LoginFailure => "Misslyckad inloggning",
            LoginLocked => "Inloggning spärrad",
            Logout => "Utloggning",
            PasswordChange => "Byte av lösenord",
            ForbundSelect => "Val av förbund",
            ForbundCreate => "Förbund skapat",
            ForbundSettings => "Förbundets inställningar ändrade",
            OrganisationCreate => "Organisation skapad",
            OrganisationUpdate => "Organisation ändrad",
            EnhetCreate => "Enhet skapad",
            EnhetUpdate => "Enhet ändrad",
            LokusCreate => "LOKUS-grupp skapad",
            LokusUpdate => "LOKUS-grupp ändrad",
            UserCreate => "Användare skapad",
            UserUpdate => "Användare ändrad",
            UserRoles => "Roller ändrade",
            UserDeactivate => "Användare inaktiverad",
            UserActivate => "Användare aktiverad",
            UserResetPassword => "Nytt engångslösenord",
            AuditRead => "Loggen läst",
            ArendeCreate => "Ärende registrerat",
            ArendeRead => "Ärende läst",
            ArendeUpdate => "Ärende ändrat",
            ArendeAction => "Åtgärd registrerad",
            ArendeFlag => "Ärende lyft till LOKUS",
            ArendeUnflag => "Ärende inte längre lyft till LOKUS",
            ArendeStatus => "Ärendets status ändrad",
            ArendeClose => "Ärende avslutat",
            ArendeReopen => "Ärende återöppnat",
            ArendeNote => "Anteckning i ärende",
            ArendeConsent => "Samtycke registrerat",
            ArendeIdentity => "Identitet registrerad",
            ArendeConsentWithdrawn => "Samtycke återkallat",
            ArendeImport => "Ärenden importerade",
            MoteCreate => "LOKUS-möte skapat",
            MoteUpdate => "LOKUS-mötets uppgifter ändrade",
            MoteRead => "LOKUS-möte läst",
            MotePackRead => "Mötespaket eller protokoll läst",
            MoteAgenda => "LOKUS-mötets dagordning ändrad",
            MoteDecision => "Beslut i LOKUS registrerat",
            MoteMinutes => "LOKUS-protokoll skrivet",
            MoteHeld => "LOKUS-möte genomfört",
            MoteLock => "LOKUS-protokoll justerat",
            StatistikRead => "Statistik visad",
            StatistikExport => "Statistik exporterad",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_fit_the_database_check() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(seen.insert(a.code()));
            assert!(
                a.code()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
            );
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
        }
    }
}
