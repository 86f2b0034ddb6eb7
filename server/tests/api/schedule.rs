//! A host's calendar: scheduling a series or one session, moving and cancelling sessions, and
//! what visitors see of it.
use serde_json::{json, Value};

use crate::helpers::*;

const HOST: &str = "chen.li";
const OTHER_HOST: &str = "wang.host";

async fn hosts(app: &TestApp) -> (OpsSession, OpsSession) {
    app.add_operator(HOST, "host", &[&format!("schools/{SCHOOL}")])
        .await;
    app.add_operator(OTHER_HOST, "host", &[]).await;
    (app.login(HOST).await, app.login(OTHER_HOST).await)
}

fn sessions_path() -> String {
    format!("/api/v1/ops/schools/{SCHOOL}/programs/{PROGRAM}/sessions")
}

/// The programme's sessions as a visitor sees them: (id, start) of each.
async fn offered(app: &TestApp) -> Vec<(String, String)> {
    let a = app
        .get_json(&format!(
            "/api/v1/schools/{SCHOOL}/programs/{PROGRAM}/sessions?party=1"
        ))
        .await;
    a["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["start"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn ticket(app: &TestApp, booking: &Value) -> Value {
    app.get_ticket_json(
        &format!(
            "/api/v1/bookings/{}",
            booking["reference"].as_str().unwrap()
        ),
        booking["pin"].as_str().unwrap(),
    )
    .await
}

#[tokio::test]
async fn a_host_schedules_a_weekly_series_and_a_visitor_books_its_third_date() {
    let app = spawn_app().await;
    let (host, other) = hosts(&app).await;
    let weekly = json!({ "first": days_from_today(3), "every_days": 7, "count": 4, "capacity": 6 });
    let made = app
        .ops_ok(&host, "POST", &sessions_path(), Some(&weekly))
        .await;
    let starts: Vec<&str> = made
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = [3, 10, 17, 24]
        .map(|d| days_from_today(d).to_string())
        .to_vec();
    assert_eq!(starts, expected);
    let third = made[2]["id"].as_str().unwrap().to_owned();
    let listed = offered(&app).await;
    for s in made.as_array().unwrap() {
        assert!(
            listed.iter().any(|(id, _)| id == s["id"].as_str().unwrap()),
            "{s} is offered to visitors"
        );
    }

    let booking = app.book_session(&third, 2).await;
    assert_eq!(booking["item"]["start"], days_from_today(17).to_string());
    assert_eq!(app.booked(&third).await, 2);

    // Another host cannot schedule on this school; nobody schedules in the past or empty.
    let res = app
        .ops(Some(&other), "POST", &sessions_path(), Some(&weekly))
        .await;
    error_of(res, 404, "not_found").await;
    let bad = json!({ "first": today(), "every_days": 0, "count": 0, "capacity": 0 });
    let res = app
        .ops(Some(&host), "POST", &sessions_path(), Some(&bad))
        .await;
    let body = error_of(res, 422, "invalid_fields").await;
    for field in ["first", "every_days", "count", "capacity"] {
        assert!(body.contains_key(field), "{field}: {body:?}");
    }
    assert_eq!(
        offered(&app).await,
        listed,
        "a refused request changes nothing"
    );
    app.stop().await;
}

#[tokio::test]
async fn one_session_is_scheduled_alone_and_an_endless_series_runs_to_the_horizon() {
    let app = spawn_app().await;
    let (host, _) = hosts(&app).await;
    let one = app
        .ops_ok(
            &host,
            "POST",
            &sessions_path(),
            Some(&json!({ "first": days_from_today(9), "capacity": 4 })),
        )
        .await;
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["capacity"], 4);
    let endless = app
        .ops_ok(
            &host,
            "POST",
            &sessions_path(),
            Some(&json!({ "first": days_from_today(1), "every_days": 14, "capacity": 8 })),
        )
        .await;
    let n = endless.as_array().unwrap().len();
    assert_eq!(n, 9, "every other week for 17 weeks: {endless}");
    app.stop().await;
}

#[tokio::test]
async fn moving_a_booked_session_moves_its_tickets_and_cancelling_it_refunds_them() {
    let app = spawn_app().await;
    let (host, other) = hosts(&app).await;
    let booking = app.book_session(SESSION_OPEN, 2).await;
    let before = app.booked(SESSION_OPEN).await;

    let to = days_from_today(45);
    let path = format!("/api/v1/ops/sessions/{SESSION_OPEN}/move");
    let res = app
        .ops(Some(&other), "POST", &path, Some(&json!({ "start": to })))
        .await;
    error_of(res, 404, "not_found").await;
    let res = app
        .ops(
            Some(&host),
            "POST",
            &path,
            Some(&json!({ "start": today() })),
        )
        .await;
    error_of(res, 422, "invalid_fields").await;
    let moved = app
        .ops_ok(&host, "POST", &path, Some(&json!({ "start": to })))
        .await;
    assert!(moved["bookings"].as_u64().unwrap() >= 1);
    let seen = ticket(&app, &booking).await;
    assert_eq!(seen["item"]["start"], to.to_string());
    assert_eq!(seen["status"], "requested");
    assert!(offered(&app)
        .await
        .contains(&(SESSION_OPEN.to_owned(), to.to_string())));

    let cancel = format!("/api/v1/ops/sessions/{SESSION_OPEN}/cancel");
    let res = app
        .ops(
            Some(&host),
            "POST",
            &cancel,
            Some(&json!({ "reason": "  " })),
        )
        .await;
    error_of(res, 422, "invalid_fields").await;
    let reason = "The master is away at a competition that week";
    let cancelled = app
        .ops_ok(&host, "POST", &cancel, Some(&json!({ "reason": reason })))
        .await;
    assert!(cancelled["bookings"].as_u64().unwrap() >= 1);
    let seen = ticket(&app, &booking).await;
    assert_eq!(seen["status"], "cancelled");
    assert_eq!(seen["refund"], seen["price"], "refunded in full");
    assert_eq!(seen["decline_reason"], reason);
    assert!(
        !offered(&app).await.iter().any(|(id, _)| id == SESSION_OPEN),
        "a cancelled session is not offered"
    );
    assert!(before >= 2);
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 1),
        )
        .await;
    assert_eq!(res.status(), 422, "a cancelled session cannot be booked");
    let res = app
        .ops(
            Some(&host),
            "POST",
            &cancel,
            Some(&json!({ "reason": reason })),
        )
        .await;
    error_of(res, 422, "invalid_fields").await;

    let actions = app.audit_actions(&host).await;
    assert!(
        actions.iter().any(|a| a == "session.move")
            && actions.iter().any(|a| a == "session.cancel")
    );
    app.stop().await;
}

const HOST_OF_LODGING: &str = "yam.host";

async fn lodging_host(app: &TestApp) -> OpsSession {
    app.add_operator(HOST_OF_LODGING, "host", &[&format!("lodgings/{LODGING}")])
        .await;
    app.login(HOST_OF_LODGING).await
}

fn closures() -> String {
    format!("/api/v1/ops/lodgings/{LODGING}/closures")
}

/// Whether the double room is free for every night from `from` days ahead for `nights`.
async fn double_free(app: &TestApp, from: i64, nights: i64) -> bool {
    let a = app
        .get_json(&format!(
            "/api/v1/lodgings/{LODGING}/availability?check_in={}&check_out={}&guests=2",
            days_from_today(from),
            days_from_today(from + nights)
        ))
        .await;
    a["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["room"] == ROOM)
        .unwrap()["free"]
        .as_bool()
        .unwrap()
}

#[tokio::test]
async fn a_closed_night_cannot_be_booked_and_opens_again() {
    let app = spawn_app().await;
    let host = lodging_host(&app).await;
    let (_, other) = hosts(&app).await;
    let close =
        json!({ "from": days_from_today(5), "to": days_from_today(8), "reason": "Family wedding" });
    let res = app
        .ops(Some(&other), "POST", &closures(), Some(&close))
        .await;
    error_of(res, 404, "not_found").await;
    let bad = json!({ "from": days_from_today(-1), "to": days_from_today(-3), "reason": " " });
    let res = app.ops(Some(&host), "POST", &closures(), Some(&bad)).await;
    let body = error_of(res, 422, "invalid_fields").await;
    for field in ["from", "to", "reason"] {
        assert!(body.contains_key(field), "{field}: {body:?}");
    }

    let done = app.ops_ok(&host, "POST", &closures(), Some(&close)).await;
    assert_eq!(done["nights"], 6, "three nights of both rooms");
    assert!(!double_free(&app, 6, 1).await);
    assert!(
        double_free(&app, 8, 2).await,
        "the night of the 'to' date stays open"
    );
    let res = app
        .post("/api/v1/bookings", &unique_key(), &room_booking(4, 2, 2))
        .await;
    error_of(res, 409, "room_taken").await;

    let again = app.ops_ok(&host, "POST", &closures(), Some(&close)).await;
    assert_eq!(again["nights"], 0, "closing twice closes nothing more");
    let reopen = json!({ "from": days_from_today(5), "to": days_from_today(8), "room": ROOM });
    let opened = app
        .ops_ok(
            &host,
            "POST",
            &format!("{}/reopen", closures()),
            Some(&reopen),
        )
        .await;
    assert_eq!(opened["nights"], 3, "the double room only");
    let res = app
        .post("/api/v1/bookings", &unique_key(), &room_booking(4, 2, 2))
        .await;
    assert_eq!(res.status(), 201, "open again");
    app.stop().await;
}

#[tokio::test]
async fn nights_a_booking_holds_are_not_closed_and_nothing_else_is_either() {
    let app = spawn_app().await;
    let host = lodging_host(&app).await;
    let booking = app
        .post("/api/v1/bookings", &unique_key(), &room_booking(20, 2, 2))
        .await;
    assert_eq!(booking.status(), 201);
    let close = json!({ "from": days_from_today(19), "to": days_from_today(24), "room": ROOM, "reason": "Repairs" });
    let res = app
        .ops(Some(&host), "POST", &closures(), Some(&close))
        .await;
    let errors = Value::Object(error_of(res, 409, "room_taken").await).to_string();
    for night in [20, 21] {
        let night = days_from_today(night).to_string();
        assert!(errors.contains(&night), "names {night}: {errors}");
    }
    assert!(
        !errors.contains(&days_from_today(19).to_string()),
        "{errors}"
    );
    assert!(double_free(&app, 19, 1).await, "nothing was closed");
    assert!(double_free(&app, 22, 2).await, "nothing was closed");
    app.stop().await;
}

#[tokio::test]
async fn closing_nights_while_visitors_book_them_never_gives_a_night_twice() {
    let app = spawn_app().await;
    let host = lodging_host(&app).await;
    let close = json!({ "from": days_from_today(30), "to": days_from_today(33), "room": ROOM, "reason": "Family visit" });
    let bookings = (0..8).map(|_| {
        let app = &app;
        async move {
            app.post("/api/v1/bookings", &unique_key(), &room_booking(31, 1, 2))
                .await
                .status()
                .as_u16()
        }
    });
    let path = closures();
    let closing = app.ops(Some(&host), "POST", &path, Some(&close));
    let (statuses, closed) = tokio::join!(futures::future::join_all(bookings), closing);
    let booked = statuses.iter().filter(|s| **s == 201).count();
    assert!(booked <= 1, "{statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
    match closed.status().as_u16() {
        200 => assert_eq!(booked, 0, "closed, so nobody booked: {statuses:?}"),
        409 => assert_eq!(booked, 1, "a booking got there first: {statuses:?}"),
        other => panic!("closing answered {other}"),
    }
    app.stop().await;
}

#[tokio::test]
async fn a_host_adds_a_programme_edits_it_and_retires_it_and_its_bookings_stay() {
    let app = spawn_app().await;
    let (host, other) = hosts(&app).await;
    let path = format!("/api/v1/ops/schools/{SCHOOL}/programs");
    let mut request = crate::dashboard::program_request();
    let res = app.ops(Some(&other), "POST", &path, Some(&request)).await;
    error_of(res, 404, "not_found").await;
    request["name"]["en"] = json!(" ");
    request["days"] = json!(0);
    let res = app.ops(Some(&host), "POST", &path, Some(&request)).await;
    let errors = error_of(res, 422, "invalid_fields").await;
    assert!(
        errors.contains_key("name.en") && errors.contains_key("days"),
        "{errors:?}"
    );

    let made = app
        .ops_ok(
            &host,
            "POST",
            &path,
            Some(&crate::dashboard::program_request()),
        )
        .await;
    let id = made["id"].as_str().unwrap().to_owned();
    assert_eq!(id, "three-day-intensive");
    let schedule =
        json!({ "first": days_from_today(6), "every_days": 7, "count": 3, "capacity": 10 });
    let dates = app
        .ops_ok(
            &host,
            "POST",
            &format!("{path}/{id}/sessions"),
            Some(&schedule),
        )
        .await;
    let first = dates[0]["id"].as_str().unwrap().to_owned();
    let booking = app.book_session(&first, 2).await;

    let mut edit = crate::dashboard::program_request();
    edit["price_per_person"] = json!(150_000);
    let edited = app
        .ops_ok(&host, "PUT", &format!("{path}/{id}"), Some(&edit))
        .await;
    assert_eq!(edited["price_per_person"], 150_000);
    let listed = app.get_json(&format!("/api/v1/schools/{SCHOOL}")).await;
    let program = listed["programs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id.as_str())
        .expect("the new programme is listed")
        .clone();
    assert_eq!(
        program["sessions"].as_array().unwrap().len(),
        3,
        "its dates stay"
    );

    let res = app
        .ops(Some(&host), "POST", &format!("{path}/{id}/retire"), None)
        .await;
    assert_eq!(res.status(), 204);
    let listed = app.get_json(&format!("/api/v1/schools/{SCHOOL}")).await;
    assert!(
        !listed["programs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == id.as_str()),
        "a retired programme is not shown"
    );
    let res = app
        .post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(&first, 1),
        )
        .await;
    assert_eq!(res.status(), 422, "nor booked");
    let kept = ticket(&app, &booking).await;
    assert_eq!(kept["status"], "requested", "its bookings stay");
    let res = app
        .ops(
            Some(&host),
            "POST",
            &format!("{path}/{id}/sessions"),
            Some(&schedule),
        )
        .await;
    error_of(res, 404, "not_found").await;
    app.stop().await;
}
