//! Start: resume, pick a preset, or begin from the built-in example.

use leptos::prelude::*;

use crate::answers::{self, Answers};
use crate::ui::state::{AppState, NoticeKind, PresetEntry, Presets, Step};

/// Where the preset list is, next to the page.
const PRESET_INDEX: &str = "presets/index.json";

/// Presets must name a plain file in the presets folder; anything else is refused.
pub fn safe_preset_file(file: &str) -> bool {
    !file.is_empty()
        && file.ends_with(".yaml")
        && file.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !file.contains("..")
}

/// GETs a file from beside the page: its text, or why not in the user's words.
async fn fetch_text(url: &str) -> Result<String, String> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|_| "the request failed".to_string())?;
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    response.text().await.map_err(|_| "the answer could not be read".to_string())
}

/// Fetches the preset list once, when the app starts.
pub fn load_index(state: AppState) {
    leptos::task::spawn_local(async move {
        let result = fetch_text(PRESET_INDEX)
            .await
            .and_then(|text| crate::yaml::from_str::<Vec<PresetEntry>>(&text).map_err(|e| e.to_string()));
        state.presets.set(match result {
            Ok(entries) => Presets::Ready(entries),
            Err(error) => Presets::Failed(error),
        });
    });
}

/// Fetches a preset and loads it. An answer for a preset the user has since moved on from is dropped.
fn load_preset(state: AppState, entry: PresetEntry) {
    if !safe_preset_file(&entry.file) {
        state.notify(NoticeKind::Problem, format!("The preset file name \u{201c}{}\u{201d} is not allowed.", entry.file), None);
        return;
    }
    state.loading_preset.set(Some(entry.clone()));
    leptos::task::spawn_local(async move {
        let result = fetch_text(&format!("presets/{}", entry.file)).await;
        if state.loading_preset.get_untracked().as_ref() != Some(&entry) {
            return;
        }
        state.loading_preset.set(None);
        match result.and_then(|text| answers::from_yaml(&text).map_err(|e| e.to_string())) {
            Ok(preset) => {
                state.replace_answers(preset, &format!("Loaded the preset \u{201c}{}\u{201d}", entry.title));
                state.go_to_step(Step::Tenant);
            }
            Err(error) => state.notify(
                NoticeKind::Problem,
                format!("The preset \u{201c}{}\u{201d} could not be loaded ({error}). Your answers are unchanged.", entry.title),
                None,
            ),
        }
    });
}

#[component]
pub fn Start() -> impl IntoView {
    let state = expect_context::<AppState>();
    let example = move |_| {
        state.replace_answers(Answers::default(), "Started from the built-in example");
        state.go_to_step(Step::Tenant);
    };
    let resume = if state.resumed {
        view! {
            <h2 id="resume-heading">"Continue where you left off"</h2>
            <p>"Your answers from your last visit are here. Pick up where you stopped; they keep saving as you go."</p>
        }
        .into_any()
    } else {
        view! {
            <h2 id="resume-heading">"Start with the example"</h2>
            <p>"The steps are already filled with a complete, valid example: one new cluster and one app that reads files from a blob container. Change what differs for you; your answers are saved as you go."</p>
        }
        .into_any()
    };
    view! {
        {super::heading("Set up AKS with Entra ID and Workload Identity")}
        <p class="lead">"This wizard builds a least-privilege Azure Kubernetes Service setup: people sign in to the cluster with their Microsoft Entra ID accounts, and your apps reach Azure services with a managed identity instead of stored secrets. You answer a few questions; it writes the az commands, the Kubernetes manifests and a walkthrough in your own names."</p>
        <section aria-labelledby="resume-heading" class="start-card">
            {resume}
            <button type="button" class="primary" on:click=move |_| state.go_to_step(Step::Tenant)>
                // A first visit has no answers of its own to continue with.
                {if state.resumed { "Continue with my answers" } else { "Begin with the example" }}
            </button>
        </section>
        <p class="privacy">"Everything happens in this browser tab. Nothing you type is sent anywhere; your answers are saved in this browser only."</p>
        <section aria-labelledby="presets-heading">
            <h2 id="presets-heading">"Start from a preset"</h2>
            <p>"A preset fills in every step with a complete, valid example that you then adjust."</p>
            {move || state.loading_preset.get().map(|entry| view! {
                <p role="status">{format!("Loading \u{201c}{}\u{201d}\u{2026}", entry.title)}</p>
            })}
            {move || match state.presets.get() {
                Presets::Loading => view! { <p role="status">"Loading presets\u{2026}"</p> }.into_any(),
                Presets::Ready(entries) => view! {
                    <ul class="presets">
                        {entries.into_iter().map(|entry| {
                            let label = format!("Use preset: {}", entry.title);
                            let (title, blurb) = (entry.title.clone(), entry.blurb.clone());
                            view! {
                                <li>
                                    <h3>{title}</h3>
                                    <p>{blurb}</p>
                                    <button type="button" on:click=move |_| load_preset(state, entry.clone())>{label}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Presets::Failed(error) => view! {
                    <p class="finding warning" role="status">
                        {format!("The presets could not be loaded ({error}). The built-in example below still works.")}
                    </p>
                }.into_any(),
            }}
        </section>
        <section aria-labelledby="example-heading">
            <h2 id="example-heading">"Start from the example"</h2>
            <p>"One new cluster and one app that reads files from a blob container. Good for a first look."</p>
            <button type="button" on:click=example>"Start from the example"</button>
        </section>
    }
}
