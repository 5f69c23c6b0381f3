//! Kubernetes manifests as typed values: only the fields this bundle sets, named as the Kubernetes API
//! names them (core/v1 Namespace, ServiceAccount, Pod; apps/v1 Deployment). Serialised through
//! `crate::yaml`, never templated, so no user value can change the document's structure.
//! `Deserialize` is derived for the tests, which read manifests back with serde_yaml; the crate never
//! reads them, so it is not in the wasm.

use super::identity_check;
use crate::answers::{Answers, Workload, WorkloadKind, EXAMPLE_IMAGE};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The ServiceAccount annotation the webhook reads to learn which identity a pod acts as.
pub const CLIENT_ID_ANNOTATION: &str = "azure.workload.identity/client-id";
/// The pod label that makes the webhook mutate a pod (pod only since workload identity v1.0).
pub const USE_LABEL: &str = "azure.workload.identity/use";
/// Standard app label; the Deployment selector and verify.sh find the pods by it.
pub const APP_LABEL: &str = "app.kubernetes.io/name";

/// What the ServiceAccount manifest holds until setup.sh puts the identity's real client ID there. The
/// client ID only exists once `az identity create` has run, so the file cannot know it; the value says
/// so in words, in case someone applies the file by hand.
pub const CLIENT_ID_PLACEHOLDER: &str = "SET-BY-SETUP-SH-TO-THE-IDENTITY-CLIENT-ID";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObjectMeta {
    /// Empty in a pod template, where Kubernetes names the pods itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Namespace {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceAccount {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Container {
    pub name: String,
    pub image: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
}

impl EnvVar {
    pub fn new(name: &str, value: &str) -> EnvVar {
        EnvVar { name: name.into(), value: value.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    pub service_account_name: String,
    pub containers: Vec<Container>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pod {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabelSelector {
    pub match_labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentSpec {
    pub replicas: u32,
    pub selector: LabelSelector,
    pub template: PodTemplateSpec,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Deployment {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: DeploymentSpec,
}

/// The workload manifest: a bare Pod or a Deployment, as the user chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WorkloadManifest {
    Pod(Pod),
    Deployment(Deployment),
}

pub fn namespace(name: &str) -> Namespace {
    Namespace {
        api_version: "v1".into(),
        kind: "Namespace".into(),
        metadata: ObjectMeta {
            name: name.into(),
            ..ObjectMeta::default()
        },
    }
}

/// The ServiceAccount pods run as. It carries the client-id annotation (placeholder until setup.sh
/// fills it); no label is needed on it any more.
pub fn service_account(w: &Workload) -> ServiceAccount {
    let mut annotations = BTreeMap::new();
    annotations.insert(
        CLIENT_ID_ANNOTATION.to_string(),
        CLIENT_ID_PLACEHOLDER.to_string(),
    );
    ServiceAccount {
        api_version: "v1".into(),
        kind: "ServiceAccount".into(),
        metadata: ObjectMeta {
            name: w.service_account.clone(),
            namespace: Some(w.namespace.clone()),
            labels: BTreeMap::new(),
            annotations,
        },
    }
}

/// Labels of the pod (or pod template): the webhook's opt-in label, and the app label. No AZURE_*
/// environment variables are set: the webhook injects them, and it never overwrites a value that is
/// already there, so a hand-set one would silently win even when stale.
fn pod_labels(w: &Workload) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    labels.insert(APP_LABEL.to_string(), w.app_name.clone());
    labels.insert(USE_LABEL.to_string(), "true".to_string());
    labels
}

/// The app's pod. The example app runs the identity check and then stays up; any other image runs
/// as it is.
fn pod_spec(a: &Answers, w: &Workload) -> PodSpec {
    let example = identity_check::is_example_app(w);
    PodSpec {
        restart_policy: None,
        service_account_name: w.service_account.clone(),
        containers: vec![Container {
            name: w.app_name.clone(),
            image: w.image.clone(),
            command: if example { identity_check::command(identity_check::STAY_UP) } else { Vec::new() },
            env: if example { identity_check::env(a, w) } else { Vec::new() },
        }],
    }
}

/// The check pod's name: fixed, a valid DNS label for any answers, and unique per workload (hence in
/// its namespace).
pub fn identity_check_pod_name(i: usize) -> String {
    format!("identity-check-{}", i + 1)
}

/// The pod verify.sh starts to prove workload `i`'s identity works, whatever the app's own image:
/// it runs as the app's ServiceAccount, with the webhook's label but not the app's (verify.sh finds
/// the app's pods by that), runs the check once and is never restarted.
pub fn identity_check_pod(a: &Answers, i: usize) -> Pod {
    let w = &a.workloads[i];
    let mut labels = BTreeMap::new();
    labels.insert(USE_LABEL.to_string(), "true".to_string());
    Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta {
            name: identity_check_pod_name(i),
            namespace: Some(w.namespace.clone()),
            labels,
            annotations: BTreeMap::new(),
        },
        spec: PodSpec {
            restart_policy: Some("Never".into()),
            service_account_name: w.service_account.clone(),
            containers: vec![Container {
                name: "identity-check".into(),
                image: EXAMPLE_IMAGE.into(),
                command: identity_check::command(""),
                env: identity_check::env(a, w),
            }],
        },
    }
}

pub fn workload(a: &Answers, w: &Workload) -> WorkloadManifest {
    match w.kind {
        WorkloadKind::Pod => WorkloadManifest::Pod(Pod {
            api_version: "v1".into(),
            kind: "Pod".into(),
            metadata: ObjectMeta {
                name: w.app_name.clone(),
                namespace: Some(w.namespace.clone()),
                labels: pod_labels(w),
                annotations: BTreeMap::new(),
            },
            spec: pod_spec(a, w),
        }),
        WorkloadKind::Deployment => {
            let mut selector = BTreeMap::new();
            selector.insert(APP_LABEL.to_string(), w.app_name.clone());
            WorkloadManifest::Deployment(Deployment {
                api_version: "apps/v1".into(),
                kind: "Deployment".into(),
                metadata: ObjectMeta {
                    name: w.app_name.clone(),
                    namespace: Some(w.namespace.clone()),
                    labels: {
                        let mut l = BTreeMap::new();
                        l.insert(APP_LABEL.to_string(), w.app_name.clone());
                        l
                    },
                    annotations: BTreeMap::new(),
                },
                spec: DeploymentSpec {
                    replicas: 1,
                    selector: LabelSelector {
                        match_labels: selector,
                    },
                    template: PodTemplateSpec {
                        metadata: ObjectMeta {
                            labels: pod_labels(w),
                            ..ObjectMeta::default()
                        },
                        spec: pod_spec(a, w),
                    },
                },
            })
        }
    }
}

/// The name of the pipeline's RoleBinding in each of its namespaces.
pub const PIPELINE_ROLE_BINDING: &str = "deploy-pipeline";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoleRef {
    pub api_group: String,
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Subject {
    pub api_group: String,
    pub kind: String,
    pub name: String,
}

/// rbac.authorization.k8s.io/v1 RoleBinding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoleBinding {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub role_ref: RoleRef,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
}

/// The pipeline's right to deploy into `namespace` on a cluster without Azure RBAC for Kubernetes:
/// the ClusterRole for its deploy role (`edit` for the default), bound in that namespace only.
///
/// It has no subject yet. With Entra ID, a service principal (a managed identity is one) reaches
/// Kubernetes as the User named by its object ID ("the user in rolebinding should be the SP's Object
/// ID": Azure/kubelogin docs/book/src/topics/sp.md). That ID only exists once setup.sh has created
/// the identity, so setup adds the subject with `kubectl set subject --user` as it applies the file.
pub fn pipeline_role_binding(namespace: &str, cluster_role: &str) -> RoleBinding {
    RoleBinding {
        api_version: "rbac.authorization.k8s.io/v1".into(),
        kind: "RoleBinding".into(),
        metadata: ObjectMeta {
            name: PIPELINE_ROLE_BINDING.into(),
            namespace: Some(namespace.into()),
            ..ObjectMeta::default()
        },
        role_ref: RoleRef {
            api_group: "rbac.authorization.k8s.io".into(),
            kind: "ClusterRole".into(),
            name: cluster_role.into(),
        },
        subjects: Vec::new(),
    }
}
