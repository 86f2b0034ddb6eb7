//! One file per screen (or family of screens); each screen is one public `…Page` component.
pub mod book;
pub mod cart;
pub mod dashboard;
pub mod donate;
pub mod featured;
pub mod home;
pub mod ledger;
pub mod product_choice;
pub mod saved;
pub mod schools;
pub mod shop;
pub mod stay;
pub mod trips;
pub mod visit;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

/// The page's URL query, readable reactively and changeable from event handlers.
/// Filters live in the URL so that a filtered list can be shared and survives a reload.
#[derive(Clone, Copy)]
pub struct UrlQuery {
    map: Memo<ParamsMap>,
    go: Callback<String>,
}

/// Reads the router once, at component setup, so handlers can change the query later.
pub fn use_url_query() -> UrlQuery {
    let navigate = use_navigate();
    let go = Callback::new(move |url: String| {
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&url, options)
    });
    UrlQuery {
        map: use_query_map(),
        go,
    }
}

impl UrlQuery {
    /// One parameter, `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<String> {
        self.map.read().get(name).filter(|v| !v.is_empty())
    }

    /// Replaces one parameter, keeping the others.
    pub fn set(&self, name: &str, value: Option<String>) {
        let mut pairs: Vec<(String, String)> = self
            .map
            .get_untracked()
            .into_iter()
            .filter(|(k, _)| k != name)
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            pairs.push((name.to_owned(), v));
        }
        self.go.run(with_query(&current_path(), &pairs));
    }

    /// Drops every parameter.
    pub fn clear(&self) {
        self.go.run(current_path());
    }
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

fn with_query(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                js_sys::encode_uri_component(k),
                js_sys::encode_uri_component(v)
            )
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}
