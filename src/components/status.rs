//! Loading, error and empty states: a page never shows a blank screen.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiError;
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::text::tr;

/// Grey cards shown while data is on its way.
#[component]
pub fn Skeleton(#[prop(default = 3)] cards: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="skeleton-list" role="status" aria-label=tr!(i18n, common.loading)>
            {(0..cards).map(|_| view! { <div class="skeleton-card"></div> }).collect_view()}
        </div>
    }
}

/// Renders `children` only once this spot comes within 200 px of the viewport; a plain
/// placeholder of a card's height until then. Sections below the fold thus fetch their code and
/// data when the visitor scrolls towards them, not on a first visit that never gets that far.
#[component]
pub fn WhenNear(children: ChildrenFn) -> impl IntoView {
    let spot = NodeRef::<leptos::html::Div>::new();
    let near = RwSignal::new(false);
    spot.on_load(move |el| when_near(&el, move || near.set(true)));
    view! {
        <div node_ref=spot>
            <Show when=move || near.get() fallback=|| view! { <div class="near-placeholder" aria-hidden="true"></div> }>
                {children()}
            </Show>
        </div>
    }
}

/// Calls `then` once `el` comes within 200 px of the viewport (about a card's height ahead of
/// the visitor's scrolling: on a phone the first screen does not pull in the carousels below
/// it), or at once where the browser has no IntersectionObserver. A few lines of web-sys:
/// leptos-use's observer brought its watch and debounce code into the first download.
fn when_near(el: &web_sys::Element, then: impl Fn() + 'static) {
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
    let then = std::rc::Rc::new(then);
    let on_change = then.clone();
    let callback = Closure::<dyn Fn(js_sys::Array, IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: IntersectionObserver| {
            let seen = entries.iter().any(|e| {
                e.unchecked_into::<IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if seen {
                observer.disconnect();
                on_change();
            }
        },
    );
    let options = IntersectionObserverInit::new();
    options.set_root_margin("200px 0px");
    match IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) {
        Ok(observer) => {
            observer.observe(el);
            // Both live as long as the section: leaving the page stops the observer.
            let held = send_wrapper::SendWrapper::new((observer, callback));
            on_cleanup(move || held.0.disconnect());
        }
        Err(_) => then(),
    }
}

/// Renders `render(data)` once `resource` is ready: a skeleton before, an error with a
/// retry button if loading failed. Every page section that needs data goes through here.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, ApiError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <Skeleton/> }>
            <ErrorBoundary fallback=move |errors| view! { <LoadError errors retry=move || resource.refetch()/> }>
                {
                    let render = render.clone();
                    move || {
                        let render = render.clone();
                        Suspend::new(async move { resource.await.map(render) })
                    }
                }
            </ErrorBoundary>
        </Transition>
    }
}

/// What went wrong while loading, and a button to try again.
#[component]
fn LoadError(
    errors: ArcRwSignal<Errors>,
    retry: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let offline = {
        let errors = errors.clone();
        move || {
            errors.with(|e| {
                e.iter()
                    .any(|(_, err)| err.to_string().starts_with("network"))
            })
        }
    };
    let detail = move || {
        errors.with(|e| {
            e.iter()
                .map(|(_, err)| err.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    view! {
        <div class="notice error" role="alert">
            <p class="notice-title">
                {move || if offline() { t_string!(i18n, common.error_offline) } else { t_string!(i18n, common.error_loading) }}
            </p>
            <p class="notice-detail">{detail}</p>
            <button type="button" class="button" on:click=move |_| retry()>{tr!(i18n, common.retry)}</button>
        </div>
    }
}

/// The page for an unknown route or slug, with a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=tr!(i18n, common.not_found_title)/>
        <section class="not-found">
            <p class="big" aria-hidden="true">"404"</p>
            <h1>{tr!(i18n, common.not_found_title)}</h1>
            <p>{tr!(i18n, common.not_found_text)}</p>
            <A href="/" attr:class="button">{tr!(i18n, common.go_home)}</A>
        </section>
    }
}

/// Shown when filters match nothing, with a way to clear them.
#[component]
pub fn NoMatches(clear: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice empty" role="status">
            <p class="notice-title">{tr!(i18n, common.no_matches)}</p>
            <button type="button" class="button" on:click=move |_| clear()>{tr!(i18n, common.clear_filters)}</button>
        </div>
    }
}

/// A listing's own page: the collection loaded, the item whose key matches the URL parameter
/// `param` rendered, or the not-found page.
pub fn listing_page<T, V, Fut>(
    load: fn() -> Fut,
    key: fn(&T) -> &str,
    param: &'static str,
    render: fn(T) -> V,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    Fut: std::future::Future<Output = Result<Vec<T>, ApiError>> + 'static,
{
    let params = leptos_router::hooks::use_params_map();
    let wanted = Memo::new(move |_| params.read().get(param).unwrap_or_default());
    let list = LocalResource::new(load);
    loaded(list, move |items: Vec<T>| {
        move || match items.iter().find(|x| key(x) == wanted.get()) {
            Some(x) => render(x.clone()).into_any(),
            None => view! { <NotFound/> }.into_any(),
        }
    })
}
