//! End-to-end robustness: hostile values in every text field, a hostile answers file, keyboard-only
//! use, a failed preset fetch and drag-and-drop import. The page must never break or lose work.

mod browser;

use browser::{Browser, BrowserOptions};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn hostile_values() -> Vec<String> {
    vec![
        "x'; rm -rf ~; echo '".to_string(),
        "$(touch /tmp/pwned)".to_string(),
        "`id`".to_string(),
        "\"double\" and \\backslash\\".to_string(),
        "\u{202E}evil\u{202C} right-to-left".to_string(),
        "<script>alert(1)</script>".to_string(),
        "\"><img src=x onerror=\"window.__injected=1\"><b>bold</b>".to_string(),
        "ünïcødé ✓ 名前".to_string(),
        "a".repeat(10_000),
    ]
}

/// Sets a text input as typing would (value + input event); returns what the field shows after.
fn set_input(b: &Browser, id: &str, value: &str) -> String {
    b.js(
        "const i = document.getElementById(arguments[0]); i.value = arguments[1]; i.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([id, value]),
    );
    // Let the app's effects run before reading back.
    b.js_async("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(null)));", json!([]));
    b.js("return document.getElementById(arguments[0]).value", json!([id])).as_str().unwrap_or("").to_string()
}

#[test]
fn hostile_values_in_every_text_field_never_break_the_page() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the app", WAIT);
    for step in 1..6 {
        b.open_step(step);
        let ids = b.js(
            "return [...document.querySelectorAll('main input[type=text], main input:not([type])')].map(i => i.id)",
            json!([]),
        );
        let ids: Vec<String> = ids.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
        assert!(!ids.is_empty(), "step {step} has text fields");
        for id in &ids {
            for value in hostile_values() {
                let shown = set_input(&b, id, &value);
                assert_eq!(shown, value, "field {id} kept what was typed");
                assert!(b.js("return document.querySelector('main h1') !== null", json!([])) == json!(true));
            }
        }
        // The generated files are either shown or explained, never a blank panel.
        let preview = b.js("return document.querySelector('.preview').innerText", json!([]));
        assert!(preview.as_str().unwrap_or("").len() > 20, "preview still says something: {preview}");
    }
    // Nothing the user typed was written into the page as markup.
    // The page's own scripts are in the head (the import map and the loader); none may appear in the app.
    assert_eq!(b.js("return document.querySelectorAll('#app script').length", json!([])), json!(0));
    assert_eq!(b.js("return document.querySelectorAll('img, b').length", json!([])), json!(0), "no markup from values");
    assert_eq!(b.js("return window.__injected === undefined", json!([])), json!(true));
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    assert_eq!(b.csp_violations(), Vec::<String>::new());
    // The autosave holds the latest (hostile) value and a reload restores it exactly.
    let last = hostile_values().pop().unwrap();
    b.refresh();
    b.wait_for("document.querySelector('main h1')", "the app after reload", WAIT);
    let restored = b.js("return document.querySelector('main input[type=text], main input:not([type])').value", json!([]));
    assert_eq!(restored.as_str().map(str::len), Some(last.len()), "the last value survived the reload");
}

#[test]
fn hostile_answers_file_imports_or_is_refused_cleanly() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the app", WAIT);
    b.open_step_titled("Review & download");
    // Valid YAML, hostile contents: newlines, shell syntax, RTL marks, a long string.
    let long = "z".repeat(10_000);
    let file = b.downloads.join("hostile.yaml");
    let yaml = format!(
        "version: 1\ntenant:\n  cloud: AzureCloud\n  tenant_id: \"$(reboot)\\n`id`\"\n  subscription_id: \"'; drop\"\n  location: \"\\u202Ewesteurope\"\nadmin:\n  admin_group_object_ids: [\"{long}\"]\n  azure_rbac: true\n  disable_local_accounts: true\ncluster:\n  mode: new\n  resource_group: \"rg\\nnext\"\n  name: \"<b>x</b>\"\n  node_count: 2\n  tier: free\nworkloads: []\n"
    );
    std::fs::write(&file, yaml).unwrap();
    b.type_into(&b.by_label("Import answers.yaml"), &file.display().to_string());
    b.wait_for("document.body.innerText.includes('Imported hostile.yaml')", "the import notice", WAIT);
    // The findings explain what is wrong; the files are blocked, not generated from bad values.
    b.wait_for("document.querySelector('.preview .blocked')", "blocked outputs", WAIT);
    assert!(b.text().contains("error(s)"));
    assert_eq!(b.js("return document.querySelectorAll('main b').length", json!([])), json!(0), "no markup injected");
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    // Undo brings back the previous work.
    b.click(&b.button("Undo"));
    b.wait_for("document.querySelector('.preview .blocked') === null", "the previous answers", WAIT);
}

#[test]
fn keyboard_alone_reaches_a_step_and_edits_a_field() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the app", WAIT);
    // The first Tab lands on the skip link; Enter takes focus to the step content.
    b.keys("\u{E004}");
    assert_eq!(b.js("return document.activeElement.className", json!([])), json!("skip"));
    // Tab on to the stepper and open Cluster (4th step) with Enter.
    let mut guard = 0;
    while !b.js("return document.activeElement.innerText || ''", json!([])).as_str().unwrap_or("").contains("Cluster") {
        b.keys("\u{E004}");
        guard += 1;
        assert!(guard < 30, "Tab never reached the Cluster step button");
    }
    b.keys("\u{E007}");
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Cluster'", "the Cluster step", WAIT);
    // Focus moved to the new step's heading, so the next Tabs walk its form.
    b.wait_for("document.activeElement && document.activeElement.id === 'step-heading'", "focus on the heading", WAIT);
    let mut guard = 0;
    while b.js("return document.activeElement.id", json!([])) != json!("f-cluster-name") {
        b.keys("\u{E004}");
        guard += 1;
        assert!(guard < 30, "Tab never reached the cluster name field");
    }
    // Select all and type a new name.
    b.chord('\u{E009}', 'a');
    b.keys("aks-keyboard");
    b.wait_for(
        "document.querySelector('#preview-panel pre').innerText.includes(\"CLUSTER_NAME='aks-keyboard'\")",
        "the preview to follow the keyboard edit",
        WAIT,
    );
    // Focus is visible: the focused field draws an outline.
    let outline = b.js("return getComputedStyle(document.activeElement).outlineStyle", json!([]));
    assert_ne!(outline, json!("none"), "focused field has a visible outline");
}

#[test]
fn failed_preset_fetch_shows_a_message_and_the_example_still_works() {
    let b = Browser::start_with(BrowserOptions { refuse_prefix: Some("/presets/"), ..Default::default() });
    b.goto(&b.server.url("/"));
    b.wait_for("document.body.innerText.includes('The presets could not be loaded')", "the preset message", WAIT);
    b.click(&b.button("Start from the example"));
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Tenant'", "the Tenant step", WAIT);
    b.wait_for("document.querySelector('#preview-panel pre')", "the preview of the example", WAIT);
}

#[test]
fn dropping_an_answers_file_imports_it() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the app", WAIT);
    b.open_step_titled("Review & download");
    let yaml = std::fs::read_to_string(browser::project_root().join("public/presets/team-starter.yaml")).unwrap();
    b.js(
        "const dt = new DataTransfer(); dt.items.add(new File([arguments[0]], 'team.yaml', {type: 'application/yaml'}));\n\
         const zone = document.querySelector('.dropzone');\n\
         zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));\n\
         zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        json!([yaml]),
    );
    b.wait_for("document.body.innerText.includes('Imported team.yaml')", "the drop import", WAIT);
    b.open_step(4);
    let apps = b.js("return [...document.querySelectorAll('.workload h2')].map(h => h.innerText)", json!([]));
    assert_eq!(apps.as_array().map(Vec::len), Some(2), "the team starter has two workloads: {apps}");
}
