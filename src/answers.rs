//! Everything the user chooses, as one versioned serde value. The UI edits it; answers.yaml, share links
//! and presets produce it; `validate` and `generate` are pure functions of it.
//!
//! Optional text fields are plain `String`s where empty means "not set": the UI binds them directly
//! and they round-trip exactly.

use serde::{Deserialize, Serialize};

mod base64url;
mod codec;

pub use codec::{from_share, from_yaml, restore, to_share, to_yaml, CodecError, MAX_INPUT_BYTES};

/// The schema version this build reads and writes. Anything else is refused with a clear error.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub version: u32,
    pub tenant: Tenant,
    pub admin: AdminAccess,
    pub cluster: Cluster,
    pub workloads: Vec<Workload>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Cloud {
    #[default]
    AzureCloud,
    AzureUSGovernment,
    AzureChinaCloud,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    pub cloud: Cloud,
    pub tenant_id: String,
    pub subscription_id: String,
    /// Region short name, e.g. `westeurope`.
    pub location: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminAccess {
    /// Entra ID group object IDs that become cluster admins.
    pub admin_group_object_ids: Vec<String>,
    /// Azure RBAC for Kubernetes authorization (`--enable-azure-rbac`).
    pub azure_rbac: bool,
    /// `--disable-local-accounts`: no static admin kubeconfig.
    pub disable_local_accounts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ClusterMode {
    #[default]
    New,
    Existing,
}

/// What an existing cluster already has switched on, so `az aks update` only asks for what is missing
/// (the CLI refuses `--enable-aad` twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ExistingFeatures {
    pub entra_id: bool,
    pub oidc_issuer: bool,
    pub workload_identity: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    #[default]
    Free,
    Standard,
    Premium,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    pub mode: ClusterMode,
    /// Only meaningful when `mode` is `existing`.
    #[serde(default)]
    pub existing: ExistingFeatures,
    pub resource_group: String,
    pub name: String,
    pub node_count: u32,
    /// Empty: Azure chooses the VM size.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vm_size: String,
    /// Empty: the default version of the region.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kubernetes_version: String,
    pub tier: Tier,
    /// Container registry the cluster's own (kubelet) identity may pull from (AcrPull only). Empty: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub acr_name: String,
    /// Resource group of that registry. Empty: the cluster's resource group.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub acr_resource_group: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WorkloadKind {
    #[default]
    Deployment,
    Pod,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// User-assigned managed identity, created in the cluster's resource group.
    pub identity_name: String,
    pub namespace: String,
    pub service_account: String,
    pub federated_credential_name: String,
    pub app_name: String,
    pub image: String,
    pub kind: WorkloadKind,
    #[serde(default)]
    pub grants: Vec<AccessGrant>,
}

/// The kinds of Azure resource a workload can be given access to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    StorageBlob,
    StorageQueue,
    StorageTable,
    KeyVaultSecrets,
    KeyVaultKeys,
    KeyVaultCertificates,
    ContainerRegistry,
    ServiceBus,
    EventHubs,
    AppConfiguration,
    CosmosDb,
    AzureSql,
}

impl TargetKind {
    pub const ALL: [TargetKind; 12] = [
        TargetKind::StorageBlob,
        TargetKind::StorageQueue,
        TargetKind::StorageTable,
        TargetKind::KeyVaultSecrets,
        TargetKind::KeyVaultKeys,
        TargetKind::KeyVaultCertificates,
        TargetKind::ContainerRegistry,
        TargetKind::ServiceBus,
        TargetKind::EventHubs,
        TargetKind::AppConfiguration,
        TargetKind::CosmosDb,
        TargetKind::AzureSql,
    ];
}

/// What the application needs to do with the target, in the user's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessNeed {
    /// Read data (blobs, secrets values, config, images: pull).
    Read,
    /// Read and change data (upload, set secrets, push images).
    Write,
    /// Send messages or events.
    Send,
    /// Receive messages or events.
    Receive,
}

impl AccessNeed {
    pub const ALL: [AccessNeed; 4] = [AccessNeed::Read, AccessNeed::Write, AccessNeed::Send, AccessNeed::Receive];
}

/// How wide the role assignment's scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ScopeLevel {
    /// The named resource, narrowed to its sub-resource when one is given. The least-privilege choice.
    #[default]
    Resource,
    ResourceGroup,
    Subscription,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessGrant {
    pub target: TargetKind,
    /// Storage account, vault, registry, namespace, store, Cosmos account or SQL server name.
    pub resource_name: String,
    /// Empty: the cluster's resource group.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_group: String,
    /// Container, queue, table, topic, event hub, database... Empty: the whole resource.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sub_resource: String,
    pub need: AccessNeed,
    /// Built-in role name from the catalog (e.g. "Storage Blob Data Reader").
    pub role: String,
    #[serde(default)]
    pub scope: ScopeLevel,
}

impl Default for Answers {
    /// A complete, valid example so a newcomer sees real output on first load.
    fn default() -> Self {
        Answers {
            version: SCHEMA_VERSION,
            tenant: Tenant {
                cloud: Cloud::AzureCloud,
                tenant_id: "00000000-0000-0000-0000-000000000000".into(),
                subscription_id: "11111111-1111-1111-1111-111111111111".into(),
                location: "westeurope".into(),
            },
            admin: AdminAccess {
                admin_group_object_ids: vec!["22222222-2222-2222-2222-222222222222".into()],
                azure_rbac: true,
                disable_local_accounts: true,
            },
            cluster: Cluster {
                mode: ClusterMode::New,
                existing: ExistingFeatures::default(),
                resource_group: "rg-aks-demo".into(),
                name: "aks-demo".into(),
                node_count: 2,
                vm_size: String::new(),
                kubernetes_version: String::new(),
                tier: Tier::Free,
                acr_name: String::new(),
                acr_resource_group: String::new(),
            },
            workloads: vec![Workload::example(0)],
        }
    }
}

impl Workload {
    /// A ready-to-use workload that reads blobs from one container; `n` keeps names unique when the
    /// user adds several.
    pub fn example(n: usize) -> Self {
        let suffix = if n == 0 { String::new() } else { format!("-{}", n + 1) };
        Workload {
            identity_name: format!("id-demo-app{suffix}"),
            namespace: "demo".into(),
            service_account: format!("demo-app{suffix}"),
            federated_credential_name: format!("fic-demo-app{suffix}"),
            app_name: format!("demo-app{suffix}"),
            image: "mcr.microsoft.com/azure-cli:latest".into(),
            kind: WorkloadKind::Deployment,
            grants: vec![AccessGrant {
                target: TargetKind::StorageBlob,
                resource_name: "stdemodata".into(),
                resource_group: String::new(),
                sub_resource: "reports".into(),
                need: AccessNeed::Read,
                role: "Storage Blob Data Reader".into(),
                scope: ScopeLevel::Resource,
            }],
        }
    }
}
