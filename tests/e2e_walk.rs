//! End-to-end: a newcomer walks the whole wizard in headless Chromium, finding controls by their
//! visible labels: preset, edits, a finding and its fix, the zip, reload, a share link opened in a
//! fresh profile, and a broken import that leaves the work alone.

mod browser;

use browser::{read_zip, Browser};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn shot(b: &Browser, name: &str) {
    let dir = browser::project_root().join("target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    b.screenshot(&dir.join(format!("{name}.png")));
}

/// The text of the preview panel for one file tab.
fn preview_of(b: &Browser, file: &str) -> String {
    b.click(&b.css(&format!("#tab-{}", file.replace(|c: char| !c.is_ascii_alphanumeric(), "-"))));
    b.wait_for(
        &format!("document.querySelector('[role=tab][aria-selected=true]').innerText === {file:?}"),
        &format!("the {file} tab"),
        WAIT,
    );
    b.js("return document.querySelector('#preview-panel pre').innerText", json!([])).as_str().unwrap_or("").to_string()
}

/// No CSP violation on this page, and every request it made stayed on this origin without carrying
/// any of the user's values. Called before each reload, since a page's records end with it.
fn assert_page_kept_to_itself(b: &Browser, user_values: &[&str]) {
    assert_eq!(b.csp_violations(), Vec::<String>::new(), "CSP violations");
    let origin = b.server.url("/");
    let fetched = b.fetched_urls();
    assert!(fetched.len() >= 3, "the page, the wasm and the presets were fetched: {fetched:?}");
    for url in fetched.iter().chain(b.server.requests().iter().map(|r| &r.path)) {
        assert!(url.starts_with(&origin) || url.starts_with('/'), "request to another origin: {url}");
        for value in user_values {
            assert!(!url.contains(value), "request carries the user's value {value:?}: {url}");
        }
    }
}

#[test]
fn newcomer_walks_the_wizard_and_keeps_their_work() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);

    // Choose a preset.
    b.click(&b.button("Use preset: Newcomer quick start"));
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Tenant'", "the Tenant step", WAIT);
    assert!(b.text().contains("Loaded the preset"), "a notice confirms the preset");
    shot(&b, "01-tenant");

    // Change a value and see it in the preview as it is typed.
    b.open_step_titled("Cluster");
    let name = b.by_label("Cluster name");
    b.replace_text(&name, "aks-walkthrough");
    b.wait_for(
        "document.querySelector('#preview-panel pre').innerText.includes(\"CLUSTER_NAME='aks-walkthrough'\")",
        "the preview to show the new cluster name",
        WAIT,
    );
    assert!(
        b.js("return document.querySelectorAll('#preview-panel .line.changed').length", json!([])).as_u64().unwrap_or(0) > 0,
        "the changed lines are marked"
    );
    shot(&b, "02-cluster");

    // A bad value gets a finding at its field once the user leaves it, tied with aria-describedby.
    b.replace_text(&name, "-bad name");
    b.keys("\u{E004}");
    let described = b.wait_for(
        "(() => { const i = document.getElementById('f-cluster-name'); const ids = (i.getAttribute('aria-describedby') || '').split(' ').filter(x => x.includes('finding')); return ids.length && document.getElementById(ids[0]) ? document.getElementById(ids[0]).innerText : ''; })()",
        "a finding tied to the cluster name field",
        WAIT,
    );
    assert!(described.as_str().unwrap_or("").starts_with("Error"), "finding text says Error: {described}");
    assert_eq!(b.property(&name, "ariaInvalid"), json!("true"));
    // Typing again re-renders the field (its finding waits until the user leaves again); typing in
    // the middle is the hard case: a re-render that reset the value would throw the caret to the end.
    b.js("const i = document.getElementById('f-cluster-name'); i.focus(); i.setSelectionRange(1, 1);", json!([]));
    b.keys("zz");
    b.wait_for("(localStorage.getItem('aks-identity-wizard.answers') || '').includes('-zzbad name')", "the edit to be saved", WAIT);
    assert_eq!(b.property(&name, "value"), json!("-zzbad name"));
    assert_eq!(
        b.js("const i = document.getElementById('f-cluster-name'); return [document.activeElement === i, i.selectionStart]", json!([])),
        json!([true, 3]),
        "focus and caret stay where the user typed across re-renders"
    );
    // While an error exists, the outputs say why they are blocked.
    b.wait_for(
        "document.querySelector('.preview .blocked') !== null",
        "the preview to explain that the files are blocked",
        WAIT,
    );
    b.replace_text(&name, "aks-walkthrough");

    // Pick an over-broad role: an error appears with a one-click fix to the narrow role.
    b.open_step_titled("Access");
    let role = b.by_label("Role");
    b.select_option(&role, "Owner (not for this target)");
    let fix_label = b.wait_for(
        "(() => { const f = document.querySelector('.grant .finding.error button.fix'); return f ? f.innerText : ''; })()",
        "a fix button on the role finding",
        WAIT,
    );
    shot(&b, "03-finding");
    assert!(fix_label.as_str().unwrap_or("").contains("Storage Blob Data Reader"), "fix offers the narrow role: {fix_label}");
    b.click(&b.button(fix_label.as_str().unwrap()));
    b.wait_for(
        "document.querySelector('.grant .finding.error') === null",
        "the role finding to disappear after the fix",
        WAIT,
    );
    assert_eq!(b.property(&b.by_label("Role"), "value"), json!("Storage Blob Data Reader"));

    // Download the zip and check its files.
    b.open_step_titled("Review & download");
    shot(&b, "04-review");
    b.click(&b.button("Download all files (aks-identity-setup.zip)"));
    let files = read_zip(&b.downloaded("aks-identity-setup.zip"));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for expected in ["setup.sh", "setup.ps1", "verify.sh", "teardown.sh", "README.md", "answers.yaml"] {
        assert!(names.contains(&expected), "zip lacks {expected}: {names:?}");
    }
    assert!(names.iter().any(|n| n.ends_with(".serviceaccount.yaml")), "zip lacks a ServiceAccount: {names:?}");
    let setup = &files.iter().find(|(n, _)| n == "setup.sh").unwrap().1;
    assert!(String::from_utf8_lossy(setup).contains("CLUSTER_NAME='aks-walkthrough'"));
    let zipped_answers = String::from_utf8_lossy(&files.iter().find(|(n, _)| n == "answers.yaml").unwrap().1).to_string();
    assert!(zipped_answers.contains("aks-walkthrough"));

    // Reload: everything is kept, including the step.
    assert_page_kept_to_itself(&b, &["aks-walkthrough", "stquickstartdata"]);
    b.refresh();
    b.wait_for("document.querySelector('main h1')", "the app after reload", WAIT);
    assert_eq!(b.js("return document.querySelector('main h1').innerText.trim()", json!([])), json!("Review & download"));
    b.open_step_titled("Cluster");
    assert_eq!(b.property(&b.by_label("Cluster name"), "value"), json!("aks-walkthrough"));
    assert!(preview_of(&b, "answers.yaml").contains("aks-walkthrough"));

    // A broken import shows where it is wrong and keeps the work.
    b.open_step_titled("Review & download");
    let broken = b.downloads.join("broken-answers.yaml");
    std::fs::write(&broken, "version: 1\ntenant:\n  cloud: AzureCloud\n  tenant_id: [unclosed\n").unwrap();
    b.type_into(&b.by_label("Import answers.yaml"), &broken.display().to_string());
    let error = b.wait_for(
        "(() => { const e = document.getElementById('import-error'); return e && !e.hidden ? e.innerText : ''; })()",
        "the import error",
        WAIT,
    );
    let error = error.as_str().unwrap_or("").to_string();
    assert!(error.contains("line"), "import error names the line: {error}");
    assert!(error.contains("unchanged"), "import error says the work is kept: {error}");
    shot(&b, "05-import-error");
    b.open_step_titled("Cluster");
    assert_eq!(b.property(&b.by_label("Cluster name"), "value"), json!("aks-walkthrough"));

    // The share link carries the answers to a fresh profile.
    b.open_step_titled("Review & download");
    let link = b.property(&b.by_label("Share link"), "value").as_str().unwrap().to_string();
    assert!(link.contains("#answers="), "share link: {link}");
    let expected_yaml = preview_of(&b, "answers.yaml");

    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors during the walk: {errors:#?}");
    assert_page_kept_to_itself(&b, &["aks-walkthrough", "stquickstartdata"]);
    drop(b);

    let fresh = Browser::start();
    // Same origin as the first server is not needed: the link's fragment carries everything.
    let fragment = &link[link.find('#').unwrap()..];
    fresh.goto(&fresh.server.url(&format!("/{fragment}")));
    fresh.wait_for("document.querySelector('main h1')", "the app from a share link", WAIT);
    assert!(fresh.text().contains("Loaded the answers from the shared link"));
    assert_eq!(preview_of(&fresh, "answers.yaml"), expected_yaml);
    assert!(
        !fresh.js("return location.href", json!([])).as_str().unwrap_or("").contains("answers="),
        "the fragment is cleared once read, so a reload does not ask again"
    );
    // No request ever carried the answers.
    for r in fresh.server.requests() {
        assert!(!r.path.contains("aks-walkthrough") && !r.path.contains("answers="), "request leaked answers: {}", r.path);
    }
}

#[test]
fn share_link_never_silently_replaces_saved_work() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.click(&b.button("Begin with the example"));
    b.open_step_titled("Cluster");
    b.replace_text(&b.by_label("Cluster name"), "my-own-work");
    b.wait_for("document.querySelector('#preview-panel pre').innerText.includes('my-own-work')", "autosave", WAIT);

    b.open_step_titled("Review & download");
    let link = b.property(&b.by_label("Share link"), "value").as_str().unwrap().to_string();

    // Work goes on after the link was made; then the link is opened in the same browser.
    b.open_step_titled("Cluster");
    b.replace_text(&b.by_label("Cluster name"), "changed-after-link");
    b.wait_for("document.querySelector('#preview-panel pre').innerText.includes('changed-after-link')", "autosave", WAIT);
    b.goto("about:blank");
    b.goto(&link);
    b.wait_for("document.querySelector('main h1')", "the app from the link", WAIT);
    b.button("Load the shared answers");
    b.open_step_titled("Cluster");
    assert_eq!(
        b.property(&b.by_label("Cluster name"), "value"),
        json!("changed-after-link"),
        "the saved work stays until the user chooses to load the link"
    );
    b.click(&b.button("Load the shared answers"));
    b.wait_for("document.getElementById('f-cluster-name').value === 'my-own-work'", "the shared answers", WAIT);
    // And the replaced work is one click away.
    b.click(&b.button("Undo"));
    b.wait_for("document.getElementById('f-cluster-name').value === 'changed-after-link'", "undo", WAIT);
}

/// A link pasted into the address bar of a tab that already shows the wizard changes only the
/// fragment (no reload): the open app still notices it, asks, and drops the fragment.
#[test]
fn share_link_pasted_into_the_open_tab_is_offered() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.click(&b.button("Begin with the example"));
    b.open_step_titled("Cluster");
    b.replace_text(&b.by_label("Cluster name"), "shared-cluster");
    b.open_step_titled("Review & download");
    let link = b.property(&b.by_label("Share link"), "value").as_str().unwrap().to_string();
    let fragment = &link[link.find('#').expect("the link has a fragment")..];

    b.open_step_titled("Cluster");
    b.replace_text(&b.by_label("Cluster name"), "local-cluster");
    b.wait_for("document.querySelector('#preview-panel pre').innerText.includes('local-cluster')", "autosave", WAIT);
    b.js("location.hash = arguments[0];", json!([fragment]));
    b.wait_for("[...document.querySelectorAll('button')].some(x => x.innerText === 'Load the shared answers')", "the offer", WAIT);
    assert_eq!(b.js("return location.hash", json!([])), json!(""), "the fragment is dropped once read");
    assert_eq!(b.property(&b.by_label("Cluster name"), "value"), json!("local-cluster"), "nothing is replaced before the user says so");
    b.click(&b.button("Load the shared answers"));
    b.wait_for("document.getElementById('f-cluster-name').value === 'shared-cluster'", "the shared answers", WAIT);
}

#[test]
fn unreadable_saved_work_is_offered_for_download_not_lost() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    const UNREADABLE: &str = "version: 99\nnot: [valid";
    b.js("localStorage.setItem('aks-identity-wizard.answers', arguments[0]);", json!([UNREADABLE]));
    b.refresh();
    b.wait_for("document.querySelector('main h1')", "the app after reload", WAIT);
    let text = b.text();
    assert!(text.contains("could not be read"), "a message explains the problem: {text}");
    assert_eq!(
        b.js("return localStorage.getItem('aks-identity-wizard.unreadable-save')", json!([])),
        json!(UNREADABLE),
        "the unreadable text is kept aside"
    );
    b.click(&b.button("Download the saved text"));
    assert_eq!(b.downloaded("unreadable-saved-answers.yaml"), UNREADABLE.as_bytes().to_vec());
    // The app still works on the defaults.
    assert!(b.js("return document.querySelectorAll('.stepper button').length", json!([])).as_u64().unwrap() >= 7);
}

#[test]
fn start_over_asks_first_and_can_be_undone() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the app", WAIT);
    b.open_step_titled("Cluster");
    b.replace_text(&b.by_label("Cluster name"), "aks-my-own");
    b.open_step_titled("Review & download");

    // Asking first: the question replaces the button, and focus lands on the safe answer.
    b.click(&b.button("Start over\u{2026}"));
    b.wait_for("document.activeElement && document.activeElement.innerText === 'Keep my answers'", "focus on Keep", WAIT);
    b.click(&b.button("Keep my answers"));
    b.wait_for("document.activeElement && document.activeElement.innerText.startsWith('Start over')", "focus back", WAIT);
    b.open_step_titled("Cluster");
    assert_eq!(b.property(&b.by_label("Cluster name"), "value"), json!("aks-my-own"), "keeping changes nothing");

    // Going ahead replaces the answers with the example, and Undo brings them back.
    b.open_step_titled("Review & download");
    b.click(&b.button("Start over\u{2026}"));
    b.click(&b.button("Yes, start over"));
    b.wait_for("document.querySelector('main h1').innerText.startsWith('Set up AKS')", "the start screen", WAIT);
    b.open_step_titled("Cluster");
    assert_eq!(b.property(&b.by_label("Cluster name"), "value"), json!("aks-demo"), "the example is back");
    b.click(&b.button("Undo"));
    b.wait_for("document.getElementById('f-cluster-name').value === 'aks-my-own'", "the undo", WAIT);
}

#[test]
fn copy_puts_the_share_link_on_the_clipboard_or_says_it_could_not() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    let origin = b.server.url("").trim_end_matches('/').to_string();
    b.cdp("Browser.grantPermissions", json!({"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}));
    b.open_step_titled("Review & download");
    let link = b.property(&b.by_label("Share link"), "value").as_str().unwrap().to_string();
    b.click(&b.button("Copy share link"));
    b.wait_for("document.body.innerText.includes('Share link copied.')", "the copied notice", WAIT);
    let copied = b.js_async("navigator.clipboard.readText().then(arguments[0], e => arguments[0]('refused: ' + e))", json!([]));
    assert_eq!(copied, json!(link), "the clipboard holds the share link");

    // A browser that refuses the clipboard gets a message saying what to do instead, not silence.
    b.js("Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } })", json!([]));
    b.click(&b.button("Copy share link"));
    b.wait_for("document.body.innerText.includes('Could not copy')", "the refusal notice", WAIT);
    assert!(b.text().contains("select the text and copy it by hand"), "the notice says what to do instead");
}
