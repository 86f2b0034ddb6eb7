//! A seller's variants in the store: the product's document keeps what a buyer reads (label,
//! size, colour, price), the `variant` table the stock that orders take from.
use futures_util::future::BoxFuture;
use model::staff::VariantRequest;
use model::{Product, Variant};
use serde_json::json;
use sqlx::AnyConnection;

use super::dashboard::{audit, own_doc, write_doc};
use super::{to_json, Job};
use crate::store::{Actor, StoreError, StoreResult};

/// The product document of `slug`, when `actor` sells it; not found otherwise.
async fn own_product(conn: &mut AnyConnection, actor: &Actor, slug: &str) -> StoreResult<Product> {
    own_doc(conn, actor, "products", slug, "product").await
}

fn no_variant() -> StoreError {
    StoreError::NotFound("no such variant of this product".into())
}

/// A seller adds a variant (`sku` absent) or changes one of their product's.
#[derive(Clone)]
pub(super) struct SaveVariant {
    pub actor: Actor,
    pub product: String,
    pub sku: Option<String>,
    pub request: VariantRequest,
}

impl Job for SaveVariant {
    type Output = Variant;

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<Variant>> {
        Box::pin(async move {
            let mut product = own_product(conn, &self.actor, &self.product).await?;
            let live = |v: &&mut Variant| Some(&v.sku) == self.sku.as_ref() && !v.retired;
            if self.sku.is_some() && !product.variants.iter_mut().any(|v| live(&v)) {
                return Err(no_variant());
            }
            let saved = self
                .request
                .clone()
                .variant(&product, self.sku.as_deref())
                .map_err(StoreError::Invalid)?;
            let before = match product.variants.iter_mut().find(|v| v.sku == saved.sku) {
                Some(slot) => {
                    let before = serde_json::to_value(&*slot)?;
                    *slot = saved.clone();
                    Some(before)
                }
                None => {
                    product.variants.push(saved.clone());
                    None
                }
            };
            write_doc(conn, "products", &self.product, to_json(&product)?).await?;
            let stock = i64::from(saved.stock);
            let sql = if before.is_some() {
                "UPDATE variant SET stock = $1 WHERE sku = $2 AND product = $3"
            } else {
                "INSERT INTO variant (stock, sku, product) VALUES ($1, $2, $3)"
            };
            sqlx::query(sql)
                .bind(stock)
                .bind(&saved.sku)
                .bind(&self.product)
                .execute(&mut *conn)
                .await?;
            let action = if before.is_some() {
                "variant.edit"
            } else {
                "variant.create"
            };
            let after = serde_json::to_value(&saved)?;
            let target = format!("variant/{}", saved.sku);
            audit(
                conn,
                &self.actor,
                action,
                &target,
                before.as_ref(),
                Some(&after),
            )
            .await?;
            Ok(saved)
        })
    }
}

/// A seller retires a variant: buyers no longer see or order it, its stock is set to none,
/// and the orders that hold it keep it.
#[derive(Clone)]
pub(super) struct RetireVariant {
    pub actor: Actor,
    pub product: String,
    pub sku: String,
}

impl Job for RetireVariant {
    type Output = ();

    fn run<'c>(self, conn: &'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let mut product = own_product(conn, &self.actor, &self.product).await?;
            let Some(variant) = product.variants.iter_mut().find(|v| v.sku == self.sku) else {
                return Err(no_variant());
            };
            if variant.retired {
                return Ok(());
            }
            variant.retired = true;
            write_doc(conn, "products", &self.product, to_json(&product)?).await?;
            sqlx::query("UPDATE variant SET stock = 0 WHERE sku = $1")
                .bind(&self.sku)
                .execute(&mut *conn)
                .await?;
            let target = format!("variant/{}", self.sku);
            let (before, after) = (json!({ "retired": false }), json!({ "retired": true }));
            audit(
                conn,
                &self.actor,
                "variant.retire",
                &target,
                Some(&before),
                Some(&after),
            )
            .await
        })
    }
}
