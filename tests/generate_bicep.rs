//! The Bicep form of the setup, checked offline (no Bicep CLI or Azure is reachable here):
//! - golden files: every preset and fixture with Bicep chosen, under tests/golden-bicep/<case>/
//!   (the `bicep/` files and the README that explains them); every other file is that of the
//!   scripts-only bundle, so choosing Bicep changes nothing else;
//! - tests/tools/bicep_check.py: every file parses with pycep-parser; every type@apiVersion is one
//!   the installed Azure SDK for Python ships (the azure-mgmt-* versions Azure CLI 2.91.0 pins); the
//!   properties written, the properties required and the property paths read agree with that API
//!   version's models; symbols, modules and parameters line up; and that it catches each kind of
//!   mistake;
//! - the same setup: identities, federated credentials (identity, name, issuer, subject, audience),
//!   role assignments (principal, role, scope) and Cosmos DB SQL role assignments (with setup.sh's
//!   assignment IDs) are the ones setup.sh's plan creates, workshop copies included;
//! - checkov's identity and access checks for Bicep, which fail only where the wizard warns.
//!
//! scripts/setup installs the tools (.venv-bicep, .venv-checkov); a missing one fails the test.
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test generate_bicep`, then read
//! the diff.

mod generate_support;

use aks_identity_wizard::answers::{Answers, ClusterMode, Outputs};
use aks_identity_wizard::generate::plan;
use aks_identity_wizard::generate::{self, layout, GeneratedFile};
use generate_support::plan_model::{from_plan, Setup};
use generate_support::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

fn with_bicep(a: &Answers) -> Answers {
    let mut b = a.clone();
    b.outputs = Outputs { scripts: true, terraform: false, bicep: true };
    b
}

fn tool(rel: &str) -> PathBuf {
    let p = repo_root().join(rel);
    assert!(p.exists(), "{} is missing: run scripts/setup (it installs the offline Bicep checkers)", p.display());
    p
}

fn bicep_files(files: &[GeneratedFile]) -> Vec<GeneratedFile> {
    files.iter().filter(|f| f.path.starts_with("bicep/")).cloned().collect()
}

/// bicep_check.py over each directory: its JSON answer, by directory.
fn bicep_check(dirs: &[PathBuf]) -> BTreeMap<String, Value> {
    let out = Command::new(tool(".venv-bicep/bin/python"))
        .arg(repo_root().join("tests/tools/bicep_check.py"))
        .args(dirs)
        .output()
        .expect("run bicep_check.py");
    assert!(out.status.success(), "bicep_check.py: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("bicep_check.py prints JSON")
}

#[test]
fn bicep_bundles_match_the_golden_files_and_add_only_their_own_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (name, a) in cases() {
        let scripts_only = generate::bundle(&a).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        let all = generate::bundle(&with_bicep(&a)).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        for f in &scripts_only {
            if f.path == layout::README_MD || f.path == layout::ANSWERS_YAML {
                continue;
            }
            let same = all.iter().find(|g| g.path == f.path);
            assert_eq!(same.map(|g| &g.contents), Some(&f.contents), "{name}: {}", f.path);
        }
        let extra: Vec<&str> = all.iter().map(|f| f.path.as_str()).filter(|p| !scripts_only.iter().any(|f| f.path == *p)).collect();
        assert!(extra.iter().all(|p| p.starts_with("bicep/") && layout::is_bundle_path(p)), "{name}: {extra:?}");
        assert!(extra.contains(&layout::BICEP_MAIN) && extra.contains(&layout::BICEP_PARAMS), "{name}: {extra:?}");
        let golden_files: Vec<&GeneratedFile> = all.iter().filter(|f| f.path.starts_with("bicep/") || f.path == layout::README_MD).collect();
        let dir = repo_root().join("tests/golden-bicep").join(&name);
        if update {
            let _ = std::fs::remove_dir_all(&dir);
            for f in &golden_files {
                let p = dir.join(&f.path);
                std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
                std::fs::write(p, &f.contents).expect("write golden");
            }
            continue;
        }
        for f in &golden_files {
            match std::fs::read_to_string(dir.join(&f.path)) {
                Ok(text) if text == f.contents => {}
                Ok(_) => failures.push(format!("{name}/{} differs from the golden file", f.path)),
                Err(_) => failures.push(format!("{name}/{} has no golden file", f.path)),
            }
        }
    }
    assert!(failures.is_empty(), "{}\n(if intended: UPDATE_GOLDEN=1 cargo test --test generate_bicep, then review the diff)", failures.join("\n"));
}

#[test]
fn bicep_alone_still_gives_verify_the_manifests_and_no_scripts() {
    let a = Answers { outputs: Outputs { scripts: false, terraform: false, bicep: true }, ..Answers::default() };
    let paths: Vec<String> = generate::bundle(&a).expect("bundle").into_iter().map(|f| f.path).collect();
    assert!(!paths.iter().any(|p| p == layout::SETUP_SH || p == layout::SETUP_PS1 || p.starts_with("terraform/")), "{paths:?}");
    for p in [layout::BICEP_MAIN, layout::BICEP_PARAMS, layout::VERIFY_SH, layout::README_MD, "k8s/demo-app.deployment.yaml"] {
        assert!(paths.iter().any(|x| x == p), "{p} missing from {paths:?}");
    }
}

#[test]
fn every_case_passes_the_bicep_checks() {
    let tmp = TempDir::new("bicep");
    let mut dirs = Vec::new();
    for (name, a) in cases() {
        write_bundle(&tmp.path().join(&name), &bicep_files(&generate::bundle(&with_bicep(&a)).expect("bundle")));
        dirs.push(tmp.path().join(&name).join("bicep"));
    }
    let results = bicep_check(&dirs);
    assert_eq!(results.len(), dirs.len());
    for (dir, r) in &results {
        let problems = r["problems"].as_array().expect("problems");
        assert!(problems.is_empty(), "{dir}:\n{problems:#?}");
        assert!(r["files"]["main.bicep"]["resources"].as_object().is_some_and(|m| !m.is_empty()), "{dir}: nothing was read");
    }
}

#[test]
fn the_bicep_check_finds_what_is_wrong() {
    let tmp = TempDir::new("bicep-wrong");
    let files = bicep_files(&generate::bundle(&with_bicep(&Answers::default())).expect("bundle"));
    let mutations: [(&str, &str, &str, &str); 7] = [
        ("unknown property", "oidcIssuerProfile: {", "oidcIssuerProfil: {", "`oidcIssuerProfil` is not a property of the model"),
        ("unknown property of an msrest model", "    subject: ", "    subjects: ", "`subjects` is not a property of the model"),
        ("missing required property", "    principalId: w1", "    // principalId: w1", "required `principalId` is missing"),
        ("unknown API version", "userAssignedIdentities@2024-11-30'", "userAssignedIdentities@2024-11-31'", "API version 2024-11-31 is not one azure.mgmt.msi ships"),
        ("unknown property read", "oidcIssuerProfile.issuerURL", "oidcIssuerProfile.issuerUrl", "`issuerUrl` is not in the model"),
        ("broken syntax", "  location: location", "  location: = location", "does not parse"),
        ("parameter not given", "param nodeCount = ", "param nodeCounts = ", "parameter nodeCount of main.bicep is not given"),
    ];
    let mut dirs = Vec::new();
    for (k, (what, from, to, _)) in mutations.iter().enumerate() {
        let changed: Vec<GeneratedFile> = files
            .iter()
            .map(|f| GeneratedFile { path: f.path.clone(), contents: f.contents.replacen(from, to, 1) })
            .collect();
        assert_ne!(changed, files, "mutation {what} changed nothing");
        write_bundle(&tmp.path().join(k.to_string()), &changed);
        dirs.push(tmp.path().join(k.to_string()).join("bicep"));
    }
    let results = bicep_check(&dirs);
    for (k, (what, _, _, expect)) in mutations.iter().enumerate() {
        let r = &results[&dirs[k].display().to_string()];
        let problems: Vec<&str> = r["problems"].as_array().expect("problems").iter().filter_map(Value::as_str).collect();
        assert!(problems.iter().any(|p| p.contains(expect)), "{what}: {problems:#?}");
    }
}

// ---- The same setup as setup.sh ----

/// A property accessor chain as pycep writes it (`a.b.c`), or None.
fn accessor(v: &Value) -> Option<Vec<String>> {
    let mut path = Vec::new();
    let mut node = v;
    loop {
        match node.get("operator") {
            Some(op) if op["type"] == "property_accessor" => {
                path.push(op["operands"]["operand_1"].as_str()?.to_string());
                node = &op["operands"]["operand_2"];
            }
            _ => {
                path.push(node.as_str()?.to_string());
                return Some(path);
            }
        }
    }
}

struct Reader<'a> {
    a: &'a Answers,
    main: &'a Value,
    /// Identity symbol in main.bicep -> its name.
    identities: BTreeMap<String, String>,
}

impl Reader<'_> {
    /// A principal expression of main.bicep: an identity's name, or `<kubelet>`.
    fn principal_in_main(&self, v: &Value) -> String {
        let path = accessor(v).unwrap_or_else(|| panic!("principal: {v}"));
        match path.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["cluster", "properties", "identityProfile", "kubeletidentity", "objectId"] => "<kubelet>".into(),
            [sym, "properties", "principalId"] => self.identities.get(*sym).unwrap_or_else(|| panic!("no identity {sym}")).clone(),
            other => panic!("principal {other:?}"),
        }
    }

    /// The ID of an `existing` chain ending at `sym` in `file`, deployed in resource group `rg`.
    fn chain_id(&self, file: &Value, sym: &str, rg: &str) -> String {
        if sym == "cluster" {
            return plan::cluster_id(self.a);
        }
        let r = &file["resources"][sym];
        let name = r["config"]["name"].as_str().expect("name");
        let kind = r["type"].as_str().expect("type");
        match r["config"]["parent"].as_str() {
            Some(parent) => format!("{}/{}/{name}", self.chain_id(file, parent, rg), kind.rsplit('/').next().expect("type")),
            None => format!("/subscriptions/{}/resourceGroups/{rg}/providers/{kind}/{name}", self.a.tenant.subscription_id),
        }
    }

    /// Everything one file assigns. `principals`: the module's `principals` parameter as main.bicep
    /// passes it (None for main.bicep); `place`: the resource group, or None for the subscription.
    fn assignments(&self, file: &Value, principals: Option<&Value>, place: Option<&str>, out: &mut Setup) {
        let principal = |v: &Value| -> String {
            match principals {
                None => self.principal_in_main(v),
                Some(p) => {
                    let path = accessor(v).expect("principal");
                    assert_eq!(path[0], "principals", "{path:?}");
                    self.principal_in_main(&p[&path[1]])
                }
            }
        };
        let place_id = match place {
            Some(rg) => format!("/subscriptions/{}/resourceGroups/{rg}", self.a.tenant.subscription_id),
            None => format!("/subscriptions/{}", self.a.tenant.subscription_id),
        };
        let rg = place.unwrap_or("");
        for (_, r) in file["resources"].as_object().into_iter().flatten() {
            if r["existing"] == true {
                continue;
            }
            let c = &r["config"];
            match r["type"].as_str().expect("type") {
                "Microsoft.Authorization/roleAssignments" => {
                    let p = &c["properties"];
                    assert_eq!(p["principalType"], "ServicePrincipal", "{p}");
                    let def = &p["roleDefinitionId"]["function"];
                    assert_eq!(def["type"], "subscription_resource_id");
                    assert_eq!(def["parameters"]["resource_type"], "Microsoft.Authorization/roleDefinitions");
                    let role = def["parameters"]["resource_name_1"].as_str().expect("role").to_string();
                    let scope = match c.get("scope").and_then(Value::as_str) {
                        Some(sym) => self.chain_id(file, sym, rg),
                        None => place_id.clone(),
                    };
                    out.assignments.insert((principal(&p["principalId"]), role, scope));
                }
                "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments" => {
                    let p = &c["properties"];
                    let acc = c["parent"].as_str().expect("parent");
                    let account = self.chain_id(file, acc, rg);
                    let resolve = |v: &Value| -> String {
                        match v.as_str() {
                            Some(text) => text.replacen(&format!("${{{acc}.id}}"), &account, 1),
                            None => {
                                assert_eq!(accessor(v), Some(vec![acc.to_string(), "id".into()]), "{v}");
                                account.clone()
                            }
                        }
                    };
                    out.cosmos.insert((
                        principal(&p["principalId"]),
                        resolve(&p["roleDefinitionId"]).rsplit('/').next().expect("guid").to_string(),
                        resolve(&p["scope"]),
                        c["name"].as_str().expect("id").to_string(),
                    ));
                }
                _ => {}
            }
        }
    }
}

fn from_bicep(a: &Answers, r: &Value) -> Setup {
    let main = &r["files"]["main.bicep"];
    let resources = main["resources"].as_object().expect("resources");
    let identities: BTreeMap<String, String> = resources
        .iter()
        .filter(|(_, r)| r["type"] == "Microsoft.ManagedIdentity/userAssignedIdentities" && r["existing"] == false)
        .map(|(sym, r)| (sym.clone(), r["config"]["name"].as_str().expect("name").to_string()))
        .collect();
    let reader = Reader { a, main, identities };
    let mut out = Setup { identities: reader.identities.values().cloned().collect(), ..Setup::default() };
    for r in resources.values() {
        if r["type"] == "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials" {
            let c = &r["config"];
            let p = &c["properties"];
            let issuer = match p["issuer"].as_str() {
                Some(text) => text.to_string(),
                None => {
                    assert_eq!(accessor(&p["issuer"]).expect("issuer").join("."), "cluster.properties.oidcIssuerProfile.issuerURL");
                    "<cluster>".into()
                }
            };
            let audiences = p["audiences"].as_array().expect("audiences");
            assert_eq!(audiences.len(), 1);
            out.credentials.insert((
                reader.identities[c["parent"].as_str().expect("parent")].clone(),
                c["name"].as_str().expect("name").to_string(),
                issuer,
                p["subject"].as_str().expect("subject").to_string(),
                audiences[0].as_str().expect("audience").to_string(),
            ));
        }
    }
    reader.assignments(main, None, Some(&a.cluster.resource_group), &mut out);
    for (_, m) in reader.main["modules"].as_object().into_iter().flatten() {
        let file = &r["files"][m["detail"]["path"].as_str().expect("path")];
        let scope = &m["config"]["scope"]["function"];
        let place = match scope["type"].as_str() {
            Some("resource_group") => Some(scope["parameters"]["resource_group_name"].as_str().expect("rg")),
            Some("subscription") => None,
            other => panic!("module scope {other:?}"),
        };
        reader.assignments(file, Some(&m["config"]["params"]["principals"]), place, &mut out);
    }
    out
}

#[test]
fn bicep_describes_the_identities_subjects_and_scopes_setup_sh_creates() {
    let tmp = TempDir::new("bicep-same");
    let all = expanded_cases();
    let mut dirs = Vec::new();
    for (name, a) in &all {
        write_bundle(&tmp.path().join(name), &bicep_files(&generate::bundle(&with_bicep(a)).expect("bundle")));
        dirs.push(tmp.path().join(name).join("bicep"));
    }
    let results = bicep_check(&dirs);
    let (mut seen_cosmos, mut seen_module) = (false, false);
    for ((name, a), dir) in all.iter().zip(&dirs) {
        let r = &results[&dir.display().to_string()];
        let mut want = from_plan(a, &plan::setup(a, &layout::layout(a)));
        // Bicep leaves the Kubernetes objects to k8s/ (the ServiceAccounts are compared for Terraform).
        want.service_accounts = BTreeSet::new();
        assert!(!want.credentials.is_empty() || a.workloads.is_empty(), "{name}: the plan reader found nothing");
        seen_cosmos |= !want.cosmos.is_empty();
        seen_module |= r["files"].as_object().expect("files").keys().any(|k| k.starts_with("grants-"));
        assert_eq!(from_bicep(a, r), want, "{name}: the Bicep and setup.sh differ");
    }
    assert!(seen_cosmos, "no case has a Cosmos DB grant any more");
    assert!(seen_module, "no case has a grant outside the cluster's resource group any more");
}

// ---- checkov ----

/// checkov's identity and access checks that read Bicep (its ARM and Bicep registries' IAM
/// category), and the AKS checks about who can reach the cluster (Azure RBAC; local admin account).
fn checkov_ids() -> String {
    let out = Command::new(tool(".venv-checkov/bin/python"))
        .arg("-c")
        .arg(
            "from checkov.common.models.enums import CheckCategories as C\n\
             from checkov.arm.registry import arm_resource_registry as a\n\
             from checkov.bicep.checks.resource.registry import registry as b\n\
             ids = {c.id for reg in (a, b) for cs in reg.checks.values() for c in cs if C.IAM in c.categories}\n\
             print(','.join(sorted(ids | {'CKV_AZURE_5', 'CKV_AZURE_141'})))",
        )
        .output()
        .expect("list checkov checks");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ids = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(ids.contains("CKV_AZURE_141") && ids.split(',').count() > 5, "{ids}");
    ids
}

#[test]
fn checkov_identity_checks_on_bicep_fail_only_where_the_answers_are_warned_about() {
    let tmp = TempDir::new("checkov-bicep");
    let all = cases();
    for (name, a) in &all {
        write_bundle(&tmp.path().join(name), &bicep_files(&generate::bundle(&with_bicep(a)).expect("bundle")));
    }
    let out = Command::new(tool(".venv-checkov/bin/checkov"))
        .args(["--framework", "bicep", "--skip-download", "--output", "json", "--compact", "--directory"])
        .arg(tmp.path())
        .args(["--check", &checkov_ids()])
        .env("BC_SKIP_MAPPING", "TRUE")
        .output()
        .expect("run checkov");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("checkov JSON: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    let report = if report.is_array() { report[0].clone() } else { report };
    let case_of = |r: &Value| r["file_path"].as_str().expect("path").trim_start_matches('/').split('/').next().expect("case").to_string();
    let failed: BTreeSet<(String, String)> = report["results"]["failed_checks"]
        .as_array()
        .expect("failed_checks")
        .iter()
        .map(|r| (case_of(r), r["check_id"].as_str().expect("id").to_string()))
        .collect();
    // Every new cluster was looked at by the two cluster checks.
    let passed: BTreeSet<(String, String)> = report["results"]["passed_checks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| (case_of(r), r["check_id"].as_str().expect("id").to_string()))
        .collect();
    for (name, _) in all.iter().filter(|(_, a)| a.cluster.mode == ClusterMode::New) {
        assert!(passed.contains(&(name.clone(), "CKV_AZURE_5".to_string())), "{name}: CKV_AZURE_5 did not pass");
    }
    let expected: BTreeSet<(String, String)> = all
        .iter()
        .filter(|(_, a)| a.cluster.mode == ClusterMode::New && !a.admin.disable_local_accounts)
        .map(|(name, _)| (name.clone(), "CKV_AZURE_141".to_string()))
        .collect();
    assert_eq!(failed, expected);
}
