//! Keeping the data: `server backup` under write load and `server restore`, `server migrate`,
//! and a database from a newer server refused.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use sqlx::Connection;

use crate::helpers::*;

/// Runs the server binary with `args`; its exit status and standard error.
async fn run(args: &[&str]) -> (bool, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("RUST_LOG", "info")
        .output()
        .await
        .expect("run the server binary");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    (out.status.success(), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_write_load_restores_every_acknowledged_booking_and_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture_data(dir.path());
    write_dist(dir.path());
    let (url, _database) = test_database(dir.path()).await;
    let backup = dir.path().join("backups/portal-backup.db");
    let backup_arg = backup.display().to_string();
    if on_postgres() {
        let (ok, said) = run(&["backup", "--out", &backup_arg, "--database-url", &url]).await;
        assert!(!ok && said.contains("pg_dump"), "{said}");
        return;
    }
    let mut server = start_process(dir.path(), &url).await;
    let app = server.app(&url);
    app.add_operator("finance", "finance", &[]).await;
    let finance = app.login("finance").await;
    for _ in 0..3 {
        let pledge = app.pledge(5_000).await;
        let path = format!(
            "/api/v1/ops/pledges/{}/confirm",
            pledge["reference"].as_str().unwrap()
        );
        let confirm = json!({ "channel": "bank transfer", "date": today(), "note": "" });
        app.ops_ok(&finance, "POST", &path, Some(&confirm)).await;
    }
    let head = app.get_json("/api/v1/ledger").await["head"].clone();

    // Bookings keep coming while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let streams: Vec<_> = (0..4)
        .map(|_| {
            let (app, stop, acked) = (server.app(&url), stop.clone(), acked.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::SeqCst) {
                    let res = app
                        .post(
                            "/api/v1/bookings",
                            &unique_key(),
                            &session_booking(SESSION_STREAM, 1),
                        )
                        .await;
                    assert_eq!(res.status(), 201, "a booking during the backup");
                    let b: serde_json::Value = res.json().await.unwrap();
                    let ticket = (b["reference"].as_str().unwrap(), b["pin"].as_str().unwrap());
                    acked
                        .lock()
                        .unwrap()
                        .push((ticket.0.into(), ticket.1.into()));
                }
            })
        })
        .collect();
    while acked.lock().unwrap().len() < 40 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let before_backup = acked.lock().unwrap().clone();
    let (ok, said) = run(&["backup", "--out", &backup_arg, "--database-url", &url]).await;
    assert!(ok, "backup failed: {said}");
    let after_backup = acked.lock().unwrap().len();
    while acked.lock().unwrap().len() < after_backup + 20 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    stop.store(true, Ordering::SeqCst);
    for stream in streams {
        stream.await.unwrap();
    }
    server.kill().await;

    let (ok, said) = run(&["restore", "--from", &backup_arg, "--database-url", &url]).await;
    assert!(ok, "restore failed: {said}");
    let mut restored = start_process(dir.path(), &url).await;
    let app = restored.app(&url);
    for (reference, pin) in &before_backup {
        let res = app
            .get_ticket(&format!("/api/v1/bookings/{reference}"), pin)
            .await;
        assert_eq!(
            res.status(),
            200,
            "booking {reference} acknowledged before the backup"
        );
    }
    let ledger = app.get_json("/api/v1/ledger").await;
    assert_eq!(ledger["verified"], true, "the restored ledger verifies");
    assert_eq!(ledger["head"], head, "with the head it had");
    assert!(
        dir.path().join("var/portal.db.before-restore").is_file(),
        "the old file is kept"
    );
    restored.kill().await;
}

#[tokio::test]
async fn server_migrate_prepares_a_database_and_a_newer_one_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _database) = test_database(dir.path()).await;
    let (ok, said) = run(&["migrate", "--database-url", &url]).await;
    assert!(ok, "migrate failed: {said}");
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(applied >= 1, "migrations recorded");
    let listings: i64 = sqlx::query_scalar("SELECT count(*) FROM listing")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(listings, 0, "migrate does not seed");
    // A later server applied a migration this one does not know.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99, 'from the future', $1, $2, 0)",
    )
    .bind(true)
    .bind(vec![0u8; 48])
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let (ok, said) = run(&["migrate", "--database-url", &url]).await;
    assert!(!ok, "a newer database was accepted");
    assert!(
        said.contains("newer server") && said.contains("99"),
        "{said}"
    );
}
