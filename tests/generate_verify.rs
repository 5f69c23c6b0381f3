//! verify.sh against answering stubs: for the default answers, every preset and the fixtures, the stub
//! `az`/`kubectl` reply from a table written here from the answers alone (what a correctly set-up
//! cluster, identity, credential, ServiceAccount, role assignments and pod would report). verify.sh must
//! then pass every check it is meant to make, and each single thing set up wrong must fail exactly the
//! check that names it, with that check's hint, while every other check still passes.

mod generate_support;

use aks_identity_wizard::answers::{AccessGrant, Answers, Cloud, ScopeLevel, WorkloadKind};
use aks_identity_wizard::catalog::{self, AssignmentMethod};
use aks_identity_wizard::generate::{self, k8s, layout};
use generate_support::*;
use std::path::Path;

/// What verify.sh reads, one kind per query.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Q {
    Account,
    Cloud,
    Aks(&'static str),
    Identity(usize, &'static str),
    Fic(usize, &'static str),
    Annotation(usize),
    Grant(usize, usize),
    Env(usize, &'static str),
}

/// One check verify.sh makes: its `ok` label, the start of its `FAIL` line and a phrase of its hint.
#[derive(Debug, Clone)]
struct Check {
    ok: String,
    fail: String,
    hint: &'static str,
}

const MANAGED: &str = "aadProfile.managed";
const OIDC: &str = "oidcIssuerProfile.enabled";
const WI: &str = "securityProfile.workloadIdentity.enabled";
const ISSUER: &str = "oidcIssuerProfile.issuerUrl";
const TOKEN_FILE: &str = "/var/run/secrets/azure/tokens/azure-identity-token";
const ENV: [&str; 4] = [
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_AUTHORITY_HOST",
    "AZURE_FEDERATED_TOKEN_FILE",
];

fn client_id(i: usize) -> String {
    format!("c11e{i:04x}-0000-4000-8000-00000000c11e")
}

fn principal_id(i: usize) -> String {
    format!("9a1c{i:04x}-0000-4000-8000-0000000009a1")
}

fn issuer(a: &Answers, cluster: &str) -> String {
    // azure-facts.md: https://{region}.oic.prod-aks.azure.com/{tenant_id}/{uuid}/ (note trailing slash)
    format!(
        "https://{}.oic.prod-aks.azure.com/{}/{cluster}/",
        a.tenant.location, a.tenant.tenant_id
    )
}

fn authority_host(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::AzureCloud => "https://login.microsoftonline.com/",
        Cloud::AzureUSGovernment => "https://login.microsoftonline.us/",
        Cloud::AzureChinaCloud => "https://login.chinacloudapi.cn/",
    }
}

fn cloud_name(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::AzureCloud => "AzureCloud",
        Cloud::AzureUSGovernment => "AzureUSGovernment",
        Cloud::AzureChinaCloud => "AzureChinaCloud",
    }
}

fn method(g: &AccessGrant) -> AssignmentMethod {
    catalog::target(g.target).method
}

fn grant_rg<'a>(a: &'a Answers, g: &'a AccessGrant) -> &'a str {
    if g.resource_group.is_empty() {
        &a.cluster.resource_group
    } else {
        &g.resource_group
    }
}

fn cosmos_account_id(a: &Answers, g: &AccessGrant) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.DocumentDB/databaseAccounts/{}",
        a.tenant.subscription_id,
        grant_rg(a, g),
        g.resource_name
    )
}

/// The role's GUID as Azure knows it: the catalog's, or a made-up one for a custom role.
fn role_guid(g: &AccessGrant) -> String {
    let arg = role_arg(g);
    if arg == g.role {
        "0c0570e0-0000-4000-8000-00000c057000".into()
    } else {
        arg
    }
}

/// One row of the role-assignment listing as `--query '[].[principalId, roleDefinitionId,
/// roleDefinitionName, scope]' --output tsv` prints it (Cosmos: the definition ID twice).
fn assignment_row(a: &Answers, g: &AccessGrant, principal: &str, scope: &str) -> String {
    match method(g) {
        AssignmentMethod::CosmosSql => {
            let def = format!(
                "{}/sqlRoleDefinitions/{}",
                cosmos_account_id(a, g),
                role_guid(g)
            );
            format!("{principal}\t{def}\t{def}\t{scope}")
        }
        _ => format!(
            "{principal}\t/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}\t{}\t{scope}",
            a.tenant.subscription_id,
            role_guid(g),
            g.role
        ),
    }
}

/// The scope column of our assignment: the ARM ID for Azure RBAC; for Cosmos the account ID with the
/// data-plane path appended (az prints it fully qualified).
fn assigned_scope(a: &Answers, g: &AccessGrant) -> String {
    let scope = catalog::scope(a, g);
    match method(g) {
        AssignmentMethod::CosmosSql if scope == "/" => cosmos_account_id(a, g),
        AssignmentMethod::CosmosSql => format!("{}{scope}", cosmos_account_id(a, g)),
        _ => scope,
    }
}

/// Our assignment first, then somebody else's at the same scope, the way a real listing mixes them.
fn listing(a: &Answers, g: &AccessGrant, ours: &str) -> String {
    listing_at(a, g, ours, &assigned_scope(a, g))
}

/// [`listing`] with the other principal's assignment at `scope`.
fn listing_at(a: &Answers, g: &AccessGrant, ours: &str, scope: &str) -> String {
    let other = assignment_row(
        a,
        &AccessGrant {
            role: "Reader".into(),
            ..g.clone()
        },
        "0be70000-0000-4000-8000-0000000be700",
        scope,
    );
    format!("{ours}\n{other}\n")
}

struct World {
    table: Vec<(Q, Vec<String>, String)>,
    checks: Vec<(Q, Check)>,
    notes: usize,
}

/// A command line: the fixed words (split on spaces), then each option and its value in order; an
/// empty option name puts the value alone (a positional argument).
fn call(words: &str, opts: &[(&str, &str)]) -> Vec<String> {
    let mut v: Vec<String> = words.split(' ').map(str::to_string).collect();
    for (k, val) in opts {
        if !k.is_empty() {
            v.push(k.to_string());
        }
        v.push(val.to_string());
    }
    v
}

const OWN_CLUSTER: &str = "5e1f3a2b-0c4d-4e6f-8a9b-0c1d2e3f4a5b";

/// The replies of a correctly set-up world, and the checks verify.sh must make, from the answers.
fn world(a: &Answers) -> World {
    let sub = a.tenant.subscription_id.as_str();
    let rg = a.cluster.resource_group.as_str();
    let cluster = a.cluster.name.as_str();
    let mut table = Vec::new();
    let mut checks = Vec::new();
    let mut notes = 0;
    let mut check = |q: Q, ok: String, fail: Option<String>, hint: &'static str| {
        let fail = fail.unwrap_or_else(|| ok.clone());
        checks.push((q, Check { ok, fail, hint }));
    };
    // az --output tsv ends its value with a newline; kubectl's jsonpath output does not.
    let tsv = |v: &str| format!("{v}\n");
    let az_tsv = |words: &str, opts: &[(&str, &str)], query: &str| {
        let mut opts = opts.to_vec();
        opts.extend([("--query", query), ("--output", "tsv")]);
        call(words, &opts)
    };

    let account = az_tsv("az account show", &[("--subscription", sub)], "id");
    table.push((Q::Account, account, tsv(sub)));
    let label = "Signed in, with access to the subscription";
    check(Q::Account, label.into(), None, "az login");
    let cloud = az_tsv("az cloud show", &[], "name");
    table.push((Q::Cloud, cloud, tsv(cloud_name(a.tenant.cloud))));
    let label = "Azure CLI uses the right cloud";
    check(Q::Cloud, label.into(), None, "az cloud set --name");
    let aks_opts = [
        ("--resource-group", rg),
        ("--name", cluster),
        ("--subscription", sub),
    ];
    for (q, label) in [
        (MANAGED, "Managed Entra ID is on"),
        (OIDC, "OIDC issuer is on"),
        (WI, "Workload identity is on"),
    ] {
        table.push((Q::Aks(q), az_tsv("az aks show", &aks_opts, q), tsv("true")));
        check(
            Q::Aks(q),
            label.into(),
            None,
            "Run setup.sh (it turns this on).",
        );
    }
    let own_issuer = issuer(a, OWN_CLUSTER);
    table.push((
        Q::Aks(ISSUER),
        az_tsv("az aks show", &aks_opts, ISSUER),
        tsv(&own_issuer),
    ));

    for (i, w) in a.workloads.iter().enumerate() {
        let n = i + 1;
        let id = w.identity_name.as_str();
        let id_opts = [
            ("--resource-group", rg),
            ("--name", id),
            ("--subscription", sub),
        ];
        for (q, value) in [("clientId", client_id(i)), ("principalId", principal_id(i))] {
            let show = az_tsv("az identity show", &id_opts, q);
            table.push((Q::Identity(i, q), show, tsv(&value)));
        }
        check(
            Q::Identity(i, "clientId"),
            format!("Workload {n}: managed identity exists"),
            Some(format!("Workload {n}: managed identity not found")),
            "Run setup.sh.",
        );
        let fic_opts = [
            ("--name", w.federated_credential_name.as_str()),
            ("--identity-name", id),
            ("--resource-group", rg),
            ("--subscription", sub),
        ];
        let subject = format!(
            "system:serviceaccount:{}:{}",
            w.namespace, w.service_account
        );
        for (q, value, label, hint) in [
            (
                "issuer",
                own_issuer.clone(),
                "federated credential issuer matches the cluster",
                "trailing slash included",
            ),
            (
                "subject",
                subject,
                "federated credential subject matches the ServiceAccount",
                "system:serviceaccount:<namespace>:<name>",
            ),
            (
                "audiences[0]",
                "api://AzureADTokenExchange".into(),
                "federated credential audience",
                "the audience api://AzureADTokenExchange",
            ),
        ] {
            let show = az_tsv("az identity federated-credential show", &fic_opts, q);
            table.push((Q::Fic(i, q), show, tsv(&value)));
            let ok = format!("Workload {n}: {label}");
            check(
                Q::Fic(i, q),
                ok.clone(),
                Some(format!("{ok}: expected")),
                hint,
            );
        }
        let sa = call(
            "kubectl get serviceaccount",
            &[
                ("--context", cluster),
                ("", &w.service_account),
                ("--namespace", &w.namespace),
                (
                    "--output",
                    "jsonpath={.metadata.annotations.azure\\.workload\\.identity/client-id}",
                ),
            ],
        );
        table.push((Q::Annotation(i), sa, client_id(i)));
        let ok = format!("Workload {n}: ServiceAccount annotation holds the identity's client ID");
        let fail = Some(format!("{ok}: expected"));
        check(Q::Annotation(i), ok, fail, "(not its principal ID)");

        for (j, g) in w.grants.iter().enumerate() {
            let list = match method(g) {
                AssignmentMethod::AzureRbac => az_tsv(
                    "az role assignment list",
                    &[("--scope", &catalog::scope(a, g)), ("--subscription", sub)],
                    "[].[principalId, roleDefinitionId, roleDefinitionName, scope]",
                ),
                AssignmentMethod::CosmosSql => az_tsv(
                    "az cosmosdb sql role assignment list",
                    &[
                        ("--account-name", &g.resource_name),
                        ("--resource-group", grant_rg(a, g)),
                        ("--subscription", sub),
                    ],
                    "[].[principalId, roleDefinitionId, roleDefinitionId, scope]",
                ),
                AssignmentMethod::SqlTsql => {
                    notes += 1;
                    continue;
                }
            };
            let ours = assignment_row(a, g, &principal_id(i), &assigned_scope(a, g));
            table.push((Q::Grant(i, j), list, listing(a, g, &ours)));
            let ok = format!("Workload {n}: grant {} is assigned at its scope", j + 1);
            check(Q::Grant(i, j), ok, None, "up to 10 minutes");
        }

        let selector = format!("{}={}", k8s::APP_LABEL, w.app_name);
        for name in ENV {
            let value = match name {
                "AZURE_CLIENT_ID" => client_id(i),
                "AZURE_TENANT_ID" => a.tenant.tenant_id.clone(),
                "AZURE_AUTHORITY_HOST" => authority_host(a.tenant.cloud).into(),
                _ => TOKEN_FILE.into(),
            };
            let jsonpath = format!(
                "jsonpath={{.items[-1:].spec.containers[0].env[?(@.name==\"{name}\")].value}}"
            );
            let get = call(
                "kubectl get pods",
                &[
                    ("--context", cluster),
                    ("--namespace", &w.namespace),
                    ("--selector", &selector),
                    ("--field-selector", "status.phase=Running"),
                    ("--sort-by", ".metadata.creationTimestamp"),
                    ("--output", &jsonpath),
                ],
            );
            table.push((Q::Env(i, name), get, value));
            let ok = format!("Workload {n}: pod got {name}");
            let fail = if name == "AZURE_FEDERATED_TOKEN_FILE" {
                format!("Workload {n}: pod has no {name}")
            } else {
                format!("{ok}: expected")
            };
            check(
                Q::Env(i, name),
                ok,
                Some(fail),
                "azure.workload.identity/use",
            );
        }
    }
    World {
        table,
        checks,
        notes,
    }
}

impl World {
    fn replies(&self) -> ReplyTable {
        let mut t = ReplyTable::default();
        for (_, argv, reply) in &self.table {
            t.insert(argv.clone(), reply.clone());
        }
        t
    }

    fn reply_mut(&mut self, q: Q) -> &mut String {
        &mut self
            .table
            .iter_mut()
            .find(|(k, _, _)| *k == q)
            .unwrap_or_else(|| panic!("no reply for {q:?}"))
            .2
    }
}

struct Run {
    code: Option<i32>,
    lines: Vec<String>,
    stdout: String,
    stderr: String,
}

fn run(stubs: &Stubs, dir: &Path, table: &ReplyTable) -> Run {
    stubs.clear();
    let out = stubs.run_answering(dir, "verify.sh", table);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    Run {
        code: out.status.code(),
        lines: stdout.lines().map(str::to_string).collect(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout,
    }
}

/// Everything verify.sh printed is a section header, an ok line, a note, or the summary.
fn assert_all_ok(name: &str, what: &str, r: &Run, w: &World) {
    let ctx = || format!("{name} ({what}):\n{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.code, Some(0), "{}", ctx());
    assert!(r.stderr.is_empty(), "{}", ctx());
    assert!(!r.stdout.contains("FAIL"), "{}", ctx());
    let mut oks = Vec::new();
    let mut notes = 0;
    for line in r.lines.iter().filter(|l| !l.is_empty()) {
        if let Some(label) = line.strip_prefix("ok    ") {
            oks.push(label.to_string());
        } else if line.starts_with("note  ") {
            notes += 1;
        } else {
            assert!(
                line.starts_with("==> ") || line == "All checks passed.",
                "{}: unexpected line {line:?}",
                ctx()
            );
        }
    }
    let want: Vec<&str> = w.checks.iter().map(|(_, c)| c.ok.as_str()).collect();
    assert_eq!(oks.len(), want.len(), "{}: number of ok checks", ctx());
    assert_eq!(oks, want, "{}", ctx());
    assert_eq!(notes, w.notes, "{}: one note per Azure SQL grant", ctx());
    assert_eq!(
        r.lines.last().map(String::as_str),
        Some("All checks passed."),
        "{}",
        ctx()
    );
}

/// Exactly the check `failed` is reported as FAIL (its line holding each of `shows`), followed by its
/// hint; every other check is ok; the summary counts one failure.
fn assert_one_failure(name: &str, what: &str, r: &Run, w: &World, failed: Q, shows: &[String]) {
    let ctx = || format!("{name} ({what}):\n{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.code, Some(1), "{}", ctx());
    assert!(r.stderr.is_empty(), "{}", ctx());
    let (_, bad) = w
        .checks
        .iter()
        .find(|(q, _)| *q == failed)
        .unwrap_or_else(|| panic!("{name}: no check for {failed:?}"));
    let fails: Vec<usize> = (0..r.lines.len())
        .filter(|k| r.lines[*k].starts_with("FAIL"))
        .collect();
    assert_eq!(fails.len(), 1, "{}: exactly one FAIL", ctx());
    let line = &r.lines[fails[0]];
    assert!(
        line.starts_with(&format!("FAIL  {}", bad.fail)),
        "{}: the FAIL line names {:?}",
        ctx(),
        bad.fail
    );
    for s in shows {
        assert!(
            line.contains(s.as_str()),
            "{}: the FAIL line shows {s:?}",
            ctx()
        );
    }
    let hint = r.lines.get(fails[0] + 1).map(String::as_str).unwrap_or("");
    assert!(
        hint.starts_with("      ") && hint.contains(bad.hint),
        "{}: hint {:?} follows the FAIL line",
        ctx(),
        bad.hint
    );
    let oks: Vec<&str> = r
        .lines
        .iter()
        .filter_map(|l| l.strip_prefix("ok    "))
        .collect();
    let want: Vec<&str> = w
        .checks
        .iter()
        .filter(|(q, _)| *q != failed)
        .map(|(_, c)| c.ok.as_str())
        .collect();
    assert_eq!(oks, want, "{}: every other check ok", ctx());
    assert!(r.stdout.contains("\n1 check(s) failed.\n"), "{}", ctx());
}

fn bundle_dir(a: &Answers, name: &str) -> TempDir {
    let files = generate::bundle(a).unwrap_or_else(|e| panic!("{name}: blocked by {e:#?}"));
    let dir = TempDir::new("verify-answering");
    write_bundle(dir.path(), &files);
    dir
}

#[test]
fn verify_passes_every_check_against_a_correct_setup() {
    let mut total_checks = 0;
    for (name, a) in cases() {
        let dir = bundle_dir(&a, &name);
        let stubs = Stubs::new();
        let w = world(&a);
        total_checks += w.checks.len();
        let r = run(&stubs, dir.path(), &w.replies());
        assert_all_ok(&name, "as set up", &r, &w);

        // Every query verify.sh makes is one of the expected read-only queries, each asked once, and
        // every expected query is asked: nothing was answered by chance.
        let calls: Vec<Vec<String>> = stubs.calls().into_iter().map(|(c, _)| c).collect();
        for c in &calls {
            assert!(read_only(c), "{name}: verify.sh ran {c:?}");
        }
        let mut asked = calls.clone();
        asked.sort();
        let mut expected: Vec<Vec<String>> = w.table.iter().map(|(_, k, _)| k.clone()).collect();
        expected.sort();
        assert_eq!(asked, expected, "{name}: the queries verify.sh makes");

        // The selector verify.sh finds the pod by is on the pod the bundle deploys.
        let lay = layout::layout(&a);
        for (i, wl) in a.workloads.iter().enumerate() {
            let text = std::fs::read_to_string(dir.path().join(&lay.workloads[i].workload))
                .expect("workload manifest");
            let labels = match wl.kind {
                WorkloadKind::Pod => {
                    serde_yaml::from_str::<k8s::Pod>(&text)
                        .expect("pod")
                        .metadata
                        .labels
                }
                WorkloadKind::Deployment => {
                    serde_yaml::from_str::<k8s::Deployment>(&text)
                        .expect("deployment")
                        .spec
                        .template
                        .metadata
                        .labels
                }
            };
            assert_eq!(
                labels.get(k8s::APP_LABEL),
                Some(&wl.app_name),
                "{name}: pod label"
            );
            assert_eq!(
                labels.get(k8s::USE_LABEL).map(String::as_str),
                Some("true"),
                "{name}"
            );
        }
    }
    assert!(total_checks > 0);
}

/// Read-only: az only shows or lists (the last word before the options), kubectl only gets.
fn read_only(argv: &[String]) -> bool {
    const WRITES: [&str; 12] = [
        "create", "update", "delete", "set", "add", "remove", "apply", "annotate", "label",
        "patch", "edit", "replace",
    ];
    let words: Vec<&str> = argv
        .iter()
        .take_while(|w| !w.starts_with('-'))
        .map(String::as_str)
        .collect();
    if words.iter().any(|w| WRITES.contains(w)) {
        return false;
    }
    match words.first() {
        Some(&"az") => matches!(words.last(), Some(&"show" | &"list")),
        Some(&"kubectl") => words.get(1) == Some(&"get"),
        _ => false,
    }
}

#[test]
fn verify_passes_with_the_other_shapes_az_prints() {
    for (name, a) in cases() {
        let dir = bundle_dir(&a, &name);
        let stubs = Stubs::new();
        let w = world(&a);

        // Booleans as Python prints them in tsv.
        let mut t = World {
            table: w.table.clone(),
            checks: w.checks.clone(),
            notes: w.notes,
        };
        for q in [MANAGED, OIDC, WI] {
            *t.reply_mut(Q::Aks(q)) = "True\n".into();
        }
        assert_all_ok(
            &name,
            "True/False booleans",
            &run(&stubs, dir.path(), &t.replies()),
            &w,
        );

        // az on Windows shells (Git Bash, WSL calling az.cmd) ends every line with CR LF.
        let mut crlf = ReplyTable::default();
        for (_, argv, reply) in &w.table {
            let reply = if argv[0] == "az" {
                reply.replace('\n', "\r\n")
            } else {
                reply.clone()
            };
            crlf.insert(argv.clone(), reply);
        }
        assert_all_ok(
            &name,
            "CR LF line ends",
            &run(&stubs, dir.path(), &crlf),
            &w,
        );

        // IDs typed in upper case come back from Azure in lower case: the same IDs, so every check
        // still passes.
        let mut typed_upper = a.clone();
        typed_upper.tenant.tenant_id = "ABCDEF01-2345-6789-ABCD-EF0123456789".into();
        typed_upper.tenant.subscription_id = "FEDCBA98-7654-3210-FEDC-BA9876543210".into();
        let upper_dir = bundle_dir(&typed_upper, &name);
        let upper_world = world(&typed_upper);
        let mut lowered = ReplyTable::default();
        for (_, argv, reply) in &upper_world.table {
            lowered.insert(argv.clone(), lower_guids(reply));
        }
        assert_all_ok(
            &name,
            "IDs typed in upper case, printed in lower case",
            &run(&stubs, upper_dir.path(), &lowered),
            &upper_world,
        );
    }
}

/// The reply with every GUID-shaped word lower-cased, as Azure prints them, and nothing else changed.
fn lower_guids(reply: &str) -> String {
    let is_guid = |w: &str| {
        w.len() == 36
            && w.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
    };
    let mut out = String::new();
    let mut word = String::new();
    for c in reply.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_alphanumeric() || c == '-' {
            word.push(c);
            continue;
        }
        out.push_str(&if is_guid(&word) { word.to_ascii_lowercase() } else { std::mem::take(&mut word) });
        word.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

const WIDER_RBAC: &str = "role assigned at the resource group (or wider) instead of its scope";
const WIDER_COSMOS: &str = "Cosmos DB role assigned on the whole account instead of its database";
const NARROWER_COSMOS: &str = "Cosmos DB role assigned only inside the scope it should cover";

/// One thing set up wrong: the reply it changes, the check that must fail, what the FAIL line shows.
struct Mutation {
    what: &'static str,
    query: Q,
    reply: String,
    failed: Q,
    shows: Vec<String>,
}

fn mutations(a: &Answers) -> Vec<Mutation> {
    let nw = a.workloads.len();
    let mut out = Vec::new();
    let mut k = 0;
    // Each mutation lands on the next workload in turn, so multi-workload answers cover all of them.
    let mut next = || {
        k += 1;
        (k - 1) % nw
    };
    let shown = |s: &str| format!("found '{s}'");
    let own = issuer(a, OWN_CLUSTER);

    let i = next();
    let bare = own.trim_end_matches('/').to_string();
    out.push(Mutation {
        what: "issuer without its trailing slash",
        query: Q::Fic(i, "issuer"),
        reply: format!("{bare}\n"),
        failed: Q::Fic(i, "issuer"),
        shows: vec![format!("expected '{own}'"), shown(&bare)],
    });
    let i = next();
    let other = issuer(a, "0dd0c1a5-0000-4000-8000-0000000dd0c1");
    out.push(Mutation {
        what: "another cluster's issuer",
        query: Q::Fic(i, "issuer"),
        reply: format!("{other}\n"),
        failed: Q::Fic(i, "issuer"),
        shows: vec![shown(&other)],
    });
    let i = next();
    let wl = &a.workloads[i];
    let subject = format!(
        "system:serviceaccount:{}:{}-other",
        wl.namespace, wl.service_account
    );
    out.push(Mutation {
        what: "subject of another ServiceAccount",
        query: Q::Fic(i, "subject"),
        reply: format!("{subject}\n"),
        failed: Q::Fic(i, "subject"),
        shows: vec![shown(&subject)],
    });
    let i = next();
    let wl = &a.workloads[i];
    let subject = format!(
        "system:serviceaccount:{}-other:{}",
        wl.namespace, wl.service_account
    );
    out.push(Mutation {
        what: "subject in another namespace",
        query: Q::Fic(i, "subject"),
        reply: format!("{subject}\n"),
        failed: Q::Fic(i, "subject"),
        shows: vec![shown(&subject)],
    });
    let i = next();
    out.push(Mutation {
        what: "another audience",
        query: Q::Fic(i, "audiences[0]"),
        reply: "api://AzureADTokenExchange/\n".into(),
        failed: Q::Fic(i, "audiences[0]"),
        shows: vec![shown("api://AzureADTokenExchange/")],
    });
    let i = next();
    let stranger = client_id(i + 100);
    out.push(Mutation {
        what: "annotation holding another client ID",
        query: Q::Annotation(i),
        reply: stranger.clone(),
        failed: Q::Annotation(i),
        shows: vec![format!("expected '{}'", client_id(i)), shown(&stranger)],
    });
    let i = next();
    out.push(Mutation {
        what: "annotation holding the principal ID",
        query: Q::Annotation(i),
        reply: principal_id(i),
        failed: Q::Annotation(i),
        shows: vec![shown(&principal_id(i))],
    });
    let i = next();
    out.push(Mutation {
        what: "no annotation",
        query: Q::Annotation(i),
        reply: String::new(),
        failed: Q::Annotation(i),
        shows: vec![shown("nothing")],
    });
    let i = next();
    out.push(Mutation {
        what: "pod without AZURE_FEDERATED_TOKEN_FILE",
        query: Q::Env(i, "AZURE_FEDERATED_TOKEN_FILE"),
        reply: String::new(),
        failed: Q::Env(i, "AZURE_FEDERATED_TOKEN_FILE"),
        shows: vec![],
    });
    let i = next();
    out.push(Mutation {
        what: "pod with another identity's AZURE_CLIENT_ID",
        query: Q::Env(i, "AZURE_CLIENT_ID"),
        reply: client_id(i + 100),
        failed: Q::Env(i, "AZURE_CLIENT_ID"),
        shows: vec![shown(&client_id(i + 100))],
    });
    let i = next();
    let host = authority_host(match a.tenant.cloud {
        Cloud::AzureCloud => Cloud::AzureUSGovernment,
        _ => Cloud::AzureCloud,
    });
    out.push(Mutation {
        what: "pod with another cloud's AZURE_AUTHORITY_HOST",
        query: Q::Env(i, "AZURE_AUTHORITY_HOST"),
        reply: host.into(),
        failed: Q::Env(i, "AZURE_AUTHORITY_HOST"),
        shows: vec![shown(host)],
    });
    let i = next();
    out.push(Mutation {
        what: "pod without AZURE_TENANT_ID",
        query: Q::Env(i, "AZURE_TENANT_ID"),
        reply: String::new(),
        failed: Q::Env(i, "AZURE_TENANT_ID"),
        shows: vec![shown("nothing")],
    });
    out.push(Mutation {
        what: "workload identity off",
        query: Q::Aks(WI),
        reply: "false\n".into(),
        failed: Q::Aks(WI),
        shows: vec![shown("false")],
    });
    out.push(Mutation {
        what: "managed Entra ID off (null prints nothing)",
        query: Q::Aks(MANAGED),
        reply: String::new(),
        failed: Q::Aks(MANAGED),
        shows: vec![shown("nothing")],
    });

    // Role assignments: each mutation on the next assigned grant in turn.
    let grants: Vec<(usize, usize, &AccessGrant)> = a
        .workloads
        .iter()
        .enumerate()
        .flat_map(|(i, wl)| wl.grants.iter().enumerate().map(move |(j, g)| (i, j, g)))
        .filter(|(_, _, g)| method(g) != AssignmentMethod::SqlTsql)
        .collect();
    let mut k = 0;
    let mut next_grant = || {
        k += 1;
        grants.get((k - 1) % grants.len().max(1)).copied()
    };
    if let Some((i, j, g)) = next_grant() {
        // A wider scope: the resource group (or, for a grant already there, the subscription); for
        // Cosmos DB the whole account.
        let wider = match (method(g), g.scope) {
            (AssignmentMethod::CosmosSql, _) => {
                Some(cosmos_account_id(a, g)).filter(|_| catalog::scope(a, g) != "/")
            }
            (_, ScopeLevel::Resource) => Some(format!(
                "/subscriptions/{}/resourceGroups/{}",
                a.tenant.subscription_id,
                grant_rg(a, g)
            )),
            (_, ScopeLevel::ResourceGroup) => {
                Some(format!("/subscriptions/{}", a.tenant.subscription_id))
            }
            (_, ScopeLevel::Subscription) => None,
        };
        if let Some(wider) = wider {
            out.push(Mutation {
                what: if method(g) == AssignmentMethod::CosmosSql {
                    WIDER_COSMOS
                } else {
                    WIDER_RBAC
                },
                query: Q::Grant(i, j),
                reply: listing(a, g, &assignment_row(a, g, &principal_id(i), &wider)),
                failed: Q::Grant(i, j),
                shows: vec![],
            });
        }
    }
    // A Cosmos DB assignment narrower than the grant (a database inside the account, a container
    // inside the database) must not count as the grant itself.
    for (i, j, g) in grants.iter().copied().filter(|(_, _, g)| method(g) == AssignmentMethod::CosmosSql) {
        let narrower = match catalog::scope(a, g).as_str() {
            "/" => format!("{}/dbs/another-db", cosmos_account_id(a, g)),
            scope => format!("{}{}/colls/another-container", cosmos_account_id(a, g), scope.trim_end_matches('/')),
        };
        out.push(Mutation {
            what: NARROWER_COSMOS,
            query: Q::Grant(i, j),
            reply: listing_at(a, g, &assignment_row(a, g, &principal_id(i), &narrower), &narrower),
            failed: Q::Grant(i, j),
            shows: vec![],
        });
    }
    if let Some((i, j, g)) = next_grant() {
        let other = AccessGrant {
            role: "Contributor".into(),
            ..g.clone()
        };
        out.push(Mutation {
            what: "another role at the scope",
            query: Q::Grant(i, j),
            reply: listing(
                a,
                g,
                &assignment_row(a, &other, &principal_id(i), &assigned_scope(a, g)),
            ),
            failed: Q::Grant(i, j),
            shows: vec![],
        });
    }
    if let Some((i, j, g)) = next_grant() {
        out.push(Mutation {
            what: "the role given to another identity",
            query: Q::Grant(i, j),
            reply: listing(
                a,
                g,
                &assignment_row(a, g, &principal_id(i + 100), &assigned_scope(a, g)),
            ),
            failed: Q::Grant(i, j),
            shows: vec![],
        });
    }
    if let Some((i, j, _)) = next_grant() {
        out.push(Mutation {
            what: "no role assignment listed",
            query: Q::Grant(i, j),
            reply: String::new(),
            failed: Q::Grant(i, j),
            shows: vec![],
        });
    }
    out
}

/// The golden cases, plus one whose Cosmos DB grant covers the whole account (scope `/`), which no
/// golden case has.
fn cases_with_account_wide_cosmos() -> Vec<(String, Answers)> {
    let mut all = cases();
    let cosmos = all.iter().find_map(|(_, a)| {
        let mut a = a.clone();
        let g = a.workloads.iter_mut().flat_map(|w| w.grants.iter_mut()).find(|g| method(g) == AssignmentMethod::CosmosSql)?;
        g.sub_resource.clear();
        let g = g.clone();
        (catalog::scope(&a, &g) == "/").then_some(a)
    });
    all.push(("account-wide-cosmos".into(), cosmos.expect("a case with a Cosmos DB grant")));
    all
}

#[test]
fn verify_reports_exactly_the_check_that_is_wrong() {
    // One thread per answer set: about twenty verify.sh runs each.
    let tried: Vec<&str> = std::thread::scope(|scope| {
        let runs: Vec<_> = cases_with_account_wide_cosmos()
            .into_iter()
            .map(|(name, a)| {
                scope.spawn(move || {
                    let dir = bundle_dir(&a, &name);
                    let stubs = Stubs::new();
                    let w = world(&a);
                    let mut tried = Vec::new();
                    for m in mutations(&a) {
                        let mut bad = World {
                            table: w.table.clone(),
                            checks: vec![],
                            notes: 0,
                        };
                        *bad.reply_mut(m.query) = m.reply.clone();
                        let r = run(&stubs, dir.path(), &bad.replies());
                        assert_one_failure(&name, m.what, &r, &w, m.failed, &m.shows);
                        tried.push(m.what);
                    }
                    tried
                })
            })
            .collect();
        runs.into_iter()
            .flat_map(|t| t.join().expect("a mutation case failed"))
            .collect()
    });
    for what in [WIDER_RBAC, WIDER_COSMOS, NARROWER_COSMOS, "another role at the scope"] {
        assert!(tried.contains(&what), "no case has a grant for {what:?}");
    }
}

#[test]
fn a_missing_identity_fails_its_checks_without_stopping() {
    // With no identity there is no client ID, so everything compared with it fails too; verify.sh
    // still runs to the end and reports each one.
    let a = Answers::default();
    let dir = bundle_dir(&a, "default");
    let stubs = Stubs::new();
    let w = world(&a);
    let mut t = ReplyTable::default();
    for (q, argv, reply) in &w.table {
        if !matches!(q, Q::Identity(0, _)) {
            t.insert(argv.clone(), reply.clone());
        }
    }
    let r = run(&stubs, dir.path(), &t);
    let fails: Vec<&str> = r
        .lines
        .iter()
        .filter_map(|l| l.strip_prefix("FAIL  "))
        .collect();
    let expect_fail = |q: Q| {
        w.checks
            .iter()
            .find(|(k, _)| *k == q)
            .map(|(_, c)| c.fail.clone())
            .unwrap()
    };
    let want = [
        Q::Identity(0, "clientId"),
        Q::Annotation(0),
        Q::Grant(0, 0),
        Q::Env(0, "AZURE_CLIENT_ID"),
    ];
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert_eq!(fails.len(), want.len(), "{}", r.stdout);
    for (got, q) in fails.iter().zip(want) {
        assert!(
            got.starts_with(&expect_fail(q)),
            "{got:?} for {q:?}\n{}",
            r.stdout
        );
    }
    assert!(r
        .stdout
        .contains(&format!("\n{} check(s) failed.\n", want.len())));
}
