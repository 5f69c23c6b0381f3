//! Admin access: who administers the cluster, and how Kubernetes authorizes people.

use crate::ui::fields::{self, Text};
use crate::ui::html::Html;
use crate::ui::state::App;

pub fn render(h: &mut Html, app: &App) {
    let admin = &app.answers.admin;
    super::heading(h, "Admin access");
    h.raw("<p class=\"lead\">People sign in to the cluster with their Entra ID accounts. Members of the admin groups below become cluster administrators, so access is granted and revoked by changing group membership, not by handing out files.</p>");
    h.raw("<aside class=\"callout\" aria-labelledby=\"doors-heading\"><h2 id=\"doors-heading\">One-way doors</h2><p>A one-way door is a switch you cannot turn back off. Two of the switches this setup turns on are one-way: Entra ID integration and the OIDC issuer stay on for the life of the cluster. You can still add them to an existing cluster later; you just cannot remove them. Azure RBAC, local accounts and workload identity can all be switched back.</p></aside>");
    h.raw("<fieldset><legend>Admin groups</legend><p class=\"hint\">The object ID of each Entra ID group whose members administer the cluster. Find it with <code>az ad group show --group NAME --query id -o tsv</code>.</p>");
    for (i, id) in admin.admin_group_object_ids.iter().enumerate() {
        h.raw("<div class=\"row\">");
        fields::text(h, app, Text {
            label: if i == 0 { "Admin group object ID" } else { "Another admin group object ID" },
            field: &format!("admin.admin_group_object_ids[{i}]"),
            value: id,
            placeholder: "00000000-0000-0000-0000-000000000000",
            ..Text::default()
        });
        h.button("secondary", "remove-group", &i.to_string(), &format!("Remove admin group {}", i + 1)).raw("</div>");
    }
    fields::field_findings(h, app, "admin.admin_group_object_ids");
    h.button_with_id("add-group", "", "add-group", "", "Add an admin group").raw("</fieldset>");
    fields::check(h, app, "Use Azure RBAC for Kubernetes authorization", "admin.azure_rbac", admin.azure_rbac,
        "Lets you grant people access to the cluster, or to one namespace, with Azure role assignments instead of Kubernetes RoleBindings. Can be switched off later.");
    fields::check(h, app, "Disable local accounts", "admin.disable_local_accounts", admin.disable_local_accounts,
        "Turns off the static admin kubeconfig that bypasses Entra ID, so every sign-in is a real person you can audit. Can be switched back on.");
}
