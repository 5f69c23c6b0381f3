//! Tenant: which cloud, tenant, subscription and region everything goes into.

use crate::catalog;
use leptos::prelude::*;

use crate::ui::bind;
use crate::ui::fields::{SelectField, TextField};
use crate::ui::labels::{self, CLOUDS};
use crate::ui::state::AppState;

#[component]
pub fn TenantStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (cloud, set_cloud) = bind::choice(state, &CLOUDS, labels::cloud_value, |a| Some(a.tenant.cloud), |a, c| a.tenant.cloud = c);
    let (tenant_id, set_tenant_id) = bind::text(state, |a| a.tenant.tenant_id.clone(), |a, v| a.tenant.tenant_id = v);
    let (subscription, set_subscription) =
        bind::text(state, |a| a.tenant.subscription_id.clone(), |a, v| a.tenant.subscription_id = v);
    let (location, set_location) = bind::text(state, |a| a.tenant.location.clone(), |a, v| a.tenant.location = v);
    let regions = Memo::new(move |_| state.answers.with(|a| catalog::regions(a.tenant.cloud)));

    view! {
        <h1 id="step-heading" tabindex="-1">"Tenant"</h1>
        <p class="lead">
            "Your Microsoft Entra ID tenant is the directory of people and groups who will sign in to the cluster. The subscription is where the cluster and identities are billed and created. Run "
            <code>"az account show"</code>
            " to see both IDs for the account you are signed in with."
        </p>
        <SelectField
            label="Azure cloud"
            field="tenant.cloud"
            options=Signal::derive(|| bind::options(&CLOUDS, labels::cloud_value, labels::cloud_label))
            value=cloud
            set=set_cloud
            hint="Most people use the public cloud. Government and China clouds have their own sign-in addresses and regions."
        />
        <TextField
            label="Tenant ID"
            field="tenant.tenant_id"
            value=tenant_id
            set=set_tenant_id
            placeholder="00000000-0000-0000-0000-000000000000"
            hint="A GUID: az account show --query tenantId -o tsv"
        />
        <TextField
            label="Subscription ID"
            field="tenant.subscription_id"
            value=subscription
            set=set_subscription
            placeholder="00000000-0000-0000-0000-000000000000"
            hint="A GUID: az account show --query id -o tsv"
        />
        <TextField
            label="Region"
            field="tenant.location"
            value=location
            set=set_location
            list="regions"
            placeholder="westeurope"
            hint="The short name of an Azure region, such as westeurope or eastus2. Start typing to see the known ones."
        />
        <datalist id="regions">
            {move || regions.get().iter().map(|r| view! { <option value=*r></option> }).collect_view()}
        </datalist>
    }
}
