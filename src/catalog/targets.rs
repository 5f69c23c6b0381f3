//! Target resource kinds: which roles work on each, the least-privileged role per need, and how the
//! role assignment's scope is spelled.
//!
//! Scope formats: azure-facts.md section 4 "Scope formats" [DOC]. Suffixes it marks [UNVERIFIED]:
//! Key Vault object paths, Service Bus `/queues|/topics`, Event Hubs `/eventhubs`, App Configuration.

use super::names::NameRule;
use super::{AssignmentMethod, TargetInfo};
use crate::answers::{AccessGrant, AccessNeed::*, Answers, Cloud, ScopeLevel, TargetKind};

const R_W: &[crate::answers::AccessNeed] = &[Read, Write];
const SEND_RECEIVE: &[crate::answers::AccessNeed] = &[Send, Receive];

pub(super) static TARGETS: [TargetInfo; 12] = [
    TargetInfo {
        kind: TargetKind::StorageBlob,
        label: "Blob storage",
        resource_label: "Storage account",
        sub_resource_label: Some("Container"),
        method: AssignmentMethod::AzureRbac,
        needs: R_W,
        roles: &["Storage Blob Data Reader", "Storage Blob Data Contributor", "Storage Blob Data Owner"],
        recommended: &[(Read, "Storage Blob Data Reader"), (Write, "Storage Blob Data Contributor")],
        also_works: &[],
        provider: "Microsoft.Storage/storageAccounts",
        resource_rule: NameRule::StorageAccount,
        sub_resource_required: false,
        note: "Leave the container empty to cover every container in the account.",
    },
    TargetInfo {
        kind: TargetKind::StorageQueue,
        label: "Queue storage",
        resource_label: "Storage account",
        sub_resource_label: Some("Queue"),
        method: AssignmentMethod::AzureRbac,
        needs: &[Read, Send, Receive, Write],
        roles: &[
            "Storage Queue Data Reader",
            "Storage Queue Data Message Sender",
            "Storage Queue Data Message Processor",
            "Storage Queue Data Contributor",
        ],
        recommended: &[
            (Read, "Storage Queue Data Reader"),
            (Send, "Storage Queue Data Message Sender"),
            (Receive, "Storage Queue Data Message Processor"),
            (Write, "Storage Queue Data Contributor"),
        ],
        also_works: &[],
        provider: "Microsoft.Storage/storageAccounts",
        resource_rule: NameRule::StorageAccount,
        sub_resource_required: false,
        note: "",
    },
    TargetInfo {
        kind: TargetKind::StorageTable,
        label: "Table storage",
        resource_label: "Storage account",
        sub_resource_label: Some("Table"),
        method: AssignmentMethod::AzureRbac,
        needs: R_W,
        roles: &["Storage Table Data Reader", "Storage Table Data Contributor"],
        recommended: &[(Read, "Storage Table Data Reader"), (Write, "Storage Table Data Contributor")],
        also_works: &[],
        provider: "Microsoft.Storage/storageAccounts",
        resource_rule: NameRule::StorageAccount,
        sub_resource_required: false,
        note: "",
    },
    TargetInfo {
        kind: TargetKind::KeyVaultSecrets,
        label: "Key Vault secrets",
        resource_label: "Key vault",
        sub_resource_label: Some("Secret"),
        method: AssignmentMethod::AzureRbac,
        needs: R_W,
        roles: &["Key Vault Secrets User", "Key Vault Secrets Officer", "Key Vault Administrator", "Key Vault Reader"],
        recommended: &[(Read, "Key Vault Secrets User"), (Write, "Key Vault Secrets Officer")],
        also_works: &[],
        provider: "Microsoft.KeyVault/vaults",
        resource_rule: NameRule::KeyVault,
        sub_resource_required: false,
        note: "The vault must use the Azure RBAC permission model; Key Vault roles do nothing in the access-policy model.",
    },
    TargetInfo {
        kind: TargetKind::KeyVaultKeys,
        label: "Key Vault keys",
        resource_label: "Key vault",
        sub_resource_label: Some("Key"),
        method: AssignmentMethod::AzureRbac,
        needs: R_W,
        roles: &[
            "Key Vault Crypto User",
            "Key Vault Crypto Service Encryption User",
            "Key Vault Crypto Officer",
            "Key Vault Administrator",
            "Key Vault Reader",
        ],
        recommended: &[(Read, "Key Vault Crypto User"), (Write, "Key Vault Crypto Officer")],
        also_works: &[],
        provider: "Microsoft.KeyVault/vaults",
        resource_rule: NameRule::KeyVault,
        sub_resource_required: false,
        note: "The vault must use the Azure RBAC permission model. \"Read\" here means using a key (sign, encrypt, wrap).",
    },
    TargetInfo {
        kind: TargetKind::KeyVaultCertificates,
        label: "Key Vault certificates",
        resource_label: "Key vault",
        sub_resource_label: Some("Certificate"),
        method: AssignmentMethod::AzureRbac,
        needs: R_W,
        roles: &["Key Vault Certificate User", "Key Vault Certificates Officer", "Key Vault Administrator", "Key Vault Reader"],
        recommended: &[(Read, "Key Vault Certificate User"), (Write, "Key Vault Certificates Officer")],
        also_works: &[],
        provider: "Microsoft.KeyVault/vaults",
        resource_rule: NameRule::KeyVault,
        sub_resource_required: false,
        note: "The vault must use the Azure RBAC permission model.",
    },
    TargetInfo {
        kind: TargetKind::ContainerRegistry,
        label: "Container registry",
        resource_label: "Registry",
        sub_resource_label: None,
        method: AssignmentMethod::AzureRbac,
        needs: R_W,
        roles: &[
            "AcrPull",
            "AcrPush",
            "AcrDelete",
            "Container Registry Repository Reader",
            "Container Registry Repository Writer",
            "Container Registry Repository Contributor",
            "Container Registry Repository Catalog Lister",
        ],
        recommended: &[(Read, "AcrPull"), (Write, "AcrPush")],
        // Outside ABAC mode the general roles reach the registry data plane too; azure-facts.md notes
        // that in ABAC mode "Owner, Contributor and Reader then grant control plane only" [DOC].
        also_works: &[("Owner", R_W), ("Contributor", R_W), ("Reader", &[Read])],
        provider: "Microsoft.ContainerRegistry/registries",
        resource_rule: NameRule::ContainerRegistry,
        sub_resource_required: false,
        note: "Registries in ABAC repository mode ignore AcrPull/AcrPush; use the Container Registry Repository roles there.",
    },
    TargetInfo {
        kind: TargetKind::ServiceBus,
        label: "Service Bus",
        resource_label: "Service Bus namespace",
        sub_resource_label: Some("Queue, or topics/<topic>"),
        method: AssignmentMethod::AzureRbac,
        needs: SEND_RECEIVE,
        roles: &["Azure Service Bus Data Sender", "Azure Service Bus Data Receiver", "Azure Service Bus Data Owner"],
        recommended: &[(Send, "Azure Service Bus Data Sender"), (Receive, "Azure Service Bus Data Receiver")],
        also_works: &[],
        provider: "Microsoft.ServiceBus/namespaces",
        resource_rule: NameRule::ServiceBusNamespace,
        sub_resource_required: false,
        note: "Write a queue name, or topics/<name> for a topic. Empty covers the whole namespace.",
    },
    TargetInfo {
        kind: TargetKind::EventHubs,
        label: "Event Hubs",
        resource_label: "Event Hubs namespace",
        sub_resource_label: Some("Event hub"),
        method: AssignmentMethod::AzureRbac,
        needs: SEND_RECEIVE,
        roles: &["Azure Event Hubs Data Sender", "Azure Event Hubs Data Receiver", "Azure Event Hubs Data Owner"],
        recommended: &[(Send, "Azure Event Hubs Data Sender"), (Receive, "Azure Event Hubs Data Receiver")],
        also_works: &[],
        provider: "Microsoft.EventHub/namespaces",
        resource_rule: NameRule::EventHubsNamespace,
        sub_resource_required: false,
        note: "",
    },
    TargetInfo {
        kind: TargetKind::AppConfiguration,
        label: "App Configuration",
        resource_label: "Configuration store",
        sub_resource_label: None,
        method: AssignmentMethod::AzureRbac,
        needs: R_W,
        roles: &["App Configuration Data Reader", "App Configuration Data Owner"],
        recommended: &[(Read, "App Configuration Data Reader"), (Write, "App Configuration Data Owner")],
        also_works: &[],
        provider: "Microsoft.AppConfiguration/configurationStores",
        resource_rule: NameRule::AppConfigStore,
        sub_resource_required: false,
        note: "App Configuration Reader and Contributor manage the store but cannot read key-values.",
    },
    TargetInfo {
        kind: TargetKind::CosmosDb,
        label: "Cosmos DB (NoSQL)",
        resource_label: "Cosmos DB account",
        sub_resource_label: Some("Database, or <database>/<container>"),
        method: AssignmentMethod::CosmosSql,
        needs: R_W,
        roles: &["Cosmos DB Built-in Data Reader", "Cosmos DB Built-in Data Contributor"],
        recommended: &[(Read, "Cosmos DB Built-in Data Reader"), (Write, "Cosmos DB Built-in Data Contributor")],
        also_works: &[],
        provider: "Microsoft.DocumentDB/databaseAccounts",
        resource_rule: NameRule::CosmosAccount,
        sub_resource_required: false,
        note: "Cosmos DB data access uses its own SQL role assignments (az cosmosdb sql role assignment create), not Azure RBAC.",
    },
    TargetInfo {
        kind: TargetKind::AzureSql,
        label: "Azure SQL Database",
        resource_label: "SQL server",
        sub_resource_label: Some("Database"),
        method: AssignmentMethod::SqlTsql,
        needs: R_W,
        roles: &["db_datareader", "db_datawriter", "db_owner"],
        // Write is granted as db_datawriter together with db_datareader: db_datawriter alone cannot read.
        recommended: &[(Read, "db_datareader"), (Write, "db_datawriter")],
        also_works: &[],
        provider: "Microsoft.Sql/servers",
        resource_rule: NameRule::SqlServer,
        sub_resource_required: true,
        note: "Azure SQL has no Azure data role: an Entra admin of the server runs CREATE USER [<identity>] FROM EXTERNAL PROVIDER and ALTER ROLE in the database.",
    },
];

/// The names inside a grant's sub-resource, each with the rule it must follow. An error (plain words)
/// when the shape itself is wrong, e.g. three parts for Cosmos DB.
pub fn sub_resource_parts(kind: TargetKind, sub: &str) -> Result<Vec<(NameRule, &str)>, &'static str> {
    if sub.is_empty() {
        return Ok(Vec::new());
    }
    let one = |rule| Ok(vec![(rule, sub)]);
    match kind {
        TargetKind::StorageBlob => one(NameRule::BlobContainer),
        TargetKind::StorageQueue => one(NameRule::StorageQueue),
        TargetKind::StorageTable => one(NameRule::StorageTable),
        TargetKind::KeyVaultSecrets | TargetKind::KeyVaultKeys | TargetKind::KeyVaultCertificates => {
            one(NameRule::KeyVaultObject)
        }
        TargetKind::ServiceBus => {
            let (_, name) = service_bus_entity(sub);
            Ok(vec![(NameRule::ServiceBusEntity, name)])
        }
        TargetKind::EventHubs => one(NameRule::EventHub),
        TargetKind::CosmosDb => match sub.split_once('/') {
            None => Ok(vec![(NameRule::CosmosName, sub)]),
            Some((db, coll)) if !coll.contains('/') => Ok(vec![(NameRule::CosmosName, db), (NameRule::CosmosName, coll)]),
            Some(_) => Err("write a database name, or <database>/<container>"),
        },
        TargetKind::AzureSql => one(NameRule::SqlDatabase),
        TargetKind::ContainerRegistry | TargetKind::AppConfiguration => {
            Err("this kind has no narrower part; leave it empty")
        }
    }
}

/// Service Bus sub-resource: `topics/<t>` is a topic, `queues/<q>` or a bare name is a queue.
fn service_bus_entity(sub: &str) -> (&'static str, &str) {
    if let Some(t) = sub.strip_prefix("topics/") {
        ("topics", t)
    } else {
        ("queues", sub.strip_prefix("queues/").unwrap_or(sub))
    }
}

/// The resource group a grant's target lives in: its own, or the cluster's when empty.
pub fn grant_resource_group<'a>(answers: &'a Answers, grant: &'a AccessGrant) -> &'a str {
    if grant.resource_group.is_empty() {
        &answers.cluster.resource_group
    } else {
        &grant.resource_group
    }
}

/// The ARM ID of the grant's named resource (no sub-resource).
pub fn resource_id(answers: &Answers, grant: &AccessGrant) -> String {
    let t = super::target(grant.target);
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/{}/{}",
        answers.tenant.subscription_id,
        grant_resource_group(answers, grant),
        t.provider,
        grant.resource_name
    )
}

/// The `--scope` value of a grant.
///
/// - Azure RBAC kinds: the ARM ID, narrowed to the sub-resource when one is given, or widened to the
///   resource group or subscription when `grant.scope` says so.
/// - Cosmos DB: the data-plane path the `az cosmosdb sql role assignment create --scope` takes, relative
///   to the account named by `-a`/`-g`: `/`, `/dbs/<db>` or `/dbs/<db>/colls/<container>`. Cosmos
///   scopes never leave the account, so a wider `scope` level yields `/` (the validator reports it).
/// - Azure SQL: no role assignment happens; the ARM ID of the server, or of the database when given, for
///   the README's T-SQL guidance.
pub fn scope(answers: &Answers, grant: &AccessGrant) -> String {
    let sub = grant.sub_resource.as_str();
    match grant.target {
        TargetKind::CosmosDb => {
            if grant.scope != ScopeLevel::Resource || sub.is_empty() {
                return "/".to_string();
            }
            match sub.split_once('/') {
                Some((db, coll)) => format!("/dbs/{db}/colls/{coll}"),
                None => format!("/dbs/{sub}"),
            }
        }
        TargetKind::AzureSql => {
            let server = resource_id(answers, grant);
            if sub.is_empty() {
                server
            } else {
                format!("{server}/databases/{sub}")
            }
        }
        _ => match grant.scope {
            ScopeLevel::Subscription => format!("/subscriptions/{}", answers.tenant.subscription_id),
            ScopeLevel::ResourceGroup => format!(
                "/subscriptions/{}/resourceGroups/{}",
                answers.tenant.subscription_id,
                grant_resource_group(answers, grant)
            ),
            ScopeLevel::Resource => {
                let id = resource_id(answers, grant);
                match sub_resource_suffix(grant.target, sub) {
                    Some(suffix) => format!("{id}/{suffix}"),
                    None => id,
                }
            }
        },
    }
}

/// The Entra ID resource (audience) of a grant's data plane, to ask a token for. Storage, Key Vault,
/// Service Bus, Event Hubs, Cosmos DB and Azure SQL: the per-cloud resource IDs in the Azure docs'
/// "services that support Microsoft Entra authentication" tables (azure-docs, managed identities
/// overview) [DOC]. The registry: the one audience azure-cli 2.91.0 asks for in every cloud
/// (`acr/_docker_utils.py`) [CLI]. App Configuration: the store's own endpoint, as azure-cli does [CLI].
pub fn data_audience(answers: &Answers, grant: &AccessGrant) -> String {
    let cloud = answers.tenant.cloud;
    let by_cloud = |public: &str, us: &str, china: &str| {
        match cloud {
            Cloud::AzureCloud => public,
            Cloud::AzureUSGovernment => us,
            Cloud::AzureChinaCloud => china,
        }
        .to_string()
    };
    match grant.target {
        TargetKind::StorageBlob | TargetKind::StorageQueue | TargetKind::StorageTable => "https://storage.azure.com".into(),
        TargetKind::KeyVaultSecrets | TargetKind::KeyVaultKeys | TargetKind::KeyVaultCertificates => {
            by_cloud("https://vault.azure.net", "https://vault.usgovcloudapi.net", "https://vault.azure.cn")
        }
        TargetKind::ContainerRegistry => "https://containerregistry.azure.net".into(),
        TargetKind::ServiceBus => "https://servicebus.azure.net".into(),
        TargetKind::EventHubs => "https://eventhubs.azure.net".into(),
        TargetKind::AppConfiguration => app_configuration_endpoint(cloud, &grant.resource_name),
        TargetKind::CosmosDb => by_cloud("https://cosmos.azure.com", "https://cosmos.azure.us", "https://cosmos.azure.cn"),
        TargetKind::AzureSql => by_cloud(
            "https://database.windows.net",
            "https://database.usgovcloudapi.net",
            "https://database.chinacloudapi.cn",
        ),
    }
}

/// An App Configuration store's data-plane endpoint. `.azconfig.io` is azure-cli's own example [CLI];
/// the sovereign suffixes are the ones the Azure App Configuration Python provider maps to those
/// clouds [CODE, azure-appconfiguration-provider], not confirmed in a doc [UNVERIFIED].
pub fn app_configuration_endpoint(cloud: Cloud, store: &str) -> String {
    let suffix = match cloud {
        Cloud::AzureCloud => "azconfig.io",
        Cloud::AzureUSGovernment => "azconfig.azure.us",
        Cloud::AzureChinaCloud => "azconfig.azure.cn",
    };
    format!("https://{store}.{suffix}")
}

/// The path below the resource's ARM ID for a sub-resource, if the kind has one and it is set.
fn sub_resource_suffix(kind: TargetKind, sub: &str) -> Option<String> {
    if sub.is_empty() {
        return None;
    }
    Some(match kind {
        TargetKind::StorageBlob => format!("blobServices/default/containers/{sub}"),
        TargetKind::StorageQueue => format!("queueServices/default/queues/{sub}"),
        TargetKind::StorageTable => format!("tableServices/default/tables/{sub}"),
        TargetKind::KeyVaultSecrets => format!("secrets/{sub}"),
        TargetKind::KeyVaultKeys => format!("keys/{sub}"),
        TargetKind::KeyVaultCertificates => format!("certificates/{sub}"),
        TargetKind::ServiceBus => {
            let (coll, name) = service_bus_entity(sub);
            format!("{coll}/{name}")
        }
        TargetKind::EventHubs => format!("eventhubs/{sub}"),
        // ACR repository scoping is an ABAC condition, not a path; App Configuration has no sub-resource.
        TargetKind::ContainerRegistry | TargetKind::AppConfiguration | TargetKind::CosmosDb | TargetKind::AzureSql => {
            return None
        }
    })
}
