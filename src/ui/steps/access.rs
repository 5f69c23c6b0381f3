//! Access: what each app may do, on which resource. The least-privileged role is preselected; any
//! catalog role can be chosen and is judged by the validator.

use crate::answers::{AccessGrant, AccessNeed, Answers, ScopeLevel, TargetKind};
use crate::catalog;
use leptos::prelude::*;

use crate::ui::bind;
use crate::ui::fields::{FieldFindings, SelectField, TextField};
use crate::ui::labels::{self, SCOPES};
use crate::ui::state::AppState;

fn grant(a: &Answers, w: usize, g: usize) -> Option<&AccessGrant> {
    a.workloads.get(w)?.grants.get(g)
}

fn grant_mut(a: &mut Answers, w: usize, g: usize) -> Option<&mut AccessGrant> {
    a.workloads.get_mut(w)?.grants.get_mut(g)
}

/// Changing what the grant is for resets the role to the recommended one for the new combination.
fn retarget(grant: &mut AccessGrant, target: TargetKind, need: AccessNeed) {
    let info = catalog::target(target);
    let need = if info.needs.contains(&need) { need } else { info.needs.first().copied().unwrap_or(need) };
    grant.target = target;
    grant.need = need;
    if let Some(role) = info.recommended_role(need) {
        grant.role = role.to_string();
    }
}

fn new_grant() -> AccessGrant {
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

#[component]
fn GrantEditor(w: usize, g: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let p = move |name: &str| format!("workloads[{w}].grants[{g}].{name}");
    let target = Memo::new(move |_| state.answers.with(|a| grant(a, w, g).map(|x| x.target)));
    let need = Memo::new(move |_| state.answers.with(|a| grant(a, w, g).map(|x| x.need)));

    let (target_value, set_target) = bind::choice(state, &TargetKind::ALL, labels::target_value, move |a| grant(a, w, g).map(|x| x.target), move |a, t| {
        if let Some(x) = grant_mut(a, w, g) {
            let need = x.need;
            retarget(x, t, need)
        }
    });
    let (need_value, set_need) = bind::choice(state, &AccessNeed::ALL, labels::need_value, move |a| grant(a, w, g).map(|x| x.need), move |a, n| {
        if let Some(x) = grant_mut(a, w, g) {
            let target = x.target;
            retarget(x, target, n)
        }
    });
    let (scope, set_scope) = bind::choice(state, &SCOPES, labels::scope_value, move |a| grant(a, w, g).map(|x| x.scope), move |a, s| {
        if let Some(x) = grant_mut(a, w, g) {
            x.scope = s
        }
    });
    let text = |read: fn(&AccessGrant) -> &String, field: fn(&mut AccessGrant) -> &mut String| {
        bind::item_text(state, move |a: &Answers| grant(a, w, g), move |a: &mut Answers| grant_mut(a, w, g), field, read)
    };
    let (role, set_role) = text(|x| &x.role, |x| &mut x.role);
    let (resource, set_resource) = text(|x| &x.resource_name, |x| &mut x.resource_name);
    let (rg, set_rg) = text(|x| &x.resource_group, |x| &mut x.resource_group);
    let (sub, set_sub) = text(|x| &x.sub_resource, |x| &mut x.sub_resource);

    let target_options = Signal::derive(|| {
        TargetKind::ALL.iter().map(|t| (labels::target_value(*t).to_string(), catalog::target(*t).label.to_string())).collect()
    });
    let need_options = Signal::derive(move || {
        target
            .get()
            .map(|t| {
                catalog::target(t)
                    .needs
                    .iter()
                    .map(|n| (labels::need_value(*n).to_string(), labels::need_label(*n).to_string()))
                    .collect()
            })
            .unwrap_or_default()
    });
    // The roles that work on the target first, the recommended one marked; then every other catalog
    // role, so an over-broad choice can be made and is judged rather than hidden.
    let role_options = Signal::derive(move || {
        let (Some(t), Some(n)) = (target.get(), need.get()) else { return Vec::new() };
        let info = catalog::target(t);
        let recommended = info.recommended_role(n);
        let mut options: Vec<(String, String)> = info
            .roles
            .iter()
            .map(|r| {
                let text = if Some(*r) == recommended { format!("{r} (recommended)") } else { r.to_string() };
                (r.to_string(), text)
            })
            .collect();
        for r in catalog::roles() {
            if !info.roles.contains(&r.name) {
                options.push((r.name.to_string(), format!("{} (not for this target)", r.name)));
            }
        }
        let current = role.get();
        if !current.is_empty() && !options.iter().any(|(v, _)| *v == current) {
            options.insert(0, (current.clone(), format!("{current} (unknown role)")));
        }
        options
    });
    let resource_label = Memo::new(move |_| target.get().map(|t| catalog::target(t).resource_label).unwrap_or("Resource"));
    let sub_label = Memo::new(move |_| target.get().and_then(|t| catalog::target(t).sub_resource_label));

    view! {
        <fieldset class="grant">
            <legend>{move || format!("Access {}", g + 1)}</legend>
            <SelectField label="Azure service" field=p("target") options=target_options value=target_value set=set_target />
            <SelectField label="What the app needs to do" field=p("need") options=need_options value=need_value set=set_need />
            <TextField label=Signal::derive(move || format!("{} name", resource_label.get())) field=p("resource_name")
                value=resource set=set_resource />
            <TextField label="Resource group of that resource (optional)" field=p("resource_group") value=rg set=set_rg
                placeholder="same as the cluster" />
            <Show when=move || sub_label.get().is_some()>
                <TextField label=Signal::derive(move || format!("{} (optional)", sub_label.get().unwrap_or("Item")))
                    field=p("sub_resource") value=sub set=set_sub
                    hint="Name one item inside the resource and the role covers only that one. Narrower is safer." />
            </Show>
            <SelectField label="Role" field=p("role") options=role_options value=role set=set_role
                hint="Preselected: the least-privileged built-in role for the need above." />
            <p class="role-summary" aria-live="polite">
                {move || catalog::role_by_name(&role.get()).map(|r| format!("{}: {}", r.name, r.summary))}
            </p>
            <SelectField label="Scope" field=p("scope")
                options=Signal::derive(|| bind::options(&SCOPES, labels::scope_value, labels::scope_label))
                value=scope set=set_scope />
            <FieldFindings field=format!("workloads[{w}].grants[{g}]") />
            <button type="button" class="secondary" on:click=move |_| state.answers.update(|a| {
                if let Some(wl) = a.workloads.get_mut(w) { if g < wl.grants.len() { wl.grants.remove(g); } }
            })>{move || format!("Remove access {}", g + 1)}</button>
        </fieldset>
    }
}

#[component]
fn WorkloadAccess(w: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| state.answers.with(|a| a.workloads.get(w).map(|x| x.grants.len()).unwrap_or(0)));
    let name = Memo::new(move |_| state.answers.with(|a| a.workloads.get(w).map(|x| x.app_name.clone()).unwrap_or_default()));
    let labelled_by = format!("access-{w}-heading");
    let heading_id = labelled_by.clone();
    view! {
        <section class="workload" aria-labelledby=labelled_by>
            <h2 id=heading_id>{move || format!("What {} may access", name.get())}</h2>
            <FieldFindings field=format!("workloads[{w}].grants") />
            {move || (0..count.get()).map(|g| view! { <GrantEditor w=w g=g /> }).collect_view()}
            <button type="button" on:click=move |_| state.answers.update(|a| {
                if let Some(wl) = a.workloads.get_mut(w) { wl.grants.push(new_grant()) }
            })>{move || format!("Add access for {}", name.get())}</button>
        </section>
    }
}

#[component]
pub fn AccessStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| state.answers.with(|a| a.workloads.len()));
    view! {
        <h1 id="step-heading" tabindex="-1">"Access"</h1>
        <p class="lead">
            "Grant each app exactly what it needs, on exactly the resource it uses. Say what the app does and the wizard picks the narrowest built-in role. Roles that could hand out access, read account keys or change everything are refused or flagged, with a narrower choice you can apply in one click."
        </p>
        {move || (0..count.get()).map(|w| view! { <WorkloadAccess w=w /> }).collect_view()}
    }
}
