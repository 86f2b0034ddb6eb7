//! What can be wrong with a request, as stable codes with parameters. They cross the wire as
//! `{ "code": "places_left", "params": { "left": 1 } }`; each side words them from
//! `locales/{zh,en}/problem.json` (the server in English for API clients, the front end in the
//! visitor's language), so no sentence is built where the problem is found.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ledger::SpendingStage;
use crate::money::Money;
use crate::transition::Refusal;

/// A parameter as it is put into a sentence.
pub trait ParamText {
    fn text(&self) -> String;
}

impl ParamText for u32 {
    fn text(&self) -> String {
        self.to_string()
    }
}

impl ParamText for u64 {
    fn text(&self) -> String {
        self.to_string()
    }
}

impl ParamText for Money {
    fn text(&self) -> String {
        self.display()
    }
}

impl ParamText for String {
    fn text(&self) -> String {
        self.clone()
    }
}

impl ParamText for SpendingStage {
    fn text(&self) -> String {
        self.as_str().to_owned()
    }
}

impl ParamText for Vec<NaiveDate> {
    fn text(&self) -> String {
        let days: Vec<String> = self.iter().map(NaiveDate::to_string).collect();
        days.join(", ")
    }
}

/// Declares [`Problem`] with each variant's code and parameter names in one place.
macro_rules! problems {
    ($( $(#[doc = $doc:literal])* $variant:ident { $($param:ident : $ty:ty),* } = $code:literal, )*) => {
        /// A problem with a request or one of its fields: a stable code and its parameters.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(tag = "code", content = "params")]
        pub enum Problem {
            $( $(#[doc = $doc])* #[serde(rename = $code)] $variant { $($param: $ty),* }, )*
        }

        impl Problem {
            /// Every code with the names of its parameters.
            pub const CODES: &'static [(&'static str, &'static [&'static str])] =
                &[$(($code, &[$(stringify!($param)),*])),*];

            /// The stable code.
            pub fn code(&self) -> &'static str {
                match self {
                    $(Problem::$variant { .. } => $code,)*
                }
            }

            /// The parameters, as put into a sentence.
            pub fn params(&self) -> Vec<(&'static str, String)> {
                match self {
                    $(Problem::$variant { $($param),* } => {
                        vec![$((stringify!($param), ParamText::text($param))),*]
                    })*
                }
            }
        }
    };
}

problems! {
    // ---- A field's value
    Required {} = "required",
    TooLong { max: u32 } = "too_long",
    ControlCharacters {} = "control_characters",
    InvalidPhone {} = "invalid_phone",
    InvalidEmail {} = "invalid_email",
    InvalidWechat {} = "invalid_wechat",
    /// A field of the other kind of booking.
    NotForThisKind {} = "not_for_this_kind",
    /// No such listing, session, room, variant or project.
    Unknown {} = "unknown",
    DatePassed {} = "date_passed",
    TooFarAhead { days: u32 } = "too_far_ahead",
    CheckOutBeforeCheckIn {} = "check_out_before_check_in",
    TooManyNights { max: u32 } = "too_many_nights",
    TooFewPersons { min: u32 } = "too_few_persons",
    TooManyPersons { max: u32 } = "too_many_persons",
    /// A count outside `min..=max` (quantity, capacity, stock).
    OutOfRange { min: u32, max: u32 } = "out_of_range",
    AmountOutOfRange { min: Money, max: Money } = "amount_out_of_range",
    /// A correction changes an amount by something other than nothing, at most `max` either way.
    ChangeOutOfRange { max: Money } = "change_out_of_range",
    SessionStarted {} = "session_started",
    /// The host cancelled this session.
    SessionCancelled {} = "session_cancelled",
    CartEmpty {} = "cart_empty",
    TooManyLines { max: u32 } = "too_many_lines",
    DuplicateLine {} = "duplicate_line",
    /// A product already has a variant of this size and colour, or of this label.
    AlreadyExists {} = "already_exists",
    AddressNotForPickup {} = "address_not_for_pickup",
    InvalidPostcode {} = "invalid_postcode",
    NameWhenAnonymous {} = "name_when_anonymous",
    NameOrAnonymous {} = "name_or_anonymous",
    MustCostSomething {} = "must_cost_something",
    NothingToChange {} = "nothing_to_change",
    InvalidReceiptHash {} = "invalid_receipt_hash",
    InvalidPin {} = "invalid_pin",
    RequiredInBothLanguages {} = "required_in_both_languages",
    /// Capacity below the places already booked.
    BelowBooked { booked: u32 } = "below_booked",
    /// A correction would take a project's money below nothing.
    BelowZero {} = "below_zero",
    MustAccept {} = "must_accept",
    /// The value has the wrong type or form; `detail` is the parser's own (English) words.
    InvalidValue { detail: String } = "invalid_value",
    // ---- Places, nights and stock
    SessionFull {} = "session_full",
    PlacesLeft { left: u32 } = "places_left",
    RoomTaken { nights: Vec<NaiveDate> } = "room_taken",
    SoldOut {} = "sold_out",
    StockLeft { left: u32 } = "stock_left",
    OutOfStock {} = "out_of_stock",
    /// An upload that is not a JPEG, PNG or WebP, whatever its name says.
    NotAnImage {} = "not_an_image",
    /// An image cut short or damaged.
    ImageUnreadable {} = "image_unreadable",
    /// An image of more than `max` megapixels.
    ImageTooLarge { max: u32 } = "image_too_large",
    TooManyPhotos { max: u32 } = "too_many_photos",
    // ---- The request as a whole
    MalformedJson {} = "malformed_json",
    InvalidBody {} = "invalid_body",
    InvalidFields {} = "invalid_fields",
    UnsupportedMediaType {} = "unsupported_media_type",
    BodyTooLarge {} = "body_too_large",
    IdempotencyKeyMissing {} = "idempotency_key_missing",
    IdempotencyKeyInvalid {} = "idempotency_key_invalid",
    IdempotencyKeyReused {} = "idempotency_key_reused",
    NotFound {} = "not_found",
    MethodNotAllowed {} = "method_not_allowed",
    TooManyAttempts {} = "too_many_attempts",
    Busy {} = "busy",
    Unauthorized {} = "unauthorized",
    InvalidCredentials {} = "invalid_credentials",
    Forbidden {} = "forbidden",
    OriginRejected {} = "origin_rejected",
    LoginThrottled { retry_after: u64 } = "login_throttled",
    RateLimited { retry_after: u64 } = "rate_limited",
    Internal {} = "internal",
    UsernameTaken {} = "username_taken",
    AlreadySeeded {} = "already_seeded",
    // ---- Status changes refused (see [`Refusal`])
    BookingCancelled {} = "booking_cancelled",
    BookingExpired {} = "booking_expired",
    AlreadyConfirmed {} = "already_confirmed",
    NotConfirmed {} = "not_confirmed",
    AlreadyStarted {} = "already_started",
    OrderCancelled {} = "order_cancelled",
    AlreadyFulfilled {} = "already_fulfilled",
    DonationCancelled {} = "donation_cancelled",
    BadStage {} = "bad_stage",
    WrongStage { stage: SpendingStage, expected: SpendingStage } = "wrong_stage",
    SecondApproverRequired {} = "second_approver_required",
    AlreadyApproved {} = "already_approved",
}

impl From<Refusal> for Problem {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::BookingCancelled => Problem::BookingCancelled {},
            Refusal::BookingExpired => Problem::BookingExpired {},
            Refusal::BookingConfirmed | Refusal::PledgeConfirmed => Problem::AlreadyConfirmed {},
            Refusal::NotConfirmed => Problem::NotConfirmed {},
            Refusal::AlreadyStarted => Problem::AlreadyStarted {},
            Refusal::OrderCancelled => Problem::OrderCancelled {},
            Refusal::AlreadyFulfilled => Problem::AlreadyFulfilled {},
            Refusal::PledgeWithdrawn => Problem::DonationCancelled {},
            Refusal::NotAStep => Problem::BadStage {},
            Refusal::WrongStage { stage, expected } => Problem::WrongStage { stage, expected },
            Refusal::SecondApproverRequired => Problem::SecondApproverRequired {},
            Refusal::CorrectionApproved => Problem::AlreadyApproved {},
        }
    }
}

impl Problem {
    /// `template` with each `{{ name }}` replaced by this problem's parameter `name`.
    pub fn word(&self, template: &str) -> String {
        let mut text = template.to_owned();
        for (name, value) in self.params() {
            for placeholder in [format!("{{{{ {name} }}}}"), format!("{{{{{name}}}}}")] {
                text = text.replace(&placeholder, &value);
            }
        }
        text
    }
}

/// Problems with a request, per field (`party`, `contact.phone`, `lines[0].quantity`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<String, Vec<Problem>>);

impl FieldErrors {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: &str, problem: Problem) {
        self.0.entry(field.to_owned()).or_default().push(problem);
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems with `field`, if any.
    pub fn get(&self, field: &str) -> Option<&[Problem]> {
        self.0.get(field).map(Vec::as_slice)
    }

    /// The fields with problems.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The problems as a map from field to problems.
    pub fn into_map(self) -> BTreeMap<String, Vec<Problem>> {
        self.0
    }

    /// `Ok(value)` when nothing is wrong, else the problems.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<BTreeMap<String, Vec<Problem>>> for FieldErrors {
    fn from(map: BTreeMap<String, Vec<Problem>>) -> Self {
        FieldErrors(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_crosses_the_wire_as_code_and_params() {
        let json = serde_json::to_value(Problem::PlacesLeft { left: 1 }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "code": "places_left", "params": { "left": 1 } })
        );
        let back: Problem = serde_json::from_value(json).unwrap();
        assert_eq!(back, Problem::PlacesLeft { left: 1 });
        let full = serde_json::to_value(Problem::SessionFull {}).unwrap();
        assert_eq!(
            full,
            serde_json::json!({ "code": "session_full", "params": {} })
        );
    }

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for (code, _) in Problem::CODES {
            assert!(seen.insert(*code), "{code} twice");
            assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        }
    }

    fn table(text: &str) -> BTreeMap<String, String> {
        serde_json::from_str(text).expect("a flat JSON object of strings")
    }

    /// The `{{ name }}` placeholders of a template.
    fn placeholders(template: &str) -> Vec<String> {
        template
            .split("{{")
            .skip(1)
            .filter_map(|rest| rest.split_once("}}"))
            .map(|(name, _)| name.trim().to_owned())
            .collect()
    }

    #[test]
    fn every_code_is_worded_in_chinese_and_english_with_its_own_params() {
        let zh = table(include_str!("../../locales/zh/problem.json"));
        let en = table(include_str!("../../locales/en/problem.json"));
        for (lang, words) in [("zh", &zh), ("en", &en)] {
            for (code, params) in Problem::CODES {
                let template = words.get(*code);
                let template = template.unwrap_or_else(|| panic!("{lang}: no wording for {code}"));
                assert!(!template.trim().is_empty(), "{lang}: {code} is blank");
                for name in placeholders(template) {
                    assert!(
                        params.contains(&name.as_str()),
                        "{lang} {code}: {{{{ {name} }}}}"
                    );
                }
            }
            for code in words.keys() {
                assert!(
                    Problem::CODES.iter().any(|(c, _)| c == code),
                    "{lang}: {code} is no problem code"
                );
            }
        }
        assert!(
            zh.values().all(|t| t.chars().any(|c| c > '\u{2e80}')),
            "every Chinese wording is Chinese"
        );
    }

    #[test]
    fn a_wording_takes_its_parameters() {
        let p = Problem::RoomTaken {
            nights: vec![NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()],
        };
        assert_eq!(p.word("taken on {{ nights }}"), "taken on 2026-05-01");
        let p = Problem::AmountOutOfRange {
            min: Money(100),
            max: Money::yuan(50_000),
        };
        assert_eq!(p.word("from {{ min }} to {{max}}"), "from ¥1 to ¥50,000");
    }
}
