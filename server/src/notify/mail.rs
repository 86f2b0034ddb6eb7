//! The visitor's copy of a notice, by e-mail over SMTP (lettre): in the language they used,
//! with the ticket's link and, for a booking requested or confirmed, its `.ics` attached.
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::store::PendingNotice;

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Tls {
    /// Plain first, then STARTTLS (port 587); refuses a server that does not offer it.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or the tests' sink.
    None,
}

/// Where and as whom e-mail is sent.
#[derive(Clone, Debug)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    /// User name and password, when the server asks for them.
    pub login: Option<(String, String)>,
    /// The sender, e.g. `陈家沟 <noreply@cjg.example>`.
    pub from: String,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(smtp: &Smtp) -> anyhow::Result<Mailer> {
        let builder = match smtp.tls {
            Tls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)?,
            Tls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)?,
            Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
        };
        let mut builder = builder
            .port(smtp.port)
            .timeout(Some(std::time::Duration::from_secs(15)));
        if let Some((user, password)) = &smtp.login {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from: smtp.from.parse()?,
        })
    }

    /// Sends the visitor's copy of `pending`, with the ticket's link at `site` when known.
    pub async fn send(&self, pending: &PendingNotice, site: Option<&str>) -> Result<(), String> {
        let message = self.message(pending, site)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("not sent: {e}"))
    }

    fn message(&self, pending: &PendingNotice, site: Option<&str>) -> Result<Message, String> {
        let notice = &pending.notice;
        let visitor = notice.visitor.as_ref().ok_or("a notice with no visitor")?;
        let to: Mailbox = visitor
            .email
            .parse()
            .map_err(|e| format!("the visitor's address: {e}"))?;
        let text = SinglePart::plain(notice.visitor_body(visitor.lang, site));
        let body = match &visitor.calendar {
            Some(ics) => MultiPart::mixed().singlepart(text).singlepart(
                Attachment::new(format!("{}.ics", notice.reference)).body(
                    ics.clone(),
                    ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                        .map_err(|e| e.to_string())?,
                ),
            ),
            None => MultiPart::mixed().singlepart(text),
        };
        Message::builder()
            .from(self.from.clone())
            .to(to)
            // The same id on a redelivery: a mail client shows a duplicate as one.
            .message_id(Some(format!("<notice-{}@chenjiagou.portal>", pending.id)))
            .subject(notice.visitor_subject(visitor.lang))
            .multipart(body)
            .map_err(|e| e.to_string())
    }
}
