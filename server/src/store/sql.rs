//! The store's SQL, one text for SQLite and PostgreSQL.
//!
//! Every query here is written in the SQL the two share (`$1` parameters, `RETURNING`,
//! `ON CONFLICT`, text dates and integer money) and runs through sqlx's `Any` driver. What
//! is a backend's own, how a write job is made atomic and how the schema is migrated, lives
//! in [`super::sqlite`] and [`super::postgres`]: SQLite runs the jobs one after another in
//! its single writer, PostgreSQL runs each in a serializable transaction of its own and runs
//! it again when another process's transaction got in its way.
use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use futures_util::future::BoxFuture;
use model::booking::{BookedItem, Booking, BookingStatus, CancelDecision};
use model::donation::{Donation, DonationStatus};
use model::notice::{Notice, NoticeEvent};
use model::order::{Order, OrderStatus};
use model::transition::{BookingState, OrderState, PledgeAction, Transition};
use model::{
    Attraction, Batch, Catalog, Event, FieldErrors, Lodging, Money, Pin, Problem, Product, Project,
    Reference, School,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use sqlx::{AnyConnection, AnyPool};

use super::{
    not_found, Actor, AuditEntry, BookingAction, BookingFilter, Created, Credentials, Endpoint,
    FoundTicket, Hold, Idempotency, ListingEdit, NewBooking, NewDonation, NewOperator, NewOrder,
    OrderAction, Page, Scope, StoreError, StoreResult,
};
use super::{
    AccountStore, DashboardStore, LedgerStore, ListingStore, OutboxStore, PendingNotice,
    VisitorStore,
};
use crate::secrets;

mod dashboard;
pub(crate) mod outbox;
mod photos;
mod products;
mod rooms;
mod schedule;

/// How long the first answer to an Idempotency-Key is kept.
const IDEMPOTENCY_TTL: chrono::Duration = chrono::Duration::hours(24);

/// How PostgreSQL isolates a job's transaction (SQLite's single writer needs neither).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isolation {
    /// For a job that reads, decides, then writes what it decided.
    Serializable,
    /// For a job whose every check-and-write is one conditional statement (`booked + n <=
    /// capacity`, `stock >= n`, `status = <as read>` with its one-row check) or is backed by a
    /// unique key (room nights, the idempotency key, references, the ledger's seq): a collision
    /// then fails the statement and the job runs again, so it is as safe as serializable, and
    /// it is not aborted by the page-level false conflicts that serializable isolation reports
    /// between unrelated bookings (about 40% of them under load in `make bench`).
    ReadCommitted,
}

/// A write to run atomically. PostgreSQL may run a job again after a serialization failure,
/// hence `Clone`.
pub trait Job: Clone + Send + 'static {
    type Output: Send + 'static;
    const ISOLATION: Isolation = Isolation::Serializable;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Self::Output>>;
}

/// Where write jobs go.
#[derive(Clone, Debug)]
pub enum Writer {
    Sqlite(super::sqlite::WriteQueue),
    Postgres(AnyPool),
}

impl Writer {
    /// Runs a write job atomically: in the SQLite writer's next batch, or in a PostgreSQL
    /// transaction of its own.
    async fn write<J: Job>(&self, job: J) -> StoreResult<J::Output> {
        match self {
            Writer::Sqlite(queue) => queue.write(job).await,
            Writer::Postgres(pool) => super::postgres::write(pool, job).await,
        }
    }

    fn is_closed(&self) -> bool {
        match self {
            Writer::Sqlite(queue) => queue.is_closed(),
            Writer::Postgres(pool) => pool.is_closed(),
        }
    }
}

/// The store behind the [`Store`] trait, on either backend.
#[derive(Clone, Debug)]
pub struct SqlStore {
    reader: AnyPool,
    writer: std::sync::Arc<Writer>,
    /// Signs the ledger head at every append, once set.
    signer: std::sync::Arc<std::sync::OnceLock<std::sync::Arc<crate::ledger_key::LedgerSigner>>>,
}

impl SqlStore {
    pub fn new(reader: AnyPool, writer: Writer) -> Self {
        let store = SqlStore {
            reader,
            writer: std::sync::Arc::new(writer),
            signer: Default::default(),
        };
        store.spawn_purge();
        store
    }

    /// Forgets idempotency answers older than a day, now and every ten minutes, for as long
    /// as the store is in use (the task holds the writer weakly, so a dropped store closes).
    fn spawn_purge(&self) {
        let writer = std::sync::Arc::downgrade(&self.writer);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(600));
            loop {
                every.tick().await;
                let Some(writer) = writer.upgrade() else {
                    return;
                };
                if let Err(e) = writer.write(PurgeIdempotency).await {
                    tracing::warn!(error = %e, "could not purge old idempotency keys");
                }
            }
        });
    }

    async fn write<J: Job>(&self, job: J) -> StoreResult<J::Output> {
        self.writer.write(job).await
    }

    fn signer(&self) -> Option<std::sync::Arc<crate::ledger_key::LedgerSigner>> {
        self.signer.get().cloned()
    }

    /// Runs a look-up by reference and PIN under the attempt count.
    async fn guarded<J: Job>(&self, reference: &Reference, lookup: J) -> StoreResult<J::Output> {
        self.write(Guarded {
            reference: reference.clone(),
            lookup,
        })
        .await?
    }

    async fn listing_docs<T: DeserializeOwned>(&self, collection: &str) -> StoreResult<Vec<T>> {
        let docs: Vec<String> =
            sqlx::query_scalar("SELECT doc FROM listing WHERE collection = $1 ORDER BY position")
                .bind(collection)
                .fetch_all(&self.reader)
                .await?;
        docs.iter()
            .map(|d| serde_json::from_str(d).map_err(StoreError::from))
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_timestamp(text: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Internal(anyhow::anyhow!("bad timestamp {text:?}: {e}")))
}

fn parse_date(text: &str) -> StoreResult<NaiveDate> {
    text.parse()
        .map_err(|e| StoreError::Internal(anyhow::anyhow!("bad date {text:?}: {e}")))
}

/// Puts a notice in the outbox, in the transaction of the change it tells of.
async fn tell(conn: &mut AnyConnection, notice: Notice) -> StoreResult<()> {
    outbox::enqueue(conn, &notice).await
}

fn to_json<T: Serialize>(value: &T) -> StoreResult<String> {
    Ok(serde_json::to_string(value)?)
}

async fn stored_answer(
    conn: &mut AnyConnection,
    idem: &Idempotency,
) -> StoreResult<Option<Created<serde_json::Value>>> {
    let row = sqlx::query(
        "SELECT request_hash, response, pin_sealed FROM idempotency WHERE endpoint = $1 AND key = $2",
    )
    .bind(idem.endpoint.as_str())
    .bind(secrets::idempotency_key_hash(idem.endpoint.as_str(), &idem.key))
    .fetch_optional(&mut *conn)
    .await?;
    answer_from_row(row, idem)
}

fn answer_from_row(
    row: Option<AnyRow>,
    idem: &Idempotency,
) -> StoreResult<Option<Created<serde_json::Value>>> {
    let Some(row) = row else { return Ok(None) };
    let hash: String = row.try_get("request_hash")?;
    if hash != idem.request_hash {
        return Err(StoreError::IdempotencyKeyReused);
    }
    let mut value: serde_json::Value =
        serde_json::from_str(&row.try_get::<String, _>("response")?)?;
    if let Some(sealed) = row.try_get::<Option<String>, _>("pin_sealed")? {
        let pin = secrets::unseal_pin(idem.endpoint.as_str(), &idem.key, &sealed)
            .ok_or_else(|| StoreError::Internal(anyhow::anyhow!("a sealed PIN does not open")))?;
        if let Some(object) = value.as_object_mut() {
            object.insert("pin".to_owned(), serde_json::Value::String(pin));
        }
    }
    Ok(Some(Created {
        value,
        replayed: true,
    }))
}

/// Records `value` as the first answer to the request's Idempotency-Key, and answers it.
async fn remember_created<T: Serialize>(
    conn: &mut AnyConnection,
    idem: &Idempotency,
    value: T,
) -> StoreResult<Created<T>> {
    remember_answer(conn, idem, &value).await?;
    Ok(Created {
        value,
        replayed: false,
    })
}

/// Keeps the first answer under the key's hash; a PIN in it is kept only sealed with the key.
async fn remember_answer<T: Serialize>(
    conn: &mut AnyConnection,
    idem: &Idempotency,
    answer: &T,
) -> StoreResult<()> {
    let endpoint = idem.endpoint.as_str();
    let mut value = serde_json::to_value(answer)?;
    let pin = value
        .as_object_mut()
        .and_then(|o| o.remove("pin"))
        .and_then(|p| p.as_str().map(str::to_owned));
    let sealed = match pin {
        Some(pin) => Some(
            secrets::seal_pin(endpoint, &idem.key, &pin)
                .ok_or_else(|| StoreError::Internal(anyhow::anyhow!("PIN too long to seal")))?,
        ),
        None => None,
    };
    sqlx::query(
        "INSERT INTO idempotency (endpoint, key, request_hash, response, pin_sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(endpoint)
    .bind(secrets::idempotency_key_hash(endpoint, &idem.key))
    .bind(&idem.request_hash)
    .bind(value.to_string())
    .bind(sealed)
    .bind(timestamp(now()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Inserts a row under a fresh reference, drawing again on the rare collision.
async fn insert_with_reference<'a, F>(
    conn: &mut AnyConnection,
    mut insert: F,
) -> StoreResult<(i64, Reference, Pin)>
where
    F: FnMut(
        &Reference,
        &str,
    ) -> StoreResult<sqlx::query::Query<'a, sqlx::Any, sqlx::any::AnyArguments<'a>>>,
{
    for _ in 0..8 {
        let reference = secrets::new_reference()?;
        let pin = secrets::new_pin()?;
        let hash = secrets::pin_hash(&reference, &pin);
        // The statement ends `ON CONFLICT (reference) DO NOTHING RETURNING id`.
        if let Some(row) = insert(&reference, &hash)?
            .fetch_optional(&mut *conn)
            .await?
        {
            return Ok((row.try_get("id")?, reference, pin));
        }
    }
    Err(StoreError::Internal(anyhow::anyhow!(
        "no free reference after 8 draws"
    )))
}

/// The row `select` finds by the reference (its `$1`, with a `pin_hash` column) when the PIN
/// is right; an unknown reference and a wrong PIN are both [`not_found`] `what`.
async fn row_by_pin(
    conn: &mut AnyConnection,
    select: &str,
    reference: &Reference,
    pin: &Pin,
    what: &str,
) -> StoreResult<AnyRow> {
    let row = sqlx::query(select)
        .bind(reference.code())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| not_found(what))?;
    if secrets::verify_pin(reference, pin, &row.try_get::<String, _>("pin_hash")?) {
        Ok(row)
    } else {
        Err(not_found(what))
    }
}

/// A look-up by reference and PIN under the attempt count of [`crate::pin_guard`]: the attempt
/// is counted and checked in one statement before the record is read, in the same
/// transaction, so N guesses at once cost N attempts. A wrong PIN keeps its attempt; a right
/// one gives it back. A failure to count fails the look-up.
#[derive(Clone)]
struct Guarded<J> {
    reference: Reference,
    lookup: J,
}

impl<J: Job> Job for Guarded<J> {
    const ISOLATION: Isolation = J::ISOLATION;
    type Output = StoreResult<J::Output>;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Self::Output>> {
        Box::pin(async move {
            let at = now();
            let window_start = at - chrono::Duration::seconds(crate::pin_guard::WINDOW_SECONDS);
            let attempts: i64 = sqlx::query_scalar(
                "INSERT INTO pin_attempt (reference, attempts, window_start) VALUES ($1, 1, $2)
                 ON CONFLICT (reference) DO UPDATE SET
                     attempts = CASE WHEN pin_attempt.window_start < $3 THEN 1
                                     ELSE pin_attempt.attempts + 1 END,
                     window_start = CASE WHEN pin_attempt.window_start < $3 THEN $2
                                         ELSE pin_attempt.window_start END
                 RETURNING attempts",
            )
            .bind(self.reference.code())
            .bind(timestamp(at))
            .bind(timestamp(window_start))
            .fetch_one(&mut *conn)
            .await?;
            if attempts > i64::from(crate::pin_guard::MAX_FAILURES) {
                return Ok(Err(StoreError::TooManyAttempts));
            }
            sqlx::query("SAVEPOINT lookup").execute(&mut *conn).await?;
            let result = self.lookup.run(&mut *conn).await;
            if result.is_err() {
                sqlx::query("ROLLBACK TO lookup")
                    .execute(&mut *conn)
                    .await?;
            }
            sqlx::query("RELEASE lookup").execute(&mut *conn).await?;
            match result {
                Err(e @ StoreError::NotFound(_)) => Ok(Err(e)),
                Err(e @ (StoreError::Internal(_) | StoreError::Busy | StoreError::Retry)) => Err(e),
                other => {
                    sqlx::query(
                        "UPDATE pin_attempt SET attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END WHERE reference = $1",
                    )
                    .bind(self.reference.code())
                    .execute(&mut *conn)
                    .await?;
                    Ok(other)
                }
            }
        })
    }
}

#[derive(Clone)]
struct VisitorBooking {
    reference: Reference,
    pin: Pin,
}

impl Job for VisitorBooking {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = model::staff::BookingRecord;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Self::Output>> {
        Box::pin(async move {
            expire_due(conn, now()).await?;
            dashboard::visitor_booking(conn, &self.reference, &self.pin).await
        })
    }
}

#[derive(Clone)]
struct VisitorOrder {
    reference: Reference,
    pin: Pin,
}

impl Job for VisitorOrder {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = model::staff::OrderRecord;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Self::Output>> {
        Box::pin(async move { dashboard::visitor_order(conn, &self.reference, &self.pin).await })
    }
}

#[derive(Clone)]
struct VisitorDonation {
    reference: Reference,
    pin: Pin,
}

async fn visitor_donation(
    conn: &mut AnyConnection,
    reference: &Reference,
    pin: &Pin,
) -> StoreResult<Donation> {
    let row = row_by_pin(
        conn,
        "SELECT pin_hash, status, view, cancelled_at, ledger_id FROM donation WHERE reference = $1",
        reference,
        pin,
        "donation",
    )
    .await?;
    donation_from_row(&row)
}

impl Job for VisitorDonation {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = Donation;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Donation>> {
        Box::pin(async move { visitor_donation(conn, &self.reference, &self.pin).await })
    }
}

/// Whichever of a booking, order or pledge has this reference and PIN.
#[derive(Clone)]
struct FindTicket {
    reference: Reference,
    pin: Pin,
}

impl Job for FindTicket {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = FoundTicket;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<FoundTicket>> {
        Box::pin(async move {
            expire_due(conn, now()).await?;
            let kinds: Vec<String> = sqlx::query_scalar(
                "SELECT 'booking' FROM booking WHERE reference = $1
                 UNION ALL SELECT 'order' FROM purchase WHERE reference = $1
                 UNION ALL SELECT 'donation' FROM donation WHERE reference = $1",
            )
            .bind(self.reference.code())
            .fetch_all(&mut *conn)
            .await?;
            let (r, pin) = (&self.reference, &self.pin);
            for kind in kinds {
                let found = match kind.as_str() {
                    "booking" => dashboard::visitor_booking(conn, r, pin)
                        .await
                        .map(FoundTicket::Booking),
                    "order" => dashboard::visitor_order(conn, r, pin)
                        .await
                        .map(FoundTicket::Order),
                    _ => visitor_donation(conn, r, pin)
                        .await
                        .map(FoundTicket::Donation),
                };
                match found {
                    Err(StoreError::NotFound(_)) => continue,
                    other => return other,
                }
            }
            Err(not_found("booking, order or donation"))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Write jobs

#[derive(Clone)]
struct Seed(
    Catalog,
    Option<std::sync::Arc<crate::ledger_key::LedgerSigner>>,
);

impl Job for Seed {
    type Output = ();
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let seeded: i64 = sqlx::query_scalar("SELECT count(*) FROM listing")
                .fetch_one(&mut *conn)
                .await?;
            if seeded > 0 {
                return Err(StoreError::Conflict(Problem::AlreadySeeded {}));
            }
            let c = &self.0;
            insert_docs(conn, "schools", c.schools.iter().map(|s| (&s.slug, s))).await?;
            insert_docs(conn, "lodgings", c.lodgings.iter().map(|s| (&s.slug, s))).await?;
            insert_docs(conn, "products", c.products.iter().map(|s| (&s.slug, s))).await?;
            insert_docs(conn, "batches", c.batches.iter().map(|s| (&s.id, s))).await?;
            insert_docs(
                conn,
                "attractions",
                c.attractions.iter().map(|s| (&s.slug, s)),
            )
            .await?;
            insert_docs(conn, "events", c.events.iter().map(|s| (&s.slug, s))).await?;
            insert_docs(conn, "projects", c.projects.iter().map(|s| (&s.slug, s))).await?;
            for school in &c.schools {
                for program in &school.programs {
                    for session in &program.sessions {
                        sqlx::query(
                            "INSERT INTO session (id, school, program, start, capacity, booked) VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&session.id)
                        .bind(&school.slug)
                        .bind(&program.id)
                        .bind(session.start.to_string())
                        .bind(i64::from(session.capacity))
                        .bind(i64::from(session.booked))
                        .execute(&mut *conn)
                        .await?;
                    }
                }
            }
            for product in &c.products {
                for variant in &product.variants {
                    sqlx::query("INSERT INTO variant (sku, product, stock) VALUES ($1, $2, $3)")
                        .bind(&variant.sku)
                        .bind(&product.slug)
                        .bind(i64::from(variant.stock))
                        .execute(&mut *conn)
                        .await?;
                }
            }
            for project in &c.projects {
                // Raised and donors are the ledger's (model::ledger::fill_projects); the
                // columns stay for older servers' schema and are no longer read.
                sqlx::query("INSERT INTO project_total (project, raised, pledged, donors) VALUES ($1, 0, $2, 0)")
                    .bind(&project.slug)
                    .bind(project.pledged.0)
                    .execute(&mut *conn)
                    .await?;
            }
            // The history goes through the same append as every later entry: chained, and
            // signed when the key is there.
            for entry in &c.ledger {
                dashboard::append_entry(conn, entry.clone(), self.1.as_deref()).await?;
            }
            Ok(())
        })
    }
}

async fn insert_docs<'a, T: Serialize + 'a>(
    conn: &mut AnyConnection,
    collection: &str,
    items: impl Iterator<Item = (&'a String, &'a T)>,
) -> StoreResult<()> {
    for (position, (key, item)) in items.enumerate() {
        sqlx::query("INSERT INTO listing (collection, key, position, doc) VALUES ($1, $2, $3, $4)")
            .bind(collection)
            .bind(key)
            .bind(position as i64)
            .bind(to_json(item)?)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(Clone)]
struct PurgeIdempotency;

impl Job for PurgeIdempotency {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = ();
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            sqlx::query("DELETE FROM idempotency WHERE created_at < $1")
                .bind(timestamp(now() - IDEMPOTENCY_TTL))
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM pin_attempt WHERE window_start < $1")
                .bind(timestamp(
                    now() - chrono::Duration::seconds(crate::pin_guard::WINDOW_SECONDS),
                ))
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM login_attempt WHERE last_failed_at < $1")
                .bind(timestamp(
                    now() - crate::dashboard::auth::FAILURES_FORGOTTEN,
                ))
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    }
}

#[derive(Clone)]
struct CreateBooking(NewBooking, Idempotency);

impl Job for CreateBooking {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = Created<Booking>;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Created<Booking>>> {
        Box::pin(async move {
            let CreateBooking(booking, idem) = self;
            if let Some(answer) = stored_answer(conn, &idem).await? {
                return answer.typed();
            }
            // Places held by bookings nobody confirmed in time are free again first.
            expire_due(conn, now()).await?;
            match &booking.hold {
                Hold::Places { session, party } => take_places(conn, session, *party).await?,
                Hold::Nights {
                    lodging,
                    room,
                    nights,
                } => check_nights_free(conn, lodging, room, nights).await?,
            }
            let created_at = now();
            let created = timestamp(created_at);
            let expires = timestamp(model::booking::expires_at(
                created_at,
                booking.confirm_within_hours,
            ));
            let draft = booking.view(placeholder(), None, created_at);
            let (session_id, room) = match &booking.hold {
                Hold::Places { session, .. } => (Some(session.clone()), None),
                Hold::Nights { room, .. } => (None, Some(room.clone())),
            };
            let kind = match booking.item {
                BookedItem::School { .. } => "school",
                BookedItem::Lodging { .. } => "lodging",
            };
            let (id, reference, pin) = insert_with_reference(conn, |reference, pin_hash| {
                let mut view = draft.clone();
                view.reference = reference.clone();
                Ok(sqlx::query(
                    "INSERT INTO booking (reference, pin_hash, kind, listing, session_id, room, start, persons, price, status, view, created_at, expires_at, contact_name, contact_phone)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'requested', $10, $11, $12, $13, $14)
                     ON CONFLICT (reference) DO NOTHING RETURNING id",
                )
                .bind(reference.code().to_owned())
                .bind(pin_hash.to_owned())
                .bind(kind)
                .bind(booking.listing().to_owned())
                .bind(session_id.clone())
                .bind(room.clone())
                .bind(booking.item.start().to_string())
                .bind(i64::from(booking.persons()))
                .bind(booking.price.0)
                .bind(to_json(&view)?)
                .bind(created.clone())
                .bind(expires.clone())
                .bind(booking.contact.name.clone())
                .bind(model::overview::phone_digits(&booking.contact.phone)))
            })
            .await?;
            if let Hold::Nights {
                lodging,
                room,
                nights,
            } = &booking.hold
            {
                for night in nights {
                    sqlx::query("INSERT INTO room_night (lodging, room, night, booking_id) VALUES ($1, $2, $3, $4)")
                        .bind(lodging)
                        .bind(room)
                        .bind(night.to_string())
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                }
            }
            let answer = booking.view(reference, Some(pin), created_at);
            tell(
                conn,
                Notice::of_booking(NoticeEvent::BookingRequested, &answer),
            )
            .await?;
            remember_created(conn, &idem, answer).await
        })
    }
}

/// The affected-rows check of a conditional UPDATE: another transaction changed the row since
/// it was read, so the job runs again from a fresh read.
pub(crate) fn one_row(affected: u64) -> StoreResult<()> {
    if affected == 1 {
        Ok(())
    } else {
        Err(StoreError::Retry)
    }
}

/// The reference a view is drafted with before the real one is drawn.
fn placeholder() -> Reference {
    Reference::from_random([0; 8])
}

/// Takes `party` places if they are there; the condition and the write are one statement.
async fn take_places(conn: &mut AnyConnection, session: &str, party: u32) -> StoreResult<()> {
    let taken = sqlx::query(
        "UPDATE session SET booked = booked + $1 WHERE id = $2 AND booked + $1 <= capacity",
    )
    .bind(i64::from(party))
    .bind(session)
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() == 1 {
        return Ok(());
    }
    let left: Option<i64> =
        sqlx::query_scalar("SELECT capacity - booked FROM session WHERE id = $1")
            .bind(session)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(left) = left else {
        let mut errors = FieldErrors::default();
        errors.add("session", Problem::Unknown {});
        return Err(StoreError::Invalid(errors));
    };
    let problem = match u32::try_from(left).unwrap_or(0) {
        0 => Problem::SessionFull {},
        left => Problem::PlacesLeft { left },
    };
    let mut errors = FieldErrors::default();
    errors.add("party", problem.clone());
    Err(StoreError::Unavailable { problem, errors })
}

/// Gives back what a booking held, when it is cancelled or declined: its persons in the
/// session, or its room nights.
pub(crate) async fn release_hold(
    conn: &mut AnyConnection,
    booking: &AnyRow,
    booking_id: i64,
) -> StoreResult<()> {
    match booking.try_get::<Option<String>, _>("session_id")? {
        Some(session) => {
            sqlx::query("UPDATE session SET booked = booked - $1 WHERE id = $2")
                .bind(booking.try_get::<i64, _>("persons")?)
                .bind(session)
                .execute(&mut *conn)
                .await?;
        }
        None => {
            sqlx::query("DELETE FROM room_night WHERE booking_id = $1")
                .bind(booking_id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Expires the requested bookings whose confirmation time has passed at `at` and frees what
/// they held; answers how many expired.
pub(crate) async fn expire_due(conn: &mut AnyConnection, at: DateTime<Utc>) -> StoreResult<u64> {
    let due = sqlx::query(
        "SELECT id, session_id, persons FROM booking WHERE status = 'requested' AND expires_at <= $1 LIMIT 1000",
    )
    .bind(timestamp(at))
    .fetch_all(&mut *conn)
    .await?;
    let from = BookingState {
        status: BookingStatus::Requested,
        paid: false,
    };
    let Transition::To(next) = from.apply(model::transition::BookingAction::Expire)? else {
        return Ok(0);
    };
    for row in &due {
        let id: i64 = row.try_get("id")?;
        let updated = sqlx::query(
            "UPDATE booking SET status = $1, expires_at = NULL WHERE id = $2 AND status = $3",
        )
        .bind(next.status.as_str())
        .bind(id)
        .bind(from.status.as_str())
        .execute(&mut *conn)
        .await?;
        one_row(updated.rows_affected())?;
        release_hold(conn, row, id).await?;
    }
    Ok(due.len() as u64)
}

#[derive(Clone)]
struct ExpireBookings;

impl Job for ExpireBookings {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = u64;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<u64>> {
        Box::pin(async move { expire_due(conn, now()).await })
    }
}

async fn check_nights_free(
    conn: &mut AnyConnection,
    lodging: &str,
    room: &str,
    nights: &[NaiveDate],
) -> StoreResult<()> {
    let (Some(first), Some(last)) = (nights.first(), nights.last()) else {
        return Ok(());
    };
    let taken: Vec<String> = sqlx::query_scalar(
        "SELECT night FROM room_night WHERE lodging = $1 AND room = $2 AND night >= $3 AND night <= $4 ORDER BY night",
    )
    .bind(lodging)
    .bind(room)
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(&mut *conn)
    .await?;
    if taken.is_empty() {
        return Ok(());
    }
    let problem = Problem::RoomTaken {
        nights: taken
            .iter()
            .map(|t| parse_date(t))
            .collect::<StoreResult<_>>()?,
    };
    let mut errors = FieldErrors::default();
    errors.add("check_in", problem.clone());
    Err(StoreError::Unavailable { problem, errors })
}

#[derive(Clone)]
struct CancelBooking {
    reference: Reference,
    pin: Pin,
    today: NaiveDate,
}

impl Job for CancelBooking {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = Booking;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Booking>> {
        Box::pin(async move {
            expire_due(conn, now()).await?;
            let row = row_by_pin(conn, "SELECT id, pin_hash, status, session_id, persons, price, start, view, refund, cancelled_at FROM booking WHERE reference = $1", &self.reference, &self.pin, "booking").await?;
            let mut booking = booking_from_row(&row)?;
            let start = parse_date(&row.try_get::<String, _>("start")?)?;
            let price = Money(row.try_get("price")?);
            let decision = booking.cancellation.decide(price, start, self.today);
            let from = BookingState {
                status: booking.status,
                paid: false,
            };
            let started = decision == CancelDecision::Started;
            let next =
                match from.apply(model::transition::BookingAction::CancelByVisitor { started })? {
                    // Cancelled or expired already: nothing is held, nothing to give back.
                    Transition::Unchanged => return Ok(booking),
                    Transition::To(next) => next,
                };
            let CancelDecision::Refund { amount: refund, .. } = decision else {
                return Err(StoreError::Internal(anyhow::anyhow!(
                    "a started booking was cancelled"
                )));
            };
            let id: i64 = row.try_get("id")?;
            let cancelled_at = now();
            let updated = sqlx::query(
                "UPDATE booking SET status = $1, refund = $2, cancelled_at = $3 WHERE id = $4 AND status = $5",
            )
            .bind(next.status.as_str())
            .bind(refund.0)
            .bind(timestamp(cancelled_at))
            .bind(id)
            .bind(from.status.as_str())
            .execute(&mut *conn)
            .await?;
            one_row(updated.rows_affected())?;
            release_hold(conn, &row, id).await?;
            booking.status = next.status;
            booking.refund = Some(refund);
            booking.cancelled_at = Some(cancelled_at);
            tell(
                conn,
                Notice::of_booking(NoticeEvent::BookingCancelled, &booking),
            )
            .await?;
            Ok(booking)
        })
    }
}

fn booking_from_row(row: &AnyRow) -> StoreResult<Booking> {
    let mut booking: Booking = serde_json::from_str(&row.try_get::<String, _>("view")?)?;
    booking.pin = None;
    booking.status = BookingStatus::parse(&row.try_get::<String, _>("status")?)
        .ok_or_else(|| StoreError::Internal(anyhow::anyhow!("unknown booking status")))?;
    booking.refund = row.try_get::<Option<i64>, _>("refund")?.map(Money);
    booking.cancelled_at = row
        .try_get::<Option<String>, _>("cancelled_at")?
        .map(|t| parse_timestamp(&t))
        .transpose()?;
    Ok(booking)
}

#[derive(Clone)]
struct CreateOrder(NewOrder, Idempotency);

impl Job for CreateOrder {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = Created<Order>;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Created<Order>>> {
        Box::pin(async move {
            let CreateOrder(order, idem) = self;
            if let Some(answer) = stored_answer(conn, &idem).await? {
                return answer.typed();
            }
            let mut errors = FieldErrors::default();
            for (i, line) in order.lines.iter().enumerate() {
                let taken = sqlx::query(
                    "UPDATE variant SET stock = stock - $1 WHERE sku = $2 AND stock >= $1",
                )
                .bind(i64::from(line.quantity))
                .bind(&line.sku)
                .execute(&mut *conn)
                .await?;
                if taken.rows_affected() == 1 {
                    continue;
                }
                let left: Option<i64> =
                    sqlx::query_scalar("SELECT stock FROM variant WHERE sku = $1")
                        .bind(&line.sku)
                        .fetch_optional(&mut *conn)
                        .await?;
                match left.map(|n| u32::try_from(n).unwrap_or(0)) {
                    None => errors.add(&format!("lines[{i}].sku"), Problem::Unknown {}),
                    Some(0) => errors.add(&format!("lines[{i}].quantity"), Problem::SoldOut {}),
                    Some(left) => {
                        errors.add(&format!("lines[{i}].quantity"), Problem::StockLeft { left })
                    }
                }
            }
            if !errors.is_empty() {
                // The savepoint rolls back the lines already taken.
                return Err(StoreError::Unavailable {
                    problem: Problem::OutOfStock {},
                    errors,
                });
            }
            let created_at = now();
            let created = timestamp(created_at);
            let draft = order.view(placeholder(), None, created_at);
            let total = draft.total.0;
            let (id, reference, pin) = insert_with_reference(conn, |reference, pin_hash| {
                let mut view = draft.clone();
                view.reference = reference.clone();
                Ok(sqlx::query(
                    "INSERT INTO purchase (reference, pin_hash, status, total, view, created_at)
                     VALUES ($1, $2, 'placed', $3, $4, $5) ON CONFLICT (reference) DO NOTHING RETURNING id",
                )
                .bind(reference.code().to_owned())
                .bind(pin_hash.to_owned())
                .bind(total)
                .bind(to_json(&view)?)
                .bind(created.clone()))
            })
            .await?;
            for line in &order.lines {
                sqlx::query("INSERT INTO purchase_line (purchase_id, sku, quantity, unit_price) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(&line.sku)
                    .bind(i64::from(line.quantity))
                    .bind(line.unit_price.0)
                    .execute(&mut *conn)
                    .await?;
            }
            let answer = order.view(reference, Some(pin), created_at);
            tell(conn, Notice::of_order(NoticeEvent::OrderPlaced, &answer)).await?;
            remember_created(conn, &idem, answer).await
        })
    }
}

#[derive(Clone)]
struct CancelOrder {
    reference: Reference,
    pin: Pin,
}

impl Job for CancelOrder {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = Order;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Order>> {
        Box::pin(async move {
            let row = row_by_pin(conn, "SELECT id, pin_hash, status, view, cancelled_at, fulfilled_at FROM purchase WHERE reference = $1", &self.reference, &self.pin, "order").await?;
            let mut order = order_from_row(&row)?;
            let from = OrderState {
                status: order.status,
                // Payment is the seller's business; it does not stop a cancellation.
                paid: false,
                fulfilled: row.try_get::<Option<String>, _>("fulfilled_at")?.is_some(),
            };
            let Transition::To(next) =
                from.apply(model::transition::OrderAction::CancelByVisitor)?
            else {
                return Ok(order);
            };
            let id: i64 = row.try_get("id")?;
            let cancelled_at = now();
            let updated = sqlx::query(
                "UPDATE purchase SET status = $1, cancelled_at = $2 WHERE id = $3 AND status = $4 AND fulfilled_at IS NULL",
            )
            .bind(next.status.as_str())
            .bind(timestamp(cancelled_at))
            .bind(id)
            .bind(from.status.as_str())
            .execute(&mut *conn)
            .await?;
            one_row(updated.rows_affected())?;
            sqlx::query(
                "UPDATE variant SET stock = stock + (SELECT quantity FROM purchase_line WHERE purchase_id = $1 AND sku = variant.sku)
                 WHERE sku IN (SELECT sku FROM purchase_line WHERE purchase_id = $1)",
            )
            .bind(id)
            .execute(&mut *conn)
            .await?;
            order.status = next.status;
            order.refund = Some(order.total);
            order.cancelled_at = Some(cancelled_at);
            tell(conn, Notice::of_order(NoticeEvent::OrderCancelled, &order)).await?;
            Ok(order)
        })
    }
}

fn order_from_row(row: &AnyRow) -> StoreResult<Order> {
    let mut order: Order = serde_json::from_str(&row.try_get::<String, _>("view")?)?;
    order.pin = None;
    order.status = OrderStatus::parse(&row.try_get::<String, _>("status")?)
        .ok_or_else(|| StoreError::Internal(anyhow::anyhow!("unknown order status")))?;
    order.cancelled_at = row
        .try_get::<Option<String>, _>("cancelled_at")?
        .map(|t| parse_timestamp(&t))
        .transpose()?;
    if order.status == OrderStatus::Cancelled {
        order.refund = Some(order.total);
    }
    Ok(order)
}

#[derive(Clone)]
struct CreateDonation(NewDonation, Idempotency);

impl Job for CreateDonation {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = Created<Donation>;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Created<Donation>>> {
        Box::pin(async move {
            let CreateDonation(donation, idem) = self;
            if let Some(answer) = stored_answer(conn, &idem).await? {
                return answer.typed();
            }
            let counted =
                sqlx::query("UPDATE project_total SET pledged = pledged + $1 WHERE project = $2")
                    .bind(donation.amount.0)
                    .bind(&donation.project)
                    .execute(&mut *conn)
                    .await?;
            if counted.rows_affected() != 1 {
                let mut errors = FieldErrors::default();
                errors.add("project", Problem::Unknown {});
                return Err(StoreError::Invalid(errors));
            }
            let created_at = now();
            let created = timestamp(created_at);
            let (_, reference, pin) = insert_with_reference(conn, |reference, pin_hash| {
                let view = donation.view(reference.clone(), None, created_at);
                Ok(sqlx::query(
                    "INSERT INTO donation (reference, pin_hash, project, amount, status, view, created_at)
                     VALUES ($1, $2, $3, $4, 'pledged', $5, $6) ON CONFLICT (reference) DO NOTHING RETURNING id",
                )
                .bind(reference.code().to_owned())
                .bind(pin_hash.to_owned())
                .bind(donation.project.clone())
                .bind(donation.amount.0)
                .bind(to_json(&view)?)
                .bind(created.clone()))
            })
            .await?;
            let answer = donation.view(reference, Some(pin), created_at);
            tell(conn, Notice::of_pledge(NoticeEvent::PledgeMade, &answer)).await?;
            remember_created(conn, &idem, answer).await
        })
    }
}

#[derive(Clone)]
struct CancelDonation {
    reference: Reference,
    pin: Pin,
}

impl Job for CancelDonation {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = Donation;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Donation>> {
        Box::pin(async move {
            let row = row_by_pin(conn, "SELECT id, pin_hash, status, project, amount, view, cancelled_at, ledger_id FROM donation WHERE reference = $1", &self.reference, &self.pin, "donation").await?;
            let mut donation = donation_from_row(&row)?;
            let from = donation.status;
            let Transition::To(next) = from.apply(PledgeAction::Withdraw)? else {
                return Ok(donation);
            };
            let cancelled_at = now();
            let updated = sqlx::query(
                "UPDATE donation SET status = $1, cancelled_at = $2 WHERE id = $3 AND status = $4",
            )
            .bind(next.as_str())
            .bind(timestamp(cancelled_at))
            .bind(row.try_get::<i64, _>("id")?)
            .bind(from.as_str())
            .execute(&mut *conn)
            .await?;
            one_row(updated.rows_affected())?;
            sqlx::query("UPDATE project_total SET pledged = pledged - $1 WHERE project = $2")
                .bind(row.try_get::<i64, _>("amount")?)
                .bind(row.try_get::<String, _>("project")?)
                .execute(&mut *conn)
                .await?;
            donation.status = next;
            donation.cancelled_at = Some(cancelled_at);
            tell(
                conn,
                Notice::of_pledge(NoticeEvent::PledgeWithdrawn, &donation),
            )
            .await?;
            Ok(donation)
        })
    }
}

fn donation_from_row(row: &AnyRow) -> StoreResult<Donation> {
    let mut donation: Donation = serde_json::from_str(&row.try_get::<String, _>("view")?)?;
    donation.pin = None;
    donation.status = DonationStatus::parse(&row.try_get::<String, _>("status")?)
        .ok_or_else(|| StoreError::Internal(anyhow::anyhow!("unknown donation status")))?;
    donation.cancelled_at = row
        .try_get::<Option<String>, _>("cancelled_at")?
        .map(|t| parse_timestamp(&t))
        .transpose()?;
    donation.ledger_id = row.try_get("ledger_id")?;
    Ok(donation)
}

// ---------------------------------------------------------------------------------------------
// The trait

#[async_trait::async_trait]
impl ListingStore for SqlStore {
    async fn ping(&self) -> StoreResult<()> {
        if self.writer.is_closed() {
            return Err(StoreError::Internal(anyhow::anyhow!(
                "the database writer has stopped"
            )));
        }
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    async fn is_seeded(&self) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM listing")
            .fetch_one(&self.reader)
            .await?;
        Ok(n > 0)
    }

    async fn seed(&self, catalog: &Catalog) -> StoreResult<()> {
        self.write(Seed(catalog.clone(), self.signer())).await
    }

    async fn schools(&self) -> StoreResult<Vec<School>> {
        let mut schools: Vec<School> = self.listing_docs("schools").await?;
        schedule::fill_sessions(&self.reader, &mut schools, secrets::village_today()).await?;
        Ok(schools)
    }

    async fn schedule_series(&self, today: NaiveDate) -> StoreResult<u64> {
        self.write(schedule::ScheduleSeries { today }).await
    }

    async fn lodgings(&self) -> StoreResult<Vec<Lodging>> {
        self.listing_docs("lodgings").await
    }

    async fn products(&self) -> StoreResult<Vec<Product>> {
        let mut products: Vec<Product> = self.listing_docs("products").await?;
        let stock: HashMap<String, i64> = sqlx::query_as("SELECT sku, stock FROM variant")
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .collect();
        for product in &mut products {
            product.variants.retain(|v| !v.retired);
        }
        for variant in products.iter_mut().flat_map(|p| &mut p.variants) {
            if let Some(n) = stock.get(&variant.sku) {
                variant.stock = u32::try_from(*n).unwrap_or(0);
            }
        }
        Ok(products)
    }

    async fn batches(&self) -> StoreResult<Vec<Batch>> {
        self.listing_docs("batches").await
    }

    async fn attractions(&self) -> StoreResult<Vec<Attraction>> {
        self.listing_docs("attractions").await
    }

    async fn events(&self) -> StoreResult<Vec<Event>> {
        self.listing_docs("events").await
    }

    async fn projects(&self) -> StoreResult<Vec<Project>> {
        let mut projects: Vec<Project> = self.listing_docs("projects").await?;
        let pledged: HashMap<String, i64> =
            sqlx::query_as::<_, (String, i64)>("SELECT project, pledged FROM project_total")
                .fetch_all(&self.reader)
                .await?
                .into_iter()
                .collect();
        for project in &mut projects {
            if let Some(fen) = pledged.get(&project.slug) {
                project.pledged = Money(*fen);
            }
        }
        // Every figure of money received, spent and of donors is the ledger's own sum.
        model::ledger::fill_projects(
            &mut projects,
            &dashboard::ledger(&self.reader).await?.entries,
        );
        Ok(projects)
    }

    async fn taken_nights(
        &self,
        lodging: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(String, NaiveDate)>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT room, night FROM room_night WHERE lodging = $1 AND night >= $2 AND night < $3 ORDER BY room, night",
        )
        .bind(lodging)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter()
            .map(|(room, night)| Ok((room, parse_date(&night)?)))
            .collect()
    }

    async fn all_taken_nights(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<model::availability::TakenNight>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT lodging, room, night FROM room_night WHERE night >= $1 AND night < $2 ORDER BY lodging, room, night",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter()
            .map(|(lodging, room, night)| Ok((lodging, room, parse_date(&night)?)))
            .collect()
    }
}

#[async_trait::async_trait]
impl VisitorStore for SqlStore {
    async fn replay(
        &self,
        idempotency: &Idempotency,
    ) -> StoreResult<Option<Created<serde_json::Value>>> {
        let row = sqlx::query(
            "SELECT request_hash, response, pin_sealed FROM idempotency WHERE endpoint = $1 AND key = $2",
        )
        .bind(idempotency.endpoint.as_str())
        .bind(secrets::idempotency_key_hash(
            idempotency.endpoint.as_str(),
            &idempotency.key,
        ))
        .fetch_optional(&self.reader)
        .await?;
        answer_from_row(row, idempotency)
    }

    async fn create_booking(
        &self,
        booking: NewBooking,
        idempotency: Idempotency,
    ) -> StoreResult<Created<Booking>> {
        debug_assert_eq!(idempotency.endpoint, Endpoint::Bookings);
        self.write(CreateBooking(booking, idempotency)).await
    }

    async fn cancel_booking(
        &self,
        reference: &Reference,
        pin: &Pin,
        today: NaiveDate,
    ) -> StoreResult<Booking> {
        self.guarded(
            reference,
            CancelBooking {
                reference: reference.clone(),
                pin: pin.clone(),
                today,
            },
        )
        .await
    }

    async fn expire_bookings(&self) -> StoreResult<u64> {
        self.write(ExpireBookings).await
    }

    async fn create_order(
        &self,
        order: NewOrder,
        idempotency: Idempotency,
    ) -> StoreResult<Created<Order>> {
        self.write(CreateOrder(order, idempotency)).await
    }

    async fn cancel_order(&self, reference: &Reference, pin: &Pin) -> StoreResult<Order> {
        self.guarded(
            reference,
            CancelOrder {
                reference: reference.clone(),
                pin: pin.clone(),
            },
        )
        .await
    }

    async fn create_donation(
        &self,
        donation: NewDonation,
        idempotency: Idempotency,
    ) -> StoreResult<Created<Donation>> {
        self.write(CreateDonation(donation, idempotency)).await
    }

    async fn donation(&self, reference: &Reference, pin: &Pin) -> StoreResult<Donation> {
        self.guarded(
            reference,
            VisitorDonation {
                reference: reference.clone(),
                pin: pin.clone(),
            },
        )
        .await
    }

    async fn cancel_donation(&self, reference: &Reference, pin: &Pin) -> StoreResult<Donation> {
        self.guarded(
            reference,
            CancelDonation {
                reference: reference.clone(),
                pin: pin.clone(),
            },
        )
        .await
    }

    async fn find_ticket(&self, reference: &Reference, pin: &Pin) -> StoreResult<FoundTicket> {
        self.guarded(
            reference,
            FindTicket {
                reference: reference.clone(),
                pin: pin.clone(),
            },
        )
        .await
    }

    async fn booking_record(
        &self,
        reference: &Reference,
        pin: &Pin,
    ) -> StoreResult<model::staff::BookingRecord> {
        self.guarded(
            reference,
            VisitorBooking {
                reference: reference.clone(),
                pin: pin.clone(),
            },
        )
        .await
    }

    async fn order_record(
        &self,
        reference: &Reference,
        pin: &Pin,
    ) -> StoreResult<model::staff::OrderRecord> {
        self.guarded(
            reference,
            VisitorOrder {
                reference: reference.clone(),
                pin: pin.clone(),
            },
        )
        .await
    }
}

#[async_trait::async_trait]
impl AccountStore for SqlStore {
    async fn create_operator(&self, operator: NewOperator) -> StoreResult<()> {
        self.write(dashboard::CreateOperator(operator)).await
    }

    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>> {
        dashboard::credentials(&self.reader, username).await
    }

    async fn count_login_attempt(
        &self,
        username: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<u64>> {
        self.write(dashboard::CountLoginAttempt {
            key: crate::store::login_key(username),
            at,
        })
        .await
    }

    async fn login_succeeded(
        &self,
        operator_id: i64,
        username: &str,
        token_hash: String,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write(dashboard::LoginSucceeded {
            operator_id,
            key: crate::store::login_key(username),
            token_hash,
            expires_at,
        })
        .await
    }

    async fn disable_operator(&self, username: &str, by: Option<&Actor>) -> StoreResult<()> {
        self.write(dashboard::DisableOperator {
            username: username.trim().to_ascii_lowercase(),
            by: by.cloned(),
        })
        .await
    }

    async fn set_operator_password(
        &self,
        username: &str,
        password_hash: String,
        by: Option<&Actor>,
    ) -> StoreResult<()> {
        self.write(dashboard::SetOperatorPassword {
            username: username.trim().to_ascii_lowercase(),
            password_hash,
            by: by.cloned(),
        })
        .await
    }

    async fn operators(&self) -> StoreResult<Vec<model::staff::OperatorAccount>> {
        dashboard::operators(&self.reader).await
    }

    async fn session_operator(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Actor>> {
        dashboard::session_operator(&self.reader, token_hash, now).await
    }

    async fn end_session(&self, token_hash: &str) -> StoreResult<()> {
        self.write(dashboard::EndSession(token_hash.to_owned()))
            .await
    }

    async fn audit_log(
        &self,
        operator_id: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<AuditEntry>> {
        dashboard::audit_log(&self.reader, operator_id, limit).await
    }
}

#[async_trait::async_trait]
impl DashboardStore for SqlStore {
    async fn ops_bookings(
        &self,
        scope: &Scope,
        filter: &BookingFilter,
        page: Page,
    ) -> StoreResult<Vec<model::staff::BookingRecord>> {
        dashboard::ops_bookings(&self.reader, scope, filter, page).await
    }

    async fn ops_overview(
        &self,
        scope: &Scope,
        today: NaiveDate,
        nights: u32,
    ) -> StoreResult<model::overview::Overview> {
        dashboard::ops_overview(&self.reader, scope, today, nights).await
    }

    async fn booking_action(
        &self,
        actor: &Actor,
        reference: &Reference,
        action: BookingAction,
    ) -> StoreResult<model::staff::BookingRecord> {
        self.write(dashboard::ActOnBooking {
            actor: actor.clone(),
            reference: reference.clone(),
            action,
        })
        .await
    }

    async fn ops_orders(
        &self,
        scope: &Scope,
        page: Page,
    ) -> StoreResult<Vec<model::staff::OrderRecord>> {
        dashboard::ops_orders(&self.reader, scope, page).await
    }

    async fn order_action(
        &self,
        actor: &Actor,
        reference: &Reference,
        action: OrderAction,
    ) -> StoreResult<model::staff::OrderRecord> {
        self.write(dashboard::ActOnOrder {
            actor: actor.clone(),
            reference: reference.clone(),
            action,
        })
        .await
    }

    async fn edit_listing(
        &self,
        actor: &Actor,
        edit: ListingEdit,
    ) -> StoreResult<serde_json::Value> {
        self.write(dashboard::EditListing {
            actor: actor.clone(),
            edit,
        })
        .await
    }

    async fn schedule_sessions(
        &self,
        actor: &Actor,
        school: &str,
        program: &str,
        request: model::staff::ScheduleRequest,
        today: NaiveDate,
    ) -> StoreResult<Vec<model::Session>> {
        self.write(schedule::AddSeries {
            actor: actor.clone(),
            school: school.to_owned(),
            program: program.to_owned(),
            series: request,
            today,
        })
        .await
    }

    async fn cancel_session(
        &self,
        actor: &Actor,
        session: &str,
        reason: String,
    ) -> StoreResult<u64> {
        self.write(schedule::CancelSession {
            actor: actor.clone(),
            session: session.to_owned(),
            reason,
        })
        .await
    }

    async fn move_session(
        &self,
        actor: &Actor,
        session: &str,
        start: NaiveDate,
    ) -> StoreResult<u64> {
        self.write(schedule::MoveSession {
            actor: actor.clone(),
            session: session.to_owned(),
            start,
        })
        .await
    }

    async fn close_nights(
        &self,
        actor: &Actor,
        lodging: &str,
        room: Option<String>,
        nights: Vec<NaiveDate>,
        reason: String,
    ) -> StoreResult<u64> {
        self.write(schedule::CloseNights {
            actor: actor.clone(),
            lodging: lodging.to_owned(),
            room,
            nights,
            reason,
        })
        .await
    }

    async fn save_program(
        &self,
        actor: &Actor,
        school: &str,
        program: Option<String>,
        request: model::staff::ProgramRequest,
    ) -> StoreResult<model::Program> {
        self.write(schedule::SaveProgram {
            actor: actor.clone(),
            school: school.to_owned(),
            program,
            request,
        })
        .await
    }

    async fn save_variant(
        &self,
        actor: &Actor,
        product: &str,
        sku: Option<String>,
        request: model::staff::VariantRequest,
    ) -> StoreResult<model::Variant> {
        self.write(products::SaveVariant {
            actor: actor.clone(),
            product: product.to_owned(),
            sku,
            request,
        })
        .await
    }

    async fn save_room(
        &self,
        actor: &Actor,
        lodging: &str,
        room: Option<String>,
        request: model::staff::RoomRequest,
    ) -> StoreResult<model::Room> {
        self.write(rooms::SaveRoom {
            actor: actor.clone(),
            lodging: lodging.to_owned(),
            room,
            request,
        })
        .await
    }

    async fn listing_photos(
        &self,
        actor: &Actor,
        collection: &str,
        slug: &str,
        room: Option<&str>,
        change: Option<super::PhotoChange>,
    ) -> StoreResult<Vec<model::photo::Photo>> {
        self.write(photos::ListingPhotos {
            actor: actor.clone(),
            collection: collection.to_owned(),
            slug: slug.to_owned(),
            room: room.map(str::to_owned),
            change,
        })
        .await
    }

    async fn retire_variant(&self, actor: &Actor, product: &str, sku: &str) -> StoreResult<()> {
        self.write(products::RetireVariant {
            actor: actor.clone(),
            product: product.to_owned(),
            sku: sku.to_owned(),
        })
        .await
    }

    async fn retire_program(&self, actor: &Actor, school: &str, program: &str) -> StoreResult<()> {
        self.write(schedule::RetireProgram {
            actor: actor.clone(),
            school: school.to_owned(),
            program: program.to_owned(),
        })
        .await
    }

    async fn reopen_nights(
        &self,
        actor: &Actor,
        lodging: &str,
        room: Option<String>,
        nights: Vec<NaiveDate>,
    ) -> StoreResult<u64> {
        self.write(schedule::ReopenNights {
            actor: actor.clone(),
            lodging: lodging.to_owned(),
            room,
            nights,
        })
        .await
    }
}

#[async_trait::async_trait]
impl LedgerStore for SqlStore {
    async fn confirm_pledge(
        &self,
        actor: &Actor,
        reference: &Reference,
        confirm: model::staff::ConfirmPledgeRequest,
    ) -> StoreResult<model::LedgerEntry> {
        self.write(dashboard::ConfirmPledge {
            signer: self.signer(),
            actor: actor.clone(),
            reference: reference.clone(),
            confirm,
        })
        .await
    }

    async fn create_spending(
        &self,
        actor: &Actor,
        spending: model::staff::SpendingRequest,
        idempotency: Idempotency,
    ) -> StoreResult<Created<model::staff::Spending>> {
        self.write(dashboard::CreateSpending {
            signer: self.signer(),
            actor: actor.clone(),
            spending,
            idempotency,
        })
        .await
    }

    async fn advance_spending(
        &self,
        actor: &Actor,
        id: u64,
        to: model::SpendingStage,
    ) -> StoreResult<model::staff::Spending> {
        self.write(dashboard::AdvanceSpending {
            signer: self.signer(),
            actor: actor.clone(),
            id,
            to,
        })
        .await
    }

    async fn propose_correction(
        &self,
        actor: &Actor,
        correction: model::staff::CorrectionRequest,
        idempotency: Idempotency,
    ) -> StoreResult<Created<model::staff::PendingCorrection>> {
        self.write(dashboard::ProposeCorrection {
            actor: actor.clone(),
            correction,
            idempotency,
        })
        .await
    }

    async fn approve_correction(&self, actor: &Actor, id: u64) -> StoreResult<model::LedgerEntry> {
        self.write(dashboard::ApproveCorrection {
            signer: self.signer(),
            actor: actor.clone(),
            id,
        })
        .await
    }

    async fn corrections(&self) -> StoreResult<Vec<model::staff::PendingCorrection>> {
        dashboard::corrections(&self.reader).await
    }

    fn set_ledger_signer(&self, signer: std::sync::Arc<crate::ledger_key::LedgerSigner>) {
        if self.signer.set(signer).is_err() {
            tracing::warn!("the ledger signer was already set");
        }
    }

    async fn spendings(&self) -> StoreResult<Vec<model::staff::Spending>> {
        dashboard::spendings(&self.reader).await
    }

    async fn ledger(&self) -> StoreResult<super::StoredLedger> {
        dashboard::ledger(&self.reader).await
    }
}

#[async_trait::async_trait]
impl OutboxStore for SqlStore {
    async fn claim_notices(
        &self,
        channels: &[&str],
        limit: u32,
        lease: Duration,
    ) -> StoreResult<Vec<PendingNotice>> {
        let channels = channels.iter().map(|c| (*c).to_owned()).collect();
        self.write(outbox::ClaimNotices {
            channels,
            limit,
            lease,
        })
        .await
    }

    async fn notice_delivered(&self, id: i64) -> StoreResult<()> {
        self.write(outbox::NoticeDelivered(id)).await
    }

    async fn notice_failed(&self, id: i64, error: &str, retry_in: Duration) -> StoreResult<()> {
        let error = error.to_owned();
        self.write(outbox::NoticeFailed {
            id,
            error,
            retry_in,
        })
        .await
    }

    async fn failing_notices(&self, attempts: u32) -> StoreResult<Vec<PendingNotice>> {
        outbox::failing(&self.reader, attempts).await
    }

    async fn latest_notice(&self) -> StoreResult<i64> {
        outbox::latest(&self.reader).await
    }

    async fn notices_after(
        &self,
        after: i64,
        limit: u32,
    ) -> StoreResult<Vec<(i64, model::notice::Notice)>> {
        outbox::after(&self.reader, after, limit).await
    }
}
