//! A host's rooms: adding one that visitors can book at once, and changing one.
use serde_json::{json, Value};

use crate::helpers::*;

const HOST: &str = "yam.host";

fn family_room(nightly: i64) -> Value {
    json!({ "name": { "zh": "家庭房", "en": "Family room" },
            "beds": { "zh": "一张大床、两张单人床", "en": "1 double and 2 single beds" },
            "base_guests": 2, "max_guests": 4, "nightly": nightly, "extra_person": 4_000 })
}

fn rooms_path() -> String {
    format!("/api/v1/ops/lodgings/{LODGING}/rooms")
}

#[tokio::test]
async fn a_host_adds_a_room_a_visitor_books_it_at_its_price_and_an_edit_changes_new_bookings_only()
{
    let app = spawn_app().await;
    app.add_operator(HOST, "host", &[&format!("lodgings/{LODGING}")])
        .await;
    let host = app.login(HOST).await;
    let room = app
        .ops_ok(&host, "POST", &rooms_path(), Some(&family_room(26_000)))
        .await;
    let id = room["id"].as_str().unwrap().to_owned();
    assert_eq!(id, "family-room");
    let lodging = app.get_json(&format!("/api/v1/lodgings/{LODGING}")).await;
    assert!(lodging["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == id.as_str()));

    let mut stay = room_booking(20, 2, 3);
    stay["room"] = json!(id);
    let res = app.post("/api/v1/bookings", &unique_key(), &stay).await;
    assert_eq!(res.status(), 201);
    let booked: Value = res.json().await.unwrap();
    assert_eq!(
        booked["price"],
        2 * (26_000 + 4_000),
        "two nights, one extra guest"
    );

    let edited = app
        .ops_ok(
            &host,
            "PUT",
            &format!("{}/{id}", rooms_path()),
            Some(&family_room(30_000)),
        )
        .await;
    assert_eq!(edited["nightly"], 30_000);
    let ticket = app
        .get_ticket_json(
            &format!("/api/v1/bookings/{}", booked["reference"].as_str().unwrap()),
            booked["pin"].as_str().unwrap(),
        )
        .await;
    assert_eq!(ticket["price"], 60_000, "a booking keeps its price");
    // The room's nights are taken for the booking: the same nights are refused.
    let res = app.post("/api/v1/bookings", &unique_key(), &stay).await;
    assert_eq!(res.status(), 409);

    let actions = app.audit_actions(&host).await;
    assert!(
        actions.iter().any(|a| a == "room.create") && actions.iter().any(|a| a == "room.edit"),
        "{actions:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn only_the_host_adds_rooms_and_a_room_without_beds_or_guests_changes_nothing() {
    let app = spawn_app().await;
    app.add_operator(HOST, "host", &[&format!("lodgings/{LODGING}")])
        .await;
    app.add_operator("other.host", "host", &[]).await;
    app.add_operator("a.seller", "seller", &[&format!("lodgings/{LODGING}")])
        .await;
    let (host, other, seller) = (
        app.login(HOST).await,
        app.login("other.host").await,
        app.login("a.seller").await,
    );
    let before = app.get_json(&format!("/api/v1/lodgings/{LODGING}")).await;
    let body = family_room(26_000);
    error_of(
        app.ops(None, "POST", &rooms_path(), Some(&body)).await,
        401,
        "unauthorized",
    )
    .await;
    error_of(
        app.ops(Some(&other), "POST", &rooms_path(), Some(&body))
            .await,
        404,
        "not_found",
    )
    .await;
    error_of(
        app.ops(Some(&seller), "POST", &rooms_path(), Some(&body))
            .await,
        403,
        "forbidden",
    )
    .await;
    let nope = format!("{}/no-such-room", rooms_path());
    error_of(
        app.ops(Some(&host), "PUT", &nope, Some(&body)).await,
        404,
        "not_found",
    )
    .await;

    let bad = json!({ "name": { "zh": "空房", "en": "Empty" }, "beds": { "zh": "", "en": "" },
                      "base_guests": 0, "max_guests": 0, "nightly": 0, "extra_person": 0 });
    let errors = error_of(
        app.ops(Some(&host), "POST", &rooms_path(), Some(&bad))
            .await,
        422,
        "invalid_fields",
    )
    .await;
    for field in ["beds.zh", "beds.en", "max_guests", "base_guests", "nightly"] {
        assert!(errors.contains_key(field), "{field}: {errors:?}");
    }
    let same_name = before["rooms"][0].clone();
    let clash = json!({ "name": same_name["name"], "beds": same_name["beds"], "base_guests": 1,
                        "max_guests": 2, "nightly": 10_000, "extra_person": 0 });
    let errors = error_of(
        app.ops(Some(&host), "POST", &rooms_path(), Some(&clash))
            .await,
        422,
        "invalid_fields",
    )
    .await;
    assert!(errors.contains_key("name"), "{errors:?}");

    let after = app.get_json(&format!("/api/v1/lodgings/{LODGING}")).await;
    assert_eq!(after["rooms"], before["rooms"], "nothing changed");
    app.stop().await;
}
