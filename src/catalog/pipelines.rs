//! What a deploy pipeline needs from GitHub and Azure, as data.
//!
//! Sources:
//! - GitHub's OIDC tokens: docs.github.com `actions/reference/security/oidc` ("OIDC token claims" and
//!   "Example subject claims"): issuer `https://token.actions.githubusercontent.com`; the subject is
//!   `repo:OWNER/REPO:environment:NAME` for a job that names an environment, else
//!   `repo:OWNER/REPO:ref:refs/heads/BRANCH` or `...:ref:refs/tags/TAG` for a push, and
//!   `repo:OWNER/REPO:pull_request` for a pull request [DOC].
//! - Entra ID matches a federated credential's issuer, subject and audience exactly, with no wildcards
//!   (azure-facts.md section 2, "Limits and timing") [DOC].
//! - Roles and GUIDs: `catalog::roles` (built-in-roles.md, azure-facts.md section 4) [DOC].

use crate::answers::{Pipeline, PipelineTrigger};

/// The `iss` of every GitHub Actions OIDC token [DOC].
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";

/// The role a pipeline gets in each of its namespaces unless the answers say otherwise: read and
/// write most objects there, but not roles or role bindings [DOC, built-in-roles.md].
pub const PIPELINE_DEPLOY_ROLE: &str = "Azure Kubernetes Service RBAC Writer";

/// Lets the pipeline fetch the cluster's user kubeconfig (`az aks get-credentials` without
/// `--admin`), which grants nothing inside the cluster by itself [DOC, azure-ad-rbac.md].
pub const CLUSTER_USER_ROLE: &str = "Azure Kubernetes Service Cluster User Role";

/// Roles that make their holder an administrator of the whole cluster: everything through Azure RBAC
/// for Kubernetes, or the static admin kubeconfig [DOC, built-in-roles.md].
pub const CLUSTER_ADMIN_ROLES: [&str; 2] =
    ["Azure Kubernetes Service RBAC Cluster Admin", "Azure Kubernetes Service Cluster Admin Role"];

/// Manages AKS clusters themselves (create, change, delete) [DOC, built-in-roles.md].
pub const AKS_CONTRIBUTOR_ROLE: &str = "Azure Kubernetes Service Contributor Role";

/// Push (and pull) images, given on the registry only when the pipeline pushes [DOC].
pub const IMAGE_PUSH_ROLE: &str = "AcrPush";

/// The Azure roles a pipeline may deploy with, each with the Kubernetes ClusterRole a RoleBinding
/// uses for it on a cluster without Azure RBAC for Kubernetes (Kubernetes' user-facing roles `view`,
/// `edit` and `admin`, which the AKS RBAC Reader, Writer and Admin roles mirror per namespace) [DOC].
pub const NAMESPACE_ROLES: [(&str, &str); 3] = [
    ("Azure Kubernetes Service RBAC Reader", "view"),
    ("Azure Kubernetes Service RBAC Writer", "edit"),
    ("Azure Kubernetes Service RBAC Admin", "admin"),
];

/// The ClusterRole that stands for `role` in a namespace RoleBinding, if it is one of
/// [`NAMESPACE_ROLES`].
pub fn cluster_role_for(role: &str) -> Option<&'static str> {
    NAMESPACE_ROLES.iter().find(|(r, _)| *r == role).map(|(_, k)| *k)
}

/// The characters of GitHub's branch and tag filter patterns that match more than themselves
/// (`*`, `**`, `?`, `+`, `[...]`) [DOC, docs.github.com "Filter pattern cheat sheet"].
pub const PATTERN_CHARS: [char; 4] = ['*', '?', '+', '['];

/// Whether the branch or tag filter names one ref exactly (no pattern character), so a subject that
/// names it can ever match.
pub fn is_exact_ref(pattern: &str) -> bool {
    !pattern.contains(PATTERN_CHARS)
}

/// The `sub` claim the deploy job presents: what the pipeline's federated credential must name.
pub fn github_subject(p: &Pipeline) -> String {
    let repo = &p.repository;
    if !p.environment.is_empty() {
        return format!("repo:{repo}:environment:{}", p.environment);
    }
    match p.trigger {
        PipelineTrigger::Branch => format!("repo:{repo}:ref:refs/heads/{}", p.ref_pattern),
        PipelineTrigger::Tag => format!("repo:{repo}:ref:refs/tags/{}", p.ref_pattern),
        PipelineTrigger::PullRequest => format!("repo:{repo}:pull_request"),
    }
}
