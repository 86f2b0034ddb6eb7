//! "Show the driver": a place's Chinese name and full address in large type, for a visitor
//! who cannot say it, with the map links printed once beside it.
use leptos::prelude::*;
use model::booking::BookedItem;
use model::{Localized, Location};

use crate::api;
use crate::components::map::OpenInMaps;
use crate::i18n::*;
use crate::text::tr;

/// The driver card of one place; "full screen" turns the phone into a sign.
#[component]
pub fn DriverCard(name: Localized, location: Location) -> impl IntoView {
    let i18n = use_i18n();
    let full = RwSignal::new(false);
    let address = location.full_address_zh();
    let name_zh = name.zh.clone();
    view! {
        <section class="driver-card" class:fullscreen=move || full.get() aria-labelledby="driver-title">
            <h2 id="driver-title">{tr!(i18n, common.driver_title)}</h2>
            <p class="muted small driver-hint">{tr!(i18n, common.driver_hint)}</p>
            <div class="driver-sign" lang="zh-Hans">
                <p class="driver-name">{name_zh}</p>
                <p class="driver-address">{address}</p>
                <p class="driver-please">"师傅，请送我到这里，谢谢！"</p>
            </div>
            <div class="actions">
                <button type="button" class="button small" aria-pressed=move || full.get().to_string()
                    on:click=move |_| full.update(|f| *f = !*f)>
                    {move || if full.get() { t_string!(i18n, common.driver_close) } else { t_string!(i18n, common.driver_full) }}
                </button>
                <OpenInMaps location name/>
            </div>
        </section>
    }
}

/// The name and place of what a booking is for, from the listings (kept on the phone by the
/// service worker once seen).
async fn booked_place(item: BookedItem) -> Option<(Localized, Location)> {
    match item {
        BookedItem::School { school, .. } => api::schools()
            .await
            .ok()?
            .into_iter()
            .find(|s| s.slug == school)
            .map(|s| (s.name, s.location)),
        BookedItem::Lodging { lodging, .. } => api::lodgings()
            .await
            .ok()?
            .into_iter()
            .find(|l| l.slug == lodging)
            .map(|l| (l.name, l.location)),
    }
}

/// The driver card on a booking's ticket; nothing when the listing cannot be read.
#[component]
pub fn BookedPlaceCard(item: BookedItem) -> impl IntoView {
    let place = LocalResource::new(move || booked_place(item.clone()));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                place.await.map(|(name, location)| view! { <DriverCard name location/> })
            })}
        </Transition>
    }
}
