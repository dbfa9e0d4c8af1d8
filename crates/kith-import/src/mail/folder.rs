//! What a mail folder is for, from its name: the owner's sent mail, junk, trash or
//! drafts, in the names mail programs give them in several languages, and from the
//! headers exports put the folder in (`X-Folder`, Google Takeout's `X-Gmail-Labels`).

/// What a folder holds, when its name says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderRole {
    /// The owner's sent mail: every message in it is the owner's.
    Sent,
    /// Junk or spam.
    Junk,
    /// Deleted mail.
    Trash,
    /// Unsent drafts.
    Drafts,
}

const SENT: &[&str] = &[
    "sent",
    "sent items",
    "sent mail",
    "sent messages",
    "sent-mail",
    "sent email",
    "gesendet",
    "gesendete objekte",
    "gesendete elemente",
    "gesendete nachrichten",
    "envoyés",
    "envoyes",
    "éléments envoyés",
    "messages envoyés",
    "enviados",
    "elementos enviados",
    "correo enviado",
    "mensajes enviados",
    "itens enviados",
    "enviadas",
    "inviata",
    "inviati",
    "posta inviata",
    "elementi inviati",
    "verzonden",
    "verzonden items",
    "verzonden berichten",
    "送信済み",
    "送信済みメール",
    "送信済みアイテム",
    "已发送",
    "已發送",
    "отправленные",
    "wysłane",
    "skickat",
    "skickade objekt",
    "sendt",
    "sendte elementer",
    "lähetetyt",
];

const JUNK: &[&str] = &[
    "junk",
    "junk e-mail",
    "junk email",
    "junk mail",
    "spam",
    "bulk mail",
    "junk-e-mail",
    "courrier indésirable",
    "indésirables",
    "correo no deseado",
    "posta indesiderata",
    "ongewenste e-mail",
    "迷惑メール",
    "垃圾邮件",
    "нежелательная почта",
];

const TRASH: &[&str] = &[
    "trash",
    "deleted items",
    "deleted messages",
    "deleted",
    "bin",
    "papierkorb",
    "gelöschte elemente",
    "gelöschte objekte",
    "corbeille",
    "éléments supprimés",
    "papelera",
    "elementos eliminados",
    "cestino",
    "posta eliminata",
    "elementi eliminati",
    "prullenbak",
    "verwijderde items",
    "ゴミ箱",
    "削除済みアイテム",
    "已删除",
    "корзина",
];

impl FolderRole {
    /// The role of a folder named `name`, judged by its last component (`INBOX.Sent`,
    /// `[Gmail]/Sent Mail`, `Notes Folders\Sent`); case, a leading apostrophe and a
    /// parenthesised remark (`Drafts (Lotus Notes)`) do not matter.
    pub fn of(name: &str) -> Option<FolderRole> {
        let last = name.rsplit(['/', '\\', '.']).find(|part| !part.trim().is_empty())?;
        let last = last.split('(').next().unwrap_or_default();
        let last = last.trim().trim_start_matches(['\'', '"']).trim().to_lowercase();
        let is = |names: &[&str]| names.contains(&last.as_str());
        if is(SENT) {
            Some(FolderRole::Sent)
        } else if is(JUNK) {
            Some(FolderRole::Junk)
        } else if is(TRASH) {
            Some(FolderRole::Trash)
        } else if ["drafts", "draft", "entwürfe", "brouillons", "borradores", "bozze", "concepten", "下書き"]
            .contains(&last.as_str())
        {
            Some(FolderRole::Drafts)
        } else {
            None
        }
    }

    /// The role Google Takeout's `X-Gmail-Labels` give a message (comma-separated labels):
    /// junk, trash or drafts before sent, since such a label says the most.
    pub fn of_labels(labels: &str) -> Option<FolderRole> {
        let roles: Vec<FolderRole> =
            labels.split(',').filter_map(|label| FolderRole::of(label.trim())).collect();
        [FolderRole::Junk, FolderRole::Trash, FolderRole::Drafts, FolderRole::Sent]
            .into_iter()
            .find(|role| roles.contains(role))
    }
}

#[cfg(test)]
mod tests {
    use super::FolderRole::{self, *};

    #[test]
    fn folders_are_known_by_their_names_in_several_languages() {
        let cases = [
            ("Sent", Some(Sent)),
            ("'Sent Mail", Some(Sent)),
            ("Sent Items", Some(Sent)),
            ("[Gmail]/Sent Mail", Some(Sent)),
            ("INBOX.Sent", Some(Sent)),
            ("Gesendet", Some(Sent)),
            ("Envoyés", Some(Sent)),
            ("Elementos enviados", Some(Sent)),
            ("Posta inviata", Some(Sent)),
            ("Verzonden", Some(Sent)),
            ("送信済み", Some(Sent)),
            (r"\Judy_Townsend_Dec2000\Notes Folders\Sent", Some(Sent)),
            ("Junk E-mail", Some(Junk)),
            ("[Gmail]/Spam", Some(Junk)),
            ("Deleted Items", Some(Trash)),
            ("Papierkorb", Some(Trash)),
            ("Drafts (Lotus Notes)", Some(Drafts)),
            ("Inbox", None),
            ("", None),
            ("Sent to the printer", None),
            ("Notes inbox", None),
        ];
        for (name, want) in cases {
            assert_eq!(FolderRole::of(name), want, "{name}");
        }
    }

    #[test]
    fn gmail_labels_say_the_most_telling_role() {
        assert_eq!(FolderRole::of_labels("Sent,Opened"), Some(Sent));
        assert_eq!(FolderRole::of_labels("Inbox,Spam,Opened"), Some(Junk));
        assert_eq!(FolderRole::of_labels("Sent,Trash"), Some(Trash));
        assert_eq!(FolderRole::of_labels("Inbox,Important"), None);
    }
}
