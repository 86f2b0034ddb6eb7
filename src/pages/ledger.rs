//! `/ledger`: every yuan in and out of the village projects. The browser re-computes the
//! hash chain itself and says plainly whether it verifies; the head hash is shown as a QR
//! code to compare with the one on the village notice board.
use crate::components::title::PageTitle;
use leptos::prelude::*;
use model::ledger::{
    judge, totals, verify_against_head, Checkpoint, EntryKind, LedgerEntry, Signature,
    SpendingStage,
};
use model::staff::Ledger;
use model::Project;

use crate::api::{self, ApiError};
use crate::components::contact::CopyButton;
use crate::components::qr::Qr;
use crate::components::status::loaded;
use crate::format::{self, use_lang};
use crate::i18n::*;
use crate::text::{local, tr, tr_count};

/// Where the last verified checkpoint is kept on the phone.
const KEPT_CHECKPOINT: &str = "cjg_ledger_checkpoint";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn kept_checkpoint() -> Option<Checkpoint> {
    let text = local_storage()?.get_item(KEPT_CHECKPOINT).ok()??;
    serde_json::from_str(&text).ok()
}

fn keep_checkpoint(c: &Checkpoint) {
    if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(c)) {
        let _ = storage.set_item(KEPT_CHECKPOINT, &text);
    }
}

#[derive(Clone)]
struct LedgerView {
    ledger: Ledger,
    projects: Vec<Project>,
    /// The server's live, signed ledger (`false`: the copy a static site publishes).
    live: bool,
}

async fn load(live: bool) -> Result<LedgerView, ApiError> {
    Ok(LedgerView {
        ledger: if live {
            api::ledger().await?
        } else {
            api::published_ledger().await?
        },
        projects: api::projects().await?,
        live,
    })
}

/// The public ledger page.
#[component]
pub fn LedgerPage() -> impl IntoView {
    let i18n = use_i18n();
    let api_mode = api::use_api_mode();
    view! {
        <PageTitle text=tr!(i18n, donate.ledger_title)/>
        <header class="page-head">
            <h1>{tr!(i18n, donate.ledger_title)}</h1>
            <p>{tr!(i18n, donate.ledger_intro)}</p>
        </header>
        {move || api_mode.get().map(|live| {
            loaded(LocalResource::new(move || load(live)), |v| view! { <LedgerBody view=v/> })
        })}
    }
}

#[component]
fn LedgerBody(view: LedgerView) -> impl IntoView {
    let i18n = use_i18n();
    let LedgerView {
        ledger,
        projects,
        live,
    } = view;
    // Checked here, in the browser, with the same code the server uses: not taken on trust.
    let check = verify_against_head(&ledger.entries, &ledger.head);
    // A static copy carries no signature; it says so instead of raising the alarm.
    let signature = live.then(|| judge(&ledger, kept_checkpoint().as_ref()));
    let chain_ok = check.is_ok();
    if let (Some(Signature::Signed), Some(c)) = (&signature, &ledger.checkpoint) {
        if chain_ok {
            keep_checkpoint(c);
        }
    }
    let (per_project, all) = totals(&ledger.entries);
    let count = ledger.entries.len();
    let head = ledger.head.clone();
    let name_of = move |slug: &str| {
        projects
            .iter()
            .find(|p| p.slug == slug)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| model::Localized::new(slug, slug))
    };
    view! {
        <Totals per_project all name_of=name_of.clone() live/>
        {match check {
            Ok(()) => view! {
                <div class="notice verified" role="status">
                    <p class="notice-title">{tr!(i18n, donate.chain_ok, count = count)}</p>
                </div>
            }.into_any(),
            Err(e) => {
                let at = e.seq();
                view! {
                    <div class="notice error" role="alert">
                        <p class="notice-title">{tr!(i18n, donate.chain_broken)}</p>
                        <p>{at.map(|n| view! { {tr!(i18n, donate.chain_broken_at, seq = n)} })} " " {e.to_string()}</p>
                    </div>
                }.into_any()
            }
        }}
        {match signature {
            None => view! { <p class="notice">{tr!(i18n, donate.ledger_static)}</p> }.into_any(),
            // A signed head over a broken chain is no comfort: the chain's alert says enough.
            Some(Signature::Signed) if !chain_ok => ().into_any(),
            Some(Signature::Signed) => view! {
                <div class="notice verified" role="status"><p>{tr!(i18n, donate.signed_ok)}</p></div>
            }.into_any(),
            Some(Signature::Empty) => ().into_any(),
            Some(Signature::Unsigned) => view! {
                <div class="notice error" role="alert"><p>{tr!(i18n, donate.unsigned)}</p></div>
            }.into_any(),
            Some(Signature::Invalid) => view! {
                <div class="notice error" role="alert"><p>{tr!(i18n, donate.signature_bad)}</p></div>
            }.into_any(),
            Some(Signature::NotExtending { seq }) => view! {
                <div class="notice error" role="alert"><p>{tr!(i18n, donate.not_extending, seq = seq)}</p></div>
            }.into_any(),
        }}
        <section aria-labelledby="entries-title">
            <h2 id="entries-title">{tr!(i18n, donate.entries)}</h2>
            {if count == 0 {
                view! { <p class="muted">{tr!(i18n, donate.no_entries)}</p> }.into_any()
            } else {
                view! {
                    <ol class="entries" reversed>
                        {ledger.entries.iter().rev().map(|e| view! { <Entry entry=e.clone() project=name_of(&e.project)/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <section class="head-hash" aria-labelledby="head-title">
            <h2 id="head-title">{tr!(i18n, donate.head_hash)}</h2>
            <p class="muted">{tr!(i18n, donate.head_hash_text)}</p>
            <p class="mono hash">{head.clone()}</p>
            <CopyButton text=head.clone()/>
            <Qr text=head label=tr!(i18n, donate.head_qr)/>
        </section>
    }
}

/// What came in, what was paid out and what is left, per project: the page's first lines.
#[component]
fn Totals(
    per_project: std::collections::BTreeMap<String, model::ledger::Totals>,
    all: model::ledger::Totals,
    name_of: impl Fn(&str) -> model::Localized + 'static,
    live: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="totals-title">
            <h2 id="totals-title">{tr!(i18n, donate.totals)}</h2>
            <table class="budget totals">
                <thead><tr><th></th><th class="num">{tr!(i18n, donate.received)}</th><th class="num">{tr!(i18n, donate.paid_out)}</th><th class="num">{tr!(i18n, donate.balance)}</th></tr></thead>
                <tbody>
                    {per_project.into_iter().map(|(slug, t)| view! {
                        <tr data-project=slug.clone()>
                            <td>{local(name_of(&slug))}<br/><span class="muted small">{tr_count!(i18n, t.donors, donate.one_donor, donate.donors)}</span></td>
                            <td class="num received">{t.received.display()}</td><td class="num paid">{t.paid.display()}</td><td class="num">{t.balance().display()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th>{tr!(i18n, donate.all_projects)}</th><th class="num">{all.received.display()}</th><th class="num">{all.paid.display()}</th><th class="num">{all.balance().display()}</th></tr></tfoot>
            </table>
            <p class="muted small">{tr!(i18n, donate.totals_note)}</p>
            {live.then(|| view! { <a class="button small ghost" href="/api/v1/ledger.csv" download>{tr!(i18n, donate.csv)}</a> })}
        </section>
    }
}

#[component]
fn Entry(entry: LedgerEntry, project: model::Localized) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let kind = move || match (entry.kind, entry.stage) {
        (EntryKind::In, _) => t_string!(i18n, donate.kind_in),
        (EntryKind::Out, Some(SpendingStage::Pending)) => t_string!(i18n, donate.kind_pending),
        (EntryKind::Out, Some(SpendingStage::Approved)) => t_string!(i18n, donate.kind_approved),
        (EntryKind::Out, _) => t_string!(i18n, donate.kind_paid),
    };
    let detail = [
        entry.channel.as_str(),
        entry.payee.as_str(),
        entry.purpose.as_str(),
        entry.note.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    let date = entry.date;
    let class = if entry.kind == EntryKind::In {
        "entry in"
    } else {
        "entry out"
    };
    view! {
        <li class=class>
            <div class="entry-head">
                <span class="badge">{"#"}{entry.seq}</span>
                <strong>{kind}</strong>
                <span class="price">{entry.amount.display()}</span>
            </div>
            <p>{local(project)} " · " {move || format::date(date, lang())}</p>
            {(!detail.is_empty()).then(|| view! { <p class="muted">{detail}</p> })}
            {entry.corrects.map(|c| view! { <p class="muted">{tr!(i18n, donate.corrects, seq = c)}</p> })}
            <p class="mono hash small">{entry.hash.chars().take(16).collect::<String>()} "…"</p>
        </li>
    }
}
