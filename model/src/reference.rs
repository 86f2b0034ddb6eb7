//! Booking, order and donation references (`CJG-7KQ4-M9TX`) and their PINs (`7KQ4M9TX`).
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
        let mut compact = compact(text);
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

/// Characters in a PIN given to a new booking, order or pledge: 31^8 ≈ 8.5 × 10^11 values, so
/// the server's 10 wrong tries per reference per hour leave a guesser no chance.
pub const PIN_LEN: usize = 8;

/// Digits in the PINs given before [`PIN_LEN`]-character PINs; still accepted for old tickets.
pub const LEGACY_PIN_LEN: usize = 6;

/// What a visitor typed, as compared: dashes and spaces (also the ideographic space) removed,
/// letters upper-cased. References and PINs are both read this way.
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\u{3000}' | '\t'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The secret that goes with a reference: 8 characters of [`ALPHABET`] (older tickets have
/// 6 digits).
#[derive(Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, example = "7KQ4M9TX"))]
pub struct Pin(String);

impl Pin {
    /// A new 8-character PIN from 8 random bytes (the bias of reducing 64 bits modulo 31^8 is
    /// below one in ten million).
    pub fn from_random(bytes: [u8; 8]) -> Pin {
        let base = ALPHABET.len() as u64;
        let mut n = u64::from_le_bytes(bytes) % base.pow(PIN_LEN as u32);
        let mut code = [0u8; PIN_LEN];
        for slot in code.iter_mut().rev() {
            *slot = ALPHABET[(n % base) as usize];
            n /= base;
        }
        Pin(code.iter().map(|&b| b as char).collect())
    }

    /// Reads a PIN as a visitor may type it (any case, with dashes or spaces): 8 characters of
    /// [`ALPHABET`], or an older ticket's 6 digits.
    pub fn parse(text: &str) -> Option<Pin> {
        let t = compact(text);
        let new = t.len() == PIN_LEN && t.bytes().all(|b| ALPHABET.contains(&b));
        let legacy = t.len() == LEGACY_PIN_LEN && t.bytes().all(|b| b.is_ascii_digit());
        (new || legacy).then_some(Pin(t))
    }

    /// The characters, without dashes or spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a PIN looks like, for error messages.
pub const PIN_RULE: &str = "a PIN is 8 letters and digits (older tickets: 6 digits)";

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
        Pin::parse(&text).ok_or_else(|| serde::de::Error::custom(PIN_RULE))
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
    fn new_pins_are_eight_unambiguous_characters_and_old_six_digit_ones_still_read() {
        let pin = Pin::from_random([0; 8]);
        assert_eq!(pin.as_str(), "22222222");
        assert_eq!(Pin::parse(" 004213 ").unwrap().as_str(), "004213");
        assert_eq!(Pin::parse("7kq4-m9tx").unwrap().as_str(), "7KQ4M9TX");
        assert_eq!(Pin::parse("7KQ4 M9TX").unwrap().as_str(), "7KQ4M9TX");
        for bad in [
            "",
            "12345",
            "1234567",
            "12a456",
            "１２３４５６",
            "7KQ4M9TO",
            "7KQ4M9T1",
            "7KQ4M9TXY",
        ] {
            assert!(Pin::parse(bad).is_none(), "{bad:?}");
        }
        assert_eq!(
            format!("{:?}", Pin::parse("123456").unwrap()),
            "Pin(******)"
        );
    }

    #[test]
    fn spaces_and_dashes_typed_from_a_slip_are_ignored_in_references_and_pins() {
        let r = Reference::parse("CJG 7KQ4-M9TX").unwrap();
        assert_eq!(r.to_string(), "CJG-7KQ4-M9TX");
        assert_eq!(Reference::parse("cjg\u{3000}7kq4 - m9tx"), Some(r));
        assert_eq!(Pin::parse("729 645").unwrap().as_str(), "729645");
        assert_eq!(Pin::parse("729-645").unwrap().as_str(), "729645");
        assert_eq!(Pin::parse(" 7KQ4 - M9TX ").unwrap().as_str(), "7KQ4M9TX");
        assert_eq!(Pin::parse("72 96 45 1"), None);
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
        fn every_random_pin_parses(bytes: [u8; 8]) {
            let pin = Pin::from_random(bytes);
            prop_assert_eq!(pin.as_str().len(), PIN_LEN);
            prop_assert!(!pin.as_str().contains(['0', 'O', '1', 'I', 'L']));
            prop_assert_eq!(Pin::parse(pin.as_str()), Some(pin));
        }
    }
}
