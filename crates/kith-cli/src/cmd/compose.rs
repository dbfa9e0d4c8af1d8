//! `kith draft`, `kith drafts` and `kith templates`: the composer's words for a move,
//! grounded in what the owner and the person did together, kept until marked sent.

use crate::cli::{ComposeArgs, DraftArgs, DraftsArgs, DraftsCommand, TemplatesCommand};
use crate::context::Ctx;
use crate::failure::UserError;
use crate::out;
use anyhow::{Context as _, Result};
use kith_app::who;
use kith_core::{
    Channel, Composed, Draft, DraftFormat, DraftId, DraftMove, DraftRequest, Engagement, Envelope, Grounding,
    IdentityKind, Manner, NewDraft, Person, PersonId, Templates, Tier, Tone, compose,
};
use serde::Serialize;
use std::path::PathBuf;

/// How a draft should read, from the command line.
pub struct Style {
    /// The tone.
    pub tone: Tone,
    /// The output format.
    pub format: DraftFormat,
    /// The manner the user chose, if any (else the tier's).
    pub manner: Option<Manner>,
}

impl Style {
    /// Reads `--tone`, `--format` and `--manner`.
    pub fn read(args: &ComposeArgs) -> Result<Style> {
        let format: DraftFormat = args.format.parse()?;
        let mut manner = args.manner.as_deref().map(str::parse).transpose()?;
        if format == DraftFormat::Eml {
            if manner == Some(Manner::Conversation) {
                let why = "an .eml is an email: leave out --manner conversation, or choose --format text or markdown";
                return Err(UserError::Invalid(why.into()).into());
            }
            // An .eml is an email, whatever the tier would suggest.
            manner = Some(Manner::Email);
        }
        Ok(Style { tone: args.tone.parse()?, format, manner })
    }

    /// The manner for someone of `tier`.
    pub fn manner_for(&self, tier: Tier) -> Manner {
        self.manner.unwrap_or_else(|| Manner::for_tier(tier))
    }
}

/// `kith draft <who> <move>`: composes, keeps (unless a dry run) and prints a draft;
/// returns the draft kept.
pub async fn draft(ctx: &Ctx, args: DraftArgs) -> Result<Option<Draft>> {
    let person = who::person(ctx, &args.who).await?;
    let style = Style::read(&args.compose)?;
    if style.format == DraftFormat::Eml && owner_email(ctx).await?.is_none() {
        return Err(no_sender());
    }
    let tier = super::health::assess(ctx).await?.of(&person.id)?.tier;
    let request = DraftRequest {
        what: parse_move(&args.what)?,
        tone: style.tone,
        manner: style.manner_for(tier),
        reason: args.reason,
        door: args.door.as_deref().map(str::parse).transpose()?,
        alternative: args.alternative,
        went_well: false,
    };
    let composed = compose_for(ctx, &person, &request, None).await?;
    if args.dry_run {
        show(ctx, &person, &composed, None, style.format).await?;
        return Ok(None);
    }
    let kept = keep(ctx, &person, composed.clone(), None).await?;
    show(ctx, &person, &composed, Some(&kept.id), style.format).await?;
    if !ctx.json {
        // On standard error, so that an .eml written to a file stays a clean message.
        eprintln!("kept as draft {}; once sent, mark it with `kith drafts sent {}`", kept.id, kept.id);
    }
    Ok(Some(kept))
}

/// Composes `request` for `person` from what the store knows of them.
pub async fn compose_for(
    ctx: &Ctx,
    person: &Person,
    request: &DraftRequest,
    engagement: Option<&Engagement>,
) -> Result<Composed> {
    let grounding = grounding(ctx, person, engagement).await?;
    Ok(compose(&templates()?, request, &grounding, ctx.now_ts())?)
}

/// A composed draft for `person`, written now.
pub fn new_draft(
    ctx: &Ctx,
    person: &Person,
    composed: Composed,
    engagement: Option<&Engagement>,
) -> NewDraft {
    NewDraft {
        person: person.id.clone(),
        composed,
        engagement: engagement.map(|e| e.id.clone()),
        created_at: ctx.now_ts(),
    }
}

/// Keeps a composed draft for `person`.
pub async fn keep(
    ctx: &Ctx,
    person: &Person,
    composed: Composed,
    engagement: Option<&Engagement>,
) -> Result<Draft> {
    Ok(ctx.store.save_draft(&new_draft(ctx, person, composed, engagement)).await?)
}

/// Everything a draft for `person` may cite.
async fn grounding(ctx: &Ctx, person: &Person, engagement: Option<&Engagement>) -> Result<Grounding> {
    let org = match &person.org {
        Some(id) => Some(ctx.store.organization(id).await?.name),
        None => None,
    };
    let owner_email = owner_email(ctx).await?;
    Ok(Grounding {
        name: person.name.clone(),
        greeting_name: Some(person.greeting_name()),
        email: email_of(person),
        owner_name: ctx.store.owner_name().await?,
        owner_email,
        org,
        engagement: engagement.map(|e| e.title.clone()),
        exchanges: ctx.store.exchanges_with(&person.id).await?,
        interactions: ctx.store.interactions_with(&person.id).await?,
    })
}

/// The refusal of an `.eml` without a sender.
fn no_sender() -> anyhow::Error {
    UserError::Invalid(
        "an .eml draft needs your address as its sender; add it with `kith me add you@example.com`".into(),
    )
    .into()
}

/// The owner's first email address.
async fn owner_email(ctx: &Ctx) -> Result<Option<String>> {
    let identities = ctx.store.owner_identities().await?;
    Ok(identities.into_iter().find(|i| i.kind() == IdentityKind::Email).map(|i| i.value().to_owned()))
}

fn email_of(person: &Person) -> Option<String> {
    person.preferred(IdentityKind::Email).map(|i| i.value().to_owned())
}

/// What `kith draft --json` prints.
#[derive(Serialize)]
struct DraftView<'a> {
    id: Option<&'a DraftId>,
    person: &'a kith_core::PersonId,
    name: &'a str,
    #[serde(rename = "move")]
    what: DraftMove,
    tone: Tone,
    manner: Manner,
    subject: &'a str,
    body: &'a str,
    cited: &'a [String],
    rendered: String,
}

/// Prints a draft in `format` (or as JSON).
async fn show(
    ctx: &Ctx,
    person: &Person,
    composed: &Composed,
    id: Option<&DraftId>,
    format: DraftFormat,
) -> Result<()> {
    let rendered = composed.render(format, &envelope(ctx, person, id, format).await?);
    if ctx.json {
        let view = DraftView {
            id,
            person: &person.id,
            name: &person.name,
            what: composed.what,
            tone: composed.tone,
            manner: composed.manner,
            subject: &composed.subject,
            body: &composed.body,
            cited: &composed.cited,
            rendered,
        };
        return out::json(&view);
    }
    out::print(&rendered)
}

/// The envelope of a draft to `person`; an `.eml` needs the owner's address.
async fn envelope(ctx: &Ctx, person: &Person, id: Option<&DraftId>, format: DraftFormat) -> Result<Envelope> {
    let name = ctx.store.owner_name().await?;
    let from = owner_email(ctx).await?.map(|email| (name, email));
    if from.is_none() && format == DraftFormat::Eml {
        return Err(no_sender());
    }
    let to = email_of(person).map(|email| (person.name.clone(), email));
    let message_id = match id {
        Some(id) => format!("{id}@kith.invalid"),
        None => format!("preview-{}-{}@kith.invalid", person.id, ctx.now_ts().as_second()),
    };
    Ok(Envelope { from, to, date: ctx.now_ts(), message_id })
}

/// `kith drafts …`
pub async fn drafts(ctx: &Ctx, args: DraftsArgs) -> Result<()> {
    match args.command {
        None => list(ctx, args.person.as_deref(), args.unsent).await,
        Some(DraftsCommand::Show { id, format }) => {
            let draft = ctx.store.draft(&draft_id(&id)?).await?;
            let person = ctx.store.person(&draft.person).await?;
            show(ctx, &person, &draft.composed(&person.name), Some(&draft.id), format.parse()?).await
        }
        Some(DraftsCommand::Sent { id, at, channel }) => {
            let draft = ctx.store.draft(&draft_id(&id)?).await?;
            let channel: Option<Channel> = channel.as_deref().map(str::parse).transpose()?;
            let contact = draft.sending(ctx.when(at.as_deref())?, channel, ctx.now_ts())?;
            let sent = ctx.store.mark_draft_sent(&draft.id, &contact).await?;
            if ctx.json {
                return out::json(&sent);
            }
            let person = ctx.store.person(&sent.person).await?;
            out::line(&format!(
                "marked {} ({} to {}) sent on {}; logged as {} {}",
                sent.id,
                sent.what.typed(),
                person.name,
                out::date(contact.at),
                contact.channel,
                sent.interaction.as_ref().map(|i| i.as_str()).unwrap_or_default()
            ))
        }
    }
}

async fn list(ctx: &Ctx, who: Option<&str>, unsent: bool) -> Result<()> {
    let person = match who {
        Some(who) => Some(who::person(ctx, who).await?.id),
        None => None,
    };
    let mut drafts = ctx.store.drafts(person.as_ref()).await?;
    drafts.retain(|d| !unsent || d.sent_at.is_none());
    if ctx.json {
        return out::json(&drafts);
    }
    let names = super::people::names(ctx).await?;
    let mut table = out::table(["id", "for", "move", "tone", "manner", "written", "sent"]);
    for d in &drafts {
        table.add_row([
            d.id.to_string(),
            names.get(&d.person).cloned().unwrap_or_default(),
            d.what.typed(),
            d.tone.to_string(),
            d.manner.to_string(),
            out::date(d.created_at),
            d.sent_at.map(out::date).unwrap_or_else(|| "-".into()),
        ]);
    }
    out::table_or(&table, "no drafts yet; write one with `kith draft <who> reconnect`")
}

fn draft_id(text: &str) -> Result<DraftId> {
    DraftId::parse(text.trim()).ok_or_else(|| {
        UserError::Invalid(format!("\"{text}\" is not a draft id (they look like d_…; see `kith drafts`)"))
            .into()
    })
}

/// The command that drafts `what` for a person: by name, or by id when the name would
/// need more quoting than a pair of double quotes.
pub fn draft_command(name: &str, id: &PersonId, what: DraftMove) -> String {
    let who = if name.is_empty() || name.contains(['"', '\\', '$', '`']) {
        id.to_string()
    } else {
        format!("\"{name}\"")
    };
    format!("kith draft {who} {}", what.typed())
}

/// Reads a move as typed (`ask-favor` or `ask_favor`), listing the moves as typed when it
/// is none of them.
fn parse_move(text: &str) -> Result<DraftMove> {
    text.parse().map_err(|_| {
        let moves: Vec<String> = DraftMove::ALL.iter().map(|m| m.typed()).collect();
        UserError::Invalid(format!("unknown move \"{text}\"; expected one of: {}", moves.join(", "))).into()
    })
}

/// `kith templates …`
pub fn templates_command(json: bool, command: TemplatesCommand) -> Result<()> {
    let templates = templates()?;
    match command {
        TemplatesCommand::List => {
            #[derive(Serialize)]
            struct Row {
                #[serde(rename = "move")]
                what: DraftMove,
                yours: bool,
                path: PathBuf,
            }
            let rows: Vec<Row> = DraftMove::ALL
                .iter()
                .map(|&what| {
                    Ok(Row { what, yours: templates.is_overridden(what), path: template_path(what)? })
                })
                .collect::<Result<_>>()?;
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
        TemplatesCommand::Show { what } => out::print(templates.source(parse_move(&what)?)),
        TemplatesCommand::EditPath { what } => {
            out::line(&template_path(parse_move(&what)?)?.display().to_string())
        }
    }
}

/// The shipped templates with the user's own in their place.
fn templates() -> Result<Templates> {
    let mut templates = Templates::shipped();
    for &what in DraftMove::ALL {
        let path = template_path(what)?;
        match std::fs::read_to_string(&path) {
            Ok(source) => {
                templates = templates
                    .with_override(what, source)
                    .with_context(|| format!("in {}", path.display()))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(anyhow::Error::new(e).context(format!("could not read {}", path.display()))),
        }
    }
    Ok(templates)
}

/// Where the user's template for `what` lives.
fn template_path(what: DraftMove) -> Result<PathBuf> {
    Ok(crate::context::config_dir()?.join("templates").join(Templates::file_name(what)))
}
