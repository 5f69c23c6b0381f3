//! One component per wizard step.

mod access;
mod admin;
mod cluster;
mod pipeline;
mod review;
mod start;
mod tenant;
mod workloads;
mod workshop;

pub use access::retarget;
pub use start::load_index as load_presets;

use leptos::prelude::*;

use super::state::{AppState, Step};

/// The open step's form.
#[component]
pub fn CurrentStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.step.get() {
        Step::Start => view! { <start::Start /> }.into_any(),
        Step::Tenant => view! { <tenant::Tenant /> }.into_any(),
        Step::Admin => view! { <admin::Admin /> }.into_any(),
        Step::Cluster => view! { <cluster::Cluster /> }.into_any(),
        Step::Workloads => view! { <workloads::Workloads /> }.into_any(),
        Step::Access => view! { <access::Access /> }.into_any(),
        Step::Pipeline => view! { <pipeline::Pipeline /> }.into_any(),
        Step::Review => view! { <review::Review /> }.into_any(),
    }
}

/// The step's heading: focus lands here when the step opens.
fn heading(title: &'static str) -> impl IntoView {
    view! { <h1 id="step-heading" tabindex="-1">{title}</h1> }
}
