//! Tiers by rank after Dunbar's layers, each layer taking only the people whose history
//! allows it (the model and its reasons are in `strength.rs`).

use super::{Contact, days_before};
use crate::{Direction, PersonId, Tier};
use jiff::Timestamp;

/// How many people each layer holds, counted from the closest: 5, 15, 50 and 150 in all.
const LAYERS: [(Tier, usize); 4] =
    [(Tier::Inner, 5), (Tier::Close, 15), (Tier::Active, 50), (Tier::Network, 150)];

/// How far back contact counts as current for the closest layers, in days: a year.
const CURRENT_DAYS: i64 = 365;

/// The closest tier `past` (sorted, none after `now`) allows: inner when the person and the
/// owner both took part in the last year, active when there was a conversation in the last
/// year, network when the owner ever took part (a connection included), else acquaintance.
pub(super) fn closest_tier(past: &[Contact], now: Timestamp) -> Tier {
    let year_ago = days_before(now, CURRENT_DAYS);
    let (mut them, mut owner, mut talked, mut owner_ever) = (false, false, false, false);
    for contact in past {
        owner_ever |= contact.direction != Direction::In;
        if contact.at > year_ago {
            them |= contact.from_them();
            owner |= contact.from_owner();
            talked |= !contact.is_connection();
        }
    }
    match (them && owner, talked && owner_ever, owner_ever) {
        (true, ..) => Tier::Inner,
        (_, true, _) => Tier::Active,
        (.., true) => Tier::Network,
        _ => Tier::Acquaintance,
    }
}

/// One person as the ranking sees them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate<'a> {
    /// Who; ties of strength are broken by id.
    pub id: &'a PersonId,
    /// Their tie strength; nobody with none is ranked.
    pub strength: f64,
    /// The tier the user pinned, kept as it is.
    pub pinned: Option<Tier>,
    /// The closest tier their history allows.
    pub closest: Tier,
}

/// Each person's tier: layer by layer from the closest, the strongest of the people the
/// layer allows, until it holds its share of the 5, 15, 50 and 150 in all; the rest are
/// acquaintances. A pinned tier is kept and takes a place in its layer.
pub fn tiers(people: &[Candidate<'_>]) -> Vec<Tier> {
    let mut order: Vec<usize> =
        (0..people.len()).filter(|&n| people[n].pinned.is_none() && people[n].strength > 0.0).collect();
    order.sort_by(|&a, &b| {
        people[b].strength.total_cmp(&people[a].strength).then_with(|| people[a].id.cmp(people[b].id))
    });
    let mut out: Vec<Option<Tier>> = people.iter().map(|p| p.pinned).collect();
    let mut placed = 0;
    for (tier, size) in LAYERS {
        placed += people.iter().filter(|p| p.pinned == Some(tier)).count();
        for &n in &order {
            if placed >= size {
                break;
            }
            if out[n].is_none() && people[n].closest <= tier {
                out[n] = Some(tier);
                placed += 1;
            }
        }
    }
    out.into_iter().map(|tier| tier.unwrap_or(Tier::Acquaintance)).collect()
}
