//! The shopping cart, kept on the phone; its rules are in `model::cart`.
use leptos::prelude::*;
pub use model::cart::CartLine;
use model::cart::{add_line, set_quantity, total};
use model::Money;

use crate::storage::persisted;

/// The cart provided to every page.
#[derive(Clone, Copy)]
pub struct Cart(RwSignal<Vec<CartLine>>);

impl Cart {
    /// The lines, in the order added.
    pub fn lines(&self) -> Vec<CartLine> {
        self.0.get()
    }

    /// Units in the cart, for the tab bar badge.
    pub fn count(&self) -> u32 {
        self.0.with(|lines| lines.iter().map(|l| l.quantity).sum())
    }

    /// What the cart costs.
    pub fn total(&self) -> Money {
        self.0.with(|lines| total(lines))
    }

    /// Adds `line`, merging with the same variant; never beyond stock.
    pub fn add(&self, line: CartLine) {
        self.0.update(|lines| add_line(lines, line));
    }

    /// Sets a line's quantity; zero removes it.
    pub fn set_quantity(&self, sku: &str, quantity: u32) {
        self.0.update(|lines| set_quantity(lines, sku, quantity));
    }

    /// Empties the cart after an order went through.
    pub fn clear(&self) {
        self.0.set(Vec::new());
    }
}

/// Loads the cart from the phone.
pub fn provide_cart() {
    provide_context(Cart(persisted("cjg.cart")));
}

/// The cart provided by [`provide_cart`].
pub fn use_cart() -> Cart {
    expect_context::<Cart>()
}
