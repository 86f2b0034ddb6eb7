//! A listing in a list: picture, name, one line, price, badges, heart.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::photo::CardPicture;
use crate::components::saved::HeartButton;
use crate::format::{self, use_lang};
use crate::i18n::*;

/// A list card's availability line.
#[derive(Clone, Copy)]
pub struct Availability {
    pub text: Signal<String>,
    /// Nothing can be booked: shown in the muted "full" style.
    pub full: bool,
}

/// A tappable card linking to a listing's page.
#[component]
pub fn ListingCard(
    #[prop(into)] href: String,
    #[prop(into)] image: String,
    /// The cover photo; the drawn `image` stands in without one.
    #[prop(optional_no_strip)]
    cover: Option<model::photo::Photo>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] line: Signal<String>,
    #[prop(into)] price: Signal<String>,
    /// What the price includes, under it (board, lodging, breakfast).
    #[prop(optional_no_strip)]
    includes: Option<Signal<String>>,
    /// Whether it can be booked: "Next open: 14 Dec", or "Full — see similar".
    #[prop(optional_no_strip)]
    availability: Option<Availability>,
    /// Where "Full — see similar" leads, given for a full listing: the availability line is
    /// then that link.
    #[prop(optional_no_strip)]
    similar: Option<String>,
    /// Key for the heart, e.g. `school:slug`; no heart when empty.
    #[prop(into, optional)]
    save_key: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let inside = availability.filter(|_| similar.is_none());
    view! {
        <article class="card">
            <A href=href attr:class="card-link">
                <CardPicture cover image/>
                <div class="card-body">
                    <h3>{title}</h3>
                    <p class="card-line">{line}</p>
                    <div class="card-meta">
                        <span class="price">{price}</span>
                        {children.map(|c| c())}
                    </div>
                    {includes.map(|text| view! { <p class="card-includes">{text}</p> })}
                    {inside.map(|a| view! {
                        <p class="card-availability" class:full=a.full>{a.text}</p>
                    })}
                </div>
            </A>
            // Outside the card's link: a link may not hold another.
            {availability.zip(similar).map(|(a, href)| view! {
                <A href attr:class="card-availability full card-similar">{a.text}</A>
            })}
            {(!save_key.is_empty()).then(|| view! { <HeartButton key=save_key/> })}
        </article>
    }
}

/// A school's availability line: its next open start date, or full.
pub fn school_availability(next: Option<chrono::NaiveDate>) -> Availability {
    let i18n = use_i18n();
    let lang = use_lang();
    let text = Signal::derive(move || match next {
        Some(date) => {
            t_string!(i18n, schools.next_open, date = format::date(date, lang())).to_string()
        }
        None => t_string!(i18n, schools.full_similar).to_string(),
    });
    Availability {
        text,
        full: next.is_none(),
    }
}

/// A lodging's availability line: free tonight, its next free night, or full.
pub fn lodging_availability(next: Option<chrono::NaiveDate>) -> Availability {
    let i18n = use_i18n();
    let lang = use_lang();
    let today = format::today();
    let text = Signal::derive(move || match next {
        Some(night) if night <= today => t_string!(i18n, stay.free_tonight).to_string(),
        Some(night) => {
            t_string!(i18n, stay.next_free, date = format::date(night, lang())).to_string()
        }
        None => t_string!(i18n, stay.full_similar).to_string(),
    });
    Availability {
        text,
        full: next.is_none(),
    }
}

/// What a programme's price includes, in a few words.
pub fn programme_includes(board: bool, lodging: bool) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || {
        match (board, lodging) {
            (true, true) => t_string!(i18n, schools.incl_both),
            (true, false) => t_string!(i18n, schools.incl_board),
            (false, true) => t_string!(i18n, schools.incl_lodging),
            (false, false) => t_string!(i18n, schools.incl_none),
        }
        .to_string()
    })
}
