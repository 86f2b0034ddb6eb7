//! Text that follows the chosen language. Every piece of text is a `Signal<String>`, so
//! the reactive text code is compiled once for the whole app instead of once per call site
//! (that alone took the WASM from 1.29 MB to a fraction of it; see README Performance).
use leptos::prelude::*;
use model::Localized;

use crate::format::use_lang;

/// A UI string from `locales/`, as a `Signal<String>` following the language.
/// `tr!(i18n, schools.title)`, `tr!(i18n, common.results, count = n)`.
macro_rules! tr {
    ($i18n:expr, $($rest:tt)+) => {{
        let i18n = $i18n;
        ::leptos::prelude::Signal::derive(move || {
            $crate::i18n::t_string!(i18n, $($rest)+).to_string()
        })
    }};
}
pub(crate) use tr;

/// Listing text from data in the current language.
pub fn local(text: Localized) -> Signal<String> {
    let lang = use_lang();
    Signal::derive(move || text.get(lang()).to_owned())
}
