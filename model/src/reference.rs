//! Booking, order and donation references (`CJG-7KQ4-M9TX`) and their PINs.
//!
//! A reference is 8 characters from an alphabet without the look-alikes 0/O, 1/I/L, so it can be
//! read over the phone and typed from a paper slip. The model has no random source: callers pass
//! random bytes in (the server from the OS, tests from fixed arrays).
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The 31 characters a reference is made of: digits 2–9 and letters without I, L, O.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Characters in a reference, not counting the prefix and dashes.
pub const REFERENCE_LEN: usize = 8;

/// What every reference is shown with.
pub const PREFIX: &str = "CJG";

/// A short unambiguous reference, shown as `CJG-7KQ4-M9TX`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, example = "CJG-7KQ4-M9TX"))]
pub struct Reference(String);

impl Reference {
    /// A reference from 8 random bytes (31^8 ≈ 8.5 × 10^11 references; the bias of reducing
    /// 64 bits modulo that is below one in ten million).
    pub fn from_random(bytes: [u8; 8]) -> Reference {
        let base = ALPHABET.len() as u64;
        let space = base.pow(REFERENCE_LEN as u32);
        let mut n = u64::from_le_bytes(bytes) % space;
        let mut code = [0u8; REFERENCE_LEN];
        for slot in code.iter_mut().rev() {
            *slot = ALPHABET[(n % base) as usize];
            n /= base;
        }
        Reference(code.iter().map(|&b| b as char).collect())
    }

    /// Reads a reference as a visitor may type it: any case, with or without `CJG` and dashes
    /// or spaces. `None` when it cannot be a reference.
    pub fn parse(text: &str) -> Option<Reference> {
        let mut compact: String = text
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '\u{3000}'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.len() == PREFIX.len() + REFERENCE_LEN && compact.starts_with(PREFIX) {
            compact.drain(..PREFIX.len());
        }
        let valid =
            compact.len() == REFERENCE_LEN && compact.bytes().all(|b| ALPHABET.contains(&b));
        valid.then_some(Reference(compact))
    }

    /// The 8 characters without prefix or dashes, as stored.
    pub fn code(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}-{}-{}", &self.0[..4], &self.0[4..])
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Reference::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("not a booking reference like CJG-7KQ4-M9TX"))
    }
}

/// The 6-digit secret that goes with a reference.
#[derive(Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, example = "048213"))]
pub struct Pin(String);

impl Pin {
    /// A PIN from 4 random bytes (leading zeros kept: `004213`).
    pub fn from_random(bytes: [u8; 4]) -> Pin {
        Pin(format!("{:06}", u32::from_le_bytes(bytes) % 1_000_000))
    }

    /// Exactly six digits, surrounding spaces ignored.
    pub fn parse(text: &str) -> Option<Pin> {
        let t = text.trim();
        (t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit())).then(|| Pin(t.to_owned()))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never printed in logs by accident.
impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(******)")
    }
}

impl Serialize for Pin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Pin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Pin::parse(&text).ok_or_else(|| serde::de::Error::custom("a PIN is 6 digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn references_are_shown_in_two_groups_after_the_prefix() {
        let r = Reference::from_random([1, 2, 3, 4, 5, 6, 7, 8]);
        let shown = r.to_string();
        assert_eq!(shown.len(), "CJG-7KQ4-M9TX".len());
        assert!(shown.starts_with("CJG-"));
        assert_eq!(&shown[8..9], "-");
    }

    #[test]
    fn a_reference_is_read_back_however_the_visitor_types_it() {
        let r = Reference::parse("CJG-7KQ4-M9TX").unwrap();
        assert_eq!(r.code(), "7KQ4M9TX");
        for typed in ["cjg-7kq4-m9tx", "7KQ4M9TX", " CJG 7KQ4 M9TX ", "7kq4-m9tx"] {
            assert_eq!(Reference::parse(typed), Some(r.clone()), "{typed:?}");
        }
        for bad in [
            "",
            "CJG-7KQ4-M9T",
            "CJG-7KQ4-M9TO",
            "CJG-0KQ4-M9TX",
            "CJG-1KQ4-M9TX",
            "CJG-IKQ4-M9TX",
            "XYZ-7KQ4-M9TX",
        ] {
            assert_eq!(Reference::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn references_serialise_as_shown() {
        let r = Reference::parse("7KQ4M9TX").unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, "\"CJG-7KQ4-M9TX\"");
        assert_eq!(serde_json::from_str::<Reference>(&json).unwrap(), r);
        assert!(serde_json::from_str::<Reference>("\"nope\"").is_err());
    }

    #[test]
    fn pins_are_six_digits_with_leading_zeros() {
        assert_eq!(Pin::from_random([0, 0, 0, 0]).as_str(), "000000");
        assert_eq!(Pin::parse(" 004213 ").unwrap().as_str(), "004213");
        for bad in ["", "12345", "1234567", "12a456", "１２３４５６"] {
            assert!(Pin::parse(bad).is_none(), "{bad:?}");
        }
        assert_eq!(
            format!("{:?}", Pin::parse("123456").unwrap()),
            "Pin(******)"
        );
    }

    proptest! {
        #[test]
        fn every_random_reference_uses_only_unambiguous_characters(bytes: [u8; 8]) {
            let r = Reference::from_random(bytes);
            prop_assert_eq!(r.code().len(), REFERENCE_LEN);
            prop_assert!(r.code().bytes().all(|b| ALPHABET.contains(&b)));
            prop_assert!(!r.code().contains(['0', 'O', '1', 'I', 'L']));
            prop_assert_eq!(Reference::parse(&r.to_string()), Some(r));
        }

        #[test]
        fn every_random_pin_parses(bytes: [u8; 4]) {
            let pin = Pin::from_random(bytes);
            prop_assert_eq!(Pin::parse(pin.as_str()), Some(pin));
        }
    }
}
