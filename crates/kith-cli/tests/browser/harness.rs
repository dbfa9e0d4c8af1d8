//! The harness: for each test, the demo database built by the real `kith demo`, the real
//! `kith serve` on a free loopback port with its own configuration directory,
//! `chromedriver` on another, and a headless Chromium session with a fresh profile. All
//! of it is stopped when the test ends, passed or failed; a failed test leaves a
//! screenshot, the page's HTML and the server's and driver's logs beside its temporary
//! directory and prints where.
//!
//! The helpers (`sign_in`, `visit`, `text_of`, `click`, `fill`, `attr`, `wait_for`…)
//! panic with the step that failed, so that a test reads as what a person does.

use crate::webdriver::{self, Element, Session};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// A directory where each passing test leaves a screenshot of where it ended, for a person
/// to look at the pages (`KITH_BROWSER_SCREENSHOTS=/tmp/shots cargo test --test browser`).
const SCREENSHOTS: &str = "KITH_BROWSER_SCREENSHOTS";

/// How long a step waits for what it expects to appear.
const PATIENCE: Duration = Duration::from_secs(10);

/// Chromium's flags that work headless in a container and on CI: no sandbox (no user
/// namespaces there), no GPU, no shared memory beyond /dev/shm's small size, and nothing
/// fetched from Google.
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// The browser and its driver, found on `PATH`.
struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

/// The browser and its driver, or why the tests cannot run here. Without them the tests
/// pass after saying once that they were skipped, except on CI (`CI=true`), where a
/// missing browser is a failure.
fn tools() -> Option<Tools> {
    let chromium = ["chromium", "chromium-browser"].into_iter().find_map(on_path);
    let chromedriver = on_path("chromedriver");
    let missing = match (&chromium, &chromedriver) {
        (Some(_), Some(_)) => None,
        (None, Some(_)) => Some("no `chromium` on PATH"),
        (Some(_), None) => Some("no `chromedriver` on PATH"),
        (None, None) => Some("no `chromium` and no `chromedriver` on PATH"),
    };
    if let Some(missing) = missing {
        let why = format!("{missing} (Debian: apt-get install chromium chromium-driver)");
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the browser tests must run on CI, but {why}");
        }
        static SAID: Once = Once::new();
        // Straight to standard error: the test harness would hide a passing test's print.
        SAID.call_once(|| {
            let _ = writeln!(std::io::stderr(), "browser tests skipped: {why}");
        });
        return None;
    }
    Some(Tools { chromium: chromium?, chromedriver: chromedriver? })
}

/// An executable file of that name in a directory of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|file| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        }
        #[cfg(not(unix))]
        file.is_file()
    })
}

/// A child process, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free port on loopback (free when asked; the driver takes it right after).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port on loopback");
    listener.local_addr().expect("the port's address").port()
}

/// One test's kith, server and browser.
pub struct Ui {
    session: Option<Session>,
    /// chromedriver and kith serve, stopped when the test ends.
    _driver: Running,
    _server: Running,
    /// `127.0.0.1:port`, where kith is served.
    address: String,
    token: String,
    token_file: PathBuf,
    started: Instant,
    dir: TempDir,
}

impl Ui {
    /// The demo database served by `kith serve` and a headless Chromium pointed at it, or
    /// `None` when the browser tests are skipped on this machine.
    pub fn start() -> Option<Ui> {
        let tools = tools()?;
        let started = Instant::now();
        let dir = tempfile::Builder::new().prefix("kith-browser-").tempdir().expect("a temporary directory");
        for sub in ["home", "config", "tmp"] {
            std::fs::create_dir(dir.path().join(sub)).expect("a directory in the temporary one");
        }

        let demo = kith(dir.path())
            .args(["demo", "--db"])
            .arg(dir.path().join("kith.db"))
            .stdin(Stdio::null())
            .output()
            .expect("kith demo runs");
        assert!(demo.status.success(), "kith demo failed: {}", String::from_utf8_lossy(&demo.stderr));

        let (server, address) = serve(dir.path());
        let token_file = dir.path().join("config").join("server-token");
        let token =
            std::fs::read_to_string(&token_file).expect("kith serve wrote its token").trim().to_owned();

        let port = free_port();
        let log = std::fs::File::create(dir.path().join("chromedriver.log")).expect("the driver's log");
        let driver = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("the driver's log"))
            .stderr(log)
            .spawn()
            .expect("chromedriver starts");
        let driver = Running(driver);
        let driver_address = format!("127.0.0.1:{port}");
        let waiting = Instant::now();
        while !webdriver::ready(&driver_address) {
            assert!(waiting.elapsed() < PATIENCE, "chromedriver is not ready after {PATIENCE:?}");
            std::thread::sleep(Duration::from_millis(25));
        }

        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", dir.path().join("profile").display()));
        args.push("--window-size=1200,900".to_owned());
        let session =
            Session::new(&driver_address, &tools.chromium.to_string_lossy(), &args).unwrap_or_else(|e| {
                let log = std::fs::read_to_string(dir.path().join("chromedriver.log")).unwrap_or_default();
                panic!("Chromium does not start under chromedriver: {e}\nchromedriver's log:\n{log}")
            });
        Some(Ui {
            session: Some(session),
            _driver: driver,
            _server: server,
            address,
            token,
            token_file,
            started,
            dir,
        })
    }

    fn session(&self) -> &Session {
        self.session.as_ref().expect("a session until the end")
    }

    /// The file holding the server token.
    pub fn token_file(&self) -> &Path {
        &self.token_file
    }

    /// The database the server serves.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("kith.db")
    }

    /// Where the server listens: `127.0.0.1:port`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Where the server answers: `http://127.0.0.1:port`.
    pub fn base(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Opens a path of kith's (`/`, `/signin`…) and waits for it to load.
    #[track_caller]
    pub fn visit(&self, path: &str) {
        let url = format!("{}{path}", self.base());
        self.session().goto(&url).unwrap_or_else(|e| panic!("opening {url}: {e}"));
    }

    /// The path (and query) of the page shown.
    #[track_caller]
    pub fn path(&self) -> String {
        let url = self.session().url().unwrap_or_else(|e| panic!("reading the address: {e}"));
        url.strip_prefix(&self.base()).map(str::to_owned).unwrap_or(url)
    }

    /// Whether the first element matching `css` is shown (not hidden by CSS).
    #[track_caller]
    pub fn shown(&self, css: &str) -> bool {
        let element = self.wait_for(css);
        self.session().displayed(&element).unwrap_or_else(|e| panic!("seeing whether `{css}` is shown: {e}"))
    }

    /// Waits until the page shows `path`.
    #[track_caller]
    pub fn wait_for_path(&self, path: &str) {
        self.wait_until(&format!("the page at {path}"), || self.path() == path);
    }

    /// Waits until `ready` holds (polled), failing after a few seconds with `what`.
    #[track_caller]
    pub fn wait_until(&self, what: &str, mut ready: impl FnMut() -> bool) {
        let started = Instant::now();
        while !ready() {
            assert!(
                started.elapsed() < PATIENCE,
                "waited {PATIENCE:?} for {what}; the page is at {}",
                self.path()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The first element matching `css`, once there is one.
    #[track_caller]
    pub fn wait_for(&self, css: &str) -> Element {
        let mut found = None;
        self.wait_until(&format!("an element matching `{css}`"), || match self.session().find(css) {
            Ok(element) => {
                found = Some(element);
                true
            }
            Err(e) if e.error == "no such element" => false,
            Err(e) => panic!("finding `{css}`: {e}"),
        });
        found.expect("found")
    }

    /// Every element matching `css` now (none is no failure).
    #[track_caller]
    pub fn all(&self, css: &str) -> Vec<Element> {
        self.session().find_all(css).unwrap_or_else(|e| panic!("finding `{css}`: {e}"))
    }

    /// Whether an element matches `css` now.
    #[track_caller]
    pub fn exists(&self, css: &str) -> bool {
        !self.all(css).is_empty()
    }

    /// The text shown by the first element matching `css`.
    #[track_caller]
    pub fn text_of(&self, css: &str) -> String {
        let element = self.wait_for(css);
        self.text(&element)
    }

    /// The text of each element matching `css`, in order.
    #[track_caller]
    pub fn texts_of(&self, css: &str) -> Vec<String> {
        self.all(css).iter().map(|e| self.text(e)).collect()
    }

    /// An element's text as shown.
    #[track_caller]
    pub fn text(&self, element: &Element) -> String {
        self.session().text(element).unwrap_or_else(|e| panic!("reading an element's text: {e}"))
    }

    /// An attribute of the first element matching `css`.
    #[track_caller]
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        let element = self.wait_for(css);
        self.attr_of(&element, name)
    }

    /// An element's attribute.
    #[track_caller]
    pub fn attr_of(&self, element: &Element, name: &str) -> Option<String> {
        self.session().attr(element, name).unwrap_or_else(|e| panic!("reading attribute {name}: {e}"))
    }

    /// Clicks the first element matching `css` (a link followed or a form sent is loaded
    /// before this returns).
    #[track_caller]
    pub fn click(&self, css: &str) {
        let element = self.wait_for(css);
        self.session().click(&element).unwrap_or_else(|e| panic!("clicking `{css}`: {e}"));
    }

    /// Empties the field matching `css` and types `text` into it.
    #[track_caller]
    pub fn fill(&self, css: &str, text: &str) {
        let element = self.wait_for(css);
        self.session().clear(&element).unwrap_or_else(|e| panic!("emptying `{css}`: {e}"));
        self.session().send_keys(&element, text).unwrap_or_else(|e| panic!("typing into `{css}`: {e}"));
    }

    /// Chooses a file in the file input matching `css`, as picking it in the dialog does.
    #[track_caller]
    pub fn choose_file(&self, css: &str, file: &Path) {
        let element = self.wait_for(css);
        let path = file.display().to_string();
        self.session()
            .send_keys(&element, &path)
            .unwrap_or_else(|e| panic!("choosing {path} in `{css}`: {e}"));
    }

    /// Presses a key (a character, or `webdriver::TAB`, `webdriver::ENTER`) wherever the
    /// focus is.
    #[track_caller]
    pub fn press(&self, key: &str) {
        self.session().press(key).unwrap_or_else(|e| panic!("pressing {key:?}: {e}"));
    }

    /// The element with the focus.
    #[track_caller]
    pub fn focused(&self) -> Element {
        self.session().active().unwrap_or_else(|e| panic!("finding the focus: {e}"))
    }

    /// Runs a script in the page (`arguments[0]`… are `args`) and gives what it returns.
    #[track_caller]
    pub fn script(&self, js: &str, args: Vec<Value>) -> Value {
        self.session().execute(js, args).unwrap_or_else(|e| panic!("running a script: {e}"))
    }

    /// Resizes the window, as a phone's or a desktop's.
    #[track_caller]
    pub fn window(&self, width: u32, height: u32) {
        self.session().set_window_size(width, height).unwrap_or_else(|e| panic!("resizing the window: {e}"));
    }

    /// Signs in with the server token from the sign-in page, and waits for the page it
    /// lands on to show the navigation.
    #[track_caller]
    pub fn sign_in(&self) {
        if !self.path().starts_with("/signin") {
            self.visit("/signin");
        }
        self.fill("#token", &self.token);
        self.click("form[action='/signin'] button[type=submit]");
        self.wait_for("nav[aria-label='Main']");
    }

    /// A request to kith's API with the server token as a bearer token: the status and
    /// the JSON answered.
    #[track_caller]
    pub fn api(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let bearer = format!("Bearer {}", self.token);
        let mut headers = vec![("Authorization", bearer.as_str())];
        if body.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        let body = body.map(Value::to_string).unwrap_or_default();
        let (status, text) = webdriver::http(&self.address, method, path, &headers, &body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let json =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} {path}: not JSON: {text}"));
        (status, json)
    }

    /// `kith --json ARGS` on the database being served, as someone at the terminal
    /// would run it beside the browser: what it prints.
    #[track_caller]
    pub fn kith_json(&self, args: &[&str]) -> Value {
        let out = kith(self.dir.path())
            .arg("--db")
            .arg(self.db())
            .arg("--json")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("kith runs");
        assert!(out.status.success(), "kith {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
            panic!("kith {args:?} printed no JSON: {}", String::from_utf8_lossy(&out.stdout))
        })
    }

    /// Saves what the page shows at the test's end as `<test>.png` in `dir`.
    fn last_screen(&self, dir: &Path) {
        let name = std::thread::current().name().unwrap_or("browser").replace("::", "-");
        if let Some(Ok(png)) = self.session.as_ref().map(Session::screenshot) {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    /// Keeps what a failed test saw: the page's screenshot and HTML, where it was, and
    /// the logs, in a directory beside the temporary one (which goes away).
    fn keep_evidence(&self) {
        let mut name = self.dir.path().as_os_str().to_owned();
        name.push("-failed");
        let kept = PathBuf::from(name);
        if std::fs::create_dir_all(&kept).is_err() {
            return;
        }
        if let Some(session) = &self.session {
            if let Ok(png) = session.screenshot() {
                let _ = std::fs::write(kept.join("screenshot.png"), png);
            }
            if let Ok(html) = session.source() {
                let _ = std::fs::write(kept.join("page.html"), html);
            }
            if let Ok(url) = session.url() {
                let _ = std::fs::write(kept.join("url.txt"), url);
            }
        }
        for log in ["serve.log", "chromedriver.log"] {
            let _ = std::fs::copy(self.dir.path().join(log), kept.join(log));
        }
        eprintln!(
            "the browser test failed after {:.1?}: screenshot, page and logs in {}",
            self.started.elapsed(),
            kept.display()
        );
    }
}

impl Drop for Ui {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.keep_evidence();
        } else if let Some(dir) = std::env::var_os(SCREENSHOTS) {
            self.last_screen(Path::new(&dir));
        }
        if let Some(session) = self.session.take() {
            let _ = session.delete();
        }
        // Then the driver, the server and the directory, in the fields' order.
    }
}

/// `kith` in a clean environment inside `dir`: UTC, its own home, configuration and
/// temporary directories, no database named by the environment.
fn kith(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kith"));
    cmd.env_remove("KITH_DB")
        .env("KITH_CONFIG_DIR", dir.join("config"))
        .env("TZ", "UTC")
        .env("HOME", dir.join("home"))
        .env("XDG_DATA_HOME", dir.join("home").join("data"))
        .env("TMPDIR", dir.join("tmp"))
        .env("NO_COLOR", "1");
    cmd
}

/// Starts `kith --json serve` on a free loopback port, its log in `serve.log`: the
/// server and the address it listens on.
fn serve(dir: &Path) -> (Running, String) {
    let log = std::fs::File::create(dir.join("serve.log")).expect("the server's log");
    let mut child = kith(dir)
        .arg("--db")
        .arg(dir.join("kith.db"))
        .args(["--json", "serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("kith serve starts");
    let stdout = child.stdout.take().expect("the server's output");
    let server = Running(child);
    let (address, _) = crate::listening::listening(stdout).unwrap_or_else(|printed| {
        let log = std::fs::read_to_string(dir.join("serve.log")).unwrap_or_default();
        panic!("kith serve printed {printed:?}; its log: {log}")
    });
    (server, address)
}
