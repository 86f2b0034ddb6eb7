//! The province → city → district picker of a postal address. The region list (about 50 KB
//! compressed) is fetched when the picker first shows, never on a first visit.
use std::sync::Arc;

use leptos::prelude::*;
use model::region::{Area, Regions};

use crate::api;
use crate::components::form::{Field, FieldError, Problems};
use crate::format::use_lang;
use crate::i18n::*;
use crate::text::tr;

/// Province, city and district as chosen (names, as a Chinese address writes them).
#[derive(Clone, Copy)]
pub struct RegionChoice {
    pub province: RwSignal<String>,
    pub city: RwSignal<String>,
    pub district: RwSignal<String>,
}

impl RegionChoice {
    pub fn new() -> Self {
        RegionChoice {
            province: RwSignal::new(String::new()),
            city: RwSignal::new(String::new()),
            district: RwSignal::new(String::new()),
        }
    }
}

/// Three selects fed by the region list; typed fields when the list cannot be loaded.
#[component]
pub fn RegionPicker(choice: RegionChoice, problems: Problems) -> impl IntoView {
    let i18n = use_i18n();
    let regions = LocalResource::new(api::regions);
    let typed = move || {
        view! {
            <p class="muted small">{tr!(i18n, shop.regions_offline)}</p>
            <Field label=tr!(i18n, book.province) value=choice.province error=problems.for_field("delivery.address.province") autocomplete="address-level1"/>
            <Field label=tr!(i18n, book.city) value=choice.city error=problems.for_field("delivery.address.city") autocomplete="address-level2"/>
            <Field label=tr!(i18n, shop.district) value=choice.district error=problems.for_field("delivery.address.district") autocomplete="address-level3"/>
        }
    };
    view! {
        <Transition fallback=|| view! { <div class="skeleton-line" aria-hidden="true"></div> }>
            {move || Suspend::new(async move {
                match regions.await {
                    Ok(list) => view! { <Selects list choice problems/> }.into_any(),
                    Err(_) => typed().into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Selects(list: Arc<Regions>, choice: RegionChoice, problems: Problems) -> impl IntoView {
    let i18n = use_i18n();
    let RegionChoice {
        province,
        city,
        district,
    } = choice;
    let lang = use_lang();
    let options = move |areas: Vec<&Area>| -> Vec<(String, String)> {
        let lang = lang();
        areas
            .into_iter()
            .map(|a| (a.name().to_owned(), a.label(lang)))
            .collect()
    };
    let (l1, l2, l3) = (list.clone(), list.clone(), list);
    let provinces = Signal::derive(move || options(l1.provinces()));
    let cities = Signal::derive(move || province.with(|p| options(l2.cities(p))));
    let districts = Signal::derive(move || {
        let (p, c) = (province.get(), city.get());
        options(l3.districts(&p, &c))
    });
    view! {
        <RegionSelect label=tr!(i18n, book.province) value=province options=provinces
            error=problems.for_field("delivery.address.province") autocomplete="address-level1"
            on_pick=move || { city.set(String::new()); district.set(String::new()); }/>
        <RegionSelect label=tr!(i18n, book.city) value=city options=cities
            error=problems.for_field("delivery.address.city") autocomplete="address-level2"
            on_pick=move || district.set(String::new())/>
        <RegionSelect label=tr!(i18n, shop.district) value=district options=districts
            error=problems.for_field("delivery.address.district") autocomplete="address-level3"
            on_pick=|| ()/>
    }
}

/// One labelled select; picking a value clears the levels below it (`on_pick`).
#[component]
fn RegionSelect(
    label: Signal<String>,
    value: RwSignal<String>,
    /// (value: the Chinese name, label in the visitor's language).
    options: Signal<Vec<(String, String)>>,
    error: FieldError,
    autocomplete: &'static str,
    on_pick: impl Fn() + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-field" class:invalid=move || error.shown().is_some()>
            <label>
                <span class="form-label">{label}</span>
                <select autocomplete=autocomplete disabled=move || options.with(Vec::is_empty)
                    aria-invalid=move || error.shown().is_some().to_string()
                    on:change:target=move |ev| { value.set(ev.target().value()); on_pick(); }
                    on:blur=move |_| error.touch()>
                    <option value="" prop:selected=move || value.with(String::is_empty)>{tr!(i18n, shop.choose_region)}</option>
                    {move || options.get().into_iter().map(|(name, label)| {
                        let chosen = name.clone();
                        view! { <option value=name prop:selected=move || value.with(|v| *v == chosen)>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <span class="form-error" role="alert">{move || error.shown()}</span>
        </div>
    }
}
