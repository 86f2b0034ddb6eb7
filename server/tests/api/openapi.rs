//! The OpenAPI document is generated from the handlers.
use crate::helpers::*;

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint_and_shape() {
    let app = spawn_app().await;
    let doc = app.get_json("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/schools", "get"),
        ("/api/v1/schools/{slug}", "get"),
        ("/api/v1/lodgings/{slug}/availability", "get"),
        ("/api/v1/stays", "get"),
        ("/api/v1/schools/{slug}/programs/{program}/sessions", "get"),
        ("/api/v1/batches/{id}", "get"),
        ("/api/v1/bookings", "post"),
        ("/api/v1/bookings/{reference}", "get"),
        ("/api/v1/bookings/{reference}/cancel", "post"),
        ("/api/v1/orders", "post"),
        ("/api/v1/donations", "post"),
        ("/api/v1/donations/{reference}/cancel", "post"),
        ("/api/v1/ledger", "get"),
        ("/api/v1/ledger.csv", "get"),
        ("/api/v1/ops/login", "post"),
        ("/api/v1/ops/bookings/{reference}/decline", "post"),
        ("/api/v1/ops/pledges/{reference}/confirm", "post"),
        ("/api/v1/ops/spendings/{id}/approve", "post"),
        ("/api/v1/ops/listings/{collection}/{slug}", "patch"),
        ("/api/v1/ops/audit", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "School",
        "Lodging",
        "BookingRequest",
        "Booking",
        "OrderRequest",
        "Order",
        "DonationRequest",
        "Donation",
        "ErrorBody",
        "Ledger",
        "LedgerEntry",
        "OperatorProfile",
        "BookingRecord",
        "Spending",
        "AuditEntry",
    ] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
    let required = schemas["Booking"]["required"].as_array().unwrap();
    for field in ["reference", "status", "price", "cancellation"] {
        assert!(
            required.iter().any(|f| f == field),
            "Booking.{field} not required"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn the_document_states_the_errors_and_limits_the_server_enforces() {
    let app = spawn_app().await;
    let doc = app.get_json("/api/v1/openapi.json").await;
    let statuses = |path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path}"))
            .keys()
            .cloned()
            .collect()
    };
    for (path, method, expected) in [
        (
            "/api/v1/bookings",
            "post",
            &["201", "400", "409", "413", "415", "422", "429", "503"][..],
        ),
        (
            "/api/v1/bookings/{reference}",
            "get",
            &["200", "404", "422", "429"],
        ),
        (
            "/api/v1/orders/{reference}/cancel",
            "post",
            &["200", "400", "404", "413", "415", "422", "429"],
        ),
        (
            "/api/v1/tickets/find",
            "post",
            &["200", "400", "404", "422", "429"],
        ),
        ("/api/v1/schools/{slug}", "get", &["200", "404", "503"]),
        (
            "/api/v1/lodgings/{slug}/availability",
            "get",
            &["200", "404", "422"],
        ),
        (
            "/api/v1/client-errors",
            "post",
            &["204", "400", "422", "429"],
        ),
    ] {
        let got = statuses(path, method);
        for status in expected {
            assert!(
                got.iter().any(|s| s == status),
                "{method} {path}: {status} in {got:?}"
            );
        }
    }
    let schemas = &doc["components"]["schemas"];
    let party = &schemas["BookingRequest"]["properties"]["party"];
    assert_eq!(
        (party["minimum"].as_i64(), party["maximum"].as_i64()),
        (Some(1), Some(50))
    );
    let guests = &schemas["BookingRequest"]["properties"]["guests"];
    assert_eq!(guests["maximum"].as_i64(), Some(20));
    let pin = schemas["CancelRequest"]["properties"]["pin"]["pattern"]
        .as_str()
        .unwrap();
    assert!(pin.contains("{8}") && pin.contains("{6}"), "{pin}");
    let amount = &schemas["DonationRequest"]["properties"]["amount"];
    assert_eq!(amount["minimum"].as_i64(), Some(100));
    assert_eq!(amount["maximum"].as_i64(), Some(100_000_000));
    let header_pin = doc["paths"]["/api/v1/bookings/{reference}"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "X-Ticket-Pin")
        .unwrap()["schema"]["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(header_pin, pin);
    app.stop().await;
}
