use super::*;
use crate::{
    Channel, Direction, Door, Exchange, ExchangeId, ExchangeKind, ExchangeStatus, Giver, Interaction,
    InteractionId, PersonId, Tier,
};
use std::collections::BTreeSet;

fn at(text: &str) -> Timestamp {
    format!("{text}T10:00:00Z").parse().unwrap()
}

fn now() -> Timestamp {
    at("2026-06-01")
}

fn exchange(
    n: u64,
    kind: ExchangeKind,
    giver: Giver,
    status: ExchangeStatus,
    day: &str,
    note: &str,
) -> Exchange {
    Exchange {
        id: ExchangeId::from_bits(n),
        person: PersonId::from_bits(1),
        kind,
        weight: kind.default_weight(),
        giver,
        status,
        asked: status != ExchangeStatus::Given,
        opened_at: at(day),
        closed_at: (status != ExchangeStatus::Asked).then(|| at(day)),
        note: (!note.is_empty()).then(|| note.to_owned()),
    }
}

fn contact(n: u64, day: &str, channel: Channel, direction: Direction, subject: &str) -> Interaction {
    Interaction {
        id: InteractionId::from_bits(n),
        at: at(day),
        channel,
        direction,
        participants: vec![PersonId::from_bits(1)],
        subject: (!subject.is_empty()).then(|| subject.to_owned()),
        thread_key: None,
        source_key: None,
        note: None,
        message: None,
        replies_to: None,
    }
}

/// Sam, with a ledger going both ways and years of contact.
fn rich() -> Grounding {
    use ExchangeKind::*;
    use ExchangeStatus::*;
    Grounding {
        name: "Sam Rivera".into(),
        greeting_name: None,
        email: Some("sam@example.com".into()),
        owner_name: Some("Alex Kim".into()),
        owner_email: Some("alex@example.com".into()),
        org: Some("Northwind Labs".into()),
        engagement: Some("the Atlas migration".into()),
        exchanges: vec![
            exchange(1, Introduction, Giver::Them, Given, "2024-03-12", "to Dana Reyes at Northwind"),
            exchange(2, Advice, Giver::Them, Given, "2023-06-20", ""),
            exchange(3, Feedback, Giver::Them, Given, "2025-01-15", ""),
            exchange(4, Reference, Giver::Owner, Given, "2025-05-10", "for the Lumen role"),
            exchange(5, Help, Giver::Owner, Given, "2025-11-02", ""),
            exchange(6, Introduction, Giver::Owner, Asked, "2026-04-15", "someone at Orbit"),
            exchange(7, Favor, Giver::Owner, Asked, "2026-05-01", ""),
            exchange(8, Advice, Giver::Them, Asked, "2026-05-02", "pricing the new workshop"),
        ],
        interactions: vec![
            contact(1, "2019-03-04", Channel::Email, Direction::In, "Hello from the meetup"),
            contact(2, "2024-03-01", Channel::Meeting, Direction::Mutual, "Northwind kickoff"),
            contact(3, "2025-02-10", Channel::Call, Direction::Mutual, ""),
            contact(4, "2026-04-20", Channel::Meeting, Direction::Mutual, "Roadmap review"),
            contact(5, "2026-05-10", Channel::Email, Direction::Out, "Notes from Tuesday"),
        ],
    }
}

/// Sam, with nothing recorded but names.
fn bare() -> Grounding {
    Grounding { name: "Sam Rivera".into(), owner_name: Some("Alex Kim".into()), ..Grounding::default() }
}

fn request(what: DraftMove, tone: Tone, manner: Manner, rich: bool) -> DraftRequest {
    DraftRequest {
        tone,
        reason: rich.then(|| "i am moving into climate tech".to_owned()),
        alternative: rich.then(|| "the Climate Builders community".to_owned()),
        went_well: rich,
        ..DraftRequest::new(what, manner)
    }
}

fn draft(what: DraftMove, tone: Tone, manner: Manner, grounding: &Grounding) -> Composed {
    let rich = !grounding.exchanges.is_empty();
    compose(&Templates::shipped(), &request(what, tone, manner, rich), grounding, now()).unwrap()
}

fn envelope(g: &Grounding) -> Envelope {
    Envelope {
        from: g.owner_email.clone().map(|a| (g.owner_name.clone(), a)),
        to: g.email.clone().map(|a| (g.name.clone(), a)),
        date: now(),
        message_id: "d_test@kith.invalid".into(),
    }
}

/// A draft as text, followed by what it cites, for a snapshot.
fn shown(d: &Composed) -> String {
    let cited: String = d.cited.iter().map(|c| format!("- {c}\n")).collect();
    format!("{}\n--- cited ---\n{cited}", d.render(DraftFormat::Text, &envelope(&bare())))
}

fn texts() -> impl Iterator<Item = (DraftMove, Tone, Composed, Composed)> {
    DraftMove::ALL.iter().flat_map(|&what| {
        Tone::ALL.iter().map(move |&tone| {
            let with = draft(what, tone, Manner::Email, &rich());
            let without = draft(what, tone, Manner::Email, &bare());
            (what, tone, with, without)
        })
    })
}

#[test]
fn every_move_in_every_tone_with_and_without_facts() {
    for (what, tone, with, without) in texts() {
        insta::assert_snapshot!(format!("email__{what}__{tone}__facts"), shown(&with));
        insta::assert_snapshot!(format!("email__{what}__{tone}__no_facts"), shown(&without));
    }
}

#[test]
fn talking_points_for_a_conversation() {
    for what in [DraftMove::Farewell, DraftMove::Reconnect, DraftMove::ClientThanks, DraftMove::Reduce] {
        let d = draft(what, Tone::Warm, Manner::Conversation, &rich());
        assert!(d.body.lines().all(|l| l.starts_with("- ")), "{}", d.body);
        insta::assert_snapshot!(format!("conversation__{what}__facts"), shown(&d));
    }
    let frank = draft(DraftMove::Farewell, Tone::Frank, Manner::Conversation, &bare());
    insta::assert_snapshot!("conversation__farewell__frank__no_facts", shown(&frank));
}

#[test]
fn contact_alone_grounds_the_appreciation() {
    let g = Grounding { exchanges: vec![], ..rich() };
    for what in [DraftMove::Reconnect, DraftMove::Farewell, DraftMove::Reduce, DraftMove::Mentor] {
        let d = compose(&Templates::shipped(), &DraftRequest::new(what, Manner::Email), &g, now()).unwrap();
        insta::assert_snapshot!(format!("email__{what}__warm__contact_only"), shown(&d));
    }
}

#[test]
fn markdown_and_eml() {
    let g = rich();
    let email = draft(DraftMove::ClientThanks, Tone::Warm, Manner::Email, &g);
    let talk = draft(DraftMove::Reconnect, Tone::Light, Manner::Conversation, &g);
    insta::assert_snapshot!("markdown__client_thanks", email.render(DraftFormat::Markdown, &envelope(&g)));
    insta::assert_snapshot!(
        "markdown__reconnect__conversation",
        talk.render(DraftFormat::Markdown, &envelope(&g))
    );
    insta::assert_snapshot!(
        "eml__farewell",
        draft(DraftMove::Farewell, Tone::Warm, Manner::Email, &g).render(DraftFormat::Eml, &envelope(&g))
    );
    insta::assert_snapshot!("eml__reconnect__conversation", talk.render(DraftFormat::Eml, &envelope(&g)));
}

// ---- no fact unless it is in the data ----

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words with a capital that are not a sentence's first word and not one of `allowed`.
fn stray_names(draft: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let mut stray = Vec::new();
    for line in draft.lines() {
        let mut starts_sentence = true;
        for token in line.split_whitespace() {
            let word = token.trim_matches(|c: char| !c.is_alphanumeric());
            let capital = word.chars().next().is_some_and(char::is_uppercase);
            let known = allowed.contains(word) || word == "I" || word.starts_with("I'");
            if capital && !starts_sentence && !known {
                stray.push(word.to_owned());
            }
            starts_sentence = token == "-" || token.ends_with(['.', '!', '?', ':', '"']) && !word.is_empty();
        }
    }
    stray
}

/// The words of `texts`, for [`stray_names`].
fn words<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    texts
        .into_iter()
        .flat_map(str::split_whitespace)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .collect()
}

/// Every "Month YYYY" in `draft`.
fn months_in(draft: &str) -> Vec<String> {
    let tokens: Vec<&str> = draft.split_whitespace().collect();
    tokens
        .windows(2)
        .filter(|w| MONTHS.contains(&w[0]))
        .map(|w| (w[0], w[1].trim_matches(|c: char| !c.is_ascii_digit())))
        .filter(|(_, year)| !year.is_empty())
        .map(|(month, year)| format!("{month} {year}"))
        .collect()
}

/// Every text the grounding holds that a draft may quote.
fn grounding_texts(g: &Grounding) -> Vec<&str> {
    let mut texts = vec![g.name.as_str()];
    texts.extend(g.owner_name.as_deref());
    texts.extend(g.org.as_deref());
    texts.extend(g.engagement.as_deref());
    texts.extend(g.exchanges.iter().filter_map(|x| x.note.as_deref()));
    texts.extend(g.interactions.iter().filter_map(|i| i.subject.as_deref()));
    texts
}

/// The months the grounding's dates fall in.
fn grounding_months(g: &Grounding) -> BTreeSet<String> {
    let dates = g.exchanges.iter().flat_map(|x| [Some(x.opened_at), x.closed_at]).flatten();
    dates.chain(g.interactions.iter().map(|i| i.at)).map(|t| t.strftime("%B %Y").to_string()).collect()
}

/// What a draft built from `g` (and the request's own words) states that the data
/// does not hold.
fn unfounded(d: &Composed, g: &Grounding, req: &DraftRequest) -> Vec<String> {
    let text = format!("{}\n{}", d.subject, d.body);
    let mut texts = grounding_texts(g);
    texts.extend(req.reason.as_deref());
    texts.extend(req.alternative.as_deref());
    let months = grounding_months(g);
    let mut known = words(texts.iter().copied());
    known.extend(words(months.iter().map(String::as_str)));
    let mut problems: Vec<String> =
        stray_names(&text, &known).into_iter().map(|w| format!("the name {w:?}")).collect();
    problems.extend(
        months_in(&text).into_iter().filter(|m| !months.contains(m)).map(|m| format!("the date {m:?}")),
    );
    let years: BTreeSet<String> =
        months.iter().filter_map(|m| m.split(' ').nth(1)).map(str::to_owned).collect();
    for number in text.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()) {
        if !years.contains(number) && !texts.iter().any(|t| t.contains(number)) {
            problems.push(format!("the number {number}"));
        }
    }
    for quoted in text.split('“').skip(1).filter_map(|rest| rest.split('”').next()) {
        if !texts.contains(&quoted) {
            problems.push(format!("the quote {quoted:?}"));
        }
    }
    problems
}

#[test]
fn with_facts_every_date_name_and_quote_comes_from_the_data() {
    let g = rich();
    for &what in DraftMove::ALL {
        for &tone in Tone::ALL {
            for &manner in Manner::ALL {
                let req = request(what, tone, manner, true);
                let d = compose(&Templates::shipped(), &req, &g, now()).unwrap();
                let problems = unfounded(&d, &g, &req);
                assert!(problems.is_empty(), "{what} {tone} {manner} states {problems:?}:\n{}", d.body);
            }
        }
    }
}

#[test]
fn without_facts_a_draft_names_nothing_specific() {
    let g = bare();
    for &what in DraftMove::ALL {
        for &tone in Tone::ALL {
            for &manner in Manner::ALL {
                let req = request(what, tone, manner, false);
                let d = compose(&Templates::shipped(), &req, &g, now()).unwrap();
                let text = format!("{}\n{}", d.subject, d.body);
                let mut problems = unfounded(&d, &g, &req);
                if let Some(m) = MONTHS.iter().find(|m| words([text.as_str()]).contains(**m)) {
                    problems.push(format!("the month {m}"));
                }
                if text.contains(|c: char| c.is_ascii_digit()) {
                    problems.push("a number".into());
                }
                let lower = text.to_lowercase();
                let mut kinds = vec!["introduc", "referral", "referred", "advice"];
                if what != DraftMove::ReferenceRequest {
                    kinds.push("reference");
                }
                if !matches!(what, DraftMove::FeedbackRequest | DraftMove::ClientThanks) {
                    kinds.push("feedback");
                }
                if what != DraftMove::AskFavor {
                    kinds.push("favor");
                }
                problems.extend(
                    kinds.into_iter().filter(|k| lower.contains(k)).map(|k| format!("the kind {k:?}")),
                );
                assert!(problems.is_empty(), "{what} {tone} {manner} states {problems:?}:\n{text}");
                assert!(d.cited.is_empty(), "{what} {tone} cites {:?}", d.cited);
            }
        }
    }
}

#[test]
fn the_checks_catch_a_made_up_fact() {
    let g = rich();
    let req = request(DraftMove::Farewell, Tone::Warm, Manner::Email, true);
    let source = Templates::shipped().source(DraftMove::Farewell).replace(
        "{{ parts.door_line() }}",
        "Thank you for the introduction to Priya Shah at Contoso in May 2021.\n{{ parts.door_line() }}",
    );
    let templates = Templates::shipped().with_override(DraftMove::Farewell, source).unwrap();
    let d = compose(&templates, &req, &g, now()).unwrap();
    let problems = unfounded(&d, &g, &req);
    for expected in ["the name \"Priya\"", "the name \"Contoso\"", "the date \"May 2021\"", "the number 2021"]
    {
        assert!(problems.iter().any(|p| p == expected), "{expected} missing from {problems:?}");
    }
}

// ---- facts ----

#[test]
fn appreciation_names_the_heaviest_then_latest_help() {
    let d = draft(DraftMove::Farewell, Tone::Warm, Manner::Email, &rich());
    assert_eq!(
        d.cited.first().map(String::as_str),
        Some("the introduction to Dana Reyes at Northwind in March 2024"),
        "an introduction (3) outweighs feedback and advice (1)"
    );
    assert!(d.body.contains(
        "the introduction to Dana Reyes at Northwind in March 2024 and your feedback in January 2025"
    ));
    let mut g = rich();
    g.exchanges.push(exchange(9, ExchangeKind::Advice, Giver::Them, ExchangeStatus::Given, "2026-07-01", ""));
    let later = draft(DraftMove::Farewell, Tone::Warm, Manner::Email, &g);
    assert!(!later.body.contains("July 2026"), "help dated after now is left out");
}

#[test]
fn interactions_give_how_long_and_the_last_contact() {
    let facts = rich().facts(now());
    assert_eq!(facts.known_since.as_deref(), Some("since March 2019"));
    assert_eq!(facts.known_for.as_deref(), Some("more than seven years"));
    assert_eq!(facts.last_contact.as_deref(), Some("my email in May 2026"));
    assert_eq!(facts.talks.as_deref(), Some("two meetings and one call"));
    assert_eq!(facts.last_meeting.as_deref(), Some("our meeting “Roadmap review” in April 2026"));
    assert_eq!(facts.my_ask.as_deref(), Some("some advice (pricing the new workshop)"));
    assert_eq!(facts.their_asks.as_deref(), Some("two open requests"));
    assert_eq!(
        facts.gave,
        [
            "the reference I gave for you in May 2025 (for the Lumen role)",
            "a hand with your work in November 2025"
        ]
    );
    assert_eq!(bare().facts(now()).known_for, None);
}

#[test]
fn cited_lists_what_the_draft_states_in_order() {
    let d = draft(DraftMove::ReciprocityTalk, Tone::Warm, Manner::Email, &rich());
    assert_eq!(
        d.cited,
        [
            "the reference I gave for you in May 2025 (for the Lumen role)",
            "a hand with your work in November 2025",
            "two open requests",
            "the introduction to Dana Reyes at Northwind in March 2024",
            "your feedback in January 2025",
        ]
    );
    for c in &d.cited {
        assert!(d.body.contains(c.as_str()));
    }
}

#[test]
fn the_same_facts_give_the_same_draft() {
    for &what in DraftMove::ALL {
        let a = draft(what, Tone::Light, Manner::Email, &rich());
        let mut shuffled = rich();
        shuffled.exchanges.reverse();
        shuffled.interactions.reverse();
        let b = draft(what, Tone::Light, Manner::Email, &shuffled);
        assert_eq!(a, b, "{what}");
        assert_eq!(
            a.render(DraftFormat::Eml, &envelope(&rich())),
            b.render(DraftFormat::Eml, &envelope(&rich()))
        );
    }
}

#[test]
fn the_reason_is_the_owners_and_the_door_the_moves_default() {
    let mut req = DraftRequest::new(DraftMove::Farewell, Manner::Email);
    req.reason = Some("  the project is complete ".into());
    let open = compose(&Templates::shipped(), &req, &bare(), now()).unwrap();
    assert!(open.body.contains("The project is complete."), "{}", open.body);
    assert!(open.body.contains("always welcome to get in touch"));
    req.door = Some(Door::Closed);
    let closed = compose(&Templates::shipped(), &req, &bare(), now()).unwrap();
    assert!(!closed.body.contains("always welcome") && closed.body.contains("I wish you every success"));
    assert_eq!(DraftMove::Reconnect.default_door(), None);
    assert_eq!(DraftMove::Distance.default_door(), Some(Door::Closed));
}

#[test]
fn a_reference_is_asked_for_only_when_it_went_well() {
    let mut req = request(DraftMove::ClientThanks, Tone::Warm, Manner::Email, true);
    let asked = compose(&Templates::shipped(), &req, &rich(), now()).unwrap();
    assert!(asked.body.contains("reference"));
    assert!(asked.body.contains("the Atlas migration"));
    req.went_well = false;
    let not = compose(&Templates::shipped(), &req, &rich(), now()).unwrap();
    assert!(!not.body.contains("reference"), "{}", not.body);
}

#[test]
fn manner_follows_the_tier() {
    let manners: Vec<Manner> = Tier::ALL.iter().map(|&t| Manner::for_tier(t)).collect();
    use Manner::*;
    assert_eq!(manners, [Conversation, Conversation, Email, Email, Email]);
    assert_eq!("client-thanks".parse::<DraftMove>().unwrap(), DraftMove::ClientThanks);
    assert_eq!(Tone::default(), Tone::Warm);
}

// ---- templates ----

#[test]
fn a_user_template_replaces_the_shipped_one() {
    let source =
        "Subject: Hello {{ first_name }}\n\nThanks for everything{% if thanks %}, {{ thanks }}{% endif %}.\n";
    let templates = Templates::shipped().with_override(DraftMove::Farewell, source.to_owned()).unwrap();
    assert!(templates.is_overridden(DraftMove::Farewell) && !templates.is_overridden(DraftMove::Pause));
    assert_eq!(templates.source(DraftMove::Farewell), source);
    assert_eq!(Templates::file_name(DraftMove::Farewell), "farewell.j2");
    let req = DraftRequest::new(DraftMove::Farewell, Manner::Email);
    let d = compose(&templates, &req, &rich(), now()).unwrap();
    assert_eq!(d.subject, "Hello Sam");
    assert_eq!(
        d.body,
        "Thanks for everything, the introduction to Dana Reyes at Northwind in March 2024 and your feedback in January 2025."
    );
    assert_eq!(d.cited.len(), 2);
}

#[test]
fn a_broken_template_is_named() {
    let err = Templates::shipped()
        .with_override(DraftMove::CheckIn, "Subject: hi\n{% if thanks %}unclosed".to_owned())
        .unwrap_err();
    let ComposeError::Template { name, detail } = &err else { panic!("{err:?}") };
    assert_eq!(name, "check_in.j2");
    assert!(detail.contains("check_in.j2"), "{detail}");
    assert!(err.to_string().starts_with("the template check_in.j2 has an error"), "{err}");

    let typo =
        Templates::shipped().with_override(DraftMove::Pause, "Subject: x\n{{ frist_name }}".into()).unwrap();
    let req = DraftRequest::new(DraftMove::Pause, Manner::Email);
    let err = compose(&typo, &req, &bare(), now()).unwrap_err();
    assert!(matches!(&err, ComposeError::Template { name, .. } if name == "pause.j2"), "{err:?}");

    let no_subject = Templates::shipped().with_override(DraftMove::Pause, "Hello".into()).unwrap();
    let err = compose(&no_subject, &req, &bare(), now()).unwrap_err();
    assert_eq!(err, ComposeError::MissingSubject { name: "pause.j2".into() });
    let no_body = Templates::shipped().with_override(DraftMove::Pause, "Subject: x\n\n".into()).unwrap();
    assert_eq!(
        compose(&no_body, &req, &bare(), now()).unwrap_err(),
        ComposeError::EmptyBody { name: "pause.j2".into() }
    );
}

// ---- formats ----

#[test]
fn text_and_markdown_frame_the_body() {
    let g = rich();
    let email = draft(DraftMove::Pause, Tone::Warm, Manner::Email, &g);
    let text = email.render(DraftFormat::Text, &envelope(&g));
    assert_eq!(text, format!("Subject: {}\n\n{}\n", email.subject, email.body));
    let talk = draft(DraftMove::Pause, Tone::Warm, Manner::Conversation, &g);
    let md = talk.render(DraftFormat::Markdown, &envelope(&g));
    assert!(md.starts_with("# Talking points for a call or meeting with Sam Rivera: "), "{md}");
    assert!(md.lines().skip(2).all(|l| l.starts_with("- ") || l.is_empty()), "{md}");
}

fn parse(eml: &str) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default().parse(eml.as_bytes()).expect("the draft parses")
}

#[test]
fn eml_round_trips_through_a_mail_parser() {
    let g = rich();
    let mut d = draft(DraftMove::Farewell, Tone::Warm, Manner::Email, &g);
    d.subject = "Merci, Zoë — à bientôt, et bonne continuation pour la suite de l’aventure".into();
    let env = Envelope {
        from: Some((Some("Kim, Alex \"AK\"".into()), "alex@example.com".into())),
        to: Some(("Sam Rivéra".into(), "sam@example.com".into())),
        ..envelope(&g)
    };
    let eml = d.render(DraftFormat::Eml, &env);
    assert!(eml.split("\r\n").all(|l| l.len() <= 78 && !l.contains('\n')), "{eml}");
    assert!(eml.is_ascii());
    assert!(eml.contains("\r\nX-Unsent: 1\r\n") && eml.contains("\r\nMessage-ID: <d_test@kith.invalid>\r\n"));
    assert!(eml.contains("\r\nDate: Mon, 01 Jun 2026 10:00:00 +0000\r\n"), "{eml}");
    let m = parse(&eml);
    let from = m.from().and_then(|a| a.first()).unwrap();
    assert_eq!((from.name(), from.address()), (Some("Kim, Alex \"AK\""), Some("alex@example.com")));
    let to = m.to().and_then(|a| a.first()).unwrap();
    assert_eq!((to.name(), to.address()), (Some("Sam Rivéra"), Some("sam@example.com")));
    assert_eq!(m.subject(), Some(d.subject.as_str()));
    assert_eq!(m.body_text(0).unwrap().replace("\r\n", "\n").trim_end(), d.body);
}

#[test]
fn eml_without_a_sender_and_with_talking_points() {
    let g = bare();
    let d = draft(DraftMove::CheckIn, Tone::Light, Manner::Conversation, &g);
    let env =
        Envelope { from: None, to: Some(("Sam Rivera".into(), "sam@example.com".into())), ..envelope(&g) };
    let eml = d.render(DraftFormat::Eml, &env);
    assert!(!eml.contains("From:"));
    let m = parse(&eml);
    assert_eq!(m.subject(), Some(d.subject.as_str()));
    assert_eq!(m.body_text(0).unwrap().replace("\r\n", "\n").trim_end(), d.body);
    let crowd = Envelope { to: Some(("Sam ".repeat(300), "sam@example.com".into())), ..env.clone() };
    let eml = d.render(DraftFormat::Eml, &crowd);
    assert!(eml.split("\r\n").all(|l| l.len() <= 78), "a long name folds");
    let to = parse(&eml).to().and_then(|a| a.first()).and_then(|a| a.name()).map(str::to_owned);
    assert_eq!(to.as_deref(), Some("Sam ".repeat(300).trim_end()));
    let long = "word ".repeat(400);
    let mut wide = d.clone();
    wide.body = format!("{long}\n= café");
    let eml = wide.render(DraftFormat::Eml, &env);
    assert!(eml.split("\r\n").all(|l| l.len() <= 76), "quoted-printable keeps lines short");
    assert_eq!(parse(&eml).body_text(0).unwrap().replace("\r\n", "\n").trim_end(), wide.body.trim_end());
}

#[test]
fn how_long_they_have_known_each_other_runs_from_the_first_contact_to_the_last() {
    // Two messages four days apart in February 2001 and nothing since: the log shows four
    // days of contact, not 25 years, so the draft says nothing about how long.
    let mut g = bare();
    g.interactions = vec![
        contact(1, "2001-02-05", Channel::Email, Direction::In, "Our new office"),
        contact(2, "2001-02-09", Channel::Email, Direction::Out, "Re: Our new office"),
    ];
    assert_eq!(g.facts(now()).known_for, None);
    let d = draft(DraftMove::Farewell, Tone::Warm, Manner::Email, &g);
    assert!(!d.body.contains("known each other for"), "{}", d.body);
    assert!(!d.body.contains("years"), "{}", d.body);
    // From 4 March 2019 to 20 April 2021: two whole years and seven weeks, whatever today is.
    g.interactions = vec![
        contact(1, "2019-03-04", Channel::Email, Direction::In, "Hello from the meetup"),
        contact(2, "2021-04-20", Channel::Call, Direction::Mutual, ""),
    ];
    assert_eq!(g.facts(now()).known_for.as_deref(), Some("more than two years"));
}
