//! The frame around every page: a header bar, and a bottom tab bar on phones.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::cart::use_cart;
use crate::components::icon::{Icon, Svg};
use crate::components::saved::use_saved;
use crate::i18n::*;
use crate::text::tr;
use leptos_i18n::I18nContext;

/// The sections every page can reach, in tab order.
const SECTIONS: [(&str, Icon); 6] = [
    ("/", Icon::Home),
    ("/schools", Icon::Train),
    ("/stay", Icon::Bed),
    ("/shop", Icon::Bag),
    ("/visit", Icon::Map),
    ("/donate", Icon::Gift),
];

fn section_label(i18n: I18nContext<Locale>, href: &str) -> &'static str {
    match href {
        "/" => t_string!(i18n, common.nav_home),
        "/schools" => t_string!(i18n, common.nav_schools),
        "/stay" => t_string!(i18n, common.nav_stay),
        "/shop" => t_string!(i18n, common.nav_shop),
        "/visit" => t_string!(i18n, common.nav_visit),
        _ => t_string!(i18n, common.nav_donate),
    }
}

/// The header: brand, section links on wide screens, saved count, language switch.
#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    let saved = use_saved();
    let cart = use_cart();
    view! {
        <header class="topbar">
            <a class="skip-link" href="#main">{tr!(i18n, common.skip_to_content)}</a>
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"陈"</span>
                <span>{tr!(i18n, common.brand)}</span>
            </A>
            <nav class="topnav" aria-label=tr!(i18n, common.sections)>
                {SECTIONS[1..].iter().map(|(href, _)| view! {
                    <A href=*href>{move || section_label(i18n, href)}</A>
                }).collect_view()}
            </nav>
            <A href="/trips" attr:class="saved-link" attr:aria-label=tr!(i18n, book.trips_title)>
                <Svg icon=Icon::Ticket/>
            </A>
            <A href="/cart" attr:class="saved-link" attr:aria-label=tr!(i18n, book.cart_title)>
                <Svg icon=Icon::Bag/>
                <Show when=move || { cart.count() > 0 }>
                    <span class="count">{move || cart.count()}</span>
                </Show>
            </A>
            <A href="/saved" attr:class="saved-link" attr:aria-label=tr!(i18n, common.nav_saved)>
                <Svg icon=Icon::Heart/>
                <Show when=move || { saved.count() > 0 }>
                    <span class="count">{move || saved.count()}</span>
                </Show>
            </A>
            <LangSwitch/>
        </header>
    }
}

/// Switches between Chinese and English; leptos_i18n remembers the choice in a cookie.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.get_locale() {
        Locale::zh => Locale::en,
        Locale::en => Locale::zh,
    };
    view! {
        <button type="button" class="lang-switch" lang=move || other().as_str()
            aria-label=tr!(i18n, common.switch_language)
            on:click=move |_| i18n.set_locale(other())>
            <Svg icon=Icon::Globe/>
            <span>{move || match other() { Locale::en => "EN", Locale::zh => "中文" }}</span>
        </button>
    }
}

/// The bottom tab bar shown on phones; the shop tab carries the cart's count.
#[component]
pub fn TabBar() -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    view! {
        <nav class="tabbar" aria-label=tr!(i18n, common.sections)>
            {SECTIONS.iter().map(|(href, icon)| view! {
                <A href=*href exact={*href == "/"}>
                    <Svg icon=*icon/>
                    <span>{move || section_label(i18n, href)}</span>
                    {(*href == "/shop").then(|| view! {
                        <Show when=move || { cart.count() > 0 }>
                            <span class="tab-badge" aria-hidden="true">{move || cart.count()}</span>
                        </Show>
                    })}
                </A>
            }).collect_view()}
        </nav>
    }
}
