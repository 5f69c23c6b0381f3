//! What Azure allows: built-in roles, target resource kinds, regions and clouds. Data, not logic;
//! each fact names its source (see ../shared/reference/azure-facts.md for the compiled references).
//!
//! INTERFACE (used by validate, generate and ui; keep these signatures stable):
//! - `roles() -> &'static [Role]`, `role_by_name(&str) -> Option<&'static Role>`
//! - `target(TargetKind) -> &'static TargetInfo`
//! - `TargetInfo::recommended_role(AccessNeed) -> Option<&'static str>`
//! - `scope(&Answers, &AccessGrant) -> String` builds the `--scope` value of a grant
//! - `regions(Cloud) -> &'static [&'static str]`, `authority_host(Cloud) -> &'static str`
//!
//! Also: `TargetInfo::covers(role)`, `resource_id`, `grant_resource_group`, `sub_resource_parts`,
//! `names::NameRule` (naming rules), cloud names, the fixed facts below as constants, and what a
//! deploy pipeline needs (`pipelines.rs`: GitHub's issuer and subjects, the pipeline's roles).

mod clouds;
pub mod names;
mod pipelines;
mod roles;
mod targets;

pub use clouds::{
    authority_host, cloud_cli_name, cloud_display_name, cloud_of_region, regions,
    NO_FEDERATED_CREDENTIALS,
};
pub use pipelines::{
    cluster_role_for, github_subject, is_exact_ref, AKS_CONTRIBUTOR_ROLE, CLUSTER_ADMIN_ROLES, CLUSTER_USER_ROLE, GITHUB_ISSUER, IMAGE_PUSH_ROLE,
    NAMESPACE_ROLES, PATTERN_CHARS, PIPELINE_DEPLOY_ROLE,
};
pub use targets::{app_configuration_endpoint, data_audience, grant_resource_group, resource_id, scope, sub_resource_parts};

use crate::answers::{AccessNeed, TargetKind};

/// The role a workshop participant gets on their own namespace: read and change the apps there (so
/// they can run the lab and read its logs), but not the namespace's RoleBindings, so they cannot let
/// anyone else in. With Azure RBAC for Kubernetes, assigned at the namespace's scope.
pub const WORKSHOP_PARTICIPANT_ROLE: &str = "Azure Kubernetes Service RBAC Writer";

/// The only role the cluster's own (kubelet) identity ever gets: `--attach-acr` grants AcrPull on the
/// registry. Data roles always go to a workload's own managed identity instead.
pub const CLUSTER_ACR_ROLE: &str = "AcrPull";

/// The Azure role someone must hold to administer a cluster that uses Azure RBAC for Kubernetes when no
/// admin group is set [DOC, built-in-roles.md].
pub const AKS_RBAC_CLUSTER_ADMIN_ROLE: &str = "Azure Kubernetes Service RBAC Cluster Admin";

/// The one audience a workload identity federated credential may have [DOC, entra-docs].
pub const FEDERATED_CREDENTIAL_AUDIENCE: &str = "api://AzureADTokenExchange";

/// Federated identity credentials per user-assigned identity (workload-identity-overview.md) [DOC].
pub const MAX_FEDERATED_CREDENTIALS_PER_IDENTITY: usize = 20;

/// Who may hand out access: said before setup runs, in the bundle's README and on the Review step.
pub const ROLE_ASSIGNMENT_RIGHTS: &str = "Creating role assignments needs Owner, User Access Administrator or Role Based Access Control Administrator on the resources you grant access to. Contributor is not enough: it cannot hand out access.";

/// The node count range of a system node pool (SDK model docstring, `validate_nodes_count`) [CLI].
pub const NODE_COUNT_RANGE: std::ops::RangeInclusive<u32> = 1..=1000;

/// The first Kubernetes version (major, minor) AKS runs workload identity and the OIDC issuer on:
/// "AKS >= 1.22 for Workload ID and OIDC" (workload-identity-overview.md, use-oidc-issuer.md) [DOC].
pub const WORKLOAD_IDENTITY_MIN_KUBERNETES: (u32, u32) = (1, 22);

/// The oldest Kubernetes minor version in AKS standard support when this was written (December
/// 2026): the AKS release calendar (azure-aks-docs supported-kubernetes-versions.md, fb060ab, Aug 2026)
/// ends 1.34 in November 2026 and 1.35 in March 2027 [DOC]. Older ones are left to paid long-term
/// support, and AKS stops offering them for new clusters.
pub const AKS_OLDEST_SUPPORTED_KUBERNETES: (u32, u32) = (1, 35);

/// The kubelet identity AKS creates for a new cluster, in the node resource group
/// [UNVERIFIED: AKS naming convention, not in azure-facts.md].
pub fn kubelet_identity_name(cluster_name: &str) -> String {
    format!("{cluster_name}-agentpool")
}

/// Every built-in role the wizard knows.
pub fn roles() -> &'static [Role] {
    roles::ROLES
}

/// A role by its exact name (Azure role names are matched exactly by the CLI too).
pub fn role_by_name(name: &str) -> Option<&'static Role> {
    roles::ROLES.iter().find(|r| r.name == name)
}

/// Everything about one target kind.
pub fn target(kind: TargetKind) -> &'static TargetInfo {
    // TARGETS is in TargetKind::ALL order (a unit test holds that); the search keeps this panic-free.
    targets::TARGETS
        .iter()
        .find(|t| t.kind == kind)
        .unwrap_or(&targets::TARGETS[0])
}

/// Control plane manages the resource; data plane reads or writes what is inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plane {
    Control,
    Data,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AccessLevel {
    Read,
    Write,
    Admin,
}

/// A built-in Azure role (or a Cosmos DB SQL built-in role).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    pub name: &'static str,
    pub guid: &'static str,
    /// Human name of the service, e.g. "Blob storage", "General".
    pub service: &'static str,
    pub plane: Plane,
    pub level: AccessLevel,
    /// Can grant access to others or manage everything (Owner, User Access Administrator, ...).
    pub privileged: bool,
    /// Gives access to account keys or equivalent secrets.
    pub key_exposing: bool,
    /// Can create role assignments, i.e. hand out access (Owner, User Access Administrator, ...).
    pub can_assign_roles: bool,
    /// The access needs it satisfies on the target kinds that list it in `TargetInfo::roles`.
    pub covers: &'static [AccessNeed],
    /// What it allows, in a few plain words.
    pub summary: &'static str,
}

impl Role {
    /// Whether this role can be granted with `az role assignment create` (not a Cosmos DB SQL role and
    /// not a SQL database role).
    pub fn is_azure_rbac(&self) -> bool {
        !self.guid.is_empty() && !self.guid.starts_with("00000000-0000-0000-0000-")
    }
}

/// How access to a target kind is granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentMethod {
    /// `az role assignment create`.
    AzureRbac,
    /// `az cosmosdb sql role assignment create` with a Cosmos DB SQL role definition.
    CosmosSql,
    /// No Azure data-plane role exists: T-SQL `CREATE USER ... FROM EXTERNAL PROVIDER` guidance.
    SqlTsql,
}

pub struct TargetInfo {
    pub kind: TargetKind,
    /// Plain label for the UI, e.g. "Blob storage container".
    pub label: &'static str,
    /// Label of the resource name field, e.g. "Storage account".
    pub resource_label: &'static str,
    /// Label of the sub-resource field, e.g. "Container"; None when the kind has none.
    pub sub_resource_label: Option<&'static str>,
    pub method: AssignmentMethod,
    /// Needs that make sense for this kind.
    pub needs: &'static [AccessNeed],
    /// Role names that work on this kind (any other role is an error for it).
    pub roles: &'static [&'static str],
    /// The least-privileged role per need.
    pub recommended: &'static [(AccessNeed, &'static str)],
    /// General roles that also reach this kind's data, with what they cover there; never offered, but
    /// not "wrong target" either (e.g. Contributor can pull from a registry).
    pub also_works: &'static [(&'static str, &'static [AccessNeed])],
    /// ARM resource type, e.g. `Microsoft.Storage/storageAccounts`.
    pub provider: &'static str,
    /// The naming rule of the resource name.
    pub resource_rule: names::NameRule,
    /// The sub-resource must be given (Azure SQL: the database the T-SQL runs in).
    pub sub_resource_required: bool,
    /// One plain sentence the UI shows under the target, or empty.
    pub note: &'static str,
}

impl TargetInfo {
    /// The least-privileged role for a need, or None when the need makes no sense for this kind.
    pub fn recommended_role(&self, need: AccessNeed) -> Option<&'static str> {
        self.recommended.iter().find(|(n, _)| *n == need).map(|(_, r)| *r)
    }

    /// What `role` lets an identity do on this kind: None when it does not work here at all.
    pub fn covers(&self, role: &str) -> Option<&'static [AccessNeed]> {
        if let Some((_, c)) = self.also_works.iter().find(|(r, _)| *r == role) {
            return Some(c);
        }
        if self.roles.contains(&role) {
            return role_by_name(role).map(|r| r.covers);
        }
        None
    }

    pub fn supports_need(&self, need: AccessNeed) -> bool {
        self.needs.contains(&need)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{AccessGrant, Answers, ScopeLevel};

    /// (name, GUID) pairs copied from azure-facts.md section 4, so a typo in the data fails here.
    const FACTS: &[(&str, &str)] = &[
        ("Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
        ("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
        ("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"),
        ("Storage Blob Delegator", "db58b8e5-c6ad-4a2a-8342-4190687cbf4a"),
        ("Storage Queue Data Reader", "19e7f393-937e-4f77-808e-94535e297925"),
        ("Storage Queue Data Message Sender", "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a"),
        ("Storage Queue Data Message Processor", "8a0f0c08-91a1-4084-bc3d-661d67233fed"),
        ("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88"),
        ("Storage Table Data Reader", "76199698-9eea-4c19-bc75-cec21354c6b6"),
        ("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"),
        ("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6"),
        ("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"),
        ("Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424"),
        ("Key Vault Crypto Service Encryption User", "e147488a-f6f5-4113-8e2d-b22465e65bf6"),
        ("Key Vault Crypto Officer", "14b46e9e-c2b7-41b4-b07b-48a6ebf60603"),
        ("Key Vault Certificate User", "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba"),
        ("Key Vault Certificates Officer", "a4417e6f-fecd-4de8-b567-7b0420556985"),
        ("Key Vault Reader", "21090545-7ca7-4776-b22c-e363652d74d2"),
        ("Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483"),
        ("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d"),
        ("AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec"),
        ("AcrDelete", "c2f4ef07-c644-48eb-af81-4b1b4947fb11"),
        ("Container Registry Repository Reader", "b93aa761-3e63-49ed-ac28-beffa264f7ac"),
        ("Container Registry Repository Writer", "2a1e307c-b015-4ebd-883e-5b7698a07328"),
        ("Container Registry Repository Contributor", "2efddaa5-3f1f-4df3-97df-af3f13818f4c"),
        ("Container Registry Repository Catalog Lister", "bfdb9389-c9a5-478a-bb2f-ba9ca092c3c7"),
        ("Azure Service Bus Data Receiver", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"),
        ("Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"),
        ("Azure Service Bus Data Owner", "090c5cfd-751d-490a-894a-3ce6f1109419"),
        ("Azure Event Hubs Data Receiver", "a638d3c7-ab3a-418d-83e6-5f17a39d4fde"),
        ("Azure Event Hubs Data Sender", "2b629674-e913-4c01-ae53-ef4638d8f975"),
        ("Azure Event Hubs Data Owner", "f526a384-b230-433a-b45c-95f59c4a2dec"),
        ("Schema Registry Reader", "2c56ea50-c6b3-40a6-83c0-9d98858bc7d2"),
        ("Schema Registry Contributor", "5dffeca3-4936-4216-b2bc-10343a5abb25"),
        ("App Configuration Data Reader", "516239f1-63e1-4d78-a4de-a74fb236a071"),
        ("App Configuration Data Owner", "5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b"),
        ("App Configuration Reader", "175b81b9-6e0d-490a-85e4-0d422273c10c"),
        ("App Configuration Contributor", "fe86443c-f201-4fc4-9d2a-ac61149fbda0"),
        ("Cosmos DB Built-in Data Reader", "00000000-0000-0000-0000-000000000001"),
        ("Cosmos DB Built-in Data Contributor", "00000000-0000-0000-0000-000000000002"),
        ("Cosmos DB Operator", "230815da-be43-4aae-9cb4-875f7bd000aa"),
        ("DocumentDB Account Contributor", "5bd9cd88-fe45-4216-938b-f97437e15450"),
        ("Cosmos DB Account Reader Role", "fbdf93bf-df7d-467e-a4d2-9458aa1360c8"),
        ("SQL DB Contributor", "9b7fa17d-e63e-47b0-bb0a-15c516ac86ec"),
        ("SQL Server Contributor", "6d8ee4ec-f05a-4a1d-8b00-a9b17e38b437"),
        ("SQL Security Manager", "056cd41c-7e88-42e1-933e-88ba6a50c9c3"),
        ("SQL Managed Instance Contributor", "4939a1f6-9ae0-4e48-a1e0-f2cbe897382d"),
        ("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
        ("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
        ("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"),
        ("Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
        ("Reservations Administrator", "a8889054-8d42-49c9-bc1c-52486c10e7cd"),
        ("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ("Key Vault Data Access Administrator", "8b54135c-b56d-4d72-a534-26097cfdc8d8"),
        ("Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab"),
        ("Storage Account Key Operator Service Role", "81a9662b-bebf-436f-a333-f67b29880f12"),
        ("Reader and Data Access", "c12c1c16-33a1-487b-954d-41c89c60f349"),
        ("Container Registry Tasks Contributor", "fb382eab-e894-4461-af04-94435c366c3f"),
        ("Container Registry Contributor and Data Access Configuration Administrator", "3bc748fc-213d-45c1-8d91-9da5725539b9"),
        ("Azure Kubernetes Service Cluster Admin Role", "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8"),
        ("Azure Kubernetes Service RBAC Cluster Admin", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"),
        ("Azure Kubernetes Service Contributor Role", "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8"),
        ("Azure Kubernetes Service Cluster User Role", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f"),
        ("Managed Identity Contributor", "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59"),
        ("Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830"),
        ("Key Vault Contributor", "f25e0fa2-a7c8-4377-a976-54943a77a395"),
    ];

    #[test]
    fn every_role_of_the_facts_is_in_the_catalog_with_its_guid() {
        for (name, guid) in FACTS {
            let r = role_by_name(name).unwrap_or_else(|| panic!("missing role {name}"));
            assert_eq!(r.guid, *guid, "{name}");
        }
        // The AKS RBAC GUIDs are abbreviated in the facts: check the prefixes they give.
        for (name, prefix) in [
            ("Azure Kubernetes Service RBAC Reader", "7f6c6a51-"),
            ("Azure Kubernetes Service RBAC Writer", "a7ffa36f-"),
            ("Azure Kubernetes Service RBAC Admin", "3498e952-"),
        ] {
            assert!(role_by_name(name).is_some_and(|r| r.guid.starts_with(prefix)), "{name}");
        }
    }

    #[test]
    fn roles_are_unique_and_guids_well_formed() {
        let mut names = std::collections::HashSet::new();
        let mut guids = std::collections::HashSet::new();
        for r in roles() {
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            if r.guid.is_empty() {
                assert_eq!(r.service, "Azure SQL database role", "{}: only SQL database roles lack a GUID", r.name);
            } else {
                assert!(names::is_guid(r.guid), "{}", r.name);
                assert!(guids.insert(r.guid), "duplicate guid {}", r.guid);
            }
            assert!(!r.can_assign_roles || r.privileged, "{}: assigning roles is privileged", r.name);
        }
        assert!(role_by_name("Owner").is_some_and(|r| r.can_assign_roles && r.is_azure_rbac()));
        assert!(role_by_name("Contributor").is_some_and(|r| r.privileged && !r.can_assign_roles));
        assert!(role_by_name("Cosmos DB Built-in Data Reader").is_some_and(|r| !r.is_azure_rbac()));
        assert!(role_by_name("db_datareader").is_some_and(|r| !r.is_azure_rbac()));
        assert!(role_by_name("owner").is_none(), "names match exactly");
    }

    #[test]
    fn targets_are_consistent() {
        for (i, kind) in TargetKind::ALL.iter().enumerate() {
            let t = target(*kind);
            assert_eq!(t.kind, *kind);
            assert_eq!(targets::TARGETS[i].kind, *kind, "TARGETS follows TargetKind::ALL");
            for r in t.roles.iter().chain(t.also_works.iter().map(|(r, _)| r)) {
                assert!(role_by_name(r).is_some(), "{kind:?}: unknown role {r}");
            }
            for need in AccessNeed::ALL {
                let rec = t.recommended_role(need);
                assert_eq!(rec.is_some(), t.supports_need(need), "{kind:?} {need:?}");
                if let Some(rec) = rec {
                    let role = role_by_name(rec).expect("recommended role exists");
                    assert!(t.roles.contains(&rec), "{kind:?}: {rec} is offered");
                    assert!(t.covers(rec).is_some_and(|c| c.contains(&need)), "{kind:?}: {rec} covers {need:?}");
                    assert!(!role.privileged && !role.key_exposing, "{rec} is not flagged");
                    // Every other role that covers the need covers at least as much.
                    for other in t.roles {
                        if let Some(c) = t.covers(other).filter(|c| c.contains(&need)) {
                            assert!(role.covers.iter().all(|n| c.contains(n)), "{kind:?}: {rec} is not the narrowest for {need:?} ({other})");
                        }
                    }
                }
            }
            assert_eq!(t.method == AssignmentMethod::CosmosSql, *kind == TargetKind::CosmosDb);
        }
        assert!(target(TargetKind::StorageBlob).covers("Contributor").is_none());
        assert_eq!(target(TargetKind::ContainerRegistry).covers("Reader"), Some(&[AccessNeed::Read][..]));
    }

    fn grant(target: TargetKind, name: &str, sub: &str, scope: ScopeLevel) -> AccessGrant {
        AccessGrant {
            target,
            resource_name: name.into(),
            resource_group: String::new(),
            sub_resource: sub.into(),
            need: AccessNeed::Read,
            role: String::new(),
            scope,
        }
    }

    #[test]
    fn scopes_are_spelled_per_kind() {
        let a = Answers::default();
        let base = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks-demo";
        let cases = [
            (grant(TargetKind::StorageBlob, "st", "reports", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/reports")),
            (grant(TargetKind::StorageBlob, "st", "", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.Storage/storageAccounts/st")),
            (grant(TargetKind::StorageQueue, "st", "q", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.Storage/storageAccounts/st/queueServices/default/queues/q")),
            (grant(TargetKind::StorageTable, "st", "t", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.Storage/storageAccounts/st/tableServices/default/tables/t")),
            (grant(TargetKind::KeyVaultSecrets, "kv", "pw", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.KeyVault/vaults/kv/secrets/pw")),
            (grant(TargetKind::KeyVaultKeys, "kv", "k", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.KeyVault/vaults/kv/keys/k")),
            (grant(TargetKind::KeyVaultCertificates, "kv", "c", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.KeyVault/vaults/kv/certificates/c")),
            (grant(TargetKind::ContainerRegistry, "acr", "", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.ContainerRegistry/registries/acr")),
            (grant(TargetKind::ServiceBus, "sb", "orders", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.ServiceBus/namespaces/sb/queues/orders")),
            (grant(TargetKind::ServiceBus, "sb", "queues/orders", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.ServiceBus/namespaces/sb/queues/orders")),
            (grant(TargetKind::ServiceBus, "sb", "topics/events", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.ServiceBus/namespaces/sb/topics/events")),
            (grant(TargetKind::EventHubs, "eh", "telemetry", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.EventHub/namespaces/eh/eventhubs/telemetry")),
            (grant(TargetKind::AppConfiguration, "appcs", "", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.AppConfiguration/configurationStores/appcs")),
            (grant(TargetKind::CosmosDb, "cosmos", "", ScopeLevel::Resource), "/".to_string()),
            (grant(TargetKind::CosmosDb, "cosmos", "shop", ScopeLevel::Resource), "/dbs/shop".to_string()),
            (grant(TargetKind::CosmosDb, "cosmos", "shop/orders", ScopeLevel::Resource), "/dbs/shop/colls/orders".to_string()),
            (grant(TargetKind::AzureSql, "sql", "sales", ScopeLevel::Resource),
             format!("{base}/providers/Microsoft.Sql/servers/sql/databases/sales")),
            (grant(TargetKind::StorageBlob, "st", "reports", ScopeLevel::ResourceGroup), base.to_string()),
            (grant(TargetKind::StorageBlob, "st", "reports", ScopeLevel::Subscription),
             "/subscriptions/11111111-1111-1111-1111-111111111111".to_string()),
        ];
        for (g, want) in cases {
            assert_eq!(scope(&a, &g), want, "{:?} {:?}", g.target, g.sub_resource);
        }
        let mut other_rg = grant(TargetKind::KeyVaultSecrets, "kv", "", ScopeLevel::Resource);
        other_rg.resource_group = "rg-shared".into();
        assert!(scope(&a, &other_rg).contains("/resourceGroups/rg-shared/"));
    }

    #[test]
    fn sub_resource_shapes() {
        use names::NameRule;
        assert_eq!(sub_resource_parts(TargetKind::CosmosDb, "db/c"), Ok(vec![(NameRule::CosmosName, "db"), (NameRule::CosmosName, "c")]));
        assert!(sub_resource_parts(TargetKind::CosmosDb, "a/b/c").is_err());
        assert!(sub_resource_parts(TargetKind::ContainerRegistry, "repo").is_err());
        assert_eq!(sub_resource_parts(TargetKind::ContainerRegistry, ""), Ok(vec![]));
        assert_eq!(sub_resource_parts(TargetKind::ServiceBus, "topics/t"), Ok(vec![(NameRule::ServiceBusEntity, "t")]));
    }

    #[test]
    fn regions_belong_to_one_cloud_and_are_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for cloud in crate::answers::Cloud::ALL {
            let list = regions(cloud);
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{cloud:?} sorted, no duplicates");
            for r in list {
                assert!(names::NameRule::RegionFormat.check(r), "{r}");
                assert!(seen.insert(*r), "{r} in two clouds");
                assert_eq!(cloud_of_region(r), Some(cloud));
            }
            assert!(authority_host(cloud).starts_with("https://") && authority_host(cloud).ends_with('/'));
        }
        assert!(regions(crate::answers::Cloud::AzureCloud).contains(&"westeurope"));
        assert_eq!(cloud_of_region("atlantis"), None);
    }
}
