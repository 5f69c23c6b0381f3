//! The built-in roles the wizard knows, as data.
//!
//! Sources (see ../shared/reference/azure-facts.md section 4):
//! - names and GUIDs: `MicrosoftDocs/azure-docs: articles/role-based-access-control/built-in-roles.md`
//!   (ms.date 04/09/2026) [DOC]; the three AKS RBAC Reader/Writer/Admin GUIDs, abbreviated in
//!   azure-facts.md, were completed from the same page's translated copies.
//! - Cosmos DB SQL built-ins: `azure-databases-docs: cosmos-db/nosql/security/reference-data-plane-roles.md` [DOC].
//! - Azure SQL fixed database roles (`db_datareader`, ...): T-SQL roles, not Azure roles; they have no
//!   GUID and are granted with `ALTER ROLE ... ADD MEMBER` (azure-facts.md section 4, Azure SQL note).
//!
//! `covers` says which access needs a role satisfies on the target kinds it works on (see `targets.rs`);
//! it is what lets the validator tell "not enough" from "more than needed".

use super::{AccessLevel, Plane, Role};
use crate::answers::AccessNeed::{self, Read, Receive, Send, Write};

const NONE: &[AccessNeed] = &[];
const R: &[AccessNeed] = &[Read];
const RW: &[AccessNeed] = &[Read, Write];

#[allow(clippy::too_many_arguments)]
const fn role(
    name: &'static str,
    guid: &'static str,
    service: &'static str,
    plane: Plane,
    level: AccessLevel,
    covers: &'static [AccessNeed],
    summary: &'static str,
) -> Role {
    Role { name, guid, service, plane, level, privileged: false, key_exposing: false, can_assign_roles: false, covers, summary }
}

/// Marks a role as privileged (can manage everything, or hand out access).
const fn privileged(mut r: Role, can_assign_roles: bool) -> Role {
    r.privileged = true;
    r.can_assign_roles = can_assign_roles;
    r
}

const fn key_exposing(mut r: Role) -> Role {
    r.key_exposing = true;
    r
}

use AccessLevel::{Admin, Read as LRead, Write as LWrite};
use Plane::{Control, Data};

pub(super) static ROLES: &[Role] = &[
    // ---- General (privileged category and broad read), azure-facts.md "Roles a least-privilege
    // validator should flag". Owner, User Access Administrator and RBAC Administrator can create role
    // assignments; Contributor cannot ("Contributor and Key Vault Contributor cannot create role
    // assignments", azure-facts.md section 2, Key Vault note) [DOC].
    privileged(role("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "General", Control, Admin, NONE,
        "Full control of everything in scope, including who else gets access."), true),
    privileged(role("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c", "General", Control, Admin, NONE,
        "Manage every resource in scope, but not access to it."), false),
    role("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7", "General", Control, LRead, NONE,
        "See every resource in scope and its settings; no data."),
    privileged(role("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "General", Control, Admin, NONE,
        "Grant anyone any role in scope."), true),
    privileged(role("Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168", "General", Control, Admin, NONE,
        "Create and remove role assignments in scope."), true),
    // Listed as privileged by azure-facts.md; whether it can assign roles is not stated there, so it is
    // not marked as such.
    privileged(role("Reservations Administrator", "a8889054-8d42-49c9-bc1c-52486c10e7cd", "General", Control, Admin, NONE,
        "Manage all reservations (prepaid capacity) in the tenant."), false),
    // ---- Blob storage [DOC table]
    role("Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Blob storage", Data, LRead, R,
        "Read and list blobs."),
    role("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Blob storage", Data, LWrite, RW,
        "Read, write and delete blobs."),
    role("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Blob storage", Data, Admin, RW,
        "Full blob access including POSIX access control lists."),
    // Generates a user-delegation key (for SAS tokens); it grants no blob data access by itself.
    role("Storage Blob Delegator", "db58b8e5-c6ad-4a2a-8342-4190687cbf4a", "Blob storage", Control, LRead, NONE,
        "Get a user-delegation key to sign SAS tokens; no data access by itself."),
    // ---- Queue storage [DOC table]
    role("Storage Queue Data Reader", "19e7f393-937e-4f77-808e-94535e297925", "Queue storage", Data, LRead, R,
        "Read and peek queue messages."),
    role("Storage Queue Data Message Sender", "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a", "Queue storage", Data, LWrite, &[Send],
        "Add messages to a queue."),
    role("Storage Queue Data Message Processor", "8a0f0c08-91a1-4084-bc3d-661d67233fed", "Queue storage", Data, LWrite, &[Receive],
        "Peek, receive and delete queue messages."),
    role("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Queue storage", Data, LWrite, &[Read, Write, Send, Receive],
        "Read, write and delete queues and messages."),
    // ---- Table storage [DOC table]
    role("Storage Table Data Reader", "76199698-9eea-4c19-bc75-cec21354c6b6", "Table storage", Data, LRead, R,
        "Read table entities."),
    role("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Table storage", Data, LWrite, RW,
        "Read, write and delete table entities."),
    // ---- Storage roles that expose account keys [DOC, "Key-exposing roles"]
    key_exposing(role("Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab", "Storage account", Control, Admin, NONE,
        "Manage storage accounts, including reading the account keys.")),
    key_exposing(role("Storage Account Key Operator Service Role", "81a9662b-bebf-436f-a333-f67b29880f12", "Storage account", Control, Admin, NONE,
        "List and regenerate storage account keys.")),
    key_exposing(role("Reader and Data Access", "c12c1c16-33a1-487b-954d-41c89c60f349", "Storage account", Control, LRead, NONE,
        "See everything and read the storage account keys.")),
    // ---- Key Vault (RBAC permission model only) [DOC table]
    role("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault", Data, LRead, R,
        "Read secret values."),
    role("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Key Vault", Data, LWrite, RW,
        "Read, create, change and delete secrets."),
    role("Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault", Data, LRead, R,
        "Use keys for cryptographic operations (sign, encrypt, wrap)."),
    // Wrap/unwrap only: enough for envelope encryption, which is what "use a key" means for most apps.
    role("Key Vault Crypto Service Encryption User", "e147488a-f6f5-4113-8e2d-b22465e65bf6", "Key Vault", Data, LRead, R,
        "Wrap and unwrap with a key and read its metadata."),
    role("Key Vault Crypto Officer", "14b46e9e-c2b7-41b4-b07b-48a6ebf60603", "Key Vault", Data, LWrite, RW,
        "Use, create, change and delete keys."),
    role("Key Vault Certificate User", "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", "Key Vault", Data, LRead, R,
        "Read certificate contents."),
    role("Key Vault Certificates Officer", "a4417e6f-fecd-4de8-b567-7b0420556985", "Key Vault", Data, LWrite, RW,
        "Read, create, change and delete certificates."),
    // Metadata only: it can list secrets but never read a value, hence covers nothing.
    role("Key Vault Reader", "21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault", Data, LRead, NONE,
        "See vault and object metadata; no secret, key or certificate contents."),
    role("Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault", Data, Admin, RW,
        "Everything on the vault's data plane."),
    // It can hand out Key Vault data roles (a restricted role-assignment writer), so it is treated like
    // the other roles that assign access; it reads no data itself. [DOC list; "privileged": own reading]
    privileged(role("Key Vault Data Access Administrator", "8b54135c-b56d-4d72-a534-26097cfdc8d8", "Key Vault", Control, Admin, NONE,
        "Grant and remove Key Vault data roles."), true),
    // In the access-policy model it can give itself data access [DOC, azure-facts.md section 4].
    key_exposing(role("Key Vault Contributor", "f25e0fa2-a7c8-4377-a976-54943a77a395", "Key Vault", Control, Admin, NONE,
        "Manage vaults; in the access-policy model it can grant itself data access.")),
    // ---- Container Registry [DOC table]
    role("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d", "Container Registry", Data, LRead, R,
        "Pull images."),
    role("AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec", "Container Registry", Data, LWrite, RW,
        "Pull and push images."),
    role("AcrDelete", "c2f4ef07-c644-48eb-af81-4b1b4947fb11", "Container Registry", Data, LWrite, NONE,
        "Delete images; no pull or push."),
    // ABAC-mode repository roles (honoured where AcrPull/AcrPush are not) [DOC].
    role("Container Registry Repository Reader", "b93aa761-3e63-49ed-ac28-beffa264f7ac", "Container Registry", Data, LRead, R,
        "Pull images (registries in ABAC repository mode)."),
    role("Container Registry Repository Writer", "2a1e307c-b015-4ebd-883e-5b7698a07328", "Container Registry", Data, LWrite, RW,
        "Pull and push images (registries in ABAC repository mode)."),
    role("Container Registry Repository Contributor", "2efddaa5-3f1f-4df3-97df-af3f13818f4c", "Container Registry", Data, Admin, RW,
        "Pull, push and delete images (registries in ABAC repository mode)."),
    role("Container Registry Repository Catalog Lister", "bfdb9389-c9a5-478a-bb2f-ba9ca092c3c7", "Container Registry", Data, LRead, NONE,
        "List repositories; no pull."),
    key_exposing(role("Container Registry Tasks Contributor", "fb382eab-e894-4461-af04-94435c366c3f", "Container Registry", Control, Admin, NONE,
        "Manage registry tasks, which can reach the whole registry data plane.")),
    key_exposing(role("Container Registry Contributor and Data Access Configuration Administrator", "3bc748fc-213d-45c1-8d91-9da5725539b9", "Container Registry", Control, Admin, NONE,
        "Manage registries and their data-access settings (admin user, tokens).")),
    // ---- Service Bus [DOC table]
    role("Azure Service Bus Data Receiver", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", "Service Bus", Data, LRead, &[Receive],
        "Receive messages."),
    role("Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Service Bus", Data, LWrite, &[Send],
        "Send messages."),
    role("Azure Service Bus Data Owner", "090c5cfd-751d-490a-894a-3ce6f1109419", "Service Bus", Data, Admin, &[Send, Receive],
        "Send, receive and manage entities."),
    // ---- Event Hubs [DOC table]
    role("Azure Event Hubs Data Receiver", "a638d3c7-ab3a-418d-83e6-5f17a39d4fde", "Event Hubs", Data, LRead, &[Receive],
        "Receive events."),
    role("Azure Event Hubs Data Sender", "2b629674-e913-4c01-ae53-ef4638d8f975", "Event Hubs", Data, LWrite, &[Send],
        "Send events."),
    role("Azure Event Hubs Data Owner", "f526a384-b230-433a-b45c-95f59c4a2dec", "Event Hubs", Data, Admin, &[Send, Receive],
        "Send, receive and manage event hubs."),
    // Schema registry only: no event send or receive, so no Event Hubs target accepts them.
    role("Schema Registry Reader", "2c56ea50-c6b3-40a6-83c0-9d98858bc7d2", "Event Hubs", Data, LRead, NONE,
        "Read schema registry groups and schemas."),
    role("Schema Registry Contributor", "5dffeca3-4936-4216-b2bc-10343a5abb25", "Event Hubs", Data, LWrite, NONE,
        "Read and write schema registry groups and schemas."),
    // ---- App Configuration [DOC table]
    role("App Configuration Data Reader", "516239f1-63e1-4d78-a4de-a74fb236a071", "App Configuration", Data, LRead, R,
        "Read key-values."),
    role("App Configuration Data Owner", "5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b", "App Configuration", Data, Admin, RW,
        "Read, write and delete key-values."),
    role("App Configuration Reader", "175b81b9-6e0d-490a-85e4-0d422273c10c", "App Configuration", Control, LRead, NONE,
        "See stores and their settings; no key-values."),
    role("App Configuration Contributor", "fe86443c-f201-4fc4-9d2a-ac61149fbda0", "App Configuration", Control, LWrite, NONE,
        "Manage stores; no key-values."),
    // ---- Cosmos DB: SQL (NoSQL) data-plane built-ins, assigned with `az cosmosdb sql role assignment
    // create`; their IDs are the same in every account [DOC].
    role("Cosmos DB Built-in Data Reader", "00000000-0000-0000-0000-000000000001", "Cosmos DB", Data, LRead, R,
        "Read items and run queries."),
    role("Cosmos DB Built-in Data Contributor", "00000000-0000-0000-0000-000000000002", "Cosmos DB", Data, LWrite, RW,
        "Read, create, change and delete items."),
    // Azure RBAC Cosmos roles are control plane only [DOC].
    role("Cosmos DB Operator", "230815da-be43-4aae-9cb4-875f7bd000aa", "Cosmos DB", Control, LWrite, NONE,
        "Manage Cosmos DB accounts; no data."),
    role("DocumentDB Account Contributor", "5bd9cd88-fe45-4216-938b-f97437e15450", "Cosmos DB", Control, Admin, NONE,
        "Manage Cosmos DB accounts; no data through Entra ID."),
    role("Cosmos DB Account Reader Role", "fbdf93bf-df7d-467e-a4d2-9458aa1360c8", "Cosmos DB", Control, LRead, NONE,
        "See Cosmos DB account settings."),
    // ---- Azure SQL: Azure RBAC roles manage servers but never reach data [DOC].
    role("SQL DB Contributor", "9b7fa17d-e63e-47b0-bb0a-15c516ac86ec", "Azure SQL", Control, LWrite, NONE,
        "Manage databases; no data access."),
    role("SQL Server Contributor", "6d8ee4ec-f05a-4a1d-8b00-a9b17e38b437", "Azure SQL", Control, LWrite, NONE,
        "Manage servers and databases; no data access."),
    role("SQL Security Manager", "056cd41c-7e88-42e1-933e-88ba6a50c9c3", "Azure SQL", Control, Admin, NONE,
        "Manage SQL security settings; no data access."),
    role("SQL Managed Instance Contributor", "4939a1f6-9ae0-4e48-a1e0-f2cbe897382d", "Azure SQL", Control, LWrite, NONE,
        "Manage managed instances; no data access."),
    // Fixed database roles, granted with T-SQL inside the database. No GUID: not Azure roles.
    role("db_datareader", "", "Azure SQL database role", Data, LRead, R,
        "Read all tables (T-SQL: ALTER ROLE db_datareader ADD MEMBER)."),
    // Write also needs reading; the T-SQL guidance adds db_datareader alongside (see targets.rs).
    role("db_datawriter", "", "Azure SQL database role", Data, LWrite, RW,
        "Insert, change and delete rows (granted together with db_datareader)."),
    role("db_owner", "", "Azure SQL database role", Data, Admin, RW,
        "Everything in the database, including its permissions."),
    // ---- AKS: admin and normal-use roles [DOC]. None of them is for a workload's own identity.
    role("Azure Kubernetes Service Cluster Admin Role", "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8", "Kubernetes", Control, Admin, NONE,
        "Download the cluster-admin kubeconfig (local accounts)."),
    role("Azure Kubernetes Service RBAC Cluster Admin", "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b", "Kubernetes", Control, Admin, NONE,
        "Everything in the cluster (Azure RBAC for Kubernetes)."),
    role("Azure Kubernetes Service Contributor Role", "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8", "Kubernetes", Control, Admin, NONE,
        "Create and change AKS clusters."),
    role("Azure Kubernetes Service Cluster User Role", "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", "Kubernetes", Control, LRead, NONE,
        "Download the user kubeconfig."),
    role("Azure Kubernetes Service RBAC Reader", "7f6c6a51-bcf8-42ba-9220-52d62157d7db", "Kubernetes", Control, LRead, NONE,
        "Read most objects in a namespace (Azure RBAC for Kubernetes)."),
    role("Azure Kubernetes Service RBAC Writer", "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb", "Kubernetes", Control, LWrite, NONE,
        "Read and write most objects in a namespace (Azure RBAC for Kubernetes)."),
    role("Azure Kubernetes Service RBAC Admin", "3498e952-d568-435e-9b2c-8d77e338d7f7", "Kubernetes", Control, Admin, NONE,
        "Manage everything in a namespace, including roles (Azure RBAC for Kubernetes)."),
    // ---- Managed identities. Flagged because they control identities and their federated credentials,
    // i.e. who can act as an identity [UNVERIFIED inference, azure-facts.md section 4].
    privileged(role("Managed Identity Contributor", "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59", "Managed identity", Control, Admin, NONE,
        "Create, change and delete user-assigned identities and their federated credentials."), false),
    privileged(role("Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830", "Managed identity", Control, LWrite, NONE,
        "Assign user-assigned identities to resources."), false),
];
