//! Command line: flags with environment fallbacks.
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use model::SiteMode;

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
}

/// Where the database and its seed data are.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// `sqlite://PATH` (created with its folder when missing).
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
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Folder to write `schools.json` … `projects.json` into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
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
    }
}
