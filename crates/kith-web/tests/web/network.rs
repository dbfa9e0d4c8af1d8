//! The Network page and its API: every person a dot on their tier's ring, the closest
//! tier nearest the centre, coloured by their most urgent diagnosis as worked out here
//! from an assessment of everyone; the outer rings cut short say how many they leave out;
//! the rings and segments over the API give what their use cases give.

use crate::support::{Finish, Server, now, request};
use crate::today::api;
use axum::http::{Method, StatusCode};
use kith_app::demo::{SimulateInput, simulate};
use kith_app::network::{RingsInput, rings};
use kith_core::Tier;
use std::collections::HashMap;

/// A server over a simulated network of `people`, every tier filled.
async fn simulated(people: usize) -> Server {
    let server = Server::new().await;
    let ctx = kith_app::Ctx::new(server.store.clone(), now());
    simulate(&ctx, SimulateInput { people, seed: 11, review: false }).await.unwrap();
    server
}

/// One dot as the picture draws it.
#[derive(Debug)]
struct Dot {
    tier: String,
    diagnosis: String,
    class: String,
    href: String,
    title: String,
    radius: f64,
}

/// The value of `name="…"` in `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

/// Every dot of the picture, by person id.
fn dots(html: &str) -> HashMap<String, Dot> {
    let svg = html.split("<svg class=\"network-picture\"").nth(1).expect("the picture");
    let svg = svg.split("</svg>").next().unwrap();
    let size: f64 = attr(&format!(" {}", svg.split('>').next().unwrap()), "width").unwrap().parse().unwrap();
    let centre = size / 2.0;
    let mut found = HashMap::new();
    for part in svg.split("<a ").skip(1) {
        let tag = format!(" {}", part.split('>').next().unwrap());
        let id = attr(&tag, "data-id").expect("a dot names its person").to_owned();
        let x: f64 = attr(&tag, "data-x").unwrap().parse().unwrap();
        let y: f64 = attr(&tag, "data-y").unwrap().parse().unwrap();
        let title = part.split("<title>").nth(1).unwrap().split("</title>").next().unwrap().to_owned();
        let circle = format!(" {}", part.split("<circle").nth(1).unwrap());
        assert_eq!(attr(&circle, "cx").unwrap().parse::<f64>().unwrap(), x, "{part}");
        let dot = Dot {
            tier: attr(&tag, "data-tier").unwrap().to_owned(),
            diagnosis: attr(&tag, "data-diagnosis").unwrap().to_owned(),
            class: attr(&tag, "class").unwrap().to_owned(),
            href: attr(&tag, "href").unwrap().to_owned(),
            title,
            radius: ((x - centre).powi(2) + (y - centre).powi(2)).sqrt(),
        };
        assert!(found.insert(id, dot).is_none(), "one dot a person");
    }
    found
}

/// The urgency Today colours a diagnosis of `severity` by, or thriving, or none.
fn colour(diagnosis: Option<&kith_core::health::Diagnosis>) -> &'static str {
    use kith_core::health::DiagnosisKind;
    match diagnosis {
        None => "quiet",
        Some(d) if d.kind == DiagnosisKind::Thriving => "thriving",
        Some(d) if d.severity >= 0.66 => "high",
        Some(d) if d.severity >= 0.33 => "medium",
        Some(_) => "low",
    }
}

#[tokio::test]
async fn every_person_is_a_dot_on_their_tiers_ring_coloured_by_their_most_urgent_diagnosis() {
    let server = simulated(260).await;
    let (cookie, _) = server.sign_in().await;
    let page = server.send(request(Method::GET, "/network").header("cookie", &cookie).empty()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = page.html();
    assert!(html.contains("<a href=\"/network\" aria-current=\"page\">Network</a>"), "in the navigation");
    let drawn = dots(&html);

    let ctx = kith_app::Ctx::new(server.store.clone(), now());
    let assessed = kith_app::health::assess(&ctx).await.unwrap();
    let people = server.store.people().await.unwrap();
    assert_eq!(drawn.len(), people.len(), "everyone is drawn");
    let mut tiers_seen = std::collections::BTreeSet::new();
    let mut colours_seen = std::collections::BTreeSet::new();
    for person in &people {
        let dot = drawn.get(person.id.as_str()).unwrap_or_else(|| panic!("{} is not drawn", person.name));
        let a = assessed.of(&person.id).unwrap();
        assert_eq!(dot.tier, a.tier.as_str(), "{}", person.name);
        let top = a.diagnoses.first();
        assert_eq!(dot.diagnosis, top.map_or("none", |d| d.kind.as_str()), "{}", person.name);
        assert_eq!(dot.class, format!("dot dot-{}", colour(top)), "{}", person.name);
        assert_eq!(dot.href, format!("/people/{}", person.id));
        let title = dot.title.replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", "\"");
        assert!(title.starts_with(&format!("{}: ", person.name)), "{title}");
        tiers_seen.insert(dot.tier.clone());
        colours_seen.insert(colour(top));
    }
    assert_eq!(tiers_seen.len(), Tier::ALL.len(), "every tier is filled: {tiers_seen:?}");
    assert!(colours_seen.len() >= 3, "{colours_seen:?}");

    // The closest tier is nearest the centre: every dot of a tier lies inside every dot
    // of the tiers beyond it.
    let rank = |tier: &str| Tier::ALL.iter().position(|t| t.as_str() == tier).unwrap();
    let mut reach = vec![(f64::MAX, 0.0_f64); Tier::ALL.len()];
    for dot in drawn.values() {
        let (least, most) = &mut reach[rank(&dot.tier)];
        *least = least.min(dot.radius);
        *most = most.max(dot.radius);
    }
    for pair in reach.windows(2) {
        assert!(pair[0].1 < pair[1].0, "{reach:?}");
    }
    assert!(!html.contains("not drawn"), "everyone fits: {html}");
    assert!(!html.contains("<script"), "the picture needs no script");
    assert!(!html.contains("http://") && !html.contains("https://"), "nothing from elsewhere");
}

#[tokio::test]
async fn a_ring_cut_short_says_how_many_it_leaves_out_and_where_they_are() {
    let server = simulated(120).await;
    let (cookie, _) = server.sign_in().await;
    let page = server.send(request(Method::GET, "/network?most=3").header("cookie", &cookie).empty()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = page.html();
    let drawn = dots(&html);

    let ctx = kith_app::Ctx::new(server.store.clone(), now());
    let assessed = kith_app::health::assess(&ctx).await.unwrap();
    let most_urgent = rings(&assessed, RingsInput { most: Some(3) });
    let mut left_out = 0;
    for &tier in Tier::ALL.iter() {
        let total = assessed.ranked.iter().filter(|a| a.tier == tier).count();
        let shown = drawn.values().filter(|d| d.tier == tier.as_str()).count();
        assert_eq!(shown, total.min(3), "{tier}");
        if total > 3 {
            let n = total - 3;
            assert!(
                html.contains(&format!("data-tier=\"{tier}\" data-not-drawn=\"{n}\">")),
                "{tier}: {html}"
            );
            let said =
                if n == 1 { "1 person is not drawn".to_owned() } else { format!("{n} people are not drawn") };
            assert!(html.contains(&said), "{said} in {html}");
            assert!(
                html.contains(&format!("<a href=\"/people?tier={tier}&amp;sort=attention\">See everyone in"))
            );
            left_out += total - 3;
        }
        // Those drawn are the ring's most urgent.
        let ring = most_urgent.rings.iter().find(|r| r.tier == tier).unwrap();
        for d in &ring.people {
            assert_eq!(drawn[d.person.as_str()].tier, tier.as_str());
        }
    }
    assert!(left_out > 0, "the simulated network has more than three in some tier");
}

#[tokio::test]
async fn an_empty_network_says_how_to_bring_people_in() {
    let server = Server::new().await;
    let (cookie, _) = server.sign_in().await;
    let page = server.send(request(Method::GET, "/network").header("cookie", &cookie).empty()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.html().contains("kith import"));
}

#[tokio::test]
async fn the_rings_and_segments_over_the_api_are_their_use_cases() {
    let server = simulated(80).await;
    let ctx = kith_app::Ctx::new(server.store.clone(), now());
    for person in server.store.people().await.unwrap().iter().take(2) {
        kith_app::people::tag(&ctx, person.id.as_str(), &["lapsed".to_owned()]).await.unwrap();
    }
    // The judgments a server keeps, as the server makes them.
    let judged = kith_app::health::Judgments::load(&ctx).await.unwrap();
    let assessed = judged.assessed();
    let all = api(&server, "/api/v1/network").await;
    assert_eq!(all, as_read(&rings(assessed, RingsInput::default())));
    assert_eq!(all["assessed"], server.store.people().await.unwrap().len());
    let cut = api(&server, "/api/v1/network?most=2").await;
    assert_eq!(cut, as_read(&rings(assessed, RingsInput { most: Some(2) })));
    for ring in cut["rings"].as_array().unwrap() {
        let (total, listed) =
            (ring["total"].as_u64().unwrap(), ring["people"].as_array().unwrap().len() as u64);
        assert_eq!(
            (listed, ring["left_out"].as_u64().unwrap()),
            (total.min(2), total.saturating_sub(2)),
            "{ring}"
        );
    }

    let segments = api(&server, "/api/v1/segments").await;
    assert_eq!(segments, serde_json::to_value(kith_app::segment::segment(&ctx).await.unwrap()).unwrap());
    assert_eq!(segments[0]["people"].as_array().unwrap().len(), 2, "{segments}");
}

/// `value` as a client reads it: written as JSON and read back, its fractions read the
/// way the answer's are.
fn as_read<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}
