//! Pledging a donation to a village project, and how to pay it.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::booking::{is_valid_id, parse_note, FieldErrors};
use crate::money::Money;
use crate::problem::Problem;
use crate::reference::{Pin, Reference};
use crate::text::Localized;

/// The smallest pledge: ¥1.
pub const MIN_DONATION: Money = Money::yuan(1);
/// The largest pledge through the portal: ¥1,000,000; more is arranged with the village.
pub const MAX_DONATION: Money = Money::yuan(1_000_000);
/// Longest display name.
pub const DISPLAY_NAME_MAX: usize = 40;
/// Longest message shown beside a donation.
pub const MESSAGE_MAX: usize = 200;

/// `POST /api/v1/donations`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DonationRequest {
    /// Project slug.
    pub project: String,
    /// In fen, ¥1 to ¥1,000,000.
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 100, maximum = 100_000_000))]
    pub amount: Money,
    /// Shown in the project's donor list (at most 40 characters); leave out when anonymous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default)]
    pub anonymous: bool,
    /// At most 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub message: Option<String>,
}

/// A pledge that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidDonation {
    pub project: String,
    pub amount: Money,
    /// `None` when anonymous.
    pub display_name: Option<String>,
    pub message: String,
}

impl DonationRequest {
    /// Validates amount, name-or-anonymous and message.
    pub fn parse(self) -> Result<ValidDonation, FieldErrors> {
        let mut errors = FieldErrors::default();
        let project = self.project.trim().to_owned();
        if !is_valid_id(&project) {
            errors.add("project", Problem::Unknown {});
        }
        if self.amount < MIN_DONATION || self.amount > MAX_DONATION {
            errors.add(
                "amount",
                Problem::AmountOutOfRange {
                    min: MIN_DONATION,
                    max: MAX_DONATION,
                },
            );
        }
        let name = self
            .display_name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        let display_name = match (self.anonymous, name) {
            (true, Some(_)) => {
                errors.add("display_name", Problem::NameWhenAnonymous {});
                None
            }
            (true, None) => None,
            (false, None) => {
                errors.add("display_name", Problem::NameOrAnonymous {});
                None
            }
            (false, Some(n))
                if n.chars().count() > DISPLAY_NAME_MAX || n.chars().any(char::is_control) =>
            {
                errors.add(
                    "display_name",
                    Problem::TooLong {
                        max: DISPLAY_NAME_MAX as u32,
                    },
                );
                None
            }
            (false, Some(n)) => Some(n),
        };
        let message = parse_note(self.message, "message", MESSAGE_MAX, &mut errors);
        errors.into_result(ValidDonation {
            project,
            amount: self.amount,
            display_name,
            message,
        })
    }
}

/// Where a pledge stands. Only `confirmed` money counts as raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DonationStatus {
    /// Promised; counted in the project's `pledged` until the village confirms the transfer.
    Pledged,
    /// Received, counted in `raised`.
    Confirmed,
    Cancelled,
}

impl DonationStatus {
    /// The stable name stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            DonationStatus::Pledged => "pledged",
            DonationStatus::Confirmed => "confirmed",
            DonationStatus::Cancelled => "cancelled",
        }
    }

    /// Parses [`DonationStatus::as_str`].
    pub fn parse(s: &str) -> Option<DonationStatus> {
        [
            DonationStatus::Pledged,
            DonationStatus::Confirmed,
            DonationStatus::Cancelled,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

/// How to pay a pledge by bank transfer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HowToPay {
    pub bank: Localized,
    pub account_name: Localized,
    pub account_number: String,
    pub amount: Money,
    /// Write this in the transfer's remark so the village can match it.
    pub quote: String,
    pub note: Localized,
}

/// A donation as the donor sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Donation {
    pub reference: Reference,
    /// Only in the answer that created the pledge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<Pin>,
    pub status: DonationStatus,
    pub project: String,
    pub project_name: Localized,
    pub amount: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub anonymous: bool,
    pub message: String,
    pub how_to_pay: HowToPay,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Once received: the donation's id in the public ledger (`D-…`), which unlike the
    /// reference opens nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger_id: Option<String>,
}

/// The payment note shown with the transfer details.
pub fn transfer_note(reference: &Reference) -> Localized {
    Localized::new(
        format!("转账时请在附言中注明 {reference}。村里确认到账后，捐款计入已筹金额。"),
        format!("Quote {reference} in the transfer remark. The village counts it as raised once the money arrives."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(amount: i64, name: Option<&str>, anonymous: bool) -> DonationRequest {
        DonationRequest {
            project: "old-hall-roof-repair".into(),
            amount: Money(amount),
            display_name: name.map(str::to_owned),
            anonymous,
            message: Some("加油".into()),
        }
    }

    #[test]
    fn a_named_pledge_parses() {
        let valid = request(5_000, Some(" 陈先生 "), false).parse().unwrap();
        assert_eq!(valid.display_name.as_deref(), Some("陈先生"));
        assert_eq!(valid.amount, Money(5_000));
    }

    #[test]
    fn a_pledge_is_either_named_or_anonymous() {
        assert!(request(5_000, None, true).parse().is_ok());
        for (name, anonymous) in [(None, false), (Some("x"), true)] {
            let errors = request(5_000, name, anonymous).parse().unwrap_err();
            assert_eq!(errors.fields().collect::<Vec<_>>(), ["display_name"]);
        }
    }

    #[test]
    fn amounts_outside_the_range_are_refused() {
        for amount in [0, 99, -100, MAX_DONATION.0 + 1] {
            let errors = request(amount, Some("a"), false).parse().unwrap_err();
            assert_eq!(errors.fields().collect::<Vec<_>>(), ["amount"], "{amount}");
        }
        assert!(request(100, Some("a"), false).parse().is_ok());
    }
}
