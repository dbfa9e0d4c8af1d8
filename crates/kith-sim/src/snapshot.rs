//! A simulated network as kith stores it: people, interactions, the ledger, and the emails
//! as mail messages, so that replies stay linked once stored.

use crate::Network;
use kith_core::{Channel, Direction, Identity, MailAddress, MailMessage, Snapshot};
use std::collections::HashMap;

impl Network {
    /// The network as a snapshot to restore, with `owner` as the owner's address.
    pub fn into_snapshot(self, owner: &str) -> Snapshot {
        let mail = self.mail(owner);
        Snapshot {
            owner: Identity::email(owner).into_iter().collect(),
            mail,
            people: self.people,
            interactions: self.interactions,
            exchanges: self.exchanges,
            ..Snapshot::default()
        }
    }

    /// One mail message per email, between `owner` and the person.
    pub fn mail(&self, owner: &str) -> Vec<MailMessage> {
        let addresses: HashMap<_, _> =
            self.people.iter().filter_map(|p| p.identities.first().map(|i| (&p.id, i.value()))).collect();
        let address = |text: &str| MailAddress { address: text.to_owned(), name: None };
        self.interactions
            .iter()
            .filter(|i| i.channel == Channel::Email)
            .filter_map(|i| {
                let theirs = address(addresses.get(i.participants.first()?)?);
                let (from, to) = match i.direction {
                    Direction::In => (theirs, address(owner)),
                    Direction::Out | Direction::Mutual => (address(owner), theirs),
                };
                Some(MailMessage {
                    key: i.message.clone()?,
                    at: Some(i.at),
                    delivered_at: Some(i.at),
                    from: Some(from),
                    recipients: vec![to],
                    subject: i.subject.clone(),
                    parent: i.replies_to.clone(),
                    thread: i.thread_key.clone()?,
                    kept_out: None,
                    sent: false,
                })
            })
            .collect()
    }
}
