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

/// A counted UI string: the `one` key when `count` is 1, the `other` key otherwise, both with
/// `{{ count }}`. `t_count!(i18n, n, schools.one_day, schools.days)` gives "1 day", "7 days".
/// By hand: leptos_i18n's plural feature brings ICU's plural rules into the first download, and
/// the two languages here need only this (Chinese has one form; both its keys say the same).
macro_rules! t_count {
    ($i18n:expr, $count:expr, $($one:ident).+, $($other:ident).+) => {{
        let count = $count;
        if count == 1 {
            $crate::i18n::t_string!($i18n, $($one).+, count = count).to_string()
        } else {
            $crate::i18n::t_string!($i18n, $($other).+, count = count).to_string()
        }
    }};
}
pub(crate) use t_count;

/// [`t_count!`] as a `Signal<String>` following the language, like [`tr!`].
macro_rules! tr_count {
    ($i18n:expr, $count:expr, $($keys:tt)+) => {{
        let (i18n, count) = ($i18n, $count);
        ::leptos::prelude::Signal::derive(move || $crate::text::t_count!(i18n, count, $($keys)+))
    }};
}
pub(crate) use tr_count;

/// Listing text from data in the current language.
pub fn local(text: Localized) -> Signal<String> {
    let lang = use_lang();
    Signal::derive(move || text.get(lang()).to_owned())
}
