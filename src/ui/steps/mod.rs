//! One component per wizard step.

mod access;
mod admin;
mod cluster;
mod review;
mod start;
mod tenant;
mod workloads;

use leptos::prelude::*;

use super::state::Step;

pub fn render(step: Step) -> AnyView {
    match step {
        Step::Start => view! { <start::StartStep /> }.into_any(),
        Step::Tenant => view! { <tenant::TenantStep /> }.into_any(),
        Step::Admin => view! { <admin::AdminStep /> }.into_any(),
        Step::Cluster => view! { <cluster::ClusterStep /> }.into_any(),
        Step::Workloads => view! { <workloads::WorkloadsStep /> }.into_any(),
        Step::Access => view! { <access::AccessStep /> }.into_any(),
        Step::Review => view! { <review::ReviewStep /> }.into_any(),
    }
}
