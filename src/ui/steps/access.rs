//! Access: what each app may do, on which resource. The least-privileged role is preselected; any
//! catalog role can be chosen and is judged by the validator.

use leptos::prelude::*;

use crate::ui::chain::ChainFigure;

use crate::answers::{AccessGrant, AccessNeed, ScopeLevel, TargetKind};
use crate::catalog;
use crate::ui::browser;
use crate::ui::fields::{self, FieldFindings, SelectField, TextField};
use crate::ui::labels;
use crate::ui::state::AppState;

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
fn role_options(x: &AccessGrant) -> Vec<(String, String)> {
    let info = catalog::target(x.target);
    let recommended = info.recommended_role(x.need);
    let mut options: Vec<(String, String)> = info
        .roles
        .iter()
        .map(|r| (r.to_string(), if Some(*r) == recommended { format!("{r} (recommended)") } else { r.to_string() }))
        .collect();
    for r in catalog::roles() {
        if !info.roles.contains(&r.name) {
            options.push((r.name.to_string(), format!("{} (not for this target)", r.name)));
        }
    }
    if !x.role.is_empty() && !options.iter().any(|(v, _)| *v == x.role) {
        options.insert(0, (x.role.clone(), format!("{} (unknown role)", x.role)));
    }
    options
}

#[component]
pub fn Access() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {super::heading("Access")}
        <p class="lead">"Grant each app exactly what it needs, on exactly the resource it uses. Say what the app does and the wizard picks the narrowest built-in role. Roles that could hand out access, read account keys or change everything are refused or flagged, with a narrower choice you can apply in one click."</p>
        <For each=move || state.keys.with(|k| k.workloads.iter().map(|w| w.id).collect::<Vec<_>>()) key=|id| *id let:id>
            <WorkloadAccess id=id />
        </For>
        <ChainFigure />
    }
}

/// One workload's grants.
#[component]
fn WorkloadAccess(id: u32) -> impl IntoView {
    let state = expect_context::<AppState>();
    let index = Memo::new(move |_| state.keys.with(|k| k.workload_index(id)).unwrap_or(0));
    let app_name = Memo::new(move |_| state.answers.with(|a| a.workloads.get(index.get()).map(|w| w.app_name.clone()).unwrap_or_default()));
    let heading_id = move || format!("access-{}-heading", index.get());
    let add = move |_| {
        let i = index.get_untracked();
        let mut added = None;
        state.edit(|a| {
            if let Some(w) = a.workloads.get_mut(i) {
                w.grants.push(new_grant());
                added = Some(format!("workloads[{i}].grants[{}]", w.grants.len() - 1));
            }
        });
        if let Some(item) = added {
            let first = format!("{item}.target");
            state.added(item, &first);
        }
    };
    let grants = move || {
        state.keys.with(|k| k.workload_index(id).map(|w| k.workloads[w].grants.clone()).unwrap_or_default())
    };
    view! {
        <section class="workload" aria-labelledby=heading_id>
            <h2 id=heading_id>{move || format!("What {} may access", app_name.get())}</h2>
            <FieldFindings field=Signal::derive(move || format!("workloads[{}].grants", index.get())) />
            <For each=grants key=|g| *g let:grant>
                <Grant workload=id grant=grant />
            </For>
            <button type="button" id=move || format!("add-grant-{}", index.get()) on:click=add>
                {move || format!("Add access for {}", app_name.get())}
            </button>
        </section>
    }
}

/// One grant: the service, the need, the resource, the role and the scope.
#[component]
fn Grant(workload: u32, grant: u32) -> impl IntoView {
    let state = expect_context::<AppState>();
    let at = Memo::new(move |_| state.keys.with(|k| k.grant_index(workload, grant)).unwrap_or((0, 0)));
    let current = Memo::new(move |_| {
        let (w, g) = at.get();
        state.answers.with(|a| a.workloads.get(w).and_then(|x| x.grants.get(g)).cloned())
    });
    let target = Memo::new(move |_| current.with(|x| x.as_ref().map(|x| x.target)).unwrap_or(TargetKind::StorageBlob));
    let path = move |name: &'static str| Signal::derive(move || {
        let (w, g) = at.get();
        format!("workloads[{w}].grants[{g}].{name}")
    });
    let targets: Vec<(String, String)> =
        TargetKind::ALL.iter().map(|t| (t.yaml_name().to_string(), catalog::target(*t).label.to_string())).collect();
    let needs = Signal::derive(move || {
        catalog::target(target.get()).needs.iter().map(|n| (n.yaml_name().to_string(), labels::need_label(*n).to_string())).collect::<Vec<_>>()
    });
    let roles = Signal::derive(move || current.with(|x| x.as_ref().map(role_options).unwrap_or_default()));
    let role_summary = move || {
        current.with(|x| {
            x.as_ref().and_then(|x| catalog::role_by_name(&x.role)).map(|r| format!("{}: {}", r.name, r.summary)).unwrap_or_default()
        })
    };
    let remove = move |_| {
        let (w, g) = at.get_untracked();
        let old = state.answers.get_untracked();
        state.edit_rows(|a, k| {
            if let Some(x) = a.workloads.get_mut(w).filter(|x| g < x.grants.len()) {
                x.grants.remove(g);
                k.remove_grant(w, g);
            }
        });
        state.removed(old, format!("access {}", g + 1));
        // The pressed button is gone with its grant: focus goes to the list's Add button.
        browser::focus_after_render(&format!("add-grant-{w}"));
    };
    // Leaving a just-added access entry (focus goes outside it) judges it.
    let left = move |ev: leptos::ev::FocusEvent| {
        use wasm_bindgen::JsCast;
        let Some(here) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()) else { return };
        let to = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if !to.is_some_and(|to| here.contains(Some(&to))) {
            // A focusout also comes when the entry leaves the page, after its values are gone.
            let Some((w, g)) = at.try_get_untracked() else { return };
            let item = format!("workloads[{w}].grants[{g}]");
            if state.fresh.with_untracked(|f| f.as_deref() == Some(item.as_str())) {
                state.fresh.set(None);
            }
        }
    };
    view! {
        <fieldset class="grant" on:focusout=left>
            <legend>{move || format!("Access {}", at.get().1 + 1)}</legend>
            <SelectField label="Azure service" field=path("target") options=targets />
            <SelectField label="What the app needs to do" field=path("need") options=needs />
            <TextField label=Signal::derive(move || format!("{} name", catalog::target(target.get()).resource_label)) field=path("resource_name") />
            <TextField label="Resource group of that resource (optional)" field=path("resource_group") placeholder="same as the cluster" />
            {move || catalog::target(target.get()).sub_resource_label.map(|sub| view! {
                <TextField label=format!("{sub} (optional)") field=path("sub_resource")
                    hint="Name one item inside the resource and the role covers only that one. Narrower is safer." />
            })}
            <SelectField label="Role" field=path("role") options=roles hint="Preselected: the least-privileged built-in role for the need above." />
            <p class="role-summary" aria-live="polite">{role_summary}</p>
            <SelectField label="Scope" field=path("scope") options=fields::options(&ScopeLevel::ALL, ScopeLevel::yaml_name, labels::scope_label) />
            <FieldFindings field=Signal::derive(move || { let (w, g) = at.get(); format!("workloads[{w}].grants[{g}]") }) />
            <button type="button" class="secondary" on:click=remove>{move || format!("Remove access {}", at.get().1 + 1)}</button>
        </fieldset>
    }
}
