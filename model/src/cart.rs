//! The shopping cart's rules: lines merge per variant, never exceed stock, and sum to a total.
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::text::Localized;

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

/// What a list of lines costs.
pub fn total(lines: &[CartLine]) -> Money {
    lines.iter().map(|l| l.price * i64::from(l.quantity)).sum()
}

/// Adds `line`, merging with the same variant; never beyond stock, never a sold-out variant.
pub fn add_line(lines: &mut Vec<CartLine>, line: CartLine) {
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

/// Sets the quantity of variant `sku`, at most its stock; zero removes the line.
pub fn set_quantity(lines: &mut Vec<CartLine>, sku: &str, quantity: u32) {
    if quantity == 0 {
        lines.retain(|l| l.sku != sku);
    } else if let Some(line) = lines.iter_mut().find(|l| l.sku == sku) {
        line.quantity = quantity.min(line.stock.max(1));
    }
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
