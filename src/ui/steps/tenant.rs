//! Tenant: which cloud, tenant, subscription and region everything goes into.

use crate::answers::Cloud;
use crate::catalog;
use crate::ui::fields::{self, Text};
use crate::ui::html::Html;
use crate::ui::labels;
use crate::ui::state::App;

pub fn render(h: &mut Html, app: &App) {
    let t = &app.answers.tenant;
    super::heading(h, "Tenant");
    h.raw("<p class=\"lead\">Your Microsoft Entra ID tenant is the directory of people and groups who will sign in to the cluster. The subscription is where the cluster and identities are billed and created. Run <code>az account show</code> to see both IDs for the account you are signed in with.</p>");
    fields::select(
        h,
        app,
        "Azure cloud",
        "tenant.cloud",
        fields::options(&Cloud::ALL, Cloud::yaml_name, labels::cloud_label),
        t.cloud.yaml_name(),
        "Most people use the public cloud. Government and China clouds have their own sign-in addresses and regions.",
    );
    let guid = "00000000-0000-0000-0000-000000000000";
    fields::text(h, app, Text { label: "Tenant ID", field: "tenant.tenant_id", value: &t.tenant_id, placeholder: guid, hint: "A GUID: az account show --query tenantId -o tsv", ..Text::default() });
    fields::text(h, app, Text { label: "Subscription ID", field: "tenant.subscription_id", value: &t.subscription_id, placeholder: guid, hint: "A GUID: az account show --query id -o tsv", ..Text::default() });
    fields::text(h, app, Text {
        label: "Region",
        field: "tenant.location",
        value: &t.location,
        list: "regions",
        placeholder: "westeurope",
        hint: "The short name of an Azure region, such as westeurope or eastus2. Start typing to see the known ones.",
        ..Text::default()
    });
    h.raw("<datalist id=\"regions\">");
    for region in catalog::regions(t.cloud) {
        h.raw("<option").attr("value", region).raw("></option>");
    }
    h.raw("</datalist>");
}
