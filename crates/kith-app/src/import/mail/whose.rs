//! Whose archive it is: the owner's identities, or the refusal that proposes the
//! likeliest owner; and what looks wrong about the owner once an import is done.

use super::read::{eml_entries, maildir_files, mbox_folder, read_entries};
use super::{MailReport, MailSource, OWNER_SAMPLE};
use crate::import::{count, quoted};
use crate::{Ctx, Error, Result};
use kith_core::{Identity, IdentityKind, MailAddress, MailMessage, MailOwner, OwnerGuess, guess_mail_owner};
use kith_import::mail::{self, FolderRole, MaildirEntry, MboxReader, Origin};
use std::fs::File;

/// The owner's mail identities, or the error that asks for them with the likeliest guess.
pub(in crate::import) fn owner(identities: &[Identity], sources: &[MailSource]) -> Result<MailOwner> {
    let owner = MailOwner::of_identities(identities);
    if !owner.is_empty() {
        return Ok(owner);
    }
    let hint = guess_owner(sources).map_or_else(String::new, |guess| format!("; {}", proposal(&guess)));
    Err(Error::Invalid(format!(
        "kith needs to know who you are before it reads mail, to tell what you sent from what you \
         received: run `kith me add you@example.com` or pass --me{hint}"
    )))
}

/// Whose archives these most likely are (see [`guess_mail_owner`]).
pub(in crate::import) fn guess_owner(sources: &[MailSource]) -> Option<OwnerGuess> {
    guess_mail_owner(&owner_sample(sources))
}

/// The guess in words, with the command that accepts it.
pub fn proposal(guess: &OwnerGuess) -> String {
    let forms: Vec<String> = guess.identities.iter().map(command_form).collect();
    let evidence = if guess.from_sent_folders {
        format!("the messages of your sent folders ({} of {}) come from", guess.messages, guess.of)
    } else {
        format!("{} of the {} personal messages read involve", guess.messages, guess.of)
    };
    format!("{evidence} \"{}\": if that is you, run `kith me add {}`", guess.name(), forms.join(" "))
}

/// How to type a mailbox for `kith me add`: a Notes name as its display name, anything
/// else as its address.
fn command_form(address: &MailAddress) -> String {
    match address.kind() {
        IdentityKind::Name => quoted(&address.person_name()),
        _ => quoted(&address.address),
    }
}

/// The messages kith looks at to guess whose archive it is: those of the sent folders,
/// else the first ones of the archive.
fn owner_sample(sources: &[MailSource]) -> Vec<MailMessage> {
    let entries: Vec<MaildirEntry> = sources
        .iter()
        .flat_map(|source| match source {
            MailSource::Maildir(root) => maildir_files(root).unwrap_or_default(),
            MailSource::Eml(paths) => eml_entries(paths),
            MailSource::Mbox(_) => Vec::new(),
        })
        .collect();
    let sent: Vec<MaildirEntry> =
        entries.iter().filter(|e| e.folder == Some(FolderRole::Sent)).take(OWNER_SAMPLE).cloned().collect();
    let headers =
        |entries: &[MaildirEntry]| read_entries(entries, None).into_iter().flatten().map(|(m, _)| m);
    let mut messages: Vec<MailMessage> = headers(&sent).collect();
    if !messages.is_empty() {
        return messages;
    }
    messages.extend(headers(&entries[..OWNER_SAMPLE.min(entries.len())]));
    for source in sources {
        let MailSource::Mbox(path) = source else { continue };
        let Ok(file) = File::open(path) else { continue };
        let room = OWNER_SAMPLE.saturating_sub(messages.len());
        let folder = mbox_folder(path);
        for m in MboxReader::new(file, 0).take(room).flatten() {
            let origin = Origin { delivered_at: m.delivered_at, folder };
            messages.extend(mail::parse_message(&m.header, &origin).ok());
        }
    }
    let sent: Vec<MailMessage> = messages.iter().filter(|m| m.sent).cloned().collect();
    if sent.is_empty() { messages } else { sent }
}

/// The people who hold one of the owner's identities: mail logs nothing with them any
/// more, so the record is either the owner or holds an identity it should not.
pub(super) async fn held_by_others(ctx: &Ctx, owner: &MailOwner) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    for identity in ctx.store.owner_identities().await? {
        let Some(id) = ctx.store.person_with_identity(&identity).await? else { continue };
        let person = ctx.store.person(&id).await?;
        let others: Vec<String> = person
            .identities
            .iter()
            .filter(|other| !owner.is(other.value()))
            .map(|other| quoted(other.value()))
            .collect();
        let also = match others.as_slice() {
            [] => String::new(),
            others => {
                format!(
                    " It also holds {}: if that is you too, `kith me add {}`.",
                    others.join(", "),
                    others.join(" ")
                )
            }
        };
        notes.push(format!(
            "{} ({id}) holds {identity}, which is yours, so mail sent from it is yours.{also} If the record is \
             you, remove it (`kith person rm {id}`), else take the identity off them (`kith person edit {id} \
             --remove {}`)",
            person.name,
            quoted(identity.value())
        ));
    }
    Ok(notes)
}

/// What looks wrong once the import is done: none of the owner's own messages among many.
pub(super) fn warnings(report: &MailReport, sample: &[MailMessage], owner: &MailOwner) -> Vec<String> {
    let mut warnings = Vec::new();
    let t = &report.tally;
    if t.logged >= 10 && t.sent_by_you == 0 {
        let others: Vec<MailMessage> = sample.iter().filter(|m| !m.is_outbound(owner)).cloned().collect();
        let hint = guess_mail_owner(&others)
            .filter(|guess| !guess.identities.iter().any(|i| owner.is(&i.address)))
            .map_or_else(|| "check the addresses `kith me list` shows".to_owned(), |guess| proposal(&guess));
        warnings.push(format!(
            "none of the {} read was sent by you, so every tie looks one-way; {hint}, then import again \
             (what is stored is logged again without reading the archive)",
            count(report.read, "message")
        ));
    }
    warnings
}
