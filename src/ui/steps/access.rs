//! Access: what each app may do, on which resource. The least-privileged role is preselected; any
//! catalog role can be chosen and is judged by the validator.

use crate::answers::{AccessGrant, AccessNeed, ScopeLevel, TargetKind};
use crate::catalog;
use crate::ui::fields::{self, Text};
use crate::ui::html::Html;
use crate::ui::labels;
use crate::ui::state::App;

/// Changing what the grant is for resets the role to the recommended one for the new combination.
pub fn retarget(grant: &mut AccessGrant, target: TargetKind, need: AccessNeed) {
    let info = catalog::target(target);
    let need = if info.needs.contains(&need) { need } else { info.needs.first().copied().unwrap_or(need) };
    grant.target = target;
    grant.need = need;
    if let Some(role) = info.recommended_role(need) {
        grant.role = role.to_string();
    }
}

pub fn new_grant() -> AccessGrant {
    let mut grant = AccessGrant {
        target: TargetKind::StorageBlob,
        resource_name: String::new(),
        resource_group: String::new(),
        sub_resource: String::new(),
        need: AccessNeed::Read,
        role: String::new(),
        scope: ScopeLevel::Resource,
    };
    retarget(&mut grant, TargetKind::StorageBlob, AccessNeed::Read);
    grant
}

/// The roles that work on the target first, the recommended one marked; then every other catalog
/// role, so an over-broad choice can be made and is judged rather than hidden.
fn role_options(x: &AccessGrant) -> Vec<(&str, String)> {
    let info = catalog::target(x.target);
    let recommended = info.recommended_role(x.need);
    let mut options: Vec<(&str, String)> = info
        .roles
        .iter()
        .map(|r| (*r, if Some(*r) == recommended { format!("{r} (recommended)") } else { r.to_string() }))
        .collect();
    for r in catalog::roles() {
        if !info.roles.contains(&r.name) {
            options.push((r.name, format!("{} (not for this target)", r.name)));
        }
    }
    if !x.role.is_empty() && !options.iter().any(|(v, _)| *v == x.role) {
        options.insert(0, (x.role.as_str(), format!("{} (unknown role)", x.role)));
    }
    options
}

fn grant(h: &mut Html, app: &App, w: usize, g: usize, x: &AccessGrant) {
    let p = |name: &str| format!("workloads[{w}].grants[{g}].{name}");
    let info = catalog::target(x.target);
    h.raw("<fieldset class=\"grant\"><legend>Access ").num(g + 1).raw("</legend>");
    let targets = TargetKind::ALL.iter().map(|t| (t.yaml_name(), catalog::target(*t).label.to_string()));
    fields::select(h, app, "Azure service", &p("target"), targets, x.target.yaml_name(), "");
    let needs = info.needs.iter().map(|n| (n.yaml_name(), labels::need_label(*n).to_string()));
    fields::select(h, app, "What the app needs to do", &p("need"), needs, x.need.yaml_name(), "");
    fields::text(h, app, Text { label: &format!("{} name", info.resource_label), field: &p("resource_name"), value: &x.resource_name, ..Text::default() });
    fields::text(h, app, Text { label: "Resource group of that resource (optional)", field: &p("resource_group"), value: &x.resource_group,
        placeholder: "same as the cluster", ..Text::default() });
    if let Some(sub_label) = info.sub_resource_label {
        fields::text(h, app, Text { label: &format!("{sub_label} (optional)"), field: &p("sub_resource"), value: &x.sub_resource,
            hint: "Name one item inside the resource and the role covers only that one. Narrower is safer.", ..Text::default() });
    }
    fields::select(h, app, "Role", &p("role"), role_options(x), &x.role, "Preselected: the least-privileged built-in role for the need above.");
    h.raw("<p class=\"role-summary\" aria-live=\"polite\">");
    if let Some(r) = catalog::role_by_name(&x.role) {
        h.esc(r.name).raw(": ").esc(r.summary);
    }
    h.raw("</p>");
    fields::select(h, app, "Scope", &p("scope"), fields::options(&ScopeLevel::ALL, ScopeLevel::yaml_name, labels::scope_label), x.scope.yaml_name(), "");
    fields::field_findings(h, app, &format!("workloads[{w}].grants[{g}]"));
    h.button("secondary", "remove-grant", &format!("{w}.{g}"), &format!("Remove access {}", g + 1)).raw("</fieldset>");
}

pub fn render(h: &mut Html, app: &App) {
    super::heading(h, "Access");
    h.raw("<p class=\"lead\">Grant each app exactly what it needs, on exactly the resource it uses. Say what the app does and the wizard picks the narrowest built-in role. Roles that could hand out access, read account keys or change everything are refused or flagged, with a narrower choice you can apply in one click.</p>");
    for (w, workload) in app.answers.workloads.iter().enumerate() {
        h.raw("<section class=\"workload\" aria-labelledby=\"access-").num(w).raw("-heading\"><h2 id=\"access-").num(w);
        h.raw("-heading\">What ").esc(&workload.app_name).raw(" may access</h2>");
        fields::field_findings(h, app, &format!("workloads[{w}].grants"));
        for (g, x) in workload.grants.iter().enumerate() {
            grant(h, app, w, g, x);
        }
        h.button_with_id(&format!("add-grant-{w}"), "", "add-grant", &w.to_string(), &format!("Add access for {}", workload.app_name)).raw("</section>");
    }
}
