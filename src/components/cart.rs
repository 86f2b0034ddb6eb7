//! The shopping cart, kept on the phone.
use leptos::prelude::*;
use model::{Localized, Money};
use serde::{Deserialize, Serialize};

use crate::storage::persisted;

/// One product variant in the cart, with what the cart page shows of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartLine {
    pub sku: String,
    pub product: String,
    pub name: Localized,
    pub label: Localized,
    pub image: String,
    pub price: Money,
    pub quantity: u32,
    /// Stock when added: the cart never asks for more.
    pub stock: u32,
}

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

/// What a list of lines costs.
pub fn total(lines: &[CartLine]) -> Money {
    lines.iter().map(|l| l.price * i64::from(l.quantity)).sum()
}

fn add_line(lines: &mut Vec<CartLine>, line: CartLine) {
    if line.stock == 0 || line.quantity == 0 {
        return;
    }
    match lines.iter_mut().find(|l| l.sku == line.sku) {
        Some(existing) => {
            existing.stock = line.stock;
            existing.quantity = (existing.quantity + line.quantity).min(line.stock);
        }
        None => lines.push(CartLine {
            quantity: line.quantity.min(line.stock),
            ..line
        }),
    }
}

fn set_quantity(lines: &mut Vec<CartLine>, sku: &str, quantity: u32) {
    if quantity == 0 {
        lines.retain(|l| l.sku != sku);
    } else if let Some(line) = lines.iter_mut().find(|l| l.sku == sku) {
        line.quantity = quantity.min(line.stock.max(1));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sku: &str, price: i64, quantity: u32, stock: u32) -> CartLine {
        CartLine {
            sku: sku.into(),
            product: "p".into(),
            name: Localized::new("名", "name"),
            label: Localized::new("规格", "label"),
            image: String::new(),
            price: Money(price),
            quantity,
            stock,
        }
    }

    #[test]
    fn adding_the_same_variant_twice_merges_the_lines() {
        let mut lines = vec![];
        add_line(&mut lines, line("A", 1000, 1, 9));
        add_line(&mut lines, line("A", 1000, 2, 9));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].quantity, 3);
    }

    #[test]
    fn the_cart_never_holds_more_than_the_stock_or_a_sold_out_variant() {
        let mut lines = vec![];
        add_line(&mut lines, line("A", 1000, 5, 3));
        add_line(&mut lines, line("B", 1000, 1, 0));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].quantity, 3);
        set_quantity(&mut lines, "A", 10);
        assert_eq!(lines[0].quantity, 3);
    }

    #[test]
    fn setting_a_quantity_to_zero_removes_the_line() {
        let mut lines = vec![line("A", 1000, 1, 9), line("B", 250, 2, 9)];
        set_quantity(&mut lines, "A", 0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].sku, "B");
    }

    #[test]
    fn the_total_is_price_times_quantity_over_all_lines() {
        let lines = vec![line("A", 1250, 2, 9), line("B", 300, 3, 9)];
        assert_eq!(total(&lines), Money(3400));
    }
}
