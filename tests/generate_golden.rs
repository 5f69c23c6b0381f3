//! Golden files: the whole bundle for the default answers, every preset in public/presets/ and the
//! hand-made fixtures (tests/generate_support), compared byte for byte with tests/golden/<case>/.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test --test generate_golden`, then read the diff before
//! committing it.

use aks_identity_wizard::generate::{self, GeneratedFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod generate_support;

use generate_support::cases;

fn root() -> PathBuf {
    generate_support::repo_root()
}

fn read_tree(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if e.path().is_dir() {
            read_tree(&e.path(), &rel, out);
        } else {
            out.insert(rel, std::fs::read_to_string(e.path()).expect("read golden"));
        }
    }
}

fn write_tree(dir: &Path, files: &[GeneratedFile]) {
    let _ = std::fs::remove_dir_all(dir);
    for f in files {
        let p = dir.join(&f.path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, &f.contents).expect("write golden");
    }
}

#[test]
fn bundles_match_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (name, a) in cases() {
        let files = generate::bundle(&a).unwrap_or_else(|e| panic!("{name}: blocked by {e:#?}"));
        let dir = root().join("tests/golden").join(&name);
        if update {
            write_tree(&dir, &files);
            continue;
        }
        let mut golden = BTreeMap::new();
        read_tree(&dir, "", &mut golden);
        let got: BTreeMap<String, String> = files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect();
        let got_names: Vec<&String> = got.keys().collect();
        let want_names: Vec<&String> = golden.keys().collect();
        if got_names != want_names {
            failures.push(format!(
                "{name}: files differ: generated {got_names:?}, golden {want_names:?}"
            ));
            continue;
        }
        for (path, text) in &got {
            if golden.get(path) != Some(text) {
                failures.push(format!("{name}/{path} differs from the golden file"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(if the change is intended: UPDATE_GOLDEN=1 cargo test --test generate_golden, then review the diff)",
        failures.join("\n")
    );
}

#[test]
fn every_golden_case_still_exists() {
    // A preset that was removed must take its golden directory with it.
    let names: Vec<String> = cases().into_iter().map(|(n, _)| n).collect();
    if let Ok(rd) = std::fs::read_dir(root().join("tests/golden")) {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            assert!(
                names.contains(&n),
                "tests/golden/{n} has no matching case; delete it"
            );
        }
    }
}

#[test]
fn readme_and_scripts_name_the_cosmos_permission_exactly_when_a_cosmos_grant_needs_it() {
    use aks_identity_wizard::catalog::{self, AssignmentMethod};
    const PERMISSION: &str = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/write";
    let mut seen_cosmos = false;
    for (name, a) in cases() {
        let files = generate::bundle(&a).unwrap_or_else(|e| panic!("{name}: blocked by {e:#?}"));
        let readme = &files.iter().find(|f| f.path == "README.md").expect("README.md").contents;
        let prereqs = readme
            .split("## Before you start")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .unwrap_or_else(|| panic!("{name}: no 'Before you start' section"));
        let cosmos = a
            .workloads
            .iter()
            .flat_map(|w| &w.grants)
            .any(|g| catalog::target(g.target).method == AssignmentMethod::CosmosSql);
        seen_cosmos |= cosmos;
        assert_eq!(prereqs.contains(PERMISSION), cosmos, "{name}: prerequisites:\n{prereqs}");
        // The scripts say it too, at the step that needs it, for whoever runs them without the README.
        for script in ["setup.sh", "setup.ps1"] {
            let text = &files.iter().find(|f| f.path == script).expect("script").contents;
            assert_eq!(text.contains(PERMISSION), cosmos, "{name}: {script} names the Cosmos permission only with a Cosmos grant");
        }
        if cosmos {
            for holder in ["DocumentDB Account Contributor", "User Access Administrator does not"] {
                assert!(prereqs.contains(holder), "{name}: the Cosmos prerequisite should say '{holder}':\n{prereqs}");
            }
        }
    }
    assert!(seen_cosmos, "no golden case has a Cosmos DB grant any more");
}
