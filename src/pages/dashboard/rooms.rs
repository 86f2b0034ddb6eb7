//! A host's rooms: each room's name, beds, guests and prices to change, and a form to add
//! one. The model's rules check the form as the host types; the server applies the same ones.
use leptos::prelude::*;
use model::staff::RoomRequest;
use model::{Localized, Lodging, Money, Room};

use crate::api;
use crate::components::form::{Field, Problems, Submission};
use crate::i18n::*;
use crate::problem::describe;
use crate::text::{local, tr};

/// The lodging's rooms, each in an editor that opens on a tap, and the form that adds one.
#[component]
pub fn RoomsEditor(lodging: Lodging) -> impl IntoView {
    let i18n = use_i18n();
    let lodging = StoredValue::new(lodging);
    let rooms = RwSignal::new(lodging.with_value(|l| l.rooms.clone()));
    view! {
        <h3>{tr!(i18n, ops.rooms)}</h3>
        <For each=move || rooms.get() key=|r| r.id.clone() let:room>
            <details class="ops-new ops-room">
                <summary>{local(room.name.clone())}</summary>
                <RoomForm lodging rooms room=Some(room.clone())/>
                <super::photos::PhotosEditor collection="lodgings" slug=lodging.with_value(|l| l.slug.clone())
                    room=room.id.clone() photos=room.photos.clone()/>
            </details>
        </For>
        <details class="ops-new">
            <summary>{tr!(i18n, ops.add_room)}</summary>
            <RoomForm lodging rooms room=None/>
        </details>
    }
}

/// The room's fields as typed; numbers that do not parse become values the rules refuse.
#[derive(Clone, Copy)]
struct RoomFields {
    texts: [RwSignal<String>; 4],
    base: RwSignal<String>,
    max: RwSignal<String>,
    nightly: RwSignal<String>,
    extra: RwSignal<String>,
}

impl RoomFields {
    fn of(room: Option<&Room>) -> Self {
        let text = |f: fn(&Room) -> String| RwSignal::new(room.map(f).unwrap_or_default());
        RoomFields {
            texts: [
                text(|r| r.name.zh.clone()),
                text(|r| r.name.en.clone()),
                text(|r| r.beds.zh.clone()),
                text(|r| r.beds.en.clone()),
            ],
            base: text(|r| r.base_guests.to_string()),
            max: text(|r| r.max_guests.to_string()),
            nightly: text(|r| r.nightly.yuan_text()),
            extra: RwSignal::new(room.map_or("0".to_owned(), |r| r.extra_person.yuan_text())),
        }
    }

    /// Empties the form for the next room.
    fn clear(&self) {
        for t in self
            .texts
            .iter()
            .chain([&self.base, &self.max, &self.nightly])
        {
            t.set(String::new());
        }
        self.extra.set("0".to_owned());
    }

    fn request(&self) -> RoomRequest {
        let [name_zh, name_en, beds_zh, beds_en] = self.texts.map(|t| t.get());
        let count = |s: RwSignal<String>| s.get().trim().parse().unwrap_or(0);
        let extra = self.extra.get();
        RoomRequest {
            name: Localized {
                zh: name_zh,
                en: name_en,
            },
            beds: Localized {
                zh: beds_zh,
                en: beds_en,
            },
            base_guests: count(self.base),
            max_guests: count(self.max),
            nightly: Money::parse_yuan(&self.nightly.get()),
            // "0" is a free extra guest; anything unreadable is refused by the rules.
            extra_person: if extra.trim() == "0" {
                Money(0)
            } else {
                nonzero(&extra)
            },
        }
    }
}

fn nonzero(typed: &str) -> Money {
    match Money::parse_yuan(typed) {
        Money(0) => Money(-1),
        m => m,
    }
}

#[component]
fn RoomForm(
    lodging: StoredValue<Lodging>,
    rooms: RwSignal<Vec<Room>>,
    room: Option<Room>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fields = RoomFields::of(room.as_ref());
    let id = room.map(|r| r.id);
    let editing = StoredValue::new(id);
    let problems = Problems::new(move || {
        let current = Lodging {
            rooms: rooms.get(),
            ..lodging.get_value()
        };
        let id = editing.get_value();
        fields
            .request()
            .room(&current, id.as_deref())
            .err()
            .unwrap_or_default()
    });
    let submission = Submission::new();
    let saved = RwSignal::new(None::<Room>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !problems.ready_to_send(&submission) {
            return;
        }
        let body = fields.request();
        let slug = lodging.with_value(|l| l.slug.clone());
        let id = editing.get_value();
        submission.pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = match &id {
                Some(id) => api::dashboard::edit_room(&slug, id, &body).await,
                None => api::dashboard::add_room(&slug, &body).await,
            };
            match answer {
                Ok(r) => {
                    api::forget("lodgings");
                    saved.set(Some(r.clone()));
                    if id.is_none() {
                        problems.shown.set(false);
                        fields.clear();
                    }
                    rooms.update(|all| match all.iter_mut().find(|x| x.id == r.id) {
                        Some(slot) => *slot = r,
                        None => all.push(r),
                    });
                }
                Err(e) => problems.refused(e),
            }
            submission.pending.set(false);
        });
    };
    let [name_zh, name_en, beds_zh, beds_en] = fields.texts;
    let is_new = editing.with_value(Option::is_none);
    view! {
        <form class="ops-schedule" on:submit=submit novalidate>
            <Field label=tr!(i18n, ops.name_zh) value=name_zh error=problems.for_field("name.zh")/>
            <Field label=tr!(i18n, ops.name_en) value=name_en error=problems.for_field("name.en")/>
            <p class="form-error" role="alert">{move || problems.for_field("name").text.get()}</p>
            <Field label=tr!(i18n, ops.beds_zh) value=beds_zh error=problems.for_field("beds.zh")/>
            <Field label=tr!(i18n, ops.beds_en) value=beds_en error=problems.for_field("beds.en")/>
            <div class="field-pair">
                <Field label=tr!(i18n, ops.base_guests) value=fields.base inputmode="numeric" error=problems.for_field("base_guests")/>
                <Field label=tr!(i18n, ops.max_guests) value=fields.max inputmode="numeric" error=problems.for_field("max_guests")/>
            </div>
            <div class="field-pair">
                <Field label=tr!(i18n, ops.nightly_yuan) value=fields.nightly inputmode="decimal" error=problems.for_field("nightly")/>
                <Field label=tr!(i18n, ops.extra_yuan) value=fields.extra inputmode="decimal" error=problems.for_field("extra_person")/>
            </div>
            <button type="submit" class="button" disabled=move || submission.pending.get()>
                {move || if is_new { t_string!(i18n, ops.add_room_button) } else { t_string!(i18n, ops.save) }}
            </button>
            {move || problems.server.get().filter(|e| !matches!(e, api::SubmitError::Refused { status: 422, .. })).map(|e| view! { <p class="notice error" role="alert">{describe(&e, i18n)}</p> })}
            {move || saved.get().map(|r| view! {
                <p class="notice ok" role="status">{tr!(i18n, ops.saved)} ": " {local(r.name)}</p>
            })}
        </form>
    }
}
