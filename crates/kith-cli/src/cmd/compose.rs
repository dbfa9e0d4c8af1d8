//! `kith draft`, `kith drafts` and `kith templates`: parsed here, carried out by
//! `kith_app::compose`.

use crate::cli::{ComposeArgs, DraftArgs, DraftsArgs, DraftsCommand, TemplatesCommand};
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::compose::{self as app, DraftInput, DraftSent, Drafted, Style};
use kith_core::{Channel, DraftId};

pub use kith_app::compose::draft_command;

/// Reads `--tone`, `--format` and `--manner`.
pub fn style(args: &ComposeArgs) -> Result<Style> {
    let format = args.format.parse()?;
    let manner = args.manner.as_deref().map(str::parse).transpose()?;
    Ok(Style::new(args.tone.parse()?, format, manner)?)
}

/// `kith draft <who> <move>`: composes, keeps (unless a dry run) and prints a draft;
/// returns the id of the draft kept.
pub async fn draft(ctx: &Ctx, args: DraftArgs) -> Result<Option<DraftId>> {
    let input = DraftInput {
        what: app::draft_move(&args.what)?,
        style: style(&args.compose)?,
        reason: args.reason,
        door: args.door.as_deref().map(str::parse).transpose()?,
        alternative: args.alternative,
        dry_run: args.dry_run,
    };
    let drafted = app::draft(ctx, &args.who, input).await?;
    render_drafted(ctx, &drafted)?;
    Ok(drafted.id)
}

/// Prints a draft just written, and the id it is kept as.
pub fn render_drafted(ctx: &Ctx, drafted: &Drafted) -> Result<()> {
    show(ctx, drafted)?;
    if let Some(id) = &drafted.id
        && !ctx.json
    {
        // On standard error, so that an .eml written to a file stays a clean message.
        eprintln!("kept as draft {id}; once sent, mark it with `kith drafts sent {id}`");
    }
    Ok(())
}

/// Prints a draft as written out, or as JSON.
fn show(ctx: &Ctx, drafted: &Drafted) -> Result<()> {
    if ctx.json {
        return out::json(drafted);
    }
    out::print(&drafted.rendered)
}

/// `kith drafts …`
pub async fn drafts(ctx: &Ctx, args: DraftsArgs) -> Result<()> {
    match args.command {
        None => list(ctx, args.person.as_deref(), args.unsent).await,
        Some(DraftsCommand::Show { id, format }) => {
            show(ctx, &app::show(ctx, &app::draft_id(&id)?, format.parse()?).await?)
        }
        Some(DraftsCommand::Sent { id, at, channel }) => {
            let channel: Option<Channel> = channel.as_deref().map(str::parse).transpose()?;
            render_sent(ctx, &app::sent(ctx, &app::draft_id(&id)?, at.as_deref(), channel).await?)
        }
    }
}

/// Prints a draft marked sent, and the contact it was logged as.
pub fn render_sent(ctx: &Ctx, sent: &DraftSent) -> Result<()> {
    if ctx.json {
        return out::json(sent);
    }
    let draft = &sent.draft;
    out::line(&format!(
        "marked {} ({} to {}) sent on {}; logged as {} {}",
        draft.id,
        draft.what.typed(),
        sent.name,
        draft.sent_at.map(out::date).unwrap_or_default(),
        sent.channel.map(|c| c.to_string()).unwrap_or_default(),
        draft.interaction.as_ref().map(|i| i.as_str()).unwrap_or_default()
    ))
}

async fn list(ctx: &Ctx, who: Option<&str>, unsent: bool) -> Result<()> {
    let drafts = app::list(ctx, who, unsent).await?;
    if ctx.json {
        return out::json(&drafts);
    }
    let mut table = out::table(["id", "for", "move", "tone", "manner", "written", "sent"]);
    for listed in &drafts {
        let d = &listed.draft;
        table.add_row([
            d.id.to_string(),
            listed.name.clone(),
            d.what.typed(),
            d.tone.to_string(),
            d.manner.to_string(),
            out::date(d.created_at),
            d.sent_at.map(out::date).unwrap_or_else(|| "-".into()),
        ]);
    }
    out::table_or(&table, "no drafts yet; write one with `kith draft <who> reconnect`")
}

/// `kith templates …`
pub fn templates_command(json: bool, command: TemplatesCommand) -> Result<()> {
    let dir = crate::context::config_dir()?;
    let dir = Some(dir.as_path());
    match command {
        TemplatesCommand::List => {
            let rows = app::template_list(dir)?;
            if json {
                return out::json(&rows);
            }
            let mut table = out::table(["move", "template", "your file"]);
            for r in &rows {
                let which = if r.yours { "yours" } else { "shipped" };
                table.add_row([r.what.typed(), which.into(), r.path.display().to_string()]);
            }
            out::table_or(&table, "")
        }
        TemplatesCommand::Show { what } => out::print(&app::template_source(dir, app::draft_move(&what)?)?),
        TemplatesCommand::EditPath { what } => {
            out::line(&app::template_path(dir, app::draft_move(&what)?)?.display().to_string())
        }
    }
}
