//! The generated scripts, run for real: setup.sh with stub `az`/`kubectl`/`kubelogin` on PATH must
//! make exactly the documented calls, in order, with every argument byte for byte; every script
//! passes `bash -n` and shellcheck; verify.sh and teardown.sh run cleanly; setup.ps1 quotes every value.

mod generate_support;

use aks_identity_wizard::answers::{AccessGrant, Answers, ClusterMode, Pipeline, PipelineTrigger, TargetKind};
use aks_identity_wizard::catalog::{self, AssignmentMethod};
use aks_identity_wizard::generate::{self, plan};
use generate_support::*;
use std::process::Command;

fn bundle(a: &Answers, name: &str) -> Vec<generate::GeneratedFile> {
    generate::bundle(a).unwrap_or_else(|e| panic!("{name}: blocked by {e:#?}"))
}

fn tsql_ident(s: &str) -> String {
    format!("[{}]", s.replace(']', "]]"))
}

#[test]
fn setup_performs_the_documented_steps_in_order_for_every_case() {
    for (name, a) in expanded_cases() {
        let files = bundle(&a, &name);
        let dir = TempDir::new("setup");
        write_bundle(dir.path(), &files);
        let stubs = Stubs::new();
        let out = stubs.run(dir.path(), "setup.sh", "");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: setup.sh failed\nstdout:\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let calls = stubs.calls();
        assert_calls(&a, dir.path(), &calls, &expected_setup(&a))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // The annotated ServiceAccount (what `kubectl annotate --local` printed) is what got applied.
        for (argv, stdin) in &calls {
            if argv[1..] == ["apply", "-f", "-"] {
                assert_eq!(
                    stdin.trim_end(),
                    STUB_ANNOTATED,
                    "{name}: kubectl apply -f - read the annotate output"
                );
            }
        }
        // The workflow now names the pipeline's client ID, and nothing else in it changed.
        if a.pipeline.is_some() {
            let before = file(&files, ".github/workflows/deploy.yml");
            let after = std::fs::read_to_string(dir.path().join(".github/workflows/deploy.yml")).expect("workflow");
            let placeholder = "client-id: SET-BY-SETUP-SH-TO-THE-PIPELINE-CLIENT-ID\n";
            assert!(before.contains(placeholder), "{name}: {before}");
            assert_eq!(after, before.replace(placeholder, &format!("client-id: '{STUB_CLIENT_ID}'\n")), "{name}");
        }
        // Azure SQL access is printed as T-SQL, exactly.
        for w in &a.workloads {
            for g in w
                .grants
                .iter()
                .filter(|g| catalog::target(g.target).method == AssignmentMethod::SqlTsql)
            {
                let user = tsql_ident(&w.identity_name);
                assert!(
                    stdout.contains(&format!("CREATE USER {user} FROM EXTERNAL PROVIDER;")),
                    "{name}: {stdout}"
                );
                assert!(
                    stdout.contains(&format!(
                        "ALTER ROLE {} ADD MEMBER {user};",
                        tsql_ident(&g.role)
                    )),
                    "{name}: {stdout}"
                );
            }
        }
    }
}

#[test]
fn the_same_answers_always_give_the_same_bundle() {
    for (name, a) in expanded_cases() {
        assert_eq!(bundle(&a, &name), bundle(&a, &name), "{name}");
    }
}

#[test]
fn setup_refuses_a_malformed_value_from_az() {
    // If az ever answered something that is not a GUID, nothing may be built from it.
    let a = Answers::default();
    let dir = TempDir::new("badguid");
    write_bundle(dir.path(), &bundle(&a, "default"));
    let stubs = Stubs::new();
    let path = format!(
        "{}:{}",
        stubs.dir.path().join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(dir.path().join("setup.sh"))
        .current_dir(dir.path())
        .env("PATH", path)
        .env("STUB_LOG", &stubs.log)
        .env("STUB_ISSUER", STUB_ISSUER)
        .env("STUB_CLIENT_ID", "$(touch pwned)")
        .env("STUB_PRINCIPAL_ID", STUB_PRINCIPAL_ID)
        .env("STUB_ANNOTATED", STUB_ANNOTATED)
        .output()
        .expect("run bash");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("W1_CLIENT_ID is not a GUID"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join(CANARY).exists());
    assert!(
        stubs.calls().iter().all(|(argv, _)| argv[0] != "kubectl"),
        "stopped before any kubectl call"
    );
}

fn shellcheck(path: &std::path::Path, extra: &[&str]) -> std::process::Output {
    match Command::new("shellcheck").args(["--shell=bash", "--severity=style"]).args(extra).arg(path).output() {
        Ok(out) => out,
        Err(e) => panic!(
            "shellcheck could not run ({e}). It is required for these tests: run scripts/setup (it installs the Debian package shellcheck)."
        ),
    }
}

#[test]
fn scripts_pass_bash_n_and_shellcheck() {
    for (name, a) in expanded_cases() {
        let dir = TempDir::new("lint");
        write_bundle(dir.path(), &bundle(&a, &name));
        for script in ["setup.sh", "verify.sh", "teardown.sh"] {
            let p = dir.path().join(script);
            let out = Command::new("bash")
                .arg("-n")
                .arg(&p)
                .output()
                .expect("bash -n");
            assert!(
                out.status.success(),
                "{name}/{script}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let out = shellcheck(&p, &[]);
            assert!(
                out.status.success(),
                "{name}/{script}: shellcheck:\n{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
}

#[test]
fn hostile_values_pass_shellcheck_too() {
    // Excluded here only, because each flags a literal value as a likely typo, and keeping such
    // values literal is exactly the point: SC2016 (`$(...)` inside single quotes), SC1112 (a Unicode
    // quote inside a value), SC1003 (a value ending in a backslash).
    let a = hostile_answers(0);
    let dir = TempDir::new("lint-hostile");
    write_bundle(dir.path(), &generate::render_unchecked(&a));
    for script in ["setup.sh", "verify.sh", "teardown.sh"] {
        let out = shellcheck(
            &dir.path().join(script),
            &["--exclude=SC2016,SC1112,SC1003"],
        );
        assert!(
            out.status.success(),
            "{script}: shellcheck:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// Answers whose every text field is one of the hostile strings (rotated by `shift`).
fn hostile_answers(shift: usize) -> Answers {
    let h = |k: usize| HOSTILE[(k + shift) % HOSTILE.len()].to_string();
    let mut a = Answers::default();
    a.tenant.tenant_id = h(0);
    a.tenant.subscription_id = h(1);
    a.tenant.location = h(2);
    a.admin.admin_group_object_ids = vec![h(3), h(4)];
    a.cluster.resource_group = h(5);
    a.cluster.name = h(6);
    a.cluster.vm_size = h(7);
    a.cluster.kubernetes_version = h(8);
    a.cluster.acr_name = h(9);
    a.cluster.acr_resource_group = h(10);
    a.pipeline = Some(Pipeline {
        repository: h(1),
        trigger: PipelineTrigger::Branch,
        ref_pattern: h(2),
        environment: h(3),
        identity_name: h(4),
        federated_credential_name: h(5),
        namespaces: vec![h(6), h(12)],
        push_images: true,
        deploy_role: h(7),
    });
    let w = &mut a.workloads[0];
    w.identity_name = h(11);
    w.namespace = h(12);
    w.service_account = h(13);
    w.federated_credential_name = h(14);
    w.app_name = h(15);
    w.image = h(16);
    let base = w.grants[0].clone();
    w.grants = vec![
        AccessGrant {
            resource_name: h(17),
            resource_group: h(18),
            sub_resource: h(19),
            role: h(20),
            ..base.clone()
        },
        AccessGrant {
            target: TargetKind::CosmosDb,
            resource_name: h(21),
            sub_resource: h(22),
            role: h(23),
            ..base.clone()
        },
        AccessGrant {
            target: TargetKind::AzureSql,
            resource_name: h(24),
            sub_resource: h(25),
            role: h(0),
            ..base
        },
    ];
    a
}

#[test]
fn hostile_values_reach_az_and_kubectl_unchanged() {
    for shift in [0, 7, 13] {
        for mode in [ClusterMode::New, ClusterMode::Existing] {
            let mut a = hostile_answers(shift);
            a.cluster.mode = mode;
            // The pipeline's rights as RoleBindings for one of the shifts, as role assignments otherwise.
            a.admin.azure_rbac = shift != 13;
            let dir = TempDir::new("hostile");
            write_bundle(dir.path(), &generate::render_unchecked(&a));
            let stubs = Stubs::new();
            let out = stubs.run(dir.path(), "setup.sh", "");
            assert!(
                out.status.success(),
                "shift {shift}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_calls(&a, dir.path(), &stubs.calls(), &expected_setup(&a))
                .unwrap_or_else(|e| panic!("shift {shift}: {e}"));
            assert!(!dir.path().join(CANARY).exists(), "a value was executed");
        }
    }
}

#[test]
fn verify_changes_nothing_in_azure_and_only_its_check_pods_in_the_cluster() {
    for (name, a) in expanded_cases() {
        let dir = TempDir::new("verify");
        write_bundle(dir.path(), &bundle(&a, &name));
        let stubs = Stubs::new();
        let out = stubs.run(dir.path(), "verify.sh", "");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The stubs answer no check, so verify.sh must run to the end and fail with its summary.
        assert_eq!(out.status.code(), Some(1), "{name}: {stdout}\n{stderr}");
        assert!(stdout.contains("check(s) failed."), "{name}: {stdout}");
        assert!(stderr.is_empty(), "{name}: {stderr}");
        let layout = generate::layout::layout(&a);
        let check_pods: Vec<String> = (1..=a.workloads.len()).map(|n| format!("identity-check-{n}")).collect();
        let mut applied = Vec::new();
        for (argv, _) in stubs.calls() {
            let allowed = match (argv[0].as_str(), argv[1].as_str()) {
                ("az", _) => argv[1..].iter().any(|w| w == "show" || w == "list"),
                ("kubectl", "get" | "logs" | "wait") => true,
                ("kubectl", "apply") => {
                    applied.push(argv[argv.len() - 1].clone());
                    argv[argv.len() - 2] == "--filename"
                }
                ("kubectl", "delete") => argv[2] == "pod" && argv.iter().any(|w| check_pods.contains(w)),
                _ => false,
            };
            assert!(allowed, "{name}: verify.sh ran {argv:?}");
        }
        // What it applies is exactly the identity-check pods, one per workload.
        let checks: Vec<String> = layout.workloads.iter().map(|w| w.identity_check.clone()).collect();
        assert_eq!(applied, checks, "{name}");
        for (i, path) in checks.iter().enumerate() {
            let pod: generate::k8s::Pod = serde_yaml::from_str(&std::fs::read_to_string(dir.path().join(path)).expect("manifest")).expect("a Pod");
            assert_eq!((pod.kind.as_str(), pod.metadata.name.as_str()), ("Pod", check_pods[i].as_str()), "{name}: {path}");
        }
    }
}

#[test]
fn teardown_asks_before_big_deletes_and_never_deletes_an_existing_cluster() {
    for (name, a) in expanded_cases() {
        let dir = TempDir::new("teardown");
        write_bundle(dir.path(), &bundle(&a, &name));
        // A yes for every question (a class asks once per participant's namespace).
        let yes = "y\n".repeat(256);
        for (answer, label) in [("", "no"), (yes.as_str(), "yes")] {
            let stubs = Stubs::new();
            let out = stubs.run(dir.path(), "teardown.sh", answer);
            assert!(
                out.status.success(),
                "{name} ({label}): {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let calls: Vec<Vec<String>> = stubs.calls().into_iter().map(|(c, _)| c).collect();
            let has = |words: &[&str]| {
                calls
                    .iter()
                    .any(|c| c.len() > words.len() && c[..words.len()] == *words)
            };
            for w in &a.workloads {
                assert!(
                    calls
                        .iter()
                        .any(|c| c[..3] == ["az", "identity", "delete"]
                            && c.contains(&w.identity_name)),
                    "{name}: identity {} deleted",
                    w.identity_name
                );
            }
            // verify.sh's identity-check pods go too, whether or not they are still there.
            for f in &generate::layout::layout(&a).workloads {
                assert!(
                    calls.iter().any(|c| c[1] == "delete" && c.contains(&f.identity_check) && c.contains(&"--ignore-not-found".to_string())),
                    "{name}: {} deleted",
                    f.identity_check
                );
            }
            let deletes_cluster = has(&["az", "aks", "delete"]);
            let deletes_group = has(&["az", "group", "delete"]);
            match (a.cluster.mode, label) {
                (_, "no") => assert!(
                    !deletes_cluster && !deletes_group,
                    "{name}: deleted without a yes"
                ),
                (ClusterMode::New, _) => {
                    assert!(deletes_cluster && deletes_group, "{name}: yes deletes")
                }
                (ClusterMode::Existing, _) => assert!(
                    !deletes_cluster && !deletes_group,
                    "{name}: existing cluster kept"
                ),
            }
            // Reverse order: each identity is deleted only after its role assignments were looked up
            // (by scope) for deletion, because afterwards nothing could find them by principal.
            for w in &a.workloads {
                let Some(gone) = calls.iter().position(|c| {
                    c[..3] == ["az", "identity", "delete"] && c.contains(&w.identity_name)
                }) else {
                    continue;
                };
                for g in w
                    .grants
                    .iter()
                    .filter(|g| catalog::target(g.target).method == AssignmentMethod::AzureRbac)
                {
                    let scope = catalog::scope(&a, g);
                    let listed = calls.iter().position(|c| {
                        c[..4] == ["az", "role", "assignment", "list"] && c.contains(&scope)
                    });
                    assert!(
                        listed.is_some_and(|l| l < gone),
                        "{name}: assignments at {scope} handled before the identity"
                    );
                }
            }
        }
    }
}

#[test]
fn setup_ps1_holds_every_value_as_an_exact_literal() {
    let mut all = expanded_cases();
    for shift in [0, 5, 11] {
        all.push((format!("hostile-{shift}"), hostile_answers(shift)));
    }
    for (name, a) in all {
        let files = generate::render_unchecked(&a);
        let ps1 = file(&files, "setup.ps1");
        let (literals, outside) = ps_literals(ps1).unwrap_or_else(|e| panic!("{name}: {e}"));
        let layout = generate::layout::layout(&a);
        for v in plan::vars(&a, &layout) {
            let line = format!("${} = ", v.name);
            if ps1.contains(&line) {
                assert!(
                    literals.contains(&v.value),
                    "{name}: ${} = {:?} is not one literal",
                    v.name,
                    v.value
                );
            }
        }
        assert!(
            !outside.contains(CANARY),
            "{name}: a value escaped its quotes in setup.ps1"
        );
        // A hand-set AZURE_* variable would win over the webhook's: none may appear.
        for f in &files {
            assert!(
                !f.contents.contains("AZURE_CLIENT_ID:") && !f.contents.contains("name: AZURE_"),
                "{name}/{}",
                f.path
            );
        }
    }
}

#[test]
fn real_kubectl_fills_the_client_id_placeholder() {
    // The annotate-locally-then-apply step, checked against the real kubectl when it is installed.
    if Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_err()
    {
        eprintln!("kubectl not installed; the stub-based tests cover the call itself");
        return;
    }
    let files = bundle(&Answers::default(), "default");
    let dir = TempDir::new("kubectl");
    write_bundle(dir.path(), &files);
    let out = Command::new("kubectl")
        .args([
            "annotate",
            "--local",
            "-f",
            "k8s/demo-demo-app.serviceaccount.yaml",
            "--overwrite",
            "--output",
            "yaml",
        ])
        .arg(format!(
            "azure.workload.identity/client-id={STUB_CLIENT_ID}"
        ))
        .current_dir(dir.path())
        .output()
        .expect("kubectl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sa: generate::k8s::ServiceAccount =
        serde_yaml::from_str(&String::from_utf8_lossy(&out.stdout))
            .expect("ServiceAccount");
    assert_eq!(
        sa.metadata
            .annotations
            .get(generate::k8s::CLIENT_ID_ANNOTATION)
            .map(String::as_str),
        Some(STUB_CLIENT_ID)
    );
}

/// The `az aks update` calls a setup.sh run made (argv after `az aks update` and its three
/// resource options), and what it printed.
fn cluster_updates(stubs: &Stubs, out: &std::process::Output) -> (Vec<Vec<String>>, String) {
    let updates = stubs
        .calls()
        .into_iter()
        .filter(|(argv, _)| argv[..3] == ["az", "aks", "update"])
        .map(|(argv, _)| argv[9..].to_vec())
        .filter(|rest| rest.first().map(String::as_str) != Some("--attach-acr"))
        .collect();
    (updates, String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn setup_sends_only_the_flags_the_cluster_lacks() {
    let (_, a) = expanded_cases().into_iter().find(|(n, _)| n == "default").expect("default case");
    let dir = TempDir::new("update");
    write_bundle(dir.path(), &bundle(&a, "default"));
    let tenant = a.tenant.tenant_id.clone();
    let groups = plan::admin_groups_json(&a);
    let run = |state: String| {
        let stubs = Stubs::new();
        let out = stubs.run_env(dir.path(), "setup.sh", &[("STUB_CLUSTER_STATE", &state)]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        cluster_updates(&stubs, &out)
    };
    let restart = "Turning on the OIDC issuer: the API server restarts briefly";

    // Everything on already (a second run): no update at all, and no restart warning.
    let (updates, said) = run(format!("true\ttrue\ttrue\ttrue\ttrue\t{tenant}\t{groups}"));
    assert!(updates.is_empty(), "{updates:?}");
    assert!(!said.contains(restart), "{said}");
    assert!(said.contains("already has every setting"), "{said}");

    // The same, with the cluster printing the IDs in capitals: still nothing to change.
    let (updates, _) = run(format!(
        "true\ttrue\ttrue\ttrue\ttrue\t{}\t{}",
        tenant.to_uppercase(),
        groups.to_uppercase()
    ));
    assert!(updates.is_empty(), "{updates:?}");

    // Only the OIDC issuer and workload identity off: exactly those two flags, and the warning.
    let (updates, said) = run(format!("true\ttrue\ttrue\tfalse\tfalse\t{tenant}\t{groups}"));
    assert_eq!(updates, [["--enable-oidc-issuer", "--enable-workload-identity"]]);
    assert!(said.contains(restart), "{said}");

    // Managed Entra ID on but other admin groups: the list is set again, without --enable-aad
    // (which the CLI refuses on a managed cluster).
    let (updates, said) = run(format!("true\ttrue\ttrue\ttrue\ttrue\t{tenant}\t[\"someone-else\"]"));
    assert_eq!(
        updates,
        [[
            "--aad-admin-group-object-ids".to_string(),
            a.admin.admin_group_object_ids.join(","),
            "--aad-tenant-id".to_string(),
            tenant.clone(),
        ]]
    );
    assert!(said.contains("replaces the list"), "{said}");

    // A short reply from az stops the script instead of guessing.
    let stubs = Stubs::new();
    let out = stubs.run_env(dir.path(), "setup.sh", &[("STUB_CLUSTER_STATE", "true\ttrue")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not read the cluster's settings"));
}

#[test]
fn a_new_cluster_is_created_only_when_az_finds_none() {
    let (_, a) = expanded_cases().into_iter().find(|(n, _)| n == "default").expect("default case");
    assert_eq!(a.cluster.mode, ClusterMode::New);
    let dir = TempDir::new("create");
    write_bundle(dir.path(), &bundle(&a, "default"));
    let creates = |env: &[(&str, &str)]| {
        let stubs = Stubs::new();
        let out = stubs.run_env(dir.path(), "setup.sh", env);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        stubs.calls().iter().filter(|(argv, _)| argv[..3] == ["az", "aks", "create"]).count()
    };
    assert_eq!(creates(&[]), 1, "no cluster yet: create it");
    assert_eq!(creates(&[("STUB_NO_CLUSTER", "")]), 0, "the cluster exists: never create over it");
}

#[test]
fn an_existing_cluster_that_is_not_there_stops_setup_before_anything_is_created() {
    let (name, a) = expanded_cases()
        .into_iter()
        .find(|(_, a)| a.cluster.mode == ClusterMode::Existing)
        .expect("an existing-cluster case");
    let dir = TempDir::new("absent");
    write_bundle(dir.path(), &bundle(&a, &name));
    let stubs = Stubs::new();
    let out = stubs.run_env(dir.path(), "setup.sh", &[("STUB_NO_CLUSTER", "1")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no AKS cluster of that name"));
    assert!(
        !stubs.calls().iter().any(|(argv, _)| argv.get(2).is_some_and(|w| w == "create")),
        "{:?}",
        stubs.calls()
    );
}

#[test]
fn cosmos_assignment_ids_are_stable_and_distinct() {
    let ids = |a: &Answers| -> Vec<String> {
        let text = generate::bundle(a).expect("bundle");
        let setup = file(&text, "setup.sh").to_string();
        setup
            .lines()
            .filter_map(|l| l.trim().strip_prefix("--role-assignment-id "))
            .map(str::to_string)
            .collect()
    };
    let (_, mut a) = expanded_cases().into_iter().find(|(n, _)| n == "default").expect("default case");
    let grant = AccessGrant {
        target: TargetKind::CosmosDb,
        resource_name: "cosmos-demo".into(),
        sub_resource: String::new(),
        role: "Cosmos DB Built-in Data Reader".into(),
        ..a.workloads[0].grants[0].clone()
    };
    a.workloads[0].grants = vec![grant.clone(), AccessGrant { resource_name: "cosmos-other".into(), ..grant }];
    let first = ids(&a);
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(first, ids(&a), "the same answers give the same IDs");
    assert_ne!(first[0], first[1], "another account gets another ID");
    let mut renamed = a.clone();
    renamed.workloads[0].identity_name = "id-another".into();
    assert_ne!(ids(&renamed)[0], first[0], "another identity gets another ID");
}

/// The code of a bash script with comments and the contents of single-quoted strings (including
/// `$'...'`) left out, so that values and prose cannot look like syntax. Double-quoted text is kept:
/// expansions inside it run. A lexical approximation of bash, enough for the generated scripts.
fn bash_code(script: &str) -> String {
    let chars: Vec<char> = script.chars().collect();
    let mut out = String::new();
    let mut k = 0;
    let mut in_double = false;
    while k < chars.len() {
        let c = chars[k];
        let word_start = k == 0 || matches!(chars[k - 1], ' ' | '\t' | '\n' | ';' | '(' | '&' | '|');
        if c == '\\' {
            out.push(c);
            if let Some(&n) = chars.get(k + 1) {
                out.push(n);
            }
            k += 2;
        } else if in_double {
            in_double = c != '"';
            out.push(c);
            k += 1;
        } else if c == '"' {
            in_double = true;
            out.push(c);
            k += 1;
        } else if c == '\'' {
            // `$'...'` knows backslash escapes; plain single quotes know none.
            let ansi = out.ends_with('$');
            k += 1;
            while k < chars.len() && chars[k] != '\'' {
                k += if ansi && chars[k] == '\\' { 2 } else { 1 };
            }
            out.push_str("''");
            k += 1;
        } else if c == '#' && word_start {
            while k < chars.len() && chars[k] != '\n' {
                k += 1;
            }
        } else {
            out.push(c);
            k += 1;
        }
    }
    out
}

/// Where `code` (see `bash_code`) uses something bash 3.2, macOS's bash, does not have or treats
/// differently: (why, the text found).
fn bash4_constructs(code: &str) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    // Parameter expansions: `${` [#!] NAME [SUBSCRIPT] then what follows.
    for (at, _) in code.match_indices("${") {
        let rest = &code[at + 2..];
        let body = rest.trim_start_matches(['#', '!']);
        let name_len = body.find(|c: char| !ident(c)).unwrap_or(body.len());
        if name_len == 0 {
            continue;
        }
        let mut after = &body[name_len..];
        let mut subscript = "";
        if let Some(sub) = after.strip_prefix('[') {
            let close = sub.find(']').unwrap_or(sub.len());
            subscript = &sub[..close];
            after = sub.get(close + 1..).unwrap_or("");
        }
        let shown = code[at..].chars().take(name_len + subscript.len() + 6).collect::<String>();
        let mut hit = |why| found.push((why, shown.clone()));
        if after.starts_with([',', '^']) {
            hit("case modification ${x,,} / ${x^^} (bash 4.0)");
        }
        if after.len() >= 2 && after.starts_with('@') && after[1..].starts_with(|c: char| "QEPAaKkUuL".contains(c)) {
            hit("${x@Q}-style operators (bash 4.4)");
        }
        if subscript.trim_start().starts_with('-') {
            hit("negative array subscript (bash 4.3)");
        }
        if subscript == "@" || subscript == "*" {
            hit("expanding an array, which under set -u fails when it is empty (bash < 4.4)");
        }
        if let Some(range) = after.strip_prefix(':') {
            let range = &range[..range.find('}').unwrap_or(range.len())];
            if range.split(':').nth(1).is_some_and(|len| len.trim_start().starts_with('-')) {
                hit("negative substring length (bash 4.2)");
            }
        }
    }
    for (text, why) in [(";&", "case fall-through ;& / ;;& (bash 4.0)"), ("|&", "|& (bash 4.0)"), ("&>>", "&>> (bash 4.0)")] {
        if code.contains(text) {
            found.push((why, text.to_string()));
        }
    }
    // Commands and their flags, word by word.
    let words: Vec<&str> = code.split(|c: char| c.is_whitespace() || matches!(c, ';' | '|' | '&' | '(' | ')')).filter(|w| !w.is_empty()).collect();
    for (k, w) in words.iter().enumerate() {
        let next = words.get(k + 1).copied().unwrap_or("");
        let flags = |letters: &str| next.starts_with('-') && next[1..].chars().any(|c| letters.contains(c));
        let why = match *w {
            "mapfile" | "readarray" | "coproc" => Some("mapfile/readarray/coproc (bash 4.0)"),
            "declare" | "local" | "typeset" if flags("An") => Some("associative arrays or namerefs (bash 4.0/4.3)"),
            "declare" | "typeset" if flags("g") => Some("declare -g (bash 4.2)"),
            "[[" | "[" | "test" if next == "-v" => Some("[[ -v NAME ]] (bash 4.2)"),
            "wait" if next == "-n" => Some("wait -n (bash 4.3)"),
            "shopt" if next == "-s" && matches!(words.get(k + 2), Some(&("globstar" | "lastpipe" | "autocd" | "checkjobs"))) => {
                Some("a shopt option bash 3.2 lacks")
            }
            _ => None,
        };
        if let Some(why) = why {
            found.push((why, format!("{w} {next}")));
        }
    }
    found
}

/// A lexical check, not a run under bash 3.2 (which cannot be installed here): every generated
/// script avoids the constructs above. setup.sh, verify.sh and teardown.sh are run on macOS, whose
/// bash is 3.2.
#[test]
fn scripts_avoid_what_bash_3_2_lacks() {
    // The check itself finds what it should, and not in values, prose or other languages' syntax.
    for (sample, why) in [
        ("x=${y,,}", "case modification"),
        ("echo \"${y^^}\"", "case modification"),
        ("mapfile -t a < f", "mapfile"),
        ("local -n ref=x", "namerefs"),
        ("declare -A m", "associative"),
        ("[[ -v x ]]", "-v NAME"),
        ("a) x ;&", "fall-through"),
        ("f |& g", "|&"),
        ("f &>> log", "&>>"),
        ("echo ${a[-1]}", "negative array"),
        ("echo ${a:1:-1}", "negative substring"),
        ("for x in \"${a[@]}\"; do :; done", "expanding an array"),
        ("echo \"${x@Q}\"", "@Q"),
    ] {
        let hits = bash4_constructs(&bash_code(sample));
        assert!(hits.iter().any(|(w, _)| w.contains(why)), "{sample:?} not caught as {why:?}: {hits:?}");
    }
    for sample in [
        "echo '${x,,} mapfile ;& |&' # ${a[@]}",
        "kubectl --output 'jsonpath={.items[-1:].x}'",
        "printf '%s' \"${out%$'\\r'}\"",
        "x=${y:-default} z=${w:0:400}",
    ] {
        assert_eq!(bash4_constructs(&bash_code(sample)), vec![], "{sample:?} is not a bash 4 construct");
    }

    let mut all = expanded_cases();
    all.push(("hostile".into(), hostile_answers(0)));
    let mut found = Vec::new();
    for (name, a) in all {
        for f in generate::render_unchecked(&a).iter().filter(|f| f.path.ends_with(".sh")) {
            for (why, text) in bash4_constructs(&bash_code(&f.contents)) {
                found.push(format!("{name}/{}: {why}: {text:?}", f.path));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// A deploy role the catalog names without a GUID (an Azure SQL database role) reaches az by name,
/// as every role does (random pipelines once found the expectation and the generator disagreeing).
#[test]
fn a_pipeline_role_without_a_guid_is_passed_by_name() {
    let mut a = Answers::default();
    let mut p = aks_identity_wizard::answers::Pipeline::example(&a);
    p.deploy_role = "db_owner".into();
    a.pipeline = Some(p);
    let files = generate::render_unchecked(&a);
    let dir = TempDir::new("pipeline-role");
    write_bundle(dir.path(), &files);
    let stubs = Stubs::new();
    let out = stubs.run(dir.path(), "setup.sh", "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_calls(&a, dir.path(), &stubs.calls(), &expected_setup(&a)).unwrap_or_else(|e| panic!("{e}"));
    assert!(stubs.calls().iter().any(|(argv, _)| argv.windows(2).any(|w| w == ["--role", "db_owner"])));
}
