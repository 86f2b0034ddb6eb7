//! Booking a school programme (`/schools/{slug}/book`) or a lodging room (`/stay/{slug}/book`).
//! In API mode the booking is sent with an idempotency key and kept as a ticket on the phone;
//! on a static host the same form ends in the request written out for the host.
use crate::components::title::PageTitle;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use model::booking::{
    party_price, quote_stay, BookingKind, BookingRequest, FieldErrors, RoomAvailability,
    SessionAvailability,
};
use model::terms::PaymentTerms;
use model::{Lang, Lodging, Money, School};

use crate::api::{self, TicketKind};
use crate::components::contact::ContactHost;
use crate::components::form::{
    ContactFields, ContactForm, Field, Problems, Submission, SubmitProblem,
};
use crate::components::status::listing_page;
use crate::components::support::CancellationView;
use crate::components::terms::PayTerms;
use crate::components::trips::use_trips;
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::pages::schools::level_label;
use crate::text::{local, t_count, tr, tr_count};

/// `/schools/{slug}/book?program=…`
#[component]
pub fn BookSchoolPage() -> impl IntoView {
    listing_page(
        api::schools,
        |x: &School| &x.slug,
        "slug",
        |x| view! { <BookSchool school=x/> },
    )
}

/// The form state of a booking, shared by both kinds.
#[derive(Clone, Copy)]
struct BookingForm {
    contact: ContactForm,
    note: RwSignal<String>,
    accepted: RwSignal<bool>,
    problems: Problems,
    submission: Submission,
    /// The request written out, once sent on a static host.
    static_request: RwSignal<Option<String>>,
}

impl BookingForm {
    fn new(
        request: impl Fn(&BookingForm) -> BookingRequest + Send + Sync + Copy + 'static,
    ) -> Self {
        let contact = ContactForm::new();
        let note = RwSignal::new(String::new());
        let accepted = RwSignal::new(false);
        // Problems need the request, which needs the form: build in two steps.
        let mut form = BookingForm {
            contact,
            note,
            accepted,
            problems: Problems::new(FieldErrors::default),
            submission: Submission::new(),
            static_request: RwSignal::new(None),
        };
        let shell = form;
        form.problems = Problems::new(move || {
            let mut errors = match request(&shell).parse(format::today()) {
                Ok(_) => FieldErrors::default(),
                Err(e) => e,
            };
            if !shell.accepted.get() {
                errors.add("accept", model::Problem::MustAccept {});
            }
            errors
        });
        form
    }

    fn note_value(&self) -> Option<String> {
        Some(self.note.get()).filter(|n| !n.trim().is_empty())
    }
}

/// Sends the booking, keeps the ticket and opens it; or writes the request out on a static host.
fn submit(
    form: BookingForm,
    request: BookingRequest,
    api_mode: bool,
    summary: String,
    navigate: Callback<String>,
) {
    if !form.problems.ready_to_send(&form.submission) {
        return;
    }
    if !api_mode {
        form.static_request.set(Some(summary));
        return;
    }
    let key = form.submission.key_for(&request);
    form.submission.pending.set(true);
    let trips = use_trips();
    leptos::task::spawn_local(async move {
        let answer = api::create_booking(&request, &key).await;
        form.submission.pending.set(false);
        match answer {
            Ok(booking) => {
                form.submission.done();
                let page = trips.keep_new(
                    TicketKind::Booking,
                    &booking.reference,
                    booking.pin.as_ref(),
                    &booking,
                );
                navigate.try_run(page);
            }
            Err(e) => form.problems.refused(e),
        }
    });
}

fn use_go() -> Callback<String> {
    let navigate = use_navigate();
    Callback::new(move |to: String| navigate(&to, Default::default()))
}

#[component]
fn BookSchool(school: School) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let api_mode = api::use_api_mode();
    let go = use_go();
    let s = StoredValue::new(school.clone());
    // A session row tapped on the school's page opens the form with its date chosen.
    let asked = query.get_untracked();
    let asked_session = asked.get("session").and_then(|id| {
        school
            .programs
            .iter()
            .find(|p| p.sessions.iter().any(|x| x.id == id))
            .map(|p| (p.id.clone(), id))
    });
    let first = asked_session
        .as_ref()
        .map(|(p, _)| p.clone())
        .or_else(|| asked.get("program"))
        .filter(|p| school.programs.iter().any(|x| &x.id == p))
        .or_else(|| school.programs.first().map(|p| p.id.clone()))
        .unwrap_or_default();
    let program = RwSignal::new(first);
    let party = RwSignal::new(String::from("1"));
    let session = RwSignal::new(asked_session.map(|(_, id)| id).unwrap_or_default());
    let party_n = move || party.get().trim().parse::<u32>().unwrap_or(0);
    let request = move |f: &BookingForm| BookingRequest {
        kind: BookingKind::School,
        school: Some(s.with_value(|s| s.slug.clone())),
        session: Some(session.get()).filter(|x| !x.is_empty()),
        party: Some(party_n()),
        lodging: None,
        room: None,
        check_in: None,
        check_out: None,
        guests: None,
        contact: f.contact.value(),
        note: f.note_value(),
    };
    let form = BookingForm::new(request);
    // Places left come from the API when there is one, else from the listing snapshot.
    let sessions = LocalResource::new(move || {
        let (slug, prog, n) = (
            s.with_value(|s| s.slug.clone()),
            program.get(),
            party_n().max(1),
        );
        // Read before the await: the form may be gone when the answer comes.
        let snapshot = s.with_value(|s| snapshot_sessions(s, &prog));
        async move {
            match api::program_availability(&slug, &prog, n).await {
                Ok(a) => a.sessions,
                Err(_) => snapshot,
            }
        }
    });
    let chosen_program =
        move || s.with_value(|s| s.programs.iter().find(|p| p.id == program.get()).cloned());
    let session_start = Signal::derive(move || {
        let id = session.get();
        s.with_value(|s| {
            s.programs
                .iter()
                .flat_map(|p| &p.sessions)
                .find(|x| x.id == id)
                .map(|x| x.start)
        })
    });
    let operator = school.operator.name.clone();
    let price = move || {
        chosen_program()
            .map(|p| party_price(&p, party_n()))
            .unwrap_or_default()
    };
    let summary = move || {
        let l = lang();
        let p = chosen_program();
        let start = sessions
            .get()
            .and_then(|list| list.into_iter().find(|x| x.id == session.get()))
            .map(|x| format::date(x.start, l))
            .unwrap_or_default();
        request_text(
            l,
            &s.with_value(|s| s.name.get(l).to_owned()),
            &format!(
                "{} · {} · {} {}",
                p.map(|p| p.name.get(l).to_owned()).unwrap_or_default(),
                start,
                party_n(),
                if l == Lang::Zh { "人" } else { "person(s)" }
            ),
            &form,
            price(),
        )
    };
    view! {
        <PageTitle text=tr!(i18n, book.book_title)/>
        <header class="page-head">
            <h1>{tr!(i18n, book.book_title)}</h1>
            <p class="lead">{local(school.name.clone())}</p>
        </header>
        <form class="book-form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit(form, request(&form), api_mode.get_untracked() == Some(true), summary(), go);
        }>
            <fieldset class="form-group">
                <legend>{tr!(i18n, book.programme)}</legend>
                {school.programs.iter().map(|p| {
                    let id = p.id.clone();
                    let id2 = p.id.clone();
                    let (days, level) = (p.days, p.level);
                    view! {
                        <label class="option">
                            <input type="radio" name="programme" prop:checked=move || program.get() == id
                                on:change=move |_| { program.set(id2.clone()); session.set(String::new()); }/>
                            <span>{local(p.name.clone())} " · " {p.price_per_person.display()} " " {tr!(i18n, schools.per_person)}
                                " · " {tr_count!(i18n, days, schools.one_day, schools.days)} " · " {level_label(i18n, level)}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="form-group">
                <legend>{tr!(i18n, book.party)}</legend>
                <Field label=tr!(i18n, book.persons) value=party error=form.problems.for_field("party") kind="number" inputmode="numeric"/>
            </fieldset>
            <fieldset class="form-group">
                <legend>{tr!(i18n, book.choose_session)}</legend>
                <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || sessions.get().map(|list| view! { <SessionPicker list session/> })}
                </Transition>
                <span class="form-error" role="alert">{move || form.problems.for_field("session").text.get()}</span>
            </fieldset>
            <BookingCommon form policy=school.cancellation.clone() kind=BookingKind::School start=session_start/>
            <div class="review">
                <span>{tr!(i18n, book.total)}</span>
                <strong class="price">{move || price().display()}</strong>
            </div>
            <SubmitProblem problems=form.problems/>
            <PayTerms terms=Signal::derive(move || PaymentTerms::booking(BookingKind::School, price(), &operator))/>
            <Confirm form api_mode/>
        </form>
        {move || form.static_request.get().map(|text| view! { <ContactHost request=text contact=s.with_value(|s| s.contact.clone())/> })}
    }
}

fn snapshot_sessions(school: &School, program: &str) -> Vec<SessionAvailability> {
    let today = format::today();
    school
        .programs
        .iter()
        .find(|p| p.id == program)
        .map(|p| {
            p.sessions
                .iter()
                .map(|x| SessionAvailability {
                    id: x.id.clone(),
                    start: x.start,
                    capacity: x.capacity,
                    booked: x.booked,
                    places_left: x.places_left(),
                    bookable: x.is_bookable(today, 1),
                    price: None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Start dates as a list of days, each with its places left; full or past ones cannot be picked.
#[component]
fn SessionPicker(list: Vec<SessionAvailability>, session: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <div class="sessions-pick" role="radiogroup">
            {list.into_iter().map(|x| {
                let id = x.id.clone();
                let id2 = x.id.clone();
                let left = x.places_left;
                let start = x.start;
                view! {
                    <button type="button" role="radio" class="day" disabled={!x.bookable}
                        aria-checked=move || (session.get() == id).to_string()
                        on:click=move |_| session.set(id2.clone())>
                        <strong>{move || format::date(start, lang())}</strong>
                        <span>{move || if left == 0 { t_string!(i18n, schools.full).to_string() } else { t_count!(i18n, left, schools.one_place_left, schools.places_left) }}</span>
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// Contact, note, policy and its acceptance: the part every booking shares.
#[component]
fn BookingCommon(
    form: BookingForm,
    policy: model::CancellationPolicy,
    kind: BookingKind,
    /// The first day or night, once chosen: the policy then names its last free day.
    start: Signal<Option<NaiveDate>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ContactFields form=form.contact problems=form.problems/>
        <label class="form-field">
            <span class="form-label">{tr!(i18n, book.note)}</span>
            <textarea rows="3" prop:value=move || form.note.get() on:input:target=move |ev| form.note.set(ev.target().value())></textarea>
            <span class="form-error" role="alert">{move || form.problems.for_field("note").text.get()}</span>
        </label>
        <CancellationView policy kind start=Some(start)/>
        <div class="check-field">
            <label class="check">
                <input type="checkbox" prop:checked=move || form.accepted.get() on:change:target=move |ev| form.accepted.set(ev.target().checked())/>
                <span>{tr!(i18n, book.accept_policy)}</span>
            </label>
            <span class="form-error" role="alert">{move || form.problems.for_field("accept").text.get()}</span>
        </div>
    }
}

/// The confirm button: disabled while sending, so a double tap sends once.
#[component]
fn Confirm(form: BookingForm, api_mode: Signal<Option<bool>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button primary wide" disabled=move || form.submission.pending.get()>
            {move || match (form.submission.pending.get(), api_mode.get()) {
                (true, _) => t_string!(i18n, book.sending).to_string(),
                (false, Some(false)) => t_string!(i18n, book.write_request).to_string(),
                _ => t_string!(i18n, book.confirm_booking).to_string(),
            }}
        </button>
    }
}

/// The request as a message to the host, for static hosting.
fn request_text(lang: Lang, listing: &str, what: &str, form: &BookingForm, price: Money) -> String {
    let c = form.contact.value();
    let note = form.note.get();
    match lang {
        Lang::Zh => format!(
            "您好，我想预订：{listing}\n{what}\n价格：{}\n姓名：{}\n电话：{}\n微信：{}\n备注：{note}",
            price.display(),
            c.name,
            c.phone,
            c.wechat.unwrap_or_default()
        ),
        Lang::En => format!(
            "Hello, I would like to book: {listing}\n{what}\nPrice: {}\nName: {}\nPhone: {}\nWeChat: {}\nNote: {note}",
            price.display(),
            c.name,
            c.phone,
            c.wechat.unwrap_or_default()
        ),
    }
}

/// `/stay/{slug}/book`
#[component]
pub fn BookLodgingPage() -> impl IntoView {
    listing_page(
        api::lodgings,
        |x: &Lodging| &x.slug,
        "slug",
        |x| view! { <BookLodging lodging=x/> },
    )
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[component]
fn BookLodging(lodging: Lodging) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let api_mode = api::use_api_mode();
    let go = use_go();
    let l = StoredValue::new(lodging.clone());
    let today = format::today();
    // Dates and guests searched on the lodging list come along in the query.
    let asked = use_query_map().get_untracked();
    let asked_date = |name: &str| {
        asked
            .get(name)
            .and_then(|d| parse_date(&d))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let check_in = RwSignal::new(asked_date("check_in"));
    let check_out = RwSignal::new(asked_date("check_out"));
    let asked_guests = asked.get("guests").filter(|g| g.parse::<u32>().is_ok());
    let guests = RwSignal::new(asked_guests.unwrap_or_else(|| String::from("2")));
    let room = RwSignal::new(String::new());
    let guests_n = move || guests.get().trim().parse::<u32>().unwrap_or(0);
    let request = move |f: &BookingForm| BookingRequest {
        kind: BookingKind::Lodging,
        school: None,
        session: None,
        party: None,
        lodging: Some(l.with_value(|l| l.slug.clone())),
        room: Some(room.get()).filter(|x| !x.is_empty()),
        check_in: parse_date(&check_in.get()),
        check_out: parse_date(&check_out.get()),
        guests: Some(guests_n()),
        contact: f.contact.value(),
        note: f.note_value(),
    };
    let form = BookingForm::new(request);
    let stay = move || {
        Some((parse_date(&check_in.get())?, parse_date(&check_out.get())?)).filter(|(a, b)| b > a)
    };
    let rooms = LocalResource::new(move || {
        let (slug, stay, n) = (l.with_value(|l| l.slug.clone()), stay(), guests_n().max(1));
        // Read before the await: the form may be gone when the answer comes.
        let snapshot =
            stay.map(|(a, b)| l.with_value(|l| snapshot_rooms(l, (b - a).num_days() as u32, n)));
        async move {
            let (a, b) = stay?;
            Some(match api::lodging_availability(&slug, a, b, n).await {
                Ok(av) => av.rooms,
                Err(_) => snapshot?,
            })
        }
    });
    let quote = move || {
        rooms
            .get()
            .flatten()
            .and_then(|list| list.into_iter().find(|r| r.room == room.get()))
            .and_then(|r| r.quote)
    };
    let summary = move || {
        let lg = lang();
        let room_name = l
            .with_value(|l| {
                l.rooms
                    .iter()
                    .find(|r| r.id == room.get())
                    .map(|r| r.name.get(lg).to_owned())
            })
            .unwrap_or_default();
        let what = format!(
            "{room_name} · {} → {} · {} {}",
            check_in.get(),
            check_out.get(),
            guests_n(),
            if lg == Lang::Zh { "人" } else { "guest(s)" }
        );
        request_text(
            lg,
            &l.with_value(|l| l.name.get(lg).to_owned()),
            &what,
            &form,
            quote().map(|q| q.total).unwrap_or_default(),
        )
    };
    let host = lodging.operator.name.clone();
    let min_in = Signal::derive(move || today.to_string());
    let min_out = Signal::derive(move || {
        parse_date(&check_in.get())
            .map(|d| d.succ_opt().unwrap_or(d))
            .unwrap_or(today)
            .to_string()
    });
    view! {
        <PageTitle text=tr!(i18n, book.stay_title)/>
        <header class="page-head">
            <h1>{tr!(i18n, book.stay_title)}</h1>
            <p class="lead">{local(lodging.name.clone())}</p>
        </header>
        <form class="book-form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit(form, request(&form), api_mode.get_untracked() == Some(true), summary(), go);
        }>
            <fieldset class="form-group dates">
                <legend>{tr!(i18n, book.dates)}</legend>
                <Field label=tr!(i18n, book.check_in) value=check_in error=form.problems.for_field("check_in") kind="date" min=min_in/>
                <Field label=tr!(i18n, book.check_out) value=check_out error=form.problems.for_field("check_out") kind="date" min=min_out/>
                <Field label=tr!(i18n, book.guests) value=guests error=form.problems.for_field("guests") kind="number" inputmode="numeric"/>
            </fieldset>
            <fieldset class="form-group">
                <legend>{tr!(i18n, book.choose_room)}</legend>
                <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || match rooms.get() {
                        Some(Some(list)) => view! { <RoomPicker list room/> }.into_any(),
                        _ => view! { <p class="muted">{tr!(i18n, book.pick_dates_first)}</p> }.into_any(),
                    }}
                </Transition>
                <span class="form-error" role="alert">{move || form.problems.for_field("room").text.get()}</span>
            </fieldset>
            <BookingCommon form policy=lodging.cancellation.clone() kind=BookingKind::Lodging start=Signal::derive(move || stay().map(|(a, _)| a))/>
            <div class="review">
                <span>{move || quote().map(|q| t_string!(i18n, book.stay_quote, nights = q.nights, guests = q.guests).to_string()).unwrap_or_else(|| t_string!(i18n, book.total).to_string())}</span>
                <strong class="price">{move || quote().map(|q| q.total.display()).unwrap_or_else(|| "—".into())}</strong>
            </div>
            <SubmitProblem problems=form.problems/>
            <PayTerms terms=Signal::derive(move || PaymentTerms::booking(BookingKind::Lodging, quote().map(|q| q.total).unwrap_or_default(), &host))/>
            <Confirm form api_mode/>
        </form>
        {move || form.static_request.get().map(|text| view! { <ContactHost request=text contact=l.with_value(|l| l.contact.clone())/> })}
    }
}

fn snapshot_rooms(lodging: &Lodging, nights: u32, guests: u32) -> Vec<RoomAvailability> {
    lodging
        .rooms
        .iter()
        .map(|r| {
            let fits = u32::from(r.max_guests) >= guests;
            RoomAvailability {
                room: r.id.clone(),
                name: r.name.clone(),
                max_guests: r.max_guests,
                free: true,
                fits,
                taken_nights: vec![],
                quote: fits.then(|| quote_stay(r, nights, guests)),
            }
        })
        .collect()
}

/// Rooms for the chosen dates and guests, each with the stay's price; taken ones are disabled.
#[component]
fn RoomPicker(list: Vec<RoomAvailability>, room: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="rooms-pick" role="radiogroup">
            {list.into_iter().map(|r| {
                let id = r.room.clone();
                let id2 = r.room.clone();
                let ok = r.free && r.fits;
                let status = match (r.free, r.fits) {
                    (false, _) => tr!(i18n, book.room_taken),
                    (true, false) => tr!(i18n, book.room_too_small),
                    _ => tr!(i18n, book.room_free),
                };
                view! {
                    <button type="button" role="radio" class="room-option" disabled={!ok}
                        aria-checked=move || (room.get() == id).to_string()
                        on:click=move |_| room.set(id2.clone())>
                        <strong>{local(r.name.clone())}</strong>
                        <span>{status}</span>
                        <span class="price">{r.quote.map(|q| q.total.display())}</span>
                    </button>
                }
            }).collect_view()}
        </div>
    }
}
