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
use crate::schedule::SessionSeries;
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

impl Role {
    /// Whether an operator of this role may be given a listing of `collection`.
    pub fn may_own(self, collection: &str) -> bool {
        match self {
            Role::Host => matches!(collection, "schools" | "lodgings"),
            Role::Seller => collection == "products",
            Role::Finance => false,
            Role::Admin => matches!(collection, "schools" | "lodgings" | "products"),
        }
    }
}

/// `POST /ops/operators` (and `server operator add`): a dashboard account to create. Its
/// password is made by the server and shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OperatorRequest {
    /// 3–32 letters, digits, '.', '_' or '-'; compared in lower case.
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    pub listings: Vec<OwnedListing>,
}

impl OperatorRequest {
    /// The account with its user name in lower case and its listings sorted once each;
    /// refused field by field when a name does not fit or the role cannot own a listing.
    pub fn parse(self) -> Result<OperatorRequest, FieldErrors> {
        let mut errors = FieldErrors::default();
        let username = self.username.trim().to_ascii_lowercase();
        let fits = (3..=32).contains(&username.len())
            && username
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if !fits {
            errors.add(
                "username",
                Problem::InvalidValue {
                    detail: "3–32 letters, digits, '.', '_' or '-'".into(),
                },
            );
        }
        let display_name = required_text(&self.display_name, "display_name", &mut errors);
        if display_name.chars().count() > 60 {
            errors.add("display_name", Problem::TooLong { max: 60 });
        }
        if self
            .listings
            .iter()
            .any(|l| !self.role.may_own(&l.collection))
        {
            errors.add("listings", Problem::NotForThisKind {});
        }
        let mut listings = self.listings;
        listings.sort();
        listings.dedup();
        errors.into_result(OperatorRequest {
            username,
            display_name,
            role: self.role,
            listings,
        })
    }
}

/// A dashboard account as the village admin sees it (`GET /ops/operators`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub listings: Vec<OwnedListing>,
    pub disabled: bool,
}

/// A password made by the server, shown once (`POST /ops/operators`, `.../password`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OneTimePassword {
    pub username: String,
    /// Give it to the operator; it is not kept in readable form and cannot be shown again.
    pub password: String,
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

/// `POST /ops/schools/{slug}/programs/{program}/sessions`: one dated session, or a series
/// (every `every_days` days from `first`, `count` times or without end).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub first: NaiveDate,
    /// Absent for a single session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_days: Option<u16>,
    /// With `every_days`: how many sessions; absent for a series without end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    pub capacity: u32,
}

impl ScheduleRequest {
    /// The series this asks for (a single session is a series of one), checked for `today`.
    pub fn parse(self, id: String, today: NaiveDate) -> Result<SessionSeries, FieldErrors> {
        let single = self.every_days.is_none();
        let series = SessionSeries {
            id,
            first: self.first,
            every_days: self.every_days.unwrap_or(7),
            count: if single { Some(1) } else { self.count },
            capacity: self.capacity,
        };
        series.check(today)?;
        Ok(series)
    }
}

/// `POST /ops/sessions/{id}/move`: the new start date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MoveSessionRequest {
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start: NaiveDate,
}

impl MoveSessionRequest {
    /// The new start, which must be after `today`.
    pub fn parse(self, today: NaiveDate) -> Result<NaiveDate, FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.start <= today {
            errors.add("start", Problem::DatePassed {});
        }
        errors.into_result(self.start)
    }
}

/// Most nights closed at once.
pub const CLOSE_NIGHTS_MAX: i64 = 366;

/// `POST /ops/lodgings/{slug}/closures` (close) and `.../closures/reopen`: the nights from
/// `from` up to the night before `to` (as a stay's check-in and check-out), of one room or,
/// without `room`, of every room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloseNightsRequest {
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: NaiveDate,
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    /// Why (the host's own note; visitors see only that the nights are taken). Required to close.
    #[serde(default)]
    pub reason: String,
}

impl CloseNightsRequest {
    /// The nights asked for, checked for `today`: none in the past, at most a year of them,
    /// and a reason when `closing`.
    pub fn nights(&self, today: NaiveDate, closing: bool) -> Result<Vec<NaiveDate>, FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.from < today {
            errors.add("from", Problem::DatePassed {});
        }
        let count = (self.to - self.from).num_days();
        if count < 1 {
            errors.add("to", Problem::CheckOutBeforeCheckIn {});
        } else if count > CLOSE_NIGHTS_MAX {
            errors.add(
                "to",
                Problem::TooManyNights {
                    max: CLOSE_NIGHTS_MAX as u32,
                },
            );
        }
        if closing {
            required_text(&self.reason, "reason", &mut errors);
        }
        let nights = self.from.iter_days().take(count.max(0) as usize).collect();
        errors.into_result(nights)
    }
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

/// `POST /ops/lodgings/{slug}/rooms` and `PUT .../rooms/{room}`: a room as its host
/// describes it; its nights are booked and closed separately.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoomRequest {
    pub name: Localized,
    /// e.g. "1 double bed (1.8 m)".
    pub beds: Localized,
    /// Guests included in the nightly price.
    pub base_guests: u8,
    pub max_guests: u8,
    pub nightly: Money,
    /// Per guest above `base_guests`, per night.
    pub extra_person: Money,
}

/// Most guests one room may sleep.
pub const ROOM_GUESTS_MAX: u8 = 12;

impl RoomRequest {
    /// The room this makes of `lodging`, replacing its room `id` when that is given: name and
    /// beds in both languages, 1 to 12 guests with at least one included in the price, a
    /// night from ¥1 and an extra guest from ¥0 to ¥100,000, and no two rooms of one name.
    pub fn room(
        self,
        lodging: &crate::listing::Lodging,
        id: Option<&str>,
    ) -> Result<crate::listing::Room, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = localized_text("name", self.name, LISTING_NAME_MAX, &mut errors);
        let beds = localized_text("beds", self.beds, LISTING_NAME_MAX, &mut errors);
        let others: Vec<&crate::listing::Room> = lodging
            .rooms
            .iter()
            .filter(|r| Some(r.id.as_str()) != id)
            .collect();
        if others
            .iter()
            .any(|r| r.name.zh == name.zh || r.name.en == name.en)
        {
            errors.add("name", Problem::AlreadyExists {});
        }
        let guests = |n: u8, min: u8, max: u8| {
            (min..=max)
                .contains(&n)
                .then_some(())
                .ok_or(Problem::OutOfRange {
                    min: u32::from(min),
                    max: u32::from(max),
                })
        };
        if let Err(p) = guests(self.max_guests, 1, ROOM_GUESTS_MAX) {
            errors.add("max_guests", p);
        }
        if let Err(p) = guests(
            self.base_guests,
            1,
            self.max_guests.clamp(1, ROOM_GUESTS_MAX),
        ) {
            errors.add("base_guests", p);
        }
        for (field, price, min) in [
            ("nightly", self.nightly, Money(100)),
            ("extra_person", self.extra_person, Money(0)),
        ] {
            if price < min || price > ROOM_PRICE_MAX {
                errors.add(
                    field,
                    Problem::AmountOutOfRange {
                        min,
                        max: ROOM_PRICE_MAX,
                    },
                );
            }
        }
        let id = match id {
            Some(id) => id.to_owned(),
            None => {
                let taken: Vec<&str> = lodging.rooms.iter().map(|r| r.id.as_str()).collect();
                unique_id(&words_id(&name.en, "room"), &taken)
            }
        };
        // A changed room keeps its photos; they are changed on their own.
        let photos = lodging
            .rooms
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.photos.clone())
            .unwrap_or_default();
        errors.into_result(crate::listing::Room {
            photos,
            id,
            name,
            beds,
            base_guests: self.base_guests,
            max_guests: self.max_guests,
            nightly: self.nightly,
            extra_person: self.extra_person,
        })
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

/// `POST /ops/schools/{slug}/programs` and `PUT .../programs/{program}`: a programme as its
/// host describes it; its dates are scheduled separately.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgramRequest {
    pub name: Localized,
    pub description: Localized,
    pub days: u16,
    pub level: crate::listing::Level,
    pub price_per_person: Money,
    pub includes_board: bool,
    pub includes_lodging: bool,
}

/// Longest programme.
pub const PROGRAM_DAYS_MAX: u16 = 365;
/// Most a programme may cost a person (¥100,000).
pub const PROGRAM_PRICE_MAX: Money = Money(10_000_000);

impl ProgramRequest {
    /// Both languages of name and description, 1 to 365 days, a price from ¥1 to ¥100,000.
    pub fn parse(self) -> Result<ProgramRequest, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = localized_text("name", self.name, LISTING_NAME_MAX, &mut errors);
        let description = localized_text(
            "description",
            self.description,
            LISTING_SUMMARY_MAX * 2,
            &mut errors,
        );
        if self.days == 0 || self.days > PROGRAM_DAYS_MAX {
            errors.add(
                "days",
                Problem::OutOfRange {
                    min: 1,
                    max: u32::from(PROGRAM_DAYS_MAX),
                },
            );
        }
        if self.price_per_person.0 < 100 || self.price_per_person > PROGRAM_PRICE_MAX {
            errors.add(
                "price_per_person",
                Problem::AmountOutOfRange {
                    min: Money(100),
                    max: PROGRAM_PRICE_MAX,
                },
            );
        }
        errors.into_result(ProgramRequest {
            name,
            description,
            ..self
        })
    }

    /// The programme this describes, under `id`, keeping `kept`'s dates when it is an edit.
    pub fn program(
        self,
        id: String,
        kept: Option<&crate::listing::Program>,
    ) -> crate::listing::Program {
        crate::listing::Program {
            id,
            name: self.name,
            description: self.description,
            days: self.days,
            level: self.level,
            price_per_person: self.price_per_person,
            includes_board: self.includes_board,
            includes_lodging: self.includes_lodging,
            sessions: kept.map(|p| p.sessions.clone()).unwrap_or_default(),
            series: kept.map(|p| p.series.clone()).unwrap_or_default(),
            retired: false,
        }
    }
}

/// A programme id from its English name: `one-week-foundation`, unique among `taken`.
pub fn program_id(name_en: &str, taken: &[&str]) -> String {
    unique_id(&words_id(name_en, "programme"), taken)
}

/// A variant's SKU from its product and English label: `SILK-TAI-CHI-UNIFORM-XXL-RED`,
/// unique among `taken`.
pub fn variant_sku(product: &str, label_en: &str, taken: &[&str]) -> String {
    let base = format!(
        "{}-{}",
        words_id(product, "product"),
        words_id(label_en, "item")
    );
    unique_id(&base.to_ascii_uppercase(), taken)
}

/// The ASCII words of `text`, lower-cased and joined by `-`, at most about 32 characters.
fn words_id(text: &str, fallback: &str) -> String {
    let mut base = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if base.len() + word.len() > 32 {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(&word.to_ascii_lowercase());
    }
    if base.is_empty() {
        base.push_str(fallback);
    }
    base
}

/// `base`, or `base-2`, `base-3`… whichever is not in `taken`.
fn unique_id(base: &str, taken: &[&str]) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while taken.contains(&id.as_str()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// `POST /ops/products/{slug}/variants` and `PUT .../variants/{sku}`: a variant as its seller
/// describes it. Clothes and shoes are told apart by size and colour, other goods by a label
/// ("2.5 kg gift box").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VariantRequest {
    #[serde(default)]
    pub label: Option<Localized>,
    #[serde(default)]
    pub size: Option<Localized>,
    #[serde(default)]
    pub colour: Option<Localized>,
    pub price: Money,
    pub stock: u32,
}

/// Longest size, colour or variant label, in characters.
pub const VARIANT_LABEL_MAX: usize = 40;
/// Most a product may cost (¥100,000).
pub const PRODUCT_PRICE_MAX: Money = Money(10_000_000);
/// Most units a variant may have in stock.
pub const STOCK_MAX: u32 = 1_000_000;

impl VariantRequest {
    /// The variant this makes of `product`, replacing its variant `sku` when that is given.
    /// A product told by size and colour keeps every variant so (the buyer picks from two
    /// selects); two variants never share a size and colour or a label; the price is from
    /// ¥0.01 to ¥100,000 and the stock at most 1,000,000.
    pub fn variant(
        self,
        product: &crate::listing::Product,
        sku: Option<&str>,
    ) -> Result<crate::listing::Variant, FieldErrors> {
        let mut errors = FieldErrors::default();
        let others: Vec<&crate::listing::Variant> = product
            .variants
            .iter()
            .filter(|v| !v.retired && Some(v.sku.as_str()) != sku)
            .collect();
        let by_choice = match others.first() {
            Some(v) => v.size.is_some() || v.colour.is_some(),
            None => self.size.is_some() || self.colour.is_some(),
        };
        let wants = |given: bool, f: fn(&crate::listing::Variant) -> bool| match others.first() {
            Some(_) => others.iter().any(|v| f(v)),
            None => given,
        };
        let (wants_size, wants_colour) = (
            by_choice && wants(self.size.is_some(), |v| v.size.is_some()),
            by_choice && wants(self.colour.is_some(), |v| v.colour.is_some()),
        );
        let mut part = |field: &str, text: Option<Localized>, wanted: bool| match (text, wanted) {
            (Some(t), true) => Some(localized_text(field, t, VARIANT_LABEL_MAX, &mut errors)),
            (None, true) => {
                errors.add(&format!("{field}.zh"), Problem::Required {});
                errors.add(&format!("{field}.en"), Problem::Required {});
                None
            }
            (Some(_), false) => {
                errors.add(field, Problem::NotForThisKind {});
                None
            }
            (None, false) => None,
        };
        let size = part("size", self.size, wants_size);
        let colour = part("colour", self.colour, wants_colour);
        let label = part("label", self.label, !by_choice);
        let label = label.unwrap_or_else(|| {
            let parts: Vec<&Localized> = [size.as_ref(), colour.as_ref()]
                .into_iter()
                .flatten()
                .collect();
            Localized {
                zh: parts
                    .iter()
                    .map(|p| p.zh.as_str())
                    .collect::<Vec<_>>()
                    .join(" · "),
                en: parts
                    .iter()
                    .map(|p| p.en.as_str())
                    .collect::<Vec<_>>()
                    .join(" · "),
            }
        });
        let same = |v: &&crate::listing::Variant| {
            if by_choice {
                v.size == size && v.colour == colour
            } else {
                v.label.zh == label.zh || v.label.en == label.en
            }
        };
        if !label.en.is_empty() && others.iter().any(same) {
            errors.add(
                if by_choice { "size" } else { "label" },
                Problem::AlreadyExists {},
            );
        }
        if self.price.0 < 1 || self.price > PRODUCT_PRICE_MAX {
            errors.add(
                "price",
                Problem::AmountOutOfRange {
                    min: Money(1),
                    max: PRODUCT_PRICE_MAX,
                },
            );
        }
        if self.stock > STOCK_MAX {
            errors.add(
                "stock",
                Problem::OutOfRange {
                    min: 0,
                    max: STOCK_MAX,
                },
            );
        }
        let taken: Vec<&str> = product.variants.iter().map(|v| v.sku.as_str()).collect();
        let sku = match sku {
            Some(s) => s.to_owned(),
            None => variant_sku(&product.slug, &label.en, &taken),
        };
        errors.into_result(crate::listing::Variant {
            sku,
            label,
            size,
            colour,
            price: self.price,
            stock: self.stock,
            retired: false,
        })
    }
}

/// `text` trimmed, with a problem for `field.zh` or `field.en` when a language is missing or
/// longer than `max` characters.
fn localized_text(field: &str, text: Localized, max: usize, errors: &mut FieldErrors) -> Localized {
    let zh = text.zh.trim().to_owned();
    let en = text.en.trim().to_owned();
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
            text.map(|t| localized_text(field, t, max, &mut errors))
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

    fn day(text: &str) -> NaiveDate {
        crate::iso_date::parse(text).unwrap()
    }

    #[test]
    fn closing_nights_counts_them_like_a_stay_and_wants_a_reason() {
        let close = |from: &str, to: &str, reason: &str| CloseNightsRequest {
            from: day(from),
            to: day(to),
            room: None,
            reason: reason.into(),
        };
        let today = day("2026-12-01");
        let nights = close("2026-12-05", "2026-12-08", "Wedding")
            .nights(today, true)
            .unwrap();
        assert_eq!(nights, ["2026-12-05", "2026-12-06", "2026-12-07"].map(day));
        let errors = close("2026-11-30", "2026-11-30", " ")
            .nights(today, true)
            .unwrap_err();
        for field in ["from", "to", "reason"] {
            assert!(errors.fields().any(|f| f == field), "{field}");
        }
        assert!(close("2026-12-05", "2026-12-06", "")
            .nights(today, false)
            .is_ok());
        assert!(close("2026-12-05", "2028-12-06", "Away")
            .nights(today, true)
            .is_err());
    }

    #[test]
    fn a_programme_id_comes_from_its_english_name_and_is_unique_in_its_school() {
        assert_eq!(
            program_id("One-week foundation course", &[]),
            "one-week-foundation-course"
        );
        assert_eq!(program_id("Week", &["week"]), "week-2");
        assert_eq!(program_id("Week", &["week", "week-2"]), "week-3");
        assert_eq!(program_id("太极", &[]), "programme");
    }

    #[test]
    fn a_programme_needs_both_languages_a_length_and_a_price() {
        let good = ProgramRequest {
            name: Localized {
                zh: "三日班".into(),
                en: " Three days ".into(),
            },
            description: Localized {
                zh: "三天".into(),
                en: "Three days".into(),
            },
            days: 3,
            level: crate::listing::Level::Beginner,
            price_per_person: Money(120_000),
            includes_board: true,
            includes_lodging: false,
        };
        assert_eq!(good.clone().parse().unwrap().name.en, "Three days");
        let mut bad = good;
        bad.description.zh = String::new();
        bad.days = 0;
        bad.price_per_person = Money(0);
        let errors = bad.parse().unwrap_err();
        for field in ["description.zh", "days", "price_per_person"] {
            assert!(errors.fields().any(|f| f == field), "{field}: {errors:?}");
        }
    }

    #[test]
    fn an_account_request_is_normalised_and_checked_against_its_role() {
        let request = |username: &str, role: Role, collection: &str| OperatorRequest {
            username: username.into(),
            display_name: " Chen family ".into(),
            role,
            listings: vec![
                OwnedListing {
                    collection: collection.into(),
                    slug: "a".into(),
                };
                2
            ],
        };
        let ok = request(" Chen.Li ", Role::Host, "lodgings")
            .parse()
            .unwrap();
        assert_eq!(ok.username, "chen.li");
        assert_eq!(ok.display_name, "Chen family");
        assert_eq!(ok.listings.len(), 1);
        let errors = request("x", Role::Seller, "lodgings").parse().unwrap_err();
        assert!(errors.fields().any(|f| f == "username"));
        assert!(errors.fields().any(|f| f == "listings"));
        assert!(!Role::Finance.may_own("schools"));
    }
}
