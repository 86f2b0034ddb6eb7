//! Command line: flags with environment fallbacks.
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use model::SiteMode;

use crate::ledger_key::LedgerKeySource;
use crate::security::{Network, PublicUrl, RateLimit, SecureCookie, Security};
use crate::store::Synchronous;
use crate::Config;

/// The Chenjiagou portal server.
#[derive(Debug, Parser)]
#[command(name = "server", version, about)]
pub struct Cli {
    /// Log filter, e.g. `info` or `warn,server=debug`.
    #[arg(long, env = "RUST_LOG", global = true)]
    pub log: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the API and the front end (the default).
    Serve(ServeArgs),
    /// Write the listing snapshot (`*.json` in the shapes of `public/data/`) from the database.
    Export(ExportArgs),
    /// Seed an empty database from the listing snapshot, then exit.
    Seed(StoreArgs),
    /// Apply the database migrations without serving (a newer database is refused).
    Migrate(StoreArgs),
    /// Copy a live SQLite database into a new file, consistently, without stopping it.
    Backup(BackupArgs),
    /// Put a backup back in place of the SQLite database (stop the server first).
    Restore(RestoreArgs),
    /// Manage operator accounts.
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Paint the sample data's photos and write their copies (for `public/media/`); prints
    /// each scene's photo entry for the data files.
    SamplePhotos(SamplePhotosArgs),
}

#[derive(Debug, Clone, Args)]
pub struct SamplePhotosArgs {
    /// Folder to write the copies into.
    #[arg(long, default_value = "public/media")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// The new file to write.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// The backup to restore.
    #[arg(long)]
    pub from: PathBuf,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Clone, Subcommand)]
pub enum OperatorCommand {
    /// Add an operator. The password is read from `PORTAL_OPERATOR_PASSWORD` or, when that is
    /// not set, as one line from standard input (never from a flag: it would show in `ps`).
    Add(OperatorAddArgs),
    /// Disable an operator: they can no longer log in, and their sessions end at once.
    Disable(OperatorNameArgs),
    /// Set an operator's password from `PORTAL_OPERATOR_PASSWORD` (or one line of standard
    /// input); their sessions end at once.
    Passwd(OperatorNameArgs),
}

#[derive(Debug, Clone, Args)]
pub struct OperatorNameArgs {
    /// The operator's log-in name.
    #[arg(long)]
    pub username: String,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Clone, Args)]
pub struct OperatorAddArgs {
    /// Log-in name: 3–32 letters, digits, '.', '_' or '-'.
    #[arg(long)]
    pub username: String,
    /// What the operator may do.
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The name shown in the dashboard and the audit log.
    #[arg(long)]
    pub name: String,
    /// A listing the operator owns, as COLLECTION/SLUG (`schools/…`, `lodgings/…` for hosts,
    /// `products/…` for sellers); repeat for several.
    #[arg(long = "listing")]
    pub listings: Vec<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Schools, halls and lodgings.
    Host,
    /// Shops and cooperatives.
    Seller,
    /// Village finance: the donation ledger.
    Finance,
    Admin,
}

impl From<RoleArg> for model::staff::Role {
    fn from(r: RoleArg) -> Self {
        use model::staff::Role;
        match r {
            RoleArg::Host => Role::Host,
            RoleArg::Seller => Role::Seller,
            RoleArg::Finance => Role::Finance,
            RoleArg::Admin => Role::Admin,
        }
    }
}

/// Where the database and its seed data are.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// `sqlite://PATH` (created with its folder when missing) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://var/portal.db")]
    pub database_url: String,
    /// The listing snapshot to seed an empty database from.
    #[arg(long, env = "PORTAL_DATA", default_value = "public/data")]
    pub data: PathBuf,
    /// SQLite durability: `full` fsyncs every commit (survives power loss); `normal` only
    /// survives a killed process.
    #[arg(long, env = "PORTAL_SQLITE_SYNCHRONOUS", value_enum, default_value_t = Synchronous::Full)]
    pub sqlite_synchronous: Synchronous,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PORTAL_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub store: StoreArgs,
    /// The Trunk-built front end.
    #[arg(long, env = "PORTAL_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// `api`: `/config.json` announces the API; `static`: it is served from `dist/`.
    #[arg(long, env = "PORTAL_MODE", value_enum, default_value_t = Mode::Api)]
    pub mode: Mode,
    /// Logins allowed at once per client IP (0: no limit).
    #[arg(long, env = "PORTAL_LOGIN_BURST", default_value_t = Security::default().login_limit.burst)]
    pub login_burst: u32,
    /// Logins per minute per client IP after the burst.
    #[arg(long, env = "PORTAL_LOGIN_PER_MINUTE", default_value_t = Security::default().login_limit.per_minute)]
    pub login_per_minute: u32,
    /// Creating POSTs (bookings, orders, pledges, cancellations) allowed at once per client
    /// address (0: no limit).
    #[arg(long, env = "PORTAL_CREATE_BURST", default_value_t = Security::default().create_limit.burst)]
    pub create_burst: u32,
    /// Creating POSTs per minute per client IP after the burst.
    #[arg(long, env = "PORTAL_CREATE_PER_MINUTE", default_value_t = Security::default().create_limit.per_minute)]
    pub create_per_minute: u32,
    /// Look-ups by reference and PIN allowed at once per client address (0: no limit).
    #[arg(long, env = "PORTAL_LOOKUP_BURST", default_value_t = Security::default().lookup_limit.burst)]
    pub lookup_burst: u32,
    /// Look-ups by reference and PIN per minute per client address after the burst.
    #[arg(long, env = "PORTAL_LOOKUP_PER_MINUTE", default_value_t = Security::default().lookup_limit.per_minute)]
    pub lookup_per_minute: u32,
    /// Multiplies the per-address limits on visitors' creations and look-ups (not logins):
    /// `make bench` and the browser tests, whose clients all come from 127.0.0.1, raise them.
    #[arg(long, env = "PORTAL_LIMITS_SCALE", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub limits_scale: u32,
    /// The address visitors reach the portal at, e.g. `https://cjg.example`. When it is
    /// https, every answer carries `Strict-Transport-Security` and the session cookie is
    /// always `Secure` (whatever `--secure-cookie` says); its origin may send operators'
    /// writes. Leave it unset (or http://…) for plain-HTTP development on localhost.
    #[arg(long, env = "PORTAL_PUBLIC_URL")]
    pub public_url: Option<PublicUrl>,
    /// When the operators' session cookie is marked `Secure`: `auto` when the proxy says the
    /// request came over HTTPS (`X-Forwarded-Proto: https`); always when `--public-url` is
    /// https.
    #[arg(long, env = "PORTAL_SECURE_COOKIE", value_enum, default_value_t = SecureCookie::Auto)]
    pub secure_cookie: SecureCookie,
    /// Another origin allowed to send operators' writes (e.g. `https://cjg.example`); repeat
    /// for several. The server's own origin is always allowed.
    #[arg(
        long = "allowed-origin",
        env = "PORTAL_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,
    /// A reverse proxy (address or block, e.g. `10.0.0.0/8`) whose `X-Forwarded-For` names the
    /// client; repeat for several. Without one, the connection's peer is the client.
    #[arg(
        long = "trusted-proxy",
        env = "PORTAL_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<Network>,
    /// The file holding the key that signs the ledger head (64 hex digits); made on first
    /// start when missing, by default as `ledger-signing.key` beside the SQLite file (e.g.
    /// `var/`). Keep a copy away from the database's backups. `PORTAL_LEDGER_KEY` (the hex
    /// itself) takes precedence.
    #[arg(long, env = "PORTAL_LEDGER_KEY_FILE")]
    pub ledger_key_file: Option<PathBuf>,
    /// The folder photos' copies are kept in; by default `media/` beside the SQLite file
    /// (e.g. `var/media`), or `var/media` on PostgreSQL. Several servers share one folder on
    /// a shared volume (see the README).
    #[arg(long, env = "PORTAL_MEDIA")]
    pub media: Option<PathBuf>,
    /// Where every new booking request, order and pledge, and each change of its status, is
    /// sent as it happens: a WeCom or DingTalk group robot's webhook URL, or any URL that
    /// takes JSON (`--notify-format json`). Unset, notices wait in the outbox.
    #[arg(long, env = "PORTAL_NOTIFY_WEBHOOK")]
    pub notify_webhook: Option<String>,
    #[arg(long, env = "PORTAL_NOTIFY_FORMAT", value_enum, default_value_t = crate::notify::Format::GroupRobot)]
    pub notify_format: crate::notify::Format,
    /// The language of the notices: `zh` or `en`.
    #[arg(long, env = "PORTAL_NOTIFY_LANG", default_value = "zh", value_parser = parse_lang)]
    pub notify_lang: model::Lang,
    /// The first wait, in milliseconds, before a failed notice is sent again (doubled at
    /// each failure, up to ten minutes).
    #[arg(long, env = "PORTAL_NOTIFY_RETRY_MS", default_value_t = 2000)]
    pub notify_retry_ms: u64,
    /// The SMTP server visitors' e-mail goes through (their booking or order, each change of
    /// it, a booking's calendar file). Unset, no e-mail is sent.
    #[arg(long, env = "PORTAL_SMTP_HOST")]
    pub smtp_host: Option<String>,
    #[arg(long, env = "PORTAL_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,
    #[arg(long, env = "PORTAL_SMTP_TLS", value_enum, default_value_t = crate::notify::mail::Tls::Starttls)]
    pub smtp_tls: crate::notify::mail::Tls,
    #[arg(long, env = "PORTAL_SMTP_USER")]
    pub smtp_user: Option<String>,
    /// Read from the environment only, so that it is not in the process list.
    #[arg(skip = std::env::var("PORTAL_SMTP_PASSWORD").ok())]
    pub smtp_password: Option<String>,
    /// The sender of visitors' e-mail, e.g. `陈家沟 <noreply@cjg.example>`.
    #[arg(
        long,
        env = "PORTAL_MAIL_FROM",
        default_value = "Chenjiagou <noreply@localhost>"
    )]
    pub mail_from: String,
}

fn parse_lang(text: &str) -> Result<model::Lang, String> {
    model::Lang::parse(text).ok_or_else(|| format!("{text:?}: zh or en"))
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Folder to write `schools.json` … `projects.json` into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Folder to write the listings' photos into; by default `media/` beside `--out`, where
    /// a static host serves `/media/` when `--out` is `dist/data`.
    #[arg(long)]
    pub photos_out: Option<PathBuf>,
    /// The folder photos' copies are kept in (as for `serve`).
    #[arg(long, env = "PORTAL_MEDIA")]
    pub media: Option<PathBuf>,
    /// The front end, whose `media/` holds the sample data's photos.
    #[arg(long, env = "PORTAL_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// The address the static site is reached at (e.g. `https://cjg.example`): with it, every
    /// public page is also written as HTML (`stay/<slug>.html`, `stay.html`, …) with its
    /// preview tags, beside `sitemap.xml` and `robots.txt`, into `--pages-out`.
    #[arg(long, env = "PORTAL_PUBLIC_URL")]
    pub public_url: Option<crate::security::PublicUrl>,
    /// Folder the pages go into; by default the folder above `--out` (`dist/`).
    #[arg(long)]
    pub pages_out: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    Api,
    Static,
}

impl From<Mode> for SiteMode {
    fn from(m: Mode) -> Self {
        match m {
            Mode::Api => SiteMode::Api,
            Mode::Static => SiteMode::Static,
        }
    }
}

impl ServeArgs {
    /// The server configuration these flags describe.
    pub fn config(&self) -> Config {
        Config {
            addr: self.addr,
            database_url: self.store.database_url.clone(),
            dist: self.dist.clone(),
            data: self.store.data.clone(),
            mode: self.mode.into(),
            synchronous: self.store.sqlite_synchronous,
            media: crate::media::media_dir(&self.store.database_url, self.media.clone()),
            notify: crate::notify::Settings {
                webhook: self
                    .notify_webhook
                    .clone()
                    .map(|url| crate::notify::Webhook {
                        url,
                        format: self.notify_format,
                        lang: self.notify_lang,
                    }),
                mail: self
                    .smtp_host
                    .clone()
                    .map(|host| crate::notify::mail::Smtp {
                        host,
                        port: self.smtp_port,
                        tls: self.smtp_tls,
                        login: self.smtp_user.clone().zip(self.smtp_password.clone()),
                        from: self.mail_from.clone(),
                    }),
                site: self.public_url.as_ref().map(|u| u.origin().to_owned()),
                retry_after: Some(std::time::Duration::from_millis(self.notify_retry_ms)),
            },
            ledger_key: LedgerKeySource::for_database(
                &self.store.database_url,
                self.ledger_key_file.clone(),
            ),
            security: Security {
                login_limit: RateLimit {
                    burst: self.login_burst,
                    per_minute: self.login_per_minute,
                },
                create_limit: RateLimit {
                    burst: self.create_burst,
                    per_minute: self.create_per_minute,
                }
                .scaled(self.limits_scale),
                lookup_limit: RateLimit {
                    burst: self.lookup_burst,
                    per_minute: self.lookup_per_minute,
                }
                .scaled(self.limits_scale),
                client_error_limit: Security::default()
                    .client_error_limit
                    .scaled(self.limits_scale),
                secure_cookie: self.secure_cookie,
                allowed_origins: self.allowed_origins.clone(),
                trusted_proxies: self.trusted_proxies.clone(),
                public_url: self.public_url.clone(),
            },
        }
    }
}

impl Cli {
    /// The command to run; no command means `serve` with flags from the environment.
    pub fn command(&self) -> Command {
        self.command
            .clone()
            .unwrap_or_else(|| Command::Serve(ServeOnly::parse_from(["server"]).args))
    }
}

#[derive(Debug, Parser)]
struct ServeOnly {
    #[command(flatten)]
    args: ServeArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        <Cli as CommandFactory>::command().debug_assert();
    }

    #[test]
    fn serve_flags_override_the_defaults() {
        let cli = Cli::parse_from([
            "server",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--mode",
            "static",
        ]);
        let Some(Command::Serve(args)) = cli.command else {
            panic!("not serve")
        };
        let config = args.config();
        assert_eq!(config.addr.port(), 0);
        assert_eq!(config.mode, SiteMode::Static);
        assert_eq!(config.security, Security::default());
    }

    #[test]
    fn an_https_public_url_turns_on_hsts_and_secure_cookies() {
        let parse = |extra: &[&str]| {
            let mut argv = vec!["server", "serve"];
            argv.extend_from_slice(extra);
            let Some(Command::Serve(args)) = Cli::parse_from(argv).command else {
                panic!("not serve")
            };
            args.config().security
        };
        assert!(!parse(&[]).https());
        assert!(!parse(&["--public-url", "http://localhost:8080"]).https());
        let https = parse(&["--public-url", "https://cjg.example/"]);
        assert!(https.https());
        assert_eq!(
            https.public_url.as_ref().map(PublicUrl::origin),
            Some("https://cjg.example")
        );
        assert!(Cli::try_parse_from(["server", "serve", "--public-url", "cjg.example"]).is_err());
    }

    #[test]
    fn operator_disable_and_passwd_take_a_user_name() {
        let cli = Cli::parse_from(["server", "operator", "disable", "--username", "chen.li"]);
        let Some(Command::Operator(OperatorCommand::Disable(args))) = cli.command else {
            panic!("not operator disable")
        };
        assert_eq!(args.username, "chen.li");
        let cli = Cli::parse_from(["server", "operator", "passwd", "--username", "chen.li"]);
        assert!(matches!(
            cli.command,
            Some(Command::Operator(OperatorCommand::Passwd(_)))
        ));
    }

    #[test]
    fn operator_add_takes_a_role_and_listings() {
        let cli = Cli::parse_from([
            "server",
            "operator",
            "add",
            "--username",
            "chen.li",
            "--role",
            "host",
            "--name",
            "Chen Li",
            "--listing",
            "schools/chen-family-hall",
            "--listing",
            "lodgings/yam-field-homestay",
        ]);
        let Some(Command::Operator(OperatorCommand::Add(args))) = cli.command else {
            panic!("not operator add")
        };
        assert_eq!(args.role, RoleArg::Host);
        assert_eq!(args.listings.len(), 2);
    }
}
