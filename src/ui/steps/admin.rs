//! Admin access: who administers the cluster, and how Kubernetes authorizes people.

use leptos::prelude::*;

use crate::ui::bind;
use crate::ui::fields::{CheckField, FieldFindings, TextField};
use crate::ui::state::AppState;

#[component]
pub fn AdminStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let group_count = Memo::new(move |_| state.answers.with(|a| a.admin.admin_group_object_ids.len()));
    let (rbac, set_rbac) = bind::flag(state, |a| a.admin.azure_rbac, |a, v| a.admin.azure_rbac = v);
    let (no_local, set_no_local) =
        bind::flag(state, |a| a.admin.disable_local_accounts, |a, v| a.admin.disable_local_accounts = v);

    view! {
        <h1 id="step-heading" tabindex="-1">"Admin access"</h1>
        <p class="lead">
            "People sign in to the cluster with their Entra ID accounts. Members of the admin groups below become cluster administrators, so access is granted and revoked by changing group membership, not by handing out files."
        </p>
        <aside class="callout" aria-labelledby="doors-heading">
            <h2 id="doors-heading">"One-way doors"</h2>
            <p>
                "A one-way door is a switch you cannot turn back off. Two of the switches this setup turns on are one-way: Entra ID integration and the OIDC issuer stay on for the life of the cluster. You can still add them to an existing cluster later; you just cannot remove them. Azure RBAC, local accounts and workload identity can all be switched back."
            </p>
        </aside>
        <fieldset>
            <legend>"Admin groups"</legend>
            <p class="hint">
                "The object ID of each Entra ID group whose members administer the cluster. Find it with "
                <code>"az ad group show --group NAME --query id -o tsv"</code>"."
            </p>
            {move || {
                (0..group_count.get())
                    .map(|i| {
                        let (value, set) = bind::text(
                            state,
                            move |a| a.admin.admin_group_object_ids.get(i).cloned().unwrap_or_default(),
                            move |a, v| {
                                if let Some(slot) = a.admin.admin_group_object_ids.get_mut(i) {
                                    *slot = v
                                }
                            },
                        );
                        view! {
                            <div class="row">
                                <TextField
                                    label=if i == 0 { "Admin group object ID" } else { "Another admin group object ID" }
                                    field=format!("admin.admin_group_object_ids[{i}]")
                                    value=value
                                    set=set
                                    placeholder="00000000-0000-0000-0000-000000000000"
                                />
                                <button type="button" class="secondary" on:click=move |_| {
                                    state.answers.update(|a| {
                                        if i < a.admin.admin_group_object_ids.len() {
                                            a.admin.admin_group_object_ids.remove(i);
                                        }
                                    })
                                }>{format!("Remove admin group {}", i + 1)}</button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <FieldFindings field="admin.admin_group_object_ids" />
            <button type="button" on:click=move |_| {
                state.answers.update(|a| a.admin.admin_group_object_ids.push(String::new()))
            }>"Add an admin group"</button>
        </fieldset>
        <CheckField
            label="Use Azure RBAC for Kubernetes authorization"
            field="admin.azure_rbac"
            checked=rbac
            set=set_rbac
            hint="Lets you grant people access to the cluster, or to one namespace, with Azure role assignments instead of Kubernetes RoleBindings. Can be switched off later."
        />
        <CheckField
            label="Disable local accounts"
            field="admin.disable_local_accounts"
            checked=no_local
            set=set_no_local
            hint="Turns off the static admin kubeconfig that bypasses Entra ID, so every sign-in is a real person you can audit. Can be switched back on."
        />
    }
}
