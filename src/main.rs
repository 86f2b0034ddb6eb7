//! The Chenjiagou portal front end: Leptos CSR, mounted over the static shell in index.html.

mod api;
mod app;
mod components;
mod format;
mod pages;
mod problem;
mod storage;
mod text;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    let root = document
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| document.body().expect("a page has a body"));
    // The static shell was only there to paint before the WASM arrived.
    root.set_inner_html("");
    leptos::mount::mount_to(root, app::App).forget();
    register_service_worker();
}

/// Lets the phone keep the shell and listings for a weak or absent signal.
fn register_service_worker() {
    let navigator = leptos::prelude::window().navigator();
    if js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        let _ = navigator.service_worker().register("/sw.js");
    }
}
