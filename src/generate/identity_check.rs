//! The identity check: one fixed bash script that runs in a pod with workload identity, signs in as
//! the identity with the pod's projected token and tries each grant once, printing one
//! `identity-check: ...` line per step. verify.sh reads those lines from a short-lived check pod; the
//! example app runs the same script. Values reach the script only through environment variables
//! (`CHECK_*`, built here), so its text never changes and no value is ever spliced into it.

use super::k8s::EnvVar;
use crate::answers::{AccessGrant, AccessNeed, Answers, TargetKind, Workload, EXAMPLE_IMAGE};
use crate::catalog;

/// The script. It always ends with status 0: a failed check is a result for the log, not a crash.
pub const SCRIPT: &str = r#"# Signs in as this pod's workload identity, then tries each grant once; verify.sh reads the result.
say() { printf 'identity-check: %s\n' "$1"; }
# az's error on one line, without its warnings.
one_line() {
  local line out=''
  while IFS= read -r line; do
    case $line in '' | WARNING:*) ;; *) out="$out${out:+ }${line%$'\r'}" ;; esac
  done <<<"$1"
  printf '%s' "${out:0:400}"
}
v() { local name="CHECK_GRANT_${n}_$1"; printf '%s' "${!name:-}"; }
sign_in() {
  az cloud set --name "$CHECK_CLOUD" &&
    az login --service-principal -u "$AZURE_CLIENT_ID" -t "$AZURE_TENANT_ID" \
      --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --allow-no-subscriptions --output none
}
# One call that the grant's role allows, or a token for the service when there is none.
try_grant() {
  local kind
  kind=$(v KIND)
  case $kind in
    blob) az storage blob list --account-name "$(v ACCOUNT)" --container-name "$(v CONTAINER)" \
      --auth-mode login --num-results 1 --output none ;;
    queue) az storage message peek --account-name "$(v ACCOUNT)" --queue-name "$(v QUEUE)" \
      --auth-mode login --output none ;;
    table) az storage entity query --account-name "$(v ACCOUNT)" --table-name "$(v TABLE)" \
      --auth-mode login --num-results 1 --output none ;;
    keyvault-*)
      if [ -n "$(v NAME)" ]; then
        az keyvault "${kind#keyvault-}" show --vault-name "$(v VAULT)" --name "$(v NAME)" --output none
      else
        az keyvault "${kind#keyvault-}" list --vault-name "$(v VAULT)" --output none
      fi ;;
    appconfig) az appconfig kv list --endpoint "$(v ENDPOINT)" --auth-mode login --top 1 --output none ;;
    *) az account get-access-token --resource "$(v AUDIENCE)" --output none ;;
  esac
}
if [ -z "${AZURE_FEDERATED_TOKEN_FILE:-}" ]; then
  say 'token exchange failed: no AZURE_FEDERATED_TOKEN_FILE, so the webhook did not set up this pod'
elif ! err=$(sign_in 2>&1 >/dev/null); then
  say "token exchange failed: $(one_line "$err")"
else
  say 'token exchange ok'
  n=1
  while [ "$n" -le "${CHECK_GRANT_COUNT:-0}" ]; do
    note=''
    [ "$(v KIND)" != token ] || note=' (token only; the role itself is not exercised)'
    if err=$(try_grant 2>&1 >/dev/null); then
      say "grant $n ok$note"
    else
      say "grant $n failed: $(one_line "$err")"
    fi
    n=$((n + 1))
  done
fi
"#;

/// What the example app runs after the check: it stays up, so its log keeps the result and the pod
/// never restarts. Sleeping in the background lets bash (the container's first process, which
/// ignores signals it has no trap for) stop at once when Kubernetes asks, not after the grace period.
pub const STAY_UP: &str = "trap 'exit 0' TERM\nwhile :; do sleep 3600 & wait $!; done\n";

/// The example app is the Azure CLI image, at any tag or digest: its own command (bash) would exit at
/// once, so it runs the check as its command instead.
pub fn is_example_app(w: &Workload) -> bool {
    let repository = EXAMPLE_IMAGE.split(':').next().unwrap_or(EXAMPLE_IMAGE);
    w.image
        .strip_prefix(repository)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(':') || rest.starts_with('@'))
}

/// The check pod's container command: the script, run by bash.
pub fn command(then: &str) -> Vec<String> {
    vec!["bash".into(), "-c".into(), format!("{SCRIPT}{then}")]
}

/// The script's environment for workload `w`: the cloud, the number of grants and, per grant `n`,
/// `CHECK_GRANT_<n>_KIND` (how to try it), `CHECK_GRANT_<n>_SCOPE` (its Azure scope) and the values the
/// call needs.
pub fn env(a: &Answers, w: &Workload) -> Vec<EnvVar> {
    let mut out = vec![
        EnvVar::new("CHECK_CLOUD", catalog::cloud_cli_name(a.tenant.cloud)),
        EnvVar::new("CHECK_GRANT_COUNT", &w.grants.len().to_string()),
    ];
    for (j, g) in w.grants.iter().enumerate() {
        let (kind, values) = probe(a, g);
        let mut put = |what: &str, value: &str| out.push(EnvVar::new(&format!("CHECK_GRANT_{}_{what}", j + 1), value));
        put("KIND", kind);
        put("SCOPE", &catalog::scope(a, g));
        for (what, value) in values {
            put(what, &value);
        }
    }
    out
}

/// How the script tries a grant: one read that the grant's role allows (the catalog says it covers
/// reading, or receiving for a queue), on the named container, queue, table, vault or store. Anything
/// else gets a token for the service's audience, which proves the exchange but not the role: a queue
/// sender cannot read, storage without a named container has nothing to read from, and Service Bus,
/// Event Hubs, registries, Cosmos DB and Azure SQL have no data-plane az command.
fn probe(a: &Answers, g: &AccessGrant) -> (&'static str, Vec<(&'static str, String)>) {
    let covers = catalog::target(g.target).covers(&g.role).unwrap_or(&[]);
    let reads = covers.contains(&AccessNeed::Read)
        || (g.target == TargetKind::StorageQueue && covers.contains(&AccessNeed::Receive));
    let sub = g.sub_resource.clone();
    let account = || ("ACCOUNT", g.resource_name.clone());
    let vault = |kind| {
        let mut values = vec![("VAULT", g.resource_name.clone())];
        if !sub.is_empty() {
            values.push(("NAME", sub.clone()));
        }
        Some((kind, values))
    };
    let call = match g.target {
        _ if !reads => None,
        TargetKind::StorageBlob if !sub.is_empty() => Some(("blob", vec![account(), ("CONTAINER", sub.clone())])),
        TargetKind::StorageQueue if !sub.is_empty() => Some(("queue", vec![account(), ("QUEUE", sub.clone())])),
        TargetKind::StorageTable if !sub.is_empty() => Some(("table", vec![account(), ("TABLE", sub.clone())])),
        TargetKind::KeyVaultSecrets => vault("keyvault-secret"),
        TargetKind::KeyVaultKeys => vault("keyvault-key"),
        TargetKind::KeyVaultCertificates => vault("keyvault-certificate"),
        TargetKind::AppConfiguration => Some((
            "appconfig",
            vec![("ENDPOINT", catalog::app_configuration_endpoint(a.tenant.cloud, &g.resource_name))],
        )),
        _ => None,
    };
    call.unwrap_or_else(|| ("token", vec![("AUDIENCE", catalog::data_audience(a, g))]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_tag_or_digest_of_the_azure_cli_image_is_the_example_app() {
        let with_image = |image: &str| Workload { image: image.into(), ..Workload::example(1) };
        for image in [
            EXAMPLE_IMAGE,
            "mcr.microsoft.com/azure-cli",
            "mcr.microsoft.com/azure-cli:2.91.0",
            "mcr.microsoft.com/azure-cli@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(is_example_app(&with_image(image)), "{image}");
        }
        for image in ["mcr.microsoft.com/azure-cli-extra:1", "myacr.azurecr.io/azure-cli:1", "nginx:1.27"] {
            assert!(!is_example_app(&with_image(image)), "{image}");
        }
    }
}
