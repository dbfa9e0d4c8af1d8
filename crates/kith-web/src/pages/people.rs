//! `GET /people`: everyone, searched as the owner types (over names, identities,
//! organizations and tags), filtered, sorted and paged, 100 at a time. The page is a GET
//! form that works without script; `kith.js` refreshes the list as the owner types.

use super::{PageQuery, render};
use crate::api::people::PeopleQuery;
use crate::auth::Auth;
use crate::error::{PageError, WebError};
use crate::state::Scope;
use axum::response::Html;
use kith_app::ErrorKind;
use kith_app::people::{PeopleSort, SearchInput, search};
use kith_core::health::DiagnosisKind;
use kith_core::{Stage, Tier};
use minijinja::context;

/// How many people a page shows.
pub(crate) const PAGE: usize = 100;

/// `GET /people`
pub(crate) async fn people(
    auth: Auth,
    state: Scope,
    PageQuery(query): PageQuery<PeopleQuery>,
) -> Result<Html<String>, PageError> {
    let ctx = state.ctx();
    let assessed = state.judged(&ctx).await?;
    let limit = query.limit.filter(|l| *l > 0).unwrap_or(PAGE);
    let found = match query.input(limit) {
        Ok(input) => search(&ctx, &assessed, SearchInput { limit, ..input }).await.map_err(WebError::from),
        Err(e) => Err(e),
    };
    // A filter that names nothing (an unknown organization, a misspelt tier) is said
    // above the list; the form stays, so that it can be corrected.
    let (found, refused) = match found {
        Ok(found) => (Some(found), None),
        Err(WebError::App(e)) if e.kind() != ErrorKind::Internal => (None, Some(e.to_string())),
        Err(e) => return Err(e.into()),
    };
    let offset = query.offset.unwrap_or(0);
    let total = found.as_ref().map_or(0, |f| f.total);
    let rows: Vec<_> = found
        .iter()
        .flat_map(|f| &f.people)
        .map(|f| {
            context! {
                id => f.person.id,
                name => f.person.name,
                role => f.person.role,
                org => f.org_name,
                tags => f.person.tags,
                stage => f.person.stage,
                email => f.person.identities.first().map(|i| i.value().to_owned()),
                tier => f.tier,
                strength => f.strength.round() as i64,
                attention => f.attention,
                last_contact => f.last_contact.map(|t| t.to_string()),
                diagnoses => f.diagnoses,
            }
        })
        .collect();
    let link = |at: usize| page_link(&query, at);
    let previous = (offset > 0).then(|| link(offset.saturating_sub(limit)));
    let next = (offset + limit < total).then(|| link(offset + limit));
    let sort = query.sort.clone().unwrap_or_else(|| PeopleSort::Name.as_str().to_owned());
    Ok(render(
        "people.html",
        Some(&auth),
        context! {
            here => "/people",
            q => query.q.clone().unwrap_or_default(),
            tag => query.tag.clone().unwrap_or_default(),
            org => query.org.clone().unwrap_or_default(),
            stage => query.stage.clone().unwrap_or_default(),
            tier => query.tier.clone().unwrap_or_default(),
            diagnosis => query.diagnosis.clone().unwrap_or_default(),
            sort,
            rows,
            total,
            first => if total == 0 { 0 } else { offset + 1 },
            last => (offset + limit).min(total),
            previous,
            next,
            refused,
            everyone => assessed.people.len(),
            stages => Stage::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            tiers => Tier::ALL.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            diagnoses => DiagnosisKind::ALL.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
            sorts => PeopleSort::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        },
    )?)
}

/// This search's URL at another offset.
fn page_link(query: &PeopleQuery, offset: usize) -> String {
    let mut url = form_urlencoded::Serializer::new(String::new());
    let fields = [
        ("q", &query.q),
        ("tag", &query.tag),
        ("org", &query.org),
        ("stage", &query.stage),
        ("tier", &query.tier),
        ("diagnosis", &query.diagnosis),
        ("sort", &query.sort),
    ];
    for (key, value) in fields {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            url.append_pair(key, value);
        }
    }
    if let Some(limit) = query.limit {
        url.append_pair("limit", &limit.to_string());
    }
    if offset > 0 {
        url.append_pair("offset", &offset.to_string());
    }
    format!("/people?{}", url.finish())
}
