//! When to arrive (and, for a stay, leave by), as the listing sets it. The listing's page and
//! the ticket say the same words.
use leptos::prelude::*;
use model::arrival::Arrival;

use crate::i18n::*;
use crate::text::local;

/// "Check-in from 14:00 · check-out by 12:00", or "First day: be at the practice yard by
/// 07:30"; without times set, the advice to agree them with the host or school.
#[component]
pub fn ArrivalLine(arrival: Option<Arrival>, stay: bool) -> impl IntoView {
    let i18n = use_i18n();
    let Some(arrival) = arrival else {
        let advice = move || match stay {
            true => t_string!(i18n, book.arrival_stay),
            false => t_string!(i18n, book.arrival_course),
        };
        return view! { <p class="arrival muted">{advice}</p> }.into_any();
    };
    let at = arrival.at.to_string();
    if stay {
        let leave = arrival.leave_by.map(|t| t.to_string());
        return view! {
            <p class="arrival">
                <strong>{t_string!(i18n, book.check_in_from, time = at.clone())}</strong>
                {leave.map(|time| view! { " · " {t_string!(i18n, book.check_out_by, time = time.clone())} })}
            </p>
        }
        .into_any();
    }
    let meet = arrival.meet.map(local);
    view! {
        <p class="arrival">
            <strong>{move || match meet {
                Some(place) => t_string!(i18n, book.first_day_at, time = at.clone(), place = place.get()).to_string(),
                None => t_string!(i18n, book.first_day_by, time = at.clone()).to_string(),
            }}</strong>
        </p>
    }
    .into_any()
}
