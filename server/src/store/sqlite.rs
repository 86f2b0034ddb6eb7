//! What is SQLite's own: opening the file, its migrations, and the one writer.
//!
//! WAL mode; reads go through a small pool of read-only connections and see the last commit.
//! Writes go through one connection owned by a writer task: it takes the waiting write jobs,
//! runs them in one `BEGIN IMMEDIATE` transaction with a savepoint per job (a job that fails
//! leaves no trace), commits once, and only then answers each job. Every check-and-write of
//! places, nights and stock therefore runs under SQLite's write lock, and one fsync covers a
//! whole batch of bookings ("group commit"), which is what makes `synchronous=FULL` affordable.
//!
//! The jobs themselves are SQL that PostgreSQL reads the same way ([`super::sql`]).
use std::panic::AssertUnwindSafe;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::AnyConnection;
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{mpsc, oneshot};

use super::sql::{Job, SqlStore, Writer};
use super::{StoreError, StoreResult};

/// The migrations, compiled in so the binary runs from any directory.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "listings, bookings, orders, donations",
        include_str!("../../migrations/sqlite/0001_init.sql"),
    ),
    (
        2,
        "operators, audit log, donation ledger",
        include_str!("../../migrations/sqlite/0002_operators.sql"),
    ),
    (
        3,
        "PIN attempts, sealed idempotency answers, ledger ids",
        include_str!("../../migrations/sqlite/0003_tickets.sql"),
    ),
    (
        4,
        "bookings expire unconfirmed",
        include_str!("../../migrations/sqlite/0004_booking_expiry.sql"),
    ),
    (
        5,
        "signed ledger checkpoints, two-person corrections",
        include_str!("../../migrations/sqlite/0005_ledger_signatures.sql"),
    ),
    (
        6,
        "failed logins per user name, disabled operators",
        include_str!("../../migrations/sqlite/0006_login_attempts.sql"),
    ),
    (
        7,
        "the stored first answers keep no HTTP status",
        include_str!("../../migrations/sqlite/0007_idempotency_status.sql"),
    ),
    (
        8,
        "session series and cancelled sessions, closed nights, retired listings",
        include_str!("../../migrations/sqlite/0008_schedules.sql"),
    ),
    (
        9,
        "bookings searchable by the visitor's name and phone",
        include_str!("../../migrations/sqlite/0009_booking_search.sql"),
    ),
    (
        10,
        "the notification outbox",
        include_str!("../../migrations/sqlite/0010_outbox.sql"),
    ),
];

/// SQLITE_BUSY / SQLITE_LOCKED (and extended codes) after busy_timeout: retry later.
pub fn is_busy(code: &str) -> bool {
    matches!(code, "5" | "6" | "261" | "517" | "262")
}

/// Most write jobs committed together.
const MAX_BATCH: usize = 128;

/// The queue of the one writer connection.
#[derive(Clone, Debug)]
pub struct WriteQueue(mpsc::Sender<Box<dyn Pending>>);

impl std::fmt::Debug for dyn Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pending")
    }
}

impl WriteQueue {
    /// Runs `job` in the writer's next batch and answers once that batch is committed.
    pub async fn write<J: Job>(&self, job: J) -> StoreResult<J::Output> {
        let (reply, answer) = oneshot::channel();
        let pending = Box::new(PendingJob {
            job: Some(job),
            result: None,
            reply,
        });
        self.0
            .send(pending)
            .await
            .map_err(|_| anyhow::anyhow!("the database writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the database writer dropped a job"))?
    }

    pub fn is_closed(&self) -> bool {
        self.0.is_closed()
    }
}

/// Opens (creating if missing) and migrates the database at `url` (`sqlite://PATH`).
pub async fn open(url: &str, synchronous: super::Synchronous) -> anyhow::Result<SqlStore> {
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("bad database URL {url:?}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let path = options.get_filename().to_owned();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut first = options
        .connect()
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    migrate(&mut first).await?;
    first.close().await?;
    // The jobs speak sqlx's `Any`, so that PostgreSQL runs the same ones. sqlx opens each
    // connection with foreign keys on and a 5 s busy timeout; the WAL mode set above stays
    // with the file; `synchronous` is per connection, so the writer sets it.
    let file = path.display().to_string();
    let mut writer = AnyConnection::connect(&format!("sqlite://{file}?mode=rw"))
        .await
        .with_context(|| format!("opening {file}"))?;
    sqlx::raw_sql(&pragmas(synchronous))
        .execute(&mut writer)
        .await?;
    let reader = AnyPoolOptions::new()
        .max_connections(4)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect(&format!("sqlite://{file}?mode=ro"))
        .await
        .context("opening read connections")?;
    let (jobs, queue) = mpsc::channel(1024);
    tokio::spawn(run_writer(writer, queue));
    Ok(SqlStore::new(reader, Writer::Sqlite(WriteQueue(jobs))))
}

/// The writer's settings. FULL (the default): the WAL is fsynced at every commit, before any
/// 201 goes out, so an acknowledged booking survives a power cut as well as a killed process.
/// NORMAL would survive a killed process (the WAL sits in the OS cache) but may lose the last
/// commits on power loss. Group commit keeps FULL's cost to one fsync per batch; `make bench`
/// measures both.
fn pragmas(synchronous: super::Synchronous) -> String {
    let sync = match synchronous {
        super::Synchronous::Full => "FULL",
        super::Synchronous::Normal => "NORMAL",
    };
    format!("PRAGMA synchronous = {sync}")
}

/// Applies the migrations this binary knows; a database migrated by a newer server is refused
/// with a message that says so, before anything is written.
pub async fn migrate(conn: &mut sqlx::SqliteConnection) -> anyhow::Result<()> {
    let migrator = Migrator::new(super::Embedded(MIGRATIONS))
        .await
        .context("loading migrations")?;
    let result = migrator.run(conn).await;
    super::explain_migration(result, MIGRATIONS.len())
}

/// A job waiting for its turn, type-erased for the queue.
trait Pending: Send {
    /// Runs the job; true when it succeeded (its writes are kept).
    fn run<'c>(&'c mut self, conn: &'c mut AnyConnection) -> BoxFuture<'c, bool>;
    /// Answers the caller once the batch is committed (or failed to commit).
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

struct PendingJob<J: Job> {
    job: Option<J>,
    result: Option<StoreResult<J::Output>>,
    reply: oneshot::Sender<StoreResult<J::Output>>,
}

impl<J: Job> Pending for PendingJob<J> {
    fn run<'c>(&'c mut self, conn: &'c mut AnyConnection) -> BoxFuture<'c, bool> {
        Box::pin(async move {
            let Some(job) = self.job.take() else {
                return false;
            };
            // A bug in one job must not take the writer (and so every later write) down.
            let result = AssertUnwindSafe(job.run(conn))
                .catch_unwind()
                .await
                .unwrap_or_else(|_| {
                    Err(StoreError::Internal(anyhow::anyhow!(
                        "a write job panicked"
                    )))
                });
            let ok = result.is_ok();
            self.result = Some(result);
            ok
        })
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let answer = match (committed, self.result) {
            (_, Some(Err(e))) => Err(e),
            (Ok(()), Some(Ok(v))) => Ok(v),
            (Err(e), Some(Ok(_))) => {
                Err(StoreError::Internal(anyhow::anyhow!("commit failed: {e}")))
            }
            (_, None) => Err(StoreError::Internal(anyhow::anyhow!(
                "write job did not run: batch failed"
            ))),
        };
        let _ = self.reply.send(answer);
    }
}

async fn run_writer(mut conn: AnyConnection, mut queue: mpsc::Receiver<Box<dyn Pending>>) {
    let mut batch: Vec<Box<dyn Pending>> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = queue.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let outcome = run_batch(&mut conn, &mut batch).await;
        if let Err(e) = &outcome {
            tracing::error!(error = %e, jobs = batch.len(), "write batch failed");
        }
        for pending in batch.drain(..) {
            pending.finish(outcome.clone());
        }
    }
    if let Err(e) = conn.close().await {
        tracing::warn!(error = %e, "closing the database writer");
    }
}

async fn run_batch(conn: &mut AnyConnection, batch: &mut [Box<dyn Pending>]) -> Result<(), String> {
    let mut tx = conn
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(|e| e.to_string())?;
    for pending in batch.iter_mut() {
        sqlx::query("SAVEPOINT job")
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
        if !pending.run(&mut tx).await {
            sqlx::query("ROLLBACK TO job")
                .execute(&mut *tx)
                .await
                .map_err(|e| e.to_string())?;
        }
        sqlx::query("RELEASE job")
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())
}

/// The file of a `sqlite://PATH` URL.
fn file_of(url: &str) -> anyhow::Result<std::path::PathBuf> {
    let options =
        SqliteConnectOptions::from_str(url).with_context(|| format!("bad database URL {url:?}"))?;
    Ok(options.get_filename().to_owned())
}

/// `server backup`: a consistent copy of the live database in `out`, taken while the server
/// runs (`VACUUM INTO` reads one snapshot; writers go on meanwhile).
pub async fn backup(url: &str, out: &std::path::Path) -> anyhow::Result<()> {
    anyhow::ensure!(
        !out.exists(),
        "{} exists already: back up into a new file",
        out.display()
    );
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let file = file_of(url)?;
    anyhow::ensure!(file.is_file(), "no database at {}", file.display());
    let mut conn = SqliteConnectOptions::new()
        .filename(&file)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("opening {}", file.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(out.display().to_string())
        .execute(&mut conn)
        .await
        .with_context(|| format!("writing {}", out.display()))?;
    conn.close().await?;
    Ok(())
}

/// `server restore`: puts a backup in place of the database, which no server may be using.
/// The backup is checked first (SQLite's integrity check, and migrations this server knows),
/// and the old file is kept beside it as `PATH.before-restore`.
pub async fn restore(url: &str, from: &std::path::Path) -> anyhow::Result<()> {
    let file = file_of(url)?;
    let mut check = SqliteConnectOptions::new()
        .filename(from)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("opening the backup {}", from.display()))?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut check)
        .await?;
    anyhow::ensure!(verdict == "ok", "the backup is damaged: {verdict}");
    check.close().await?;
    let staged = file.with_extension("restoring");
    std::fs::copy(from, &staged).with_context(|| format!("copying to {}", staged.display()))?;
    let mut staged_conn = SqliteConnectOptions::new()
        .filename(&staged)
        .connect()
        .await?;
    migrate(&mut staged_conn).await?;
    staged_conn.close().await?;
    // The old database with its WAL, under a name SQLite pairs them by.
    let before = format!("{}.before-restore", file.display());
    for suffix in ["", "-wal", "-shm"] {
        let old = std::path::PathBuf::from(format!("{}{suffix}", file.display()));
        if old.exists() {
            std::fs::rename(&old, format!("{before}{suffix}"))?;
        }
    }
    std::fs::rename(&staged, &file)?;
    Ok(())
}
