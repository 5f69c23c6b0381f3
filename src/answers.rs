//! Everything the user chooses, as one versioned serde value. The UI edits it; answers.yaml, share links
//! and presets produce it; `validate` and `generate` are pure functions of it.
//!
//! Optional text fields are plain `String`s where empty means "not set": the UI binds them directly
//! and they round-trip exactly.
//!
//! Reading goes through `crate::yaml::FromYaml`, implemented at the end of this file from the same
//! names, defaults and `deny_unknown_fields` as the serde attributes here. `Deserialize` is derived
//! only so the tests can check that reader against serde_yaml reading these attributes; the crate
//! never calls it, so it is not in the wasm.

use crate::yaml::{yaml_enum, yaml_struct};
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

// The reader of each type above: field names in declaration order, `#[serde(default)]` and
// `deny_unknown_fields` as on the type, variants by their serde names.

yaml_struct!(#[serde(deny_unknown_fields)] Answers { version, tenant, admin, cluster, workloads });

yaml_enum!(Cloud {
    AzureCloud = "AzureCloud",
    AzureUSGovernment = "AzureUSGovernment",
    AzureChinaCloud = "AzureChinaCloud",
});

yaml_struct!(#[serde(deny_unknown_fields)] Tenant { cloud, tenant_id, subscription_id, location });

yaml_struct!(#[serde(deny_unknown_fields)] AdminAccess { admin_group_object_ids, azure_rbac, disable_local_accounts });

yaml_enum!(ClusterMode { New = "new", Existing = "existing" });

yaml_struct!(#[serde(deny_unknown_fields)] ExistingFeatures { entra_id, oidc_issuer, workload_identity });

yaml_enum!(Tier { Free = "free", Standard = "standard", Premium = "premium" });

yaml_struct!(#[serde(deny_unknown_fields)] Cluster {
    mode,
    #[serde(default)] existing,
    resource_group,
    name,
    node_count,
    #[serde(default)] vm_size,
    #[serde(default)] kubernetes_version,
    tier,
    #[serde(default)] acr_name,
    #[serde(default)] acr_resource_group,
});

yaml_enum!(WorkloadKind { Deployment = "deployment", Pod = "pod" });

yaml_struct!(#[serde(deny_unknown_fields)] Workload {
    identity_name,
    namespace,
    service_account,
    federated_credential_name,
    app_name,
    image,
    kind,
    #[serde(default)] grants,
});

yaml_enum!(TargetKind {
    StorageBlob = "storage_blob",
    StorageQueue = "storage_queue",
    StorageTable = "storage_table",
    KeyVaultSecrets = "key_vault_secrets",
    KeyVaultKeys = "key_vault_keys",
    KeyVaultCertificates = "key_vault_certificates",
    ContainerRegistry = "container_registry",
    ServiceBus = "service_bus",
    EventHubs = "event_hubs",
    AppConfiguration = "app_configuration",
    CosmosDb = "cosmos_db",
    AzureSql = "azure_sql",
});

yaml_enum!(AccessNeed { Read = "read", Write = "write", Send = "send", Receive = "receive" });

yaml_enum!(ScopeLevel { Resource = "resource", ResourceGroup = "resource_group", Subscription = "subscription" });

yaml_struct!(#[serde(deny_unknown_fields)] AccessGrant {
    target,
    resource_name,
    #[serde(default)] resource_group,
    #[serde(default)] sub_resource,
    need,
    role,
    #[serde(default)] scope,
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn every_variant_reads_back_under_its_serde_name() {
        // `name` is the yaml_enum! name, which the UI's selects use: it must be the serde name too.
        fn check<T: Serialize + yaml::FromYaml + PartialEq + std::fmt::Debug + Copy>(all: &[T], name: fn(T) -> &'static str) {
            for v in all {
                let written = yaml::to_value(v).expect("write");
                assert_eq!(written.as_str(), Some(name(*v)), "{v:?} is written as its name");
                assert_eq!(yaml::from_value::<T>(written).ok(), Some(*v));
            }
        }
        check(&Cloud::ALL, Cloud::yaml_name);
        check(&ClusterMode::ALL, ClusterMode::yaml_name);
        check(&Tier::ALL, Tier::yaml_name);
        check(&WorkloadKind::ALL, WorkloadKind::yaml_name);
        check(&TargetKind::ALL, TargetKind::yaml_name);
        check(&AccessNeed::ALL, AccessNeed::yaml_name);
        check(&ScopeLevel::ALL, ScopeLevel::yaml_name);
    }

    #[test]
    fn every_field_reads_back_and_defaults_fill_what_is_left_out() {
        let mut a = Answers::default();
        a.cluster.mode = ClusterMode::Existing;
        a.cluster.existing = ExistingFeatures { entra_id: true, oidc_issuer: true, workload_identity: true };
        a.cluster.vm_size = "v".into();
        a.cluster.kubernetes_version = "k".into();
        a.cluster.acr_name = "n".into();
        a.cluster.acr_resource_group = "g".into();
        a.workloads[0].grants[0].resource_group = "r".into();
        a.workloads[0].grants[0].scope = ScopeLevel::Subscription;
        assert_eq!(yaml::from_value::<Answers>(yaml::to_value(&a).unwrap()).ok(), Some(a));
        let text = "version: 1\ntenant: {cloud: AzureCloud, tenant_id: t, subscription_id: s, location: l}\n\
                    admin: {admin_group_object_ids: [], azure_rbac: false, disable_local_accounts: false}\n\
                    cluster: {mode: new, resource_group: g, name: n, node_count: 1, tier: free}\n\
                    workloads: [{identity_name: i, namespace: n, service_account: s, federated_credential_name: f,\n\
                    app_name: a, image: m, kind: pod}]\n";
        let a = yaml::from_str::<Answers>(text).expect("defaults");
        assert_eq!(a.cluster.existing, ExistingFeatures::default());
        assert!(a.cluster.vm_size.is_empty() && a.workloads[0].grants.is_empty());
    }

    /// The reader replaced serde's derived `Deserialize`; these are serde's messages and positions,
    /// which users see in the wizard and in wizard-cli.
    #[test]
    fn shape_errors_read_as_serde_wrote_them() {
        let base = crate::answers::to_yaml(&Answers::default());
        // (valid text, its replacement, the message, the line and column)
        type Case<'a> = (&'a str, &'a str, &'a str, Option<(usize, usize)>);
        let cases: &[Case] = &[
            ("node_count: 2", "node_count: three", "invalid type: string \"three\", expected u32", Some((21, 15))),
            ("node_count: 2", "node_count: '3'", "invalid type: string \"3\", expected u32", Some((21, 15))),
            // Quotes, backslashes and control characters are escaped as serde (Rust's `{:?}`) escaped them.
            ("node_count: 2", r#"node_count: "a\"b\\c\td\u0001""#, r#"invalid type: string "a\"b\\c\td\u{1}", expected u32"#, Some((21, 15))),
            ("node_count: 2", "node_count: 99999999999", "invalid value: integer `99999999999`, expected u32", Some((21, 15))),
            ("node_count: 2", "node_count: -1", "invalid value: integer `-1`, expected u32", Some((21, 15))),
            // serde wrote the parsed value (`1000.0` for `1e3`); the text as written is shown now.
            ("node_count: 2", "node_count: 1.5", "invalid type: floating point `1.5`, expected u32", Some((21, 15))),
            // serde pointed at the enclosing mapping for a list where a scalar belongs.
            ("node_count: 2", "node_count: [1]", "invalid type: sequence, expected u32", Some((14, 3))),
            ("node_count: 2", "node_count: {a: 1}", "invalid type: map, expected u32", Some((21, 15))),
            ("node_count: 2", "node_count:", "invalid type: unit value, expected u32", Some((21, 13))),
            ("azure_rbac: true", "azure_rbac: yes", "invalid type: string \"yes\", expected a boolean", Some((11, 15))),
            ("azure_rbac: true", "azure_rbac: 1", "invalid type: integer `1`, expected a boolean", Some((11, 15))),
            ("tier: free", "tier: gold", "unknown variant `gold`, expected one of `free`, `standard`, `premium`", Some((22, 9))),
            ("mode: new", "mode: both", "unknown variant `both`, expected `new` or `existing`", Some((14, 9))),
            ("tier: free", "tier: {free: x}", "invalid type: string \"x\", expected unit", Some((22, 16))),
            ("tier: free", "tier: {free: [x]}", "invalid type: sequence, expected unit", Some((22, 9))),
            ("tier: free", "tier: {a: 1, b: 2}", "invalid type: map, expected a variant name or a one-entry mapping", Some((22, 9))),
            ("tier: free", "tier: [free]", "invalid type: sequence, expected a variant name", Some((22, 9))),
            (
                "  name: aks-demo",
                "  nmae: aks-demo",
                "unknown field `nmae`, expected one of `mode`, `existing`, `resource_group`, `name`, `node_count`, \
                 `vm_size`, `kubernetes_version`, `tier`, `acr_name`, `acr_resource_group`",
                Some((20, 3)),
            ),
            ("  name: aks-demo\n", "", "missing field `name`", Some((14, 3))),
            ("tenant:\n  cloud: AzureCloud", "tenant: [AzureCloud, t]\nx:\n  cloud: AzureCloud", "invalid length 2, expected struct Tenant with 4 elements", Some((2, 1))),
            ("tenant:\n  cloud: AzureCloud", "tenant: [AzureCloud, t, s, l, x]\nx:\n  cloud: AzureCloud", "invalid length 5, expected fewer elements", Some((3, 9))),
            ("workloads:\n", "workloads: ~\nx:\n", "invalid type: unit value, expected a sequence", Some((23, 12))),
            ("- 22222222-2222-2222-2222-222222222222", "- [a]", "invalid type: sequence, expected a string", Some((9, 3))),
            ("cloud: AzureCloud", "cloud: azurecloud", "unknown variant `azurecloud`, expected one of `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud`", Some((4, 10))),
        ];
        for (from, to, message, at) in cases {
            assert!(base.contains(from), "{from}");
            let e = yaml::from_str::<Answers>(&base.replacen(from, to, 1)).expect_err(to);
            assert_eq!((e.message.as_str(), e.line.zip(e.column)), (*message, *at), "{to}");
        }
        // Accepted, as serde accepted them: any scalar as text, `-0`, hex, `{variant: }`, a struct as the
        // list of its fields.
        for (from, to) in [
            ("tenant_id: 00000000-0000-0000-0000-000000000000", "tenant_id: 123"),
            ("node_count: 2", "node_count: -0"),
            ("node_count: 2", "node_count: 0x10"),
            ("tier: free", "tier: {standard: }"),
            ("cloud: AzureCloud\n  tenant_id: 00000000-0000-0000-0000-000000000000\n  subscription_id: 11111111-1111-1111-1111-111111111111\n  location: westeurope", "[AzureChinaCloud, t, s, l]"),
        ] {
            assert!(yaml::from_str::<Answers>(&base.replacen(from, to, 1)).is_ok(), "{to}");
        }
        let e = yaml::from_str::<Answers>("[1]").unwrap_err();
        assert_eq!((e.message.as_str(), e.line), ("invalid length 1, expected struct Answers with 5 elements", None));
        let e = yaml::from_str::<Answers>("hello").unwrap_err();
        assert_eq!((e.message.as_str(), e.line), ("invalid type: string \"hello\", expected struct Answers", Some(1)));
    }
}
