//! Village projects that take donations: the list, and one project with how to give.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::Project;

use crate::api;
use crate::components::contact::{CopyButton, ShareButton};
use crate::components::status::{loaded, NotFound};
use crate::components::support::SupportsBox;
use crate::i18n::*;
use crate::text::{local, tr};

/// `/donate`: every project with its progress.
#[component]
pub fn DonatePage() -> impl IntoView {
    let i18n = use_i18n();
    let projects = LocalResource::new(api::projects);
    view! {
        <Title text=tr!(i18n, donate.title)/>
        <header class="page-head">
            <h1>{tr!(i18n, donate.title)}</h1>
            <p>{tr!(i18n, donate.intro)}</p>
        </header>
        {loaded(projects, |list| view! {
            <div class="card-list">
                {list.into_iter().map(|p| view! { <ProjectCard project=p/> }).collect_view()}
            </div>
        })}
    }
}

/// A project in a list: name, one line, progress.
#[component]
pub fn ProjectCard(project: Project) -> impl IntoView {
    let (name, summary) = (project.name.clone(), project.summary.clone());
    view! {
        <article class="card project-card">
            <A href=format!("/donate/{}", project.slug) attr:class="card-link">
                <img src=format!("/{}", project.image) alt="" loading="lazy" width="400" height="240"/>
                <div class="card-body">
                    <h3>{local(name.clone())}</h3>
                    <p class="card-line">{local(summary.clone())}</p>
                    <Progress project=project.clone()/>
                </div>
            </A>
        </article>
    }
}

/// Raised against goal, as a bar and in words.
#[component]
fn Progress(project: Project) -> impl IntoView {
    let i18n = use_i18n();
    let pct = project.percent_raised();
    let (raised, goal, donors) = (
        project.raised.display(),
        project.goal.display(),
        project.donors,
    );
    view! {
        <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct>
            <span style=format!("width:{pct}%")></span>
        </div>
        <p class="progress-text">
            {tr!(i18n, donate.raised_of, raised = raised.clone(), goal = goal.clone())}
            " · " {tr!(i18n, donate.donors, count = donors)}
        </p>
    }
}

/// `/donate/{slug}`: one project, its budget, and how to give.
#[component]
pub fn ProjectPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let projects = LocalResource::new(api::projects);
    loaded(projects, move |list| {
        move || match list.iter().find(|p| p.slug == slug.get()) {
            Some(p) => view! { <ProjectDetail project=p.clone()/> }.into_any(),
            None => view! { <NotFound/> }.into_any(),
        }
    })
}

#[component]
fn ProjectDetail(project: Project) -> impl IntoView {
    let i18n = use_i18n();
    let p = StoredValue::new(project.clone());
    let text = move |f: fn(&Project) -> &model::Localized| p.with_value(|v| local(f(v).clone()));
    let pledged = project.pledged.display();
    let show_transfer = RwSignal::new(false);
    view! {
        <Title text=text(|p| &p.name)/>
        <article class="detail">
            <img class="hero-img" src=format!("/{}", project.image) alt="" width="400" height="240"/>
            <header class="detail-head">
                <h1>{text(|p| &p.name)}</h1>
                <p class="lead">{text(|p| &p.summary)}</p>
                <Progress project=project.clone()/>
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
                <TransferDetails project=p.get_value()/>
            </Show>
            <SupportsBox operator=project.operator.clone()/>
            <p class="muted">{tr!(i18n, donate.public_note)}</p>
        </article>
        <div class="action-bar">
            <span class="price">{move || format!("{}%", p.with_value(|p| p.percent_raised()))}</span>
            <button type="button" class="button primary" on:click=move |_| {
                show_transfer.set(true);
                if let Some(el) = document().get_element_by_id("transfer") {
                    el.scroll_into_view();
                }
            }>{tr!(i18n, donate.give)}</button>
        </div>
    }
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
        <section class="transfer" id="transfer" aria-labelledby="transfer-title">
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
