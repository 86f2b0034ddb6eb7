//! Family lodgings: the list with filters, and one lodging's page.
use crate::components::title::PageTitle;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;
use model::availability::{bookable_first, similar, LodgingOffer};
use model::booking::{BookingKind, FieldErrors, Stay};
use model::filter::{LodgingFilter, Sort};
use model::{Amenity, Lodging, Money, Room};

use crate::api;
use crate::components::arrival::ArrivalLine;
use crate::components::card::{lodging_availability, Availability, ListingCard};
use crate::components::contact::{ContactCard, ShareButton};
use crate::components::driver::DriverCard;
use crate::components::map::{MapPin, PinKind, VillageMap};
use crate::components::photo::HeroPictures;
use crate::components::saved::HeartButton;
use crate::components::status::{listing_page, loaded, NoMatches};
use crate::components::support::{CancellationView, SupportBadge, SupportsBox};
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::pages::schools::{LikeNote, SortSelect};
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

/// The stay searched in the URL query (`check_in`, `check_out`, `guests`), checked by the same
/// rule as a booking's dates; and whether dates were given that do not make a stay.
fn searched(q: UrlQuery) -> (Option<Stay>, bool) {
    let date = |name| {
        q.get(name)
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
    };
    match (date("check_in"), date("check_out")) {
        (Some(check_in), Some(check_out)) => {
            let mut errors = FieldErrors::default();
            let stay = Stay::parse(check_in, check_out, format::today(), &mut errors);
            (stay, stay.is_none())
        }
        (None, None) => (None, false),
        _ => (None, false),
    }
}

fn guests_of(q: UrlQuery) -> u32 {
    q.get("guests").and_then(|g| g.parse().ok()).unwrap_or(1)
}

/// `/stay`: every family lodging, filtered and sorted through the URL query; with dates, only
/// those with a room free every night, priced for the stay.
#[component]
pub fn StayPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_url_query();
    let filter = Memo::new(move |_| filter_from(q));
    let search = Memo::new(move |_| (searched(q).0, guests_of(q)));
    // One request for every lodging's offer, whatever the number of lodgings.
    let found = LocalResource::new(move || {
        let (stay, guests) = search.get();
        async move {
            let list = api::lodgings().await?;
            // Offline the list still shows (from the cached listings), without availability;
            // a dated search needs the answer.
            let offers = match api::stays(&list, stay, guests).await {
                Ok(offers) => offers,
                Err(_) if stay.is_none() => Vec::new(),
                Err(e) => return Err(e),
            };
            Ok::<_, api::ApiError>((list, offers, stay))
        }
    });
    view! {
        <PageTitle text=tr!(i18n, stay.title)/>
        <header class="page-head">
            <h1>{tr!(i18n, stay.title)}</h1>
            <p>{tr!(i18n, stay.intro)}</p>
        </header>
        <StayFilters q/>
        {loaded(found, move |(list, offers, stay)| view! { <LodgingList list offers stay filter q/> })}
    }
}

#[component]
fn StayFilters(q: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    let today = format::today().to_string();
    let min_out = move || {
        q.get("check_in")
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .and_then(|d| d.succ_opt())
            .map_or_else(|| today.clone(), |d| d.to_string())
    };
    let date_problem = move || {
        let (_, problem) = searched(q);
        problem.then(|| t_string!(i18n, book.hint_dates).to_string())
    };
    view! {
        <section class="filters" aria-label=tr!(i18n, common.filters)>
            <div class="filter-row">
                <label class="field">
                    <span>{tr!(i18n, stay.check_in)}</span>
                    <input type="date" min=format::today().to_string() prop:value=move || q.get("check_in").unwrap_or_default()
                        on:change:target=move |ev| q.set("check_in", Some(ev.target().value()))/>
                </label>
                <label class="field">
                    <span>{tr!(i18n, stay.check_out)}</span>
                    <input type="date" min=min_out prop:value=move || q.get("check_out").unwrap_or_default()
                        on:change:target=move |ev| q.set("check_out", Some(ev.target().value()))/>
                </label>
            </div>
            <p class="form-error" role="alert">{date_problem}</p>
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
fn LodgingList(
    list: Vec<Lodging>,
    offers: Vec<LodgingOffer>,
    /// The stay the offers were made for.
    stay: Option<Stay>,
    filter: Memo<LodgingFilter>,
    q: UrlQuery,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    move || {
        let f = filter.get();
        let offer_of = |slug: &str| offers.iter().find(|o| o.lodging == slug).cloned();
        let mut hits: Vec<(Lodging, Money, Option<LodgingOffer>)> = f
            .apply(&list, lang())
            .into_iter()
            .filter_map(|l| f.best_nightly(l).map(|p| (l.clone(), p, offer_of(&l.slug))))
            .collect();
        let matching = hits.len();
        // With dates: only places with a room free for the whole stay.
        if stay.is_some() {
            hits.retain(|(_, _, o)| o.as_ref().is_some_and(|o| o.best.is_some()));
        }
        let hidden = matching - hits.len();
        let is_open = |(_, _, o): &(Lodging, Money, Option<LodgingOffer>)| {
            o.as_ref().is_some_and(|o| o.next_free_night.is_some())
        };
        bookable_first(&mut hits, is_open);
        // "See similar" from a full lodging's card: the open ones most like it.
        let like = q
            .get("like")
            .and_then(|slug| list.iter().find(|l| l.slug == slug).cloned());
        if let Some(full) = &like {
            hits = similar(hits, is_open, |(l, _, _)| l.unlike(full));
        }
        let carried = search_query(q);
        let hidden_note = (hidden > 0).then(|| view! {
            <p class="muted">{tr_count!(i18n, hidden, stay.one_hidden_full, stay.hidden_full)}</p>
        });
        if hits.is_empty() {
            return view! { {hidden_note} <NoMatches clear=move || q.clear()/> }.into_any();
        }
        let count = hits.len();
        view! {
            {like.map(|full| view! { <LikeNote name=full.name q/> })}
            <p class="result-count" role="status">{tr_count!(i18n, count, common.one_result, common.results)}</p>
            {hidden_note}
            <div class="card-list">
                {hits.into_iter().map(|(l, nightly, offer)| {
                    view! { <LodgingCard lodging=l nightly offer query=carried.clone()/> }
                }).collect_view()}
            </div>
        }
        .into_any()
    }
}

/// The searched dates and guests as a query to carry to the lodging's page and its form.
fn search_query(q: UrlQuery) -> String {
    let pairs: Vec<String> = ["check_in", "check_out", "guests"]
        .into_iter()
        .filter_map(|k| {
            q.get(k)
                .map(|v| format!("{k}={}", js_sys::encode_uri_component(&v)))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// A lodging in a list, with its lowest matching nightly price or, for searched dates, the
/// stay's total; what the price includes; and when it has a room free.
#[component]
pub fn LodgingCard(
    lodging: Lodging,
    nightly: Money,
    #[prop(optional_no_strip)] offer: Option<LodgingOffer>,
    #[prop(optional)] query: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (name, summary) = (lodging.name.clone(), lodging.summary.clone());
    let walk = lodging.location.walk_minutes;
    let best = offer.as_ref().and_then(|o| o.best.clone());
    let price = match best.clone() {
        Some(b) => {
            let (total, nights) = (b.quote.total.display(), b.quote.nights);
            Signal::derive(move || {
                if nights == 1 {
                    t_string!(
                        i18n,
                        stay.stay_total_one,
                        price = total.clone(),
                        count = nights
                    )
                    .to_string()
                } else {
                    t_string!(i18n, stay.stay_total, price = total.clone(), count = nights)
                        .to_string()
                }
            })
        }
        None => tr!(i18n, stay.from_nightly, price = nightly.display()),
    };
    let breakfast = lodging.amenities.contains(&Amenity::Breakfast);
    let includes = Signal::derive(move || {
        if breakfast {
            t_string!(i18n, stay.breakfast_incl).to_string()
        } else {
            t_string!(i18n, stay.room_only).to_string()
        }
    });
    let availability = offer.map(|o| match best {
        Some(b) => Availability {
            text: Signal::derive(move || {
                t_string!(i18n, stay.free_for_stay, room = b.name.get(lang())).to_string()
            }),
            full: false,
        },
        None => lodging_availability(o.next_free_night),
    });
    let full = availability.is_some_and(|a| a.full);
    let similar = full.then(|| {
        let sep = if query.is_empty() { '?' } else { '&' };
        format!("/stay{query}{sep}like={}", lodging.slug)
    });
    view! {
        <ListingCard
            href=format!("/stay/{}{query}", lodging.slug)
            image=lodging.image.clone()
            cover=lodging.photos.first().cloned()
            title=local(name.clone())
            line=local(summary.clone())
            price
            includes=Some(includes)
            availability
            similar
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
            <HeroPictures photos=lodging.photos.clone() image=lodging.image.clone()/>
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
                <ArrivalLine arrival=lodging.arrival.clone() stay=true/>
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
            <CancellationView policy=lodging.cancellation.clone() kind=BookingKind::Lodging start=None/>
            <SupportsBox operator=lodging.operator.clone()/>
        </article>
        <div class="action-bar">
            <span class="price">{tr!(i18n, stay.from_nightly, price = from.display())}</span>
            <A href=format!("/stay/{}/book{}", lodging.slug, carried_search()) attr:class="button primary">{tr!(i18n, book.book_now)}</A>
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
        photos,
        ..
    } = room;
    view! {
        <article class="room">
            {photos.into_iter().next().map(|photo| view! {
                <crate::components::photo::PhotoImg photo fit=crate::components::photo::Fit::Card class="room-photo"/>
            })}
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

/// The dates and guests this page was opened with (from the list's search), for its form.
fn carried_search() -> String {
    window().location().search().unwrap_or_default()
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
