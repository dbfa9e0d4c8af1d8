//! One function per command, each working on a resolved [`Ctx`].

mod backup;
mod checkins;
mod compose;
mod demo;
mod doctor;
mod dupes;
mod export;
mod facts;
mod health;
mod import;
mod ledger;
mod log;
mod mail;
mod merges;
mod offboard;
mod orgs;
mod people;
mod segment;
mod serve;
mod setup;
mod show;
mod stages;
mod suggestions;
mod team;
mod text;

use crate::cli::{Cli, Command, ExportCommand, MailCommand};
use crate::context::Ctx;
use anyhow::Result;
use kith_core::{Giver, Stage};
use kith_store::OpenMode;

/// Runs the command the user gave.
pub async fn run(cli: Cli) -> Result<()> {
    let db = cli.db.as_deref();
    let workspace = cli.workspace.as_deref();
    let json = cli.json;
    let open = |mode| Ctx::open(db, workspace, json, mode);
    match cli.command {
        Command::Init => setup::init(&open(OpenMode::CreateIfMissing).await?).await,
        // The demo writes only where --db says, never to the database KITH_DB names.
        Command::Demo(args) => demo::run(db.filter(|_| !cli.db_from_env), workspace, json, args).await,
        Command::Me(c) => setup::me(&open(OpenMode::MustExist).await?, c).await,
        Command::Person(c) => people::run(&open(OpenMode::MustExist).await?, c).await,
        Command::Org(c) => orgs::org(&open(OpenMode::MustExist).await?, c).await,
        Command::Engagement(c) => orgs::engagement(&open(OpenMode::MustExist).await?, c).await,
        Command::Log(a) => log::log(&open(OpenMode::MustExist).await?, a).await,
        Command::Gave(a) => ledger::give(&open(OpenMode::MustExist).await?, a, Giver::Owner).await,
        Command::Got(a) => ledger::give(&open(OpenMode::MustExist).await?, a, Giver::Them).await,
        Command::Asked(a) => ledger::ask(&open(OpenMode::MustExist).await?, a).await,
        Command::Declined(a) => ledger::decline(&open(OpenMode::MustExist).await?, a).await,
        Command::Ledger(a) => ledger::run(&open(OpenMode::MustExist).await?, a).await,
        Command::Show(a) => show::show(&open(OpenMode::MustExist).await?.judged_at(&a.as_of)?, &a.who).await,
        Command::Review(a) => health::review(&open(OpenMode::MustExist).await?.judged_at(&a.as_of)?, a).await,
        Command::Plan(a) => {
            health::plan(&open(OpenMode::MustExist).await?.judged_at(&a.as_of)?, &a.who).await
        }
        Command::Health(a) => health::health(&open(OpenMode::MustExist).await?.judged_at(&a.as_of)?, a).await,
        Command::Fact(a) => facts::fact(&open(OpenMode::MustExist).await?, a).await,
        Command::Mute(a) => facts::mute(&open(OpenMode::MustExist).await?, a).await,
        Command::Unmute(a) => facts::unmute(&open(OpenMode::MustExist).await?, a).await,
        Command::Reduce(a) => stages::reduce(&open(OpenMode::MustExist).await?, a).await,
        Command::Mentor(a) => stages::simple(&open(OpenMode::MustExist).await?, a, Stage::Mentoring).await,
        Command::Distance(a) => stages::simple(&open(OpenMode::MustExist).await?, a, Stage::Distanced).await,
        Command::End(a) => stages::end(&open(OpenMode::MustExist).await?, a).await,
        Command::WalkAway(a) => stages::simple(&open(OpenMode::MustExist).await?, a, Stage::WalkedAway).await,
        Command::Revive(a) => stages::simple(&open(OpenMode::MustExist).await?, a, Stage::Revived).await,
        Command::Draft(a) => compose::draft(&open(OpenMode::MustExist).await?, a).await.map(drop),
        Command::Drafts(a) => compose::drafts(&open(OpenMode::MustExist).await?, a).await,
        Command::Templates(c) => compose::templates_command(json, c),
        Command::Offboard(a) => offboard::offboard(&open(OpenMode::MustExist).await?, a).await,
        Command::Checkins(a) => checkins::checkins(&open(OpenMode::MustExist).await?, a).await,
        Command::Segment => segment::segment(&open(OpenMode::MustExist).await?).await,
        Command::Export(ExportCommand::Json { out }) => {
            backup::export_json(&open(OpenMode::MustExist).await?, out.as_deref()).await
        }
        Command::Export(ExportCommand::Vcard { out, dir }) => {
            export::vcard(&open(OpenMode::MustExist).await?, out.as_deref(), dir.as_deref()).await
        }
        Command::Export(ExportCommand::Csv { out }) => {
            export::csv(&open(OpenMode::MustExist).await?, out.as_deref()).await
        }
        Command::Import(args) => import::run(args, db, workspace, json).await,
        Command::Mail(MailCommand::Correspondents { limit }) => {
            mail::correspondents(&open(OpenMode::MustExist).await?, limit).await
        }
        Command::Mail(MailCommand::KeptOut { reason }) => {
            mail::kept_out(&open(OpenMode::MustExist).await?, reason.as_deref()).await
        }
        Command::Dupes(args) => dupes::run(&open(OpenMode::MustExist).await?, &args).await,
        Command::Copy(args) => backup::copy(&args, json).await,
        Command::Backup { path } => backup::backup(&open(OpenMode::MustExist).await?, &path).await,
        Command::Serve(args) => serve::serve(db, workspace, json, args).await,
        // The accounts belong to the whole PostgreSQL database, not to a workspace.
        Command::User(c) => team::user(db, json, c).await,
        Command::Token(c) => team::token(db, json, c).await,
        Command::Workspace(c) => team::workspace(db, json, c).await,
        // Reading text needs no database: nothing is opened.
        Command::Text(c) => text::run(c, json),
        Command::Doctor { salvage } => {
            let location = crate::context::location(db, OpenMode::MustExist)?;
            match salvage {
                Some(out) => doctor::salvage(&location, &out, json).await,
                None => doctor::check(&location, json),
            }
        }
    }
}
