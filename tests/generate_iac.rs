//! The Terraform form of the setup, checked offline (no terraform binary is reachable here):
//! - golden files: every preset and fixture with every output chosen, under tests/golden-iac/<case>/
//!   (the `terraform/` files and the README that explains them); the other files must be those of
//!   the scripts-only bundle, so choosing more forms changes nothing else;
//! - the provider schemas: tests/tools/tf_check.py parses each file with python-hcl2 and checks every
//!   block, argument, nested block, required argument and reference against the schemas that
//!   @cdktf/provider-azurerm and @cdktf/provider-kubernetes are generated from;
//! - the same setup: the identities, federated credentials (issuer, subject, audience), role
//!   assignments (principal, role, scope), Cosmos DB assignments and annotated ServiceAccounts are
//!   the ones setup.sh's plan creates;
//! - checkov's identity and access checks, which fail only where the wizard's own findings warn.
//!
//! scripts/setup installs the tools (.venv-iac, .venv-checkov, .iac-schema); a missing one fails the
//! test rather than skipping it. Regenerate the golden files with
//! `UPDATE_GOLDEN=1 cargo test --test generate_iac`, then read the diff.

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

fn all_outputs(a: &Answers) -> Answers {
    let mut b = a.clone();
    b.outputs = Outputs { scripts: true, terraform: true, bicep: false };
    b
}

fn tool(rel: &str) -> PathBuf {
    let p = repo_root().join(rel);
    assert!(p.exists(), "{} is missing: run scripts/setup (it installs the offline IaC checkers)", p.display());
    p
}

/// tf_check.py over each directory: its JSON answer, by directory.
pub fn tf_check(dirs: &[PathBuf]) -> BTreeMap<String, Value> {
    let out = Command::new(tool(".venv-iac/bin/python"))
        .arg(repo_root().join("tests/tools/tf_check.py"))
        .arg(tool(".iac-schema"))
        .args(dirs)
        .output()
        .expect("run tf_check.py");
    assert!(out.status.success(), "tf_check.py: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("tf_check.py prints JSON")
}

fn terraform_files(files: &[GeneratedFile]) -> Vec<GeneratedFile> {
    files.iter().filter(|f| f.path.starts_with("terraform/")).cloned().collect()
}

#[test]
fn iac_bundles_match_the_golden_files_and_add_only_their_own_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (name, a) in cases() {
        let scripts_only = generate::bundle(&a).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        let all = generate::bundle(&all_outputs(&a)).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        // Everything the scripts-only bundle has is there, unchanged, but the README and answers.yaml.
        for f in &scripts_only {
            if f.path == layout::README_MD || f.path == layout::ANSWERS_YAML {
                continue;
            }
            let same = all.iter().find(|g| g.path == f.path);
            assert_eq!(same.map(|g| &g.contents), Some(&f.contents), "{name}: {}", f.path);
        }
        let golden_files: Vec<&GeneratedFile> = all
            .iter()
            .filter(|f| f.path.starts_with("terraform/") || f.path == layout::README_MD)
            .collect();
        let dir = repo_root().join("tests/golden-iac").join(&name);
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
    assert!(failures.is_empty(), "{}\n(if intended: UPDATE_GOLDEN=1 cargo test --test generate_iac, then review the diff)", failures.join("\n"));
}

#[test]
fn scripts_only_is_the_default_and_any_choice_keeps_verify_and_the_manifests() {
    let a = Answers::default();
    let paths = |a: &Answers| -> Vec<String> { generate::bundle(a).expect("bundle").into_iter().map(|f| f.path).collect() };
    let default = paths(&a);
    assert!(default.contains(&"setup.sh".to_string()) && !default.iter().any(|p| p.starts_with("terraform/")));
    let mut tf_only = a.clone();
    tf_only.outputs = Outputs { scripts: false, terraform: true, bicep: false };
    let tf = paths(&tf_only);
    assert!(!tf.contains(&"setup.sh".to_string()) && !tf.contains(&"setup.ps1".to_string()), "{tf:?}");
    for p in ["verify.sh", "teardown.sh", "README.md", "answers.yaml", "terraform/main.tf", "k8s/demo-app.deployment.yaml"] {
        assert!(tf.contains(&p.to_string()), "{p} missing from {tf:?}");
    }
    let mut none = a.clone();
    none.outputs = Outputs { scripts: false, terraform: false, bicep: false };
    assert_eq!(paths(&none), default, "choosing nothing gives the scripts");
    for p in layout::IAC_FILES.iter().filter(|p| p.starts_with("terraform/")) {
        assert!(tf.contains(&p.to_string()), "{p}");
    }
}

#[test]
fn every_case_passes_the_provider_schema_checks() {
    let tmp = TempDir::new("tf");
    let mut dirs = Vec::new();
    for (name, a) in cases() {
        let files = generate::bundle(&all_outputs(&a)).expect("bundle");
        write_bundle(&tmp.path().join(&name), &terraform_files(&files));
        dirs.push(tmp.path().join(&name).join("terraform"));
    }
    let results = tf_check(&dirs);
    for (dir, r) in &results {
        let problems = r["problems"].as_array().expect("problems");
        assert!(problems.is_empty(), "{dir}:\n{problems:#?}");
        assert!(!r["blocks"].as_array().expect("blocks").is_empty(), "{dir}: nothing was read");
    }
    assert_eq!(results.len(), dirs.len());
}

#[test]
fn the_schema_check_finds_what_is_wrong() {
    let tmp = TempDir::new("tf-wrong");
    let files = terraform_files(&generate::bundle(&all_outputs(&Answers::default())).expect("bundle"));
    let mutations: [(&str, &str, &str, &str); 6] = [
        ("unknown argument", "oidc_issuer_enabled ", "oidc_issuer_enable ", "`oidc_issuer_enable` is not in the schema"),
        ("missing required", "  subject             = ", "  # subject           = ", "required `subject` is missing"),
        ("block as argument", "  identity {", "  identity = {", "`identity` is a block in the schema"),
        ("unknown resource", "azurerm_user_assigned_identity\" \"w1\"", "azurerm_user_assigned_identities\" \"w1\"", "no such resource"),
        ("unknown attribute reference", "w1.client_id", "w1.clientid", "exports no `clientid`"),
        ("broken syntax", "  oidc_issuer_enabled ", "  oidc_issuer_enabled = = ", "does not parse"),
    ];
    let mut dirs = Vec::new();
    for (k, (_, from, to, _)) in mutations.iter().enumerate() {
        let changed: Vec<GeneratedFile> = files
            .iter()
            .map(|f| GeneratedFile { path: f.path.clone(), contents: f.contents.replacen(from, to, 1) })
            .collect();
        assert_ne!(changed, files, "mutation {k} changed nothing");
        write_bundle(&tmp.path().join(k.to_string()), &changed);
        dirs.push(tmp.path().join(k.to_string()).join("terraform"));
    }
    let results = tf_check(&dirs);
    for (k, (what, _, _, expect)) in mutations.iter().enumerate() {
        let r = &results[&dirs[k].display().to_string()];
        let problems: Vec<&str> = r["problems"].as_array().expect("problems").iter().filter_map(Value::as_str).collect();
        assert!(problems.iter().any(|p| p.contains(expect)), "{what}: {problems:#?}");
    }
}

// ---- The same setup as setup.sh ----

fn from_terraform(a: &Answers, r: &Value) -> Setup {
    let blocks = r["blocks"].as_array().expect("blocks");
    let of_type = |t: &'static str| blocks.iter().filter(move |b| b["type"] == t && b["mode"] == "resource");
    let names: BTreeMap<String, String> = of_type("azurerm_user_assigned_identity")
        .map(|b| (b["name"].as_str().expect("label").to_string(), b["body"]["name"].as_str().expect("name").to_string()))
        .collect();
    let cluster_id = plan::cluster_id(a);
    let resolve = |v: &Value| -> String {
        let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
        let mut s = s.replace("${azurerm_kubernetes_cluster.this.id}", &cluster_id).replace("${data.azurerm_kubernetes_cluster.this.id}", &cluster_id);
        if s.ends_with(".oidc_issuer_url}") {
            return "<cluster>".into();
        }
        if s.contains("kubelet_identity[0].object_id") {
            return "<kubelet>".into();
        }
        for (label, name) in &names {
            for attr in ["id", "principal_id", "client_id"] {
                s = s.replace(&format!("${{azurerm_user_assigned_identity.{label}.{attr}}}"), name);
            }
        }
        s
    };
    let single = |v: &Value| -> Value { v.as_array().map(|x| x[0].clone()).unwrap_or_else(|| v.clone()) };
    let mut out = Setup { identities: names.values().cloned().collect(), ..Setup::default() };
    for b in of_type("azurerm_federated_identity_credential") {
        let body = &b["body"];
        out.credentials.insert((resolve(&body["parent_id"]), resolve(&body["name"]), resolve(&body["issuer"]), resolve(&body["subject"]), resolve(&single(&body["audience"]))));
    }
    for b in of_type("azurerm_role_assignment") {
        let body = &b["body"];
        let role = match body.get("role_definition_id") {
            Some(id) => resolve(id).rsplit('/').next().expect("guid").to_string(),
            None => resolve(&body["role_definition_name"]),
        };
        assert_eq!(body["principal_type"], "ServicePrincipal", "{body}");
        out.assignments.insert((resolve(&body["principal_id"]), role, resolve(&body["scope"])));
    }
    for b in of_type("azurerm_cosmosdb_sql_role_assignment") {
        let body = &b["body"];
        out.cosmos.insert((
            resolve(&body["principal_id"]),
            resolve(&body["role_definition_id"]).rsplit('/').next().expect("guid").to_string(),
            resolve(&body["scope"]),
            resolve(&body["name"]),
        ));
    }
    for b in of_type("kubernetes_service_account_v1") {
        let meta = single(&b["body"]["metadata"]);
        out.service_accounts.insert((
            resolve(&meta["namespace"]),
            resolve(&meta["name"]),
            resolve(&meta["annotations"]["azure.workload.identity/client-id"]),
        ));
    }
    out
}

#[test]
fn terraform_describes_the_identities_subjects_and_scopes_setup_sh_creates() {
    let tmp = TempDir::new("tf-same");
    let mut dirs = Vec::new();
    let all = expanded_cases();
    for (name, a) in &all {
        write_bundle(&tmp.path().join(name), &terraform_files(&generate::bundle(&all_outputs(a)).expect("bundle")));
        dirs.push(tmp.path().join(name).join("terraform"));
    }
    let results = tf_check(&dirs);
    let mut seen_cosmos = false;
    for ((name, a), dir) in all.iter().zip(&dirs) {
        let plan = plan::setup(a, &layout::layout(a));
        let want = from_plan(a, &plan);
        let got = from_terraform(a, &results[&dir.display().to_string()]);
        assert!(!want.credentials.is_empty() || a.workloads.is_empty(), "{name}: the plan reader found nothing");
        seen_cosmos |= !want.cosmos.is_empty();
        assert_eq!(got, want, "{name}: the Terraform and setup.sh differ");
    }
    assert!(seen_cosmos, "no case has a Cosmos DB grant any more");
}

// ---- checkov ----

/// checkov's identity and access checks for Terraform: every check of its IAM category, and the AKS
/// checks that are about who can reach the cluster (Azure RBAC and Entra ID; local admin account).
fn checkov_ids() -> String {
    let out = Command::new(tool(".venv-checkov/bin/python"))
        .arg("-c")
        .arg(
            "from checkov.common.models.enums import CheckCategories as C\n\
             from checkov.terraform.checks.resource.registry import resource_registry as r\n\
             from checkov.terraform.checks.data.registry import data_registry as d\n\
             ids = {c.id for reg in (r, d) for cs in reg.checks.values() for c in cs if C.IAM in c.categories}\n\
             print(','.join(sorted(ids | {'CKV_AZURE_5', 'CKV_AZURE_141'})))",
        )
        .output()
        .expect("list checkov checks");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ids = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(ids.contains("CKV_AZURE_141") && ids.split(',').count() > 20, "{ids}");
    ids
}

#[test]
fn checkov_identity_checks_fail_only_where_the_answers_are_warned_about() {
    let tmp = TempDir::new("checkov");
    let all = cases();
    for (name, a) in &all {
        write_bundle(&tmp.path().join(name), &terraform_files(&generate::bundle(&all_outputs(a)).expect("bundle")));
    }
    let out = Command::new(tool(".venv-checkov/bin/checkov"))
        .args(["--framework", "terraform", "--skip-download", "--output", "json", "--compact", "--directory"])
        .arg(tmp.path())
        .args(["--check", &checkov_ids()])
        // No network here: checkov is told not to fetch its guideline mappings.
        .env("BC_SKIP_MAPPING", "TRUE")
        .output()
        .expect("run checkov");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("checkov JSON: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    let report = if report.is_array() { report[0].clone() } else { report };
    let failed: BTreeSet<(String, String)> = report["results"]["failed_checks"]
        .as_array()
        .expect("failed_checks")
        .iter()
        .map(|r| {
            let case = r["file_path"].as_str().expect("path").trim_start_matches('/').split('/').next().expect("case").to_string();
            (case, r["check_id"].as_str().expect("id").to_string())
        })
        .collect();
    let passed = report["results"]["passed_checks"].as_array().map_or(0, Vec::len);
    assert!(passed > 0, "checkov passed nothing: {report}");
    // A new cluster with local accounts left on: the validator's warning, and checkov's CKV_AZURE_141.
    let expected: BTreeSet<(String, String)> = all
        .iter()
        .filter(|(_, a)| a.cluster.mode == ClusterMode::New && !a.admin.disable_local_accounts)
        .map(|(name, _)| (name.clone(), "CKV_AZURE_141".to_string()))
        .collect();
    assert_eq!(failed, expected);
}
