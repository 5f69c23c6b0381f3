//! What is wrong or too broad about a set of answers, each with a concrete fix.
//!
//! INTERFACE (used by generate and ui; keep stable):
//! - `validate(&Answers) -> Vec<Finding>`
//! - `Finding { id, field, severity, message, why, fix: Option<Fix> }`
//! - `Fix { label, edit }` + `Fix::apply(&self, &mut Answers)`
//! - helpers: `has_errors`, `count`, `for_field`, `within`, `get_field`
//!
//! Field paths follow the grammar in `path.rs`: `tenant.tenant_id`, `admin.admin_group_object_ids[0]`,
//! `cluster.name`, `workloads[0].namespace`, `workloads[0].grants[1].role`, and whole items such as
//! `workloads`, `workloads[0].grants` or `workloads[0].grants[1]`; the pipeline's as
//! `pipeline.repository` or `pipeline.namespaces[0]`. A finding about two workloads points
//! at the later one, the one to change.
//!
//! Finding ids (stable; severity in brackets):
//! - names and formats [error]: `guid.invalid`, `location.invalid`, `resource_group.invalid`,
//!   `cluster_name.invalid`, `node_count.range`, `kubernetes_version.invalid`, `vm_size.invalid`,
//!   `kubernetes_version.too_old` (older than workload identity needs),
//!   `kubernetes_version.unsupported` [warning] (past AKS standard support), `acr_name.invalid`,
//!   `identity_name.invalid`, `federated_credential_name.invalid`, `namespace.invalid`,
//!   `service_account.invalid`, `app_name.invalid`, `image.invalid` (empty, spaces, or what a container
//!   runtime refuses: uppercase path, empty tag, a bad digest), `resource_name.invalid`,
//!   `sub_resource.invalid`, `sub_resource.unsupported`, `sub_resource.required`, `manifest.not_text`
//!   (a valid name kubectl's YAML 1.1 reader takes for a boolean or number)
//! - tenant: `guid.placeholder` [info], `location.other_cloud` [error], `location.unknown` [warning],
//!   `location.no_federated_credentials` [warning]
//! - admin access: `admin.lockout` [error], `admin.no_admin_group` [warning],
//!   `admin.local_accounts_on` [warning], `admin.azure_rbac_off` [warning],
//!   `admin.duplicate_group` [warning], `admin.rotate_certificates` [info]
//! - existing cluster: `cluster.existing_inconsistent` [error], `cluster.entra_one_way` [info],
//!   `cluster.oidc_restart` [info]
//! - workloads: `workloads.empty` [error], `namespace.system` [error], `namespace.reserved` [warning],
//!   `identity.cluster_identity` [error], `identity.too_many_credentials` [error],
//!   `federated_credential.duplicate_subject` [error], `federated_credential.duplicate_name` [error],
//!   `service_account.conflict` [error], `app_name.duplicate` [error], `service_account.default` [warning],
//!   `identity.shared_access_differs` [warning], `identity.shared` [info], `workload.no_grants` [info]
//! - least privilege: `role.unknown` [error], `role.privileged` [error], `role.wrong_target` [error],
//!   `role.insufficient` [error], `role.broad` [warning], `role.exceeds_need` [warning],
//!   `need.unsupported` [error], `scope.unsupported` [error], `scope.too_wide` [warning],
//!   `grant.duplicate` [warning]
//! - deploy pipeline: `repository.invalid` [error], `ref_pattern.invalid` [error],
//!   `environment.invalid` [error], `pipeline.pull_request` [error], `pipeline.subject_never_matches`
//!   [error], `pipeline.identity_shared` [error], `pipeline.cluster_admin` [error],
//!   `pipeline.privileged` [error], `pipeline.role_insufficient` [error], `pipeline.role_broad`
//!   [warning], `pipeline.no_namespace` [error], `pipeline.namespace_system` [error],
//!   `pipeline.namespace_unused` [warning], `pipeline.namespace_duplicate` [warning],
//!   `pipeline.no_registry` [error]; its names also get `identity_name.invalid`,
//!   `federated_credential_name.invalid`, `namespace.invalid`, `manifest.not_text` and `role.unknown`
//! - workshop (the template's fields; rules above run on every participant's copy and point back at
//!   the template): `workshop.participants.range` [error], `workshop.name_pattern.no_number` [error],
//!   `workshop.name_pattern.invalid` [error], `workshop.azure_rbac_off` [error],
//!   `workshop.participant_role.unsupported` [error], `workshop.participant_role.broad` [warning],
//!   `workshop.person.invalid` [error], `workshop.person.duplicate` [warning], `workshop.people.extra`
//!   [warning], `workshop.people.missing` [warning], `workshop.shared_namespace` [error],
//!   `workshop.shared_identity` [error], `workshop.shared_data` [error], `workshop.role_assignments` [info]
//!
//! An existing cluster keeps its own size, version and tier: findings on those fields
//! (`NEW_CLUSTER_ONLY`) are dropped for it, since the wizard hides them and no script uses them.
//!
//! Entra ID: the setup always turns on AKS-managed Entra ID (`--enable-aad` on create, or `az aks
//! update --enable-aad` for an existing cluster without it), so Azure RBAC and disabled local accounts
//! always have it; nothing about them conflicts with Entra ID itself. What can go wrong is who is left
//! able to administer the cluster (`admin.*`), and that turning it on is one-way (`cluster.entra_one_way`).
//!
//! Identity sharing: workloads that name the same managed identity share it on purpose; each gets its
//! own federated credential on it. Sharing is reported (info), and becomes a warning when their access
//! differs, because each then silently gets the other's access too.

mod access;
mod fields;
pub mod path;
mod pipeline;
mod workloads;
mod workshop;

use crate::answers::{Answers, ClusterMode, Workload};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    /// Blocks generation.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable id, e.g. `role.privileged`.
    pub id: &'static str,
    /// Field path the finding points at.
    pub field: String,
    pub severity: Severity,
    /// One sentence: what is wrong.
    pub message: String,
    /// Why it matters, in plain words.
    pub why: String,
    pub fix: Option<Fix>,
}

/// A concrete change the UI can apply with one click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Button text, e.g. "Use Storage Blob Data Reader".
    pub label: String,
    pub edit: Edit,
}

/// The edit a fix performs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Set the text or value at `field` (a field path) to `value` (see `path::set` for the text forms).
    SetField { field: String, value: String },
    /// Remove the list items at `fields` (paths ending in an index, in one list), all or none.
    RemoveItems { fields: Vec<String> },
    /// Append a ready-made example workload.
    AddWorkload,
    /// Replace the list of text at `list` (a field path such as `pipeline.namespaces`) with `values`.
    SetTexts { list: String, values: Vec<String> },
}

impl Fix {
    /// Apply the fix. An edit that no longer fits the answers (they changed since) does nothing.
    pub fn apply(&self, answers: &mut Answers) {
        self.try_apply(answers);
    }

    /// Apply the fix; false when it did not fit and nothing changed.
    pub fn try_apply(&self, answers: &mut Answers) -> bool {
        match &self.edit {
            Edit::SetField { field, value } => path::set(answers, field, value),
            Edit::RemoveItems { fields } => path::remove_all(answers, fields),
            Edit::AddWorkload => {
                let n = answers.workloads.len();
                answers.workloads.push(Workload::example(n));
                true
            }
            Edit::SetTexts { list, values } => path::set_texts(answers, list, values),
        }
    }

    pub(crate) fn set(label: impl Into<String>, field: impl Into<String>, value: impl Into<String>) -> Option<Fix> {
        Some(Fix { label: label.into(), edit: Edit::SetField { field: field.into(), value: value.into() } })
    }
}

impl Severity {
    /// The severity in lowercase words, as generated files and the picture's words say it.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        }
    }
}

impl Finding {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Everything wrong or worth knowing about `answers`, in the order of the wizard's steps.
/// For a workshop, the rules run on the expanded answers (every participant's copy) and the
/// findings are pointed back at the template the user edits.
pub fn validate(answers: &Answers) -> Vec<Finding> {
    let expanded = crate::answers::workshop::expand(answers);
    let a: &Answers = &expanded;
    let mut out = Findings::default();
    fields::tenant(a, &mut out);
    fields::admin(a, &mut out);
    fields::cluster(a, &mut out);
    workloads::check(a, &mut out);
    access::check(a, &mut out);
    pipeline::check(a, &mut out);
    workshop::check(answers, &mut out);
    out.0.retain(|f| in_use(answers, &f.field));
    workshop::onto_template(answers, out.0)
}

/// The fields only `az aks create` reads.
pub const NEW_CLUSTER_ONLY: [&str; 4] = ["cluster.node_count", "cluster.vm_size", "cluster.kubernetes_version", "cluster.tier"];

/// False for a field these answers leave unused (a new cluster's size, version and tier when the
/// cluster exists), whose value is kept but neither shown nor checked.
pub fn in_use(answers: &Answers, field: &str) -> bool {
    answers.cluster.mode == ClusterMode::New || !NEW_CLUSTER_ONLY.contains(&field)
}

/// True when any finding blocks generation.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}

/// How many findings have this severity.
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

/// Findings that point exactly at `field`.
pub fn for_field<'a>(findings: &'a [Finding], field: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
    findings.iter().filter(move |f| f.field == field)
}

/// Findings that point at `prefix` or anything inside it (`workloads[0]` holds
/// `workloads[0].grants[1].role` but not `workloads[01]` or `workloads[10]`).
pub fn within<'a>(findings: &'a [Finding], prefix: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
    findings.iter().filter(move |f| {
        f.field
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
    })
}

/// The text form of the value at a field path (see `path::get`).
pub fn get_field(answers: &Answers, field: &str) -> Option<String> {
    path::get(answers, field)
}

/// Collects findings; the short constructors keep the rules readable.
#[derive(Default)]
pub(crate) struct Findings(Vec<Finding>);

impl Findings {
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        id: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
        why: impl Into<String>,
        fix: Option<Fix>,
    ) {
        self.0.push(Finding { id, field: field.into(), severity, message: message.into(), why: why.into(), fix });
    }
}

/// `workloads[i].<rest>`
pub(crate) fn wpath(i: usize, rest: &str) -> String {
    format!("workloads[{i}].{rest}")
}

/// `workloads[i].grants[j].<rest>`, or the grant itself when `rest` is empty.
pub(crate) fn gpath(i: usize, j: usize, rest: &str) -> String {
    if rest.is_empty() {
        format!("workloads[{i}].grants[{j}]")
    } else {
        format!("workloads[{i}].grants[{j}].{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_answers_have_no_errors_or_warnings() {
        let f = validate(&Answers::default());
        assert!(f.iter().all(|f| f.severity == Severity::Info), "{f:#?}");
    }

    #[test]
    fn within_matches_whole_segments() {
        let f = |field: &str| Finding {
            id: "x",
            field: field.into(),
            severity: Severity::Info,
            message: String::new(),
            why: String::new(),
            fix: None,
        };
        let all = [f("workloads[1].namespace"), f("workloads[10].namespace"), f("workloads[1]"), f("workloads")];
        let got: Vec<_> = within(&all, "workloads[1]").map(|f| f.field.as_str()).collect();
        assert_eq!(got, ["workloads[1].namespace", "workloads[1]"]);
        assert_eq!(within(&all, "workloads").count(), 4);
        assert_eq!(for_field(&all, "workloads").count(), 1);
    }
}
