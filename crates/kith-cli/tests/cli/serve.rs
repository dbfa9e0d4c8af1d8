//! `kith serve` as a user starts it: the real binary on a free loopback port, its token
//! file, the API behind the token, and the command line working on the same database
//! while it runs.

use crate::real_mail::Townsend;
use crate::support::Kith;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

/// A running server, killed when dropped (a failed assertion included).
pub(crate) struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `kith --json serve --listen 127.0.0.1:0` with its configuration in `config`;
/// the server, the address it listens on, and the token file it names.
fn start(kith: &Kith, config: &Path) -> (Running, String, String) {
    start_with(kith, config, &[])
}

/// [`start`] with these environment variables set besides.
pub(crate) fn start_with(kith: &Kith, config: &Path, env: &[(&str, &str)]) -> (Running, String, String) {
    let mut child = kith
        .std_cmd(kith.db())
        .env("KITH_CONFIG_DIR", config)
        .envs(env.iter().copied())
        .args(["--json", "serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kith serve starts");
    let stdout = child.stdout.take().unwrap();
    let mut running = Running(child);
    let (address, said) = crate::listening::listening(stdout).unwrap_or_else(|printed| {
        let mut stderr = String::new();
        running.0.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        panic!("kith serve printed {printed:?}; stderr: {stderr}")
    });
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    (running, address, said["token_file"].as_str().expect("a token file").to_owned())
}

/// One HTTP/1.1 request; the status and the body.
pub(crate) fn http(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("the server accepts a connection");
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("an answer");
    let answer = String::from_utf8(answer).expect("UTF-8");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    let chunked = head.lines().any(|l| l.eq_ignore_ascii_case("transfer-encoding: chunked"));
    (status, if chunked { unchunk(body) } else { body.to_owned() })
}

/// A chunked body's content.
fn unchunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        if size == 0 {
            break;
        }
        body.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    body
}

#[test]
fn serve_guards_the_api_with_its_token_while_the_command_line_keeps_working() {
    let kith = Kith::new();
    kith.add_person("Ada Lovelace", &["--email", "ada@example.com"]);
    let config = kith.path("config");
    let (_server, address, token_file) = start(&kith, &config);

    // The token is made on first start, readable by its owner only.
    let token_path = config.join("server-token");
    assert_eq!(Path::new(&token_file), token_path);
    let token = std::fs::read_to_string(&token_path).expect("the token file").trim().to_owned();
    assert!(token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    }

    let bearer = format!("Bearer {token}");
    let (status, body) = http(&address, "GET", "/api/v1/openapi.json", &[("Authorization", &bearer)], "");
    assert_eq!(status, 200, "{body}");
    let document: Value = serde_json::from_str(&body).expect("the OpenAPI document");
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1."), "{document}");
    let (status, body) = http(&address, "GET", "/api/v1/openapi.json", &[], "");
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("\"status\":401"), "{body}");
    let (status, _) = http(&address, "GET", "/api/v1/openapi.json", &[("Authorization", "Bearer nope")], "");
    assert_eq!(status, 401);

    // The command line writes while the server runs, and the server sees it.
    kith.add_person("Grace Hopper", &["--email", "grace@example.com"]);
    let json = [("Authorization", bearer.as_str()), ("Content-Type", "application/json")];
    let change = r#"{"stage":"distanced","reason":"she is busy"}"#;
    let (status, body) = http(&address, "POST", "/api/v1/people/grace@example.com/stage", &json, change);
    assert_eq!(status, 200, "{body}");
    let changed: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(changed["transition"]["to"], "distanced");
    // And the command line sees what the server wrote.
    let shown = kith.show("grace@example.com");
    assert!(shown.to_string().contains("distanced"), "{shown}");
    kith.add_person("Alan Turing", &[]);

    // A restart reads the same token again.
    drop(_server);
    let (_again, address, _) = start(&kith, &config);
    let again = std::fs::read_to_string(&token_path).unwrap();
    assert_eq!(again.trim(), token);
    let (status, _) = http(&address, "GET", "/api/v1/openapi.json", &[("Authorization", &bearer)], "");
    assert_eq!(status, 200);
}

#[test]
fn serve_refuses_an_address_others_can_reach_unless_told_it_is_public() {
    let kith = Kith::new();
    let config = kith.path("config");
    let refused =
        kith.cmd().env("KITH_CONFIG_DIR", &config).args(["serve", "--listen", "0.0.0.0:0"]).assert();
    let line = crate::support::fail_with(refused, 2);
    for word in ["0.0.0.0:0", "--public", "token", "TLS"] {
        assert!(line.contains(word), "{word:?} in: {line}");
    }
    assert!(!config.join("server-token").exists(), "nothing is made for a refused start");
}

/// A real mailbox (Enron's townsend-j, from its EDRM metadata) imported by the command
/// line while the server runs: the server, which assessed an empty network when it
/// started, then answers for every one of her correspondents with what a fresh `kith
/// health` gives. Its judgments followed a change another process made, through the
/// store's record of changes. The figures compared are those that do not move with the
/// clock between the two readings (her mail is from 2000 to 2002): contacts, first and
/// last contact, the closest tier the history allows, both sides' replies, the
/// unanswered streak, who starts, and the ledger's counts.
#[test]
fn the_server_follows_a_real_mailbox_imported_while_it_runs() {
    let judy = Townsend::new();
    let kith = &judy.k;
    kith.ok(&["me", "add", "Judy Townsend"]);
    let config = kith.path("config");
    let (_server, address, token_file) = start(kith, &config);
    let bearer = format!("Bearer {}", std::fs::read_to_string(token_file).unwrap().trim());
    let auth = [("Authorization", bearer.as_str())];
    let (status, _) = http(&address, "GET", "/api/v1/review?all=true", &auth, "");
    assert_eq!(status, 200, "the server assessed the empty network");

    kith.json(&["import", judy.maildir()]);
    let people = kith.json(&["person", "list"]);
    let people = people.as_array().expect("a list of people");
    assert!(people.len() > 50, "her correspondents: {}", people.len());
    let steady =
        ["contacts", "first", "last", "closest_tier", "theirs", "owners", "unanswered", "initiation"];
    // The ledger's counts; its weights decay with the clock.
    let counted = [
        "times_given",
        "times_received",
        "asks_from_them",
        "asks_from_owner",
        "open_asks_from_them",
        "open_asks_from_owner",
    ];
    let agree = |person: &Value| {
        let id = person["id"].as_str().expect("an id");
        let (status, body) = http(&address, "GET", &format!("/api/v1/people/{id}/health"), &auth, "");
        assert_eq!(status, 200, "the server knows {id} imported after it started: {body}");
        let served: Value = serde_json::from_str(&body).expect("JSON");
        let fresh = kith.json(&["health", id]);
        for field in steady {
            assert_eq!(served[field], fresh[field], "{field} of {}", person["name"]);
        }
        for count in counted {
            assert_eq!(
                served["reciprocity"][count], fresh["reciprocity"][count],
                "{count} of {}",
                person["name"]
            );
        }
        served
    };
    // All 71 came at once: more than a few, so the server assessed everyone again. Each
    // one's page draws their timeline: a bar a month, each counting the month's contacts
    // in their log (UTC here, so a month is the first seven characters of a time).
    // The Network picture, drawn whole: each of them once, on the ring of the tier
    // `kith show` gives them, coloured by the first (most severe) of its diagnoses.
    let (status, body) = http(&address, "GET", "/api/v1/network?most=1000", &auth, "");
    assert_eq!(status, 200, "{body}");
    let rings: Value = serde_json::from_str(&body).expect("JSON");
    let mut dots = std::collections::HashMap::new();
    for ring in rings["rings"].as_array().expect("rings") {
        assert_eq!(ring["left_out"], 0, "nobody left out at most=1000");
        for dot in ring["people"].as_array().expect("dots") {
            let placed = (ring["tier"].clone(), dot["diagnosis"].clone());
            assert!(dots.insert(dot["person"].as_str().unwrap().to_owned(), placed).is_none(), "{dot}");
        }
    }
    assert_eq!(dots.len(), people.len(), "everyone is a dot");
    for person in people {
        agree(person);
        let id = person["id"].as_str().unwrap();
        let shown = kith.json(&["show", id]);
        let first = shown["health"]["diagnoses"].get(0).map_or(Value::Null, |d| d["kind"].clone());
        assert_eq!(dots[id], (shown["health"]["tier"].clone(), first), "{}'s dot", person["name"]);
        let (status, page) = http(&address, "GET", &format!("/people/{id}"), &auth, "");
        assert_eq!(status, 200, "{page}");
        let mut logged = std::collections::BTreeMap::<String, u64>::new();
        for contact in shown["interactions"].as_array().expect("a log") {
            *logged.entry(contact["at"].as_str().expect("a time")[..7].to_owned()).or_default() += 1;
        }
        let bars = timeline_bars(&page);
        assert_eq!(bars.keys().next(), logged.keys().next(), "the first month of {}", person["name"]);
        for (month, total) in &bars {
            assert_eq!(logged.get(month).copied().unwrap_or(0), *total, "{month} of {}", person["name"]);
        }
        assert_eq!(bars.values().sum::<u64>(), logged.values().sum::<u64>(), "{}", person["name"]);
    }
    // Then a few changes, which it brings in person by person: a giving and an ask
    // recorded for three of them by the command line.
    for person in &people[..3] {
        let id = person["id"].as_str().unwrap();
        kith.ok(&["gave", id, "introduction"]);
        kith.ok(&["asked", id, "advice"]);
        let served = agree(person);
        assert_eq!(served["reciprocity"]["times_given"], 1, "{}", person["name"]);
        assert_eq!(served["reciprocity"]["open_asks_from_them"], 1, "{}", person["name"]);
    }
}

/// The months and counts of the timeline chart's bars in a person page's HTML.
fn timeline_bars(page: &str) -> std::collections::BTreeMap<String, u64> {
    let Some(start) = page.find("class=\"chart timeline\"") else { return Default::default() };
    let chart = &page[start..page[start..].find("</svg>").map_or(page.len(), |end| start + end)];
    let value = |tag: &str, name: &str| {
        let from = tag.find(&format!("{name}=\"")).expect("the attribute") + name.len() + 2;
        tag[from..from + tag[from..].find('"').expect("its end")].to_owned()
    };
    chart
        .split("<g class=\"bar\"")
        .skip(1)
        .map(|tag| (value(tag, "data-month"), value(tag, "data-total").parse().expect("a count")))
        .collect()
}
