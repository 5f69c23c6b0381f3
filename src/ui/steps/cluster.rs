//! Cluster: new or existing, where it lives, how big, and which registry it may pull images from.

use crate::answers::ClusterMode;
use leptos::prelude::*;

use crate::ui::bind;
use crate::ui::fields::{CheckField, SelectField, TextField};
use crate::ui::labels::{self, MODES, TIERS};
use crate::ui::state::AppState;

#[component]
pub fn ClusterStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (mode, set_mode) = bind::choice(state, &MODES, labels::mode_value, |a| Some(a.cluster.mode), |a, m| a.cluster.mode = m);
    let existing = Memo::new(move |_| state.answers.with(|a| a.cluster.mode == ClusterMode::Existing));
    let (has_entra, set_has_entra) =
        bind::flag(state, |a| a.cluster.existing.entra_id, |a, v| a.cluster.existing.entra_id = v);
    let (has_oidc, set_has_oidc) =
        bind::flag(state, |a| a.cluster.existing.oidc_issuer, |a, v| a.cluster.existing.oidc_issuer = v);
    let (has_wi, set_has_wi) = bind::flag(
        state,
        |a| a.cluster.existing.workload_identity,
        |a, v| a.cluster.existing.workload_identity = v,
    );
    let (rg, set_rg) = bind::text(state, |a| a.cluster.resource_group.clone(), |a, v| a.cluster.resource_group = v);
    let (name, set_name) = bind::text(state, |a| a.cluster.name.clone(), |a, v| a.cluster.name = v);
    let (nodes, set_nodes) = bind::text(
        state,
        |a| a.cluster.node_count.to_string(),
        // Keep what a user can type; anything not a count becomes 0, which validation names.
        |a, v| a.cluster.node_count = v.trim().parse().unwrap_or(0),
    );
    let (vm, set_vm) = bind::text(state, |a| a.cluster.vm_size.clone(), |a, v| a.cluster.vm_size = v);
    let (version, set_version) =
        bind::text(state, |a| a.cluster.kubernetes_version.clone(), |a, v| a.cluster.kubernetes_version = v);
    let (tier, set_tier) = bind::choice(state, &TIERS, labels::tier_value, |a| Some(a.cluster.tier), |a, t| a.cluster.tier = t);
    let (acr, set_acr) = bind::text(state, |a| a.cluster.acr_name.clone(), |a, v| a.cluster.acr_name = v);
    let (acr_rg, set_acr_rg) =
        bind::text(state, |a| a.cluster.acr_resource_group.clone(), |a, v| a.cluster.acr_resource_group = v);

    view! {
        <h1 id="step-heading" tabindex="-1">"Cluster"</h1>
        <p class="lead">
            "The cluster gets an OIDC issuer and the workload identity add-on: the issuer publishes the keys that prove a token came from this cluster, and the add-on hands each labelled pod a token it can trade for an Entra ID token. For a cluster you already have, the script only switches on what is missing."
        </p>
        <SelectField
            label="Cluster"
            field="cluster.mode"
            options=Signal::derive(|| bind::options(&MODES, labels::mode_value, labels::mode_label))
            value=mode
            set=set_mode
        />
        <Show when=move || existing.get()>
            <fieldset>
                <legend>"Already switched on in that cluster"</legend>
                <p class="hint">
                    "Check with "
                    <code>"az aks show -g RG -n NAME --query \"{entra: aadProfile.managed, oidc: oidcIssuerProfile.enabled, wi: securityProfile.workloadIdentity.enabled}\""</code>
                    ". The CLI refuses to enable Entra ID twice, so the script skips what is already on."
                </p>
                <CheckField label="Entra ID integration is already on" field="cluster.existing.entra_id" checked=has_entra set=set_has_entra />
                <CheckField label="OIDC issuer is already on" field="cluster.existing.oidc_issuer" checked=has_oidc set=set_has_oidc />
                <CheckField label="Workload identity is already on" field="cluster.existing.workload_identity" checked=has_wi set=set_has_wi />
            </fieldset>
        </Show>
        <TextField label="Resource group" field="cluster.resource_group" value=rg set=set_rg
            hint="Holds the cluster and the managed identities. Created if it does not exist." />
        <TextField label="Cluster name" field="cluster.name" value=name set=set_name
            hint="1 to 63 letters, digits, hyphens or underscores; starts and ends with a letter or digit." />
        <TextField label="Node count" field="cluster.node_count" value=nodes set=set_nodes input_type="number"
            hint="Nodes in the first (system) pool, 1 to 1000. Two is enough to learn with." />
        <TextField label="VM size (optional)" field="cluster.vm_size" value=vm set=set_vm placeholder="Azure chooses"
            hint="Leave empty and Azure picks a size that is available in your region." />
        <TextField label="Kubernetes version (optional)" field="cluster.kubernetes_version" value=version set=set_version
            placeholder="region default" hint="Such as 1.33 or 1.33.2. See az aks get-versions -l REGION." />
        <SelectField
            label="Pricing tier"
            field="cluster.tier"
            options=Signal::derive(|| bind::options(&TIERS, labels::tier_value, labels::tier_label))
            value=tier
            set=set_tier
        />
        <TextField label="Container registry to pull from (optional)" field="cluster.acr_name" value=acr set=set_acr
            hint="The cluster's own identity gets AcrPull on this registry, and nothing more, so nodes can pull your images." />
        <TextField label="Registry resource group (optional)" field="cluster.acr_resource_group" value=acr_rg set=set_acr_rg
            placeholder="same as the cluster" />
    }
}
