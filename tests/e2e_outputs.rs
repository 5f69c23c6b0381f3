//! End-to-end: choosing the forms of the setup on the Review step. Ticking "Bicep" by its label adds
//! `bicep/main.bicep` to the preview's files and to the downloaded zip; unticking it takes it away.

mod browser;

use browser::{read_zip, Browser};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// Whether the preview offers `path`: among its tabs, or with many files, its list.
fn previewed(path: &str) -> String {
    format!(
        "[...document.querySelectorAll('[role=tab]')].some(t => t.innerText.trim() === {p}) || [...document.querySelectorAll('#preview-file option')].some(o => o.value === {p} || o.innerText.trim() === {p})",
        p = serde_json::to_string(path).expect("json")
    )
}

#[test]
fn ticking_bicep_adds_its_files_to_the_preview_and_the_zip() {
    let b = Browser::start();
    b.goto(&b.server.url("/"));
    b.wait_for("document.querySelector('main h1')", "the start screen", WAIT);
    b.open_step_titled("Review & download");
    let bicep = b.by_label("Bicep");
    assert_eq!(b.property(&bicep, "checked"), json!(false), "Bicep is not chosen by default");
    assert_eq!(b.property(&b.by_label("Setup scripts (setup.sh, setup.ps1)"), "checked"), json!(true));
    assert_eq!(b.js(&format!("return {}", previewed("bicep/main.bicep")), json!([])), json!(false));

    b.click(&bicep);
    b.wait_for(&previewed("bicep/main.bicep"), "bicep/main.bicep among the preview's files", WAIT);
    assert_eq!(b.js(&format!("return {}", previewed("bicep/main.bicepparam")), json!([])), json!(true));
    assert_eq!(b.js(&format!("return {}", previewed("setup.sh")), json!([])), json!(true), "the scripts stay");

    b.click(&b.button("Download all files (aks-identity-setup.zip)"));
    let files = read_zip(&b.downloaded("aks-identity-setup.zip"));
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let main = files.iter().find(|(n, _)| n == "bicep/main.bicep").unwrap_or_else(|| panic!("no bicep/main.bicep in {names:?}"));
    let text = String::from_utf8_lossy(&main.1);
    assert!(text.contains("resource cluster 'Microsoft.ContainerService/managedClusters@"), "{text}");
    assert!(names.contains(&"bicep/main.bicepparam") && names.contains(&"setup.sh"), "{names:?}");
    let answers = files.iter().find(|(n, _)| n == "answers.yaml").expect("answers.yaml");
    assert!(String::from_utf8_lossy(&answers.1).contains("bicep: true"), "the choice is part of the answers");

    b.click(&b.by_label("Bicep"));
    b.wait_for(&format!("!({})", previewed("bicep/main.bicep")), "bicep/main.bicep gone from the preview", WAIT);
}
