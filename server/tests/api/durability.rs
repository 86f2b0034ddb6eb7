//! The real server binary: killed mid-stream it loses no acknowledged booking; SIGTERM stops it
//! cleanly.
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::*;

struct Server {
    child: Child,
    address: String,
}

/// Starts `server serve` on a free port and waits until it listens.
async fn start(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["serve", "--addr", "127.0.0.1:0", "--mode", "api"])
        // Every client here is 127.0.0.1.
        .args(["--limits-scale", "100000"])
        .arg("--database-url")
        .arg(format!("sqlite://{}", root.join("var/portal.db").display()))
        .arg("--dist")
        .arg(root.join("dist"))
        .arg("--data")
        .arg(root.join("data"))
        .env("RUST_LOG", "warn,server=info")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("cannot start the server binary");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some((_, rest)) = line.split_once("addr=") {
                if line.contains("listening") {
                    return rest.split_whitespace().next().unwrap().to_owned();
                }
            }
        }
        panic!("the server exited before listening")
    })
    .await
    .expect("the server did not start listening");
    // Keep reading, or the server would block on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Server {
        child,
        address: format!("http://{address}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_booking_acknowledged_before_a_kill_survives_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture_data(dir.path());
    write_dist(dir.path());
    let mut server = start(dir.path()).await;
    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let client = reqwest::Client::new();
    let streams: Vec<_> = (0..8)
        .map(|_| {
            let (client, url, acknowledged) = (
                client.clone(),
                format!("{}/api/v1/bookings", server.address),
                acknowledged.clone(),
            );
            tokio::spawn(async move {
                for _ in 0..500 {
                    let sent = client
                        .post(&url)
                        .header("Idempotency-Key", unique_key())
                        .json(&session_booking(SESSION_STREAM, 1))
                        .send()
                        .await;
                    let Ok(res) = sent else { return };
                    if res.status() != 201 {
                        continue;
                    }
                    let Ok(body) = res.json::<serde_json::Value>().await else {
                        return;
                    };
                    let (reference, pin) = (
                        body["reference"].as_str().unwrap(),
                        body["pin"].as_str().unwrap(),
                    );
                    acknowledged
                        .lock()
                        .unwrap()
                        .push((reference.to_owned(), pin.to_owned()));
                }
            })
        })
        .collect();
    tokio::time::timeout(Duration::from_secs(60), async {
        while acknowledged.lock().unwrap().len() < 60 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("no stream of bookings");
    server.child.start_kill().unwrap(); // SIGKILL, with requests in flight
    server.child.wait().await.unwrap();
    for stream in streams {
        stream.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();

    let mut restarted = start(dir.path()).await;
    for (reference, pin) in &acknowledged {
        let res = client
            .get(format!("{}/api/v1/bookings/{reference}", restarted.address))
            .header("X-Ticket-Pin", pin.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            200,
            "acknowledged booking {reference} is lost"
        );
    }
    let schools: serde_json::Value = client
        .get(format!("{}/api/v1/schools", restarted.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let booked = schools[0]["programs"][0]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == SESSION_STREAM)
        .unwrap()["booked"]
        .as_u64()
        .unwrap();
    assert!(
        booked >= acknowledged.len() as u64,
        "places of acknowledged bookings are held"
    );
    restarted.child.start_kill().unwrap();
    restarted.child.wait().await.unwrap();
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture_data(dir.path());
    write_dist(dir.path());
    let mut server = start(dir.path()).await;
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
