//! Filling answers from `az` output the user already has: `az account show`, `az ad group show`,
//! `az aks show` and `az identity show` print JSON, and pasting that JSON into a field it fits fills
//! the fields it answers (all of them: the tenant ID and the subscription ID come from one paste).
//!
//! JSON is read through the crate's YAML door (`crate::yaml`): az prints plain JSON, which YAML reads,
//! and the door's guard already refuses hostile documents.

use serde::Deserialize;

use super::{Answers, Cloud, ClusterMode};

/// The few properties of az's JSON that answer a question; everything else is ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct AzObject {
    id: Option<String>,
    name: Option<String>,
    #[serde(rename = "type")]
    resource_type: Option<String>,
    resource_group: Option<String>,
    location: Option<String>,
    tenant_id: Option<String>,
    environment_name: Option<String>,
    display_name: Option<String>,
    security_enabled: Option<bool>,
    aad_profile: Option<AadProfile>,
    oidc_issuer_profile: Option<Switch>,
    security_profile: Option<SecurityProfile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct AadProfile {
    managed: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Switch {
    enabled: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct SecurityProfile {
    workload_identity: Option<Switch>,
}

/// Which command printed the object, told apart by the properties only that command's output has.
enum Output {
    Account { tenant: String, subscription: String, cloud: Option<Cloud> },
    Group { object_id: String },
    Cluster { name: String, resource_group: String, location: String, entra_id: bool, oidc_issuer: bool, workload_identity: bool },
    Identity { name: String },
}

fn recognise(o: AzObject) -> Option<Output> {
    let resource_type = o.resource_type.as_deref().unwrap_or("").to_ascii_lowercase();
    if resource_type == "microsoft.containerservice/managedclusters" {
        return Some(Output::Cluster {
            name: o.name?,
            resource_group: o.resource_group?,
            location: o.location?,
            entra_id: o.aad_profile.and_then(|p| p.managed).unwrap_or(false),
            oidc_issuer: o.oidc_issuer_profile.and_then(|s| s.enabled).unwrap_or(false),
            workload_identity: o.security_profile.and_then(|p| p.workload_identity).and_then(|s| s.enabled).unwrap_or(false),
        });
    }
    if resource_type == "microsoft.managedidentity/userassignedidentities" {
        return Some(Output::Identity { name: o.name? });
    }
    if let (Some(tenant), Some(environment)) = (o.tenant_id.clone(), o.environment_name.as_deref()) {
        let cloud = Cloud::ALL.iter().copied().find(|c| c.yaml_name().eq_ignore_ascii_case(environment));
        return Some(Output::Account { tenant, subscription: o.id?, cloud });
    }
    if o.security_enabled.is_some() && o.display_name.is_some() {
        return Some(Output::Group { object_id: o.id? });
    }
    None
}

/// When `text` is the JSON output of one of those az commands and `field` is a field it answers,
/// fills every field it answers and says, in the user's words, what it took. Otherwise changes
/// nothing and returns `None`, so the text is taken as typed.
pub fn take_az_output(answers: &mut Answers, field: &str, text: &str) -> Option<String> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let object: AzObject = crate::yaml::check(text).ok()?.read().ok()?;
    match recognise(object)? {
        Output::Account { tenant, subscription, cloud } if field.starts_with("tenant.") => {
            answers.tenant.tenant_id = tenant;
            answers.tenant.subscription_id = subscription;
            let mut took = String::from("Took the tenant ID and the subscription ID");
            if let Some(cloud) = cloud {
                answers.tenant.cloud = cloud;
                took.push_str(" and the cloud");
            }
            Some(took + " from the pasted az account show output.")
        }
        Output::Group { object_id } => {
            let index = field.strip_prefix("admin.admin_group_object_ids[")?.strip_suffix(']')?.parse::<usize>().ok()?;
            *answers.admin.admin_group_object_ids.get_mut(index)? = object_id;
            Some("Took the group's object ID from the pasted az ad group show output.".into())
        }
        Output::Cluster { name, resource_group, location, entra_id, oidc_issuer, workload_identity }
            if field.starts_with("cluster.") || field == "tenant.location" =>
        {
            let c = &mut answers.cluster;
            c.mode = ClusterMode::Existing;
            c.name = name;
            c.resource_group = resource_group;
            c.existing.entra_id = entra_id;
            c.existing.oidc_issuer = oidc_issuer;
            c.existing.workload_identity = workload_identity;
            answers.tenant.location = location;
            Some("Took the existing cluster's name, resource group, region and switches from the pasted az aks show output.".into())
        }
        Output::Identity { name } => {
            let index = field.strip_prefix("workloads[")?.strip_suffix("].identity_name")?.parse::<usize>().ok()?;
            answers.workloads.get_mut(index)?.identity_name = name;
            Some("Took the identity's name from the pasted az identity show output.".into())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Shortened real outputs: az prints more properties, which are ignored.
    const ACCOUNT: &str = r#"{
  "environmentName": "AzureUSGovernment",
  "homeTenantId": "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
  "id": "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
  "isDefault": true,
  "name": "Team subscription",
  "state": "Enabled",
  "tenantId": "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
  "user": { "name": "ada@example.com", "type": "user" }
}"#;
    const GROUP: &str = r#"{
  "displayName": "aks-admins",
  "id": "7c6d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f",
  "mailEnabled": false,
  "mailNickname": "aks-admins",
  "securityEnabled": true
}"#;
    const CLUSTER: &str = r#"{
  "aadProfile": { "adminGroupObjectIDs": null, "enableAzureRbac": true, "managed": true, "tenantId": "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b" },
  "id": "/subscriptions/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourcegroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod",
  "location": "swedencentral",
  "name": "aks-prod",
  "oidcIssuerProfile": { "enabled": true, "issuerUrl": "https://swedencentral.oic.prod-aks.azure.com/x/y/" },
  "resourceGroup": "rg-prod",
  "securityProfile": { "workloadIdentity": null },
  "type": "Microsoft.ContainerService/ManagedClusters"
}"#;
    const IDENTITY: &str = r#"{
  "clientId": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  "id": "/subscriptions/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourcegroups/rg-prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders",
  "location": "swedencentral",
  "name": "id-orders",
  "principalId": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
  "resourceGroup": "rg-prod",
  "type": "Microsoft.ManagedIdentity/userAssignedIdentities"
}"#;

    #[test]
    fn account_show_fills_tenant_subscription_and_cloud_from_either_field() {
        for field in ["tenant.tenant_id", "tenant.subscription_id"] {
            let mut a = Answers::default();
            let said = take_az_output(&mut a, field, ACCOUNT).expect("recognised");
            assert_eq!(a.tenant.tenant_id, "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b");
            assert_eq!(a.tenant.subscription_id, "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
            assert_eq!(a.tenant.cloud, Cloud::AzureUSGovernment);
            assert!(said.contains("az account show"), "{said}");
        }
    }

    #[test]
    fn group_show_fills_the_group_it_was_pasted_into() {
        let mut a = Answers::default();
        a.admin.admin_group_object_ids.push(String::new());
        take_az_output(&mut a, "admin.admin_group_object_ids[1]", GROUP).expect("recognised");
        assert_eq!(a.admin.admin_group_object_ids[1], "7c6d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f");
        assert_ne!(a.admin.admin_group_object_ids[0], a.admin.admin_group_object_ids[1]);
    }

    #[test]
    fn aks_show_describes_an_existing_cluster() {
        let mut a = Answers::default();
        take_az_output(&mut a, "cluster.name", CLUSTER).expect("recognised");
        let c = &a.cluster;
        assert_eq!((c.mode, c.name.as_str(), c.resource_group.as_str()), (ClusterMode::Existing, "aks-prod", "rg-prod"));
        assert_eq!(a.tenant.location, "swedencentral");
        assert!(c.existing.entra_id && c.existing.oidc_issuer && !c.existing.workload_identity);
    }

    #[test]
    fn identity_show_fills_the_workload_identity_name() {
        let mut a = Answers::default();
        take_az_output(&mut a, "workloads[0].identity_name", IDENTITY).expect("recognised");
        assert_eq!(a.workloads[0].identity_name, "id-orders");
    }

    #[test]
    fn output_pasted_where_it_does_not_fit_or_other_text_changes_nothing() {
        let cases = [
            ("cluster.name", ACCOUNT),
            ("tenant.tenant_id", GROUP),
            ("workloads[0].namespace", IDENTITY),
            ("admin.admin_group_object_ids[5]", GROUP),
            ("tenant.tenant_id", "{ not json"),
            ("tenant.tenant_id", "{\"id\": \"x\"}"),
            ("tenant.tenant_id", "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"),
            ("tenant.tenant_id", "{a: &x [*x, *x, *x]}"),
        ];
        for (field, text) in cases {
            let mut a = Answers::default();
            assert_eq!(take_az_output(&mut a, field, text), None, "{field}: {text}");
            assert_eq!(a, Answers::default(), "{field}: {text}");
        }
    }
}
