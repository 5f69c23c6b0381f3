//! End-to-end: a trainer sets up a class of 20 by visible labels (one number, a pasted list of
//! sign-in names), the preview lists every participant's files, the handouts print one page per
//! participant with their namespace, and Duplicate outside workshops counts up.

mod browser;

use browser::Browser;
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

fn open_preset(b: &Browser, button: &str) {
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.click(&b.button(button));
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Tenant'", "the Tenant step", WAIT);
}

fn options(b: &Browser) -> Vec<String> {
    let v = b.js("const s = document.getElementById('preview-file'); return s ? [...s.options].map(o => o.value) : []", json!([]));
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default()
}

#[test]
fn a_class_of_twenty_from_one_number_with_handouts() {
    let b = Browser::start();
    open_preset(&b, "Use preset: Workshop lab");
    b.open_step_titled("Workloads");
    b.wait_for("document.getElementById('workshop-heading')", "the workshop setting", WAIT);
    // The template is shown once, not once per participant.
    assert_eq!(b.js("return document.querySelectorAll('section.workload').length", json!([])), json!(1));

    let count = b.by_label("Number of participants");
    b.replace_text(&count, "20");
    b.click(&b.by_label("Participant names"));
    b.wait_for("document.getElementById('preview-file') !== null", "the file list for a large class", WAIT);
    let files = options(&b);
    for n in 1..=20 {
        let ns = format!("k8s/lab-{n:02}.namespace.yaml");
        assert!(files.contains(&ns), "{ns} missing from {} files", files.len());
    }
    assert!(files.contains(&"handouts.html".to_string()));
    // Tabs give way to the list: no tab per file.
    assert_eq!(b.js("return document.querySelectorAll('[role=tab]').length", json!([])), json!(0));

    // The class list, pasted: one sign-in name a line.
    let people: Vec<String> = (1..=20).map(|n| format!("student{n:02}@school.example")).collect();
    let area = b.by_label("Participants' sign-in names or object IDs");
    b.click(&area);
    b.cdp("Input.insertText", json!({ "text": people.join("\n") }));
    b.click(&b.by_label("Participant names"));
    b.wait_for(
        "[...document.querySelectorAll('.participants li')].length === 20 && !document.querySelector('.participants').textContent.includes('no sign-in name yet')",
        "every participant named",
        WAIT,
    );
    let list = b.js("return document.querySelector('.participants').textContent", json!([]));
    assert!(list.as_str().unwrap().contains("lab-20 : student20@school.example"), "{list}");

    // A renamed pattern renames every participant's files.
    b.replace_text(&b.by_label("Participant names"), "team-{n}");
    b.click(&b.by_label("Number of participants"));
    b.wait_for("[...document.getElementById('preview-file').options].some(o => o.value === 'k8s/team-20.namespace.yaml')", "renamed files", WAIT);
    assert!(!options(&b).iter().any(|f| f.contains("lab-01")));

    b.inject_axe();
    assert_eq!(b.axe_violations(), Vec::<String>::new(), "Workloads step of a class of 20");

    // Review: no finding about the class, and the handouts print alone, one section per participant.
    b.open_step_titled("Review & download");
    assert_eq!(b.axe_violations(), Vec::<String>::new(), "Review step of a class of 20");
    let findings = b.js("return document.querySelector('.findings').innerText", json!([])).as_str().unwrap_or_default().to_string();
    assert!(!findings.contains("participant"), "{findings}");
    b.js("window.printed = []; window.print = () => window.printed.push(document.documentElement.dataset.print || '');", json!([]));
    b.click(&b.button("Print the handouts"));
    b.wait_for("window.printed.length === 1", "print() called", WAIT);
    assert_eq!(b.js("return window.printed[0]", json!([])), json!("handouts"));

    b.js("document.documentElement.dataset.print = 'handouts'", json!([]));
    b.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    let visible = |selector: &str| -> Value {
        b.js("const e = document.querySelector(arguments[0]); return !!e && e.getBoundingClientRect().height > 0;", json!([selector]))
    };
    assert_eq!(visible(".handouts-print"), json!(true));
    for hidden in [".stepper", ".preview", "#findings-heading", ".chain-figure"] {
        assert_eq!(visible(hidden), json!(false), "{hidden} printed with the handouts");
    }
    let pages = b.js(
        "return [...document.querySelectorAll('.handouts-print section.participant')].map(s => [s.querySelector('h2').innerText, s.innerText, getComputedStyle(s).breakAfter])",
        json!([]),
    );
    let pages = pages.as_array().expect("pages");
    assert_eq!(pages.len(), 20, "one page per participant");
    for (k, page) in pages.iter().enumerate() {
        let name = format!("team-{:02}", k + 1);
        assert_eq!(page[0], json!(format!("Participant {name}")));
        let text = page[1].as_str().unwrap();
        assert!(text.contains(&format!("kubectl get pods --namespace {name}")), "{name}: {text}");
        assert!(text.contains(&format!("student{:02}@school.example", k + 1)), "{name}");
        assert_eq!(page[2], json!("page"), "{name} ends its sheet");
    }
    b.cdp("Emulation.setEmulatedMedia", json!({ "media": "" }));
    assert!(b.console_errors().is_empty(), "{:?}", b.console_errors());
}

#[test]
fn a_workshop_from_the_button_gives_everyone_their_own_copy_and_duplicate_counts_up() {
    let b = Browser::start();
    open_preset(&b, "Use preset: Newcomer quick start");
    b.open_step_titled("Workloads");
    let app = b.js("return document.querySelector('section.workload h2').innerText", json!([])).as_str().unwrap().to_string();
    let name = app.split(": ").nth(1).unwrap().to_string();
    b.click(&b.button(&format!("Duplicate {name}")));
    b.wait_for("document.querySelectorAll('section.workload').length === 2", "the copy", WAIT);
    b.click(&b.button(&format!("Duplicate {name}-2")));
    b.wait_for("document.querySelectorAll('section.workload').length === 3", "the copy of the copy", WAIT);
    let headings = b.js("return [...document.querySelectorAll('section.workload h2')].map(h => h.innerText)", json!([]));
    assert_eq!(headings, json!([format!("Workload 1: {name}"), format!("Workload 2: {name}-2"), format!("Workload 3: {name}-3")]));
    for n in [3, 2] {
        b.click(&b.button(&format!("Remove {name}-{n}")));
    }
    b.wait_for("document.querySelectorAll('section.workload').length === 1", "back to one", WAIT);

    b.click(&b.button("Set this up as a workshop"));
    b.wait_for("document.activeElement && document.activeElement.id === 'f-workshop-participants'", "focus on the number", WAIT);
    let namespace = b.property(&b.by_label("Namespace"), "value");
    assert_eq!(namespace, json!("{participant}"), "each participant gets their own namespace");
    let identity = b.property(&b.by_label("Managed identity name"), "value");
    assert!(identity.as_str().unwrap().contains("{participant}"), "{identity}");
    b.open_step_titled("Review & download");
    let findings = b.js("return document.querySelector('.findings').innerText", json!([])).as_str().unwrap_or_default().to_string();
    assert!(!findings.contains("would run in the same namespace") && !findings.contains("same managed identity"), "{findings}");
    assert!(findings.contains("have no sign-in name yet"), "the open seats are said: {findings}");
}
