//! How to reach a host directly: phone, WeChat, share.
use leptos::prelude::*;
use model::Contact;

use crate::components::icon::{Icon, Svg};
use crate::i18n::*;
use crate::text::{local, tr};

/// Phone link, WeChat ID with a copy button, opening hours.
#[component]
pub fn ContactCard(contact: Contact) -> impl IntoView {
    let i18n = use_i18n();
    let Contact {
        phone,
        wechat,
        hours,
    } = contact;
    let tel = format!("tel:{}", phone.replace('-', ""));
    view! {
        <section class="contact" id="contact" aria-labelledby="contact-title">
            <h2 id="contact-title">{tr!(i18n, common.contact_title)}</h2>
            <a class="button call" href=tel>
                <Svg icon=Icon::Phone/>
                <span>{tr!(i18n, common.call)} " " {phone}</span>
            </a>
            {wechat.map(|id| view! {
                <div class="wechat">
                    <span>{tr!(i18n, common.wechat)} ": " <strong>{id.clone()}</strong></span>
                    <CopyButton text=id/>
                </div>
            })}
            <p class="muted">{local(hours.clone())}</p>
        </section>
    }
}

/// Copies `text` to the clipboard and says so.
#[component]
pub fn CopyButton(#[prop(into)] text: String) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&text);
        copied.set(true);
    };
    view! {
        <button type="button" class="button small" on:click=copy>
            {move || if copied.get() { view! { <Svg icon=Icon::Check/> } } else { view! { <Svg icon=Icon::Copy/> } }}
            <span>{move || if copied.get() { t_string!(i18n, common.copied) } else { t_string!(i18n, common.copy) }}</span>
        </button>
    }
}

/// Shares the current page with the phone's share sheet, or copies its address.
#[component]
pub fn ShareButton(#[prop(into)] title: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let done = RwSignal::new(false);
    let share = move |_| {
        let nav = window().navigator();
        let url = window().location().href().unwrap_or_default();
        let data = web_sys::ShareData::new();
        data.set_title(&title.get_untracked());
        data.set_url(&url);
        if js_sys::Reflect::has(&nav, &"share".into()).unwrap_or(false) {
            let _ = nav.share_with_data(&data);
        } else {
            let _ = nav.clipboard().write_text(&url);
            done.set(true);
        }
    };
    view! {
        <button type="button" class="button small ghost" on:click=share>
            <Svg icon=Icon::Share/>
            <span>{move || if done.get() { t_string!(i18n, common.link_copied) } else { t_string!(i18n, common.share) }}</span>
        </button>
    }
}

/// The end of a flow on a static host: the request written out, ready to copy or share,
/// with the host's phone and WeChat.
#[component]
pub fn ContactHost(#[prop(into)] request: Signal<String>, contact: Contact) -> impl IntoView {
    let i18n = use_i18n();
    let share = move |_| {
        let nav = window().navigator();
        let data = web_sys::ShareData::new();
        data.set_text(&request.get_untracked());
        if js_sys::Reflect::has(&nav, &"share".into()).unwrap_or(false) {
            let _ = nav.share_with_data(&data);
        } else {
            let _ = nav.clipboard().write_text(&request.get_untracked());
        }
    };
    view! {
        <section class="contact-host" aria-labelledby="contact-host-title">
            <h2 id="contact-host-title">{tr!(i18n, book.contact_host_title)}</h2>
            <p>{tr!(i18n, book.contact_host_text)}</p>
            <textarea readonly rows="7" aria-label=tr!(i18n, book.request_text) prop:value=move || request.get()></textarea>
            <div class="actions">
                <CopyButton text=request.get_untracked()/>
                <button type="button" class="button small ghost" on:click=share>
                    <Svg icon=Icon::Share/><span>{tr!(i18n, common.share)}</span>
                </button>
            </div>
            <ContactCard contact/>
        </section>
    }
}
