//! End-to-end on a phone (390 x 844, emulated as a mobile viewport): every step shows a form control
//! on its first screen, with and without a notice above it; plain notices close themselves while
//! those with an action or a problem stay; a button's confirmation appears beside the button; Add
//! puts focus on the new item, in view.

mod browser;

use browser::{Browser, BrowserOptions};
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
/// Plain notices close after a few seconds; this only bounds the wait for it.
const CLOSE_WAIT: Duration = Duration::from_secs(30);
const WIDTH: u32 = 390;
const HEIGHT: u32 = 844;

/// The stepper's titles in order.
const STEPS: [&str; 8] =
    ["Start", "Tenant", "Admin access", "Cluster", "Workloads", "Access", "Deploy pipeline", "Review & download"];

/// A browser with a 390 x 844 mobile viewport.
fn phone() -> Browser {
    let b = Browser::start_with(BrowserOptions { window: Some((WIDTH, HEIGHT)), ..Default::default() });
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 3, "mobile": true}),
    );
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('.presets')", "the start screen with its presets", WAIT);
    assert_eq!(
        b.js("return [window.innerWidth, window.innerHeight]", json!([])),
        json!([WIDTH, HEIGHT]),
        "the viewport is the phone's"
    );
    b
}

fn load_preset(b: &Browser) {
    b.click(&b.button("Use preset: Newcomer quick start"));
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Tenant'", "the Tenant step", WAIT);
}

/// Opens a step with a real click on its stepper button (as a thumb would), and waits until it has
/// opened and focus is on its heading (the app's last move after opening a step).
fn open(b: &Browser, title: &str) {
    let button = b.css(&format!(".stepper li:nth-child({}) button", index_of(title) + 1));
    assert_eq!(
        b.js_on(&button, "return arguments[0].querySelector('.step-title').innerText.trim()"),
        json!(title),
        "the stepper's order"
    );
    b.click(&button);
    b.wait_for(
        &format!(
            "document.querySelectorAll('.stepper button')[{}].getAttribute('aria-current') === 'step' && document.activeElement && document.activeElement.id === 'step-heading'",
            index_of(title)
        ),
        &format!("step {title} open with focus on its heading"),
        WAIT,
    );
}

fn index_of(title: &str) -> usize {
    STEPS.iter().position(|s| *s == title).unwrap_or_else(|| panic!("no step {title}"))
}

/// Where the page stands: its vertical scroll, and the first form control of the step (input,
/// select, textarea or button in #step-content) that lies wholly inside the viewport (to the pixel:
/// layout positions have fractions) and is not covered by anything, as "tag#id text".
fn first_screen(b: &Browser) -> Value {
    b.js(
        "const vw = window.innerWidth, vh = window.innerHeight;\n\
         const controls = [...document.querySelectorAll('#step-content input, #step-content select, #step-content textarea, #step-content button')];\n\
         const inView = controls.find(e => {\n\
           const r = e.getBoundingClientRect();\n\
           if (r.width === 0 || r.height === 0 || r.top < 0 || r.left < 0 || r.bottom > vh + 1 || r.right > vw + 1) return false;\n\
           const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);\n\
           return hit !== null && (hit === e || e.contains(hit) || (e.labels && [...e.labels].some(l => l.contains(hit))));\n\
         });\n\
         const first = controls[0];\n\
         return {\n\
           scrollY: window.scrollY,\n\
           control: inView ? inView.tagName.toLowerCase() + '#' + inView.id + ' ' + (inView.innerText || '').trim() : null,\n\
           firstControlTop: first ? Math.round(first.getBoundingClientRect().top) : null,\n\
           firstControlBottom: inView ? Math.round(inView.getBoundingClientRect().bottom) : null,\n\
           notices: document.querySelectorAll('.notices .notice').length,\n\
         };",
        json!([]),
    )
}

/// Opens every step by the stepper and checks each one's first screen; returns the failures.
fn check_every_step(b: &Browser, when: &str, shots: &str) -> Vec<String> {
    let mut failures = Vec::new();
    for title in STEPS {
        open(b, title);
        let screen = first_screen(b);
        eprintln!("{when}, {title}: {screen}");
        if screen["scrollY"] != json!(0) {
            failures.push(format!("{when}, {title}: the page is scrolled: {screen}"));
        }
        if screen["control"].is_null() {
            failures.push(format!("{when}, {title}: no form control on the first screen: {screen}"));
            b.screenshot(&browser::project_root().join(format!("target/phone-{shots}-{}.png", index_of(title))));
        }
    }
    failures
}

#[test]
fn every_step_shows_a_form_control_on_the_first_screen() {
    let b = phone();
    let mut failures = Vec::new();
    // The start screen on first open.
    let screen = first_screen(&b);
    if screen["scrollY"] != json!(0) || screen["control"].is_null() {
        failures.push(format!("first open, Start: {screen}"));
    }

    // A preset loaded: its notice (with Undo, so it stays) sits above every step.
    load_preset(&b);
    assert_eq!(first_screen(&b)["notices"], json!(1), "the preset's notice shows");
    failures.extend(check_every_step(&b, "with a notice", "notice"));
    assert_eq!(first_screen(&b)["notices"], json!(1), "the notice stayed while the steps were opened");

    // The page opened again with that preset saved: no notice, on the step left open.
    b.refresh();
    b.wait_for("document.querySelector('main h1')", "the app after a reload", WAIT);
    let screen = first_screen(&b);
    assert_eq!(screen["notices"], json!(0), "no notice after a reload");
    if screen["scrollY"] != json!(0) || screen["control"].is_null() {
        failures.push(format!("reopened on the last step: {screen}"));
    }
    failures.extend(check_every_step(&b, "reopened", "reopened"));

    // Opening a step from low on a long page brings the page back to its top.
    open(&b, "Workloads");
    b.js("window.scrollTo(0, document.documentElement.scrollHeight)", json!([]));
    b.wait_for("window.scrollY > 300", "the page scrolled down", WAIT);
    b.click(&b.button("Next: Access"));
    b.wait_for(
        "document.querySelector('main h1').innerText.trim() === 'Access' && document.activeElement && document.activeElement.id === 'step-heading'",
        "the Access step",
        WAIT,
    );
    let screen = first_screen(&b);
    if screen["scrollY"] != json!(0) || screen["control"].is_null() {
        failures.push(format!("Next from the bottom of Workloads: {screen}"));
    }
    assert!(failures.is_empty(), "at {WIDTH} x {HEIGHT}:\n{}", failures.join("\n"));
}

#[test]
fn the_stepper_is_one_row_that_keeps_the_current_step_in_view() {
    let b = phone();
    load_preset(&b);
    for title in STEPS {
        open(&b, title);
        let row = b.js(
            "const nav = document.querySelector('.stepper');\n\
             const current = nav.querySelector('[aria-current=step]');\n\
             const n = nav.getBoundingClientRect(), c = current.getBoundingClientRect();\n\
             const tops = new Set([...nav.querySelectorAll('button')].map(x => Math.round(x.getBoundingClientRect().top)));\n\
             return { rows: tops.size, height: Math.round(n.height), currentInView: c.left >= n.left - 1 && c.right <= n.right + 1,\n\
                      title: current.querySelector('.step-title').innerText.trim(),\n\
                      status: current.querySelector('.step-status').textContent.trim(), label: current.innerText };",
            json!([]),
        );
        assert_eq!(row["rows"], json!(1), "{title}: the stepper is one row: {row}");
        assert!(row["height"].as_u64().unwrap_or(999) <= 80, "{title}: the stepper is short: {row}");
        assert_eq!(row["currentInView"], json!(true), "{title}: the current step is in view in the row: {row}");
        assert_eq!(row["title"], json!(title));
        if title != "Start" {
            // Each step's state stays in its button's name (for screen readers, and on the screen).
            assert!(!row["status"].as_str().unwrap_or("").is_empty(), "{title}: the status words are kept: {row}");
        }
    }
    // Keyboard: Tab reaches the stepper's buttons, and Enter on one opens its step.
    let tenant = b.css(".stepper li:nth-child(2) button");
    b.js_on(&tenant, "arguments[0].focus()");
    b.keys("\u{E007}"); // Enter
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Tenant'", "Tenant opened by keyboard", WAIT);
}

/// Pastes az account show output into the Tenant step's subscription field: the app fills both IDs and says so in a plain
/// notice (no action).
fn paste_account(b: &Browser) {
    let field = b.by_label("Subscription ID");
    b.clear(&field);
    b.click(&field);
    b.cdp(
        "Input.insertText",
        json!({"text": "{\n  \"environmentName\": \"AzureCloud\",\n  \"id\": \"9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\",\n  \"isDefault\": true,\n  \"name\": \"Team subscription\",\n  \"tenantId\": \"3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b\"\n}"}),
    );
}

fn notice_texts(b: &Browser) -> Vec<String> {
    match b.js("return [...document.querySelectorAll('.notices .notice p')].map(p => p.innerText)", json!([])) {
        Value::Array(items) => items.into_iter().map(|v| v.as_str().unwrap_or("").to_string()).collect(),
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn plain_notices_close_themselves_and_those_with_an_action_stay() {
    let b = phone();
    load_preset(&b);
    // A notice with an action (Undo), a problem, and a plain one.
    b.wait_for("document.body.innerText.includes('Loaded the preset')", "the preset's Undo notice", WAIT);
    b.js("location.hash = '#answers=not-a-link'", json!([]));
    b.wait_for("document.querySelector('.notice.problem')", "the unreadable link's problem notice", WAIT);
    // A plain notice: making the answers a workshop says what it did.
    open(&b, "Workloads");
    b.click(&b.button("Set this up as a workshop"));
    b.wait_for(
        "document.body.innerText.includes('Set up as a workshop of')",
        "the plain notice about the workshop",
        WAIT,
    );
    assert_eq!(notice_texts(&b).len(), 3, "three notices: {:?}", notice_texts(&b));

    // The plain one goes by itself; the two others stay.
    b.js("document.activeElement.blur()", json!([]));
    b.wait_for(
        "!document.body.innerText.includes('Set up as a workshop of')",
        "the plain notice to close itself",
        CLOSE_WAIT,
    );
    let left = notice_texts(&b);
    assert_eq!(left.len(), 2, "the Undo and the problem notices stay: {left:?}");
    assert!(left.iter().any(|t| t.contains("Loaded the preset")), "the Undo notice stays: {left:?}");
    assert!(left.iter().any(|t| t.contains("could not be read")), "the problem notice stays: {left:?}");
    b.button("Undo");
    // And they still go when dismissed.
    b.click(&b.css(".notice.problem button.link"));
    b.wait_for("document.querySelector('.notice.problem') === null", "the problem notice dismissed", WAIT);
}

/// What a paste of `az` output took is said beside the field it was pasted into, on screen, and not
/// in the notices at the top; it clears itself later.
#[test]
fn a_paste_is_acknowledged_beside_its_field() {
    let b = phone();
    load_preset(&b);
    paste_account(&b);
    let near = b.wait_for(
        "(() => { const field = document.getElementById('f-tenant-subscription-id');\n\
           const status = [...document.querySelectorAll('[role=status]')].find(s => s.innerText.includes('from the pasted az account show output'));\n\
           if (!field || !status) return false;\n\
           const f = field.getBoundingClientRect(), r = status.getBoundingClientRect();\n\
           return [Math.abs(r.top - f.bottom) < 200, r.bottom <= innerHeight && r.top >= 0, !!status.closest('.notices')]; })()",
        "the paste's acknowledgement",
        WAIT,
    );
    assert_eq!(near, json!([true, true, false]), "[near the field, on screen, in the top notices]");
    assert!(notice_texts(&b).iter().all(|t| !t.contains("pasted")), "{:?}", notice_texts(&b));
    b.wait_for(
        "![...document.querySelectorAll('[role=status]')].some(s => s.innerText.includes('from the pasted az account show output'))",
        "the acknowledgement to clear",
        CLOSE_WAIT,
    );
}

/// The confirmation of a pressed button: how far it is from the button, whether it is in the
/// viewport (waited for a moment: the app scrolls it into view just after it appears) and whether it
/// sits in the notices at the top. It is looked for in the page's live regions (`role=status`).
fn feedback_beside(b: &Browser, button: &str, says: &str) -> Value {
    let measure = format!(
        "(() => {{\n\
           const button = [...document.querySelectorAll('button')].find(x => x.innerText.trim() === {button:?});\n\
           const status = [...document.querySelectorAll('[role=status]')].find(s => s.innerText.includes({says:?}));\n\
           if (!button || !status) return null;\n\
           const b = button.getBoundingClientRect(), s = status.getBoundingClientRect();\n\
           const gap = Math.max(0, s.top - b.bottom, b.top - s.bottom, s.left - b.right, b.left - s.right);\n\
           return {{ gap: Math.round(gap), inView: s.top >= -1 && s.bottom <= window.innerHeight + 1 && s.height > 0,\n\
                     inNotices: status.closest('.notices') !== null }};\n\
         }})()"
    );
    b.wait_for(&measure, &format!("{says:?} said somewhere"), WAIT);
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let said = b.js(&format!("return {measure};"), json!([]));
        if said["inView"] == json!(true) || std::time::Instant::now() > deadline {
            return said;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_button_says_what_it_did_beside_itself() {
    let b = phone();
    let origin = b.server.url("").trim_end_matches('/').to_string();
    b.cdp("Browser.grantPermissions", json!({"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}));
    load_preset(&b);
    open(&b, "Review & download");

    // Copy share link: low on a long page, and the confirmation shows right there.
    b.click(&b.button("Copy share link"));
    let said = feedback_beside(&b, "Copy share link", "Share link copied.");
    assert!(said["gap"].as_i64().unwrap_or(9999) <= 200, "the confirmation is beside the button: {said}");
    assert_eq!(said["inView"], json!(true), "the confirmation is on screen: {said}");
    assert_eq!(said["inNotices"], json!(false), "not in the notices at the top: {said}");
    assert!(!notice_texts(&b).iter().any(|t| t.contains("copied")), "said once, not twice: {:?}", notice_texts(&b));
    let copied = b.js_async("navigator.clipboard.readText().then(arguments[0], e => arguments[0]('refused: ' + e))", json!([]));
    assert!(copied.as_str().unwrap_or("").contains("#answers="), "the clipboard holds the link: {copied}");

    // Copy a file from the preview, far below the form on a phone.
    let copy_file = b.js(
        "return [...document.querySelectorAll('.file-actions button')].map(x => x.innerText.trim()).find(t => t.startsWith('Copy '))",
        json!([]),
    );
    let copy_file = copy_file.as_str().expect("a Copy button in the preview").to_string();
    b.click(&b.button(&copy_file));
    let said = feedback_beside(&b, &copy_file, "Copied to the clipboard.");
    assert!(said["gap"].as_i64().unwrap_or(9999) <= 200, "the confirmation is beside the preview's button: {said}");
    assert_eq!(said["inView"], json!(true), "the confirmation is on screen: {said}");
    assert_eq!(said["inNotices"], json!(false), "not in the notices at the top: {said}");

    // A refusal is said there too.
    b.js("Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } })", json!([]));
    b.click(&b.button("Copy share link"));
    let said = feedback_beside(&b, "Copy share link", "Could not copy");
    assert!(said["gap"].as_i64().unwrap_or(9999) <= 200, "the refusal is beside the button: {said}");

    // A download says it started, beside its button.
    b.click(&b.button("Export answers.yaml"));
    let said = feedback_beside(&b, "Export answers.yaml", "answers.yaml");
    assert!(said["gap"].as_i64().unwrap_or(9999) <= 200, "the download's word is beside its button: {said}");
    assert!(!b.downloaded("answers.yaml").is_empty());
    assert_eq!(b.js("return document.querySelectorAll('.notices .notice').length", json!([])), json!(1), "only the preset's notice at the top");
}

#[test]
fn add_puts_the_new_item_in_view_with_focus() {
    let b = phone();
    load_preset(&b);
    // (step, Add button, the focused control's id starts with)
    let cases = [
        ("Admin access", "Add an admin group", "f-admin-admin-group-object-ids-"),
        ("Workloads", "Add a workload", "f-workloads-"),
        ("Access", "Add access for report-reader", "f-workloads-0--grants-"),
        ("Deploy pipeline", "Add a GitHub Actions deploy pipeline", "f-pipeline-repository"),
        ("Deploy pipeline", "Add a namespace", "f-pipeline-namespaces-"),
    ];
    for (step, add, focused) in cases {
        if b.js("return document.querySelector('main h1').innerText.trim()", json!([])) != json!(step) {
            open(&b, step);
        }
        let button = b.button(add);
        b.click(&button);
        let at = b.wait_for(
            &format!(
                "(() => {{ const a = document.activeElement; if (!a || !a.id.startsWith({focused:?})) return null;\n\
                   const r = a.getBoundingClientRect(); return {{ id: a.id, top: Math.round(r.top), bottom: Math.round(r.bottom), vh: window.innerHeight }}; }})()"
            ),
            &format!("focus on the item {add:?} made"),
            WAIT,
        );
        let (top, bottom) = (at["top"].as_i64().unwrap(), at["bottom"].as_i64().unwrap());
        assert!(top >= 0 && bottom <= HEIGHT as i64, "{add}: the new item is in view: {at}");
    }
}
