//! Buying local products: the cart a visitor sends, its validation, and the order answered.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::booking::{is_valid_id, parse_note, FieldErrors, VisitorContact, NOTE_MAX};
use crate::money::Money;
use crate::problem::Problem;
use crate::reference::{Pin, Reference};
use crate::text::Localized;

/// Most lines in one order.
pub const MAX_LINES: usize = 20;
/// Most units of one variant in one order.
pub const MAX_QUANTITY: u32 = 99;

/// One cart line as sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderLineRequest {
    /// The variant's SKU.
    pub sku: String,
    /// 1–99 units.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    pub quantity: u32,
}

/// How the goods reach the buyer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// Collected at the village visitor centre.
    Pickup,
    /// Sent by post to an address in China.
    Post,
}

/// A postal address in China.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PostalAddress {
    pub province: String,
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Street, building, flat.
    pub street: String,
    /// Six digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
}

/// Delivery as sent: the method, and the address when posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeliveryRequest {
    pub method: DeliveryMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<PostalAddress>,
}

/// `POST /api/v1/orders`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderRequest {
    /// 1–20 lines, each SKU once.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub lines: Vec<OrderLineRequest>,
    pub delivery: DeliveryRequest,
    pub contact: VisitorContact,
    /// At most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: Option<String>,
}

/// Where a valid order goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Delivery {
    Pickup { place: Localized },
    Post { address: PostalAddress },
}

/// Where pick-up orders are collected.
pub fn pickup_place() -> Localized {
    Localized::new(
        "陈家沟游客服务中心（太极拳祖祠广场东侧）",
        "Chenjiagou visitor centre, east side of the Ancestral Hall square",
    )
}

/// What delivery costs: pick-up is free; a parcel costs what the courier charges to its
/// province (`shipping::quote`), shown before the order is placed and added to its total.
pub fn delivery_fee(delivery: &Delivery) -> Money {
    match delivery {
        Delivery::Pickup { .. } => Money(0),
        Delivery::Post { address } => crate::shipping::quote(&address.province, &address.city).fee,
    }
}

/// An order that passed validation: distinct SKUs with quantities.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidOrder {
    pub lines: Vec<(String, u32)>,
    pub delivery: Delivery,
    pub contact: VisitorContact,
    pub note: String,
}

impl OrderRequest {
    /// Validates the cart, delivery and contact; problems keyed `lines[0].quantity`,
    /// `delivery.address.city`, `contact.phone`.
    pub fn parse(self) -> Result<ValidOrder, FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.lines.is_empty() {
            errors.add("lines", Problem::CartEmpty {});
        } else if self.lines.len() > MAX_LINES {
            errors.add(
                "lines",
                Problem::TooManyLines {
                    max: MAX_LINES as u32,
                },
            );
        }
        let mut lines: Vec<(String, u32)> = Vec::with_capacity(self.lines.len());
        for (i, line) in self.lines.into_iter().enumerate() {
            let sku = line.sku.trim().to_owned();
            if !is_valid_id(&sku) {
                errors.add(&format!("lines[{i}].sku"), Problem::Unknown {});
            } else if lines.iter().any(|(s, _)| *s == sku) {
                errors.add(&format!("lines[{i}].sku"), Problem::DuplicateLine {});
            }
            if line.quantity == 0 || line.quantity > MAX_QUANTITY {
                errors.add(
                    &format!("lines[{i}].quantity"),
                    Problem::OutOfRange {
                        min: 1,
                        max: MAX_QUANTITY,
                    },
                );
            }
            lines.push((sku, line.quantity));
        }
        let delivery = match (self.delivery.method, self.delivery.address) {
            (DeliveryMethod::Pickup, None) => Delivery::Pickup {
                place: pickup_place(),
            },
            (DeliveryMethod::Pickup, Some(_)) => {
                errors.add("delivery.address", Problem::AddressNotForPickup {});
                Delivery::Pickup {
                    place: pickup_place(),
                }
            }
            (DeliveryMethod::Post, None) => {
                errors.add("delivery.address", Problem::Required {});
                Delivery::Pickup {
                    place: pickup_place(),
                }
            }
            (DeliveryMethod::Post, Some(address)) => Delivery::Post {
                address: parse_address(address, &mut errors),
            },
        };
        let contact = self.contact.parse("contact", &mut errors);
        let note = parse_note(self.note, "note", NOTE_MAX, &mut errors);
        errors.into_result(ValidOrder {
            lines,
            delivery,
            contact,
            note,
        })
    }
}

fn parse_address(a: PostalAddress, errors: &mut FieldErrors) -> PostalAddress {
    let mut text = |value: String, field: &str, max: usize, required: bool| {
        let value = value.trim().to_owned();
        let key = format!("delivery.address.{field}");
        if required && value.is_empty() {
            errors.add(&key, Problem::Required {});
        } else if value.chars().count() > max {
            errors.add(&key, Problem::TooLong { max: max as u32 });
        }
        value
    };
    let province = text(a.province, "province", 30, true);
    let city = text(a.city, "city", 30, true);
    let district = a
        .district
        .map(|d| text(d, "district", 30, false))
        .filter(|d| !d.is_empty());
    let street = text(a.street, "street", 200, true);
    let postcode = a
        .postcode
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    if let Some(p) = &postcode {
        if p.len() != 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
            errors.add("delivery.address.postcode", Problem::InvalidPostcode {});
        }
    }
    PostalAddress {
        province,
        city,
        district,
        street,
        postcode,
    }
}

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Stock is held; the shop contacts the buyer about payment.
    Placed,
    Cancelled,
}

impl OrderStatus {
    /// The stable name stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Placed => "placed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// Parses [`OrderStatus::as_str`].
    pub fn parse(s: &str) -> Option<OrderStatus> {
        [OrderStatus::Placed, OrderStatus::Cancelled]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// One line of an order with its price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    pub sku: String,
    /// Product slug.
    pub product: String,
    pub name: Localized,
    pub label: Localized,
    pub unit_price: Money,
    pub quantity: u32,
    pub total: Money,
}

impl OrderLine {
    /// `unit_price × quantity`.
    pub fn line_total(unit_price: Money, quantity: u32) -> Money {
        unit_price * i64::from(quantity)
    }
}

/// An order as the buyer sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    pub reference: Reference,
    /// Only in the answer that created the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<Pin>,
    pub status: OrderStatus,
    pub lines: Vec<OrderLine>,
    pub subtotal: Money,
    pub delivery_fee: Money,
    pub total: Money,
    pub delivery: Delivery,
    pub contact: VisitorContact,
    pub note: String,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(lines: &[(&str, u32)], delivery: DeliveryRequest) -> OrderRequest {
        OrderRequest {
            lines: lines
                .iter()
                .map(|(sku, quantity)| OrderLineRequest {
                    sku: (*sku).to_owned(),
                    quantity: *quantity,
                })
                .collect(),
            delivery,
            contact: VisitorContact {
                name: "王芳".into(),
                phone: "13900000000".into(),
                email: None,
                wechat: None,
                lang: None,
            },
            note: None,
        }
    }

    fn pickup() -> DeliveryRequest {
        DeliveryRequest {
            method: DeliveryMethod::Pickup,
            address: None,
        }
    }

    fn post(postcode: &str) -> DeliveryRequest {
        DeliveryRequest {
            method: DeliveryMethod::Post,
            address: Some(PostalAddress {
                province: "河南省".into(),
                city: "焦作市".into(),
                district: Some("温县".into()),
                street: "陈家沟村 1 号".into(),
                postcode: Some(postcode.into()),
            }),
        }
    }

    #[test]
    fn a_cart_for_pickup_parses() {
        let valid = request(&[("YAM-2KG", 2), ("WEAR-L", 1)], pickup())
            .parse()
            .unwrap();
        assert_eq!(
            valid.lines,
            vec![("YAM-2KG".to_owned(), 2), ("WEAR-L".to_owned(), 1)]
        );
        assert!(matches!(valid.delivery, Delivery::Pickup { .. }));
    }

    #[test]
    fn empty_carts_zero_quantities_and_repeated_skus_are_refused_per_line() {
        assert_eq!(
            request(&[], pickup())
                .parse()
                .unwrap_err()
                .fields()
                .collect::<Vec<_>>(),
            ["lines"]
        );
        let errors = request(&[("A", 0), ("B", 1), ("B", 100)], pickup())
            .parse()
            .unwrap_err();
        assert_eq!(
            errors.fields().collect::<Vec<_>>(),
            ["lines[0].quantity", "lines[2].quantity", "lines[2].sku"]
        );
    }

    #[test]
    fn posting_needs_a_complete_address() {
        let no_address = DeliveryRequest {
            method: DeliveryMethod::Post,
            address: None,
        };
        let errors = request(&[("A", 1)], no_address).parse().unwrap_err();
        assert_eq!(errors.fields().collect::<Vec<_>>(), ["delivery.address"]);
        let errors = request(&[("A", 1)], post("4548")).parse().unwrap_err();
        assert_eq!(
            errors.fields().collect::<Vec<_>>(),
            ["delivery.address.postcode"]
        );
        assert!(request(&[("A", 1)], post("454850")).parse().is_ok());
    }
}
