//! Form pieces: labelled fields with their errors, the visitor's contact, and submission state.
use leptos::prelude::*;
use model::booking::{FieldErrors, VisitorContact};
use model::Problem;
use wasm_bindgen::JsCast;

use crate::api::SubmitError;
use crate::i18n::{t_string, use_i18n, Locale};
use crate::storage::random_key;
use leptos_i18n::I18nContext;

/// A form's problems: the model's rules as the visitor types, and the server's answer.
#[derive(Clone, Copy)]
pub struct Problems {
    /// Problems found by the same rules the server applies.
    pub local: Memo<FieldErrors>,
    /// Shown only after the first attempt to send, so a blank form is not all red.
    pub shown: RwSignal<bool>,
    pub server: RwSignal<Option<SubmitError>>,
    /// Fields the visitor has left: their problems show from then on, as they type.
    touched: RwSignal<Vec<&'static str>>,
    i18n: I18nContext<Locale>,
}

/// The problem shown beside one field, and how the field reports that it was left.
#[derive(Clone, Copy)]
pub struct FieldError {
    pub text: Signal<Option<String>>,
    touch: Option<(RwSignal<Vec<&'static str>>, &'static str)>,
}

impl FieldError {
    /// A problem not tied to a form's rules.
    pub fn plain(text: Signal<Option<String>>) -> Self {
        FieldError { text, touch: None }
    }

    /// Also called by the blur a field gets when its form is taken off the screen: the form's
    /// signals may be gone by then, so everything here reads with `try_`.
    pub(crate) fn touch(&self) {
        if let Some((touched, field)) = self.touch {
            if touched.try_with_untracked(|t| !t.contains(&field)) == Some(true) {
                touched.try_update(|t| t.push(field));
            }
        }
    }

    /// The problem as text, or `None` (also once the form is gone).
    pub(crate) fn shown(&self) -> Option<String> {
        self.text.try_get().flatten()
    }
}

impl Problems {
    /// Tracks `check` (the model's validation of the form as it stands).
    pub fn new(check: impl Fn() -> FieldErrors + Send + Sync + 'static) -> Self {
        Problems {
            local: Memo::new(move |_| check()),
            shown: RwSignal::new(false),
            server: RwSignal::new(None),
            touched: RwSignal::new(Vec::new()),
            i18n: use_i18n(),
        }
    }

    /// Starts sending: shows every problem from now on and clears the server's last answer.
    /// False when the form still has problems or `submission` is already on its way.
    pub fn ready_to_send(&self, submission: &Submission) -> bool {
        self.shown.set(true);
        self.server.set(None);
        let clean = self.local.with_untracked(FieldErrors::is_empty);
        if !clean {
            bring_first_problem_into_view();
        }
        clean && !submission.pending.get_untracked()
    }

    /// Shows what the server refused, and brings its first problem into view.
    pub fn refused(&self, error: SubmitError) {
        self.server.set(Some(error));
        bring_first_problem_into_view();
    }

    /// The problem to show beside `field`, if any.
    pub fn for_field(&self, field: &'static str) -> FieldError {
        let this = *self;
        // Read with `try_`: a field's effects may run once more after its form is gone.
        let text = Signal::derive(move || {
            let lang = crate::problem::lang_of(this.i18n);
            let server = this
                .server
                .try_with(|e| {
                    e.as_ref()
                        .and_then(|e| crate::problem::field_text(e, field, lang))
                })
                .flatten();
            let show = this.shown.try_get() == Some(true)
                || this.touched.try_with(|t| t.contains(&field)) == Some(true);
            let local = show
                .then(|| {
                    this.local
                        .try_with(|l| l.get(field).map(<[Problem]>::to_vec))
                })
                .flatten()
                .flatten()
                .map(|found| match field_hint(this.i18n, field) {
                    Some(hint) => hint.to_owned(),
                    None => worded(&found, lang),
                });
            local.or(server)
        });
        FieldError {
            text,
            touch: Some((this.touched, field)),
        }
    }
}

/// The model's problems with a field in `lang`.
fn worded(found: &[Problem], lang: model::Lang) -> String {
    let texts: Vec<String> = found
        .iter()
        .map(|p| crate::problem::word(p, lang))
        .collect();
    texts.join(" ")
}

/// What to do about a problem with `field`, in the visitor's language: as the visitor types,
/// a hint says more than the rule that failed; the server's problems are worded by code.
fn field_hint(i18n: I18nContext<Locale>, field: &str) -> Option<&'static str> {
    Some(match field {
        "contact.name" => t_string!(i18n, book.hint_name),
        "contact.phone" => t_string!(i18n, book.hint_phone),
        "contact.email" => t_string!(i18n, book.hint_email),
        "contact.wechat" => t_string!(i18n, book.hint_wechat),
        "party" | "guests" => t_string!(i18n, book.hint_persons),
        "session" => t_string!(i18n, book.hint_session),
        "room" => t_string!(i18n, book.hint_room),
        "check_in" | "check_out" => t_string!(i18n, book.hint_dates),
        "accept" => t_string!(i18n, book.hint_accept),
        "amount" => t_string!(i18n, book.hint_amount),
        "display_name" => t_string!(i18n, book.hint_display_name),
        "note" | "message" => t_string!(i18n, book.hint_note),
        f if f.starts_with("delivery.address") => t_string!(i18n, book.hint_address),
        _ => return None,
    })
}

/// A labelled input with its problem underneath.
#[component]
pub fn Field(
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    error: FieldError,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(default = "")] inputmode: &'static str,
    #[prop(optional, into)] min: Option<Signal<String>>,
) -> impl IntoView {
    // The field's effects can run once more after its form is gone (the blur of a focused
    // field taken off the screen touches the form): every read here is a `try_`.
    view! {
        <div class="form-field" class:invalid=move || error.shown().is_some()>
            // The error sits outside the label so that it does not become part of the field's name.
            <label>
                <span class="form-label">{label}</span>
                <input type=kind autocomplete=autocomplete inputmode=inputmode
                    min=move || min.and_then(|m| m.try_get())
                    aria-invalid=move || error.shown().is_some().to_string()
                    prop:value=move || value.try_get().unwrap_or_default()
                    on:input:target=move |ev| value.set(ev.target().value())
                    on:blur=move |_| error.touch()/>
            </label>
            <span class="form-error" role="alert">{move || error.shown()}</span>
        </div>
    }
}

/// The visitor's contact details as typed.
#[derive(Clone, Copy)]
pub struct ContactForm {
    pub name: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub email: RwSignal<String>,
    pub wechat: RwSignal<String>,
    /// The language the form is filled in, sent along so that messages come in it.
    pub lang: Signal<model::Lang>,
}

impl ContactForm {
    /// An empty contact form.
    pub fn new() -> Self {
        ContactForm {
            name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            wechat: RwSignal::new(String::new()),
            lang: Signal::derive(crate::format::use_lang()),
        }
    }

    /// The contact as the API takes it.
    pub fn value(&self) -> VisitorContact {
        let opt = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        VisitorContact {
            name: self.name.get(),
            phone: self.phone.get(),
            email: opt(self.email.get()),
            wechat: opt(self.wechat.get()),
            lang: Some(self.lang.get_untracked()),
        }
    }
}

/// Name, phone, e-mail and WeChat fields.
#[component]
pub fn ContactFields(form: ContactForm, problems: Problems) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    use crate::text::tr;
    view! {
        <fieldset class="form-group">
            <legend>{tr!(i18n, book.your_contact)}</legend>
            <Field label=tr!(i18n, book.name) value=form.name error=problems.for_field("contact.name") autocomplete="name"/>
            <Field label=tr!(i18n, book.phone) value=form.phone error=problems.for_field("contact.phone") kind="tel" autocomplete="tel" inputmode="tel"/>
            <Field label=tr!(i18n, book.email) value=form.email error=problems.for_field("contact.email") kind="email" autocomplete="email"/>
            <Field label=tr!(i18n, book.wechat_id) value=form.wechat error=problems.for_field("contact.wechat")/>
        </fieldset>
    }
}

/// One submission: a single idempotency key for as long as the request stays the same,
/// so a double tap or a retry after a dropped connection creates one record.
#[derive(Clone, Copy)]
pub struct Submission {
    last: StoredValue<Option<(String, String)>>,
    pub pending: RwSignal<bool>,
}

impl Submission {
    /// A fresh submission.
    pub fn new() -> Self {
        Submission {
            last: StoredValue::new(None),
            pending: RwSignal::new(false),
        }
    }

    /// The key for sending `body`: the same key as last time when the body is unchanged.
    pub fn key_for(&self, body: &impl serde::Serialize) -> String {
        let json = serde_json::to_string(body).unwrap_or_default();
        if let Some((key, last)) = self.last.get_value() {
            if last == json {
                return key;
            }
        }
        let key = random_key();
        self.last.set_value(Some((key.clone(), json)));
        key
    }

    /// Forgets the key once the request succeeded.
    pub fn done(&self) {
        self.last.set_value(None);
    }
}

/// What went wrong with sending, and what to try; the form keeps everything typed.
#[component]
pub fn SubmitProblem(problems: Problems) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    use crate::text::tr;
    move || {
        problems.server.get().map(|e| {
            let detail = crate::problem::describe(&e, i18n);
            let (title, detail) = match &e {
                SubmitError::Network(_) => (tr!(i18n, book.err_network), String::new()),
                SubmitError::Refused { status: 409, .. } => {
                    (tr!(i18n, book.err_unavailable), detail)
                }
                // The title says it, and the fields say which.
                SubmitError::Refused {
                    problem: Some(Problem::InvalidFields {} | Problem::InvalidBody {}),
                    ..
                } => (tr!(i18n, book.err_refused), String::new()),
                SubmitError::Refused { .. } | SubmitError::Decode(_) => {
                    (tr!(i18n, book.err_refused), detail)
                }
            };
            view! {
                <div class="notice error" role="alert">
                    <p class="notice-title">{title}</p>
                    <p class="notice-detail">{detail}</p>
                </div>
            }
        })
    }
}

/// Once the problems are drawn, scrolls the first one on the page to the middle of the screen
/// (clear of the sticky bars) and focuses its field, so a visitor who tapped the button at
/// the bottom of a long form sees what to fix.
fn bring_first_problem_into_view() {
    request_animation_frame(|| {
        let Some(problem) = first_shown(".form-error").or_else(|| first_shown(".notice.error"))
        else {
            return;
        };
        let field = problem
            .closest(".form-field, .check-field, .form-group")
            .ok()
            .flatten()
            .and_then(|f| {
                f.query_selector("input:not([disabled]), select, textarea, button:not([disabled])")
                    .ok()
                    .flatten()
            });
        let target = field.clone().unwrap_or_else(|| problem.clone());
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        target.scroll_into_view_with_scroll_into_view_options(&options);
        if let Some(el) = field.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
            let focus = web_sys::FocusOptions::new();
            focus.set_prevent_scroll(true);
            let _ = el.focus_with_options(&focus);
        }
    });
}

/// The first element matching `selector` that shows some text.
fn first_shown(selector: &str) -> Option<web_sys::Element> {
    let found = document().query_selector_all(selector).ok()?;
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|el| el.text_content().is_some_and(|t| !t.trim().is_empty()))
}
