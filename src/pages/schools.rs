//! Tai chi schools and family martial halls: the list with filters, and one school's page.
use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;
use model::availability::similar;
use model::booking::BookingKind;
use model::filter::{Length, SchoolFilter, Sort};
use model::{Level, Money, Program, School, SchoolKind};

use crate::api;
use crate::components::arrival::ArrivalLine;
use crate::components::card::{programme_includes, school_availability, ListingCard};
use crate::components::contact::{ContactCard, ShareButton};
use crate::components::driver::DriverCard;
use crate::components::map::{MapPin, PinKind, VillageMap};
use crate::components::photo::HeroPictures;
use crate::components::saved::HeartButton;
use crate::components::status::{listing_page, loaded, NoMatches};
use crate::components::support::{CancellationView, SupportBadge, SupportsBox};
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::pages::{use_url_query, UrlQuery};
use crate::text::{local, t_count, tr, tr_count};
use leptos_i18n::I18nContext;

/// Price-per-day ceilings offered in the filter, in yuan.
const MAX_PER_DAY_CHOICES: [i64; 4] = [150, 250, 400, 600];

fn filter_from(q: UrlQuery) -> SchoolFilter {
    SchoolFilter {
        length: q.get("length").and_then(|s| Length::parse(&s)),
        max_per_day: q.get("max").and_then(|s| s.parse().ok()).map(Money::yuan),
        english: q.get("en").is_some(),
        board_lodging: q.get("board").is_some(),
        sort: q.get("sort").map(|s| Sort::parse(&s)).unwrap_or_default(),
    }
}

/// `/schools`: every school and hall, filtered and sorted through the URL query.
#[component]
pub fn SchoolsPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_url_query();
    let filter = Memo::new(move |_| filter_from(q));
    let schools = LocalResource::new(api::schools);
    view! {
        <PageTitle text=tr!(i18n, schools.title)/>
        <header class="page-head">
            <h1>{tr!(i18n, schools.title)}</h1>
            <p>{tr!(i18n, schools.intro)}</p>
        </header>
        <SchoolFilters q filter/>
        {loaded(schools, move |list| view! { <SchoolList list filter q/> })}
    }
}

#[component]
fn SchoolFilters(q: UrlQuery, filter: Memo<SchoolFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let length_chip = move |length: Option<Length>| {
        let label = move || match length {
            None => t_string!(i18n, schools.length_any),
            Some(Length::Taster) => t_string!(i18n, schools.length_taster),
            Some(Length::Week) => t_string!(i18n, schools.length_week),
            Some(Length::Month) => t_string!(i18n, schools.length_month),
        };
        let pressed = move || filter.read().length == length;
        view! {
            <button type="button" class="chip" aria-pressed=move || pressed().to_string()
                on:click=move |_| q.set("length", length.map(|l| l.as_str().to_owned()))>
                {label}
            </button>
        }
    };
    view! {
        <section class="filters" aria-label=tr!(i18n, common.filters)>
            <div class="chips scroll" role="group" aria-label=tr!(i18n, schools.length_label)>
                {length_chip(None)}
                {Length::ALL.into_iter().map(|l| length_chip(Some(l))).collect_view()}
            </div>
            <div class="filter-row">
                <label class="field">
                    <span>{tr!(i18n, schools.max_per_day)}</span>
                    <select prop:value=move || q.get("max").unwrap_or_default()
                        on:change:target=move |ev| q.set("max", Some(ev.target().value()))>
                        <option value="">{tr!(i18n, common.any_price)}</option>
                        {MAX_PER_DAY_CHOICES.into_iter().map(|yuan| view! {
                            <option value=yuan.to_string()>{format!("≤ {}", Money::yuan(yuan).display())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <SortSelect q/>
            </div>
            <div class="filter-row">
                <label class="check">
                    <input type="checkbox" prop:checked=move || filter.read().english
                        on:change:target=move |ev| q.set("en", ev.target().checked().then(|| "1".to_owned()))/>
                    <span>{tr!(i18n, schools.english)}</span>
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || filter.read().board_lodging
                        on:change:target=move |ev| q.set("board", ev.target().checked().then(|| "1".to_owned()))/>
                    <span>{tr!(i18n, schools.board_lodging)}</span>
                </label>
            </div>
        </section>
    }
}

/// The sort order picker, shared by the school and lodging lists.
#[component]
pub fn SortSelect(q: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |sort: Sort| match sort {
        Sort::Recommended => t_string!(i18n, common.sort_recommended),
        Sort::PriceLow => t_string!(i18n, common.sort_price_low),
        Sort::PriceHigh => t_string!(i18n, common.sort_price_high),
        Sort::Name => t_string!(i18n, common.sort_name),
    };
    view! {
        <label class="field">
            <span>{tr!(i18n, common.sort)}</span>
            <select prop:value=move || q.get("sort").unwrap_or_else(|| Sort::Recommended.as_str().to_owned())
                on:change:target=move |ev| q.set("sort", Some(ev.target().value()).filter(|v| v != "recommended"))>
                {Sort::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str()>{move || label(s)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn SchoolList(list: Vec<School>, filter: Memo<SchoolFilter>, q: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let today = format::today();
    move || {
        let f = filter.get();
        let mut hits: Vec<(School, Program)> = f
            .apply(&list, lang(), today)
            .into_iter()
            .filter_map(|s| f.best_program(s).map(|p| (s.clone(), p.clone())))
            .collect();
        // "See similar" from a full school's card: the open ones most like it.
        let like = q
            .get("like")
            .and_then(|slug| list.iter().find(|s| s.slug == slug).cloned());
        if let Some(full) = &like {
            let open = |(s, _): &(School, Program)| s.next_open(today).is_some();
            hits = similar(hits, open, |(s, _)| s.unlike(full));
        }
        if hits.is_empty() {
            return view! { <NoMatches clear=move || q.clear()/> }.into_any();
        }
        let count = hits.len();
        view! {
            {like.map(|full| view! { <LikeNote name=full.name q/> })}
            <p class="result-count" role="status">{tr_count!(i18n, count, common.one_result, common.results)}</p>
            <div class="card-list">
                {hits.into_iter().map(|(s, program)| view! { <SchoolCard school=s program/> }).collect_view()}
            </div>
        }
        .into_any()
    }
}

/// Above a "see similar" list: what it is like, and the way back to the whole list.
#[component]
pub fn LikeNote(name: model::text::Localized, q: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    let name = local(name);
    view! {
        <div class="like-note">
            <h2>{move || t_string!(i18n, common.like_of, name = name.get()).to_string()}</h2>
            <button type="button" class="button small ghost" on:click=move |_| q.set("like", None)>
                {tr!(i18n, common.show_all)}
            </button>
        </div>
    }
}

/// A school in a list: the per-day price of `program` (the list's sort and filter use the
/// same figure), named for that programme, with what it includes and the next open date.
#[component]
fn SchoolCard(school: School, program: Program) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (name, summary) = (school.name.clone(), school.summary.clone());
    let per_day = program.price_per_day().display();
    let programme = program.name.clone();
    let next = school.next_open(format::today());
    let price = Signal::derive(move || {
        t_string!(
            i18n,
            schools.from_per_day_of,
            price = per_day.clone(),
            programme = programme.get(lang())
        )
        .to_string()
    });
    view! {
        <ListingCard
            href=format!("/schools/{}", school.slug)
            image=school.image.clone()
            cover=school.photos.first().cloned()
            title=local(name.clone())
            line=local(summary.clone())
            price
            includes=Some(programme_includes(program.includes_board, program.includes_lodging))
            availability=Some(school_availability(next))
            similar=next.is_none().then(|| format!("/schools?like={}", school.slug))
            save_key=format!("school:{}", school.slug)>
            <KindBadge kind=school.kind/>
            {school.english_instruction.then(|| view! { <span class="badge">{tr!(i18n, schools.english_badge)}</span> })}
            <SupportBadge poverty_alleviation=school.operator.poverty_alleviation/>
        </ListingCard>
    }
}

/// A school card outside the filtered list, priced at its cheapest programme per day.
#[component]
pub fn SchoolCardFor(school: School) -> impl IntoView {
    let program = SchoolFilter::default().best_program(&school).cloned();
    program.map(|program| view! { <SchoolCard school program/> })
}

#[component]
fn KindBadge(kind: SchoolKind) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge kind">
            {move || match kind {
                SchoolKind::School => t_string!(i18n, schools.kind_school),
                SchoolKind::FamilyHall => t_string!(i18n, schools.kind_hall),
            }}
        </span>
    }
}

/// `/schools/{slug}`: one school, its programmes and how to reach it.
#[component]
pub fn SchoolPage() -> impl IntoView {
    listing_page(
        api::schools,
        |x: &School| &x.slug,
        "slug",
        |x| view! { <SchoolDetail school=x/> },
    )
}

#[component]
fn SchoolDetail(school: School) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(school.clone());
    let text = move |f: fn(&School) -> &model::Localized| s.with_value(|v| local(f(v).clone()));
    // The lowest price a person can pay here, named for its programme.
    let cheapest = school
        .programs
        .iter()
        .min_by_key(|p| p.price_per_person)
        .map(|p| (p.price_per_person.display(), p.name.clone()))
        .unwrap_or_default();
    let lang = use_lang();
    let from = Signal::derive(move || {
        let (price, programme) = cheapest.clone();
        t_string!(
            i18n,
            schools.from_per_person_of,
            price = price,
            programme = programme.get(lang())
        )
        .to_string()
    });
    let pin = MapPin {
        kind: PinKind::School,
        name: school.name.clone(),
        location: school.location.clone(),
        href: None,
    };
    view! {
        <PageTitle text=text(|s| &s.name)/>
        <article class="detail">
            <HeroPictures photos=school.photos.clone() image=school.image.clone()/>
            <header class="detail-head">
                <div class="badges">
                    <KindBadge kind=school.kind/>
                    {school.english_instruction.then(|| view! { <span class="badge">{tr!(i18n, schools.english_badge)}</span> })}
                    <SupportBadge poverty_alleviation=school.operator.poverty_alleviation/>
                </div>
                <h1>{text(|s| &s.name)}</h1>
                <p class="lead">{text(|s| &s.summary)}</p>
                <div class="actions">
                    <HeartButton key=format!("school:{}", school.slug)/>
                    <ShareButton title=text(|s| &s.name)/>
                </div>
            </header>
            <section aria-labelledby="programmes-title">
                <h2 id="programmes-title">{tr!(i18n, schools.programmes)}</h2>
                <div class="programmes">
                    {school.programs.iter().cloned().map(|p| view! { <ProgramCard school=school.slug.clone() program=p/> }).collect_view()}
                </div>
            </section>
            <section>
                <h2>{tr!(i18n, schools.story)}</h2>
                <p>{text(|s| &s.story)}</p>
                <p class="muted">{tr!(i18n, schools.founded, year = school.founded)}</p>
            </section>
            <section>
                <h2>{tr!(i18n, schools.lineage)}</h2>
                <p>{text(|s| &s.lineage)}</p>
            </section>
            <section>
                <h2>{tr!(i18n, schools.teachers)}</h2>
                <ul class="teachers">
                    {school.teachers.iter().map(|t| view! {
                        <li>
                            <strong>{local(t.name.clone())}</strong>
                            <span class="muted">{local(t.title.clone())}</span>
                            <p>{local(t.bio.clone())}</p>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
            <section>
                <h2>{tr!(i18n, common.location)}</h2>
                <p>{text(|s| &s.location.address)}
                   " · " {tr!(i18n, common.walk_minutes, minutes = school.location.walk_minutes)}</p>
                <ArrivalLine arrival=school.arrival.clone() stay=false/>
                <VillageMap pins=vec![pin] selected=0 links=false/>
            </section>
            <DriverCard name=school.name.clone() location=school.location.clone()/>
            <ContactCard contact=school.contact.clone()/>
            <CancellationView policy=school.cancellation.clone() kind=BookingKind::School start=None/>
            <SupportsBox operator=school.operator.clone()/>
        </article>
        <div class="action-bar">
            <span class="price">{from}</span>
            <A href=format!("/schools/{}/book", school.slug) attr:class="button primary">{tr!(i18n, book.book_now)}</A>
        </div>
    }
}

pub fn level_label(i18n: I18nContext<Locale>, level: Level) -> &'static str {
    match level {
        Level::Beginner => t_string!(i18n, schools.level_beginner),
        Level::Intermediate => t_string!(i18n, schools.level_intermediate),
        Level::Advanced => t_string!(i18n, schools.level_advanced),
        Level::AllLevels => t_string!(i18n, schools.level_all),
    }
}

/// A programme with its next start dates; each open date is a link to the booking form with
/// that date chosen.
#[component]
fn ProgramCard(school: String, program: Program) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let today = format::today();
    let per_day = program.price_per_day();
    let Program {
        id,
        name,
        description,
        days,
        level,
        price_per_person,
        includes_board,
        includes_lodging,
        sessions,
        ..
    } = program;
    let upcoming: Vec<_> = sessions
        .into_iter()
        .filter(|s| s.start >= today)
        .take(4)
        .collect();
    view! {
        <article class="programme">
            <header>
                <h3>{local(name.clone())}</h3>
                <span class="badge">{move || level_label(i18n, level)}</span>
            </header>
            <p class="programme-price">
                <strong>{price_per_person.display()}</strong>
                " " {tr!(i18n, schools.per_person)}
                <span class="muted">" · " {tr_count!(i18n, days, schools.one_day, schools.days)}
                " · " {tr!(i18n, schools.per_day, price = per_day.display())}</span>
            </p>
            <p>{local(description.clone())}</p>
            <ul class="includes">
                <li class:yes=includes_board>{move || if includes_board { t_string!(i18n, schools.board_yes) } else { t_string!(i18n, schools.board_no) }}</li>
                <li class:yes=includes_lodging>{move || if includes_lodging { t_string!(i18n, schools.lodging_yes) } else { t_string!(i18n, schools.lodging_no) }}</li>
            </ul>
            <h4>{tr!(i18n, schools.next_sessions)}</h4>
            <ul class="sessions">
                {upcoming.into_iter().map(|sess| {
                    let left = sess.places_left();
                    let start = sess.start;
                    let when = move || format::date(start, lang());
                    let places = move || if left == 0 { t_string!(i18n, schools.full).to_string() } else { t_count!(i18n, left, schools.one_place_left, schools.places_left) };
                    if sess.is_bookable(today, 1) {
                        let href = format!("/schools/{school}/book?program={id}&session={}", sess.id);
                        view! {
                            <li>
                                <A href=href>
                                    <span>{when}</span>
                                    <span>{places}</span>
                                    <span class="go">{tr!(i18n, schools.book_date)} " ›"</span>
                                </A>
                            </li>
                        }.into_any()
                    } else {
                        view! { <li class:full={left == 0}><span>{when}</span><span>{places}</span></li> }.into_any()
                    }
                }).collect_view()}
            </ul>
        </article>
    }
}
