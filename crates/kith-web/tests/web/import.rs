//! Importing through the browser and the API: a real vCard file uploaded gives the people
//! and the very summary `kith_app::import` gives for that file in a fresh database; a bad
//! record is reported with its file and line while the rest is imported; a cross-site
//! upload, an upload over the limit and a second import while one runs are refused; the
//! job's state follows the import.

use crate::support::{Answer, Finish, ORIGIN, Server, now, request};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use kith_app::Ctx;
use kith_app::import::{self, Options};
use serde_json::Value;
use std::time::{Duration, Instant};

/// Five people of a real address book, from calcard's test files.
const BOOK: &[u8] = include_bytes!("../../../kith-import/tests/data/vcard/calcard/005.vcf");
const BOOK_NAME: &str = "005.vcf";
const BOOK_PEOPLE: [&str; 5] =
    ["Thies-Tillman Jacobsen", "Lenn Biernoth", "Ludwig-Götz Graßl", "Marita Kreutzer", "Kathi Hoelzl"];

/// A card kith cannot use (no name, email, phone or URL) between two good ones.
const MIXED: &str = "BEGIN:VCARD\nVERSION:4.0\nFN:Ada Lovelace\nEMAIL:ada@example.org\nEND:VCARD\n\
                     BEGIN:VCARD\nVERSION:4.0\nNOTE:nothing to know anyone by\nEND:VCARD\n\
                     BEGIN:VCARD\nVERSION:4.0\nFN:Grace Hopper\nEMAIL:grace@example.org\nEND:VCARD\n";

const BOUNDARY: &str = "kith-test-boundary-5f3a";

/// A part of a multipart form: a field, or a file when it has a file name.
struct Part<'a> {
    name: &'a str,
    file_name: Option<&'a str>,
    bytes: &'a [u8],
}

fn file<'a>(file_name: &'a str, bytes: &'a [u8]) -> Part<'a> {
    Part { name: "files", file_name: Some(file_name), bytes }
}

fn field<'a>(name: &'a str, value: &'a str) -> Part<'a> {
    Part { name, file_name: None, bytes: value.as_bytes() }
}

/// A multipart form's body.
fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = match part.file_name {
            Some(file_name) => format!(
                "Content-Disposition: form-data; name=\"{}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n",
                part.name
            ),
            None => format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", part.name),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(part.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// An upload to `path` from `builder`, its form made of `parts`.
fn upload(builder: axum::http::request::Builder, parts: &[Part<'_>]) -> Request<Body> {
    builder
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart(parts)))
        .unwrap()
}

/// Uploads through the API, and gives the job's id.
async fn started(server: &Server, parts: &[Part<'_>]) -> String {
    let answer = server.send(upload(request(Method::POST, "/api/v1/imports").bearer(), parts)).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.body);
    let job = answer.json();
    let id = job["id"].as_str().expect("an id").to_owned();
    assert_eq!(answer.header("location"), Some(format!("/api/v1/imports/{id}").as_str()));
    id
}

/// The job's state once it is over.
async fn finished(server: &Server, id: &str) -> Value {
    let began = Instant::now();
    loop {
        let answer =
            server.send(request(Method::GET, &format!("/api/v1/imports/{id}")).bearer().empty()).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        let job = answer.json();
        if job["state"] != "running" {
            return job;
        }
        assert!(began.elapsed() < Duration::from_secs(60), "the import is still running: {job}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What the app's import gives for `bytes` as a file named `name` in a fresh database,
/// as JSON, the file named as it was uploaded.
async fn app_summary(name: &str, bytes: &[u8]) -> Value {
    let fresh = Server::new().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let ctx = Ctx::new(fresh.store.clone(), now());
    let found = import::gather(&[path], None).unwrap();
    let imported = import::carry_out(&ctx, found, &Options::default(), &kith_app::Silent).await.unwrap();
    let json = serde_json::to_string(&imported).unwrap().replace(&format!("{}/", dir.path().display()), "");
    serde_json::from_str(&json).unwrap()
}

/// A page, signed in.
async fn page(server: &Server, cookie: &str, path: &str) -> Answer {
    server.send(request(Method::GET, path).header("cookie", cookie).empty()).await
}

#[tokio::test]
async fn an_uploaded_address_book_gives_its_people_and_the_apps_summary() {
    let server = Server::new().await;
    let (cookie, csrf) = server.sign_in().await;
    let form = page(&server, &cookie, "/import").await;
    assert_eq!(form.status, StatusCode::OK);
    let html = form.html();
    assert!(html.contains(&format!("action=\"/import?csrf={csrf}\"")), "{html}");
    assert!(
        html.contains("enctype=\"multipart/form-data\"") && html.contains("Up to 1 GiB in all"),
        "{html}"
    );
    assert!(html.contains("<option value=\"detect\" selected>") && html.contains("value=\"mbox\""), "{html}");
    assert!(html.contains("href=\"/import\" aria-current=\"page\""), "the navigation marks Import");

    // Uploaded from the page, with the CSRF token in the action's query string.
    let post = request(Method::POST, &format!("/import?csrf={csrf}"))
        .header(header::ORIGIN, ORIGIN)
        .header("cookie", &cookie);
    let answer = server.send(upload(post, &[field("format", "detect"), file(BOOK_NAME, BOOK)])).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let to = answer.header("location").unwrap().to_owned();
    let id = to.strip_prefix("/import/").expect("the job's page").to_owned();

    let job = finished(&server, &id).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["files"], serde_json::json!([BOOK_NAME]));
    assert_eq!(job["summary"], app_summary(BOOK_NAME, BOOK).await, "the job's summary is the app's");
    assert_eq!(job["summary"]["imported"], 5, "{job}");
    assert_eq!(job["progress"]["step"], "over");
    assert_eq!((job["progress"]["done"].as_u64(), job["progress"]["total"].as_u64()), (Some(5), Some(5)));

    // The job's page words the summary as the command line prints it.
    let done = page(&server, &cookie, &to).await;
    assert_eq!(done.status, StatusCode::OK);
    let html = done.html();
    assert!(html.contains("005.vcf (vcard): 5 contacts"), "{html}");
    assert!(html.contains("imported 5, merged 0, updated 0, unchanged 0, skipped 0"), "{html}");
    assert!(html.contains("None: every record could be read."), "{html}");
    assert!(html.contains("data-state=\"done\""), "{html}");

    // The people are there, and Today judges them.
    let people = page(&server, &cookie, "/people").await.html();
    for name in BOOK_PEOPLE {
        assert!(people.contains(name), "{name} in {people}");
    }
    let today = page(&server, &cookie, "/").await.html();
    assert!(today.contains("5 relationships assessed today"), "{today}");
    // The import is listed on the form's page.
    assert!(page(&server, &cookie, "/import").await.html().contains(&format!("href=\"/import/{id}\"")));
}

#[tokio::test]
async fn a_bad_record_is_reported_with_its_file_and_line_and_the_rest_is_imported() {
    let server = Server::new().await;
    let id = started(&server, &[file("mixed.vcf", MIXED.as_bytes())]).await;
    let job = finished(&server, &id).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["summary"]["imported"], 2, "{job}");
    assert_eq!(job["summary"]["skipped"], 1, "{job}");
    let problems = job["progress"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{job}");
    assert_eq!(problems[0]["file"], "mixed.vcf");
    assert_eq!(problems[0]["line"], 6);
    assert_eq!(problems[0]["skipped"], true);
    assert_eq!(job["summary"], app_summary("mixed.vcf", MIXED.as_bytes()).await);

    let (cookie, _) = server.sign_in().await;
    let html = page(&server, &cookie, &format!("/import/{id}")).await.html();
    assert!(html.contains("mixed.vcf:6: card has no name, email, phone or URL; skipped"), "{html}");
    assert!(html.contains("Problems (1)"), "{html}");
    let people = page(&server, &cookie, "/people").await.html();
    assert!(people.contains("Ada Lovelace") && people.contains("Grace Hopper"), "{people}");
}

#[tokio::test]
async fn a_cross_site_upload_is_refused() {
    let server = Server::new().await;
    let (cookie, csrf) = server.sign_in().await;
    let cases = [
        ("another site's origin", Some(("origin", "https://evil.example")), true),
        ("a cross-site fetch", Some(("sec-fetch-site", "cross-site")), true),
        ("no CSRF token", None, false),
    ];
    for (what, header, with_token) in cases {
        let path = if with_token { format!("/import?csrf={csrf}") } else { "/import".to_owned() };
        let mut post = request(Method::POST, &path).header("cookie", &cookie);
        post = match header {
            Some((name, value)) => post.header(name, value),
            None => post.header(header::ORIGIN, ORIGIN),
        };
        let answer = server.send(upload(post, &[file(BOOK_NAME, BOOK)])).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{what}: {}", answer.body);
        // The API refuses a session's upload from elsewhere alike.
        let mut api =
            request(Method::POST, &format!("/api/v1/imports?csrf={csrf}")).header("cookie", &cookie);
        if let Some((name, value)) = header {
            api = api.header(name, value);
        }
        if with_token {
            server.send(upload(api, &[file(BOOK_NAME, BOOK)])).await.problem(StatusCode::FORBIDDEN);
        }
    }
    // A wrong token is no better.
    let post = request(Method::POST, &format!("/import?csrf={}", &csrf[1..]))
        .header(header::ORIGIN, ORIGIN)
        .header("cookie", &cookie);
    assert_eq!(server.send(upload(post, &[file(BOOK_NAME, BOOK)])).await.status, StatusCode::FORBIDDEN);
    // Nothing was imported, and no import began.
    assert!(!page(&server, &cookie, "/import").await.html().contains("Imports since the server started"));
    let people = server.send(request(Method::GET, "/api/v1/people").bearer().empty()).await;
    assert_eq!(people.header("x-total-count"), Some("0"), "{}", people.body);
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_and_other_bodies_keep_theirs() {
    let server = Server::with_upload_limit(64 * 1024).await;
    let big = vec![b'x'; 100 * 1024];
    let answer = server
        .send(upload(request(Method::POST, "/api/v1/imports").bearer(), &[file("big.mbox", &big)]))
        .await;
    answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
    let (cookie, csrf) = server.sign_in().await;
    let post = request(Method::POST, &format!("/import?csrf={csrf}"))
        .header(header::ORIGIN, ORIGIN)
        .header("cookie", &cookie);
    let answer = server.send(upload(post, &[file("big.mbox", &big)])).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.body);
    assert!(answer.header("content-type").unwrap().starts_with("text/html"));
    // The page says the limit.
    assert!(page(&server, &cookie, "/import").await.html().contains("Up to 64 KiB in all"));

    // With the default limits, an upload may be far larger than the 1 MiB every other
    // body keeps to.
    let server = Server::new().await;
    let photo = vec![0u8; 3 << 20];
    let id = started(&server, &[file(BOOK_NAME, BOOK), file("photo.bin", &photo)]).await;
    let job = finished(&server, &id).await;
    assert_eq!(job["summary"]["imported"], 5, "{job}");
    assert_eq!(job["summary"]["unrecognized"], serde_json::json!(["photo.bin"]), "{job}");
    let note = serde_json::json!({"stage": "distanced", "note": "x".repeat(2 << 20)});
    let answer =
        server.send(request(Method::POST, "/api/v1/people/someone/stage").bearer().json(&note)).await;
    answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_second_import_while_one_runs_is_refused_with_a_link_to_it() {
    let server = Server::new().await;
    // Another writer holds the database, so that the first import waits to write.
    let held = rusqlite::Connection::open(server.dir.path().join("kith.db")).unwrap();
    held.execute_batch("BEGIN IMMEDIATE").unwrap();
    let first = started(&server, &[file(BOOK_NAME, BOOK)]).await;

    let again = server
        .send(upload(
            request(Method::POST, "/api/v1/imports").bearer(),
            &[file("mixed.vcf", MIXED.as_bytes())],
        ))
        .await;
    let detail = again.problem(StatusCode::CONFLICT);
    assert!(
        detail.contains("an import is running") && detail.contains(&format!("/api/v1/imports/{first}")),
        "{detail}"
    );
    let running =
        server.send(request(Method::GET, &format!("/api/v1/imports/{first}")).bearer().empty()).await;
    assert_eq!(running.json()["state"], "running");

    let (cookie, csrf) = server.sign_in().await;
    let post = request(Method::POST, &format!("/import?csrf={csrf}"))
        .header(header::ORIGIN, ORIGIN)
        .header("cookie", &cookie);
    let answer = server.send(upload(post, &[file("mixed.vcf", MIXED.as_bytes())])).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    let html = answer.html();
    assert!(
        html.contains("An import is running") && html.contains(&format!("href=\"/import/{first}\"")),
        "{html}"
    );
    // Its page, while it runs: the progress and the link that reloads it.
    let html = page(&server, &cookie, &format!("/import/{first}")).await.html();
    assert!(html.contains("data-state=\"running\"") && html.contains("<progress"), "{html}");
    assert!(html.contains(&format!("<a href=\"/import/{first}\">Reload</a>")), "{html}");

    held.execute_batch("COMMIT").unwrap();
    assert_eq!(finished(&server, &first).await["state"], "done");
    // Once it is over, the next import runs.
    let next = started(&server, &[file("mixed.vcf", MIXED.as_bytes())]).await;
    assert_eq!(finished(&server, &next).await["summary"]["imported"], 2);
}

#[tokio::test]
async fn an_unknown_job_and_an_upload_without_files_are_refused() {
    let server = Server::new().await;
    let answer = server.send(request(Method::GET, "/api/v1/imports/nothing").bearer().empty()).await;
    assert!(answer.problem(StatusCode::NOT_FOUND).contains("there is no import nothing"));
    let answer = server
        .send(upload(request(Method::POST, "/api/v1/imports").bearer(), &[field("format", "vcard")]))
        .await;
    assert!(answer.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("choose at least one file"));
    let answer = server
        .send(upload(
            request(Method::POST, "/api/v1/imports").bearer(),
            &[field("format", "nope"), file(BOOK_NAME, BOOK)],
        ))
        .await;
    answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let answer = server
        .send(request(Method::POST, "/api/v1/imports").bearer().json(&serde_json::json!({"files": []})))
        .await;
    answer.problem(StatusCode::BAD_REQUEST);
    // A switch is on or off in words a script uses; anything else is refused, never
    // taken for "on" (reading mail's text is for the owner to choose).
    let answer = server
        .send(upload(
            request(Method::POST, "/api/v1/imports").bearer(),
            &[field("read_bodies", "maybe"), file(BOOK_NAME, BOOK)],
        ))
        .await;
    assert!(answer.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("read_bodies"));
}

#[tokio::test]
async fn a_switch_sent_as_false_is_off() {
    let server = Server::new().await;
    let id = started(&server, &[field("dry_run", "false"), file(BOOK_NAME, BOOK)]).await;
    let job = finished(&server, &id).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(server.store.people().await.unwrap().len(), 5, "written, not only counted: {job}");
}
