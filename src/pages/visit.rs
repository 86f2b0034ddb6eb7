//! `/visit`: the village map, attractions, how to get there, and events.
use crate::components::title::PageTitle;
use leptos::prelude::*;
use model::travel::{Mode, Route, Step};
use model::{Attraction, Event, Lodging, School};

use crate::api::{self, ApiError};
use crate::components::map::{MapPin, OpenInMaps, PinKind, VillageMap};
use crate::components::status::loaded;
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::text::{local, tr};

/// Everything with a pin on the village map.
#[derive(Clone)]
struct Places {
    attractions: Vec<Attraction>,
    schools: Vec<School>,
    lodgings: Vec<Lodging>,
}

async fn places() -> Result<Places, ApiError> {
    Ok(Places {
        attractions: api::attractions().await?,
        schools: api::schools().await?,
        lodgings: api::lodgings().await?,
    })
}

fn pins(places: &Places) -> Vec<MapPin> {
    let attractions = places.attractions.iter().map(|a| MapPin {
        kind: PinKind::Attraction,
        name: a.name.clone(),
        location: a.location.clone(),
        href: Some(format!("/visit#{}", a.slug)),
    });
    let schools = places.schools.iter().map(|s| MapPin {
        kind: PinKind::School,
        name: s.name.clone(),
        location: s.location.clone(),
        href: Some(format!("/schools/{}", s.slug)),
    });
    let lodgings = places.lodgings.iter().map(|l| MapPin {
        kind: PinKind::Lodging,
        name: l.name.clone(),
        location: l.location.clone(),
        href: Some(format!("/stay/{}", l.slug)),
    });
    attractions.chain(schools).chain(lodgings).collect()
}

/// `/visit`: what to see, where it is, and how to come.
#[component]
pub fn VisitPage() -> impl IntoView {
    let i18n = use_i18n();
    let places = LocalResource::new(places);
    let events = LocalResource::new(api::events);
    view! {
        <PageTitle text=tr!(i18n, visit.title)/>
        <header class="page-head">
            <h1>{tr!(i18n, visit.title)}</h1>
            <p>{tr!(i18n, visit.intro)}</p>
        </header>
        <section aria-labelledby="map-title">
            <h2 id="map-title">{tr!(i18n, visit.map_title)}</h2>
            <ul class="legend">
                <li class="pin-key attraction">{tr!(i18n, visit.legend_sights)}</li>
                <li class="pin-key school">{tr!(i18n, visit.legend_schools)}</li>
                <li class="pin-key lodging">{tr!(i18n, visit.legend_stays)}</li>
            </ul>
            {loaded(places, |p| view! { <VillageMap pins=pins(&p) list=true/> })}
        </section>
        <section aria-labelledby="sights-title">
            <h2 id="sights-title">{tr!(i18n, visit.sights_title)}</h2>
            {loaded(places, |p| view! {
                <div class="sights">
                    {p.attractions.into_iter().map(|a| view! { <AttractionItem attraction=a/> }).collect_view()}
                </div>
            })}
        </section>
        <GettingThere/>
        <section aria-labelledby="events-title">
            <h2 id="events-title">{tr!(i18n, visit.events_title)}</h2>
            {loaded(events, |list| view! { <EventList events=list limit=20/> })}
        </section>
    }
}

#[component]
fn AttractionItem(attraction: Attraction) -> impl IntoView {
    let i18n = use_i18n();
    let a = StoredValue::new(attraction.clone());
    let text = move |f: fn(&Attraction) -> &model::Localized| a.with_value(|v| local(f(v).clone()));
    let ticket = attraction.ticket;
    view! {
        <article class="sight" id=attraction.slug.clone()>
            <img src=format!("/{}", attraction.image) alt="" loading="lazy" width="400" height="240"/>
            <div class="sight-body">
                <h3>{text(|a| &a.name)}</h3>
                <p>{text(|a| &a.description)}</p>
                <p class="muted">
                    {text(|a| &a.hours)} " · "
                    {move || match ticket {
                        Some(price) => t_string!(i18n, visit.ticket, price = price.display()).to_string(),
                        None => t_string!(i18n, visit.free_entry).to_string(),
                    }}
                </p>
                <OpenInMaps location=attraction.location.clone() name=attraction.name.clone()/>
            </div>
        </article>
    }
}

/// Upcoming events, soonest first.
#[component]
pub fn EventList(events: Vec<Event>, limit: usize) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let today = format::today();
    let mut upcoming: Vec<Event> = events.into_iter().filter(|e| e.end >= today).collect();
    upcoming.sort_by_key(|e| e.start);
    upcoming.truncate(limit);
    if upcoming.is_empty() {
        return view! { <p class="muted">{tr!(i18n, visit.no_events)}</p> }.into_any();
    }
    view! {
        <ul class="events">
            {upcoming.into_iter().map(|e| {
                let Event { name, summary, start, end, place, .. } = e;
                view! {
                    <li>
                        <p class="event-date">{move || format::date_range(start, end, lang())}</p>
                        <h3>{local(name.clone())}</h3>
                        <p>{local(summary.clone())}</p>
                        <p class="muted">{local(place.clone())}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// How to reach the village: plane, rail, bus, car, and the routes by train and bus.
#[component]
pub fn GettingThere() -> impl IntoView {
    let i18n = use_i18n();
    let directions = LocalResource::new(api::directions);
    view! {
        <section class="getting-there" id="getting-there" aria-labelledby="getting-title">
            <h2 id="getting-title">{tr!(i18n, visit.getting_title)}</h2>
            <dl>
                <dt>{tr!(i18n, visit.by_air)}</dt>
                <dd>{tr!(i18n, visit.by_air_text)}</dd>
                <dt>{tr!(i18n, visit.by_rail)}</dt>
                <dd>{tr!(i18n, visit.by_rail_text)}</dd>
                <dt>{tr!(i18n, visit.by_bus)}</dt>
                <dd>{tr!(i18n, visit.by_bus_text)}</dd>
                <dt>{tr!(i18n, visit.by_car)}</dt>
                <dd>{tr!(i18n, visit.by_car_text)}</dd>
            </dl>
            <h3>{tr!(i18n, visit.routes_title)}</h3>
            {loaded(directions, |d| view! {
                <div class="routes">{d.routes.into_iter().map(|r| view! { <RouteItem route=r/> }).collect_view()}</div>
            })}
        </section>
    }
}

#[component]
fn RouteItem(route: Route) -> impl IntoView {
    let i18n = use_i18n();
    let total = route.minutes();
    view! {
        <article class="route">
            <h4>{local(route.title.clone())}</h4>
            <ol class="route-steps">
                {route.steps.into_iter().map(|s| view! { <StepItem step=s/> }).collect_view()}
            </ol>
            <p class="muted small">{tr!(i18n, visit.route_total, n = total)}</p>
        </article>
    }
}

#[component]
fn StepItem(step: Step) -> impl IntoView {
    let i18n = use_i18n();
    let Step {
        mode,
        from,
        to,
        service,
        times,
        minutes,
        fare,
        check_locally,
    } = step;
    let mode_text = move || match mode {
        Mode::Train => t_string!(i18n, visit.mode_train),
        Mode::Bus => t_string!(i18n, visit.mode_bus),
        Mode::Taxi => t_string!(i18n, visit.mode_taxi),
        Mode::Walk => t_string!(i18n, visit.mode_walk),
    };
    let fare_text = move || {
        fare.map(|f| match mode {
            Mode::Taxi => t_string!(i18n, visit.fare_per_car, fare = f.display()).to_string(),
            _ => t_string!(i18n, visit.about_fare, fare = f.display()).to_string(),
        })
    };
    view! {
        <li class="route-step">
            <span class="badge mode">{mode_text}</span>
            <strong>{local(from)} " → " {local(to)}</strong>
            <p>{local(service)}</p>
            <p class="muted">{local(times)} " · " {tr!(i18n, visit.about_minutes, n = minutes)}
                {move || fare_text().map(|f| format!(" · {f}"))}</p>
            {check_locally.then(|| view! { <p class="badge check">{tr!(i18n, visit.check_locally)}</p> })}
        </li>
    }
}
