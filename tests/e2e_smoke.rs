//! End-to-end: the built app loads in headless Chromium, renders its first screen, and the page
//! produces no console error and no failed request.

mod browser;

use browser::Browser;
use serde_json::json;
use std::time::Duration;

#[test]
fn built_app_renders_first_screen_without_errors() {
    let browser = Browser::start();
    browser.goto(&browser.server.url("/"));
    browser.wait_for(
        "document.querySelector('main h1') && document.querySelector('main h1').innerText",
        "the app to render its first screen (a heading inside <main>)",
        Duration::from_secs(20),
    );
    let heading = browser.js("return document.querySelector('main h1').innerText", json!([]));
    assert!(
        heading.as_str().unwrap_or("").contains("AKS"),
        "first screen heading should name the product, got {heading}"
    );
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "browser console errors: {errors:#?}");
    let failed: Vec<_> = browser.server.requests().into_iter().filter(|r| r.status != 200).collect();
    assert!(failed.is_empty(), "failed requests: {failed:#?}");
    // The wasm module was actually fetched: the page is the app, not a static shell.
    assert!(
        browser.server.requests().iter().any(|r| r.path.ends_with(".wasm")),
        "no .wasm request seen"
    );
}
