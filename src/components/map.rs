//! The SVG village map with pins; no map-tile service needed.
use leptos::prelude::*;
use leptos_router::components::A;
use model::{Localized, Location, VILLAGE_MAP};

use crate::format::use_lang;
use crate::i18n::*;
use crate::text::tr;

/// What a pin stands for; sets its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinKind {
    School,
    Lodging,
    Attraction,
}

impl PinKind {
    fn class(self) -> &'static str {
        match self {
            PinKind::School => "pin school",
            PinKind::Lodging => "pin lodging",
            PinKind::Attraction => "pin attraction",
        }
    }
}

/// One pin on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPin {
    pub kind: PinKind,
    pub name: Localized,
    pub location: Location,
    /// The listing's page, if it has one.
    pub href: Option<String>,
}

/// Links that open a place in the phone's own map app: Amap (高德, on Android and most phones
/// in China, and in the browser without it) and Apple Maps (on an iPhone).
#[component]
pub fn OpenInMaps(location: Location, name: Localized) -> impl IntoView {
    let i18n = use_i18n();
    // The Chinese name: what the map apps in China search and show.
    let amap = location.amap_url(&name.zh);
    let apple = location.apple_maps_url(&name.zh);
    view! {
        <span class="open-in-maps">
            <a class="button small ghost" href=amap target="_blank" rel="noopener">{tr!(i18n, common.open_amap)}</a>
            <a class="button small ghost" href=apple target="_blank" rel="noopener">{tr!(i18n, common.open_apple)}</a>
        </span>
    }
}

/// The village map. Pins carry numbers, listed by name beside the map when `list` is set;
/// tapping a pin or a name shows a card for it below the map, with map links unless the page
/// prints them itself (`links = false`).
#[component]
pub fn VillageMap(
    pins: Vec<MapPin>,
    #[prop(optional)] selected: Option<usize>,
    #[prop(optional)] list: bool,
    #[prop(default = true)] links: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let chosen = RwSignal::new(selected);
    let numbered = pins.len() > 1;
    let pins = StoredValue::new(pins);
    let view_box = format!("0 0 {} {}", VILLAGE_MAP.width, VILLAGE_MAP.height);
    let dots = pins.with_value(|pins| {
        pins.iter()
            .enumerate()
            .map(|(i, pin)| {
                let name = pin.name.clone();
                let (x, y) = (pin.location.x, pin.location.y);
                let number = (i + 1).to_string();
                view! {
                    <g class=pin.kind.class() class:active=move || chosen.get() == Some(i)
                        role="button" tabindex="0"
                        aria-label=move || format!("{} {}", i + 1, name.get(lang()))
                        on:click=move |_| chosen.set(Some(i))
                        on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { chosen.set(Some(i)) }>
                        // A large transparent circle makes a 44 px touch target.
                        <circle class="hit" cx=x cy=y r="34"></circle>
                        <circle class="dot" class:single=!numbered cx=x cy=y r=if numbered { "21" } else { "13" }></circle>
                        {numbered.then(|| view! { <text class="pin-number" x=x y=y dy="0.36em" text-anchor="middle" aria-hidden="true">{number}</text> })}
                    </g>
                }
            })
            .collect_view()
    });
    let card = move || {
        chosen.get().and_then(|i| pins.with_value(|p| p.get(i).cloned())).map(|pin| {
            let MapPin { name, location, href, .. } = pin;
            let title = name.get(lang()).to_owned();
            let address = location.address.get(lang()).to_owned();
            view! {
                <div class="map-card" aria-live="polite">
                    <strong>{title}</strong>
                    <p class="muted">{address}</p>
                    {href.map(|h| view! { <A href=h attr:class="button small">{tr!(i18n, common.view_listing)}</A> })}
                    {links.then(|| view! { <OpenInMaps location name/> })}
                </div>
            }
        })
    };
    let names = list.then(|| {
        let items = pins.with_value(|pins| {
            pins.iter()
                .enumerate()
                .map(|(i, pin)| {
                    let name = pin.name.clone();
                    view! {
                        <li class=pin.kind.class().replace("pin ", "pin-key ")>
                            <button type="button" class="link" aria-pressed=move || (chosen.get() == Some(i)).to_string()
                                on:click=move |_| chosen.set(Some(i))>
                                <span class="pin-no">{i + 1}</span> {move || name.get(lang()).to_owned()}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        });
        view! { <ol class="map-list" aria-label=tr!(i18n, common.map_list)>{items}</ol> }
    });
    view! {
        <figure class="village-map">
            <svg viewBox=view_box role="group" aria-label=tr!(i18n, common.map_label)>
                <image href="/img/village-map.svg" width=VILLAGE_MAP.width height=VILLAGE_MAP.height></image>
                {dots}
            </svg>
            {card}
            {names}
        </figure>
    }
}
