//! What mail import found: per-correspondent figures, and the messages kept out of the
//! interaction log.

use crate::{Ctx, Result};
use jiff::Timestamp;
use kith_core::{Correspondence, KeptOut, MailMessage, MailOwner, correspondence};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One address's figures. Dates are written in UTC, to the second.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// Messages from them.
    pub from_them: u32,
    /// Messages the owner sent them.
    pub to_them: u32,
    /// Messages both were copied on.
    pub cc_with: u32,
    /// The first message.
    #[serde(with = "utc_seconds")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub first: Option<Timestamp>,
    /// The last message.
    #[serde(with = "utc_seconds")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last: Option<Timestamp>,
    /// Their replies to the owner.
    pub they_replied_to_owner: u32,
    /// The owner's replies to them.
    pub owner_replied_to_them: u32,
}

impl From<&Correspondence> for Figures {
    fn from(c: &Correspondence) -> Self {
        Self {
            from_them: c.from_them,
            to_them: c.to_them,
            cc_with: c.cc_with,
            first: c.first,
            last: c.last,
            they_replied_to_owner: c.they_replied_to_owner,
            owner_replied_to_them: c.owner_replied_to_them,
        }
    }
}

/// The owner's correspondents, as `kith mail correspondents --json` prints them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Correspondents {
    /// The owner's mail identities.
    pub owner: Vec<String>,
    /// Each address's figures, by address.
    pub contacts: BTreeMap<String, Figures>,
}

impl Correspondents {
    /// The addresses most written with first (from them and to them), ties by address.
    pub fn busiest(&self) -> Vec<(&str, &Figures)> {
        let mut busiest: Vec<(&str, &Figures)> = self.contacts.iter().map(|(a, f)| (a.as_str(), f)).collect();
        busiest.sort_by_key(|(address, f)| (std::cmp::Reverse(f.from_them + f.to_them), *address));
        busiest
    }
}

/// Per-address figures over every stored message, as of now.
pub async fn correspondents(ctx: &Ctx) -> Result<Correspondents> {
    let identities = ctx.store.owner_identities().await?;
    let mail_owner = MailOwner::of_identities(&identities);
    let owner: Vec<String> =
        identities.iter().filter(|i| mail_owner.is(i.value())).map(|i| i.value().to_owned()).collect();
    let figures = correspondence(&ctx.store.mail_messages().await?, &mail_owner, ctx.now_ts());
    let contacts = figures.iter().map(|(address, c)| (address.clone(), Figures::from(c))).collect();
    Ok(Correspondents { owner, contacts })
}

/// The mail kept out of the interaction log, for one reason or all.
pub async fn kept_out(ctx: &Ctx, reason: Option<KeptOut>) -> Result<Vec<MailMessage>> {
    Ok(ctx.store.kept_out_mail(reason).await?)
}

/// An optional instant as `2024-01-31T09:00:00Z`.
mod utc_seconds {
    use jiff::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

    pub fn serialize<S: Serializer>(at: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_some(&at.strftime(FORMAT).to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| text.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}
