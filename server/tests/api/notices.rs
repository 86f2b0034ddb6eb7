//! Notices reach a group robot: one message per event, in the recipients' language, in order
//! per booking, through a receiver that fails for a while, and after the server is killed
//! between a booking and its delivery. The receiver is a local HTTP server the test starts.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Json;
use model::booking::Booking;
use model::SiteMode;
use serde_json::{json, Value};
use server::notify::{Format, Settings, Webhook};

use crate::helpers::*;

/// What the receiver was sent: each accepted message's id and text.
#[derive(Default)]
struct Received {
    accepted: Vec<(i64, String)>,
    /// Requests still to refuse with 500 before accepting.
    refuse: u32,
    refused: u32,
}

type Shared = Arc<Mutex<Received>>;

async fn hook(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let mut r = shared.lock().unwrap();
    if r.refuse > 0 {
        r.refuse -= 1;
        r.refused += 1;
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "errcode": -1 })),
        );
    }
    let id = headers["x-portal-notice-id"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let text = body["text"]["content"].as_str().unwrap().to_owned();
    r.accepted.push((id, text));
    (
        StatusCode::OK,
        Json(json!({ "errcode": 0, "errmsg": "ok" })),
    )
}

/// A receiver on `port` (0: any free one); answers the port and what it is sent.
async fn receiver(port: u16, refuse: u32) -> (u16, Shared, tokio::task::JoinHandle<()>) {
    let shared: Shared = Arc::new(Mutex::new(Received {
        refuse,
        ..Default::default()
    }));
    let app = axum::Router::new()
        .route("/hook", post(hook))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (port, shared, task)
}

fn settings(port: u16) -> Settings {
    Settings {
        webhook: Some(Webhook {
            url: format!("http://127.0.0.1:{port}/hook"),
            format: Format::GroupRobot,
            lang: model::Lang::Zh,
        }),
        mail: None,
        site: Some("https://cjg.example".into()),
        retry_after: Some(Duration::from_millis(50)),
    }
}

/// Waits until the receiver has accepted `n` messages, then a little more, so that a
/// duplicate would show.
async fn accepted(shared: &Shared, n: usize) -> Vec<(i64, String)> {
    for _ in 0..200 {
        if shared.lock().unwrap().accepted.len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    shared.lock().unwrap().accepted.clone()
}

async fn book_and_cancel(app: &TestApp) -> Booking {
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 2),
        )
        .await;
    assert_eq!(res.status(), 201);
    let booking: Booking = res.json().await.unwrap();
    let pin = booking.pin.clone().unwrap();
    let path = format!("/api/v1/bookings/{}/cancel", booking.reference);
    let res = app
        .post(&path, &unique_key(), &json!({ "pin": pin.as_str() }))
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    booking
}

async fn app_notifying(port: u16) -> TestApp {
    spawn_app_notifying(
        SiteMode::Api,
        unlimited(),
        fixture_collections(),
        settings(port),
    )
    .await
}

#[tokio::test]
async fn a_booking_and_its_cancellation_reach_the_group_once_each_in_order() {
    let (port, shared, _receiver) = receiver(0, 0).await;
    let app = app_notifying(port).await;
    let booking = book_and_cancel(&app).await;
    let got = accepted(&shared, 2).await;
    assert_eq!(got.len(), 2, "{got:?}");
    let reference = booking.reference.to_string();
    assert!(got[0].1.starts_with("新预订："), "{}", got[0].1);
    assert!(
        got[0].1.contains("2人") && got[0].1.contains(&reference),
        "{}",
        got[0].1
    );
    assert!(
        got[0].1.ends_with("\nhttps://cjg.example/ops"),
        "{}",
        got[0].1
    );
    assert!(got[1].1.starts_with("预订已取消："), "{}", got[1].1);
    assert!(got[0].0 < got[1].0, "ids in order: {got:?}");
    // Nothing is left to send, and nothing is listed as failing.
    let store = server::store::open(&app.database_url, server::store::Synchronous::Full)
        .await
        .unwrap();
    assert!(store.failing_notices(1).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_receiver_failing_for_a_while_still_gets_every_notice_once_in_order() {
    let (port, shared, _receiver) = receiver(0, 3).await;
    let app = app_notifying(port).await;
    let booking = book_and_cancel(&app).await;
    let got = accepted(&shared, 2).await;
    assert_eq!(shared.lock().unwrap().refused, 3);
    let texts: Vec<&str> = got
        .iter()
        .map(|(_, t)| t.split('：').next().unwrap())
        .collect();
    assert_eq!(texts, ["新预订", "预订已取消"], "{got:?}");
    assert!(got
        .iter()
        .all(|(_, t)| t.contains(&booking.reference.to_string())));
}

#[tokio::test]
async fn a_notice_kept_when_the_server_is_killed_before_delivery_is_sent_after_restart() {
    let root = tempfile::tempdir().unwrap();
    write_fixture_data(root.path());
    write_dist(root.path());
    let (database_url, _database) = test_database(root.path()).await;
    // Nobody listens on the port yet: the first server cannot deliver.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/hook");
    let flags = ["--notify-webhook", url.as_str(), "--notify-retry-ms", "100"];
    let mut first = start_process_with(root.path(), &database_url, &flags).await;
    let app = first.app(&database_url);
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 1),
        )
        .await;
    assert_eq!(res.status(), 201);
    let booking: Booking = res.json().await.unwrap();
    first.kill().await;
    let (_, shared, _receiver) = receiver(port, 0).await;
    let _second = start_process_with(root.path(), &database_url, &flags).await;
    let got = accepted(&shared, 1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].1.contains(&booking.reference.to_string()),
        "{}",
        got[0].1
    );
}

/// Reads the event stream until `want` shows in it, or `within` passes; what was read.
async fn read_stream(res: reqwest::Response, want: &str, within: Duration) -> String {
    use futures::StreamExt;
    let mut body = res.bytes_stream();
    let mut seen = String::new();
    let _ = tokio::time::timeout(within, async {
        while let Some(Ok(chunk)) = body.next().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains(want) {
                return;
            }
        }
    })
    .await;
    seen
}

#[tokio::test]
async fn a_hosts_live_stream_tells_of_a_request_for_their_school_and_of_no_other() {
    let app = spawn_app().await;
    app.add_operator("live.host", "host", &[&format!("schools/{SCHOOL}")])
        .await;
    app.add_operator("live.other", "host", &[&format!("lodgings/{LODGING}")])
        .await;
    let host = app.login("live.host").await;
    let other = app.login("live.other").await;
    assert_eq!(
        app.ops(None, "GET", "/api/v1/ops/live", None)
            .await
            .status(),
        401
    );
    let stream = app.ops(Some(&host), "GET", "/api/v1/ops/live", None).await;
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let others = app.ops(Some(&other), "GET", "/api/v1/ops/live", None).await;
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 1),
        )
        .await;
    let booking: Booking = res.json().await.unwrap();
    let reference = booking.reference.to_string();
    let seen = read_stream(stream, &reference, Duration::from_secs(3)).await;
    assert!(seen.contains("event: notice"), "{seen}");
    assert!(
        seen.contains(&format!(r#""reference":"{reference}""#)),
        "{seen}"
    );
    assert!(seen.contains(r#""event":"booking_requested""#), "{seen}");
    let not_theirs = read_stream(others, &reference, Duration::from_millis(1500)).await;
    assert!(!not_theirs.contains(&reference), "{not_theirs}");
}

#[tokio::test]
async fn notices_that_keep_failing_are_listed_for_the_admin_only() {
    // A receiver that refuses everything.
    let (port, shared, _receiver) = receiver(0, u32::MAX).await;
    let app = app_notifying(port).await;
    app.add_operator("notice.admin", "admin", &[]).await;
    app.add_operator("notice.host", "host", &[&format!("schools/{SCHOOL}")])
        .await;
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 1),
        )
        .await;
    let booking: Booking = res.json().await.unwrap();
    for _ in 0..100 {
        if shared.lock().unwrap().refused >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let admin = app.login("notice.admin").await;
    let failing = app
        .ops_ok(&admin, "GET", "/api/v1/ops/notices/failing", None)
        .await;
    let first = &failing.as_array().unwrap()[0];
    assert_eq!(first["notice"]["reference"], booking.reference.to_string());
    assert!(first["attempts"].as_u64().unwrap() >= 3, "{first}");
    assert!(
        first["last_error"].as_str().unwrap().starts_with("500"),
        "{first}"
    );
    assert!(first["text"]["en"]
        .as_str()
        .unwrap()
        .starts_with("New booking request: "));
    let host = app.login("notice.host").await;
    let res = app
        .ops(Some(&host), "GET", "/api/v1/ops/notices/failing", None)
        .await;
    assert_eq!(res.status(), 403);
}

/// A local SMTP server that takes every message and keeps its envelope recipient and text.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<(String, String)>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mails = Arc::new(Mutex::new(Vec::new()));
    let kept = mails.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink\r\n").await.unwrap();
                let (mut to, mut data, mut in_data) = (String::new(), String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            kept.lock()
                                .unwrap()
                                .push((to.clone(), std::mem::take(&mut data)));
                            write.write_all(b"250 kept\r\n").await.unwrap();
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "RCPT" => {
                            to = line
                                .trim_start_matches("RCPT TO:")
                                .trim_matches(['<', '>', ' '])
                                .to_owned();
                            b"250 ok\r\n"
                        }
                        "DATA" => {
                            in_data = true;
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(answer).await.unwrap();
                }
            });
        }
    });
    (port, mails)
}

#[tokio::test]
async fn a_visitor_who_left_an_email_is_told_in_their_language_with_the_calendar_file() {
    let (port, mails) = smtp_sink().await;
    let settings = Settings {
        webhook: None,
        mail: Some(server::notify::mail::Smtp {
            host: "127.0.0.1".into(),
            port,
            tls: server::notify::mail::Tls::None,
            login: None,
            from: "陈家沟 <noreply@cjg.example>".into(),
        }),
        site: Some("https://cjg.example".into()),
        retry_after: Some(Duration::from_millis(50)),
    };
    let app =
        spawn_app_notifying(SiteMode::Api, unlimited(), fixture_collections(), settings).await;
    let mut request = session_booking(SESSION_OPEN, 2);
    request["contact"]["lang"] = json!("en");
    let res = app.post("/api/v1/bookings", &unique_key(), &request).await;
    assert_eq!(res.status(), 201);
    let booking: Booking = res.json().await.unwrap();
    let reference = booking.reference.to_string();
    let pin = booking.pin.clone().unwrap();
    let path = format!("/api/v1/bookings/{reference}/cancel");
    let res = app
        .post(&path, &unique_key(), &json!({ "pin": pin.as_str() }))
        .await;
    assert_eq!(res.status(), 200);
    for _ in 0..100 {
        if mails.lock().unwrap().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let mails = mails.lock().unwrap().clone();
    assert_eq!(mails.len(), 2, "one e-mail per change: {mails:?}");
    let (to, first) = &mails[0];
    assert_eq!(to, "li.wei@example.com");
    assert!(
        first.contains(&format!(
            "Subject: We have your booking request: {reference}"
        )),
        "{first}"
    );
    assert!(
        first.contains(&format!("https://cjg.example/trips/{reference}")),
        "{first}"
    );
    assert!(
        first.contains("text/calendar"),
        "the .ics is attached: {first}"
    );
    assert!(!first.contains(pin.as_str()), "the PIN is never sent");
    assert!(
        mails[1]
            .1
            .contains(&format!("Subject: Your booking is cancelled: {reference}")),
        "{}",
        mails[1].1
    );
    assert!(!mails[1].1.contains("text/calendar"));
}

#[tokio::test]
async fn a_host_moving_then_cancelling_a_session_tells_the_group_of_each_booking() {
    let (port, shared, _receiver) = receiver(0, 0).await;
    let app = app_notifying(port).await;
    app.add_operator("move.host", "host", &[&format!("schools/{SCHOOL}")])
        .await;
    let host = app.login("move.host").await;
    let booking = app.book_session(SESSION_OPEN, 1).await;
    let reference = booking["reference"].as_str().unwrap().to_owned();
    let to = days_from_today(45);
    let path = format!("/api/v1/ops/sessions/{SESSION_OPEN}/move");
    app.ops_ok(&host, "POST", &path, Some(&json!({ "start": to })))
        .await;
    let path = format!("/api/v1/ops/sessions/{SESSION_OPEN}/cancel");
    app.ops_ok(&host, "POST", &path, Some(&json!({ "reason": "雨季" })))
        .await;
    let got = accepted(&shared, 3).await;
    let mine: Vec<&str> = got
        .iter()
        .filter(|(_, t)| t.contains(&reference))
        .map(|(_, t)| t.split('：').next().unwrap())
        .collect();
    assert_eq!(mine, ["新预订", "预订已改期", "预订已取消"], "{got:?}");
    let moved = got
        .iter()
        .find(|(_, t)| t.starts_with("预订已改期"))
        .unwrap();
    assert!(
        moved.1.contains(&model::dates::date(to, model::Lang::Zh)),
        "{}",
        moved.1
    );
}
