//! The only module that knows URLs. Listings come from `/data/*.json` (static hosting)
//! or from the API, as `/config.json` says; both have the same shapes.
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use chrono::NaiveDate;
use leptos::prelude::{Get, LocalResource, Signal};
use model::availability::{lodging_offers, LodgingOffer};
use model::booking::{Booking, BookingRequest, LodgingAvailability, ProgramAvailability, Stay};
use model::donation::{Donation, DonationRequest};
use model::order::{Order, OrderRequest};
use model::{
    Attraction, Batch, Event, Lodging, Problem, Product, Project, School, SiteConfig, SiteMode,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Why data could not be shown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer: offline, or the connection dropped.
    #[error("network error: {0}")]
    Network(String),
    /// The server answered with an error status.
    #[error("server answered {0}")]
    Status(u16),
    /// The answer was not the data we expected.
    #[error("unreadable data: {0}")]
    Decode(String),
}

thread_local! {
    // Response bodies by URL: navigating back and forth does not refetch.
    static CACHE: RefCell<HashMap<String, Rc<str>>> = RefCell::new(HashMap::new());
}

async fn get_text(url: &str) -> Result<Rc<str>, ApiError> {
    if let Some(hit) = CACHE.with(|c| c.borrow().get(url).cloned()) {
        return Ok(hit);
    }
    let res = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !res.ok() {
        return Err(ApiError::Status(res.status()));
    }
    let body: Rc<str> = res
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?
        .into();
    CACHE.with(|c| c.borrow_mut().insert(url.to_owned(), body.clone()));
    Ok(body)
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let body = get_text(url).await?;
    serde_json::from_str(&body).map_err(|e| {
        // A bad body must not stay cached: a retry should fetch again.
        CACHE.with(|c| c.borrow_mut().remove(url));
        ApiError::Decode(e.to_string())
    })
}

/// The run-time configuration: static files or API.
pub async fn config() -> Result<SiteConfig, ApiError> {
    get_json("/config.json").await
}

/// Drops the cached copy of a collection, after an operator changed it.
pub fn forget(name: &str) {
    CACHE.with(|c| c.borrow_mut().retain(|url, _| !url.contains(name)));
}

/// A collection read into `T`, which may be a part of the full listing (unknown fields are skipped).
pub async fn collection<T: DeserializeOwned>(name: &str) -> Result<Vec<T>, ApiError> {
    let config = config().await?;
    let url = match (config.mode, config.api_base) {
        (SiteMode::Api, Some(base)) => format!("{base}/{name}"),
        _ => format!("/data/{name}.json"),
    };
    get_json(&url).await
}

/// All schools and family halls.
pub async fn schools() -> Result<Vec<School>, ApiError> {
    let mut schools: Vec<School> = collection("schools").await?;
    // The server keeps the series' sessions in its store; a static file has only the rules.
    if config().await?.mode == SiteMode::Static {
        model::schedule::expand_series(&mut schools, crate::format::today());
    }
    Ok(schools)
}

/// All family lodgings.
pub async fn lodgings() -> Result<Vec<Lodging>, ApiError> {
    collection("lodgings").await
}

/// All products.
pub async fn products() -> Result<Vec<Product>, ApiError> {
    collection("products").await
}

/// All traced batches.
pub async fn batches() -> Result<Vec<Batch>, ApiError> {
    collection("batches").await
}

/// All attractions.
pub async fn attractions() -> Result<Vec<Attraction>, ApiError> {
    collection("attractions").await
}

/// All events.
pub async fn events() -> Result<Vec<Event>, ApiError> {
    collection("events").await
}

/// All donation projects.
pub async fn projects() -> Result<Vec<Project>, ApiError> {
    collection("projects").await
}

/// China's provinces, cities and districts for the address picker (a static file in both
/// modes, fetched when the picker first shows).
pub async fn regions() -> Result<std::sync::Arc<model::region::Regions>, ApiError> {
    get_json("/regions/cn-areas.json")
        .await
        .map(std::sync::Arc::new)
}

/// Routes to the village by train, bus and taxi (a static file in both modes).
pub async fn directions() -> Result<model::travel::Directions, ApiError> {
    get_json("/travel/directions.json").await
}

/// Why a form could not be sent, or what the server refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SubmitError {
    /// No answer: nothing is known to have been saved; sending again is safe.
    #[error("network error: {0}")]
    Network(String),
    /// The server refused the request, with a message and problems per field. Shown through
    /// [`crate::problem`], which words the codes in the visitor's language.
    #[error("{message}")]
    Refused {
        status: u16,
        code: String,
        /// The code and its params, when this front end knows the code.
        problem: Option<Problem>,
        /// English, for when no code came.
        message: String,
        /// Per field, coded.
        problems: BTreeMap<String, Vec<Problem>>,
        /// Per field in English, for when no codes came.
        errors: BTreeMap<String, Vec<String>>,
    },
    /// The answer was not what we expected.
    #[error("unreadable answer: {0}")]
    Decode(String),
}

#[derive(Deserialize)]
struct ErrorBody {
    message: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    params: serde_json::Value,
    #[serde(default)]
    errors: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    problems: BTreeMap<String, Vec<serde_json::Value>>,
}

/// A problem as sent (`code`, `params`, maybe `message`), if this front end knows its code.
fn known_problem(code: &str, params: &serde_json::Value) -> Option<Problem> {
    let params = match params {
        serde_json::Value::Null => serde_json::json!({}),
        p => p.clone(),
    };
    serde_json::from_value(serde_json::json!({ "code": code, "params": params })).ok()
}

fn field_problems(sent: Vec<serde_json::Value>) -> Vec<Problem> {
    sent.iter()
        .filter_map(|p| known_problem(p["code"].as_str()?, &p["params"]))
        .collect()
}

async fn api_base() -> Result<String, SubmitError> {
    let config = config()
        .await
        .map_err(|e| SubmitError::Network(e.to_string()))?;
    config
        .api_base
        .filter(|_| config.mode == SiteMode::Api)
        .ok_or_else(|| SubmitError::Network("this site has no booking service".into()))
}

async fn read_answer<T: DeserializeOwned>(res: gloo_net::http::Response) -> Result<T, SubmitError> {
    let status = res.status();
    let text = res
        .text()
        .await
        .map_err(|e| SubmitError::Network(e.to_string()))?;
    if (200..300).contains(&status) {
        // 204 and other empty answers read as JSON null.
        let text = if text.trim().is_empty() {
            "null"
        } else {
            &text
        };
        return serde_json::from_str(text).map_err(|e| SubmitError::Decode(e.to_string()));
    }
    let body: ErrorBody = serde_json::from_str(&text).unwrap_or(ErrorBody {
        message: format!("the server answered {status}"),
        code: String::new(),
        params: serde_json::Value::Null,
        errors: BTreeMap::new(),
        problems: BTreeMap::new(),
    });
    Err(SubmitError::Refused {
        status,
        problem: known_problem(&body.code, &body.params),
        code: body.code,
        message: body.message,
        problems: body
            .problems
            .into_iter()
            .map(|(field, sent)| (field, field_problems(sent)))
            .filter(|(_, known)| !known.is_empty())
            .collect(),
        errors: body.errors,
    })
}

/// POSTs `body` under `key`: a retry with the same key never creates a second record.
async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    key: Option<&str>,
) -> Result<T, SubmitError> {
    let url = format!("{}{path}", api_base().await?);
    let mut req = gloo_net::http::Request::post(&url);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    send_json(req, body).await
}

/// Sends `body` as JSON with `req` and reads the answer.
async fn send_json<B: Serialize, T: DeserializeOwned>(
    req: gloo_net::http::RequestBuilder,
    body: &B,
) -> Result<T, SubmitError> {
    let res = req
        .json(body)
        .map_err(|e| SubmitError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| SubmitError::Network(e.to_string()))?;
    read_answer(res).await
}

async fn get_fresh<T: DeserializeOwned>(path: &str) -> Result<T, SubmitError> {
    let url = format!("{}{path}", api_base().await?);
    let res = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| SubmitError::Network(e.to_string()))?;
    read_answer(res).await
}

fn enc(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// Sessions of a programme with places left, priced for `party`.
pub async fn program_availability(
    school: &str,
    program: &str,
    party: u32,
) -> Result<ProgramAvailability, SubmitError> {
    get_fresh(&format!(
        "/schools/{}/programs/{}/sessions?party={party}",
        enc(school),
        enc(program)
    ))
    .await
}

/// Rooms of a lodging free for a stay, with the stay's price.
pub async fn lodging_availability(
    lodging: &str,
    check_in: NaiveDate,
    check_out: NaiveDate,
    guests: u32,
) -> Result<LodgingAvailability, SubmitError> {
    get_fresh(&format!(
        "/lodgings/{}/availability?check_in={check_in}&check_out={check_out}&guests={guests}",
        enc(lodging)
    ))
    .await
}

/// Every lodging's next free night and, for `stay`, its cheapest room free every night with
/// the stay's price, in one request. A static host takes no bookings, so there every room is
/// free and the same model rule runs here on the listing snapshot.
pub async fn stays(
    lodgings: &[Lodging],
    stay: Option<Stay>,
    guests: u32,
) -> Result<Vec<LodgingOffer>, ApiError> {
    let config = config().await?;
    let Some(base) = config.api_base.filter(|_| config.mode == SiteMode::Api) else {
        let today = crate::format::today();
        return Ok(lodging_offers(lodgings, stay, guests, today, &[]));
    };
    let dates = stay.map_or(String::new(), |s| {
        format!("&check_in={}&check_out={}", s.check_in, s.check_out)
    });
    let url = format!("{base}/stays?guests={guests}{dates}");
    let res = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !res.ok() {
        return Err(ApiError::Status(res.status()));
    }
    res.json()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
}

/// Every lodging's next free night for one guest, for list cards that have no full listings
/// at hand (home's carousel). `None` on a static host, which takes no bookings: every room is
/// free there.
pub async fn next_free_nights() -> Result<Option<Vec<LodgingOffer>>, ApiError> {
    let config = config().await?;
    let Some(base) = config.api_base.filter(|_| config.mode == SiteMode::Api) else {
        return Ok(None);
    };
    let res = gloo_net::http::Request::get(&format!("{base}/stays?guests=1"))
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !res.ok() {
        return Err(ApiError::Status(res.status()));
    }
    let offers = res
        .json()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    Ok(Some(offers))
}

/// Books a school session or a room.
pub async fn create_booking(req: &BookingRequest, key: &str) -> Result<Booking, SubmitError> {
    post("/bookings", req, Some(key)).await
}

/// Places an order for the cart.
pub async fn create_order(req: &OrderRequest, key: &str) -> Result<Order, SubmitError> {
    post("/orders", req, Some(key)).await
}

/// Pledges a donation.
pub async fn create_donation(req: &DonationRequest, key: &str) -> Result<Donation, SubmitError> {
    post("/donations", req, Some(key)).await
}

/// Which kind of record a ticket is; also its path under `/api/v1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    Booking,
    Order,
    Donation,
}

impl TicketKind {
    fn path(self) -> &'static str {
        match self {
            TicketKind::Booking => "/bookings",
            TicketKind::Order => "/orders",
            TicketKind::Donation => "/donations",
        }
    }
}

/// A booking, order or pledge read back by reference and PIN, as raw JSON. The PIN goes in a
/// header, never in the URL (which proxies, logs and the browser's history keep).
pub async fn fetch_ticket(
    kind: TicketKind,
    reference: &str,
    pin: &str,
) -> Result<serde_json::Value, SubmitError> {
    let url = format!("{}{}/{}", api_base().await?, kind.path(), enc(reference));
    let res = gloo_net::http::Request::get(&url)
        .header("X-Ticket-Pin", pin)
        .send()
        .await
        .map_err(|e| SubmitError::Network(e.to_string()))?;
    read_answer(res).await
}

/// What `POST /tickets/find` answers.
#[derive(Deserialize)]
struct FoundTicket {
    kind: TicketKind,
    record: serde_json::Value,
}

/// Finds whichever booking, order or pledge has this reference and PIN (as typed: any case,
/// dashes and spaces ignored), in one request and one attempt against the PIN limit.
/// A wrong reference or PIN is `Refused` with status 404; too many wrong PINs, 429.
pub async fn find_ticket(
    reference: &str,
    pin: &str,
) -> Result<(TicketKind, serde_json::Value), SubmitError> {
    let body = serde_json::json!({ "reference": reference, "pin": pin });
    let found: FoundTicket = post("/tickets/find", &body, None).await?;
    Ok((found.kind, found.record))
}

/// Cancels a booking, order or pledge with its PIN; answers the record as it now stands.
pub async fn cancel_ticket(
    kind: TicketKind,
    reference: &str,
    pin: &str,
) -> Result<serde_json::Value, SubmitError> {
    let body = serde_json::json!({ "pin": pin });
    post(
        &format!("{}/{}/cancel", kind.path(), enc(reference)),
        &body,
        None,
    )
    .await
}

/// The site configuration once loaded (`None` while loading or unreachable).
pub fn use_site_config() -> Signal<Option<SiteConfig>> {
    let config = LocalResource::new(config);
    Signal::derive(move || config.get().and_then(Result::ok))
}

/// Whether this site can take bookings itself (`Some(true)`), only shows contacts
/// (`Some(false)`), or does not know yet (`None`).
pub fn use_api_mode() -> Signal<Option<bool>> {
    let config = LocalResource::new(config);
    Signal::derive(move || {
        config
            .get()
            .map(|c| c.is_ok_and(|c| c.mode == SiteMode::Api && c.api_base.is_some()))
    })
}

/// The public donation ledger, always fetched fresh (never from the listing cache).
pub async fn ledger() -> Result<model::staff::Ledger, ApiError> {
    get_fresh("/ledger").await.map_err(|e| match e {
        SubmitError::Network(m) => ApiError::Network(m),
        SubmitError::Refused { status, .. } => ApiError::Status(status),
        SubmitError::Decode(m) => ApiError::Decode(m),
    })
}

/// The ledger a static copy of the site publishes (`data/ledger.json`, written by `server
/// export`): its head is where its chain ends; it carries no signature.
pub async fn published_ledger() -> Result<model::staff::Ledger, ApiError> {
    let entries: Vec<model::LedgerEntry> = get_json("/data/ledger.json").await?;
    let head = entries
        .last()
        .map_or(model::ledger::GENESIS_HASH.to_owned(), |e| e.hash.clone());
    Ok(model::staff::Ledger {
        entries,
        head,
        verified: false,
        checkpoint: None,
    })
}

/// Operators' calls: the dashboard under `/api/v1/ops`.
pub mod dashboard;
