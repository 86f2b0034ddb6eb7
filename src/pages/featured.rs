//! The home page's featured carousels. Each card is read from the same collection as the list
//! pages, but into a `model::teaser::Teaser`: only the fields a card shows, the rest of the
//! JSON skipped. With the cards this module is split out of the first download (`#[lazy]`), and stays
//! small because it shares little code with the full listing pages.
use leptos::lazy;
use leptos::prelude::*;
use model::teaser::Teaser;

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
            <SupportBadge poverty_alleviation=operator.poverty_alleviation kind=operator.kind/>
        </ListingCard>
    }
    .into_any()
}
