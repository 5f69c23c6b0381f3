//! End-to-end, by visible labels: an existing cluster shows only the fields it uses and keeps what was
//! typed in the others; a security switch left open is judged at its field, with a fix.

mod browser;

use browser::Browser;
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

const NEW_CLUSTER_ONLY: [&str; 4] = ["Node count", "VM size (optional)", "Kubernetes version (optional)", "Pricing tier"];

fn shown(b: &Browser, label: &str) -> bool {
    b.js("return [...document.querySelectorAll('label')].some(l => l.innerText.trim() === arguments[0])", json!([label]))
        == json!(true)
}

fn cluster_step_class(b: &Browser) -> String {
    let class = b.js(
        "return [...document.querySelectorAll('.stepper button')].find(x => x.innerText.includes('Cluster')).className",
        json!([]),
    );
    class.as_str().unwrap_or("").to_string()
}

#[test]
fn existing_cluster_hides_new_cluster_fields_and_keeps_their_values() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.open_step_titled("Cluster");

    // A value that is an error for a new cluster, typed before the switch.
    b.replace_text(&b.by_label("Node count"), "1001");
    b.wait_for("document.querySelector('.stepper .has-error')", "the node count error on the stepper", WAIT);
    assert!(cluster_step_class(&b).contains("has-error"));

    b.select_option(&b.by_label("Cluster"), "Use a cluster I already have");
    b.by_label("OIDC issuer is already on");
    for label in NEW_CLUSTER_ONLY {
        assert!(!shown(&b, label), "{label} is shown for an existing cluster");
    }
    // Each "already on" switch says what it changes.
    let hint = b.js("return document.getElementById('f-cluster-existing-oidc-issuer-hint').innerText", json!([]));
    assert!(hint.as_str().unwrap_or("").contains("restarts the API server"), "{hint}");
    // The hidden value raises nothing: the user could not reach it.
    b.wait_for("document.querySelector('.stepper .has-error') === null", "no error left for the hidden field", WAIT);
    assert!(!cluster_step_class(&b).contains("has-error"));

    b.select_option(&b.by_label("Cluster"), "Create a new cluster");
    for label in NEW_CLUSTER_ONLY {
        assert!(shown(&b, label), "{label} is back for a new cluster");
    }
    assert_eq!(b.property(&b.by_label("Node count"), "value"), json!("1001"), "what was typed is kept");
    b.wait_for("document.querySelector('.stepper .has-error')", "the error back with its field", WAIT);
}

#[test]
fn local_accounts_left_on_get_a_warning_and_a_fix_at_their_field() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.open_step_titled("Admin access");
    let switch = b.by_label("Disable local accounts");
    assert_eq!(b.property(&switch, "checked"), json!(true));

    b.click(&switch);
    let finding = b.wait_for(
        "(() => { const i = document.getElementById('f-admin-disable-local-accounts');\n\
           const id = (i.getAttribute('aria-describedby') || '').split(' ').find(x => x.includes('finding'));\n\
           return id && document.getElementById(id) ? document.getElementById(id).innerText : ''; })()",
        "a finding tied to the switch",
        WAIT,
    );
    let finding = finding.as_str().unwrap_or("");
    assert!(finding.starts_with("Warning"), "{finding}");
    assert!(finding.contains("static admin kubeconfig that bypasses Entra ID"), "{finding}");

    b.click(&b.button("Turn local accounts off"));
    b.wait_for(
        "document.getElementById('f-admin-disable-local-accounts').checked && !document.querySelector('.finding.warning')",
        "the switch back on and the warning gone",
        WAIT,
    );
    b.wait_for(
        "document.activeElement.id === 'f-admin-disable-local-accounts'",
        "focus on the field the fix changed",
        WAIT,
    );
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}
