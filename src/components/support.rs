//! Whom a listing supports, and its cancellation terms.
use leptos::prelude::*;
use model::{CancellationPolicy, Provider, ProviderKind};

use crate::i18n::*;
use crate::text::{local, tr};

/// A small badge for registered poverty-alleviation households and cooperatives, worded for
/// which of them it is.
#[component]
pub fn SupportBadge(
    poverty_alleviation: bool,
    #[prop(optional)] kind: ProviderKind,
) -> impl IntoView {
    let i18n = use_i18n();
    poverty_alleviation.then(|| {
        let words = match kind {
            ProviderKind::Cooperative => tr!(i18n, common.poverty_badge_coop),
            _ => tr!(i18n, common.poverty_badge),
        };
        view! { <span class="badge support">{words}</span> }
    })
}

/// The "your money goes to" box on detail pages.
#[component]
pub fn SupportsBox(operator: Provider) -> impl IntoView {
    let i18n = use_i18n();
    let poverty = operator.poverty_alleviation;
    let Provider {
        name,
        supports,
        kind,
        ..
    } = operator;
    let long = match kind {
        ProviderKind::Family => tr!(i18n, common.poverty_badge_long),
        ProviderKind::Cooperative => tr!(i18n, common.poverty_badge_long_coop),
        _ => tr!(i18n, common.poverty_badge_long_other),
    };
    view! {
        <section class="supports" aria-labelledby="supports-title">
            <h2 id="supports-title">{tr!(i18n, common.supports_title)}</h2>
            <p class="operator-name">{local(name.clone())}</p>
            <p>{local(supports.clone())}</p>
            {poverty.then(|| view! { <p class="badge support">{long}</p> })}
        </section>
    }
}

/// The cancellation policy in plain words.
#[component]
pub fn CancellationView(policy: CancellationPolicy) -> impl IntoView {
    let i18n = use_i18n();
    let days = policy.free_until_days;
    let percent = policy.late_refund_percent;
    let note = policy.note;
    view! {
        <section class="policy">
            <h2>{tr!(i18n, common.cancellation_title)}</h2>
            <p>{tr!(i18n, common.cancellation_rule, days = days, percent = percent)}</p>
            <p class="muted">{local(note.clone())}</p>
        </section>
    }
}
