//! `/cart`: the cart on this phone, and checkout to an order (or a request to the seller on a
//! static host).
use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use model::booking::FieldErrors;
use model::order::{
    DeliveryMethod, DeliveryRequest, OrderLineRequest, OrderRequest, PostalAddress,
};
use model::terms::{payees, PaymentTerms};
use model::{shipping, Lang, Localized, Money};

use crate::api::{self, TicketKind};
use crate::components::cart::{use_cart, CartLine};
use crate::components::contact::ContactHost;
use crate::components::form::{
    ContactFields, ContactForm, Field, Problems, Submission, SubmitProblem,
};
use crate::components::region::{RegionChoice, RegionPicker};
use crate::components::terms::PayTerms;
use crate::components::trips::use_trips;
use crate::format::use_lang;
use crate::i18n::*;
use crate::text::{local, tr};

/// Delivery choice and address as typed.
#[derive(Clone, Copy)]
struct AddressForm {
    post: RwSignal<bool>,
    region: RegionChoice,
    street: RwSignal<String>,
    postcode: RwSignal<String>,
}

impl AddressForm {
    fn new() -> Self {
        AddressForm {
            post: RwSignal::new(false),
            region: RegionChoice::new(),
            street: RwSignal::new(String::new()),
            postcode: RwSignal::new(String::new()),
        }
    }

    fn value(&self) -> DeliveryRequest {
        if !self.post.get() {
            return DeliveryRequest {
                method: DeliveryMethod::Pickup,
                address: None,
            };
        }
        DeliveryRequest {
            method: DeliveryMethod::Post,
            address: Some(PostalAddress {
                province: self.region.province.get(),
                city: self.region.city.get(),
                district: Some(self.region.district.get()).filter(|d| !d.trim().is_empty()),
                street: self.street.get(),
                postcode: Some(self.postcode.get()).filter(|p| !p.trim().is_empty()),
            }),
        }
    }
}

/// The cart page.
#[component]
pub fn CartPage() -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    view! {
        <PageTitle text=tr!(i18n, book.cart_title)/>
        <header class="page-head"><h1>{tr!(i18n, book.cart_title)}</h1></header>
        {move || if cart.count() == 0 {
            view! {
                <div class="notice empty">
                    <p class="notice-title">{tr!(i18n, book.cart_empty)}</p>
                    <A href="/shop" attr:class="button">{tr!(i18n, book.go_shop)}</A>
                </div>
            }.into_any()
        } else {
            view! { <CartLines/><Checkout/> }.into_any()
        }}
    }
}

#[component]
fn CartLines() -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    view! {
        <ul class="cart-lines">
            <For each=move || cart.lines() key=|l| (l.sku.clone(), l.quantity) let:line>
                <CartRow line/>
            </For>
        </ul>
        <div class="review">
            <span>{tr!(i18n, book.total)}</span>
            <strong class="price">{move || cart.total().display()}</strong>
        </div>
    }
}

#[component]
fn CartRow(line: CartLine) -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    let (sku, q, stock) = (line.sku.clone(), line.quantity, line.stock);
    let sku2 = sku.clone();
    let sku3 = sku.clone();
    view! {
        <li class="cart-line">
            <img src=format!("/{}", line.image) alt="" width="64" height="40"/>
            <div class="cart-line-text">
                <A href=format!("/shop/{}", line.product)>{local(line.name.clone())}</A>
                <span class="muted">{local(line.label.clone())} " · " {line.price.display()}</span>
            </div>
            <div class="stepper" role="group" aria-label=tr!(i18n, book.quantity)>
                <button type="button" aria-label=tr!(i18n, book.less) on:click=move |_| cart.set_quantity(&sku, q - 1)>"−"</button>
                <span aria-live="polite">{q}</span>
                <button type="button" aria-label=tr!(i18n, book.more) disabled={q >= stock} on:click=move |_| cart.set_quantity(&sku2, q + 1)>"+"</button>
            </div>
            <button type="button" class="link" on:click=move |_| cart.set_quantity(&sku3, 0)>{tr!(i18n, book.remove)}</button>
        </li>
    }
}

#[component]
fn Checkout() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let cart = use_cart();
    let trips = use_trips();
    let api_mode = api::use_api_mode();
    // On a static host the village visitor centre passes shop requests on to the producers.
    let config = api::use_site_config();
    let navigate = use_navigate();
    let go = Callback::new(move |to: String| navigate(&to, Default::default()));
    let contact = ContactForm::new();
    let address = AddressForm::new();
    let note = RwSignal::new(String::new());
    let submission = Submission::new();
    let static_request = RwSignal::new(None::<String>);
    // Whom the order is paid to: the producers of what is in the cart.
    let products = LocalResource::new(api::products);
    let sellers = move || {
        let lines = cart.lines();
        let known = products.get().and_then(Result::ok).unwrap_or_default();
        let names: Vec<Localized> = lines
            .iter()
            .filter_map(|l| known.iter().find(|p| p.slug == l.product))
            .map(|p| p.producer.name.clone())
            .collect();
        if names.is_empty() {
            Localized::new("卖家", "The seller")
        } else {
            payees(&names)
        }
    };
    let request = move || OrderRequest {
        lines: cart
            .lines()
            .iter()
            .map(|l| OrderLineRequest {
                sku: l.sku.clone(),
                quantity: l.quantity,
            })
            .collect(),
        delivery: address.value(),
        contact: contact.value(),
        note: Some(note.get()).filter(|n| !n.trim().is_empty()),
    };
    let problems =
        Problems::new(move || request().parse().err().unwrap_or_else(FieldErrors::default));
    let place = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !problems.ready_to_send(&submission) {
            return;
        }
        let req = request();
        if api_mode.get_untracked() != Some(true) {
            static_request.set(Some(order_text(lang(), &cart.lines(), &req)));
            return;
        }
        let key = submission.key_for(&req);
        submission.pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::create_order(&req, &key).await;
            submission.pending.set(false);
            match answer {
                Ok(order) => {
                    submission.done();
                    let page = trips.keep_new(
                        TicketKind::Order,
                        &order.reference,
                        order.pin.as_ref(),
                        &order,
                    );
                    cart.clear();
                    go.try_run(page);
                }
                Err(e) => problems.refused(e),
            }
        });
    };
    // What is paid: the goods, and the parcel's fee once its province is chosen.
    let order_total = move || {
        let province = address.region.province.get();
        let fee = if address.post.get() && !province.trim().is_empty() {
            shipping::quote(&province, &address.region.city.get()).fee
        } else {
            Money(0)
        };
        cart.total() + fee
    };
    view! {
        <form class="book-form" novalidate on:submit=place>
            <fieldset class="form-group">
                <legend>{tr!(i18n, book.delivery)}</legend>
                <label class="option">
                    <input type="radio" name="delivery" prop:checked=move || !address.post.get() on:change=move |_| address.post.set(false)/>
                    <span>{tr!(i18n, book.pickup)}</span>
                </label>
                <label class="option">
                    <input type="radio" name="delivery" prop:checked=move || address.post.get() on:change=move |_| address.post.set(true)/>
                    <span>{tr!(i18n, book.post)}</span>
                </label>
                <Show when=move || address.post.get()>
                    <RegionPicker choice=address.region problems/>
                    <Field label=tr!(i18n, book.street) value=address.street error=problems.for_field("delivery.address.street") autocomplete="street-address"/>
                    <Field label=tr!(i18n, book.postcode) value=address.postcode error=problems.for_field("delivery.address.postcode") autocomplete="postal-code" inputmode="numeric"/>
                    <ShippingQuote region=address.region/>
                </Show>
            </fieldset>
            <ContactFields form=contact problems/>
            <label class="form-field">
                <span class="form-label">{tr!(i18n, book.note)}</span>
                <textarea rows="2" prop:value=move || note.get() on:input:target=move |ev| note.set(ev.target().value())></textarea>
            </label>
            <SubmitProblem problems/>
            <span class="form-error" role="alert">{move || problems.for_field("lines").text.get()}</span>
            <PayTerms terms=Signal::derive(move || PaymentTerms::order(order_total(), &sellers()))/>
            <button type="submit" class="button primary wide" disabled=move || submission.pending.get()>
                {move || match (submission.pending.get(), api_mode.get()) {
                    (true, _) => t_string!(i18n, book.sending).to_string(),
                    (false, Some(false)) => t_string!(i18n, book.write_request).to_string(),
                    _ => t_string!(i18n, book.place_order).to_string(),
                }}
            </button>
        </form>
        {move || static_request.get().zip(config.get()).map(|(text, c)| view! { <ContactHost request=text contact=c.visitor_centre/> })}
    }
}

/// The parcel's fee and days to the chosen province, and what that makes the total, shown
/// before the order is placed.
#[component]
fn ShippingQuote(region: RegionChoice) -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    let quote = move || {
        let province = region.province.get();
        (!province.trim().is_empty()).then(|| {
            (
                province.clone(),
                shipping::quote(&province, &region.city.get()),
            )
        })
    };
    view! {
        <div class="shipping" aria-live="polite">
            {move || match quote() {
                None => view! {
                    <p class="muted">{tr!(i18n, shop.shipping_pick,
                        henan = shipping::Zone::Henan.quote().fee.display(),
                        remote = shipping::Zone::Remote.quote().fee.display())}</p>
                }.into_any(),
                Some((province, q)) => {
                    let place = match region.city.get() {
                        c if c.is_empty() => province,
                        c => format!("{province} {c}"),
                    };
                    let fee = fee_text(i18n, q.fee);
                    let days = days_text(i18n, q.days);
                    let items = cart.total();
                    view! {
                        <p class="shipping-fee">{tr!(i18n, shop.shipping_to, place = place.clone(), fee = fee.clone(), days = days.clone())}</p>
                        <p class="review"><strong>{tr!(i18n, shop.with_shipping,
                            items = items.display(), fee = q.fee.display(), total = (items + q.fee).display())}</strong></p>
                    }.into_any()
                }
            }}
        </div>
    }
}

fn fee_text(i18n: I18nContext<Locale>, fee: Money) -> String {
    if fee.0 == 0 {
        t_string!(i18n, shop.shipping_free).to_string()
    } else {
        fee.display()
    }
}

fn days_text(i18n: I18nContext<Locale>, (from, to): (u8, u8)) -> String {
    if from == to {
        t_string!(i18n, shop.days_one, n = to).to_string()
    } else {
        t_string!(i18n, shop.days_range, from = from, to = to).to_string()
    }
}

fn order_text(lang: Lang, lines: &[CartLine], req: &OrderRequest) -> String {
    let items: Vec<String> = lines
        .iter()
        .map(|l| {
            format!(
                "{} {} × {} = {}",
                l.name.get(lang),
                l.label.get(lang),
                l.quantity,
                (l.price * i64::from(l.quantity)).display()
            )
        })
        .collect();
    let fee = req
        .delivery
        .address
        .as_ref()
        .map_or(Money(0), |a| shipping::quote(&a.province, &a.city).fee);
    let total = (model::cart::total(lines) + fee).display();
    let where_to = match &req.delivery.address {
        Some(a) => format!(
            "{} {} {} {} {}",
            a.province,
            a.city,
            a.district.clone().unwrap_or_default(),
            a.street,
            a.postcode.clone().unwrap_or_default()
        ),
        None => model::order::pickup_place().get(lang).to_owned(),
    };
    let c = &req.contact;
    match lang {
        Lang::Zh => format!("您好，我想购买：\n{}\n合计：{total}\n收货：{where_to}\n姓名：{}\n电话：{}", items.join("\n"), c.name, c.phone),
        Lang::En => format!("Hello, I would like to buy:\n{}\nTotal: {total}\nDelivery: {where_to}\nName: {}\nPhone: {}", items.join("\n"), c.name, c.phone),
    }
}
