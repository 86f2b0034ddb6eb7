//! The real server binary, on the backend the suite runs on: killed mid-stream of bookings,
//! orders, pledge confirmations and spendings it loses no acknowledged write; SIGTERM stops it
//! cleanly.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use model::LedgerEntry;
use serde_json::{json, Value};

use crate::helpers::*;

/// What the server answered 201 or 200 to before it was killed.
#[derive(Default)]
struct Acknowledged {
    bookings: Vec<(String, String)>,
    orders: Vec<(String, String)>,
    /// Hashes of the ledger entries of confirmed pledges and recorded spendings.
    entries: Vec<String>,
    spendings: Vec<u64>,
}

/// A write in a stream: its JSON, or None once the server is gone. Any other answer before
/// the kill fails the test rather than being skipped.
async fn acknowledged(
    sent: reqwest::Result<reqwest::Response>,
    killed: &AtomicBool,
    what: &str,
) -> Option<Value> {
    let res = match sent {
        Ok(res) => res,
        Err(_) if killed.load(Ordering::SeqCst) => return None,
        Err(e) => panic!("{what}: request failed before the kill: {e}"),
    };
    let status = res.status().as_u16();
    let body = res.text().await;
    if killed.load(Ordering::SeqCst) && (status >= 500 || body.is_err()) {
        return None;
    }
    let body = body.unwrap_or_default();
    assert!(
        status == 200 || status == 201,
        "{what}: {status} before the kill: {body}"
    );
    serde_json::from_str(&body).ok()
}

fn post(client: &reqwest::Client, url: String, body: &Value) -> reqwest::RequestBuilder {
    client
        .post(url)
        .header("Idempotency-Key", unique_key())
        .json(body)
}

fn booking_stream(
    address: String,
    killed: Arc<AtomicBool>,
    acked: Arc<Mutex<Acknowledged>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        for _ in 0..500 {
            let body = session_booking(SESSION_STREAM, 1);
            let sent = post(&client, format!("{address}/api/v1/bookings"), &body)
                .send()
                .await;
            let Some(b) = acknowledged(sent, &killed, "booking").await else {
                return;
            };
            let ticket = (b["reference"].as_str().unwrap(), b["pin"].as_str().unwrap());
            let mut acked = acked.lock().unwrap();
            acked.bookings.push((ticket.0.into(), ticket.1.into()));
        }
    })
}

/// One order of one unit at a time, fewer than the stock.
fn order_stream(
    address: String,
    killed: Arc<AtomicBool>,
    acked: Arc<Mutex<Acknowledged>>,
    orders: usize,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        for _ in 0..orders {
            let sent = post(
                &client,
                format!("{address}/api/v1/orders"),
                &order(&[(SKU, 1)]),
            )
            .send()
            .await;
            let Some(o) = acknowledged(sent, &killed, "order").await else {
                return;
            };
            let ticket = (o["reference"].as_str().unwrap(), o["pin"].as_str().unwrap());
            acked
                .lock()
                .unwrap()
                .orders
                .push((ticket.0.into(), ticket.1.into()));
        }
    })
}

/// The village's finance confirms the pledges one by one, recording a spending after each.
fn finance_stream(
    address: String,
    cookie: String,
    pledges: Vec<String>,
    killed: Arc<AtomicBool>,
    acked: Arc<Mutex<Acknowledged>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        let confirm = json!({ "channel": "bank transfer", "date": today(), "note": "" });
        let spending = json!({ "project": PROJECT, "amount": 100, "payee": "Wenxian tile works",
                               "purpose": "Roof tiles", "date": today(), "receipt_sha256": "a".repeat(64) });
        for reference in pledges {
            let url = format!("{address}/api/v1/ops/pledges/{reference}/confirm");
            let sent = post(&client, url, &confirm)
                .header("Cookie", &cookie)
                .send()
                .await;
            let Some(entry) = acknowledged(sent, &killed, "pledge confirmation").await else {
                return;
            };
            let hash = entry["hash"].as_str().unwrap().to_owned();
            acked.lock().unwrap().entries.push(hash);
            let url = format!("{address}/api/v1/ops/spendings");
            let sent = post(&client, url, &spending)
                .header("Cookie", &cookie)
                .send()
                .await;
            let Some(s) = acknowledged(sent, &killed, "spending").await else {
                return;
            };
            acked
                .lock()
                .unwrap()
                .spendings
                .push(s["id"].as_u64().unwrap());
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_acknowledged_before_a_kill_survives_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture_data(dir.path());
    write_dist(dir.path());
    let (url, _database) = test_database(dir.path()).await;
    let mut server = start_process(dir.path(), &url).await;
    let app = server.app(&url);
    app.add_operator("finance", "finance", &[]).await;
    let finance = app.login("finance").await;
    let mut pledges = Vec::new();
    for _ in 0..40 {
        pledges.push(
            app.pledge(1_000).await["reference"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let stock_before = app.stock(SKU).await;

    let killed = Arc::new(AtomicBool::new(false));
    let acked: Arc<Mutex<Acknowledged>> = Arc::default();
    let mut streams: Vec<_> = (0..6)
        .map(|_| booking_stream(server.address.clone(), killed.clone(), acked.clone()))
        .collect();
    streams.push(order_stream(
        server.address.clone(),
        killed.clone(),
        acked.clone(),
        stock_before as usize - 2,
    ));
    streams.push(finance_stream(
        server.address.clone(),
        finance.cookie.clone(),
        pledges,
        killed.clone(),
        acked.clone(),
    ));
    tokio::time::timeout(Duration::from_secs(90), async {
        loop {
            {
                let a = acked.lock().unwrap();
                if a.bookings.len() >= 60 && a.orders.len() >= 5 && a.spendings.len() >= 5 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the streams did not get going");
    killed.store(true, Ordering::SeqCst);
    server.kill().await;
    for stream in streams {
        stream.await.expect("a stream failed before the kill");
    }
    let acked = std::mem::take(&mut *acked.lock().unwrap());

    let mut restarted = start_process(dir.path(), &url).await;
    let after = restarted.app(&url);
    for (reference, pin) in &acked.bookings {
        let res = after
            .get_ticket(&format!("/api/v1/bookings/{reference}"), pin)
            .await;
        assert_eq!(
            res.status(),
            200,
            "acknowledged booking {reference} is lost"
        );
    }
    for (reference, pin) in &acked.orders {
        let res = after
            .get_ticket(&format!("/api/v1/orders/{reference}"), pin)
            .await;
        assert_eq!(res.status(), 200, "acknowledged order {reference} is lost");
    }
    assert!(
        after.booked(SESSION_STREAM).await >= acked.bookings.len() as u64,
        "places of acknowledged bookings are held"
    );
    // At most the one order in flight at the kill was written without its answer.
    let sold = stock_before - after.stock(SKU).await;
    let units = acked.orders.len() as u64;
    assert!(
        sold == units || sold == units + 1,
        "stock: {sold} sold, {units} acknowledged"
    );
    let ledger = after.get_json("/api/v1/ledger").await;
    assert_eq!(
        ledger["verified"], true,
        "the ledger verifies after the kill"
    );
    let entries: Vec<LedgerEntry> = serde_json::from_value(ledger["entries"].clone()).unwrap();
    assert_eq!(
        ledger["head"].as_str(),
        entries.last().map(|e| e.hash.as_str()),
        "the head is on the last entry"
    );
    for hash in &acked.entries {
        assert!(
            entries.iter().any(|e| &e.hash == hash),
            "entry {hash} is lost"
        );
    }
    for id in &acked.spendings {
        assert!(
            entries.iter().any(|e| e.spending == Some(*id)),
            "spending {id} is lost"
        );
    }
    restarted.kill().await;
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture_data(dir.path());
    write_dist(dir.path());
    let (url, _database) = test_database(dir.path()).await;
    let mut server = start_process(dir.path(), &url).await;
    let res = reqwest::get(format!("{}/healthz", server.address))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let pid = server.child.id().unwrap() as libc::pid_t;
    // SAFETY: kill(2) with a pid this test spawned and still owns (not yet reaped).
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = tokio::time::timeout(Duration::from_secs(15), server.child.wait())
        .await
        .expect("the server did not stop after SIGTERM")
        .unwrap();
    assert!(status.success(), "exit status {status}");
}
