//! The notification outbox: notices written beside the changes they tell of, and the
//! worker's claims, deliveries and failures.
use std::time::Duration;

use futures_util::future::BoxFuture;
use model::notice::Notice;
use sqlx::{AnyConnection, Row};

use super::{now, parse_timestamp, timestamp, to_json, Isolation, Job};
use crate::store::{PendingNotice, StoreResult};

/// The channel every notice goes to: the village's group robot or webhook.
pub const VILLAGE: &str = "village";
/// The channel of a notice's visitor copy: their e-mail.
pub const EMAIL: &str = "email";

/// Writes `notice` to the outbox, once for the village and once more for the visitor when
/// they left an e-mail, inside the caller's transaction: it is delivered exactly when the
/// change it tells of is kept.
pub(crate) async fn enqueue(conn: &mut AnyConnection, notice: &Notice) -> StoreResult<()> {
    let at = timestamp(now());
    let json = to_json(notice)?;
    let channels = [Some(VILLAGE), notice.visitor.as_ref().map(|_| EMAIL)];
    for channel in channels.into_iter().flatten() {
        sqlx::query(
            "INSERT INTO outbox (channel, event, reference, listing, notice, created_at, next_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(channel)
        .bind(notice.event.as_str())
        .bind(&notice.reference)
        .bind(&notice.listing)
        .bind(&json)
        .bind(&at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn pending(row: &sqlx::any::AnyRow) -> StoreResult<PendingNotice> {
    Ok(PendingNotice {
        id: row.try_get("id")?,
        channel: row.try_get("channel")?,
        notice: serde_json::from_str(&row.try_get::<String, _>("notice")?)?,
        created_at: parse_timestamp(&row.try_get::<String, _>("created_at")?)?,
        attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
        last_error: row.try_get("last_error")?,
    })
}

#[derive(Clone)]
pub(super) struct ClaimNotices {
    /// The channels this server can send on.
    pub channels: Vec<String>,
    pub limit: u32,
    pub lease: Duration,
}

impl Job for ClaimNotices {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = Vec<PendingNotice>;
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Self::Output>> {
        Box::pin(async move {
            let at = now();
            // Two channels at most: their names are bound, not written into the SQL.
            let (first, second) = match self.channels.as_slice() {
                [] => return Ok(Vec::new()),
                [one] => (one.clone(), one.clone()),
                [one, two, ..] => (one.clone(), two.clone()),
            };
            let rows = sqlx::query(
                "SELECT id, channel, notice, created_at, attempts, last_error, next_at FROM outbox o
                 WHERE delivered_at IS NULL AND next_at <= $1 AND channel IN ($3, $4)
                   AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.reference = o.reference AND e.channel = o.channel AND e.id < o.id AND e.delivered_at IS NULL)
                 ORDER BY id LIMIT $2",
            )
            .bind(timestamp(at))
            .bind(i64::from(self.limit))
            .bind(first)
            .bind(second)
            .fetch_all(&mut *conn)
            .await?;
            let until = timestamp(at + chrono::Duration::from_std(self.lease).unwrap_or_default());
            let mut claimed = Vec::with_capacity(rows.len());
            for row in rows {
                let id: i64 = row.try_get("id")?;
                let was: String = row.try_get("next_at")?;
                // Another server's worker may have claimed it since the read: then it is theirs.
                let taken = sqlx::query(
                    "UPDATE outbox SET next_at = $1 WHERE id = $2 AND next_at = $3 AND delivered_at IS NULL",
                )
                .bind(&until)
                .bind(id)
                .bind(was)
                .execute(&mut *conn)
                .await?;
                if taken.rows_affected() == 1 {
                    claimed.push(pending(&row)?);
                }
            }
            Ok(claimed)
        })
    }
}

#[derive(Clone)]
pub(super) struct NoticeDelivered(pub i64);

impl Job for NoticeDelivered {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = ();
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            sqlx::query("UPDATE outbox SET delivered_at = $1, last_error = NULL WHERE id = $2")
                .bind(timestamp(now()))
                .bind(self.0)
                .execute(&mut *conn)
                .await?;
            Ok(())
        })
    }
}

#[derive(Clone)]
pub(super) struct NoticeFailed {
    pub id: i64,
    pub error: String,
    pub retry_in: Duration,
}

impl Job for NoticeFailed {
    const ISOLATION: Isolation = Isolation::ReadCommitted;
    type Output = ();
    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let next = now() + chrono::Duration::from_std(self.retry_in).unwrap_or_default();
            // Errors are kept short: a receiver's whole error page is no use in a list.
            let error: String = self.error.chars().take(300).collect();
            sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, next_at = $1, last_error = $2 WHERE id = $3 AND delivered_at IS NULL",
            )
            .bind(timestamp(next))
            .bind(error)
            .bind(self.id)
            .execute(&mut *conn)
            .await?;
            Ok(())
        })
    }
}

pub(super) async fn failing(
    reader: &sqlx::AnyPool,
    attempts: u32,
) -> StoreResult<Vec<PendingNotice>> {
    let rows = sqlx::query(
        "SELECT id, channel, notice, created_at, attempts, last_error FROM outbox
         WHERE delivered_at IS NULL AND attempts >= $1 ORDER BY id LIMIT 100",
    )
    .bind(i64::from(attempts))
    .fetch_all(reader)
    .await?;
    rows.iter().map(pending).collect()
}

pub(super) async fn latest(reader: &sqlx::AnyPool) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COALESCE(MAX(id), 0) AS id FROM outbox")
        .fetch_one(reader)
        .await?;
    Ok(row.try_get("id")?)
}

pub(super) async fn after(
    reader: &sqlx::AnyPool,
    after: i64,
    limit: u32,
) -> StoreResult<Vec<(i64, Notice)>> {
    // The village's row of each notice: one event per change.
    let rows = sqlx::query(
        "SELECT id, notice FROM outbox WHERE id > $1 AND channel = 'village' ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(i64::from(limit))
    .fetch_all(reader)
    .await?;
    rows.iter()
        .map(|row| {
            let notice = serde_json::from_str(&row.try_get::<String, _>("notice")?)?;
            Ok((row.try_get("id")?, notice))
        })
        .collect()
}
