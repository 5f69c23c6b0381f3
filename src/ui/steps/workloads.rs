//! Workloads: each app gets its own managed identity, ServiceAccount and federated credential.

use leptos::prelude::*;

use crate::ui::chain::ChainFigure;

use crate::answers::{Workload, WorkloadKind};
use crate::ui::browser;
use crate::ui::fields::{self, FieldFindings, SelectField, TextField};
use crate::ui::labels;
use crate::ui::state::AppState;

#[component]
pub fn Workloads() -> impl IntoView {
    let state = expect_context::<AppState>();
    let add = move |_| {
        state.edit(|a| {
            let n = a.workloads.len();
            a.workloads.push(Workload::example(n))
        });
        // The new app is complete and valid: focus its first field, in view, to rename it.
        let last = state.answers.with_untracked(|a| a.workloads.len()) - 1;
        browser::focus_new_after_render(&crate::ui::state::field_id(&format!("workloads[{last}].app_name")));
    };
    view! {
        {super::heading("Workloads")}
        <p class="lead">"Each app gets its own managed identity. The federated credential tells Entra ID: tokens that this cluster issues to this ServiceAccount in this namespace may act as that identity. No password or secret is stored anywhere. The pod only needs the label and the ServiceAccount; the add-on injects the rest."</p>
        <super::workshop::WorkshopSettings />
        <FieldFindings field="workloads" />
        <For each=move || state.keys.with(|k| k.workloads.iter().map(|w| w.id).collect::<Vec<_>>()) key=|id| *id let:id>
            <WorkloadForm id=id />
        </For>
        <button type="button" id="add-workload" on:click=add>"Add a workload"</button>
        <ChainFigure />
    }
}

/// One workload's names, image and kind.
#[component]
fn WorkloadForm(id: u32) -> impl IntoView {
    let state = expect_context::<AppState>();
    let index = Memo::new(move |_| state.keys.with(|k| k.workload_index(id)).unwrap_or(0));
    let app_name = Memo::new(move |_| state.answers.with(|a| a.workloads.get(index.get()).map(|w| w.app_name.clone()).unwrap_or_default()));
    let path = move |name: &'static str| Signal::derive(move || format!("workloads[{}].{name}", index.get()));
    let heading_id = move || format!("workload-{}-heading", index.get());
    let duplicate_it = move |_| {
        let i = index.get_untracked();
        state.edit_rows(|a, k| {
            a.duplicate_workload(i);
            k.insert_workload(i + 1);
        });
    };
    let remove = move |_| {
        let i = index.get_untracked();
        let old = state.answers.get_untracked();
        let name = app_name.get_untracked();
        state.edit_rows(|a, k| {
            if i < a.workloads.len() {
                a.workloads.remove(i);
                k.remove_workload(i);
            }
        });
        state.removed(old, name);
        // The pressed button is gone with its section: focus goes to the list's Add button.
        browser::focus_after_render("add-workload");
    };
    view! {
        <section class="workload" aria-labelledby=heading_id>
            <h2 id=heading_id>{move || format!("Workload {}: {}", index.get() + 1, app_name.get())}</h2>
            <TextField label="App name" field=path("app_name") hint="Names the Deployment or Pod and its manifest file." />
            <TextField label="Container image" field=path("image") hint="The image your app runs, such as myregistry.azurecr.io/orders:1.4.2." />
            <SelectField label="Runs as" field=path("kind") options=fields::options(&WorkloadKind::ALL, WorkloadKind::yaml_name, labels::kind_label) />
            <TextField label="Namespace" field=path("namespace") hint="Lowercase letters, digits and hyphens. Created if missing." />
            <TextField label="ServiceAccount name" field=path("service_account") hint="The Kubernetes identity of the pod. Its annotation names the managed identity to use." />
            <TextField label="Managed identity name" field=path("identity_name") hint="The Azure identity the app acts as. Roles are granted to it, never to the cluster." />
            <TextField label="Federated credential name" field=path("federated_credential_name") hint="Tells Entra ID to trust tokens from this cluster for this ServiceAccount. It cannot be renamed later." />
            <FieldFindings field=Signal::derive(move || format!("workloads[{}]", index.get())) />
            <div class="actions">
                <button type="button" on:click=duplicate_it>{move || format!("Duplicate {}", app_name.get())}</button>
                <button type="button" class="secondary" on:click=remove>{move || format!("Remove {}", app_name.get())}</button>
            </div>
        </section>
    }
}
