//! End-to-end: a preview that follows the work. Each step opens the file it shapes, an edit scrolls
//! the code box to the changed line, and on a wide screen the preview stays in view beside the form.

mod browser;

use browser::Browser;
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// The file the preview shows: its selected tab, or with many files (a class) the list's choice.
const ACTIVE: &str = "(document.querySelector('[role=tab][aria-selected=true]') ? document.querySelector('[role=tab][aria-selected=true]').innerText : document.getElementById('preview-file').value)";

fn active_tab(b: &Browser) -> String {
    b.js(&format!("return {ACTIVE}"), json!([]))
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_preview_opens_the_steps_file_and_shows_the_change() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.click(&b.button("Use preset: Workshop lab"));
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Tenant'", "the Tenant step", WAIT);
    assert_eq!(
        b.js("return getComputedStyle(document.querySelector('.preview')).position", json!([])),
        json!("sticky"),
        "beside the form, the preview stays in view"
    );

    b.open_step_titled("Workloads");
    b.wait_for(
        &format!("{ACTIVE}.endsWith('.deployment.yaml') || {ACTIVE}.endsWith('.pod.yaml')"),
        "the first app's manifest",
        WAIT,
    );

    // The node count sits in `az aks create`, past a hundred lines of the workshop's values: after the
    // edit, the code box (not the page) has scrolled so the changed line is inside it.
    b.open_step_titled("Cluster");
    assert_eq!(active_tab(&b), "setup.sh");
    b.replace_text(&b.by_label("Node count"), "4");
    let seen = b.wait_for(
        "(() => { const pre = document.querySelector('#preview-panel pre'); const line = pre.querySelector('.line.changed'); if (!line || !line.innerText.includes('--node-count 4')) return false; const p = pre.getBoundingClientRect(), l = line.getBoundingClientRect(); return (l.top >= p.top && l.bottom <= p.bottom) ? [pre.scrollTop > 0, true] : false; })()",
        "the changed line in view",
        WAIT,
    );
    assert_eq!(seen, json!([true, true]), "the code box scrolled to the changed line");

    b.open_step_titled("Review & download");
    assert_eq!(active_tab(&b), "README.md");
}
