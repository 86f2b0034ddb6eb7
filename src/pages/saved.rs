//! `/saved`: the listings the visitor marked with a heart on this phone.
use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::saved::use_saved;
use crate::components::status::loaded;
use crate::i18n::*;
use crate::pages::schools::SchoolCardFor;
use crate::pages::shop::ProductCard;
use crate::pages::stay::LodgingCard;
use crate::text::tr;
use model::{Lodging, Product, School};

/// Everything that can be saved, loaded together.
#[derive(Clone)]
struct Listings {
    schools: Vec<School>,
    lodgings: Vec<Lodging>,
    products: Vec<Product>,
}

async fn all_listings() -> Result<Listings, ApiError> {
    Ok(Listings {
        schools: api::schools().await?,
        lodgings: api::lodgings().await?,
        products: api::products().await?,
    })
}

/// `/saved`: hearts kept on this phone, newest first.
#[component]
pub fn SavedPage() -> impl IntoView {
    let i18n = use_i18n();
    let saved = use_saved();
    let listings = LocalResource::new(all_listings);
    view! {
        <PageTitle text=tr!(i18n, common.nav_saved)/>
        <header class="page-head">
            <h1>{tr!(i18n, common.nav_saved)}</h1>
            <p>{tr!(i18n, common.saved_intro)}</p>
        </header>
        {loaded(listings, move |all| move || {
            let keys = saved.keys();
            if keys.is_empty() {
                return view! {
                    <div class="notice empty">
                        <p class="notice-title">{tr!(i18n, common.saved_empty)}</p>
                        <A href="/schools" attr:class="button">{tr!(i18n, common.saved_browse)}</A>
                    </div>
                }.into_any();
            }
            view! {
                <div class="card-list">
                    {keys.into_iter().rev().filter_map(|key| saved_card(&all, &key)).collect_view()}
                </div>
            }.into_any()
        })}
    }
}

fn saved_card(all: &Listings, key: &str) -> Option<AnyView> {
    let (kind, slug) = key.split_once(':')?;
    match kind {
        "school" => all
            .schools
            .iter()
            .find(|s| s.slug == slug)
            .cloned()
            .map(|s| view! { <SchoolCardFor school=s/> }.into_any()),
        "lodging" => all
            .lodgings
            .iter()
            .find(|l| l.slug == slug)
            .cloned()
            .map(|l| {
                let nightly = l.from_price();
                view! { <LodgingCard lodging=l nightly/> }.into_any()
            }),
        "product" => all
            .products
            .iter()
            .find(|p| p.slug == slug)
            .cloned()
            .map(|p| view! { <ProductCard product=p/> }.into_any()),
        _ => None,
    }
}
