//! The Network and Clients pages on the demo database: everyone a dot on the rings, a dot
//! followed to the person's page, and the engagement's offboarding person by person as
//! the API gives it.

use crate::harness::Ui;

#[test]
fn a_dot_leads_to_its_person_and_the_engagement_shows_its_checklist() {
    let Some(ui) = Ui::start() else { return };
    ui.visit("/");
    ui.sign_in();
    ui.wait_for_path("/");

    // Everyone is a dot on the rings; the first (the closest tier's most urgent) is
    // followed to their page.
    ui.click("nav a[href='/network']");
    ui.wait_for_path("/network");
    assert_eq!(ui.text_of("main h1"), "Network");
    let people = ui.kith_json(&["person", "list"]);
    let people = people.as_array().unwrap_or_else(|| panic!("a list: {people}"));
    let dots = ui.all("svg.network-picture a.dot");
    assert_eq!(dots.len(), people.len(), "every person of the demo is a dot");
    let id = ui.attr_of(&dots[0], "data-id").expect("a dot names its person");
    assert_eq!(ui.attr_of(&dots[0], "data-tier").as_deref(), Some("inner"));
    ui.click(&format!("svg.network-picture a[data-id='{id}']"));
    ui.wait_for_path(&format!("/people/{id}"));
    let name =
        people.iter().find(|p| p["id"] == id.as_str()).unwrap_or_else(|| panic!("{id}"))["name"].clone();
    assert_eq!(ui.text_of("main h1"), name.as_str().unwrap_or_default());

    // The demo's engagement, its checklist person by person as the API gives it.
    ui.click("nav a[href='/engagements']");
    ui.wait_for_path("/engagements");
    let (status, engagements) = ui.api("GET", "/api/v1/engagements", None);
    assert_eq!(status, 200, "{engagements}");
    let engagement = &engagements[0];
    ui.click(".engagement-card h2 a");
    let eid = engagement["id"].as_str().unwrap_or_else(|| panic!("{engagement}"));
    ui.wait_for_path(&format!("/engagements/{eid}"));
    let org = engagement["org"].as_str().unwrap_or_default();
    let (status, standing) = ui.api("GET", &format!("/api/v1/orgs/{org}/offboarding?engagement={eid}"), None);
    assert_eq!(status, 200, "{standing}");
    let items = standing["checklist"]["items"].as_array().unwrap_or_else(|| panic!("{standing}"));
    assert!(!items.is_empty(), "the demo's engagement has people: {standing}");
    for item in items {
        let person = item["person"].as_str().unwrap_or_default();
        let card = format!(".offboard-person[data-person='{person}']");
        assert!(ui.exists(&card), "{person} has a card");
        let thanked = ui.text_of(&format!("{card} dd[data-item='thanked']"));
        assert_eq!(thanked.starts_with("sent "), item["thanked"].is_string(), "{thanked}: {item}");
        let asked = ui.text_of(&format!("{card} dd[data-item='reference_asked']"));
        assert_eq!(asked == "yes", item["reference_asked"] == true, "{asked}: {item}");
    }
}
