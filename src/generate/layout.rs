//! Where each file goes in the bundle: the one place that turns user values into file names. Names are
//! reduced to a safe alphabet, so no value can climb out of the bundle (`..`, `/`) or collide with
//! another file. An app name used in several namespaces gets its namespace as a prefix; any collision
//! left after that gets a numbered suffix.

use crate::answers::{Answers, WorkloadKind};

pub const SETUP_SH: &str = "setup.sh";
pub const SETUP_PS1: &str = "setup.ps1";
pub const VERIFY_SH: &str = "verify.sh";
pub const TEARDOWN_SH: &str = "teardown.sh";
pub const README_MD: &str = "README.md";
pub const ANSWERS_YAML: &str = "answers.yaml";
/// A workshop's handouts: the trainer sheet and one printable page per participant.
pub const HANDOUTS_HTML: &str = "handouts.html";
/// The deploy pipeline's workflow, where GitHub looks for workflows in a repository.
pub const WORKFLOW_YML: &str = ".github/workflows/deploy.yml";

/// The Terraform form of the setup (`Outputs::terraform`): one root module.
pub const TERRAFORM_VERSIONS: &str = "terraform/versions.tf";
pub const TERRAFORM_VARIABLES: &str = "terraform/variables.tf";
pub const TERRAFORM_MAIN: &str = "terraform/main.tf";
pub const TERRAFORM_KUBERNETES: &str = "terraform/kubernetes.tf";
pub const TERRAFORM_OUTPUTS: &str = "terraform/outputs.tf";

/// The Bicep form (`Outputs::bicep`): the template and its parameters, and a module per other place
/// a grant's target lives (`grants-rg<N>.bicep` per resource group, `grants-subscription.bicep`).
pub const BICEP_MAIN: &str = "bicep/main.bicep";
pub const BICEP_PARAMS: &str = "bicep/main.bicepparam";
pub const BICEP_SUBSCRIPTION_MODULE: &str = "bicep/grants-subscription.bicep";

/// The module of the `n`th other resource group (from 1).
pub fn bicep_group_module(n: usize) -> String {
    format!("bicep/grants-rg{n}.bicep")
}

/// Every fixed file of the optional forms: a tool that regenerates a bundle may remove those the new
/// one lacks (and the numbered Bicep modules, which [`is_bundle_path`] knows too).
pub const IAC_FILES: [&str; 8] = [
    TERRAFORM_VERSIONS,
    TERRAFORM_VARIABLES,
    TERRAFORM_MAIN,
    TERRAFORM_KUBERNETES,
    TERRAFORM_OUTPUTS,
    BICEP_MAIN,
    BICEP_PARAMS,
    BICEP_SUBSCRIPTION_MODULE,
];

/// The folder of the Kubernetes manifests, and the endings of the names the layout gives them.
pub const MANIFEST_DIR: &str = "k8s";
pub const MANIFEST_SUFFIXES: [&str; 6] = [
    ".namespace.yaml",
    ".serviceaccount.yaml",
    ".deployment.yaml",
    ".pod.yaml",
    IDENTITY_CHECK_SUFFIX,
    ROLEBINDING_SUFFIX,
];
/// The identity-check pod verify.sh starts, one per workload, named after the workload's manifest.
const IDENTITY_CHECK_SUFFIX: &str = ".identity-check.yaml";
/// The pipeline's RoleBinding in one namespace (clusters without Azure RBAC for Kubernetes).
const ROLEBINDING_SUFFIX: &str = ".pipeline-rolebinding.yaml";

/// Whether a bundle could have written `path` (relative, `/`-separated): one of the fixed files, or
/// a manifest in `k8s/` named the way [`layout`] names them. A tool that regenerates into the folder
/// of an earlier bundle may remove such a file when the new bundle has none of that name; nothing
/// else in the folder belongs to the bundle.
pub fn is_bundle_path(path: &str) -> bool {
    if [SETUP_SH, SETUP_PS1, VERIFY_SH, TEARDOWN_SH, README_MD, ANSWERS_YAML, WORKFLOW_YML, HANDOUTS_HTML].contains(&path)
        || IAC_FILES.contains(&path)
    {
        return true;
    }
    if let Some(n) = path.strip_prefix("bicep/grants-rg").and_then(|rest| rest.strip_suffix(".bicep")) {
        return !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit());
    }
    path.strip_prefix(MANIFEST_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| {
            !name.contains('/')
                && MANIFEST_SUFFIXES.iter().any(|sfx| name.len() > sfx.len() && name.ends_with(sfx))
        })
}

/// Namespaces every cluster already has: no manifest is generated for them, and teardown never
/// deletes them.
pub const BUILT_IN_NAMESPACES: [&str; 4] =
    ["default", "kube-system", "kube-public", "kube-node-lease"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceFile {
    pub namespace: String,
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadFiles {
    pub service_account: String,
    pub workload: String,
    pub identity_check: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// One per distinct namespace that is not built in, in order of first use.
    pub namespaces: Vec<NamespaceFile>,
    /// Parallel to `answers.workloads`.
    pub workloads: Vec<WorkloadFiles>,
    /// The pipeline's RoleBinding per namespace, parallel to its namespaces; empty without a pipeline
    /// or with Azure RBAC for Kubernetes (role assignments do that job there).
    pub pipeline_role_bindings: Vec<NamespaceFile>,
}

/// A file-name-safe version of a value: ASCII letters, digits, `.`, `_` and `-`; anything else
/// becomes `_`, a leading dot too (no hidden files, no `..`), and long values are cut.
fn stem(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(80)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with('.') {
        out.replace_range(0..1, "_");
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// Reserves `k8s/<stem><suffix>`, numbering it when an earlier file took the name.
fn reserve(taken: &mut Vec<String>, stem: &str, suffix: &str) -> String {
    let mut path = format!("{MANIFEST_DIR}/{stem}{suffix}");
    let mut n = 2;
    while taken.contains(&path.to_ascii_lowercase()) {
        path = format!("{MANIFEST_DIR}/{stem}-{n}{suffix}");
        n += 1;
    }
    // Case-insensitive: the bundle is unpacked on Windows and macOS too.
    taken.push(path.to_ascii_lowercase());
    path
}

pub fn layout(a: &Answers) -> Layout {
    // A list, not a set: a bundle has a few files per workload, and a set's code weighs more.
    let mut taken = Vec::new();
    let mut namespaces: Vec<NamespaceFile> = Vec::new();
    // The pipeline's namespaces after the apps': it can only deploy into namespaces that exist.
    let pipeline_namespaces = a.pipeline.iter().flat_map(|p| &p.namespaces);
    for ns in a.workloads.iter().map(|w| &w.namespace).chain(pipeline_namespaces) {
        if BUILT_IN_NAMESPACES.contains(&ns.as_str())
            || namespaces.iter().any(|n| &n.namespace == ns)
        {
            continue;
        }
        let path = reserve(&mut taken, &stem(ns), ".namespace.yaml");
        namespaces.push(NamespaceFile {
            namespace: ns.clone(),
            path,
        });
    }
    let workloads = a
        .workloads
        .iter()
        .map(|w| {
            let service_account = reserve(
                &mut taken,
                &format!("{}-{}", stem(&w.namespace), stem(&w.service_account)),
                ".serviceaccount.yaml",
            );
            let suffix = match w.kind {
                WorkloadKind::Pod => ".pod.yaml",
                WorkloadKind::Deployment => ".deployment.yaml",
            };
            // The same app in several namespaces (a workshop, say) is told apart by its namespace.
            let shared = a
                .workloads
                .iter()
                .filter(|o| o.app_name == w.app_name)
                .count()
                > 1;
            let name = if shared {
                format!("{}-{}", stem(&w.namespace), stem(&w.app_name))
            } else {
                stem(&w.app_name)
            };
            let workload = reserve(&mut taken, &name, suffix);
            // The check takes the stem the workload's file got (numbered or not), so the two sort
            // together.
            let taken_stem = &workload[MANIFEST_DIR.len() + 1..workload.len() - suffix.len()];
            let identity_check = reserve(&mut taken, taken_stem, IDENTITY_CHECK_SUFFIX);
            WorkloadFiles {
                service_account,
                workload,
                identity_check,
            }
        })
        .collect();
    let pipeline_role_bindings = match &a.pipeline {
        Some(p) if !a.admin.azure_rbac => p
            .namespaces
            .iter()
            .map(|ns| NamespaceFile { namespace: ns.clone(), path: reserve(&mut taken, &stem(ns), ROLEBINDING_SUFFIX) })
            .collect(),
        _ => Vec::new(),
    };
    Layout {
        namespaces,
        workloads,
        pipeline_role_bindings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_the_layout_gives_is_a_bundle_path_and_nothing_else_is() {
        let mut a = Answers::default();
        a.workloads.push(crate::answers::Workload::example(1));
        a.workloads[1].kind = WorkloadKind::Pod;
        a.workloads[1].namespace = "../x y".into();
        let l = layout(&a);
        let paths = l.namespaces.iter().map(|n| &n.path).chain(l.workloads.iter().flat_map(|w| [&w.service_account, &w.workload, &w.identity_check]));
        for p in paths {
            assert!(is_bundle_path(p), "{p}");
        }
        let mut b = a.clone();
        b.admin.azure_rbac = false;
        b.pipeline = Some(crate::answers::Pipeline::example(&b));
        let with_pipeline = layout(&b);
        assert_eq!(with_pipeline.pipeline_role_bindings.len(), 2, "one per namespace of the pipeline");
        for f in &with_pipeline.pipeline_role_bindings {
            assert!(is_bundle_path(&f.path), "{}", f.path);
        }
        assert!(is_bundle_path(WORKFLOW_YML));
        for p in IAC_FILES {
            assert!(is_bundle_path(p), "{p}");
        }
        assert!(is_bundle_path(&bicep_group_module(1)) && is_bundle_path(&bicep_group_module(12)));
        for p in ["bicep/grants-rg.bicep", "bicep/grants-rg01.bicep", "bicep/grants-rgx.bicep", "bicep/other.bicep", "bicep/main.json", "terraform/backend.tf", "terraform/terraform.tfstate", "notes.txt", ".github/workflows/other.yml", "k8s/my-ingress.yaml", "k8s/.deployment.yaml", "k8s/sub/a.pod.yaml", "other/a.pod.yaml", "k8s", "K8S/a.pod.yaml", "k8s/.identity-check.yaml"] {
            assert!(!is_bundle_path(p), "{p}");
        }
    }

    #[test]
    fn default_answers_get_the_documented_names() {
        let l = layout(&Answers::default());
        assert_eq!(
            l.namespaces,
            vec![NamespaceFile {
                namespace: "demo".into(),
                path: "k8s/demo.namespace.yaml".into()
            }]
        );
        assert_eq!(
            l.workloads[0].service_account,
            "k8s/demo-demo-app.serviceaccount.yaml"
        );
        assert_eq!(l.workloads[0].workload, "k8s/demo-app.deployment.yaml");
        assert_eq!(l.workloads[0].identity_check, "k8s/demo-app.identity-check.yaml");
    }

    #[test]
    fn hostile_names_stay_inside_k8s_and_never_collide() {
        let mut a = Answers::default();
        let mut w = a.workloads[0].clone();
        w.namespace = "../../etc".into();
        w.app_name = "../passwd".into();
        a.workloads.push(w.clone());
        a.workloads.push(w);
        let l = layout(&a);
        let mut all: Vec<&str> = l.namespaces.iter().map(|n| n.path.as_str()).collect();
        for f in &l.workloads {
            all.push(&f.service_account);
            all.push(&f.workload);
            all.push(&f.identity_check);
        }
        for p in &all {
            assert!(
                p.starts_with("k8s/") && !p[4..].contains('/') && !p[4..].starts_with('.'),
                "{p}"
            );
        }
        let unique: std::collections::BTreeSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "{all:?}");
    }
}
