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

/// What is stored instead of the PIN. A PIN hashed without a slow KDF would not resist
/// someone holding the database for long; it keeps PINs out of backups and logs at a glance.
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

/// The opaque id a confirmed donation has in the public ledger (`D-7KQ4M9TX`): it says
/// nothing about the donation's reference, which with the PIN opens the donor's details.
pub fn new_ledger_id() -> anyhow::Result<String> {
    Ok(format!("D-{}", Reference::from_random(random()?).code()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the idempotency table keeps instead of the Idempotency-Key: someone reading the
/// database cannot replay a request, nor unseal the PIN kept with its answer.
pub fn idempotency_key_hash(endpoint: &str, key: &str) -> String {
    hex(&Sha256::digest(format!("cjg-idem-key:{endpoint}:{key}")))
}

fn seal_stream(endpoint: &str, key: &str) -> [u8; 32] {
    Sha256::digest(format!("cjg-idem-seal:{endpoint}:{key}")).into()
}

/// A PIN sealed with the Idempotency-Key of the request that created it: a one-time pad from
/// SHA-256 of the key, which only the client (and no database row) holds.
pub fn seal_pin(endpoint: &str, key: &str, pin: &str) -> Option<String> {
    let stream = seal_stream(endpoint, key);
    (pin.len() <= stream.len()).then(|| {
        hex(&pin
            .bytes()
            .zip(stream)
            .map(|(p, k)| p ^ k)
            .collect::<Vec<u8>>())
    })
}

/// The PIN [`seal_pin`] sealed, given the same key.
pub fn unseal_pin(endpoint: &str, key: &str, sealed: &str) -> Option<String> {
    let stream = seal_stream(endpoint, key);
    let bytes = (0..sealed.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(sealed.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    let plain: Vec<u8> = bytes.iter().zip(stream).map(|(c, k)| c ^ k).collect();
    String::from_utf8(plain).ok()
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
    fn a_sealed_pin_opens_only_with_its_key() {
        let sealed = seal_pin("bookings", "key-1", "7KQ4M9TX").unwrap();
        assert!(!sealed.contains("7KQ4"));
        assert_eq!(
            unseal_pin("bookings", "key-1", &sealed).as_deref(),
            Some("7KQ4M9TX")
        );
        assert_ne!(
            unseal_pin("bookings", "key-2", &sealed).as_deref(),
            Some("7KQ4M9TX")
        );
        assert_ne!(
            idempotency_key_hash("bookings", "key-1"),
            idempotency_key_hash("orders", "key-1")
        );
    }

    #[test]
    fn only_the_right_pin_verifies() {
        let r = new_reference().unwrap();
        let pin = Pin::parse("7KQ4M9TX").unwrap();
        let hash = pin_hash(&r, &pin);
        assert!(verify_pin(&r, &pin, &hash));
        assert!(!verify_pin(&r, &Pin::parse("7KQ4M9TY").unwrap(), &hash));
        assert!(verify_pin(&r, &Pin::parse("7kq4-m9tx").unwrap(), &hash));
        let other = Reference::parse("CJG-2222-2222").unwrap();
        assert!(!verify_pin(&other, &pin, &hash));
    }
}
