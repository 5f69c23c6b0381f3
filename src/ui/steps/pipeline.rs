//! Deploy pipeline: an optional GitHub Actions workflow that deploys the manifests with an identity
//! of its own, trusted through OIDC (no secret), with rights in its namespaces only.

use leptos::prelude::*;

use crate::ui::chain::ChainFigure;

use crate::answers::{Pipeline as PipelineAnswers, PipelineTrigger};
use crate::catalog;
use crate::ui::fields::{self, CheckField, FieldFindings, SelectField, TextField};
use crate::ui::labels;
use crate::ui::state::AppState;

#[component]
pub fn Pipeline() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_pipeline = Memo::new(move |_| state.answers.with(|a| a.pipeline.is_some()));
    let add = move |_| {
        // The example is complete and clean; the user starts by naming their repository.
        state.edit(|a| a.pipeline = Some(PipelineAnswers::example(a)));
        crate::ui::browser::focus_new_after_render(&crate::ui::state::field_id("pipeline.repository"));
    };
    let remove = move |_| {
        let mut without = state.answers.get_untracked();
        without.pipeline = None;
        state.replace_answers(without, "Removed the deploy pipeline");
        crate::ui::browser::focus_after_render("add-pipeline");
    };
    view! {
        {super::heading("Deploy pipeline")}
        <p class="lead">"Optional. A CI pipeline that applies these manifests needs Azure rights too. Instead of a stored secret or a broad role, it gets a managed identity of its own: Entra ID trusts GitHub's token for one repository and one branch, tag or environment, and the identity may deploy into the namespaces you list and nowhere else."</p>
        <Show
            when=move || has_pipeline.get()
            fallback=move || view! {
                <button type="button" id="add-pipeline" on:click=add>"Add a GitHub Actions deploy pipeline"</button>
            }
        >
            <PipelineForm />
            <button type="button" class="secondary" on:click=remove>"Remove the deploy pipeline"</button>
        </Show>
        <ChainFigure />
    }
}

#[component]
fn PipelineForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let trigger = Memo::new(move |_| state.answers.with(|a| a.pipeline.as_ref().map(|p| p.trigger).unwrap_or_default()));
    let namespace_count = Memo::new(move |_| state.answers.with(|a| a.pipeline.as_ref().map_or(0, |p| p.namespaces.len())));
    let roles: Vec<(String, String)> =
        catalog::NAMESPACE_ROLES.iter().map(|(role, _)| (role.to_string(), role.to_string())).collect();
    let namespace_indexes = move || (0..namespace_count.get()).collect::<Vec<usize>>();
    let add_namespace = move |_| {
        state.edit(|a| {
            if let Some(p) = a.pipeline.as_mut() {
                p.namespaces.push(String::new());
            }
        });
        let field = format!("pipeline.namespaces[{}]", namespace_count.get_untracked() - 1);
        state.added(field.clone(), &field);
    };
    view! {
        <TextField label="GitHub repository (owner/name)" field="pipeline.repository" placeholder="contoso/orders"
            hint="The repository whose workflow deploys. Only that repository's tokens are trusted." />
        <SelectField label="What starts a deploy" field="pipeline.trigger"
            options=fields::options(&PipelineTrigger::ALL, PipelineTrigger::yaml_name, labels::trigger_label) />
        <Show when=move || trigger.get() != PipelineTrigger::PullRequest>
            <TextField label="Branch or tag" field="pipeline.ref_pattern" placeholder="main"
                hint="As GitHub filters it, such as main or v*. Without an environment, only an exact name can be trusted." />
        </Show>
        <TextField label="GitHub environment (recommended)" field="pipeline.environment" placeholder="production"
            hint="The deploy job runs in this environment, and Entra ID trusts the environment: its protection rules (reviewers, branches) then guard every deploy." />
        <TextField label="Pipeline managed identity name" field="pipeline.identity_name"
            hint="The Azure identity the workflow signs in as. It is the pipeline's own, never an app's." />
        <TextField label="Pipeline federated credential name" field="pipeline.federated_credential_name"
            hint="Trusts GitHub's token for the repository and branch, tag or environment above. It cannot be renamed later." />
        <fieldset>
            <legend>"Namespaces it deploys to"</legend>
            <For each=namespace_indexes key=|i| *i let:i>
                <NamespaceRow index=i />
            </For>
            <FieldFindings field="pipeline.namespaces" />
            <button type="button" id="add-pipeline-namespace" on:click=add_namespace>"Add a namespace"</button>
        </fieldset>
        <SelectField label="Its role in each namespace" field="pipeline.deploy_role" options=roles
            hint="Writer lets it create and change workloads, but not roles or role bindings." />
        <CheckField label="The pipeline pushes images to the cluster's registry" field="pipeline.push_images"
            hint="Adds AcrPush on that registry only." />
        <FieldFindings field="pipeline" />
    }
}

#[component]
fn NamespaceRow(index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let remove = move |_| {
        let old = state.answers.get_untracked();
        state.edit(|a| {
            if let Some(p) = a.pipeline.as_mut().filter(|p| index < p.namespaces.len()) {
                p.namespaces.remove(index);
            }
        });
        state.removed(old, format!("namespace {}", index + 1));
        crate::ui::browser::focus_after_render("add-pipeline-namespace");
    };
    view! {
        <div class="row">
            <TextField label=format!("Namespace {}", index + 1) field=format!("pipeline.namespaces[{index}]") />
            <button type="button" class="secondary" on:click=remove>{format!("Remove namespace {}", index + 1)}</button>
        </div>
    }
}
