//! Real messages through `written_text`, `own_words` and `sentences`: the sentences each
//! message's writer wrote in it, worked out by reading the raw message (its MIME parts,
//! decoded by hand where encoded) and deciding, line by line, what the writer wrote and
//! what came from elsewhere. The fixtures are in `tests/data/mail/bodies/` (README
//! there: origin and license).

use crate::support::data;
use kith_import::mail::body::{own_words, sentences, written_text};

/// The message file `path` (under `tests/data/mail/bodies`), its written text.
fn text_of(path: &str) -> String {
    let full = data().join("mail/bodies").join(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    written_text(&bytes).unwrap_or_else(|| panic!("{path} has no text"))
}

/// The sentences of the writer's own words in the message file `path`.
fn sentences_of(path: &str) -> Vec<String> {
    sentences(&own_words(&text_of(path)))
}

#[test]
fn an_interleaved_reply_keeps_the_answers_and_drops_the_signature() {
    // Antony Stone answers a question on the httpd users list, iso-8859-15, 7bit. The
    // text opens with "On Friday 10 July 2020 at 23:54:05, Jack M. Nilles wrote:", then
    // three quoted lines ("> I recently updated…"), then his answer in two paragraphs
    // (the second hard-wrapped after "certificates and"), his name, then "-- " and a
    // quotation he signs all his mail with, and the list's footer under a rule of
    // dashes. The header introduces a quote he answers below it: the answer is his. The
    // signature and the footer go.
    assert_eq!(
        sentences_of("ponymail/httpd-users-2020-07-033.eml"),
        [
            "Never mind what systemd tells you - what's in your apache log files?",
            "Also, have you checked the ownership & permissions of the new certificates and keys are the same as the old ones?",
            "Antony.",
        ]
    );
}

#[test]
fn an_outlook_original_message_block_ends_the_words() {
    // Artem, us-ascii: a greeting line ("Hi all!"), one line of three sentences, then
    // "--", "Regards,", "Art" and Outlook's "-----Original Message-----" with From,
    // Sent, To and a Subject wrapped over two lines, and his earlier post, not quoted.
    // The "--" line is his signature rule; everything from it on goes.
    assert_eq!(
        sentences_of("ponymail/httpd-users-2020-07-086.eml"),
        ["Hi all!", "Is my email went to mail list successfully?", "I am just not sure.", "Thanks!"]
    );
}

#[test]
fn a_quoted_printable_windows_1252_reply_over_an_outlook_rule() {
    // Joel, multipart/alternative: text/plain in windows-1252, quoted-printable (soft
    // line breaks join each paragraph into one line; =92 is the right single quote, but
    // his apostrophes here are ASCII), and the same in text/html, which is left aside.
    // Three paragraphs, then "Joel" and "973 736 8306" (a name and a phone number, no
    // sign-off), then a rule of underscores over "From: angel Hall-Coulston", "Sent:",
    // "To:", "Subject:" and the earlier messages. The rule and what follows are the
    // thread; the name and number, a signature. "etc." does not end a sentence even
    // before a capital (the rule for abbreviations), so the second paragraph's last two
    // sentences stay one.
    let text = text_of("ponymail/httpd-users-2020-07-076.eml");
    assert!(text.contains("don’t actually use them"), "=92 decoded as windows-1252 in the quoted part");
    assert_eq!(
        sentences(&own_words(&text)),
        [
            "Thanks.",
            "I am guessing that I do have read/write access because I upload and remove the all of the files on the site, including .htaccess on the main branch.",
            "Further, after logging in via the command line, I was able to navigate anywhere I could otherwise go in the file manager in cPanel.",
            "Being on a shared server, I thus don't have root access or access to httpd.conf.",
            "Since it's my site, I am the one who configured and uploaded the initial .htaccess file (after studying the Apache documentation for some time).",
            "The file includes a few redirects, 400/403/404 errors, etc. Since I rarely deal with this file, I am now relearning and further delving into the .htaccess configuration options for a subdomain that I'm building and wish to behave differently than the main site.",
            "Thank you again for your time and assistance.",
        ]
    );
}

#[test]
fn a_base64_reply_from_a_phone_with_the_original_run_on() {
    // dmallor, from Samsung's mail app: multipart/alternative, both parts UTF-8 in
    // base64. Decoded, the plain part is one line of his words ending with his name
    // ("… exclude paths. Danny"), then "-------- Original message --------" with the
    // quoted header fields run on after the dashes on the same line ("…--------From:
    // Eric Covener …") and the quoted thread. The separator ends his words.
    assert_eq!(
        sentences_of("ponymail/httpd-users-2020-07-053.eml"),
        [
            "Appreciate the feedback.",
            "Rewrite was certainly my first choice and allows me to exclude paths.",
            "Danny",
        ]
    );
}

#[test]
fn a_dutch_phone_forward_of_the_original() {
    // Robert Scholte, from a Samsung phone set to Dutch: his paragraph (its last
    // sentence has no stop, and his name follows on the next line, so they join), a
    // blank line, "Verzonden vanaf mijn Samsung Galaxy-smartphone." ("Sent from my …")
    // and "-------- Oorspronkelijk bericht --------" ("Original message") with the
    // fields run on, over Stephen Connolly's whole message, unquoted. The client's line
    // ends Robert's words; nothing of Stephen's message is his.
    let text = text_of("ponymail/maven-dev-2017-11-listsao-052.eml");
    assert!(text.contains("Discussion points:"), "the original is in the text");
    assert_eq!(
        sentences(&own_words(&text)),
        [
            "One thing I'd like to change is that if a module is a dependency it must really behave like one.",
            "It should not be the MavenProject, that should only be used for building *that* project.",
            "It should act as if it was downloaded via the artifact resolver Robert",
        ]
    );
}

#[test]
fn a_signature_block_without_a_sign_off() {
    // Darryl Baker, multipart/alternative (plain and HTML, quoted-printable): three
    // paragraphs, then nine lines of name, pronouns, title, department, university,
    // street, suite, city, address and phone, with no sign-off and nothing after. The
    // nine lines are a signature: names and titles in capitals, an address and phone
    // numbers. The curly quotes around "dev." and "." are UTF-8 in the part; the stop
    // inside the closing quote ends a sentence when a capital follows.
    assert_eq!(
        sentences_of("ponymail/httpd-users-2020-07-023.eml"),
        [
            "I am getting a set of over 50 sites moved over to my server from elsewhere and the content manager want to duplicate each of these in a dev subdomain.",
            "An example eatatjoes.example.com and eatatjoes.dev.example.com.",
            "I am thinking that I can include the same configuration file twice if I replace the “dev.” with a macro.",
            "The first time in include the file the macro has the value of “.”",
            "And the second time the value of the macro is “dev.”",
            "I would do something similar for the document directory.",
            "Is there a way of keeping some directives from being in the live configuration for just the second time I include the file?",
            "In my case there are likely to be redirects as they test a site prior to a relaunch.",
            "They like to keep bookmarks working even after restructuring a site.",
        ]
    );
}

#[test]
fn a_hotmail_reply_over_a_quote_an_advert_and_the_list_footer() {
    // 2006, text/plain with format=flowed and no charset: one line of the writer's, then
    // two blank lines and the whole earlier thread quoted with ">" (an Outlook Express
    // "----- Original Message -----" inside the quote does not count: it is quoted),
    // then Hotmail's advert under a rule of underscores and the list's footer under a
    // rule of dashes. Only the first line is the writer's.
    assert_eq!(
        sentences_of("ponymail/httpd-users-200606-part-004.eml"),
        ["Please remove me from your mailing list immediately.", "Thank you."]
    );
}

#[test]
fn an_html_only_message_is_read_as_text() {
    // Nexus's notification: multipart/related holding only text/html, UTF-8, 7bit:
    // "Message from: <a…>https://repository.apache.org</a><br><br><b>Description:</b>…"
    // Turned into text, each <br> is a line break and each pair a paragraph; the three
    // list items of "Deployer properties" come out run together on one line, which,
    // with the "Details:" line under it and no blank line between, makes one sentence.
    let text = text_of("ponymail/nexus-html-only-000.eml");
    assert!(!text.contains('<'), "no markup left: {text:?}");
    assert_eq!(
        sentences(&own_words(&text)),
        [
            "Message from: https://repository.apache.org",
            "Description:",
            "Accidental publication.",
            "Deployer properties: \"userAgent\" = \"Apache-Maven/3.3.9 (Java 1.8.0_91; Linux 3.10.0-327.18.2.el7.x86_64)\"\"userId\" = \"jochen\"\"ip\" = \"213.61.172.194\" Details:",
            "The orgapachecommons-1174 staging repository has been dropped.",
            "Action performed by Jochen Wiedmann (jochen)",
        ]
    );
}

#[test]
fn an_attached_text_file_and_the_html_alternative_are_left_aside() {
    // MimeKit's body.6.txt: multipart/mixed of a multipart/alternative (first a
    // multipart/related of text/html and two images, then text/plain "This is the text
    // body.") and a text/plain attachment (Content-Disposition: attachment,
    // document.txt: "This is an attached document."). The text is the plain
    // alternative; the HTML comes first but a plain part is preferred; the attached
    // document is a file, not words.
    let text = text_of("mimekit/body.6.txt");
    assert_eq!(text.trim_end(), "This is the text body.");
    assert!(!text.contains("attached document"));
    assert_eq!(sentences(&own_words(&text)), ["This is the text body."]);
}

#[test]
fn a_message_forwarded_as_an_attachment_is_not_the_writers() {
    // MimeKit's simple-embedded-message.eml (Outlook 12): multipart/mixed of text/plain
    // "This is the message body." and a message/rfc822 part, the forwarded message,
    // whose own body is "This is the embedded message body.". Only the first is the
    // writer's.
    let text = text_of("mimekit/simple-embedded-message.eml");
    assert!(!text.contains("embedded"), "{text:?}");
    assert_eq!(sentences(&own_words(&text)), ["This is the message body."]);
}

#[test]
fn an_iso_2022_jp_body_is_decoded() {
    // MimeKit's japanese.txt: text/plain; charset=ISO-2022-JP, 7bit. The body is an
    // English line, a blank line, then four lines of escape sequences (ESC $ B … ESC ( B)
    // which decode to 日本語が / 正常に / 送れているか / テスト. — "whether Japanese is
    // sent correctly, a test". The English line ends with "..." and is a sentence; the
    // four Japanese lines are one paragraph, hard-wrapped, joined with spaces.
    let text = text_of("mimekit/japanese.txt");
    assert!(!text.contains('\u{1b}'), "escape sequences decoded: {text:?}");
    assert_eq!(
        sentences(&own_words(&text)),
        ["Let's see if both subject and body works fine...", "日本語が 正常に 送れているか テスト."]
    );
}
