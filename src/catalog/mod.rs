//! What Azure allows: built-in roles, target resource kinds, regions and clouds. Data, not logic;
//! each fact names its source (see ../shared/reference/azure-facts.md for the compiled references).
//!
//! INTERFACE (used by validate, generate and ui; keep these signatures stable):
//! - `roles() -> &'static [Role]`, `role_by_name(&str) -> Option<&'static Role>`
//! - `target(TargetKind) -> &'static TargetInfo`
//! - `TargetInfo::recommended_role(AccessNeed) -> Option<&'static str>`
//! - `scope(&Answers, &AccessGrant) -> String` builds the `--scope` value of a grant
//! - `regions(Cloud) -> &'static [&'static str]`, `authority_host(Cloud) -> &'static str`

use crate::answers::{AccessNeed, TargetKind};

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
}
