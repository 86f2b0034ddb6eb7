//! Many clients racing for the last places, nights and units: nothing is sold twice, with one
//! server or with two server processes on one database (on PostgreSQL, as behind a load
//! balancer; on SQLite, as two processes on one machine).
use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use crate::helpers::*;

/// Sends all requests at once; answers (status, body) in request order.
async fn race(
    app: &Arc<TestApp>,
    path: &'static str,
    bodies: Vec<(String, Value)>,
) -> Vec<(u16, Value)> {
    race_across(std::slice::from_ref(app), path, bodies).await
}

/// As [`race`], the requests dealt in turn to several servers on one database.
async fn race_across(
    apps: &[Arc<TestApp>],
    path: &'static str,
    bodies: Vec<(String, Value)>,
) -> Vec<(u16, Value)> {
    let barrier = Arc::new(tokio::sync::Barrier::new(bodies.len()));
    let tasks: Vec<_> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, (key, body))| {
            let app = apps[i % apps.len()].clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                let res = app.post(path, &key, &body).await;
                let status = res.status().as_u16();
                (status, res.json::<Value>().await.expect("JSON answer"))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("client panicked"));
    }
    answers
}

fn assert_only(answers: &[(u16, Value)], allowed: &[u16]) {
    for (status, body) in answers {
        assert!(allowed.contains(status), "unexpected {status}: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_clients_racing_for_the_last_places_sell_exactly_the_capacity() {
    let app = Arc::new(spawn_app().await);
    let capacity = 30;
    // Mixed party sizes, 150 persons asking for 30 places.
    let first: Vec<_> = (0..60u32)
        .map(|i| (unique_key(), session_booking(SESSION_RACE, i % 4 + 1)))
        .collect();
    let parties: Vec<u64> = first
        .iter()
        .map(|(_, b)| b["party"].as_u64().unwrap())
        .collect();
    let answers = race(&app, "/api/v1/bookings", first).await;
    assert_only(&answers, &[201, 409]);
    let mut sold: u64 = answers
        .iter()
        .zip(&parties)
        .filter(|((status, _), _)| *status == 201)
        .map(|(_, party)| party)
        .sum();
    assert!(sold <= capacity);
    assert!(
        capacity - sold < 4,
        "a refused party must have been too big for what was left"
    );
    // Then single persons take whatever is left.
    let singles: Vec<_> = (0..10)
        .map(|_| (unique_key(), session_booking(SESSION_RACE, 1)))
        .collect();
    let answers_2 = race(&app, "/api/v1/bookings", singles).await;
    assert_only(&answers_2, &[201, 409]);
    sold += answers_2.iter().filter(|(s, _)| *s == 201).count() as u64;
    assert_eq!(sold, capacity, "sold exactly the capacity");
    assert_eq!(
        app.booked(SESSION_RACE).await,
        capacity,
        "and the listing agrees"
    );
    // Every acknowledged booking is really there.
    for (_, body) in answers.iter().chain(&answers_2).filter(|(s, _)| *s == 201) {
        let res = app
            .get_ticket(
                &format!("/api/v1/bookings/{}", body["reference"].as_str().unwrap()),
                body["pin"].as_str().unwrap(),
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    Arc::into_inner(app).unwrap().stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_clients_racing_for_the_last_nights_sell_each_night_once() {
    let app = Arc::new(spawn_app().await);
    let window: i64 = 30;
    let start = 100;
    // Overlapping stays of 1–3 nights across a 30-night window.
    let first: Vec<_> = (0..60i64)
        .map(|i| {
            (
                unique_key(),
                room_booking(start + (i * 7) % (window - 2), 1 + i % 3, 2),
            )
        })
        .collect();
    let answers = race(&app, "/api/v1/bookings", first).await;
    assert_only(&answers, &[201, 409]);
    // Then two clients for every night of the window.
    let fill: Vec<_> = (0..window * 2)
        .map(|i| (unique_key(), room_booking(start + i / 2, 1, 1)))
        .collect();
    let answers_2 = race(&app, "/api/v1/bookings", fill).await;
    assert_only(&answers_2, &[201, 409]);
    let mut nights_sold: Vec<NaiveDate> = Vec::new();
    for (_, body) in answers.iter().chain(&answers_2).filter(|(s, _)| *s == 201) {
        let item = &body["item"];
        let check_in: NaiveDate = item["check_in"].as_str().unwrap().parse().unwrap();
        let check_out: NaiveDate = item["check_out"].as_str().unwrap().parse().unwrap();
        nights_sold.extend(check_in.iter_days().take_while(|d| *d < check_out));
    }
    let distinct: BTreeSet<_> = nights_sold.iter().copied().collect();
    assert_eq!(distinct.len(), nights_sold.len(), "no night was sold twice");
    assert_eq!(
        nights_sold.len() as i64,
        window,
        "every night of the window was sold once"
    );
    let a = app
        .get_json(&format!(
            "/api/v1/lodgings/{LODGING}/availability?check_in={}&check_out={}",
            days_from_today(start),
            days_from_today(start + window)
        ))
        .await;
    let double = a["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["room"] == ROOM)
        .unwrap();
    assert_eq!(
        double["taken_nights"].as_array().unwrap().len() as i64,
        window
    );
    Arc::into_inner(app).unwrap().stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_clients_racing_for_the_last_units_never_take_stock_below_zero() {
    let app = Arc::new(spawn_app().await);
    let stock = 25;
    let first: Vec<_> = (0..60u32)
        .map(|i| (unique_key(), order(&[(SKU, i % 3 + 1)])))
        .collect();
    let quantities: Vec<u64> = (0..60u64).map(|i| i % 3 + 1).collect();
    let answers = race(&app, "/api/v1/orders", first).await;
    assert_only(&answers, &[201, 409]);
    let mut sold: u64 = answers
        .iter()
        .zip(&quantities)
        .filter(|((s, _), _)| *s == 201)
        .map(|(_, q)| q)
        .sum();
    let singles: Vec<_> = (0..10)
        .map(|_| (unique_key(), order(&[(SKU, 1)])))
        .collect();
    let answers_2 = race(&app, "/api/v1/orders", singles).await;
    assert_only(&answers_2, &[201, 409]);
    sold += answers_2.iter().filter(|(s, _)| *s == 201).count() as u64;
    assert_eq!(sold, stock, "sold exactly the stock");
    assert_eq!(app.stock(SKU).await, 0);
    Arc::into_inner(app).unwrap().stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_retries_with_one_key_create_exactly_one_booking() {
    let app = Arc::new(spawn_app().await);
    let key = unique_key();
    let body = session_booking(SESSION_OPEN, 3);
    let answers = race(
        &app,
        "/api/v1/bookings",
        (0..30).map(|_| (key.clone(), body.clone())).collect(),
    )
    .await;
    assert_only(&answers, &[201]);
    let references: BTreeSet<_> = answers
        .iter()
        .map(|(_, b)| b["reference"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(references.len(), 1, "every retry got the first answer");
    assert_eq!(
        app.booked(SESSION_OPEN).await,
        5 + 3,
        "and the places were taken once"
    );
    Arc::into_inner(app).unwrap().stop().await;
}

/// Two `server serve` processes on one fresh database, and a client of each.
async fn two_processes() -> (
    tempfile::TempDir,
    Option<TestDatabase>,
    [ServerProcess; 2],
    [Arc<TestApp>; 2],
) {
    let dir = tempfile::tempdir().unwrap();
    write_fixture_data(dir.path());
    write_dist(dir.path());
    let (url, database) = test_database(dir.path()).await;
    // The first seeds and migrates; the second finds the database ready.
    let first = start_process(dir.path(), &url).await;
    let second = start_process(dir.path(), &url).await;
    let apps = [Arc::new(first.app(&url)), Arc::new(second.app(&url))];
    (dir, database, [first, second], apps)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_clients_split_between_two_processes_sell_each_place_night_and_unit_once() {
    let (_dir, _database, _servers, apps) = two_processes().await;
    // Places: 150 persons ask two processes for 30 places.
    let parties: Vec<u32> = (0..60).map(|i| i % 4 + 1).collect();
    let bodies = parties
        .iter()
        .map(|p| (unique_key(), session_booking(SESSION_RACE, *p)))
        .collect();
    let answers = race_across(&apps, "/api/v1/bookings", bodies).await;
    assert_only(&answers, &[201, 409]);
    let sold: u32 = answers
        .iter()
        .zip(&parties)
        .filter(|((s, _), _)| *s == 201)
        .map(|(_, p)| p)
        .sum();
    assert!(sold <= 30 && 30 - sold < 4, "{sold} of 30 places sold");
    tokio::time::sleep(std::time::Duration::from_millis(LISTING_MAX_AGE_MS + 50)).await;
    for app in &apps {
        assert_eq!(app.booked(SESSION_RACE).await, u64::from(sold));
    }
    // Nights: two clients for every night of a 20-night window.
    let bodies = (0..40)
        .map(|i| (unique_key(), room_booking(200 + i / 2, 1, 1)))
        .collect();
    let answers = race_across(&apps, "/api/v1/bookings", bodies).await;
    assert_only(&answers, &[201, 409]);
    let nights: Vec<String> = answers
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b["item"]["check_in"].as_str().unwrap().to_owned())
        .collect();
    let distinct: BTreeSet<_> = nights.iter().collect();
    assert_eq!(distinct.len(), nights.len(), "no night was sold twice");
    assert_eq!(nights.len(), 20, "every night was sold once");
    // Units: 120 units asked for, 25 in stock.
    let quantities: Vec<u64> = (0..60).map(|i| i % 3 + 1).collect();
    let bodies = quantities
        .iter()
        .map(|q| (unique_key(), order(&[(SKU, *q as u32)])))
        .collect();
    let answers = race_across(&apps, "/api/v1/orders", bodies).await;
    assert_only(&answers, &[201, 409]);
    let sold: u64 = answers
        .iter()
        .zip(&quantities)
        .filter(|((s, _), _)| *s == 201)
        .map(|(_, q)| q)
        .sum();
    assert!(sold <= 25 && 25 - sold < 3, "{sold} of 25 units sold");
    tokio::time::sleep(std::time::Duration::from_millis(LISTING_MAX_AGE_MS + 50)).await;
    for app in &apps {
        assert_eq!(app.stock(SKU).await, 25 - sold, "the stock agrees");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_that_reaches_the_other_process_gets_the_first_answer() {
    let (_dir, _database, _servers, apps) = two_processes().await;
    let key = unique_key();
    let body = session_booking(SESSION_OPEN, 2);
    let first = apps[0].post("/api/v1/bookings", &key, &body).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let retry = apps[1].post("/api/v1/bookings", &key, &body).await;
    assert_eq!(retry.status(), 201);
    let retry: Value = retry.json().await.unwrap();
    assert_eq!(retry["reference"], first["reference"]);
    assert_eq!(retry["pin"], first["pin"], "the same ticket, PIN included");
    // And 30 retries at once, across both, still book once.
    let key = unique_key();
    let answers = race_across(
        &apps,
        "/api/v1/bookings",
        (0..30).map(|_| (key.clone(), body.clone())).collect(),
    )
    .await;
    assert_only(&answers, &[201]);
    let references: BTreeSet<_> = answers
        .iter()
        .map(|(_, b)| b["reference"].to_string())
        .collect();
    assert_eq!(references.len(), 1, "every retry got the first answer");
    tokio::time::sleep(std::time::Duration::from_millis(LISTING_MAX_AGE_MS + 50)).await;
    assert_eq!(apps[1].booked(SESSION_OPEN).await, 5 + 2 + 2);
}
