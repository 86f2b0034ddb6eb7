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

/// Links that open a place in the phone's own map app.
#[component]
pub fn OpenInMaps(location: Location, name: Localized) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let Location { lat, lng, .. } = location;
    let amap = move || {
        format!(
            "https://uri.amap.com/marker?position={lng},{lat}&name={}&coordinate=wgs84",
            js_sys::encode_uri_component(name.get(lang()))
        )
    };
    let geo = format!("geo:{lat},{lng}");
    view! {
        <span class="open-in-maps">
            <a href=amap target="_blank" rel="noopener">{tr!(i18n, common.open_amap)}</a>
            " · "
            <a href=geo>{tr!(i18n, common.open_maps)}</a>
        </span>
    }
}

/// The village map. Tapping a pin shows a card for it below the map.
#[component]
pub fn VillageMap(pins: Vec<MapPin>, #[prop(optional)] selected: Option<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let chosen = RwSignal::new(selected);
    let pins = StoredValue::new(pins);
    let view_box = format!("0 0 {} {}", VILLAGE_MAP.width, VILLAGE_MAP.height);
    let dots = pins.with_value(|pins| {
        pins.iter()
            .enumerate()
            .map(|(i, pin)| {
                let name = pin.name.clone();
                let (x, y) = (pin.location.x, pin.location.y);
                view! {
                    <g class=pin.kind.class() class:active=move || chosen.get() == Some(i)
                        role="button" tabindex="0"
                        aria-label=move || name.get(lang()).to_owned()
                        on:click=move |_| chosen.set(Some(i))
                        on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { chosen.set(Some(i)) }>
                        // A large transparent circle makes a 44 px touch target.
                        <circle class="hit" cx=x cy=y r="34"></circle>
                        <circle class="dot" cx=x cy=y r="13"></circle>
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
                    <OpenInMaps location name/>
                </div>
            }
        })
    };
    view! {
        <figure class="village-map">
            <svg viewBox=view_box role="group" aria-label=tr!(i18n, common.map_label)>
                <image href="/img/village-map.svg" width=VILLAGE_MAP.width height=VILLAGE_MAP.height></image>
                {dots}
            </svg>
            {card}
        </figure>
    }
}
