//! "Run it twice": every golden case's setup.sh runs twice against a stateful double of az, kubectl
//! and kubelogin (tests/double/azdouble.py), which keeps what the scripts create and refuses what the
//! real tools refuse. The second run must succeed and change nothing, re-send no cluster feature
//! flag and create no cluster; verify.sh must then pass and run an identity check in every workload's
//! ServiceAccount; after teardown.sh (answering yes to every question) it must fail.
//!
//! The double needs Python 3 with PyYAML and jmespath (scripts/setup installs them). The focused tests
//! at the end check the double's own refusals against the real CLI's.

mod generate_support;

use aks_identity_wizard::answers::{Answers, ClusterMode};
use aks_identity_wizard::catalog;
use aks_identity_wizard::generate;
use generate_support::{cases, repo_root, write_bundle, TempDir};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The interpreter and the folders PyYAML and jmespath live in, found once. The wrappers start Python
/// without `site` (-S) and with those folders on PYTHONPATH: setup.sh calls the tools dozens of times,
/// and `site` (with whatever .pth files a machine has) costs more than the double's own work.
struct Python {
    executable: String,
    path: String,
}

fn python() -> &'static Python {
    static PYTHON: OnceLock<Python> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let out = Command::new("python3")
            .args([
                "-c",
                "import os, sys, yaml, jmespath\n\
                 print(sys.executable)\n\
                 print(os.pathsep.join(sorted({os.path.dirname(os.path.dirname(m.__file__)) for m in (yaml, jmespath)})))",
            ])
            .output()
            .expect("run python3");
        assert!(
            out.status.success(),
            "the test double needs python3 with PyYAML and jmespath (scripts/setup installs them): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let mut lines = text.lines();
        Python {
            executable: lines.next().expect("executable").to_string(),
            path: lines.next().expect("package folders").to_string(),
        }
    })
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// One world: the tools on PATH and the double's state file, in a temporary directory.
struct Double {
    dir: TempDir,
}

impl Double {
    fn new(tag: &str) -> Double {
        let dir = TempDir::new(tag);
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).expect("mkdir bin");
        let script_dir = repo_root().join("tests/double");
        for tool in ["az", "kubectl", "kubelogin"] {
            let p = bin.join(tool);
            std::fs::write(
                &p,
                // Imported, not run as a script, so Python reuses its compiled bytecode instead of
                // compiling the whole file on every call.
                format!(
                    "#!/bin/sh\nexec {} -S -c {} {} {tool} \"$@\"\n",
                    sh_quote(&python().executable),
                    sh_quote(
                        "import sys; sys.path.insert(0, sys.argv.pop(1)); import azdouble; \
                         sys.exit(azdouble.main(sys.argv[1:]))"
                    ),
                    sh_quote(&script_dir.to_string_lossy())
                ),
            )
            .expect("write wrapper");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))
                    .expect("chmod");
            }
        }
        Double { dir }
    }

    fn state_path(&self) -> PathBuf {
        self.dir.path().join("state.json")
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        let path = format!(
            "{}:{}",
            self.dir.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        c.env("PATH", path)
            .env("DOUBLE_STATE", self.state_path())
            .env("PYTHONPATH", &python().path)
            // The wrappers import the double so that its bytecode is cached (tests/double/__pycache__,
            // ignored by git); an environment that turns bytecode writing off would compile it anew
            // on every call.
            .env_remove("PYTHONDONTWRITEBYTECODE")
            .env("LC_ALL", "C.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn run(&self, mut c: Command, stdin: &str) -> Output {
        let mut child = c.spawn().expect("spawn");
        {
            use std::io::Write;
            let mut input = child.stdin.take().expect("stdin");
            let _ = input.write_all(stdin.as_bytes());
        }
        child.wait_with_output().expect("wait")
    }

    /// Runs one tool (az, kubectl, kubelogin) or the double's `double-seed`.
    fn tool(&self, tool: &str, args: &[&str]) -> Output {
        self.tool_in(tool, args, "", None)
    }

    fn tool_in(&self, tool: &str, args: &[&str], stdin: &str, cwd: Option<&Path>) -> Output {
        let mut c = if tool == "double-seed" {
            let mut c = self.command(&python().executable);
            c.arg("-S")
                .arg(repo_root().join("tests/double/azdouble.py"))
                .arg(tool);
            c
        } else {
            self.command(&self.dir.path().join("bin").join(tool).to_string_lossy())
        };
        c.args(args);
        if let Some(d) = cwd {
            c.current_dir(d);
        }
        self.run(c, stdin)
    }

    fn script(&self, bundle: &Path, name: &str, stdin: &str) -> Output {
        let mut c = self.command("bash");
        c.arg(bundle.join(name)).current_dir(bundle);
        self.run(c, stdin)
    }

    fn script_with(&self, bundle: &Path, name: &str, args: &[&str], stdin: &str) -> Output {
        let mut c = self.command("bash");
        c.arg(bundle.join(name)).args(args).current_dir(bundle);
        self.run(c, stdin)
    }

    fn state(&self) -> Value {
        let text = std::fs::read_to_string(self.state_path()).expect("read state");
        serde_json::from_str(&text).expect("state is JSON")
    }

    /// The world the answers describe before setup.sh: the signed-in cloud, subscription and tenant;
    /// every resource a grant or the registry names; the existing cluster with what it already has;
    /// the role names Azure would list next to each role definition.
    fn seed(&self, a: &Answers) {
        let tenant = if a.tenant.tenant_id.is_empty() {
            "0e0e0e0e-0000-4000-8000-000000000000".to_string()
        } else {
            a.tenant.tenant_id.clone()
        };
        let mut args: Vec<String> = vec![
            "--subscription".into(),
            a.tenant.subscription_id.clone(),
            "--tenant".into(),
            tenant,
            "--cloud".into(),
            format!("{:?}", a.tenant.cloud),
            "--location".into(),
            a.tenant.location.clone(),
        ];
        let sub = &a.tenant.subscription_id;
        let mut resources: Vec<String> = Vec::new();
        if !a.cluster.acr_name.is_empty() {
            let rg = if a.cluster.acr_resource_group.is_empty() {
                &a.cluster.resource_group
            } else {
                &a.cluster.acr_resource_group
            };
            resources.push(format!(
                "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries/{}",
                a.cluster.acr_name
            ));
        }
        for w in &aks_identity_wizard::answers::workshop::expand(a).workloads {
            for g in &w.grants {
                resources.push(catalog::resource_id(a, g));
            }
        }
        resources.sort();
        resources.dedup();
        if !resources.is_empty() {
            args.push("--resource".into());
            args.extend(resources);
        }
        let roles: Vec<String> = catalog::roles()
            .iter()
            .filter(|r| !r.guid.is_empty())
            .map(|r| format!("{}={}", r.guid, r.name))
            .collect();
        args.push("--role".into());
        args.extend(roles);
        if a.cluster.mode == ClusterMode::Existing {
            let have = a.cluster.existing;
            args.extend([
                "--cluster".into(),
                format!("{}/{}", a.cluster.resource_group, a.cluster.name),
                "--entra".into(),
                have.entra_id.to_string(),
                "--oidc".into(),
                have.oidc_issuer.to_string(),
                "--workload-identity".into(),
                have.workload_identity.to_string(),
            ]);
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.tool("double-seed", &refs);
        assert!(
            out.status.success(),
            "double-seed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn tail(out: &Output) -> String {
    let keep = |s: &[u8]| {
        let text = String::from_utf8_lossy(s).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(25)..].join("\n")
    };
    format!(
        "--- stdout (tail) ---\n{}\n--- stderr (tail) ---\n{}",
        keep(&out.stdout),
        keep(&out.stderr)
    )
}

/// The JSON paths where two states differ (at most a few, for the failure message).
fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    if out.len() >= 8 || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                differences(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (k, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{path}[{k}]"), out);
            }
        }
        _ => out.push(format!("{path}: {a} -> {b}")),
    }
}

fn without_bookkeeping(state: &Value) -> Value {
    let mut s = state.clone();
    s.as_object_mut()
        .expect("state object")
        .remove("bookkeeping");
    s
}

/// Runs one case through the whole cycle and returns every problem found; only a failing first
/// setup.sh stops it, since nothing after that would mean anything.
fn rerun_case(a: &Answers) -> Vec<String> {
    let files = match generate::bundle(a) {
        Ok(files) => files,
        Err(e) => return vec![format!("blocked by {e:#?}")],
    };
    let double = Double::new("rerun");
    let bundle = double.dir.path().join("bundle");
    write_bundle(&bundle, &files);
    double.seed(a);
    let mut problems = Vec::new();

    let first = double.script(&bundle, "setup.sh", "");
    if !first.status.success() {
        return vec![format!(
            "first setup.sh failed ({})\n{}",
            first.status,
            tail(&first)
        )];
    }
    let after_first = double.state();
    let second = double.script(&bundle, "setup.sh", "");
    if !second.status.success() {
        problems.push(format!(
            "second setup.sh failed ({})\n{}",
            second.status,
            tail(&second)
        ));
    }
    let after_second = double.state();
    let mut diff = Vec::new();
    differences(
        &without_bookkeeping(&after_first),
        &without_bookkeeping(&after_second),
        "",
        &mut diff,
    );
    if !diff.is_empty() {
        problems.push(format!(
            "the second setup.sh changed the world:\n{}",
            diff.join("\n")
        ));
    }
    let writes = |s: &Value| {
        s["bookkeeping"]["clusterWrites"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let first_writes = writes(&after_first).len();
    for w in &writes(&after_second)[first_writes..] {
        if w["command"] == "create" {
            problems.push(format!("the second setup.sh ran az aks create: {w}"));
        }
        if w["featureFlags"].as_array().is_some_and(|f| !f.is_empty()) {
            problems.push(format!(
                "the second setup.sh re-sent cluster feature flags (each one makes AKS reconcile the cluster): {w}"
            ));
        }
    }

    let checks_before = after_second["bookkeeping"]["identityChecks"]
        .as_array()
        .map_or(0, Vec::len);
    let verify = double.script(&bundle, "verify.sh", "");
    let verify_text = String::from_utf8_lossy(&verify.stdout).into_owned();
    if !verify.status.success() || verify_text.lines().any(|l| l.starts_with("FAIL")) {
        problems.push(format!(
            "verify.sh after setup did not pass ({})\n{}",
            verify.status,
            tail(&verify)
        ));
    }
    // A passing verify.sh must have proved each workload's identity from inside the cluster: a pod as
    // the workload's ServiceAccount that exchanged its token and used every grant.
    let after_verify = double.state();
    let checks = after_verify["bookkeeping"]["identityChecks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let checks = &checks[checks_before..];
    for w in &aks_identity_wizard::answers::workshop::expand(a).workloads {
        let ran = checks.iter().find(|c| {
            c["namespace"] == w.namespace.as_str()
                && c["serviceAccount"] == w.service_account.as_str()
        });
        match ran {
            None => problems.push(format!(
                "verify.sh ran no identity-check pod as ServiceAccount {}/{}",
                w.namespace, w.service_account
            )),
            Some(c) => {
                let log = c["log"].as_str().unwrap_or_default();
                if !log.contains("identity-check: token exchange ok") || log.contains("failed") {
                    problems.push(format!(
                        "identity check as {}/{} did not pass:\n{log}",
                        w.namespace, w.service_account
                    ));
                }
            }
        }
    }

    let teardown = double.script(&bundle, "teardown.sh", &"y\n".repeat(64));
    if !teardown.status.success() {
        problems.push(format!(
            "teardown.sh failed ({})\n{}",
            teardown.status,
            tail(&teardown)
        ));
    }
    // Every identity setup made is gone, and no role assignment of one is left behind (Azure keeps
    // those of a deleted identity, listed as unknown).
    let after_teardown = double.state();
    let made: Vec<&str> = after_second["identities"]
        .as_object()
        .map(|ids| ids.values().filter_map(|i| i["principalId"].as_str()).collect())
        .unwrap_or_default();
    if let Some(left) = after_teardown["identities"].as_object().filter(|ids| !ids.is_empty()) {
        problems.push(format!("teardown.sh left identities: {:?}", left.keys().collect::<Vec<_>>()));
    }
    for ra in after_teardown["roleAssignments"].as_array().into_iter().flatten() {
        if made.contains(&ra["principalId"].as_str().unwrap_or_default()) {
            problems.push(format!("teardown.sh left a role assignment of an identity it deleted: {ra}"));
        }
    }
    // Workshop participants' own rights go too (they are users, so no identity takes them along).
    for ra in after_teardown["roleAssignments"].as_array().into_iter().flatten() {
        if ra["principalType"] == "User" {
            problems.push(format!("teardown.sh left a participant's role assignment: {ra}"));
        }
    }
    let verify = double.script(&bundle, "verify.sh", "");
    let verify_text = String::from_utf8_lossy(&verify.stdout).into_owned();
    if verify.status.success() || !verify_text.lines().any(|l| l.starts_with("FAIL")) {
        problems.push(format!(
            "verify.sh after teardown did not fail ({})\n{}",
            verify.status,
            tail(&verify)
        ));
    }
    problems
}

#[test]
fn every_golden_case_runs_twice_then_verifies_then_tears_down() {
    let all = cases();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::SeqCst);
                let Some((name, a)) = all.get(k) else { break };
                let problems = rerun_case(a);
                if !problems.is_empty() {
                    failures
                        .lock()
                        .expect("lock")
                        .push(format!("== {name}:\n- {}", problems.join("\n- ")));
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("lock");
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}

// ---- the double's own fidelity: each refusal is the real CLI's ----

const SUB: &str = "11111111-1111-1111-1111-111111111111";
const TENANT: &str = "00000000-0000-0000-0000-000000000000";

fn world(extra: &[&str]) -> Double {
    let d = Double::new("double");
    let mut args = vec![
        "--subscription",
        SUB,
        "--tenant",
        TENANT,
        "--location",
        "westeurope",
    ];
    args.extend_from_slice(extra);
    let out = d.tool("double-seed", &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    d
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "expected success:\n{}", tail(out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(out: &Output, code: i32, message: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "exit code; stderr: {err}");
    assert!(
        err.contains(message),
        "expected {message:?} in stderr: {err}"
    );
}

const CLUSTER: [&str; 8] = [
    "--resource-group",
    "rg",
    "--name",
    "aks",
    "--subscription",
    SUB,
    "--output",
    "none",
];

fn aks(d: &Double, verb: &str, flags: &[&str]) -> Output {
    let mut args = vec!["aks", verb];
    args.extend_from_slice(&CLUSTER);
    args.extend_from_slice(flags);
    d.tool("az", &args)
}

fn show(d: &Double, query: &str) -> String {
    let mut args = vec!["aks", "show"];
    args.extend_from_slice(&CLUSTER[..6]);
    args.extend(["--query", query, "--output", "tsv"]);
    ok(&d.tool("az", &args))
}

#[test]
fn aks_create_over_an_existing_cluster_is_refused() {
    let d = world(&["--cluster", "rg/aks"]);
    refused(
        &aks(&d, "create", &["--enable-oidc-issuer"]),
        1,
        "ERROR: The cluster 'aks' under resource group 'rg' already exists. Please use command 'az aks update'",
    );
}

#[test]
fn aks_create_checks_its_flags_like_the_decorator() {
    let d = world(&[]);
    ok(&d.tool(
        "az",
        &[
            "group",
            "create",
            "--name",
            "rg",
            "--location",
            "westeurope",
            "--output",
            "none",
        ],
    ));
    refused(
        &aks(&d, "create", &["--enable-azure-rbac"]),
        1,
        "--enable-azure-rbac can only be used together with --enable-aad",
    );
    refused(
        &aks(&d, "create", &["--enable-workload-identity"]),
        1,
        "Enabling workload identity requires enabling OIDC issuer (--enable-oidc-issuer).",
    );
    ok(&aks(
        &d,
        "create",
        &[
            "--enable-aad",
            "--enable-oidc-issuer",
            "--enable-workload-identity",
        ],
    ));
    let issuer = show(&d, "oidcIssuerProfile.issuerUrl");
    assert!(
        issuer.starts_with(&format!(
            "https://westeurope.oic.prod-aks.azure.com/{TENANT}/"
        )) && issuer.ends_with("/\n"),
        "{issuer}"
    );
}

#[test]
fn aks_update_enable_aad_on_a_managed_aad_cluster_is_refused() {
    let d = world(&["--cluster", "rg/aks", "--entra", "true"]);
    refused(
        &aks(&d, "update", &["--enable-aad", "--disable-local-accounts"]),
        1,
        "Cannot specify \"--enable-aad\" if managed AAD is already enabled",
    );
    // Refused as a whole: the other flag changed nothing either.
    assert_eq!(show(&d, "disableLocalAccounts"), "false\n");
}

#[test]
fn aks_update_applies_aad_before_checking_rbac() {
    let d = world(&["--cluster", "rg/aks"]);
    refused(
        &aks(&d, "update", &["--enable-azure-rbac"]),
        1,
        "Cannot specify \"--enable-azure-rbac\" if managed AAD is not enabled",
    );
    refused(
        &aks(&d, "update", &["--aad-tenant-id", TENANT]),
        1,
        "Cannot specify \"--aad-tenant-id\" if managed AAD is not enabled",
    );
    ok(&aks(
        &d,
        "update",
        &[
            "--enable-aad",
            "--enable-azure-rbac",
            "--aad-admin-group-object-ids",
            "g1,g2",
        ],
    ));
    // knack's tsv: one row per list item, a bare bool in lower case, a list row tab-separated...
    assert_eq!(
        show(
            &d,
            "[aadProfile.managed, aadProfile.enableAzureRbac, aadProfile.adminGroupObjectIDs]"
        ),
        "true\ntrue\ng1\tg2\n"
    );
    // ...and inside a row a bool prints as Python's True, a nested list as its length.
    assert_eq!(
        show(&d, "[[aadProfile.managed, aadProfile.adminGroupObjectIDs]]"),
        "True\t2\n"
    );
    // Repeating flags a cluster already has is accepted (only --enable-aad is checked).
    ok(&aks(
        &d,
        "update",
        &["--enable-azure-rbac", "--disable-local-accounts"],
    ));
    ok(&aks(&d, "update", &["--disable-local-accounts"]));
}

#[test]
fn aks_update_with_no_update_flag_is_refused() {
    let d = world(&["--cluster", "rg/aks"]);
    // check_raw_parameters prompts to reconcile; without a terminal knack raises NoTTYException.
    refused(
        &aks(&d, "update", &[]),
        1,
        "The command failed with an unexpected error",
    );
}

#[test]
fn aks_update_workload_identity_needs_the_issuer() {
    let d = world(&["--cluster", "rg/aks"]);
    refused(
        &aks(&d, "update", &["--enable-workload-identity"]),
        1,
        "Enabling workload identity requires enabling OIDC issuer (--enable-oidc-issuer).",
    );
    ok(&aks(
        &d,
        "update",
        &["--enable-oidc-issuer", "--enable-workload-identity"],
    ));
    let issuer = show(&d, "oidcIssuerProfile.issuerUrl");
    ok(&aks(&d, "update", &["--enable-oidc-issuer"]));
    assert_eq!(
        show(&d, "oidcIssuerProfile.issuerUrl"),
        issuer,
        "the issuer URL never changes"
    );
    assert_eq!(
        show(&d, "join(' ', [to_string(oidcIssuerProfile.enabled), to_string(securityProfile.workloadIdentity.enabled), to_string(aadProfile.managed)])"),
        "true true null\n"
    );
}

#[test]
fn missing_cluster_is_resource_not_found_exit_3() {
    let d = world(&["--cluster", "rg/other"]);
    refused(&aks(&d, "show", &[]), 3, "ResourceNotFound");
    refused(
        &d.tool(
            "az",
            &[
                "aks",
                "list",
                "--resource-group",
                "nope",
                "--query",
                "[].name",
                "--output",
                "tsv",
            ],
        ),
        3,
        "ResourceGroupNotFound",
    );
}

const COSMOS: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/cosmos1";

fn cosmos_create(d: &Double, id: Option<&str>) -> Output {
    let mut args = vec![
        "cosmosdb",
        "sql",
        "role",
        "assignment",
        "create",
        "--account-name",
        "cosmos1",
        "--resource-group",
        "rg-data",
        "--subscription",
        SUB,
        "--role-definition-id",
        "00000000-0000-0000-0000-000000000001",
        "--principal-id",
        "9a1c0002-0000-4000-8000-0000000009a1",
        "--scope",
        "/dbs/shop",
        "--output",
        "none",
    ];
    if let Some(id) = id {
        args.extend(["--role-assignment-id", id]);
    }
    d.tool("az", &args)
}

fn cosmos_list(d: &Double) -> String {
    ok(&d.tool(
        "az",
        &[
            "cosmosdb",
            "sql",
            "role",
            "assignment",
            "list",
            "--account-name",
            "cosmos1",
            "--resource-group",
            "rg-data",
            "--subscription",
            SUB,
            "--query",
            "[].[name, scope]",
            "--output",
            "tsv",
        ],
    ))
}

#[test]
fn cosmos_assignment_without_an_id_is_duplicated_and_with_one_is_a_put() {
    let d = world(&["--resource", COSMOS]);
    ok(&cosmos_create(&d, None));
    ok(&cosmos_create(&d, None));
    let listing = cosmos_list(&d);
    assert_eq!(
        listing.lines().count(),
        2,
        "two calls without an ID make two assignments:\n{listing}"
    );
    assert!(
        listing
            .lines()
            .all(|l| l.ends_with(&format!("{COSMOS}/dbs/shop"))),
        "{listing}"
    );
    let id = "5a1d0000-0000-4000-8000-000000000001";
    ok(&cosmos_create(&d, Some(id)));
    ok(&cosmos_create(&d, Some(id)));
    assert_eq!(
        cosmos_list(&d).lines().count(),
        3,
        "the same ID twice is one assignment"
    );
}

#[test]
fn role_assignment_create_is_idempotent_and_list_is_exact_scope() {
    let d = world(&[
        "--role",
        "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1=Storage Blob Data Reader",
    ]);
    let scope = format!(
        "/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"
    );
    let create = |scope: &str| {
        ok(&d.tool(
            "az",
            &[
                "role",
                "assignment",
                "create",
                "--assignee-object-id",
                "9a1c0002-0000-4000-8000-0000000009a1",
                "--assignee-principal-type",
                "ServicePrincipal",
                "--role",
                "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
                "--scope",
                scope,
                "--subscription",
                SUB,
                "--query",
                "name",
                "--output",
                "tsv",
            ],
        ))
    };
    let first = create(&scope);
    assert_eq!(
        create(&scope),
        first,
        "RoleAssignmentExists returns the existing assignment"
    );
    let list = |scope: &str| {
        ok(&d.tool(
            "az",
            &[
                "role",
                "assignment",
                "list",
                "--scope",
                scope,
                "--subscription",
                SUB,
                "--query",
                "[].[principalId, roleDefinitionName]",
                "--output",
                "tsv",
            ],
        ))
    };
    assert_eq!(
        list(&scope),
        "9a1c0002-0000-4000-8000-0000000009a1\tStorage Blob Data Reader\n"
    );
    assert_eq!(
        list(&format!("{scope}/blobServices/default")),
        "",
        "no inherited assignments"
    );
    assert_eq!(
        list(&format!("/subscriptions/{SUB}/resourceGroups/rg")),
        "",
        "none from below"
    );
}

#[test]
fn the_double_fails_loudly_on_what_it_does_not_model() {
    let d = world(&["--cluster", "rg/aks"]);
    refused(
        &d.tool("az", &["aks", "nodepool", "list"]),
        2,
        "azdouble: not emulated",
    );
    refused(
        &aks(&d, "update", &["--enable-keda"]),
        2,
        "azdouble: not emulated",
    );
    refused(
        &aks(&d, "show", &["--query", "networkProfile.podCidr"]),
        2,
        "azdouble: not emulated",
    );
    refused(
        &d.tool("kubectl", &["get", "pods", "-o", "yaml"]),
        2,
        "azdouble: not emulated",
    );
}

#[test]
fn kubectl_needs_credentials_and_kubelogin() {
    let d = world(&[
        "--cluster",
        "rg/aks",
        "--entra",
        "true",
        "--oidc",
        "true",
        "--workload-identity",
        "true",
    ]);
    let get = |d: &Double| {
        d.tool(
            "kubectl",
            &[
                "get",
                "--context",
                "aks",
                "serviceaccount",
                "default",
                "-o",
                "jsonpath={.metadata.name}",
            ],
        )
    };
    refused(&get(&d), 1, "error: context \"aks\" does not exist");
    ok(&d.tool(
        "az",
        &[
            "aks",
            "get-credentials",
            "--resource-group",
            "rg",
            "--name",
            "aks",
            "--overwrite-existing",
        ],
    ));
    refused(&get(&d), 1, "devicelogin");
    ok(&d.tool("kubelogin", &["convert-kubeconfig", "-l", "azurecli"]));
    assert_eq!(ok(&get(&d)), "default");
}

fn manifest_dir(d: &Double, files: &[(&str, &str)]) -> PathBuf {
    let dir = d.dir.path().join("k8s");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write manifest");
    }
    dir
}

const SA: &str =
    "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: default\n";
const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: default\nspec:\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n        azure.workload.identity/use: 'true'\n    spec:\n      serviceAccountName: app\n      containers:\n      - name: app\n        image: IMAGE\n";

#[test]
fn the_webhook_reads_the_annotation_when_a_pod_is_created() {
    let d = world(&[
        "--cluster",
        "rg/aks",
        "--entra",
        "true",
        "--oidc",
        "true",
        "--workload-identity",
        "true",
    ]);
    ok(&d.tool(
        "az",
        &[
            "aks",
            "get-credentials",
            "--resource-group",
            "rg",
            "--name",
            "aks",
            "--overwrite-existing",
        ],
    ));
    ok(&d.tool("kubelogin", &["convert-kubeconfig", "-l", "azurecli"]));
    let dir = manifest_dir(
        &d,
        &[
            ("sa.yaml", SA),
            ("app.yaml", &DEPLOYMENT.replace("IMAGE", "one")),
            ("app2.yaml", &DEPLOYMENT.replace("IMAGE", "two")),
        ],
    );
    let apply = |file: &str| ok(&d.tool_in("kubectl", &["apply", "-f", file], "", Some(&dir)));
    let client_id = || {
        ok(&d.tool(
            "kubectl",
            &["get", "pods", "--selector", "app=app", "--field-selector", "status.phase=Running", "--sort-by",
              ".metadata.creationTimestamp", "--output",
              "jsonpath={.items[-1:].spec.containers[0].env[?(@.name==\"AZURE_CLIENT_ID\")].value}"],
        ))
    };
    let names = || {
        ok(&d.tool(
            "kubectl",
            &[
                "get",
                "pods",
                "--output",
                "jsonpath={.items[-1:].metadata.name}",
            ],
        ))
    };
    // A pod whose ServiceAccount is missing is not created; the ReplicaSet retries once it exists.
    assert_eq!(apply("app.yaml"), "deployment.apps/app created\n");
    assert_eq!(names(), "");
    assert_eq!(apply("sa.yaml"), "serviceaccount/app created\n");
    let first = names();
    assert!(first.starts_with("app-"), "{first}");
    assert_eq!(
        client_id(),
        "",
        "no annotation when the pod was created: no AZURE_CLIENT_ID"
    );
    let annotated = ok(&d.tool_in(
        "kubectl",
        &[
            "annotate",
            "--local",
            "-f",
            "sa.yaml",
            "--overwrite",
            "--output",
            "yaml",
            "azure.workload.identity/client-id=c1",
        ],
        "",
        Some(&dir),
    ));
    assert_eq!(
        ok(&d.tool_in("kubectl", &["apply", "-f", "-"], &annotated, Some(&dir))),
        "serviceaccount/app configured\n"
    );
    assert_eq!(apply("app.yaml"), "deployment.apps/app unchanged\n");
    assert_eq!(names(), first, "an unchanged Deployment keeps its pod");
    assert_eq!(client_id(), "");
    assert_eq!(apply("app2.yaml"), "deployment.apps/app configured\n");
    assert_ne!(names(), first, "a changed template makes a new pod");
    assert_eq!(client_id(), "c1");
    refused(
        &d.tool(
            "kubectl",
            &[
                "get",
                "pods",
                "--output",
                "jsonpath={.items[*].metadata.name}",
            ],
        ),
        2,
        "azdouble: not emulated",
    );
}

#[test]
fn an_identity_check_pod_needs_the_exact_issuer_and_a_grant_at_or_above_its_scope() {
    let d = world(&[
        "--cluster",
        "rg/aks",
        "--entra",
        "true",
        "--oidc",
        "true",
        "--workload-identity",
        "true",
    ]);
    ok(&d.tool(
        "az",
        &[
            "aks",
            "get-credentials",
            "--resource-group",
            "rg",
            "--name",
            "aks",
            "--overwrite-existing",
        ],
    ));
    ok(&d.tool("kubelogin", &["convert-kubeconfig", "-l", "azurecli"]));
    let identity = |query: &str| {
        ok(&d.tool(
            "az",
            &[
                "identity",
                "create",
                "--resource-group",
                "rg",
                "--name",
                "id",
                "--query",
                query,
                "--output",
                "tsv",
            ],
        ))
        .trim()
        .to_string()
    };
    let client_id = identity("clientId");
    let principal_id = identity("principalId");
    let issuer = show(&d, "oidcIssuerProfile.issuerUrl").trim().to_string();
    let scope =
        format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv");
    ok(&d.tool(
        "az",
        &[
            "role",
            "assignment",
            "create",
            "--assignee-object-id",
            &principal_id,
            "--assignee-principal-type",
            "ServicePrincipal",
            "--role",
            "4633458b-17de-408a-b874-0445c86b69e6",
            "--scope",
            &scope,
            "--output",
            "none",
        ],
    ));
    let sa = format!("{SA}  annotations:\n    azure.workload.identity/client-id: {client_id}\n");
    let pod = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: check\n  namespace: default\n  labels:\n    azure.workload.identity/use: 'true'\n\
         spec:\n  restartPolicy: Never\n  serviceAccountName: app\n  containers:\n  - name: check\n    image: check\n    env:\n\
         \x20   - name: CHECK_GRANT_COUNT\n      value: '2'\n    - name: CHECK_GRANT_1_SCOPE\n      value: {scope}/secrets/s\n\
         \x20   - name: CHECK_GRANT_2_SCOPE\n      value: /subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv2\n"
    );
    let dir = manifest_dir(&d, &[("sa.yaml", &sa), ("pod.yaml", &pod)]);
    ok(&d.tool_in("kubectl", &["apply", "-f", "sa.yaml"], "", Some(&dir)));
    let run_check = |issuer: &str| {
        ok(&d.tool(
            "az",
            &[
                "identity",
                "federated-credential",
                "create",
                "--name",
                "fic",
                "--identity-name",
                "id",
                "--resource-group",
                "rg",
                "--issuer",
                issuer,
                "--subject",
                "system:serviceaccount:default:app",
                "--audiences",
                "api://AzureADTokenExchange",
                "--output",
                "none",
            ],
        ));
        ok(&d.tool(
            "kubectl",
            &[
                "delete",
                "pod",
                "check",
                "--ignore-not-found",
                "--wait=true",
            ],
        ));
        ok(&d.tool_in("kubectl", &["apply", "-f", "pod.yaml"], "", Some(&dir)));
        assert_eq!(
            ok(&d.tool(
                "kubectl",
                &[
                    "wait",
                    "pod/check",
                    "--for=jsonpath={.status.phase}=Succeeded",
                    "--timeout=60s"
                ]
            )),
            "pod/check condition met\n"
        );
        ok(&d.tool("kubectl", &["logs", "pod/check"]))
    };
    assert_eq!(
        run_check(&issuer),
        "identity-check: token exchange ok\nidentity-check: grant 1 ok\n\
         identity-check: grant 2 failed: 403 Forbidden: no role assignment for the identity at or above \
         /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv2\n"
    );
    // The issuer without its trailing slash is another issuer: the classic AADSTS70021.
    let logs = run_check(issuer.trim_end_matches('/'));
    assert!(
        logs.starts_with("identity-check: token exchange failed: AADSTS70021"),
        "{logs}"
    );
    assert!(logs.contains("grant 1 failed"), "{logs}");
}

/// `teardown.sh PARTICIPANT` removes one participant's part of a class and nothing of anyone else's:
/// their apps, identities, access and namespace go; the others', the cluster and the shared data stay.
/// A name the class does not have changes nothing.
#[test]
fn one_participant_is_torn_down_alone() {
    let (_, a) = cases().into_iter().find(|(n, _)| n == "fixture-workshop-3").expect("the 3-participant class");
    let files = generate::bundle(&a).expect("bundle");
    let double = Double::new("one-participant");
    let bundle = double.dir.path().join("bundle");
    write_bundle(&bundle, &files);
    double.seed(&a);
    let setup = double.script(&bundle, "setup.sh", "");
    assert!(setup.status.success(), "{}", tail(&setup));
    let before = double.state();

    let unknown = double.script_with(&bundle, "teardown.sh", &["team-9"], &"y\n".repeat(64));
    assert_eq!(unknown.status.code(), Some(2), "{}", tail(&unknown));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("team-9 is not a participant of this lab"));
    assert_eq!(without_bookkeeping(&double.state()), without_bookkeeping(&before), "an unknown name changed the world");

    let out = double.script_with(&bundle, "teardown.sh", &["team-02"], &"y\n".repeat(64));
    assert!(out.status.success(), "{}", tail(&out));
    let after = double.state();
    let identities: Vec<String> = after["identities"].as_object().expect("identities").values().filter_map(|i| i["name"].as_str().map(String::from)).collect();
    for gone in ["id-team-02", "id-team-02-reader"] {
        assert!(!identities.iter().any(|i| i == gone), "{gone} left: {identities:?}");
    }
    for kept in ["id-team-01", "id-team-01-reader", "id-team-03", "id-team-03-reader"] {
        assert!(identities.iter().any(|i| i == kept), "{kept} removed: {identities:?}");
    }
    let participant2 = "44444444-4444-4444-4444-444444444444";
    let users: Vec<&Value> = after["roleAssignments"].as_array().expect("assignments").iter().filter(|r| r["principalType"] == "User").collect();
    assert!(!users.iter().any(|r| r["principalId"] == participant2), "team-02's access left: {users:?}");
    assert_eq!(users.len(), 2, "team-01 keeps its two assignments: {users:?}");
    assert_eq!(after["clusters"].as_object().map(|c| c.len()), Some(1), "the cluster stays");
    let namespaces: Vec<String> = after["kubernetes"].as_object().expect("kubernetes").values()
        .flat_map(|k| k["namespaces"].as_object().map(|n| n.keys().cloned().collect::<Vec<_>>()).unwrap_or_default())
        .collect();
    assert!(!namespaces.contains(&"team-02".to_string()), "{namespaces:?}");
    assert!(namespaces.contains(&"team-01".to_string()) && namespaces.contains(&"team-03".to_string()), "{namespaces:?}");

    // verify.sh now fails for team-02 only.
    let verify = double.script(&bundle, "verify.sh", "");
    let text = String::from_utf8_lossy(&verify.stdout).into_owned();
    assert!(!verify.status.success());
    let failed: Vec<&str> = text.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(!failed.is_empty() && failed.iter().all(|l| l.contains("Workload 3") || l.contains("Workload 4") || l.contains("team-02")), "{failed:#?}");
}
