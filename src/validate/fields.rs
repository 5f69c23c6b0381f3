//! Rules for the tenant, admin-access and cluster steps.

use super::{Findings, Fix, Severity::*};
use crate::answers::{Answers, ClusterMode};
use crate::catalog::{self, names::NameRule};

/// A GUID field: `guid.invalid` (with a cleaned-up value as fix when there is one) or, for an
/// obviously made-up value, `guid.placeholder`.
pub(super) fn guid(out: &mut Findings, field: &str, label: &str, value: &str, how_to_find: &str) {
    if NameRule::Guid.check(value) {
        let digits: Vec<char> = value.chars().filter(|c| *c != '-').collect();
        if digits.windows(2).all(|w| w[0].eq_ignore_ascii_case(&w[1])) {
            out.push(
                Info,
                "guid.placeholder",
                field,
                format!("The {label} is a placeholder; replace it with your own before running the setup ({how_to_find})."),
                "The example values let you explore the wizard, but the commands only work with real IDs.",
                None,
            );
        }
        return;
    }
    let fix = NameRule::Guid.sanitize(value).and_then(|v| Fix::set(format!("Use {v}"), field, v));
    let what = if value.trim().is_empty() { "is empty".to_string() } else { format!("'{value}' is not a GUID") };
    out.push(
        Error,
        "guid.invalid",
        field,
        format!("The {label} {what}: {} ({how_to_find}).", NameRule::Guid.describe()),
        "Azure identifies tenants, subscriptions and groups by these IDs; anything else makes the commands fail.",
        fix,
    );
}

/// A name field checked against a naming rule, with a cleaned-up value as fix when one exists.
pub(super) fn name(out: &mut Findings, id: &'static str, field: &str, label: &str, value: &str, rule: NameRule, why: &str) {
    if rule.check(value) {
        return;
    }
    let fix = rule.sanitize(value).and_then(|v| Fix::set(format!("Use '{v}'"), field, v));
    let what = if value.is_empty() { "is empty".to_string() } else { format!("'{value}' is not valid") };
    out.push(Error, id, field, format!("The {label} {what}: {}.", rule.describe()), why, fix);
}

/// Classic edit distance, for "did you mean" region fixes.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let best = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            cur.push(best);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

pub(super) fn tenant(a: &Answers, out: &mut Findings) {
    let t = &a.tenant;
    guid(out, "tenant.tenant_id", "tenant ID", &t.tenant_id, "az account show --query tenantId -o tsv");
    guid(out, "tenant.subscription_id", "subscription ID", &t.subscription_id, "az account show --query id -o tsv");

    let field = "tenant.location";
    let loc = t.location.as_str();
    let cloud_name = catalog::cloud_display_name(t.cloud);
    if !NameRule::RegionFormat.check(loc) {
        let fix = NameRule::RegionFormat.sanitize(loc).and_then(|v| Fix::set(format!("Use {v}"), field, v));
        let what = if loc.is_empty() { "is empty".to_string() } else { format!("'{loc}' is not a region short name") };
        out.push(
            Error,
            "location.invalid",
            field,
            format!("The region {what}: {}.", NameRule::RegionFormat.describe()),
            "The Azure CLI takes the short name (as `az account list-locations` prints it), not the display name.",
            fix,
        );
        return;
    }
    match catalog::cloud_of_region(loc) {
        Some(c) if c == t.cloud => {}
        Some(other) => out.push(
            Error,
            "location.other_cloud",
            field,
            format!(
                "The region {loc} belongs to {}, not to {cloud_name}: pick a region of {cloud_name} or switch the cloud.",
                catalog::cloud_display_name(other)
            ),
            "Each Azure cloud is a separate world with its own regions; a region of another cloud does not exist here.",
            Fix::set(format!("Switch the cloud to {}", catalog::cloud_display_name(other)), "tenant.cloud", catalog::cloud_cli_name(other)),
        ),
        None => {
            let nearest = catalog::regions(t.cloud)
                .iter()
                .map(|r| (distance(loc, r), *r))
                .filter(|(d, _)| *d <= 3)
                .min();
            let fix = nearest.and_then(|(_, r)| Fix::set(format!("Use {r}"), field, r));
            let hint = nearest.map(|(_, r)| format!(" Did you mean {r}?")).unwrap_or_default();
            out.push(
                Warning,
                "location.unknown",
                field,
                format!("The region {loc} is not one the wizard knows for {cloud_name}; check it with `az account list-locations -o table`.{hint}"),
                "A mistyped region makes every create command fail. The wizard's list may miss new regions, so this is only a warning.",
                fix,
            );
        }
    }
    if catalog::NO_FEDERATED_CREDENTIALS.contains(&loc) {
        out.push(
            Warning,
            "location.no_federated_credentials",
            field,
            format!("Federated credentials could not be created on managed identities in {loc} when last documented; pick another region if the setup fails at that step."),
            "Workload identity needs a federated credential on the identity; without it the pod cannot sign in.",
            None,
        );
    }
}

pub(super) fn admin(a: &Answers, out: &mut Findings) {
    let ad = &a.admin;
    let mut repeats = Vec::new();
    for (i, id) in ad.admin_group_object_ids.iter().enumerate() {
        let field = format!("admin.admin_group_object_ids[{i}]");
        // A group's name typed where its ID belongs: the command that finds the ID, with that name in it.
        let looks_like_name = !id.trim().is_empty() && NameRule::Guid.sanitize(id).is_none() && !id.contains(['\n', '\r']);
        let how_to_find = if looks_like_name {
            format!("az ad group show --group {} --query id -o tsv", crate::generate::quote::sh(id.trim()))
        } else {
            "az ad group show --group NAME --query id -o tsv".to_string()
        };
        guid(out, &field, "admin group object ID", id, &how_to_find);
        let earlier = ad.admin_group_object_ids.iter().take(i).any(|e| e.trim().eq_ignore_ascii_case(id.trim()));
        if earlier && !id.trim().is_empty() {
            repeats.push(field);
        }
    }
    // One finding for the list: removing the repeats one by one would shift the indexes of the others.
    if !repeats.is_empty() {
        out.push(
            Warning,
            "admin.duplicate_group",
            "admin.admin_group_object_ids",
            "An admin group is listed more than once: remove the repeats.",
            "A group listed twice grants nothing extra and hides which groups really are admins.",
            Some(Fix { label: "Remove the repeats".into(), edit: super::Edit::RemoveItems { fields: repeats } }),
        );
    }
    let no_group = ad.admin_group_object_ids.is_empty();
    if ad.disable_local_accounts && no_group && !ad.azure_rbac {
        out.push(
            Error,
            "admin.lockout",
            "admin.disable_local_accounts",
            "With local accounts disabled, no admin group and no Azure RBAC, nobody can administer the cluster: add an admin group, turn on Azure RBAC, or keep local accounts.",
            "Disabling local accounts removes the emergency admin kubeconfig; then only Entra ID admins can get in, and there would be none.",
            Fix::set("Keep local accounts", "admin.disable_local_accounts", "false"),
        );
    } else if no_group {
        let who = if ad.azure_rbac {
            format!(
                "through Entra ID only people given an Azure role such as '{}' on the cluster can administer it, and someone allowed to assign Azure roles (such as an Owner) must give it",
                catalog::AKS_RBAC_CLUSTER_ADMIN_ROLE
            )
        } else {
            "nobody can administer the cluster through Entra ID".to_string()
        };
        let local = if ad.disable_local_accounts { "" } else { "; the static admin kubeconfig of the local accounts still gets in" };
        // The setup sends admin groups only when there are some, so an existing cluster keeps its own.
        let lead = match a.cluster.mode {
            ClusterMode::New => "No admin group is set, so",
            ClusterMode::Existing => "No admin group is set: the cluster keeps the admin groups it has, and if it has none,",
        };
        out.push(
            Warning,
            "admin.no_admin_group",
            "admin.admin_group_object_ids",
            format!("{lead} {who}{local}. Add the Entra ID group of the people who run the cluster."),
            "Members of an admin group are cluster admins when they sign in, so admin access follows group membership. Find a group's object ID with `az ad group show --group NAME --query id -o tsv`.",
            None,
        );
    }
    if !ad.disable_local_accounts {
        // Turning them off with no other way in would lock everyone out (admin.lockout): no fix then.
        let other_admins = !no_group || ad.azure_rbac;
        let close = if other_admins { "disable them" } else { "add an admin group, then disable them" };
        out.push(
            Warning,
            "admin.local_accounts_on",
            "admin.disable_local_accounts",
            format!(
                "Local accounts are not disabled: anyone with the Azure Kubernetes Service Cluster Admin Role (or Owner or Contributor) on the cluster can download a static admin kubeconfig that bypasses Entra ID; {close}."
            ),
            "That kubeconfig holds a certificate, not a sign-in: it names no person and keeps working after its holder leaves the company, until the cluster's certificates are rotated.",
            if other_admins { Fix::set("Turn local accounts off", "admin.disable_local_accounts", "true") } else { None },
        );
    }
    if !ad.azure_rbac {
        out.push(
            Warning,
            "admin.azure_rbac_off",
            "admin.azure_rbac",
            "Azure RBAC for Kubernetes is not switched on: Kubernetes permissions beyond the admin groups then live only in RoleBindings inside the cluster, which Azure role assignments and access reviews do not show; turn Azure RBAC on.",
            "With Azure RBAC, access to the cluster or a namespace is an Azure role assignment, reviewed and removed like any other; RoleBindings can only be audited with kubectl.",
            Fix::set("Turn Azure RBAC on", "admin.azure_rbac", "true"),
        );
    }
    if ad.disable_local_accounts && a.cluster.mode == ClusterMode::Existing {
        out.push(
            Info,
            "admin.rotate_certificates",
            "admin.disable_local_accounts",
            "After local accounts are disabled on an existing cluster, rotate its certificates (az aks rotate-certs) so admin kubeconfigs handed out before stop working.",
            "Disabling local accounts stops new admin credentials, but ones already downloaded keep working until the certificates change.",
            None,
        );
    }
}

pub(super) fn cluster(a: &Answers, out: &mut Findings) {
    let c = &a.cluster;
    name(out, "resource_group.invalid", "cluster.resource_group", "cluster's resource group", &c.resource_group, NameRule::ResourceGroup,
        "Azure refuses resource group names outside its rules.");
    name(out, "cluster_name.invalid", "cluster.name", "cluster name", &c.name, NameRule::AksCluster,
        "The Azure CLI refuses cluster names outside this pattern.");
    if !c.acr_name.is_empty() {
        name(out, "acr_name.invalid", "cluster.acr_name", "container registry name", &c.acr_name, NameRule::ContainerRegistry,
            "Registry names are part of the registry's address, so Azure allows only these characters.");
    }
    if !c.acr_resource_group.is_empty() {
        name(out, "resource_group.invalid", "cluster.acr_resource_group", "registry's resource group", &c.acr_resource_group,
            NameRule::ResourceGroup, "Azure refuses resource group names outside its rules.");
    }

    // Checked whatever the mode; `super::in_use` drops them for an existing cluster, which keeps its own.
    if !catalog::NODE_COUNT_RANGE.contains(&c.node_count) {
        let (lo, hi) = (*catalog::NODE_COUNT_RANGE.start(), *catalog::NODE_COUNT_RANGE.end());
        let to = c.node_count.clamp(lo, hi);
        out.push(
            Error,
            "node_count.range",
            "cluster.node_count",
            format!("The node count {} is outside {lo}-{hi}: use at least {lo} and at most {hi} nodes.", c.node_count),
            "The first (system) node pool needs at least one node to run the cluster's own services, and a pool holds at most 1000.",
            Fix::set(format!("Use {to}"), "cluster.node_count", to.to_string()),
        );
    }
    let v = &c.kubernetes_version;
    if !v.is_empty() && !NameRule::KubernetesVersion.check(v) {
        let fix = match NameRule::KubernetesVersion.sanitize(v) {
            Some(clean) => Fix::set(format!("Use {clean}"), "cluster.kubernetes_version", clean),
            None => Fix::set("Use the region's default version", "cluster.kubernetes_version", ""),
        };
        out.push(
            Error,
            "kubernetes_version.invalid",
            "cluster.kubernetes_version",
            format!("The Kubernetes version '{v}' is not valid: {}.", NameRule::KubernetesVersion.describe()),
            "The Azure CLI only takes major.minor or major.minor.patch; `az aks get-versions` lists what a region offers.",
            fix,
        );
    }
    if let Some((major, minor)) = kubernetes_major_minor(v) {
        let (min_major, min_minor) = catalog::WORKLOAD_IDENTITY_MIN_KUBERNETES;
        if (major, minor) < (min_major, min_minor) {
            out.push(
                Error,
                "kubernetes_version.too_old",
                "cluster.kubernetes_version",
                format!(
                    "The Kubernetes version '{v}' is older than {min_major}.{min_minor}, the first one with workload identity: use {min_major}.{min_minor} or later, or leave it empty for the region's default."
                ),
                "Workload identity and the OIDC issuer need Kubernetes 1.22 or later on AKS, and AKS stops offering old versions anyway; `az aks get-versions -l REGION` lists what a region still offers.",
                Fix::set("Use the region's default version", "cluster.kubernetes_version", ""),
            );
        } else if (major, minor) < catalog::AKS_OLDEST_SUPPORTED_KUBERNETES {
            let (major, minor) = catalog::AKS_OLDEST_SUPPORTED_KUBERNETES;
            out.push(
                Warning,
                "kubernetes_version.unsupported",
                "cluster.kubernetes_version",
                format!(
                    "Kubernetes '{v}' is past AKS standard support (as of December 2026): pick {major}.{minor} or later, or leave it empty for the region's default."
                ),
                "AKS supports each minor version for about a year; after that only paid long-term support keeps it patched, and new clusters may be refused. `az aks get-versions -l REGION` lists what a region offers today.",
                Fix::set("Use the region's default version", "cluster.kubernetes_version", ""),
            );
        }
    }
    vm_size(out, &c.vm_size);
    if c.mode == ClusterMode::Existing {
        let e = &c.existing;
        if e.workload_identity && !e.oidc_issuer {
            out.push(
                Error,
                "cluster.existing_inconsistent",
                "cluster.existing.oidc_issuer",
                "Workload identity is marked as on but the OIDC issuer as off, which Azure does not allow: check with `az aks show` and mark the OIDC issuer as on.",
                "Workload identity cannot run without the OIDC issuer, so the cluster must already have it; the setup uses this to skip steps.",
                Fix::set("Mark the OIDC issuer as on", "cluster.existing.oidc_issuer", "true"),
            );
        }
        if !e.entra_id {
            out.push(
                Info,
                "cluster.entra_one_way",
                "cluster.existing.entra_id",
                "The setup turns on Entra ID for this cluster; it cannot be turned off again.",
                "Entra ID integration is one-way on AKS. Sign-in moves to Entra ID (kubelogin) for everyone who uses the cluster.",
                None,
            );
        }
        if !e.oidc_issuer {
            out.push(
                Info,
                "cluster.oidc_restart",
                "cluster.existing.oidc_issuer",
                "The setup turns on the OIDC issuer, which restarts the cluster's API server briefly and cannot be turned off again.",
                "The API server restart is a short control-plane interruption; running pods keep running.",
                None,
            );
        }
    }
}

/// (major, minor) of a well-formed version such as `v1.33.2`; None for anything else (that is
/// `kubernetes_version.invalid`'s business) or numbers too large to read.
fn kubernetes_major_minor(v: &str) -> Option<(u32, u32)> {
    if !NameRule::KubernetesVersion.check(v) {
        return None;
    }
    let mut parts = v.trim_start_matches(['v', 'V']).split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// A VM size as Azure names them: `Standard_` then a letter, then letters, digits and underscores
/// (`Standard_D2s_v5`, `Standard_B2ms`, `Standard_NC24ads_A100_v4`).
fn is_vm_size(s: &str) -> bool {
    s.strip_prefix("Standard_").is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_alphabetic()) && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// `vm_size.invalid`: empty lets Azure choose; anything else must have the form Azure accepts. The
/// fix repairs the case of the prefix and of the family letter (`standard_d2s_v5` -> `Standard_D2s_v5`).
fn vm_size(out: &mut Findings, v: &str) {
    if v.is_empty() || is_vm_size(v) {
        return;
    }
    let t = v.trim();
    let repaired = t.get(..9).filter(|p| p.eq_ignore_ascii_case("standard_")).map(|_| {
        let rest = &t[9..];
        let mut chars = rest.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase().to_string()).unwrap_or_default();
        format!("Standard_{first}{}", chars.as_str())
    });
    let fix = repaired.filter(|r| is_vm_size(r)).and_then(|r| Fix::set(format!("Use {r}"), "cluster.vm_size", r));
    out.push(
        Error,
        "vm_size.invalid",
        "cluster.vm_size",
        format!(
            "The VM size '{v}' is not of the form Azure accepts: write Standard_ followed by letters, digits and underscores, such as Standard_D2s_v5 or Standard_B2ms, or leave it empty and Azure chooses."
        ),
        "Azure names VM sizes exactly this way; `az vm list-sizes -l REGION -o table` lists the sizes a region offers.",
        fix,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn edit_distance() {
        assert_eq!(super::distance("westeurpe", "westeurope"), 1);
        assert_eq!(super::distance("", "abc"), 3);
        assert_eq!(super::distance("abc", "abc"), 0);
    }
}
