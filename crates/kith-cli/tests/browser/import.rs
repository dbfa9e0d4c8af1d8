//! Importing from the browser: an address book chosen on the import page is uploaded,
//! the job's page follows it to the summary the command line prints, and its people are
//! then found and judged like everyone else.

use crate::harness::Ui;
use std::path::Path;

/// Five people of a real address book, from calcard's test files.
const BOOK: &str = "../kith-import/tests/data/vcard/calcard/005.vcf";

/// How many relationships Today says it assessed.
fn assessed(ui: &Ui) -> usize {
    ui.visit("/");
    let lede = ui.text_of("main .lede");
    lede.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{lede}"))
}

#[test]
fn an_address_book_uploaded_on_the_import_page_brings_its_people_in() {
    let Some(ui) = Ui::start() else { return };
    ui.sign_in();
    let before = assessed(&ui);

    ui.click("nav[aria-label='Main'] a[href='/import']");
    ui.wait_for_path("/import");
    assert_eq!(ui.text_of("main h1"), "Import");
    assert_eq!(ui.text_of("label[for=import-files]"), "Files to import");
    assert_eq!(ui.attr("#import-format option[selected]", "value").as_deref(), Some("detect"));
    assert!(ui.text_of("#import-files-help").contains("Up to 1 GiB in all"));

    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join(BOOK).canonicalize().expect("the fixture");
    ui.choose_file("#import-files", &book);
    ui.click(".import-form button[type=submit]");
    // The job's page follows the import until it is done, without reloading.
    ui.wait_for("#import-job[data-state=done]");
    assert!(ui.path().starts_with("/import/"), "{}", ui.path());
    let summary = ui.text_of(".import-lines");
    assert!(summary.contains("005.vcf (vcard): 5 contacts"), "{summary}");
    assert!(summary.contains("imported 5, merged 0, updated 0, unchanged 0, skipped 0"), "{summary}");
    assert_eq!(ui.text_of("#import-no-problems"), "None: every record could be read.");

    // At a phone's width the page keeps to the screen.
    ui.window(375, 800);
    let wide = ui.script("return document.documentElement.scrollWidth > window.innerWidth", vec![]);
    assert_eq!(wide, serde_json::json!(false));
    ui.window(1200, 900);

    // The people are there, and Today judges them with everyone else.
    ui.visit("/people?q=Kreutzer");
    assert!(ui.text_of("#people-results").contains("Marita Kreutzer"));
    assert_eq!(assessed(&ui), before + 5);
}
