//! The whole flow on the demo database: sign in, open Today, find a person, open
//! their page and check the timeline against the log, write a farewell on the compose
//! page, mark it sent on the draft's page, end the tie with the door open there, and see
//! the check-in scheduled on Today.
//!
//! Every step is the browser's; the command line, on the same database while it is
//! served, only checks what the pages did.

use crate::harness::Ui;
use crate::webdriver;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Someone the demo keeps active, with a history to look at.
const WHO: &str = "Elena Sokolova";

#[test]
fn a_farewell_sent_ends_a_tie_with_the_door_open_and_schedules_a_check_in() {
    let Some(ui) = Ui::start() else { return };

    // Sign in and open Today.
    ui.visit("/");
    ui.sign_in();
    ui.wait_for_path("/");
    assert_eq!(ui.text_of("main h1"), "Today");
    assert!(ui.exists("#attention-heading"), "the demo has people who need the owner");

    // Search the person on the People page as a person does: typing, no button. The list
    // follows the typing (our script fetches the same page and swaps the list in), and
    // her link opens her page.
    ui.click("nav a[href='/people']");
    ui.wait_for_path("/people");
    ui.fill("#q", "Sokol");
    // Read in one script: the list may be swapped between two reads.
    let names = "return Array.from(document.querySelectorAll('#people-results tbody th a'), a => a.textContent.trim())";
    ui.wait_until("the list to narrow to her", || ui.script(names, vec![]) == json!([WHO]));
    assert!(ui.path().contains("q=Sokol"), "the address follows the search: {}", ui.path());
    ui.click("#people-results tbody th a");
    let shown = ui.kith_json(&["show", WHO]);
    let id = shown["person"]["id"].as_str().unwrap_or_else(|| panic!("an id in {shown}")).to_owned();
    assert_eq!(shown["person"]["stage"], "active", "{WHO} is active in the demo: {shown}");

    // Their page, and its timeline chart against the log: every month from the first
    // contact to now has a bar, and each bar counts that month's contacts (the server and
    // the command line both run in UTC here, so a month is the first seven characters of
    // a contact's time).
    ui.wait_for_path(&format!("/people/{id}"));
    assert_eq!(ui.text_of("main h1"), WHO);
    let mut logged: BTreeMap<String, u64> = BTreeMap::new();
    for contact in shown["interactions"].as_array().unwrap_or_else(|| panic!("a log in {shown}")) {
        let at = contact["at"].as_str().unwrap_or_else(|| panic!("a time in {contact}"));
        *logged.entry(at[..7].to_owned()).or_default() += 1;
    }
    assert!(!logged.is_empty(), "{WHO} has a history in the demo");
    let bars: BTreeMap<String, u64> = ui
        .all("svg.timeline g.bar")
        .iter()
        .map(|bar| {
            let month = ui.attr_of(bar, "data-month").expect("a bar names its month");
            let total = ui.attr_of(bar, "data-total").and_then(|t| t.parse().ok()).expect("a bar counts");
            (month, total)
        })
        .collect();
    let first = logged.keys().next().cloned().unwrap_or_default();
    assert_eq!(bars.keys().next(), Some(&first), "the chart starts at the first contact's month");
    for (month, total) in &bars {
        assert_eq!(
            logged.get(month).copied().unwrap_or(0),
            *total,
            "the bar of {month}: {bars:?} against {logged:?}"
        );
    }
    assert_eq!(bars.values().sum::<u64>(), logged.values().sum::<u64>(), "every contact is in a bar");

    // Ending a tie without a farewell is refused, whoever asks: the API says why.
    let end = json!({ "stage": "ended", "door": "open", "reason": "I am moving to Lisbon" });
    let stage_path = format!("/api/v1/people/{id}/stage");
    let (status, refused) = ui.api("POST", &stage_path, Some(&end));
    assert_eq!(status, 422, "{refused}");
    assert!(refused["detail"].as_str().is_some_and(|d| d.contains("farewell")), "{refused}");

    // Write the farewell on the compose page, opened from her page's plan when it offers
    // a draft (whichever move it suggests), else by its address: choose the farewell, give
    // the reason, keep it. The draft's page shows it with the facts it states.
    let plan_link = "#plan-h ~ ol a.action-link[href*='/compose']";
    if ui.exists(plan_link) {
        ui.click(plan_link);
    } else {
        ui.visit(&format!("/people/{id}/compose?move=farewell"));
    }
    ui.wait_until("the compose page", || ui.path().starts_with(&format!("/people/{id}/compose")));
    assert_eq!(ui.text_of("main h1"), format!("Write to {WHO}"));
    ui.click("#move-farewell");
    ui.fill("#compose-reason", "I am moving to Lisbon");
    ui.click("#compose-form button[type='submit']");
    ui.wait_until("the draft's page", || ui.path().starts_with("/drafts/"));
    let draft_id = ui.path().trim_start_matches("/drafts/").to_owned();
    assert!(draft_id.starts_with("d_"), "{draft_id}");
    assert!(ui.text_of("#draft-text").contains("Lisbon"), "the reason is in the draft");
    assert!(ui.exists("#cited-h"), "the facts it states are listed");
    let kept = ui.kith_json(&["drafts", "show", &draft_id]);
    assert_eq!(kept["move"], "farewell", "{kept}");
    assert_eq!(kept["person"], id.as_str(), "{kept}");
    let first_line = kept["body"].as_str().and_then(|b| b.lines().next()).unwrap_or_default().to_owned();
    assert!(ui.text_of("#draft-text").starts_with(first_line.trim()), "the page shows the draft kept");
    // Our script shows the copy button.
    assert!(ui.shown("button[data-copy='draft-text']"), "the copy button shows with the script");

    // Mark it sent on the draft's page; the page then offers the ending.
    ui.click("#sent-form button[type='submit']");
    ui.wait_for("#stage-form");
    assert!(ui.text_of("#next").contains("without ghosting"), "{}", ui.text_of("#next"));

    // End the tie with the door open on the draft page's stage form, checking in every
    // two weeks; it goes to her page.
    ui.click("#stage-door option[value='open']");
    ui.fill("#stage-every", "2w");
    ui.fill("#stage-reason", "I am moving to Lisbon");
    ui.click("#stage-form button[type='submit']");
    ui.wait_for_path(&format!("/people/{id}"));
    ui.wait_until("her stage to show as ended", || {
        ui.texts_of("#stages-h + ul li strong").contains(&"ended".to_owned())
    });
    let history = ui.text_of("#stages-h + ul");
    assert!(history.contains("I am moving to Lisbon"), "{history}");
    let notes = ui.text_of("section[aria-labelledby='notes-h']");
    assert!(notes.contains(&draft_id), "the ending's note names the farewell it used: {notes}");
    assert!(notes.contains("stage:ended"), "her stage tag: {notes}");
    assert!(ui.text_of("#checkins-h + ul").contains("every 14 days"), "the page shows the check-in");
    let every = 14;
    // The API is the server token's alone.
    let (status, _) = webdriver::http(ui.address(), "POST", &stage_path, &[], &end.to_string())
        .expect("the server answers");
    assert_eq!(status, 401);

    // See the check-in scheduled: Today lists it, and the command line agrees.
    ui.visit("/");
    ui.wait_for("#checkins-heading");
    let due = ui.text_of("#checkins-heading + ul");
    assert!(due.contains(WHO), "Today's check-ins name her: {due}");
    let checkins = ui.kith_json(&["checkins", "--within", "1y"]);
    let hers: Vec<&Value> = checkins
        .as_array()
        .unwrap_or_else(|| panic!("a list of check-ins: {checkins}"))
        .iter()
        .filter(|c| c["person"] == id.as_str())
        .collect();
    assert_eq!(hers.len(), 1, "one check-in with {WHO}: {checkins}");
    assert_eq!(hers[0]["name"], WHO);
    assert_eq!(hers[0]["every_days"].as_u64(), Some(every), "{checkins}");
    assert_eq!(hers[0]["done_at"], Value::Null);
    assert_eq!(shown_stage(&ui, &id), "ended");

    // The pages still open after the change, signed in.
    ui.visit("/");
    ui.wait_for("nav[aria-label='Main']");
}

/// The person's stage as `kith show` gives it.
fn shown_stage(ui: &Ui, id: &str) -> String {
    ui.kith_json(&["show", id])["person"]["stage"].as_str().unwrap_or_default().to_owned()
}
