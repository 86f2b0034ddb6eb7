//! The operators' side of the SQLite store: logins, the dashboard's writes with their audit
//! lines, and the hash-chained donation ledger. Every write here is a [`Job`] of the single
//! writer, so the check, the change, the audit line and the ledger entry commit together.
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::future::BoxFuture;
use model::booking::BookingStatus;
use model::donation::DonationStatus;
use model::notice::{Notice, NoticeEvent};
use model::overview::{Overview, SessionPlaces, TakenNight};
use std::sync::Arc;

use model::ledger::{Checkpoint, EntryKind, LedgerEntry, SpendingStage, GENESIS_HASH};
use model::staff::{
    BookingRecord, ConfirmPledgeRequest, CorrectionRequest, OrderRecord, OwnedListing,
    PendingCorrection, Role, Spending, SpendingRequest,
};
use model::transition::{
    BookingState, CorrectionStatus, OrderState, PledgeAction, SpendingAction, Transition,
};
use model::{Batch, FieldErrors, Lodging, Money, Problem, Reference, School};
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::Row;
use sqlx::{AnyConnection, AnyPool};

use super::{
    booking_from_row, now, one_row, order_from_row, parse_date, parse_timestamp, release_hold,
    remember_created, stored_answer, timestamp, to_json, Job,
};
use crate::ledger_key::LedgerSigner;
use crate::store::{
    Actor, AuditEntry, BookingAction, BookingFilter, Created, Credentials, Idempotency,
    ListingEdit, NewOperator, OrderAction, Page, Scope, StoreError, StoreResult, StoredLedger,
};

pub(super) fn internal(message: impl Into<String>) -> StoreError {
    StoreError::Internal(anyhow::anyhow!(message.into()))
}

pub(super) fn invalid(field: &str, problem: Problem) -> StoreError {
    let mut errors = FieldErrors::default();
    errors.add(field, problem);
    StoreError::Invalid(errors)
}

fn optional_time(row: &AnyRow, column: &str) -> StoreResult<Option<DateTime<Utc>>> {
    row.try_get::<Option<String>, _>(column)?
        .map(|t| parse_timestamp(&t))
        .transpose()
}

/// Writes one audit line inside the job's transaction.
pub(super) async fn audit(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    target: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (operator_id, action, target, before, after, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor.id)
    .bind(action)
    .bind(target)
    .bind(before.map(Value::to_string))
    .bind(after.map(Value::to_string))
    .bind(timestamp(now()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Operators and sessions

#[derive(Clone)]
pub(super) struct CreateOperator(pub NewOperator);

impl Job for CreateOperator {
    type Output = ();
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let op = self.0;
            for l in &op.listings {
                let found: Option<i64> =
                    sqlx::query_scalar("SELECT 1 FROM listing WHERE collection = $1 AND key = $2")
                        .bind(&l.collection)
                        .bind(&l.slug)
                        .fetch_optional(&mut *conn)
                        .await?;
                if found.is_none() {
                    return Err(invalid("listings", Problem::Unknown {}));
                }
            }
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO operator (username, display_name, role, password_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id",
            )
            .bind(&op.username)
            .bind(&op.display_name)
            .bind(op.role.as_str())
            .bind(&op.password_hash)
            .bind(timestamp(now()))
            .fetch_optional(&mut *conn)
            .await?;
            let Some(id) = id else {
                return Err(StoreError::Conflict(Problem::UsernameTaken {}));
            };
            for l in &op.listings {
                sqlx::query(
                    "INSERT INTO operator_listing (operator_id, collection, slug) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(&l.collection)
                .bind(&l.slug)
                .execute(&mut *conn)
                .await?;
            }
            if let Some(admin) = &op.by {
                let after = json!({ "role": op.role, "display_name": op.display_name, "listings": op.listings });
                audit(
                    conn,
                    admin,
                    "operator.create",
                    &format!("operator/{}", op.username),
                    None,
                    Some(&after),
                )
                .await?;
            }
            Ok(())
        })
    }
}

/// Every account with its listings, by user name.
pub(super) async fn operators(reader: &AnyPool) -> StoreResult<Vec<model::staff::OperatorAccount>> {
    let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, username, display_name, role, disabled_at FROM operator ORDER BY username",
    )
    .fetch_all(reader)
    .await?;
    let owned: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT operator_id, collection, slug FROM operator_listing ORDER BY collection, slug",
    )
    .fetch_all(reader)
    .await?;
    rows.into_iter()
        .map(|(id, username, display_name, role, disabled)| {
            Ok(model::staff::OperatorAccount {
                username,
                display_name,
                role: Role::parse(&role).ok_or_else(|| internal("unknown role"))?,
                listings: owned
                    .iter()
                    .filter(|(o, ..)| *o == id)
                    .map(|(_, collection, slug)| OwnedListing {
                        collection: collection.clone(),
                        slug: slug.clone(),
                    })
                    .collect(),
                disabled: disabled.is_some(),
            })
        })
        .collect()
}

pub(super) async fn credentials(
    reader: &AnyPool,
    username: &str,
) -> StoreResult<Option<Credentials>> {
    let Some(row) = sqlx::query(
        "SELECT id, password_hash FROM operator WHERE username = $1 AND disabled_at IS NULL",
    )
    .bind(username)
    .fetch_optional(reader)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(Credentials {
        operator_id: row.try_get("id")?,
        password_hash: row.try_get("password_hash")?,
    }))
}

/// Counts a login attempt under `key` (see [`crate::store::login_key`]) unless the name must
/// wait: read, decide and write in the writer's one transaction.
#[derive(Clone)]
pub(super) struct CountLoginAttempt {
    pub key: String,
    pub at: DateTime<Utc>,
}

impl Job for CountLoginAttempt {
    type Output = Option<u64>;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Option<u64>>> {
        Box::pin(async move {
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT failures, last_failed_at FROM login_attempt WHERE username_hash = $1",
            )
            .bind(&self.key)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some((failures, last)) = row {
                let failures = u32::try_from(failures).unwrap_or(u32::MAX);
                let last = parse_timestamp(&last)?;
                if let Some(wait) =
                    crate::dashboard::wait_before_login(failures, Some(last), self.at)
                {
                    return Ok(Some(wait));
                }
            }
            sqlx::query(
                "INSERT INTO login_attempt (username_hash, failures, last_failed_at) VALUES ($1, 1, $2)
                 ON CONFLICT (username_hash) DO UPDATE SET failures = login_attempt.failures + 1, last_failed_at = $2",
            )
            .bind(&self.key)
            .bind(timestamp(self.at))
            .execute(&mut *conn)
            .await?;
            Ok(None)
        })
    }
}

#[derive(Clone)]
pub(super) struct LoginSucceeded {
    pub operator_id: i64,
    pub key: String,
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
}

impl Job for LoginSucceeded {
    type Output = ();
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let at = now();
            sqlx::query("DELETE FROM operator_session WHERE expires_at <= $1")
                .bind(timestamp(at))
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM login_attempt WHERE username_hash = $1")
                .bind(&self.key)
                .execute(&mut *conn)
                .await?;
            // Disabled between the password check and now: no session.
            let active: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM operator WHERE id = $1 AND disabled_at IS NULL")
                    .bind(self.operator_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            if active.is_none() {
                return Err(StoreError::NotFound("operator".to_owned()));
            }
            sqlx::query(
                "INSERT INTO operator_session (token_hash, operator_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(&self.token_hash)
            .bind(self.operator_id)
            .bind(timestamp(at))
            .bind(timestamp(self.expires_at))
            .execute(&mut *conn)
            .await?;
            sqlx::query(
                "INSERT INTO audit_log (operator_id, action, target, before, after, at) VALUES ($1, 'session.login', 'session', NULL, NULL, $2)",
            )
            .bind(self.operator_id)
            .bind(timestamp(at))
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
    }
}

/// Deletes every session of operator `id`, writing `action` to the audit log (the command
/// line acts on the operator, who is named as the one acted on).
/// Ends every session of operator `id`, audited as the admin `by` did it, or as the command
/// line's `action` on the operator's own line.
async fn end_sessions_of(
    conn: &mut AnyConnection,
    id: i64,
    action: &str,
    by: Option<&Actor>,
    username: &str,
) -> StoreResult<()> {
    let ended = sqlx::query("DELETE FROM operator_session WHERE operator_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let (who, action) = match by {
        Some(admin) => (admin.id, action.replace("cli.", "")),
        None => (id, action.to_owned()),
    };
    sqlx::query(
        "INSERT INTO audit_log (operator_id, action, target, before, after, at) VALUES ($1, $2, $3, NULL, $4, $5)",
    )
    .bind(who)
    .bind(action)
    .bind(format!("operator/{username}"))
    .bind(json!({ "sessions_ended": ended }).to_string())
    .bind(timestamp(now()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn operator_id(conn: &mut AnyConnection, username: &str) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT id FROM operator WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no operator {username:?}")))
}

#[derive(Clone)]
pub(super) struct DisableOperator {
    pub username: String,
    pub by: Option<Actor>,
}

impl Job for DisableOperator {
    type Output = ();
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let id = operator_id(conn, &self.username).await?;
            sqlx::query(
                "UPDATE operator SET disabled_at = coalesce(disabled_at, $1) WHERE id = $2",
            )
            .bind(timestamp(now()))
            .bind(id)
            .execute(&mut *conn)
            .await?;
            end_sessions_of(
                conn,
                id,
                "cli.operator_disable",
                self.by.as_ref(),
                &self.username,
            )
            .await
        })
    }
}

#[derive(Clone)]
pub(super) struct SetOperatorPassword {
    pub username: String,
    pub password_hash: String,
    pub by: Option<Actor>,
}

impl Job for SetOperatorPassword {
    type Output = ();
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let id = operator_id(conn, &self.username).await?;
            sqlx::query("UPDATE operator SET password_hash = $1 WHERE id = $2")
                .bind(&self.password_hash)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM login_attempt WHERE username_hash = $1")
                .bind(crate::store::login_key(&self.username))
                .execute(&mut *conn)
                .await?;
            end_sessions_of(
                conn,
                id,
                "cli.operator_passwd",
                self.by.as_ref(),
                &self.username,
            )
            .await
        })
    }
}

#[derive(Clone)]
pub(super) struct EndSession(pub String);

impl Job for EndSession {
    type Output = ();
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let operator: Option<i64> = sqlx::query_scalar(
                "DELETE FROM operator_session WHERE token_hash = $1 RETURNING operator_id",
            )
            .bind(&self.0)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some(id) = operator {
                sqlx::query(
                    "INSERT INTO audit_log (operator_id, action, target, before, after, at) VALUES ($1, 'session.logout', 'session', NULL, NULL, $2)",
                )
                .bind(id)
                .bind(timestamp(now()))
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        })
    }
}

pub(super) async fn session_operator(
    reader: &AnyPool,
    token_hash: &str,
    at: DateTime<Utc>,
) -> StoreResult<Option<Actor>> {
    let Some(row) = sqlx::query(
        "SELECT o.id, o.username, o.display_name, o.role FROM operator_session s
         JOIN operator o ON o.id = s.operator_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND o.disabled_at IS NULL",
    )
    .bind(token_hash)
    .bind(timestamp(at))
    .fetch_optional(reader)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let listings = sqlx::query_as::<_, (String, String)>(
        "SELECT collection, slug FROM operator_listing WHERE operator_id = $1 ORDER BY collection, slug",
    )
    .bind(id)
    .fetch_all(reader)
    .await?
    .into_iter()
    .map(|(collection, slug)| OwnedListing { collection, slug })
    .collect();
    Ok(Some(Actor {
        id,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: Role::parse(&row.try_get::<String, _>("role")?)
            .ok_or_else(|| internal("unknown operator role"))?,
        listings,
    }))
}

pub(super) async fn audit_log(
    reader: &AnyPool,
    operator_id: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT a.id, o.username, a.action, a.target, a.before, a.after, a.at FROM audit_log a
         JOIN operator o ON o.id = a.operator_id
         WHERE $1 IS NULL OR a.operator_id = $1 ORDER BY a.id DESC LIMIT $2",
    )
    .bind(operator_id)
    .bind(i64::from(limit))
    .fetch_all(reader)
    .await?;
    rows.iter()
        .map(|row| {
            let json = |column: &str| -> StoreResult<Option<Value>> {
                row.try_get::<Option<String>, _>(column)?
                    .map(|t| serde_json::from_str(&t).map_err(StoreError::from))
                    .transpose()
            };
            Ok(AuditEntry {
                id: row.try_get("id")?,
                operator: row.try_get("username")?,
                action: row.try_get("action")?,
                target: row.try_get("target")?,
                before: json("before")?,
                after: json("after")?,
                at: parse_timestamp(&row.try_get::<String, _>("at")?)?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Bookings and orders

const BOOKING_COLUMNS: &str = "id, kind, listing, session_id, persons, price, status, view, refund, cancelled_at, confirmed_at, decline_reason, paid_at";

fn booking_record(row: &AnyRow) -> StoreResult<BookingRecord> {
    Ok(BookingRecord {
        booking: booking_from_row(row)?,
        confirmed_at: optional_time(row, "confirmed_at")?,
        decline_reason: row.try_get("decline_reason")?,
        paid_at: optional_time(row, "paid_at")?,
    })
}

fn booking_collection(row: &AnyRow) -> StoreResult<&'static str> {
    Ok(match row.try_get::<String, _>("kind")?.as_str() {
        "school" => "schools",
        _ => "lodgings",
    })
}

/// The listings in scope as `,collection/slug,collection/slug,` for a `LIKE '%,x,%'` test
/// that reads the same on SQLite and PostgreSQL (slugs hold no `,`, `%` or `_`), or NULL for
/// all.
fn scope_list(scope: &Scope) -> Option<String> {
    match scope {
        Scope::All => None,
        Scope::Listings(own) => Some(own.iter().fold(String::from(","), |list, l| {
            format!("{list}{}/{},", l.collection, l.slug)
        })),
    }
}

/// `booking` rows of listings in scope: `$1` is [`scope_list`].
const BOOKING_IN_SCOPE: &str = "($1 IS NULL OR $1 LIKE ('%,' || (CASE kind WHEN 'school' THEN 'schools/' ELSE 'lodgings/' END) || listing || ',%'))";

/// `text` as a `LIKE … ESCAPE '\'` pattern matching it anywhere.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

pub(super) async fn ops_bookings(
    reader: &AnyPool,
    scope: &Scope,
    filter: &BookingFilter,
    page: Page,
) -> StoreResult<Vec<BookingRecord>> {
    // Filtered by owner in SQL, so that other listings' bookings (or a flood of spam ones)
    // never push an operator's own out of the page.
    let search = filter.search.as_ref();
    let rows = sqlx::query(&format!(
        "SELECT {BOOKING_COLUMNS} FROM booking
         WHERE {BOOKING_IN_SCOPE} AND start >= $2
           AND ($3 IS NULL OR status = $3)
           AND ($4 IS NULL OR reference LIKE $4 ESCAPE '\\' OR LOWER(contact_name) LIKE $5 ESCAPE '\\'
                OR contact_phone LIKE $6)
         ORDER BY start, id LIMIT $7 OFFSET $8"
    ))
    .bind(scope_list(scope))
    .bind(filter.from.to_string())
    .bind(filter.status.map(|s| s.as_str()))
    .bind(search.map(|s| contains_pattern(&s.reference_part)))
    .bind(search.map(|s| contains_pattern(&s.name_part)))
    .bind(search.and_then(|s| s.phone_part.as_deref()).map(contains_pattern))
    .bind(i64::from(page.limit))
    .bind(i64::from(page.offset))
    .fetch_all(reader)
    .await?;
    rows.iter().map(booking_record).collect()
}

/// What a host sees first: requests waiting, today's arrivals and departures, the room
/// nights held from today for `nights` nights and the sessions ahead, all in scope.
pub(super) async fn ops_overview(
    reader: &AnyPool,
    scope: &Scope,
    today: NaiveDate,
    nights: u32,
) -> StoreResult<Overview> {
    let scope_list = scope_list(scope);
    let yesterday = today - chrono::Days::new(1);
    let waiting: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM booking WHERE {BOOKING_IN_SCOPE} AND status = 'requested' AND start >= $2"
    ))
    .bind(scope_list.clone())
    .bind(yesterday.to_string())
    .fetch_one(reader)
    .await?;
    let arrivals = sqlx::query(&format!(
        "SELECT {BOOKING_COLUMNS} FROM booking
         WHERE {BOOKING_IN_SCOPE} AND start = $2 AND status IN ('requested', 'confirmed')
         ORDER BY id"
    ))
    .bind(scope_list.clone())
    .bind(today.to_string())
    .fetch_all(reader)
    .await?;
    // A stay leaves today when it held last night and holds no night from today.
    let departures = sqlx::query(&format!(
        "SELECT {BOOKING_COLUMNS} FROM booking
         WHERE {BOOKING_IN_SCOPE} AND kind = 'lodging' AND status IN ('requested', 'confirmed')
           AND EXISTS (SELECT 1 FROM room_night WHERE booking_id = booking.id AND night = $2)
           AND NOT EXISTS (SELECT 1 FROM room_night WHERE booking_id = booking.id AND night = $3)
         ORDER BY id"
    ))
    .bind(scope_list.clone())
    .bind(yesterday.to_string())
    .bind(today.to_string())
    .fetch_all(reader)
    .await?;
    Ok(Overview {
        today,
        waiting: u32::try_from(waiting).unwrap_or(u32::MAX),
        arrivals: arrivals
            .iter()
            .map(booking_record)
            .collect::<StoreResult<_>>()?,
        departures: departures
            .iter()
            .map(booking_record)
            .collect::<StoreResult<_>>()?,
        nights: taken_nights(reader, &scope_list, today, nights).await?,
        sessions: session_places(reader, &scope_list, today).await?,
    })
}

async fn taken_nights(
    reader: &AnyPool,
    scope_list: &Option<String>,
    from: NaiveDate,
    nights: u32,
) -> StoreResult<Vec<TakenNight>> {
    let until = from + chrono::Days::new(u64::from(nights));
    let rows = sqlx::query(
        "SELECT n.lodging, n.room, n.night, b.reference, b.status
         FROM room_night n JOIN booking b ON b.id = n.booking_id
         WHERE ($1 IS NULL OR $1 LIKE ('%,lodgings/' || n.lodging || ',%'))
           AND n.night >= $2 AND n.night < $3
         ORDER BY n.lodging, n.room, n.night",
    )
    .bind(scope_list.clone())
    .bind(from.to_string())
    .bind(until.to_string())
    .fetch_all(reader)
    .await?;
    rows.iter()
        .map(|row| {
            let code: String = row.try_get("reference")?;
            let status: String = row.try_get("status")?;
            Ok(TakenNight {
                lodging: row.try_get("lodging")?,
                room: row.try_get("room")?,
                night: parse_date(&row.try_get::<String, _>("night")?)?,
                reference: Reference::parse(&code)
                    .ok_or_else(|| internal(format!("bad reference {code:?}")))?,
                status: BookingStatus::parse(&status)
                    .ok_or_else(|| internal(format!("bad status {status:?}")))?,
            })
        })
        .collect()
}

/// The next sessions of the schools in scope with their places.
const SESSIONS_SHOWN: i64 = 40;

async fn session_places(
    reader: &AnyPool,
    scope_list: &Option<String>,
    from: NaiveDate,
) -> StoreResult<Vec<SessionPlaces>> {
    let rows = sqlx::query(
        "SELECT s.id, s.school, s.program, s.start, s.capacity, s.booked,
                CAST(COALESCE((SELECT SUM(b.persons) FROM booking b
                               WHERE b.session_id = s.id AND b.status = 'requested'), 0) AS BIGINT) AS requested
         FROM session s
         WHERE ($1 IS NULL OR $1 LIKE ('%,schools/' || s.school || ',%')) AND s.start >= $2
           AND s.cancelled_at IS NULL
         ORDER BY s.start, s.id LIMIT $3",
    )
    .bind(scope_list.clone())
    .bind(from.to_string())
    .bind(SESSIONS_SHOWN)
    .fetch_all(reader)
    .await?;
    let count = |row: &AnyRow, column: &str| -> StoreResult<u32> {
        Ok(u32::try_from(row.try_get::<i64, _>(column)?).unwrap_or(0))
    };
    rows.iter()
        .map(|row| {
            Ok(SessionPlaces {
                school: row.try_get("school")?,
                program: row.try_get("program")?,
                session: row.try_get("id")?,
                start: parse_date(&row.try_get::<String, _>("start")?)?,
                capacity: count(row, "capacity")?,
                booked: count(row, "booked")?,
                requested: count(row, "requested")?,
            })
        })
        .collect()
}

/// A booking by reference and PIN, with what the operator did to it.
pub(super) async fn visitor_booking(
    conn: &mut AnyConnection,
    reference: &Reference,
    pin: &model::Pin,
) -> StoreResult<BookingRecord> {
    let row = super::row_by_pin(
        conn,
        &format!("SELECT pin_hash, {BOOKING_COLUMNS} FROM booking WHERE reference = $1"),
        reference,
        pin,
        "booking",
    )
    .await?;
    booking_record(&row)
}

#[derive(Clone)]
pub(super) struct ActOnBooking {
    pub actor: Actor,
    pub reference: Reference,
    pub action: BookingAction,
}

async fn load_booking(conn: &mut AnyConnection, reference: &Reference) -> StoreResult<AnyRow> {
    sqlx::query(&format!(
        "SELECT {BOOKING_COLUMNS} FROM booking WHERE reference = $1"
    ))
    .bind(reference.code())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound("no booking with this reference".into()))
}

impl Job for ActOnBooking {
    type Output = BookingRecord;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<BookingRecord>> {
        Box::pin(async move {
            super::expire_due(conn, now()).await?;
            let row = load_booking(conn, &self.reference).await?;
            let listing: String = row.try_get("listing")?;
            if !self
                .actor
                .scope()
                .allows(booking_collection(&row)?, &listing)
            {
                return Err(StoreError::NotFound(
                    "no booking with this reference".into(),
                ));
            }
            let before = booking_record(&row)?;
            let id: i64 = row.try_get("id")?;
            let from = BookingState {
                status: before.booking.status,
                paid: before.paid_at.is_some(),
            };
            let next = match from.apply(self.action.model())? {
                Transition::Unchanged => return Ok(before),
                Transition::To(next) => next,
            };
            let at = timestamp(now());
            let action = match &self.action {
                BookingAction::Confirm => {
                    let updated = sqlx::query(
                        "UPDATE booking SET status = $1, confirmed_at = $2, expires_at = NULL WHERE id = $3 AND status = $4",
                    )
                    .bind(next.status.as_str())
                    .bind(&at)
                    .bind(id)
                    .bind(from.status.as_str())
                    .execute(&mut *conn)
                    .await?;
                    one_row(updated.rows_affected())?;
                    "booking.confirm"
                }
                BookingAction::Decline { reason } => {
                    let updated = sqlx::query(
                        "UPDATE booking SET status = $1, refund = price, cancelled_at = $2, decline_reason = $3, expires_at = NULL WHERE id = $4 AND status = $5",
                    )
                    .bind(next.status.as_str())
                    .bind(&at)
                    .bind(reason)
                    .bind(id)
                    .bind(from.status.as_str())
                    .execute(&mut *conn)
                    .await?;
                    one_row(updated.rows_affected())?;
                    release_hold(conn, &row, id).await?;
                    "booking.decline"
                }
                BookingAction::MarkPaid => {
                    let updated = sqlx::query(
                        "UPDATE booking SET paid_at = $1 WHERE id = $2 AND status = $3 AND paid_at IS NULL",
                    )
                    .bind(&at)
                    .bind(id)
                    .bind(from.status.as_str())
                    .execute(&mut *conn)
                    .await?;
                    one_row(updated.rows_affected())?;
                    "booking.paid"
                }
            };
            let after = booking_record(&load_booking(conn, &self.reference).await?)?;
            let event = match &self.action {
                BookingAction::Confirm => NoticeEvent::BookingConfirmed,
                BookingAction::Decline { .. } => NoticeEvent::BookingDeclined,
                BookingAction::MarkPaid => NoticeEvent::BookingPaid,
            };
            super::tell(conn, Notice::of_booking(event, &after.booking)).await?;
            audit(
                conn,
                &self.actor,
                action,
                &format!("booking/{}", self.reference),
                Some(&booking_state(&before)),
                Some(&booking_state(&after)),
            )
            .await?;
            Ok(after)
        })
    }
}

/// What an audit line keeps of a booking: its state, not the visitor's contact details.
fn booking_state(b: &BookingRecord) -> Value {
    json!({
        "status": b.booking.status,
        "refund": b.booking.refund,
        "confirmed_at": b.confirmed_at,
        "decline_reason": b.decline_reason,
        "paid_at": b.paid_at,
    })
}

const ORDER_COLUMNS: &str = "id, status, view, cancelled_at, paid_at, fulfilled_at";

fn order_record(row: &AnyRow) -> StoreResult<OrderRecord> {
    Ok(OrderRecord {
        order: order_from_row(row)?,
        paid_at: optional_time(row, "paid_at")?,
        fulfilled_at: optional_time(row, "fulfilled_at")?,
    })
}

/// What the transition table needs of an order.
fn order_state(o: &OrderRecord) -> OrderState {
    OrderState {
        status: o.order.status,
        paid: o.paid_at.is_some(),
        fulfilled: o.fulfilled_at.is_some(),
    }
}

/// True when every product of the order is in scope.
async fn order_in_scope(
    conn: &mut AnyConnection,
    scope: &Scope,
    purchase_id: i64,
) -> StoreResult<bool> {
    let products: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT v.product FROM purchase_line l JOIN variant v ON v.sku = l.sku WHERE l.purchase_id = $1",
    )
    .bind(purchase_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(products.iter().all(|p| scope.allows("products", p)))
}

pub(super) async fn ops_orders(
    reader: &AnyPool,
    scope: &Scope,
    page: Page,
) -> StoreResult<Vec<OrderRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {ORDER_COLUMNS} FROM purchase
         WHERE $1 IS NULL OR NOT EXISTS (
             SELECT 1 FROM purchase_line l JOIN variant v ON v.sku = l.sku
             WHERE l.purchase_id = purchase.id
               AND $1 NOT LIKE ('%,products/' || v.product || ',%'))
         ORDER BY id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(scope_list(scope))
    .bind(i64::from(page.limit))
    .bind(i64::from(page.offset))
    .fetch_all(reader)
    .await?;
    rows.iter().map(order_record).collect()
}

/// An order by reference and PIN, with what the seller did to it.
pub(super) async fn visitor_order(
    conn: &mut AnyConnection,
    reference: &Reference,
    pin: &model::Pin,
) -> StoreResult<OrderRecord> {
    let row = super::row_by_pin(
        conn,
        &format!("SELECT pin_hash, {ORDER_COLUMNS} FROM purchase WHERE reference = $1"),
        reference,
        pin,
        "order",
    )
    .await?;
    order_record(&row)
}

#[derive(Clone)]
pub(super) struct ActOnOrder {
    pub actor: Actor,
    pub reference: Reference,
    pub action: OrderAction,
}

async fn load_order(conn: &mut AnyConnection, reference: &Reference) -> StoreResult<AnyRow> {
    sqlx::query(&format!(
        "SELECT {ORDER_COLUMNS} FROM purchase WHERE reference = $1"
    ))
    .bind(reference.code())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound("no order with this reference".into()))
}

impl Job for ActOnOrder {
    type Output = OrderRecord;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<OrderRecord>> {
        Box::pin(async move {
            let row = load_order(conn, &self.reference).await?;
            let id: i64 = row.try_get("id")?;
            if !order_in_scope(conn, &self.actor.scope(), id).await? {
                return Err(StoreError::NotFound("no order with this reference".into()));
            }
            let before = order_record(&row)?;
            let from = order_state(&before);
            if from.apply(self.action.model())? == Transition::Unchanged {
                return Ok(before);
            }
            let (action, column) = match self.action {
                OrderAction::MarkPaid => ("order.paid", "paid_at"),
                OrderAction::MarkFulfilled => ("order.fulfilled", "fulfilled_at"),
            };
            let updated = sqlx::query(&format!(
                "UPDATE purchase SET {column} = $1 WHERE id = $2 AND status = $3 AND {column} IS NULL"
            ))
            .bind(timestamp(now()))
            .bind(id)
            .bind(from.status.as_str())
            .execute(&mut *conn)
            .await?;
            one_row(updated.rows_affected())?;
            let after = order_record(&load_order(conn, &self.reference).await?)?;
            let event = match self.action {
                OrderAction::MarkPaid => NoticeEvent::OrderPaid,
                OrderAction::MarkFulfilled => NoticeEvent::OrderSent,
            };
            super::tell(conn, Notice::of_order(event, &after.order)).await?;
            let state = |o: &OrderRecord| json!({ "status": o.order.status, "paid_at": o.paid_at, "fulfilled_at": o.fulfilled_at });
            audit(
                conn,
                &self.actor,
                action,
                &format!("order/{}", self.reference),
                Some(&state(&before)),
                Some(&state(&after)),
            )
            .await?;
            Ok(after)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Listing edits

pub(super) async fn listing_doc(
    conn: &mut AnyConnection,
    collection: &str,
    key: &str,
) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT doc FROM listing WHERE collection = $1 AND key = $2")
            .bind(collection)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// The `collection` document of `slug`, when `actor` runs it; "no such {noun} of yours"
/// otherwise, the same answer whether it is someone else's or does not exist.
pub(super) async fn own_doc<T: serde::de::DeserializeOwned>(
    conn: &mut AnyConnection,
    actor: &Actor,
    collection: &str,
    slug: &str,
    noun: &str,
) -> StoreResult<T> {
    let missing = || StoreError::NotFound(format!("no such {noun} of yours"));
    if !actor.scope().allows(collection, slug) {
        return Err(missing());
    }
    let doc = listing_doc(conn, collection, slug)
        .await?
        .ok_or_else(missing)?;
    Ok(serde_json::from_str(&doc)?)
}

pub(super) async fn write_doc(
    conn: &mut AnyConnection,
    collection: &str,
    key: &str,
    doc: String,
) -> StoreResult<()> {
    sqlx::query("UPDATE listing SET doc = $1 WHERE collection = $2 AND key = $3")
        .bind(doc)
        .bind(collection)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Clone)]
pub(super) struct EditListing {
    pub actor: Actor,
    pub edit: ListingEdit,
}

impl Job for EditListing {
    type Output = Value;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Value>> {
        Box::pin(async move {
            let scope = self.actor.scope();
            let (action, target, before, after) = match self.edit {
                ListingEdit::Capacity { session, capacity } => {
                    let Some((school, booked, old)) = sqlx::query_as::<_, (String, i64, i64)>(
                        "SELECT school, booked, capacity FROM session WHERE id = $1",
                    )
                    .bind(&session)
                    .fetch_optional(&mut *conn)
                    .await?
                    .filter(|(school, ..)| scope.allows("schools", school)) else {
                        return Err(StoreError::NotFound("no such session".into()));
                    };
                    if i64::from(capacity) < booked {
                        return Err(invalid(
                            "capacity",
                            Problem::BelowBooked {
                                booked: u32::try_from(booked).unwrap_or(u32::MAX),
                            },
                        ));
                    }
                    sqlx::query("UPDATE session SET capacity = $1 WHERE id = $2")
                        .bind(i64::from(capacity))
                        .bind(&session)
                        .execute(&mut *conn)
                        .await?;
                    let doc = listing_doc(conn, "schools", &school)
                        .await?
                        .ok_or_else(|| internal("a session without its school"))?;
                    let mut s: School = serde_json::from_str(&doc)?;
                    for x in s
                        .programs
                        .iter_mut()
                        .flat_map(|p| &mut p.sessions)
                        .filter(|x| x.id == session)
                    {
                        x.capacity = capacity;
                    }
                    write_doc(conn, "schools", &school, to_json(&s)?).await?;
                    (
                        "session.capacity",
                        format!("session/{session}"),
                        json!({ "capacity": old, "booked": booked }),
                        json!({ "capacity": capacity, "booked": booked }),
                    )
                }
                ListingEdit::Stock { sku, stock } => {
                    let Some((_product, old)) = sqlx::query_as::<_, (String, i64)>(
                        "SELECT product, stock FROM variant WHERE sku = $1",
                    )
                    .bind(&sku)
                    .fetch_optional(&mut *conn)
                    .await?
                    .filter(|(product, _)| scope.allows("products", product)) else {
                        return Err(StoreError::NotFound("no such product variant".into()));
                    };
                    sqlx::query("UPDATE variant SET stock = $1 WHERE sku = $2")
                        .bind(i64::from(stock))
                        .bind(&sku)
                        .execute(&mut *conn)
                        .await?;
                    (
                        "variant.stock",
                        format!("variant/{sku}"),
                        json!({ "stock": old }),
                        json!({ "stock": stock }),
                    )
                }
                ListingEdit::RoomPrices {
                    lodging,
                    room,
                    prices,
                } => {
                    let doc = match listing_doc(conn, "lodgings", &lodging).await? {
                        Some(doc) if scope.allows("lodgings", &lodging) => doc,
                        _ => return Err(StoreError::NotFound("no such lodging".into())),
                    };
                    let mut l: Lodging = serde_json::from_str(&doc)?;
                    let Some(r) = l.rooms.iter_mut().find(|r| r.id == room) else {
                        return Err(StoreError::NotFound("no such room at this lodging".into()));
                    };
                    let before = json!({ "nightly": r.nightly, "extra_person": r.extra_person });
                    if let Some(p) = prices.nightly {
                        r.nightly = p;
                    }
                    if let Some(p) = prices.extra_person {
                        r.extra_person = p;
                    }
                    let after = json!({ "nightly": r.nightly, "extra_person": r.extra_person });
                    write_doc(conn, "lodgings", &lodging, to_json(&l)?).await?;
                    (
                        "room.prices",
                        format!("lodgings/{lodging}/rooms/{room}"),
                        before,
                        after,
                    )
                }
                ListingEdit::Text {
                    collection,
                    slug,
                    text,
                } => {
                    let doc = match listing_doc(conn, &collection, &slug).await? {
                        Some(doc) if scope.allows(&collection, &slug) => doc,
                        _ => return Err(StoreError::NotFound("no such listing".into())),
                    };
                    let mut doc: Value = serde_json::from_str(&doc)?;
                    let story_field = if collection == "products" {
                        "description"
                    } else {
                        "story"
                    };
                    let mut before = serde_json::Map::new();
                    let mut after = serde_json::Map::new();
                    for (field, text) in [
                        ("name", text.name),
                        ("summary", text.summary),
                        (story_field, text.story),
                    ] {
                        if let Some(t) = text {
                            before.insert(field.to_owned(), doc[field].clone());
                            let t = serde_json::to_value(t)?;
                            after.insert(field.to_owned(), t.clone());
                            doc[field] = t;
                        }
                    }
                    write_doc(conn, &collection, &slug, doc.to_string()).await?;
                    (
                        "listing.text",
                        format!("{collection}/{slug}"),
                        Value::Object(before),
                        Value::Object(after),
                    )
                }
                ListingEdit::BatchStage { batch, stage } => {
                    let doc = listing_doc(conn, "batches", &batch)
                        .await?
                        .ok_or_else(|| StoreError::NotFound("no such batch".into()))?;
                    let mut b: Batch = serde_json::from_str(&doc)?;
                    if !scope.allows("products", &b.product) {
                        return Err(StoreError::NotFound("no such batch".into()));
                    }
                    let before = json!({ "stages": b.stages.len() });
                    let added = serde_json::to_value(&stage)?;
                    b.stages.push(stage);
                    b.stages.sort_by_key(|s| (s.date, s.stage));
                    write_doc(conn, "batches", &batch, to_json(&b)?).await?;
                    (
                        "batch.stage",
                        format!("batches/{batch}"),
                        before,
                        json!({ "stages": b.stages.len(), "added": added }),
                    )
                }
            };
            audit(
                conn,
                &self.actor,
                action,
                &target,
                Some(&before),
                Some(&after),
            )
            .await?;
            Ok(after)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The ledger

/// Appends an entry after the recorded head and moves the head; the entry's `seq`,
/// `prev_hash` and `hash` are set here.
pub(super) async fn append_entry(
    conn: &mut AnyConnection,
    mut entry: LedgerEntry,
    signer: Option<&LedgerSigner>,
) -> StoreResult<LedgerEntry> {
    let (seq, prev): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM ledger_head WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or((0, GENESIS_HASH.to_owned()));
    entry.seq = u64::try_from(seq + 1).map_err(|_| internal("bad ledger head"))?;
    entry.seal(&prev);
    sqlx::query(
        "INSERT INTO ledger_entry (seq, kind, project, amount, entry, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(seq + 1)
    .bind(entry.kind.as_str())
    .bind(&entry.project)
    .bind(entry.amount.0)
    .bind(to_json(&entry)?)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO ledger_head (id, seq, hash) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )
    .bind(seq + 1)
    .bind(&entry.hash)
    .execute(&mut *conn)
    .await?;
    // The new head, signed in the same transaction: a head without a signature does not
    // verify.
    if let Some(signer) = signer {
        let c = signer.sign(entry.seq, &entry.hash, now());
        sqlx::query(
            "INSERT INTO ledger_checkpoint (seq, head, signed_at, public_key, signature) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(seq + 1)
        .bind(&c.head)
        .bind(timestamp(c.signed_at))
        .bind(&c.public_key)
        .bind(&c.signature)
        .execute(&mut *conn)
        .await?;
    }
    Ok(entry)
}

/// Now, to the millisecond the canonical encoding keeps.
fn ledger_now() -> DateTime<Utc> {
    let t = now();
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

fn blank_entry(
    actor: &Actor,
    kind: EntryKind,
    project: String,
    amount: Money,
    date: NaiveDate,
) -> LedgerEntry {
    LedgerEntry {
        seq: 0,
        recorded_at: ledger_now(),
        kind,
        stage: None,
        project,
        amount,
        date,
        donation: None,
        spending: None,
        channel: String::new(),
        payee: String::new(),
        purpose: String::new(),
        receipt_sha256: None,
        note: String::new(),
        corrects: None,
        recorded_by: actor.username.clone(),
        prev_hash: String::new(),
        hash: String::new(),
    }
}

#[derive(Clone)]
pub(super) struct ConfirmPledge {
    pub signer: Option<Arc<LedgerSigner>>,
    pub actor: Actor,
    pub reference: Reference,
    pub confirm: ConfirmPledgeRequest,
}

impl Job for ConfirmPledge {
    type Output = LedgerEntry;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<LedgerEntry>> {
        Box::pin(async move {
            let row = sqlx::query(
                "SELECT id, status, project, amount, view, cancelled_at, ledger_id FROM donation WHERE reference = $1",
            )
            .bind(self.reference.code())
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::NotFound("no donation with this reference".into()))?;
            let from = DonationStatus::parse(&row.try_get::<String, _>("status")?)
                .ok_or_else(|| internal("unknown donation status"))?;
            let Transition::To(next) = from.apply(PledgeAction::Confirm)? else {
                return Err(internal("confirming a pledge always changes it"));
            };
            let project: String = row.try_get("project")?;
            let amount = Money(row.try_get("amount")?);
            let mut entry = blank_entry(
                &self.actor,
                EntryKind::In,
                project.clone(),
                amount,
                self.confirm.date,
            );
            // The public ledger names the donation by an id that opens nothing.
            let ledger_id = crate::secrets::new_ledger_id()?;
            entry.donation = Some(ledger_id.clone());
            entry.channel = self.confirm.channel;
            entry.note = self.confirm.note;
            let entry = append_entry(conn, entry, self.signer.as_deref()).await?;
            let updated = sqlx::query(
                "UPDATE donation SET status = $1, confirmed_at = $2, ledger_seq = $3, ledger_id = $4 WHERE id = $5 AND status = $6",
            )
            .bind(next.as_str())
            .bind(timestamp(now()))
            .bind(i64::try_from(entry.seq).unwrap_or(i64::MAX))
            .bind(&ledger_id)
            .bind(row.try_get::<i64, _>("id")?)
            .bind(from.as_str())
            .execute(&mut *conn)
            .await?;
            one_row(updated.rows_affected())?;
            sqlx::query(
                "UPDATE project_total SET pledged = CASE WHEN pledged > $1 THEN pledged - $1 ELSE 0 END WHERE project = $2",
            )
            .bind(amount.0)
            .bind(&project)
            .execute(&mut *conn)
            .await?;
            let mut pledge = super::donation_from_row(&row)?;
            pledge.status = next;
            super::tell(
                conn,
                Notice::of_pledge(NoticeEvent::PledgeReceived, &pledge),
            )
            .await?;
            audit(
                conn,
                &self.actor,
                "ledger.in",
                &format!("donation/{}", self.reference),
                Some(&json!({ "status": from })),
                Some(&json!({ "status": next, "ledger_seq": entry.seq, "hash": entry.hash })),
            )
            .await?;
            Ok(entry)
        })
    }
}

const SPENDING_SELECT: &str = "SELECT s.id, s.project, s.amount, s.payee, s.purpose, s.receipt_sha256, s.stage, s.date,
    r.username AS recorded_by, a.username AS approved_by, p.username AS paid_by, s.recorded_by AS recorded_by_id
    FROM spending s JOIN operator r ON r.id = s.recorded_by
    LEFT JOIN operator a ON a.id = s.approved_by LEFT JOIN operator p ON p.id = s.paid_by";

fn spending_from_row(row: &AnyRow) -> StoreResult<Spending> {
    Ok(Spending {
        id: u64::try_from(row.try_get::<i64, _>("id")?).unwrap_or(0),
        project: row.try_get("project")?,
        amount: Money(row.try_get("amount")?),
        payee: row.try_get("payee")?,
        purpose: row.try_get("purpose")?,
        date: parse_date(&row.try_get::<String, _>("date")?)?,
        receipt_sha256: row.try_get("receipt_sha256")?,
        stage: SpendingStage::parse(&row.try_get::<String, _>("stage")?)
            .ok_or_else(|| internal("unknown spending stage"))?,
        recorded_by: row.try_get("recorded_by")?,
        approved_by: row.try_get("approved_by")?,
        paid_by: row.try_get("paid_by")?,
    })
}

async fn load_spending(conn: &mut AnyConnection, id: i64) -> StoreResult<AnyRow> {
    sqlx::query(&format!("{SPENDING_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound("no such spending".into()))
}

pub(super) async fn spendings(reader: &AnyPool) -> StoreResult<Vec<Spending>> {
    sqlx::query(&format!("{SPENDING_SELECT} ORDER BY s.id DESC LIMIT 2000"))
        .fetch_all(reader)
        .await?
        .iter()
        .map(spending_from_row)
        .collect()
}

#[derive(Clone)]
pub(super) struct CreateSpending {
    pub signer: Option<Arc<LedgerSigner>>,
    pub actor: Actor,
    pub spending: SpendingRequest,
    pub idempotency: Idempotency,
}

impl Job for CreateSpending {
    type Output = Created<Spending>;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Created<Spending>>> {
        Box::pin(async move {
            if let Some(answer) = stored_answer(conn, &self.idempotency).await? {
                return answer.typed();
            }
            let s = self.spending;
            let known: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM project_total WHERE project = $1")
                    .bind(&s.project)
                    .fetch_optional(&mut *conn)
                    .await?;
            if known.is_none() {
                return Err(invalid("project", Problem::Unknown {}));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO spending (project, amount, payee, purpose, receipt_sha256, stage, recorded_by, date, created_at)
                 VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8) RETURNING id",
            )
            .bind(&s.project)
            .bind(s.amount.0)
            .bind(&s.payee)
            .bind(&s.purpose)
            .bind(&s.receipt_sha256)
            .bind(self.actor.id)
            .bind(s.date.to_string())
            .bind(timestamp(now()))
            .fetch_one(&mut *conn)
            .await?;
            let mut entry = blank_entry(&self.actor, EntryKind::Out, s.project, s.amount, s.date);
            entry.stage = Some(SpendingStage::Pending);
            entry.spending = Some(u64::try_from(id).unwrap_or(0));
            entry.payee = s.payee;
            entry.purpose = s.purpose;
            entry.receipt_sha256 = s.receipt_sha256;
            entry.note = s.note;
            let entry = append_entry(conn, entry, self.signer.as_deref()).await?;
            let spending = spending_from_row(&load_spending(conn, id).await?)?;
            audit(
                conn,
                &self.actor,
                "ledger.out",
                &format!("spending/{id}"),
                None,
                Some(&json!({ "stage": "pending", "amount": spending.amount, "ledger_seq": entry.seq })),
            )
            .await?;
            remember_created(conn, &self.idempotency, spending).await
        })
    }
}

#[derive(Clone)]
pub(super) struct AdvanceSpending {
    pub signer: Option<Arc<LedgerSigner>>,
    pub actor: Actor,
    pub id: u64,
    pub to: SpendingStage,
}

impl Job for AdvanceSpending {
    type Output = Spending;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Spending>> {
        Box::pin(async move {
            let id = i64::try_from(self.id)
                .map_err(|_| StoreError::NotFound("no such spending".into()))?;
            let row = load_spending(conn, id).await?;
            let before = spending_from_row(&row)?;
            let by_recorder = row.try_get::<i64, _>("recorded_by_id")? == self.actor.id;
            let step = SpendingAction::toward(self.to, by_recorder)?;
            let Transition::To(next) = before.stage.apply(step)? else {
                return Err(internal("a spending step always changes it"));
            };
            let (column, action) = match step {
                SpendingAction::Approve { .. } => ("approved_by", "spending.approve"),
                SpendingAction::Pay => ("paid_by", "spending.pay"),
            };
            let updated = sqlx::query(&format!(
                "UPDATE spending SET stage = $1, {column} = $2 WHERE id = $3 AND stage = $4"
            ))
            .bind(next.as_str())
            .bind(self.actor.id)
            .bind(id)
            .bind(before.stage.as_str())
            .execute(&mut *conn)
            .await?;
            one_row(updated.rows_affected())?;
            let mut entry = blank_entry(
                &self.actor,
                EntryKind::Out,
                before.project.clone(),
                before.amount,
                before.date,
            );
            entry.stage = Some(next);
            entry.spending = Some(self.id);
            entry.payee.clone_from(&before.payee);
            entry.purpose.clone_from(&before.purpose);
            entry.receipt_sha256.clone_from(&before.receipt_sha256);
            let entry = append_entry(conn, entry, self.signer.as_deref()).await?;
            let after = spending_from_row(&load_spending(conn, id).await?)?;
            audit(
                conn,
                &self.actor,
                action,
                &format!("spending/{id}"),
                Some(&json!({ "stage": before.stage })),
                Some(&json!({ "stage": after.stage, "ledger_seq": entry.seq })),
            )
            .await?;
            Ok(after)
        })
    }
}

#[derive(Clone)]
pub(super) struct ProposeCorrection {
    pub actor: Actor,
    pub correction: CorrectionRequest,
    pub idempotency: Idempotency,
}

const CORRECTION_SELECT: &str =
    "SELECT c.id, c.corrects, c.amount, c.date, c.note, c.status, c.ledger_seq,
    p.username AS proposed_by, a.username AS approved_by, c.proposed_by AS proposed_by_id
    FROM ledger_correction c JOIN operator p ON p.id = c.proposed_by
    LEFT JOIN operator a ON a.id = c.approved_by";

fn correction_from_row(row: &AnyRow) -> StoreResult<PendingCorrection> {
    Ok(PendingCorrection {
        id: u64::try_from(row.try_get::<i64, _>("id")?).unwrap_or(0),
        corrects: u64::try_from(row.try_get::<i64, _>("corrects")?).unwrap_or(0),
        amount: Money(row.try_get("amount")?),
        date: parse_date(&row.try_get::<String, _>("date")?)?,
        note: row.try_get("note")?,
        status: row.try_get("status")?,
        proposed_by: row.try_get("proposed_by")?,
        approved_by: row.try_get("approved_by")?,
        ledger_seq: row
            .try_get::<Option<i64>, _>("ledger_seq")?
            .and_then(|s| u64::try_from(s).ok()),
    })
}

async fn load_correction(conn: &mut AnyConnection, id: i64) -> StoreResult<AnyRow> {
    sqlx::query(&format!("{CORRECTION_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound("no such correction".into()))
}

pub(super) async fn corrections(reader: &AnyPool) -> StoreResult<Vec<PendingCorrection>> {
    sqlx::query(&format!(
        "{CORRECTION_SELECT} ORDER BY c.id DESC LIMIT 2000"
    ))
    .fetch_all(reader)
    .await?
    .iter()
    .map(correction_from_row)
    .collect()
}

impl Job for ProposeCorrection {
    type Output = Created<PendingCorrection>;
    fn run<'c>(
        self,
        conn: &'c mut AnyConnection,
    ) -> BoxFuture<'c, StoreResult<Created<PendingCorrection>>> {
        Box::pin(async move {
            if let Some(answer) = stored_answer(conn, &self.idempotency).await? {
                return answer.typed();
            }
            let c = self.correction;
            let seq = i64::try_from(c.corrects)
                .map_err(|_| StoreError::NotFound("no such ledger entry".into()))?;
            let known: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM ledger_entry WHERE seq = $1")
                    .bind(seq)
                    .fetch_optional(&mut *conn)
                    .await?;
            if known.is_none() {
                return Err(StoreError::NotFound("no such ledger entry".into()));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO ledger_correction (corrects, amount, date, note, status, proposed_by, created_at)
                 VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id",
            )
            .bind(seq)
            .bind(c.amount.0)
            .bind(c.date.to_string())
            .bind(&c.note)
            .bind(self.actor.id)
            .bind(timestamp(now()))
            .fetch_one(&mut *conn)
            .await?;
            let pending = correction_from_row(&load_correction(conn, id).await?)?;
            audit(
                conn,
                &self.actor,
                "ledger.correction.propose",
                &format!("ledger/{seq}"),
                None,
                Some(&json!({ "correction": id, "change": pending.amount })),
            )
            .await?;
            remember_created(conn, &self.idempotency, pending).await
        })
    }
}

#[derive(Clone)]
pub(super) struct ApproveCorrection {
    pub signer: Option<Arc<LedgerSigner>>,
    pub actor: Actor,
    pub id: u64,
}

impl Job for ApproveCorrection {
    type Output = LedgerEntry;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<LedgerEntry>> {
        Box::pin(async move {
            let id = i64::try_from(self.id)
                .map_err(|_| StoreError::NotFound("no such correction".into()))?;
            let row = load_correction(conn, id).await?;
            let c = correction_from_row(&row)?;
            let from = CorrectionStatus::parse(&c.status)
                .ok_or_else(|| internal("unknown correction status"))?;
            let by_proposer = row.try_get::<i64, _>("proposed_by_id")? == self.actor.id;
            let Transition::To(next) = from.approve(by_proposer)? else {
                return Err(internal("approving a correction always changes it"));
            };
            let stored: String =
                sqlx::query_scalar("SELECT entry FROM ledger_entry WHERE seq = $1")
                    .bind(i64::try_from(c.corrects).unwrap_or(0))
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or_else(|| StoreError::NotFound("no such ledger entry".into()))?;
            let original: LedgerEntry = serde_json::from_str(&stored)?;
            let (per_project, _) =
                model::ledger::totals(&project_entries(conn, &original.project).await?);
            let so_far = per_project
                .get(&original.project)
                .copied()
                .unwrap_or_default();
            if !so_far.takes_correction(original.kind, c.amount) {
                return Err(invalid("amount", Problem::BelowZero {}));
            }
            let mut entry = blank_entry(
                &self.actor,
                original.kind,
                original.project.clone(),
                c.amount,
                c.date,
            );
            entry.stage = original.stage;
            entry.donation.clone_from(&original.donation);
            entry.spending = original.spending;
            entry.note.clone_from(&c.note);
            entry.corrects = Some(original.seq);
            // Who proposed it and who approved it both show on the public ledger.
            entry.recorded_by = format!("{} + {}", c.proposed_by, self.actor.username);
            let entry = append_entry(conn, entry, self.signer.as_deref()).await?;
            let updated = sqlx::query(
                "UPDATE ledger_correction SET status = $1, approved_by = $2, ledger_seq = $3 WHERE id = $4 AND status = $5",
            )
            .bind(next.as_str())
            .bind(self.actor.id)
            .bind(i64::try_from(entry.seq).unwrap_or(i64::MAX))
            .bind(id)
            .bind(from.as_str())
            .execute(&mut *conn)
            .await?;
            one_row(updated.rows_affected())?;
            audit(
                conn,
                &self.actor,
                "ledger.correction.approve",
                &format!("ledger/{}", original.seq),
                Some(&json!({ "amount": original.amount, "correction": id })),
                Some(
                    &json!({ "change": entry.amount, "ledger_seq": entry.seq, "hash": entry.hash }),
                ),
            )
            .await?;
            Ok(entry)
        })
    }
}

/// One project's entries, for the sums a write must keep (read inside its transaction).
async fn project_entries(conn: &mut AnyConnection, project: &str) -> StoreResult<Vec<LedgerEntry>> {
    let rows = sqlx::query("SELECT entry FROM ledger_entry WHERE project = $1 ORDER BY seq")
        .bind(project)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| Ok(serde_json::from_str(&row.try_get::<String, _>("entry")?)?))
        .collect()
}

/// Every entry, with the indexed columns taking precedence over the JSON copy, so that
/// tampering with either shows in the hashes.
pub(super) async fn ledger(reader: &AnyPool) -> StoreResult<StoredLedger> {
    let rows = sqlx::query(
        "SELECT seq, kind, project, amount, entry, prev_hash, hash FROM ledger_entry ORDER BY seq",
    )
    .fetch_all(reader)
    .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut e: LedgerEntry = serde_json::from_str(&row.try_get::<String, _>("entry")?)?;
        e.seq = u64::try_from(row.try_get::<i64, _>("seq")?).unwrap_or(0);
        e.kind = EntryKind::parse(&row.try_get::<String, _>("kind")?)
            .ok_or_else(|| internal("unknown ledger entry kind"))?;
        e.project = row.try_get("project")?;
        e.amount = Money(row.try_get("amount")?);
        e.prev_hash = row.try_get("prev_hash")?;
        e.hash = row.try_get("hash")?;
        entries.push(e);
    }
    let head = sqlx::query_as::<_, (i64, String)>("SELECT seq, hash FROM ledger_head WHERE id = 1")
        .fetch_optional(reader)
        .await?
        .map(|(s, h)| (u64::try_from(s).unwrap_or(0), h));
    let checkpoints = sqlx::query(
        "SELECT seq, head, signed_at, public_key, signature FROM ledger_checkpoint ORDER BY seq",
    )
    .fetch_all(reader)
    .await?
    .iter()
    .map(|row| {
        Ok(Checkpoint {
            seq: u64::try_from(row.try_get::<i64, _>("seq")?).unwrap_or(0),
            head: row.try_get("head")?,
            signed_at: parse_timestamp(&row.try_get::<String, _>("signed_at")?)?,
            public_key: row.try_get("public_key")?,
            signature: row.try_get("signature")?,
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    Ok(StoredLedger {
        entries,
        head,
        checkpoints,
    })
}
