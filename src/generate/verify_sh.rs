//! verify.sh: read-only checks that the setup is wired together the way Entra ID and the webhook need.
//! Each check says what it expected, what it found, and what usually causes a mismatch.

use super::bash::{self, command, v, word};
use super::k8s::APP_LABEL;
use super::plan::{self, az, cosmos_assignment_list, gv, identity_show, kubectl_on_cluster as kubectl, lit, var, rbac_assignment_list, wv, Arg, Cmd, Plan, AUDIENCE};
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
# expect LABEL EXPECTED ACTUAL HINT
expect() {
  if [[ $3 == "$2" ]]; then ok "$1"; else bad "$1: expected '$2', found '${3:-nothing}'" "$4"; fi
}
# expect_id LABEL EXPECTED ACTUAL HINT: GUIDs mean the same in any letter case, and Azure may print
# one in another case than it was typed.
expect_id() {
  if [[ ${3,,} == "${2,,}" ]]; then ok "$1"; else bad "$1: expected '$2', found '${3:-nothing}'" "$4"; fi
}
# az prints booleans as true/false or True/False depending on the output format: compare either.
expect_true() {
  if [[ ${2,,} == true ]]; then ok "$1"; else bad "$1: found '${2:-nothing}'" "$3"; fi
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
  local label=$1 listing=$2 principal=${3,,} role=${4,,} scope=${5,,} hint=$6 p r n s
  scope=${scope%/}
  while IFS=$'\t' read -r p r n s; do
    p=${p,,} r=${r,,} n=${n,,} s=${s,,}
    s=${s%$'\r'}
    s=${s%/}
    if [[ $p == "$principal" && ($r == */"$role" || $n == "$role") && $s == *"$scope" ]]; then
      ok "$label"
      return
    fi
  done <<<"$listing"
  bad "$label" "$hint"
}
"#;

const HINT_ISSUER: &str = "The federated credential must name the cluster's issuer URL exactly, trailing slash included, or sign-in fails with AADSTS70021. Run setup.sh again to correct it.";
const HINT_SUBJECT: &str = "The subject must be system:serviceaccount:<namespace>:<name> of the ServiceAccount the pod runs as, or sign-in fails with AADSTS70021. Run setup.sh again to correct it.";
const HINT_AUDIENCE: &str = "Workload identity tokens carry the audience api://AzureADTokenExchange; the credential must name exactly that one.";
const HINT_ANNOTATION: &str = "The annotation must hold the identity's client ID (not its principal ID). Run setup.sh again, then restart the pods: the webhook reads the annotation only when a pod is created.";
const HINT_ROLE: &str = "New role assignments can take up to 10 minutes to show. If it is still missing, run setup.sh again.";
const HINT_POD: &str = "The webhook adds these variables when a pod is created, and only to pods labelled azure.workload.identity/use: \"true\" whose ServiceAccount has the client-id annotation. Check the label, then restart the pods.";

/// `expect LABEL EXPECTED "$(get CMD)" HINT`: an exact match.
fn expect(label: &str, expected: &str, cmd: &Cmd, hint: &str) -> String {
    check("expect", label, expected, cmd, hint)
}

/// The same for a GUID, compared without regard to letter case.
fn expect_id(label: &str, expected: &str, cmd: &Cmd, hint: &str) -> String {
    check("expect_id", label, expected, cmd, hint)
}

fn check(function: &str, label: &str, expected: &str, cmd: &Cmd, hint: &str) -> String {
    format!("{function} {} {expected} \"$(get {})\" {}\n", sh(label), command(cmd), sh(hint))
}

fn aks_show(query: &str) -> Cmd {
    az(&["aks", "show"])
        .opt("--resource-group", var("RESOURCE_GROUP"))
        .opt("--name", var("CLUSTER_NAME"))
        .opt("--subscription", var("SUBSCRIPTION_ID"))
        .opt("--query", lit(query))
        .opt("--output", lit("tsv"))
}

pub fn render(a: &Answers, p: &Plan) -> String {
    let mut body = String::from(PRELUDE);
    body.push_str(&bash::section(
        "Cluster",
        &["The cluster must have managed Entra ID, the OIDC issuer and the workload identity webhook.".into()],
    ));
    body.push_str(&expect_id(
        "Signed in, with access to the subscription",
        &v("SUBSCRIPTION_ID"),
        &az(&["account", "show"])
            .opt("--subscription", var("SUBSCRIPTION_ID"))
            .opt("--query", lit("id"))
            .opt("--output", lit("tsv")),
        "Run az login (with --tenant for your tenant), then run verify.sh again.",
    ));
    body.push_str(&expect(
        "Azure CLI uses the right cloud",
        &v("AZURE_CLOUD"),
        &az(&["cloud", "show"])
            .opt("--query", lit("name"))
            .opt("--output", lit("tsv")),
        &format!(
            "Run: az cloud set --name {}",
            catalog::cloud_cli_name(a.tenant.cloud)
        ),
    ));
    for (label, query) in [
        ("Managed Entra ID is on", "aadProfile.managed"),
        ("OIDC issuer is on", "oidcIssuerProfile.enabled"),
        (
            "Workload identity is on",
            "securityProfile.workloadIdentity.enabled",
        ),
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

    for (i, w) in a.workloads.iter().enumerate() {
        let n = i + 1;
        let rg = || var("RESOURCE_GROUP");
        body.push_str(&bash::section(
            &format!("Workload {n}"),
            &["Identity, federated credential, ServiceAccount annotation, role assignments and the pod's injected variables.".into()],
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
            sh(&format!("Workload {n}: managed identity exists")),
            sh(&format!("Workload {n}: managed identity not found")),
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
            &format!("Workload {n}: federated credential issuer matches the cluster"),
            &v("ISSUER_URL"),
            &fic("issuer"),
            HINT_ISSUER,
        ));
        body.push_str(&expect(
            &format!("Workload {n}: federated credential subject matches the ServiceAccount"),
            &v(&wv(i, "SUBJECT")),
            &fic("subject"),
            HINT_SUBJECT,
        ));
        body.push_str(&expect(
            &format!("Workload {n}: federated credential audience"),
            &sh(AUDIENCE),
            &fic("audiences[0]"),
            HINT_AUDIENCE,
        ));
        body.push_str(&expect_id(
            &format!("Workload {n}: ServiceAccount annotation holds the identity's client ID"),
            &v(&client),
            &kubectl(&["get", "serviceaccount"])
                .arg(var(&wv(i, "SERVICE_ACCOUNT")))
                .opt("--namespace", var(&wv(i, "NAMESPACE")))
                .opt(
                    "--output",
                    lit("jsonpath={.metadata.annotations.azure\\.workload\\.identity/client-id}"),
                ),
            HINT_ANNOTATION,
        ));

        for (j, g) in w.grants.iter().enumerate() {
            let label = sh(&format!(
                "Workload {n}: grant {} is assigned at its scope",
                j + 1
            ));
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
                            "note  Workload {n}: grant {} is inside Azure SQL database {} on server {}; check there that a user for the identity exists (sys.database_principals).",
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
        let env = |name: &str| {
            kubectl(&["get", "pods"])
                .opt("--namespace", var(&wv(i, "NAMESPACE")))
                .opt("--selector", Arg::Cat(vec![lit(&format!("{APP_LABEL}=")), var(&wv(i, "APP"))]))
                .opt("--field-selector", lit("status.phase=Running"))
                .opt("--sort-by", lit(".metadata.creationTimestamp"))
                .opt(
                    "--output",
                    lit(&format!("jsonpath={{.items[-1:].spec.containers[0].env[?(@.name==\"{name}\")].value}}")),
                )
        };
        body.push_str(&expect_id(
            &format!("Workload {n}: pod got AZURE_CLIENT_ID"),
            &v(&client),
            &env("AZURE_CLIENT_ID"),
            HINT_POD,
        ));
        body.push_str(&expect_id(
            &format!("Workload {n}: pod got AZURE_TENANT_ID"),
            &v("TENANT_ID"),
            &env("AZURE_TENANT_ID"),
            HINT_POD,
        ));
        body.push_str(&expect(
            &format!("Workload {n}: pod got AZURE_AUTHORITY_HOST"),
            &v("AUTHORITY_HOST"),
            &env("AZURE_AUTHORITY_HOST"),
            HINT_POD,
        ));
        body.push_str(&format!(
            "if [[ -n \"$(get {})\" ]]; then ok {}; else bad {} {}; fi\n",
            command(&env("AZURE_FEDERATED_TOKEN_FILE")),
            sh(&format!("Workload {n}: pod got AZURE_FEDERATED_TOKEN_FILE")),
            sh(&format!(
                "Workload {n}: pod has no AZURE_FEDERATED_TOKEN_FILE"
            )),
            sh(HINT_POD)
        ));
    }

    body.push_str(
        "\nif ((failures > 0)); then\n  printf '\\n%s check(s) failed.\\n' \"$failures\"\n  exit 1\nfi\nprintf '\\nAll checks passed.\\n'\n",
    );

    let mut out = bash::header(
        "verify.sh: read-only checks after setup.sh. It changes nothing in Azure or in the cluster; run it as often as you like.",
    );
    out.push_str(&bash::comment("Your values."));
    out.push_str(&bash::assignments(&p.vars, &body));
    out.push('\n');
    out.push_str(&body);
    out
}
