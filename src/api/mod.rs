//! The only module that knows URLs. Listings come from `/data/*.json` (static hosting)
//! or from the API, as `/config.json` says; both have the same shapes.
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use model::{Attraction, Batch, Event, Lodging, Product, Project, School, SiteConfig, SiteMode};
use serde::de::DeserializeOwned;

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

async fn collection<T: DeserializeOwned>(name: &str) -> Result<Vec<T>, ApiError> {
    let config = config().await?;
    let url = match (config.mode, config.api_base) {
        (SiteMode::Api, Some(base)) => format!("{base}/{name}"),
        _ => format!("/data/{name}.json"),
    };
    get_json(&url).await
}

/// All schools and family halls.
pub async fn schools() -> Result<Vec<School>, ApiError> {
    collection("schools").await
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
