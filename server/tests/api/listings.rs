//! Listings by collection and by slug, and availability.
use model::availability::LodgingOffer;
use model::booking::{LodgingAvailability, ProgramAvailability};
use model::{Attraction, Batch, Event, Lodging, Product, Project, School};
use serde::de::DeserializeOwned;

use crate::helpers::*;

async fn typed<T: DeserializeOwned>(app: &TestApp, path: &str) -> T {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json()
        .await
        .unwrap_or_else(|e| panic!("{path} does not match the model: {e}"))
}

#[tokio::test]
async fn every_collection_is_served_in_the_shapes_of_the_snapshot() {
    let app = spawn_app().await;
    let seed = fixture_catalog();
    assert_eq!(
        typed::<Vec<School>>(&app, "/api/v1/schools").await,
        seed.schools
    );
    assert_eq!(
        typed::<Vec<Lodging>>(&app, "/api/v1/lodgings").await,
        seed.lodgings
    );
    assert_eq!(
        typed::<Vec<Product>>(&app, "/api/v1/products").await,
        seed.products
    );
    assert_eq!(
        typed::<Vec<Batch>>(&app, "/api/v1/batches").await,
        seed.batches
    );
    assert_eq!(
        typed::<Vec<Attraction>>(&app, "/api/v1/attractions").await,
        seed.attractions
    );
    assert_eq!(
        typed::<Vec<Event>>(&app, "/api/v1/events").await,
        seed.events
    );
    assert_eq!(
        typed::<Vec<Project>>(&app, "/api/v1/projects").await,
        seed.projects
    );
    app.stop().await;
}

#[tokio::test]
async fn each_listing_is_found_by_its_slug_and_an_unknown_slug_is_404() {
    let app = spawn_app().await;
    let seed = fixture_catalog();
    assert_eq!(
        typed::<School>(&app, &format!("/api/v1/schools/{SCHOOL}")).await,
        seed.schools[0]
    );
    assert_eq!(
        typed::<Lodging>(&app, &format!("/api/v1/lodgings/{LODGING}")).await,
        seed.lodgings[0]
    );
    assert_eq!(
        typed::<Product>(&app, &format!("/api/v1/products/{PRODUCT}")).await,
        seed.products[0]
    );
    assert_eq!(
        typed::<Batch>(&app, "/api/v1/batches/b-2026").await,
        seed.batches[0]
    );
    assert_eq!(
        typed::<Attraction>(&app, "/api/v1/attractions/ancestral-hall").await,
        seed.attractions[0]
    );
    assert_eq!(
        typed::<Event>(&app, "/api/v1/events/push-hands-festival").await,
        seed.events[0]
    );
    assert_eq!(
        typed::<Project>(&app, &format!("/api/v1/projects/{PROJECT}")).await,
        seed.projects[0]
    );
    for path in [
        "/api/v1/schools/nope",
        "/api/v1/lodgings/nope",
        "/api/v1/products/nope",
        "/api/v1/batches/nope",
        "/api/v1/attractions/nope",
        "/api/v1/events/nope",
        "/api/v1/projects/nope",
        "/api/v1/schools/nope/programs/week/sessions",
        "/api/v1/schools/chen-family-hall/programs/nope/sessions",
    ] {
        error_of(app.get(path).await, 404, "not_found").await;
    }
    app.stop().await;
}

#[tokio::test]
async fn a_listing_the_phone_already_has_is_answered_not_modified() {
    let app = spawn_app().await;
    let first = app.get("/api/v1/schools").await;
    let etag = first.headers()["etag"].clone();
    let again = app
        .client
        .get(app.url("/api/v1/schools"))
        .header("If-None-Match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    app.post(
        "/api/v1/bookings",
        &unique_key(),
        &session_booking(SESSION_OPEN, 1),
    )
    .await;
    let changed = app
        .client
        .get(app.url("/api/v1/schools"))
        .header("If-None-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200, "a booking changes the listing");
    app.stop().await;
}

#[tokio::test]
async fn session_availability_shows_places_left_and_the_price_for_the_party() {
    let app = spawn_app().await;
    let a: ProgramAvailability = typed(
        &app,
        &format!("/api/v1/schools/{SCHOOL}/programs/{PROGRAM}/sessions?party=3"),
    )
    .await;
    let open = a.sessions.iter().find(|s| s.id == SESSION_OPEN).unwrap();
    assert_eq!((open.capacity, open.booked, open.places_left), (20, 5, 15));
    assert!(open.bookable);
    assert_eq!(open.price, Some(model::Money(3 * PRICE_PER_PERSON)));
    let started = a.sessions.iter().find(|s| s.id == SESSION_STARTED).unwrap();
    assert!(!started.bookable, "a session that started cannot be booked");
    error_of(
        app.get(&format!(
            "/api/v1/schools/{SCHOOL}/programs/{PROGRAM}/sessions?party=0"
        ))
        .await,
        422,
        "invalid_fields",
    )
    .await;
    app.stop().await;
}

#[tokio::test]
async fn room_availability_prices_the_stay_and_shows_taken_nights() {
    let app = spawn_app().await;
    let path = |guests: u32| {
        format!(
            "/api/v1/lodgings/{LODGING}/availability?check_in={}&check_out={}&guests={guests}",
            days_from_today(10),
            days_from_today(13)
        )
    };
    let a: LodgingAvailability = typed(&app, &path(3)).await;
    assert_eq!(a.nights, 3);
    let double = a.rooms.iter().find(|r| r.room == ROOM).unwrap();
    assert!(double.free && double.fits);
    let quote = double.quote.as_ref().unwrap();
    assert_eq!(quote.extra_persons, 1);
    assert_eq!(quote.total, model::Money(3 * 18_000 + 3 * 5_000));
    let single = a.rooms.iter().find(|r| r.room == "single").unwrap();
    assert!(!single.fits && single.quote.is_none());

    let res = app
        .post("/api/v1/bookings", &unique_key(), &room_booking(11, 1, 2))
        .await;
    assert_eq!(res.status(), 201);
    let a: LodgingAvailability = typed(&app, &path(2)).await;
    let double = a.rooms.iter().find(|r| r.room == ROOM).unwrap();
    assert!(!double.free);
    assert_eq!(double.taken_nights, [days_from_today(11)]);
    app.stop().await;
}

#[tokio::test]
async fn room_availability_refuses_backward_or_past_dates() {
    let app = spawn_app().await;
    let backwards = format!(
        "/api/v1/lodgings/{LODGING}/availability?check_in={}&check_out={}",
        days_from_today(5),
        days_from_today(4)
    );
    let errors = error_of(app.get(&backwards).await, 422, "invalid_fields").await;
    assert!(errors.contains_key("check_out"));
    let past = format!(
        "/api/v1/lodgings/{LODGING}/availability?check_in={}&check_out={}",
        days_from_today(-2),
        days_from_today(1)
    );
    let errors = error_of(app.get(&past).await, 422, "invalid_fields").await;
    assert!(errors.contains_key("check_in"));
    let garbage = format!("/api/v1/lodgings/{LODGING}/availability?check_in=soon&check_out=later");
    let errors = error_of(app.get(&garbage).await, 422, "invalid_fields").await;
    assert!(errors.contains_key("check_in"), "{errors:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_stay_search_offers_the_cheapest_room_free_every_night_with_the_stay_total() {
    let app = spawn_app().await;
    let search = |from: i64, nights: i64, guests: u32| {
        format!(
            "/api/v1/stays?check_in={}&check_out={}&guests={guests}",
            days_from_today(from),
            days_from_today(from + nights)
        )
    };
    let offers: Vec<LodgingOffer> = typed(&app, &search(20, 3, 1)).await;
    assert_eq!(offers.len(), 1);
    let best = offers[0].best.as_ref().expect("a free room");
    assert_eq!(
        (best.room.as_str(), best.quote.total),
        ("single", model::Money(3 * 9_000))
    );
    assert_eq!(offers[0].next_free_night, Some(days_from_today(20)));

    // The double room taken on the middle night: two guests find nothing for those dates.
    let res = app
        .post("/api/v1/bookings", &unique_key(), &room_booking(21, 1, 2))
        .await;
    assert_eq!(res.status(), 201);
    let offers: Vec<LodgingOffer> = typed(&app, &search(20, 3, 2)).await;
    assert_eq!(offers[0].best, None);
    assert_eq!(offers[0].next_free_night, Some(days_from_today(20)));
    let offers: Vec<LodgingOffer> = typed(&app, &search(22, 2, 2)).await;
    let best = offers[0].best.as_ref().expect("free after the taken night");
    assert_eq!(
        (best.room.as_str(), best.quote.total),
        (ROOM, model::Money(2 * 18_000))
    );

    // Without dates: the next free night from today.
    let offers: Vec<LodgingOffer> = typed(&app, "/api/v1/stays?guests=2").await;
    assert_eq!(
        (offers[0].best.as_ref(), offers[0].next_free_night),
        (None, Some(today()))
    );
    app.stop().await;
}

#[tokio::test]
async fn a_stay_search_refuses_one_date_alone_and_backward_dates() {
    let app = spawn_app().await;
    let alone = format!("/api/v1/stays?check_in={}", days_from_today(3));
    let errors = error_of(app.get(&alone).await, 422, "invalid_fields").await;
    assert!(errors.contains_key("check_out"), "{errors:?}");
    let backwards = format!(
        "/api/v1/stays?check_in={}&check_out={}",
        days_from_today(5),
        days_from_today(4)
    );
    let errors = error_of(app.get(&backwards).await, 422, "invalid_fields").await;
    assert!(errors.contains_key("check_out"));
    let crowd = error_of(
        app.get("/api/v1/stays?guests=21").await,
        422,
        "invalid_fields",
    )
    .await;
    assert!(crowd.contains_key("guests"));
    app.stop().await;
}
