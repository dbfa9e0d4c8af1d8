//! The demo's mail archive: a Maildir of the owner's mail with the sample people, threads
//! answered both ways, and a list post, a bounce and a newsletter that the import keeps
//! out of the interaction log.

use super::sample::{ME, PEOPLE};
use crate::{Error, Result};
use jiff::Timestamp;
use kith_core::Direction::{self, In, Out};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The owner's name on their mail.
const OWNER_NAME: &str = "Alex Quinn";

/// The Maildir info suffix of a message that has been read (`;` where `:` cannot be used).
const SEEN: &str = if cfg!(windows) { ";2,S" } else { ":2,S" };

/// One message of a thread as (who wrote it, hours ago, body).
type Post = (Direction, i64, &'static str);

/// A thread with a sample person as (id, person index, subject, messages); each message
/// answers the one before it.
type Thread = (&'static str, usize, &'static str, &'static [Post]);

/// The owner's threads with the sample people.
const THREADS: &[Thread] = &[
    (
        "notes",
        0,
        "Monthly notes",
        &[
            (
                In,
                159 * 24,
                "Shall we restart our monthly notes? What went well, what is stuck, what you read.\n\
                 Mine: hiring is slow, and I finally finished that book on queueing.",
            ),
            (
                Out,
                131 * 24,
                "Went well: the migration kick-off. Stuck: estimating phase two.\n\
                 Reading: a history of the shipping container.",
            ),
            (
                In,
                103 * 24,
                "Estimate phase two in ranges and never lead with the low end.\n\
                 I loved the container book; the chapter on ports is the best.",
            ),
            (
                Out,
                75 * 24,
                "Ranges worked: the client picked the middle one.\n\
                 Next for me: a talk at the data meetup.",
            ),
            (
                In,
                47 * 24,
                "Good news about the talk. Send me the slides, and say if you want a dry run first.",
            ),
            (Out, 19 * 24, "The slides are in the shared folder. A dry run would help: Tuesday after lunch?"),
        ],
    ),
    (
        "cutover",
        2,
        "Cut-over weekend plan",
        &[
            (
                In,
                61 * 24,
                "The plan is in the shared folder: freeze Friday at six, switch Saturday morning,\n\
                 roll back until Sunday noon if we must. Could you check the rollback steps?",
            ),
            (
                Out,
                61 * 24 - 4,
                "Looks solid. I would rehearse the rollback on Wednesday, so that nobody\n\
                 meets it for the first time on Sunday.",
            ),
            (
                In,
                60 * 24,
                "Good call: the rehearsal is booked for Wednesday afternoon. Thanks for the quick read.",
            ),
        ],
    ),
    (
        "studio-lead",
        3,
        "A studio lead?",
        &[
            (
                In,
                140 * 24,
                "We are pitching design research to bigger teams this year.\n\
                 Could you introduce me to a studio lead at Northwind?",
            ),
            (
                Out,
                139 * 24,
                "I've introduced you to Priya Raman, who leads design research there.\n\
                 My note should be in your inbox.",
            ),
        ],
    ),
    (
        "acme",
        3,
        "Reference for the Acme pitch",
        &[
            (
                In,
                95 * 24,
                "Acme want two references before they choose a studio.\n\
                 Would you be a reference for us?",
            ),
            (
                Out,
                94 * 24,
                "Done: I gave their design lead a warm reference for you this morning.\n\
                 Have them ask me about the onboarding redesign if they want more.",
            ),
        ],
    ),
    (
        "pricing-article",
        3,
        "Pricing, as promised",
        &[(
            In,
            50 * 24,
            "Here is the article on studio pricing I told you about. The second half is the good part.",
        )],
    ),
    (
        "outline",
        3,
        "Talk outline",
        &[(
            Out,
            45 * 24,
            "I am speaking at the data meetup in spring.\n\
             Could you give me feedback on my talk outline?",
        )],
    ),
    (
        "harbor-intro",
        3,
        "Harbor & Co",
        &[(In, 33 * 24, "Another one: could you introduce me to your contact at Harbor & Co?")],
    ),
    (
        "talk",
        4,
        "Conference talk idea",
        &[
            (
                In,
                290 * 24,
                "My new address, by the way. I'd like to propose a talk on the pipeline we rebuilt\n\
                 together; would you read the abstract before Friday's deadline?",
            ),
            (
                Out,
                289 * 24,
                "Read it twice. Open with the outage that started it all and drop the vendor list.",
            ),
        ],
    ),
    (
        "harbor",
        5,
        "Open roles at Harbor?",
        &[(
            Out,
            80 * 24,
            "Ivo mentioned that Harbor is growing its data team. Are you hiring at staff\n\
             level this spring? I would be glad to send a CV.",
        )],
    ),
    (
        "harbor-again",
        5,
        "Staff roles at Harbor",
        &[(Out, 58 * 24, "Following up on my note from last month: I'm still keen to hear what is open.")],
    ),
    (
        "harbor-last",
        5,
        "Someone else at Harbor?",
        &[(
            Out,
            9 * 24,
            "One more try before I stop filling your inbox: is there someone else at Harbor\n\
             I should talk to?",
        )],
    ),
    (
        "invoice",
        11,
        "Invoice dispute",
        &[
            (
                In,
                45 * 24,
                "Your March invoice bills twelve days; my records say nine. I won't pay it as it is.",
            ),
            (
                Out,
                44 * 24,
                "The timesheets you approved list twelve days. Happy to go through them on a call.",
            ),
            (In, 42 * 24, "I'm not getting on a call. You will hear from my lawyer."),
        ],
    ),
];

/// The bounce's body: a delivery status notification, reduced to what one needs.
const BOUNCE_BODY: &str = "This is a delivery status notification in MIME format.

--dsn-demo
Content-Type: text/plain; charset=us-ascii

Your message to elena.sokolova@quarry.example could not be delivered:
the mailbox no longer exists.

--dsn-demo
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; elena.sokolova@quarry.example
Action: failed
Status: 5.1.1

--dsn-demo--
";

/// The sample mail as written: how many messages, the owner's among them, and how many
/// the import is meant to keep out of the interaction log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleMail {
    /// Messages written.
    pub messages: usize,
    /// Of them, the owner's, in the sent folder.
    pub sent: usize,
    /// Of them, the mailing list post, the bounce and the newsletter.
    pub kept_out: usize,
    /// Threads with the sample people.
    pub threads: usize,
}

/// Writes the archive as a Maildir at `root`: mail received in `cur/`, the owner's in
/// `.Sent/cur/`, each file named by its delivery time.
pub fn write(root: &Path, now: Timestamp) -> Result<SampleMail> {
    let sent = root.join(".Sent");
    for folder in [root, &sent] {
        for sub in ["cur", "new", "tmp"] {
            let dir = folder.join(sub);
            std::fs::create_dir_all(&dir)
                .map_err(|e| Error::io(format!("could not create {}", dir.display()), e))?;
        }
    }
    let ago = |hours: i64| super::hours_ago(now, hours);
    let mut written = SampleMail { messages: 0, sent: 0, kept_out: 0, threads: THREADS.len() };
    let mut put = |folder: &Path, message: &Message| -> Result<()> {
        written.messages += 1;
        let serial = written.messages;
        let name = format!("{}.M{serial}P1Q{serial}.demo{SEEN}", message.at.as_second());
        let path = folder.join("cur").join(name);
        std::fs::write(&path, message.text())
            .map_err(|e| Error::io(format!("could not write {}", path.display()), e))
    };
    for thread in THREADS {
        for (n, &(dir, hours, _)) in thread.3.iter().enumerate() {
            put(if dir == Out { &sent } else { root }, &personal(thread, n, ago(hours)?))?;
        }
    }
    let outside = kept_out(&ago)?;
    for message in &outside {
        put(root, message)?;
    }
    let sent = THREADS.iter().flat_map(|t| t.3).filter(|p| p.0 == Out).count();
    Ok(SampleMail { sent, kept_out: outside.len(), ..written })
}

/// A message's parts.
struct Message {
    /// The Message-ID.
    id: String,
    at: Timestamp,
    from: String,
    to: String,
    subject: String,
    /// Header fields after the usual ones.
    extra: Vec<(&'static str, String)>,
    body: &'static str,
}

impl Message {
    /// The message as RFC 5322 text with LF line ends.
    fn text(&self) -> String {
        let mut text = format!(
            "From: {}\nTo: {}\nSubject: {}\nDate: {}\nMessage-ID: {}\n",
            self.from,
            self.to,
            self.subject,
            self.at.strftime("%a, %d %b %Y %H:%M:%S +0000"),
            self.id,
        );
        for (name, value) in &self.extra {
            text.push_str(&format!("{name}: {value}\n"));
        }
        text.push('\n');
        text.push_str(self.body);
        if !self.body.ends_with('\n') {
            text.push('\n');
        }
        text
    }
}

/// Message `n` of a thread, sent at `at`, answering the one before it.
fn personal(&(thread, who, subject, posts): &Thread, n: usize, at: Timestamp) -> Message {
    let (dir, _, body) = posts[n];
    let (name, address) = PEOPLE[who];
    let them = format!("{name} <{address}>");
    let (from, to) = if dir == Out { (owner(), them) } else { (them, owner()) };
    let id = |n: usize| message_id(&format!("{thread}.{n}"));
    let mut extra = Vec::new();
    let subject = if n == 0 {
        subject.to_owned()
    } else {
        extra.push(("In-Reply-To", id(n - 1)));
        extra.push(("References", (0..n).map(id).collect::<Vec<_>>().join(" ")));
        format!("Re: {subject}")
    };
    extra.push(("MIME-Version", "1.0".into()));
    extra.push(("Content-Type", "text/plain; charset=utf-8".into()));
    Message { id: id(n), at, from, to, subject, extra, body }
}

/// The mail kept out of the log: a post to a mailing list, the bounce of a message to
/// Elena's old address, and a newsletter.
fn kept_out(ago: &dyn Fn(i64) -> Result<Timestamp>) -> Result<[Message; 3]> {
    Ok([
        Message {
            id: message_id("guild-talks"),
            at: ago(26 * 24)?,
            from: "Noor Aziz <noor@quanta.example>".into(),
            to: "Data Guild <data-guild@lists.dataguild.example>".into(),
            subject: "[data-guild] Lightning talks for the spring meetup".into(),
            extra: vec![
                ("List-Id", "Data Guild <data-guild.lists.dataguild.example>".into()),
                ("List-Post", "<mailto:data-guild@lists.dataguild.example>".into()),
            ],
            body: "Four five-minute slots are still free at the spring meetup.\n\
                   Reply to me off the list with a title if you want one.",
        },
        Message {
            id: message_id("bounce"),
            at: ago(291 * 24)?,
            from: "Mail Delivery System <MAILER-DAEMON@mx.example.com>".into(),
            to: owner(),
            subject: "Undelivered mail returned to sender".into(),
            extra: vec![
                ("MIME-Version", "1.0".into()),
                (
                    "Content-Type",
                    "multipart/report; report-type=delivery-status; boundary=\"dsn-demo\"".into(),
                ),
            ],
            body: BOUNCE_BODY,
        },
        Message {
            id: message_id("digest"),
            at: ago(3 * 24)?,
            from: "Tidewater Analytics <no-reply@news.tidewater.example>".into(),
            to: owner(),
            subject: "Your monthly product digest".into(),
            extra: vec![("List-Unsubscribe", "<https://tidewater.example/unsubscribe>".into())],
            body: "Three new chart types, a faster query editor, and a webinar on dashboards.\n\
                   You get this because you signed up for product news.",
        },
    ])
}

/// The owner as a mailbox.
fn owner() -> String {
    format!("{OWNER_NAME} <{ME}>")
}

/// The Message-ID of the demo message named `id`.
fn message_id(id: &str) -> String {
    format!("<{id}@demo.kith>")
}
