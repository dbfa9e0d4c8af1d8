//! The rules and the shipped model on sentences written for these tests.

use super::*;
use crate::ExchangeKind::*;

fn read(sentence: &str) -> (Act, Option<ExchangeKind>) {
    let r = classify(sentence);
    (r.act, r.kind)
}

#[test]
fn requests_are_asks_of_the_reader() {
    assert_eq!(
        read("Could you connect me with someone on their platform team?"),
        (Act::Request, Some(Introduction))
    );
    assert_eq!(
        read("Would you mind looking over my cover letter before Friday?"),
        (Act::Request, Some(Feedback))
    );
    assert_eq!(read("Can you send me the spreadsheet when you get a chance?"), (Act::Request, Some(Content)));
    assert_eq!(
        read("Could you be a reference for my application to the fund?"),
        (Act::Request, Some(Reference))
    );
}

#[test]
fn offers_and_commitments_are_the_writer_s() {
    assert_eq!(
        read("Let me know if there is anything I can do to help with the launch."),
        (Act::Offer, Some(Help))
    );
    assert_eq!(read("Would you like me to introduce you to Tomás Herrera?").0, Act::Offer);
    assert_eq!(read("I'll forward you the slides from my talk tonight."), (Act::Offer, Some(Content)));
    assert_eq!(read("I'd be happy to send a few clients your way."), (Act::Offer, Some(Referral)));
}

#[test]
fn deliveries_are_done_in_the_message() {
    assert_eq!(read("Attached is my review of the onboarding flow."), (Act::Delivery, Some(Feedback)));
    assert_eq!(read("Here's the podcast episode we talked about."), (Act::Delivery, Some(Content)));
    let intro = classify("Ines, meet Bruno Adeyemi, who led payments at my last company.");
    assert_eq!((intro.act, intro.kind), (Act::Delivery, Some(Introduction)));
    assert_eq!(intro.note.as_deref(), Some("to Bruno Adeyemi"));
    // A question about an attachment is not a delivery.
    assert_ne!(read("Did you get the attached invoice?").0, Act::Delivery);
    // Seen on a real mailing list: "here's" that only points, and work written earlier,
    // hand nothing over.
    assert_ne!(read("Ah, here's where I meant to put the welcome text.").0, Act::Delivery);
    assert_ne!(read("The trouble here is that the cache never expires.").0, Act::Delivery);
    assert_ne!(read("Sadly the scripts I've written so far are rough.").0, Act::Delivery);
    assert_eq!(read("So here is the checklist you asked for.").0, Act::Delivery);
    // Seen on real lists: code that introduces tests, and a reader told to refer to a
    // message, are no introduction and no referral.
    assert_ne!(
        read("The attached patch is split into the commits that introduce the tests.").1,
        Some(Introduction)
    );
    assert_ne!(read("To find your address, refer to the welcome message.").1, Some(Referral));
    assert_eq!(read("Would you refer me to a good accountant?").1, Some(Referral));
    // Seen on a real mailing list: a newcomer introducing themselves introduces nobody.
    assert_ne!(read("As the welcome note asked, I am introducing myself.").0, Act::Delivery);
    // A reference given in this message is delivered.
    assert_eq!(
        read("I gave their hiring manager a warm reference for you."),
        (Act::Delivery, Some(Reference))
    );
}

#[test]
fn thanks_is_for_something_received_only() {
    assert_eq!(
        read("Thank you so much for vouching for me with the hiring panel."),
        (Act::Thanks, Some(Reference))
    );
    assert_eq!(read("Many thanks for the tips on negotiating the salary."), (Act::Thanks, Some(Advice)));
    assert_eq!(read("Thanks for lending me your projector last week."), (Act::Thanks, Some(Favor)));
    // Sign-offs and thanks for the message itself are nothing received.
    for courtesy in [
        "Thanks,",
        "Thanks!",
        "Thank you, Marta",
        "Thanks for your quick reply.",
        "Thanks for getting back to me so fast.",
    ] {
        assert_eq!(read(courtesy), (Act::None, None), "{courtesy}");
    }
    // Thanks in advance asks.
    assert_eq!(read("Thanks in advance for any feedback on the draft."), (Act::Request, Some(Feedback)));
    assert_eq!(read("I'd appreciate an intro to whoever runs hiring there.").0, Act::Request);
}

#[test]
fn other_sentences_are_none_without_a_kind() {
    for sentence in
        ["The train was forty minutes late this morning.", "Our quarterly numbers came in above plan."]
    {
        let r = classify(sentence);
        assert_eq!((r.act, r.kind, r.note), (Act::None, None, None), "{sentence}");
        assert!(r.confidence > 0.5);
    }
}

#[test]
fn the_kind_follows_what_the_sentence_is_about() {
    let tokens = |s: &str| tokens::Tokens::of(s);
    let kind = |s: &str| rules::kind(s, tokens(s).as_slice()).0;
    assert_eq!(kind("put me in touch with her"), Some(Introduction));
    assert_eq!(kind("could you recommend me to your client"), Some(Referral));
    assert_eq!(kind("a letter of recommendation"), Some(Reference));
    assert_eq!(kind("what's your take on the term sheet"), Some(Advice));
    assert_eq!(kind("some comments on the proposal"), Some(Feedback));
    assert_eq!(kind("the whitepaper we wrote"), Some(Content));
    assert_eq!(kind("a hand with the migration"), Some(Help));
    assert_eq!(kind("lunch on Tuesday"), None);
}

#[test]
fn an_introduction_notes_whom_it_is_to() {
    let note = |s: &str| classify(s).note;
    assert_eq!(note("Could you introduce me to Lena Fischer?").as_deref(), Some("to Lena Fischer"));
    assert_eq!(note("Happy to put you in touch with Omar, he ran sales there.").as_deref(), Some("to Omar"));
    assert_eq!(note("Thanks for the intro to Keiko!").as_deref(), Some("to Keiko"));
    // No name, no note; and the note is only for introductions.
    assert_eq!(note("Could you introduce me to someone in procurement?"), None);
    assert_eq!(note("Could you review the deck for Lena?"), None);
}

#[test]
fn a_reading_serializes_as_the_command_prints_it() {
    let r = Reading { act: Act::Offer, kind: Some(Help), note: None, confidence: 0.5 };
    assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"act":"offer","kind":"help","confidence":0.5}"#);
    assert_eq!("thanks".parse::<Act>().unwrap(), Act::Thanks);
}
