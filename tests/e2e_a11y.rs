//! End-to-end accessibility and layout: axe-core finds no violations on any step, in light and dark;
//! the page fits a 360 px phone and a 1920 px projector; the print stylesheet hides the controls.

mod browser;

use browser::{Browser, BrowserOptions};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn check_every_step(b: &Browser, scheme: &str) {
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the app", WAIT);
    // Wait for the presets so the start screen is complete.
    b.wait_for("document.querySelector('.presets') || document.querySelector('.finding.warning')", "presets", WAIT);
    b.inject_axe();
    let steps = b.js("return document.querySelectorAll('.stepper button').length", json!([])).as_u64().unwrap() as usize;
    assert_eq!(steps, 8);
    let mut all = Vec::new();
    for index in 0..steps {
        b.open_step(index);
        for v in b.axe_violations() {
            all.push(format!("[{scheme}] step {}: {v}", index + 1));
        }
    }
    // A step with findings shown (errors and fix buttons) must be accessible too.
    b.open_step(3);
    b.js(
        "const i = document.getElementById('f-cluster-name'); i.value = '-bad-'; i.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    b.wait_for("document.querySelector('.finding.error')", "an error finding", WAIT);
    for v in b.axe_violations() {
        all.push(format!("[{scheme}] cluster step with an error: {v}"));
    }
    assert!(all.is_empty(), "axe-core violations:\n{}", all.join("\n"));
    // The checker itself can fail: an unlabelled input is reported.
    b.js("const i = document.createElement('input'); i.id = 'axe-probe'; document.querySelector('main').appendChild(i);", json!([]));
    let probe = b.axe_violations();
    assert!(probe.iter().any(|v| v.contains("axe-probe")), "axe did not report an unlabelled input: {probe:?}");
    b.js("document.getElementById('axe-probe').remove()", json!([]));
}

#[test]
fn every_step_has_no_axe_violations_in_light_and_dark() {
    let b = Browser::start();
    check_every_step(&b, "light");
    b.cdp("Emulation.setEmulatedMedia", json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}));
    b.js("localStorage.clear()", json!([]));
    check_every_step(&b, "dark");
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

fn horizontal_overflow(b: &Browser) -> i64 {
    b.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth", json!([]))
        .as_i64()
        .unwrap_or(i64::MAX)
}

#[test]
fn fits_a_phone_and_a_projector() {
    for width in [360u32, 1920] {
        let b = Browser::start_with(BrowserOptions { window: Some((width, 900)), ..Default::default() });
        b.goto(&b.server.url("/"));
        b.wait_for("document.querySelector('main h1')", "the app", WAIT);
        for index in 0..8 {
            b.open_step(index);
            let overflow = horizontal_overflow(&b);
            assert!(overflow <= 0, "step {} overflows {overflow}px sideways at {width}px", index + 1);
        }
        if width == 360 {
            // On a phone the preview sits below the form, not beside it.
            let below = b.js(
                "return document.querySelector('.preview').getBoundingClientRect().top > document.querySelector('main').getBoundingClientRect().bottom - 1",
                json!([]),
            );
            assert_eq!(below, json!(true), "preview should be below the form at 360px");
        } else {
            let beside = b.js(
                "return document.querySelector('.preview').getBoundingClientRect().left >= document.querySelector('main').getBoundingClientRect().right",
                json!([]),
            );
            assert_eq!(beside, json!(true), "preview should be beside the form at 1920px");
        }
    }
}

#[test]
fn print_shows_the_walkthrough_without_controls() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the app", WAIT);
    b.open_step_titled("Review & download");
    b.click(&b.button("Print the walkthrough"));
    b.wait_for(
        "document.querySelector('[role=tab][aria-selected=true]').innerText === 'README.md'",
        "the walkthrough in the preview",
        WAIT,
    );
    b.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}));
    let hidden = b.js(
        "return ['.stepper', 'main', '.tabs', '.file-actions'].map(s => getComputedStyle(document.querySelector(s)).display)",
        json!([]),
    );
    assert_eq!(hidden, json!(["none", "none", "none", "none"]));
    let printed = b.js("return document.querySelector('.code').innerText", json!([]));
    assert!(printed.as_str().unwrap_or("").starts_with("# Workload identity on AKS"), "the walkthrough prints: {printed}");
    let wraps = b.js("return getComputedStyle(document.querySelector('.code .line')).whiteSpace", json!([]));
    assert_eq!(wraps, json!("pre-wrap"), "long lines wrap on paper");
}

#[test]
fn preview_tabs_follow_the_arrow_keys() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('#preview-panel pre')", "the preview", WAIT);
    let tabs = b.js("return [...document.querySelectorAll('[role=tab]')].map(t => t.innerText)", json!([]));
    let tabs: Vec<String> = tabs.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
    assert!(tabs.len() > 3, "several files: {tabs:?}");
    let selected = "(() => { const t = document.querySelector('[role=tab][aria-selected=true]'); return t && document.activeElement === t && t.getAttribute('tabindex') === '0' ? t.innerText : ''; })()";

    b.js("document.querySelector('[role=tab][aria-selected=true]').focus()", json!([]));
    b.keys("\u{E014}"); // ArrowRight
    b.wait_for(&format!("{selected} === {:?}", tabs[1]), "the second tab, selected and focused", WAIT);
    // The panel shows that file and is labelled by its tab.
    let labelled = b.js("return document.getElementById('preview-panel').getAttribute('aria-labelledby') === document.activeElement.id", json!([]));
    assert_eq!(labelled, json!(true));
    b.keys("\u{E012}"); // ArrowLeft
    b.wait_for(&format!("{selected} === {:?}", tabs[0]), "back to the first tab", WAIT);
    b.keys("\u{E012}"); // ArrowLeft wraps
    b.wait_for(&format!("{selected} === {:?}", tabs[tabs.len() - 1]), "the last tab", WAIT);
    // Only the selected tab is in the Tab order.
    assert_eq!(b.js("return document.querySelectorAll('[role=tab][tabindex=\"0\"]').length", json!([])), json!(1));
}

#[test]
fn removing_an_item_leaves_focus_on_its_add_button() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the app", WAIT);
    b.open_step(4); // Workloads
    b.click(&b.button("Remove demo-app"));
    b.wait_for("document.activeElement && document.activeElement.innerText === 'Add a workload'", "focus on Add a workload", WAIT);
    b.open_step(2); // Admin access
    b.click(&b.button("Remove admin group 1"));
    b.wait_for("document.activeElement && document.activeElement.innerText === 'Add an admin group'", "focus on Add an admin group", WAIT);
}
