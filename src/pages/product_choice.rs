//! Choosing what to buy on a product page: size and colour as two selects for clothes and
//! shoes (one chip per combination was ten chips), one chip per variant otherwise, and the
//! size chart that turns height and weight, or foot length, into a size.
use leptos::prelude::*;
use model::sizing::{by_body, by_foot, SizeRow};
use model::{Localized, Product};

use crate::i18n::*;
use crate::text::{local, tr};

/// The chosen variant's index in the product's variants (`None`: that size and colour are
/// not made).
#[component]
pub fn VariantChoice(
    product: StoredValue<Product>,
    chosen: RwSignal<Option<usize>>,
) -> impl IntoView {
    if product.with_value(Product::has_size_or_colour) {
        view! { <SizeAndColour product chosen/> }.into_any()
    } else {
        view! { <VariantChips product chosen/> }.into_any()
    }
}

#[component]
fn VariantChips(product: StoredValue<Product>, chosen: RwSignal<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let chips = product.with_value(|p| p.variants.clone());
    view! {
        <div class="variants" role="radiogroup" aria-label=tr!(i18n, shop.option)>
            {chips.into_iter().enumerate().map(|(i, v)| view! {
                <button type="button" role="radio" class="chip variant" class:sold-out=v.stock == 0
                    aria-checked=move || (chosen.get() == Some(i)).to_string()
                    on:click=move |_| chosen.set(Some(i))>
                    {local(v.label.clone())}
                </button>
            }).collect_view()}
        </div>
    }
}

#[component]
fn SizeAndColour(product: StoredValue<Product>, chosen: RwSignal<Option<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let start = chosen
        .get_untracked()
        .and_then(|i| product.with_value(|p| p.variants.get(i).cloned()));
    let size = RwSignal::new(start.as_ref().and_then(|v| v.size.clone()));
    let colour = RwSignal::new(start.and_then(|v| v.colour));
    Effect::new(move |_| {
        let found =
            product.with_value(|p| p.variant_of(size.get().as_ref(), colour.get().as_ref()));
        chosen.set(found);
    });
    let sizes: Vec<Localized> = product.with_value(|p| p.sizes().into_iter().cloned().collect());
    let colours: Vec<Localized> =
        product.with_value(|p| p.colours().into_iter().cloned().collect());
    let chart: Vec<SizeRow> = product.with_value(|p| p.size_chart.clone());
    view! {
        <div class="choice-row">
            {(!sizes.is_empty()).then(|| view! { <ChoiceSelect label=tr!(i18n, shop.size) options=sizes value=size/> })}
            {(colours.len() > 1).then(|| view! { <ChoiceSelect label=tr!(i18n, shop.colour) options=colours.clone() value=colour/> })}
            {(colours.len() == 1).then(|| view! {
                <p class="muted">{tr!(i18n, shop.colour)} ": " {local(colours[0].clone())}</p>
            })}
        </div>
        {(!chart.is_empty()).then(|| view! { <SizeChart chart size/> })}
    }
}

/// A labelled select of sizes or colours; the value is the chosen one's text.
#[component]
fn ChoiceSelect(
    label: Signal<String>,
    options: Vec<Localized>,
    value: RwSignal<Option<Localized>>,
) -> impl IntoView {
    let lang = crate::format::use_lang();
    let list = StoredValue::new(options);
    let index_of = move || {
        value.with(|v| list.with_value(|l| v.as_ref().and_then(|v| l.iter().position(|o| o == v))))
    };
    view! {
        <label class="form-field choice">
            <span class="form-label">{label}</span>
            <select on:change:target=move |ev| {
                let picked = ev.target().value().parse::<usize>().ok();
                value.set(picked.and_then(|i| list.with_value(|l| l.get(i).cloned())));
            }>
                {list.get_value().into_iter().enumerate().map(|(i, o)| view! {
                    <option value=i.to_string() prop:selected=move || index_of() == Some(i)>{move || o.get(lang()).to_owned()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The chart as a table, and a small calculator that picks the size it suggests.
#[component]
fn SizeChart(chart: Vec<SizeRow>, size: RwSignal<Option<Localized>>) -> impl IntoView {
    let i18n = use_i18n();
    let feet = chart.iter().any(|r| r.foot_mm.is_some());
    let height = RwSignal::new(String::new());
    let weight = RwSignal::new(String::new());
    let foot = RwSignal::new(String::new());
    let chart = StoredValue::new(chart);
    let suggested = move || {
        let n = |s: RwSignal<String>| s.get().trim().parse::<u16>().ok();
        chart.with_value(|c| {
            let row = if feet {
                by_foot(c, n(foot)?)
            } else {
                by_body(c, n(height)?, n(weight)?)
            };
            Some(row.map(|r| r.size.clone()))
        })
    };
    let range = |r: Option<[u16; 2]>| r.map(|[a, b]| format!("{a}–{b}")).unwrap_or_default();
    view! {
        <details class="size-chart">
            <summary>{tr!(i18n, shop.size_chart)}</summary>
            <p class="muted small">{tr!(i18n, shop.size_chart_hint)}</p>
            <div class="choice-row">
                {if feet {
                    view! { <Measure label=tr!(i18n, shop.foot_mm) value=foot/> }.into_any()
                } else {
                    view! { <Measure label=tr!(i18n, shop.height_cm) value=height/><Measure label=tr!(i18n, shop.weight_kg) value=weight/> }.into_any()
                }}
            </div>
            <p class="size-suggestion" aria-live="polite">{move || suggested().map(|found| match found {
                Some(s) => {
                    let name = local(s.clone());
                    view! {
                        <strong>{move || t_string!(i18n, shop.size_suggested, size = name.get()).to_string()}</strong>
                        " " <button type="button" class="button small" on:click=move |_| size.set(Some(s.clone()))>
                            {move || t_string!(i18n, shop.choose_size, size = name.get()).to_string()}
                        </button>
                    }.into_any()
                }
                None => view! { <span>{tr!(i18n, shop.size_none)}</span> }.into_any(),
            })}</p>
            <table class="budget size-table">
                <thead><tr>
                    <th>{tr!(i18n, shop.col_size)}</th>
                    {if feet {
                        view! { <th class="num">{tr!(i18n, shop.col_foot)}</th> }.into_any()
                    } else {
                        view! { <th class="num">{tr!(i18n, shop.col_height)}</th><th class="num">{tr!(i18n, shop.col_weight)}</th> }.into_any()
                    }}
                </tr></thead>
                <tbody>
                    {chart.get_value().into_iter().map(|r| view! {
                        <tr>
                            <td>{local(r.size.clone())}</td>
                            {if feet {
                                view! { <td class="num">{range(r.foot_mm)}</td> }.into_any()
                            } else {
                                view! { <td class="num">{range(r.height_cm)}</td><td class="num">{range(r.weight_kg)}</td> }.into_any()
                            }}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

#[component]
fn Measure(label: Signal<String>, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="form-field choice">
            <span class="form-label">{label}</span>
            <input type="number" inputmode="numeric" min="1"
                prop:value=move || value.get() on:input:target=move |ev| value.set(ev.target().value())/>
        </label>
    }
}
