//! End-to-end: validation that guides instead of scolding. A field is judged when the user leaves it,
//! never while typing; a just-added item waits until the user leaves it; while an error blocks the
//! files the preview keeps the last good ones, marked out of date; screen readers hear a stable
//! sentence, never the value being typed.

mod browser;

use browser::Browser;
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const TAB: &str = "\u{E004}";

fn findings_at(b: &Browser, id: &str) -> u64 {
    b.js(
        "const i = document.getElementById(arguments[0]); return i.closest('.field').querySelectorAll('.finding').length",
        json!([id]),
    )
    .as_u64()
    .unwrap_or(0)
}

#[test]
fn fields_are_judged_when_left_and_the_preview_keeps_the_last_good_files() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.click(&b.button("Use preset: Newcomer quick start"));
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Tenant'", "the Tenant step", WAIT);

    // Half a tenant ID, typed: no finding yet, and the preview still shows files, marked out of date.
    let tenant = b.by_label("Tenant ID");
    b.replace_text(&tenant, "3f2a1b4c-5d6e");
    b.wait_for("document.querySelector('.preview .blocked') !== null", "the blocked explanation", WAIT);
    assert_eq!(findings_at(&b, "f-tenant-tenant-id"), 0, "nothing judged while typing");
    assert_eq!(b.property(&tenant, "ariaInvalid"), json!("false"));
    let stale = b.js(
        "const p = document.getElementById('preview-panel'); return [p !== null && p.classList.contains('stale'), document.querySelector('.stale-note') !== null, [...document.querySelectorAll('.file-actions button')].every(x => x.disabled), document.querySelector('#preview-panel pre').innerText.includes('TENANT_ID=')]",
        json!([]),
    );
    assert_eq!(stale, json!([true, true, true, true]), "last good files, out of date, not downloadable");

    // Leaving the field judges it; the live region says a stable sentence without the value.
    b.keys(TAB);
    b.wait_for(
        "document.getElementById('f-tenant-tenant-id').closest('.field').querySelector('.finding.error') !== null",
        "the finding once the field is left",
        WAIT,
    );
    let live = b.js(
        "return document.getElementById('f-tenant-tenant-id').closest('.field').querySelector('[aria-live]').innerText",
        json!([]),
    );
    assert_eq!(live, json!("This field has 1 error."));
    assert_eq!(b.property(&tenant, "ariaInvalid"), json!("true"));

    // Fixing it brings back current files: no out-of-date mark, downloads enabled.
    b.replace_text(&tenant, "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b");
    b.wait_for("document.querySelector('.preview .blocked') === null", "the files to be current again", WAIT);
    assert_eq!(
        b.js("return [document.querySelector('.stale-note') === null, [...document.querySelectorAll('.file-actions button')].every(x => !x.disabled)]", json!([])),
        json!([true, true])
    );

    // A new admin group gets focus and is not called empty before the user leaves it.
    b.open_step_titled("Admin access");
    b.click(&b.button("Add an admin group"));
    let new_id = b.wait_for(
        "(() => { const a = document.activeElement; return a && a.id.startsWith('f-admin-admin-group-object-ids-') ? a.id : ''; })()",
        "focus on the new admin group",
        WAIT,
    );
    let new_id = new_id.as_str().unwrap_or_default().to_string();
    assert_eq!(findings_at(&b, &new_id), 0, "a new item is not judged before it is left");
    b.keys(TAB);
    b.wait_for(
        &format!("document.getElementById({new_id:?}).closest('.field').querySelector('.finding.error') !== null"),
        "the empty group judged once left",
        WAIT,
    );
}

#[test]
fn add_focuses_the_new_item_and_remove_can_be_undone() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.open_step_titled("Workloads");
    b.click(&b.button("Add a workload"));
    b.wait_for(
        "document.activeElement && document.activeElement.id === 'f-workloads-1--app-name'",
        "focus on the new app's name",
        WAIT,
    );
    let name = b.property(&b.css("#f-workloads-1--app-name"), "value");
    let name = name.as_str().unwrap_or_default().to_string();
    assert!(!name.is_empty());

    // Removing it says so, and Undo brings it back with its values.
    b.click(&b.button(&format!("Remove {name}")));
    b.wait_for("document.getElementById('f-workloads-1--app-name') === null", "the app removed", WAIT);
    assert!(b.text().contains(&format!("Removed {name}.")), "a notice names what was removed");
    b.click(&b.button("Undo"));
    b.wait_for(
        &format!("document.getElementById('f-workloads-1--app-name') !== null && document.getElementById('f-workloads-1--app-name').value === {name:?}"),
        "the app back",
        WAIT,
    );
}

/// The status the stepper shows for the step titled `title`.
fn step_status(b: &Browser, title: &str) -> String {
    b.js(
        "for (const x of document.querySelectorAll('.stepper button')) { if (x.querySelector('.step-title').innerText.trim() === arguments[0]) return x.querySelector('.step-status').innerText.trim(); } return null;",
        json!([title]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn steps_are_complete_only_once_looked_over_and_example_ids_are_said_before_download() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    // The example fills every step, but the user has looked at none of them yet.
    assert_eq!(step_status(&b, "Cluster"), "not checked yet");
    assert_eq!(step_status(&b, "Tenant"), "example IDs to replace");
    // Review holds no answers of its own: nothing there to look over.
    assert_ne!(step_status(&b, "Review & download"), "not checked yet");

    // Leaving a step with Next is looking it over.
    b.open_step_titled("Cluster");
    b.click(&b.button("Next: Workloads"));
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Workloads'", "the Workloads step", WAIT);
    assert_eq!(step_status(&b, "Cluster"), "complete");
    assert_eq!(step_status(&b, "Access"), "not checked yet");

    // Review says what the example IDs mean, and the download stays possible.
    b.open_step_titled("Review & download");
    let checklist = b.js("return document.querySelector('.checklist').innerText", json!([]));
    let checklist = checklist.as_str().unwrap_or_default();
    assert!(checklist.contains("example ID(s) left"), "{checklist}");
    assert!(checklist.contains("The tenant ID is a placeholder"), "{checklist}");
    assert!(checklist.contains("cannot be switched off again"), "{checklist}");
    assert!(checklist.contains("Role Based Access Control Administrator"), "{checklist}");
    b.button("Download all files (aks-identity-setup.zip)");

    // Replacing them clears the step's state and the checklist's warning.
    b.open_step_titled("Tenant");
    b.replace_text(&b.by_label("Tenant ID"), "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b");
    b.replace_text(&b.by_label("Subscription ID"), "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
    b.keys(TAB);
    b.wait_for(
        "[...document.querySelectorAll('.stepper button')].some(x => x.querySelector('.step-title').innerText.trim() === 'Tenant' && x.querySelector('.step-status').innerText.trim() === 'complete')",
        "the Tenant step complete",
        WAIT,
    );
}
