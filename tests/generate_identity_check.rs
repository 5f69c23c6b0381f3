//! The identity check: the pod manifest verify.sh applies for every workload, the example app that
//! runs the same check, and the check script itself, run for real by bash against a stub `az`.

mod generate_support;

use aks_identity_wizard::answers::*;
use aks_identity_wizard::catalog;
use aks_identity_wizard::generate::{self, k8s, layout, GeneratedFile};
use generate_support::*;
use std::collections::BTreeMap;

const AZURE_CLI_IMAGE: &str = "mcr.microsoft.com/azure-cli:latest";

fn check_pod(files: &[GeneratedFile], path: &str) -> k8s::Pod {
    serde_yaml::from_str(file(files, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn env_of(c: &k8s::Container) -> BTreeMap<String, String> {
    c.env.iter().map(|e| (e.name.clone(), e.value.clone())).collect()
}

fn is_dns_label(s: &str) -> bool {
    (1..=63).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Answers whose app names are as long as a DNS label allows, shared by two namespaces, with two
/// workloads in each namespace.
fn long_names() -> Answers {
    let mut a = Answers::default();
    let long = |c: char| std::iter::repeat_n(c, 63).collect::<String>();
    a.workloads = Vec::new();
    for (k, ns) in ["team-a", "team-b"].into_iter().enumerate() {
        for app in [long('a'), long('b')] {
            let mut w = Workload::example(a.workloads.len());
            w.namespace = ns.into();
            w.app_name = app.clone();
            w.service_account = format!("{}-{k}", &app[..20]);
            w.identity_name = format!("id-{}-{}", &app[..10], a.workloads.len());
            a.workloads.push(w);
        }
    }
    a
}

#[test]
fn every_workload_gets_an_identity_check_pod() {
    let mut all = cases();
    all.push(("long-names".into(), long_names()));
    let mut scripts = Vec::new();
    for (name, a) in all {
        // A workshop's bundle holds every participant's copy of the workloads.
        let a = aks_identity_wizard::answers::workshop::expand(&a).into_owned();
        let files = generate::render_unchecked(&a);
        let lay = layout::layout(&a);
        let mut names_per_namespace: Vec<(String, String)> = Vec::new();
        for (i, w) in a.workloads.iter().enumerate() {
            let path = &lay.workloads[i].identity_check;
            assert!(layout::is_bundle_path(path), "{name}: {path} is a bundle file, so stale-file cleanup knows it");
            let pod = check_pod(&files, path);
            let ctx = format!("{name}: {path}");
            assert_eq!(pod.kind, "Pod", "{ctx}");
            assert!(is_dns_label(&pod.metadata.name), "{ctx}: {:?}", pod.metadata.name);
            let key = (w.namespace.clone(), pod.metadata.name.clone());
            assert!(!names_per_namespace.contains(&key), "{ctx}: {key:?} twice");
            names_per_namespace.push(key);
            assert_eq!(pod.metadata.namespace.as_deref(), Some(w.namespace.as_str()), "{ctx}");
            assert_eq!(pod.spec.restart_policy.as_deref(), Some("Never"), "{ctx}");
            assert_eq!(pod.spec.service_account_name, w.service_account, "{ctx}");
            let labels = &pod.metadata.labels;
            assert_eq!(labels.get(k8s::USE_LABEL).map(String::as_str), Some("true"), "{ctx}");
            // Not the app's label: verify.sh finds the app's pods by it.
            assert!(!labels.contains_key(k8s::APP_LABEL), "{ctx}");
            let [c] = pod.spec.containers.as_slice() else { panic!("{ctx}: one container") };
            assert_eq!(c.image, AZURE_CLI_IMAGE, "{ctx}");
            assert_eq!(&c.command[..2], ["bash", "-c"], "{ctx}");
            scripts.push(c.command[2].clone());

            let env = env_of(c);
            let cloud = match a.tenant.cloud {
                Cloud::AzureCloud => "AzureCloud",
                Cloud::AzureUSGovernment => "AzureUSGovernment",
                Cloud::AzureChinaCloud => "AzureChinaCloud",
            };
            assert_eq!(env.get("CHECK_CLOUD").map(String::as_str), Some(cloud), "{ctx}");
            assert_eq!(env.get("CHECK_GRANT_COUNT"), Some(&w.grants.len().to_string()), "{ctx}");
            for (j, g) in w.grants.iter().enumerate() {
                let n = j + 1;
                assert_eq!(env.get(&format!("CHECK_GRANT_{n}_SCOPE")), Some(&catalog::scope(&a, g)), "{ctx}");
                assert!(env.contains_key(&format!("CHECK_GRANT_{n}_KIND")), "{ctx}");
            }
            assert!(!env.keys().any(|k| k.starts_with("AZURE_")), "{ctx}: the webhook sets AZURE_*, never the manifest");

            // The example app runs the same check with the same values, then stays up; any other
            // image runs as it is.
            let app = match k8s::workload(&a, w) {
                k8s::WorkloadManifest::Pod(p) => p.spec,
                k8s::WorkloadManifest::Deployment(d) => d.spec.template.spec,
            };
            let app = &app.containers[0];
            if w.image == AZURE_CLI_IMAGE {
                assert_eq!(&app.command[..2], ["bash", "-c"], "{ctx}");
                let rest = app.command[2].strip_prefix(c.command[2].as_str()).unwrap_or_else(|| panic!("{ctx}: the app runs the check first"));
                assert!(rest.contains("while :; do sleep"), "{ctx}: then stays up: {rest:?}");
                assert_eq!(env_of(app), env, "{ctx}");
            } else {
                assert!(app.command.is_empty() && app.env.is_empty(), "{ctx}: {app:?}");
            }
        }
    }
    // No answer ever changes the script: values reach it only through the environment.
    let mut hostile = Answers::default();
    hostile.workloads[0].grants[0].sub_resource = "$(touch pwned)'\"`x`".into();
    hostile.workloads[0].app_name = "a$(id)".into();
    let files = generate::render_unchecked(&hostile);
    let path = &layout::layout(&hostile).workloads[0].identity_check;
    scripts.push(check_pod(&files, path).spec.containers[0].command[2].clone());
    assert!(scripts.windows(2).all(|w| w[0] == w[1]), "the script differs between answers");
}

// ---- the script, run by bash against a stub az ----

fn grant(target: TargetKind, resource_name: &str, sub_resource: &str, need: AccessNeed, role: &str) -> AccessGrant {
    AccessGrant {
        target,
        resource_name: resource_name.into(),
        resource_group: String::new(),
        sub_resource: sub_resource.into(),
        need,
        role: role.into(),
        scope: ScopeLevel::Resource,
    }
}

/// One grant of every kind, and for each the az call the check must make, written out here from the
/// role's documented permissions: a read the role allows, or else a token for the service (`true`).
fn every_kind() -> (Answers, Vec<(Vec<&'static str>, bool)>) {
    use AccessNeed::*;
    use TargetKind::*;
    let mut a = Answers::default();
    let table: Vec<(AccessGrant, Vec<&str>, bool)> = vec![
        (
            grant(StorageBlob, "stdata", "reports", Read, "Storage Blob Data Reader"),
            vec!["storage", "blob", "list", "--account-name", "stdata", "--container-name", "reports", "--auth-mode", "login", "--num-results", "1", "--output", "none"],
            false,
        ),
        (
            grant(StorageBlob, "stdata", "", Write, "Storage Blob Data Contributor"),
            vec!["account", "get-access-token", "--resource", "https://storage.azure.com", "--output", "none"],
            true,
        ),
        (
            grant(StorageQueue, "stdata", "jobs", Receive, "Storage Queue Data Message Processor"),
            vec!["storage", "message", "peek", "--account-name", "stdata", "--queue-name", "jobs", "--auth-mode", "login", "--output", "none"],
            false,
        ),
        // A sender may only add messages: reading would be refused, and sending would change data.
        (
            grant(StorageQueue, "stdata", "jobs", Send, "Storage Queue Data Message Sender"),
            vec!["account", "get-access-token", "--resource", "https://storage.azure.com", "--output", "none"],
            true,
        ),
        (
            grant(StorageTable, "stdata", "events", Read, "Storage Table Data Reader"),
            vec!["storage", "entity", "query", "--account-name", "stdata", "--table-name", "events", "--auth-mode", "login", "--num-results", "1", "--output", "none"],
            false,
        ),
        (
            grant(KeyVaultSecrets, "kv-demo", "db-password", Read, "Key Vault Secrets User"),
            vec!["keyvault", "secret", "show", "--vault-name", "kv-demo", "--name", "db-password", "--output", "none"],
            false,
        ),
        (
            grant(KeyVaultKeys, "kv-demo", "", Read, "Key Vault Crypto User"),
            vec!["keyvault", "key", "list", "--vault-name", "kv-demo", "--output", "none"],
            false,
        ),
        (
            grant(KeyVaultCertificates, "kv-demo", "tls", Write, "Key Vault Certificates Officer"),
            vec!["keyvault", "certificate", "show", "--vault-name", "kv-demo", "--name", "tls", "--output", "none"],
            false,
        ),
        (
            grant(ContainerRegistry, "acrdemo", "", Read, "AcrPull"),
            vec!["account", "get-access-token", "--resource", "https://containerregistry.azure.net", "--output", "none"],
            true,
        ),
        (
            grant(ServiceBus, "sb-demo", "orders", Send, "Azure Service Bus Data Sender"),
            vec!["account", "get-access-token", "--resource", "https://servicebus.azure.net", "--output", "none"],
            true,
        ),
        (
            grant(EventHubs, "eh-demo", "clicks", Receive, "Azure Event Hubs Data Receiver"),
            vec!["account", "get-access-token", "--resource", "https://eventhubs.azure.net", "--output", "none"],
            true,
        ),
        (
            grant(AppConfiguration, "appcs-demo", "", Read, "App Configuration Data Reader"),
            vec!["appconfig", "kv", "list", "--endpoint", "https://appcs-demo.azconfig.io", "--auth-mode", "login", "--top", "1", "--output", "none"],
            false,
        ),
        (
            grant(CosmosDb, "cosmos-demo", "shop", Read, "Cosmos DB Built-in Data Reader"),
            vec!["account", "get-access-token", "--resource", "https://cosmos.azure.com", "--output", "none"],
            true,
        ),
        (
            grant(AzureSql, "sql-demo", "sales", Read, "db_datareader"),
            vec!["account", "get-access-token", "--resource", "https://database.windows.net", "--output", "none"],
            true,
        ),
    ];
    a.workloads[0].grants = table.iter().map(|(g, _, _)| g.clone()).collect();
    (a, table.into_iter().map(|(_, call, token)| (call, token)).collect())
}

const CLIENT: &str = "c11e0001-0000-4000-8000-00000000c11e";
const TENANT: &str = "00000000-0000-0000-0000-000000000000";
const TOKEN: &str = "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl";

fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Writes `check.sh` into `dir`: the webhook's variables (when `token_file`), the check pod's own
/// environment from its manifest, then the command the pod runs.
fn write_check(dir: &std::path::Path, pod: &k8s::Pod, token_file: bool, command: &str) {
    let mut text = String::new();
    if token_file {
        let token = dir.join("token");
        std::fs::write(&token, TOKEN).expect("token");
        text.push_str(&format!("export AZURE_FEDERATED_TOKEN_FILE={}\n", q(&token.display().to_string())));
    }
    text.push_str(&format!("export AZURE_CLIENT_ID={CLIENT} AZURE_TENANT_ID={TENANT}\n"));
    for e in &pod.spec.containers[0].env {
        text.push_str(&format!("export {}={}\n", e.name, q(&e.value)));
    }
    text.push_str(command);
    std::fs::write(dir.join("check.sh"), text).expect("check.sh");
}

fn az(words: &[&str]) -> Vec<String> {
    std::iter::once("az").chain(words.iter().copied()).map(String::from).collect()
}

fn sign_in_calls() -> Vec<Vec<String>> {
    vec![
        az(&["cloud", "set", "--name", "AzureCloud"]),
        az(&["login", "--service-principal", "-u", CLIENT, "-t", TENANT, "--federated-token", TOKEN, "--allow-no-subscriptions", "--output", "none"]),
    ]
}

fn lines(out: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

#[test]
fn the_check_signs_in_then_makes_one_allowed_call_per_grant() {
    let (a, expected) = every_kind();
    let files = generate::render_unchecked(&a);
    let pod = check_pod(&files, &layout::layout(&a).workloads[0].identity_check);
    let dir = TempDir::new("identity-check");
    write_check(dir.path(), &pod, true, &pod.spec.containers[0].command[2]);
    let stubs = Stubs::new();
    let mut table = ReplyTable::default();
    let calls: Vec<Vec<String>> = sign_in_calls().into_iter().chain(expected.iter().map(|(c, _)| az(c))).collect();
    for c in &calls {
        table.insert(c.clone(), "");
    }

    // Everything works.
    let out = stubs.run_answering(dir.path(), "check.sh", &table);
    let mut want = vec!["identity-check: token exchange ok".to_string()];
    for (j, (_, token_only)) in expected.iter().enumerate() {
        let note = if *token_only { " (token only; the role itself is not exercised)" } else { "" };
        want.push(format!("identity-check: grant {} ok{note}", j + 1));
    }
    assert_eq!(lines(&out), want, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0));
    let made: Vec<Vec<String>> = stubs.calls().into_iter().map(|(c, _)| c).collect();
    assert_eq!(made, calls, "the calls, in order");

    // One grant refused: its line says so with az's error; the others still run.
    let mut refused = table.clone();
    refused.0.retain(|(k, _)| *k != calls[2 + 5]);
    stubs.clear();
    let out = stubs.run_answering(dir.path(), "check.sh", &refused);
    let mut want_refused = want.clone();
    want_refused[6] = "identity-check: grant 6 failed: az: not found".into();
    assert_eq!(lines(&out), want_refused);
    assert_eq!(out.status.code(), Some(0), "a failed check is not a crash");

    // The sign-in refused: one line, no grant is tried.
    let mut no_login = table.clone();
    no_login.0.retain(|(k, _)| *k != calls[1]);
    stubs.clear();
    let out = stubs.run_answering(dir.path(), "check.sh", &no_login);
    assert_eq!(lines(&out), ["identity-check: token exchange failed: az: not found"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stubs.calls().len(), 2);

    // A pod the webhook did not set up has no token file: nothing is called.
    write_check(dir.path(), &pod, false, &pod.spec.containers[0].command[2]);
    stubs.clear();
    let out = stubs.run_answering(dir.path(), "check.sh", &table);
    let got = lines(&out);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("identity-check: token exchange failed: no AZURE_FEDERATED_TOKEN_FILE"), "{got:?}");
    assert!(stubs.calls().is_empty());
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_check_reports_az_errors_on_one_line_without_warnings() {
    let a = Answers::default();
    let files = generate::render_unchecked(&a);
    let pod = check_pod(&files, &layout::layout(&a).workloads[0].identity_check);
    let dir = TempDir::new("identity-check-error");
    write_check(dir.path(), &pod, true, &pod.spec.containers[0].command[2]);
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    let fake = "#!/bin/sh\nif [ \"$1\" = login ]; then\n  printf 'WARNING: a warning\\nERROR: AADSTS70021: No matching federated identity record found.\\r\\nTrace ID: 1\\n' >&2\n  exit 1\nfi\n";
    std::fs::write(bin.join("az"), fake).expect("az");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(bin.join("az"), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let out = std::process::Command::new("bash")
        .arg(dir.path().join("check.sh"))
        .env("PATH", format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default()))
        .output()
        .expect("bash");
    assert_eq!(
        lines(&out),
        ["identity-check: token exchange failed: ERROR: AADSTS70021: No matching federated identity record found. Trace ID: 1"]
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn values_reach_az_unchanged_and_never_run() {
    let mut a = Answers::default();
    let hostile = ["$(touch pwned)", "`touch pwned`", "'; touch pwned; '", "a b\nc", "--help", "*"];
    a.workloads[0].grants = hostile
        .iter()
        .map(|h| grant(TargetKind::StorageBlob, h, h, AccessNeed::Read, "Storage Blob Data Reader"))
        .collect();
    let files = generate::render_unchecked(&a);
    let pod = check_pod(&files, &layout::layout(&a).workloads[0].identity_check);
    let dir = TempDir::new("identity-check-hostile");
    write_check(dir.path(), &pod, true, &pod.spec.containers[0].command[2]);
    let stubs = Stubs::new();
    let mut table = ReplyTable::default();
    for c in sign_in_calls() {
        table.insert(c, "");
    }
    for h in hostile {
        let call = az(&["storage", "blob", "list", "--account-name", h, "--container-name", h, "--auth-mode", "login", "--num-results", "1", "--output", "none"]);
        table.insert(call, "");
    }
    let out = stubs.run_answering(dir.path(), "check.sh", &table);
    let want: Vec<String> = std::iter::once("identity-check: token exchange ok".to_string())
        .chain((1..=hostile.len()).map(|n| format!("identity-check: grant {n} ok")))
        .collect();
    assert_eq!(lines(&out), want, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!dir.path().join(CANARY).exists(), "a value was executed");
}

#[test]
fn the_example_app_checks_once_and_then_stays_up() {
    let a = Answers::default();
    let app = match k8s::workload(&a, &a.workloads[0]) {
        k8s::WorkloadManifest::Deployment(d) => d.spec.template.spec.containers[0].clone(),
        k8s::WorkloadManifest::Pod(p) => p.spec.containers[0].clone(),
    };
    let files = generate::render_unchecked(&a);
    let pod = check_pod(&files, &layout::layout(&a).workloads[0].identity_check);
    let dir = TempDir::new("example-app");
    write_check(dir.path(), &pod, true, &app.command[2]);
    let stubs = Stubs::new();
    // `sleep` notes that it was called, then asks the app to stop: had the app exited on its own, its
    // pod would restart.
    let sleep = "#!/bin/sh\nprintf '%s\\n' \"$*\" >\"$STUB_LOG/slept\"\nkill -TERM \"$PPID\"\n";
    let sleep_path = stubs.dir.path().join("bin/sleep");
    std::fs::write(&sleep_path, sleep).expect("sleep");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&sleep_path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let mut table = ReplyTable::default();
    for c in sign_in_calls() {
        table.insert(c, "");
    }
    table.insert(
        az(&["storage", "blob", "list", "--account-name", "stdemodata", "--container-name", "reports", "--auth-mode", "login", "--num-results", "1", "--output", "none"]),
        "",
    );
    let out = stubs.run_answering(dir.path(), "check.sh", &table);
    assert_eq!(lines(&out), ["identity-check: token exchange ok", "identity-check: grant 1 ok"]);
    let slept = std::fs::read_to_string(stubs.log.join("slept")).expect("the app went on to wait");
    assert_eq!(slept.trim(), "3600");
    // Asked to stop (the stub's TERM, as Kubernetes sends), it ends at once and cleanly.
    assert_eq!(out.status.code(), Some(0), "stops when asked");
}

#[test]
fn the_check_script_passes_shellcheck_and_real_kubectl_reads_the_pod() {
    let (a, _) = every_kind();
    let files = generate::render_unchecked(&a);
    let path = &layout::layout(&a).workloads[0].identity_check;
    let pod = check_pod(&files, path);
    let dir = TempDir::new("identity-check-lint");
    let script = dir.path().join("check.sh");
    std::fs::write(&script, format!("#!/usr/bin/env bash\n{}", pod.spec.containers[0].command[2])).expect("write");
    let out = std::process::Command::new("shellcheck")
        .args(["--shell=bash", "--severity=style"])
        .arg(&script)
        .output()
        .expect("shellcheck is required for these tests: run scripts/setup");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));

    // kubectl reads the manifest as the Pod it is meant to be (offline, when kubectl is installed).
    write_bundle(dir.path(), &files);
    let Ok(out) = std::process::Command::new("kubectl")
        .args(["annotate", "--local", "-f", path, "checked=yes", "--output", "yaml"])
        .current_dir(dir.path())
        .output()
    else {
        eprintln!("kubectl not installed; serde_yaml read the manifest above");
        return;
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let back: serde_yaml::Value = serde_yaml::from_slice(&out.stdout).expect("yaml");
    assert_eq!(back["kind"].as_str(), Some("Pod"));
    assert_eq!(back["spec"]["restartPolicy"].as_str(), Some("Never"));
    assert_eq!(back["spec"]["containers"][0]["command"][2].as_str(), Some(pod.spec.containers[0].command[2].as_str()));
    assert_eq!(back["spec"]["containers"][0]["env"][1]["value"].as_str(), Some(a.workloads[0].grants.len().to_string().as_str()));
}
