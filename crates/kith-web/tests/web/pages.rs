//! The layout and its assets: embedded, cached by name, usable with the keyboard and
//! at phone width, with nothing loaded from elsewhere.

use crate::support::{Finish, Server, request};
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn the_layout_has_a_skip_link_the_navigation_and_a_phone_viewport() {
    let server = Server::new().await;
    let (cookie, _) = server.sign_in().await;
    let page = server.send(request(Method::GET, "/nowhere").header("cookie", &cookie).empty()).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let html = &page.html();
    assert!(html.contains("<a class=\"skip-link\" href=\"#main\">"), "{html}");
    assert!(html.contains("<main id=\"main\""), "{html}");
    assert!(html.contains("name=\"viewport\" content=\"width=device-width, initial-scale=1\""), "{html}");
    for (href, label) in [
        ("/", "Today"),
        ("/people", "People"),
        ("/network", "Network"),
        ("/engagements", "Clients"),
        ("/import", "Import"),
    ] {
        assert!(html.contains(&format!("<a href=\"{href}\"")) && html.contains(label), "{label}: {html}");
    }
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"), "{html}");
}

#[tokio::test]
async fn the_stylesheet_is_served_by_its_digest_and_kept_for_a_year() {
    let server = Server::new().await;
    let page = server.send(request(Method::GET, "/signin").empty()).await;
    let html = page.html();
    let href = html.split("rel=\"stylesheet\" href=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(href.starts_with("/assets/kith.") && href.ends_with(".css"), "{href}");
    let css = server.send(request(Method::GET, href).empty()).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert!(css.body.contains(":focus-visible"), "a visible focus");
    assert!(!css.body.contains("@import") && !css.body.contains("url("), "nothing from elsewhere");
    let stale = server.send(request(Method::GET, "/assets/kith.0000000000000000.css").empty()).await;
    assert_eq!(stale.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_answer_forbids_framing_sniffing_and_outside_sources() {
    let server = Server::new().await;
    for path in ["/signin", "/api/v1/health", "/api/v1/openapi.json"] {
        let answer = server.send(request(Method::GET, path).empty()).await;
        let csp = answer.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(answer.header("referrer-policy"), Some("same-origin"), "{path}");
    }
}
