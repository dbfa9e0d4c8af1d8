//! A simulated network read as kith reads a database: each person's contacts and ledger
//! entries, in the form kith-core's health metrics take them.

use crate::Network;
use kith_core::PersonId;
use kith_core::health::{Contact, History, LedgerEntry};
use std::collections::HashMap;

/// Each person's contacts (sorted, as the network's interactions are) and ledger entries,
/// in the order of the network's people.
pub(crate) struct Logs {
    contacts: Vec<Vec<Contact>>,
    exchanges: Vec<Vec<LedgerEntry>>,
}

impl Logs {
    /// Gathers the logs of everyone in `network`.
    pub(crate) fn of(network: &Network) -> Self {
        let index: HashMap<&PersonId, usize> =
            network.people.iter().enumerate().map(|(n, p)| (&p.id, n)).collect();
        let mut contacts = vec![Vec::new(); network.people.len()];
        for interaction in &network.interactions {
            for person in &interaction.participants {
                contacts[index[person]].push(Contact::of(interaction));
            }
        }
        let mut exchanges = vec![Vec::new(); network.people.len()];
        for exchange in &network.exchanges {
            exchanges[index[&exchange.person]].push(LedgerEntry::of(exchange));
        }
        Self { contacts, exchanges }
    }

    /// Everyone's history, in the order of the network's people.
    pub(crate) fn histories<'a>(&'a self, network: &'a Network) -> Vec<History<'a>> {
        network
            .people
            .iter()
            .zip(self.contacts.iter().zip(&self.exchanges))
            .map(|(person, (contacts, exchanges))| History { person, contacts, exchanges })
            .collect()
    }
}
