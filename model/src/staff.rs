//! Operators (hosts, sellers, village finance, admins) and what the dashboard API sends and
//! answers.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::booking::{Booking, FieldErrors};
use crate::ledger::{is_sha256_hex, LedgerEntry, SpendingStage};
use crate::listing::TraceStage;
use crate::money::Money;
use crate::order::Order;
use crate::problem::Problem;
use crate::text::Localized;

/// Longest reason, note, payee or purpose an operator types, in characters.
pub const OPERATOR_TEXT_MAX: usize = 500;

/// What an operator may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs schools, halls or lodgings: their bookings, sessions, rooms and texts.
    Host,
    /// Runs a shop or cooperative: its orders, stock, texts and traced batches.
    Seller,
    /// Village finance: confirms donations, records and approves spendings.
    Finance,
    /// Everything, including approving spendings.
    Admin,
}

impl Role {
    /// The stable name stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Host => "host",
            Role::Seller => "seller",
            Role::Finance => "finance",
            Role::Admin => "admin",
        }
    }

    /// Parses [`Role::as_str`].
    pub fn parse(s: &str) -> Option<Role> {
        [Role::Host, Role::Seller, Role::Finance, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
    }

    /// True for the roles that keep the donation ledger.
    pub fn keeps_ledger(self) -> bool {
        matches!(self, Role::Finance | Role::Admin)
    }
}

/// A listing an operator owns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnedListing {
    /// `schools`, `lodgings` or `products`.
    pub collection: String,
    pub slug: String,
}

/// The logged-in operator (`GET /ops/me`, `POST /ops/login`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorProfile {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub listings: Vec<OwnedListing>,
}

/// `POST /ops/login`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// A booking with what its operator has done to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRecord {
    #[serde(flatten)]
    pub booking: Booking,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Why the operator declined it (the booking is then `cancelled` with a full refund).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<DateTime<Utc>>,
}

/// An order with what its seller has done to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderRecord {
    #[serde(flatten)]
    pub order: Order,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fulfilled_at: Option<DateTime<Utc>>,
}

/// `POST /ops/bookings/{reference}/decline`: the reason the visitor will read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeclineRequest {
    pub reason: String,
}

impl DeclineRequest {
    /// The trimmed reason, 1–500 characters.
    pub fn parse(self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = required_text(&self.reason, "reason", &mut errors);
        errors.into_result(reason)
    }
}

/// `PATCH /ops/sessions/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CapacityRequest {
    /// Persons; at least those already booked.
    pub capacity: u32,
}

/// `PATCH /ops/variants/{sku}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StockRequest {
    pub stock: u32,
}

/// `PATCH /ops/lodgings/{slug}/rooms/{room}`: new prices; a missing field is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoomPriceRequest {
    #[serde(default)]
    pub nightly: Option<Money>,
    #[serde(default)]
    pub extra_person: Option<Money>,
}

/// Most a night or an extra person may cost, in fen (¥100,000).
pub const ROOM_PRICE_MAX: Money = Money(10_000_000);

impl RoomPriceRequest {
    /// Checks that prices are between ¥0 and ¥100,000 and that something changes.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        for (field, price) in [
            ("nightly", self.nightly),
            ("extra_person", self.extra_person),
        ] {
            if let Some(p) = price {
                if p.0 < 0 || p > ROOM_PRICE_MAX {
                    errors.add(
                        field,
                        Problem::AmountOutOfRange {
                            min: Money(0),
                            max: ROOM_PRICE_MAX,
                        },
                    );
                }
            }
        }
        if self.nightly == Some(Money(0)) {
            errors.add("nightly", Problem::MustCostSomething {});
        }
        if self.nightly.is_none() && self.extra_person.is_none() {
            errors.add("body", Problem::NothingToChange {});
        }
        errors.into_result(())
    }
}

/// `PATCH /ops/listings/{collection}/{slug}`: listing text in both languages; a missing field
/// is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ListingTextRequest {
    #[serde(default)]
    pub name: Option<Localized>,
    #[serde(default)]
    pub summary: Option<Localized>,
    /// `story` for schools and lodgings, `description` for products.
    #[serde(default)]
    pub story: Option<Localized>,
}

/// Longest listing name, summary and story, in characters.
pub const LISTING_NAME_MAX: usize = 80;
pub const LISTING_SUMMARY_MAX: usize = 300;
pub const LISTING_STORY_MAX: usize = 5_000;

impl ListingTextRequest {
    /// Each given text has both languages, trimmed and within its length.
    pub fn parse(self) -> Result<ListingTextRequest, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut check = |field: &str, text: Option<Localized>, max: usize| {
            text.map(|t| {
                let zh = t.zh.trim().to_owned();
                let en = t.en.trim().to_owned();
                for (lang, s) in [("zh", &zh), ("en", &en)] {
                    if s.is_empty() {
                        errors.add(&format!("{field}.{lang}"), Problem::Required {});
                    } else if s.chars().count() > max {
                        errors.add(
                            &format!("{field}.{lang}"),
                            Problem::TooLong { max: max as u32 },
                        );
                    }
                }
                Localized { zh, en }
            })
        };
        let parsed = ListingTextRequest {
            name: check("name", self.name, LISTING_NAME_MAX),
            summary: check("summary", self.summary, LISTING_SUMMARY_MAX),
            story: check("story", self.story, LISTING_STORY_MAX),
        };
        if parsed.name.is_none() && parsed.summary.is_none() && parsed.story.is_none() {
            errors.add("body", Problem::NothingToChange {});
        }
        errors.into_result(parsed)
    }
}

/// `POST /ops/pledges/{reference}/confirm`: the money has arrived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmPledgeRequest {
    /// How it came: `bank transfer`, `WeChat Pay`, `cash` …
    pub channel: String,
    /// When it was received.
    pub date: NaiveDate,
    #[serde(default)]
    pub note: String,
}

impl ConfirmPledgeRequest {
    /// Trimmed texts: a channel of 1–500 characters, a note of at most 500.
    pub fn parse(self) -> Result<ConfirmPledgeRequest, FieldErrors> {
        let mut errors = FieldErrors::default();
        let channel = required_text(&self.channel, "channel", &mut errors);
        let note = optional_text(&self.note, "note", &mut errors);
        errors.into_result(ConfirmPledgeRequest {
            channel,
            date: self.date,
            note,
        })
    }
}

/// `POST /ops/spendings`: money paid out of a project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SpendingRequest {
    pub project: String,
    pub amount: Money,
    pub payee: String,
    pub purpose: String,
    /// When it is (to be) spent.
    pub date: NaiveDate,
    /// SHA-256 (lower-case hex) of the receipt file.
    #[serde(default)]
    pub receipt_sha256: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// Largest single spending, in fen (¥10,000,000).
pub const SPENDING_MAX: Money = Money(1_000_000_000);

impl SpendingRequest {
    /// Trimmed texts, a positive amount, a well-formed receipt hash.
    pub fn parse(self) -> Result<SpendingRequest, FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.amount.0 <= 0 || self.amount > SPENDING_MAX {
            errors.add(
                "amount",
                Problem::AmountOutOfRange {
                    min: Money(1),
                    max: SPENDING_MAX,
                },
            );
        }
        let payee = required_text(&self.payee, "payee", &mut errors);
        let purpose = required_text(&self.purpose, "purpose", &mut errors);
        let note = optional_text(&self.note, "note", &mut errors);
        let receipt_sha256 = self
            .receipt_sha256
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty());
        if receipt_sha256.as_deref().is_some_and(|h| !is_sha256_hex(h)) {
            errors.add("receipt_sha256", Problem::InvalidReceiptHash {});
        }
        errors.into_result(SpendingRequest {
            project: self.project.trim().to_owned(),
            amount: self.amount,
            payee,
            purpose,
            date: self.date,
            receipt_sha256,
            note,
        })
    }
}

/// `POST /ops/ledger/corrections`: an entry that corrects an earlier one (the ledger is never
/// edited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CorrectionRequest {
    /// The `seq` of the entry being corrected.
    pub corrects: u64,
    /// The change, in fen: negative to take away, positive to add.
    pub amount: Money,
    pub date: NaiveDate,
    /// Why: shown on the public ledger.
    pub note: String,
}

impl CorrectionRequest {
    /// A non-zero amount within the spending limit and a reason.
    pub fn parse(self) -> Result<CorrectionRequest, FieldErrors> {
        let mut errors = FieldErrors::default();
        // unsigned_abs: `i64::MIN.abs()` would overflow and pass as a small number.
        if self.amount.0 == 0 || self.amount.0.unsigned_abs() > SPENDING_MAX.0.unsigned_abs() {
            errors.add("amount", Problem::ChangeOutOfRange { max: SPENDING_MAX });
        }
        let note = required_text(&self.note, "note", &mut errors);
        errors.into_result(CorrectionRequest { note, ..self })
    }
}

/// A spending and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spending {
    pub id: u64,
    pub project: String,
    pub amount: Money,
    pub payee: String,
    pub purpose: String,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_sha256: Option<String>,
    pub stage: SpendingStage,
    pub recorded_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_by: Option<String>,
}

/// `POST /ops/batches/{id}/stages`: one more stage of a traced batch.
pub type StageRequest = TraceStage;

/// `GET /ledger`: every entry, the head hash, and whether the chain verifies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ledger {
    pub entries: Vec<LedgerEntry>,
    /// The last entry's hash (the genesis hash when empty): print it, compare it later.
    pub head: String,
    /// True when the server re-computed the chain, it matched the head, and the head and every
    /// earlier checkpoint carry the village key's signature.
    pub verified: bool,
    /// The latest signed checkpoint (see `GET /ledger/checkpoints`); a browser checks its
    /// signature itself and that later ledgers extend it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<crate::ledger::Checkpoint>,
}

/// `GET /ledger/checkpoints`: the village's public key and every signed checkpoint, oldest
/// first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checkpoints {
    /// Ed25519, lower-case hex: print it beside the head hash on the notice board.
    pub public_key: String,
    pub checkpoints: Vec<crate::ledger::Checkpoint>,
}

/// A correction waiting for a second finance or admin account to approve it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingCorrection {
    pub id: u64,
    /// The `seq` of the entry it corrects.
    pub corrects: u64,
    pub amount: Money,
    pub date: NaiveDate,
    pub note: String,
    /// `pending`, then `approved` (its entry is in the ledger).
    pub status: String,
    pub proposed_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// The ledger entry, once approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger_seq: Option<u64>,
}

fn required_text(text: &str, field: &str, errors: &mut FieldErrors) -> String {
    let text = text.trim().to_owned();
    if text.is_empty() {
        errors.add(field, Problem::Required {});
    } else {
        check_text(&text, field, errors);
    }
    text
}

fn optional_text(text: &str, field: &str, errors: &mut FieldErrors) -> String {
    let text = text.trim().to_owned();
    check_text(&text, field, errors);
    text
}

fn check_text(text: &str, field: &str, errors: &mut FieldErrors) {
    if text.chars().count() > OPERATOR_TEXT_MAX {
        errors.add(
            field,
            Problem::TooLong {
                max: OPERATOR_TEXT_MAX as u32,
            },
        );
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        errors.add(field, Problem::ControlCharacters {});
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_correction_of_the_smallest_i64_is_refused_not_wrapped() {
        for amount in [
            0,
            i64::MIN,
            i64::MAX,
            SPENDING_MAX.0 + 1,
            -SPENDING_MAX.0 - 1,
        ] {
            let errors = CorrectionRequest {
                corrects: 1,
                amount: Money(amount),
                date: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
                note: "x".into(),
            }
            .parse()
            .unwrap_err();
            assert!(errors.get("amount").is_some(), "{amount}");
        }
    }

    #[test]
    fn a_decline_needs_a_reason() {
        let e = DeclineRequest {
            reason: "  ".into(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.fields().collect::<Vec<_>>(), ["reason"]);
        let ok = DeclineRequest {
            reason: " Full that week ".into(),
        };
        assert_eq!(ok.parse().unwrap(), "Full that week");
    }

    #[test]
    fn a_spending_needs_a_positive_amount_and_a_real_receipt_hash() {
        let req = SpendingRequest {
            project: "p".into(),
            amount: Money(0),
            payee: "Tile works".into(),
            purpose: "Tiles".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            receipt_sha256: Some("abc".into()),
            note: String::new(),
        };
        let e = req.parse().unwrap_err();
        assert!(e.get("amount").is_some());
        assert!(e.get("receipt_sha256").is_some());
    }

    #[test]
    fn listing_text_needs_both_languages() {
        let req = ListingTextRequest {
            name: Some(Localized {
                zh: "陈家拳馆".into(),
                en: " ".into(),
            }),
            summary: None,
            story: None,
        };
        let e = req.parse().unwrap_err();
        assert_eq!(e.fields().collect::<Vec<_>>(), ["name.en"]);
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in [Role::Host, Role::Seller, Role::Finance, Role::Admin] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert!(Role::Finance.keeps_ledger() && !Role::Host.keeps_ledger());
    }
}
