//! Plain-words names of the answer enums for the UI. A select's option values are the enums' names
//! in answers.yaml (`yaml_name`), so a choice is written back through its field path.

use crate::answers::{AccessNeed, Cloud, ClusterMode, PipelineTrigger, ScopeLevel, Tier, WorkloadKind};

pub fn cloud_label(c: Cloud) -> &'static str {
    match c {
        Cloud::AzureCloud => "Azure (public cloud)",
        Cloud::AzureUSGovernment => "Azure US Government",
        Cloud::AzureChinaCloud => "Azure operated by 21Vianet (China)",
    }
}

pub fn tier_label(t: Tier) -> &'static str {
    match t {
        Tier::Free => "Free: for learning and small tests, no uptime SLA",
        Tier::Standard => "Standard: production, with an uptime SLA",
        Tier::Premium => "Premium: Standard plus long-term support",
    }
}

pub fn kind_label(k: WorkloadKind) -> &'static str {
    match k {
        WorkloadKind::Deployment => "Deployment (restarted if it stops; the usual choice)",
        WorkloadKind::Pod => "Single Pod (good for a quick test)",
    }
}

pub fn scope_label(s: ScopeLevel) -> &'static str {
    match s {
        ScopeLevel::Resource => "Only this resource (recommended)",
        ScopeLevel::ResourceGroup => "Everything in its resource group",
        ScopeLevel::Subscription => "Everything in the subscription",
    }
}

pub fn mode_label(m: ClusterMode) -> &'static str {
    match m {
        ClusterMode::New => "Create a new cluster",
        ClusterMode::Existing => "Use a cluster I already have",
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


pub fn trigger_label(t: PipelineTrigger) -> &'static str {
    match t {
        PipelineTrigger::Branch => "A push to a branch",
        PipelineTrigger::Tag => "A pushed tag",
        PipelineTrigger::PullRequest => "A pull request (must not deploy)",
    }
}
