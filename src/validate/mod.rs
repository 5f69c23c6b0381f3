//! What is wrong or too broad about a set of answers, each with a concrete fix.
//!
//! INTERFACE (used by generate and ui; keep stable):
//! - `validate(&Answers) -> Vec<Finding>`
//! - `Finding { id, field, severity, message, why, fix: Option<Fix> }`
//! - `Fix { label }` + `Fix::apply(&self, &mut Answers)`
//! - field paths: `tenant.tenant_id`, `admin.admin_group_object_ids[0]`, `cluster.name`,
//!   `workloads[0].namespace`, `workloads[0].grants[1].role`, ...

use crate::answers::Answers;

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
    /// Set the text or value at `field` (a field path) to `value`.
    SetField { field: String, value: String },
}
