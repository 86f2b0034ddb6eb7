//! What a host opens each morning: the search, the requests waiting for an answer, who
//! arrives and leaves today, each lodging's next 14 nights room by room and each school's
//! places per session.
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::overview::{
    night_grid, NightCell, Overview, SessionPlaces, TakenNight, CALENDAR_NIGHTS,
};
use model::staff::{BookingRecord, OperatorProfile, Role};
use model::{Lodging, School};

use crate::api;
use crate::components::desk::{polled, BookingCard};
use crate::components::status::loaded;
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::problem::describe;
use crate::text::{local, tr};

/// Sessions shown per school: the soonest.
const SESSIONS_PER_SCHOOL: usize = 8;

#[component]
pub fn TodayScreen(profile: OperatorProfile) -> impl IntoView {
    let i18n = use_i18n();
    let (overview, reload) = polled(api::dashboard::overview);
    let problem = RwSignal::new(None::<String>);
    // Names of rooms and programmes, as visitors see them.
    let listings = LocalResource::new(|| async {
        Ok::<_, api::ApiError>((api::schools().await?, api::lodgings().await?))
    });
    let admin = profile.role == Role::Admin;
    let owned = move |collection: &str| -> Vec<String> {
        profile
            .listings
            .iter()
            .filter(|l| l.collection == collection)
            .map(|l| l.slug.clone())
            .collect()
    };
    let (my_schools, my_lodgings) = (owned("schools"), owned("lodgings"));
    view! {
        <SearchBox/>
        {move || problem.get().map(|p| view! { <p class="notice error" role="alert">{p}</p> })}
        {move || match overview.get() {
            None => view! { <p class="muted">"…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="notice error">{describe(&e, i18n)}</p> }.into_any(),
            Some(Ok(o)) => {
                let Overview { today, waiting, arrivals, departures, nights, sessions } = o;
                let (my_schools, my_lodgings) = (my_schools.clone(), my_lodgings.clone());
                view! {
                    <Waiting count=waiting/>
                    <Today title=tr!(i18n, ops.arrivals) records=arrivals reload problem/>
                    <Today title=tr!(i18n, ops.departures) records=departures reload problem/>
                    {loaded(listings, move |(schools, lodgings): (Vec<School>, Vec<Lodging>)| {
                        // A host sees each lodging they own; an admin, who owns none, those
                        // with nights held.
                        let lodgings: Vec<Lodging> = lodgings.into_iter()
                            .filter(|l| if admin { nights.iter().any(|n| n.lodging == l.slug) } else { my_lodgings.contains(&l.slug) })
                            .collect();
                        let schools: Vec<School> = schools.into_iter()
                            .filter(|s| (admin || my_schools.contains(&s.slug)) && sessions.iter().any(|x| x.school == s.slug))
                            .collect();
                        let (nights, sessions) = (nights.clone(), sessions.clone());
                        view! {
                            {lodgings.into_iter().map(|l| view! { <NightCalendar lodging=l from=today nights=nights.clone()/> }).collect_view()}
                            {(!schools.is_empty()).then(|| view! {
                                <section class="session-places" aria-labelledby="ops-places">
                                    <h2 id="ops-places">{tr!(i18n, ops.places)}</h2>
                                    {schools.into_iter().map(|s| view! { <SchoolPlaces school=s sessions=sessions.clone()/> }).collect_view()}
                                </section>
                            })}
                        }
                    })}
                    <p><A href="/ops/bookings" attr:class="button wide">{tr!(i18n, ops.all_bookings)}</A></p>
                }.into_any()
            }
        }}
    }
}

/// Searches the bookings list by reference, name or phone.
#[component]
fn SearchBox() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let text = RwSignal::new(String::new());
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = text.get();
        let q = q.trim();
        let url = if q.is_empty() {
            "/ops/bookings".to_owned()
        } else {
            format!("/ops/bookings?q={}", js_sys::encode_uri_component(q))
        };
        navigate(&url, Default::default());
    };
    view! {
        <form class="desk-search" role="search" on:submit=search>
            <input type="search" enterkeyhint="search" aria-label=tr!(i18n, ops.search) placeholder=tr!(i18n, ops.search)
                prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())/>
            <button type="submit" class="button small">{tr!(i18n, ops.search_button)}</button>
        </form>
    }
}

/// How many requests wait for the host's answer, and the way to them.
#[component]
fn Waiting(count: u32) -> impl IntoView {
    let i18n = use_i18n();
    if count == 0 {
        return view! { <p class="waiting none" role="status">{tr!(i18n, ops.waiting_none)}</p> }
            .into_any();
    }
    let words = move || match count {
        1 => t_string!(i18n, ops.waiting_one),
        _ => t_string!(i18n, ops.waiting_n),
    };
    view! {
        <A href="/ops/bookings?status=requested" attr:class="waiting" attr:role="status">
            <strong class="count">{count}</strong>
            <span>{words}</span>
            <span class="go">{tr!(i18n, ops.answer_them)} " ›"</span>
        </A>
    }
    .into_any()
}

/// Today's arrivals or departures, with what the host can do with each.
#[component]
fn Today(
    title: Signal<String>,
    records: Vec<BookingRecord>,
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="today">
            <h2>{title} " · " {records.len()}</h2>
            {if records.is_empty() {
                view! { <p class="muted">{tr!(i18n, ops.none)}</p> }.into_any()
            } else {
                view! { <ul class="ops-list">{records.into_iter().map(|record| view! { <BookingCard record reload problem/> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

/// One lodging's rooms over the next nights: free, requested or booked.
#[component]
fn NightCalendar(lodging: Lodging, from: NaiveDate, nights: Vec<TakenNight>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let rooms: Vec<String> = lodging.rooms.iter().map(|r| r.id.clone()).collect();
    let grid = night_grid(&lodging.slug, &rooms, from, CALENDAR_NIGHTS, &nights);
    let days: Vec<NaiveDate> = from.iter_days().take(CALENDAR_NIGHTS as usize).collect();
    let name = lodging.name.clone();
    let head = days.iter().map(|d| {
        let d = *d;
        view! { <th scope="col"><span class="dow">{move || model::dates::weekday_short(d, lang())}</span>{d.day()}</th> }
    }).collect_view();
    let rows = lodging.rooms.iter().zip(grid).map(|(room, cells)| {
        let cells = cells.into_iter().zip(days.clone()).map(|(cell, day)| {
            let (class, mark, reference) = match cell {
                NightCell::Free => ("free", "", None),
                NightCell::Requested(r) => ("requested", "?", Some(r.to_string())),
                NightCell::Confirmed(r) => ("confirmed", "●", Some(r.to_string())),
            };
            let what = move || {
                let state = match class {
                    "free" => t_string!(i18n, ops.free),
                    "requested" => t_string!(i18n, book.status_requested),
                    _ => t_string!(i18n, book.status_confirmed),
                };
                format!("{} {}", format::date(day, lang()), state)
            };
            let title = {
                let reference = reference.clone();
                move || match &reference {
                    Some(r) => format!("{} · {r}", what()),
                    None => what(),
                }
            };
            view! { <td class=format!("night {class}") title=title.clone() aria-label=title>{mark}</td> }
        }).collect_view();
        view! { <tr><th scope="row">{local(room.name.clone())}</th>{cells}</tr> }
    }).collect_view();
    view! {
        <section class="night-calendar" aria-label=move || format!("{} · {}", name.get(lang()), t_string!(i18n, ops.calendar))>
            <h2>{local(lodging.name.clone())} " · " {tr!(i18n, ops.calendar)}</h2>
            <div class="night-scroll">
                <table>
                    <thead><tr><th scope="col">{tr!(i18n, ops.room)}</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="legend">
                <span class="night free"></span>{tr!(i18n, ops.free)}
                <span class="night requested">"?"</span>{tr!(i18n, book.status_requested)}
                <span class="night confirmed">"●"</span>{tr!(i18n, book.status_confirmed)}
            </p>
        </section>
    }
}

/// A school's next sessions: persons booked of the places, and how many wait for an answer.
#[component]
fn SchoolPlaces(school: School, sessions: Vec<SessionPlaces>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let rows = sessions
        .into_iter()
        .filter(|s| s.school == school.slug)
        .take(SESSIONS_PER_SCHOOL)
        .map(|s| {
            let program = school
                .programs
                .iter()
                .find(|p| p.id == s.program)
                .map(|p| p.name.clone())
                .unwrap_or_default();
            let start = s.start;
            let filled = (s.booked * 100).checked_div(s.capacity).unwrap_or(100).min(100);
            view! {
                <li data-session=s.session.clone()>
                    <span class="what">{local(program)} " · " {move || format::date(start, lang())}</span>
                    <span class="places">{s.booked} " / " {s.capacity}</span>
                    <span class="bar" aria-hidden="true"><span style=format!("width: {filled}%")></span></span>
                    {(s.requested > 0).then(|| view! {
                        <span class="badge status requested">{tr!(i18n, book.status_requested)} " " {s.requested}</span>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>{local(school.name.clone())}</h3>
        <ul class="places-list">{rows}</ul>
    }
}
