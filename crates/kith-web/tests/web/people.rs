//! The People page and `GET /api/v1/people`: searching by name, email and tag,
//! filtering, sorting and paging, and the API giving what the use case gives.

use crate::support::{Finish, Server, now, request};
use crate::today::{api, with_people};
use axum::http::{Method, StatusCode};
use kith_app::health::Judgments;
use kith_app::people::{PeopleFilter, PeopleSort, SearchInput, list, search};

/// The names on the People page at `path`, in order.
async fn names_on(server: &Server, cookie: &str, path: &str) -> Vec<String> {
    let page = server.send(request(Method::GET, path).header("cookie", cookie).empty()).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    page.html()
        .split("<th scope=\"row\"><a href=\"/people/")
        .skip(1)
        .map(|row| row.split('>').nth(1).unwrap().split('<').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_search_finds_by_name_email_and_tag_filters_and_sorts() {
    let server = with_people().await;
    let (cookie, _) = server.sign_in().await;
    let all = names_on(&server, &cookie, "/people").await;
    assert_eq!(all, ["Ada Lovelace", "Alan Turing", "Grace Hopper"]);
    assert_eq!(names_on(&server, &cookie, "/people?q=love").await, ["Ada Lovelace"]);
    assert_eq!(names_on(&server, &cookie, "/people?q=navy.example").await, ["Grace Hopper"]);
    assert_eq!(names_on(&server, &cookie, "/people?q=FRIEND").await, ["Alan Turing", "Grace Hopper"]);
    assert_eq!(names_on(&server, &cookie, "/people?q=friend+alan").await, ["Alan Turing"]);
    assert_eq!(names_on(&server, &cookie, "/people?tag=mentor").await, ["Ada Lovelace"]);
    assert_eq!(names_on(&server, &cookie, "/people?diagnosis=unresponsive").await, ["Ada Lovelace"]);
    let strongest = names_on(&server, &cookie, "/people?sort=strength").await;
    assert_eq!(strongest.last().map(String::as_str), Some("Alan Turing"), "{strongest:?}");
    let latest = names_on(&server, &cookie, "/people?sort=last_contact").await;
    assert_eq!(latest, ["Grace Hopper", "Ada Lovelace", "Alan Turing"], "never in touch comes last");
    assert_eq!(names_on(&server, &cookie, "/people?sort=attention").await[0], "Ada Lovelace");
    let nobody =
        server.send(request(Method::GET, "/people?q=babbage").header("cookie", &cookie).empty()).await;
    assert!(nobody.html().contains("Nobody matches"), "{}", nobody.body);
    let wrong =
        server.send(request(Method::GET, "/people?tier=closest").header("cookie", &cookie).empty()).await;
    assert_eq!(wrong.status, StatusCode::OK, "the form stays to be corrected");
    assert!(wrong.html().contains("role=\"alert\"") && wrong.html().contains("closest"), "{}", wrong.body);
}

#[tokio::test]
async fn long_lists_come_a_page_at_a_time() {
    let server = with_people().await;
    let (cookie, _) = server.sign_in().await;
    let page = server.send(request(Method::GET, "/people?limit=2").header("cookie", &cookie).empty()).await;
    let html = page.html();
    assert!(html.contains("1–2 of 3 people"), "{html}");
    assert!(html.contains("href=\"/people?limit=2&amp;offset=2\" rel=\"next\""), "{html}");
    assert!(!html.contains("rel=\"prev\""), "{html}");
    let second = names_on(&server, &cookie, "/people?limit=2&offset=2").await;
    assert_eq!(second, ["Grace Hopper"]);
    let page =
        server.send(request(Method::GET, "/people?limit=2&offset=2").header("cookie", &cookie).empty()).await;
    assert!(page.html().contains("href=\"/people?limit=2\" rel=\"prev\""), "{}", page.body);
    assert!(page.html().contains("<script src=\"/assets/kith."), "the list follows typing with our script");
}

#[tokio::test]
async fn the_api_search_gives_what_the_use_case_gives_and_the_person_list_too() {
    let server = with_people().await;
    let ctx = kith_app::Ctx::new(server.store.clone(), now());

    let everyone = api(&server, "/api/v1/people").await;
    let listed = list(&ctx, PeopleFilter::default()).await.unwrap();
    assert_eq!(everyone, serde_json::to_value(&listed).unwrap(), "as `kith person list --json`");
    let friends = api(&server, "/api/v1/people?tag=friend&stage=active").await;
    let filter =
        PeopleFilter { tag: Some("friend".into()), stage: Some(kith_core::Stage::Active), org: None };
    assert_eq!(friends, serde_json::to_value(list(&ctx, filter).await.unwrap()).unwrap());

    let judged = Judgments::load(&ctx).await.unwrap();
    let input = SearchInput {
        query: "example".into(),
        sort: PeopleSort::LastContact,
        offset: 1,
        limit: 1,
        ..SearchInput::default()
    };
    let direct = search(&ctx, judged.assessed(), input).await.unwrap();
    let answer = server
        .send(
            request(Method::GET, "/api/v1/people?q=example&sort=last_contact&offset=1&limit=1")
                .bearer()
                .empty(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.header("x-total-count"), Some("3"));
    assert_eq!(answer.json(), serde_json::to_value(&direct).unwrap());
    assert_eq!(answer.json()[0]["name"], "Ada Lovelace");

    let wrong = server.send(request(Method::GET, "/api/v1/people?sort=height").bearer().empty()).await;
    assert!(wrong.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("height"));
}
