//! An operator's photos of one listing: taken with the phone's camera or chosen from its
//! gallery, put in order (the first is the cover visitors see on cards), described in both
//! languages for those who cannot see them, and taken off in two taps.
use leptos::prelude::*;
use model::photo::{CopyFormat, Photo, PhotoPlace};
use wasm_bindgen::JsCast;

use crate::api;
use crate::i18n::*;
use crate::problem::describe;
use crate::text::tr;

/// A listing's photos and what changes them.
#[component]
pub fn PhotosEditor(
    collection: &'static str,
    slug: String,
    photos: Vec<Photo>,
    /// A lodging's room whose photos these are; the listing's own when absent.
    #[prop(optional, into)]
    room: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let slug = StoredValue::new(slug);
    let room = StoredValue::new(room);
    let photos = RwSignal::new(photos);
    // The alt texts as typed, by photo id: kept aside so typing never redraws the list.
    let alts = StoredValue::new(std::collections::HashMap::<String, model::Localized>::new());
    let answer = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let saved_text = move || t_string!(i18n, ops.saved).to_string();
    let places_of = move |order: Vec<Photo>| -> Vec<PhotoPlace> {
        order
            .into_iter()
            .map(|p| PhotoPlace {
                alt: alts.with_value(|a| a.get(&p.id).cloned()).unwrap_or(p.alt),
                id: p.id,
            })
            .collect()
    };
    let arrange = move |order: Vec<Photo>| {
        let places = places_of(order);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::dashboard::arrange_photos(
                collection,
                &slug.get_value(),
                room.get_value().as_deref(),
                &places,
            )
            .await;
            settle(result, photos, answer, busy, i18n, saved_text());
        });
    };
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        if files.is_empty() {
            return;
        }
        busy.set(true);
        answer.set(Some(Ok(t_string!(i18n, ops.photo_uploading).to_string())));
        leptos::task::spawn_local(async move {
            for file in files {
                let result = api::dashboard::add_photo(
                    collection,
                    &slug.get_value(),
                    room.get_value().as_deref(),
                    file,
                )
                .await;
                let failed = result.is_err();
                settle(
                    result,
                    photos,
                    answer,
                    busy,
                    i18n,
                    t_string!(i18n, ops.photo_added).to_string(),
                );
                if failed {
                    break;
                }
            }
        });
    };
    let uploader = move |camera: bool| {
        let label = if camera {
            tr!(i18n, ops.photo_take)
        } else {
            tr!(i18n, ops.photo_choose)
        };
        view! {
            <label class="button small file-pick" class:ghost=!camera>
                {label}
                <input type="file" accept="image/jpeg,image/png,image/webp,image/*" class="visually-hidden"
                    multiple=!camera capture=camera.then_some("environment") on:change=upload
                    disabled=move || busy.get()/>
            </label>
        }
    };
    view! {
        <section class="ops-photos-editor">
        <h3>{tr!(i18n, ops.photos)}</h3>
        <p class="muted">{tr!(i18n, ops.photos_hint)}</p>
        <ol class="ops-photos">
            <For each=move || photos.get().into_iter().enumerate() key=|(i, p)| (*i, p.id.clone()) let:item>
                <PhotoRow index=item.0 photo=item.1 photos alts arrange busy/>
            </For>
        </ol>
        <div class="ops-actions">{uploader(true)}{uploader(false)}</div>
        <button type="button" class="button small" prop:hidden=move || photos.with(Vec::is_empty)
            disabled=move || busy.get() on:click=move |_| arrange(photos.get_untracked())>
            {tr!(i18n, ops.photo_save_alt)}
        </button>
        <p role="status" aria-live="polite">{move || answer.get().map(|a| match a {
            Ok(text) => view! { <span class="saved">{text}</span> }.into_any(),
            Err(e) => view! { <span class="form-error" role="alert">{e}</span> }.into_any(),
        })}</p>
        </section>
    }
}

/// Takes the server's answer: the photos as saved, or why not.
fn settle(
    result: Result<Vec<Photo>, api::SubmitError>,
    photos: RwSignal<Vec<Photo>>,
    answer: RwSignal<Option<Result<String, String>>>,
    busy: RwSignal<bool>,
    i18n: leptos_i18n::I18nContext<Locale>,
    done: String,
) {
    match result {
        Ok(fresh) => {
            for name in ["schools", "lodgings", "products", "projects"] {
                api::forget(name);
            }
            photos.try_set(fresh);
            answer.try_set(Some(Ok(done)));
        }
        Err(e) => {
            answer.try_set(Some(Err(describe(&e, i18n))));
        }
    }
    busy.try_set(false);
}

#[component]
fn PhotoRow(
    index: usize,
    photo: Photo,
    photos: RwSignal<Vec<Photo>>,
    alts: StoredValue<std::collections::HashMap<String, model::Localized>>,
    arrange: impl Fn(Vec<Photo>) + Copy + Send + Sync + 'static,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(photo.id.clone());
    let moved = move |to: usize| {
        let mut order = photos.get_untracked();
        let item = order.remove(index);
        order.insert(to.min(order.len()), item);
        order
    };
    let without = move || {
        let mut order = photos.get_untracked();
        order.remove(index);
        order
    };
    let alt = photo.alt.clone();
    let alt_input = move |zh: bool| {
        let initial = if zh { alt.zh.clone() } else { alt.en.clone() };
        let label = if zh {
            tr!(i18n, ops.photo_alt_zh)
        } else {
            tr!(i18n, ops.photo_alt_en)
        };
        let fallback = alt.clone();
        let on_input = move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            alts.update_value(|a| {
                let alt = a.entry(id.get_value()).or_insert_with(|| fallback.clone());
                if zh {
                    alt.zh = text
                } else {
                    alt.en = text
                }
            });
        };
        view! {
            <label class="field">
                <span>{label}</span>
                <input type="text" maxlength="200" prop:value=initial on:input=on_input/>
            </label>
        }
    };
    let confirming = RwSignal::new(false);
    view! {
        <li class="ops-photo">
            <img src=photo.src(320, CopyFormat::Jpeg) width=photo.width height=photo.height alt=""/>
            <div class="ops-photo-body">
                {(index == 0).then(|| view! { <span class="badge">{tr!(i18n, ops.photo_cover)}</span> })}
                {alt_input(true)}
                {alt_input(false)}
                <div class="ops-actions">
                    {(index > 0).then(|| view! {
                        <button type="button" class="button small" disabled=move || busy.get()
                            on:click=move |_| arrange(moved(0))>{tr!(i18n, ops.photo_make_cover)}</button>
                        <button type="button" class="button small ghost" disabled=move || busy.get()
                            on:click=move |_| arrange(moved(index - 1))>{tr!(i18n, ops.photo_earlier)}</button>
                    })}
                    <button type="button" class="button small ghost" prop:hidden=move || confirming.get()
                        on:click=move |_| confirming.set(true)>{tr!(i18n, ops.photo_remove)}</button>
                    {move || confirming.get().then(|| view! {
                        <span class="retire-ask" role="alert">{tr!(i18n, ops.photo_remove_confirm)}</span>
                        <button type="button" class="button small" on:click=move |_| arrange(without())>{tr!(i18n, ops.photo_remove_yes)}</button>
                        <button type="button" class="button small ghost" on:click=move |_| confirming.set(false)>{tr!(i18n, ops.photo_keep)}</button>
                    })}
                </div>
            </div>
        </li>
    }
}

/// The village projects' photos: the admin's to keep.
#[component]
pub fn ProjectPhotos(profile: model::staff::OperatorProfile) -> impl IntoView {
    let i18n = use_i18n();
    if profile.role != model::staff::Role::Admin {
        return ().into_any();
    }
    api::forget("projects");
    let projects = LocalResource::new(api::projects);
    view! {
        <section aria-labelledby="ops-project-photos">
            <h2 id="ops-project-photos">{tr!(i18n, ops.project_photos)}</h2>
            {crate::components::status::loaded(projects, move |list| {
                list.into_iter()
                    .map(|p| view! {
                        <details class="ops-item">
                            <summary><strong>{crate::text::local(p.name.clone())}</strong></summary>
                            <PhotosEditor collection="projects" slug=p.slug.clone() photos=p.photos.clone()/>
                        </details>
                    })
                    .collect_view()
            })}
        </section>
    }
    .into_any()
}
