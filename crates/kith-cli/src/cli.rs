//! The command line, as clap types. Values with a domain meaning (channels, kinds, dates,
//! identities) are taken as text here and read by kith-core, so that a bad value gets
//! kith's own one-line error.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// kith keeps your professional relationships healthy: who matters, who drifted, who
/// only takes, and what to do about it.
#[derive(Debug, Parser)]
#[command(
    name = "kith",
    version,
    about,
    max_term_width = 100,
    after_help = "Start with `kith demo`, or `kith init` then `kith person add \"Name\" --email them@example.com`.\n\
                  <who> is an id (p_…), an email, phone or URL, or a name. Dates: 2026-03-14, 14 Mar 2026,\n\
                  yesterday, 3d, 2w, 6m, 1y. Exit codes: 0 done, 1 failed, 2 input refused, 3 not found.\n\
                  Environment: KITH_DB the database (as --db), KITH_WORKSPACE its workspace (as --workspace);\n\
                  KITH_CONFIG_DIR the configuration directory\n\
                  (templates, the server token); KITH_NOW the moment to run at, for reproducing a run\n\
                  (2026-05-01T12:00:00Z, or a day: 2026-05-01); `kith serve` answers at it too."
)]
pub struct Cli {
    /// The database: a SQLite file path, or a PostgreSQL address (postgres://user:password@host/db)
    /// with --workspace. Defaults to kith.db in your platform's data directory.
    #[arg(long, global = true, env = "KITH_DB", value_name = "PATH|URL")]
    pub db: Option<String>,
    /// The workspace of a PostgreSQL database to work in (one database holds many; each is
    /// a kith database of its own). `kith init` creates it.
    #[arg(long, global = true, env = "KITH_WORKSPACE", value_name = "NAME")]
    pub workspace: Option<String>,
    /// Whether `db` came from the KITH_DB environment variable rather than `--db`.
    #[arg(skip)]
    pub db_from_env: bool,
    /// Print JSON instead of tables (for scripts).
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// kith's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (safe to run again).
    Init,
    /// Build a small sample network and show what kith does with it.
    Demo(DemoArgs),
    /// Your own email addresses and phone numbers (they decide the direction of mail), and
    /// changes in your working life.
    #[command(subcommand)]
    Me(MeCommand),
    /// Add, list, change and merge people.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Organizations and their domains.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Client work with an organization.
    #[command(subcommand)]
    Engagement(EngagementCommand),
    /// Log a contact: a call, a meeting, an email…
    Log(LogArgs),
    /// Record help you gave them (fulfils their oldest open ask of that kind).
    Gave(ExchangeArgs),
    /// Record help you got from them (fulfils your oldest open ask of that kind).
    Got(ExchangeArgs),
    /// Record that they asked you for help (open until you give or decline).
    Asked(AskArgs),
    /// Close an open ask as declined.
    Declined(AskArgs),
    /// What you and a person did for each other, with the balance; and the favors found
    /// in mail, waiting for your word (`kith ledger suggestions`).
    Ledger(LedgerArgs),
    /// Everything about one person: profile, health, stage history, timeline, ledger,
    /// notes, facts.
    Show(JudgedArgs),
    /// The attention list: who needs you most, why, and the first move to make.
    Review(ReviewArgs),
    /// The moves to try with one person, in order, with reasons and what was tried.
    Plan(JudgedArgs),
    /// One person's health metrics (`--explain`: how each was computed).
    Health(HealthArgs),
    /// Record what the data cannot show about a person (interests diverged, hostile,
    /// retired…), list their facts, or remove one.
    Fact(FactArgs),
    /// Silence a diagnosis for a person until a date (it shows again from then on).
    Mute(MuteArgs),
    /// Show a muted diagnosis again.
    Unmute(UnmuteArgs),
    /// Lower the cadence on purpose and say so: contact every so often from now on.
    Reduce(ReduceArgs),
    /// The relationship becomes mentoring (e.g. when you retire or step back).
    Mentor(StageArgs),
    /// Step back quietly but politely: minimal contact, no farewell yet.
    Distance(StageArgs),
    /// End the relationship after a farewell (kith refuses to ghost: the farewell draft must
    /// be marked sent, or --delivered must say how you gave it).
    End(EndArgs),
    /// Walk away after hostility: no farewell, nothing scheduled; --reason is required and
    /// kept.
    WalkAway(StageArgs),
    /// Bring an ended, reduced or distanced relationship back.
    Revive(StageArgs),
    /// Compose a message for a move, in your voice, grounded in what you did together.
    Draft(DraftArgs),
    /// The drafts kith composed: list them, show one, mark one sent.
    Drafts(DraftsArgs),
    /// The composer's templates: list them, show one, or where to put your own.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Wind down a client engagement: a personal draft for each person involved and a
    /// checklist; --finish ends the engagement and schedules check-ins.
    Offboard(OffboardArgs),
    /// Check-ins due and coming up, each with a suggested draft; --ics for a calendar feed.
    Checkins(CheckinsArgs),
    /// Community members who waned (tagged lapsed, no-budget, not-joined): the leave-well
    /// plan for each group, and who came back or referred others.
    Segment,
    /// Write everything to a file or standard output.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Read address books, contact exports, calendars and mail archives (or restore a JSON export).
    Import(ImportArgs),
    /// What the imported mail says: per-correspondent figures, and the mail kept out.
    #[command(subcommand)]
    Mail(MailCommand),
    /// People who are probably one person under two records (alike names, or an
    /// identity an import kept apart because something contradicts it), numbered, to
    /// accept or reject.
    Dupes(DupesArgs),
    /// Copy a whole database into a new, empty one, between SQLite files and PostgreSQL
    /// workspaces either way; the copy is checked against the original.
    Copy(CopyArgs),
    /// Copy the live database to a new file, consistently, while kith may be in use.
    Backup {
        /// The new file.
        path: PathBuf,
    },
    /// Check the whole database for damage (reading it only); with --salvage, copy what
    /// can be read of a damaged one into a new database.
    Doctor {
        /// Copy every row that can be read into a new database at this path.
        #[arg(long, value_name = "NEW.db")]
        salvage: Option<PathBuf>,
    },
    /// What sentences of mail do (ask, offer, deliver, thank) and the ask model behind it;
    /// needs no database.
    #[command(subcommand)]
    Text(TextCommand),
    /// Serve kith in the browser and as a JSON API, on this computer only unless --public:
    /// everything is behind the token kept in the configuration directory.
    Serve(ServeArgs),
    /// The users of a team's shared PostgreSQL database (--db postgres://…): add one,
    /// change a password, list them with their workspaces.
    #[command(subcommand)]
    User(UserCommand),
    /// Personal API tokens, for scripts that use kith's web API as one of the users of a
    /// shared PostgreSQL database.
    #[command(subcommand)]
    Token(TokenCommand),
    /// The workspaces of a shared PostgreSQL database, and who may open which: as owner
    /// (reads, writes, shares), editor (reads and writes) or viewer (only reads).
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
}

/// `kith user …`
#[derive(Debug, Subcommand)]
#[command(after_help = "The password is never an argument: kith asks for it twice without showing it, or, \
when standard input is not a terminal, reads its first line (`printf '%s\\n' \"$PASSWORD\" | kith user add \
ada`). It needs at least 12 characters.")]
pub enum UserCommand {
    /// Add a user, who signs in with a password, and their own workspace, named after
    /// them, which they own.
    Add {
        /// Their name, unique in the database (their workspace gets it too).
        name: String,
    },
    /// Give a user a new password.
    Passwd {
        /// The user's name.
        name: String,
    },
    /// Every user, with the workspaces they may open and their role in each.
    List,
}

/// `kith token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token for a user: its secret is shown this once, for a script to send as
    /// `Authorization: Bearer <secret>`.
    Add {
        /// Whose token it is: the script acts as this user.
        #[arg(long, value_name = "NAME")]
        user: String,
        /// What it is for (the script or machine), to tell it apart in the list.
        #[arg(long, value_name = "TEXT")]
        label: Option<String>,
    },
    /// A user's tokens, revoked ones too: id, label, when made, last used and revoked
    /// (never their secrets).
    List {
        /// Whose tokens.
        #[arg(long, value_name = "NAME")]
        user: String,
    },
    /// Revoke a user's token: it signs nobody in any more.
    Revoke {
        /// Whose token it is.
        #[arg(long, value_name = "NAME")]
        user: String,
        /// The token's id, as `kith token list` shows it.
        id: i64,
    },
}

/// `kith workspace …`
#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// Make a new, empty workspace with a user as its owner.
    Add {
        /// Its name, unique in the database.
        name: String,
        /// The user who owns it.
        #[arg(long, value_name = "USER")]
        owner: String,
    },
    /// Let a user open a workspace, or change the role they have there (only an owner
    /// may; a workspace keeps at least one owner).
    Share {
        /// The workspace.
        name: String,
        /// The user who may open it.
        user: String,
        /// owner (reads, writes, shares), editor (reads and writes) or viewer (only reads).
        #[arg(long)]
        role: String,
        /// The owner of the workspace who shares it.
        #[arg(long, value_name = "OWNER")]
        by: String,
    },
    /// Take a workspace away from a user: an owner may, and so may the user themselves
    /// (a workspace keeps at least one owner).
    Unshare {
        /// The workspace.
        name: String,
        /// The user who may no longer open it.
        user: String,
        /// Who takes it away: an owner of the workspace, or the user leaving it.
        #[arg(long, value_name = "USER")]
        by: String,
    },
    /// Every workspace with its members and their roles, or the workspaces one user may
    /// open.
    List {
        /// Only the workspaces this user may open, with their role in each.
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
    },
}

/// `kith serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:4141")]
    pub listen: std::net::SocketAddr,
    /// Allow an address other computers can reach. Anyone who reaches the port and learns
    /// the token reads your whole network: put it behind TLS.
    #[arg(long)]
    pub public: bool,
    /// The largest upload the import page and `POST /api/v1/imports` accept, in MiB (mail
    /// archives are big); every other request stays under 1 MiB.
    #[arg(long, value_name = "MiB", default_value_t = 1024)]
    pub upload_limit: usize,
}

/// `kith text …`
#[derive(Debug, Subcommand)]
pub enum TextCommand {
    /// Read sentences on standard input, one a line, and print one JSON object a line:
    /// act (request, offer, delivery, thanks, none), ledger kind, note, confidence.
    Classify,
    /// Train the ask model on the training part of a labeled file (`Yes|No<TAB>sentence`)
    /// and print its figures on the held-out part.
    Train {
        /// The labeled sentences (e.g. data/parakweet-email-intent/train_Ask0729-fixed.tsv).
        #[arg(long, value_name = "FILE")]
        data: PathBuf,
        /// Write the model here (crates/kith-core/src/speech/intent.model to replace the
        /// shipped one); without it nothing is written.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The seed of the stratified split.
        #[arg(long, default_value_t = kith_core::speech::DEFAULT_SEED)]
        seed: u64,
    },
    /// The shipped model's figures on the held-out part of a labeled file, with its
    /// confusion matrix.
    Evaluate {
        /// The labeled sentences.
        #[arg(long, value_name = "FILE")]
        data: PathBuf,
        /// The seed of the stratified split.
        #[arg(long, default_value_t = kith_core::speech::DEFAULT_SEED)]
        seed: u64,
    },
}

/// `kith mail …`
#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Per address: messages from them and to them, first and last dates, and replies
    /// each way, over every imported message (mailing-list posts included).
    Correspondents {
        /// Show this many, busiest first (all with --json).
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Messages kept out of the interaction log (lists, bulk, automated, bounces,
    /// receipts, no-reply and broadcast senders, more than 20 recipients, spam, junk,
    /// trash and drafts folders), oldest first.
    KeptOut {
        /// Only this reason: mailing_list, bulk, automated, no_reply, bounce, receipt,
        /// many_recipients, spam, junk_folder, trash, draft or broadcast.
        #[arg(long)]
        reason: Option<String>,
    },
}

/// `kith me …`
#[derive(Debug, Subcommand)]
pub enum MeCommand {
    /// Add your email addresses, phone numbers, URLs, and what mail without an address
    /// calls you: an Exchange X.500 address or a display name (Lotus Notes). Mail imported
    /// before is read again for them on the next `kith import`.
    Add {
        /// ada@example.com, +44 20 7946 0958, https://example.com/ada,
        /// /O=ORG/OU=SITE/CN=RECIPIENTS/CN=ADA, or "Ada Lovelace"
        #[arg(required = true, num_args = 1..)]
        identities: Vec<String>,
    },
    /// Remove one of your identities (one kith learned from your sent folder, say).
    Remove {
        /// The identity as `kith me list` shows it.
        identity: String,
    },
    /// Set your name, which drafts are signed with.
    Name {
        /// Your name as you sign messages, e.g. "Alex Owner".
        name: String,
    },
    /// Set the country calling code that phone numbers written without one are read in
    /// (1 for North America, 44 for the UK…), so that `905-555-1234` and
    /// `+1 905 555 1234` are one number. Numbers already stored are read again in it;
    /// one that becomes someone else's number stays as it was and is listed. Without
    /// this, the first international number you add with `kith me add` sets it.
    Region {
        /// The calling code: 1, +44, 0049…
        code: String,
    },
    /// Let kith read the text of your personal messages for favors on every mail
    /// import (`on`), or only when `kith import --read-bodies` asks (`off`, the default).
    ReadBodies {
        /// on or off
        state: OnOff,
    },
    /// Keep the sentence each suggestion from mail was found in (`on`, the default), or
    /// none (`off`: only what it says is kept, and the sentences kept so far are dropped).
    Evidence {
        /// on or off
        state: OnOff,
    },
    /// List your name, identities and the changes you declared.
    List,
    /// Declare that you are changing business model or job: your key ties are watched
    /// more closely meanwhile, because that is when they are cut without meaning to.
    StrategyChange(SinceArg),
    /// Declare that you are leaving one industry for another.
    ChangingIndustry(SinceArg),
    /// Declare that you are retiring or stepping back.
    Retiring(SinceArg),
    /// Withdraw a change you declared.
    Clear {
        /// strategy_change, changing_industry or retiring (dashes work too).
        change: String,
    },
}

/// When a declared change began.
#[derive(Debug, Args)]
pub struct SinceArg {
    /// Since when (default: now; a date ahead declares a planned change). 2026-03-14,
    /// 14 Mar 2026, yesterday, 3d, 2w…
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

/// A person reference: an id (p_…), an email, phone or URL, or a name.
#[derive(Debug, Args)]
pub struct WhoArg {
    /// Who: an id (p_…), an email address, phone number or URL, or a name.
    pub who: String,
}

/// `kith ledger WHO`, or one of its subcommands.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct LedgerArgs {
    /// Whose ledger: an id (p_…), an email address, phone number or URL, or a name.
    #[arg(required = true)]
    pub who: Option<String>,
    #[command(subcommand)]
    pub command: Option<LedgerCommand>,
}

/// `kith ledger suggestions|accept|reject`: favors found in mail read with
/// `kith import --read-bodies`.
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// The favors found in mail that wait for your word, per person, each with its
    /// sentence, its message (date, subject) and the classifier's confidence.
    Suggestions {
        /// Only this person's.
        who: Option<String>,
        /// Also those accepted or rejected.
        #[arg(long)]
        all: bool,
    },
    /// Accept suggestions into the ledger. A thanks or a delivery brings along the open
    /// ask it answers in the same conversation, which is then settled as given.
    Accept {
        /// Suggestion ids (s_…).
        #[arg(required_unless_present = "min_confidence")]
        ids: Vec<String>,
        /// Accept every open suggestion at least this confident (0 to 1), or only the
        /// given person's with --who.
        #[arg(long, value_name = "C", conflicts_with = "ids")]
        min_confidence: Option<f64>,
        /// With --min-confidence: only this person's.
        #[arg(long, requires = "min_confidence")]
        who: Option<String>,
    },
    /// Reject suggestions: reading the mail again never brings them back.
    Reject {
        /// Suggestion ids (s_…).
        #[arg(required = true)]
        ids: Vec<String>,
    },
}

/// `kith person …`
#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person.
    Add(PersonAddArgs),
    /// List people.
    List(PersonListArgs),
    /// Show one person (same as `kith show`).
    Show(WhoArg),
    /// Change a person's details.
    Edit(PersonEditArgs),
    /// Add tags to a person.
    Tag {
        /// Who.
        who: String,
        /// One or more tags.
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Remove tags from a person.
    Untag {
        /// Who.
        who: String,
        /// One or more tags.
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Add a dated note to a person.
    Note {
        /// Who.
        who: String,
        /// The note.
        text: String,
        /// When (default: now). 2026-03-14, 14 Mar 2026, yesterday, 3d, 2w…
        #[arg(long)]
        at: Option<String>,
    },
    /// Merge a duplicate into a person: everything of OTHER moves to KEEP (undo it with
    /// `kith person unmerge`).
    Merge {
        /// The record that stays.
        keep: String,
        /// The duplicate, deleted after the merge.
        other: String,
    },
    /// Every merge, by hand, from `kith dupes` or made by an import, newest first.
    Merges {
        /// Only the merges of this person.
        who: Option<String>,
    },
    /// Undo a merge: both people as they were, each with what they brought (identities,
    /// notes, interactions, ledger, history); kith will not join them again.
    Unmerge {
        /// The merge's id (m_…), as `kith person merges` and the import's report give it.
        merge: String,
    },
    /// Delete a person with their notes, ledger and history.
    Rm(WhoArg),
}

/// `kith dupes`
#[derive(Debug, Args)]
pub struct DupesArgs {
    /// Show pairs scoring at least this (0-100).
    #[arg(long, visible_alias = "min-score", default_value_t = 60)]
    pub min: u8,
    /// Merge these pairs, by their number in the list (the one added first stays).
    #[arg(long, num_args = 1.., value_name = "N", conflicts_with = "accept_all")]
    pub accept: Vec<usize>,
    /// Merge every pair shown (those scoring at least --min).
    #[arg(long)]
    pub accept_all: bool,
    /// Remember these pairs, by their number, as not one person: never proposed again.
    #[arg(long, num_args = 1.., value_name = "N")]
    pub reject: Vec<usize>,
}

/// `kith person add`
#[derive(Debug, Args)]
pub struct PersonAddArgs {
    /// Their name.
    pub name: String,
    /// Email address (repeatable).
    #[arg(long)]
    pub email: Vec<String>,
    /// Phone number (repeatable).
    #[arg(long)]
    pub phone: Vec<String>,
    /// Profile or home page URL (repeatable).
    #[arg(long)]
    pub url: Vec<String>,
    /// Organization: name, domain or id.
    #[arg(long)]
    pub org: Option<String>,
    /// Role at the organization.
    #[arg(long)]
    pub role: Option<String>,
    /// Industry.
    #[arg(long)]
    pub industry: Option<String>,
    /// Tag (repeatable).
    #[arg(long)]
    pub tag: Vec<String>,
}

/// `kith person list`
#[derive(Debug, Args)]
pub struct PersonListArgs {
    /// Only people with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only people at this organization.
    #[arg(long)]
    pub org: Option<String>,
    /// Only people in this stage.
    #[arg(long)]
    pub stage: Option<String>,
}

/// `kith person edit`
#[derive(Debug, Args)]
pub struct PersonEditArgs {
    /// Who.
    pub who: String,
    /// A new name.
    #[arg(long)]
    pub name: Option<String>,
    /// Organization: name, domain or id.
    #[arg(long, conflicts_with = "no_org")]
    pub org: Option<String>,
    /// Clear the organization.
    #[arg(long)]
    pub no_org: bool,
    /// Role.
    #[arg(long)]
    pub role: Option<String>,
    /// Industry.
    #[arg(long)]
    pub industry: Option<String>,
    /// Pin a tier: inner, close, active, network, acquaintance.
    #[arg(long, conflicts_with = "no_tier")]
    pub tier: Option<String>,
    /// Unpin the tier.
    #[arg(long)]
    pub no_tier: bool,
    /// Pin a cadence in days.
    #[arg(long, conflicts_with = "no_cadence")]
    pub cadence: Option<u32>,
    /// Unpin the cadence.
    #[arg(long)]
    pub no_cadence: bool,
    /// Add an identity: email, phone, URL, Exchange X.500 address or a display name
    /// standing alone (repeatable).
    #[arg(long)]
    pub add: Vec<String>,
    /// Remove an identity (repeatable).
    #[arg(long)]
    pub remove: Vec<String>,
}

/// `kith org …`
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organization.
    Add {
        /// Its name.
        name: String,
        /// A domain it owns, e.g. acme.io (repeatable).
        #[arg(long)]
        domain: Vec<String>,
    },
    /// List organizations.
    List,
    /// Show an organization with its people and engagements.
    Show {
        /// Name, domain or id.
        org: String,
    },
}

/// `kith engagement …`
#[derive(Debug, Subcommand)]
pub enum EngagementCommand {
    /// Start tracking a piece of client work.
    Add {
        /// The client organization: name, domain or id.
        org: String,
        /// What the work is called.
        title: String,
        /// When it began (default: now).
        #[arg(long)]
        start: Option<String>,
        /// A person involved (repeatable).
        #[arg(long = "person")]
        people: Vec<String>,
    },
    /// List engagements.
    List {
        /// Only those still going on.
        #[arg(long)]
        active: bool,
    },
    /// Show one engagement.
    Show {
        /// Its id, or the client when it has exactly one engagement.
        engagement: String,
    },
    /// Mark an engagement finished.
    Finish {
        /// Its id, or the client when it has exactly one active engagement.
        engagement: String,
        /// When it ended (default: now).
        #[arg(long)]
        at: Option<String>,
    },
}

/// `kith log`
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Who took part (one or more).
    #[arg(required = true)]
    pub who: Vec<String>,
    /// email, call, meeting, message, event or social.
    #[arg(long)]
    pub channel: String,
    /// out (you reached out), in (they did) or mutual.
    #[arg(long)]
    pub dir: String,
    /// When (default: now). 2026-03-14, 14 Mar 2026, yesterday, 3d, 2w…
    #[arg(long)]
    pub at: Option<String>,
    /// Subject or topic.
    #[arg(long)]
    pub subject: Option<String>,
    /// A note about it.
    #[arg(long)]
    pub note: Option<String>,
}

/// `kith gave` / `kith got`
#[derive(Debug, Args)]
pub struct ExchangeArgs {
    /// Who.
    pub who: String,
    /// introduction, referral, reference, advice, feedback, help, content or favor.
    pub kind: String,
    /// When (default: now).
    #[arg(long)]
    pub at: Option<String>,
    /// What exactly, e.g. whom the introduction was to.
    #[arg(long)]
    pub note: Option<String>,
    /// Weight, instead of the kind's default.
    #[arg(long)]
    pub weight: Option<f64>,
}

/// `kith asked` / `kith declined`
#[derive(Debug, Args)]
pub struct AskArgs {
    /// Who.
    pub who: String,
    /// introduction, referral, reference, advice, feedback, help, content or favor.
    pub kind: String,
    /// The ask is yours (you asked them), not theirs.
    #[arg(long)]
    pub mine: bool,
    /// When (default: now).
    #[arg(long)]
    pub at: Option<String>,
    /// What exactly.
    #[arg(long)]
    pub note: Option<String>,
}

/// What `kith demo` builds.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Instead of the sample, a simulated network of this many people (about 57
    /// interactions each, history ending today), then its review.
    #[arg(long, value_name = "PEOPLE")]
    pub simulate: Option<usize>,
    /// The simulation's seed: the same seed gives the same network.
    #[arg(long, default_value_t = 1, requires = "simulate")]
    pub seed: u64,
}

/// `kith review`: which relationships need attention.
#[derive(Debug, Default, Args)]
#[command(after_help = "Everyone is assessed as of now and ranked by attention: how much the tie \
matters (strength, tier, client work) times how pressing its problems are. Diagnoses: \
one_sided_taking, one_sided_giving, drifting, unresponsive, overdue, dormant, misaligned, strained, \
thriving. `kith plan <who>` gives the moves in order, `kith health <who> --explain` the numbers \
behind them; `kith mute` silences a diagnosis, `kith fact` records what the log cannot show.")]
pub struct ReviewArgs {
    /// Show everyone, thriving ties and ended ones included, not only those that need
    /// attention.
    #[arg(long)]
    pub all: bool,
    /// Only these tiers: inner, close, active, network, acquaintance (repeatable, or
    /// comma-separated).
    #[arg(long, value_name = "TIER", value_delimiter = ',')]
    pub tier: Vec<String>,
    /// Only people with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only people at this organization: name, domain or id.
    #[arg(long)]
    pub org: Option<String>,
    /// Only people with this diagnosis, e.g. drifting or thriving (repeatable, or
    /// comma-separated; dashes work too).
    #[arg(long, value_name = "DIAGNOSIS", value_delimiter = ',')]
    pub diagnosis: Vec<String>,
    /// Show at most this many, most in need first (0 for all).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub as_of: AsOfArg,
}

/// Judging as of another moment than now.
#[derive(Debug, Default, Args)]
pub struct AsOfArg {
    /// Judge everything as it stood then: what came later is left out (an old mailbox
    /// reviewed as it was). 2001-12-31, 14 Mar 2026, 6m… (a date means its start).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// `kith show` and `kith plan`: one person, as of now or another moment.
#[derive(Debug, Args)]
pub struct JudgedArgs {
    /// Who: an id (p_…), an email address, phone number or URL, or a name.
    pub who: String,
    #[command(flatten)]
    pub as_of: AsOfArg,
}

/// `kith health`
#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Who: an id (p_…), an email address, phone number or URL, or a name.
    pub who: String,
    /// Show every metric and how it was computed: windows, counts, the drift test's
    /// expected value and p-value, reply windows, the parts of tie strength, the cadence.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub as_of: AsOfArg,
}

/// `kith fact`
#[derive(Debug, Args)]
#[command(after_help = "Facts explain what the interaction log cannot: `kith fact Maya interests-diverged \
--note \"moved to biotech\"`. A person holds each fact once; recording it again changes its date and \
note. `kith fact Maya` lists theirs.")]
pub struct FactArgs {
    /// Who.
    pub who: String,
    /// interests_diverged, values_conflict, hostile, changed_industry or retired (dashes
    /// work too). Leave it out to list the person's facts.
    pub fact: Option<String>,
    /// Since when it holds (default: now). 2026-03-14, 14 Mar 2026, yesterday, 3d, 2w…
    #[arg(long, value_name = "DATE", requires = "fact")]
    pub since: Option<String>,
    /// What happened, in your words.
    #[arg(long, requires = "fact")]
    pub note: Option<String>,
    /// Remove this fact from the person instead.
    #[arg(long, value_name = "FACT", conflicts_with_all = ["fact", "since", "note"])]
    pub remove: Option<String>,
}

/// `kith mute`
#[derive(Debug, Args)]
pub struct MuteArgs {
    /// Who.
    pub who: String,
    /// one_sided_taking, one_sided_giving, drifting, unresponsive, overdue, dormant,
    /// misaligned, strained or thriving (dashes work too).
    pub diagnosis: String,
    /// The day it shows again, in the future: 2026-09-01 or 1 Sep 2026. Muting it again
    /// replaces the date.
    #[arg(long, value_name = "DATE")]
    pub until: String,
}

/// `kith unmute`
#[derive(Debug, Args)]
pub struct UnmuteArgs {
    /// Who.
    pub who: String,
    /// The muted diagnosis, e.g. drifting.
    pub diagnosis: String,
}

/// `kith export …`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every entity as one JSON document (restorable with `kith import FILE`).
    Json {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Everyone as vCard 4.0, for an address book or a phone: tags and stage as
    /// CATEGORIES, the latest stage change as the first NOTE.
    Vcard {
        /// Write to this file instead of standard output.
        #[arg(long, short, conflicts_with = "dir")]
        out: Option<PathBuf>,
        /// Write one card per person into this directory (created if missing).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Everyone as CSV, one row per person, for a spreadsheet.
    Csv {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
}

/// `kith import …`
#[derive(Debug, Args)]
#[command(after_help = "Formats are recognized by content: vCard (.vcf), iCalendar (.ics), LinkedIn's \
Connections.csv, Google and Outlook contact CSV, other contact CSV with a header row, mail \
archives (a Maildir with its folders, an mbox file, .eml files) and kith's own JSON export \
(restored into an empty database, on its own). A directory is read file by file, a Maildir as one \
archive. Importing the same file again changes nothing; an updated file updates what changed, and \
mail already read is skipped unopened. Calendars and mail need to know which addresses are yours \
(`kith me add`, or --me); without them, a mail import proposes who you are from your sent folders. \
A message in your sent folder is yours whatever its From says, and the senders of your sent mail \
are learned as yours (and reported). When your identities change, the next import logs the mail \
stored before again, without reading the archive.")]
pub struct ImportArgs {
    /// Files or directories to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read every file as this format instead of recognizing it: vcard, ical, linkedin,
    /// google, outlook, csv, json, mbox or eml.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Work out and print the summary, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Leave out calendar occurrences before this date.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// One of your own identities, added to `kith me` first (calendars and mail need to
    /// know which attendee or sender is you): an email address, an Exchange X.500 address
    /// or the display name your mail carries instead of an address.
    #[arg(long, value_name = "IDENTITY")]
    pub me: Option<String>,
    /// Also read the text of personal messages (never of mail kept out) for favors asked,
    /// offered, done and thanked for, which become suggestions to accept or reject
    /// (`kith ledger suggestions`). Texts are not stored: only the sentence of each
    /// suggestion (`kith me evidence off` keeps none). Messages imported before have
    /// their text read once, without being stored twice. `kith me read-bodies on` makes
    /// it the default.
    #[arg(long)]
    pub read_bodies: bool,
}

/// What every stage change may carry.
#[derive(Debug, Args)]
pub struct StageArgs {
    /// Who.
    pub who: String,
    /// Why (kept in the stage history and the note).
    #[arg(long)]
    pub reason: Option<String>,
    /// Anything else worth remembering.
    #[arg(long)]
    pub note: Option<String>,
}

/// `kith reduce`
#[derive(Debug, Args)]
pub struct ReduceArgs {
    #[command(flatten)]
    pub stage: StageArgs,
    /// The new cadence: 90d, 12w, 3m (a month is 30 days), 1y.
    #[arg(long, value_name = "EVERY")]
    pub every: String,
}

/// `kith end`
#[derive(Debug, Args)]
pub struct EndArgs {
    #[command(flatten)]
    pub stage: StageArgs,
    /// open (light check-ins follow) or closed (nothing is scheduled).
    #[arg(long)]
    pub door: String,
    /// How the farewell was given when it was not a draft sent through kith, e.g.
    /// "in person on 3 May".
    #[arg(long, value_name = "HOW")]
    pub delivered: Option<String>,
    /// With the door open, how often to check in (default 120d, about 4 months).
    #[arg(long, value_name = "EVERY")]
    pub checkins_every: Option<String>,
}

/// How a draft reads.
#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// warm (default), frank (own a sour ending) or light (humour, never at their expense).
    #[arg(long, default_value = "warm")]
    pub tone: String,
    /// text (default), markdown, or eml (an RFC 5322 draft to open in a mail client).
    #[arg(long, default_value = "text")]
    pub format: String,
    /// conversation (talking points for a call or meeting) or email; default: by tier
    /// (inner and close ties get a conversation).
    #[arg(long)]
    pub manner: Option<String>,
}

/// `kith draft`
#[derive(Debug, Args)]
#[command(after_help = "Moves: reconnect, ask-favor, reciprocity-talk, reduce, mentor, distance, \
                        offer-alternative, farewell, pause, client-thanks, feedback-request, \
                        reference-request, check-in.")]
pub struct DraftArgs {
    /// For whom.
    pub who: String,
    /// The move: reconnect, farewell, check-in… (see below).
    #[arg(value_name = "MOVE")]
    pub what: String,
    #[command(flatten)]
    pub compose: ComposeArgs,
    /// The reason to give, positive and honest ("I am moving into climate tech").
    #[arg(long)]
    pub reason: Option<String>,
    /// For endings: open ("reach out any time") or closed (a warm goodbye).
    #[arg(long)]
    pub door: Option<String>,
    /// A resource or person to point them to.
    #[arg(long)]
    pub alternative: Option<String>,
    /// Show the draft without keeping it.
    #[arg(long)]
    pub dry_run: bool,
}

/// `kith drafts`
#[derive(Debug, Args)]
pub struct DraftsArgs {
    /// What to do (default: list).
    #[command(subcommand)]
    pub command: Option<DraftsCommand>,
    /// Only this person's drafts.
    #[arg(long)]
    pub person: Option<String>,
    /// Only drafts not sent yet.
    #[arg(long)]
    pub unsent: bool,
}

/// `kith drafts …`
#[derive(Debug, Subcommand)]
pub enum DraftsCommand {
    /// Show one draft.
    Show {
        /// The draft's id (d_…).
        id: String,
        /// text (default), markdown or eml.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Mark a draft sent (or the conversation had) and log the contact it made.
    Sent {
        /// The draft's id (d_…).
        id: String,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
        /// How, if not the draft's own manner: email, call, meeting, message…
        #[arg(long)]
        channel: Option<String>,
    },
}

/// `kith templates …`
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Every move's template, and whether yours replaces the shipped one.
    List,
    /// The template in use for a move.
    Show {
        /// The move, e.g. farewell.
        what: String,
    },
    /// Where to put your own template for a move (it replaces the shipped one).
    EditPath {
        /// The move, e.g. farewell.
        what: String,
    },
}

/// `kith offboard`
#[derive(Debug, Args)]
pub struct OffboardArgs {
    /// The client organization: name, domain or id.
    pub org: String,
    /// Which engagement, by its id (e_…; see `kith engagement list`), when the client has
    /// several active ones.
    #[arg(long)]
    pub engagement: Option<String>,
    /// Mark the engagement as having gone well (the thanks then ask for a reference).
    #[arg(long, conflicts_with = "not_well")]
    pub went_well: bool,
    /// Mark it as not having gone well (no reference is asked for).
    #[arg(long)]
    pub not_well: bool,
    /// End the engagement and schedule check-ins (once everyone was thanked).
    #[arg(long)]
    pub finish: bool,
    /// How often to check in after finishing (default 120d, about 4 months).
    #[arg(long, value_name = "EVERY")]
    pub checkins_every: Option<String>,
    #[command(flatten)]
    pub compose: ComposeArgs,
}

/// `kith checkins`
#[derive(Debug, Args)]
pub struct CheckinsArgs {
    /// What to do (default: list the due and upcoming ones).
    #[command(subcommand)]
    pub command: Option<CheckinsCommand>,
    /// Write an iCalendar feed of the pending check-ins (kith checkins --ics > kith.ics).
    #[arg(long)]
    pub ics: bool,
    /// Show check-ins due within this long (default 30d); overdue ones always show.
    #[arg(long, default_value = "30d", value_name = "SPAN")]
    pub within: String,
    /// Also list the birthdays falling within the same span (today included), from the
    /// birthdays address book cards gave, each with the draft to wish them well. They
    /// are listed only when asked and never scheduled or stored as check-ins; people
    /// whose tie is over are left out. With --json the output is then an object with
    /// `checkins` and `birthdays`.
    #[arg(long, conflicts_with = "ics")]
    pub birthdays: bool,
}

/// `kith checkins …`
#[derive(Debug, Subcommand)]
pub enum CheckinsCommand {
    /// Mark a check-in done (a repeating one schedules the next).
    Done {
        /// The check-in's id (c_…).
        id: String,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
    },
}

/// A setting turned on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    /// On.
    On,
    /// Off.
    Off,
}

/// `kith copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The database copied: a SQLite file, or a PostgreSQL address with --from-workspace.
    pub from: String,
    /// The new database: a SQLite file, or a PostgreSQL address with --to-workspace. It is
    /// created if missing and must hold nothing.
    pub to: String,
    /// The workspace copied, when FROM is a PostgreSQL database.
    #[arg(long, value_name = "NAME")]
    pub from_workspace: Option<String>,
    /// The workspace written, when TO is a PostgreSQL database.
    #[arg(long, value_name = "NAME")]
    pub to_workspace: Option<String>,
}
