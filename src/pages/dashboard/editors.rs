//! Editors shared by the listings screen: a listing's texts in both languages, and a traced
//! batch's stages with its QR label.
use leptos::prelude::*;
use model::StageKind;

use crate::api;
use crate::components::form::{Field, FieldError};
use crate::components::qr::Qr;
use crate::format;
use crate::i18n::*;
use crate::pages::shop::stage_label;
use crate::problem::describe;
use crate::text::tr;

/// The stages of a batch, as the API names them.
const STAGES: [(&str, StageKind); 6] = [
    ("planting", StageKind::Planting),
    ("growing", StageKind::Growing),
    ("harvest", StageKind::Harvest),
    ("processing", StageKind::Processing),
    ("packaging", StageKind::Packaging),
    ("inspection", StageKind::Inspection),
];

/// Records the next stage of a traced batch, and shows the QR label for its package.
#[component]
pub fn BatchTools(batch: String) -> impl IntoView {
    let i18n = use_i18n();
    let stage = RwSignal::new(String::from("packaging"));
    let place = RwSignal::new(String::new());
    let who = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let state = RwSignal::new(None::<Result<(), String>>);
    let origin = window().location().origin().unwrap_or_default();
    let label_url = format!("{origin}/trace/{batch}");
    let target = batch.clone();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Operators type one text; it is stored in both languages until translated.
        let both = |s: String| serde_json::json!({ "zh": s, "en": s });
        let body = serde_json::json!({
            "stage": stage.get(), "date": format::today(), "place": both(place.get()),
            "who": both(who.get()), "note": both(note.get()),
        });
        let batch = target.clone();
        leptos::task::spawn_local(async move {
            let answer = api::dashboard::add_batch_stage(&batch, &body).await;
            state.try_set(Some(answer.map_err(|e| describe(&e, i18n))));
        });
    };
    view! {
        <h3>{tr!(i18n, ops.batch)} " " {batch.clone()}</h3>
        <form class="book-form" on:submit=add>
            <label class="form-field">
                <span class="form-label">{tr!(i18n, ops.stage)}</span>
                <select prop:value=move || stage.get() on:change:target=move |ev| stage.set(ev.target().value())>
                    {STAGES.into_iter().map(|(value, kind)| view! { <option value=value>{move || stage_label(i18n, kind)}</option> }).collect_view()}
                </select>
            </label>
            <Field label=tr!(i18n, ops.place) value=place error=FieldError::plain(Signal::derive(|| None))/>
            <Field label=tr!(i18n, ops.who) value=who error=FieldError::plain(Signal::derive(|| None))/>
            <Field label=tr!(i18n, ops.note) value=note error=FieldError::plain(Signal::derive(|| None))/>
            <button type="submit" class="button small">{tr!(i18n, ops.add_stage)}</button>
            {move || state.get().map(|r| match r {
                Ok(()) => view! { <span class="saved" role="status">{tr!(i18n, ops.saved)}</span> }.into_any(),
                Err(e) => view! { <span class="form-error" role="alert">{e}</span> }.into_any(),
            })}
        </form>
        <div class="qr-label">
            <Qr text=label_url.clone() label=tr!(i18n, ops.qr_label)/>
            <p class="mono small">{label_url}</p>
            <button type="button" class="button small ghost" on:click=|_| { let _ = window().print(); }>{tr!(i18n, ops.print)}</button>
        </div>
    }
}

/// Name, summary and story in both languages, saved together.
#[component]
pub fn TextEditor(
    collection: &'static str,
    slug: String,
    name: model::Localized,
    summary: model::Localized,
    story: model::Localized,
) -> impl IntoView {
    let i18n = use_i18n();
    let fields = [
        ("name", RwSignal::new(name.zh), RwSignal::new(name.en)),
        (
            "summary",
            RwSignal::new(summary.zh),
            RwSignal::new(summary.en),
        ),
        ("story", RwSignal::new(story.zh), RwSignal::new(story.en)),
    ];
    let state = RwSignal::new(None::<Result<(), String>>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut body = serde_json::Map::new();
        for (key, zh, en) in fields {
            body.insert(
                key.into(),
                serde_json::json!({ "zh": zh.get(), "en": en.get() }),
            );
        }
        let (slug, body) = (slug.clone(), serde_json::Value::Object(body));
        leptos::task::spawn_local(async move {
            let answer = api::dashboard::set_listing_text(collection, &slug, &body).await;
            if answer.is_ok() {
                api::forget(collection);
            }
            state.try_set(Some(answer.map_err(|e| describe(&e, i18n))));
        });
    };
    let label = move |key: &str, lang: &str| match (key, lang) {
        ("name", "zh") => t_string!(i18n, ops.name_zh),
        ("name", _) => t_string!(i18n, ops.name_en),
        ("summary", "zh") => t_string!(i18n, ops.summary_zh),
        ("summary", _) => t_string!(i18n, ops.summary_en),
        (_, "zh") => t_string!(i18n, ops.story_zh),
        _ => t_string!(i18n, ops.story_en),
    };
    view! {
        <h3>{tr!(i18n, ops.texts)}</h3>
        <form class="book-form" on:submit=save>
            {fields.into_iter().map(|(key, zh, en)| {
                let rows = if key == "story" { "5" } else { "2" };
                view! {
                    <label class="form-field">
                        <span class="form-label">{move || label(key, "zh")}</span>
                        <textarea rows=rows prop:value=move || zh.get() on:input:target=move |ev| zh.set(ev.target().value())></textarea>
                    </label>
                    <label class="form-field">
                        <span class="form-label">{move || label(key, "en")}</span>
                        <textarea rows=rows prop:value=move || en.get() on:input:target=move |ev| en.set(ev.target().value())></textarea>
                    </label>
                }
            }).collect_view()}
            <button type="submit" class="button small">{tr!(i18n, ops.save_texts)}</button>
            {move || state.get().map(|r| match r {
                Ok(()) => view! { <span class="saved" role="status">{tr!(i18n, ops.saved)}</span> }.into_any(),
                Err(e) => view! { <span class="form-error" role="alert">{e}</span> }.into_any(),
            })}
        </form>
    }
}
