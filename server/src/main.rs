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
        Command::Export(args) => export(args).await,
        Command::SamplePhotos(args) => sample_photos(&args.out).await,
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

/// Paints each sample scene and keeps its copies in `out`, printing `scene photo-json`.
async fn sample_photos(out: &std::path::Path) -> anyhow::Result<()> {
    use server::media::{keep, process, sample, FolderMedia};
    let media = FolderMedia::new(out);
    for scene in sample::SCENES {
        let upload = sample::upload(scene).ok_or_else(|| anyhow::anyhow!("no scene {scene}"))?;
        let processed = process::process(&upload)
            .map_err(|p| anyhow::anyhow!("scene {scene} refused: {}", p.code()))?;
        println!("{scene} {}", serde_json::to_string(&processed.photo)?);
        keep(&media, processed).await?;
    }
    Ok(())
}

/// The listing snapshot, then the copies of every photo it names beside it.
async fn export(args: server::cli::ExportArgs) -> anyhow::Result<()> {
    let url = &args.store.database_url;
    let catalog = store::export_snapshot(url, &args.store.data, &args.out).await?;
    let media = server::media::FolderMedia::new(server::media::media_dir(url, args.media));
    let out = args.photos_out.unwrap_or_else(|| {
        let parent = args.out.parent().unwrap_or(std::path::Path::new("."));
        parent.join("media")
    });
    let shipped = args.dist.join("media");
    let written = server::media::export(&media, &shipped, &catalog.photos(), &out).await?;
    tracing::info!(out = %out.display(), written, "exported the photos");
    if let Some(url) = &args.public_url {
        let parent = args.out.parent().unwrap_or(std::path::Path::new("."));
        let dir = args.pages_out.clone().unwrap_or_else(|| parent.to_owned());
        let shell = std::fs::read_to_string(args.dist.join("index.html"))?;
        let pages = server::web::pages::write_site(&catalog, &shell, url.origin(), &dir)?;
        tracing::info!(out = %dir.display(), pages, "exported the pages");
    }
    Ok(())
}

async fn serve(args: server::cli::ServeArgs) -> anyhow::Result<()> {
    let app = Application::build(args.config()).await?;
    app.run_until_stopped().await?;
    Ok(())
}
