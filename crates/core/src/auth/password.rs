//! Argon2id password hashing, run on the blocking pool so it never stalls the async workers.

use anyhow::anyhow;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use rand::Rng;
use std::sync::LazyLock;

/// Verified against when the e-mail is unknown, so that both paths take the same time.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(b"lotsen-dummy-password")
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Hashes a password with argon2id and a random salt, as a PHC string.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow!("hashing password: {e}"))
    })
    .await?
}

/// True when `password` matches `stored`; with no stored hash it still spends the time.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    let result = tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = PasswordHash::new(&phc)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false);
        known && ok
    })
    .await;
    result.unwrap_or(false)
}

/// A one-time password an administrator hands over; the person must change it at first login.
pub fn one_time_password() -> String {
    // No 0/o, 1/l/i: it is read aloud and typed by hand.
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let groups: Vec<String> = (0..4)
        .map(|_| {
            (0..4)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                .collect()
        })
        .collect();
    groups.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let h = hash("rätt lösenord 123".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("rätt lösenord 123".into(), Some(h.clone())).await);
        assert!(!verify("fel lösenord 1234".into(), Some(h)).await);
        assert!(!verify("rätt lösenord 123".into(), None).await);
    }

    #[test]
    fn one_time_passwords_are_long_enough_and_differ() {
        let a = one_time_password();
        assert_eq!(a.len(), 19);
        assert!(a.len() >= lotsen_domain::validate::NewPassword::MIN);
        assert_ne!(a, one_time_password());
    }
}
