//! Village projects that take donations: the list, and one project with how to give.
use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::donation::DonationRequest;
use model::terms::PaymentTerms;
use model::{Localized, Money, Project};

use crate::api::{self, TicketKind};
use crate::components::contact::{CopyButton, ShareButton};
use crate::components::form::{Field, Problems, Submission, SubmitProblem};
use crate::components::photo::{CardPicture, HeroPictures};
use crate::components::status::{listing_page, loaded};
use crate::components::support::SupportsBox;
use crate::components::terms::PayTerms;
use crate::components::trips::use_trips;
use crate::i18n::*;
use crate::text::{local, tr, tr_count};

/// `/donate`: every project with its progress.
#[component]
pub fn DonatePage() -> impl IntoView {
    let i18n = use_i18n();
    let projects = LocalResource::new(api::projects);
    view! {
        <PageTitle text=tr!(i18n, donate.title)/>
        <header class="page-head">
            <h1>{tr!(i18n, donate.title)}</h1>
            <p>{tr!(i18n, donate.intro)}</p>
        </header>
        {loaded(projects, |list| view! {
            <div class="card-list">
                {list.into_iter().map(|p| view! {
                    <ProjectCard slug=p.slug image=p.image cover=p.photos.first().cloned() name=p.name summary=p.summary
                        raised=p.raised goal=p.goal donors=p.donors/>
                }).collect_view()}
            </div>
        })}
        <p><A href="/ledger" attr:class="button">{tr!(i18n, donate.ledger_link)}</A></p>
    }
}

/// A project in a list: name, one line, progress.
#[component]
pub fn ProjectCard(
    slug: String,
    image: String,
    cover: Option<model::photo::Photo>,
    name: Localized,
    summary: Localized,
    raised: Money,
    goal: Money,
    donors: u32,
) -> impl IntoView {
    view! {
        <article class="card project-card">
            <A href=format!("/donate/{slug}") attr:class="card-link">
                <CardPicture cover image/>
                <div class="card-body">
                    <h3>{local(name)}</h3>
                    <p class="card-line">{local(summary)}</p>
                    <Progress raised goal donors/>
                </div>
            </A>
        </article>
    }
}

/// Raised against goal, as a bar and in words.
#[component]
pub fn Progress(raised: Money, goal: Money, donors: u32) -> impl IntoView {
    let i18n = use_i18n();
    let pct = model::listing::percent_of(raised, goal);
    let (raised, goal) = (raised.display(), goal.display());
    view! {
        <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct>
            <span style=format!("width:{pct}%")></span>
        </div>
        <p class="progress-text">
            {tr!(i18n, donate.raised_of, raised = raised.clone(), goal = goal.clone())}
            " · " {tr_count!(i18n, donors, donate.one_donor, donate.donors)}
        </p>
    }
}

/// `/donate/{slug}`: one project, its budget, and how to give.
#[component]
pub fn ProjectPage() -> impl IntoView {
    listing_page(
        api::projects,
        |x: &Project| &x.slug,
        "slug",
        |x| view! { <ProjectDetail project=x/> },
    )
}

#[component]
fn ProjectDetail(project: Project) -> impl IntoView {
    let i18n = use_i18n();
    let p = StoredValue::new(project.clone());
    let text = move |f: fn(&Project) -> &model::Localized| p.with_value(|v| local(f(v).clone()));
    let pledged = project.pledged.display();
    let show_transfer = RwSignal::new(false);
    let api_mode = api::use_api_mode();
    view! {
        <PageTitle text=text(|p| &p.name)/>
        <article class="detail">
            <HeroPictures photos=project.photos.clone() image=project.image.clone()/>
            <header class="detail-head">
                <h1>{text(|p| &p.name)}</h1>
                <p class="lead">{text(|p| &p.summary)}</p>
                <Progress raised=project.raised goal=project.goal donors=project.donors/>
                <p class="muted spent">{if project.spent.0 > 0 {
                    let spent = project.spent.display();
                    view! { {tr!(i18n, donate.spent_note, spent = spent.clone())} }.into_any()
                } else {
                    view! { {tr!(i18n, donate.none_spent)} }.into_any()
                }} " " <A href="/ledger">{tr!(i18n, donate.ledger_link)}</A></p>
                <p class="muted">{tr!(i18n, donate.pledged_note, pledged = pledged.clone())}</p>
                <div class="actions"><ShareButton title=text(|p| &p.name)/></div>
            </header>
            <section>
                <h2>{tr!(i18n, donate.about)}</h2>
                <p>{text(|p| &p.description)}</p>
            </section>
            <section>
                <h2>{tr!(i18n, donate.budget)}</h2>
                <table class="budget">
                    <tbody>
                        {project.budget.iter().map(|line| view! {
                            <tr><td>{local(line.item.clone())}</td><td class="num">{line.cost.display()}</td></tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr><th>{tr!(i18n, donate.goal)}</th><th class="num">{project.goal.display()}</th></tr></tfoot>
                </table>
            </section>
            <Show when=move || show_transfer.get()>
                {move || match api_mode.get() {
                    Some(true) => view! { <PledgeForm slug=p.with_value(|p| p.slug.clone()) account=p.with_value(|p| p.transfer.account_name.clone())/> }.into_any(),
                    _ => view! { <TransferDetails project=p.get_value()/> }.into_any(),
                }}
            </Show>
            <SupportsBox operator=project.operator.clone()/>
            <p class="muted">{tr!(i18n, donate.public_note)} " " <A href="/ledger">{tr!(i18n, donate.ledger_link)}</A></p>
        </article>
        <div class="action-bar">
            <span class="price">{move || format!("{}%", p.with_value(|p| p.percent_raised()))}</span>
            <button type="button" class="button primary" aria-controls="give" on:click=move |_| {
                show_transfer.set(true);
                // The form renders after this handler: bring it into view once it is there.
                request_animation_frame(bring_give_into_view);
            }>{tr!(i18n, donate.give)}</button>
        </div>
    }
}

/// Moves focus to the opened donation form and scrolls it to the top of the screen, so a
/// screen reader and the keyboard start there too.
fn bring_give_into_view() {
    use wasm_bindgen::JsCast;
    let Some(el) = document().get_element_by_id("give") else {
        return;
    };
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
    el.scroll_into_view_with_bool(true);
}

#[component]
fn TransferDetails(project: Project) -> impl IntoView {
    let i18n = use_i18n();
    let t = project.transfer;
    let number = t.account_number.clone();
    let name = t.account_name.clone();
    // Bank apps want the account name as registered, in Chinese.
    let name_zh = t.account_name.zh.clone();
    view! {
        <section class="transfer" id="give" tabindex="-1" aria-labelledby="transfer-title">
            <h2 id="transfer-title">{tr!(i18n, donate.transfer_title)}</h2>
            <p>{tr!(i18n, donate.transfer_intro)}</p>
            <dl>
                <dt>{tr!(i18n, donate.bank)}</dt>
                <dd>{local(t.bank.clone())}</dd>
                <dt>{tr!(i18n, donate.account_name)}</dt>
                <dd>{local(name.clone())} <CopyButton text=name_zh/></dd>
                <dt>{tr!(i18n, donate.account_number)}</dt>
                <dd><span class="mono">{number.clone()}</span> <CopyButton text=number/></dd>
            </dl>
            <p class="muted">{tr!(i18n, donate.transfer_quote)}</p>
        </section>
    }
}

/// Amounts offered with one tap, in yuan.
const PRESETS: [i64; 4] = [50, 100, 200, 500];

/// A pledge: amount, a name to show or anonymous, a message. Ends with how to pay.
#[component]
fn PledgeForm(slug: String, account: Localized) -> impl IntoView {
    let account = StoredValue::new(account);
    let i18n = use_i18n();
    let trips = use_trips();
    let navigate = use_navigate();
    let go = Callback::new(move |to: String| navigate(&to, Default::default()));
    let amount = RwSignal::new(String::from("100"));
    let name = RwSignal::new(String::new());
    let anonymous = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let submission = Submission::new();
    let slug = StoredValue::new(slug);
    let request = move || DonationRequest {
        project: slug.get_value(),
        amount: Money::parse_yuan(&amount.get()),
        display_name: Some(name.get()).filter(|n| !n.trim().is_empty() && !anonymous.get()),
        anonymous: anonymous.get(),
        message: Some(message.get()).filter(|m| !m.trim().is_empty()),
    };
    let problems = Problems::new(move || request().parse().err().unwrap_or_default());
    let pledge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !problems.ready_to_send(&submission) {
            return;
        }
        let req = request();
        let key = submission.key_for(&req);
        submission.pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::create_donation(&req, &key).await;
            submission.pending.set(false);
            match answer {
                Ok(d) => {
                    submission.done();
                    let page =
                        trips.keep_new(TicketKind::Donation, &d.reference, d.pin.as_ref(), &d);
                    go.try_run(page);
                }
                Err(e) => problems.refused(e),
            }
        });
    };
    view! {
        <section id="give" tabindex="-1" aria-labelledby="pledge-title">
            <h2 id="pledge-title">{tr!(i18n, donate.pledge_title)}</h2>
            <form class="book-form" novalidate on:submit=pledge>
                <div class="chips" role="group" aria-label=tr!(i18n, donate.amount)>
                    {PRESETS.into_iter().map(|yuan| view! {
                        <button type="button" class="chip" aria-pressed=move || (Money::parse_yuan(&amount.get()) == Money::yuan(yuan)).to_string()
                            on:click=move |_| amount.set(yuan.to_string())>{Money::yuan(yuan).display()}</button>
                    }).collect_view()}
                </div>
                <Field label=tr!(i18n, donate.amount_yuan) value=amount error=problems.for_field("amount") kind="number" inputmode="decimal"/>
                <label class="check">
                    <input type="checkbox" prop:checked=move || anonymous.get() on:change:target=move |ev| anonymous.set(ev.target().checked())/>
                    <span>{tr!(i18n, donate.anonymous)}</span>
                </label>
                <Show when=move || !anonymous.get()>
                    <Field label=tr!(i18n, donate.display_name) value=name error=problems.for_field("display_name") autocomplete="nickname"/>
                </Show>
                <label class="form-field">
                    <span class="form-label">{tr!(i18n, donate.message)}</span>
                    <textarea rows="2" prop:value=move || message.get() on:input:target=move |ev| message.set(ev.target().value())></textarea>
                    <span class="form-error" role="alert">{move || problems.for_field("message").text.get()}</span>
                </label>
                <SubmitProblem problems/>
                <PayTerms terms=Signal::derive(move || PaymentTerms::pledge(Money::parse_yuan(&amount.get()), &account.get_value()))/>
                <button type="submit" class="button primary wide" disabled=move || submission.pending.get()>
                    {move || if submission.pending.get() { t_string!(i18n, book.sending) } else { t_string!(i18n, donate.pledge) }}
                </button>
            </form>
        </section>
    }
}
