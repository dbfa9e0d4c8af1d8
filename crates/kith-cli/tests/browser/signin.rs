//! Signing in, the layout every page shares, the keyboard and a phone's width.

use crate::harness::Ui;
use crate::webdriver::{ENTER, TAB};
use serde_json::json;

/// The main navigation's links, in order.
const NAV: [&str; 5] = ["Today", "People", "Network", "Clients", "Import"];

#[test]
fn signing_in_asks_for_the_token_refuses_a_wrong_one_and_lets_the_right_one_in() {
    let Some(ui) = Ui::start() else { return };

    // Any page asks a stranger to sign in, and says where the token is.
    ui.visit("/");
    ui.wait_for_path("/signin");
    assert_eq!(ui.text_of("main h1"), "Sign in");
    assert_eq!(ui.text_of("label[for=token]"), "Server token");
    assert_eq!(ui.attr("#token", "type").as_deref(), Some("password"));
    assert_eq!(ui.text_of("main code.path"), ui.token_file().display().to_string());
    assert!(!ui.exists("nav[aria-label='Main']"), "no navigation before signing in");

    // A wrong token is refused with a message tied to the field; no session is opened.
    ui.fill("#token", "not-the-token");
    ui.click("form[action='/signin'] button[type=submit]");
    let refusal = ui.text_of("[role=alert]");
    assert!(refusal.contains("not the token"), "{refusal}");
    assert_eq!(ui.attr("#token", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(ui.attr("#token", "aria-describedby").as_deref(), Some("signin-error"));
    assert!(!ui.exists("nav[aria-label='Main']"));
    ui.visit("/");
    ui.wait_for_path("/signin");

    // The right one lands on `/`, signed in: the navigation and a way to sign out.
    ui.sign_in();
    ui.wait_for_path("/");
    assert_eq!(ui.texts_of("nav[aria-label='Main'] a"), NAV);
    assert_eq!(ui.text_of(".site-header form[action='/signout'] button"), "Sign out");
    assert!(!ui.exists("[role=alert]"));

    // A page that does not exist says so, in the layout.
    ui.visit("/no-such-page");
    assert_eq!(ui.text_of("main h1"), "Not found");
    assert!(ui.text_of("main").contains("/no-such-page"));
    assert_eq!(ui.texts_of("nav[aria-label='Main'] a"), NAV);

    // Signing out closes the session: pages ask for the token again.
    ui.click(".site-header form[action='/signout'] button");
    ui.wait_for_path("/signin");
    ui.visit("/");
    ui.wait_for_path("/signin");
    assert!(!ui.exists("nav[aria-label='Main']"));

    // A page asked for before signing in is the one shown after.
    ui.visit("/people");
    ui.wait_for_path("/signin?next=%2Fpeople");
    ui.sign_in();
    ui.wait_for_path("/people");
}

#[test]
fn the_keyboard_reaches_the_skip_link_first_and_the_navigation_fits_a_phone() {
    let Some(ui) = Ui::start() else { return };
    ui.sign_in();
    ui.visit("/");

    // The first Tab lands on the skip link, shown while focused; Enter moves the focus
    // to the content.
    ui.press(TAB);
    let skip = ui.wait_for("a.skip-link");
    assert_eq!(ui.focused(), skip, "the first Tab lands on the skip link");
    assert_eq!(ui.text(&skip), "Skip to the content");
    assert_eq!(ui.attr_of(&skip, "href").as_deref(), Some("#main"));
    let top = ui.script("return document.activeElement.getBoundingClientRect().top;", vec![]);
    assert!(top.as_f64().is_some_and(|t| t >= 0.0), "the focused skip link is on screen (top {top})");
    ui.press(ENTER);
    let main = ui.wait_for("main#main");
    ui.wait_until("the focus on the content", || ui.focused() == main);

    // At 360 px the page does not scroll sideways and every link of the navigation is
    // on screen and can be followed.
    ui.window(360, 780);
    let width = ui.script("return window.innerWidth;", vec![]);
    assert!(width.as_u64().is_some_and(|w| w <= 400), "the window is a phone's width ({width})");
    let fits = ui.script(
        "const root = document.documentElement; return root.scrollWidth <= root.clientWidth;",
        vec![],
    );
    assert_eq!(fits, json!(true), "the page scrolls sideways at 360 px");
    let outside = ui.script(
        "return [...document.querySelectorAll(\"nav[aria-label='Main'] a, .site-header button\")]
            .filter(e => { const r = e.getBoundingClientRect();
                           return r.width === 0 || r.left < 0 || r.right > window.innerWidth; })
            .map(e => e.textContent.trim());",
        vec![],
    );
    assert_eq!(outside, json!([]), "links of the navigation off screen at 360 px");
    ui.click("nav[aria-label='Main'] a[href='/people']");
    ui.wait_for_path("/people");
    assert_eq!(ui.texts_of("nav[aria-label='Main'] a"), NAV);
}
