//! Local products by category, one product's page, and a batch's traceability timeline.
use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::{Batch, Category, Product, StageKind, StockState, TraceStage, Variant};

use crate::api;
use crate::components::card::ListingCard;
use crate::components::cart::{use_cart, CartLine};
use crate::components::contact::{ContactCard, ShareButton};
use crate::components::photo::HeroPictures;
use crate::components::saved::HeartButton;
use crate::components::status::{listing_page, loaded, NoMatches, NotFound};
use crate::components::support::{SupportBadge, SupportsBox};
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::pages::product_choice::VariantChoice;
use crate::pages::{use_url_query, UrlQuery};
use crate::text::{local, tr, tr_count};

fn category_label(i18n: I18nContext<Locale>, category: Option<Category>) -> &'static str {
    match category {
        None => t_string!(i18n, shop.all),
        Some(Category::TaiChiWear) => t_string!(i18n, shop.cat_wear),
        Some(Category::Shoes) => t_string!(i18n, shop.cat_shoes),
        Some(Category::YamAndHerbs) => t_string!(i18n, shop.cat_yam),
        Some(Category::Snacks) => t_string!(i18n, shop.cat_snacks),
    }
}

/// `/shop`: products by category (`?cat=`).
#[component]
pub fn ShopPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_url_query();
    let category = Memo::new(move |_| q.get("cat").and_then(|c| Category::parse(&c)));
    let products = LocalResource::new(api::products);
    let tab = move |c: Option<Category>| {
        view! {
            <button type="button" class="chip" aria-pressed=move || (category.get() == c).to_string()
                on:click=move |_| q.set("cat", c.map(|c| c.as_str().to_owned()))>
                {move || category_label(i18n, c)}
            </button>
        }
    };
    view! {
        <PageTitle text=tr!(i18n, shop.title)/>
        <header class="page-head">
            <h1>{tr!(i18n, shop.title)}</h1>
            <p>{tr!(i18n, shop.intro)}</p>
        </header>
        <div class="chips scroll" role="group" aria-label=tr!(i18n, shop.categories)>
            {tab(None)}
            {Category::ALL.into_iter().map(|c| tab(Some(c))).collect_view()}
        </div>
        {loaded(products, move |list| view! { <ProductGrid list category q/> })}
    }
}

#[component]
fn ProductGrid(list: Vec<Product>, category: Memo<Option<Category>>, q: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let c = category.get();
        let hits: Vec<Product> = list
            .iter()
            .filter(|p| c.is_none_or(|c| p.category == c))
            .cloned()
            .collect();
        if hits.is_empty() {
            return view! { <NoMatches clear=move || q.clear()/> }.into_any();
        }
        let count = hits.len();
        view! {
            <p class="result-count" role="status">{tr_count!(i18n, count, common.one_result, common.results)}</p>
            <div class="card-grid">
                {hits.into_iter().map(|p| view! { <ProductCard product=p/> }).collect_view()}
            </div>
        }
        .into_any()
    }
}

/// A product in a list or a carousel.
#[component]
pub fn ProductCard(product: Product) -> impl IntoView {
    let i18n = use_i18n();
    let (name, producer) = (product.name.clone(), product.producer.name.clone());
    let from = product.from_price();
    let sold_out = product.total_stock() == 0;
    view! {
        <ListingCard
            href=format!("/shop/{}", product.slug)
            image=product.image.clone()
            cover=product.photos.first().cloned()
            title=local(name.clone())
            line=local(producer.clone())
            price=tr!(i18n, shop.from_price, price = from.display())
            save_key=format!("product:{}", product.slug)>
            {sold_out.then(|| view! { <span class="badge sold-out">{tr!(i18n, shop.sold_out)}</span> })}
            <SupportBadge poverty_alleviation=product.producer.poverty_alleviation kind=product.producer.kind/>
        </ListingCard>
    }
}

/// `/shop/{slug}`: one product, its variants and, for farm goods, its traced batch.
#[component]
pub fn ProductPage() -> impl IntoView {
    listing_page(
        api::products,
        |x: &Product| &x.slug,
        "slug",
        |x| view! { <ProductDetail product=x/> },
    )
}

#[component]
fn ProductDetail(product: Product) -> impl IntoView {
    let i18n = use_i18n();
    let p = StoredValue::new(product.clone());
    let text = move |f: fn(&Product) -> &model::Localized| p.with_value(|v| local(f(v).clone()));
    // Start on the first variant that can be bought.
    let first = product
        .variants
        .iter()
        .position(|v| v.stock > 0)
        .unwrap_or(0);
    let chosen = RwSignal::new(Some(first));
    let variant = move || {
        chosen
            .get()
            .and_then(|i| p.with_value(|p| p.variants.get(i).cloned()))
    };
    let price = move || variant().map(|v| v.price.display()).unwrap_or_default();
    view! {
        <PageTitle text=text(|p| &p.name)/>
        <article class="detail">
            <HeroPictures photos=product.photos.clone() image=product.image.clone()/>
            <header class="detail-head">
                <div class="badges"><SupportBadge poverty_alleviation=product.producer.poverty_alleviation kind=product.producer.kind/></div>
                <h1>{text(|p| &p.name)}</h1>
                <p class="lead">{text(|p| &p.summary)}</p>
                <p class="muted">{tr!(i18n, shop.by)} " " {text(|p| &p.producer.name)} " · " {text(|p| &p.origin)}</p>
                <div class="actions">
                    <HeartButton key=format!("product:{}", product.slug)/>
                    <ShareButton title=text(|p| &p.name)/>
                </div>
            </header>
            <section aria-labelledby="variants-title">
                <h2 id="variants-title">{tr!(i18n, shop.choose)}</h2>
                <VariantChoice product=p chosen/>
                <p class="variant-price"><strong>{price}</strong> " " {move || match variant() {
                    Some(v) => stock_text(i18n, &v),
                    None => t_string!(i18n, shop.unavailable).to_string(),
                }}</p>
            </section>
            <section>
                <h2>{tr!(i18n, shop.about)}</h2>
                <p>{text(|p| &p.description)}</p>
            </section>
            {product.batch.clone().map(|id| view! { <BatchTrace id/> })}
            <ContactCard contact=product.contact.clone()/>
            <SupportsBox operator=product.producer.clone()/>
        </article>
        <div class="action-bar">
            <span class="price">{price}</span>
            <AddToCart product=p variant=Signal::derive(variant)/>
        </div>
    }
}

/// Puts the chosen variant in the cart; sold-out variants cannot be added.
#[component]
fn AddToCart(product: StoredValue<Product>, variant: Signal<Option<Variant>>) -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    let added = RwSignal::new(false);
    let sold_out = move || variant.get().is_none_or(|v| v.stock == 0);
    let add = move |_| {
        let Some(v) = variant.get_untracked() else {
            return;
        };
        product.with_value(|p| {
            cart.add(CartLine {
                sku: v.sku.clone(),
                product: p.slug.clone(),
                name: p.name.clone(),
                label: v.label.clone(),
                image: p.image.clone(),
                price: v.price,
                quantity: 1,
                stock: v.stock,
            })
        });
        added.set(true);
    };
    view! {
        <Show when=move || added.get()>
            <A href="/cart" attr:class="button">{tr!(i18n, book.view_cart)}</A>
        </Show>
        <button type="button" class="button primary" disabled=sold_out on:click=add>
            {move || if sold_out() { t_string!(i18n, shop.sold_out) } else { t_string!(i18n, book.add_to_cart) }}
        </button>
    }
}

fn stock_text(i18n: I18nContext<Locale>, v: &Variant) -> String {
    match v.stock_state() {
        StockState::InStock => t_string!(i18n, shop.in_stock).to_string(),
        StockState::Low => t_string!(i18n, shop.few_left, count = v.stock).to_string(),
        StockState::SoldOut => t_string!(i18n, shop.sold_out).to_string(),
    }
}

/// The traceability timeline of one batch, planting to inspection.
#[component]
pub fn BatchTrace(#[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let batches = LocalResource::new(api::batches);
    let id = StoredValue::new(id);
    view! {
        <section class="trace" aria-labelledby="trace-title">
            <h2 id="trace-title">{tr!(i18n, shop.trace_title)}</h2>
            {loaded(batches, move |list: Vec<Batch>| {
                let batch = list.into_iter().find(|b| id.with_value(|id| &b.id == id));
                batch.map(|b| view! { <Timeline batch=b/> })
            })}
        </section>
    }
}

#[component]
fn Timeline(batch: Batch) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let packed = batch.packed_on();
    let Batch {
        id, name, stages, ..
    } = batch;
    let trace_id = id;
    view! {
        <p class="muted">{local(name.clone())} {move || packed.map(|d| format!(" · {}", t_string!(i18n, shop.packed_on, date = format::date(d, lang()))))}</p>
        <ol class="timeline">
            {stages.into_iter().map(|s| view! { <StageItem stage=s/> }).collect_view()}
        </ol>
        <A href=format!("/trace/{trace_id}")>{tr!(i18n, shop.trace_link)}</A>
    }
}

#[component]
fn StageItem(stage: TraceStage) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let TraceStage {
        stage: kind,
        date,
        place,
        who,
        note,
    } = stage;
    view! {
        <li>
            <h3>{move || stage_label(i18n, kind)}</h3>
            <p class="muted">{move || format::date(date, lang())} " · " {local(place.clone())}</p>
            <p>{local(who.clone())}</p>
            <p>{local(note.clone())}</p>
        </li>
    }
}

pub fn stage_label(i18n: I18nContext<Locale>, kind: StageKind) -> &'static str {
    match kind {
        StageKind::Planting => t_string!(i18n, shop.stage_planting),
        StageKind::Growing => t_string!(i18n, shop.stage_growing),
        StageKind::Harvest => t_string!(i18n, shop.stage_harvest),
        StageKind::Processing => t_string!(i18n, shop.stage_processing),
        StageKind::Packaging => t_string!(i18n, shop.stage_packaging),
        StageKind::Inspection => t_string!(i18n, shop.stage_inspection),
    }
}

/// `/trace/{batch}`: a traced batch's public timeline, the page a package's QR label opens.
#[component]
pub fn TracePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("batch").unwrap_or_default());
    let batches = LocalResource::new(api::batches);
    view! {
        <PageTitle text=tr!(i18n, shop.trace_title)/>
        {loaded(batches, move |list: Vec<Batch>| {
            move || match list.iter().find(|b| b.id == id.get()).cloned() {
                Some(b) => {
                    let product = b.product.clone();
                    view! {
                        <header class="page-head">
                            <h1>{local(b.name.clone())}</h1>
                            <p>{tr!(i18n, shop.trace_title)}</p>
                        </header>
                        <section class="trace"><Timeline batch=b/></section>
                        <A href=format!("/shop/{product}") attr:class="button">{tr!(i18n, shop.see_product)}</A>
                    }
                    .into_any()
                }
                None => view! { <NotFound/> }.into_any(),
            }
        })}
    }
}
