//! A screen's title in the browser tab.
use leptos::prelude::*;
use leptos_meta::Title;

/// The screen's title, following the language. leptos_meta's title effect belongs to the whole
/// app and can run once more after the screen that set the title is gone (a tap to the next
/// screen before the last one is dropped); it reads the text with `try_get`, so the title of a
/// disposed screen reads empty for that moment instead of panicking, which aborts the WASM.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! { <Title text=move || text.try_get().unwrap_or_default()/> }
}
