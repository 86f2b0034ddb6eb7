//! Values kept on the phone (localStorage), so hearts, the cart and tickets survive a reload
//! and work with no network.
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A signal loaded from `key` and written back on every change.
pub fn persisted<T>(key: &'static str) -> RwSignal<T>
where
    T: Default + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    let initial = local_storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let value = RwSignal::new(initial);
    Effect::new(move |_| {
        let json = value.with(|v| serde_json::to_string(v).unwrap_or_default());
        if let Some(s) = local_storage() {
            // Private browsing may refuse; the value then lasts for this visit only.
            let _ = s.set_item(key, &json);
        }
    });
    value
}

/// One cookie's value, if the page has it.
pub fn cookie(name: &str) -> Option<String> {
    let all = html_document()?.cookie().ok()?;
    all.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

/// Sets a cookie for the whole site; `value` must need no escaping.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: u32) {
    if let Some(doc) = html_document() {
        let _ = doc.set_cookie(&format!(
            "{name}={value}; max-age={max_age_seconds}; path=/; SameSite=Lax"
        ));
    }
}

fn html_document() -> Option<web_sys::HtmlDocument> {
    use wasm_bindgen::JsCast;
    document().dyn_into::<web_sys::HtmlDocument>().ok()
}

/// 32 random hex digits, for idempotency keys (works without a secure context).
pub fn random_key() -> String {
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
