//! End-to-end: the identity chain. In the page, the picture and its words name every element of the
//! preset's chain, and a finding on a role shows on the role's element; it prints on its own. In the
//! README, the Mermaid block of every preset (and of hostile values) is parsed and drawn by Mermaid
//! itself in headless Chromium, and the drawing names every element.

mod browser;

use aks_identity_wizard::answers::{self, Answers};
use aks_identity_wizard::generate::{self, chain};
use browser::{Browser, BrowserOptions};
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn preset(name: &str) -> Answers {
    let path = browser::project_root().join("public/presets").join(format!("{name}.yaml"));
    answers::from_yaml(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// "Kind title" of every element of the chain these answers draw.
fn elements(a: &Answers) -> Vec<String> {
    let picture = chain::chain(a, &[]);
    chain::nodes(&picture).map(|n| format!("{} {}", n.kind, n.title)).collect()
}

fn open_preset(b: &Browser, button: &str) {
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.click(&b.button(button));
    b.wait_for("document.querySelector('main h1').innerText.trim() === 'Tenant'", "the Tenant step", WAIT);
}

#[test]
fn the_picture_names_every_element_and_shows_a_finding_on_its_role() {
    let b = Browser::start();
    open_preset(&b, "Use preset: Newcomer quick start");
    b.open_step_titled("Access");
    b.wait_for("document.querySelector('.chain-figure svg')", "the picture", WAIT);

    let answers = preset("newcomer-quick-start");
    let words = b.js("return document.querySelector('.chain-words').innerText", json!([])).as_str().unwrap().to_string();
    let tooltips = b.js(
        "return [...document.querySelectorAll('.chain-figure svg g > title')].map(t => t.textContent).join('\\n')",
        json!([]),
    );
    let tooltips = tooltips.as_str().unwrap();
    for element in elements(&answers) {
        assert!(words.contains(&element), "the words lack {element:?}:\n{words}");
        assert!(tooltips.contains(&element), "the picture lacks {element:?}:\n{tooltips}");
    }
    assert!(words.contains("Federated credential") && words.contains("subject system:serviceaccount:"), "{words}");
    let role = answers.workloads[0].grants[0].role.clone();
    let role_class = "(() => { for (const g of document.querySelectorAll('.chain-figure svg g.chain-node')) { if (g.querySelector('title').textContent.startsWith('Azure role ')) return g.getAttribute('class'); } return null; })()";
    assert_eq!(b.js(&format!("return {role_class}"), json!([])), json!("chain-node"), "the preset's {role} has no finding");

    // An over-broad role: the role's element is marked, and its words say why.
    b.select_option(&b.by_label("Role"), "Storage Blob Data Owner");
    b.wait_for(&format!("{role_class} !== 'chain-node'"), "the role marked in the picture", WAIT);
    let marked = b.js(&format!("return {role_class}"), json!([])).as_str().unwrap().to_string();
    assert!(marked.contains("sev-warning") || marked.contains("sev-error"), "{marked}");
    let words = b.js("return document.querySelector('.chain-words').innerText", json!([])).as_str().unwrap().to_string();
    assert!(words.contains("Azure role Storage Blob Data Owner"), "{words}");
    assert!(words.contains("[warning: ") || words.contains("[error: "), "the finding is in the words: {words}");
    // Only the role is marked: the resource it is on is not.
    let marked_count = b.js("return document.querySelectorAll('.chain-figure g.sev-warning, .chain-figure g.sev-error').length", json!([]));
    assert_eq!(marked_count, json!(1));
    assert!(b.console_errors().is_empty(), "{:?}", b.console_errors());
}

#[test]
fn the_picture_prints_on_its_own() {
    let b = Browser::start();
    open_preset(&b, "Use preset: Newcomer quick start");
    b.open_step_titled("Review & download");
    b.wait_for("document.querySelector('.chain-figure svg')", "the picture", WAIT);
    // The dialog itself cannot be driven headless: record what print() would print.
    b.js(
        "window.printed = []; window.print = () => window.printed.push(document.documentElement.dataset.print || '');",
        json!([]),
    );
    b.click(&b.button("Print the picture"));
    b.wait_for("window.printed.length === 1", "print() called", WAIT);
    assert_eq!(b.js("return window.printed[0]", json!([])), json!("chain"));
    assert_eq!(b.js("return document.documentElement.dataset.print || ''", json!([])), json!(""), "the page prints the preview again afterwards");

    b.js("document.documentElement.dataset.print = 'chain'", json!([]));
    b.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    let shown = |selector: &str| -> Value {
        b.js(
            "const e = document.querySelector(arguments[0]); return !!e && e.getBoundingClientRect().height > 0;",
            json!([selector]),
        )
    };
    assert_eq!(shown(".chain-figure svg"), json!(true));
    assert_eq!(shown(".chain-words"), json!(true));
    for hidden in [".stepper", ".preview", "#findings-heading", ".step-nav"] {
        assert_eq!(shown(hidden), json!(false), "{hidden} printed with the picture");
    }
    // Without the choice, printing is the preview's file, as before.
    b.js("delete document.documentElement.dataset.print", json!([]));
    assert_eq!(shown(".chain-figure svg"), json!(false));
    assert_eq!(shown("#preview-panel pre"), json!(true));
}

/// The Mermaid block of a README, unfenced.
fn mermaid_of(readme: &str) -> String {
    let start = readme.find("```mermaid\n").expect("a mermaid block") + "```mermaid\n".len();
    let end = start + readme[start..].find("\n```").expect("the block closes");
    readme[start..end].to_string()
}

#[test]
fn mermaid_draws_the_readme_chain_of_every_preset_and_of_hostile_values() {
    let mut cases: Vec<(String, Answers, String)> = Vec::new();
    for name in ["newcomer-quick-start", "team-starter", "team-pipeline", "workshop-lab"] {
        let a = preset(name);
        let files = generate::bundle(&a).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let readme = files.iter().find(|f| f.path == "README.md").unwrap().contents.clone();
        cases.push((name.into(), a, mermaid_of(&readme)));
    }
    let mut hostile = preset("newcomer-quick-start");
    hostile.cluster.name = "x\"]; click cluster call alert(1) %% <b>&amp;".into();
    hostile.workloads[0].app_name = "a`b```\n<img src=x onerror=alert(1)>#quot;".into();
    hostile.workloads[0].grants[0].resource_name = "end\nsubgraph z[\"owned\"]".into();
    hostile.admin.admin_group_object_ids = vec!["{{x}}|y|\\".into()];
    let files = generate::render_unchecked(&hostile);
    let readme = files.iter().find(|f| f.path == "README.md").unwrap().contents.clone();
    cases.push(("hostile".into(), hostile, mermaid_of(&readme)));

    // Mermaid's browser build, served with a page that loads it.
    let site = std::env::temp_dir().join(format!("wizard-mermaid-{}", std::process::id()));
    std::fs::create_dir_all(&site).unwrap();
    let mermaid = browser::project_root().join("node_modules/mermaid/dist/mermaid.min.js");
    std::fs::copy(&mermaid, site.join("mermaid.min.js")).expect("node_modules/mermaid is missing: run scripts/setup");
    std::fs::write(site.join("index.html"), "<!doctype html><meta charset=utf-8><title>m</title><script src=mermaid.min.js></script>").unwrap();
    let b = Browser::start_with(BrowserOptions { root: Some(site.clone()), ..Default::default() });
    b.goto(&b.server.url("/index.html"));
    b.wait_for("window.mermaid", "mermaid loaded", WAIT);
    b.js("mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })", json!([]));

    for (n, (name, answers, source)) in cases.iter().enumerate() {
        let drawn = b.js_async(
            "const [id, text, done] = arguments;\n\
             mermaid.parse(text)\n\
               .then(() => mermaid.render(id, text))\n\
               .then(r => { const d = document.createElement('div'); d.innerHTML = r.svg; document.body.append(d);\n\
                            const out = { text: d.textContent, nodes: d.querySelectorAll('g.node').length, scripts: d.querySelectorAll('script, img, [onerror]').length };\n\
                            d.remove(); done(out); })\n\
               .catch(e => done({ error: String(e && e.message || e) }));",
            json!([format!("chain{n}"), source]),
        );
        assert!(drawn.get("error").is_none(), "{name}: Mermaid refused the block: {}\n{source}", drawn["error"]);
        // A line break in a value is drawn as a break, which has no text: compare without whitespace.
        let collapse = |s: &str| s.split_whitespace().collect::<String>();
        let text = collapse(drawn["text"].as_str().unwrap());
        let picture = chain::chain(answers, &[]);
        let elements: Vec<_> = chain::nodes(&picture).collect();
        assert_eq!(drawn["nodes"].as_u64().unwrap() as usize, elements.len(), "{name}: one box per element\n{source}");
        for element in elements {
            let title = collapse(&element.title);
            assert!(text.contains(&title), "{name}: the drawing lacks {title:?}\n{text}");
        }
        assert_eq!(drawn["scripts"], json!(0), "{name}: markup from a value became an element");
    }
    let _ = std::fs::remove_dir_all(&site);
}
