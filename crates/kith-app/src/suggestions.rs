//! Favors found in mail, waiting for the owner's word before they enter the ledger:
//! listing them (with the ask each answers), accepting (by id, or every open one sure
//! enough) and rejecting. What accepting writes is kith-core's plan.

use crate::{Ctx, Error, Result, who};
use kith_core::{PersonId, Suggestion, SuggestionId, SuggestionState, answers, confident};
use kith_store::Accepted;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One suggestion as listed: who it is with, and the ask it answers, if any.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Listed {
    /// The suggestion.
    #[serde(flatten)]
    pub suggestion: Suggestion,
    /// The name of the person it is with.
    pub name: String,
    /// The request or offer it answers in the same conversation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub answers: Option<SuggestionId>,
}

/// The suggestions listed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SuggestionList {
    /// Those shown, in the store's order.
    pub shown: Vec<Listed>,
    /// How many there are in all, shown or not (a person's, when one was named).
    #[serde(skip)]
    pub found: usize,
}

/// The suggestions waiting for the owner's word (with `all`, every one), of the person
/// `who` names or of everyone.
pub async fn list(ctx: &Ctx, who: Option<&str>, all: bool) -> Result<SuggestionList> {
    let person = match who {
        Some(who) => Some(who::person(ctx, who).await?),
        None => None,
    };
    let suggestions = ctx.store.suggestions(person.as_ref().map(|p| &p.id)).await?;
    let answered = answers(&suggestions);
    let names = names(ctx, suggestions.iter().map(|s| &s.person)).await?;
    let shown = suggestions
        .iter()
        .filter(|s| all || s.state == SuggestionState::Open)
        .map(|s| Listed {
            suggestion: s.clone(),
            name: names.get(&s.person).cloned().unwrap_or_default(),
            answers: answered.get(&s.id).map(|ask| ask.id.clone()),
        })
        .collect();
    Ok(SuggestionList { shown, found: suggestions.len() })
}

/// Reads suggestion ids as typed, naming the first that is not one.
pub fn suggestion_ids(ids: &[String]) -> Result<Vec<SuggestionId>> {
    ids.iter()
        .map(|id| {
            SuggestionId::parse(id.trim()).ok_or_else(|| {
                Error::Invalid(format!(
                    "\"{id}\" is not a suggestion id (s_ and 12 letters or digits); `kith ledger suggestions` lists them"
                ))
            })
        })
        .collect()
}

/// Which suggestions to accept.
#[derive(Debug, Clone)]
pub enum Acceptance {
    /// These.
    Ids(Vec<SuggestionId>),
    /// Every open one at least this sure (from 0 to 1), of the person named if any.
    Confident {
        /// The least confidence.
        min: f64,
        /// Whose, as `who` is typed; none: everyone's.
        who: Option<String>,
    },
}

/// Suggestions accepted, each with the ledger entry it became or settled.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct AcceptedList {
    /// What was accepted, in order.
    pub accepted: Vec<Accepted>,
    /// The names of the people the entries are with.
    #[serde(skip)]
    pub names: HashMap<PersonId, String>,
}

/// Accepts suggestions into the ledger; one not open is left as it is.
pub async fn accept(ctx: &Ctx, which: Acceptance) -> Result<AcceptedList> {
    let ids = match which {
        Acceptance::Ids(ids) => ids,
        Acceptance::Confident { min, .. } if !(0.0..=1.0).contains(&min) => {
            return Err(Error::Invalid(format!("--min-confidence {min}: give a number from 0 to 1")));
        }
        Acceptance::Confident { min, who } => {
            let person = match who {
                Some(who) => Some(who::person(ctx, &who).await?.id),
                None => None,
            };
            confident(&ctx.store.suggestions(person.as_ref()).await?, min)
        }
    };
    let accepted = ctx.store.accept_suggestions(&ids).await?;
    let names = names(ctx, accepted.iter().map(|a| &a.entry.person)).await?;
    Ok(AcceptedList { accepted, names })
}

/// Rejects suggestions: an open one stays rejected and never comes back; one not open is
/// left as it is. Each comes back as it now stands.
pub async fn reject(ctx: &Ctx, ids: &[SuggestionId]) -> Result<Vec<Suggestion>> {
    Ok(ctx.store.reject_suggestions(ids).await?)
}

/// The names of these people, each looked up once.
async fn names(ctx: &Ctx, people: impl Iterator<Item = &PersonId>) -> Result<HashMap<PersonId, String>> {
    let mut names = HashMap::new();
    for id in people {
        if !names.contains_key(id) {
            names.insert(id.clone(), ctx.store.person(id).await?.name);
        }
    }
    Ok(names)
}

/// Someone with favors found in mail that wait for the owner's word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Waiting {
    /// Who.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// How many favors wait.
    pub count: usize,
}

/// Everyone with favors waiting, most first (then by name), the names taken from an
/// assessment of everyone already made.
pub async fn waiting_among(ctx: &Ctx, assessed: &crate::health::Assessed) -> Result<Vec<Waiting>> {
    let counts = ctx.store.suggestions_waiting().await?;
    let names = assessed.names();
    let mut waiting: Vec<Waiting> = counts
        .into_iter()
        .map(|(person, count)| Waiting {
            name: names.get(&person).map(|n| (*n).to_owned()).unwrap_or_default(),
            person,
            count,
        })
        .collect();
    waiting.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    Ok(waiting)
}
