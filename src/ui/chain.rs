//! The identity chain as a picture, with the same in words under it; redrawn from the answers on
//! every change, findings on the elements they concern (those still being typed wait, as in the form).

use leptos::prelude::*;

use crate::generate::chain;
use crate::validate::Finding;

use super::browser;
use super::state::AppState;

#[component]
pub fn ChainFigure() -> impl IntoView {
    let state = expect_context::<AppState>();
    let picture = Memo::new(move |_| {
        let judged: Vec<Finding> = state.findings.with(|all| all.iter().filter(|f| !state.waits(&f.field)).cloned().collect());
        state.answers.with(|a| chain::chain(a, &judged))
    });
    view! {
        <figure class="chain-figure" aria-labelledby="chain-caption">
            <figcaption id="chain-caption">
                <h2>"Your identity chain"</h2>
                <p class="hint">"Who can administer the cluster, and for each app: pod, ServiceAccount, federated credential, managed identity, then each role and what it is on. A marked element has a finding; hover it (or read the list) for what it says."</p>
            </figcaption>
            <div class="chain-scroll" tabindex="0" role="group" aria-label="The picture; scroll sideways when it is wider than the page"
                inner_html=move || picture.with(chain::svg)></div>
            <ul class="chain-words">
                {move || picture.with(chain::sentences).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ul>
            <button type="button" on:click=move |_| browser::print_only("chain")>"Print the picture"</button>
        </figure>
    }
}
