//! The home page's featured carousels. Each card is read from the same collection as the list
//! pages, but into a [`Teaser`]: only the fields a card shows, the rest of the JSON skipped.
//! With the cards this module is split out of the first download (`#[lazy]`), and stays
//! small because it shares little code with the full listing pages.
use leptos::lazy;
use leptos::prelude::*;
use model::{Localized, Money};
use serde::Deserialize;

use crate::api;
use crate::components::card::ListingCard;
use crate::components::status::loaded;
use crate::components::support::SupportBadge;
use crate::i18n::*;
use crate::pages::donate::ProjectCard;
use crate::text::{local, tr};

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

/// What a featured card shows of a school, lodging, product or project.
#[derive(Clone, Debug, Deserialize)]
pub struct Teaser {
    slug: String,
    name: Localized,
    summary: Localized,
    image: String,
    /// Projects carry no flag: all of them are shown.
    #[serde(default)]
    featured: bool,
    /// The family, school or cooperative: `producer` for products, `operator` otherwise.
    #[serde(alias = "producer")]
    operator: Household,
    /// Programmes, rooms or variants: whatever carries the prices.
    #[serde(default, alias = "rooms", alias = "variants")]
    programs: Vec<Priced>,
    #[serde(default)]
    raised: Money,
    #[serde(default)]
    goal: Money,
    #[serde(default)]
    donors: u32,
}

#[derive(Clone, Debug, Deserialize)]
struct Household {
    name: Localized,
    poverty_alleviation: bool,
}

/// A programme (price per person over days), a room (nightly) or a variant (price, stock).
#[derive(Clone, Debug, Deserialize)]
struct Priced {
    #[serde(alias = "price_per_person", alias = "nightly")]
    price: Money,
    #[serde(default)]
    days: Option<u32>,
    #[serde(default)]
    stock: Option<u32>,
}

impl Teaser {
    /// The cheapest price: per day for a programme, per night for a room, per unit otherwise.
    fn lowest_price(&self) -> Money {
        let each = |p: &Priced| p.days.map_or(p.price, |days| p.price.per(days));
        self.programs.iter().map(each).min().unwrap_or_default()
    }

    fn sold_out(&self) -> bool {
        self.programs.iter().all(|p| p.stock == Some(0))
    }
}

/// The cards of one carousel, once the visitor scrolls near it (`WhenNear` on the home page).
#[lazy]
pub async fn carousel(kind: Carousel) -> AnyView {
    let teasers = LocalResource::new(move || api::collection::<Teaser>(kind.collection()));
    loaded(teasers, move |list| {
        let shown = list
            .into_iter()
            .filter(|t| t.featured || kind == Carousel::Projects);
        view! {
            <div class="carousel">
                {shown.map(|t| view! { <TeaserCard kind teaser=t/> }).collect_view()}
            </div>
        }
    })
    .into_any()
}

#[component]
fn TeaserCard(kind: Carousel, teaser: Teaser) -> impl IntoView {
    let i18n = use_i18n();
    let price = teaser.lowest_price().display();
    let sold_out = kind == Carousel::Products && teaser.sold_out();
    let Teaser {
        slug,
        name,
        summary,
        image,
        raised,
        goal,
        donors,
        operator,
        ..
    } = teaser;
    // The listing page's path, the heart's key prefix, the price and the line under the name.
    let (path, key, price, line) = match kind {
        Carousel::Schools => (
            "/schools",
            "school",
            tr!(i18n, schools.from_per_day, price = price.clone()),
            summary,
        ),
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
            return view! { <ProjectCard slug image name summary raised goal donors/> }.into_any()
        }
    };
    view! {
        <ListingCard href=format!("{path}/{slug}") image title=local(name) line=local(line) price
            save_key=format!("{key}:{slug}")>
            {sold_out.then(|| view! { <span class="badge sold-out">{tr!(i18n, shop.sold_out)}</span> })}
            <SupportBadge poverty_alleviation=operator.poverty_alleviation/>
        </ListingCard>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Lodging, Product, School};

    fn both<T: serde::de::DeserializeOwned>(name: &str) -> Vec<(T, Teaser)> {
        let path = format!("{}/public/data/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let full: Vec<T> = serde_json::from_str(&text).unwrap();
        let teasers: Vec<Teaser> = serde_json::from_str(&text).unwrap();
        full.into_iter().zip(teasers).collect()
    }

    #[test]
    fn a_teaser_prices_a_school_from_its_cheapest_programme_per_day() {
        for (school, teaser) in both::<School>("schools") {
            let per_day = school.programs.iter().map(|p| p.price_per_day()).min();
            assert_eq!(
                teaser.lowest_price(),
                per_day.unwrap_or_default(),
                "{}",
                school.slug
            );
            assert_eq!(teaser.featured, school.featured);
        }
    }

    #[test]
    fn a_teaser_prices_rooms_and_variants_as_the_listing_pages_do() {
        for (lodging, teaser) in both::<Lodging>("lodgings") {
            assert_eq!(
                teaser.lowest_price(),
                lodging.from_price(),
                "{}",
                lodging.slug
            );
            assert_eq!(
                teaser.operator.poverty_alleviation,
                lodging.operator.poverty_alleviation
            );
        }
        for (product, teaser) in both::<Product>("products") {
            assert_eq!(
                teaser.lowest_price(),
                product.from_price(),
                "{}",
                product.slug
            );
            assert_eq!(
                teaser.sold_out(),
                product.total_stock() == 0,
                "{}",
                product.slug
            );
            assert_eq!(teaser.operator.name, product.producer.name);
        }
    }
}
