//! Tenant: which cloud, tenant, subscription and region everything goes into.

use leptos::prelude::*;

use crate::answers::Cloud;
use crate::catalog;
use crate::ui::fields::{self, SelectField, TextField};
use crate::ui::labels;
use crate::ui::state::AppState;

const GUID: &str = "00000000-0000-0000-0000-000000000000";

#[component]
pub fn Tenant() -> impl IntoView {
    let state = expect_context::<AppState>();
    let cloud = Memo::new(move |_| state.answers.with(|a| a.tenant.cloud));
    view! {
        {super::heading("Tenant")}
        <p class="lead">"Your Microsoft Entra ID tenant is the directory of people and groups who will sign in to the cluster. The subscription is where the cluster and identities are billed and created. Run "<code>"az account show"</code>" to see both IDs for the account you are signed in with, or paste its whole output into either field to fill both."</p>
        <SelectField label="Azure cloud" field="tenant.cloud"
            options=fields::options(&Cloud::ALL, Cloud::yaml_name, labels::cloud_label)
            hint="Most people use the public cloud. Government and China clouds have their own sign-in addresses and regions." />
        <TextField label="Tenant ID" field="tenant.tenant_id" placeholder=GUID hint="A GUID: az account show --query tenantId -o tsv" />
        <TextField label="Subscription ID" field="tenant.subscription_id" placeholder=GUID hint="A GUID: az account show --query id -o tsv" />
        <TextField label="Region" field="tenant.location" list="regions" placeholder="westeurope"
            hint="The short name of an Azure region, such as westeurope or eastus2. Start typing to see the known ones." />
        <datalist id="regions">
            {move || catalog::regions(cloud.get()).iter().map(|region| view! { <option value=*region></option> }).collect_view()}
        </datalist>
    }
}
