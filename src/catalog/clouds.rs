//! Clouds and their regions.

use crate::answers::Cloud;

/// Public-cloud region short names: azure-facts.md section 5, which merges azure-cli 2.91.0
/// `acs/addonconfiguration.py` [CLI], the AKS Automatic region list [DOC] and `AzureLocation.cs` [CODE],
/// plus `malaysiasouth` (named in the Entra federated-credential doc). Not guaranteed complete:
/// `az account list-locations` is the authority, so an unknown name is a warning, not an error.
static PUBLIC: &[&str] = &[
    "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast",
    "belgiumcentral", "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast", "centralindia",
    "centralus", "chilecentral", "denmarkeast", "eastasia", "eastus", "eastus2", "francecentral",
    "francesouth", "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral",
    "italynorth", "japaneast", "japanwest", "jioindiacentral", "jioindiawest", "koreacentral",
    "koreasouth", "malaysiasouth", "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus",
    "northeurope", "norwayeast", "norwaywest", "polandcentral", "qatarcentral", "southafricanorth",
    "southafricawest", "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral",
    "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest", "westcentralus",
    "westeurope", "westindia", "westus", "westus2", "westus3",
];

/// azure-facts.md section 5 "Sovereign regions" [DOC].
static US_GOVERNMENT: &[&str] = &["usgovarizona", "usgovtexas", "usgovvirginia"];

/// azure-facts.md names them as chinanorth*/chinaeast*; the numbered suffixes are [UNVERIFIED].
static CHINA: &[&str] = &["chinaeast", "chinaeast2", "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3"];

/// Regions where federated identity credentials cannot be created on user-assigned identities
/// (entra-docs, ms.date 02/28/2024; may have changed since) [DOC].
pub static NO_FEDERATED_CREDENTIALS: &[&str] = &["malaysiasouth", "newzealandnorth"];

/// Known region short names of a cloud, sorted.
pub fn regions(cloud: Cloud) -> &'static [&'static str] {
    match cloud {
        Cloud::AzureCloud => PUBLIC,
        Cloud::AzureUSGovernment => US_GOVERNMENT,
        Cloud::AzureChinaCloud => CHINA,
    }
}

/// The cloud a known region belongs to.
pub fn cloud_of_region(region: &str) -> Option<Cloud> {
    Cloud::ALL.into_iter().find(|c| regions(*c).contains(&region))
}

/// Entra ID authority host per cloud, as the webhook injects it in `AZURE_AUTHORITY_HOST` (the public
/// value is in azure-facts.md section 3 [CODE]; the sovereign ones are the Azure Identity SDKs'
/// `AzureAuthorityHosts` constants [CODE, azure-sdk-for-java]).
pub fn authority_host(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::AzureCloud => "https://login.microsoftonline.com/",
        Cloud::AzureUSGovernment => "https://login.microsoftonline.us/",
        Cloud::AzureChinaCloud => "https://login.chinacloudapi.cn/",
    }
}

/// Name for people.
pub fn cloud_display_name(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::AzureCloud => "Azure (global)",
        Cloud::AzureUSGovernment => "Azure Government (US)",
        Cloud::AzureChinaCloud => "Azure operated by 21Vianet (China)",
    }
}

/// Name for `az cloud set --name` (the serde names of `Cloud` are the same on purpose).
pub fn cloud_cli_name(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::AzureCloud => "AzureCloud",
        Cloud::AzureUSGovernment => "AzureUSGovernment",
        Cloud::AzureChinaCloud => "AzureChinaCloud",
    }
}
