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
