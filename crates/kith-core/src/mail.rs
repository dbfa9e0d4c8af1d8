//! Mail: what kith keeps of a message (its headers, never its body), which mail is kept
//! out of the interaction log and why, who the owner corresponded with in a message, and
//! the per-address figures of a whole archive.

use crate::mail_name::person_name_from_mail;
use crate::names::named_enum;
use crate::{Direction, Identity, IdentityKind};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How many recipients a message may have and still count as personal mail.
pub const MAX_RECIPIENTS: usize = 20;

named_enum!(
    /// Why a message is not a relationship and stays out of the interaction log.
    KeptOut, "kept-out reason" {
        /// Sent through a mailing list (List-Id, List-Post).
        MailingList = "mailing_list",
        /// Bulk mail (Precedence: bulk, list or junk).
        Bulk = "bulk",
        /// Sent by a machine (Auto-Submitted).
        Automated = "automated",
        /// From an address nobody reads (no-reply, mailer-daemon).
        NoReply = "no_reply",
        /// A delivery report: a bounce or a delay notice.
        Bounce = "bounce",
        /// A read or disposition receipt.
        Receipt = "receipt",
        /// Addressed to more people than a personal message would be.
        ManyRecipients = "many_recipients",
        /// Marked as spam by a filter (X-Spam-Flag, X-Spam-Status).
        Spam = "spam",
        /// Found in a junk or spam folder.
        JunkFolder = "junk_folder",
        /// Found in a trash folder (Trash, Deleted Items, Papierkorb …).
        Trash = "trash",
        /// Found in a drafts folder: never sent.
        Draft = "draft",
        /// From a role account or an announcement, notification or newsletter sender.
        Broadcast = "broadcast",
    }
);

impl KeptOut {
    /// The reason in words, for summaries.
    pub fn describe(self) -> &'static str {
        match self {
            KeptOut::MailingList => "mailing list",
            KeptOut::Bulk => "bulk",
            KeptOut::Automated => "automated",
            KeptOut::NoReply => "no-reply sender",
            KeptOut::Bounce => "bounce",
            KeptOut::Receipt => "receipt",
            KeptOut::ManyRecipients => "more than 20 recipients",
            KeptOut::Spam => "marked as spam",
            KeptOut::JunkFolder => "junk folder",
            KeptOut::Trash => "trash folder",
            KeptOut::Draft => "unsent draft",
            KeptOut::Broadcast => "announcement or role account",
        }
    }
}

/// One mailbox from an address header: who it is, in the normal form of its identity,
/// and the display name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailAddress {
    /// The mailbox as an identity's value: an email address (lower-cased), an Exchange
    /// X.500 address (lower-cased, starting with `/`), or, for a display name standing
    /// alone (Lotus Notes), the name as [`Identity::display_name`] writes it.
    pub address: String,
    /// The display name, decoded, if the header gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl MailAddress {
    /// What kind of identity the mailbox is.
    pub fn kind(&self) -> IdentityKind {
        if self.address.starts_with('/') {
            IdentityKind::Exchange
        } else if self.address.contains('@') {
            IdentityKind::Email
        } else {
            IdentityKind::Name
        }
    }

    /// The mailbox as an identity, if its address is a valid one of its kind.
    pub fn identity(&self) -> Option<Identity> {
        Identity::of_kind(self.kind(), &self.address).ok()
    }

    /// The name to give the person behind it, given name first.
    pub fn person_name(&self) -> String {
        let address = if self.kind() == IdentityKind::Email { self.address.as_str() } else { "" };
        let name =
            self.name.as_deref().or((self.kind() == IdentityKind::Name).then_some(self.address.as_str()));
        let named = person_name_from_mail(name, address);
        if named.is_empty() { self.address.clone() } else { named }
    }
}

/// What kith keeps of one message: its headers, read once and never its body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailMessage {
    /// The Message-ID without its angle brackets, or `content:<hex>` for a message that
    /// has none (a digest of its sender, recipients, date and subject).
    pub key: String,
    /// The Date header; `None` when it is missing or not a date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub at: Option<Timestamp>,
    /// When it was delivered, from the mail system's own records (Received, the mbox
    /// envelope, the Maildir file name); used only when `at` is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub delivered_at: Option<Timestamp>,
    /// The sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<MailAddress>,
    /// To, Cc and Bcc recipients, in header order, without repeats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<MailAddress>,
    /// The subject, decoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The message this one answers: In-Reply-To, else the last of References.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The conversation: the first of References, else In-Reply-To, else the key.
    pub thread: String,
    /// Why it is not a relationship, if it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept_out: Option<KeptOut>,
    /// Whether it was found in the owner's sent folder, which makes it the owner's
    /// whatever its From says.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sent: bool,
}

/// What the interaction log makes of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    /// Not a relationship, for this reason.
    KeptOut(KeptOut),
    /// Personal, but with no date to believe: stored, not logged.
    Undated,
    /// Personal, but nobody to log it with: no usable sender, or the owner's own message
    /// to nobody but the owner.
    NoCorrespondent,
    /// Logged at this time, once per correspondent.
    Logged(Timestamp),
}

/// 1980-01-02 00:00 UTC: a mail date before it is not believed. Mail programs and exports
/// write 1 January 1980 (and the Unix epoch) for a date they did not have.
const FIRST_BELIEVABLE: i64 = 315_619_200;

/// How far past the import a date may lie and still be believed (clocks disagree).
const FUTURE_SLACK_SECONDS: i64 = 86_400;

/// Whether a mail date can be believed at the time `now`: not before 1980, and not more
/// than a day after `now`.
pub fn believable_date(at: Timestamp, now: Timestamp) -> bool {
    (FIRST_BELIEVABLE..=now.as_second().saturating_add(FUTURE_SLACK_SECONDS)).contains(&at.as_second())
}

/// The owner's addresses, lower-cased: they decide which way a message went.
#[derive(Clone, Debug, Default)]
pub struct MailOwner {
    addresses: HashSet<String>,
}

impl MailOwner {
    /// The owner known by these addresses (case does not matter).
    pub fn new<'a>(addresses: impl IntoIterator<Item = &'a str>) -> Self {
        Self { addresses: addresses.into_iter().map(str::to_lowercase).collect() }
    }

    /// The owner known by these identities: their email addresses, X.500 addresses and
    /// display names (phone numbers and URLs say nothing about mail).
    pub fn of_identities<'a>(identities: impl IntoIterator<Item = &'a Identity>) -> Self {
        let mail = identities.into_iter().filter(|i| {
            matches!(i.kind(), IdentityKind::Email | IdentityKind::Exchange | IdentityKind::Name)
        });
        Self::new(mail.map(Identity::value))
    }

    /// Adds one of the owner's identities.
    pub fn add(&mut self, identity: &Identity) {
        self.addresses.insert(identity.value().to_owned());
    }

    /// Whether `address` (lower-cased) is one of the owner's.
    pub fn is(&self, address: &str) -> bool {
        self.addresses.contains(address)
    }

    /// Whether no address of the owner is known.
    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty()
    }

    /// A digest of the owner's addresses, the same for the same set: a mail log derived
    /// for one set of addresses must be derived again for another.
    pub fn digest(&self) -> String {
        let mut sorted: Vec<&String> = self.addresses.iter().collect();
        sorted.sort();
        let mut digest = crate::Fnv::default();
        for address in sorted {
            digest.bytes(address.as_bytes());
            digest.bytes(b"\n");
        }
        digest.hex()
    }
}

impl MailMessage {
    /// Whether the owner sent it: it lies in their sent folder, or its sender is theirs.
    pub fn is_outbound(&self, owner: &MailOwner) -> bool {
        self.sent || self.from.as_ref().is_some_and(|from| owner.is(&from.address))
    }

    /// When it happened for the interaction log: the Date header if it can be believed
    /// (see [`believable_date`]), else the delivery time the mail system recorded
    /// (Received, the mbox envelope, the Maildir file name) if that can.
    pub fn when(&self, now: Timestamp) -> Option<Timestamp> {
        [self.at, self.delivered_at].into_iter().flatten().find(|at| believable_date(*at, now))
    }

    /// What the interaction log makes of it, for `owner` at the time `now`.
    pub fn disposition(&self, owner: &MailOwner, now: Timestamp) -> Disposition {
        self.to_log(owner, now).0
    }

    /// What the interaction log makes of it, with, when it is logged, each correspondent
    /// whose mailbox is a valid identity, as that identity, and the direction.
    pub fn to_log(
        &self,
        owner: &MailOwner,
        now: Timestamp,
    ) -> (Disposition, Vec<(&MailAddress, Identity, Direction)>) {
        if let Some(reason) = self.kept_out {
            return (Disposition::KeptOut(reason), Vec::new());
        }
        let contacts: Vec<_> = self
            .correspondents(owner)
            .into_iter()
            .filter_map(|(address, direction)| Some((address, address.identity()?, direction)))
            .collect();
        if contacts.is_empty() {
            return (Disposition::NoCorrespondent, contacts);
        }
        match self.when(now) {
            None => (Disposition::Undated, Vec::new()),
            Some(at) => (Disposition::Logged(at), contacts),
        }
    }

    /// The people the owner corresponded with in this message, with the direction: every
    /// recipient of the owner's own message, or the sender of anyone else's.
    pub fn correspondents(&self, owner: &MailOwner) -> Vec<(&MailAddress, Direction)> {
        if self.is_outbound(owner) {
            self.recipients.iter().filter(|r| !owner.is(&r.address)).map(|r| (r, Direction::Out)).collect()
        } else {
            self.from.iter().map(|from| (from, Direction::In)).collect()
        }
    }
}

/// What an archive says about one address, over every message kept or kept out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correspondence {
    /// Messages they sent (list posts included).
    pub from_them: u32,
    /// The owner's messages that went to them (To, Cc or Bcc).
    pub to_them: u32,
    /// Other people's personal messages that also went to them.
    pub cc_with: u32,
    /// The first dated message from or to them.
    pub first: Option<Timestamp>,
    /// The last dated message from or to them.
    pub last: Option<Timestamp>,
    /// Their messages answering one of the owner's.
    pub they_replied_to_owner: u32,
    /// The owner's messages answering one of theirs.
    pub owner_replied_to_them: u32,
}

impl Correspondence {
    fn saw(&mut self, at: Option<Timestamp>) {
        if let Some(at) = at {
            self.first = Some(self.first.map_or(at, |first| first.min(at)));
            self.last = Some(self.last.map_or(at, |last| last.max(at)));
        }
    }
}

/// The per-address figures of an archive: who wrote to whom, when, and who answered whom.
/// A reply is a personal message (not kept out: a bounce or receipt answering the owner
/// is no reply) whose parent is among `messages`; dates come only from Date headers, and only those [`believable_date`] believes at `now`. Mailing-list posts count as messages from their sender, but their list
/// address is nobody's correspondent.
pub fn correspondence(
    messages: &[MailMessage],
    owner: &MailOwner,
    now: Timestamp,
) -> BTreeMap<String, Correspondence> {
    // Each message's sender, `None` for the owner's own (a sent-folder message counts).
    let sender_of: HashMap<&str, Option<&str>> = messages
        .iter()
        .filter_map(|m| {
            let from = m.from.as_ref()?.address.as_str();
            Some((m.key.as_str(), (!m.is_outbound(owner)).then_some(from)))
        })
        .collect();
    let mut figures: BTreeMap<String, Correspondence> = BTreeMap::new();
    for message in messages {
        let Some(from) = message.from.as_ref().map(|f| f.address.as_str()) else { continue };
        let parent_from = message.parent.as_deref().and_then(|parent| sender_of.get(parent)).copied();
        let personal = message.kept_out.is_none();
        if message.is_outbound(owner) {
            for to in message.recipients.iter().filter(|r| !owner.is(&r.address)) {
                let entry = figures.entry(to.address.clone()).or_default();
                entry.to_them += 1;
                entry.saw(message.at.filter(|at| believable_date(*at, now)));
            }
            if let Some(parent_from) = parent_from.flatten().filter(|_| personal) {
                figures.entry(parent_from.to_owned()).or_default().owner_replied_to_them += 1;
            }
        } else {
            let entry = figures.entry(from.to_owned()).or_default();
            entry.from_them += 1;
            entry.saw(message.at.filter(|at| believable_date(*at, now)));
            if personal && parent_from.is_some_and(|p| p.is_none()) {
                entry.they_replied_to_owner += 1;
            }
            if message.kept_out != Some(KeptOut::MailingList) {
                for other in message.recipients.iter().filter(|r| !owner.is(&r.address) && r.address != from)
                {
                    figures.entry(other.address.clone()).or_default().cc_with += 1;
                }
            }
        }
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(address: &str) -> MailAddress {
        MailAddress { address: address.to_owned(), name: None }
    }

    fn message(key: &str, from: &str, to: &[&str], parent: Option<&str>, at: i64) -> MailMessage {
        MailMessage {
            key: key.to_owned(),
            at: Some(Timestamp::from_second(at).unwrap()),
            delivered_at: None,
            from: Some(address(from)),
            recipients: to.iter().map(|t| address(t)).collect(),
            subject: None,
            parent: parent.map(str::to_owned),
            thread: parent.unwrap_or(key).to_owned(),
            kept_out: None,
            sent: false,
        }
    }

    #[test]
    fn a_message_in_the_sent_folder_is_the_owners_whatever_its_from_says() {
        // townsend-j's Notes mail says `From: Judy Townsend`, no address at all.
        let owner = MailOwner::new(["me@example.org"]);
        let mut notes = message("n@x", "judy townsend", &["chris germany", "ann@x.org"], None, 10);
        assert!(!notes.is_outbound(&owner));
        notes.sent = true;
        let got: Vec<_> = notes.correspondents(&owner).into_iter().map(|(a, d)| (a.kind(), d)).collect();
        assert_eq!(got, [(IdentityKind::Name, Direction::Out), (IdentityKind::Email, Direction::Out)]);
    }

    #[test]
    fn dates_before_1980_or_ahead_of_the_import_are_not_believed() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let owner = MailOwner::new(["me@example.org"]);
        // 1 January 1980 is what exports write for a date they did not have.
        let mut placeholder = message("p@x", "ann@x.org", &["me@example.org"], None, 315_532_800);
        assert_eq!(placeholder.disposition(&owner, now), Disposition::Undated);
        placeholder.delivered_at = Some(Timestamp::from_second(1_000_000_000).unwrap());
        assert_eq!(placeholder.when(now), placeholder.delivered_at);
        let tomorrow = message("t@x", "ann@x.org", &["me@example.org"], None, 1_800_000_000 + 80_000);
        assert_eq!(tomorrow.when(now), tomorrow.at);
        let next_week = message("w@x", "ann@x.org", &["me@example.org"], None, 1_800_000_000 + 7 * 86_400);
        assert_eq!(next_week.when(now), None);
    }

    #[test]
    fn a_message_with_nobody_to_log_it_with_is_counted_as_such() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let owner = MailOwner::new(["me@example.org"]);
        let to_myself = message("s@x", "me@example.org", &["me@example.org"], None, 1_000_000_000);
        assert_eq!(to_myself.disposition(&owner, now), Disposition::NoCorrespondent);
        let mut nameless = message("n@x", "ann@x.org", &["me@example.org"], None, 1_000_000_000);
        nameless.from = None;
        assert_eq!(nameless.disposition(&owner, now), Disposition::NoCorrespondent);
    }

    #[test]
    fn the_owner_writes_to_recipients_and_hears_from_senders() {
        let owner = MailOwner::new(["Me@Example.org"]);
        let out = message("a@x", "me@example.org", &["ann@x.org", "me@example.org", "bob@y.org"], None, 10);
        let got: Vec<_> =
            out.correspondents(&owner).into_iter().map(|(a, d)| (a.address.as_str(), d)).collect();
        assert_eq!(got, [("ann@x.org", Direction::Out), ("bob@y.org", Direction::Out)]);
        let inbound = message("b@x", "ann@x.org", &["me@example.org", "bob@y.org"], Some("a@x"), 20);
        let got: Vec<_> =
            inbound.correspondents(&owner).into_iter().map(|(a, d)| (a.address.as_str(), d)).collect();
        assert_eq!(got, [("ann@x.org", Direction::In)]);
    }

    #[test]
    fn figures_count_replies_each_way_through_the_parent_sender() {
        const T: i64 = 1_000_000_000;
        let owner = MailOwner::new(["me@example.org"]);
        let mut list_post = message("l@x", "ann@x.org", &["dev@lists.x.org"], None, T + 5);
        list_post.kept_out = Some(KeptOut::MailingList);
        let mut undated = message("u@x", "ann@x.org", &["me@example.org"], None, 0);
        undated.at = None;
        let messages = [
            message("a@x", "me@example.org", &["ann@x.org"], None, T + 10),
            message("b@x", "ann@x.org", &["me@example.org", "bob@y.org"], Some("a@x"), T + 20),
            message("c@x", "me@example.org", &["ann@x.org"], Some("b@x"), T + 30),
            list_post,
            undated,
            // A date of 1970 is no date: it counts, but sets neither first nor last.
            message("z@x", "ann@x.org", &["me@example.org"], None, 0),
        ];
        let figures = correspondence(&messages, &owner, Timestamp::from_second(1_800_000_000).unwrap());
        let ann = &figures["ann@x.org"];
        assert_eq!((ann.from_them, ann.to_them, ann.cc_with), (4, 2, 0));
        assert_eq!((ann.they_replied_to_owner, ann.owner_replied_to_them), (1, 1));
        assert_eq!((ann.first.unwrap().as_second(), ann.last.unwrap().as_second()), (T + 5, T + 30));
        assert_eq!(figures["bob@y.org"].cc_with, 1);
        assert!(!figures.contains_key("dev@lists.x.org"));
    }
}
