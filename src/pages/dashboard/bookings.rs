//! A host's bookings by date, from yesterday on: filtered by status and searched by
//! reference, visitor's name or phone on the server. The filter lives in the URL, so the
//! overview's "requests waiting" opens this list already filtered.
use chrono::NaiveDate;
use leptos::prelude::*;
use model::booking::BookingStatus;
use model::staff::BookingRecord;

use crate::api::dashboard::BookingQuery;
use crate::api::{self, SubmitError};
use crate::components::desk::{booking_status_label, polled, BookingCard};
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::pages::use_url_query;
use crate::problem::describe;
use crate::text::tr;

/// The status filters offered, `None` for all.
const FILTERS: [Option<BookingStatus>; 5] = [
    None,
    Some(BookingStatus::Requested),
    Some(BookingStatus::Confirmed),
    Some(BookingStatus::Cancelled),
    Some(BookingStatus::Expired),
];

#[component]
pub fn BookingsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_url_query();
    let filter = Memo::new(move |_| BookingQuery {
        status: query.get("status"),
        search: query.get("q"),
    });
    let (list, reload) = polled(move || {
        let filter = filter.get_untracked();
        async move { api::dashboard::bookings(&filter).await }
    });
    // A changed filter loads at once (the first load is `polled`'s own).
    Effect::new(move |first: Option<()>| {
        filter.track();
        if first.is_some() {
            reload.run(());
        }
    });
    let problem = RwSignal::new(None::<String>);
    let chip = move |status: Option<BookingStatus>| {
        let name = status.map(|s| s.as_str().to_owned());
        let pressed = {
            let name = name.clone();
            move || filter.with(|f| f.status == name)
        };
        let label = move || match status {
            None => t_string!(i18n, shop.all),
            Some(s) => booking_status_label(i18n, s),
        };
        view! {
            <button type="button" class="chip" aria-pressed=move || pressed().to_string()
                on:click=move |_| query.set("status", name.clone())>{label}</button>
        }
    };
    view! {
        <form class="desk-search" role="search" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <input type="search" enterkeyhint="search" aria-label=tr!(i18n, ops.search) placeholder=tr!(i18n, ops.search)
                prop:value=move || query.get("q").unwrap_or_default()
                on:input:target=move |ev| query.set("q", Some(ev.target().value()))/>
        </form>
        <div class="chips" role="group" aria-label=tr!(i18n, ops.filter_status)>
            {FILTERS.into_iter().map(chip).collect_view()}
        </div>
        {move || problem.get().map(|p| view! { <p class="notice error" role="alert">{p}</p> })}
        {move || by_day_view(list.get(), reload, problem)}
    }
}

/// The list under date headings, soonest first; or loading, an error, "none match".
fn by_day_view(
    list: Option<Result<Vec<BookingRecord>, SubmitError>>,
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
) -> AnyView {
    let i18n = use_i18n();
    match list {
        None => view! { <p class="muted">"…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="notice error">{describe(&e, i18n)}</p> }.into_any(),
        Some(Ok(records)) if records.is_empty() => {
            view! { <p class="muted">{tr!(i18n, ops.no_match)}</p> }.into_any()
        }
        Some(Ok(records)) => by_day(records)
            .into_iter()
            .map(|(day, records)| view! { <Day day records reload problem/> })
            .collect_view()
            .into_any(),
    }
}

/// Records grouped by their first day, in the order they came (soonest first).
fn by_day(records: Vec<BookingRecord>) -> Vec<(NaiveDate, Vec<BookingRecord>)> {
    let mut days: Vec<(NaiveDate, Vec<BookingRecord>)> = Vec::new();
    for record in records {
        let day = record.booking.item.start();
        match days.last_mut() {
            Some((last, group)) if *last == day => group.push(record),
            _ => days.push((day, vec![record])),
        }
    }
    days
}

#[component]
fn Day(
    day: NaiveDate,
    records: Vec<BookingRecord>,
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let today = format::today();
    let heading = move || {
        let date = format::date(day, lang());
        if day == today {
            format!("{} · {date}", t_string!(i18n, ops.nav_today))
        } else {
            format!("{} · {date}", model::dates::weekday(day, lang()))
        }
    };
    view! {
        <h2 class="day-head">{heading}</h2>
        <ul class="ops-list">
            {records.into_iter().map(|record| view! { <BookingCard record reload problem/> }).collect_view()}
        </ul>
    }
}
