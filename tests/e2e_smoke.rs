//! End-to-end: the built app loads in headless Chromium, renders its first screen, and the page
//! produces no console error and no failed request.

mod browser;

use browser::{Browser, BrowserOptions};
use serde_json::{json, Value};
use std::io::Read;
use std::path::{Path, PathBuf};
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

    // Subresource integrity (Trunk's default) stays on for the JS (the wasm-bindgen glue and any
    // snippet it imports), the wasm and the stylesheet.
    let integrity = browser.js(
        "const kinds = ['link[rel=modulepreload]', 'link[rel=preload][as=fetch]', 'link[rel=stylesheet]'];\n\
         return kinds.flatMap(s => { const ls = [...document.querySelectorAll(s)]; return ls.length ? ls.map(l => [l.getAttribute('href'), l.getAttribute('integrity') || '']) : [[s, 'missing']]; })",
        json!([]),
    );
    let links = integrity.as_array().unwrap();
    assert!(links.iter().any(|l| l[0].as_str().unwrap_or("").ends_with(".js")), "the glue is preloaded: {integrity}");
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

/// The text and wasm files of dist/, which the build precompresses (scripts/precompress.py).
fn compressible_files(dist: &Path) -> Vec<PathBuf> {
    let kinds = ["html", "js", "wasm", "css", "json", "svg", "yaml"];
    browser::files_under(dist)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| kinds.iter().any(|k| x == *k)))
        .collect()
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", file.display()))
}

/// dist/ ships `X.gz` and `X.br` beside every text and wasm file, each unpacking to exactly that file,
/// and the same build writes the same gzip bytes (no time stamp, no name).
#[test]
fn dist_ships_gzip_and_brotli_copies_of_every_text_and_wasm_file() {
    let dist = browser::ensure_dist();
    let files = compressible_files(&dist);
    for needed in ["index.html", ".wasm", ".js", ".css", "index.json", ".yaml"] {
        assert!(files.iter().any(|f| f.to_string_lossy().ends_with(needed)), "no {needed} in dist/: {files:?}");
    }
    for file in &files {
        let plain = std::fs::read(file).unwrap();
        let gz = std::fs::read(with_suffix(file, ".gz")).unwrap_or_else(|e| panic!("{}.gz: {e}", file.display()));
        assert_eq!(&gz[..4], &[0x1f, 0x8b, 8, 0], "{}.gz: gzip, deflate, no file name", file.display());
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "{}.gz: mtime 0", file.display());
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut unpacked).unwrap();
        assert!(unpacked == plain, "{}.gz does not unpack to the file", file.display());
        let br = std::fs::read(with_suffix(file, ".br")).unwrap_or_else(|e| panic!("{}.br: {e}", file.display()));
        let mut unpacked = Vec::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_end(&mut unpacked).unwrap();
        assert!(unpacked == plain, "{}.br does not unpack to the file", file.display());
    }
}

/// Fetches every text and wasm file of dist/ from the page: the encoding the server declared and the
/// bytes the page got (after the browser undid any Content-Encoding).
fn fetch_all(b: &Browser, dist: &Path) -> Vec<(PathBuf, Value, Vec<u8>)> {
    compressible_files(dist)
        .into_iter()
        .map(|file| {
            let path = format!("/{}", file.strip_prefix(dist).unwrap().display());
            let got = b.js_async(
                "const [path, done] = arguments;\n\
                 fetch(path, { cache: 'no-store' })\n\
                   .then(r => r.arrayBuffer().then(body => done([r.status, r.headers.get('content-encoding'), Array.from(new Uint8Array(body))])))\n\
                   .catch(e => done(['failed: ' + e, null, []]));",
                json!([path]),
            );
            assert_eq!(got[0], json!(200), "{path}: {got:?}");
            let bytes = got[2].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u8).collect();
            (file, got[1].clone(), bytes)
        })
        .collect()
}

/// The test server answers each path with that very file, never with a `.gz` sibling (which a copy
/// of dist/ with an altered file would still hold, stale); with `gzip` on, as the bench uses it, it
/// sends gzip that the browser unpacks to the same bytes.
#[test]
fn the_test_server_answers_with_the_plain_file_unless_told_to_gzip() {
    let dist = browser::ensure_dist();
    for gzip in [false, true] {
        let b = Browser::start_with(BrowserOptions { gzip, ..Default::default() });
        b.goto(&b.server.url("/"));
        b.wait_for("document.querySelector('main h1')", "the app", Duration::from_secs(20));
        for (file, encoding, bytes) in fetch_all(&b, &dist) {
            let expected = if gzip { json!("gzip") } else { Value::Null };
            assert_eq!(encoding, expected, "{}: Content-Encoding", file.display());
            assert!(bytes == std::fs::read(&file).unwrap(), "{}: the page got other bytes than the file (gzip {gzip})", file.display());
        }
    }
}

#[test]
fn an_altered_wasm_is_refused() {
    assert_refused_when_altered("wasm", ".wasm");
}

/// The glue is a module the inline loader imports: the import map's integrity value must hold for it.
#[test]
fn an_altered_glue_is_refused() {
    assert_refused_when_altered("js", ".js");
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
