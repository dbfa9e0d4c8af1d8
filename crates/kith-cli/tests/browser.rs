//! End-to-end tests in headless Chromium: the real `kith serve` on the demo database,
//! driven over WebDriver (`chromedriver`) the way a person uses it, asserting what they
//! see. Without Debian's `chromium` and `chromium-driver` they say once that they were
//! skipped and pass, except on CI (`CI=true`), where a missing browser fails them.

#[path = "browser/webdriver.rs"]
mod webdriver;

#[path = "browser/harness.rs"]
mod harness;
#[path = "shared/listening.rs"]
mod listening;

#[path = "browser/farewell.rs"]
mod farewell;
#[path = "browser/import.rs"]
mod import;
#[path = "browser/network.rs"]
mod network;
#[path = "browser/signin.rs"]
mod signin;
