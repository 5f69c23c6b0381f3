//! verify.sh against answering stubs: for the default answers, every preset and the fixtures, the stub
//! `az`/`kubectl` reply from a table written here from the answers alone (what a correctly set-up
//! cluster, identity, credential, ServiceAccount, role assignments, app pod and identity-check pod
//! would report). verify.sh must then pass every check it is meant to make, and each single thing set
//! up wrong must fail exactly the check that names it, with that check's hint, while every other check
//! still passes (or, behind a failed step, is not tried).

mod generate_support;

use aks_identity_wizard::answers::{AccessGrant, Answers, Cloud, ScopeLevel, WorkloadKind};
use generate_support::{github_subject, GITHUB_ISSUER};
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
    /// The cluster's admin groups (the read), and the check of group `k` in it.
    AdminGroups,
    AdminGroup(usize),
    Restarts(usize),
    /// The identity-check pod of workload `i`: removed, applied, waited for, its log read; its
    /// state is read only when it did not finish.
    CheckDelete(usize),
    CheckApply(usize),
    CheckWait(usize),
    CheckLogs(usize),
    CheckState(usize),
    /// The checks made from the check pod: it finished, the token exchange, grant `j`'s data access.
    CheckPod(usize),
    Exchange(usize),
    Use(usize, usize),
    /// The pipeline's role assignment `k`, in the order setup makes them.
    PipelineGrant(usize),
    /// Every role assignment the pipeline's identity holds in the subscription.
    PipelineAll,
    /// Its RoleBinding in namespace `k`: the ClusterRole, and the subject.
    BindingRole(usize),
    BindingSubject(usize),
    /// The client ID in its workflow (read from the file, not asked of any tool).
    WorkflowClientId,
    /// Workshop participant `k`'s object ID looked up by sign-in name, and their role assignment `m`.
    Person(usize),
    ParticipantGrant(usize, usize),
}

/// The pipeline, where a workload's index stands in the queries they share (identity, credential).
const PIPE: usize = 0x0ff;

/// One check verify.sh makes: its `ok` label, the start of its `FAIL` line and a phrase of its hint.
/// A check with `prints_ok` false only ever shows up as a failure.
#[derive(Debug, Clone)]
struct Check {
    ok: String,
    fail: String,
    hint: &'static str,
    prints_ok: bool,
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
    /// Replies to what verify.sh asks only after something failed.
    on_failure: Vec<(Q, Vec<String>, String)>,
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
    let mut on_failure = Vec::new();
    let mut checks = Vec::new();
    let mut only_fails = Vec::new();
    let mut notes = 0;
    let mut check = |q: Q, ok: String, fail: Option<String>, hint: &'static str| {
        let fail = fail.unwrap_or_else(|| ok.clone());
        checks.push((q, Check { ok, fail, hint, prints_ok: true }));
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
    let groups = &a.admin.admin_group_object_ids;
    if !groups.is_empty() {
        let list = az_tsv("az aks show", &aks_opts, "aadProfile.adminGroupObjectIDs");
        table.push((Q::AdminGroups, list, tsv(&groups.join("\n"))));
    }
    for (k, group) in groups.iter().enumerate() {
        let ok = format!("Admin group {group} is a cluster admin group");
        check(Q::AdminGroup(k), ok.clone(), Some(ok), "--aad-admin-group-object-ids");
    }
    let layout = layout::layout(a);

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
            check(Q::Fic(i, q), ok.clone(), Some(ok), hint);
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
        check(Q::Annotation(i), ok.clone(), Some(ok), "(not its principal ID)");

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
        let app_pod = |jsonpath: &str| {
            call(
                "kubectl get pods",
                &[
                    ("--context", cluster),
                    ("--namespace", &w.namespace),
                    ("--selector", &selector),
                    ("--field-selector", "status.phase=Running"),
                    ("--sort-by", ".metadata.creationTimestamp"),
                    ("--output", &format!("jsonpath={{.items[-1:].{jsonpath}}}")),
                ],
            )
        };
        for name in ENV {
            let value = match name {
                "AZURE_CLIENT_ID" => client_id(i),
                "AZURE_TENANT_ID" => a.tenant.tenant_id.clone(),
                "AZURE_AUTHORITY_HOST" => authority_host(a.tenant.cloud).into(),
                _ => TOKEN_FILE.into(),
            };
            let get = app_pod(&format!("spec.containers[0].env[?(@.name==\"{name}\")].value"));
            table.push((Q::Env(i, name), get, value));
            let ok = format!("Workload {n}: pod got {name}");
            let fail = if name == "AZURE_FEDERATED_TOKEN_FILE" {
                format!("Workload {n}: pod has no {name}")
            } else {
                ok.clone()
            };
            check(
                Q::Env(i, name),
                ok,
                Some(fail),
                "azure.workload.identity/use",
            );
        }
        let restarts = app_pod("status.containerStatuses[0].restartCount");
        table.push((Q::Restarts(i), restarts, "0".into()));
        let ok = format!("Workload {n}: app pod runs without restarts");
        check(Q::Restarts(i), ok.clone(), Some(ok), "kubectl logs --previous");

        // The identity-check pod: removed (before and after), applied from its manifest, waited for
        // until it has finished, and its log read.
        let pod = format!("identity-check-{n}");
        let on_pod = |words: &str, rest: &[(&str, &str)]| {
            let mut opts = vec![("--context", cluster), ("", pod.as_str()), ("--namespace", w.namespace.as_str())];
            opts.extend_from_slice(rest);
            call(words, &opts)
        };
        table.push((Q::CheckDelete(i), on_pod("kubectl delete pod", &[("", "--ignore-not-found")]), String::new()));
        let apply = call("kubectl apply", &[("--context", cluster), ("--filename", &layout.workloads[i].identity_check)]);
        table.push((Q::CheckApply(i), apply, format!("pod/{pod} created\n")));
        let wait = on_pod(
            "kubectl wait pod",
            &[("--for", "jsonpath={.status.phase}=Succeeded"), ("--timeout", "300s")],
        );
        table.push((Q::CheckWait(i), wait, format!("pod/{pod} condition met\n")));
        table.push((Q::CheckLogs(i), on_pod("kubectl logs", &[]), check_log(w.grants.len(), &[])));
        let state = "jsonpath={.status.phase} {.status.containerStatuses[0].state.waiting.reason}";
        on_failure.push((Q::CheckState(i), on_pod("kubectl get pod", &[("--output", state)]), "Pending ImagePullBackOff".into()));
        let fail = format!("Workload {n}: identity check did not complete");
        only_fails.push((Q::CheckPod(i), Check { ok: String::new(), fail, hint: "not found", prints_ok: false }));
        check(Q::Exchange(i), format!("Workload {n}: token exchange"), None, "run verify.sh again in a while");
        for j in 0..w.grants.len() {
            check(Q::Use(i, j), format!("Workload {n}: grant {} data access", j + 1), None, "A 403 means");
        }
    }
    if let Some(p) = &a.pipeline {
        let id_opts = [("--resource-group", rg), ("--name", p.identity_name.as_str()), ("--subscription", sub)];
        for (q, value) in [("clientId", client_id(PIPE)), ("principalId", principal_id(PIPE))] {
            table.push((Q::Identity(PIPE, q), az_tsv("az identity show", &id_opts, q), tsv(&value)));
        }
        check(Q::Identity(PIPE, "clientId"), "Deploy pipeline: managed identity exists".into(), Some("Deploy pipeline: managed identity not found".into()), "Run setup.sh.");
        let fic_opts = [
            ("--name", p.federated_credential_name.as_str()),
            ("--identity-name", p.identity_name.as_str()),
            ("--resource-group", rg),
            ("--subscription", sub),
        ];
        for (q, value, label, hint) in [
            ("issuer", GITHUB_ISSUER.to_string(), "federated credential issuer is GitHub's", "no trailing slash"),
            ("subject", github_subject(p), "federated credential subject matches the workflow", "AADSTS70021"),
            ("audiences[0]", "api://AzureADTokenExchange".into(), "federated credential audience", "the audience api://AzureADTokenExchange"),
        ] {
            table.push((Q::Fic(PIPE, q), az_tsv("az identity federated-credential show", &fic_opts, q), tsv(&value)));
            let ok = format!("Deploy pipeline: {label}");
            check(Q::Fic(PIPE, q), ok.clone(), Some(ok), hint);
        }
        // The cluster user role on the cluster, the deploy role on each namespace (Azure RBAC for
        // Kubernetes), AcrPush on the registry: (role name, GUID, scope, purpose).
        let cluster_id = format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{cluster}");
        let mut rights = vec![("Azure Kubernetes Service Cluster User Role", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", cluster_id.clone(), "fetch the cluster's credentials".to_string())];
        if a.admin.azure_rbac {
            let guid = catalog::role_by_name(&p.deploy_role).map(|r| r.guid).expect("a catalog role");
            for (k, ns) in p.namespaces.iter().enumerate() {
                rights.push((p.deploy_role.as_str(), guid, format!("{cluster_id}/namespaces/{ns}"), format!("deploy into namespace {}", k + 1)));
            }
        }
        if p.push_images {
            let acr_rg = if a.cluster.acr_resource_group.is_empty() { rg } else { &a.cluster.acr_resource_group };
            let acr = format!("/subscriptions/{sub}/resourceGroups/{acr_rg}/providers/Microsoft.ContainerRegistry/registries/{}", a.cluster.acr_name);
            rights.push(("AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec", acr, "push images".into()));
        }
        for (k, (role, guid, scope, purpose)) in rights.iter().enumerate() {
            let list = az_tsv(
                "az role assignment list",
                &[("--scope", scope), ("--subscription", sub)],
                "[].[principalId, roleDefinitionId, roleDefinitionName, scope]",
            );
            let row = format!("{}\t/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}\t{role}\t{scope}\n", principal_id(PIPE));
            table.push((Q::PipelineGrant(k), list, row));
            check(Q::PipelineGrant(k), format!("Deploy pipeline: {role} to {purpose}, at its scope"), None, "up to 10 minutes");
        }
        let all = az_tsv(
            "az role assignment list",
            &[("--assignee-object-id", &principal_id(PIPE)), ("", "--all"), ("--subscription", sub)],
            "[].[roleDefinitionId, scope]",
        );
        let rows: String = rights
            .iter()
            .map(|(_, guid, scope, _)| format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}\t{scope}\n"))
            .collect();
        table.push((Q::PipelineAll, all, rows));
        check(Q::PipelineAll, "Deploy pipeline: holds no other Azure role".into(), None, "remove the extra assignment");
        if !a.admin.azure_rbac {
            for (k, ns) in p.namespaces.iter().enumerate() {
                let get = |jsonpath: &str| {
                    call(
                        "kubectl get rolebinding deploy-pipeline",
                        &[("--context", cluster), ("--namespace", ns), ("--output", &format!("jsonpath={{{jsonpath}}}"))],
                    )
                };
                table.push((Q::BindingRole(k), get(".roleRef.name"), "edit".into()));
                let ok = format!("Deploy pipeline: namespace {} binds the ClusterRole edit", k + 1);
                check(Q::BindingRole(k), ok.clone(), Some(ok), "object ID in each namespace");
                table.push((Q::BindingSubject(k), get(".subjects[0].name"), principal_id(PIPE)));
                let ok = format!("Deploy pipeline: namespace {} binds it to the pipeline's identity", k + 1);
                check(Q::BindingSubject(k), ok.clone(), Some(ok), "object ID in each namespace");
            }
        }
        let ok = "Deploy pipeline: the workflow signs in with the identity's client ID".to_string();
        check(Q::WorkflowClientId, ok.clone(), Some(ok), "then commit the workflow");
    }
    if let Some(ws) = &a.workshop {
        let cluster_id = format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{cluster}");
        let names = ws.names();
        let per_participant = a.workloads.len() / names.len();
        let role_guid = catalog::role_by_name(&ws.participant_role).map(|r| r.guid).expect("a catalog role");
        for (k, name) in names.iter().enumerate() {
            // A seat without a person is said as a note, not checked.
            let Some(person) = ws.person(k) else {
                notes += 1;
                continue;
            };
            let principal = if catalog::names::is_guid(person) {
                person.to_string()
            } else {
                let id = format!("05e40003-0000-4000-8000-{:012}", k + 1);
                table.push((Q::Person(k), az_tsv("az ad user show", &[("--id", person)], "id"), tsv(&id)));
                check(Q::Person(k), format!("Participant {name}: found in Entra ID"), Some(format!("Participant {name}: sign-in name not found in Entra ID")), "Check the spelling");
                id
            };
            let mut rights = vec![("Azure Kubernetes Service Cluster User Role", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", cluster_id.clone(), "fetch the cluster's credentials".to_string())];
            let mut namespaces: Vec<&str> = Vec::new();
            for w in &a.workloads[k * per_participant..(k + 1) * per_participant] {
                if !namespaces.contains(&w.namespace.as_str()) {
                    namespaces.push(&w.namespace);
                }
            }
            for (m, ns) in namespaces.iter().enumerate() {
                rights.push((ws.participant_role.as_str(), role_guid, format!("{cluster_id}/namespaces/{ns}"), format!("work in namespace {}", m + 1)));
            }
            for (m, (role, guid, scope, purpose)) in rights.iter().enumerate() {
                let list = az_tsv(
                    "az role assignment list",
                    &[("--scope", scope), ("--subscription", sub)],
                    "[].[principalId, roleDefinitionId, roleDefinitionName, scope]",
                );
                let row = format!("{principal}\t/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}\t{role}\t{scope}\n");
                table.push((Q::ParticipantGrant(k, m), list, row));
                check(Q::ParticipantGrant(k, m), format!("Participant {name}: {role} to {purpose}"), None, "up to 10 minutes");
            }
        }
    }
    checks.extend(only_fails);
    World {
        table,
        on_failure,
        checks,
        notes,
    }
}

/// What the identity-check script prints when every step works, except each `(grant, line)` in
/// `instead`, which replaces that grant's line (grant 0: the token exchange).
fn check_log(grants: usize, instead: &[(usize, &str)]) -> String {
    let mut log = String::new();
    for k in 0..=grants {
        let line = match (k, instead.iter().find(|(g, _)| *g == k)) {
            (_, Some((_, line))) => line.to_string(),
            (0, None) => "identity-check: token exchange ok".to_string(),
            (k, None) => format!("identity-check: grant {k} ok"),
        };
        log.push_str(&line);
        log.push('\n');
    }
    log
}

impl World {
    fn replies(&self) -> ReplyTable {
        let mut t = ReplyTable::default();
        for (_, argv, reply) in self.table.iter().chain(&self.on_failure) {
            t.append(argv.clone(), reply.clone());
        }
        t
    }

    /// The same world with one reply changed, or removed (`None`: the stub then fails that call).
    fn with(&self, q: Q, reply: Option<&str>) -> World {
        let mut table = self.table.clone();
        let at = table.iter().position(|(k, _, _)| *k == q).unwrap_or_else(|| panic!("no reply for {q:?}"));
        match reply {
            Some(r) => table[at].2 = r.to_string(),
            None => {
                table.remove(at);
            }
        }
        World { table, on_failure: self.on_failure.clone(), checks: vec![], notes: 0 }
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
    let want: Vec<&str> = w.checks.iter().filter(|(_, c)| c.prints_ok).map(|(_, c)| c.ok.as_str()).collect();
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

/// Exactly the check `m.failed` is reported as FAIL (its line holding each of `m.shows`), followed by
/// its hint (or `m.hint`); every other check is ok, except those in `m.skipped`, which are not tried;
/// the summary counts one failure.
fn assert_one_failure(name: &str, r: &Run, w: &World, m: &Mutation) {
    let (what, failed, shows) = (m.what, m.failed, &m.shows);
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
    let want_hint = m.hint.unwrap_or(bad.hint);
    assert!(
        hint.starts_with("      ") && hint.contains(want_hint),
        "{}: hint {:?} follows the FAIL line",
        ctx(),
        want_hint
    );
    let oks: Vec<&str> = r
        .lines
        .iter()
        .filter_map(|l| l.strip_prefix("ok    "))
        .collect();
    let want: Vec<&str> = w
        .checks
        .iter()
        .filter(|(q, c)| c.prints_ok && *q != failed && !m.skipped.contains(q))
        .map(|(_, c)| c.ok.as_str())
        .collect();
    assert_eq!(oks, want, "{}: every other check ok", ctx());
    assert!(r.stdout.contains("\n1 check(s) failed.\n"), "{}", ctx());
}

/// The bundle as setup.sh leaves it: the pipeline's workflow names the identity's client ID.
fn bundle_dir(a: &Answers, name: &str) -> TempDir {
    let mut files = generate::bundle(a).unwrap_or_else(|e| panic!("{name}: blocked by {e:#?}"));
    for f in files.iter_mut().filter(|f| f.path == ".github/workflows/deploy.yml") {
        f.contents = f.contents.replace(
            "client-id: SET-BY-SETUP-SH-TO-THE-PIPELINE-CLIENT-ID\n",
            &format!("client-id: '{}'\n", client_id(PIPE)),
        );
    }
    let dir = TempDir::new("verify-answering");
    write_bundle(dir.path(), &files);
    dir
}

#[test]
fn verify_passes_every_check_against_a_correct_setup() {
    let mut total_checks = 0;
    for (name, a) in expanded_cases() {
        let dir = bundle_dir(&a, &name);
        let stubs = Stubs::new();
        let w = world(&a);
        total_checks += w.checks.len();
        let r = run(&stubs, dir.path(), &w.replies());
        assert_all_ok(&name, "as set up", &r, &w);

        // Every call verify.sh makes is one of the expected ones, each made once (the check pod's
        // removal twice: before and after), and every expected one is made: nothing was answered by
        // chance. Only the identity-check pods are ever changed.
        let lay = layout::layout(&a);
        let calls: Vec<Vec<String>> = stubs.calls().into_iter().map(|(c, _)| c).collect();
        for c in &calls {
            assert!(changes_only_check_pods(c, &lay), "{name}: verify.sh ran {c:?}");
        }
        let mut asked = calls.clone();
        asked.sort();
        let mut expected: Vec<Vec<String>> = w.table.iter().map(|(_, k, _)| k.clone()).collect();
        expected.extend(w.table.iter().filter(|(q, _, _)| matches!(q, Q::CheckDelete(_))).map(|(_, k, _)| k.clone()));
        expected.sort();
        assert_eq!(asked, expected, "{name}: the calls verify.sh makes");
        // The check pod is removed before it is applied (a pod cannot be changed in place) and after
        // its log is read.
        for i in 0..a.workloads.len() {
            let at = |q: Q| {
                let argv = &w.table.iter().find(|(k, _, _)| *k == q).expect("call").1;
                calls.iter().enumerate().filter(|(_, c)| *c == argv).map(|(k, _)| k).collect::<Vec<_>>()
            };
            let (deletes, apply, logs) = (at(Q::CheckDelete(i)), at(Q::CheckApply(i)), at(Q::CheckLogs(i)));
            assert!(deletes[0] < apply[0] && logs[0] < deletes[1], "{name}: check pod order");
        }

        // The selector verify.sh finds the pod by is on the pod the bundle deploys.
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

/// Nothing in Azure changes: az only shows or lists (the last word before the options). In the cluster
/// kubectl only reads, except that it applies an identity-check manifest and deletes a pod named
/// identity-check-N.
fn changes_only_check_pods(argv: &[String], lay: &layout::Layout) -> bool {
    const WRITES: [&str; 12] = [
        "create", "update", "delete", "set", "add", "remove", "apply", "annotate", "label",
        "patch", "edit", "replace",
    ];
    let words: Vec<&str> = argv
        .iter()
        .take_while(|w| !w.starts_with('-'))
        .map(String::as_str)
        .collect();
    let check_pod = |name: &str| {
        name.strip_prefix("identity-check-").is_some_and(|n| n.parse::<usize>().is_ok_and(|n| (1..=lay.workloads.len()).contains(&n)))
    };
    match words.first() {
        Some(&"az") => !words.iter().any(|w| WRITES.contains(w)) && matches!(words.last(), Some(&"show" | &"list")),
        Some(&"kubectl") => match words.get(1) {
            Some(&"get" | &"logs" | &"wait") => true,
            Some(&"apply") => {
                let file = argv.iter().position(|w| w == "--filename").and_then(|k| argv.get(k + 1));
                file.is_some_and(|f| lay.workloads.iter().any(|w| &w.identity_check == f))
            }
            Some(&"delete") => {
                words.get(2) == Some(&"pod") && argv.iter().any(|w| check_pod(w))
            }
            _ => false,
        },
        _ => false,
    }
}

#[test]
fn verify_passes_with_the_other_shapes_az_prints() {
    for (name, a) in expanded_cases() {
        let dir = bundle_dir(&a, &name);
        let stubs = Stubs::new();
        let w = world(&a);

        // Booleans as Python prints them in tsv.
        let mut t = w.with(Q::Aks(MANAGED), Some("True\n"));
        for q in [OIDC, WI] {
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
            crlf.append(argv.clone(), reply);
        }
        assert_all_ok(
            &name,
            "CR LF line ends",
            &run(&stubs, dir.path(), &crlf),
            &w,
        );

        // A list printed tab-separated on one line, in another letter case than typed.
        if !a.admin.admin_group_object_ids.is_empty() {
            let tabbed = format!("{}\t{}\n", "55555555-5555-5555-5555-555555555555", a.admin.admin_group_object_ids.join("\t").to_uppercase());
            assert_all_ok(
                &name,
                "admin groups tab-separated",
                &run(&stubs, dir.path(), &w.with(Q::AdminGroups, Some(&tabbed)).replies()),
                &w,
            );
        }

        // IDs typed in upper case come back from Azure in lower case: the same IDs, so every check
        // still passes.
        let mut typed_upper = a.clone();
        typed_upper.tenant.tenant_id = "ABCDEF01-2345-6789-ABCD-EF0123456789".into();
        typed_upper.tenant.subscription_id = "FEDCBA98-7654-3210-FEDC-BA9876543210".into();
        let upper_dir = bundle_dir(&typed_upper, &name);
        let upper_world = world(&typed_upper);
        let mut lowered = ReplyTable::default();
        for (_, argv, reply) in &upper_world.table {
            lowered.append(argv.clone(), lower_guids(reply));
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
/// `reply: None` removes the reply, so the stub fails that call. The checks in `skipped` are not tried
/// behind the failure; `hint`, when set, is the hint the failure must show instead of the check's own.
struct Mutation {
    what: &'static str,
    query: Q,
    reply: Option<String>,
    failed: Q,
    shows: Vec<String>,
    skipped: Vec<Q>,
    hint: Option<&'static str>,
}

fn mutations(a: &Answers) -> Vec<Mutation> {
    let nw = a.workloads.len();
    let mut out = Vec::new();
    if let Some(p) = &a.pipeline {
        let pr = format!("repo:{}:pull_request", p.repository);
        out.push(Mutation {
            what: "pipeline credential for pull requests",
            query: Q::Fic(PIPE, "subject"),
            reply: Some(format!("{pr}\n")),
            failed: Q::Fic(PIPE, "subject"),
            shows: vec![format!("expected '{}'", github_subject(p)), format!("found '{pr}'")],
            skipped: vec![],
            hint: None,
        });
        let slash = format!("{GITHUB_ISSUER}/");
        out.push(Mutation {
            what: "GitHub's issuer with a trailing slash",
            query: Q::Fic(PIPE, "issuer"),
            reply: Some(format!("{slash}\n")),
            failed: Q::Fic(PIPE, "issuer"),
            shows: vec![format!("found '{slash}'")],
            skipped: vec![],
            hint: None,
        });
        let extra = format!("/subscriptions/{}/resourceGroups/{}", a.tenant.subscription_id, a.cluster.resource_group);
        out.push(Mutation {
            what: "pipeline also holds Contributor on the resource group",
            query: Q::PipelineAll,
            reply: Some(format!(
                "/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/4abbcc35-e782-43d8-92c5-2d3f1bd2253f\t/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerService/managedClusters/{}\n/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c\t{extra}\n",
                a.tenant.subscription_id, a.tenant.subscription_id, a.cluster.resource_group, a.cluster.name, a.tenant.subscription_id
            )),
            failed: Q::PipelineAll,
            shows: vec![format!("it also holds b24988ac-6180-42a0-ab88-20f7382dd24c at {extra};")],
            skipped: vec![],
            hint: None,
        });
        out.push(Mutation {
            what: "pipeline role assignments unreadable",
            query: Q::PipelineAll,
            reply: Some(String::new()),
            failed: Q::PipelineAll,
            shows: vec!["could not read its role assignments".into()],
            skipped: vec![],
            hint: None,
        });
        out.push(Mutation {
            what: "pipeline right missing",
            query: Q::PipelineGrant(0),
            reply: Some(String::new()),
            failed: Q::PipelineGrant(0),
            shows: vec![],
            skipped: vec![],
            hint: None,
        });
    }
    if let Some(ws) = &a.workshop {
        // The first participant with a person: their namespace right is missing, or (by sign-in
        // name) they are not found in Entra ID.
        if let Some(k) = (0..ws.names().len()).find(|&k| ws.person(k).is_some()) {
            out.push(Mutation {
                what: "participant's namespace right missing",
                query: Q::ParticipantGrant(k, 1),
                reply: Some(String::new()),
                failed: Q::ParticipantGrant(k, 1),
                shows: vec![],
                skipped: vec![],
                hint: None,
            });
        }
        if let Some(k) = (0..ws.names().len()).find(|&k| ws.person(k).is_some_and(|p| !catalog::names::is_guid(p))) {
            // Without their object ID their assignments are not looked for: one failure says why.
            let namespaces = aks_identity_wizard::answers::workshop::namespaces_of(a, k).len();
            out.push(Mutation {
                what: "participant not found in Entra ID",
                query: Q::Person(k),
                reply: Some(String::new()),
                failed: Q::Person(k),
                shows: vec![],
                skipped: (0..=namespaces).map(|m| Q::ParticipantGrant(k, m)).collect(),
                hint: None,
            });
        }
    }
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
        reply: Some(format!("{bare}\n")),
        failed: Q::Fic(i, "issuer"),
        shows: vec![format!("expected '{own}'"), shown(&bare)],
        skipped: vec![],
        hint: None,
    });
    let i = next();
    let other = issuer(a, "0dd0c1a5-0000-4000-8000-0000000dd0c1");
    out.push(Mutation {
        what: "another cluster's issuer",
        query: Q::Fic(i, "issuer"),
        reply: Some(format!("{other}\n")),
        failed: Q::Fic(i, "issuer"),
        shows: vec![shown(&other)],
        skipped: vec![],
        hint: None,
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
        reply: Some(format!("{subject}\n")),
        failed: Q::Fic(i, "subject"),
        shows: vec![shown(&subject)],
        skipped: vec![],
        hint: None,
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
        reply: Some(format!("{subject}\n")),
        failed: Q::Fic(i, "subject"),
        shows: vec![shown(&subject)],
        skipped: vec![],
        hint: None,
    });
    let i = next();
    out.push(Mutation {
        what: "another audience",
        query: Q::Fic(i, "audiences[0]"),
        reply: Some("api://AzureADTokenExchange/\n".into()),
        failed: Q::Fic(i, "audiences[0]"),
        shows: vec![shown("api://AzureADTokenExchange/")],
        skipped: vec![],
        hint: None,
    });
    let i = next();
    let stranger = client_id(i + 100);
    out.push(Mutation {
        what: "annotation holding another client ID",
        query: Q::Annotation(i),
        reply: Some(stranger.clone()),
        failed: Q::Annotation(i),
        shows: vec![format!("expected '{}'", client_id(i)), shown(&stranger)],
        skipped: vec![],
        hint: None,
    });
    let i = next();
    out.push(Mutation {
        what: "annotation holding the principal ID",
        query: Q::Annotation(i),
        reply: Some(principal_id(i)),
        failed: Q::Annotation(i),
        shows: vec![shown(&principal_id(i))],
        skipped: vec![],
        hint: None,
    });
    let i = next();
    out.push(Mutation {
        what: "no annotation",
        query: Q::Annotation(i),
        reply: Some(String::new()),
        failed: Q::Annotation(i),
        shows: vec!["could not read the ServiceAccount's client-id annotation".into()],
        skipped: vec![],
        hint: None,
    });
    let i = next();
    out.push(Mutation {
        what: "pod without AZURE_FEDERATED_TOKEN_FILE",
        query: Q::Env(i, "AZURE_FEDERATED_TOKEN_FILE"),
        reply: Some(String::new()),
        failed: Q::Env(i, "AZURE_FEDERATED_TOKEN_FILE"),
        shows: vec![],
        skipped: vec![],
        hint: None,
    });
    let i = next();
    out.push(Mutation {
        what: "pod with another identity's AZURE_CLIENT_ID",
        query: Q::Env(i, "AZURE_CLIENT_ID"),
        reply: Some(client_id(i + 100)),
        failed: Q::Env(i, "AZURE_CLIENT_ID"),
        shows: vec![shown(&client_id(i + 100))],
        skipped: vec![],
        hint: None,
    });
    let i = next();
    let host = authority_host(match a.tenant.cloud {
        Cloud::AzureCloud => Cloud::AzureUSGovernment,
        _ => Cloud::AzureCloud,
    });
    out.push(Mutation {
        what: "pod with another cloud's AZURE_AUTHORITY_HOST",
        query: Q::Env(i, "AZURE_AUTHORITY_HOST"),
        reply: Some(host.into()),
        failed: Q::Env(i, "AZURE_AUTHORITY_HOST"),
        shows: vec![shown(host)],
        skipped: vec![],
        hint: None,
    });
    let i = next();
    out.push(Mutation {
        what: "pod without AZURE_TENANT_ID",
        query: Q::Env(i, "AZURE_TENANT_ID"),
        reply: Some(String::new()),
        failed: Q::Env(i, "AZURE_TENANT_ID"),
        shows: vec!["could not read AZURE_TENANT_ID in a running app pod".into()],
        skipped: vec![],
        hint: None,
    });
    out.push(Mutation {
        what: "workload identity off",
        query: Q::Aks(WI),
        reply: Some("false\n".into()),
        failed: Q::Aks(WI),
        shows: vec![shown("false")],
        skipped: vec![],
        hint: None,
    });
    out.push(Mutation {
        what: "managed Entra ID off (null prints nothing)",
        query: Q::Aks(MANAGED),
        reply: Some(String::new()),
        failed: Q::Aks(MANAGED),
        shows: vec![shown("nothing")],
        skipped: vec![],
        hint: None,
    });

    let i = next();
    out.push(Mutation {
        what: "app pod restarting",
        query: Q::Restarts(i),
        reply: Some("3".into()),
        failed: Q::Restarts(i),
        shows: vec!["expected '0'".into(), shown("3")],
        skipped: vec![],
        hint: None,
    });
    // Only the first group is missing; the others are still listed.
    if let Some(group) = a.admin.admin_group_object_ids.first() {
        out.push(Mutation {
            what: "admin group missing from the cluster",
            query: Q::AdminGroups,
            reply: Some(std::iter::once("44444444-4444-4444-4444-444444444444")
                .chain(a.admin.admin_group_object_ids[1..].iter().map(String::as_str))
                .map(|g| format!("{g}\n"))
                .collect()),
            failed: Q::AdminGroup(0),
            shows: vec![format!("Admin group {group} is a cluster admin group: not in")],
            skipped: vec![],
            hint: None,
        });
    }

    // The identity-check pod: it does not finish, or its log reports a failed step.
    let grants_of = |i: usize| (0..a.workloads[i].grants.len()).map(move |j| Q::Use(i, j));
    let i = next();
    out.push(Mutation {
        what: "identity-check pod does not finish",
        query: Q::CheckWait(i),
        reply: None,
        failed: Q::CheckPod(i),
        shows: vec!["pod state: Pending ImagePullBackOff".into()],
        skipped: std::iter::once(Q::Exchange(i)).chain(grants_of(i)).collect(),
        hint: None,
    });
    for (code, error, hint) in [
        ("AADSTS70021", "AADSTS70021: No matching federated identity record found for presented assertion.", "issuer or subject does not match"),
        ("AADSTS700016", "AADSTS700016: Application with identifier 'x' was not found in the directory.", "no identity with the client ID"),
        ("other", "Network is unreachable", "run verify.sh again in a while"),
    ] {
        let i = next();
        let line = format!("identity-check: token exchange failed: ERROR: {error}");
        out.push(Mutation {
            what: match code {
                "AADSTS70021" => "token exchange refused: AADSTS70021",
                "AADSTS700016" => "token exchange refused: AADSTS700016",
                _ => "token exchange failed otherwise",
            },
            query: Q::CheckLogs(i),
            reply: Some(check_log(0, &[(0, &line)])),
            failed: Q::Exchange(i),
            shows: vec![format!("Workload {}: token exchange failed: ERROR: {error}", i + 1)],
            skipped: grants_of(i).collect(),
            hint: Some(hint),
        });
    }
    let i = next();
    out.push(Mutation {
        what: "identity-check pod printed nothing",
        query: Q::CheckLogs(i),
        reply: Some(String::new()),
        failed: Q::Exchange(i),
        shows: vec!["token exchange printed no result".into()],
        skipped: grants_of(i).collect(),
        hint: None,
    });
    if let Some(i) = (0..nw).find(|i| !a.workloads[*i].grants.is_empty()) {
        let j = a.workloads[i].grants.len() - 1;
        let error = "ERROR: You do not have the required permissions needed to perform this operation.";
        let line = format!("identity-check: grant {} failed: {error}", j + 1);
        out.push(Mutation {
            what: "grant refused by the service",
            query: Q::CheckLogs(i),
            reply: Some(check_log(a.workloads[i].grants.len(), &[(j + 1, &line)])),
            failed: Q::Use(i, j),
            shows: vec![format!("grant {} data access failed: {error}", j + 1)],
            skipped: vec![],
            hint: None,
        });
    }

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
                reply: Some(listing(a, g, &assignment_row(a, g, &principal_id(i), &wider))),
                failed: Q::Grant(i, j),
                shows: vec![],
                skipped: vec![],
                hint: None,
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
            reply: Some(listing_at(a, g, &assignment_row(a, g, &principal_id(i), &narrower), &narrower)),
            failed: Q::Grant(i, j),
            shows: vec![],
            skipped: vec![],
            hint: None,
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
            reply: Some(listing(
                a,
                g,
                &assignment_row(a, &other, &principal_id(i), &assigned_scope(a, g)),
            )),
            failed: Q::Grant(i, j),
            shows: vec![],
            skipped: vec![],
            hint: None,
        });
    }
    if let Some((i, j, g)) = next_grant() {
        out.push(Mutation {
            what: "the role given to another identity",
            query: Q::Grant(i, j),
            reply: Some(listing(
                a,
                g,
                &assignment_row(a, g, &principal_id(i + 100), &assigned_scope(a, g)),
            )),
            failed: Q::Grant(i, j),
            shows: vec![],
            skipped: vec![],
            hint: None,
        });
    }
    if let Some((i, j, _)) = next_grant() {
        out.push(Mutation {
            what: "no role assignment listed",
            query: Q::Grant(i, j),
            reply: Some(String::new()),
            failed: Q::Grant(i, j),
            shows: vec![],
            skipped: vec![],
            hint: None,
        });
    }
    out
}

/// The golden cases, plus one whose Cosmos DB grant covers the whole account (scope `/`), which no
/// golden case has.
fn cases_with_account_wide_cosmos() -> Vec<(String, Answers)> {
    let mut all = expanded_cases();
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
                        let bad = w.with(m.query, m.reply.as_deref());
                        let r = run(&stubs, dir.path(), &bad.replies());
                        assert_one_failure(&name, &r, &w, &m);
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
            t.append(argv.clone(), reply.clone());
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

/// A value verify.sh could not read is never a match, even when the value it is compared with could
/// not be read either: the FAIL line says which one is missing.
#[test]
fn values_that_could_not_be_read_fail_and_say_which() {
    let a = Answers::default();
    let dir = bundle_dir(&a, "default");
    let stubs = Stubs::new();
    let w = world(&a);
    let issuer_check = "Workload 1: federated credential issuer matches the cluster";
    let annotation_check = "Workload 1: ServiceAccount annotation holds the identity's client ID";
    let cases: [(&str, &[Q], &str, &str); 4] = [
        ("neither issuer read", &[Q::Aks(ISSUER), Q::Fic(0, "issuer")], issuer_check, "could not read the cluster's issuer URL"),
        ("cluster issuer not read", &[Q::Aks(ISSUER)], issuer_check, "could not read the cluster's issuer URL"),
        ("credential issuer not read", &[Q::Fic(0, "issuer")], issuer_check, "could not read the federated credential's issuer"),
        ("neither client ID read", &[Q::Identity(0, "clientId"), Q::Annotation(0)], annotation_check, "could not read the identity's client ID"),
    ];
    for (what, unread, check, says) in cases {
        let mut t = w.with(unread[0], None);
        for q in &unread[1..] {
            t = t.with(*q, None);
        }
        let r = run(&stubs, dir.path(), &t.replies());
        let ctx = format!("{what}:\n{}", r.stdout);
        assert!(!r.lines.iter().any(|l| l == &format!("ok    {check}")), "{ctx}");
        assert!(r.lines.contains(&format!("FAIL  {check}: {says}")), "{ctx}");
        assert_eq!(r.code, Some(1), "{ctx}");
    }
}

/// A grant the check could only prove with a token says so in its ok line.
#[test]
fn a_token_only_grant_says_the_role_was_not_exercised() {
    let a = Answers::default();
    let dir = bundle_dir(&a, "default");
    let stubs = Stubs::new();
    let w = world(&a);
    let note = " (token only; the role itself is not exercised)";
    let log = check_log(1, &[(1, &format!("identity-check: grant 1 ok{note}"))]);
    let r = run(&stubs, dir.path(), &w.with(Q::CheckLogs(0), Some(&log)).replies());
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    assert!(r.lines.contains(&format!("ok    Workload 1: grant 1 data access{note}")), "{}", r.stdout);
}
