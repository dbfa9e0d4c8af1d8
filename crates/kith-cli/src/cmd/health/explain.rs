//! `kith health`: one person's metrics, and with `--explain` how each was computed, as
//! `kith_app::health::explain` words them.

use crate::cli::HealthArgs;
use crate::context::Ctx;
use crate::out;
use anyhow::Result;

/// Prints a person's metrics (`--json`: the metrics as computed).
pub async fn health(ctx: &Ctx, args: HealthArgs) -> Result<()> {
    let explained = kith_app::health::explain(ctx, &args.who).await?;
    if ctx.json {
        return out::json(&explained);
    }
    let person = &explained.person;
    out::line(&format!("{} ({}), as of {}", person.name, person.id, out::date(explained.at)))?;
    for row in &explained.rows {
        out::line(&format!("  {:<15}{}", row.label, row.value))?;
        if args.explain {
            for (label, how) in &row.how {
                out::line(&format!("      {label:<15}{how}"))?;
            }
        }
    }
    if !args.explain {
        out::line(&format!("(`kith health \"{}\" --explain` shows how each was computed)", person.name))?;
    }
    Ok(())
}
