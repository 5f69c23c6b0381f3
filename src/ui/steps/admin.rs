//! Admin access: who administers the cluster, and how Kubernetes authorizes people.

use leptos::prelude::*;

use crate::ui::chain::ChainFigure;

use crate::ui::fields::{CheckField, FieldFindings, TextField};
use crate::ui::state::AppState;

#[component]
pub fn Admin() -> impl IntoView {
    let state = expect_context::<AppState>();
    let add = move |_| {
        state.edit(|a| a.admin.admin_group_object_ids.push(String::new()));
        let field = format!("admin.admin_group_object_ids[{}]", state.answers.with_untracked(|a| a.admin.admin_group_object_ids.len()) - 1);
        state.added(field.clone(), &field);
    };
    view! {
        {super::heading("Admin access")}
        <p class="lead">"People sign in to the cluster with their Entra ID accounts. Members of the admin groups below become cluster administrators, so access is granted and revoked by changing group membership, not by handing out files."</p>
        <fieldset>
            <legend>"Admin groups"</legend>
            <p class="hint">"The object ID of each Entra ID group whose members administer the cluster. Find it with "<code>"az ad group show --group NAME --query id -o tsv"</code>", or paste the whole output of "<code>"az ad group show --group NAME"</code>" into the field."</p>
            <For each=move || state.keys.with(|k| k.groups.clone()) key=|id| *id let:id>
                <AdminGroup id=id />
            </For>
            <FieldFindings field="admin.admin_group_object_ids" />
            <button type="button" id="add-group" on:click=add>"Add an admin group"</button>
        </fieldset>
        <CheckField label="Use Azure RBAC for Kubernetes authorization" field="admin.azure_rbac"
            hint="Lets you grant people access to the cluster, or to one namespace, with Azure role assignments instead of Kubernetes RoleBindings. Can be switched off later." />
        <CheckField label="Disable local accounts" field="admin.disable_local_accounts"
            hint="Turns off the static admin kubeconfig that bypasses Entra ID, so every sign-in is a real person you can audit. Can be switched back on." />
        // After the switches it is about, so the form starts on a phone's first screen.
        <aside class="callout" aria-labelledby="doors-heading">
            <h2 id="doors-heading">"One-way doors"</h2>
            <p>"A one-way door is a switch you cannot turn back off. Two of the switches this setup turns on are one-way: Entra ID integration and the OIDC issuer stay on for the life of the cluster. You can still add them to an existing cluster later; you just cannot remove them. Azure RBAC, local accounts and workload identity can all be switched back."</p>
        </aside>
        <ChainFigure />
    }
}

/// One admin group's row.
#[component]
fn AdminGroup(id: u32) -> impl IntoView {
    let state = expect_context::<AppState>();
    let index = Memo::new(move |_| state.keys.with(|k| k.groups.iter().position(|g| *g == id)).unwrap_or(0));
    let remove = move |_| {
        let i = index.get_untracked();
        let old = state.answers.get_untracked();
        state.edit_rows(|a, k| {
            if i < a.admin.admin_group_object_ids.len() {
                a.admin.admin_group_object_ids.remove(i);
                k.remove_group(i);
            }
        });
        state.removed(old, format!("admin group {}", i + 1));
        // The pressed button is gone with its row: focus goes to the list's Add button.
        crate::ui::browser::focus_after_render("add-group");
    };
    view! {
        <div class="row">
            <TextField
                label=Signal::derive(move || if index.get() == 0 { "Admin group object ID" } else { "Another admin group object ID" }.to_string())
                field=Signal::derive(move || format!("admin.admin_group_object_ids[{}]", index.get()))
                placeholder="00000000-0000-0000-0000-000000000000" />
            <button type="button" class="secondary" on:click=remove>{move || format!("Remove admin group {}", index.get() + 1)}</button>
        </div>
    }
}
