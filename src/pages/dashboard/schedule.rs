//! A host's calendar for one school: schedule a programme's sessions (once, or every week
//! for a number of weeks), move a session to another day or cancel it. The model's rules
//! check the form as the host types; the server applies the same ones.
use chrono::NaiveDate;
use leptos::prelude::*;
use model::booking::FieldErrors;
use model::staff::{
    CloseNightsRequest, DeclineRequest, MoveSessionRequest, ProgramRequest, ScheduleRequest,
};
use model::{Level, Localized, Lodging, Money, Problem, Program, School, Session};

use crate::api;
use crate::components::form::{Field, FieldError, Problems, Submission};
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::problem::describe;
use crate::text::{local, tr};

/// Scheduling for each programme of `school`, and its upcoming sessions to move or cancel.
#[component]
pub fn SessionScheduler(school: School) -> impl IntoView {
    let slug = school.slug.clone();
    view! {
        {school
            .programs
            .into_iter()
            .map(|program| view! { <ProgrammeCalendar school=slug.clone() program/> })
            .collect_view()}
        <NewProgramme school=school.slug.clone()/>
    }
}

#[component]
fn ProgrammeCalendar(school: String, program: Program) -> impl IntoView {
    let i18n = use_i18n();
    let today = format::today();
    let upcoming: Vec<Session> = program
        .sessions
        .iter()
        .filter(|s| s.start > today)
        .cloned()
        .collect();
    let capacity = program.series.last().map_or(12, |s| s.capacity).to_string();
    view! {
        <section class="ops-calendar">
            <h3>{local(program.name.clone())}</h3>
            <ScheduleForm school=school.clone() program=program.id.clone() capacity/>
            <details>
                <summary>{tr!(i18n, schedule.upcoming)} " (" {upcoming.len()} ")"</summary>
                <ul class="ops-sessions">
                    {upcoming.into_iter().map(|s| view! { <SessionRow session=s/> }).collect_view()}
                </ul>
            </details>
            <details class="ops-new">
                <summary>{tr!(i18n, schedule.edit_programme)}</summary>
                <ProgrammeForm school=school.clone() program=Some(program.clone())/>
                <RetireProgramme school=school.clone() program=program.id.clone()/>
            </details>
        </section>
    }
}

/// The request the form stands for, checked by the model's rule for `today`.
fn schedule_request(
    first: &str,
    repeat: &str,
    count: &str,
    capacity: &str,
    today: NaiveDate,
) -> Result<ScheduleRequest, FieldErrors> {
    let every_days = repeat.parse::<u16>().ok().filter(|d| *d > 0);
    let request = ScheduleRequest {
        first: model::iso_date::parse(first.trim()).unwrap_or(today),
        every_days,
        count: every_days.map(|_| count.trim().parse().unwrap_or(0)),
        capacity: capacity.trim().parse().unwrap_or(0),
    };
    let mut errors = match request.clone().parse(String::new(), today) {
        Ok(_) => FieldErrors::default(),
        Err(e) => e,
    };
    if first.trim().is_empty() {
        errors = FieldErrors::default();
        errors.add("first", Problem::Required {});
    }
    errors.into_result(request)
}

#[component]
fn ScheduleForm(school: String, program: String, capacity: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let today = format::today();
    let first = RwSignal::new(String::new());
    let repeat = RwSignal::new("7".to_owned());
    let count = RwSignal::new("8".to_owned());
    let capacity = RwSignal::new(capacity);
    let request = move || {
        schedule_request(
            &first.get(),
            &repeat.get(),
            &count.get(),
            &capacity.get(),
            today,
        )
    };
    let problems = Problems::new(move || request().err().unwrap_or_default());
    let submission = Submission::new();
    let made = RwSignal::new(None::<Vec<Session>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        made.set(None);
        if !problems.ready_to_send(&submission) {
            return;
        }
        let Ok(body) = request() else { return };
        let key = submission.key_for(&body);
        let (school, program) = (school.clone(), program.clone());
        submission.pending.set(true);
        leptos::task::spawn_local(async move {
            match api::dashboard::schedule_sessions(&school, &program, &body, &key).await {
                Ok(sessions) => {
                    submission.done();
                    api::forget("schools");
                    made.set(Some(sessions));
                }
                Err(e) => problems.server.set(Some(e)),
            }
            submission.pending.set(false);
        });
    };
    let tomorrow = (today + chrono::Duration::days(1)).to_string();
    view! {
        <form class="ops-schedule" on:submit=submit novalidate>
            <Field label=tr!(i18n, schedule.first) value=first kind="date"
                min=Signal::derive(move || tomorrow.clone()) error=problems.for_field("first")/>
            <div class="form-field">
                <label>
                    <span class="form-label">{tr!(i18n, schedule.repeat)}</span>
                    <select on:change:target=move |ev| repeat.set(ev.target().value()) prop:value=move || repeat.get()>
                        <option value="0">{tr!(i18n, schedule.once)}</option>
                        <option value="7">{tr!(i18n, schedule.weekly)}</option>
                        <option value="14">{tr!(i18n, schedule.fortnightly)}</option>
                        <option value="28">{tr!(i18n, schedule.four_weekly)}</option>
                    </select>
                </label>
            </div>
            <Show when=move || repeat.get() != "0">
                <Field label=tr!(i18n, schedule.count) value=count inputmode="numeric" error=problems.for_field("count")/>
            </Show>
            <Field label=tr!(i18n, schedule.capacity) value=capacity inputmode="numeric" error=problems.for_field("capacity")/>
            <span class="form-error" role="alert">{move || problems.for_field("every_days").text.get()}</span>
            <button type="submit" class="button" disabled=move || submission.pending.get()>{tr!(i18n, schedule.add)}</button>
            {move || problems.server.get().filter(|e| !matches!(e, api::SubmitError::Refused { status: 422, .. })).map(|e| view! { <p class="notice error" role="alert">{describe(&e, i18n)}</p> })}
            {move || made.get().map(|sessions| {
                let n = sessions.len();
                let dates: Vec<String> = sessions.iter().take(6).map(|s| format::date(s.start, lang())).collect();
                view! {
                    <p class="notice ok" role="status">
                        {tr!(i18n, schedule.added, n = n)} " " {dates.join(" · ")}
                        {(n > 6).then_some(" …")}
                    </p>
                }
            })}
        </form>
    }
}

/// One upcoming session: its date and places, and how to move or cancel it.
#[component]
fn SessionRow(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let id = session.id.clone();
    let start = session.start;
    let places = RwSignal::new(session.capacity.to_string());
    let new_date = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let answer = RwSignal::new(None::<Result<String, String>>);
    let gone = RwSignal::new(false);
    let move_id = id.clone();
    let places_id = id.clone();
    let set_places = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(capacity) = places.get().trim().parse::<u32>() else {
            answer.set(Some(Err(t_string!(i18n, ops.not_a_number).to_string())));
            return;
        };
        let id = places_id.clone();
        leptos::task::spawn_local(async move {
            let done = api::dashboard::set_capacity(&id, capacity).await;
            api::forget("schools");
            answer.set(Some(
                done.map(|_| t_string!(i18n, ops.saved).to_string())
                    .map_err(|e| describe(&e, i18n)),
            ));
        });
    };
    let move_it = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(date) = model::iso_date::parse(new_date.get().trim()) else {
            answer.set(Some(Err(t_string!(i18n, ops.bad_date).to_string())));
            return;
        };
        let id = move_id.clone();
        leptos::task::spawn_local(async move {
            let body = MoveSessionRequest { start: date };
            let done = api::dashboard::move_session(&id, &body).await;
            api::forget("schools");
            answer.set(Some(
                done.map(|_| t_string!(i18n, schedule.moved).to_string())
                    .map_err(|e| describe(&e, i18n)),
            ));
        });
    };
    let cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        let body = DeclineRequest {
            reason: reason.get(),
        };
        leptos::task::spawn_local(async move {
            let done = api::dashboard::cancel_session(&id, &body).await;
            api::forget("schools");
            gone.set(done.is_ok());
            answer.set(Some(
                done.map(|_| t_string!(i18n, schedule.cancelled).to_string())
                    .map_err(|e| describe(&e, i18n)),
            ));
        });
    };
    view! {
        <li class="ops-session" class:gone=move || gone.get()>
            <p>
                <strong>{move || format::date(start, lang())}</strong>
                " · " {tr!(i18n, schedule.booked_of, booked = session.booked, capacity = session.capacity)}
            </p>
            <details>
                <summary>{tr!(i18n, schedule.change)}</summary>
                <form class="inline-edit" on:submit=set_places>
                    <Field label=tr!(i18n, schedule.capacity) value=places inputmode="numeric" error=FieldError::plain(Signal::derive(|| None))/>
                    <button type="submit" class="button small">{tr!(i18n, ops.save)}</button>
                </form>
                <form class="inline-edit" on:submit=move_it>
                    <Field label=tr!(i18n, schedule.new_date) value=new_date kind="date" error=FieldError::plain(Signal::derive(|| None))/>
                    <button type="submit" class="button small">{tr!(i18n, schedule.move_to)}</button>
                </form>
                <form class="inline-edit cancel-date" on:submit=cancel>
                    <Field label=tr!(i18n, schedule.reason) value=reason error=FieldError::plain(Signal::derive(|| None))/>
                    <button type="submit" class="button small danger">{tr!(i18n, schedule.cancel)}</button>
                </form>
                <p class="muted">{tr!(i18n, schedule.visitors_told)}</p>
            </details>
            {move || answer.get().map(|a| match a {
                Ok(text) => view! { <p class="notice ok" role="status">{text}</p> }.into_any(),
                Err(text) => view! { <p class="notice error" role="alert">{text}</p> }.into_any(),
            })}
        </li>
    }
}

/// A new programme for `school`: its texts in both languages, length, level, price and what
/// it includes. Its dates are added afterwards, in its own calendar.
#[component]
fn NewProgramme(school: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="ops-new">
            <summary>{tr!(i18n, schedule.new_programme)}</summary>
            <ProgrammeForm school program=None/>
        </details>
    }
}

/// A programme's texts, length, level, price and what it includes: a new one (`program`
/// absent) or one of the school's to change; its dates stay as scheduled.
#[component]
fn ProgrammeForm(school: String, program: Option<Program>) -> impl IntoView {
    let i18n = use_i18n();
    let text =
        |f: fn(&Program) -> String| RwSignal::new(program.as_ref().map(f).unwrap_or_default());
    let name_zh = text(|p| p.name.zh.clone());
    let name_en = text(|p| p.name.en.clone());
    let text_zh = text(|p| p.description.zh.clone());
    let text_en = text(|p| p.description.en.clone());
    let days = RwSignal::new(
        program
            .as_ref()
            .map_or("7".to_owned(), |p| p.days.to_string()),
    );
    let price = text(|p| p.price_per_person.yuan_text());
    let level = RwSignal::new(program.as_ref().map_or(Level::Beginner, |p| p.level));
    let board = RwSignal::new(program.as_ref().is_none_or(|p| p.includes_board));
    let lodging = RwSignal::new(program.as_ref().is_some_and(|p| p.includes_lodging));
    let editing = StoredValue::new(program.map(|p| p.id));
    let request = move || ProgramRequest {
        name: Localized {
            zh: name_zh.get(),
            en: name_en.get(),
        },
        description: Localized {
            zh: text_zh.get(),
            en: text_en.get(),
        },
        days: days.get().trim().parse().unwrap_or(0),
        level: level.get(),
        price_per_person: Money::parse_yuan(&price.get()),
        includes_board: board.get(),
        includes_lodging: lodging.get(),
    };
    let problems = Problems::new(move || request().parse().err().unwrap_or_default());
    let submission = Submission::new();
    let made = RwSignal::new(None::<Program>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !problems.ready_to_send(&submission) {
            return;
        }
        let body = request();
        let key = submission.key_for(&body);
        let school = school.clone();
        let id = editing.get_value();
        submission.pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = match &id {
                Some(id) => api::dashboard::edit_program(&school, id, &body).await,
                None => api::dashboard::create_program(&school, &body, &key).await,
            };
            match answer {
                Ok(p) => {
                    submission.done();
                    api::forget("schools");
                    made.set(Some(p));
                }
                Err(e) => problems.server.set(Some(e)),
            }
            submission.pending.set(false);
        });
    };
    let levels = [
        Level::Beginner,
        Level::Intermediate,
        Level::Advanced,
        Level::AllLevels,
    ];
    let is_new = editing.with_value(Option::is_none);
    view! {
        <form class="ops-schedule" on:submit=submit novalidate>
            <Field label=tr!(i18n, ops.name_zh) value=name_zh error=problems.for_field("name.zh")/>
            <Field label=tr!(i18n, ops.name_en) value=name_en error=problems.for_field("name.en")/>
            <Field label=tr!(i18n, schedule.description_zh) value=text_zh error=problems.for_field("description.zh")/>
            <Field label=tr!(i18n, schedule.description_en) value=text_en error=problems.for_field("description.en")/>
            <Field label=tr!(i18n, schedule.days) value=days inputmode="numeric" error=problems.for_field("days")/>
            <Field label=tr!(i18n, schedule.price_yuan) value=price inputmode="decimal" error=problems.for_field("price_per_person")/>
            <div class="form-field">
                <label>
                    <span class="form-label">{tr!(i18n, schedule.level)}</span>
                    <select on:change:target=move |ev| {
                        let chosen = ev.target().selected_index();
                        if let Some(l) = usize::try_from(chosen).ok().and_then(|i| levels.get(i)) {
                            level.set(*l);
                        }
                    }>
                        {levels.into_iter().map(|l| view! {
                            <option prop:selected=move || level.get() == l>{crate::pages::schools::level_label(i18n, l)}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=move || board.get() on:change:target=move |ev| board.set(ev.target().checked())/>
                {tr!(i18n, schedule.includes_board)}
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || lodging.get() on:change:target=move |ev| lodging.set(ev.target().checked())/>
                {tr!(i18n, schedule.includes_lodging)}
            </label>
            <button type="submit" class="button" disabled=move || submission.pending.get()>
                {move || if is_new { t_string!(i18n, schedule.create_programme) } else { t_string!(i18n, ops.save) }}
            </button>
            {move || problems.server.get().filter(|e| !matches!(e, api::SubmitError::Refused { status: 422, .. })).map(|e| view! { <p class="notice error" role="alert">{describe(&e, i18n)}</p> })}
            {move || made.get().map(|p| view! {
                <p class="notice ok" role="status">
                    {move || if is_new { t_string!(i18n, schedule.programme_created) } else { t_string!(i18n, ops.saved) }}
                    " " {local(p.name)}
                </p>
            })}
        </form>
    }
}

/// Retiring a programme, in two taps: visitors no longer see or book it; bookings stay.
#[component]
fn RetireProgramme(school: String, program: String) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let answer = RwSignal::new(None::<Result<(), String>>);
    let ids = StoredValue::new((school, program));
    let retire = move |_| {
        let (school, program) = ids.get_value();
        leptos::task::spawn_local(async move {
            let result = api::dashboard::retire_program(&school, &program).await;
            if result.is_ok() {
                api::forget("schools");
            }
            answer.try_set(Some(result.map_err(|e| describe(&e, i18n))));
        });
    };
    view! {
        {move || match answer.get() {
            Some(Ok(())) => view! { <p class="notice ok" role="status">{tr!(i18n, schedule.programme_retired)}</p> }.into_any(),
            other => view! {
                <div class="ops-actions">
                    <button type="button" class="button small ghost" prop:hidden=move || asking.get()
                        on:click=move |_| asking.set(true)>{tr!(i18n, schedule.retire_programme)}</button>
                </div>
                {move || asking.get().then(|| view! {
                    <p class="retire-ask" role="alert">{tr!(i18n, schedule.retire_programme_ask)}</p>
                    <div class="ops-actions">
                        <button type="button" class="button small" on:click=retire>{tr!(i18n, schedule.retire_programme_yes)}</button>
                        <button type="button" class="button small ghost" on:click=move |_| asking.set(false)>{tr!(i18n, schedule.keep_programme)}</button>
                    </div>
                })}
                {other.and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            }.into_any(),
        }}
    }
}

/// Closing nights of a lodging (all rooms or one) for a family event or repairs, and opening
/// them again.
#[component]
pub fn NightCloser(lodging: Lodging) -> impl IntoView {
    let i18n = use_i18n();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let room = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let answer = RwSignal::new(None::<Result<String, String>>);
    let slug = lodging.slug.clone();
    let send = move |reopen: bool| {
        let (Some(f), Some(t)) = (
            model::iso_date::parse(from.get().trim()),
            model::iso_date::parse(to.get().trim()),
        ) else {
            answer.set(Some(Err(t_string!(i18n, ops.bad_date).to_string())));
            return;
        };
        let body = CloseNightsRequest {
            from: f,
            to: t,
            room: Some(room.get()).filter(|r| !r.is_empty()),
            reason: reason.get(),
        };
        if let Err(errors) = body.nights(format::today(), !reopen) {
            let lang = crate::problem::lang_of(i18n);
            let first = errors
                .fields()
                .next()
                .and_then(|f| errors.get(f))
                .and_then(|p| p.first());
            answer.set(Some(Err(first
                .map(|p| crate::problem::word(p, lang))
                .unwrap_or_default())));
            return;
        }
        let slug = slug.clone();
        leptos::task::spawn_local(async move {
            let done = api::dashboard::close_nights(&slug, &body, reopen).await;
            answer.set(Some(
                done.map(|v| {
                    let n = v["nights"].as_u64().unwrap_or(0);
                    if reopen {
                        t_string!(i18n, schedule.nights_opened, n = n).to_string()
                    } else {
                        t_string!(i18n, schedule.nights_closed, n = n).to_string()
                    }
                })
                .map_err(|e| describe(&e, i18n)),
            ));
        });
    };
    let send_close = send.clone();
    view! {
        <h3>{tr!(i18n, schedule.close_nights)}</h3>
        <form class="ops-schedule" on:submit=move |ev| { ev.prevent_default(); send_close(false); } novalidate>
            <Field label=tr!(i18n, schedule.from) value=from kind="date" error=FieldError::plain(Signal::derive(|| None))/>
            <Field label=tr!(i18n, schedule.to) value=to kind="date" error=FieldError::plain(Signal::derive(|| None))/>
            <div class="form-field">
                <label>
                    <span class="form-label">{tr!(i18n, schedule.room)}</span>
                    <select on:change:target=move |ev| room.set(ev.target().value())>
                        <option value="">{tr!(i18n, schedule.all_rooms)}</option>
                        {lodging.rooms.into_iter().map(|r| view! { <option value=r.id.clone()>{local(r.name)}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <Field label=tr!(i18n, schedule.close_reason) value=reason error=FieldError::plain(Signal::derive(|| None))/>
            <button type="submit" class="button">{tr!(i18n, schedule.close)}</button>
            <button type="button" class="button secondary" on:click=move |_| send(true)>{tr!(i18n, schedule.reopen)}</button>
            {move || answer.get().map(|a| match a {
                Ok(text) => view! { <p class="notice ok" role="status">{text}</p> }.into_any(),
                Err(text) => view! { <p class="notice error" role="alert">{text}</p> }.into_any(),
            })}
        </form>
    }
}
