//! Shared test helpers: temporary directories, stub `az`/`kubectl`/`kubelogin` that record their argv
//! (and, given a `ReplyTable`, answer from it), an independent description of the commands setup.sh
//! must run, a PowerShell literal lexer, and hostile answers for property tests; `fuzz` holds the case
//! budget, watchdog and heap meter every property test runs under.
#![allow(dead_code)]

pub mod answers_strategy;
pub mod fuzz;
pub mod plan_model;

use aks_identity_wizard::answers::*;
use aks_identity_wizard::catalog::{self, AssignmentMethod};
use aks_identity_wizard::generate::{k8s, GeneratedFile};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!(
            "aksw-{tag}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn write_bundle(dir: &Path, files: &[GeneratedFile]) {
    for f in files {
        let p = dir.join(&f.path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, &f.contents).expect("write bundle file");
    }
}

pub fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} in bundle"))
        .contents
}

pub const STUB_ISSUER: &str = "https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/5e1f3a2b-0c4d-4e6f-8a9b-0c1d2e3f4a5b/";
pub const STUB_CLIENT_ID: &str = "c11e0001-0000-4000-8000-00000000c11e";
pub const STUB_PRINCIPAL_ID: &str = "9a1c0002-0000-4000-8000-0000000009a1";
/// What the stub answers for a user's object ID (`az ad user show --query id`).
pub const STUB_USER_ID: &str = "05e40003-0000-4000-8000-000000000005";
pub const STUB_ANNOTATED: &str = "annotated-by-stub";

/// The stub: records its argv (tool name first, NUL-separated) in a new numbered file, keeps what it
/// read on stdin for `apply -f -`, and answers the queries setup.sh makes the way az would.
///
/// setup.sh starts it dozens of times per run, so it is made cheap enough for thousands of runs: it
/// forks nothing but `cat` (numbering by `mkdir` and `$(printf ...)` forked once per earlier call,
/// so a run cost grew with the square of its calls), and it is POSIX sh (dash on Debian starts about
/// twice as fast as bash). Numbers are claimed with noclobber (`set -C`: `>` then fails if the file
/// exists, an O_EXCL create), so the two stubs of an `annotate | apply` pipe never share one; they
/// are `1000000 + n`, all seven digits, so they sort in call order. Counting the existing records
/// first keeps the claim loop to one try in sequential runs.
const STUB: &str = r#"#!/bin/sh
tool=${0##*/}
stdin=''
if [ "$tool" = kubectl ] && [ "${1-}" = apply ] && [ "${2-}" = -f ] && [ "${3-}" = - ]; then
  stdin=$(cat)
fi
n=0
for f in "$STUB_LOG"/*.argv; do
  if [ -e "$f" ]; then n=$((n + 1)); fi
done
set -C
while :; do
  id=$((1000000 + n))
  if { : >"$STUB_LOG/$id.argv"; } 2>/dev/null; then break; fi
  n=$((n + 1))
done
set +C
printf '%s\0' "$tool" "$@" >"$STUB_LOG/$id.argv"
printf '%s' "$stdin" >"$STUB_LOG/$id.stdin"
if [ -n "${STUB_TABLE-}" ]; then
  # Answering mode: reply with the table's entry for exactly this argv, or fail as az does for a
  # missing resource. The table (see `ReplyTable`) is sourced: one `reply KEY VALUE` line per entry.
  key=$tool
  for a in "$@"; do
    key="$key
$a"
  done
  found=''
  reply() {
    if [ -z "$found" ] && [ "$1" = "$key" ]; then
      printf '%s' "$2"
      found=1
    fi
  }
  . "$STUB_TABLE"
  if [ -n "$found" ]; then exit 0; fi
  printf '%s: not found\n' "$tool" >&2
  exit 3
fi
# A new cluster's bundle looks its cluster up first: az says "not found" with exit code 3.
if [ -n "${STUB_NO_CLUSTER-}" ] && [ "$tool" = az ] && [ "${1-}" = aks ] && [ "${2-}" = show ]; then
  case " $* " in
    *" --query "*) ;;
    *) exit 3 ;;
  esac
fi
prev=''
for a in "$@"; do
  if [ "$prev" = --query ]; then
    case $a in
      # The cluster's settings: none on yet, so setup asks for every flag it would ever send.
      '[[to_string('*) printf '%s\n' "${STUB_CLUSTER_STATE:-false	false	false	false	false	null	null}" ;;
      oidcIssuerProfile.issuerUrl) printf '%s\n' "$STUB_ISSUER" ;;
      clientId) printf '%s\n' "$STUB_CLIENT_ID" ;;
      principalId) printf '%s\n' "$STUB_PRINCIPAL_ID" ;;
      id) printf '%s\n' "$STUB_USER_ID" ;;
    esac
  fi
  prev=$a
done
# The local edits (annotate, set subject) print what `kubectl apply -f -` then reads.
if [ "$tool" = kubectl ] && { [ "${1-}" = annotate ] || [ "${1-}" = set ]; }; then
  printf '%s\n' "$STUB_ANNOTATED"
fi
exit 0
"#;

pub struct Stubs {
    pub dir: TempDir,
    pub log: PathBuf,
}

impl Stubs {
    pub fn new() -> Stubs {
        let dir = TempDir::new("stubs");
        let bin = dir.path().join("bin");
        let log = dir.path().join("log");
        std::fs::create_dir_all(&bin).expect("mkdir bin");
        std::fs::create_dir_all(&log).expect("mkdir log");
        for tool in ["az", "kubectl", "kubelogin"] {
            let p = bin.join(tool);
            std::fs::write(&p, STUB).expect("write stub");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))
                    .expect("chmod");
            }
        }
        Stubs { dir, log }
    }

    /// Runs `bash SCRIPT` in the bundle directory with the stubs first on PATH.
    pub fn run(&self, bundle: &Path, script: &str, stdin: &str) -> Output {
        self.run_with(bundle, script, stdin, None, &[])
    }

    /// Runs `bash SCRIPT` with extra environment for the stub (such as `STUB_CLUSTER_STATE`: the
    /// tab-separated row it prints for the cluster's settings).
    pub fn run_env(&self, bundle: &Path, script: &str, env: &[(&str, &str)]) -> Output {
        self.run_with(bundle, script, "", None, env)
    }

    /// Runs `bash SCRIPT` with the stubs in answering mode: each call gets its reply from `table`.
    pub fn run_answering(&self, bundle: &Path, script: &str, table: &ReplyTable) -> Output {
        let path = self.dir.path().join("replies.sh");
        table.write(&path);
        self.run_with(bundle, script, "", Some(&path), &[])
    }

    fn run_with(
        &self,
        bundle: &Path,
        script: &str,
        stdin: &str,
        table: Option<&Path>,
        env: &[(&str, &str)],
    ) -> Output {
        let path = format!(
            "{}:{}",
            self.dir.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        // The stub answers as if a new bundle's cluster does not exist yet, and an existing one does.
        let new_cluster = std::fs::read_to_string(bundle.join("answers.yaml"))
            .ok()
            .and_then(|text| aks_identity_wizard::answers::from_yaml(&text).ok())
            .is_some_and(|a| a.cluster.mode == ClusterMode::New);
        let mut child = Command::new("bash")
            .arg(bundle.join(script))
            .env("STUB_NO_CLUSTER", if new_cluster { "1" } else { "" })
            .current_dir(bundle)
            .env("PATH", path)
            .env("STUB_LOG", &self.log)
            .env("STUB_ISSUER", STUB_ISSUER)
            .env("STUB_CLIENT_ID", STUB_CLIENT_ID)
            .env("STUB_PRINCIPAL_ID", STUB_PRINCIPAL_ID)
            .env("STUB_USER_ID", STUB_USER_ID)
            .env("STUB_ANNOTATED", STUB_ANNOTATED)
            .env("LC_ALL", "C.UTF-8")
            .env("STUB_TABLE", table.map(Path::as_os_str).unwrap_or_default())
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run bash");
        {
            use std::io::Write;
            let mut input = child.stdin.take().expect("stdin");
            let _ = input.write_all(stdin.as_bytes());
        }
        child.wait_with_output().expect("wait for bash")
    }

    /// Every recorded call, in order: (argv with the tool first, what it read on stdin).
    pub fn calls(&self) -> Vec<(Vec<String>, String)> {
        let mut records: Vec<PathBuf> = std::fs::read_dir(&self.log)
            .expect("read log")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "argv"))
            .collect();
        records.sort();
        records
            .iter()
            .map(|r| {
                let raw = std::fs::read(r).expect("argv record");
                let mut args: Vec<String> = raw
                    .split(|b| *b == 0)
                    .map(|s| String::from_utf8(s.to_vec()).expect("utf-8 argv"))
                    .collect();
                // Every argument ends in NUL, so the split leaves one empty tail.
                assert_eq!(args.pop().as_deref(), Some(""), "argv record ends with NUL");
                let stdin = std::fs::read_to_string(r.with_extension("stdin")).unwrap_or_default();
                (args, stdin)
            })
            .collect()
    }

    pub fn clear(&self) {
        let _ = std::fs::remove_dir_all(&self.log);
        std::fs::create_dir_all(&self.log).expect("mkdir log");
    }
}

/// The stubs' replies in answering mode: for each exact argv (tool first), what the tool prints on
/// stdout before exiting 0. A call with no entry prints an error on stderr and exits 3, the way az
/// answers for a resource that does not exist.
#[derive(Debug, Clone, Default)]
pub struct ReplyTable(pub Vec<(Vec<String>, String)>);

impl ReplyTable {
    pub fn insert(&mut self, argv: Vec<String>, reply: impl Into<String>) {
        let reply = reply.into();
        match self.0.iter_mut().find(|(k, _)| *k == argv) {
            Some(entry) => entry.1 = reply,
            None => self.0.push((argv, reply)),
        }
    }

    /// Like [`ReplyTable::insert`], but a second reply to the same command line is added after the
    /// first: a role-assignment listing at a scope several principals share prints all their rows.
    pub fn append(&mut self, argv: Vec<String>, reply: impl Into<String>) {
        let reply = reply.into();
        match self.0.iter_mut().find(|(k, _)| *k == argv) {
            Some(entry) => entry.1.push_str(&reply),
            None => self.0.push((argv, reply)),
        }
    }

    pub fn get(&self, argv: &[String]) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == argv)
            .map(|(_, v)| v.as_str())
    }

    /// Written as POSIX sh the stub sources: `reply 'TOOL<LF>ARG<LF>...' 'REPLY'`.
    pub fn write(&self, path: &Path) {
        let q = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let mut text = String::new();
        for (argv, value) in &self.0 {
            text.push_str(&format!("reply {} {}\n", q(&argv.join("\n")), q(value)));
        }
        std::fs::write(path, text).expect("write reply table");
    }
}

/// One expected argument: an exact value, or a manifest path that must hold the right object.
#[derive(Debug, Clone, PartialEq)]
pub enum A {
    S(String),
    /// A file in the bundle with the Namespace of this name.
    NamespaceFile(String),
    /// The ServiceAccount manifest of workload i.
    ServiceAccountFile(usize),
    /// The Pod/Deployment manifest of workload i.
    WorkloadFile(usize),
    /// Any GUID.
    Guid,
    /// The pipeline's RoleBinding manifest for its namespace k, without a subject yet.
    RoleBindingFile(usize),
}

fn s(v: &str) -> A {
    A::S(v.to_string())
}

fn cmd(words: &[&str]) -> Vec<A> {
    words.iter().map(|w| s(w)).collect()
}

const BUILT_IN_NAMESPACES: [&str; 4] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/// The role argument: the catalog GUID when the catalog knows the role (and has one for it, which
/// Azure SQL's database roles have not), the name otherwise.
pub fn role_arg(g: &AccessGrant) -> String {
    role_arg_of(&g.role)
}

pub fn role_arg_of(role: &str) -> String {
    match catalog::role_by_name(role) {
        Some(r) if !r.guid.is_empty() => r.guid.to_string(),
        _ => role.to_string(),
    }
}

/// The commands setup.sh must run for these answers, in order, written out independently of the
/// generator from the documented flow (azure-facts.md section 2 and the issue text).
pub fn expected_setup(a: &Answers) -> Vec<Vec<A>> {
    let sub = a.tenant.subscription_id.as_str();
    let rg = a.cluster.resource_group.as_str();
    let name = a.cluster.name.as_str();
    let loc = a.tenant.location.as_str();
    let cloud = match a.tenant.cloud {
        Cloud::AzureCloud => "AzureCloud",
        Cloud::AzureUSGovernment => "AzureUSGovernment",
        Cloud::AzureChinaCloud => "AzureChinaCloud",
    };
    let acr_id = format!(
        "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.ContainerRegistry/registries/{}",
        if a.cluster.acr_resource_group.is_empty() { rg } else { &a.cluster.acr_resource_group },
        a.cluster.acr_name
    );
    let entra = |c: &mut Vec<A>| {
        c.push(s("--enable-aad"));
        if !a.admin.admin_group_object_ids.is_empty() {
            c.extend([
                s("--aad-admin-group-object-ids"),
                s(&a.admin.admin_group_object_ids.join(",")),
            ]);
        }
        if !a.tenant.tenant_id.is_empty() {
            c.extend([s("--aad-tenant-id"), s(&a.tenant.tenant_id)]);
        }
    };
    let mut out = vec![
        cmd(&["az", "cloud", "set", "--name", cloud]),
        cmd(&[
            "az",
            "account",
            "show",
            "--subscription",
            sub,
            "--output",
            "none",
        ]),
    ];
    // Setup looks the cluster up before anything else touches it; the stub says a new bundle's
    // cluster does not exist yet and an existing bundle's does.
    let aks = |verb: &str| {
        cmd(&[
            "az",
            "aks",
            verb,
            "--resource-group",
            rg,
            "--name",
            name,
            "--subscription",
            sub,
        ])
    };
    let mut look_up = aks("show");
    look_up.extend([s("--output"), s("none")]);
    match a.cluster.mode {
        ClusterMode::New => {
            out.push(cmd(&[
                "az",
                "group",
                "create",
                "--name",
                rg,
                "--location",
                loc,
                "--subscription",
                sub,
            ]));
            out.push(look_up);
            let tier = match a.cluster.tier {
                Tier::Free => "free",
                Tier::Standard => "standard",
                Tier::Premium => "premium",
            };
            let count = a.cluster.node_count.to_string();
            let mut c = aks("create");
            c.insert(7, s("--location"));
            c.insert(8, s(loc));
            c.extend([s("--node-count"), s(&count), s("--tier"), s(tier)]);
            if !a.cluster.vm_size.is_empty() {
                c.extend([s("--node-vm-size"), s(&a.cluster.vm_size)]);
            }
            if !a.cluster.kubernetes_version.is_empty() {
                c.extend([s("--kubernetes-version"), s(&a.cluster.kubernetes_version)]);
            }
            entra(&mut c);
            if a.admin.azure_rbac {
                c.push(s("--enable-azure-rbac"));
            }
            if a.admin.disable_local_accounts {
                c.push(s("--disable-local-accounts"));
            }
            c.extend([
                s("--enable-oidc-issuer"),
                s("--enable-workload-identity"),
                s("--no-ssh-key"),
            ]);
            out.push(c);
        }
        ClusterMode::Existing => out.push(look_up),
    }
    // Then it reads the cluster's settings. The stub reports none of them on, so the update asks
    // for every flag the answers want.
    let mut read = aks("show");
    read.extend([
        s("--query"),
        s("[[to_string(aadProfile.managed), to_string(aadProfile.enableAzureRbac), to_string(disableLocalAccounts), to_string(oidcIssuerProfile.enabled), to_string(securityProfile.workloadIdentity.enabled), to_string(aadProfile.tenantId), to_string(aadProfile.adminGroupObjectIDs)]]"),
        s("--output"),
        s("tsv"),
    ]);
    out.push(read);
    let mut update = aks("update");
    entra(&mut update);
    if a.admin.azure_rbac {
        update.push(s("--enable-azure-rbac"));
    }
    if a.admin.disable_local_accounts {
        update.push(s("--disable-local-accounts"));
    }
    update.extend([s("--enable-oidc-issuer"), s("--enable-workload-identity")]);
    out.push(update);
    if !a.cluster.acr_name.is_empty() {
        let mut c = aks("update");
        c.extend([s("--attach-acr"), s(&acr_id)]);
        out.push(c);
    }
    out.push(cmd(&[
        "az",
        "aks",
        "show",
        "--resource-group",
        rg,
        "--name",
        name,
        "--subscription",
        sub,
        "--query",
        "oidcIssuerProfile.issuerUrl",
        "--output",
        "tsv",
    ]));
    for w in &a.workloads {
        let id = w.identity_name.as_str();
        out.push(cmd(&[
            "az",
            "identity",
            "create",
            "--resource-group",
            rg,
            "--name",
            id,
            "--location",
            loc,
            "--subscription",
            sub,
        ]));
        for q in ["clientId", "principalId"] {
            out.push(cmd(&[
                "az",
                "identity",
                "show",
                "--resource-group",
                rg,
                "--name",
                id,
                "--subscription",
                sub,
                "--query",
                q,
                "--output",
                "tsv",
            ]));
        }
        let subject = format!(
            "system:serviceaccount:{}:{}",
            w.namespace, w.service_account
        );
        out.push(cmd(&[
            "az",
            "identity",
            "federated-credential",
            "create",
            "--name",
            &w.federated_credential_name,
            "--identity-name",
            id,
            "--resource-group",
            rg,
            "--subscription",
            sub,
            "--issuer",
            STUB_ISSUER,
            "--subject",
            &subject,
            "--audiences",
            "api://AzureADTokenExchange",
        ]));
        for g in &w.grants {
            let role = role_arg(g);
            let scope = catalog::scope(a, g);
            match catalog::target(g.target).method {
                AssignmentMethod::AzureRbac => out.push(cmd(&[
                    "az",
                    "role",
                    "assignment",
                    "create",
                    "--assignee-object-id",
                    STUB_PRINCIPAL_ID,
                    "--assignee-principal-type",
                    "ServicePrincipal",
                    "--role",
                    &role,
                    "--scope",
                    &scope,
                    "--subscription",
                    sub,
                ])),
                AssignmentMethod::CosmosSql => {
                    let grg = if g.resource_group.is_empty() {
                        rg
                    } else {
                        g.resource_group.as_str()
                    };
                    let mut c = cmd(&[
                        "az",
                        "cosmosdb",
                        "sql",
                        "role",
                        "assignment",
                        "create",
                        "--account-name",
                        &g.resource_name,
                        "--resource-group",
                        grg,
                        "--subscription",
                        sub,
                        "--role-definition-id",
                        &role,
                        "--principal-id",
                        STUB_PRINCIPAL_ID,
                        "--scope",
                        &scope,
                    ]);
                    // The same ID on every run (tests/generate_scripts.rs checks it is stable).
                    c.extend([s("--role-assignment-id"), A::Guid]);
                    out.push(c)
                }
                AssignmentMethod::SqlTsql => {}
            }
        }
    }
    if let Some(p) = &a.pipeline {
        expected_pipeline_azure(a, p, &mut out);
    }
    if let Some(ws) = &a.workshop {
        expected_participants(a, ws, &mut out);
    }
    out.push(cmd(&[
        "az",
        "aks",
        "get-credentials",
        "--resource-group",
        rg,
        "--name",
        name,
        "--subscription",
        sub,
        "--overwrite-existing",
    ]));
    out.push(cmd(&["kubelogin", "convert-kubeconfig", "-l", "azurecli", "--context", name]));
    let mut seen: Vec<&str> = Vec::new();
    let pipeline_namespaces = a.pipeline.iter().flat_map(|p| &p.namespaces);
    for ns in a.workloads.iter().map(|w| &w.namespace).chain(pipeline_namespaces) {
        if !BUILT_IN_NAMESPACES.contains(&ns.as_str()) && !seen.contains(&ns.as_str()) {
            seen.push(ns);
            out.push(vec![s("kubectl"), s("apply"), s("-f"), A::NamespaceFile(ns.clone())]);
        }
    }
    for (i, _) in a.workloads.iter().enumerate() {
        out.push(vec![
            s("kubectl"),
            s("annotate"),
            s("--local"),
            s("-f"),
            A::ServiceAccountFile(i),
            s("--overwrite"),
            s("--output"),
            s("yaml"),
            s(&format!(
                "azure.workload.identity/client-id={STUB_CLIENT_ID}"
            )),
        ]);
        out.push(cmd(&["kubectl", "apply", "-f", "-"]));
        out.push(vec![s("kubectl"), s("apply"), s("-f"), A::WorkloadFile(i)]);
    }
    // Without Azure RBAC for Kubernetes, the pipeline's right to deploy is a RoleBinding per
    // namespace, bound to its identity's object ID (a User subject) as it is applied.
    if let Some(p) = a.pipeline.as_ref().filter(|_| !a.admin.azure_rbac) {
        for k in 0..p.namespaces.len() {
            out.push(vec![
                s("kubectl"),
                s("set"),
                s("subject"),
                s("--local"),
                s("-f"),
                A::RoleBindingFile(k),
                s("--user"),
                s(STUB_PRINCIPAL_ID),
                s("--output"),
                s("yaml"),
            ]);
            out.push(cmd(&["kubectl", "apply", "-f", "-"]));
        }
    }
    out
}

/// GitHub's OIDC issuer and the subject its token carries for the deploy job (docs.github.com,
/// actions/reference/security/oidc), written out here independently of the generator.
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";

pub fn github_subject(p: &Pipeline) -> String {
    if !p.environment.is_empty() {
        return format!("repo:{}:environment:{}", p.repository, p.environment);
    }
    match p.trigger {
        PipelineTrigger::Branch => format!("repo:{}:ref:refs/heads/{}", p.repository, p.ref_pattern),
        PipelineTrigger::Tag => format!("repo:{}:ref:refs/tags/{}", p.repository, p.ref_pattern),
        PipelineTrigger::PullRequest => format!("repo:{}:pull_request", p.repository),
    }
}

/// Each workshop participant named by a sign-in name is looked up, then every named participant gets
/// Azure Kubernetes Service Cluster User Role on the cluster and the participant role on each of
/// their namespaces, as a User (`a` holds every participant's copy of the workloads).
fn expected_participants(a: &Answers, ws: &Workshop, out: &mut Vec<Vec<A>>) {
    let sub = a.tenant.subscription_id.as_str();
    let cluster = format!(
        "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.ContainerService/managedClusters/{}",
        a.cluster.resource_group, a.cluster.name
    );
    let names = ws.names();
    let per_participant = a.workloads.len() / names.len();
    for k in 0..names.len() {
        let Some(person) = ws.people.get(k).map(|p| p.trim()).filter(|p| !p.is_empty()) else { continue };
        let principal = if catalog::names::is_guid(person) {
            person.to_string()
        } else {
            out.push(cmd(&["az", "ad", "user", "show", "--id", person, "--query", "id", "--output", "tsv"]));
            STUB_USER_ID.to_string()
        };
        let assign = |role: &str, scope: &str| {
            cmd(&[
                "az", "role", "assignment", "create", "--assignee-object-id", &principal, "--assignee-principal-type", "User",
                "--role", role, "--scope", scope, "--subscription", sub,
            ])
        };
        out.push(assign("4abbcc35-e782-43d8-92c5-2d3f1bd2253f", &cluster));
        let mut namespaces: Vec<&str> = Vec::new();
        for w in &a.workloads[k * per_participant..(k + 1) * per_participant] {
            if !namespaces.contains(&w.namespace.as_str()) {
                namespaces.push(&w.namespace);
            }
        }
        for ns in namespaces {
            out.push(assign(&role_arg_of(&ws.participant_role), &format!("{cluster}/namespaces/{ns}")));
        }
    }
}

/// The pipeline's identity, its federated credential for GitHub and its role assignments: the
/// cluster user role on the cluster, the deploy role on each namespace (Azure RBAC for Kubernetes
/// only), AcrPush on the registry when it pushes images. GUIDs from built-in-roles.md.
fn expected_pipeline_azure(a: &Answers, p: &Pipeline, out: &mut Vec<Vec<A>>) {
    let sub = a.tenant.subscription_id.as_str();
    let rg = a.cluster.resource_group.as_str();
    let id = p.identity_name.as_str();
    out.push(cmd(&["az", "identity", "create", "--resource-group", rg, "--name", id, "--location", &a.tenant.location, "--subscription", sub]));
    for q in ["clientId", "principalId"] {
        out.push(cmd(&["az", "identity", "show", "--resource-group", rg, "--name", id, "--subscription", sub, "--query", q, "--output", "tsv"]));
    }
    out.push(cmd(&[
        "az", "identity", "federated-credential", "create", "--name", &p.federated_credential_name, "--identity-name", id,
        "--resource-group", rg, "--subscription", sub, "--issuer", GITHUB_ISSUER, "--subject", &github_subject(p),
        "--audiences", "api://AzureADTokenExchange",
    ]));
    let cluster = format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{}", a.cluster.name);
    let assign = |role: &str, scope: &str| {
        cmd(&[
            "az", "role", "assignment", "create", "--assignee-object-id", STUB_PRINCIPAL_ID, "--assignee-principal-type",
            "ServicePrincipal", "--role", role, "--scope", scope, "--subscription", sub,
        ])
    };
    out.push(assign("4abbcc35-e782-43d8-92c5-2d3f1bd2253f", &cluster));
    if a.admin.azure_rbac {
        let role = role_arg_of(&p.deploy_role);
        for ns in &p.namespaces {
            out.push(assign(&role, &format!("{cluster}/namespaces/{ns}")));
        }
    }
    if p.push_images && !a.cluster.acr_name.is_empty() {
        let acr_rg = if a.cluster.acr_resource_group.is_empty() { rg } else { &a.cluster.acr_resource_group };
        let acr = format!("/subscriptions/{sub}/resourceGroups/{acr_rg}/providers/Microsoft.ContainerRegistry/registries/{}", a.cluster.acr_name);
        out.push(assign("8311e382-0749-4cb8-b61a-304f252e45ec", &acr));
    }
}

/// Checks one recorded argument against its expectation; manifest paths are opened in the bundle and
/// parsed back into typed objects (by serde_yaml: the crate's own reader reads answers only).
pub fn arg_matches(a: &Answers, bundle: &Path, want: &A, got: &str) -> Result<(), String> {
    let read = |p: &str| -> Result<String, String> {
        let path = Path::new(p);
        // A `..` component would leave the bundle; `..` inside a file name (`a_..b.yaml`) is harmless.
        if path.is_absolute()
            || path
                .components()
                .any(|c| c == std::path::Component::ParentDir)
        {
            return Err(format!("manifest path {p:?} leaves the bundle"));
        }
        std::fs::read_to_string(bundle.join(path)).map_err(|e| format!("{p:?}: {e}"))
    };
    match want {
        A::S(v) if v == got => Ok(()),
        A::S(v) => Err(format!("expected {v:?}, got {got:?}")),
        A::Guid => {
            let hex = got.chars().filter(char::is_ascii_hexdigit).count();
            (got.len() == 36 && hex == 32 && got.matches('-').count() == 4)
                .then_some(())
                .ok_or(format!("expected a GUID, got {got:?}"))
        }
        A::NamespaceFile(ns) => {
            let doc: k8s::Namespace = serde_yaml::from_str(&read(got)?).map_err(|e| e.to_string())?;
            (doc == k8s::namespace(ns))
                .then_some(())
                .ok_or(format!("{got} is not namespace {ns:?}"))
        }
        A::ServiceAccountFile(i) => {
            let doc: k8s::ServiceAccount =
                serde_yaml::from_str(&read(got)?).map_err(|e| e.to_string())?;
            let w = &a.workloads[*i];
            (doc.metadata.name == w.service_account
                && doc.metadata.namespace.as_deref() == Some(w.namespace.as_str()))
            .then_some(())
            .ok_or(format!(
                "{got} is not ServiceAccount {:?}/{:?}",
                w.namespace, w.service_account
            ))
        }
        A::RoleBindingFile(k) => {
            let doc: k8s::RoleBinding = serde_yaml::from_str(&read(got)?).map_err(|e| e.to_string())?;
            let ns = a.pipeline.as_ref().and_then(|p| p.namespaces.get(*k)).ok_or("no such pipeline namespace")?;
            (doc.kind == "RoleBinding"
                && doc.metadata.namespace.as_deref() == Some(ns.as_str())
                && doc.role_ref.kind == "ClusterRole"
                && doc.subjects.is_empty())
            .then_some(())
            .ok_or(format!("{got} is not the pipeline's RoleBinding in {ns:?}"))
        }
        A::WorkloadFile(i) => {
            let text = read(got)?;
            let w = &a.workloads[*i];
            let ok = match w.kind {
                WorkloadKind::Pod => {
                    serde_yaml::from_str::<k8s::Pod>(&text).map(|d| d.metadata.name == w.app_name)
                }
                WorkloadKind::Deployment => {
                    serde_yaml::from_str::<k8s::Deployment>(&text).map(|d| d.metadata.name == w.app_name)
                }
            }
            .map_err(|e| e.to_string())?;
            ok.then_some(())
                .ok_or(format!("{got} is not the manifest of {:?}", w.app_name))
        }
    }
}

/// Asserts the recorded calls are exactly the expected ones, in order, argument by argument.
pub fn assert_calls(
    a: &Answers,
    bundle: &Path,
    calls: &[(Vec<String>, String)],
    expected: &[Vec<A>],
) -> Result<(), String> {
    for (k, (want, (got, _))) in expected.iter().zip(calls).enumerate() {
        if want.len() != got.len() {
            return Err(format!("call {k}: expected {want:?}\n got {got:?}"));
        }
        for (w, g) in want.iter().zip(got) {
            arg_matches(a, bundle, w, g).map_err(|e| format!("call {k} {got:?}: {e}"))?;
        }
    }
    if calls.len() != expected.len() {
        let names: Vec<String> = calls
            .iter()
            .map(|(c, _)| c.iter().take(4).cloned().collect::<Vec<_>>().join(" "))
            .collect();
        return Err(format!(
            "expected {} calls, got {}: {names:#?}",
            expected.len(),
            calls.len()
        ));
    }
    Ok(())
}

/// The values of PowerShell single-quoted literals in `text`, in order, decoded the way PowerShell
/// reads them: any of the five single-quote characters ends the string unless another one follows,
/// in which case that second character is kept. Also returns the text outside literals and comments.
pub fn ps_literals(text: &str) -> Result<(Vec<String>, String), String> {
    let is_q = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    let chars: Vec<char> = text.chars().collect();
    let mut lits = Vec::new();
    let mut outside = String::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if is_q(c) {
            let mut lit = String::new();
            k += 1;
            loop {
                let Some(&c) = chars.get(k) else {
                    return Err("unterminated single-quoted string".into());
                };
                if is_q(c) {
                    if chars.get(k + 1).is_some_and(|n| is_q(*n)) {
                        lit.push(chars[k + 1]);
                        k += 2;
                        continue;
                    }
                    k += 1;
                    break;
                }
                lit.push(c);
                k += 1;
            }
            lits.push(lit);
        } else if c == '"' {
            // Double-quoted strings only appear in the fixed helper code; skip to the closing quote.
            k += 1;
            while k < chars.len() && chars[k] != '"' {
                k += if chars[k] == '`' { 2 } else { 1 };
            }
            k += 1;
        } else if c == '#' {
            while k < chars.len() && chars[k] != '\n' {
                k += 1;
            }
        } else {
            outside.push(c);
            k += 1;
        }
    }
    Ok((lits, outside))
}

// ---- hostile answers ----

pub const CANARY: &str = "pwned";

/// Text meant to break out of quoting in bash, PowerShell, YAML or Markdown. Anything that runs
/// `touch pwned` would leave a file named `pwned` in the script's directory.
pub const HOSTILE: &[&str] = &[
    "$(touch pwned)",
    "`touch pwned`",
    "'; touch pwned; '",
    "\"; touch pwned; \"",
    "\u{2019}; touch pwned; \u{2018}",
    "\u{201A}$(touch pwned)\u{201B}",
    "a\nb\rc",
    "--help",
    "-rf",
    "",
    " spaced  out ",
    "${IFS}x",
    "*",
    "~root",
    "{a,b}",
    "!!",
    "\u{200F}\u{202E}rtl",
    "\u{2028}line\u{2029}",
    "#comment",
    "key: value\n- item",
    "&anchor *alias",
    "`` ``` ````",
    "\\",
    "%PATH%&|<>^",
    "日本語 🦀",
    "\u{feff}bom",
];

// ---- the answer sets every generator test runs over ----

/// Hand-made answers that reach what the presets do not: national clouds, an existing cluster with
/// nothing switched on, registries in another resource group, Cosmos DB, Azure SQL, bare pods, the
/// default namespace.
pub fn fixtures() -> Vec<(String, Answers)> {
    let grant = |target,
                 resource_name: &str,
                 resource_group: &str,
                 sub_resource: &str,
                 need,
                 role: &str| AccessGrant {
        target,
        resource_name: resource_name.into(),
        resource_group: resource_group.into(),
        sub_resource: sub_resource.into(),
        need,
        role: role.into(),
        scope: ScopeLevel::Resource,
    };

    let mut sovereign = Answers::default();
    sovereign.tenant.cloud = Cloud::AzureChinaCloud;
    sovereign.tenant.location = "chinanorth3".into();
    sovereign.cluster.mode = ClusterMode::Existing;
    sovereign.cluster.existing = ExistingFeatures {
        entra_id: false,
        oidc_issuer: false,
        workload_identity: false,
    };
    sovereign.cluster.acr_name = "acrshared".into();
    sovereign.cluster.acr_resource_group = "rg-shared".into();
    sovereign.admin.azure_rbac = false;
    sovereign.admin.disable_local_accounts = false;
    let mut w = Workload::example(0);
    w.namespace = "default".into();
    w.kind = WorkloadKind::Pod;
    w.grants = vec![
        grant(
            TargetKind::CosmosDb,
            "cosmos-orders",
            "rg-data",
            "shop/orders",
            AccessNeed::Read,
            "Cosmos DB Built-in Data Reader",
        ),
        grant(
            TargetKind::AzureSql,
            "sql-orders",
            "rg-data",
            "sales",
            AccessNeed::Write,
            "db_datawriter",
        ),
        grant(
            TargetKind::KeyVaultKeys,
            "kv-orders",
            "",
            "signing",
            AccessNeed::Read,
            "Key Vault Crypto User",
        ),
    ];
    sovereign.workloads = vec![w];

    let mut gov = Answers::default();
    gov.tenant.cloud = Cloud::AzureUSGovernment;
    gov.tenant.location = "usgovvirginia".into();
    gov.cluster.vm_size = "Standard_D4s_v5".into();
    gov.cluster.kubernetes_version = "1.35".into();
    gov.cluster.tier = Tier::Premium;
    gov.cluster.acr_name = "acrgovimages".into();
    gov.admin
        .admin_group_object_ids
        .push("33333333-3333-3333-3333-333333333333".into());
    let mut second = Workload::example(1);
    second.namespace = "jobs".into();
    second.grants = vec![grant(
        TargetKind::StorageQueue,
        "stgovjobs",
        "",
        "work",
        AccessNeed::Receive,
        "Storage Queue Data Message Processor",
    )];
    gov.workloads.push(second);

    // A deploy pipeline on a cluster without Azure RBAC for Kubernetes (its rights are RoleBindings),
    // running for release tags through an environment, into two namespaces.
    let mut k8s_rbac = Answers::default();
    k8s_rbac.admin.azure_rbac = false;
    k8s_rbac.admin.disable_local_accounts = false;
    let mut jobs = Workload::example(1);
    jobs.namespace = "jobs".into();
    jobs.grants[0].sub_resource = "jobs-input".into();
    k8s_rbac.workloads.push(jobs);
    let mut p = Pipeline::example(&k8s_rbac);
    p.repository = "contoso-labs/demo.app".into();
    p.trigger = PipelineTrigger::Tag;
    p.ref_pattern = "v*".into();
    p.environment = "release".into();
    k8s_rbac.pipeline = Some(p);

    // A class of three: each participant runs an app that writes to their own container and a
    // reader of the shared handouts container (read-only, so sharing it is fine). One participant is
    // named by sign-in name, one by object ID, and the third is not known yet.
    let mut class3 = Answers::default();
    class3.cluster.name = "aks-class".into();
    let mut writer = Workload::example(0);
    writer.app_name = "lab-app".into();
    writer.namespace = "{participant}".into();
    writer.service_account = "lab-app".into();
    writer.identity_name = "id-{participant}".into();
    writer.federated_credential_name = "fic-{participant}".into();
    writer.grants = vec![grant(TargetKind::StorageBlob, "stclassdata", "", "{participant}", AccessNeed::Write, "Storage Blob Data Contributor")];
    let mut reader = Workload::example(1);
    reader.app_name = "handout-reader".into();
    reader.namespace = "{participant}".into();
    reader.service_account = "handout-reader".into();
    reader.identity_name = "id-{participant}-reader".into();
    reader.federated_credential_name = "fic-{participant}-reader".into();
    reader.grants = vec![grant(TargetKind::StorageBlob, "stclassdata", "", "handouts", AccessNeed::Read, "Storage Blob Data Reader")];
    class3.workloads = vec![writer, reader];
    let mut ws = Workshop::example(3);
    ws.name_pattern = "team-{n}".into();
    ws.people = vec!["ada@contoso.example".into(), "44444444-4444-4444-4444-444444444444".into()];
    class3.workshop = Some(ws);

    // A class of twenty, everyone known by sign-in name, one template app.
    let mut class20 = Answers::default();
    class20.cluster.name = "aks-class20".into();
    let mut app = Workload::example(0);
    app.app_name = "lab-app".into();
    app.namespace = "{participant}".into();
    app.service_account = "lab-app".into();
    app.identity_name = "id-{participant}".into();
    app.federated_credential_name = "fic-{participant}".into();
    app.kind = WorkloadKind::Pod;
    app.grants = vec![grant(TargetKind::StorageQueue, "stclass20", "", "{participant}", AccessNeed::Send, "Storage Queue Data Message Sender")];
    class20.workloads = vec![app];
    let mut ws = Workshop::example(20);
    ws.people = (1..=20).map(|n| format!("student{n:02}@school.example")).collect();
    class20.workshop = Some(ws);

    vec![
        ("fixture-workshop-3".into(), class3),
        ("fixture-workshop-20".into(), class20),
        ("fixture-china-existing".into(), sovereign),
        ("fixture-usgov-new".into(), gov),
        ("fixture-pipeline-kubernetes-rbac".into(), k8s_rbac),
    ]
}

/// [`cases`] as the scripts see them: a workshop's workloads copied once per participant. For tests
/// that compare the scripts with the workloads they act on.
pub fn expanded_cases() -> Vec<(String, Answers)> {
    cases().into_iter().map(|(name, a)| (name, aks_identity_wizard::answers::workshop::expand(&a).into_owned())).collect()
}

/// ("default", Answers::default()), one case per preset in public/presets/, and the fixtures.
pub fn cases() -> Vec<(String, Answers)> {
    let mut cases = vec![("default".to_string(), Answers::default())];
    let dir = repo_root().join("public/presets");
    let mut presets: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    presets.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    presets.sort();
    for p in presets {
        let text = std::fs::read_to_string(&p).expect("read preset");
        let a = from_yaml(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
        cases.push((format!("preset-{name}"), a));
    }
    cases.extend(fixtures());
    cases
}
