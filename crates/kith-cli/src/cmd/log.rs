//! `kith log`: recording a contact by hand; parsed here, carried out by `kith_app::log`.

use crate::cli::LogArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;
use kith_app::log::{LogInput, log as record};

/// Logs one interaction with one or more people.
pub async fn log(ctx: &Ctx, args: LogArgs) -> Result<()> {
    let input = LogInput {
        who: args.who,
        channel: args.channel.parse()?,
        direction: args.dir.parse()?,
        at: args.at,
        subject: args.subject,
        note: args.note,
    };
    let logged = record(ctx, input).await?;
    if ctx.json {
        return out::json(&logged);
    }
    let names = logged.names.join(", ");
    out::line(&format!(
        "logged {} ({}) with {names} on {}",
        logged.channel,
        logged.direction,
        out::date(logged.at)
    ))
}
