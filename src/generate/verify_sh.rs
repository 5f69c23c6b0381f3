//! verify.sh: checks that the setup is wired together the way Entra ID and the webhook need, and that
//! a pod really can sign in as each identity and use each grant. Each check says what it expected,
//! what it found, and what usually causes a mismatch. It changes nothing in Azure; in the cluster it
//! starts one short-lived identity-check pod per workload and removes it.
//!
//! Written for bash 3.2 too (macOS): no `${x,,}`, `mapfile`, associative arrays or empty arrays.

use super::bash::{self, command, v, word};
use super::k8s::APP_LABEL;
use super::k8s::PIPELINE_ROLE_BINDING;
use super::plan::{self, az, cosmos_assignment_list, gv, identity_show, identity_show_of, kubectl_on_cluster as kubectl, lit, pv, var, rbac_assignment_list, rbac_assignment_list_at, wv, Arg, Cmd, Plan, AUDIENCE};
use super::quote::sh;
use crate::answers::Answers;
use crate::catalog::{self, AssignmentMethod};

const PRELUDE: &str = r#"failures=0
ok() { printf 'ok    %s\n' "$1"; }
bad() {
  printf 'FAIL  %s\n' "$1"
  [[ -z ${2:-} ]] || printf '      %s\n' "$2"
  failures=$((failures + 1))
}
# expect LABEL EXPECTED ACTUAL HINT EXPECTED_IS ACTUAL_IS [id]: an empty value is one that could not
# be read, never a match. With id, letter case does not count: Azure may print a GUID in another
# case than it was typed.
expect() {
  local want=$2 got=$3
  if [[ -z $want ]]; then bad "$1: could not read $5" "$4"; return; fi
  if [[ -z $got ]]; then bad "$1: could not read $6" "$4"; return; fi
  if [[ ${7:-} == id ]]; then want=$(lower "$want") got=$(lower "$got"); fi
  if [[ $got == "$want" ]]; then ok "$1"; else bad "$1: expected '$2', found '$3'" "$4"; fi
}
# az prints booleans as true/false or True/False depending on the output format: compare either.
expect_true() {
  if [[ $(lower "$2") == true ]]; then ok "$1"; else bad "$1: found '${2:-nothing}'" "$3"; fi
}
# Runs a read-only command and prints its output without a trailing CR; a failed read (missing
# resource, no access) prints nothing, which then fails its check with a hint instead of stopping.
get() {
  local out
  out="$("$@" 2>/dev/null)" || out=''
  printf '%s' "${out%$'\r'}"
}
# has_assignment LABEL LISTING PRINCIPAL ROLE SCOPE HINT
# LISTING has one assignment per line: principal, role definition ID, role name, scope (tab-separated);
# az on Windows shells ends every line with CR, not only the last one get strips.
has_assignment() {
  local listing principal role scope p r n s
  listing=$(lower "$2") principal=$(lower "$3") role=$(lower "$4") scope=$(lower "$5")
  scope=${scope%/}
  while IFS=$'\t' read -r p r n s; do
    s=${s%$'\r'}
    s=${s%/}
    if [[ $p == "$principal" && ($r == */"$role" || $n == "$role") && $s == *"$scope" ]]; then
      ok "$1"
      return
    fi
  done <<<"$listing"
  bad "$1" "$6"
}
# listed LABEL LIST ID HINT: LIST holds ID, in any letter case. az prints a list one item per line
# or tab-separated, depending on the query.
listed() {
  local item want
  want=$(lower "$3")
  if [[ -z $2 ]]; then bad "$1: could not read the list" "$4"; return; fi
  while IFS= read -r item; do
    if [[ ${item%$'\r'} == "$want" ]]; then ok "$1"; return; fi
  done <<<"$(lower "$2" | tr '\t' '\n')"
  bad "$1: not in '$(printf '%s' "$2" | tr -s '\t\r\n' '   ')'" "$4"
}
# result LOG STEP: what the identity check printed for STEP ("ok", "failed: ..."), or nothing.
result() {
  local line
  while IFS= read -r line; do
    line=${line%$'\r'}
    if [[ $line == "identity-check: $2 "* ]]; then
      printf '%s' "${line#"identity-check: $2 "}"
      return
    fi
  done <<<"$1"
}
# identity_check WORKLOAD GRANTS LOG: the check pod's log as one check for the token exchange and
# one per grant.
identity_check() {
  local r n=1
  r=$(result "$3" 'token exchange')
  case $r in
    ok) ok "$1: token exchange" ;;
    *AADSTS70021*) bad "$1: token exchange $r" 'The federated credential'\''s issuer or subject does not match this cluster and ServiceAccount, or it is only minutes old. Run setup.sh again if it persists.' ;;
    *AADSTS700016*) bad "$1: token exchange $r" 'Entra ID has no identity with the client ID in the ServiceAccount annotation. Run setup.sh again, then restart the pods.' ;;
    *) bad "$1: token exchange ${r:-printed no result}" 'A new federated credential can take a few minutes to work; run verify.sh again in a while.' ;;
  esac
  if [[ $r != ok ]]; then
    ((n > $2)) || printf 'note  %s\n' "$1: grants not tried without a token"
    return
  fi
  while ((n <= $2)); do
    r=$(result "$3" "grant $n")
    case $r in
      ok*) ok "$1: grant $n data access${r#ok}" ;;
      *) bad "$1: grant $n data access ${r:-printed no result}" 'A 403 means the role has not reached the identity yet (allow up to 10 minutes) or is at another scope.' ;;
    esac
    n=$((n + 1))
  done
}
"#;

const HINT_ISSUER: &str = "The federated credential must name the cluster's issuer URL exactly, trailing slash included, or sign-in fails with AADSTS70021. Run setup.sh again to correct it.";
const HINT_SUBJECT: &str = "The subject must be system:serviceaccount:<namespace>:<name> of the ServiceAccount the pod runs as, or sign-in fails with AADSTS70021. Run setup.sh again to correct it.";
const HINT_AUDIENCE: &str = "Workload identity tokens carry the audience api://AzureADTokenExchange; the credential must name exactly that one.";
const HINT_ANNOTATION: &str = "The annotation must hold the identity's client ID (not its principal ID). Run setup.sh again, then restart the pods: the webhook reads the annotation only when a pod is created.";
const HINT_ROLE: &str = "New role assignments can take up to 10 minutes to show. If it is still missing, run setup.sh again.";
const HINT_POD: &str = "The webhook adds these variables when a pod is created, and only to pods labelled azure.workload.identity/use: \"true\" whose ServiceAccount has the client-id annotation. Check the label, then restart the pods.";
const HINT_RESTARTS: &str = "A pod that restarts is crashing or exiting; kubectl logs --previous on it shows why.";
const HINT_GITHUB_ISSUER: &str = "GitHub's tokens come from https://token.actions.githubusercontent.com, written exactly so (no trailing slash). Run setup.sh again to correct it.";
const HINT_GITHUB_SUBJECT: &str = "GitHub's token for the deploy job names the repository and the job's environment (or, without one, the branch or tag that ran); the credential must name exactly that, or azure/login fails with AADSTS70021. Run setup.sh again to correct it.";
const HINT_ROLE_BINDING: &str = "Run setup.sh again: it binds the role to the pipeline identity's object ID in each namespace.";
const HINT_ONLY_THESE: &str = "Anything beyond these lets a compromised workflow reach more than its namespaces: remove the extra assignment (az role assignment delete --ids ID).";
const HINT_WORKFLOW: &str = "setup.sh writes the pipeline identity's client ID into the workflow; run it again, then commit the workflow.";
const HINT_ADMIN_GROUP: &str = "Its members are not cluster admins. az aks update --aad-admin-group-object-ids sets the list; it replaces the whole list, so name every group.";

/// How `expect` compares: exactly, or as IDs (letter case does not count).
#[derive(Clone, Copy, PartialEq)]
enum Compare {
    Exact,
    Id,
}

/// `expect LABEL EXPECTED "$(get CMD)" HINT EXPECTED_IS ACTUAL_IS [id]`: `expected` and `actual` each
/// come with the words naming them, for the FAIL line when one could not be read.
fn expect(label: &str, expected: (&str, &str), actual: (&Cmd, &str), hint: &str, compare: Compare) -> String {
    format!(
        "expect {} {} \"$(get {})\" {} {} {}{}\n",
        sh(label),
        expected.0,
        command(actual.0),
        sh(hint),
        sh(expected.1),
        sh(actual.1),
        if compare == Compare::Id { " id" } else { "" }
    )
}

fn aks_show(query: &str) -> Cmd {
    az(&["aks", "show"])
        .opt("--resource-group", var("RESOURCE_GROUP"))
        .opt("--name", var("CLUSTER_NAME"))
        .opt("--subscription", var("SUBSCRIPTION_ID"))
        .opt("--query", lit(query))
        .opt("--output", lit("tsv"))
}

/// Read by the pipeline's workflow check: only scripts for a pipeline define it.
const YAML_VALUE: &str = r#"# only_these LABEL LISTING ALLOWED HINT: every assignment in LISTING (role definition ID, scope;
# tab-separated) is one of ALLOWED (lines of "ROLE-GUID SCOPE"), letter case aside. An empty LISTING
# is a failed read: the pipeline always holds at least one role.
only_these() {
  local role scope extra=''
  if [[ -z $2 ]]; then bad "$1: could not read its role assignments" "$4"; return; fi
  while IFS=$'\t' read -r role scope; do
    scope=${scope%$'\r'}
    if ! grep -qixF -- "${role##*/} ${scope%/}" <<<"$3"; then extra="$extra ${role##*/} at ${scope%/};"; fi
  done <<<"$2"
  if [[ -z $extra ]]; then ok "$1"; else bad "$1: it also holds$extra" "$4"; fi
}
# yaml_value FILE KEY: the value of the first line `KEY: ...` of the YAML file FILE, without its quotes.
yaml_value() {
  local line value
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line =~ ^[[:space:]]*"$2":[[:space:]]*(.*)$ ]]; then
      value=${BASH_REMATCH[1]%$'\r'}
      value=${value#\'}
      printf '%s' "${value%\'}"
      return
    fi
  done <"$1"
}
"#;

/// Each workshop participant setup could name: found in Entra ID, with each of their Azure roles.
fn participants(a: &Answers) -> String {
    let mut s = bash::section(
        "Workshop participants",
        &["Each participant's rights on the cluster and on their own namespace.".into()],
    );
    let Some(ws) = &a.workshop else { return s };
    let assignments = plan::participant_assignments(a);
    for (k, name) in ws.names().iter().enumerate() {
        let label = format!("Participant {name}");
        let Some(principal) = plan::participant_principal(a, k) else {
            // Not a failure: the answers leave this seat open on purpose, and the wizard warned.
            s.push_str(&format!(
                "printf 'note  %s\\n' {}\n",
                sh(&format!("{label}: no sign-in name yet, so no access to check; add it in the wizard, then run setup.sh again"))
            ));
            continue;
        };
        let mut checks = String::new();
        for x in assignments.iter().filter(|x| x.participant == k) {
            checks.push_str(&format!(
                "has_assignment {} \"$(get {})\" {} {} {} {}\n",
                sh(&format!("{label}: {} to {}", x.role, x.purpose)),
                command(&rbac_assignment_list_at(x.scope.clone(), "scope")),
                v(&principal),
                sh(&plan::role_arg(&x.role)),
                word(&x.scope),
                sh(HINT_ROLE)
            ));
        }
        if principal == plan::participant_var(k, "OBJECT_ID") {
            // Not found, their assignments cannot be looked for: one failure says why.
            let lookup = plan::participant_lookup(k);
            s.push_str(&format!("{principal}=\"$(get {})\"\n", command(&lookup)));
            s.push_str(&format!(
                "if [[ -n {} ]]; then\n  ok {}\n{}else\n  bad {} {}\nfi\n",
                v(&principal),
                sh(&format!("{label}: found in Entra ID")),
                checks.lines().map(|l| format!("  {l}\n")).collect::<String>(),
                sh(&format!("{label}: sign-in name not found in Entra ID")),
                sh("Check the spelling in the wizard's participant list; guests are found by the sign-in name their invitation gave them."),
            ));
        } else {
            s.push_str(&checks);
        }
    }
    s
}

/// The pipeline's identity, its federated credential for GitHub, each Azure role it holds, its
/// RoleBindings (without Azure RBAC for Kubernetes) and the client ID in its workflow.
fn pipeline(a: &Answers, cluster_role: &str) -> String {
    let mut s = bash::section(
        "Deploy pipeline",
        &["Its identity, the federated credential GitHub's token must match exactly, each right it holds, and the client ID in its workflow.".into()],
    );
    let label = "Deploy pipeline";
    s.push_str(&format!("PIPELINE_CLIENT_ID=\"$(get {})\"\n", command(&identity_show_of("PIPELINE_IDENTITY", "clientId"))));
    s.push_str(&format!("PIPELINE_PRINCIPAL_ID=\"$(get {})\"\n", command(&identity_show_of("PIPELINE_IDENTITY", "principalId"))));
    s.push_str(&format!(
        "if [[ -n \"$PIPELINE_CLIENT_ID\" ]]; then ok {}; else bad {} {}; fi\n",
        sh(&format!("{label}: managed identity exists")),
        sh(&format!("{label}: managed identity not found")),
        sh("Run setup.sh."),
    ));
    let fic = |q: &str| {
        az(&["identity", "federated-credential", "show"])
            .opt("--name", var("PIPELINE_FIC_NAME"))
            .opt("--identity-name", var("PIPELINE_IDENTITY"))
            .opt("--resource-group", var("RESOURCE_GROUP"))
            .opt("--subscription", var("SUBSCRIPTION_ID"))
            .opt("--query", lit(q))
            .opt("--output", lit("tsv"))
    };
    s.push_str(&expect(
        &format!("{label}: federated credential issuer is GitHub's"),
        (&v("GITHUB_ISSUER"), "GitHub's issuer"),
        (&fic("issuer"), "the federated credential's issuer"),
        HINT_GITHUB_ISSUER,
        Compare::Exact,
    ));
    s.push_str(&expect(
        &format!("{label}: federated credential subject matches the workflow"),
        (&v("PIPELINE_SUBJECT"), "the workflow's subject"),
        (&fic("subject"), "the federated credential's subject"),
        HINT_GITHUB_SUBJECT,
        Compare::Exact,
    ));
    s.push_str(&expect(
        &format!("{label}: federated credential audience"),
        (&sh(AUDIENCE), "the audience"),
        (&fic("audiences[0]"), "the federated credential's audience"),
        HINT_AUDIENCE,
        Compare::Exact,
    ));
    for x in plan::pipeline_assignments(a) {
        s.push_str(&format!(
            "has_assignment {} \"$(get {})\" \"$PIPELINE_PRINCIPAL_ID\" {} {} {}\n",
            sh(&format!("{label}: {} to {}, at its scope", x.role, x.purpose)),
            command(&rbac_assignment_list_at(x.scope.clone(), "scope")),
            sh(&plan::role_arg(&x.role)),
            word(&x.scope),
            sh(HINT_ROLE)
        ));
    }
    // And nothing else: every assignment the identity holds anywhere in the subscription is one of those.
    let allowed: Vec<String> = plan::pipeline_assignments(a)
        .iter()
        .map(|x| format!("{}{}", sh(&format!("{} ", plan::role_arg(&x.role))), word(&x.scope)))
        .collect();
    s.push_str(&format!(
        "only_these {} \"$(get {})\" \"$(printf '%s\\n' {})\" {}\n",
        sh(&format!("{label}: holds no other Azure role")),
        command(
            &az(&["role", "assignment", "list"])
                .opt("--assignee-object-id", var("PIPELINE_PRINCIPAL_ID"))
                .flag("--all")
                .opt("--subscription", var("SUBSCRIPTION_ID"))
                .opt("--query", lit("[].[roleDefinitionId, scope]"))
                .opt("--output", lit("tsv"))
        ),
        allowed.join(" "),
        sh(HINT_ONLY_THESE)
    ));
    let namespaces = a.pipeline.as_ref().map_or(0, |p| p.namespaces.len());
    if !cluster_role.is_empty() {
        for k in 0..namespaces {
            let binding = |jsonpath: &str| {
                kubectl(&["get", "rolebinding", PIPELINE_ROLE_BINDING])
                    .opt("--namespace", var(&pv(k, "NAME")))
                    .opt("--output", lit(&format!("jsonpath={{{jsonpath}}}")))
            };
            s.push_str(&expect(
                &format!("{label}: namespace {} binds the ClusterRole {cluster_role}", k + 1),
                (&sh(cluster_role), "the ClusterRole"),
                (&binding(".roleRef.name"), "the RoleBinding's role"),
                HINT_ROLE_BINDING,
                Compare::Exact,
            ));
            s.push_str(&expect(
                &format!("{label}: namespace {} binds it to the pipeline's identity", k + 1),
                (&v("PIPELINE_PRINCIPAL_ID"), "the identity's principal ID"),
                (&binding(".subjects[0].name"), "the RoleBinding's subject"),
                HINT_ROLE_BINDING,
                Compare::Id,
            ));
        }
    }
    s.push_str(&format!(
        "expect {} \"$PIPELINE_CLIENT_ID\" \"$(yaml_value \"$PIPELINE_WORKFLOW\" {})\" {} {} {} id\n",
        sh(&format!("{label}: the workflow signs in with the identity's client ID")),
        sh(super::workflow::CLIENT_ID_KEY),
        sh(HINT_WORKFLOW),
        sh("the identity's client ID"),
        sh("the workflow's client-id"),
    ));
    s
}

/// Longer than the check itself takes, to leave time for pulling the Azure CLI image the first time.
const CHECK_TIMEOUT: &str = "300s";

/// Starts workload `i`'s identity-check pod, waits for it to finish, reports what it printed and
/// removes it. An older check pod is removed first: a pod's spec cannot be changed in place.
fn identity_check(i: usize, label: &str, grants: usize) -> String {
    let pod = |words: &[&str]| {
        kubectl(words)
            .arg(var(&wv(i, "CHECK_POD")))
            .opt("--namespace", var(&wv(i, "NAMESPACE")))
    };
    let apply = kubectl(&["apply"]).opt("--filename", var(&wv(i, "CHECK_MANIFEST")));
    let wait = pod(&["wait", "pod"])
        .opt("--for", lit("jsonpath={.status.phase}=Succeeded"))
        .opt("--timeout", lit(CHECK_TIMEOUT));
    let state = pod(&["get", "pod"]).opt(
        "--output",
        lit("jsonpath={.status.phase} {.status.containerStatuses[0].state.waiting.reason}"),
    );
    let delete = pod(&["delete", "pod"]).flag("--ignore-not-found");
    let quiet = |c: &Cmd| format!("{} >/dev/null 2>&1 || true\n", command(c));
    let mut s = quiet(&delete);
    s.push_str(&format!(
        "if out=\"$({} 2>&1 &&\n  {} 2>&1)\"; then\n",
        command(&apply),
        command(&wait)
    ));
    s.push_str(&format!(
        "  identity_check {} {grants} \"$(get {})\"\nelse\n",
        sh(label),
        command(&pod(&["logs"]))
    ));
    s.push_str(&format!(
        "  bad {}\"$(get {})\" \"${{out//$'\\n'/ }}\"\nfi\n",
        sh(&format!("{label}: identity check did not complete; pod state: ")),
        command(&state)
    ));
    s.push_str(&quiet(&delete));
    s
}

pub fn render(a: &Answers, p: &Plan) -> String {
    let mut body = String::from(bash::LOWER);
    body.push_str(PRELUDE);
    body.push_str("\n# The k8s/ folder sits next to this script.\ncd \"$(dirname \"${BASH_SOURCE[0]}\")\"\n");
    body.push_str(&bash::section(
        "Cluster",
        &["The cluster must have managed Entra ID, the OIDC issuer and the workload identity webhook.".into()],
    ));
    body.push_str(&expect(
        "Signed in, with access to the subscription",
        (&v("SUBSCRIPTION_ID"), "the subscription ID"),
        (
            &az(&["account", "show"])
                .opt("--subscription", var("SUBSCRIPTION_ID"))
                .opt("--query", lit("id"))
                .opt("--output", lit("tsv")),
            "the subscription with az account show",
        ),
        "Run az login (with --tenant for your tenant), then run verify.sh again.",
        Compare::Id,
    ));
    body.push_str(&expect(
        "Azure CLI uses the right cloud",
        (&v("AZURE_CLOUD"), "the cloud name"),
        (
            &az(&["cloud", "show"]).opt("--query", lit("name")).opt("--output", lit("tsv")),
            "the Azure CLI's cloud",
        ),
        &format!("Run: az cloud set --name {}", catalog::cloud_cli_name(a.tenant.cloud)),
        Compare::Exact,
    ));
    for (label, query) in [
        ("Managed Entra ID is on", "aadProfile.managed"),
        ("OIDC issuer is on", "oidcIssuerProfile.enabled"),
        ("Workload identity is on", "securityProfile.workloadIdentity.enabled"),
    ] {
        body.push_str(&format!(
            "expect_true {} \"$(get {})\" {}\n",
            sh(label),
            command(&aks_show(query)),
            sh("Run setup.sh (it turns this on).")
        ));
    }
    body.push_str(&format!(
        "ISSUER_URL=\"$(get {})\"\n",
        command(&aks_show("oidcIssuerProfile.issuerUrl"))
    ));
    if !a.admin.admin_group_object_ids.is_empty() {
        body.push_str(&format!(
            "ADMIN_GROUPS=\"$(get {})\"\n",
            command(&aks_show("aadProfile.adminGroupObjectIDs"))
        ));
        for group in &a.admin.admin_group_object_ids {
            body.push_str(&format!(
                "listed {} \"$ADMIN_GROUPS\" {} {}\n",
                sh(&format!("Admin group {group} is a cluster admin group")),
                sh(group),
                sh(HINT_ADMIN_GROUP)
            ));
        }
    }

    for (i, w) in a.workloads.iter().enumerate() {
        let n = i + 1;
        let workload = format!("Workload {n}");
        let rg = || var("RESOURCE_GROUP");
        body.push_str(&bash::section(
            &workload,
            &["Identity, federated credential, ServiceAccount annotation, role assignments, the app pod, and a check pod that signs in as the identity and tries each grant.".into()],
        ));
        let client = wv(i, "CLIENT_ID");
        let principal = wv(i, "PRINCIPAL_ID");
        body.push_str(&format!(
            "{client}=\"$(get {})\"\n",
            command(&identity_show(i, "clientId"))
        ));
        body.push_str(&format!(
            "{principal}=\"$(get {})\"\n",
            command(&identity_show(i, "principalId"))
        ));
        body.push_str(&format!(
            "if [[ -n {} ]]; then ok {}; else bad {} {}; fi\n",
            v(&client),
            sh(&format!("{workload}: managed identity exists")),
            sh(&format!("{workload}: managed identity not found")),
            sh("Run setup.sh."),
        ));
        let fic = |q: &str| {
            az(&["identity", "federated-credential", "show"])
                .opt("--name", var(&wv(i, "FIC_NAME")))
                .opt("--identity-name", var(&wv(i, "IDENTITY")))
                .opt("--resource-group", rg())
                .opt("--subscription", var("SUBSCRIPTION_ID"))
                .opt("--query", lit(q))
                .opt("--output", lit("tsv"))
        };
        body.push_str(&expect(
            &format!("{workload}: federated credential issuer matches the cluster"),
            (&v("ISSUER_URL"), "the cluster's issuer URL"),
            (&fic("issuer"), "the federated credential's issuer"),
            HINT_ISSUER,
            Compare::Exact,
        ));
        body.push_str(&expect(
            &format!("{workload}: federated credential subject matches the ServiceAccount"),
            (&v(&wv(i, "SUBJECT")), "the ServiceAccount's subject"),
            (&fic("subject"), "the federated credential's subject"),
            HINT_SUBJECT,
            Compare::Exact,
        ));
        body.push_str(&expect(
            &format!("{workload}: federated credential audience"),
            (&sh(AUDIENCE), "the audience"),
            (&fic("audiences[0]"), "the federated credential's audience"),
            HINT_AUDIENCE,
            Compare::Exact,
        ));
        body.push_str(&expect(
            &format!("{workload}: ServiceAccount annotation holds the identity's client ID"),
            (&v(&client), "the identity's client ID"),
            (
                &kubectl(&["get", "serviceaccount"])
                    .arg(var(&wv(i, "SERVICE_ACCOUNT")))
                    .opt("--namespace", var(&wv(i, "NAMESPACE")))
                    .opt(
                        "--output",
                        lit("jsonpath={.metadata.annotations.azure\\.workload\\.identity/client-id}"),
                    ),
                "the ServiceAccount's client-id annotation",
            ),
            HINT_ANNOTATION,
            Compare::Id,
        ));

        for (j, g) in w.grants.iter().enumerate() {
            let label = sh(&format!("{workload}: grant {} is assigned at its scope", j + 1));
            let role = sh(&plan::role_id(g));
            // Both kinds of assignment are listed with their scope last and checked by the same
            // has_assignment; only the listing command differs.
            let listing = match catalog::target(g.target).method {
                AssignmentMethod::AzureRbac => Some(rbac_assignment_list(i, j, "scope")),
                AssignmentMethod::CosmosSql => Some(cosmos_assignment_list(i, j, "scope")),
                AssignmentMethod::SqlTsql => None,
            };
            // has_assignment matches the end of the listed scope. Azure RBAC scopes are full IDs.
            // A Cosmos DB scope is relative to its account (`/`, `/dbs/DB`), so it is anchored at
            // the account: otherwise `/` would match any assignment inside the account.
            let scope = match catalog::target(g.target).method {
                AssignmentMethod::CosmosSql => word(&Arg::Cat(vec![
                    lit("/databaseAccounts/"),
                    var(&gv(i, j, "ACCOUNT")),
                    var(&gv(i, j, "SCOPE")),
                ])),
                _ => v(&gv(i, j, "SCOPE")),
            };
            match listing {
                Some(list) => body.push_str(&format!(
                    "has_assignment {label} \"$(get {})\" {} {role} {scope} {}\n",
                    command(&list),
                    v(&principal),
                    sh(HINT_ROLE)
                )),
                None => {
                    body.push_str(&format!(
                        "printf '%s\\n' {}\n",
                        sh(&format!(
                            "note  {workload}: grant {} is inside Azure SQL database {} on server {}; check there that a user for the identity exists (sys.database_principals).",
                            j + 1,
                            g.sub_resource,
                            g.resource_name
                        ))
                    ));
                }
            }
        }

        // The newest running pod: during a rollout the oldest may still be one made before the
        // ServiceAccount or label changed, and would report a stale result.
        let app_pod = |jsonpath: &str| {
            kubectl(&["get", "pods"])
                .opt("--namespace", var(&wv(i, "NAMESPACE")))
                .opt("--selector", Arg::Cat(vec![lit(&format!("{APP_LABEL}=")), var(&wv(i, "APP"))]))
                .opt("--field-selector", lit("status.phase=Running"))
                .opt("--sort-by", lit(".metadata.creationTimestamp"))
                .opt("--output", lit(&format!("jsonpath={{.items[-1:].{jsonpath}}}")))
        };
        let env = |name: &str| app_pod(&format!("spec.containers[0].env[?(@.name==\"{name}\")].value"));
        for (name, expected, expected_is, compare) in [
            ("AZURE_CLIENT_ID", client.as_str(), "the identity's client ID", Compare::Id),
            ("AZURE_TENANT_ID", "TENANT_ID", "the tenant ID", Compare::Id),
            ("AZURE_AUTHORITY_HOST", "AUTHORITY_HOST", "the cloud's sign-in host", Compare::Exact),
        ] {
            body.push_str(&expect(
                &format!("{workload}: pod got {name}"),
                (&v(expected), expected_is),
                (&env(name), &format!("{name} in a running app pod")),
                HINT_POD,
                compare,
            ));
        }
        body.push_str(&format!(
            "if [[ -n \"$(get {})\" ]]; then ok {}; else bad {} {}; fi\n",
            command(&env("AZURE_FEDERATED_TOKEN_FILE")),
            sh(&format!("{workload}: pod got AZURE_FEDERATED_TOKEN_FILE")),
            sh(&format!("{workload}: pod has no AZURE_FEDERATED_TOKEN_FILE")),
            sh(HINT_POD)
        ));
        body.push_str(&expect(
            &format!("{workload}: app pod runs without restarts"),
            ("0", "zero"),
            (
                &app_pod("status.containerStatuses[0].restartCount"),
                "the restart count of a running app pod",
            ),
            HINT_RESTARTS,
            Compare::Exact,
        ));
        body.push_str(&identity_check(i, &workload, w.grants.len()));
    }

    if let Some(p) = &a.pipeline {
        body.push_str(YAML_VALUE);
        let cluster_role = if a.admin.azure_rbac { "" } else { plan::pipeline_cluster_role(p) };
        body.push_str(&pipeline(a, cluster_role));
    }
    if a.workshop.is_some() {
        body.push_str(&participants(a));
    }

    body.push_str(
        "\nif ((failures > 0)); then\n  printf '\\n%s check(s) failed.\\n' \"$failures\"\n  exit 1\nfi\nprintf '\\nAll checks passed.\\n'\n",
    );

    let mut out = bash::header(
        "verify.sh: checks after setup.sh. It changes nothing in Azure. In the cluster it starts one short-lived check pod per workload, which signs in as the workload's identity and tries each grant, and removes it again. Run it as often as you like.",
    );
    out.push_str(&bash::comment("Your values."));
    out.push_str(&bash::assignments(&p.vars, &body));
    out.push('\n');
    out.push_str(&body);
    out
}
