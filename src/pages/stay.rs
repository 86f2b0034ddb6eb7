//! Family lodgings: the list with filters, and one lodging's page.
use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;
use model::filter::{LodgingFilter, Sort};
use model::{Amenity, Lodging, Money, Room};

use crate::api;
use crate::components::card::ListingCard;
use crate::components::contact::{ContactCard, ShareButton};
use crate::components::driver::DriverCard;
use crate::components::map::{MapPin, PinKind, VillageMap};
use crate::components::saved::HeartButton;
use crate::components::status::{listing_page, loaded, NoMatches};
use crate::components::support::{CancellationView, SupportBadge, SupportsBox};
use crate::format::use_lang;
use crate::i18n::*;
use crate::pages::schools::SortSelect;
use crate::pages::{use_url_query, UrlQuery};
use crate::text::{local, tr, tr_count};

const GUEST_CHOICES: [u8; 6] = [1, 2, 3, 4, 5, 6];
const MAX_NIGHTLY_CHOICES: [i64; 4] = [120, 200, 300, 400];
const WALK_CHOICES: [u16; 3] = [5, 10, 15];

fn filter_from(q: UrlQuery) -> LodgingFilter {
    LodgingFilter {
        guests: q.get("guests").and_then(|s| s.parse().ok()),
        max_nightly: q.get("max").and_then(|s| s.parse().ok()).map(Money::yuan),
        max_walk: q.get("walk").and_then(|s| s.parse().ok()),
        sort: q.get("sort").map(|s| Sort::parse(&s)).unwrap_or_default(),
    }
}

/// `/stay`: every family lodging, filtered and sorted through the URL query.
#[component]
pub fn StayPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_url_query();
    let filter = Memo::new(move |_| filter_from(q));
    let lodgings = LocalResource::new(api::lodgings);
    view! {
        <PageTitle text=tr!(i18n, stay.title)/>
        <header class="page-head">
            <h1>{tr!(i18n, stay.title)}</h1>
            <p>{tr!(i18n, stay.intro)}</p>
        </header>
        <StayFilters q/>
        {loaded(lodgings, move |list| view! { <LodgingList list filter q/> })}
    }
}

#[component]
fn StayFilters(q: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="filters" aria-label=tr!(i18n, common.filters)>
            <div class="filter-row">
                <label class="field">
                    <span>{tr!(i18n, stay.guests)}</span>
                    <select prop:value=move || q.get("guests").unwrap_or_default()
                        on:change:target=move |ev| q.set("guests", Some(ev.target().value()))>
                        <option value="">{tr!(i18n, stay.any_guests)}</option>
                        {GUEST_CHOICES.into_iter().map(|n| view! {
                            <option value=n.to_string()>{tr_count!(i18n, n, stay.one_guest, stay.guests_n)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{tr!(i18n, stay.max_nightly)}</span>
                    <select prop:value=move || q.get("max").unwrap_or_default()
                        on:change:target=move |ev| q.set("max", Some(ev.target().value()))>
                        <option value="">{tr!(i18n, common.any_price)}</option>
                        {MAX_NIGHTLY_CHOICES.into_iter().map(|yuan| view! {
                            <option value=yuan.to_string()>{format!("≤ {}", Money::yuan(yuan).display())}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="filter-row">
                <label class="field">
                    <span>{tr!(i18n, stay.walk)}</span>
                    <select prop:value=move || q.get("walk").unwrap_or_default()
                        on:change:target=move |ev| q.set("walk", Some(ev.target().value()))>
                        <option value="">{tr!(i18n, stay.any_walk)}</option>
                        {WALK_CHOICES.into_iter().map(|m| view! {
                            <option value=m.to_string()>{tr!(i18n, stay.walk_n, minutes = m)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <SortSelect q/>
            </div>
        </section>
    }
}

#[component]
fn LodgingList(list: Vec<Lodging>, filter: Memo<LodgingFilter>, q: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    move || {
        let f = filter.get();
        let hits: Vec<(Lodging, Money)> = f
            .apply(&list, lang())
            .into_iter()
            .filter_map(|l| f.best_nightly(l).map(|p| (l.clone(), p)))
            .collect();
        if hits.is_empty() {
            return view! { <NoMatches clear=move || q.clear()/> }.into_any();
        }
        let count = hits.len();
        view! {
            <p class="result-count" role="status">{tr_count!(i18n, count, common.one_result, common.results)}</p>
            <div class="card-list">
                {hits.into_iter().map(|(l, nightly)| view! { <LodgingCard lodging=l nightly/> }).collect_view()}
            </div>
        }
        .into_any()
    }
}

/// A lodging in a list, with its lowest matching nightly price.
#[component]
pub fn LodgingCard(lodging: Lodging, nightly: Money) -> impl IntoView {
    let i18n = use_i18n();
    let (name, summary) = (lodging.name.clone(), lodging.summary.clone());
    let walk = lodging.location.walk_minutes;
    view! {
        <ListingCard
            href=format!("/stay/{}", lodging.slug)
            image=lodging.image.clone()
            title=local(name.clone())
            line=local(summary.clone())
            price=tr!(i18n, stay.from_nightly, price = nightly.display())
            save_key=format!("lodging:{}", lodging.slug)>
            <span class="badge">{tr!(i18n, stay.walk_n, minutes = walk)}</span>
            <SupportBadge poverty_alleviation=lodging.operator.poverty_alleviation/>
        </ListingCard>
    }
}

/// `/stay/{slug}`: one lodging, its rooms and its hosts.
#[component]
pub fn LodgingPage() -> impl IntoView {
    listing_page(
        api::lodgings,
        |x: &Lodging| &x.slug,
        "slug",
        |x| view! { <LodgingDetail lodging=x/> },
    )
}

#[component]
fn LodgingDetail(lodging: Lodging) -> impl IntoView {
    let i18n = use_i18n();
    let l = StoredValue::new(lodging.clone());
    let text = move |f: fn(&Lodging) -> &model::Localized| l.with_value(|v| local(f(v).clone()));
    let from = lodging.from_price();
    let pin = MapPin {
        kind: PinKind::Lodging,
        name: lodging.name.clone(),
        location: lodging.location.clone(),
        href: None,
    };
    view! {
        <PageTitle text=text(|l| &l.name)/>
        <article class="detail">
            <img class="hero-img" src=format!("/{}", lodging.image) alt="" width="400" height="240"/>
            <header class="detail-head">
                <div class="badges"><SupportBadge poverty_alleviation=lodging.operator.poverty_alleviation/></div>
                <h1>{text(|l| &l.name)}</h1>
                <p class="lead">{text(|l| &l.summary)}</p>
                <div class="actions">
                    <HeartButton key=format!("lodging:{}", lodging.slug)/>
                    <ShareButton title=text(|l| &l.name)/>
                </div>
            </header>
            <section aria-labelledby="rooms-title">
                <h2 id="rooms-title">{tr!(i18n, stay.rooms)}</h2>
                <div class="rooms">
                    {lodging.rooms.iter().cloned().map(|r| view! { <RoomCard room=r/> }).collect_view()}
                </div>
            </section>
            <section>
                <h2>{tr!(i18n, stay.amenities)}</h2>
                <ul class="amenities">
                    {lodging.amenities.iter().map(|a| {
                        let a = *a;
                        view! { <li>{move || amenity_label(i18n, a)}</li> }
                    }).collect_view()}
                </ul>
            </section>
            <section>
                <h2>{tr!(i18n, stay.hosts)}</h2>
                <p>{text(|l| &l.story)}</p>
            </section>
            <section>
                <h2>{tr!(i18n, stay.house_rules)}</h2>
                <ul class="rules">
                    {lodging.house_rules.iter().map(|r| view! { <li>{local(r.clone())}</li> }).collect_view()}
                </ul>
            </section>
            <section>
                <h2>{tr!(i18n, common.location)}</h2>
                <p>{text(|l| &l.location.address)}
                   " · " {tr!(i18n, common.walk_minutes, minutes = lodging.location.walk_minutes)}</p>
                <VillageMap pins=vec![pin] selected=0 links=false/>
            </section>
            <DriverCard name=lodging.name.clone() location=lodging.location.clone()/>
            <ContactCard contact=lodging.contact.clone()/>
            <CancellationView policy=lodging.cancellation.clone()/>
            <SupportsBox operator=lodging.operator.clone()/>
        </article>
        <div class="action-bar">
            <span class="price">{tr!(i18n, stay.from_nightly, price = from.display())}</span>
            <A href=format!("/stay/{}/book", lodging.slug) attr:class="button primary">{tr!(i18n, book.book_now)}</A>
        </div>
    }
}

#[component]
fn RoomCard(room: Room) -> impl IntoView {
    let i18n = use_i18n();
    let Room {
        name,
        beds,
        base_guests,
        max_guests,
        nightly,
        extra_person,
        ..
    } = room;
    view! {
        <article class="room">
            <h3>{local(name.clone())}</h3>
            <p class="muted">{local(beds.clone())}</p>
            <p><strong>{nightly.display()}</strong> " " {tr!(i18n, stay.per_night)}
               <span class="muted">" · " {tr!(i18n, stay.guests_included, count = base_guests)}</span></p>
            <p class="muted">
                {tr_count!(i18n, max_guests, stay.max_one_guest, stay.max_guests)}
                {(max_guests > base_guests).then(|| view! {
                    " · " {tr!(i18n, stay.extra_person, price = extra_person.display())}
                })}
            </p>
        </article>
    }
}

fn amenity_label(i18n: I18nContext<Locale>, amenity: Amenity) -> &'static str {
    match amenity {
        Amenity::Wifi => t_string!(i18n, stay.amenity_wifi),
        Amenity::HotWater => t_string!(i18n, stay.amenity_hot_water),
        Amenity::Heating => t_string!(i18n, stay.amenity_heating),
        Amenity::AirConditioning => t_string!(i18n, stay.amenity_air_conditioning),
        Amenity::Breakfast => t_string!(i18n, stay.amenity_breakfast),
        Amenity::HomeCooking => t_string!(i18n, stay.amenity_home_cooking),
        Amenity::Laundry => t_string!(i18n, stay.amenity_laundry),
        Amenity::Parking => t_string!(i18n, stay.amenity_parking),
        Amenity::Courtyard => t_string!(i18n, stay.amenity_courtyard),
        Amenity::PracticeSpace => t_string!(i18n, stay.amenity_practice_space),
    }
}
