//! End-to-end: the built app loads in headless Chromium, renders its first screen, and the page
//! produces no console error and no failed request.

mod browser;

use browser::{Browser, BrowserOptions};
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

    // Subresource integrity (Trunk's default) stays on for the JS (the glue and the browser
    // snippet it imports), the wasm and the stylesheet.
    let integrity = browser.js(
        "const kinds = ['link[rel=modulepreload]', 'link[rel=preload][as=fetch]', 'link[rel=stylesheet]'];\n\
         return kinds.flatMap(s => { const ls = [...document.querySelectorAll(s)]; return ls.length ? ls.map(l => [l.getAttribute('href'), l.getAttribute('integrity') || '']) : [[s, 'missing']]; })",
        json!([]),
    );
    let links = integrity.as_array().unwrap();
    assert!(links.iter().any(|l| l[0].as_str().unwrap_or("").ends_with("ui/browser.js")), "the browser snippet is preloaded: {integrity}");
    for link in links {
        assert!(link[1].as_str().unwrap_or("").starts_with("sha384-"), "missing SRI: {integrity}");
    }

    let errors = browser.console_errors();
    assert!(errors.is_empty(), "browser console errors: {errors:#?}");
    let failed: Vec<_> = browser.server.requests().into_iter().filter(|r| r.status != 200).collect();
    assert!(failed.is_empty(), "failed requests: {failed:#?}");
    // The wasm module was fetched, once: the preload and the integrity-checked load are one request.
    let wasm_requests = browser.server.requests().iter().filter(|r| r.path.ends_with(".wasm")).count();
    assert_eq!(wasm_requests, 1, "the wasm is fetched exactly once");
}

#[test]
fn an_altered_wasm_is_refused() {
    assert_refused_when_altered("wasm", ".wasm");
}

/// Our snippet is rewritten after Trunk hashed it (the build strips its comments), so its integrity
/// value is computed again; this checks that value is enforced too.
#[test]
fn an_altered_browser_snippet_is_refused() {
    assert_refused_when_altered("js", "ui/browser.js");
}

/// Serves a copy of dist/ in which one file, found by its path's ending, differs by one byte from what
/// index.html's integrity value names: the app must not start, and the browser must say why.
fn assert_refused_when_altered(extension: &str, ending: &str) {
    let copy = std::env::temp_dir().join(format!("wizard-altered-dist-{}-{extension}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    copy_dir(&browser::ensure_dist(), &copy);
    let file = browser::files_under(&copy).into_iter().find(|p| p.to_string_lossy().ends_with(ending)).expect("the file to alter");
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    // Flipping the lowest bit of a JS file's final newline makes it a harmless character.
    bytes[last] ^= 1;
    std::fs::write(&file, bytes).unwrap();

    let browser = Browser::start_with(BrowserOptions { root: Some(copy.clone()), ..Default::default() });
    browser.goto(&browser.server.url("/"));
    browser.wait_for(
        &format!("performance.getEntriesByType('resource').some(r => r.name.endsWith('.{extension}'))"),
        "the request for the altered file",
        Duration::from_secs(10),
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(browser.js("return document.querySelector('main') === null", json!([])), json!(true), "the altered app must not run");
    let errors = browser.console_errors().join("\n");
    assert!(errors.contains("integrity"), "the browser names the integrity failure: {errors}");
    let _ = std::fs::remove_dir_all(&copy);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for file in browser::files_under(from) {
        let target = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
}
