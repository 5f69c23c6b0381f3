//! End-to-end: a team adds a deploy pipeline by visible labels, meets the findings that keep it least
//! privileged, and removes it again with an undo.

mod browser;

use browser::Browser;
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const TAB: &str = "\u{E004}";

#[test]
fn a_team_adds_a_pipeline_and_the_wizard_keeps_it_narrow() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.open_step_titled("Deploy pipeline");
    b.click(&b.button("Add a GitHub Actions deploy pipeline"));
    b.wait_for(
        "document.activeElement && document.activeElement.id === 'f-pipeline-repository'",
        "focus on the repository field",
        WAIT,
    );
    b.replace_text(&b.by_label("GitHub repository (owner/name)"), "contoso/orders");
    b.keys(TAB);
    b.wait_for(
        "(localStorage.getItem('aks-identity-wizard.answers') || '').includes('contoso/orders')",
        "the repository saved",
        WAIT,
    );

    // The workflow file is in the preview, signing in with OIDC and naming the repository's values.
    b.click(&b.css("#tab--github-workflows-deploy-yml"));
    b.wait_for(
        "document.querySelector('#preview-panel pre').innerText.includes('id-token: write')",
        "the workflow in the preview",
        WAIT,
    );
    let workflow = b.js("return document.querySelector('#preview-panel pre').innerText", json!([]));
    assert!(workflow.as_str().unwrap_or_default().contains("azure/login"), "{workflow}");

    // A pull request must not deploy: the finding is at the trigger, and its fix goes back to a branch.
    b.select_option(&b.by_label("What starts a deploy"), "A pull request (must not deploy)");
    let fix = b.wait_for(
        "(() => { const f = document.getElementById('f-pipeline-trigger').closest('.field').querySelector('.finding.error button.fix'); return f ? f.innerText : ''; })()",
        "a fix on the pull-request trigger",
        WAIT,
    );
    b.click(&b.button(fix.as_str().unwrap_or_default()));
    b.wait_for(
        "document.getElementById('f-pipeline-trigger').value === 'branch'",
        "the trigger back on a branch",
        WAIT,
    );

    // A new namespace is focused and judged only once left.
    b.click(&b.button("Add a namespace"));
    let id = b.wait_for(
        "(() => { const a = document.activeElement; return a && a.id.startsWith('f-pipeline-namespaces-') ? a.id : ''; })()",
        "focus on the new namespace",
        WAIT,
    );
    let id = id.as_str().unwrap_or_default().to_string();
    let findings_here = format!("document.getElementById({id:?}).closest('.field').querySelectorAll('.finding').length");
    assert_eq!(b.js(&format!("return {findings_here}"), json!([])), json!(0));
    b.keys(TAB);
    b.wait_for(&format!("{findings_here} > 0"), "the empty namespace judged once left", WAIT);
    b.click(&b.button("Remove namespace 2"));
    b.wait_for("document.querySelectorAll('[id^=f-pipeline-namespaces-]').length === 1", "one namespace again", WAIT);

    // Removing the pipeline can be undone.
    b.click(&b.button("Remove the deploy pipeline"));
    b.wait_for("document.getElementById('add-pipeline') !== null", "the add button back", WAIT);
    b.click(&b.button("Undo"));
    b.wait_for(
        "document.getElementById('f-pipeline-repository') !== null && document.getElementById('f-pipeline-repository').value === 'contoso/orders'",
        "the pipeline back, as it was",
        WAIT,
    );
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}
