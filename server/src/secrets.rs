//! References, PINs and their hashes.
use model::{Pin, Reference};
use sha2::{Digest, Sha256};

fn random<const N: usize>() -> anyhow::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?;
    Ok(bytes)
}

/// A fresh random reference.
pub fn new_reference() -> anyhow::Result<Reference> {
    Ok(Reference::from_random(random()?))
}

/// A fresh random PIN.
pub fn new_pin() -> anyhow::Result<Pin> {
    Ok(Pin::from_random(random()?))
}

/// What is stored instead of the PIN. A 6-digit PIN hashed without a slow KDF would not
/// resist someone holding the database; it keeps PINs out of backups and logs at a glance.
pub fn pin_hash(reference: &Reference, pin: &Pin) -> String {
    let digest = Sha256::digest(format!("cjg-pin:{}:{}", reference.code(), pin.as_str()));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `pin` is the PIN of `reference`, compared in constant time.
pub fn verify_pin(reference: &Reference, pin: &Pin, stored_hash: &str) -> bool {
    let computed = pin_hash(reference, pin);
    computed.len() == stored_hash.len()
        && computed
            .bytes()
            .zip(stored_hash.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// SHA-256 of a request body's canonical JSON, to tell a retry from a different request.
pub fn request_hash(canonical_body: &str) -> String {
    Sha256::digest(canonical_body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Today in the village (China Standard Time, UTC+8): when a session has started, when a stay
/// is in the past, how many days before the start a cancellation comes.
pub fn village_today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_pin_verifies() {
        let r = new_reference().unwrap();
        let pin = Pin::parse("123456").unwrap();
        let hash = pin_hash(&r, &pin);
        assert!(verify_pin(&r, &pin, &hash));
        assert!(!verify_pin(&r, &Pin::parse("123457").unwrap(), &hash));
        let other = Reference::parse("CJG-2222-2222").unwrap();
        assert!(!verify_pin(&other, &pin, &hash));
    }
}
