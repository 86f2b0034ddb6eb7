//! The home page's featured carousels. Each card is read from the same collection as the list
//! pages, but into a `model::teaser::Teaser`: only the fields a card shows, the rest of the
//! JSON skipped. With the cards this module is split out of the first download (`#[lazy]`), and stays
//! small because it shares little code with the full listing pages.
use leptos::lazy;
use leptos::prelude::*;
use model::teaser::Teaser;

use crate::api;
use std::collections::HashMap;

use chrono::NaiveDate;

use crate::components::card::{
    lodging_availability, programme_includes, school_availability, ListingCard,
};
use crate::components::status::loaded;
use crate::components::support::SupportBadge;
use crate::i18n::*;
use crate::pages::donate::ProjectCard;
use crate::text::{local, tr};
use model::availability::bookable_first;

/// Which collection a carousel shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Carousel {
    Schools,
    Stays,
    Products,
    Projects,
}

impl Carousel {
    fn collection(self) -> &'static str {
        match self {
            Self::Schools => "schools",
            Self::Stays => "lodgings",
            Self::Products => "products",
            Self::Projects => "projects",
        }
    }
}

/// The cards of one carousel, once the visitor scrolls near it (`WhenNear` on the home page).
#[lazy]
pub async fn carousel(kind: Carousel) -> AnyView {
    let teasers = LocalResource::new(move || async move {
        let list = api::collection::<Teaser>(kind.collection()).await?;
        // Lodging cards say when a room is free; without an answer they say nothing of it.
        let nights = match kind {
            Carousel::Stays => Some(next_nights(&list).await),
            _ => None,
        };
        Ok::<_, api::ApiError>((list, nights))
    });
    loaded(teasers, move |(list, nights)| {
        let today = crate::format::today();
        let mut shown: Vec<Teaser> = list
            .into_iter()
            .filter(|t| t.featured || kind == Carousel::Projects)
            .collect();
        let night_of = |t: &Teaser| nights.as_ref().and_then(|n| n.get(&t.slug).copied());
        // What cannot be booked sinks below what can, as on the list pages.
        match kind {
            Carousel::Schools => bookable_first(&mut shown, |t| t.next_open(today).is_some()),
            Carousel::Stays => bookable_first(&mut shown, |t| night_of(t).flatten().is_some()),
            _ => {}
        }
        view! {
            <div class="carousel">
                {shown.into_iter().map(|t| {
                    let night = night_of(&t);
                    view! { <TeaserCard kind teaser=t night/> }
                }).collect_view()}
            </div>
        }
    })
    .into_any()
}

/// Each lodging's next free night by slug; on a static host (no bookings) tonight for all.
async fn next_nights(list: &[Teaser]) -> HashMap<String, Option<NaiveDate>> {
    match api::next_free_nights().await {
        Ok(Some(offers)) => offers
            .into_iter()
            .map(|o| (o.lodging, o.next_free_night))
            .collect(),
        Ok(None) => {
            let today = crate::format::today();
            list.iter().map(|t| (t.slug.clone(), Some(today))).collect()
        }
        Err(_) => HashMap::new(),
    }
}

/// A featured card; `night` is a lodging's next free night, when known.
#[component]
fn TeaserCard(
    kind: Carousel,
    teaser: Teaser,
    #[prop(optional_no_strip)] night: Option<Option<NaiveDate>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = crate::format::use_lang();
    let price = teaser.lowest_price().display();
    let cheapest = teaser.cheapest().cloned();
    let next_open = teaser.next_open(crate::format::today());
    let sold_out = kind == Carousel::Products && teaser.sold_out();
    let Teaser {
        slug,
        name,
        summary,
        image,
        photos,
        raised,
        goal,
        donors,
        operator,
        ..
    } = teaser;
    let cover = photos.into_iter().next();
    // The listing page's path, the heart's key prefix, the price and the line under the name.
    let (path, key, price, line) = match kind {
        Carousel::Schools => {
            let programme = cheapest
                .as_ref()
                .and_then(|p| p.name.clone())
                .unwrap_or_default();
            let price = Signal::derive(move || {
                t_string!(
                    i18n,
                    schools.from_per_day_of,
                    price = price.clone(),
                    programme = programme.get(lang())
                )
                .to_string()
            });
            ("/schools", "school", price, summary)
        }
        Carousel::Stays => (
            "/stay",
            "lodging",
            tr!(i18n, stay.from_nightly, price = price.clone()),
            summary,
        ),
        Carousel::Products => (
            "/shop",
            "product",
            tr!(i18n, shop.from_price, price = price.clone()),
            operator.name,
        ),
        Carousel::Projects => {
            return view! { <ProjectCard slug image cover name summary raised goal donors/> }
                .into_any()
        }
    };
    let (includes, availability) = match (kind, cheapest) {
        (Carousel::Schools, Some(p)) => (
            Some(programme_includes(p.includes_board, p.includes_lodging)),
            Some(school_availability(next_open)),
        ),
        (Carousel::Stays, _) => (None, night.map(lodging_availability)),
        _ => (None, None),
    };
    view! {
        <ListingCard href=format!("{path}/{slug}") image cover title=local(name) line=local(line) price
            includes availability
            save_key=format!("{key}:{slug}")>
            {sold_out.then(|| view! { <span class="badge sold-out">{tr!(i18n, shop.sold_out)}</span> })}
            <SupportBadge poverty_alleviation=operator.poverty_alleviation kind=operator.kind/>
        </ListingCard>
    }
    .into_any()
}
