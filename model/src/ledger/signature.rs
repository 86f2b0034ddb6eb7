//! What a browser makes of a ledger's signed head, given the checkpoint it kept earlier.
use super::Checkpoint;
use crate::staff::Ledger;

/// What the browser makes of the ledger's signed head and of the checkpoint it kept from
/// an earlier visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signature {
    /// The head carries the village key's signature and extends what this phone saw before.
    Signed,
    /// No entries yet: nothing to sign.
    Empty,
    /// Entries, but no signed head.
    Unsigned,
    /// The signature does not verify, is by another key than this phone saw before, or
    /// signs another head.
    Invalid,
    /// The ledger no longer contains entry `seq` as this phone saw it signed: history was
    /// rewritten.
    NotExtending { seq: u64 },
}

/// Checks the latest checkpoint's signature, that it signs this head, and that this ledger
/// extends `kept`, the last checkpoint verified on this phone.
pub fn judge(ledger: &Ledger, kept: Option<&Checkpoint>) -> Signature {
    if let Some(k) = kept {
        if !k.is_extended_by(&ledger.entries) {
            return Signature::NotExtending { seq: k.seq };
        }
    }
    let Some(c) = &ledger.checkpoint else {
        return if ledger.entries.is_empty() {
            Signature::Empty
        } else {
            Signature::Unsigned
        };
    };
    let head_seq = ledger.entries.last().map_or(0, |e| e.seq);
    let signs_head = c.head == ledger.head && c.seq == head_seq;
    if signs_head && c.verify(kept.map(|k| k.public_key.as_str())).is_ok() {
        Signature::Signed
    } else {
        Signature::Invalid
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::entry_of;
    use super::super::{EntryKind, GENESIS_HASH};
    use super::*;
    use crate::money::Money;
    use chrono::DateTime;

    #[test]
    fn the_browser_warns_when_a_ledger_does_not_extend_what_it_saw_signed() {
        let (ledger, kept) = signed_ledger(2);
        assert_eq!(judge(&ledger, None), Signature::Signed);
        assert_eq!(judge(&ledger, Some(&kept)), Signature::Signed);
        // The same ledger rewritten from the first entry on, re-sealed and re-signed with
        // another key: it no longer contains what this phone saw.
        let (mut rewritten, _) = signed_ledger(2);
        rewritten.entries[0].amount = Money(1);
        reseal(&mut rewritten);
        rewritten.checkpoint = Some(sign(2, &rewritten.head, [9; 32]));
        assert_eq!(
            judge(&rewritten, Some(&kept)),
            Signature::NotExtending { seq: 2 }
        );
        // Extended, but signed with another key than before.
        let (mut longer, _) = signed_ledger(3);
        longer.checkpoint = Some(sign(3, &longer.head, [9; 32]));
        assert_eq!(judge(&longer, Some(&kept)), Signature::Invalid);
        let (mut unsigned, _) = signed_ledger(1);
        unsigned.checkpoint = None;
        assert_eq!(judge(&unsigned, None), Signature::Unsigned);
    }

    fn sign(seq: u64, head: &str, seed: [u8; 32]) -> Checkpoint {
        let at = DateTime::from_timestamp_millis(1_800_000_000_000).unwrap();
        Checkpoint::sign(&seed, seq, head, at)
    }

    fn reseal(ledger: &mut Ledger) {
        let mut prev = GENESIS_HASH.to_owned();
        for (i, e) in ledger.entries.iter_mut().enumerate() {
            e.seq = i as u64 + 1;
            e.seal(&prev);
            prev.clone_from(&e.hash);
        }
        ledger.head = prev;
    }

    fn signed_ledger(n: usize) -> (Ledger, Checkpoint) {
        let mut ledger = Ledger {
            entries: (0..n)
                .map(|i| entry_of("roof", EntryKind::In, None, 1_000 * (i as i64 + 1)))
                .collect(),
            head: String::new(),
            verified: true,
            checkpoint: None,
        };
        reseal(&mut ledger);
        let c = sign(n as u64, &ledger.head, [7; 32]);
        ledger.checkpoint = Some(c.clone());
        (ledger, c)
    }
}
