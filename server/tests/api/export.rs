//! `server export` writes the live listings in the shapes of `public/data/`.
use std::path::Path;

use model::catalog::DATA_FILES;
use model::{Attraction, Batch, Event, Lodging, Product, Project, School};
use serde::de::DeserializeOwned;

use crate::helpers::*;

fn export(app: &TestApp, out: &Path) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["export", "--out"])
        .arg(out)
        .arg("--database-url")
        .arg(&app.database_url)
        .arg("--data")
        .arg(app.dir.path().join("data"))
        .env("RUST_LOG", "warn")
        .status()
        .expect("cannot run server export");
    assert!(status.success(), "export failed: {status}");
}

/// The front end's data test, in short: each file parses as its collection, and together
/// they load into a `Catalog` that validates.
fn check_like_the_front_end(dir: &Path) -> model::Catalog {
    fn parse<T: DeserializeOwned>(dir: &Path, name: &str) {
        let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        serde_json::from_str::<Vec<T>>(&text).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    }
    for name in DATA_FILES {
        match name {
            "schools" => parse::<School>(dir, name),
            "lodgings" => parse::<Lodging>(dir, name),
            "products" => parse::<Product>(dir, name),
            "batches" => parse::<Batch>(dir, name),
            "attractions" => parse::<Attraction>(dir, name),
            "events" => parse::<Event>(dir, name),
            "projects" => parse::<Project>(dir, name),
            "ledger" => parse::<model::LedgerEntry>(dir, name),
            other => panic!("unknown data file {other}"),
        }
    }
    server::store::load_snapshot(dir).expect("the snapshot loads into a Catalog and validates")
}

#[tokio::test]
async fn exporting_an_untouched_database_reproduces_the_seed() {
    let app = spawn_app().await;
    let out = app.dir.path().join("export");
    export(&app, &out);
    assert_eq!(check_like_the_front_end(&out), fixture_catalog());
    app.stop().await;
}

#[tokio::test]
async fn the_exported_snapshot_carries_live_places_stock_and_pledges() {
    let app = spawn_app().await;
    assert_eq!(
        app.post(
            "/api/v1/bookings",
            &unique_key(),
            &session_booking(SESSION_OPEN, 2)
        )
        .await
        .status(),
        201
    );
    assert_eq!(
        app.post("/api/v1/orders", &unique_key(), &order(&[(SKU, 3)]))
            .await
            .status(),
        201
    );
    assert_eq!(
        app.post("/api/v1/donations", &unique_key(), &donation(20_000))
            .await
            .status(),
        201
    );
    let out = app.dir.path().join("export");
    export(&app, &out);
    let catalog = check_like_the_front_end(&out);
    let session = catalog.schools[0].programs[0]
        .sessions
        .iter()
        .find(|s| s.id == SESSION_OPEN)
        .unwrap();
    assert_eq!(session.booked, 7);
    assert_eq!(catalog.products[0].variants[0].stock, 22);
    assert_eq!(catalog.projects[0].pledged, model::Money(120_000));
    assert_eq!(
        catalog.projects[0].raised,
        model::Money(0),
        "a pledge is not raised money"
    );
    app.stop().await;
}
