//! Whom a listing supports, and its cancellation terms.
use chrono::NaiveDate;
use leptos::prelude::*;
use model::booking::BookingKind;
use model::{CancellationPolicy, Lang, Provider, ProviderKind};

use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::text::{local, t_count, tr};

/// A small badge for registered poverty-alleviation households and cooperatives, worded for
/// which of them it is.
#[component]
pub fn SupportBadge(
    poverty_alleviation: bool,
    #[prop(optional)] kind: ProviderKind,
) -> impl IntoView {
    let i18n = use_i18n();
    poverty_alleviation.then(|| {
        let words = match kind {
            ProviderKind::Cooperative => tr!(i18n, common.poverty_badge_coop),
            _ => tr!(i18n, common.poverty_badge),
        };
        view! { <span class="badge support">{words}</span> }
    })
}

/// The "your money goes to" box on detail pages.
#[component]
pub fn SupportsBox(operator: Provider) -> impl IntoView {
    let i18n = use_i18n();
    let poverty = operator.poverty_alleviation;
    let Provider {
        name,
        supports,
        kind,
        ..
    } = operator;
    let long = match kind {
        ProviderKind::Family => tr!(i18n, common.poverty_badge_long),
        ProviderKind::Cooperative => tr!(i18n, common.poverty_badge_long_coop),
        _ => tr!(i18n, common.poverty_badge_long_other),
    };
    view! {
        <section class="supports" aria-labelledby="supports-title">
            <h2 id="supports-title">{tr!(i18n, common.supports_title)}</h2>
            <p class="operator-name">{local(name.clone())}</p>
            <p>{local(supports.clone())}</p>
            {poverty.then(|| view! { <p class="badge support">{long}</p> })}
        </section>
    }
}

/// The cancellation policy in plain words, once: until when it is free (a date once the start
/// is known) and what a later cancellation costs. Nothing is paid before arrival or the first
/// day, so it speaks of a fee, never of a refund.
#[component]
pub fn CancellationView(
    policy: CancellationPolicy,
    kind: BookingKind,
    /// The first night or first day, once chosen.
    #[prop(optional_no_strip)]
    start: Option<Signal<Option<NaiveDate>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let days = policy.free_until_days;
    let fee = policy.late_fee_percent();
    let note = policy.note.clone();
    let has_note = !note.get(Lang::Zh).trim().is_empty() || !note.get(Lang::En).trim().is_empty();
    let free = move || {
        let until = start.and_then(|s| s.get()).map(|d| policy.free_until(d));
        match (until, kind) {
            (Some(until), _) if until < format::today() => {
                let date = format::date(until, lang());
                t_string!(i18n, book.free_until_passed, date = date, percent = fee).to_string()
            }
            (Some(until), _) => {
                t_string!(i18n, book.free_until, date = format::date(until, lang())).to_string()
            }
            (None, BookingKind::Lodging) => t_count!(
                i18n,
                days,
                common.cancel_free_stay_one,
                common.cancel_free_stay
            ),
            (None, BookingKind::School) => t_count!(
                i18n,
                days,
                common.cancel_free_course_one,
                common.cancel_free_course
            ),
        }
    };
    let late = move || match fee {
        0 => t_string!(i18n, common.cancel_late_none).to_string(),
        100 => t_string!(i18n, common.cancel_late_all).to_string(),
        percent => t_string!(i18n, common.cancel_late_fee, percent = percent).to_string(),
    };
    view! {
        <section class="policy">
            <h2>{tr!(i18n, common.cancellation_title)}</h2>
            // Chinese sentences follow each other without a space.
            <p>{move || {
                let gap = if lang() == Lang::Zh { "" } else { " " };
                format!("{}{gap}{}", free(), late())
            }}</p>
            {has_note.then(|| view! { <p class="muted">{local(note.clone())}</p> })}
        </section>
    }
}
