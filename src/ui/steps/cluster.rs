//! Cluster: new or existing, where it lives, how big, and which registry it may pull images from.

use leptos::prelude::*;

use crate::answers::{ClusterMode, Tier};
use crate::ui::fields::{self, CheckField, SelectField, TextField};
use crate::ui::labels;
use crate::ui::state::AppState;

#[component]
pub fn Cluster() -> impl IntoView {
    let state = expect_context::<AppState>();
    let existing = Memo::new(move |_| state.answers.with(|a| a.cluster.mode == ClusterMode::Existing));
    view! {
        {super::heading("Cluster")}
        <p class="lead">"The cluster gets an OIDC issuer and the workload identity add-on: the issuer publishes the keys that prove a token came from this cluster, and the add-on hands each labelled pod a token it can trade for an Entra ID token. For a cluster you already have, the script only switches on what is missing."</p>
        <SelectField label="Cluster" field="cluster.mode" options=fields::options(&ClusterMode::ALL, ClusterMode::yaml_name, labels::mode_label) />
        <Show when=move || existing.get()>
            <fieldset>
                <legend>"Already switched on in that cluster"</legend>
                <p class="hint">"Check with "<code>"az aks show -g RG -n NAME --query \"{entra: aadProfile.managed, oidc: oidcIssuerProfile.enabled, wi: securityProfile.workloadIdentity.enabled}\""</code>". The script reads the cluster itself and switches on only what is missing; these answers shape the README's explanation and warnings."</p>
                <CheckField label="Entra ID integration is already on" field="cluster.existing.entra_id"
                    hint="Unchecked, the README notes that switching Entra ID on cannot be undone." />
                <CheckField label="OIDC issuer is already on" field="cluster.existing.oidc_issuer"
                    hint="Unchecked, the README warns that switching the issuer on restarts the API server briefly." />
                <CheckField label="Workload identity is already on" field="cluster.existing.workload_identity"
                    hint="Changes no file; if checked, the OIDC issuer must be checked too, as Azure requires." />
            </fieldset>
        </Show>
        <TextField label="Resource group" field="cluster.resource_group" hint="The cluster's resource group; the managed identities go here too. For a new cluster it is created if missing." />
        <TextField label="Cluster name" field="cluster.name" hint="1 to 63 letters, digits, hyphens or underscores; starts and ends with a letter or digit. For a cluster you have, paste the output of az aks show here to fill this step." />
        // An existing cluster keeps its own size, version and tier (validate::NEW_CLUSTER_ONLY): hidden,
        // their answers kept for a switch back.
        <Show when=move || !existing.get()>
            <TextField label="Node count" field="cluster.node_count" number=true hint="Nodes in the first (system) pool, 1 to 1000. Two is enough to learn with." />
            <TextField label="VM size (optional)" field="cluster.vm_size" placeholder="Azure chooses" hint="Leave empty and Azure picks a size that is available in your region." />
            <TextField label="Kubernetes version (optional)" field="cluster.kubernetes_version" placeholder="region default" hint="Such as 1.35 or 1.35.2. See az aks get-versions -l REGION." />
            <SelectField label="Pricing tier" field="cluster.tier" options=fields::options(&Tier::ALL, Tier::yaml_name, labels::tier_label) />
        </Show>
        <TextField label="Container registry to pull from (optional)" field="cluster.acr_name" hint="The cluster's own identity gets AcrPull on this registry, and nothing more, so nodes can pull your images." />
        <TextField label="Registry resource group (optional)" field="cluster.acr_resource_group" placeholder="same as the cluster" />
    }
}
