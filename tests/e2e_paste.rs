//! End-to-end: pasting `az` output into a field it fits fills every field it answers, in headless
//! Chromium. The paste is one input event carrying the whole text (DevTools' Input.insertText), as a
//! real paste is; controls are found by their visible labels.

mod browser;

use browser::Browser;
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

const TENANT: &str = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
const SUBSCRIPTION: &str = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/// Empties a text field, then pastes `text` into it.
fn paste(b: &Browser, label: &str, text: &str) {
    let field = b.by_label(label);
    b.clear(&field);
    b.click(&field);
    b.cdp("Input.insertText", json!({ "text": text }));
}

fn value_of(b: &Browser, label: &str) -> String {
    b.property(&b.by_label(label), "value").as_str().unwrap_or_default().to_string()
}

#[test]
fn pasted_account_show_output_fills_tenant_and_subscription() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.click(&b.button("Use preset: Newcomer quick start"));
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Tenant'", "the Tenant step", WAIT);

    let account = format!(
        "{{\n  \"environmentName\": \"AzureCloud\",\n  \"id\": \"{SUBSCRIPTION}\",\n  \"isDefault\": true,\n  \"name\": \"Team subscription\",\n  \"tenantId\": \"{TENANT}\",\n  \"user\": {{ \"name\": \"ada@example.com\", \"type\": \"user\" }}\n}}"
    );
    paste(&b, "Subscription ID", &account);
    b.wait_for(
        &format!("document.getElementById('f-tenant-tenant-id').value === {TENANT:?}"),
        "the tenant ID taken from the paste",
        WAIT,
    );
    assert_eq!(value_of(&b, "Tenant ID"), TENANT);
    assert_eq!(value_of(&b, "Subscription ID"), SUBSCRIPTION, "the field shows its value, not the JSON");
    assert!(b.text().contains("from the pasted az account show output"), "a notice says what was taken");

    // Text that is not az output is taken as typed, and judged as usual.
    paste(&b, "Tenant ID", "{ not json");
    b.wait_for(
        "document.getElementById('f-tenant-tenant-id').value === '{ not json'",
        "the typed text kept",
        WAIT,
    );
    assert!(b.text().contains("is not a GUID"), "the usual finding");
}
