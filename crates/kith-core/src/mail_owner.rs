//! Whose archive it is: the guess kith proposes when no identity of the owner is known.

use crate::mail::{MailAddress, MailMessage, MailOwner};
use std::collections::BTreeMap;

/// Who most likely owns an archive, and on what evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerGuess {
    /// The owner's mailboxes, commonest first: the likeliest one and every other form of
    /// it under the same name (a Notes name and an X.500 address, say).
    pub identities: Vec<MailAddress>,
    /// How many of the messages looked at name one of them.
    pub messages: usize,
    /// How many messages were looked at.
    pub of: usize,
    /// Whether the guess comes from the sent folders (else from presence across the archive).
    pub from_sent_folders: bool,
}

impl OwnerGuess {
    /// The name the owner goes by in the archive.
    pub fn name(&self) -> String {
        self.identities.first().map(MailAddress::person_name).unwrap_or_default()
    }
}

/// The likeliest owner of `messages`. Messages in sent folders come first: their commonest
/// sender is the owner, with every other sender of theirs that goes by the same name. Only
/// without sent mail does presence count: the address in the most personal messages, as
/// sender or recipient, that sent one of them, if it is in at least three and a fifth of
/// them (mailing lists and
/// other mail kept out never count, and neither does someone written to now and then).
pub fn guess_mail_owner(messages: &[MailMessage]) -> Option<OwnerGuess> {
    let sent: Vec<&MailMessage> = messages.iter().filter(|m| m.sent).collect();
    if !sent.is_empty() {
        let senders = sent.iter().filter_map(|m| m.from.as_ref());
        return guess(senders, sent.len(), true, |_| true);
    }
    let personal: Vec<&MailMessage> = messages.iter().filter(|m| m.kept_out.is_none()).collect();
    // Whoever owns an archive wrote some of it: a list address that lost its list headers
    // is in every post, but sent none.
    let senders: std::collections::HashSet<&str> =
        personal.iter().filter_map(|m| m.from.as_ref()).map(|f| f.address.as_str()).collect();
    let present = personal.iter().flat_map(|m| {
        let mut seen: Vec<&MailAddress> = Vec::new();
        for address in m.from.iter().chain(&m.recipients) {
            if senders.contains(address.address.as_str())
                && !seen.iter().any(|s| s.address == address.address)
            {
                seen.push(address);
            }
        }
        seen
    });
    guess(present, personal.len(), false, |n| n >= 3 && n * 5 >= personal.len())
}

/// The commonest mailbox of `seen` with its other forms under one name, if `enough` of
/// `of` messages name it.
fn guess<'a>(
    seen: impl Iterator<Item = &'a MailAddress>,
    of: usize,
    from_sent_folders: bool,
    enough: impl Fn(usize) -> bool,
) -> Option<OwnerGuess> {
    let mut counts: BTreeMap<&str, (usize, &MailAddress)> = BTreeMap::new();
    for address in seen {
        counts.entry(address.address.as_str()).or_insert((0, address)).0 += 1;
    }
    let (_, &(top, likeliest)) = counts.iter().rev().max_by_key(|(_, (n, _))| *n)?;
    let name = likeliest.person_name().to_lowercase();
    let mut forms: Vec<(usize, &MailAddress)> =
        counts.into_values().filter(|(_, a)| a.person_name().to_lowercase() == name).collect();
    forms.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.address.cmp(&b.1.address)));
    let messages = forms.iter().map(|(n, _)| n).sum::<usize>().min(of);
    enough(top).then(|| OwnerGuess {
        identities: forms.into_iter().map(|(_, a)| a.clone()).collect(),
        messages,
        of,
        from_sent_folders,
    })
}

/// The senders of the owner's sent mail, counted as an import reads it, to tell which of
/// them are the owner: a sent folder can hold mail sent on someone else's behalf.
#[derive(Clone, Debug, Default)]
pub struct SentSenders {
    /// Sent messages seen, and by sender.
    total: usize,
    by_sender: BTreeMap<String, (usize, MailAddress)>,
}

impl SentSenders {
    /// Counts the senders of the messages found in a sent folder.
    pub fn see(&mut self, messages: &[MailMessage]) {
        for from in messages.iter().filter(|m| m.sent).filter_map(|m| m.from.as_ref()) {
            self.total += 1;
            self.by_sender.entry(from.address.clone()).or_insert((0, from.clone())).0 += 1;
        }
    }

    /// The senders to take as the owner's now: not known as theirs yet nor `refused` (taken
    /// back by the owner), with a valid identity, and either going by a name of the owner's
    /// (a display-name identity of theirs, or `owner_name`), or the sender of more than half
    /// of the sent mail seen, two messages at least.
    pub fn to_learn(
        &self,
        owner: &MailOwner,
        owner_name: Option<&str>,
        refused: &MailOwner,
    ) -> Vec<MailAddress> {
        let owner_name = owner_name.map(str::to_lowercase);
        self.by_sender
            .values()
            .filter(|(_, sender)| !owner.is(&sender.address) && !refused.is(&sender.address))
            .filter(|(_, sender)| sender.identity().is_some())
            .filter(|(n, sender)| {
                let name = sender.person_name().to_lowercase();
                let named_as_owner = owner.is(&name) || owner_name.as_deref() == Some(name.as_str());
                named_as_owner || (*n >= 2 && n * 2 > self.total)
            })
            .map(|(_, sender)| sender.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KeptOut;

    fn mailbox(address: &str, name: Option<&str>) -> MailAddress {
        MailAddress { address: address.to_owned(), name: name.map(str::to_owned) }
    }

    fn message(from: MailAddress, to: &[MailAddress], sent: bool) -> MailMessage {
        MailMessage {
            key: String::new(),
            at: None,
            delivered_at: None,
            from: Some(from),
            recipients: to.to_vec(),
            subject: None,
            parent: None,
            thread: String::new(),
            kept_out: None,
            sent,
        }
    }

    #[test]
    fn the_sent_folders_name_the_owner_in_every_form_they_use() {
        // As in townsend-j: Notes writes her bare name, Exchange her X.500 address.
        let notes = mailbox("judy townsend", Some("Judy Townsend"));
        let exchange = mailbox("/o=enron/ou=na/cn=recipients/cn=jtownse", Some("Townsend, Judy"));
        let colleague = mailbox("chris.germany@enron.com", Some("Germany, Chris"));
        let mut messages = vec![message(colleague.clone(), std::slice::from_ref(&notes), false); 40];
        messages.extend(vec![message(notes.clone(), std::slice::from_ref(&colleague), true); 3]);
        messages.push(message(exchange.clone(), std::slice::from_ref(&colleague), true));
        let guess = guess_mail_owner(&messages).unwrap();
        assert_eq!(guess.identities, [notes, exchange]);
        assert_eq!((guess.messages, guess.of, guess.from_sent_folders), (4, 4, true));
        assert_eq!(guess.name(), "Judy Townsend");
    }

    #[test]
    fn presence_never_proposes_a_list_or_someone_written_to_now_and_then() {
        let me = mailbox("me@example.org", None);
        let list = mailbox("dev@lists.example.org", None);
        let ann = mailbox("ann@example.org", None);
        let mut post = message(ann.clone(), std::slice::from_ref(&list), false);
        post.kept_out = Some(KeptOut::MailingList);
        let mut messages = vec![post; 50];
        messages.push(message(ann.clone(), std::slice::from_ref(&me), false));
        messages.push(message(me.clone(), std::slice::from_ref(&ann), false));
        // Two personal messages: nobody is in three, so no guess.
        assert_eq!(guess_mail_owner(&messages), None);
        let bob = mailbox("bob@example.org", None);
        messages.extend(vec![message(bob.clone(), std::slice::from_ref(&me), false); 3]);
        let guess = guess_mail_owner(&messages).unwrap();
        assert_eq!(guess.identities, [me]);
        assert_eq!((guess.messages, guess.of, guess.from_sent_folders), (5, 5, false));
    }
}

#[cfg(test)]
mod learning {
    use super::*;

    fn sent_by(address: &str, name: &str) -> MailMessage {
        MailMessage {
            key: String::new(),
            at: None,
            delivered_at: None,
            from: Some(MailAddress { address: address.to_owned(), name: Some(name.to_owned()) }),
            recipients: vec![],
            subject: None,
            parent: None,
            thread: String::new(),
            kept_out: None,
            sent: true,
        }
    }

    #[test]
    fn the_owners_other_forms_are_learned_and_someone_sent_for_is_not() {
        let owner = MailOwner::new(["judy townsend", "me@example.org"]);
        let mut senders = SentSenders::default();
        senders.see(&[
            sent_by("judy townsend", "Judy Townsend"),
            sent_by("judy townsend", "Judy Townsend"),
            // Her Exchange form goes by her name: hers, from one message.
            sent_by("/o=enron/ou=na/cn=recipients/cn=jtownse", "Townsend, Judy"),
            // One message sent for a colleague: not hers.
            sent_by("alice@example.com", "Alice Adams"),
        ]);
        let learned: Vec<String> =
            senders.to_learn(&owner, None, &MailOwner::default()).into_iter().map(|a| a.address).collect();
        assert_eq!(learned, ["/o=enron/ou=na/cn=recipients/cn=jtownse"]);
        // What the owner took back stays out.
        let refused = MailOwner::new(["/o=enron/ou=na/cn=recipients/cn=jtownse"]);
        assert!(senders.to_learn(&owner, None, &refused).is_empty());
        // An address the owner's sent mail mostly comes from is theirs, whatever its name.
        let mut mostly = SentSenders::default();
        mostly.see(&[
            sent_by("owen@example.org", "O."),
            sent_by("owen@example.org", "O."),
            sent_by("alice@example.com", "Alice"),
        ]);
        let learned: Vec<String> = mostly
            .to_learn(&MailOwner::new(["me@example.org"]), None, &MailOwner::default())
            .into_iter()
            .map(|a| a.address)
            .collect();
        assert_eq!(learned, ["owen@example.org"]);
    }
}
