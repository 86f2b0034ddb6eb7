//! `server serve | export | seed | migrate | backup | restore | operator`: telemetry,
//! configuration, run.
use std::process::ExitCode;

use clap::Parser;
use server::cli::{Cli, Command, OperatorCommand};
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
        Command::Migrate(args) => store::migrate(&args.database_url).await,
        Command::Backup(args) => store::backup(&args.store.database_url, &args.out).await,
        Command::Restore(args) => store::restore(&args.store.database_url, &args.from).await,
        Command::Operator(OperatorCommand::Add(args)) => add_operator(args).await,
        Command::Operator(OperatorCommand::Disable(args)) => {
            server::dashboard::disable_operator(&args.store.database_url, &args.username).await
        }
        Command::Operator(OperatorCommand::Passwd(args)) => {
            match read_password(&args.username).await {
                Ok(password) => {
                    server::dashboard::set_operator_password(
                        &args.store.database_url,
                        &args.username,
                        &password,
                    )
                    .await
                }
                Err(e) => Err(e),
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "failed");
            ExitCode::FAILURE
        }
    }
}

/// The password from `PORTAL_OPERATOR_PASSWORD` or, when that is not set, one line of
/// standard input (never a flag: it would show in `ps`).
async fn read_password(username: &str) -> anyhow::Result<String> {
    Ok(match std::env::var("PORTAL_OPERATOR_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            tracing::info!(username, "reading the password from stdin");
            let line = tokio::task::spawn_blocking(|| {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line).map(|_| line)
            })
            .await??;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    })
}

async fn add_operator(args: server::cli::OperatorAddArgs) -> anyhow::Result<()> {
    let password = read_password(&args.username).await?;
    server::dashboard::add_operator(
        &args.store.database_url,
        &args.store.data,
        &args.username,
        &args.name,
        args.role.into(),
        &args.listings,
        &password,
    )
    .await
}

async fn serve(args: server::cli::ServeArgs) -> anyhow::Result<()> {
    let app = Application::build(args.config()).await?;
    app.run_until_stopped().await?;
    Ok(())
}
