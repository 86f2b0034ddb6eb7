//! Booking a school session or a lodging room: the request a visitor sends, its validation,
//! and what the portal answers.
use serde::{Deserialize, Serialize};

pub use crate::problem::FieldErrors;
use crate::problem::Problem;

use chrono::{DateTime, NaiveDate, Utc};

use crate::listing::{CancellationPolicy, Contact, Lodging, Program, Room, School, Session};
use crate::money::Money;
use crate::reference::{Pin, Reference};
use crate::text::Localized;

/// Longest visitor name, in characters.
pub const NAME_MAX: usize = 60;
/// Longest note or message, in characters.
pub const NOTE_MAX: usize = 500;
/// Most persons one booking of a session takes.
pub const MAX_PARTY: u32 = 50;
/// Most guests one room booking takes, before the room's own limit.
pub const MAX_GUESTS: u32 = 20;
/// Longest stay in one booking.
pub const MAX_NIGHTS: i64 = 30;
/// How far ahead a stay can start.
pub const HORIZON_DAYS: i64 = 400;

/// What a visitor tells us about themselves, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VisitorContact {
    /// 1–60 characters, no control characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub name: String,
    /// A phone number: digits with optional `+`, spaces and dashes; 7–15 digits, at most 24
    /// characters.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^\\+?[0-9]([ -]?[0-9]){6,14}$", example = "138 0000 0000")
    )]
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A WeChat ID: 6–20 letters, digits, `_` or `-`, starting with a letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wechat: Option<String>,
    /// The language the visitor used the portal in: what is sent to them is written in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::Lang>,
}

impl VisitorContact {
    /// The contact with surrounding spaces trimmed and empty optional fields dropped, or the
    /// problems, keyed `{prefix}.name` etc.
    pub fn parse(self, prefix: &str, errors: &mut FieldErrors) -> VisitorContact {
        let key = |f: &str| format!("{prefix}.{f}");
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            errors.add(&key("name"), Problem::Required {});
        } else if name.chars().count() > NAME_MAX {
            errors.add(
                &key("name"),
                Problem::TooLong {
                    max: NAME_MAX as u32,
                },
            );
        } else if name.chars().any(char::is_control) {
            errors.add(&key("name"), Problem::ControlCharacters {});
        }
        let phone = self.phone.trim().to_owned();
        if !is_valid_phone(&phone) {
            errors.add(&key("phone"), Problem::InvalidPhone {});
        }
        let email = non_empty(self.email);
        if let Some(email) = &email {
            if !is_valid_email(email) {
                errors.add(&key("email"), Problem::InvalidEmail {});
            }
        }
        let wechat = non_empty(self.wechat);
        if let Some(id) = &wechat {
            if !is_valid_wechat(id) {
                errors.add(&key("wechat"), Problem::InvalidWechat {});
            }
        }
        VisitorContact {
            name,
            phone,
            email,
            wechat,
            lang: self.lang,
        }
    }
}

fn non_empty(field: Option<String>) -> Option<String> {
    field.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Digits with an optional leading `+`, spaces and dashes; 7 to 15 digits.
pub fn is_valid_phone(phone: &str) -> bool {
    let body = phone.strip_prefix('+').unwrap_or(phone);
    let digits = body.bytes().filter(u8::is_ascii_digit).count();
    phone.len() <= 24
        && (7..=15).contains(&digits)
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b' ' || b == b'-')
}

/// A plausible email address: one `@`, something before it, a dotted domain after it.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// WeChat's own rule for IDs.
pub fn is_valid_wechat(id: &str) -> bool {
    (6..=20).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// An id of a listing, session, room or variant: 1–64 ASCII letters, digits, `-` or `_`.
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks a free-text note: trimmed, at most `max` characters.
pub fn parse_note(
    note: Option<String>,
    field: &str,
    max: usize,
    errors: &mut FieldErrors,
) -> String {
    let note = note.unwrap_or_default().trim().to_owned();
    if note.chars().count() > max {
        errors.add(field, Problem::TooLong { max: max as u32 });
    }
    note
}

fn required<'a, T>(value: &'a Option<T>, field: &str, errors: &mut FieldErrors) -> Option<&'a T> {
    if value.is_none() {
        errors.add(field, Problem::Required {});
    }
    value.as_ref()
}

fn required_id(value: &Option<String>, field: &str, errors: &mut FieldErrors) -> String {
    match required(value, field, errors) {
        Some(id) if is_valid_id(id) => id.clone(),
        Some(_) => {
            errors.add(field, Problem::Unknown {});
            String::new()
        }
        None => String::new(),
    }
}

/// What is booked: a place in a school session or a lodging room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingKind {
    School,
    Lodging,
}

/// `POST /api/v1/bookings`: a school session for a party, or a room for a stay, as sent.
///
/// Flat, with the fields of the other kind left out, so that each problem is reported on the
/// field the visitor typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BookingRequest {
    pub kind: BookingKind,
    /// School slug (kind `school`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub school: Option<String>,
    /// Session id (kind `school`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub session: Option<String>,
    /// Persons in the party (kind `school`), 1 to the session's capacity (at most 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 50))]
    pub party: Option<u32>,
    /// Lodging slug (kind `lodging`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub lodging: Option<String>,
    /// Room id (kind `lodging`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub room: Option<String>,
    /// First night (kind `lodging`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in: Option<NaiveDate>,
    /// Day of leaving (kind `lodging`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_out: Option<NaiveDate>,
    /// Guests in the room (kind `lodging`), 1 to the room's limit (at most 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 20))]
    pub guests: Option<u32>,
    pub contact: VisitorContact,
    /// At most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: Option<String>,
}

/// A stay from check-in to check-out (exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stay {
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
}

impl Stay {
    /// Checks the dates against `today`: not in the past, leaving after arriving, at most
    /// [`MAX_NIGHTS`] nights, starting within [`HORIZON_DAYS`].
    pub fn parse(
        check_in: NaiveDate,
        check_out: NaiveDate,
        today: NaiveDate,
        errors: &mut FieldErrors,
    ) -> Option<Stay> {
        let before = errors.clone();
        if check_in < today {
            errors.add("check_in", Problem::DatePassed {});
        } else if (check_in - today).num_days() > HORIZON_DAYS {
            errors.add(
                "check_in",
                Problem::TooFarAhead {
                    days: HORIZON_DAYS as u32,
                },
            );
        }
        if check_out <= check_in {
            errors.add("check_out", Problem::CheckOutBeforeCheckIn {});
        } else if (check_out - check_in).num_days() > MAX_NIGHTS {
            errors.add(
                "check_out",
                Problem::TooManyNights {
                    max: MAX_NIGHTS as u32,
                },
            );
        }
        (*errors == before).then_some(Stay {
            check_in,
            check_out,
        })
    }

    /// Nights stayed.
    pub fn nights(&self) -> u32 {
        (self.check_out - self.check_in).num_days().max(0) as u32
    }

    /// Each night, from check-in to the night before check-out.
    pub fn each_night(&self) -> impl Iterator<Item = NaiveDate> {
        self.check_in.iter_days().take(self.nights() as usize)
    }
}

/// A booking request that passed validation.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidBooking {
    pub item: BookingItem,
    pub contact: VisitorContact,
    pub note: String,
}

/// What a valid booking asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum BookingItem {
    Session {
        school: String,
        session: String,
        party: u32,
    },
    Room {
        lodging: String,
        room: String,
        stay: Stay,
        guests: u32,
    },
}

impl BookingRequest {
    /// Validates everything that needs no listing: required fields per kind, sizes, dates
    /// against `today`, contact. Problems are keyed by field name.
    pub fn parse(self, today: NaiveDate) -> Result<ValidBooking, FieldErrors> {
        let mut errors = FieldErrors::default();
        let other_kind: &[(&str, bool)] = match self.kind {
            BookingKind::School => &[
                ("lodging", self.lodging.is_some()),
                ("room", self.room.is_some()),
                ("check_in", self.check_in.is_some()),
                ("check_out", self.check_out.is_some()),
                ("guests", self.guests.is_some()),
            ],
            BookingKind::Lodging => &[
                ("school", self.school.is_some()),
                ("session", self.session.is_some()),
                ("party", self.party.is_some()),
            ],
        };
        for (field, present) in other_kind {
            if *present {
                errors.add(field, Problem::NotForThisKind {});
            }
        }
        let item = match self.kind {
            BookingKind::School => {
                let school = required_id(&self.school, "school", &mut errors);
                let session = required_id(&self.session, "session", &mut errors);
                let party = match required(&self.party, "party", &mut errors) {
                    Some(0) => {
                        errors.add("party", Problem::TooFewPersons { min: 1 });
                        0
                    }
                    Some(&n) if n > MAX_PARTY => {
                        errors.add("party", Problem::TooManyPersons { max: MAX_PARTY });
                        n
                    }
                    Some(&n) => n,
                    None => 0,
                };
                BookingItem::Session {
                    school,
                    session,
                    party,
                }
            }
            BookingKind::Lodging => {
                let lodging = required_id(&self.lodging, "lodging", &mut errors);
                let room = required_id(&self.room, "room", &mut errors);
                let check_in = required(&self.check_in, "check_in", &mut errors).copied();
                let check_out = required(&self.check_out, "check_out", &mut errors).copied();
                let stay = match (check_in, check_out) {
                    (Some(i), Some(o)) => Stay::parse(i, o, today, &mut errors),
                    _ => None,
                };
                let guests = match required(&self.guests, "guests", &mut errors) {
                    Some(0) => {
                        errors.add("guests", Problem::TooFewPersons { min: 1 });
                        0
                    }
                    Some(&n) if n > MAX_GUESTS => {
                        errors.add("guests", Problem::TooManyPersons { max: MAX_GUESTS });
                        n
                    }
                    Some(&n) => n,
                    None => 0,
                };
                let stay = stay.unwrap_or(Stay {
                    check_in: today,
                    check_out: today,
                });
                BookingItem::Room {
                    lodging,
                    room,
                    stay,
                    guests,
                }
            }
        };
        let contact = self.contact.parse("contact", &mut errors);
        let note = parse_note(self.note, "note", NOTE_MAX, &mut errors);
        errors.into_result(ValidBooking {
            item,
            contact,
            note,
        })
    }
}

/// The price of a stay, line by line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StayQuote {
    pub nights: u32,
    pub guests: u32,
    /// Guests the nightly price includes.
    pub base_guests: u32,
    /// Guests above `base_guests`, each paying `extra_person` a night.
    pub extra_persons: u32,
    pub nightly: Money,
    pub extra_person: Money,
    /// `nights × nightly + nights × extra_persons × extra_person`.
    pub total: Money,
}

/// Prices a stay: nights × nightly + nights × extra persons above the base × extra-person price.
pub fn quote_stay(room: &Room, nights: u32, guests: u32) -> StayQuote {
    let extra_persons = guests.saturating_sub(u32::from(room.base_guests));
    let nights_i = i64::from(nights);
    let total = room.nightly * nights_i + room.extra_person * (nights_i * i64::from(extra_persons));
    StayQuote {
        nights,
        guests,
        base_guests: u32::from(room.base_guests),
        extra_persons,
        nightly: room.nightly,
        extra_person: room.extra_person,
        total,
    }
}

/// The price of a programme for a party.
pub fn party_price(program: &Program, party: u32) -> Money {
    program.price_per_person * i64::from(party)
}

/// What cancelling now gives back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum CancelDecision {
    /// Cancelled with this share of the price back.
    Refund { percent: u8, amount: Money },
    /// The session or stay has started: cancel with the operator directly.
    Started,
}

impl CancellationPolicy {
    /// The last day of free cancellation for something starting on `start`.
    pub fn free_until(&self, start: NaiveDate) -> NaiveDate {
        start - chrono::Days::new(u64::from(self.free_until_days))
    }

    /// The refund for cancelling on `today` something that costs `price` and starts on `start`.
    pub fn decide(&self, price: Money, start: NaiveDate, today: NaiveDate) -> CancelDecision {
        if today >= start {
            return CancelDecision::Started;
        }
        let days_before = (start - today).num_days();
        let percent = if days_before >= i64::from(self.free_until_days) {
            100
        } else {
            self.late_refund_percent.min(100)
        };
        CancelDecision::Refund {
            percent,
            // Rounded half up to the fen, as every share of a price is.
            amount: (price * i64::from(percent)).per(100),
        }
    }
}

/// Where a booking stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Sent to the operator, places held; the operator confirms by phone.
    Requested,
    Confirmed,
    Cancelled,
    /// Not confirmed in time: the places or nights are free again.
    Expired,
}

/// Hours an operator has to confirm a requested booking, unless the listing says otherwise.
pub const DEFAULT_CONFIRM_HOURS: u16 = 48;

/// When a booking requested at `requested_at` expires if nobody confirms it.
pub fn expires_at(requested_at: DateTime<Utc>, confirm_within_hours: Option<u16>) -> DateTime<Utc> {
    let hours = confirm_within_hours.unwrap_or(DEFAULT_CONFIRM_HOURS).max(1);
    requested_at + chrono::Duration::hours(i64::from(hours))
}

impl BookingStatus {
    /// The stable name stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Requested => "requested",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Expired => "expired",
        }
    }

    /// True while the booking holds its places or nights.
    pub fn holds_places(self) -> bool {
        matches!(self, BookingStatus::Requested | BookingStatus::Confirmed)
    }

    /// Parses [`BookingStatus::as_str`].
    pub fn parse(s: &str) -> Option<BookingStatus> {
        [
            BookingStatus::Requested,
            BookingStatus::Confirmed,
            BookingStatus::Cancelled,
            BookingStatus::Expired,
        ]
        .into_iter()
        .find(|b| b.as_str() == s)
    }
}

/// What was booked, with the names shown on the receipt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BookedItem {
    School {
        school: String,
        school_name: Localized,
        program: String,
        program_name: Localized,
        session: String,
        start: NaiveDate,
        days: u16,
        party: u32,
        price_per_person: Money,
    },
    Lodging {
        lodging: String,
        lodging_name: Localized,
        room: String,
        room_name: Localized,
        check_in: NaiveDate,
        check_out: NaiveDate,
        guests: u32,
        quote: StayQuote,
    },
}

impl BookedItem {
    /// What was booked, as a ticket, a calendar and a host's message name it: "Goudong
    /// school · One-week course", "Chen Family Courtyard · Double room".
    pub fn title(&self) -> Localized {
        let (a, b) = match self {
            BookedItem::School {
                school_name,
                program_name,
                ..
            } => (school_name, program_name),
            BookedItem::Lodging {
                lodging_name,
                room_name,
                ..
            } => (lodging_name, room_name),
        };
        Localized::new(
            format!("{} · {}", a.zh, b.zh),
            format!("{} · {}", a.en, b.en),
        )
    }

    /// The first day: session start or check-in.
    pub fn start(&self) -> NaiveDate {
        match self {
            BookedItem::School { start, .. } => *start,
            BookedItem::Lodging { check_in, .. } => *check_in,
        }
    }
}

/// A booking as the visitor sees it (`POST` answer, `GET` by reference and PIN).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub reference: Reference,
    /// Only in the answer that created the booking: keep it with the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<Pin>,
    pub status: BookingStatus,
    pub item: BookedItem,
    /// The whole price, paid to the operator.
    pub price: Money,
    pub cancellation: CancellationPolicy,
    /// Cancelling on or before this day refunds everything.
    pub free_cancellation_until: NaiveDate,
    /// How to reach the school or host.
    pub operator_contact: Contact,
    pub contact: VisitorContact,
    pub note: String,
    pub created_at: DateTime<Utc>,
    /// Set when cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl Booking {
    /// The booking of a session its host moved to `start`: the new date, and free
    /// cancellation counted from it. A stay is not moved this way.
    pub fn moved_to(mut self, new_start: NaiveDate) -> Booking {
        if let BookedItem::School { start, .. } = &mut self.item {
            *start = new_start;
            self.free_cancellation_until = self.cancellation.free_until(new_start);
        }
        self
    }
}

/// `POST .../cancel`: the PIN that goes with the reference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// 8 letters and digits of the reference alphabet (older tickets: 6 digits), any case,
    /// dashes and spaces ignored.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "7KQ4M9TX", pattern = "^[ \\t-]*(([2-9A-HJKMNP-Za-hjkmnp-z][ \\t-]*){8}|([0-9][ \\t-]*){6})$"))]
    pub pin: String,
}

/// A session of a programme with its places left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionAvailability {
    pub id: String,
    pub start: NaiveDate,
    pub capacity: u32,
    pub booked: u32,
    pub places_left: u32,
    /// Can be booked today: not started and places left.
    pub bookable: bool,
    /// The price for the asked party size, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
}

/// `GET /api/v1/schools/{slug}/programs/{program}/sessions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgramAvailability {
    pub school: String,
    pub program: String,
    pub name: Localized,
    pub days: u16,
    pub price_per_person: Money,
    pub sessions: Vec<SessionAvailability>,
}

/// The sessions of a programme as a visitor can book them on `today`.
pub fn program_availability(
    school: &School,
    program: &Program,
    party: Option<u32>,
    today: NaiveDate,
) -> ProgramAvailability {
    ProgramAvailability {
        school: school.slug.clone(),
        program: program.id.clone(),
        name: program.name.clone(),
        days: program.days,
        price_per_person: program.price_per_person,
        sessions: program
            .sessions
            .iter()
            .map(|s: &Session| SessionAvailability {
                id: s.id.clone(),
                start: s.start,
                capacity: s.capacity,
                booked: s.booked,
                places_left: s.places_left(),
                bookable: s.is_bookable(today, party.unwrap_or(1)),
                price: party.map(|p| party_price(program, p)),
            })
            .collect(),
    }
}

/// A room for the asked dates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoomAvailability {
    pub room: String,
    pub name: Localized,
    pub max_guests: u8,
    /// Every night of the stay is free.
    pub free: bool,
    /// The party fits in the room.
    pub fits: bool,
    /// Nights of the stay already taken.
    pub taken_nights: Vec<NaiveDate>,
    /// The price for the stay and guests, when they fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<StayQuote>,
}

/// `GET /api/v1/lodgings/{slug}/availability?check_in&check_out&guests`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LodgingAvailability {
    pub lodging: String,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub nights: u32,
    pub guests: u32,
    pub rooms: Vec<RoomAvailability>,
}

/// Rooms of a lodging for a stay, given the nights already taken (room id, night).
pub fn lodging_availability(
    lodging: &Lodging,
    stay: Stay,
    guests: u32,
    taken: &[(String, NaiveDate)],
) -> LodgingAvailability {
    LodgingAvailability {
        lodging: lodging.slug.clone(),
        check_in: stay.check_in,
        check_out: stay.check_out,
        nights: stay.nights(),
        guests,
        rooms: lodging
            .rooms
            .iter()
            .map(|room| {
                let taken_nights: Vec<NaiveDate> = taken
                    .iter()
                    .filter(|(r, _)| *r == room.id)
                    .map(|(_, night)| *night)
                    .filter(|night| *night >= stay.check_in && *night < stay.check_out)
                    .collect();
                let fits = guests >= 1 && guests <= u32::from(room.max_guests);
                RoomAvailability {
                    room: room.id.clone(),
                    name: room.name.clone(),
                    max_guests: room.max_guests,
                    free: taken_nights.is_empty(),
                    fits,
                    taken_nights,
                    quote: fits.then(|| quote_stay(room, stay.nights(), guests)),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_expired_booking_holds_nothing() {
        use BookingStatus::*;
        assert!(Requested.holds_places() && Confirmed.holds_places());
        assert!(!Expired.holds_places() && !Cancelled.holds_places());
        assert_eq!(BookingStatus::parse("expired"), Some(Expired));
        let at = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(expires_at(at, None) - at, chrono::Duration::hours(48));
        assert_eq!(expires_at(at, Some(6)) - at, chrono::Duration::hours(6));
        assert_eq!(expires_at(at, Some(0)) - at, chrono::Duration::hours(1));
    }

    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn contact() -> VisitorContact {
        VisitorContact {
            name: "Li Wei".into(),
            phone: "138 0013 8000".into(),
            email: Some("li.wei@example.com".into()),
            wechat: Some("liwei_88".into()),
            lang: None,
        }
    }

    fn school_request(party: u32) -> BookingRequest {
        BookingRequest {
            kind: BookingKind::School,
            school: Some("chen-family-hall".into()),
            session: Some("s1".into()),
            party: Some(party),
            lodging: None,
            room: None,
            check_in: None,
            check_out: None,
            guests: None,
            contact: contact(),
            note: Some("  vegetarian  ".into()),
        }
    }

    fn room_request(check_in: &str, check_out: &str, guests: u32) -> BookingRequest {
        BookingRequest {
            kind: BookingKind::Lodging,
            school: None,
            session: None,
            party: None,
            lodging: Some("yam-field-homestay".into()),
            room: Some("double".into()),
            check_in: Some(day(check_in)),
            check_out: Some(day(check_out)),
            guests: Some(guests),
            contact: contact(),
            note: None,
        }
    }

    fn room(base: u8, max: u8, nightly: i64, extra: i64) -> Room {
        Room {
            id: "double".into(),
            name: Localized::new("大床房", "Double room"),
            beds: Localized::new("1张大床", "1 double bed"),
            base_guests: base,
            max_guests: max,
            nightly: Money::yuan(nightly),
            extra_person: Money::yuan(extra),
            photos: Vec::new(),
        }
    }

    const TODAY: &str = "2026-05-01";

    #[test]
    fn a_valid_school_booking_parses_with_trimmed_text() {
        let valid = school_request(3).parse(day(TODAY)).unwrap();
        assert_eq!(
            valid.item,
            BookingItem::Session {
                school: "chen-family-hall".into(),
                session: "s1".into(),
                party: 3
            }
        );
        assert_eq!(valid.note, "vegetarian");
    }

    #[test]
    fn a_party_of_zero_or_too_many_is_refused_on_the_party_field() {
        for party in [0, MAX_PARTY + 1] {
            let errors = school_request(party).parse(day(TODAY)).unwrap_err();
            assert_eq!(
                errors.fields().collect::<Vec<_>>(),
                ["party"],
                "party {party}"
            );
        }
    }

    #[test]
    fn missing_fields_of_the_kind_are_each_reported() {
        let mut req = school_request(1);
        req.session = None;
        req.party = None;
        let errors = req.parse(day(TODAY)).unwrap_err();
        assert_eq!(errors.fields().collect::<Vec<_>>(), ["party", "session"]);
    }

    #[test]
    fn fields_of_the_other_kind_are_refused() {
        let mut req = school_request(1);
        req.guests = Some(2);
        let errors = req.parse(day(TODAY)).unwrap_err();
        assert_eq!(errors.fields().collect::<Vec<_>>(), ["guests"]);
    }

    #[test]
    fn stays_in_the_past_or_backwards_are_refused_on_their_dates() {
        let past = room_request("2026-04-30", "2026-05-02", 2)
            .parse(day(TODAY))
            .unwrap_err();
        assert_eq!(past.fields().collect::<Vec<_>>(), ["check_in"]);
        let backwards = room_request("2026-05-03", "2026-05-02", 2)
            .parse(day(TODAY))
            .unwrap_err();
        assert_eq!(backwards.fields().collect::<Vec<_>>(), ["check_out"]);
        let same_day = room_request("2026-05-03", "2026-05-03", 2)
            .parse(day(TODAY))
            .unwrap_err();
        assert_eq!(same_day.fields().collect::<Vec<_>>(), ["check_out"]);
        let too_long = room_request("2026-05-03", "2026-07-03", 2)
            .parse(day(TODAY))
            .unwrap_err();
        assert_eq!(too_long.fields().collect::<Vec<_>>(), ["check_out"]);
        let valid = room_request(TODAY, "2026-05-04", 2)
            .parse(day(TODAY))
            .unwrap();
        let BookingItem::Room { stay, .. } = valid.item else {
            panic!()
        };
        assert_eq!(stay.nights(), 3);
        assert_eq!(
            stay.each_night().collect::<Vec<_>>(),
            [day("2026-05-01"), day("2026-05-02"), day("2026-05-03")]
        );
    }

    #[test]
    fn contact_problems_are_keyed_under_contact() {
        let mut req = school_request(1);
        req.contact = VisitorContact {
            name: "  ".into(),
            phone: "call me".into(),
            email: Some("nope".into()),
            wechat: Some("1abc".into()),
            lang: None,
        };
        let errors = req.parse(day(TODAY)).unwrap_err();
        assert_eq!(
            errors.fields().collect::<Vec<_>>(),
            [
                "contact.email",
                "contact.name",
                "contact.phone",
                "contact.wechat"
            ]
        );
    }

    #[test]
    fn empty_optional_contact_fields_are_dropped() {
        let mut req = school_request(1);
        req.contact.email = Some(" ".into());
        req.contact.wechat = Some(String::new());
        let valid = req.parse(day(TODAY)).unwrap();
        assert_eq!((valid.contact.email, valid.contact.wechat), (None, None));
    }

    #[test]
    fn phone_numbers_as_typed_in_china_are_accepted() {
        for ok in [
            "13800138000",
            "138 0013 8000",
            "0391-6118888",
            "+86 138 0013 8000",
        ] {
            assert!(is_valid_phone(ok), "{ok}");
        }
        for bad in ["", "12345", "abc1234567", "+", "1380013800012345678"] {
            assert!(!is_valid_phone(bad), "{bad}");
        }
    }

    #[test]
    fn a_long_note_is_refused() {
        let mut req = school_request(1);
        req.note = Some("字".repeat(NOTE_MAX + 1));
        assert_eq!(
            req.parse(day(TODAY))
                .unwrap_err()
                .fields()
                .collect::<Vec<_>>(),
            ["note"]
        );
        let mut req = school_request(1);
        req.note = Some("字".repeat(NOTE_MAX));
        assert!(req.parse(day(TODAY)).is_ok());
    }

    #[test]
    fn a_stay_costs_nights_times_nightly_plus_extra_persons() {
        let q = quote_stay(&room(2, 4, 180, 50), 3, 4);
        assert_eq!(q.extra_persons, 2);
        assert_eq!(q.total, Money::yuan(3 * 180 + 3 * 2 * 50));
        let q = quote_stay(&room(2, 4, 180, 50), 2, 1);
        assert_eq!((q.extra_persons, q.total), (0, Money::yuan(360)));
    }

    #[test]
    fn cancelling_early_refunds_all_and_late_refunds_the_policy_share() {
        let policy = CancellationPolicy {
            free_until_days: 14,
            late_refund_percent: 50,
            note: Localized::default(),
        };
        let start = day("2026-06-01");
        assert_eq!(policy.free_until(start), day("2026-05-18"));
        let price = Money(10_001);
        assert_eq!(
            policy.decide(price, start, day("2026-05-18")),
            CancelDecision::Refund {
                percent: 100,
                amount: price
            }
        );
        assert_eq!(
            policy.decide(price, start, day("2026-05-19")),
            CancelDecision::Refund {
                percent: 50,
                amount: Money(5001)
            }
        );
        assert_eq!(policy.decide(price, start, start), CancelDecision::Started);
    }

    #[test]
    fn availability_marks_taken_and_too_small_rooms() {
        let text = |en: &str| serde_json::json!({ "zh": en, "en": en });
        let lodging: Lodging = serde_json::from_value(serde_json::json!({
            "slug": "yam-field-homestay", "name": text("Yam Field"), "summary": text("s"), "story": text("s"),
            "amenities": ["wifi"], "house_rules": [],
            "rooms": [
                { "id": "double", "name": text("Double"), "beds": text("1 bed"), "base_guests": 2, "max_guests": 3, "nightly": 18000, "extra_person": 5000 },
                { "id": "single", "name": text("Single"), "beds": text("1 bed"), "base_guests": 1, "max_guests": 1, "nightly": 9000, "extra_person": 0 }
            ],
            "location": { "address": text("a"), "x": 1, "y": 1, "lat": 34.9, "lng": 113.1, "walk_minutes": 5 },
            "contact": { "phone": "0391-1", "hours": text("h") },
            "cancellation": { "free_until_days": 7, "late_refund_percent": 50, "note": text("n") },
            "operator": { "name": text("o"), "poverty_alleviation": false, "supports": text("s") },
            "image": "img/x.svg"
        }))
        .unwrap();
        let stay = Stay {
            check_in: day("2026-05-02"),
            check_out: day("2026-05-04"),
        };
        let taken = vec![
            ("double".to_owned(), day("2026-05-03")),
            ("double".to_owned(), day("2026-05-09")),
        ];
        let a = lodging_availability(&lodging, stay, 3, &taken);
        assert_eq!(a.nights, 2);
        let double = a.rooms.iter().find(|r| r.room == "double").unwrap();
        assert!(!double.free);
        assert_eq!(double.taken_nights, [day("2026-05-03")]);
        let single = a.rooms.iter().find(|r| r.room == "single").unwrap();
        assert!(single.free && !single.fits && single.quote.is_none());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn room(base: u8, max: u8, nightly: i64, extra: i64) -> Room {
            Room {
                id: "r".into(),
                name: Localized::default(),
                beds: Localized::default(),
                base_guests: base,
                max_guests: max,
                nightly: Money(nightly),
                extra_person: Money(extra),
                photos: Vec::new(),
            }
        }

        proptest! {
            #[test]
            fn a_stay_costs_nights_times_the_nightly_and_extra_guests(
                base in 1u8..4, extra_guests in 0u8..4, nights in 1u32..31,
                nightly in 1i64..100_000, extra in 0i64..10_000,
            ) {
                let r = room(base, base + extra_guests, nightly, extra);
                let q = quote_stay(&r, nights, u32::from(base + extra_guests));
                prop_assert_eq!(q.extra_persons, u32::from(extra_guests));
                let expected = i64::from(nights) * (nightly + i64::from(extra_guests) * extra);
                prop_assert_eq!(q.total, Money(expected));
                // One more night never costs less.
                prop_assert!(quote_stay(&r, nights + 1, q.guests).total > q.total);
            }

            #[test]
            fn a_refund_is_never_more_than_the_price_and_full_when_early(
                price in 0i64..10_000_000, free_days in 0u16..60, late in 0u8..=100,
                days_before in -5i64..120,
            ) {
                let policy = CancellationPolicy {
                    free_until_days: free_days,
                    late_refund_percent: late,
                    note: Localized::default(),
                };
                let start = day("2027-05-01");
                let today = start - chrono::Duration::days(days_before);
                match policy.decide(Money(price), start, today) {
                    CancelDecision::Started => prop_assert!(days_before <= 0),
                    CancelDecision::Refund { percent, amount } => {
                        prop_assert!(amount.0 <= price && amount.0 >= 0);
                        if days_before >= i64::from(free_days) {
                            prop_assert_eq!(percent, 100);
                            prop_assert_eq!(amount, Money(price));
                        }
                    }
                }
            }
        }
    }
}
