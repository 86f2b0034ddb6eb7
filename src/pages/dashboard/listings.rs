//! The operator's own listings: a school's calendar, room prices and closed nights, a
//! product's range, listing texts, batch stages and QR labels.
use leptos::prelude::*;
use model::staff::OperatorProfile;
use model::{Lodging, Money, Product, School};

use super::editors::{BatchTools, TextEditor};
use crate::api::{self, SubmitError};
use crate::components::form::{Field, FieldError};
use crate::components::status::loaded;
use crate::format::use_lang;
use crate::i18n::*;
use crate::problem::describe;
use crate::text::{local, tr};

/// The number one inline editor changes.
#[derive(Clone, Debug)]
enum NumberTarget {
    Nightly { lodging: String, room: String },
    ExtraPerson { lodging: String, room: String },
}

impl NumberTarget {
    /// Saves `typed`; `None` when it is not a number this target takes.
    fn save(
        &self,
        typed: &str,
    ) -> Option<impl std::future::Future<Output = Result<(), SubmitError>>> {
        let typed = typed.trim();
        let price = Money::parse_yuan(typed);
        let target = self.clone();
        let valid = match &target {
            NumberTarget::Nightly { .. } => price.0 > 0,
            NumberTarget::ExtraPerson { .. } => typed == "0" || price.0 > 0,
        };
        valid.then_some(async move {
            match &target {
                NumberTarget::Nightly { lodging, room } => {
                    api::dashboard::set_nightly(lodging, room, price).await
                }
                NumberTarget::ExtraPerson { lodging, room } => {
                    api::dashboard::set_extra_person(lodging, room, price).await
                }
            }
        })
    }
}

/// Saves one number and says whether it worked.
#[component]
fn NumberEditor(
    #[prop(into)] label: Signal<String>,
    initial: String,
    target: NumberTarget,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(initial);
    let state = RwSignal::new(None::<Result<(), String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(saving) = target.save(&value.get()) else {
            state.set(Some(Err(t_string!(i18n, ops.not_a_number).to_string())));
            return;
        };
        leptos::task::spawn_local(async move {
            let answer = saving.await;
            state.try_set(Some(answer.map_err(|e| describe(&e, i18n))));
        });
    };
    view! {
        <form class="inline-edit" on:submit=submit>
            <Field label value inputmode="decimal"
                error=FieldError::plain(Signal::derive(move || state.get().and_then(Result::err)))/>
            <button type="submit" class="button small">{tr!(i18n, ops.save)}</button>
            {move || matches!(state.get(), Some(Ok(()))).then(|| view! { <span class="saved" role="status">{tr!(i18n, ops.saved)}</span> })}
        </form>
    }
}

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
            <super::schedule::SessionScheduler school=school.clone()/>
        </details>
    }
}

#[component]
fn LodgingEditor(lodging: Lodging) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let slug = lodging.slug.clone();
    view! {
        <details class="ops-item">
            <summary><strong>{local(lodging.name.clone())}</strong></summary>
            <TextEditor collection="lodgings" slug=lodging.slug.clone() name=lodging.name.clone() summary=lodging.summary.clone() story=lodging.story.clone()/>
            <super::schedule::NightCloser lodging=lodging.clone()/>
            <h3>{tr!(i18n, ops.room_prices)}</h3>
            {lodging.rooms.iter().map(|r| {
                let (name, extra_name) = (r.name.clone(), r.name.clone());
                let label = Signal::derive(move || format!("{} · {}", name.get(lang()), t_string!(i18n, ops.nightly_yuan)));
                let extra_label = Signal::derive(move || format!("{} · {}", extra_name.get(lang()), t_string!(i18n, ops.extra_yuan)));
                let nightly = NumberTarget::Nightly { lodging: slug.clone(), room: r.id.clone() };
                let extra = NumberTarget::ExtraPerson { lodging: slug.clone(), room: r.id.clone() };
                view! {
                    <NumberEditor label initial=(r.nightly.0 / 100).to_string() target=nightly/>
                    <NumberEditor label=extra_label initial=(r.extra_person.0 / 100).to_string() target=extra/>
                }
            }).collect_view()}
        </details>
    }
}

#[component]
fn ProductEditor(product: Product) -> impl IntoView {
    view! {
        <details class="ops-item">
            <summary><strong>{local(product.name.clone())}</strong></summary>
            <TextEditor collection="products" slug=product.slug.clone() name=product.name.clone() summary=product.summary.clone() story=product.description.clone()/>
            <super::range::ProductRange product=product.clone()/>
            {product.batch.clone().map(|batch| view! { <BatchTools batch/> })}
        </details>
    }
}
