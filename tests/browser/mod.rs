//! Browser test harness: a static file server for `dist/` (tiny_http), a chromedriver process and a
//! WebDriver client (fantoccini), all on loopback.
//!
//! fantoccini is async. Each `Browser` owns a one-thread tokio runtime and blocks on every call, so the
//! tests read as plain steps, one after the other. Each `Browser` starts its own server, chromedriver
//! and headless Chromium with a fresh profile, and stops them on drop.

#![allow(dead_code)]

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::ElementRef;
use fantoccini::error::CmdError;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::future::Future;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds `dist/` with Trunk when it is missing, so `cargo test` alone also works after `scripts/setup`.
pub fn ensure_dist() -> PathBuf {
    let root = project_root();
    let dist = root.join("dist");
    if !dist.join("index.html").exists() {
        let path = format!(
            "{}:{}/.cargo/bin:{}",
            root.join("node_modules/.bin").display(),
            std::env::var("HOME").unwrap_or_default(),
            std::env::var("PATH").unwrap_or_default()
        );
        let status = Command::new("trunk")
            .args(["build", "--release"])
            .current_dir(&root)
            .env("PATH", path)
            .status()
            .expect("dist/ is missing and trunk could not be started: run scripts/setup, then scripts/test");
        assert!(status.success(), "trunk build --release failed");
    }
    dist
}

/// Every file under `dir`, at any depth.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())).flatten() {
        if entry.path().is_dir() {
            files.extend(files_under(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files
}

/// gzip at level 9 with no name and mtime 0, as `gzip -9n` would write it.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// One request the static server saw: the path (with query) and the status it answered.
#[derive(Debug, Clone)]
pub struct Served {
    pub path: String,
    pub status: u16,
}

/// A static file server for a folder on 127.0.0.1 with a random port. Records every request.
///
/// Each path answers with exactly the file of that name: never a `.gz` or `.br` sibling that dist/
/// also holds (a tampered copy of dist/ keeps its stale siblings, which must not stand in for it).
pub struct StaticServer {
    pub port: u16,
    pub log: Arc<Mutex<Vec<Served>>>,
    server: Arc<tiny_http::Server>,
}

impl StaticServer {
    /// Serves `root`; paths starting with `refuse_prefix` answer 404, to test failed fetches.
    pub fn start(root: &Path, refuse_prefix: Option<&'static str>) -> StaticServer {
        StaticServer::start_with(root, refuse_prefix, false)
    }

    /// As `start`; with `gzip`, a client that accepts gzip gets every file gzip-compressed
    /// (`Content-Encoding: gzip`), as a static host serves them. The files are compressed once,
    /// here, so compressing never counts in a measured load.
    pub fn start_with(root: &Path, refuse_prefix: Option<&'static str>, gzip: bool) -> StaticServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind loopback"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let root = root.to_path_buf();
        let compressed: Arc<HashMap<PathBuf, Vec<u8>>> = Arc::new(if gzip {
            files_under(&root)
                .into_iter()
                .map(|file| {
                    let packed = self::gzip(&std::fs::read(&file).unwrap());
                    (file, packed)
                })
                .collect()
        } else {
            HashMap::new()
        });
        let (in_thread, log_in_thread) = (Arc::clone(&server), Arc::clone(&log));
        thread::spawn(move || {
            for request in in_thread.incoming_requests() {
                let (root, log, compressed) = (root.clone(), Arc::clone(&log_in_thread), Arc::clone(&compressed));
                // One thread per request, so a slow answer never holds up the next.
                thread::spawn(move || serve_one(request, &root, &log, refuse_prefix, &compressed));
            }
        });
        StaticServer { port, log, server }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    pub fn requests(&self) -> Vec<Served> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        // Ends the accepting thread.
        self.server.unblock();
    }
}

fn serve_one(
    request: tiny_http::Request,
    root: &Path,
    log: &Mutex<Vec<Served>>,
    refuse_prefix: Option<&str>,
    compressed: &HashMap<PathBuf, Vec<u8>>,
) {
    let target = request.url().to_string();
    let path_only = target.split(['?', '#']).next().unwrap_or("/");
    let relative = path_only.trim_start_matches('/');
    let relative = if relative.is_empty() { "index.html" } else { relative };
    let file = root.join(relative);
    let refused = refuse_prefix.is_some_and(|p| path_only.starts_with(p));
    let safe = !refused && !relative.split('/').any(|part| part == "..");
    let accepts_gzip = request.headers().iter().any(|h| {
        h.field.equiv("Accept-Encoding")
            && h.value.as_str().split(',').any(|coding| coding.split(';').next().unwrap_or("").trim() == "gzip")
    });
    let (status, body, content_type, gzipped) = match (safe, std::fs::read(&file)) {
        (true, Ok(bytes)) => match compressed.get(&file) {
            Some(packed) if accepts_gzip => (200, packed.clone(), content_type(relative), true),
            _ => (200, bytes, content_type(relative), false),
        },
        _ => (404, b"not found".to_vec(), "text/plain", false),
    };
    log.lock().unwrap().push(Served { path: target, status });
    let header = |name: &str, value: &str| tiny_http::Header::from_bytes(name, value).expect("an ASCII header");
    // Content-Length on every answer, as a static host sends (tiny_http would chunk bodies over 32 KB).
    // One connection per request: tiny_http writes the head and the body apart and sets no
    // TCP_NODELAY, so on a kept-alive connection the body could wait ~40 ms for the browser's delayed
    // ACK, which measured as +10-20 ms per cold load.
    let mut response = tiny_http::Response::from_data(body)
        .with_chunked_threshold(usize::MAX)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("Connection", "close"));
    if gzipped {
        response = response.with_header(header("Content-Encoding", "gzip")).with_header(header("Vary", "Accept-Encoding"));
    }
    let _ = request.respond(response);
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "yaml" => "application/yaml",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// How long one WebDriver command may take before the test fails instead of hanging.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// A chromedriver command that fantoccini has no method for, addressed under the session:
/// `goog/cdp/execute` (DevTools protocol), `chromium/send_command` and `se/log` (the console).
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/{}", session.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// A reference to an element in the page.
pub type Element = fantoccini::elements::Element;

/// The W3C WebDriver key under which element references travel in script results.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Browser {
    pub server: StaticServer,
    pub downloads: PathBuf,
    client: Option<Client>,
    runtime: tokio::runtime::Runtime,
    driver: Child,
    profile: PathBuf,
}

/// Options for one browser.
#[derive(Default)]
pub struct BrowserOptions {
    /// Chromium width x height.
    pub window: Option<(u32, u32)>,
    /// Requests under this path fail with 404.
    pub refuse_prefix: Option<&'static str>,
    /// Serve this folder instead of `dist/` (a copy with a file altered, say).
    pub root: Option<PathBuf>,
    /// Serve gzip-compressed files to a browser that accepts them, as a static host does.
    pub gzip: bool,
}

impl Browser {
    pub fn start() -> Browser {
        Browser::start_with(BrowserOptions::default())
    }

    pub fn start_with(options: BrowserOptions) -> Browser {
        let dist = ensure_dist();
        let server =
            StaticServer::start_with(options.root.as_deref().unwrap_or(&dist), options.refuse_prefix, options.gzip);
        let driver_port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver not found: run scripts/setup (Debian package chromium-driver)");
        // chromedriver answers as soon as it listens.
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", driver_port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start within 20 s");
            thread::sleep(Duration::from_millis(100));
        }
        let unique = format!("{}-{}", std::process::id(), driver_port);
        let profile = std::env::temp_dir().join(format!("wizard-e2e-profile-{unique}"));
        let downloads = std::env::temp_dir().join(format!("wizard-e2e-downloads-{unique}"));
        std::fs::create_dir_all(&downloads).unwrap();
        let (w, h) = options.window.unwrap_or((1280, 900));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--no-default-browser-check",
                    format!("--window-size={w},{h}"),
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false
                }
            }
        });
        let capabilities: Capabilities = serde_json::from_value(capabilities).unwrap();
        // One thread is enough: the tests wait on each command before the next.
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
        let client = runtime
            .block_on(
                ClientBuilder::new(HttpConnector::new())
                    .capabilities(capabilities)
                    .connect(&format!("http://127.0.0.1:{driver_port}")),
            )
            .unwrap_or_else(|e| panic!("could not start headless Chromium: {e}"));
        let browser = Browser { server, downloads, client: Some(client), runtime, driver, profile };
        // Headless downloads need an explicit allow with the target folder.
        let _ = browser.session_command(
            "chromium/send_command",
            json!({"cmd": "Page.setDownloadBehavior", "params": {"behavior": "allow", "downloadPath": browser.downloads.display().to_string()}}),
        );
        // Record CSP violations from the first byte of every page, before the app's own scripts run.
        browser.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI));"}),
        );
        browser
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("the session is open")
    }

    /// Runs one fantoccini call to completion on this browser's runtime.
    fn run<T>(&self, call: impl Future<Output = Result<T, CmdError>>) -> Result<T, String> {
        match self.runtime.block_on(async { tokio::time::timeout(COMMAND_TIMEOUT, call).await }) {
            Ok(result) => result.map_err(|e| e.to_string()),
            Err(_) => Err(format!("chromedriver did not answer within {} s", COMMAND_TIMEOUT.as_secs())),
        }
    }

    fn session_command(&self, path: &'static str, body: Value) -> Result<Value, String> {
        self.run(self.client().issue_cmd(SessionCommand { path, body }))
    }

    /// CSP violations the current page reported.
    pub fn csp_violations(&self) -> Vec<String> {
        match self.js("return window.__cspViolations || ['no recorder installed']", json!([])) {
            Value::Array(items) => items.into_iter().map(|v| v.as_str().unwrap_or("").to_string()).collect(),
            other => vec![format!("unexpected {other}")],
        }
    }

    /// Every URL the current page fetched (navigation and resources), from the Performance API:
    /// unlike the test server's log, this also sees requests to other origins.
    pub fn fetched_urls(&self) -> Vec<String> {
        match self.js(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map(e => e.name)",
            json!([]),
        ) {
            Value::Array(items) => items.into_iter().map(|v| v.as_str().unwrap_or("").to_string()).collect(),
            other => vec![format!("unexpected {other}")],
        }
    }

    pub fn goto(&self, url: &str) {
        self.run(self.client().goto(url)).unwrap_or_else(|e| panic!("navigate to {url}: {e}"));
    }

    /// Runs a synchronous script in the page and returns its value. `args` is a JSON array.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.run(self.client().execute(script, arguments(args)))
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs an async script: the last argument is the callback.
    pub fn js_async(&self, script: &str, args: Value) -> Value {
        self.run(self.client().execute_async(script, arguments(args)))
            .unwrap_or_else(|e| panic!("async script failed: {e}\n{script}"))
    }

    /// Polls a JS expression until it is truthy, or panics with `what` after `timeout`.
    pub fn wait_for(&self, expression: &str, what: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.js(&format!("return ({expression});"), json!([]));
            let truthy = !matches!(value, Value::Null | Value::Bool(false))
                && value != json!("")
                && value != json!(0);
            if truthy {
                return value;
            }
            if Instant::now() > deadline {
                let body = self.js("return document.body ? document.body.innerText.slice(0, 2000) : ''", json!([]));
                panic!("timed out waiting for {what}\npage text: {body}\nconsole: {:?}", self.console_entries());
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Browser console entries since the last call (chromedriver's log endpoint drains them).
    pub fn console_entries(&self) -> Vec<(String, String)> {
        match self.session_command("se/log", json!({ "type": "browser" })) {
            Ok(Value::Array(entries)) => entries
                .into_iter()
                .map(|e| {
                    (
                        e["level"].as_str().unwrap_or("").to_string(),
                        e["message"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Console errors (SEVERE), which include failed resource loads and CSP violations.
    pub fn console_errors(&self) -> Vec<String> {
        self.console_entries()
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .map(|(_, message)| message)
            .collect()
    }

    /// Finds the control whose visible <label> text is exactly `label` (whitespace trimmed).
    pub fn by_label(&self, label: &str) -> Element {
        let script = "const want = arguments[0];\n\
            for (const l of document.querySelectorAll('label')) {\n\
              if (l.innerText.trim() === want) {\n\
                const el = l.htmlFor ? document.getElementById(l.htmlFor) : l.querySelector('input,select,textarea');\n\
                if (el) return el;\n\
              }\n\
            }\n\
            return null;";
        self.wait_for_element(script, label, &format!("a control labelled {label:?}"))
    }

    /// Finds the button whose visible text is exactly `text`.
    pub fn button(&self, text: &str) -> Element {
        let script = "const want = arguments[0];\n\
            for (const b of document.querySelectorAll('button')) {\n\
              if (b.innerText.trim() === want && b.offsetParent !== null) return b;\n\
            }\n\
            return null;";
        self.wait_for_element(script, text, &format!("a button {text:?}"))
    }

    pub fn css(&self, selector: &str) -> Element {
        self.wait_for_element("return document.querySelector(arguments[0]);", selector, &format!("element {selector:?}"))
    }

    fn wait_for_element(&self, script: &str, arg: &str, what: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let value = self.js(script, json!([arg]));
            if let Some(id) = value.get(ELEMENT_KEY).and_then(Value::as_str) {
                return Element::from_element_id(self.client().clone(), ElementRef::from(id.to_string()));
            }
            if Instant::now() > deadline {
                let body = self.js("return document.body ? document.body.innerText.slice(0, 3000) : ''", json!([]));
                panic!("no {what} found\npage text: {body}");
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn click(&self, element: &Element) {
        self.run(element.click()).unwrap_or_else(|e| panic!("click failed: {e}"));
    }

    /// Types into an element with real key events.
    pub fn type_into(&self, element: &Element, text: &str) {
        self.run(element.send_keys(text)).unwrap_or_else(|e| panic!("typing failed: {e}"));
    }

    /// Empties a text input.
    pub fn clear(&self, element: &Element) {
        self.run(element.clear()).unwrap_or_else(|e| panic!("clear failed: {e}"));
    }

    /// Clears a text input, then types `text`.
    pub fn replace_text(&self, element: &Element, text: &str) {
        self.run(element.clear()).unwrap_or_else(|e| panic!("clear failed: {e}"));
        self.type_into(element, text);
    }

    /// A property of an element, such as `value` or `checked`, as its JSON value: WebDriver's Get
    /// Element Property reads `element[name]`, and so does this (fantoccini's `prop` would turn a
    /// boolean into a string).
    pub fn property(&self, element: &Element, name: &str) -> Value {
        self.js_on_with(element, "return arguments[0][arguments[1]];", json!(name))
    }

    /// Runs a script with the element as `arguments[0]`.
    pub fn js_on(&self, element: &Element, script: &str) -> Value {
        self.js(script, json!([element]))
    }

    fn js_on_with(&self, element: &Element, script: &str, arg: Value) -> Value {
        self.js(script, json!([element, arg]))
    }

    /// Picks an option of a <select> by its visible text, as a user would.
    pub fn select_option(&self, select: &Element, text: &str) {
        let found = self.js_on(
            select,
            &format!(
                "const s = arguments[0]; const o = [...s.options].find(o => o.text.trim() === {text:?}); \n\
                 if (!o) return false; s.value = o.value; s.dispatchEvent(new Event('change', {{bubbles: true}})); return true;"
            ),
        );
        assert_eq!(found, json!(true), "no option {text:?} in the select");
    }

    /// Sends a Chrome DevTools Protocol command (emulation of media, colour scheme, network...).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.session_command("goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
            .unwrap_or_else(|e| panic!("cdp {cmd}: {e}"))
    }

    pub fn refresh(&self) {
        self.run(self.client().refresh()).expect("refresh");
    }

    pub fn text(&self) -> String {
        self.js("return document.body.innerText", json!([])).as_str().unwrap_or("").to_string()
    }

    /// Waits for a download named `name` to finish, and returns its bytes.
    pub fn downloaded(&self, name: &str) -> Vec<u8> {
        let path = self.downloads.join(name);
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(bytes) = std::fs::read(&path) {
                if !bytes.is_empty() {
                    return bytes;
                }
            }
            assert!(Instant::now() < deadline, "download {name} did not arrive in {}", self.downloads.display());
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Saves a PNG of the page; a failure only costs the picture.
    pub fn screenshot(&self, path: &Path) {
        if let Ok(png) = self.run(self.client().screenshot()) {
            let _ = std::fs::write(path, png);
        }
    }

    /// Presses keys on the focused element (WebDriver actions), each down then up.
    pub fn keys(&self, text: &str) {
        let mut keyboard = KeyActions::new("kb".to_string());
        for ch in text.chars() {
            keyboard = keyboard.then(KeyAction::Down { value: ch }).then(KeyAction::Up { value: ch });
        }
        self.perform(keyboard, "key actions");
    }

    /// Presses `key` while holding `modifier` (e.g. Control + a).
    pub fn chord(&self, modifier: char, key: char) {
        let keyboard = KeyActions::new("kb".to_string())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier });
        self.perform(keyboard, "key chord");
    }

    fn perform(&self, keyboard: KeyActions, what: &str) {
        self.run(self.client().perform_actions(keyboard)).unwrap_or_else(|e| panic!("{what}: {e}"));
        let _ = self.run(self.client().release_actions());
    }
}

/// Script arguments as fantoccini takes them: a JSON array becomes the list, anything else one item.
fn arguments(args: Value) -> Vec<Value> {
    match args {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

impl Browser {
    /// Opens wizard step number `index` (0 = Start) with its stepper button and waits for it.
    pub fn open_step(&self, index: usize) {
        self.js("document.querySelectorAll('.stepper button')[arguments[0]].click()", json!([index]));
        self.wait_for(
            &format!("document.querySelectorAll('.stepper button')[{index}].getAttribute('aria-current') === 'step'"),
            "the step to open",
            Duration::from_secs(10),
        );
    }

    /// Opens the step whose stepper title is `title` (as a user reads it) and waits for its heading.
    /// Loads axe-core (from node_modules) into the page.
    pub fn inject_axe(&self) {
        let axe = std::fs::read_to_string(project_root().join("node_modules/axe-core/axe.min.js"))
            .expect("node_modules/axe-core is missing: run scripts/setup");
        self.js(&axe, json!([]));
    }

    /// axe-core's violations on the current page, as "rule: help @ targets" lines.
    pub fn axe_violations(&self) -> Vec<String> {
        let result = self.js_async(
            "const done = arguments[arguments.length - 1];\n\
             axe.run(document, { resultTypes: ['violations'] })\n\
               .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))))\n\
               .catch(e => done(['axe failed: ' + e]));",
            json!([]),
        );
        match result {
            Value::Array(items) => items.into_iter().map(|v| v.as_str().unwrap_or("").to_string()).collect(),
            other => vec![format!("unexpected axe result {other}")],
        }
    }

    pub fn open_step_titled(&self, title: &str) {
        let button = self.js(
            "for (const x of document.querySelectorAll('.stepper button')) { if (x.querySelector('.step-title').innerText.trim() === arguments[0]) return x; } return null;",
            json!([title]),
        );
        assert!(!button.is_null(), "no stepper button for {title}");
        self.js("arguments[0].click()", json!([button]));
        self.wait_for(
            &format!("document.querySelector('main h1') && document.querySelector('main h1').innerText.trim() === {title:?}"),
            &format!("step {title}"),
            Duration::from_secs(10),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(async { tokio::time::timeout(Duration::from_secs(20), client.close()).await });
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
        let _ = std::fs::remove_dir_all(&self.downloads);
    }
}

/// Reads a ZIP archive into (name, contents) pairs; the zip crate checks each entry's CRC-32.
pub fn read_zip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip: not a readable archive");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("zip: entry");
            let name = entry.name().expect("zip: a UTF-8 name").to_string();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap_or_else(|e| panic!("zip: {name}: {e}"));
            (name, data)
        })
        .collect()
}
