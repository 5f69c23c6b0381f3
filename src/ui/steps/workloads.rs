//! Workloads: each app gets its own managed identity, ServiceAccount and federated credential.

use crate::answers::{Answers, WorkloadKind};
use crate::ui::fields::{self, Text};
use crate::ui::html::Html;
use crate::ui::labels;
use crate::ui::state::App;

/// A copy of workload `i` with names made unique, so it validates as a separate app.
pub fn duplicate(answers: &mut Answers, i: usize) {
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

pub fn render(h: &mut Html, app: &App) {
    super::heading(h, "Workloads");
    h.raw("<p class=\"lead\">Each app gets its own managed identity. The federated credential tells Entra ID: tokens that this cluster issues to this ServiceAccount in this namespace may act as that identity. No password or secret is stored anywhere. The pod only needs the label and the ServiceAccount; the add-on injects the rest.</p>");
    fields::field_findings(h, app, "workloads");
    for (i, w) in app.answers.workloads.iter().enumerate() {
        let p = |name: &str| format!("workloads[{i}].{name}");
        h.raw("<section class=\"workload\" aria-labelledby=\"workload-").num(i).raw("-heading\"><h2 id=\"workload-").num(i);
        h.raw("-heading\">Workload ").num(i + 1).raw(": ").esc(&w.app_name).raw("</h2>");
        fields::text(h, app, Text { label: "App name", field: &p("app_name"), value: &w.app_name,
            hint: "Names the Deployment or Pod and its manifest file.", ..Text::default() });
        fields::text(h, app, Text { label: "Container image", field: &p("image"), value: &w.image,
            hint: "The image your app runs, such as myregistry.azurecr.io/orders:1.4.2.", ..Text::default() });
        fields::select(h, app, "Runs as", &p("kind"), fields::options(&WorkloadKind::ALL, WorkloadKind::yaml_name, labels::kind_label), w.kind.yaml_name(), "");
        fields::text(h, app, Text { label: "Namespace", field: &p("namespace"), value: &w.namespace,
            hint: "Lowercase letters, digits and hyphens. Created if missing.", ..Text::default() });
        fields::text(h, app, Text { label: "ServiceAccount name", field: &p("service_account"), value: &w.service_account,
            hint: "The Kubernetes identity of the pod. Its annotation names the managed identity to use.", ..Text::default() });
        fields::text(h, app, Text { label: "Managed identity name", field: &p("identity_name"), value: &w.identity_name,
            hint: "The Azure identity the app acts as. Roles are granted to it, never to the cluster.", ..Text::default() });
        fields::text(h, app, Text { label: "Federated credential name", field: &p("federated_credential_name"), value: &w.federated_credential_name,
            hint: "Tells Entra ID to trust tokens from this cluster for this ServiceAccount. It cannot be renamed later.", ..Text::default() });
        fields::field_findings(h, app, &format!("workloads[{i}]"));
        h.raw("<div class=\"actions\">");
        h.button("", "duplicate-workload", &i.to_string(), &format!("Duplicate {}", w.app_name));
        h.button("secondary", "remove-workload", &i.to_string(), &format!("Remove {}", w.app_name));
        h.raw("</div></section>");
    }
    h.button_with_id("add-workload", "", "add-workload", "", "Add a workload");
}
