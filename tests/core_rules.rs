//! Every validation rule, table-driven: a failing case (id, field, severity and fix asserted, and the
//! fix shown to remove the finding) and a passing case (the rule stays silent).

use aks_identity_wizard::answers::*;
use aks_identity_wizard::validate::{self, Edit, Finding, Severity, Severity::*};

#[derive(Debug)]
enum Want {
    NoFix,
    /// SetField on the finding's own field.
    Set(&'static str),
    /// SetField on another field.
    SetAt(&'static str, &'static str),
    Remove(&'static [&'static str]),
    AddWorkload,
    /// SetTexts on the finding's own field (a list).
    SetTexts(&'static [&'static str]),
}

struct Case {
    id: &'static str,
    field: &'static str,
    severity: Severity,
    fail: fn(&mut Answers),
    pass: fn(&mut Answers),
    fix: Want,
}

fn grant(a: &mut Answers) -> &mut AccessGrant {
    &mut a.workloads[0].grants[0]
}

fn set_grant(a: &mut Answers, target: TargetKind, name: &str, sub: &str, need: AccessNeed, role: &str) {
    let g = grant(a);
    g.target = target;
    g.resource_name = name.into();
    g.sub_resource = sub.into();
    g.need = need;
    g.role = role.into();
}

fn existing(a: &mut Answers) {
    a.cluster.mode = ClusterMode::Existing;
    a.cluster.existing = ExistingFeatures { entra_id: true, oidc_issuer: true, workload_identity: true };
}

fn second(a: &mut Answers) -> &mut Workload {
    a.workloads.push(Workload::example(1));
    let last = a.workloads.len() - 1;
    &mut a.workloads[last]
}

fn real_ids(a: &mut Answers) {
    a.tenant.tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47".into();
    a.tenant.subscription_id = "3f2b8a61-4c3e-4e0b-9d1f-6a7b8c9d0e1f".into();
    a.admin.admin_group_object_ids = vec!["5d3c2b1a-0f9e-4d8c-b7a6-951847362514".into()];
}

fn noop(_: &mut Answers) {}

/// The answers' pipeline, made from the example when there is none yet.
fn pipe(a: &mut Answers) -> &mut Pipeline {
    if a.pipeline.is_none() {
        a.pipeline = Some(Pipeline::example(a));
    }
    a.pipeline.as_mut().expect("pipeline")
}

fn with_pipeline(a: &mut Answers) {
    pipe(a);
}

/// A class of three whose template gives each participant their own namespace, identity and
/// container, with everyone's sign-in name: the workshop rules' passing case.
fn lab(a: &mut Answers) {
    let w = &mut a.workloads[0];
    w.namespace = "{participant}".into();
    w.identity_name = "id-{participant}".into();
    w.grants[0].sub_resource = "{participant}".into();
    w.grants[0].need = Write;
    w.grants[0].role = "Storage Blob Data Contributor".into();
    let mut ws = Workshop::example(3);
    ws.people = vec!["ada@contoso.com".into(), "grace@contoso.com".into(), "44444444-4444-4444-4444-444444444444".into()];
    a.workshop = Some(ws);
}

fn class(a: &mut Answers) -> &mut Workshop {
    if a.workshop.is_none() {
        lab(a);
    }
    a.workshop.as_mut().expect("workshop")
}

const WRITER: &str = "Azure Kubernetes Service RBAC Writer";

use AccessNeed::*;
use TargetKind::*;

fn cases() -> Vec<Case> {
    vec![
        // ---- tenant
        Case { id: "guid.invalid", field: "tenant.tenant_id", severity: Error,
            fail: |a| a.tenant.tenant_id = " {aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee} ".into(),
            pass: |a| a.tenant.tenant_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee".into(),
            fix: Want::Set("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee") },
        Case { id: "guid.invalid", field: "tenant.subscription_id", severity: Error,
            fail: |a| a.tenant.subscription_id = "my-subscription".into(),
            pass: |a| a.tenant.subscription_id = "ABCDEF12-3456-7890-abcd-ef1234567890".into(),
            fix: Want::NoFix },
        Case { id: "guid.invalid", field: "admin.admin_group_object_ids[0]", severity: Error,
            fail: |a| a.admin.admin_group_object_ids[0] = String::new(),
            pass: noop, fix: Want::NoFix },
        Case { id: "guid.placeholder", field: "tenant.tenant_id", severity: Info,
            fail: noop, pass: real_ids, fix: Want::NoFix },
        Case { id: "location.invalid", field: "tenant.location", severity: Error,
            fail: |a| a.tenant.location = "West Europe".into(),
            pass: |a| a.tenant.location = "westeurope".into(),
            fix: Want::Set("westeurope") },
        Case { id: "location.invalid", field: "tenant.location", severity: Error,
            fail: |a| a.tenant.location = String::new(),
            pass: noop, fix: Want::NoFix },
        Case { id: "location.other_cloud", field: "tenant.location", severity: Error,
            fail: |a| a.tenant.location = "usgovvirginia".into(),
            pass: |a| {
                a.tenant.cloud = Cloud::AzureUSGovernment;
                a.tenant.location = "usgovvirginia".into();
            },
            fix: Want::SetAt("tenant.cloud", "AzureUSGovernment") },
        Case { id: "location.unknown", field: "tenant.location", severity: Warning,
            fail: |a| a.tenant.location = "westeurpe".into(),
            pass: |a| a.tenant.location = "swedencentral".into(),
            fix: Want::Set("westeurope") },
        Case { id: "location.unknown", field: "tenant.location", severity: Warning,
            fail: |a| a.tenant.location = "atlantis1".into(),
            pass: noop, fix: Want::NoFix },
        Case { id: "location.no_federated_credentials", field: "tenant.location", severity: Warning,
            fail: |a| a.tenant.location = "newzealandnorth".into(),
            pass: |a| a.tenant.location = "australiaeast".into(),
            fix: Want::NoFix },
        // ---- admin access
        Case { id: "admin.lockout", field: "admin.disable_local_accounts", severity: Error,
            fail: |a| {
                a.admin.admin_group_object_ids.clear();
                a.admin.azure_rbac = false;
                a.admin.disable_local_accounts = true;
            },
            pass: |a| {
                a.admin.admin_group_object_ids.clear();
                a.admin.azure_rbac = false;
                a.admin.disable_local_accounts = false;
            },
            fix: Want::Set("false") },
        Case { id: "admin.no_admin_group", field: "admin.admin_group_object_ids", severity: Warning,
            fail: |a| {
                a.admin.admin_group_object_ids.clear();
                a.admin.azure_rbac = true;
                a.admin.disable_local_accounts = true;
            },
            pass: |a| a.admin.azure_rbac = true,
            fix: Want::NoFix },
        Case { id: "admin.no_admin_group", field: "admin.admin_group_object_ids", severity: Warning,
            fail: |a| {
                a.admin.admin_group_object_ids.clear();
                a.admin.azure_rbac = false;
                a.admin.disable_local_accounts = false;
            },
            // With local accounts off as well, that is admin.lockout instead.
            pass: |a| {
                a.admin.admin_group_object_ids.clear();
                a.admin.azure_rbac = false;
            },
            fix: Want::NoFix },
        Case { id: "admin.local_accounts_on", field: "admin.disable_local_accounts", severity: Warning,
            fail: |a| a.admin.disable_local_accounts = false,
            pass: noop, fix: Want::Set("true") },
        Case { id: "admin.local_accounts_on", field: "admin.disable_local_accounts", severity: Warning,
            // No other way in: turning them off would lock everyone out, so no one-click fix.
            fail: |a| {
                a.admin.admin_group_object_ids.clear();
                a.admin.azure_rbac = false;
                a.admin.disable_local_accounts = false;
            },
            pass: noop, fix: Want::NoFix },
        Case { id: "admin.azure_rbac_off", field: "admin.azure_rbac", severity: Warning,
            fail: |a| a.admin.azure_rbac = false,
            pass: noop, fix: Want::Set("true") },
        Case { id: "admin.duplicate_group", field: "admin.admin_group_object_ids", severity: Warning,
            fail: |a| {
                let g = a.admin.admin_group_object_ids[0].clone();
                a.admin.admin_group_object_ids.push("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee".into());
                a.admin.admin_group_object_ids.push(g.to_uppercase());
                a.admin.admin_group_object_ids.push(g);
            },
            pass: |a| a.admin.admin_group_object_ids.push("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee".into()),
            fix: Want::Remove(&["admin.admin_group_object_ids[2]", "admin.admin_group_object_ids[3]"]) },
        Case { id: "admin.rotate_certificates", field: "admin.disable_local_accounts", severity: Info,
            fail: existing,
            pass: |a| {
                existing(a);
                a.admin.disable_local_accounts = false;
            },
            fix: Want::NoFix },
        // ---- cluster
        Case { id: "cluster.existing_inconsistent", field: "cluster.existing.oidc_issuer", severity: Error,
            fail: |a| {
                existing(a);
                a.cluster.existing.oidc_issuer = false;
            },
            pass: existing, fix: Want::Set("true") },
        Case { id: "cluster.entra_one_way", field: "cluster.existing.entra_id", severity: Info,
            fail: |a| {
                existing(a);
                a.cluster.existing.entra_id = false;
            },
            pass: existing, fix: Want::NoFix },
        Case { id: "cluster.oidc_restart", field: "cluster.existing.oidc_issuer", severity: Info,
            fail: |a| {
                existing(a);
                a.cluster.existing.oidc_issuer = false;
                a.cluster.existing.workload_identity = false;
            },
            pass: existing, fix: Want::NoFix },
        Case { id: "resource_group.invalid", field: "cluster.resource_group", severity: Error,
            fail: |a| a.cluster.resource_group = "rg-demo.".into(),
            pass: |a| a.cluster.resource_group = "rg.demo_(1)".into(),
            fix: Want::Set("rg-demo") },
        Case { id: "resource_group.invalid", field: "cluster.acr_resource_group", severity: Error,
            fail: |a| {
                a.cluster.acr_name = "acrdemo01".into();
                a.cluster.acr_resource_group = "rg/images".into();
            },
            pass: |a| {
                a.cluster.acr_name = "acrdemo01".into();
                a.cluster.acr_resource_group = "rg-images".into();
            },
            fix: Want::Set("rg-images") },
        Case { id: "cluster_name.invalid", field: "cluster.name", severity: Error,
            fail: |a| a.cluster.name = "aks demo".into(),
            pass: |a| a.cluster.name = "aks_demo".into(),
            fix: Want::Set("aks-demo") },
        Case { id: "node_count.range", field: "cluster.node_count", severity: Error,
            fail: |a| a.cluster.node_count = 0,
            pass: |a| a.cluster.node_count = 1,
            fix: Want::Set("1") },
        Case { id: "node_count.range", field: "cluster.node_count", severity: Error,
            fail: |a| a.cluster.node_count = 1001,
            pass: |a| {
                // An existing cluster keeps its nodes: the field is not used, so not checked.
                existing(a);
                a.cluster.node_count = 0;
            },
            fix: Want::Set("1000") },
        Case { id: "kubernetes_version.invalid", field: "cluster.kubernetes_version", severity: Error,
            fail: |a| a.cluster.kubernetes_version = "1.33 ".into(),
            pass: |a| a.cluster.kubernetes_version = "v1.33.1".into(),
            fix: Want::Set("1.33") },
        Case { id: "kubernetes_version.invalid", field: "cluster.kubernetes_version", severity: Error,
            fail: |a| a.cluster.kubernetes_version = "latest".into(),
            pass: |a| a.cluster.kubernetes_version = String::new(),
            fix: Want::Set("") },
        Case { id: "vm_size.invalid", field: "cluster.vm_size", severity: Error,
            fail: |a| a.cluster.vm_size = "standard_d2s_v5".into(),
            pass: |a| a.cluster.vm_size = "Standard_D2s_v5".into(),
            fix: Want::Set("Standard_D2s_v5") },
        Case { id: "vm_size.invalid", field: "cluster.vm_size", severity: Error,
            fail: |a| a.cluster.vm_size = "D2s v5".into(),
            pass: |a| a.cluster.vm_size = "Standard_B2ms".into(),
            fix: Want::NoFix },
        Case { id: "vm_size.invalid", field: "cluster.vm_size", severity: Error,
            fail: |a| a.cluster.vm_size = "Standard_".into(),
            pass: |a| {
                // Only used when creating a cluster, so not checked for an existing one.
                existing(a);
                a.cluster.vm_size = "Standard_".into();
            },
            fix: Want::NoFix },
        Case { id: "kubernetes_version.too_old", field: "cluster.kubernetes_version", severity: Error,
            fail: |a| a.cluster.kubernetes_version = "1.21.9".into(),
            pass: |a| a.cluster.kubernetes_version = "v1.22".into(),
            fix: Want::Set("") },
        Case { id: "kubernetes_version.too_old", field: "cluster.kubernetes_version", severity: Error,
            fail: |a| a.cluster.kubernetes_version = "0.99".into(),
            pass: |a| a.cluster.kubernetes_version = "2.0".into(),
            fix: Want::Set("") },
        Case { id: "kubernetes_version.unsupported", field: "cluster.kubernetes_version", severity: Warning,
            fail: |a| a.cluster.kubernetes_version = "1.34.2".into(),
            pass: |a| a.cluster.kubernetes_version = "1.35".into(),
            fix: Want::Set("") },
        Case { id: "kubernetes_version.unsupported", field: "cluster.kubernetes_version", severity: Warning,
            fail: |a| a.cluster.kubernetes_version = "v1.22".into(),
            pass: |a| {
                // Only used when creating a cluster, so not judged for an existing one.
                existing(a);
                a.cluster.kubernetes_version = "1.30".into();
            },
            fix: Want::Set("") },
        Case { id: "acr_name.invalid", field: "cluster.acr_name", severity: Error,
            fail: |a| a.cluster.acr_name = "acr-demo-01".into(),
            pass: |a| a.cluster.acr_name = "acrdemo01".into(),
            fix: Want::Set("acrdemo01") },
        // ---- workloads
        Case { id: "workloads.empty", field: "workloads", severity: Error,
            fail: |a| a.workloads.clear(), pass: noop, fix: Want::AddWorkload },
        Case { id: "app_name.invalid", field: "workloads[0].app_name", severity: Error,
            fail: |a| a.workloads[0].app_name = "Demo App".into(),
            pass: |a| a.workloads[0].app_name = "demo-app-1".into(),
            fix: Want::Set("demo-app") },
        Case { id: "namespace.invalid", field: "workloads[0].namespace", severity: Error,
            fail: |a| a.workloads[0].namespace = "Demo_NS".into(),
            pass: |a| a.workloads[0].namespace = "demo-ns".into(),
            fix: Want::Set("demo-ns") },
        Case { id: "service_account.invalid", field: "workloads[0].service_account", severity: Error,
            fail: |a| a.workloads[0].service_account = "Demo.App".into(),
            pass: |a| a.workloads[0].service_account = "demo.app".into(),
            fix: Want::Set("demo-app") },
        Case { id: "identity_name.invalid", field: "workloads[0].identity_name", severity: Error,
            fail: |a| a.workloads[0].identity_name = "-id-demo".into(),
            pass: |a| a.workloads[0].identity_name = "id_demo".into(),
            fix: Want::Set("id-demo") },
        Case { id: "identity_name.invalid", field: "workloads[0].identity_name", severity: Error,
            fail: |a| a.workloads[0].identity_name = "id".into(),
            pass: noop, fix: Want::NoFix },
        Case { id: "federated_credential_name.invalid", field: "workloads[0].federated_credential_name", severity: Error,
            fail: |a| a.workloads[0].federated_credential_name = "fic demo".into(),
            pass: |a| a.workloads[0].federated_credential_name = "fic_demo".into(),
            fix: Want::Set("fic-demo") },
        Case { id: "image.invalid", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = "myregistry.azurecr.io/Team/Orders-API:V1".into(),
            pass: |a| a.workloads[0].image = "MyRegistry.azurecr.io/team/orders-api:V1".into(),
            fix: Want::Set("myregistry.azurecr.io/team/orders-api:V1") },
        Case { id: "image.invalid", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = "MyOrg/app".into(),
            pass: |a| a.workloads[0].image = "localhost:5000/app:1.0".into(),
            fix: Want::Set("myorg/app") },
        Case { id: "image.invalid", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = "nginx:".into(),
            pass: |a| a.workloads[0].image = "registry.example.com:5000/nginx".into(),
            fix: Want::Set("nginx") },
        Case { id: "image.invalid", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = "nginx@1.27".into(),
            pass: |a| a.workloads[0].image = format!("nginx:1.27@sha256:{}", "0123456789abcdef".repeat(4)),
            fix: Want::NoFix },
        Case { id: "image.invalid", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = format!("nginx@sha256:{}", "ABC".repeat(21)),
            pass: noop, fix: Want::NoFix },
        Case { id: "image.invalid", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = "nginx:1.27:2".into(),
            pass: noop, fix: Want::NoFix },
        Case { id: "service_account.default", field: "workloads[0].service_account", severity: Warning,
            fail: |a| a.workloads[0].service_account = "default".into(),
            pass: |a| a.workloads[0].service_account = "default-sa".into(),
            fix: Want::Set("demo-app-sa") },
        Case { id: "image.invalid", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = " nginx:1.27 ".into(),
            pass: |a| a.workloads[0].image = "nginx:1.27".into(),
            fix: Want::Set("nginx:1.27") },
        Case { id: "image.invalid", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = String::new(), pass: noop, fix: Want::NoFix },
        // Valid names that kubectl's YAML 1.1 reader takes for booleans; `true`, `12` or `0755` pass
        // because the YAML writer quotes them.
        Case { id: "manifest.not_text", field: "workloads[0].app_name", severity: Error,
            fail: |a| a.workloads[0].app_name = "yes".into(),
            pass: |a| a.workloads[0].app_name = "true".into(),
            fix: Want::Set("yes-app") },
        Case { id: "manifest.not_text", field: "workloads[0].namespace", severity: Error,
            fail: |a| a.workloads[0].namespace = "on".into(),
            pass: |a| a.workloads[0].namespace = "12".into(),
            fix: Want::Set("on-ns") },
        Case { id: "manifest.not_text", field: "workloads[0].service_account", severity: Error,
            fail: |a| a.workloads[0].service_account = "n".into(),
            pass: |a| a.workloads[0].service_account = "0755".into(),
            fix: Want::Set("n-sa") },
        Case { id: "manifest.not_text", field: "workloads[0].app_name", severity: Error,
            fail: |a| a.workloads[0].app_name = "off".into(),
            pass: |a| a.workloads[0].app_name = "offline".into(),
            fix: Want::Set("off-app") },
        Case { id: "manifest.not_text", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = "no".into(),
            pass: |a| a.workloads[0].image = "no:latest".into(),
            fix: Want::Set("docker.io/library/no") },
        // An image may hold what a name may not: go-yaml drops `_` from numbers, so this is 1000.
        Case { id: "manifest.not_text", field: "workloads[0].image", severity: Error,
            fail: |a| a.workloads[0].image = "1_000".into(),
            pass: |a| a.workloads[0].image = "1000".into(),
            fix: Want::Set("docker.io/library/1_000") },
        Case { id: "namespace.system", field: "workloads[0].namespace", severity: Error,
            fail: |a| a.workloads[0].namespace = "kube-system".into(),
            pass: |a| a.workloads[0].namespace = "system".into(),
            fix: Want::Set("demo-app") },
        Case { id: "namespace.reserved", field: "workloads[0].namespace", severity: Warning,
            fail: |a| a.workloads[0].namespace = "kube-demo".into(),
            pass: |a| a.workloads[0].namespace = "demo-kube".into(),
            fix: Want::Set("demo-app") },
        Case { id: "identity.cluster_identity", field: "workloads[0].identity_name", severity: Error,
            fail: |a| a.workloads[0].identity_name = "AKS-demo-agentpool".into(),
            pass: |a| a.workloads[0].identity_name = "aks-demo-app".into(),
            fix: Want::Set("id-demo-app") },
        Case { id: "workload.no_grants", field: "workloads[0].grants", severity: Info,
            fail: |a| a.workloads[0].grants.clear(), pass: noop, fix: Want::NoFix },
        Case { id: "federated_credential.duplicate_subject", field: "workloads[1].service_account", severity: Error,
            fail: |a| {
                let w = second(a);
                w.identity_name = "id-demo-app".into();
                w.service_account = "demo-app".into();
            },
            pass: |a| second(a).identity_name = "id-demo-app".into(),
            fix: Want::Set("demo-app-2") },
        Case { id: "service_account.conflict", field: "workloads[1].service_account", severity: Error,
            fail: |a| second(a).service_account = "demo-app".into(),
            pass: |a| {
                let w = second(a);
                w.service_account = "demo-app".into();
                w.namespace = "other".into();
            },
            fix: Want::Set("demo-app-2") },
        Case { id: "federated_credential.duplicate_name", field: "workloads[1].federated_credential_name", severity: Error,
            fail: |a| {
                let w = second(a);
                w.identity_name = "ID-demo-app".into();
                w.federated_credential_name = "fic-demo-app".into();
            },
            pass: |a| second(a).federated_credential_name = "fic-demo-app".into(),
            fix: Want::Set("fic-demo-app-2") },
        Case { id: "app_name.duplicate", field: "workloads[1].app_name", severity: Error,
            fail: |a| second(a).app_name = "demo-app".into(),
            pass: |a| {
                let w = second(a);
                w.app_name = "demo-app".into();
                w.namespace = "other".into();
            },
            fix: Want::Set("demo-app-2") },
        Case { id: "identity.too_many_credentials", field: "workloads[20].identity_name", severity: Error,
            fail: |a| {
                for _ in 0..20 {
                    second(a);
                }
                a.workloads.iter_mut().for_each(|w| w.identity_name = "id-shared".into());
            },
            pass: |a| {
                for _ in 0..19 {
                    second(a);
                }
                a.workloads.iter_mut().for_each(|w| w.identity_name = "id-shared".into());
            },
            fix: Want::Set("id-demo-app-2") },
        Case { id: "identity.shared", field: "workloads[1].identity_name", severity: Info,
            fail: |a| second(a).identity_name = "id-demo-app".into(),
            pass: |a| {
                second(a);
            },
            fix: Want::NoFix },
        Case { id: "identity.shared_access_differs", field: "workloads[1].identity_name", severity: Warning,
            fail: |a| {
                let w = second(a);
                w.identity_name = "id-demo-app".into();
                w.grants[0].sub_resource = "invoices".into();
            },
            pass: |a| second(a).identity_name = "id-demo-app".into(),
            fix: Want::Set("id-demo-app-2") },
        // ---- grant names and scope
        Case { id: "resource_name.invalid", field: "workloads[0].grants[0].resource_name", severity: Error,
            fail: |a| grant(a).resource_name = "St-Demo".into(),
            pass: |a| grant(a).resource_name = "stdemo".into(),
            fix: Want::Set("stdemo") },
        Case { id: "resource_group.invalid", field: "workloads[0].grants[0].resource_group", severity: Error,
            fail: |a| grant(a).resource_group = "rg/data".into(),
            pass: |a| grant(a).resource_group = "rg-data".into(),
            fix: Want::Set("rg-data") },
        Case { id: "sub_resource.invalid", field: "workloads[0].grants[0].sub_resource", severity: Error,
            fail: |a| grant(a).sub_resource = "Reports".into(),
            pass: |a| grant(a).sub_resource = "reports-2026".into(),
            fix: Want::Set("reports") },
        Case { id: "sub_resource.invalid", field: "workloads[0].grants[0].sub_resource", severity: Error,
            fail: |a| set_grant(a, CosmosDb, "cosmos-demo", "shop/orders/x", Read, "Cosmos DB Built-in Data Reader"),
            pass: |a| set_grant(a, CosmosDb, "cosmos-demo", "shop/orders", Read, "Cosmos DB Built-in Data Reader"),
            fix: Want::NoFix },
        Case { id: "sub_resource.unsupported", field: "workloads[0].grants[0].sub_resource", severity: Error,
            fail: |a| set_grant(a, ContainerRegistry, "acrdemo01", "team/app", Read, "AcrPull"),
            pass: |a| set_grant(a, ContainerRegistry, "acrdemo01", "", Read, "AcrPull"),
            fix: Want::Set("") },
        Case { id: "sub_resource.required", field: "workloads[0].grants[0].sub_resource", severity: Error,
            fail: |a| set_grant(a, AzureSql, "sql-demo", "", Read, "db_datareader"),
            pass: |a| set_grant(a, AzureSql, "sql-demo", "sales", Read, "db_datareader"),
            fix: Want::NoFix },
        Case { id: "need.unsupported", field: "workloads[0].grants[0].need", severity: Error,
            fail: |a| grant(a).need = Send,
            pass: |a| set_grant(a, ServiceBus, "sb-demo", "orders", Send, "Azure Service Bus Data Sender"),
            fix: Want::Set("read") },
        Case { id: "scope.unsupported", field: "workloads[0].grants[0].scope", severity: Error,
            fail: |a| {
                set_grant(a, CosmosDb, "cosmos-demo", "shop", Read, "Cosmos DB Built-in Data Reader");
                grant(a).scope = ScopeLevel::ResourceGroup;
            },
            pass: |a| set_grant(a, CosmosDb, "cosmos-demo", "shop", Read, "Cosmos DB Built-in Data Reader"),
            fix: Want::Set("resource") },
        Case { id: "scope.too_wide", field: "workloads[0].grants[0].scope", severity: Warning,
            fail: |a| grant(a).scope = ScopeLevel::Subscription,
            pass: |a| grant(a).sub_resource = String::new(),
            fix: Want::Set("resource") },
        Case { id: "scope.too_wide", field: "workloads[0].grants[0].scope", severity: Warning,
            fail: |a| grant(a).scope = ScopeLevel::ResourceGroup,
            pass: noop, fix: Want::Set("resource") },
        Case { id: "grant.duplicate", field: "workloads[0].grants", severity: Warning,
            fail: |a| {
                let g = grant(a).clone();
                a.workloads[0].grants.push(g);
            },
            pass: |a| {
                let mut g = grant(a).clone();
                g.sub_resource = "invoices".into();
                a.workloads[0].grants.push(g);
            },
            fix: Want::Remove(&["workloads[0].grants[1]"]) },
        // ---- least privilege
        Case { id: "role.unknown", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| grant(a).role = "Storage Blob Data Readr".into(),
            pass: noop, fix: Want::Set("Storage Blob Data Reader") },
        Case { id: "role.unknown", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| set_grant(a, ContainerRegistry, "acrdemo01", "", Write, "acrpush"),
            pass: |a| set_grant(a, ContainerRegistry, "acrdemo01", "", Write, "AcrPush"),
            fix: Want::Set("AcrPush") },
        Case { id: "role.unknown", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| grant(a).role = String::new(), pass: noop, fix: Want::Set("Storage Blob Data Reader") },
        Case { id: "role.privileged", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| grant(a).role = "Owner".into(), pass: noop, fix: Want::Set("Storage Blob Data Reader") },
        Case { id: "role.privileged", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| grant(a).role = "User Access Administrator".into(), pass: noop, fix: Want::Set("Storage Blob Data Reader") },
        Case { id: "role.privileged", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| set_grant(a, KeyVaultSecrets, "kv-demo", "", Read, "Role Based Access Control Administrator"),
            pass: |a| set_grant(a, KeyVaultSecrets, "kv-demo", "", Read, "Key Vault Secrets User"),
            fix: Want::Set("Key Vault Secrets User") },
        Case { id: "role.wrong_target", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| grant(a).role = "Key Vault Secrets User".into(), pass: noop,
            fix: Want::Set("Storage Blob Data Reader") },
        Case { id: "role.wrong_target", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| set_grant(a, CosmosDb, "cosmos-demo", "shop", Write, "Cosmos DB Operator"),
            pass: |a| set_grant(a, CosmosDb, "cosmos-demo", "shop", Write, "Cosmos DB Built-in Data Contributor"),
            fix: Want::Set("Cosmos DB Built-in Data Contributor") },
        Case { id: "role.wrong_target", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| set_grant(a, AppConfiguration, "appcs-demo", "", Read, "App Configuration Reader"),
            // General roles do reach a registry's data outside ABAC mode.
            pass: |a| set_grant(a, ContainerRegistry, "acrdemo01", "", Read, "Reader"),
            fix: Want::Set("App Configuration Data Reader") },
        Case { id: "role.wrong_target", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| set_grant(a, AzureSql, "sql-demo", "sales", Read, "SQL DB Contributor"),
            pass: |a| set_grant(a, AzureSql, "sql-demo", "sales", Read, "db_datareader"),
            fix: Want::Set("db_datareader") },
        Case { id: "role.insufficient", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| set_grant(a, KeyVaultSecrets, "kv-demo", "db-password", Read, "Key Vault Reader"),
            pass: |a| set_grant(a, KeyVaultSecrets, "kv-demo", "db-password", Read, "Key Vault Secrets User"),
            fix: Want::Set("Key Vault Secrets User") },
        Case { id: "role.insufficient", field: "workloads[0].grants[0].role", severity: Error,
            fail: |a| set_grant(a, ServiceBus, "sb-demo", "topics/orders", Send, "Azure Service Bus Data Receiver"),
            pass: |a| set_grant(a, ServiceBus, "sb-demo", "topics/orders", Receive, "Azure Service Bus Data Receiver"),
            fix: Want::Set("Azure Service Bus Data Sender") },
        Case { id: "role.broad", field: "workloads[0].grants[0].role", severity: Warning,
            fail: |a| grant(a).role = "Storage Blob Data Owner".into(),
            pass: |a| {
                grant(a).need = Write;
                grant(a).role = "Storage Blob Data Contributor".into();
            },
            fix: Want::Set("Storage Blob Data Reader") },
        Case { id: "role.broad", field: "workloads[0].grants[0].role", severity: Warning,
            fail: |a| set_grant(a, ContainerRegistry, "acrdemo01", "", Read, "Contributor"),
            pass: |a| set_grant(a, ContainerRegistry, "acrdemo01", "", Read, "AcrPull"),
            fix: Want::Set("AcrPull") },
        Case { id: "role.broad", field: "workloads[0].grants[0].role", severity: Warning,
            fail: |a| grant(a).role = "Storage Account Contributor".into(), pass: noop,
            fix: Want::Set("Storage Blob Data Reader") },
        Case { id: "role.broad", field: "workloads[0].grants[0].role", severity: Warning,
            fail: |a| set_grant(a, KeyVaultSecrets, "kv-demo", "", Write, "Key Vault Administrator"),
            pass: |a| set_grant(a, KeyVaultSecrets, "kv-demo", "", Write, "Key Vault Secrets Officer"),
            fix: Want::Set("Key Vault Secrets Officer") },
        Case { id: "role.broad", field: "workloads[0].grants[0].role", severity: Warning,
            fail: |a| set_grant(a, AppConfiguration, "appcs-demo", "", Read, "App Configuration Data Owner"),
            // The only write role of a kind is not "broad" for a write need.
            pass: |a| set_grant(a, AppConfiguration, "appcs-demo", "", Write, "App Configuration Data Owner"),
            fix: Want::Set("App Configuration Data Reader") },
        Case { id: "role.exceeds_need", field: "workloads[0].grants[0].role", severity: Warning,
            fail: |a| grant(a).role = "Storage Blob Data Contributor".into(),
            pass: |a| {
                grant(a).need = Write;
                grant(a).role = "Storage Blob Data Contributor".into();
            },
            fix: Want::Set("Storage Blob Data Reader") },
        Case { id: "role.exceeds_need", field: "workloads[0].grants[0].role", severity: Warning,
            fail: |a| set_grant(a, StorageQueue, "stdemo", "orders", Send, "Storage Queue Data Contributor"),
            pass: |a| set_grant(a, StorageQueue, "stdemo", "orders", Send, "Storage Queue Data Message Sender"),
            fix: Want::Set("Storage Queue Data Message Sender") },
        // ---- deploy pipeline
        Case { id: "repository.invalid", field: "pipeline.repository", severity: Error,
            fail: |a| pipe(a).repository = " https://github.com/contoso/shop.git ".into(),
            pass: |a| pipe(a).repository = "contoso/shop".into(),
            fix: Want::Set("contoso/shop") },
        Case { id: "repository.invalid", field: "pipeline.repository", severity: Error,
            fail: |a| pipe(a).repository = "contoso".into(),
            pass: with_pipeline, fix: Want::NoFix },
        Case { id: "ref_pattern.invalid", field: "pipeline.ref_pattern", severity: Error,
            fail: |a| pipe(a).ref_pattern = String::new(),
            pass: |a| pipe(a).ref_pattern = "release/1.2".into(),
            fix: Want::Set("main") },
        Case { id: "ref_pattern.invalid", field: "pipeline.ref_pattern", severity: Error,
            fail: |a| pipe(a).ref_pattern = "feature branch".into(),
            pass: |a| pipe(a).ref_pattern = "feature-branch".into(),
            fix: Want::NoFix },
        Case { id: "environment.invalid", field: "pipeline.environment", severity: Error,
            fail: |a| pipe(a).environment = "prod eu".into(),
            pass: |a| pipe(a).environment = "prod-eu".into(),
            fix: Want::Set("prod-eu") },
        Case { id: "pipeline.pull_request", field: "pipeline.trigger", severity: Error,
            fail: |a| pipe(a).trigger = PipelineTrigger::PullRequest,
            pass: |a| {
                let p = pipe(a);
                p.trigger = PipelineTrigger::Tag;
                p.ref_pattern = "v1.0.0".into();
                p.environment = String::new();
            },
            fix: Want::Set("branch") },
        Case { id: "pipeline.subject_never_matches", field: "pipeline.environment", severity: Error,
            fail: |a| {
                let p = pipe(a);
                p.trigger = PipelineTrigger::Tag;
                p.ref_pattern = "v*".into();
                p.environment = String::new();
            },
            pass: |a| {
                let p = pipe(a);
                p.trigger = PipelineTrigger::Tag;
                p.ref_pattern = "v*".into();
            },
            fix: Want::Set("production") },
        Case { id: "pipeline.subject_never_matches", field: "pipeline.environment", severity: Error,
            fail: |a| {
                let p = pipe(a);
                p.ref_pattern = "release/*".into();
                p.environment = String::new();
            },
            pass: |a| pipe(a).environment = String::new(),
            fix: Want::Set("production") },
        Case { id: "pipeline.identity_shared", field: "pipeline.identity_name", severity: Error,
            fail: |a| pipe(a).identity_name = "ID-DEMO-APP".into(),
            pass: with_pipeline,
            fix: Want::Set("id-deploy") },
        Case { id: "pipeline.identity_shared", field: "pipeline.identity_name", severity: Error,
            fail: |a| pipe(a).identity_name = "aks-demo-agentpool".into(),
            pass: with_pipeline,
            fix: Want::Set("id-deploy") },
        Case { id: "identity_name.invalid", field: "pipeline.identity_name", severity: Error,
            fail: |a| pipe(a).identity_name = "id deploy".into(),
            pass: with_pipeline, fix: Want::Set("id-deploy") },
        Case { id: "federated_credential_name.invalid", field: "pipeline.federated_credential_name", severity: Error,
            fail: |a| pipe(a).federated_credential_name = "x".into(),
            pass: with_pipeline, fix: Want::NoFix },
        Case { id: "pipeline.cluster_admin", field: "pipeline.deploy_role", severity: Error,
            fail: |a| pipe(a).deploy_role = "Azure Kubernetes Service RBAC Cluster Admin".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "pipeline.cluster_admin", field: "pipeline.deploy_role", severity: Error,
            fail: |a| pipe(a).deploy_role = "Azure Kubernetes Service Cluster Admin Role".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "pipeline.privileged", field: "pipeline.deploy_role", severity: Error,
            fail: |a| pipe(a).deploy_role = "Contributor".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "pipeline.privileged", field: "pipeline.deploy_role", severity: Error,
            fail: |a| pipe(a).deploy_role = "Owner".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "pipeline.privileged", field: "pipeline.deploy_role", severity: Error,
            fail: |a| pipe(a).deploy_role = "Azure Kubernetes Service Contributor Role".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "pipeline.role_insufficient", field: "pipeline.deploy_role", severity: Error,
            fail: |a| pipe(a).deploy_role = "Azure Kubernetes Service RBAC Reader".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "pipeline.role_insufficient", field: "pipeline.deploy_role", severity: Error,
            fail: |a| pipe(a).deploy_role = "Azure Kubernetes Service Cluster User Role".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "pipeline.role_broad", field: "pipeline.deploy_role", severity: Warning,
            fail: |a| pipe(a).deploy_role = "Azure Kubernetes Service RBAC Admin".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "role.unknown", field: "pipeline.deploy_role", severity: Error,
            fail: |a| pipe(a).deploy_role = "azure kubernetes service rbac writer".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "role.unknown", field: "pipeline.deploy_role", severity: Error,
            fail: |a| pipe(a).deploy_role = "Deployer".into(),
            pass: with_pipeline, fix: Want::Set(WRITER) },
        Case { id: "pipeline.no_namespace", field: "pipeline.namespaces", severity: Error,
            fail: |a| pipe(a).namespaces.clear(),
            pass: with_pipeline, fix: Want::SetTexts(&["demo"]) },
        Case { id: "namespace.invalid", field: "pipeline.namespaces[0]", severity: Error,
            fail: |a| pipe(a).namespaces[0] = "Demo".into(),
            pass: with_pipeline, fix: Want::Set("demo") },
        Case { id: "manifest.not_text", field: "pipeline.namespaces[1]", severity: Error,
            fail: |a| pipe(a).namespaces.push("yes".into()),
            pass: |a| pipe(a).namespaces.push("yes-ns".into()),
            fix: Want::Set("yes-ns") },
        Case { id: "pipeline.namespace_system", field: "pipeline.namespaces[1]", severity: Error,
            fail: |a| pipe(a).namespaces.push("kube-system".into()),
            pass: with_pipeline, fix: Want::Remove(&["pipeline.namespaces[1]"]) },
        Case { id: "pipeline.namespace_unused", field: "pipeline.namespaces", severity: Warning,
            fail: |a| pipe(a).namespaces = vec!["web".into(), "api".into()],
            pass: with_pipeline, fix: Want::SetTexts(&["demo"]) },
        Case { id: "pipeline.namespace_unused", field: "pipeline.namespaces", severity: Warning,
            fail: |a| pipe(a).namespaces.push("web".into()),
            pass: |a| {
                pipe(a).namespaces.push("web".into());
                second(a).namespace = "web".into();
            },
            fix: Want::SetTexts(&["demo"]) },
        Case { id: "pipeline.namespace_system", field: "pipeline.namespaces[0]", severity: Error,
            fail: |a| pipe(a).namespaces = vec!["kube-public".into(), "demo".into(), "kube-public".into()],
            pass: with_pipeline, fix: Want::Remove(&["pipeline.namespaces[0]", "pipeline.namespaces[2]"]) },
        Case { id: "pipeline.namespace_duplicate", field: "pipeline.namespaces", severity: Warning,
            fail: |a| pipe(a).namespaces = vec!["demo".into(), "demo".into()],
            pass: with_pipeline, fix: Want::Remove(&["pipeline.namespaces[1]"]) },
        Case { id: "pipeline.no_registry", field: "pipeline.push_images", severity: Error,
            fail: |a| pipe(a).push_images = true,
            pass: |a| {
                pipe(a).push_images = true;
                a.cluster.acr_name = "acrdemo01".into();
            },
            fix: Want::Set("false") },
        // ---- workshop
        Case { id: "workshop.participants.range", field: "workshop.participants", severity: Error,
            fail: |a| class(a).participants = 0, pass: lab, fix: Want::Set("1") },
        Case { id: "workshop.name_pattern.no_number", field: "workshop.name_pattern", severity: Error,
            fail: |a| class(a).name_pattern = "lab".into(), pass: lab, fix: Want::Set("lab-{n}") },
        Case { id: "workshop.name_pattern.invalid", field: "workshop.name_pattern", severity: Error,
            fail: |a| class(a).name_pattern = "Lab {n}".into(), pass: lab, fix: Want::Set("lab-{n}") },
        Case { id: "workshop.azure_rbac_off", field: "admin.azure_rbac", severity: Error,
            fail: |a| {
                lab(a);
                a.admin.azure_rbac = false;
            },
            pass: lab, fix: Want::Set("true") },
        Case { id: "workshop.participant_role.unsupported", field: "workshop.participant_role", severity: Error,
            fail: |a| class(a).participant_role = "Contributor".into(), pass: lab, fix: Want::Set(WRITER) },
        Case { id: "workshop.participant_role.broad", field: "workshop.participant_role", severity: Warning,
            fail: |a| class(a).participant_role = "Azure Kubernetes Service RBAC Admin".into(), pass: lab, fix: Want::Set(WRITER) },
        Case { id: "workshop.person.invalid", field: "workshop.people[1]", severity: Error,
            fail: |a| class(a).people[1] = "Grace Hopper".into(), pass: lab, fix: Want::NoFix },
        Case { id: "workshop.person.duplicate", field: "workshop.people[1]", severity: Warning,
            fail: |a| class(a).people[1] = "ADA@contoso.com".into(), pass: lab, fix: Want::Remove(&["workshop.people[1]"]) },
        Case { id: "workshop.people.extra", field: "workshop.people", severity: Warning,
            fail: |a| class(a).people.push("alan@contoso.com".into()), pass: lab, fix: Want::SetAt("workshop.participants", "4") },
        Case { id: "workshop.people.missing", field: "workshop.people", severity: Warning,
            fail: |a| {
                class(a).people.pop();
            },
            pass: lab, fix: Want::NoFix },
        Case { id: "workshop.shared_namespace", field: "workloads[0].namespace", severity: Error,
            fail: |a| {
                lab(a);
                a.workloads[0].namespace = "lab".into();
            },
            pass: lab, fix: Want::Set("{participant}") },
        Case { id: "workshop.shared_identity", field: "workloads[0].identity_name", severity: Error,
            fail: |a| {
                lab(a);
                a.workloads[0].identity_name = "id-lab".into();
            },
            pass: lab, fix: Want::Set("id-lab-{participant}") },
        Case { id: "workshop.shared_data", field: "workloads[0].grants[0].sub_resource", severity: Error,
            fail: |a| {
                lab(a);
                grant(a).sub_resource = "lab".into();
            },
            pass: |a| {
                lab(a);
                // Read-only data may be shared: nobody can change it for the others.
                grant(a).sub_resource = "handouts".into();
                grant(a).need = Read;
                grant(a).role = "Storage Blob Data Reader".into();
            },
            fix: Want::Set("{participant}") },
        Case { id: "workshop.role_assignments", field: "workshop.participants", severity: Info,
            fail: |a| class(a).participants = 200, pass: lab, fix: Want::NoFix },
    ]
}

fn matching<'a>(f: &'a [Finding], id: &str, field: &str) -> Vec<&'a Finding> {
    f.iter().filter(|x| x.id == id && x.field == field).collect()
}

#[test]
fn every_rule_fails_and_passes_with_its_fix() {
    for (n, c) in cases().iter().enumerate() {
        let ctx = format!("case {n} ({} at {})", c.id, c.field);
        let mut a = Answers::default();
        (c.fail)(&mut a);
        let findings = validate::validate(&a);
        let hits = matching(&findings, c.id, c.field);
        assert_eq!(hits.len(), 1, "{ctx}: expected one finding, got {findings:#?}");
        let f = hits[0];
        assert_eq!(f.severity, c.severity, "{ctx}");
        assert!(!f.message.is_empty() && !f.why.is_empty(), "{ctx}");
        match (&c.fix, &f.fix) {
            (Want::NoFix, None) => {}
            (Want::Set(v), Some(fix)) => assert_eq!(fix.edit, Edit::SetField { field: c.field.into(), value: (*v).into() }, "{ctx}"),
            (Want::SetAt(field, v), Some(fix)) => assert_eq!(fix.edit, Edit::SetField { field: (*field).into(), value: (*v).into() }, "{ctx}"),
            (Want::Remove(paths), Some(fix)) => assert_eq!(fix.edit, Edit::RemoveItems { fields: paths.iter().map(|p| p.to_string()).collect() }, "{ctx}"),
            (Want::AddWorkload, Some(fix)) => assert_eq!(fix.edit, Edit::AddWorkload, "{ctx}"),
            (Want::SetTexts(v), Some(fix)) => assert_eq!(fix.edit, Edit::SetTexts { list: c.field.into(), values: v.iter().map(|x| x.to_string()).collect() }, "{ctx}"),
            (want, got) => panic!("{ctx}: wanted {want:?}, got {got:?}"),
        }
        if let Some(fix) = &f.fix {
            assert!(!fix.label.is_empty(), "{ctx}");
            let mut fixed = a.clone();
            assert!(fix.try_apply(&mut fixed), "{ctx}: fix did not apply");
            let after = validate::validate(&fixed);
            assert!(matching(&after, c.id, c.field).is_empty(), "{ctx}: fix left the finding: {after:#?}");
        }

        let mut b = Answers::default();
        (c.pass)(&mut b);
        let passing = validate::validate(&b);
        assert!(passing.iter().all(|x| x.id != c.id), "{ctx}: passing case still reports it: {passing:#?}");
    }
}

#[test]
fn every_finding_id_has_a_case() {
    // The documented list in src/validate/mod.rs; a rule without a row here fails.
    let documented = [
        "guid.invalid", "location.invalid", "resource_group.invalid", "cluster_name.invalid", "node_count.range",
        "kubernetes_version.invalid", "acr_name.invalid", "identity_name.invalid", "federated_credential_name.invalid",
        "namespace.invalid", "service_account.invalid", "app_name.invalid", "image.invalid", "manifest.not_text",
        "resource_name.invalid",
        "sub_resource.invalid", "sub_resource.unsupported", "sub_resource.required", "guid.placeholder",
        "location.other_cloud", "location.unknown", "location.no_federated_credentials", "admin.lockout",
        "admin.no_admin_group", "admin.local_accounts_on", "admin.azure_rbac_off", "admin.duplicate_group", "admin.rotate_certificates", "cluster.existing_inconsistent",
        "cluster.entra_one_way", "cluster.oidc_restart", "workloads.empty", "namespace.system", "namespace.reserved",
        "identity.cluster_identity", "identity.too_many_credentials", "federated_credential.duplicate_subject",
        "federated_credential.duplicate_name", "service_account.conflict", "app_name.duplicate",
        "identity.shared_access_differs", "identity.shared", "workload.no_grants", "role.unknown", "role.privileged",
        "role.wrong_target", "role.insufficient", "role.broad", "role.exceeds_need", "need.unsupported",
        "scope.unsupported", "scope.too_wide", "grant.duplicate", "vm_size.invalid", "kubernetes_version.too_old",
        "kubernetes_version.unsupported", "service_account.default", "repository.invalid", "ref_pattern.invalid", "environment.invalid",
        "pipeline.pull_request", "pipeline.subject_never_matches", "pipeline.identity_shared", "pipeline.cluster_admin",
        "pipeline.privileged", "pipeline.role_insufficient", "pipeline.role_broad", "pipeline.no_namespace",
        "pipeline.namespace_system", "pipeline.namespace_unused", "pipeline.namespace_duplicate", "pipeline.no_registry",
        "workshop.participants.range", "workshop.name_pattern.no_number", "workshop.name_pattern.invalid",
        "workshop.azure_rbac_off", "workshop.participant_role.unsupported", "workshop.participant_role.broad",
        "workshop.person.invalid", "workshop.person.duplicate", "workshop.people.extra", "workshop.people.missing",
        "workshop.shared_namespace", "workshop.shared_identity", "workshop.shared_data", "workshop.role_assignments",
    ];
    let covered: std::collections::HashSet<&str> = cases().iter().map(|c| c.id).collect();
    for id in documented {
        assert!(covered.contains(id), "no table row for {id}");
    }
    let doc = include_str!("../src/validate/mod.rs");
    for id in &covered {
        assert!(doc.contains(&format!("`{id}`")), "{id} is not in the documented list");
    }
}

#[test]
fn contributor_on_data_it_cannot_reach_is_both_wrong_and_broad() {
    let mut a = Answers::default();
    grant(&mut a).role = "Contributor".into();
    let f = validate::validate(&a);
    let ids: Vec<_> = validate::for_field(&f, "workloads[0].grants[0].role").map(|f| (f.id, f.severity)).collect();
    assert_eq!(ids, [("role.wrong_target", Error), ("role.broad", Warning)]);
    assert!(validate::has_errors(&f));
    assert_eq!(validate::count(&f, Warning), 1);
}

#[test]
fn a_group_name_typed_for_its_id_gets_the_command_with_that_name() {
    let mut a = Answers::default();
    a.admin.admin_group_object_ids = vec!["AKS Admins".into()];
    let f = validate::validate(&a);
    let message = validate::for_field(&f, "admin.admin_group_object_ids[0]").map(|f| f.message.clone()).next().unwrap_or_default();
    assert!(message.contains("az ad group show --group 'AKS Admins' --query id -o tsv"), "{message}");
}

#[test]
fn admin_warning_names_the_azure_role() {
    let mut a = Answers::default();
    a.admin.admin_group_object_ids.clear();
    let f = validate::validate(&a);
    let w = f.iter().find(|f| f.id == "admin.no_admin_group").expect("warning");
    assert!(w.message.contains("Azure Kubernetes Service RBAC Cluster Admin"), "{}", w.message);
}

/// The example pipeline is the least-privilege one: no finding at all, on the default answers and on
/// each preset's.
#[test]
fn the_example_pipeline_is_clean() {
    let mut a = Answers::default();
    a.pipeline = Some(Pipeline::example(&a));
    let f: Vec<_> = validate::validate(&a).into_iter().filter(|f| f.field.starts_with("pipeline")).collect();
    assert!(f.is_empty(), "{f:#?}");
}

/// Each of the pipeline's rights problems is reported once, on the role, and nothing else fires.
#[test]
fn one_finding_per_deploy_role() {
    let roles = [
        ("Azure Kubernetes Service RBAC Writer", None),
        ("Azure Kubernetes Service RBAC Admin", Some("pipeline.role_broad")),
        ("Azure Kubernetes Service RBAC Reader", Some("pipeline.role_insufficient")),
        ("Azure Kubernetes Service RBAC Cluster Admin", Some("pipeline.cluster_admin")),
        ("User Access Administrator", Some("pipeline.privileged")),
        ("Role Based Access Control Administrator", Some("pipeline.privileged")),
        ("AcrPush", Some("pipeline.role_insufficient")),
    ];
    for (role, want) in roles {
        let mut a = Answers::default();
        pipe(&mut a).deploy_role = role.into();
        let got: Vec<_> = validate::for_field(&validate::validate(&a), "pipeline.deploy_role").map(|f| f.id).collect();
        assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{role}");
    }
}

/// Each case names who can still get in, and no message claims what the setup does not do.
#[test]
fn no_admin_group_says_who_can_still_administer() {
    let message = |rbac: bool, local_off: bool, mode: ClusterMode| {
        let mut a = Answers::default();
        a.admin.admin_group_object_ids.clear();
        a.admin.azure_rbac = rbac;
        a.admin.disable_local_accounts = local_off;
        a.cluster.mode = mode;
        validate::validate(&a).into_iter().find(|f| f.id == "admin.no_admin_group").map(|f| f.message)
    };
    let rbac_only = message(true, true, ClusterMode::New).unwrap();
    assert!(rbac_only.contains("Owner") && !rbac_only.contains("local"), "{rbac_only}");
    let local_only = message(false, false, ClusterMode::New).unwrap();
    assert!(local_only.contains("nobody can administer the cluster through Entra ID") && local_only.contains("local accounts"), "{local_only}");
    assert!(message(true, false, ClusterMode::New).unwrap().contains("local accounts still gets in"));
    // An empty list is not sent to an existing cluster, so its own admin groups stay.
    assert!(message(true, true, ClusterMode::Existing).unwrap().contains("keeps the admin groups it has"));
    assert_eq!(message(false, true, ClusterMode::New), None, "that is admin.lockout's case");
}

/// A new cluster's size, version and tier are hidden for an existing one: nothing may point there,
/// even when they hold values that would be errors (kept from before the switch), a NUL included.
#[test]
fn new_cluster_fields_raise_nothing_for_an_existing_cluster() {
    let mut a = Answers::default();
    a.cluster.node_count = 0;
    a.cluster.vm_size = "Standard_\0".into();
    a.cluster.kubernetes_version = "0.99".into();
    let at_hidden = |a: &Answers| -> Vec<String> {
        aks_identity_wizard::generate::findings(a)
            .into_iter()
            .filter(|f| validate::NEW_CLUSTER_ONLY.contains(&f.field.as_str()))
            .map(|f| format!("{} at {}", f.id, f.field))
            .collect()
    };
    assert_eq!(at_hidden(&a).len(), 4, "a new cluster is checked: {:?}", at_hidden(&a));
    existing(&mut a);
    assert_eq!(at_hidden(&a), Vec::<String>::new());
    assert!(aks_identity_wizard::generate::bundle(&a).is_ok(), "nothing hidden blocks the files");
    assert!(validate::NEW_CLUSTER_ONLY.iter().all(|f| validate::get_field(&a, f).is_some()), "each is a real field");
}

#[test]
fn a_fix_that_no_longer_fits_changes_nothing() {
    let fix = validate::Fix {
        label: "x".into(),
        edit: Edit::SetField { field: "workloads[3].namespace".into(), value: "a".into() },
    };
    let mut a = Answers::default();
    let before = a.clone();
    fix.apply(&mut a);
    assert!(!fix.try_apply(&mut a));
    assert_eq!(a, before);
}
