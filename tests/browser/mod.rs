//! Browser test harness: a static file server for `dist/`, a chromedriver process and a small
//! WebDriver client, all on loopback. Hand-rolled over std so the tests pull in no async runtime.
//!
//! Each `Browser` starts its own server, chromedriver and headless Chromium with a fresh profile, and
//! stops them on drop.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
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

/// One request the static server saw: method, path (with query) and the status it answered.
#[derive(Debug, Clone)]
pub struct Served {
    pub path: String,
    pub status: u16,
}

/// A static file server for `dist/` on 127.0.0.1 with a random port. Records every request.
pub struct StaticServer {
    pub port: u16,
    pub log: Arc<Mutex<Vec<Served>>>,
}

impl StaticServer {
    /// Serves `root`; paths starting with `refuse_prefix` answer 404, to test failed fetches.
    pub fn start(root: &Path, refuse_prefix: Option<&'static str>) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let root = root.to_path_buf();
        let log_in_thread = Arc::clone(&log);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                let log = Arc::clone(&log_in_thread);
                thread::spawn(move || serve_one(stream, &root, &log, refuse_prefix));
            }
        });
        StaticServer { port, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    pub fn requests(&self) -> Vec<Served> {
        self.log.lock().unwrap().clone()
    }
}

fn serve_one(mut stream: TcpStream, root: &Path, log: &Mutex<Vec<Served>>, refuse_prefix: Option<&str>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Drain headers; the server ignores them.
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let path_only = target.split(['?', '#']).next().unwrap_or("/");
    let relative = path_only.trim_start_matches('/');
    let relative = if relative.is_empty() { "index.html" } else { relative };
    let file = root.join(relative);
    let refused = refuse_prefix.is_some_and(|p| path_only.starts_with(p));
    let safe = !refused && !relative.split('/').any(|part| part == "..");
    let (status, body, content_type) = match (safe, std::fs::read(&file)) {
        (true, Ok(bytes)) => (200, bytes, content_type(relative)),
        _ => (404, b"not found".to_vec(), "text/plain"),
    };
    log.lock().unwrap().push(Served { path: target, status });
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Not Found" },
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
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

/// Reads one HTTP/1.1 response body, by Content-Length or chunked (chromedriver keeps connections
/// open, so reading to EOF would hang).
fn read_http_body(reader: &mut impl BufRead) -> Result<String, String> {
    let mut content_length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("connection closed before the headers ended".into());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            content_length = v.trim().parse::<usize>().ok();
        } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size_line = String::new();
            reader.read_line(&mut size_line).map_err(|e| e.to_string())?;
            let size = usize::from_str_radix(size_line.trim().split(';').next().unwrap_or("0"), 16)
                .map_err(|e| format!("bad chunk size {size_line:?}: {e}"))?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).map_err(|e| e.to_string())?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(n) = content_length {
        body.resize(n, 0);
        reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    } else {
        reader.read_to_end(&mut body).map_err(|e| e.to_string())?;
    }
    String::from_utf8(body).map_err(|e| e.to_string())
}

/// Minimal HTTP/1.1 JSON call to chromedriver.
fn http_json(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(120))).ok();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let body = read_http_body(&mut BufReader::new(stream))?;
    let value: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
    if let Some(error) = value.pointer("/value/error") {
        return Err(format!("{error}: {}", value.pointer("/value/message").unwrap_or(&Value::Null)));
    }
    Ok(value)
}

/// The W3C WebDriver key under which element references travel.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A reference to an element in the page.
#[derive(Debug, Clone)]
pub struct Element {
    pub id: String,
}

pub struct Browser {
    pub server: StaticServer,
    driver: Child,
    driver_port: u16,
    session: String,
    profile: PathBuf,
    pub downloads: PathBuf,
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
}

impl Browser {
    pub fn start() -> Browser {
        Browser::start_with(BrowserOptions::default())
    }

    pub fn start_with(options: BrowserOptions) -> Browser {
        let dist = ensure_dist();
        let server = StaticServer::start(options.root.as_deref().unwrap_or(&dist), options.refuse_prefix);
        let driver_port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver not found: run scripts/setup (Debian package chromium-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while http_json(driver_port, "GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start within 20 s");
            thread::sleep(Duration::from_millis(100));
        }
        let unique = format!("{}-{}", std::process::id(), driver_port);
        let profile = std::env::temp_dir().join(format!("wizard-e2e-profile-{unique}"));
        let downloads = std::env::temp_dir().join(format!("wizard-e2e-downloads-{unique}"));
        std::fs::create_dir_all(&downloads).unwrap();
        let (w, h) = options.window.unwrap_or((1280, 900));
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
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
            }}
        });
        let created = http_json(driver_port, "POST", "/session", Some(&capabilities))
            .unwrap_or_else(|e| panic!("could not start headless Chromium: {e}"));
        let session = created["value"]["sessionId"].as_str().expect("session id").to_string();
        let browser = Browser { server, driver, driver_port, session, profile, downloads };
        // Headless downloads need an explicit allow with the target folder.
        let _ = browser.call(
            "POST",
            "/chromium/send_command",
            json!({"cmd": "Page.setDownloadBehavior", "params": {"behavior": "allow", "downloadPath": browser.downloads.display().to_string()}}),
        );
        // Record CSP violations from the first byte of every page, before the app's own scripts run.
        browser.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI));"}),
        );
        browser
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

    fn call(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let full = format!("/session/{}{}", self.session, path);
        let body = if method == "GET" || method == "DELETE" { None } else { Some(&body) };
        http_json(self.driver_port, method, &full, body).map(|v| v["value"].clone())
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url })).unwrap_or_else(|e| panic!("navigate to {url}: {e}"));
    }

    /// Runs a synchronous script in the page and returns its value.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.call("POST", "/execute/sync", json!({ "script": script, "args": args }))
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs an async script: the last argument is the callback.
    pub fn js_async(&self, script: &str, args: Value) -> Value {
        self.call("POST", "/execute/async", json!({ "script": script, "args": args }))
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
        match self.call("POST", "/se/log", json!({ "type": "browser" })) {
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
                return Element { id: id.to_string() };
            }
            if Instant::now() > deadline {
                let body = self.js("return document.body ? document.body.innerText.slice(0, 3000) : ''", json!([]));
                panic!("no {what} found\npage text: {body}");
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn click(&self, element: &Element) {
        self.call("POST", &format!("/element/{}/click", element.id), json!({}))
            .unwrap_or_else(|e| panic!("click failed: {e}"));
    }

    /// Types into an element with real key events.
    pub fn type_into(&self, element: &Element, text: &str) {
        self.call("POST", &format!("/element/{}/value", element.id), json!({ "text": text }))
            .unwrap_or_else(|e| panic!("typing failed: {e}"));
    }

    /// Clears a text input, then types `text`.
    pub fn replace_text(&self, element: &Element, text: &str) {
        self.call("POST", &format!("/element/{}/clear", element.id), json!({}))
            .unwrap_or_else(|e| panic!("clear failed: {e}"));
        self.type_into(element, text);
    }

    /// A property of an element, such as `value` or `checked`.
    pub fn property(&self, element: &Element, name: &str) -> Value {
        self.call("GET", &format!("/element/{}/property/{name}", element.id), Value::Null)
            .unwrap_or_else(|e| panic!("property {name}: {e}"))
    }

    /// Runs a script with the element as `arguments[0]`.
    pub fn js_on(&self, element: &Element, script: &str) -> Value {
        self.js(script, json!([{ ELEMENT_KEY: element.id }]))
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

    /// Sends a Chrome DevTools Protocol command (emulation of media, colour scheme...).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call("POST", "/goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
            .unwrap_or_else(|e| panic!("cdp {cmd}: {e}"))
    }

    pub fn refresh(&self) {
        self.call("POST", "/refresh", json!({})).expect("refresh");
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

    pub fn screenshot(&self, path: &Path) {
        if let Ok(Value::String(b64)) = self.call("GET", "/screenshot", Value::Null) {
            if let Some(bytes) = decode_base64(&b64) {
                let _ = std::fs::write(path, bytes);
            }
        }
    }

    /// Presses keys on the focused element (WebDriver actions).
    pub fn keys(&self, text: &str) {
        let mut actions = Vec::new();
        for ch in text.chars() {
            actions.push(json!({"type": "keyDown", "value": ch.to_string()}));
            actions.push(json!({"type": "keyUp", "value": ch.to_string()}));
        }
        self.call("POST", "/actions", json!({"actions": [{"type": "key", "id": "kb", "actions": actions}]}))
            .expect("key actions");
        let _ = self.call("DELETE", "/actions", Value::Null);
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

    /// Presses `key` while holding `modifier` (e.g. Control + a).
    pub fn chord(&self, modifier: char, key: char) {
        let actions = json!([
            {"type": "keyDown", "value": modifier.to_string()},
            {"type": "keyDown", "value": key.to_string()},
            {"type": "keyUp", "value": key.to_string()},
            {"type": "keyUp", "value": modifier.to_string()},
        ]);
        self.call("POST", "/actions", json!({"actions": [{"type": "key", "id": "kb", "actions": actions}]}))
            .expect("key chord");
        let _ = self.call("DELETE", "/actions", Value::Null);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http_json(self.driver_port, "DELETE", &format!("/session/{}", self.session), None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
        let _ = std::fs::remove_dir_all(&self.downloads);
    }
}

fn decode_base64(input: &str) -> Option<Vec<u8>> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in input.bytes().filter(|b| *b != b'=' && !b.is_ascii_whitespace()) {
        let value = alphabet.iter().position(|a| *a == byte)? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// Reads a ZIP archive (stored or deflated entries) into (name, contents) pairs, by its central
/// directory.
pub fn read_zip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
    let end = (0..bytes.len().saturating_sub(21)).rev().find(|&i| u32_at(i) == 0x0605_4b50).expect("zip: no end record");
    let count = u16_at(end + 10);
    let mut at = u32_at(end + 16);
    let mut files = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(at), 0x0201_4b50, "zip: bad central directory entry");
        let method = u16_at(at + 10);
        let compressed = u32_at(at + 20);
        let name_len = u16_at(at + 28);
        let extra_len = u16_at(at + 30);
        let comment_len = u16_at(at + 32);
        let local = u32_at(at + 42);
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).expect("zip: name");
        let data_at = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let raw = &bytes[data_at..data_at + compressed];
        let data = match method {
            0 => raw.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec(raw).expect("zip: bad deflate data"),
            other => panic!("zip: unexpected compression method {other}"),
        };
        files.push((name, data));
        at += 46 + name_len + extra_len + comment_len;
    }
    files
}
