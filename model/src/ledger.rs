//! The donation ledger: money in and out of village projects, append-only and hash-chained.
//!
//! Each entry's hash is the SHA-256 of its canonical encoding, which includes the previous
//! entry's hash; changing, removing or reordering any entry breaks every hash after it. The
//! encoding is defined here, not by serde, so that the server and the browser hash the same
//! bytes whatever JSON library or field order they use.
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::money::Money;

mod balance;
mod signature;

pub use balance::{fill_projects, mismatched_projects, totals, Totals};
pub use signature::{judge, Signature};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The first line of every canonical encoding; a new version of the format gets a new tag.
const FORMAT: &str = "cjg-ledger-v1";

/// Money received or spent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A donation received (a confirmed pledge).
    In,
    /// A spending, at one stage of its approval.
    Out,
}

impl EntryKind {
    /// The stable name hashed and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::In => "in",
            EntryKind::Out => "out",
        }
    }

    /// Parses [`EntryKind::as_str`].
    pub fn parse(s: &str) -> Option<EntryKind> {
        [EntryKind::In, EntryKind::Out]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Where a spending stands: recorded, approved by a second person, paid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SpendingStage {
    Pending,
    Approved,
    Paid,
}

impl SpendingStage {
    /// The stable name hashed and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            SpendingStage::Pending => "pending",
            SpendingStage::Approved => "approved",
            SpendingStage::Paid => "paid",
        }
    }

    /// Parses [`SpendingStage::as_str`].
    pub fn parse(s: &str) -> Option<SpendingStage> {
        [
            SpendingStage::Pending,
            SpendingStage::Approved,
            SpendingStage::Paid,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One line of the public ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerEntry {
    /// 1, 2, 3 … with no gaps.
    pub seq: u64,
    pub recorded_at: DateTime<Utc>,
    pub kind: EntryKind,
    /// For `out` entries: the stage this entry records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<SpendingStage>,
    /// Project slug.
    pub project: String,
    /// Fen; negative only in a correction.
    pub amount: Money,
    /// When the money was received or spent.
    pub date: NaiveDate,
    /// The ledger id (`D-…`) of the donation an `in` entry confirms; not its reference, which
    /// with the PIN opens the donor's details (entries before this rule hold the reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub donation: Option<String>,
    /// The spending an `out` entry belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spending: Option<u64>,
    /// How the money came in (bank transfer, WeChat Pay, cash …).
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub payee: String,
    #[serde(default)]
    pub purpose: String,
    /// SHA-256 (hex) of the receipt file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_sha256: Option<String>,
    #[serde(default)]
    pub note: String,
    /// The entry this one corrects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<u64>,
    /// The operator who recorded it (user name).
    pub recorded_by: String,
    pub prev_hash: String,
    pub hash: String,
}

impl LedgerEntry {
    /// The bytes that are hashed: every field but `hash`, in a fixed order, each value
    /// length-prefixed so that no two entries share an encoding.
    pub fn canonical(&self) -> String {
        let mut out = String::with_capacity(512);
        out.push_str(FORMAT);
        out.push('\n');
        let mut field = |name: &str, value: Option<&str>| match value {
            Some(v) => {
                out.push_str(name);
                out.push(':');
                out.push_str(&v.len().to_string());
                out.push(':');
                out.push_str(v);
                out.push('\n');
            }
            None => {
                out.push_str(name);
                out.push_str("!\n");
            }
        };
        field("seq", Some(&self.seq.to_string()));
        field(
            "recorded_at",
            Some(
                &self
                    .recorded_at
                    .to_rfc3339_opts(SecondsFormat::Millis, true),
            ),
        );
        field("kind", Some(self.kind.as_str()));
        field("stage", self.stage.map(SpendingStage::as_str));
        field("project", Some(&self.project));
        field("amount", Some(&self.amount.0.to_string()));
        field("date", Some(&self.date.to_string()));
        field("donation", self.donation.as_deref());
        field("spending", self.spending.map(|s| s.to_string()).as_deref());
        field("channel", Some(&self.channel));
        field("payee", Some(&self.payee));
        field("purpose", Some(&self.purpose));
        field("receipt_sha256", self.receipt_sha256.as_deref());
        field("note", Some(&self.note));
        field("corrects", self.corrects.map(|s| s.to_string()).as_deref());
        field("recorded_by", Some(&self.recorded_by));
        field("prev_hash", Some(&self.prev_hash));
        out
    }

    /// SHA-256 of [`LedgerEntry::canonical`], lower-case hex.
    pub fn compute_hash(&self) -> String {
        sha256_hex(self.canonical().as_bytes())
    }

    /// Sets `prev_hash` and `hash` for appending after `prev_hash`.
    pub fn seal(&mut self, prev_hash: &str) {
        self.prev_hash = prev_hash.to_owned();
        self.hash = self.compute_hash();
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// True when `s` looks like a SHA-256 in lower-case hex.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Why a ledger does not verify.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// An entry is missing or out of order.
    #[error("entry {found} is where entry {expected} should be")]
    Sequence { expected: u64, found: u64 },
    /// An entry does not point at the one before it.
    #[error("entry {seq} does not follow the entry before it")]
    Link { seq: u64 },
    /// An entry's content does not match its hash.
    #[error("entry {seq} was changed after it was recorded")]
    Content { seq: u64 },
    /// The chain ends somewhere else than the published head.
    #[error("the ledger does not end at the published head")]
    Head,
}

impl ChainError {
    /// The entry where the chain breaks, if it is one entry.
    pub fn seq(&self) -> Option<u64> {
        match self {
            ChainError::Sequence { found, .. } => Some(*found),
            ChainError::Link { seq } | ChainError::Content { seq } => Some(*seq),
            ChainError::Head => None,
        }
    }
}

/// Checks the whole chain from the first entry and answers its head hash.
pub fn verify_chain(entries: &[LedgerEntry]) -> Result<String, ChainError> {
    let mut prev = GENESIS_HASH.to_owned();
    for (i, entry) in entries.iter().enumerate() {
        let expected = i as u64 + 1;
        if entry.seq != expected {
            return Err(ChainError::Sequence {
                expected,
                found: entry.seq,
            });
        }
        if entry.prev_hash != prev {
            return Err(ChainError::Link { seq: entry.seq });
        }
        if entry.compute_hash() != entry.hash {
            return Err(ChainError::Content { seq: entry.seq });
        }
        prev.clone_from(&entry.hash);
    }
    Ok(prev)
}

/// Checks the chain and that it ends at `head` (a hash published elsewhere, e.g. on the
/// notice board), which also catches entries removed from the end.
pub fn verify_against_head(entries: &[LedgerEntry], head: &str) -> Result<(), ChainError> {
    if verify_chain(entries)? == head {
        Ok(())
    } else {
        Err(ChainError::Head)
    }
}

/// The first line of every signed checkpoint message.
const CHECKPOINT_FORMAT: &str = "cjg-ledger-checkpoint-v1";

/// The ledger's head at one moment, signed with the village's Ed25519 key, which is kept
/// outside the database: whoever holds the database alone cannot sign a rewritten chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checkpoint {
    /// The last entry's `seq` (0 for the empty ledger).
    pub seq: u64,
    /// The last entry's hash (the genesis hash for the empty ledger).
    pub head: String,
    pub signed_at: DateTime<Utc>,
    /// The Ed25519 public key, lower-case hex (32 bytes).
    pub public_key: String,
    /// The Ed25519 signature of [`Checkpoint::message`], lower-case hex (64 bytes).
    pub signature: String,
}

/// Why a checkpoint does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("the checkpoint's key or signature is malformed")]
    Malformed,
    #[error("the checkpoint's signature does not verify")]
    BadSignature,
    #[error("the checkpoint is signed with another key than the village's")]
    OtherKey,
    /// The ledger has no entry `seq` with the checkpoint's head: history was rewritten.
    #[error("the ledger does not contain the signed entry {seq}")]
    NotExtended { seq: u64 },
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    if s.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

impl Checkpoint {
    /// The exact bytes signed: format, seq, head and time, one per line.
    pub fn message(seq: u64, head: &str, signed_at: DateTime<Utc>) -> String {
        format!(
            "{CHECKPOINT_FORMAT}\n{seq}\n{head}\n{}\n",
            signed_at.to_rfc3339_opts(SecondsFormat::Millis, true)
        )
    }

    /// A checkpoint of `(seq, head)` at `at` signed with the Ed25519 key of `seed`.
    pub fn sign(seed: &[u8; 32], seq: u64, head: &str, at: DateTime<Utc>) -> Checkpoint {
        use ed25519_dalek::Signer;
        let key = ed25519_dalek::SigningKey::from_bytes(seed);
        let at = DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or(at);
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        Checkpoint {
            seq,
            head: head.to_owned(),
            signed_at: at,
            public_key: hex(key.verifying_key().as_bytes()),
            signature: hex(&key
                .sign(Checkpoint::message(seq, head, at).as_bytes())
                .to_bytes()),
        }
    }

    /// Checks the signature against the checkpoint's own key, and that key against
    /// `expected_key` (hex) when the caller knows the village's key.
    pub fn verify(&self, expected_key: Option<&str>) -> Result<(), CheckpointError> {
        if expected_key.is_some_and(|k| !k.eq_ignore_ascii_case(&self.public_key)) {
            return Err(CheckpointError::OtherKey);
        }
        let key = unhex::<32>(&self.public_key)
            .and_then(|k| ed25519_dalek::VerifyingKey::from_bytes(&k).ok())
            .ok_or(CheckpointError::Malformed)?;
        let signature = unhex::<64>(&self.signature)
            .map(|s| ed25519_dalek::Signature::from_bytes(&s))
            .ok_or(CheckpointError::Malformed)?;
        key.verify_strict(
            Checkpoint::message(self.seq, &self.head, self.signed_at).as_bytes(),
            &signature,
        )
        .map_err(|_| CheckpointError::BadSignature)
    }

    /// True when the chain `entries` contains this checkpoint's head at its `seq`, i.e. a
    /// later ledger extends the one that was signed.
    pub fn is_extended_by(&self, entries: &[LedgerEntry]) -> bool {
        match self.seq {
            0 => self.head == GENESIS_HASH,
            n => entries
                .iter()
                .find(|e| e.seq == n)
                .is_some_and(|e| e.hash == self.head),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(seq: u64, head: &str, seed: [u8; 32]) -> Checkpoint {
        let at = DateTime::from_timestamp_millis(1_800_000_000_123).unwrap();
        Checkpoint::sign(&seed, seq, head, at)
    }

    #[test]
    fn a_checkpoint_verifies_only_as_signed_and_with_the_villages_key() {
        let c = signed(3, &"a".repeat(64), [7; 32]);
        assert_eq!(c.verify(None), Ok(()));
        assert_eq!(c.verify(Some(&c.public_key.to_uppercase())), Ok(()));
        let mut moved = c.clone();
        moved.head = "b".repeat(64);
        assert_eq!(moved.verify(None), Err(CheckpointError::BadSignature));
        let mut later = c.clone();
        later.seq = 4;
        assert_eq!(later.verify(None), Err(CheckpointError::BadSignature));
        let forged = signed(3, &"b".repeat(64), [8; 32]);
        assert_eq!(forged.verify(None), Ok(()), "valid under its own key");
        assert_eq!(
            forged.verify(Some(&c.public_key)),
            Err(CheckpointError::OtherKey)
        );
        let mut junk = c.clone();
        junk.signature = "zz".into();
        assert_eq!(junk.verify(None), Err(CheckpointError::Malformed));
    }

    fn entry(seq: u64, amount: i64) -> LedgerEntry {
        LedgerEntry {
            seq,
            recorded_at: DateTime::from_timestamp(1_790_000_000 + seq as i64, 0).unwrap(),
            kind: EntryKind::In,
            stage: None,
            project: "old-hall-roof".into(),
            amount: Money(amount),
            date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            donation: Some("CJG7KQ4M9TX".into()),
            spending: None,
            channel: "bank".into(),
            payee: String::new(),
            purpose: String::new(),
            receipt_sha256: None,
            note: "谢谢".into(),
            corrects: None,
            recorded_by: "finance".into(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    /// An unsealed entry of `fen` to or from `project`, for the totals and signature tests.
    pub(super) fn entry_of(
        project: &str,
        kind: EntryKind,
        stage: Option<SpendingStage>,
        fen: i64,
    ) -> LedgerEntry {
        LedgerEntry {
            project: project.into(),
            kind,
            stage,
            ..entry(1, fen)
        }
    }

    fn chain(n: u64) -> Vec<LedgerEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = entry(seq, 10_000 * seq as i64);
                e.seal(&prev);
                prev.clone_from(&e.hash);
                e
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies_to_its_last_hash() {
        let entries = chain(4);
        assert_eq!(verify_chain(&entries).unwrap(), entries[3].hash);
        assert_eq!(verify_chain(&[]).unwrap(), GENESIS_HASH);
        assert!(verify_against_head(&entries, &entries[3].hash).is_ok());
    }

    #[test]
    fn a_changed_amount_breaks_the_chain_at_that_entry() {
        let mut entries = chain(4);
        entries[1].amount = Money(1);
        assert_eq!(verify_chain(&entries), Err(ChainError::Content { seq: 2 }));
    }

    #[test]
    fn a_rehashed_change_breaks_the_link_of_the_next_entry() {
        let mut entries = chain(4);
        entries[1].note = "edited".into();
        let prev = entries[0].hash.clone();
        entries[1].seal(&prev);
        assert_eq!(verify_chain(&entries), Err(ChainError::Link { seq: 3 }));
    }

    #[test]
    fn removed_or_reordered_entries_are_found() {
        let mut removed = chain(4);
        removed.remove(1);
        assert!(matches!(
            verify_chain(&removed),
            Err(ChainError::Sequence {
                expected: 2,
                found: 3
            })
        ));
        let mut swapped = chain(4);
        swapped.swap(1, 2);
        assert!(verify_chain(&swapped).is_err());
        let full = chain(4);
        let head = full[3].hash.clone();
        assert_eq!(
            verify_against_head(&full[..3], &head),
            Err(ChainError::Head)
        );
    }

    #[test]
    fn field_boundaries_cannot_be_shifted() {
        let mut a = entry(1, 1);
        a.payee = "ab".into();
        a.purpose = "c".into();
        let mut b = entry(1, 1);
        b.payee = "a".into();
        b.purpose = "bc".into();
        assert_ne!(a.canonical(), b.canonical());
        let mut c = entry(1, 1);
        c.receipt_sha256 = Some(String::new());
        assert_ne!(entry(1, 1).canonical(), c.canonical());
    }

    #[test]
    fn the_encoding_is_stable() {
        let mut e = entry(1, 10_000);
        e.seal(GENESIS_HASH);
        assert!(e.canonical().starts_with("cjg-ledger-v1\nseq:1:1\n"));
        assert!(is_sha256_hex(&e.hash));
        // Pinned: the browser's verifier must produce the same hash for the same entry.
        assert_eq!(e.hash, e.compute_hash());
        assert_eq!(sha256_hex(b"abc").len(), 64);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_later_chain_extends_a_checkpoint_only_if_it_keeps_the_signed_entry() {
        let entries = chain(4);
        let c = signed(2, &entries[1].hash, [7; 32]);
        assert!(c.is_extended_by(&entries));
        assert!(
            !c.is_extended_by(&entries[..1]),
            "cut before the checkpoint"
        );
        let mut rewritten = chain(4);
        rewritten[0].amount = Money(1);
        let mut prev = GENESIS_HASH.to_owned();
        for e in &mut rewritten {
            e.seal(&prev);
            prev.clone_from(&e.hash);
        }
        assert!(verify_chain(&rewritten).is_ok(), "consistent in itself");
        assert!(!c.is_extended_by(&rewritten), "but not the signed history");
        assert!(signed(0, GENESIS_HASH, [7; 32]).is_extended_by(&[]));
    }
}
