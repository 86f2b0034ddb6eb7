//! What is PostgreSQL's own: its migrations, and running a write job atomically when several
//! server processes write to one database.
//!
//! Each job runs in a transaction of its own. The jobs are the same check-then-write SQL that
//! SQLite runs under its single writer; `SERIALIZABLE` isolation gives them the same meaning
//! here: when two processes' transactions would have seen each other's writes (two
//! approvals of one spending, two edits of one listing), PostgreSQL aborts one with a
//! serialization failure and it is run again from the start, so it sees the other's commit.
//! The visitors' jobs (bookings, orders, pledges and their look-ups) declare `READ COMMITTED`
//! instead ([`Isolation`]): each of their checks is one conditional statement or a unique key,
//! and a collision (the same night, the same idempotency key) fails the statement and runs the
//! job again just the same. Nothing a process keeps in memory is needed by another.
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgConnectOptions;
use sqlx::AnyPool;
use sqlx::{ConnectOptions, Connection};

use super::sql::{Isolation, Job, SqlStore, Writer};
use super::{StoreError, StoreResult};

/// The migrations, compiled in. Version N has the meaning of SQLite's version N.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        6,
        "the schema of SQLite's migrations 1 to 6",
        include_str!("../../migrations/postgres/0006_init.sql"),
    ),
    (
        7,
        "the stored first answers keep no HTTP status",
        include_str!("../../migrations/postgres/0007_idempotency_status.sql"),
    ),
    (
        8,
        "session series and cancelled sessions, closed nights, retired listings",
        include_str!("../../migrations/postgres/0008_schedules.sql"),
    ),
    (
        9,
        "bookings searchable by the visitor's name and phone",
        include_str!("../../migrations/postgres/0009_booking_search.sql"),
    ),
    (
        10,
        "the notification outbox",
        include_str!("../../migrations/postgres/0010_outbox.sql"),
    ),
];

/// How often a job is run again after serialization failures before the client is told to
/// retry later.
const MAX_ATTEMPTS: u32 = 40;

/// serialization_failure, deadlock_detected, and unique_violation (two transactions that
/// both checked a key was free, then inserted it).
pub fn must_retry(code: &str) -> bool {
    matches!(code, "40001" | "40P01" | "23505")
}

/// Connects to `url` (`postgres://…`) and migrates the database. Several processes may do
/// this at once: sqlx's migrator holds an advisory lock while it migrates.
pub async fn open(url: &str) -> anyhow::Result<SqlStore> {
    let options =
        PgConnectOptions::from_str(url).with_context(|| format!("bad database URL {url:?}"))?;
    let mut conn = options
        .connect()
        .await
        .with_context(|| format!("connecting to {}", redacted(url)))?;
    let migrator = Migrator::new(super::Embedded(MIGRATIONS))
        .await
        .context("loading migrations")?;
    let result = migrator.run(&mut conn).await;
    super::explain_migration(result, MIGRATIONS.last().map_or(0, |m| m.0 as usize))?;
    conn.close().await?;
    let pool = AnyPoolOptions::new()
        .max_connections(16)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .with_context(|| format!("connecting to {}", redacted(url)))?;
    Ok(SqlStore::new(pool.clone(), Writer::Postgres(pool)))
}

/// Runs `job` in a serializable transaction, again while another transaction gets in its way.
pub async fn write<J: Job>(pool: &AnyPool, job: J) -> StoreResult<J::Output> {
    let mut backoff = Duration::from_millis(2);
    for _ in 0..MAX_ATTEMPTS {
        match attempt(pool, job.clone()).await {
            Err(StoreError::Retry) => {
                tokio::time::sleep(jitter(backoff)).await;
                backoff = (backoff * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
    Err(StoreError::Busy)
}

async fn attempt<J: Job>(pool: &AnyPool, job: J) -> StoreResult<J::Output> {
    let mut conn = pool.acquire().await?;
    let begin = match J::ISOLATION {
        Isolation::Serializable => "BEGIN ISOLATION LEVEL SERIALIZABLE",
        Isolation::ReadCommitted => "BEGIN ISOLATION LEVEL READ COMMITTED",
    };
    let mut tx = conn.begin_with(begin).await?;
    let output = job.run(&mut tx).await?;
    tx.commit().await?;
    Ok(output)
}

/// Between half and all of `d`, so that retrying processes do not meet again.
fn jitter(d: Duration) -> Duration {
    let mut byte = [0u8; 1];
    let _ = getrandom::getrandom(&mut byte);
    d / 2 + d * u32::from(byte[0]) / 512
}

/// Where `url` points, without its password, for messages.
fn redacted(url: &str) -> String {
    match PgConnectOptions::from_str(url) {
        Ok(o) => format!(
            "PostgreSQL at {}:{} (database {})",
            o.get_host(),
            o.get_port(),
            o.get_database().unwrap_or("default")
        ),
        Err(_) => "PostgreSQL".to_owned(),
    }
}
