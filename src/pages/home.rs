//! `/`: what Chenjiagou is, why people come, and the best of each section.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api;
use crate::components::status::{loaded, Skeleton, WhenNear};
use crate::i18n::*;
use crate::pages::featured::{carousel, Carousel};
use crate::pages::visit::EventList;
use crate::text::tr;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let events = LocalResource::new(api::events);
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{tr!(i18n, home.hero_title)}</h1>
            <p>{tr!(i18n, home.hero_text)}</p>
            <div class="hero-actions">
                <A href="/schools" attr:class="button primary">{tr!(i18n, home.find_school)}</A>
                <A href="/stay" attr:class="button">{tr!(i18n, home.find_stay)}</A>
            </div>
        </section>
        <section class="why" aria-labelledby="why-title">
            <h2 id="why-title">{tr!(i18n, home.why_title)}</h2>
            <ul>
                <li><strong>{tr!(i18n, home.why_birthplace)}</strong> {tr!(i18n, home.why_birthplace_text)}</li>
                <li><strong>{tr!(i18n, home.why_families)}</strong> {tr!(i18n, home.why_families_text)}</li>
                <li><strong>{tr!(i18n, home.why_support)}</strong> {tr!(i18n, home.why_support_text)}</li>
            </ul>
        </section>
        <section aria-labelledby="events-home-title">
            <div class="section-head">
                <h2 id="events-home-title">{tr!(i18n, home.events_title)}</h2>
                <A href="/visit">{tr!(i18n, home.see_all)}</A>
            </div>
            {loaded(events, |list| view! { <EventList events=list limit=3/> })}
        </section>
        <section aria-labelledby="schools-home-title">
            <div class="section-head">
                <h2 id="schools-home-title">{tr!(i18n, home.featured_schools)}</h2>
                <A href="/schools">{tr!(i18n, home.see_all)}</A>
            </div>
            <Featured kind=Carousel::Schools/>
        </section>
        <section aria-labelledby="stay-home-title">
            <div class="section-head">
                <h2 id="stay-home-title">{tr!(i18n, home.featured_stays)}</h2>
                <A href="/stay">{tr!(i18n, home.see_all)}</A>
            </div>
            <Featured kind=Carousel::Stays/>
        </section>
        <section aria-labelledby="shop-home-title">
            <div class="section-head">
                <h2 id="shop-home-title">{tr!(i18n, home.featured_products)}</h2>
                <A href="/shop">{tr!(i18n, home.see_all)}</A>
            </div>
            <Featured kind=Carousel::Products/>
        </section>
        <section aria-labelledby="give-home-title">
            <div class="section-head">
                <h2 id="give-home-title">{tr!(i18n, home.give_title)}</h2>
                <A href="/donate">{tr!(i18n, home.see_all)}</A>
            </div>
            <p>{tr!(i18n, home.give_text)}</p>
            <Featured kind=Carousel::Projects/>
        </section>
        <section class="getting-there-short" aria-labelledby="how-title">
            <h2 id="how-title">{tr!(i18n, home.how_title)}</h2>
            <p>{tr!(i18n, home.how_text)}</p>
            <A href="/visit#getting-there" attr:class="button">{tr!(i18n, home.how_more)}</A>
        </section>
    }
}

/// A carousel below the fold: its code and its data are fetched only when the visitor scrolls
/// near it, so a first visit downloads neither the listing types nor their cards.
#[component]
fn Featured(kind: Carousel) -> impl IntoView {
    view! {
        <WhenNear>
            <Suspense fallback=|| view! { <Skeleton/> }>
                {move || Suspend::new(carousel(kind))}
            </Suspense>
        </WhenNear>
    }
}
