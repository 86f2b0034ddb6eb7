//! My trips: every booking, order and pledge made on this phone, readable with no network.
use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use model::booking::{BookedItem, Booking, BookingStatus};
use model::donation::{Donation, DonationStatus};
use model::order::{Delivery, Order};
use model::reference::compact;
use model::Lang;

use crate::api::{self, SubmitError, TicketKind};
use crate::components::arrival::ArrivalLine;
use crate::components::cancel_dialog::CancelDialog;
use crate::components::contact::{ContactCard, CopyButton};
use crate::components::driver::BookedPlaceCard;
use crate::components::form::{Field, FieldError};
use crate::components::map::OpenInMaps;
use crate::components::qr::Qr;
use crate::components::trips::{use_trips, Ticket, Trips};
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::text::{local, t_count, tr};

/// A ticket's record, typed by kind.
enum Record {
    Booking(Booking),
    Order(Order),
    Donation(Donation),
}

fn record(t: &Ticket) -> Option<Record> {
    let v = t.record.clone();
    match t.kind {
        TicketKind::Booking => serde_json::from_value(v).ok().map(Record::Booking),
        TicketKind::Order => serde_json::from_value(v).ok().map(Record::Order),
        TicketKind::Donation => serde_json::from_value(v).ok().map(Record::Donation),
    }
}

fn title(r: &Record, lang: Lang) -> String {
    match r {
        Record::Booking(b) => b.item.title().get(lang).to_owned(),
        Record::Order(o) => o
            .lines
            .iter()
            .map(|l| l.name.get(lang).to_owned())
            .collect::<Vec<_>>()
            .join(", "),
        Record::Donation(d) => d.project_name.get(lang).to_owned(),
    }
}

/// The dates a trip card shows: the course's start, the stay's nights, or when an order or
/// pledge was made.
fn when(r: &Record, lang: Lang) -> String {
    match r {
        Record::Booking(b) => match &b.item {
            BookedItem::School { start, .. } => format::date(*start, lang),
            BookedItem::Lodging {
                check_in,
                check_out,
                ..
            } => format::date_range(*check_in, *check_out, lang),
        },
        Record::Order(o) => format::date(o.created_at.date_naive(), lang),
        Record::Donation(d) => format::date(d.created_at.date_naive(), lang),
    }
}

fn status_key(r: &Record) -> &'static str {
    match r {
        Record::Booking(b) => b.status.as_str(),
        Record::Order(o) => o.status.as_str(),
        Record::Donation(d) => d.status.as_str(),
    }
}

/// `/trips`: the tickets on this phone.
#[component]
pub fn TripsPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let trips = use_trips();
    view! {
        <PageTitle text=tr!(i18n, book.trips_title)/>
        <header class="page-head">
            <h1>{tr!(i18n, book.trips_title)}</h1>
            <p>{tr!(i18n, book.trips_intro)}</p>
        </header>
        {move || {
            let all = trips.all();
            if all.is_empty() {
                return view! { <div class="notice empty"><p class="notice-title">{tr!(i18n, book.trips_empty)}</p></div> }.into_any();
            }
            view! {
                <ul class="tickets">
                    {all.into_iter().filter_map(|t| record(&t).map(|r| (t, r))).map(|(t, r)| {
                        let status = status_key(&r);
                        let name = title(&r, lang());
                        let when = when(&r, lang());
                        view! {
                            <li>
                                <A href=format!("/trips/{}", t.reference) attr:class="ticket-link">
                                    <strong>{name}</strong>
                                    <span>{when}</span>
                                    <span class="mono">{t.reference.clone()}</span>
                                    <StatusBadge status/>
                                </A>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <A href="/trips/find" attr:class="button">{tr!(i18n, book.find_title)}</A>
    }
}

/// A record's status in the visitor's language.
#[component]
pub fn StatusBadge(status: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || match status {
        "requested" => t_string!(i18n, book.status_requested),
        "confirmed" => t_string!(i18n, book.status_confirmed),
        "cancelled" => t_string!(i18n, book.status_cancelled),
        "expired" => t_string!(i18n, book.status_expired),
        "placed" => t_string!(i18n, book.status_placed),
        "pledged" => t_string!(i18n, book.status_pledged),
        "received" => t_string!(i18n, book.status_received),
        _ => status,
    };
    view! { <span class=format!("badge status {status}")>{text}</span> }
}

/// How often an open ticket asks for its status.
const STATUS_REFRESH: std::time::Duration = std::time::Duration::from_secs(60);

/// Asks the server for a ticket's status once and stores the answer. The request belongs to
/// the ticket page: leaving the page drops it.
fn refresh_ticket(trips: Trips, reference: &str) {
    let Some(t) = trips.get_untracked(reference) else {
        return;
    };
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        if let Ok(fresh) = api::fetch_ticket(t.kind, &t.reference, &t.pin).await {
            trips.refresh(&t.reference, fresh);
        }
    });
}

fn page_visible_and_online() -> bool {
    let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
    visible && window().navigator().on_line()
}

/// `/trips/{reference}`: one ticket with its QR code, fresh status when online, and cancel.
#[component]
pub fn TicketPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let trips = use_trips();
    let reference = Memo::new(move |_| params.read().get("reference").unwrap_or_default());
    let is_new = move || query.read().get("new").is_some();
    let problem = RwSignal::new(None::<SubmitError>);
    // The status fresh when the ticket opens, then at most once a minute while the page is
    // visible and online; with no network the stored copy is shown.
    Effect::new(move |_| {
        let reference = reference.get();
        untrack(|| refresh_ticket(trips, &reference));
    });
    let every_minute = set_interval_with_handle(
        move || {
            if page_visible_and_online() {
                if let Some(reference) = reference.try_get_untracked() {
                    refresh_ticket(trips, &reference);
                }
            }
        },
        STATUS_REFRESH,
    );
    on_cleanup(move || {
        if let Ok(h) = every_minute {
            h.clear();
        }
    });
    view! {
        <PageTitle text=tr!(i18n, book.ticket_title)/>
        {move || match trips.get(&reference.get()) {
            None => view! {
                <header class="page-head"><h1>{tr!(i18n, book.ticket_title)}</h1></header>
                <div class="notice empty"><p class="notice-title">{tr!(i18n, book.ticket_unknown)}</p>
                    <A href="/trips/find" attr:class="button">{tr!(i18n, book.find_title)}</A></div>
            }.into_any(),
            Some(t) => view! { <TicketView ticket=t is_new=is_new() problem/> }.into_any(),
        }}
    }
}

#[component]
fn TicketView(
    ticket: Ticket,
    is_new: bool,
    problem: RwSignal<Option<SubmitError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let trips = use_trips();
    let Some(rec) = record(&ticket) else {
        return view! { <p>{ticket.reference.clone()}</p> }.into_any();
    };
    let status = status_key(&rec);
    let name = title(&rec, Lang::Zh);
    let name_en = title(&rec, Lang::En);
    let can_cancel = match &rec {
        Record::Booking(b) => {
            b.status != BookingStatus::Cancelled && b.item.start() > format::today()
        }
        Record::Order(o) => o.status.as_str() == "placed",
        Record::Donation(d) => d.status == DonationStatus::Pledged,
    };
    let pending = RwSignal::new(false);
    let (kind, reference, pin) = (ticket.kind, ticket.reference.clone(), ticket.pin.clone());
    let cancel = Callback::new(move |_: ()| {
        pending.set(true);
        let (reference, pin) = (reference.clone(), pin.clone());
        leptos::task::spawn_local(async move {
            match api::cancel_ticket(kind, &reference, &pin).await {
                Ok(fresh) => {
                    problem.set(None);
                    trips.refresh(&reference, fresh);
                }
                Err(e) => problem.set(Some(e)),
            }
            pending.set(false);
        });
    });
    let booking = match &rec {
        Record::Booking(b) => Some(b.clone()),
        _ => None,
    };
    let qr_text = format!("{}\nPIN {}", ticket.reference, ticket.pin);
    view! {
        <header class="page-head">
            {is_new.then(|| view! { <p class="notice success" role="status">{move || match kind {
                TicketKind::Booking => t_string!(i18n, book.thanks),
                TicketKind::Order => t_string!(i18n, book.thanks_order),
                TicketKind::Donation => t_string!(i18n, book.thanks_pledge),
            }}</p> })}
            <h1>{move || if lang() == Lang::Zh { name.clone() } else { name_en.clone() }}</h1>
            <StatusBadge status/>
        </header>
        <section class="ticket">
            <dl class="ticket-codes">
                <dt>{move || match kind {
                    TicketKind::Booking => t_string!(i18n, book.ref_booking),
                    TicketKind::Order => t_string!(i18n, book.ref_order),
                    TicketKind::Donation => t_string!(i18n, book.ref_pledge),
                }}</dt>
                <dd><span class="mono big">{ticket.reference.clone()}</span> <CopyButton text=ticket.reference.clone()/></dd>
                <dt>{tr!(i18n, book.pin)}</dt>
                <dd><span class="mono big">{ticket.pin.clone()}</span></dd>
            </dl>
            <Qr text=qr_text label=Signal::derive(move || match kind {
                TicketKind::Booking => t_string!(i18n, book.qr_label),
                TicketKind::Order => t_string!(i18n, book.qr_order),
                TicketKind::Donation => t_string!(i18n, book.qr_pledge),
            }.to_string())/>
            <p class="muted">{move || match kind {
                TicketKind::Booking => t_string!(i18n, book.keep_pin),
                TicketKind::Order => t_string!(i18n, book.keep_pin_order),
                TicketKind::Donation => t_string!(i18n, book.keep_pin_pledge),
            }}</p>
        </section>
        {decline_reason(&ticket).map(|r| view! { <p class="notice error" role="status">{tr!(i18n, book.declined)} " " {r}</p> })}
        {details(rec)}
        {move || problem.get().map(|e| view! { <div class="notice error" role="alert"><p class="notice-title">{tr!(i18n, book.err_cancel)}</p><p class="notice-detail">{crate::problem::describe(&e, i18n)}</p></div> })}
        {(can_cancel && status != "cancelled").then(|| view! {
            <CancelDialog kind booking pending=pending.into() on_confirm=cancel/>
        })}
        <p><A href="/trips">{tr!(i18n, book.all_trips)}</A></p>
        <ForgetTicket reference=ticket.reference.clone()/>
    }
    .into_any()
}

/// Removes the ticket from this phone, after asking, and goes back to My trips.
#[component]
fn ForgetTicket(reference: String) -> impl IntoView {
    let i18n = use_i18n();
    let trips = use_trips();
    let navigate = use_navigate();
    let forget = move |_| {
        let question = t_string!(i18n, book.forget_confirm);
        if window().confirm_with_message(question).unwrap_or(false) {
            trips.forget(&reference);
            navigate("/trips", Default::default());
        }
    };
    view! { <button type="button" class="button ghost wide" on:click=forget>{tr!(i18n, book.forget)}</button> }
}

/// Why the host declined, when they did (the booking is then cancelled with a full refund).
fn decline_reason(t: &Ticket) -> Option<String> {
    t.record.get("decline_reason")?.as_str().map(str::to_owned)
}

fn details(rec: Record) -> AnyView {
    match rec {
        Record::Booking(b) => view! { <BookingDetails booking=b/> }.into_any(),
        Record::Order(o) => view! { <OrderDetails order=o/> }.into_any(),
        Record::Donation(d) => view! { <DonationDetails donation=d/> }.into_any(),
    }
}

#[component]
fn BookingDetails(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let when = booking.item.clone();
    let until = booking.free_cancellation_until;
    let late_fee = booking.cancellation.late_fee_percent();
    let cancelled = booking.status == BookingStatus::Cancelled;
    let fee = booking.refund.map(|r| model::Money(booking.price.0 - r.0));
    let is_stay = matches!(booking.item, BookedItem::Lodging { .. });
    view! {
        <section>
            <h2>{tr!(i18n, book.what_you_booked)}</h2>
            <p>{move || match &when {
                BookedItem::School { start, days, party, .. } => format!("{} · {} · {}",
                    t_string!(i18n, book.starts_on, date = format::date(*start, lang())), t_count!(i18n, *days, schools.one_day, schools.days), t_count!(i18n, *party, book.one_person, book.party_n)),
                BookedItem::Lodging { check_in, check_out, guests, .. } => format!("{} · {} · {}",
                    t_string!(i18n, book.check_in_on, date = format::date(*check_in, lang())),
                    t_string!(i18n, book.check_out_on, date = format::date(*check_out, lang())),
                    t_count!(i18n, *guests, book.one_person, book.party_n)),
            }}</p>
            <p><strong class="price">{booking.price.display()}</strong> " "
                {move || if is_stay { t_string!(i18n, book.pay_on_arrival) } else { t_string!(i18n, book.pay_first_day) }}</p>
            <p>{move || match (cancelled, fee) {
                (true, Some(f)) if f.fen() > 0 => t_string!(i18n, book.cancelled_fee, fee = f.display()).to_string(),
                (true, _) => t_string!(i18n, book.cancelled_free).to_string(),
                (false, _) if until >= format::today() => {
                    t_string!(i18n, book.free_until, date = format::date(until, lang())).to_string()
                }
                (false, _) => t_string!(i18n, book.free_until_passed, date = format::date(until, lang()), percent = late_fee).to_string(),
            }}</p>
            <WhereToGo item=booking.item.clone()/>
            {(!cancelled).then(|| view! { <AddToCalendar booking=booking.clone()/> })}
            <h3>{tr!(i18n, book.next_steps)}</h3>
            <p>{tr!(i18n, book.next_steps_text)}</p>
        </section>
        <BookedPlaceCard item=booking.item.clone()/>
        <ContactCard contact=booking.operator_contact/>
    }
}

/// "Add to calendar": the booking as an `.ics` file made on the phone, so it works offline.
#[component]
fn AddToCalendar(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let name = model::calendar::file_name(&booking);
    let href = move || {
        let ics = model::calendar::booking_ics(&booking, lang());
        format!(
            "data:text/calendar;charset=utf-8,{}",
            js_sys::encode_uri_component(&ics)
        )
    };
    view! {
        <p><a class="button small ghost" href=href download=name>{tr!(i18n, book.add_to_calendar)}</a></p>
    }
}

/// Where the school or lodging is, with a link to the phone's map app, and when to arrive.
/// The listing comes from the cached collection, so this shows offline too.
#[component]
fn WhereToGo(item: BookedItem) -> impl IntoView {
    let i18n = use_i18n();
    let (slug, is_stay) = match &item {
        BookedItem::School { school, .. } => (school.clone(), false),
        BookedItem::Lodging { lodging, .. } => (lodging.clone(), true),
    };
    let place = LocalResource::new(move || {
        let slug = slug.clone();
        async move {
            if is_stay {
                let all = api::lodgings().await.ok()?;
                all.into_iter()
                    .find(|l| l.slug == slug)
                    .map(|l| (l.name, l.location, l.arrival))
            } else {
                let all = api::schools().await.ok()?;
                all.into_iter()
                    .find(|s| s.slug == slug)
                    .map(|s| (s.name, s.location, s.arrival))
            }
        }
    });
    view! {
        <div class="ticket-where">
            <Transition fallback=|| ()>
                {move || place.get().flatten().map(|(name, location, arrival)| view! {
                    <ArrivalLine arrival stay=is_stay/>
                    <p><strong>{tr!(i18n, book.address)} ": "</strong> {local(location.address.clone())}</p>
                    <OpenInMaps location name/>
                })}
            </Transition>
        </div>
    }
}

#[component]
fn OrderDetails(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    let delivery = match &order.delivery {
        Delivery::Pickup { place } => local(place.clone()),
        Delivery::Post { address } => {
            let a = address.clone();
            Signal::derive(move || format!("{} {} {}", a.province, a.city, a.street))
        }
    };
    view! {
        <section>
            <h2>{tr!(i18n, book.your_order)}</h2>
            <table class="budget">
                <tbody>
                    {order.lines.iter().map(|l| view! {
                        <tr><td>{local(l.name.clone())} " · " {local(l.label.clone())} " × " {l.quantity}</td><td class="num">{l.total.display()}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th>{tr!(i18n, book.total)}</th><th class="num">{order.total.display()}</th></tr></tfoot>
            </table>
            <p>{tr!(i18n, book.delivery)} ": " {delivery}</p>
            <p class="muted">{tr!(i18n, book.order_next)}</p>
        </section>
    }
}

#[component]
fn DonationDetails(donation: Donation) -> impl IntoView {
    let i18n = use_i18n();
    let pay = donation.how_to_pay;
    view! {
        <section class="transfer">
            <h2>{tr!(i18n, donate.transfer_title)}</h2>
            <p><strong class="price">{donation.amount.display()}</strong></p>
            <dl>
                <dt>{tr!(i18n, donate.bank)}</dt><dd>{local(pay.bank.clone())}</dd>
                <dt>{tr!(i18n, donate.account_name)}</dt><dd>{local(pay.account_name.clone())}</dd>
                <dt>{tr!(i18n, donate.account_number)}</dt><dd><span class="mono">{pay.account_number.clone()}</span> <CopyButton text=pay.account_number.clone()/></dd>
                <dt>{tr!(i18n, book.quote_this)}</dt><dd><span class="mono">{pay.quote.clone()}</span> <CopyButton text=pay.quote.clone()/></dd>
            </dl>
            <p class="muted">{local(pay.note.clone())}</p>
        </section>
    }
}

/// `/trips/find`: open a booking, order or pledge made elsewhere with its reference and PIN.
#[component]
pub fn FindTripPage() -> impl IntoView {
    let i18n = use_i18n();
    let trips = use_trips();
    let navigate = use_navigate();
    let go = Callback::new(move |to: String| navigate(&to, Default::default()));
    let reference = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (r, p) = (reference.get(), pin.get());
        pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::find_ticket(&r, &p).await;
            pending.set(false);
            match answer {
                Ok((kind, record)) => {
                    // Kept as the server writes them, whatever spaces or case were typed.
                    let reference = record
                        .get("reference")
                        .and_then(|v| v.as_str())
                        .map_or_else(|| compact(&r), str::to_owned);
                    let path = format!("/trips/{reference}");
                    trips.keep(Ticket {
                        kind,
                        reference,
                        pin: compact(&p),
                        record,
                    });
                    go.try_run(path);
                }
                Err(SubmitError::Refused { status: 429, .. }) => {
                    failed.set(Some(t_string!(i18n, book.find_locked).to_string()))
                }
                Err(SubmitError::Network(_)) => {
                    failed.set(Some(t_string!(i18n, book.err_network).to_string()))
                }
                Err(_) => failed.set(Some(t_string!(i18n, book.find_failed).to_string())),
            }
        });
    };
    view! {
        <PageTitle text=tr!(i18n, book.find_title)/>
        <header class="page-head">
            <h1>{tr!(i18n, book.find_title)}</h1>
            <p>{tr!(i18n, book.find_intro)}</p>
        </header>
        <form class="book-form" on:submit=find>
            <Field label=tr!(i18n, book.reference) value=reference error=FieldError::plain(Signal::derive(|| None)) autocomplete="off"/>
            <Field label=tr!(i18n, book.pin) value=pin error=FieldError::plain(Signal::derive(move || failed.get())) autocomplete="off"/>
            <button type="submit" class="button primary wide" disabled=move || pending.get()>{tr!(i18n, book.find)}</button>
        </form>
    }
}
