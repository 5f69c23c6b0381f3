//! The presets the UI offers: each listed file exists, loads, validates with no errors and no warnings,
//! round-trips through both codecs, and matches what the index promises.

use aks_identity_wizard::answers::*;
use aks_identity_wizard::validate::{self, Severity};
use std::path::Path;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    title: String,
    blurb: String,
}

fn dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/public/presets"))
}

fn index() -> Vec<Entry> {
    let text = std::fs::read_to_string(dir().join("index.json")).expect("index.json");
    serde_json::from_str(&text).expect("index.json is a list of {file,title,blurb}")
}

fn load(file: &str) -> Answers {
    let text = std::fs::read_to_string(dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    from_yaml(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn every_preset_is_clean_and_round_trips() {
    let entries = index();
    assert!(entries.len() >= 3);
    for e in &entries {
        assert!(!e.title.is_empty() && !e.blurb.is_empty(), "{}", e.file);
        let a = load(&e.file);
        let findings = validate::validate(&a);
        // A workshop preset cannot know the class: its open seats are the one warning it keeps.
        let expected = |f: &&validate::Finding| a.workshop.is_some() && f.id == "workshop.people.missing";
        let loud: Vec<_> = findings.iter().filter(|f| f.severity > Severity::Info && !expected(f)).collect();
        assert!(loud.is_empty(), "{}: {loud:#?}", e.file);
        assert_eq!(from_yaml(&to_yaml(&a)), Ok(a.clone()), "{}", e.file);
        assert_eq!(from_share(&to_share(&a)), Ok(a), "{}", e.file);
    }
}

#[test]
fn index_lists_every_preset_file() {
    let listed: Vec<String> = index().into_iter().map(|e| e.file).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(dir())
        .expect("presets dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, on_disk);
}

#[test]
fn presets_are_what_the_issue_asks_for() {
    let quick = load("newcomer-quick-start.yaml");
    assert_eq!(quick.cluster.mode, ClusterMode::New);
    assert_eq!(quick.workloads.len(), 1);
    assert_eq!(quick.workloads[0].grants[0].target, TargetKind::StorageBlob);
    assert_eq!(quick.workloads[0].grants[0].need, AccessNeed::Read);

    let team = load("team-starter.yaml");
    assert_eq!(team.cluster.mode, ClusterMode::Existing);
    let kinds: Vec<(TargetKind, AccessNeed, &str)> =
        team.workloads.iter().flat_map(|w| &w.grants).map(|g| (g.target, g.need, g.role.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (TargetKind::KeyVaultSecrets, AccessNeed::Read, "Key Vault Secrets User"),
            (TargetKind::ServiceBus, AccessNeed::Send, "Azure Service Bus Data Sender"),
        ]
    );

    let template = load("workshop-lab.yaml");
    assert_eq!(template.workloads.len(), 1, "one template, copied per participant");
    assert!(template.workshop.as_ref().is_some_and(|w| w.participants >= 3));
    let lab = aks_identity_wizard::answers::workshop::expand(&template).into_owned();
    assert!(lab.workloads.len() >= 3);
    let mut namespaces: Vec<&str> = lab.workloads.iter().map(|w| w.namespace.as_str()).collect();
    let mut containers: Vec<&str> = lab.workloads.iter().map(|w| w.grants[0].sub_resource.as_str()).collect();
    let mut identities: Vec<&str> = lab.workloads.iter().map(|w| w.identity_name.as_str()).collect();
    for list in [&mut namespaces, &mut containers, &mut identities] {
        let n = list.len();
        list.sort();
        list.dedup();
        assert_eq!(list.len(), n, "each participant has their own: {list:?}");
    }
}
