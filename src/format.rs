//! Language-aware formatting of dates and the current language.
use chrono::NaiveDate;
use model::Lang;
// Pure, so kept and tested in `model`; re-exported so pages keep one import.
pub use model::dates::{date, date_range};

use crate::i18n::{use_i18n, Locale};

/// The current UI language as the model knows it, tracked reactively.
pub fn use_lang() -> impl Fn() -> Lang + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || match i18n.get_locale() {
        Locale::zh => Lang::Zh,
        Locale::en => Lang::En,
    }
}

/// Today in the visitor's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}
