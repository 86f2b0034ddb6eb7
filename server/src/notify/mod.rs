//! Delivers the notification outbox. Each notice was written in the transaction of the change
//! it tells of; this worker sends it to the village's group robot or webhook and, when the
//! visitor left an e-mail, to them ([`mail`]), oldest first and in order per booking, order or
//! pledge, and tries a failed one again later (doubling the wait up to ten minutes). A server
//! killed between a change and its delivery delivers it after restart; a redelivery carries
//! the same message id.
use std::sync::Arc;
use std::time::Duration;

use model::notice::Notice;
use model::Lang;
use serde_json::json;

use crate::store::sql::outbox::{EMAIL, VILLAGE};
use crate::store::{DynStore, PendingNotice};

pub mod mail;

/// How notices leave the portal (a channel not set: its notices wait in the outbox).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub webhook: Option<Webhook>,
    pub mail: Option<mail::Smtp>,
    /// Where the portal is (`https://cjg.example`), for the dashboard's link under a group
    /// message and the ticket's link in a visitor's e-mail.
    pub site: Option<String>,
    /// The first wait after a failure (then doubled each time, up to [`MAX_WAIT`]).
    pub retry_after: Option<Duration>,
}

/// A URL notices are POSTed to.
#[derive(Clone, Debug)]
pub struct Webhook {
    pub url: String,
    pub format: Format,
    /// The recipients' language.
    pub lang: Lang,
}

/// What the POST's JSON looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A WeCom (企业微信) or DingTalk (钉钉) group robot: `{"msgtype":"text","text":{"content":…}}`.
    GroupRobot,
    /// The notice itself, with its id and its text in the recipients' language.
    Json,
}

const MAX_WAIT: Duration = Duration::from_secs(600);
const FIRST_WAIT: Duration = Duration::from_secs(2);
/// How long a claimed notice is left to this worker before another may try it.
const LEASE: Duration = Duration::from_secs(60);
const IDLE_POLL: Duration = Duration::from_millis(500);
const BATCH: u32 = 20;
/// Failures after which a notice is listed as failing on the dashboard.
pub const FAILING_AFTER: u32 = 3;

/// The wait before the next try of a notice that failed `attempts` times before this one.
pub fn backoff(first: Duration, attempts: u32) -> Duration {
    first.saturating_mul(1 << attempts.min(16)).min(MAX_WAIT)
}

/// The channels set up, ready to send.
struct Channels {
    hook: Option<Webhook>,
    client: reqwest::Client,
    mail: Option<mail::Mailer>,
    site: Option<String>,
}

impl Channels {
    fn names(&self) -> Vec<&'static str> {
        let village = self.hook.as_ref().map(|_| VILLAGE);
        let email = self.mail.as_ref().map(|_| EMAIL);
        [village, email].into_iter().flatten().collect()
    }

    async fn send(&self, pending: &PendingNotice) -> Result<(), String> {
        match (pending.channel.as_str(), &self.hook, &self.mail) {
            (VILLAGE, Some(hook), _) => {
                send(&self.client, hook, self.site.as_deref(), pending).await
            }
            (EMAIL, _, Some(mailer)) => mailer.send(pending, self.site.as_deref()).await,
            (channel, _, _) => Err(format!("no {channel} channel on this server")),
        }
    }
}

/// Starts the worker, for as long as the store is in use.
pub fn spawn(store: &DynStore, settings: Settings) {
    let mail = match settings.mail.as_ref().map(mail::Mailer::new).transpose() {
        Ok(mail) => mail,
        Err(e) => {
            tracing::error!(error = %e, "the SMTP settings do not work: no e-mail is sent");
            None
        }
    };
    let channels = Channels {
        hook: settings.webhook.clone(),
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client"),
        mail,
        site: settings.site.clone(),
    };
    if channels.names().is_empty() {
        tracing::info!("no notification channel set: notices are kept in the outbox");
        return;
    }
    let first = settings.retry_after.unwrap_or(FIRST_WAIT);
    let store = Arc::downgrade(store);
    tokio::spawn(async move {
        let names = channels.names();
        loop {
            let Some(store) = store.upgrade() else {
                return;
            };
            let batch = match store.claim_notices(&names, BATCH, LEASE).await {
                Ok(batch) => batch,
                Err(e) => {
                    tracing::warn!(error = %e, "could not read the outbox");
                    Vec::new()
                }
            };
            let idle = batch.is_empty();
            for pending in batch {
                deliver(&store, &channels, first, pending).await;
            }
            drop(store);
            if idle {
                tokio::time::sleep(IDLE_POLL).await;
            }
        }
    });
}

async fn deliver(store: &DynStore, channels: &Channels, first: Duration, pending: PendingNotice) {
    let id = pending.id;
    let kept = match channels.send(&pending).await {
        Ok(()) => store.notice_delivered(id).await,
        Err(error) => {
            let wait = backoff(first, pending.attempts);
            tracing::warn!(id, %error, retry_in = ?wait, "a notice was not delivered");
            store.notice_failed(id, &error, wait).await
        }
    };
    if let Err(e) = kept {
        tracing::warn!(id, error = %e, "could not record a notice's delivery");
    }
}

/// The message's text: the notice's line and, when the site is known, the dashboard's link.
pub fn message(hook: &Webhook, site: Option<&str>, notice: &Notice) -> String {
    let text = notice.text(hook.lang);
    match site {
        Some(site) => format!("{text}\n{site}/ops"),
        None => text,
    }
}

async fn send(
    client: &reqwest::Client,
    hook: &Webhook,
    site: Option<&str>,
    pending: &PendingNotice,
) -> Result<(), String> {
    let text = message(hook, site, &pending.notice);
    let body = match hook.format {
        Format::GroupRobot => json!({ "msgtype": "text", "text": { "content": text } }),
        Format::Json => json!({
            "id": pending.id,
            "event": pending.notice.event,
            "reference": pending.notice.reference,
            "listing": pending.notice.listing,
            "created_at": pending.created_at,
            "text": text,
            "notice": pending.notice,
        }),
    };
    let res = client
        .post(&hook.url)
        .header("X-Portal-Notice-Id", pending.id.to_string())
        .json(&body)
        .send()
        .await
        .map_err(|e| format!("not sent: {e}"))?;
    let status = res.status();
    let answer = res.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(format!("{status}: {answer}"));
    }
    // The group robots answer 200 with `{"errcode": 0}`, or another code when they refused.
    let refused = serde_json::from_str::<serde_json::Value>(&answer)
        .ok()
        .and_then(|v| v.get("errcode").and_then(|c| c.as_i64()))
        .filter(|code| *code != 0);
    match refused {
        Some(code) => Err(format!("refused (errcode {code}): {answer}")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_ten_minutes() {
        let first = Duration::from_secs(2);
        assert_eq!(backoff(first, 0), Duration::from_secs(2));
        assert_eq!(backoff(first, 3), Duration::from_secs(16));
        assert_eq!(backoff(first, 40), MAX_WAIT);
    }
}
