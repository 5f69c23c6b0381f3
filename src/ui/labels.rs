//! Plain-words names of the answer enums for the UI, and the value strings their selects use.

use crate::answers::{AccessNeed, Cloud, ClusterMode, ScopeLevel, TargetKind, Tier, WorkloadKind};

pub const CLOUDS: [Cloud; 3] = [Cloud::AzureCloud, Cloud::AzureUSGovernment, Cloud::AzureChinaCloud];
pub const TIERS: [Tier; 3] = [Tier::Free, Tier::Standard, Tier::Premium];
pub const KINDS: [WorkloadKind; 2] = [WorkloadKind::Deployment, WorkloadKind::Pod];
pub const SCOPES: [ScopeLevel; 3] = [ScopeLevel::Resource, ScopeLevel::ResourceGroup, ScopeLevel::Subscription];
pub const MODES: [ClusterMode; 2] = [ClusterMode::New, ClusterMode::Existing];

pub fn cloud_value(c: Cloud) -> &'static str {
    match c {
        Cloud::AzureCloud => "AzureCloud",
        Cloud::AzureUSGovernment => "AzureUSGovernment",
        Cloud::AzureChinaCloud => "AzureChinaCloud",
    }
}

pub fn cloud_label(c: Cloud) -> &'static str {
    match c {
        Cloud::AzureCloud => "Azure (public cloud)",
        Cloud::AzureUSGovernment => "Azure US Government",
        Cloud::AzureChinaCloud => "Azure operated by 21Vianet (China)",
    }
}

pub fn tier_value(t: Tier) -> &'static str {
    match t {
        Tier::Free => "free",
        Tier::Standard => "standard",
        Tier::Premium => "premium",
    }
}

pub fn tier_label(t: Tier) -> &'static str {
    match t {
        Tier::Free => "Free: for learning and small tests, no uptime SLA",
        Tier::Standard => "Standard: production, with an uptime SLA",
        Tier::Premium => "Premium: Standard plus long-term support",
    }
}

pub fn kind_value(k: WorkloadKind) -> &'static str {
    match k {
        WorkloadKind::Deployment => "deployment",
        WorkloadKind::Pod => "pod",
    }
}

pub fn kind_label(k: WorkloadKind) -> &'static str {
    match k {
        WorkloadKind::Deployment => "Deployment (restarted if it stops; the usual choice)",
        WorkloadKind::Pod => "Single Pod (good for a quick test)",
    }
}

pub fn scope_value(s: ScopeLevel) -> &'static str {
    match s {
        ScopeLevel::Resource => "resource",
        ScopeLevel::ResourceGroup => "resource_group",
        ScopeLevel::Subscription => "subscription",
    }
}

pub fn scope_label(s: ScopeLevel) -> &'static str {
    match s {
        ScopeLevel::Resource => "Only this resource (recommended)",
        ScopeLevel::ResourceGroup => "Everything in its resource group",
        ScopeLevel::Subscription => "Everything in the subscription",
    }
}

pub fn mode_value(m: ClusterMode) -> &'static str {
    match m {
        ClusterMode::New => "new",
        ClusterMode::Existing => "existing",
    }
}

pub fn mode_label(m: ClusterMode) -> &'static str {
    match m {
        ClusterMode::New => "Create a new cluster",
        ClusterMode::Existing => "Use a cluster I already have",
    }
}

pub fn need_value(n: AccessNeed) -> &'static str {
    match n {
        AccessNeed::Read => "read",
        AccessNeed::Write => "write",
        AccessNeed::Send => "send",
        AccessNeed::Receive => "receive",
    }
}

pub fn need_label(n: AccessNeed) -> &'static str {
    match n {
        AccessNeed::Read => "Read",
        AccessNeed::Write => "Read and write",
        AccessNeed::Send => "Send",
        AccessNeed::Receive => "Receive",
    }
}

pub fn target_value(t: TargetKind) -> &'static str {
    match t {
        TargetKind::StorageBlob => "storage_blob",
        TargetKind::StorageQueue => "storage_queue",
        TargetKind::StorageTable => "storage_table",
        TargetKind::KeyVaultSecrets => "key_vault_secrets",
        TargetKind::KeyVaultKeys => "key_vault_keys",
        TargetKind::KeyVaultCertificates => "key_vault_certificates",
        TargetKind::ContainerRegistry => "container_registry",
        TargetKind::ServiceBus => "service_bus",
        TargetKind::EventHubs => "event_hubs",
        TargetKind::AppConfiguration => "app_configuration",
        TargetKind::CosmosDb => "cosmos_db",
        TargetKind::AzureSql => "azure_sql",
    }
}
