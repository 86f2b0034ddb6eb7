//! The operator's own listings: a school's calendar, a lodging's rooms and closed nights, a
//! product's range, listing texts, batch stages and QR labels.
use leptos::prelude::*;
use model::staff::OperatorProfile;
use model::{Lodging, Product, School};

use super::editors::{BatchTools, TextEditor};
use super::photos::PhotosEditor;
use crate::api;
use crate::components::status::loaded;
use crate::i18n::*;
use crate::text::{local, tr};

/// The operator's own listings, each an editor that opens on a tap.
#[component]
pub fn ListingsScreen(profile: OperatorProfile) -> impl IntoView {
    let i18n = use_i18n();
    let owns = move |collection: &str| -> Vec<String> {
        profile
            .listings
            .iter()
            .filter(|l| l.collection == collection)
            .map(|l| l.slug.clone())
            .collect()
    };
    let (schools, lodgings, products) = (owns("schools"), owns("lodgings"), owns("products"));
    for name in ["schools", "lodgings", "products"] {
        api::forget(name);
    }
    let all = LocalResource::new(|| async {
        Ok::<_, api::ApiError>((
            api::schools().await?,
            api::lodgings().await?,
            api::products().await?,
        ))
    });
    view! {
        <section aria-labelledby="ops-listings">
            <h2 id="ops-listings">{tr!(i18n, ops.my_listings)}</h2>
            {loaded(all, move |(all_schools, all_lodgings, all_products)| {
                let schools: Vec<School> = all_schools.into_iter().filter(|s| schools.contains(&s.slug)).collect();
                let lodgings: Vec<Lodging> = all_lodgings.into_iter().filter(|l| lodgings.contains(&l.slug)).collect();
                let products: Vec<Product> = all_products.into_iter().filter(|p| products.contains(&p.slug)).collect();
                let none = schools.is_empty() && lodgings.is_empty() && products.is_empty();
                view! {
                    {none.then(|| view! { <p class="muted">{tr!(i18n, ops.none)}</p> })}
                    {schools.into_iter().map(|s| view! { <SchoolEditor school=s/> }).collect_view()}
                    {lodgings.into_iter().map(|l| view! { <LodgingEditor lodging=l/> }).collect_view()}
                    {products.into_iter().map(|p| view! { <ProductEditor product=p/> }).collect_view()}
                }
            })}
        </section>
    }
}

#[component]
fn SchoolEditor(school: School) -> impl IntoView {
    view! {
        <details class="ops-item">
            <summary><strong>{local(school.name.clone())}</strong></summary>
            <TextEditor collection="schools" slug=school.slug.clone() name=school.name.clone() summary=school.summary.clone() story=school.story.clone()/>
            <PhotosEditor collection="schools" slug=school.slug.clone() photos=school.photos.clone()/>
            <super::schedule::SessionScheduler school=school.clone()/>
        </details>
    }
}

#[component]
fn LodgingEditor(lodging: Lodging) -> impl IntoView {
    view! {
        <details class="ops-item">
            <summary><strong>{local(lodging.name.clone())}</strong></summary>
            <TextEditor collection="lodgings" slug=lodging.slug.clone() name=lodging.name.clone() summary=lodging.summary.clone() story=lodging.story.clone()/>
            <PhotosEditor collection="lodgings" slug=lodging.slug.clone() photos=lodging.photos.clone()/>
            <super::schedule::NightCloser lodging=lodging.clone()/>
            <super::rooms::RoomsEditor lodging=lodging.clone()/>
        </details>
    }
}

#[component]
fn ProductEditor(product: Product) -> impl IntoView {
    view! {
        <details class="ops-item">
            <summary><strong>{local(product.name.clone())}</strong></summary>
            <TextEditor collection="products" slug=product.slug.clone() name=product.name.clone() summary=product.summary.clone() story=product.description.clone()/>
            <PhotosEditor collection="products" slug=product.slug.clone() photos=product.photos.clone()/>
            <super::range::ProductRange product=product.clone()/>
            {product.batch.clone().map(|batch| view! { <BatchTools batch/> })}
        </details>
    }
}
