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
    // A strict Content-Security-Policy is in force, and the app runs under it without a violation.
    let policy = browser
        .js("const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m ? m.content : ''", json!([]));
    let policy = policy.as_str().unwrap_or("");
    for directive in ["default-src 'none'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "'wasm-unsafe-eval'"] {
        assert!(policy.contains(directive), "CSP lacks {directive}: {policy:?}");
    }
    assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "CSP too loose: {policy}");
    assert_eq!(browser.csp_violations(), Vec::<String>::new());
    // The recorder really sees violations: an injected inline script is refused and reported.
    browser.js("const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.appendChild(s);", json!([]));
    browser.wait_for("window.__cspViolations.length > 0", "the injected inline script to be reported", Duration::from_secs(5));
    assert_eq!(browser.js("return window.__injected === undefined", json!([])), json!(true), "inline script ran");
    let _ = browser.console_errors(); // drain the expected refusal

    // Subresource integrity (Trunk's default) stays on for the JS (the glue and the DOM patch
    // snippet it imports), the wasm and the stylesheet.
    let integrity = browser.js(
        "const kinds = ['link[rel=modulepreload]', 'link[rel=preload][as=fetch]', 'link[rel=stylesheet]'];\n\
         return kinds.flatMap(s => { const ls = [...document.querySelectorAll(s)]; return ls.length ? ls.map(l => [l.getAttribute('href'), l.getAttribute('integrity') || '']) : [[s, 'missing']]; })",
        json!([]),
    );
    let links = integrity.as_array().unwrap();
    assert!(links.iter().any(|l| l[0].as_str().unwrap_or("").ends_with("patch.js")), "the patch snippet is preloaded: {integrity}");
    for link in links {
        assert!(link[1].as_str().unwrap_or("").starts_with("sha384-"), "missing SRI: {integrity}");
    }

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
