//! Everything the user chooses, as one versioned serde value. The UI edits it; answers.yaml, share links
//! and presets produce it; `validate` and `generate` are pure functions of it.
//!
//! Optional text fields are plain `String`s where empty means "not set": the UI binds them directly
//! and they round-trip exactly.
//!
//! Reading and writing are serde's derives through `crate::yaml`: the attributes here (names,
//! `default`s, `deny_unknown_fields`) decide which documents are accepted.

use serde::{Deserialize, Serialize};

mod codec;
mod from_az;
pub mod workshop;

pub use codec::{from_share, from_yaml, restore, to_share, to_yaml, CodecError, MAX_INPUT_BYTES};
pub use from_az::take_az_output;

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
    /// The CI pipeline that deploys the manifests, if any. Left out of the YAML when there is none, so
    /// answers without one read and write exactly as before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<Pipeline>,
    /// A class on one cluster: the workloads become a template that every participant gets a copy of
    /// (see `workshop.rs`). Left out of the YAML when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workshop: Option<Workshop>,
    /// Which forms of the setup the bundle carries. Part of the answers, not a download option, so a
    /// share link, answers.yaml and `wizard-cli` all give the same bundle, and the bundle interface
    /// (`generate::bundle(&Answers)`) stays as it is. Left out of the YAML while it is the default
    /// (the scripts only), so answers written before it existed read and write exactly as before.
    #[serde(default, skip_serializing_if = "Outputs::is_default")]
    pub outputs: Outputs,
}

/// A workshop: `participants` participants named by `name_pattern`, each with their own copy of every
/// workload (`{participant}` in a workload's names becomes the participant's name) and their own
/// access to their namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workshop {
    /// How many participants the lab is set up for.
    pub participants: u32,
    /// How participants are named: `{n}` is the participant's number, zero-padded to two digits (or
    /// three from 100 participants), so `lab-{n}` names `lab-01`, `lab-02`, ...
    pub name_pattern: String,
    /// Each participant's Entra ID sign-in name or object ID, in the order of their numbers. A shorter
    /// list leaves the rest without access until they are added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    /// The Azure role each participant gets on their own namespace (with Azure RBAC for Kubernetes).
    pub participant_role: String,
    /// Set on answers `workshop::expand` made, whose workloads are already every participant's
    /// copies, so expanding them again changes nothing. Never read or written.
    #[serde(skip)]
    pub(crate) expanded: bool,
}

/// The forms of the setup in the bundle. The Kubernetes manifests, verify.sh, teardown.sh, the README
/// and answers.yaml are always there: verify.sh checks the result whichever form created it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Outputs {
    /// setup.sh and setup.ps1.
    pub scripts: bool,
    /// A `terraform/` folder (azurerm and kubernetes providers).
    pub terraform: bool,
    /// A `bicep/` folder (the Azure resources; the Kubernetes objects stay in `k8s/`).
    pub bicep: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs { scripts: true, terraform: false, bicep: false }
    }
}

impl Outputs {
    pub const ALL: Outputs = Outputs { scripts: true, terraform: true, bicep: true };

    pub fn is_default(&self) -> bool {
        *self == Outputs::default()
    }

    /// Whether the bundle has the setup scripts: when chosen, and when nothing is (a bundle with no
    /// way to set anything up would be no use).
    pub fn scripts(&self) -> bool {
        self.scripts || !(self.terraform || self.bicep)
    }
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

/// What starts the deploy workflow on GitHub Actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PipelineTrigger {
    /// A push to the branch (or branches) `ref_pattern` names.
    #[default]
    Branch,
    /// A pushed tag matching `ref_pattern`.
    Tag,
    /// A pull request: code anyone can propose. The validator refuses it for a pipeline that deploys.
    PullRequest,
}

/// A GitHub Actions workflow that deploys the manifests with an identity of its own: a managed
/// identity it signs in as through OIDC (no secret), allowed to deploy into its namespaces only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// The GitHub repository the workflow runs in, as OWNER/NAME.
    pub repository: String,
    pub trigger: PipelineTrigger,
    /// The branch or tag the workflow runs on, in GitHub's filter syntax (`main`, `release/*`, `v*`).
    /// Unused for pull requests.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ref_pattern: String,
    /// The GitHub environment the deploy job runs in. The federated credential then trusts the
    /// environment; empty: no environment, and it trusts the branch or tag itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub environment: String,
    /// User-assigned managed identity of the pipeline, created in the cluster's resource group.
    pub identity_name: String,
    pub federated_credential_name: String,
    /// The namespaces the pipeline may deploy into, and nothing else.
    pub namespaces: Vec<String>,
    /// Whether the pipeline pushes images to the cluster's registry (AcrPush there).
    #[serde(default)]
    pub push_images: bool,
    /// The Azure role the pipeline gets in each namespace (with Azure RBAC for Kubernetes), or whose
    /// Kubernetes counterpart it gets there (without it).
    pub deploy_role: String,
}

/// `name` without a copy number (`app-3` -> `app`), so copies of copies count up.
fn without_copy_number(name: &str) -> &str {
    match name.rsplit_once('-') {
        Some((base, n)) if !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => name,
    }
}

impl Answers {
    /// Puts a copy of workload `i` after it, its names given the next free number (`app-2`, then
    /// `app-3`, also when copying `app-2`), so it validates as a separate app.
    pub fn duplicate_workload(&mut self, i: usize) {
        let Some(original) = self.workloads.get(i).cloned() else { return };
        let taken = |a: &Answers, app: &str, identity: &str| {
            a.workloads.iter().any(|w| w.app_name == app || w.identity_name == identity || w.identity_name == app)
        };
        let named = |name: &str, n: u32| format!("{}-{n}", without_copy_number(name));
        let mut n = 2;
        while taken(self, &named(&original.app_name, n), &named(&original.identity_name, n)) {
            n += 1;
        }
        let mut copy = original;
        for name in [&mut copy.app_name, &mut copy.identity_name, &mut copy.service_account, &mut copy.federated_credential_name] {
            *name = named(name, n);
        }
        self.workloads.insert(i + 1, copy);
    }
}

impl Pipeline {
    /// A ready-to-use pipeline for `a`: deploys from `main` through a `production` environment into
    /// the namespaces of `a`'s workloads.
    pub fn example(a: &Answers) -> Pipeline {
        let mut namespaces: Vec<String> = Vec::new();
        for w in &a.workloads {
            if !namespaces.contains(&w.namespace) {
                namespaces.push(w.namespace.clone());
            }
        }
        if namespaces.is_empty() {
            namespaces.push("demo".into());
        }
        Pipeline {
            repository: "contoso/demo-app".into(),
            trigger: PipelineTrigger::Branch,
            ref_pattern: "main".into(),
            environment: "production".into(),
            identity_name: "id-deploy".into(),
            federated_credential_name: "fic-github-deploy".into(),
            namespaces,
            push_images: false,
            deploy_role: crate::catalog::PIPELINE_DEPLOY_ROLE.into(),
        }
    }
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
            pipeline: None,
            workshop: None,
            outputs: Outputs::default(),
        }
    }
}

/// The image of the example workload: the Azure CLI, which can sign in with the pod's workload
/// identity and so prove the setup without an app of your own.
pub const EXAMPLE_IMAGE: &str = "mcr.microsoft.com/azure-cli:latest";

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
            image: EXAMPLE_IMAGE.into(),
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

/// `ALL` and `yaml_name` for an enum of unit variants, given each variant's serde name (the
/// `rename_all` above). serde does the reading and writing; a test checks the names agree with it.
macro_rules! enum_names {
    ($ty:ident { $( $variant:ident = $name:literal ),* $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order (the order the UI's selects list them).
            pub const ALL: [$ty; [$($name),*].len()] = [$($ty::$variant),*];

            /// This value's name in answers.yaml (and in the UI's selects, which edit by field path).
            pub fn yaml_name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),*
                }
            }
        }
    };
}

enum_names!(Cloud {
    AzureCloud = "AzureCloud",
    AzureUSGovernment = "AzureUSGovernment",
    AzureChinaCloud = "AzureChinaCloud",
});

enum_names!(ClusterMode { New = "new", Existing = "existing" });

enum_names!(Tier { Free = "free", Standard = "standard", Premium = "premium" });

enum_names!(WorkloadKind { Deployment = "deployment", Pod = "pod" });

enum_names!(TargetKind {
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

enum_names!(PipelineTrigger { Branch = "branch", Tag = "tag", PullRequest = "pull_request" });

enum_names!(AccessNeed { Read = "read", Write = "write", Send = "send", Receive = "receive" });

enum_names!(ScopeLevel { Resource = "resource", ResourceGroup = "resource_group", Subscription = "subscription" });

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn copies_count_up() {
        let mut a = Answers::default();
        a.duplicate_workload(0);
        a.duplicate_workload(1);
        a.duplicate_workload(0);
        let names: Vec<(&str, &str)> = a.workloads.iter().map(|w| (w.app_name.as_str(), w.identity_name.as_str())).collect();
        assert_eq!(
            names,
            [("demo-app", "id-demo-app"), ("demo-app-4", "id-demo-app-4"), ("demo-app-2", "id-demo-app-2"), ("demo-app-3", "id-demo-app-3")]
        );
        assert_eq!(a.workloads[2].service_account, "demo-app-2");
        assert_eq!(without_copy_number("lab-2024x"), "lab-2024x");
        assert_eq!(without_copy_number("-7"), "-7");
    }

    #[test]
    fn every_variant_reads_back_under_its_serde_name() {
        // `name` is the enum_names! name, which the UI's selects use: it must be the serde name too.
        fn check<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy>(all: &[T], name: fn(T) -> &'static str) {
            for v in all {
                let written = serde_yaml::to_value(v).expect("write");
                assert_eq!(written.as_str(), Some(name(*v)), "{v:?} is written as its name");
                assert_eq!(serde_yaml::from_value::<T>(written).ok(), Some(*v));
            }
        }
        check(&Cloud::ALL, Cloud::yaml_name);
        check(&ClusterMode::ALL, ClusterMode::yaml_name);
        check(&Tier::ALL, Tier::yaml_name);
        check(&WorkloadKind::ALL, WorkloadKind::yaml_name);
        check(&TargetKind::ALL, TargetKind::yaml_name);
        check(&AccessNeed::ALL, AccessNeed::yaml_name);
        check(&ScopeLevel::ALL, ScopeLevel::yaml_name);
        check(&PipelineTrigger::ALL, PipelineTrigger::yaml_name);
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
        let mut p = Pipeline::example(&a);
        p.push_images = true;
        a.pipeline = Some(p);
        assert_eq!(yaml::from_str::<Answers>(&yaml::to_string(&a).unwrap()).ok(), Some(a));
        let text = "version: 1\ntenant: {cloud: AzureCloud, tenant_id: t, subscription_id: s, location: l}\n\
                    admin: {admin_group_object_ids: [], azure_rbac: false, disable_local_accounts: false}\n\
                    cluster: {mode: new, resource_group: g, name: n, node_count: 1, tier: free}\n\
                    workloads: [{identity_name: i, namespace: n, service_account: s, federated_credential_name: f,\n\
                    app_name: a, image: m, kind: pod}]\n";
        let a = yaml::from_str::<Answers>(text).expect("defaults");
        assert_eq!(a.cluster.existing, ExistingFeatures::default());
        assert!(a.cluster.vm_size.is_empty() && a.workloads[0].grants.is_empty());
        // Files written before pipelines existed have none, and answers without one write no key.
        assert_eq!(a.pipeline, None);
        assert!(!yaml::to_string(&a).unwrap().contains("pipeline"));
        let with_pipeline = format!(
            "{text}pipeline: {{repository: o/r, trigger: tag, identity_name: i, federated_credential_name: f,\n\
             namespaces: [n], deploy_role: r}}\n"
        );
        let p = yaml::from_str::<Answers>(&with_pipeline).expect("pipeline defaults").pipeline.expect("pipeline");
        assert!(p.ref_pattern.is_empty() && p.environment.is_empty() && !p.push_images);
        assert_eq!(p.trigger, PipelineTrigger::Tag);
    }

    /// serde_yaml's messages and positions, which users see in the wizard and in wizard-cli: each names
    /// the field by its path, and the position is that of the offending value.
    #[test]
    fn shape_errors_name_the_field_and_its_position() {
        let base = crate::answers::to_yaml(&Answers::default());
        // (valid text, its replacement, the message, the line and column)
        type Case<'a> = (&'a str, &'a str, &'a str, Option<(usize, usize)>);
        let cases: &[Case] = &[
            ("node_count: 2", "node_count: three", "cluster.node_count: got the text \"three\", expected a whole number", Some((21, 15))),
            ("node_count: 2", "node_count: '3'", "cluster.node_count: got the text \"3\", expected a whole number", Some((21, 15))),
            // Quotes, backslashes and control characters are escaped as Rust's `{:?}` escapes them.
            (
                "node_count: 2",
                r#"node_count: "a\"b\\c\td\u0001""#,
                r#"cluster.node_count: got the text "a\"b\\c\td\u{1}", expected a whole number"#,
                Some((21, 15)),
            ),
            ("node_count: 2", "node_count: 99999999999", "cluster.node_count: got the number `99999999999`, expected a whole number", Some((21, 15))),
            ("node_count: 2", "node_count: -1", "cluster.node_count: got the number `-1`, expected a whole number", Some((21, 15))),
            ("node_count: 2", "node_count: 1.5", "cluster.node_count: got the number `1.5`, expected a whole number", Some((21, 15))),
            ("node_count: 2", "node_count: [1]", "cluster.node_count: got a list, expected a whole number", Some((21, 15))),
            ("node_count: 2", "node_count: {a: 1}", "cluster.node_count: got `key: value` lines, expected a whole number", Some((21, 15))),
            ("node_count: 2", "node_count:", "cluster.node_count: got nothing, expected a whole number", Some((21, 14))),
            ("azure_rbac: true", "azure_rbac: yes", "admin.azure_rbac: got the text \"yes\", expected true or false", Some((11, 15))),
            ("azure_rbac: true", "azure_rbac: 1", "admin.azure_rbac: got the number `1`, expected true or false", Some((11, 15))),
            ("tier: free", "tier: gold", "cluster.tier: unknown choice `gold`, expected one of `free`, `standard`, `premium`", Some((22, 9))),
            ("mode: new", "mode: both", "cluster.mode: unknown choice `both`, expected `new` or `existing`", Some((14, 9))),
            // serde_yaml 0.9 reads a choice only as its name (or a `!name` tag), never as a mapping or list.
            ("tier: free", "tier: {free: x}", "cluster.tier: got `key: value` lines, expected one of the names this field takes", Some((22, 9))),
            ("tier: free", "tier: {standard: }", "cluster.tier: got `key: value` lines, expected one of the names this field takes", Some((22, 9))),
            ("tier: free", "tier: [free]", "cluster.tier: got a list, expected one of the names this field takes", Some((22, 9))),
            (
                "  name: aks-demo",
                "  nmae: aks-demo",
                "cluster: unknown field `nmae`, expected one of `mode`, `existing`, `resource_group`, `name`, `node_count`, \
                 `vm_size`, `kubernetes_version`, `tier`, `acr_name`, `acr_resource_group`",
                Some((20, 3)),
            ),
            ("  name: aks-demo\n", "", "cluster: missing field `name`", Some((14, 3))),
            // Nor a struct as the list of its fields.
            ("tenant:\n  cloud: AzureCloud", "tenant: [AzureCloud, t, s, l]\nx:\n  cloud: AzureCloud", "tenant: got a list, expected its settings, one `key: value` per line", Some((3, 9))),
            ("workloads:\n", "workloads: ~\nx:\n", "workloads: got nothing, expected a list", Some((23, 12))),
            ("- 22222222-2222-2222-2222-222222222222", "- [a]", "admin.admin_group_object_ids[0]: got a list, expected text", Some((10, 5))),
            (
                "cloud: AzureCloud",
                "cloud: azurecloud",
                "tenant.cloud: unknown choice `azurecloud`, expected one of `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud`",
                Some((4, 10)),
            ),
        ];
        let mut wrong = Vec::new();
        for (from, to, message, at) in cases {
            assert!(base.contains(from), "{from}");
            let e = yaml::from_str::<Answers>(&base.replacen(from, to, 1)).expect_err(to);
            if (e.message.as_str(), e.line.zip(e.column)) != (*message, *at) {
                wrong.push(format!("{to:?}: {:?} at {:?}", e.message, e.line.zip(e.column)));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // Accepted: any scalar as text, hex, a choice as a `!name` tag, anchors and aliases.
        for (from, to) in [
            ("tenant_id: 00000000-0000-0000-0000-000000000000", "tenant_id: 123"),
            ("node_count: 2", "node_count: 0x10"),
            ("tier: free", "tier: !standard"),
            ("resource_group: rg-aks-demo", "resource_group: &rg rg-aks-demo\n  acr_resource_group: *rg"),
        ] {
            assert!(yaml::from_str::<Answers>(&base.replacen(from, to, 1)).is_ok(), "{to}");
        }
        let e = yaml::from_str::<Answers>("[1]").unwrap_err();
        assert_eq!((e.message.as_str(), e.line), ("got a list, expected its settings, one `key: value` per line", Some(1)));
        let e = yaml::from_str::<Answers>("hello").unwrap_err();
        assert_eq!((e.message.as_str(), e.line), ("got the text \"hello\", expected its settings, one `key: value` per line", Some(1)));
    }
}
