//! `kith offboard <organization>`: parsed here, carried out by `kith_app::offboard`; the
//! thank-yous it wrote and the checklist are printed.

use crate::cli::OffboardArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::offboard::{OffboardInput, Offboarding};
use kith_core::LeftStep;
use kith_core::when::parse_every;

/// Runs `kith offboard`.
pub async fn offboard(ctx: &Ctx, args: OffboardArgs) -> Result<()> {
    let went_well = match (args.went_well, args.not_well) {
        (true, _) => Some(true),
        (false, true) => Some(false),
        (false, false) => None,
    };
    let input = OffboardInput {
        engagement: args.engagement,
        went_well,
        finish: args.finish,
        checkins_every: args.checkins_every.as_deref().map(parse_every).transpose()?,
        style: super::compose::style(&args.compose)?,
    };
    render(ctx, &kith_app::offboard::offboard(ctx, &args.org, input).await?)
}

/// Prints the thank-yous an offboarding wrote, then its checklist.
pub fn render(ctx: &Ctx, done: &Offboarding) -> Result<()> {
    if ctx.json {
        return out::json(done);
    }
    for (draft, rendered) in done.written.iter().zip(&done.rendered) {
        out::line(&format!(
            "--- to {} (draft {}, {}) ---",
            done.name(&draft.person),
            draft.id,
            draft.manner
        ))?;
        out::print(rendered)?;
        out::line("")?;
    }
    print_checklist(done)
}

fn print_checklist(done: &Offboarding) -> Result<()> {
    let Offboarding { engagement, checklist: list, .. } = done;
    let state = if list.finished { "finished" } else { "winding down" };
    let outcome = match engagement.went_well {
        Some(true) => "went well: a reference is asked for",
        Some(false) => "did not go well: no reference is asked for",
        None => "outcome not recorded (--went-well asks for a reference)",
    };
    out::line(&format!("Offboarding {} for {} ({state}; {outcome})", engagement.title, done.org))?;
    let yes = |b: bool| if b { "yes" } else { "-" };
    let when = |t: Option<jiff::Timestamp>| t.map(out::date).unwrap_or_else(|| "-".into());
    let mut table = out::table([
        "person",
        "draft",
        "thanked",
        "feedback asked",
        "reference asked",
        "answered",
        "check-ins",
    ]);
    for item in &list.items {
        table.add_row([
            done.name(&item.person).to_owned(),
            item.draft.as_ref().map(ToString::to_string).unwrap_or_else(|| "-".into()),
            when(item.thanked),
            yes(item.feedback_asked).into(),
            yes(item.reference_asked).into(),
            when(item.answered),
            yes(item.checkins_scheduled).into(),
        ]);
    }
    out::table_or(&table, "")?;
    if list.left.is_empty() {
        return out::line("Nothing left to do.");
    }
    let name = |id| done.name(id);
    out::line("Left:")?;
    for step in &list.left {
        let text = match step {
            LeftStep::SendThanks { person, draft } => {
                format!("send {}'s thanks, then `kith drafts sent {draft}`", name(person))
            }
            LeftStep::AskReference { person } => format!(
                "ask {} for a reference: `kith draft \"{}\" reference-request`",
                name(person),
                name(person)
            ),
            LeftStep::AwaitAnswer { person } => format!(
                "wait for {}'s answer; record feedback with `kith got \"{}\" feedback`",
                name(person),
                name(person)
            ),
            LeftStep::Finish => {
                format!(
                    "finish with `kith offboard {} --finish` (ends it and schedules check-ins)",
                    engagement.id
                )
            }
        };
        out::line(&format!("  - {text}"))?;
    }
    Ok(())
}
