//! Workloads: each app gets its own managed identity, ServiceAccount and federated credential.

use crate::answers::{Answers, Workload};
use leptos::prelude::*;

use crate::ui::bind;
use crate::ui::fields::{FieldFindings, SelectField, TextField};
use crate::ui::labels::{self, KINDS};
use crate::ui::state::AppState;

/// Binds one text field of workload `i`.
fn workload_text(
    state: AppState,
    i: usize,
    read: fn(&Workload) -> &String,
    field: fn(&mut Workload) -> &mut String,
) -> (Signal<String>, Callback<String>) {
    bind::item_text(state, move |a: &Answers| a.workloads.get(i), move |a: &mut Answers| a.workloads.get_mut(i), field, read)
}

/// A copy of workload `i` with names made unique, so it validates as a separate app.
fn duplicate(answers: &mut Answers, i: usize) {
    let Some(original) = answers.workloads.get(i).cloned() else { return };
    let mut n = 2;
    let taken = |a: &Answers, name: &str| a.workloads.iter().any(|w| w.app_name == name || w.identity_name == name);
    while taken(answers, &format!("{}-{n}", original.app_name)) || taken(answers, &format!("{}-{n}", original.identity_name)) {
        n += 1;
    }
    let mut copy = original;
    copy.app_name = format!("{}-{n}", copy.app_name);
    copy.identity_name = format!("{}-{n}", copy.identity_name);
    copy.service_account = format!("{}-{n}", copy.service_account);
    copy.federated_credential_name = format!("{}-{n}", copy.federated_credential_name);
    answers.workloads.insert(i + 1, copy);
}

#[component]
fn WorkloadEditor(i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let title = Memo::new(move |_| {
        state.answers.with(|a| a.workloads.get(i).map(|w| w.app_name.clone()).unwrap_or_default())
    });
    let (identity, set_identity) = workload_text(state, i, |w| &w.identity_name, |w| &mut w.identity_name);
    let (namespace, set_namespace) = workload_text(state, i, |w| &w.namespace, |w| &mut w.namespace);
    let (sa, set_sa) = workload_text(state, i, |w| &w.service_account, |w| &mut w.service_account);
    let (fic, set_fic) =
        workload_text(state, i, |w| &w.federated_credential_name, |w| &mut w.federated_credential_name);
    let (app, set_app) = workload_text(state, i, |w| &w.app_name, |w| &mut w.app_name);
    let (image, set_image) = workload_text(state, i, |w| &w.image, |w| &mut w.image);
    let (kind, set_kind) = bind::choice(state, &KINDS, labels::kind_value, move |a| a.workloads.get(i).map(|w| w.kind), move |a, k| {
        if let Some(w) = a.workloads.get_mut(i) {
            w.kind = k
        }
    });
    let labelled_by = format!("workload-{i}-heading");
    let heading_id = labelled_by.clone();
    let p = move |name: &str| format!("workloads[{i}].{name}");

    view! {
        <section class="workload" aria-labelledby=labelled_by>
            <h2 id=heading_id>{move || format!("Workload {}: {}", i + 1, title.get())}</h2>
            <TextField label="App name" field=p("app_name") value=app set=set_app
                hint="Names the Deployment or Pod and its manifest file." />
            <TextField label="Container image" field=p("image") value=image set=set_image
                hint="The image your app runs, such as myregistry.azurecr.io/orders:1.4.2." />
            <SelectField label="Runs as" field=p("kind")
                options=Signal::derive(|| bind::options(&KINDS, labels::kind_value, labels::kind_label))
                value=kind set=set_kind />
            <TextField label="Namespace" field=p("namespace") value=namespace set=set_namespace
                hint="Lowercase letters, digits and hyphens. Created if missing." />
            <TextField label="ServiceAccount name" field=p("service_account") value=sa set=set_sa
                hint="The Kubernetes identity of the pod. Its annotation names the managed identity to use." />
            <TextField label="Managed identity name" field=p("identity_name") value=identity set=set_identity
                hint="The Azure identity the app acts as. Roles are granted to it, never to the cluster." />
            <TextField label="Federated credential name" field=p("federated_credential_name") value=fic set=set_fic
                hint="Tells Entra ID to trust tokens from this cluster for this ServiceAccount. It cannot be renamed later." />
            <FieldFindings field=format!("workloads[{i}]") />
            <div class="actions">
                <button type="button" on:click=move |_| state.answers.update(|a| duplicate(a, i))>
                    {move || format!("Duplicate {}", title.get())}
                </button>
                <button type="button" class="secondary" on:click=move |_| state.answers.update(|a| {
                    if i < a.workloads.len() { a.workloads.remove(i); }
                })>{move || format!("Remove {}", title.get())}</button>
            </div>
        </section>
    }
}

#[component]
pub fn WorkloadsStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| state.answers.with(|a| a.workloads.len()));
    view! {
        <h1 id="step-heading" tabindex="-1">"Workloads"</h1>
        <p class="lead">
            "Each app gets its own managed identity. The federated credential tells Entra ID: tokens that this cluster issues to this ServiceAccount in this namespace may act as that identity. No password or secret is stored anywhere. The pod only needs the label and the ServiceAccount; the add-on injects the rest."
        </p>
        <FieldFindings field="workloads" />
        {move || (0..count.get()).map(|i| view! { <WorkloadEditor i=i /> }).collect_view()}
        <button type="button" on:click=move |_| state.answers.update(|a| {
            let n = a.workloads.len();
            a.workloads.push(Workload::example(n))
        })>"Add a workload"</button>
    }
}
