//! Cluster: new or existing, where it lives, how big, and which registry it may pull images from.

use crate::answers::{ClusterMode, Tier};
use crate::ui::fields::{self, Text};
use crate::ui::html::Html;
use crate::ui::labels;
use crate::ui::state::App;

pub fn render(h: &mut Html, app: &App) {
    let c = &app.answers.cluster;
    super::heading(h, "Cluster");
    h.raw("<p class=\"lead\">The cluster gets an OIDC issuer and the workload identity add-on: the issuer publishes the keys that prove a token came from this cluster, and the add-on hands each labelled pod a token it can trade for an Entra ID token. For a cluster you already have, the script only switches on what is missing.</p>");
    fields::select(h, app, "Cluster", "cluster.mode", fields::options(&ClusterMode::ALL, ClusterMode::yaml_name, labels::mode_label), c.mode.yaml_name(), "");
    if c.mode == ClusterMode::Existing {
        h.raw("<fieldset><legend>Already switched on in that cluster</legend><p class=\"hint\">Check with <code>az aks show -g RG -n NAME --query &quot;{entra: aadProfile.managed, oidc: oidcIssuerProfile.enabled, wi: securityProfile.workloadIdentity.enabled}&quot;</code>. The CLI refuses to enable Entra ID twice, so the script skips what is already on.</p>");
        fields::check(h, app, "Entra ID integration is already on", "cluster.existing.entra_id", c.existing.entra_id, "");
        fields::check(h, app, "OIDC issuer is already on", "cluster.existing.oidc_issuer", c.existing.oidc_issuer, "");
        fields::check(h, app, "Workload identity is already on", "cluster.existing.workload_identity", c.existing.workload_identity, "");
        h.raw("</fieldset>");
    }
    fields::text(h, app, Text { label: "Resource group", field: "cluster.resource_group", value: &c.resource_group,
        hint: "Holds the cluster and the managed identities. Created if it does not exist.", ..Text::default() });
    fields::text(h, app, Text { label: "Cluster name", field: "cluster.name", value: &c.name,
        hint: "1 to 63 letters, digits, hyphens or underscores; starts and ends with a letter or digit.", ..Text::default() });
    fields::text(h, app, Text { label: "Node count", field: "cluster.node_count", value: &c.node_count.to_string(), number: true,
        hint: "Nodes in the first (system) pool, 1 to 1000. Two is enough to learn with.", ..Text::default() });
    fields::text(h, app, Text { label: "VM size (optional)", field: "cluster.vm_size", value: &c.vm_size, placeholder: "Azure chooses",
        hint: "Leave empty and Azure picks a size that is available in your region.", ..Text::default() });
    fields::text(h, app, Text { label: "Kubernetes version (optional)", field: "cluster.kubernetes_version", value: &c.kubernetes_version,
        placeholder: "region default", hint: "Such as 1.33 or 1.33.2. See az aks get-versions -l REGION.", ..Text::default() });
    fields::select(h, app, "Pricing tier", "cluster.tier", fields::options(&Tier::ALL, Tier::yaml_name, labels::tier_label), c.tier.yaml_name(), "");
    fields::text(h, app, Text { label: "Container registry to pull from (optional)", field: "cluster.acr_name", value: &c.acr_name,
        hint: "The cluster's own identity gets AcrPull on this registry, and nothing more, so nodes can pull your images.", ..Text::default() });
    fields::text(h, app, Text { label: "Registry resource group (optional)", field: "cluster.acr_resource_group", value: &c.acr_resource_group,
        placeholder: "same as the cluster", ..Text::default() });
}
