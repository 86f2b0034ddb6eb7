//! The operators' login form.
use leptos::prelude::*;
use model::staff::{LoginRequest, OperatorProfile};

use crate::api::{self, SubmitError};
use crate::components::form::{Field, FieldError};
use crate::i18n::*;
use crate::problem::describe;
use crate::text::tr;

/// Logs in with a user name and password; sets `me` on success.
#[component]
pub fn Login(me: RwSignal<Option<OperatorProfile>>) -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let login = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let req = LoginRequest {
            username: username.get(),
            password: password.get(),
        };
        leptos::task::spawn_local(async move {
            match api::dashboard::login(&req).await {
                Ok(p) => {
                    password.try_set(String::new());
                    me.try_set(Some(p));
                }
                Err(SubmitError::Refused { status: 429, .. }) => {
                    failed.try_set(Some(t_string!(i18n, ops.too_many).to_string()));
                }
                Err(SubmitError::Refused { .. }) => {
                    failed.try_set(Some(t_string!(i18n, ops.wrong_login).to_string()));
                }
                Err(e) => {
                    failed.try_set(Some(describe(&e, i18n)));
                }
            }
            pending.try_set(false);
        });
    };
    view! {
        <form class="book-form" on:submit=login>
            <p>{tr!(i18n, ops.login_intro)}</p>
            <Field label=tr!(i18n, ops.username) value=username error=FieldError::plain(Signal::derive(|| None)) autocomplete="username"/>
            <Field label=tr!(i18n, ops.password) value=password error=FieldError::plain(Signal::derive(move || failed.get())) kind="password" autocomplete="current-password"/>
            <button type="submit" class="button primary wide" disabled=move || pending.get()>{tr!(i18n, ops.login)}</button>
        </form>
    }
}
