//! Kubernetes manifests as typed values: only the fields this bundle sets, named as the Kubernetes API
//! names them (core/v1 Namespace, ServiceAccount, Pod; apps/v1 Deployment). Serialised through
//! `crate::yaml`, never templated, so no user value can change the document's structure.
//! `Deserialize` is derived for the tests, which read manifests back with serde_yaml; the crate never
//! reads them, so it is not in the wasm.

use crate::answers::{Workload, WorkloadKind};
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodSpec {
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

fn pod_spec(w: &Workload) -> PodSpec {
    PodSpec {
        service_account_name: w.service_account.clone(),
        containers: vec![Container {
            name: w.app_name.clone(),
            image: w.image.clone(),
        }],
    }
}

pub fn workload(w: &Workload) -> WorkloadManifest {
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
            spec: pod_spec(w),
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
                        spec: pod_spec(w),
                    },
                },
            })
        }
    }
}
