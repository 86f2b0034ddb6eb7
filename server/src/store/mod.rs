//! Storage behind one trait, so that a PostgreSQL store can sit beside the SQLite one without
//! touching the handlers.
//!
//! Handlers validate requests and resolve them against the listings (prices, names, policies);
//! a store does what must be atomic: the idempotency check, the check-and-write of places,
//! nights and stock, and recording the first answer, all in one transaction.
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use model::booking::{BookedItem, Booking, BookingStatus};
use model::donation::{Donation, DonationStatus, HowToPay};
use model::order::{Delivery, Order, OrderLine, OrderStatus};
use model::{
    Attraction, Batch, CancellationPolicy, Catalog, Contact, Event, FieldErrors, Localized,
    Lodging, Money, Pin, Product, Project, Reference, School,
};

pub mod dashboard;
pub mod postgres;
pub mod seed;
pub mod sql;
pub mod sqlite;

pub use dashboard::{
    login_key, Actor, AuditEntry, BookingAction, BookingFilter, Credentials, ListingEdit,
    NewOperator, OrderAction, Page, Scope,
};

/// A change to a listing's photos.
#[derive(Clone, Debug)]
pub enum PhotoChange {
    /// A photo just uploaded, put last (first, when the listing had none).
    Add(model::photo::Photo),
    /// The photos in this order with this alt text; those left out are taken off.
    Arrange(Vec<model::photo::PhotoPlace>),
}

pub use seed::{export_snapshot, load_snapshot, open_signing, seed_database, seed_if_empty};

/// What can go wrong in a store call, in terms a handler can answer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record, or a wrong PIN: the two are not told apart.
    #[error("{0}")]
    NotFound(String),
    #[error("invalid request")]
    Invalid(FieldErrors),
    /// Places, nights or stock are not there any more.
    #[error("unavailable: {}", .problem.code())]
    Unavailable {
        problem: model::Problem,
        errors: FieldErrors,
    },
    /// The request conflicts with what is stored (a taken user name, a seeded database).
    #[error("conflict: {}", .0.code())]
    Conflict(model::Problem),
    /// The transition table refused the status change.
    #[error("refused: {}", .0.code())]
    Refused(model::transition::Refusal),
    /// Too many wrong PINs for this reference lately (see [`crate::pin_guard`]).
    #[error("too many wrong PINs for this reference")]
    TooManyAttempts,
    #[error("idempotency key reused with another body")]
    IdempotencyKeyReused,
    #[error("database busy")]
    Busy,
    /// Another transaction got in the way (PostgreSQL's serialization failures): the write
    /// is run again, and never reaches a handler.
    #[error("transaction conflict, to be retried")]
    Retry,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::PoolTimedOut = e {
            return StoreError::Busy;
        }
        if let Some(code) = e.as_database_error().and_then(|db| db.code()) {
            if sqlite::is_busy(&code) {
                return StoreError::Busy;
            }
            if postgres::must_retry(&code) {
                return StoreError::Retry;
            }
        }
        StoreError::Internal(e.into())
    }
}

impl From<model::transition::Refusal> for StoreError {
    fn from(r: model::transition::Refusal) -> Self {
        StoreError::Refused(r)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Internal(e.into())
    }
}

/// Result of a store call.
pub type StoreResult<T> = Result<T, StoreError>;

/// Which endpoint an idempotency key belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Bookings,
    Orders,
    Donations,
    Spendings,
    Corrections,
}

impl Endpoint {
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Bookings => "bookings",
            Endpoint::Orders => "orders",
            Endpoint::Donations => "donations",
            Endpoint::Spendings => "spendings",
            Endpoint::Corrections => "ledger-corrections",
        }
    }
}

/// A creating request's `Idempotency-Key` and the hash of its body.
#[derive(Clone, Debug)]
pub struct Idempotency {
    pub endpoint: Endpoint,
    pub key: String,
    pub request_hash: String,
}

/// What a creating call made, as first answered: the new booking, order, pledge, spending or
/// correction (with its PIN, where it has one), on the first call and on every retry with the
/// same key. The HTTP layer answers it as a 201.
#[derive(Clone, Debug)]
pub struct Created<T> {
    pub value: T,
    /// True when this is a retry's copy of an earlier answer.
    pub replayed: bool,
}

impl Created<serde_json::Value> {
    /// The stored answer read back as the type it was made from.
    pub fn typed<T: serde::de::DeserializeOwned>(self) -> StoreResult<Created<T>> {
        Ok(Created {
            value: serde_json::from_value(self.value)?,
            replayed: self.replayed,
        })
    }
}

/// What a booking holds until cancelled.
#[derive(Clone, Debug)]
pub enum Hold {
    /// `party` places in a session.
    Places { session: String, party: u32 },
    /// Each night of a stay in one room.
    Nights {
        lodging: String,
        room: String,
        nights: Vec<NaiveDate>,
    },
}

/// A booking resolved against its listing, ready to be written.
#[derive(Clone, Debug)]
pub struct NewBooking {
    pub hold: Hold,
    pub item: BookedItem,
    pub price: Money,
    pub cancellation: CancellationPolicy,
    pub operator_contact: Contact,
    pub contact: model::booking::VisitorContact,
    pub note: String,
    /// The listing's time to confirm (see [`model::booking::expires_at`]).
    pub confirm_within_hours: Option<u16>,
}

impl NewBooking {
    /// The slug of the school or lodging.
    pub fn listing(&self) -> &str {
        match &self.item {
            BookedItem::School { school, .. } => school,
            BookedItem::Lodging { lodging, .. } => lodging,
        }
    }

    /// Persons: the party or the guests.
    pub fn persons(&self) -> u32 {
        match &self.item {
            BookedItem::School { party, .. } => *party,
            BookedItem::Lodging { guests, .. } => *guests,
        }
    }

    /// The booking as answered, once it has a reference.
    pub fn view(
        &self,
        reference: Reference,
        pin: Option<Pin>,
        created_at: DateTime<Utc>,
    ) -> Booking {
        Booking {
            reference,
            pin,
            status: BookingStatus::Requested,
            free_cancellation_until: self.cancellation.free_until(self.item.start()),
            item: self.item.clone(),
            price: self.price,
            cancellation: self.cancellation.clone(),
            operator_contact: self.operator_contact.clone(),
            contact: self.contact.clone(),
            note: self.note.clone(),
            created_at,
            refund: None,
            cancelled_at: None,
        }
    }
}

/// An order resolved against the products, ready to be written.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub lines: Vec<OrderLine>,
    pub delivery: Delivery,
    pub delivery_fee: Money,
    pub contact: model::booking::VisitorContact,
    pub note: String,
}

impl NewOrder {
    /// The order as answered, once it has a reference.
    pub fn view(&self, reference: Reference, pin: Option<Pin>, created_at: DateTime<Utc>) -> Order {
        let subtotal: Money = self.lines.iter().map(|l| l.total).sum();
        Order {
            reference,
            pin,
            status: OrderStatus::Placed,
            lines: self.lines.clone(),
            subtotal,
            delivery_fee: self.delivery_fee,
            total: subtotal + self.delivery_fee,
            delivery: self.delivery.clone(),
            contact: self.contact.clone(),
            note: self.note.clone(),
            created_at,
            refund: None,
            cancelled_at: None,
        }
    }
}

/// A pledge resolved against its project, ready to be written.
#[derive(Clone, Debug)]
pub struct NewDonation {
    pub project: String,
    pub project_name: Localized,
    pub amount: Money,
    pub display_name: Option<String>,
    pub message: String,
    pub transfer: model::Transfer,
}

impl NewDonation {
    /// The pledge as answered, once it has a reference.
    pub fn view(
        &self,
        reference: Reference,
        pin: Option<Pin>,
        created_at: DateTime<Utc>,
    ) -> Donation {
        Donation {
            how_to_pay: HowToPay {
                bank: self.transfer.bank.clone(),
                account_name: self.transfer.account_name.clone(),
                account_number: self.transfer.account_number.clone(),
                amount: self.amount,
                quote: reference.to_string(),
                note: model::donation::transfer_note(&reference),
            },
            reference,
            pin,
            status: DonationStatus::Pledged,
            project: self.project.clone(),
            project_name: self.project_name.clone(),
            amount: self.amount,
            anonymous: self.display_name.is_none(),
            display_name: self.display_name.clone(),
            message: self.message.clone(),
            created_at,
            cancelled_at: None,
            ledger_id: None,
        }
    }
}

/// The ledger as stored.
#[derive(Clone, Debug, Default)]
pub struct StoredLedger {
    pub entries: Vec<model::LedgerEntry>,
    /// The recorded head `(seq, hash)`, if any entry was written.
    pub head: Option<(u64, String)>,
    /// Signed checkpoints, oldest first.
    pub checkpoints: Vec<model::ledger::Checkpoint>,
}

/// A booking, order or pledge found by reference and PIN.
#[derive(Clone, Debug)]
pub enum FoundTicket {
    Booking(model::staff::BookingRecord),
    Order(model::staff::OrderRecord),
    Donation(Donation),
}

/// The portal's storage: each part below, on one backend ([`sql::SqlStore`] on SQLite or
/// PostgreSQL). A handler names the part it uses.
pub trait Store:
    ListingStore + VisitorStore + AccountStore + DashboardStore + LedgerStore + OutboxStore
{
}

/// Every listing with live figures, and the ledger, as `server export` writes them.
pub async fn catalog(store: &dyn Store) -> StoreResult<Catalog> {
    Ok(Catalog {
        schools: store.schools().await?,
        lodgings: store.lodgings().await?,
        products: store.products().await?,
        batches: store.batches().await?,
        attractions: store.attractions().await?,
        events: store.events().await?,
        projects: store.projects().await?,
        ledger: store.ledger().await?.entries,
    })
}

impl<T> Store for T where
    T: ListingStore + VisitorStore + AccountStore + DashboardStore + LedgerStore + OutboxStore
{
}

/// A notice in the outbox, not yet delivered.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingNotice {
    /// The message id: a redelivery carries the same.
    pub id: i64,
    /// `village` or `email` (see `sql::outbox`).
    pub channel: String,
    pub notice: model::notice::Notice,
    pub created_at: DateTime<Utc>,
    /// Deliveries tried and failed so far.
    pub attempts: u32,
    pub last_error: Option<String>,
}

/// The notification outbox, as its delivery worker uses it. Notices are written by the
/// changes themselves, in their own transactions.
#[async_trait::async_trait]
pub trait OutboxStore: Send + Sync + 'static {
    /// Up to `limit` notices due now, oldest first, none behind an undelivered earlier notice
    /// of the same reference; each is leased for `lease`, so another server's worker leaves it.
    async fn claim_notices(
        &self,
        channels: &[&str],
        limit: u32,
        lease: std::time::Duration,
    ) -> StoreResult<Vec<PendingNotice>>;
    async fn notice_delivered(&self, id: i64) -> StoreResult<()>;
    /// A failed delivery: tried again after `retry_in`.
    async fn notice_failed(
        &self,
        id: i64,
        error: &str,
        retry_in: std::time::Duration,
    ) -> StoreResult<()>;
    /// Undelivered notices that failed at least `attempts` times, oldest first.
    async fn failing_notices(&self, attempts: u32) -> StoreResult<Vec<PendingNotice>>;
    /// The newest notice's id (0 with none): where a live dashboard starts.
    async fn latest_notice(&self) -> StoreResult<i64>;
    /// Up to `limit` notices written after the one with id `after`, oldest first, delivered
    /// or not: what a live dashboard is told of, on whichever server the change was made.
    async fn notices_after(
        &self,
        after: i64,
        limit: u32,
    ) -> StoreResult<Vec<(i64, model::notice::Notice)>>;
}

/// Listings as visitors browse them, with live places, stock and totals; seeding.
#[async_trait::async_trait]
pub trait ListingStore: Send + Sync + 'static {
    /// A trivial query, for `/readyz`.
    async fn ping(&self) -> StoreResult<()>;
    /// True when listings have been loaded.
    async fn is_seeded(&self) -> StoreResult<bool>;
    /// Loads a validated catalog into an empty store.
    async fn seed(&self, catalog: &Catalog) -> StoreResult<()>;
    /// Listings as the snapshot files have them, with live places, stock and totals.
    async fn schools(&self) -> StoreResult<Vec<School>>;
    /// Adds the sessions the programmes' series offer from `today` to the horizon; how many
    /// were new.
    async fn schedule_series(&self, today: NaiveDate) -> StoreResult<u64>;
    async fn lodgings(&self) -> StoreResult<Vec<Lodging>>;
    async fn products(&self) -> StoreResult<Vec<Product>>;
    async fn batches(&self) -> StoreResult<Vec<Batch>>;
    async fn attractions(&self) -> StoreResult<Vec<Attraction>>;
    async fn events(&self) -> StoreResult<Vec<Event>>;
    async fn projects(&self) -> StoreResult<Vec<Project>>;
    /// Nights of a lodging's rooms taken in `[from, to)`, as (room id, night).
    async fn taken_nights(
        &self,
        lodging: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(String, NaiveDate)>>;
    /// Nights of every lodging's rooms taken in `[from, to)`, as (lodging, room id, night).
    async fn all_taken_nights(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<model::availability::TakenNight>>;
}

/// What a visitor creates and looks up by reference and PIN: bookings, orders, pledges.
///
/// Every look-up or cancellation by reference and PIN counts an attempt against the reference
/// first (see [`crate::pin_guard`]) and answers [`StoreError::TooManyAttempts`] past the limit;
/// a wrong PIN and an unknown reference are both [`StoreError::NotFound`].
#[async_trait::async_trait]
pub trait VisitorStore: Send + Sync + 'static {
    /// The stored first answer for this key, if any; a different body under the key is
    /// [`StoreError::IdempotencyKeyReused`].
    async fn replay(
        &self,
        idempotency: &Idempotency,
    ) -> StoreResult<Option<Created<serde_json::Value>>>;
    /// Holds the places or nights and records the booking, or fails with nothing written.
    async fn create_booking(
        &self,
        booking: NewBooking,
        idempotency: Idempotency,
    ) -> StoreResult<Created<Booking>>;
    /// Expires the requested bookings not confirmed in time and frees their places and
    /// nights; answers how many. Also done before every booking and booking look-up.
    async fn expire_bookings(&self) -> StoreResult<u64>;
    /// Cancels under the booking's policy as of `today` and frees what it held.
    async fn cancel_booking(
        &self,
        reference: &Reference,
        pin: &Pin,
        today: NaiveDate,
    ) -> StoreResult<Booking>;
    /// Takes the stock of every line and records the order, or fails with nothing written.
    async fn create_order(
        &self,
        order: NewOrder,
        idempotency: Idempotency,
    ) -> StoreResult<Created<Order>>;
    /// Cancels a placed order not yet handed over, and returns its stock.
    async fn cancel_order(&self, reference: &Reference, pin: &Pin) -> StoreResult<Order>;
    /// Records a pledge and adds it to the project's `pledged`.
    async fn create_donation(
        &self,
        donation: NewDonation,
        idempotency: Idempotency,
    ) -> StoreResult<Created<Donation>>;
    /// A pledge by reference and PIN.
    async fn donation(&self, reference: &Reference, pin: &Pin) -> StoreResult<Donation>;
    /// Withdraws a pledge not yet confirmed.
    async fn cancel_donation(&self, reference: &Reference, pin: &Pin) -> StoreResult<Donation>;
    /// Whichever booking, order or pledge has this reference and PIN, in one look-up.
    async fn find_ticket(&self, reference: &Reference, pin: &Pin) -> StoreResult<FoundTicket>;
    /// A booking by reference and PIN with what its operator did (confirmed, declined, paid).
    async fn booking_record(
        &self,
        reference: &Reference,
        pin: &Pin,
    ) -> StoreResult<model::staff::BookingRecord>;
    /// An order by reference and PIN with what its seller did (paid, fulfilled).
    async fn order_record(
        &self,
        reference: &Reference,
        pin: &Pin,
    ) -> StoreResult<model::staff::OrderRecord>;
}

/// Staff accounts: logins, sessions, the audit log.
#[async_trait::async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// Adds an operator with the listings they own; a taken user name is a conflict.
    async fn create_operator(&self, operator: NewOperator) -> StoreResult<()>;
    /// What a login is checked against, if the user name exists and is not disabled.
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>>;
    /// Counts a login attempt for `username` (known or not) before its password is checked,
    /// checking and counting in one transaction, so N attempts at once cost N attempts. When
    /// the name must wait first ([`crate::dashboard::wait_before_login`]), nothing is counted and
    /// the seconds left are answered instead.
    async fn count_login_attempt(
        &self,
        username: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<u64>>;
    /// Records a successful login: clears the name's failures and stores the session's token
    /// hash.
    async fn login_succeeded(
        &self,
        operator_id: i64,
        username: &str,
        token_hash: String,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// `server operator disable`: the operator can no longer log in and every session of
    /// theirs is deleted in the same transaction. Not found when no such user name.
    async fn disable_operator(&self, username: &str, by: Option<&Actor>) -> StoreResult<()>;
    /// `server operator passwd`: a new password hash; every session of theirs is deleted in
    /// the same transaction and the name's failed logins are cleared. Not found when no such
    /// user name.
    async fn set_operator_password(
        &self,
        username: &str,
        password_hash: String,
        by: Option<&Actor>,
    ) -> StoreResult<()>;
    /// Every dashboard account, for the village admin.
    async fn operators(&self) -> StoreResult<Vec<model::staff::OperatorAccount>>;
    /// The operator whose unexpired session has this token hash.
    async fn session_operator(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Actor>>;
    /// Ends a session.
    async fn end_session(&self, token_hash: &str) -> StoreResult<()>;
    /// The latest audit log lines, newest first; all of them, or one operator's.
    async fn audit_log(&self, operator_id: Option<i64>, limit: u32)
        -> StoreResult<Vec<AuditEntry>>;
}

/// What staff do to bookings, orders and listings in their scope.
#[async_trait::async_trait]
pub trait DashboardStore: Send + Sync + 'static {
    /// A page of the bookings of the listings in scope that `filter` keeps, soonest first.
    async fn ops_bookings(
        &self,
        scope: &Scope,
        filter: &BookingFilter,
        page: Page,
    ) -> StoreResult<Vec<model::staff::BookingRecord>>;
    /// The host's overview of the listings in scope, as of `today`, with `nights` nights of
    /// the room calendar.
    async fn ops_overview(
        &self,
        scope: &Scope,
        today: NaiveDate,
        nights: u32,
    ) -> StoreResult<model::overview::Overview>;
    /// Confirms, declines or marks paid a booking in scope (`NotFound` outside it).
    async fn booking_action(
        &self,
        actor: &Actor,
        reference: &Reference,
        action: BookingAction,
    ) -> StoreResult<model::staff::BookingRecord>;
    /// A page of the orders all of whose products are in scope, newest first.
    async fn ops_orders(
        &self,
        scope: &Scope,
        page: Page,
    ) -> StoreResult<Vec<model::staff::OrderRecord>>;
    /// Marks an order in scope paid or fulfilled.
    async fn order_action(
        &self,
        actor: &Actor,
        reference: &Reference,
        action: OrderAction,
    ) -> StoreResult<model::staff::OrderRecord>;
    /// Changes capacity, stock, room prices, listing text or a batch's stages, in scope.
    async fn edit_listing(
        &self,
        actor: &Actor,
        edit: ListingEdit,
    ) -> StoreResult<serde_json::Value>;
    /// Adds a series (or one session) to a programme of the actor's school; the sessions it
    /// offers now.
    async fn schedule_sessions(
        &self,
        actor: &Actor,
        school: &str,
        program: &str,
        request: model::staff::ScheduleRequest,
        today: NaiveDate,
    ) -> StoreResult<Vec<model::Session>>;
    /// Cancels a session of the actor's and the bookings on it; how many bookings.
    async fn cancel_session(
        &self,
        actor: &Actor,
        session: &str,
        reason: String,
    ) -> StoreResult<u64>;
    /// Moves a session of the actor's, with its bookings, to `start`; how many bookings.
    async fn move_session(
        &self,
        actor: &Actor,
        session: &str,
        start: NaiveDate,
    ) -> StoreResult<u64>;
    /// Closes `nights` of the actor's lodging (one room or all); how many were newly closed.
    /// Refused when a booking holds any of them.
    async fn close_nights(
        &self,
        actor: &Actor,
        lodging: &str,
        room: Option<String>,
        nights: Vec<NaiveDate>,
        reason: String,
    ) -> StoreResult<u64>;
    /// Creates a programme of the actor's school (`program` absent) or edits one.
    async fn save_program(
        &self,
        actor: &Actor,
        school: &str,
        program: Option<String>,
        request: model::staff::ProgramRequest,
    ) -> StoreResult<model::Program>;
    /// Retires a programme of the actor's school.
    async fn retire_program(&self, actor: &Actor, school: &str, program: &str) -> StoreResult<()>;

    /// A seller adds a variant to their product (`sku` absent) or changes one; the same
    /// `model` rules as everywhere decide what is valid.
    async fn save_variant(
        &self,
        actor: &Actor,
        product: &str,
        sku: Option<String>,
        request: model::staff::VariantRequest,
    ) -> StoreResult<model::Variant>;

    /// A host adds a room to their lodging (`room` absent) or changes one.
    async fn save_room(
        &self,
        actor: &Actor,
        lodging: &str,
        room: Option<String>,
        request: model::staff::RoomRequest,
    ) -> StoreResult<model::Room>;

    /// A seller stops selling a variant; orders holding it keep it.
    async fn retire_variant(&self, actor: &Actor, product: &str, sku: &str) -> StoreResult<()>;

    /// The photos of one of the actor's listings (`collection/slug`, or one of its `room`s),
    /// or changed as `change` says; not found for a listing not theirs.
    async fn listing_photos(
        &self,
        actor: &Actor,
        collection: &str,
        slug: &str,
        room: Option<&str>,
        change: Option<PhotoChange>,
    ) -> StoreResult<Vec<model::photo::Photo>>;
    /// Opens closed `nights` again; how many.
    async fn reopen_nights(
        &self,
        actor: &Actor,
        lodging: &str,
        room: Option<String>,
        nights: Vec<NaiveDate>,
    ) -> StoreResult<u64>;
}

/// The donation ledger: pledges received, spendings, corrections, the signed head.
#[async_trait::async_trait]
pub trait LedgerStore: Send + Sync + 'static {
    /// Confirms a pledge as received: an `in` entry, and the money moves from pledged to raised.
    async fn confirm_pledge(
        &self,
        actor: &Actor,
        reference: &Reference,
        confirm: model::staff::ConfirmPledgeRequest,
    ) -> StoreResult<model::LedgerEntry>;
    /// Records a spending (an `out` entry, pending); answers the `Spending` as JSON, the first
    /// answer again on a retry.
    async fn create_spending(
        &self,
        actor: &Actor,
        spending: model::staff::SpendingRequest,
        idempotency: Idempotency,
    ) -> StoreResult<Created<model::staff::Spending>>;
    /// Moves a spending to `approved` (by someone else than who recorded it) or `paid`.
    async fn advance_spending(
        &self,
        actor: &Actor,
        id: u64,
        to: model::SpendingStage,
    ) -> StoreResult<model::staff::Spending>;
    async fn spendings(&self) -> StoreResult<Vec<model::staff::Spending>>;
    /// Records a correction of an earlier entry, pending until a second account approves it;
    /// answers the `PendingCorrection` as JSON, the first answer again on a retry.
    async fn propose_correction(
        &self,
        actor: &Actor,
        correction: model::staff::CorrectionRequest,
        idempotency: Idempotency,
    ) -> StoreResult<Created<model::staff::PendingCorrection>>;
    /// Approves a pending correction (not by who proposed it): appends its entry, and a
    /// correction of money in changes `raised`.
    async fn approve_correction(&self, actor: &Actor, id: u64) -> StoreResult<model::LedgerEntry>;
    /// Corrections, newest first.
    async fn corrections(&self) -> StoreResult<Vec<model::staff::PendingCorrection>>;
    /// Every ledger entry in order, the recorded head and the signed checkpoints.
    async fn ledger(&self) -> StoreResult<StoredLedger>;
    /// The key that signs the head at every append from now on.
    fn set_ledger_signer(&self, signer: Arc<crate::ledger_key::LedgerSigner>);
}

/// A store shared by all handlers.
pub type DynStore = Arc<dyn Store>;

/// When SQLite makes a commit durable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Synchronous {
    /// fsync at every commit: an acknowledged write survives a power cut (the default).
    #[default]
    Full,
    /// fsync at checkpoints only: survives a killed process, not a power cut; for measuring.
    Normal,
}

/// Opens the store named by `database_url`, creating and migrating it.
pub async fn open(database_url: &str, synchronous: Synchronous) -> anyhow::Result<DynStore> {
    sqlx::any::install_default_drivers();
    if database_url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::open(database_url, synchronous).await?))
    } else if is_postgres(database_url) {
        Ok(Arc::new(postgres::open(database_url).await?))
    } else {
        anyhow::bail!(
            "unsupported database URL {database_url:?}: expected sqlite://PATH or postgres://…"
        )
    }
}

/// Applies the migrations without serving (`server migrate`).
pub async fn migrate(database_url: &str) -> anyhow::Result<()> {
    open(database_url, Synchronous::Full).await.map(drop)
}

/// `server backup --out FILE`: an online, consistent copy of a SQLite database. PostgreSQL is
/// backed up with its own tools (`pg_dump`; see the README).
pub async fn backup(database_url: &str, out: &Path) -> anyhow::Result<()> {
    if is_postgres(database_url) {
        anyhow::bail!("back up PostgreSQL with pg_dump (see the README), not with server backup");
    }
    sqlite::backup(database_url, out).await
}

/// `server restore --from FILE`: a SQLite backup put back in place of the database.
pub async fn restore(database_url: &str, from: &Path) -> anyhow::Result<()> {
    if is_postgres(database_url) {
        anyhow::bail!("restore PostgreSQL with pg_restore or psql (see the README)");
    }
    sqlite::restore(database_url, from).await
}

pub fn is_postgres(database_url: &str) -> bool {
    database_url.starts_with("postgres:") || database_url.starts_with("postgresql:")
}

/// A backend's migrations, compiled in so the binary runs from any directory: (version,
/// description, SQL), the same version numbers with the same meaning on every backend.
#[derive(Debug)]
pub(crate) struct Embedded(pub &'static [(i64, &'static str, &'static str)]);

impl sqlx::migrate::MigrationSource<'static> for Embedded {
    fn resolve(
        self,
    ) -> futures_util::future::BoxFuture<
        'static,
        Result<Vec<sqlx::migrate::Migration>, sqlx::error::BoxDynError>,
    > {
        use sqlx::migrate::{Migration, MigrationType};
        use std::borrow::Cow;
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|(version, desc, sql)| {
                    Migration::new(
                        *version,
                        Cow::Borrowed(*desc),
                        MigrationType::Simple,
                        Cow::Borrowed(*sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

/// Words a migration failure; a database that has migrations this server does not know was
/// migrated by a newer server, and is refused rather than half understood.
pub(crate) fn explain_migration(
    result: Result<(), sqlx::migrate::MigrateError>,
    known: usize,
) -> anyhow::Result<()> {
    match result {
        Ok(()) => Ok(()),
        Err(sqlx::migrate::MigrateError::VersionMissing(v)) => anyhow::bail!(
            "this database was migrated by a newer server (it has schema version {v}; this \
             server knows versions 1 to {known}): run the newer server, or restore a backup \
             made before the upgrade"
        ),
        Err(e) => Err(anyhow::Error::new(e).context("migrating the database")),
    }
}

/// The message for a reference that does not exist or whose PIN is wrong.
pub fn not_found(what: &str) -> StoreError {
    StoreError::NotFound(format!("no {what} with this reference and PIN"))
}

/// The folder of a `sqlite://PATH` database (`var/` by default); `.` for anything else.
pub fn database_dir(database_url: &str) -> std::path::PathBuf {
    database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|p| p.split('?').next().unwrap_or(p))
        .and_then(|p| Path::new(p).parent().map(Path::to_path_buf))
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::PathBuf::from("."))
}

/// Whether a data folder exists at all (for messages).
pub fn data_present(dir: &Path) -> bool {
    dir.join("schools.json").is_file()
}
