//! `server serve | export | seed`: telemetry, configuration, run.
use std::process::ExitCode;

use clap::Parser;
use server::cli::{Cli, Command};
use server::{store, telemetry, Application};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.log.as_deref());
    let result = match cli.command() {
        Command::Serve(args) => serve(args).await,
        Command::Export(args) => {
            store::export_snapshot(&args.store.database_url, &args.store.data, &args.out).await
        }
        Command::Seed(args) => store::seed_database(&args.database_url, &args.data).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "failed");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: server::cli::ServeArgs) -> anyhow::Result<()> {
    let app = Application::build(args.config()).await?;
    app.run_until_stopped().await?;
    Ok(())
}
