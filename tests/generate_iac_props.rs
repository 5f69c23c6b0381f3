//! Property tests of the Terraform form with random and hostile values (the shell tests' HOSTILE
//! list, quotes, backslashes, `${`, `%{`, line breaks, control and Unicode characters):
//! - any value written by `quote::hcl` reads back through python-hcl2 as exactly itself, and so does
//!   the text of a template around the generator's own interpolations;
//! - random answers give Terraform that parses and passes the provider schema checks, with every
//!   subject and name exactly as answered.
//!
//! Each case runs python-hcl2 once over many values, so the case counts stay small.

mod generate_support;

use aks_identity_wizard::answers::Outputs;
use aks_identity_wizard::catalog;
use aks_identity_wizard::generate::plan;
use aks_identity_wizard::generate::quote::{self, HclPart};
use aks_identity_wizard::generate::{self, GeneratedFile};
use generate_support::*;
use proptest::prelude::*;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn chr() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            '\'', '"', '$', '%', '{', '}', '\\', '\n', '\r', '\t', ' ', '#', '/', '*', '=', '~', '\u{0}', '\u{1}',
            '\u{7f}', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{202E}', 'é', '🦀', '日', 'u',
        ]),
        1 => any::<char>(),
        2 => prop::char::range('a', 'z'),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(HOSTILE).prop_map(String::from),
        1 => prop::sample::select(vec!["${var.x}", "%{if true}x%{endif}", "$${", "%%{", "$", "a$", "\\u0024{", "\"${", "${}"]).prop_map(String::from),
        4 => prop::collection::vec(chr(), 0..20).prop_map(|v| v.into_iter().collect::<String>()),
    ]
}

fn python() -> PathBuf {
    let p = repo_root().join(".venv-iac/bin/python");
    assert!(p.exists(), "{} is missing: run scripts/setup", p.display());
    p
}

fn cases() -> ProptestConfig {
    ProptestConfig { cases: fuzz::cases(12), failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(cases())]

    #[test]
    fn any_value_reads_back_through_python_hcl2_as_itself(values in prop::collection::vec(text(), 1..40), around in prop::collection::vec(text(), 2)) {
        let tmp = TempDir::new("hcl-values");
        let mut body = String::new();
        for (k, v) in values.iter().enumerate() {
            body.push_str(&format!("v{k} = {}\n", quote::hcl(v)));
        }
        // A template: text, one of the generator's interpolations, text.
        body.push_str(&format!(
            "t = {}\n",
            quote::hcl_template(&[HclPart::Text(around[0].clone()), HclPart::Expr("var.x".into()), HclPart::Text(around[1].clone())])
        ));
        let path = tmp.path().join("values.tf");
        std::fs::write(&path, &body).expect("write");
        let out = Command::new(python())
            .arg(repo_root().join("tests/tools/tf_check.py"))
            .arg("--values")
            .arg(&path)
            .output()
            .expect("run python-hcl2");
        prop_assert!(out.status.success(), "python-hcl2 refused:\n{}\n{}", body, String::from_utf8_lossy(&out.stderr));
        let read: Value = serde_json::from_slice(&out.stdout).expect("json");
        for (k, v) in values.iter().enumerate() {
            prop_assert_eq!(read[format!("v{k}")].as_str(), Some(v.as_str()), "value {} written as {}", k, quote::hcl(v));
        }
        let want = format!("{}${{var.x}}{}", around[0], around[1]);
        prop_assert_eq!(read["t"].as_str(), Some(want.as_str()));
    }

    #[test]
    fn random_answers_give_terraform_that_passes_the_schema_checks(all in prop::collection::vec(answers_strategy::answers(answers_strategy::Alphabet {
        text: || text().boxed(),
        role: || prop_oneof![2 => prop::sample::select(catalog::roles().iter().map(|r| r.name.to_string()).collect::<Vec<_>>()), 1 => text()].boxed(),
        node_count: || (0u32..2000).boxed(),
    }), 1..4)) {
        let tmp = TempDir::new("tf-random");
        let mut dirs = Vec::new();
        for (k, a) in all.iter().enumerate() {
            let mut a = a.clone();
            a.outputs = Outputs { scripts: false, terraform: true, bicep: false };
            let files: Vec<GeneratedFile> = generate::render_unchecked(&a).into_iter().filter(|f| f.path.starts_with("terraform/")).collect();
            prop_assert_eq!(files.len(), 5);
            write_bundle(&tmp.path().join(k.to_string()), &files);
            dirs.push(tmp.path().join(k.to_string()).join("terraform"));
        }
        let out = Command::new(python())
            .arg(repo_root().join("tests/tools/tf_check.py"))
            .arg(repo_root().join(".iac-schema"))
            .args(&dirs)
            .output()
            .expect("run tf_check.py");
        prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let results: Value = serde_json::from_slice(&out.stdout).expect("json");
        for (a, dir) in all.iter().zip(&dirs) {
            let r = &results[dir.display().to_string()];
            let problems = r["problems"].as_array().expect("problems");
            prop_assert!(problems.is_empty(), "{:#?}\nanswers: {}", problems, fuzz::shown(a));
            // Every workload's subject reaches Terraform exactly as the scripts compute it.
            let subjects: Vec<&str> = r["blocks"].as_array().expect("blocks").iter()
                .filter(|b| b["type"] == "azurerm_federated_identity_credential" && b["name"] != "pipeline")
                .filter_map(|b| b["body"]["subject"].as_str())
                .collect();
            // A workshop's Terraform holds every participant's copy.
            let want: Vec<String> = aks_identity_wizard::answers::workshop::expand(a).workloads.iter().map(plan::subject).collect();
            prop_assert_eq!(subjects, want.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }
}
