//! Operators' calls under `/api/v1/ops`: the session cookie goes with them (same origin); no
//! idempotency key but where something is created. Every dashboard URL is here.
use model::overview::Overview;
use model::photo::{Photo, PhotoPlace};
use model::staff::{
    BookingRecord, ConfirmPledgeRequest, DeclineRequest, LoginRequest, OneTimePassword,
    OperatorAccount, OperatorProfile, OperatorRequest, OrderRecord, Spending, SpendingRequest,
};
use model::staff::{
    CloseNightsRequest, MoveSessionRequest, ProgramRequest, RoomRequest, ScheduleRequest,
    VariantRequest,
};
use model::{Program, Room, Session, Variant};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::{api_base, enc, get_fresh, post as post_to, send_json, SubmitError};

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, SubmitError> {
    get_fresh(&format!("/ops{path}")).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, SubmitError> {
    post_to(&format!("/ops{path}"), body, None).await
}

/// A POST whose answer the screen does not read (it reloads what it shows).
async fn act(path: &str) -> Result<(), SubmitError> {
    post::<_, Value>(path, &json!({})).await.map(|_| ())
}

async fn patch(path: &str, body: &Value) -> Result<(), SubmitError> {
    let url = format!("{}/ops{path}", api_base().await?);
    send_json::<_, Value>(gloo_net::http::Request::patch(&url), body)
        .await
        .map(|_| ())
}

async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, SubmitError> {
    let url = format!("{}/ops{path}", api_base().await?);
    send_json(gloo_net::http::Request::put(&url), body).await
}

/// The operator logged in on this browser; `Refused` with 401 when none is.
/// Where the live stream of the operator's notices is (`/ops/live`, Server-Sent Events).
pub async fn live_url() -> Result<String, SubmitError> {
    Ok(format!("{}/ops/live", api_base().await?))
}

pub async fn me() -> Result<OperatorProfile, SubmitError> {
    get("/me").await
}

/// Logs in; the session cookie comes with the answer.
pub async fn login(req: &LoginRequest) -> Result<OperatorProfile, SubmitError> {
    post("/login", req).await
}

/// Ends this browser's session.
pub async fn logout() -> Result<(), SubmitError> {
    act("/logout").await
}

/// Which bookings a host's list shows: a status (`requested` …) and a search text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BookingQuery {
    pub status: Option<String>,
    pub search: Option<String>,
}

/// The host's bookings from yesterday on, soonest first, as `query` filters them.
pub async fn bookings(query: &BookingQuery) -> Result<Vec<BookingRecord>, SubmitError> {
    let mut params = vec!["limit=200".to_owned()];
    if let Some(status) = &query.status {
        params.push(format!("status={}", enc(status)));
    }
    if let Some(search) = &query.search {
        params.push(format!("q={}", enc(search)));
    }
    get(&format!("/bookings?{}", params.join("&"))).await
}

/// What the host sees first: requests waiting, today's comings and goings, nights, places.
pub async fn overview() -> Result<Overview, SubmitError> {
    get("/overview").await
}

pub async fn confirm_booking(reference: &str) -> Result<(), SubmitError> {
    act(&format!("/bookings/{}/confirm", enc(reference))).await
}

/// Declines with a reason the visitor reads.
pub async fn decline_booking(reference: &str, reason: String) -> Result<(), SubmitError> {
    let path = format!("/bookings/{}/decline", enc(reference));
    post::<_, Value>(&path, &DeclineRequest { reason })
        .await
        .map(|_| ())
}

pub async fn mark_booking_paid(reference: &str) -> Result<(), SubmitError> {
    act(&format!("/bookings/{}/paid", enc(reference))).await
}

/// The seller's orders, newest first.
pub async fn orders() -> Result<Vec<OrderRecord>, SubmitError> {
    get("/orders").await
}

pub async fn mark_order_paid(reference: &str) -> Result<(), SubmitError> {
    act(&format!("/orders/{}/paid", enc(reference))).await
}

pub async fn mark_order_fulfilled(reference: &str) -> Result<(), SubmitError> {
    act(&format!("/orders/{}/fulfilled", enc(reference))).await
}

/// Village finance confirms that the money of a pledge arrived.
pub async fn confirm_pledge(
    reference: &str,
    req: &ConfirmPledgeRequest,
) -> Result<(), SubmitError> {
    let path = format!("/pledges/{}/confirm", enc(reference));
    post::<_, Value>(&path, req).await.map(|_| ())
}

pub async fn spendings() -> Result<Vec<Spending>, SubmitError> {
    get("/spendings").await
}

/// Records a spending under `key`: a retry never records it twice.
pub async fn create_spending(req: &SpendingRequest, key: &str) -> Result<Spending, SubmitError> {
    post_to("/ops/spendings", req, Some(key)).await
}

pub async fn approve_spending(id: u64) -> Result<(), SubmitError> {
    act(&format!("/spendings/{id}/approve")).await
}

pub async fn pay_spending(id: u64) -> Result<(), SubmitError> {
    act(&format!("/spendings/{id}/pay")).await
}

/// Places of one session.
pub async fn set_capacity(session: &str, capacity: u32) -> Result<(), SubmitError> {
    let path = format!("/sessions/{}", enc(session));
    patch(&path, &json!({ "capacity": capacity })).await
}

/// Name, summary and story of a listing, in both languages (`{ "name": { "zh", "en" }, … }`).
pub async fn set_listing_text(
    collection: &str,
    slug: &str,
    text: &Value,
) -> Result<(), SubmitError> {
    patch(&format!("/listings/{collection}/{}", enc(slug)), text).await
}

/// Records a stage of a traced batch.
pub async fn add_batch_stage(batch: &str, stage: &Value) -> Result<(), SubmitError> {
    let path = format!("/batches/{}/stages", enc(batch));
    post::<_, Value>(&path, stage).await.map(|_| ())
}

/// Schedules one date or a series of a programme; the sessions it offers now.
pub async fn schedule_sessions(
    school: &str,
    program: &str,
    req: &ScheduleRequest,
    key: &str,
) -> Result<Vec<Session>, SubmitError> {
    let path = format!(
        "/ops/schools/{}/programs/{}/sessions",
        enc(school),
        enc(program)
    );
    post_to(&path, req, Some(key)).await
}

/// Adds a programme to a school.
pub async fn create_program(
    school: &str,
    req: &ProgramRequest,
    key: &str,
) -> Result<Program, SubmitError> {
    post_to(
        &format!("/ops/schools/{}/programs", enc(school)),
        req,
        Some(key),
    )
    .await
}

/// Moves a session to another day, with its bookings.
pub async fn move_session(session: &str, req: &MoveSessionRequest) -> Result<Value, SubmitError> {
    post(&format!("/sessions/{}/move", enc(session)), req).await
}

/// Cancels a session and its bookings, with the reason visitors read.
pub async fn cancel_session(session: &str, req: &DeclineRequest) -> Result<Value, SubmitError> {
    post(&format!("/sessions/{}/cancel", enc(session)), req).await
}

/// Closes a lodging's nights (`reopen`: opens them again); how many room nights changed.
pub async fn close_nights(
    lodging: &str,
    req: &CloseNightsRequest,
    reopen: bool,
) -> Result<Value, SubmitError> {
    let tail = if reopen { "/reopen" } else { "" };
    post(&format!("/lodgings/{}/closures{tail}", enc(lodging)), req).await
}

/// Adds a variant to a seller's product.
pub async fn add_variant(product: &str, req: &VariantRequest) -> Result<Variant, SubmitError> {
    post(&format!("/products/{}/variants", enc(product)), req).await
}

/// Changes a variant's label, size, colour, price or stock.
pub async fn edit_variant(
    product: &str,
    sku: &str,
    req: &VariantRequest,
) -> Result<Variant, SubmitError> {
    put(
        &format!("/products/{}/variants/{}", enc(product), enc(sku)),
        req,
    )
    .await
}

/// Stops selling a variant.
pub async fn retire_variant(product: &str, sku: &str) -> Result<(), SubmitError> {
    act(&format!(
        "/products/{}/variants/{}/retire",
        enc(product),
        enc(sku)
    ))
    .await
}

/// Adds a room to a host's lodging.
pub async fn add_room(lodging: &str, req: &RoomRequest) -> Result<Room, SubmitError> {
    post(&format!("/lodgings/{}/rooms", enc(lodging)), req).await
}

/// Changes a room's name, beds, guests or prices.
pub async fn edit_room(lodging: &str, room: &str, req: &RoomRequest) -> Result<Room, SubmitError> {
    put(
        &format!("/lodgings/{}/rooms/{}", enc(lodging), enc(room)),
        req,
    )
    .await
}

/// Uploads a photo from the phone to a listing (`schools`, `lodgings`, `products` or
/// `projects`); the listing's photos after it, the new one last.
pub async fn add_photo(
    collection: &str,
    slug: &str,
    room: Option<&str>,
    file: web_sys::File,
) -> Result<Vec<Photo>, SubmitError> {
    let url = format!(
        "{}/ops/listings/{collection}/{}/photos{}",
        api_base().await?,
        enc(slug),
        of_room(room)
    );
    let res = gloo_net::http::Request::post(&url)
        .header("Content-Type", &file.type_())
        .body(wasm_bindgen::JsValue::from(file))
        .map_err(|e| SubmitError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| SubmitError::Network(e.to_string()))?;
    super::read_answer(res).await
}

/// Puts a listing's photos in this order (the first is the cover) with this alt text; those
/// left out are taken off.
pub async fn arrange_photos(
    collection: &str,
    slug: &str,
    room: Option<&str>,
    places: &[PhotoPlace],
) -> Result<Vec<Photo>, SubmitError> {
    let path = format!(
        "/listings/{collection}/{}/photos{}",
        enc(slug),
        of_room(room)
    );
    put(&path, &places).await
}

/// The query that names a lodging's room, when the photos are a room's.
fn of_room(room: Option<&str>) -> String {
    room.map(|r| format!("?room={}", enc(r)))
        .unwrap_or_default()
}

/// Every dashboard account (the village admin's).
pub async fn operators() -> Result<Vec<OperatorAccount>, SubmitError> {
    get("/operators").await
}

/// Creates an account; its one-time password comes back, to be shown once.
pub async fn create_operator(req: &OperatorRequest) -> Result<OneTimePassword, SubmitError> {
    post("/operators", req).await
}

/// A new one-time password for `username`; the old one and its sessions end.
pub async fn reset_password(username: &str) -> Result<OneTimePassword, SubmitError> {
    post(
        &format!("/operators/{}/password", enc(username)),
        &json!({}),
    )
    .await
}

/// Disables `username`: their sessions end at once.
pub async fn disable_operator(username: &str) -> Result<(), SubmitError> {
    act(&format!("/operators/{}/disable", enc(username))).await
}

/// Changes a programme's texts, length, level, price or what it includes.
pub async fn edit_program(
    school: &str,
    program: &str,
    req: &ProgramRequest,
) -> Result<Program, SubmitError> {
    put(
        &format!("/schools/{}/programs/{}", enc(school), enc(program)),
        req,
    )
    .await
}

/// Retires a programme: no longer shown or bookable; its bookings stay.
pub async fn retire_program(school: &str, program: &str) -> Result<(), SubmitError> {
    act(&format!(
        "/schools/{}/programs/{}/retire",
        enc(school),
        enc(program)
    ))
    .await
}
