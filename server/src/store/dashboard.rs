//! What the operators' dashboard asks of a store.
use chrono::{DateTime, NaiveDate, Utc};
use model::booking::BookingStatus;
use model::overview::BookingSearch;
use model::staff::{ListingTextRequest, OwnedListing, Role, RoomPriceRequest};
use model::TraceStage;
use serde::Serialize;

/// A logged-in operator, as every dashboard call knows them.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub listings: Vec<OwnedListing>,
}

impl Actor {
    /// The listings this operator may see and change.
    pub fn scope(&self) -> Scope {
        if self.role == Role::Admin {
            Scope::All
        } else {
            Scope::Listings(self.listings.clone())
        }
    }
}

/// Which listings a dashboard call may touch.
#[derive(Clone, Debug)]
pub enum Scope {
    All,
    Listings(Vec<OwnedListing>),
}

impl Scope {
    /// True when `slug` of `collection` is in scope.
    pub fn allows(&self, collection: &str, slug: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Listings(own) => own
                .iter()
                .any(|l| l.collection == collection && l.slug == slug),
        }
    }
}

/// A page of a dashboard list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u32,
}

/// Which of the bookings in scope a dashboard list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingFilter {
    /// Starting on or after this day.
    pub from: NaiveDate,
    pub status: Option<BookingStatus>,
    /// Reference, visitor's name or phone, as typed.
    pub search: Option<BookingSearch>,
}

/// An operator to add (`server operator add`).
#[derive(Clone, Debug)]
pub struct NewOperator {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// argon2id PHC string.
    pub password_hash: String,
    pub listings: Vec<OwnedListing>,
    /// The admin who adds it from the dashboard (audited); `None` from the command line.
    pub by: Option<Actor>,
}

/// What a login is checked against.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub operator_id: i64,
    pub password_hash: String,
}

/// The key failed logins are counted under: the SHA-256 (hex) of the user name as a login
/// compares it (trimmed, lower-case), whether or not such an operator exists.
pub fn login_key(username: &str) -> String {
    model::ledger::sha256_hex(username.trim().to_ascii_lowercase().as_bytes())
}

/// What an operator does to a booking.
#[derive(Clone, Debug)]
pub enum BookingAction {
    Confirm,
    /// Frees the places or nights and refunds in full; the visitor sees the reason.
    Decline {
        reason: String,
    },
    MarkPaid,
}

impl BookingAction {
    /// The step in the transition table.
    pub fn model(&self) -> model::transition::BookingAction {
        match self {
            BookingAction::Confirm => model::transition::BookingAction::Confirm,
            BookingAction::Decline { .. } => model::transition::BookingAction::Decline,
            BookingAction::MarkPaid => model::transition::BookingAction::MarkPaid,
        }
    }
}

/// What a seller does to an order.
#[derive(Clone, Copy, Debug)]
pub enum OrderAction {
    MarkPaid,
    MarkFulfilled,
}

impl OrderAction {
    /// The step in the transition table.
    pub fn model(self) -> model::transition::OrderAction {
        match self {
            OrderAction::MarkPaid => model::transition::OrderAction::MarkPaid,
            OrderAction::MarkFulfilled => model::transition::OrderAction::Fulfil,
        }
    }
}

/// A change to a listing.
#[derive(Clone, Debug)]
pub enum ListingEdit {
    Capacity {
        session: String,
        capacity: u32,
    },
    Stock {
        sku: String,
        stock: u32,
    },
    RoomPrices {
        lodging: String,
        room: String,
        prices: RoomPriceRequest,
    },
    Text {
        collection: String,
        slug: String,
        text: ListingTextRequest,
    },
    BatchStage {
        batch: String,
        stage: TraceStage,
    },
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// The operator's user name.
    pub operator: String,
    /// e.g. `booking.confirm`, `session.capacity`, `ledger.in`.
    pub action: String,
    /// What it was done to, e.g. `booking/CJG-7KQ4-M9TX`.
    pub target: String,
    /// The state before, as JSON.
    #[schema(value_type = Object)]
    pub before: Option<serde_json::Value>,
    /// The state after, as JSON.
    #[schema(value_type = Object)]
    pub after: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
}
