//! Listings the visitor marked with a heart, kept in the phone's local storage.
use leptos::prelude::*;

use crate::components::icon::{Icon, Svg};
use crate::i18n::*;
use crate::storage::persisted;

const STORAGE_KEY: &str = "cjg.saved";

/// The saved listings, as keys like `school:chen-family-hall`.
#[derive(Clone, Copy)]
pub struct Saved(RwSignal<Vec<String>>);

impl Saved {
    /// True when `key` is saved.
    pub fn has(&self, key: &str) -> bool {
        self.0.with(|keys| keys.iter().any(|k| k == key))
    }

    /// Saves `key`, or forgets it when already saved.
    pub fn toggle(&self, key: &str) {
        self.0.update(|keys| {
            if let Some(i) = keys.iter().position(|k| k == key) {
                keys.remove(i);
            } else {
                keys.push(key.to_owned());
            }
        });
    }

    /// All saved keys, oldest first.
    pub fn keys(&self) -> Vec<String> {
        self.0.get()
    }

    /// How many listings are saved.
    pub fn count(&self) -> usize {
        self.0.with(Vec::len)
    }
}

/// Loads the saved set and writes every change back to the phone.
pub fn provide_saved() {
    provide_context(Saved(persisted(STORAGE_KEY)));
}

/// The saved set provided by [`provide_saved`].
pub fn use_saved() -> Saved {
    expect_context::<Saved>()
}

/// A heart that saves or forgets one listing.
#[component]
pub fn HeartButton(#[prop(into)] key: String) -> impl IntoView {
    let saved = use_saved();
    let i18n = use_i18n();
    let key = StoredValue::new(key);
    let on = move || key.with_value(|k| saved.has(k));
    view! {
        <button type="button" class="heart" class:on=on aria-pressed=move || on().to_string()
            aria-label=move || if on() { t_string!(i18n, common.unsave) } else { t_string!(i18n, common.save) }
            on:click=move |ev| {
                ev.prevent_default();
                ev.stop_propagation();
                key.with_value(|k| saved.toggle(k));
            }>
            {move || if on() { view! { <Svg icon=Icon::HeartFilled/> } } else { view! { <Svg icon=Icon::Heart/> } }}
        </button>
    }
}
