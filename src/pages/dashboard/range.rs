//! A seller's range of one product: each variant's price and stock to change or retire, and
//! a form to add a size and colour (clothes, shoes) or a kind ("2.5 kg gift box"). The model's
//! rules check the form as the seller types; the server applies the same ones.
use leptos::prelude::*;
use model::staff::VariantRequest;
use model::{Localized, Money, Product, Variant};

use crate::api;
use crate::components::form::{Field, Problems, Submission};
use crate::i18n::*;
use crate::problem::describe;
use crate::text::{local, tr};

/// The product's variants, each editable, and the form that adds one.
#[component]
pub fn ProductRange(product: Product) -> impl IntoView {
    let i18n = use_i18n();
    let product = StoredValue::new(product);
    let variants = RwSignal::new(product.with_value(|p| p.variants.clone()));
    view! {
        <h3>{tr!(i18n, ops.range)}</h3>
        <ul class="ops-range">
            <For each=move || variants.get() key=|v| (v.sku.clone(), v.price, v.stock) let:variant>
                <VariantRow product variant variants/>
            </For>
        </ul>
        <NewVariant product variants/>
    }
}

/// A request for `product` from what the form holds: clothes by size and colour, other goods
/// by a label. A size reads the same in both languages ("XL", "42").
fn request_of(
    by_choice: bool,
    texts: [RwSignal<String>; 5],
    price: RwSignal<String>,
    stock: RwSignal<String>,
) -> VariantRequest {
    let [size, colour_zh, colour_en, label_zh, label_en] = texts.map(|t| t.get());
    let text = |zh: String, en: String| Localized { zh, en };
    VariantRequest {
        label: (!by_choice).then(|| text(label_zh, label_en)),
        size: (by_choice && !size.trim().is_empty()).then(|| text(size.clone(), size)),
        colour: (by_choice && !(colour_zh.trim().is_empty() && colour_en.trim().is_empty()))
            .then(|| text(colour_zh, colour_en)),
        price: Money::parse_yuan(&price.get()),
        stock: stock.get().trim().parse().unwrap_or(u32::MAX),
    }
}

#[component]
fn VariantRow(
    product: StoredValue<Product>,
    variant: Variant,
    variants: RwSignal<Vec<Variant>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let price = RwSignal::new(variant.price.yuan_text());
    let stock = RwSignal::new(variant.stock.to_string());
    let answer = RwSignal::new(None::<Result<(), String>>);
    let saved = StoredValue::new(variant.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let v = saved.get_value();
        let request = VariantRequest {
            label: (v.size.is_none() && v.colour.is_none()).then(|| v.label.clone()),
            size: v.size.clone(),
            colour: v.colour.clone(),
            price: Money::parse_yuan(&price.get()),
            stock: stock.get().trim().parse().unwrap_or(u32::MAX),
        };
        if let Err(e) = product.with_value(|p| request.clone().variant(p, Some(&v.sku))) {
            let first = e
                .fields()
                .next()
                .and_then(|f| e.get(f))
                .and_then(|p| p.first().cloned());
            let lang = crate::problem::lang_of(i18n);
            answer.set(first.map(|p| Err(crate::problem::word(&p, lang))));
            return;
        }
        let slug = product.with_value(|p| p.slug.clone());
        leptos::task::spawn_local(async move {
            let result = api::dashboard::edit_variant(&slug, &v.sku, &request).await;
            if let Ok(fresh) = &result {
                api::forget("products");
                saved.set_value(fresh.clone());
            }
            answer.try_set(Some(result.map(|_| ()).map_err(|e| describe(&e, i18n))));
        });
    };
    let sku = variant.sku.clone();
    // A mis-tap must not take a size off sale: the first tap asks.
    let confirming = RwSignal::new(false);
    let retire = move |_| {
        let slug = product.with_value(|p| p.slug.clone());
        let sku = sku.clone();
        leptos::task::spawn_local(async move {
            match api::dashboard::retire_variant(&slug, &sku).await {
                Ok(()) => {
                    api::forget("products");
                    variants.update(|all| all.retain(|v| v.sku != sku));
                }
                Err(e) => {
                    answer.try_set(Some(Err(describe(&e, i18n))));
                }
            }
        });
    };
    let none = Signal::derive(|| None::<String>);
    view! {
        <li class="ops-variant">
            <form class="inline-edit" on:submit=save novalidate>
                <strong class="variant-name">{local(variant.label.clone())}</strong>
                <Field label=tr!(i18n, ops.price_yuan) value=price inputmode="decimal" error=crate::components::form::FieldError::plain(none)/>
                <Field label=tr!(i18n, ops.stock) value=stock inputmode="numeric" error=crate::components::form::FieldError::plain(none)/>
                <button type="submit" class="button small">{tr!(i18n, ops.save)}</button>
                <button type="button" class="button small ghost" on:click=move |_| confirming.set(true)
                    prop:hidden=move || confirming.get()>{tr!(i18n, ops.retire_variant)}</button>
                {move || confirming.get().then(|| view! {
                    <p class="retire-ask" role="alert">{tr!(i18n, ops.retire_confirm)}</p>
                    <button type="button" class="button small" on:click=retire.clone()>{tr!(i18n, ops.retire_yes)}</button>
                    <button type="button" class="button small ghost" on:click=move |_| confirming.set(false)>{tr!(i18n, ops.keep_selling)}</button>
                })}
                {move || answer.get().map(|a| match a {
                    Ok(()) => view! { <span class="saved" role="status">{tr!(i18n, ops.saved)}</span> }.into_any(),
                    Err(e) => view! { <span class="form-error" role="alert">{e}</span> }.into_any(),
                })}
            </form>
        </li>
    }
}

#[component]
fn NewVariant(product: StoredValue<Product>, variants: RwSignal<Vec<Variant>>) -> impl IntoView {
    let i18n = use_i18n();
    let by_choice = product.with_value(|p| p.has_size_or_colour() || p.variants.is_empty());
    let texts: [RwSignal<String>; 5] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [size, colour_zh, colour_en, label_zh, label_en] = texts;
    let price = RwSignal::new(String::new());
    let stock = RwSignal::new(String::new());
    let request = move || request_of(by_choice, texts, price, stock);
    let problems = Problems::new(move || {
        let current = Product {
            variants: variants.get(),
            ..product.get_value()
        };
        request().variant(&current, None).err().unwrap_or_default()
    });
    let submission = Submission::new();
    let made = RwSignal::new(None::<Variant>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !problems.ready_to_send(&submission) {
            return;
        }
        let body = request();
        let slug = product.with_value(|p| p.slug.clone());
        submission.pending.set(true);
        leptos::task::spawn_local(async move {
            match api::dashboard::add_variant(&slug, &body).await {
                Ok(v) => {
                    api::forget("products");
                    variants.update(|all| all.push(v.clone()));
                    made.set(Some(v));
                    problems.shown.set(false);
                    for t in texts {
                        t.set(String::new());
                    }
                    price.set(String::new());
                    stock.set(String::new());
                }
                Err(e) => problems.refused(e),
            }
            submission.pending.set(false);
        });
    };
    view! {
        <details class="ops-new">
            <summary>{tr!(i18n, ops.add_variant)}</summary>
            <form class="ops-schedule" on:submit=submit novalidate>
                {if by_choice {
                    view! {
                        <Field label=tr!(i18n, ops.variant_size) value=size error=problems.for_field("size.en")/>
                        <Field label=tr!(i18n, ops.colour_zh) value=colour_zh error=problems.for_field("colour.zh")/>
                        <Field label=tr!(i18n, ops.colour_en) value=colour_en error=problems.for_field("colour.en")/>
                    }.into_any()
                } else {
                    view! {
                        <Field label=tr!(i18n, ops.kind_zh) value=label_zh error=problems.for_field("label.zh")/>
                        <Field label=tr!(i18n, ops.kind_en) value=label_en error=problems.for_field("label.en")/>
                    }.into_any()
                }}
                <p class="form-error" role="alert">{move || {
                    let clash = problems.for_field(if by_choice { "size" } else { "label" });
                    clash.text.get()
                }}</p>
                <Field label=tr!(i18n, ops.price_yuan) value=price inputmode="decimal" error=problems.for_field("price")/>
                <Field label=tr!(i18n, ops.stock) value=stock inputmode="numeric" error=problems.for_field("stock")/>
                <button type="submit" class="button" disabled=move || submission.pending.get()>{tr!(i18n, ops.add_variant_button)}</button>
                {move || problems.server.get().filter(|e| !matches!(e, api::SubmitError::Refused { status: 422, .. })).map(|e| view! { <p class="notice error" role="alert">{describe(&e, i18n)}</p> })}
                {move || made.get().map(|v| view! {
                    <p class="notice ok" role="status">{tr!(i18n, ops.variant_added)} " " {local(v.label)}</p>
                })}
            </form>
        </details>
    }
}
