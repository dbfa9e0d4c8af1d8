//! A minimal W3C WebDriver client: HTTP/1.1 and JSON over a loopback socket to
//! `chromedriver`, with only the commands the browser tests use (a session, navigation,
//! finding elements, reading and clicking them, typing, keys, a script, the page's HTML
//! and a screenshot). Ours rather than a crate's: a few small functions, no async
//! runtime, no TLS stack, nothing more to build offline.

use serde_json::{Value, json};
use std::fmt;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The key under which WebDriver names an element in its answers.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Keys as WebDriver types them.
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";

/// What the driver refused, or why it could not be asked.
#[derive(Debug)]
pub struct WdError {
    /// The HTTP status (0 when the driver could not be reached).
    pub status: u16,
    /// WebDriver's error code (`no such element`, …).
    pub error: String,
    pub message: String,
}

impl WdError {
    fn transport(message: String) -> Self {
        Self { status: 0, error: "transport".into(), message }
    }
}

impl fmt::Display for WdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.message.lines().next().unwrap_or("");
        write!(f, "{} ({}): {first}", self.error, self.status)
    }
}

pub type Result<T> = std::result::Result<T, WdError>;

/// One HTTP/1.1 request to `address` (`host:port`), the connection closed after it: the
/// status and the body.
pub fn http(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes())?;
    // Read the head, then as much body as it announces: chromedriver says
    // `Connection: close` but keeps the connection open.
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
    let mut answer = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    let mut read = |answer: &mut Vec<u8>| -> std::io::Result<bool> {
        let n = stream.read(&mut buffer)?;
        answer.extend_from_slice(&buffer[..n]);
        Ok(n > 0)
    };
    let head_end = loop {
        if let Some(at) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if !read(&mut answer)? {
            return Err(bad("the connection closed before the head's end"));
        }
    };
    let head = String::from_utf8_lossy(&answer[..head_end]).into_owned();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim().to_owned())
    };
    let length: Option<usize> = header("content-length").and_then(|l| l.parse().ok());
    let chunked = header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked"));
    let body_start = head_end + 4;
    loop {
        let body = &answer[body_start..];
        let complete = match length {
            Some(length) => body.len() >= length,
            None => chunked && body.ends_with(b"0\r\n\r\n"),
        };
        if complete || !read(&mut answer)? {
            break;
        }
    }
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| bad("no status line"))?;
    let mut body = String::from_utf8_lossy(&answer[body_start..]).into_owned();
    if let Some(length) = length {
        body.truncate(length);
    }
    Ok((status, if chunked { unchunk(&body) } else { body }))
}

/// A chunked body's content.
fn unchunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else { break };
        if size == 0 || after.len() < size {
            break;
        }
        body.push_str(&after[..size]);
        rest = after[size..].strip_prefix("\r\n").unwrap_or(&after[size..]);
    }
    body
}

/// A WebDriver command: its answer's `value`, or the error it carries.
fn command(address: &str, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let headers: &[(&str, &str)] =
        if method == "POST" { &[("Content-Type", "application/json; charset=utf-8")] } else { &[] };
    let (status, text) = http(address, method, path, headers, &body)
        .map_err(|e| WdError::transport(format!("{method} {path}: {e}")))?;
    let answer: Value = serde_json::from_str(&text)
        .map_err(|_| WdError::transport(format!("{method} {path} answered {status}: {text}")))?;
    let value = answer.get("value").cloned().unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        return Ok(value);
    }
    let field = |name: &str| value.get(name).and_then(Value::as_str).unwrap_or("").to_owned();
    Err(WdError { status, error: field("error"), message: field("message") })
}

/// Whether the driver at `address` answers that it is ready for a session.
pub fn ready(address: &str) -> bool {
    command(address, "GET", "/status", None).is_ok_and(|v| v["ready"] == true)
}

/// An element of the page, as the session knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element(String);

/// A browser session.
pub struct Session {
    address: String,
    id: String,
}

impl Session {
    /// A new session of the Chromium at `binary`, started with `args`.
    pub fn new(address: &str, binary: &str, args: &[String]) -> Result<Self> {
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "goog:chromeOptions": { "binary": binary, "args": args },
                }
            }
        });
        let value = command(address, "POST", "/session", Some(&capabilities))?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| WdError::transport(format!("no session id in {value}")))?;
        Ok(Self { address: address.to_owned(), id: id.to_owned() })
    }

    fn get(&self, path: &str) -> Result<Value> {
        command(&self.address, "GET", &format!("/session/{}{path}", self.id), None)
    }

    fn post(&self, path: &str, body: Value) -> Result<Value> {
        command(&self.address, "POST", &format!("/session/{}{path}", self.id), Some(&body))
    }

    /// Ends the session, closing the browser.
    pub fn delete(&self) -> Result<()> {
        command(&self.address, "DELETE", &format!("/session/{}", self.id), None).map(drop)
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.post("/url", json!({ "url": url })).map(drop)
    }

    /// The address of the page shown.
    pub fn url(&self) -> Result<String> {
        Ok(self.get("/url")?.as_str().unwrap_or_default().to_owned())
    }

    /// The page's HTML as the browser holds it now.
    pub fn source(&self) -> Result<String> {
        Ok(self.get("/source")?.as_str().unwrap_or_default().to_owned())
    }

    /// The viewport as a PNG.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        let encoded = self.get("/screenshot")?;
        base64_decode(encoded.as_str().unwrap_or_default())
            .ok_or_else(|| WdError::transport("a screenshot that is not base64".into()))
    }

    /// Resizes the browser's window.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.post("/window/rect", json!({ "width": width, "height": height })).map(drop)
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Result<Element> {
        element(&self.post("/element", json!({ "using": "css selector", "value": css }))?)
    }

    /// Every element matching a CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let found = self.post("/elements", json!({ "using": "css selector", "value": css }))?;
        found.as_array().into_iter().flatten().map(element).collect()
    }

    /// The element that has the focus.
    pub fn active(&self) -> Result<Element> {
        element(&self.get("/element/active")?)
    }

    /// An element's text as rendered (what a person reads).
    pub fn text(&self, el: &Element) -> Result<String> {
        Ok(self.get(&format!("/element/{}/text", el.0))?.as_str().unwrap_or_default().to_owned())
    }

    /// An element's attribute as written in the HTML, if it has it.
    pub fn attr(&self, el: &Element, name: &str) -> Result<Option<String>> {
        Ok(self.get(&format!("/element/{}/attribute/{name}", el.0))?.as_str().map(str::to_owned))
    }

    /// Whether an element is shown.
    pub fn displayed(&self, el: &Element) -> Result<bool> {
        Ok(self.get(&format!("/element/{}/displayed", el.0))?.as_bool().unwrap_or(false))
    }

    /// Clicks an element (scrolled into view first, as a person would).
    pub fn click(&self, el: &Element) -> Result<()> {
        self.post(&format!("/element/{}/click", el.0), json!({})).map(drop)
    }

    /// Empties a field.
    pub fn clear(&self, el: &Element) -> Result<()> {
        self.post(&format!("/element/{}/clear", el.0), json!({})).map(drop)
    }

    /// Types `text` into an element.
    pub fn send_keys(&self, el: &Element, text: &str) -> Result<()> {
        self.post(&format!("/element/{}/value", el.0), json!({ "text": text })).map(drop)
    }

    /// Presses and releases `key` (a character or one of [`TAB`], [`ENTER`]) wherever the
    /// focus is.
    pub fn press(&self, key: &str) -> Result<()> {
        let actions = json!({ "actions": [{
            "type": "key",
            "id": "keyboard",
            "actions": [{ "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }],
        }]});
        self.post("/actions", actions)?;
        command(&self.address, "DELETE", &format!("/session/{}/actions", self.id), None).map(drop)
    }

    /// Runs a script in the page (`arguments` holds `args`) and gives what it returns.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
    }
}

/// An element out of a WebDriver answer.
fn element(value: &Value) -> Result<Element> {
    value
        .get(ELEMENT_KEY)
        .and_then(Value::as_str)
        .map(|id| Element(id.to_owned()))
        .ok_or_else(|| WdError::transport(format!("not an element: {value}")))
}

/// Standard base64, as WebDriver sends screenshots.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(bytes)
}

#[test]
fn base64_decodes_what_webdriver_sends() {
    assert_eq!(base64_decode("aGVsbG8="), Some(b"hello".to_vec()));
    assert_eq!(base64_decode("aGk="), Some(b"hi".to_vec()));
    assert_eq!(base64_decode("YWJj"), Some(b"abc".to_vec()));
    assert_eq!(base64_decode("a*"), None);
}
