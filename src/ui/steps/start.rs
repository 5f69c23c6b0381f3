//! Start: resume, pick a preset, or begin from the built-in example.

use crate::answers::{self, Answers};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;

use crate::ui::state::{AppState, NoticeKind, Step};

/// One entry of `presets/index.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PresetEntry {
    pub file: String,
    pub title: String,
    pub blurb: String,
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    response.text().await.map_err(|e| e.to_string())
}

async fn fetch_index() -> Result<Vec<PresetEntry>, String> {
    let text = fetch_text("presets/index.json").await?;
    // JSON is valid YAML, so the one YAML module reads it without pulling a JSON parser into the app.
    crate::yaml::from_str::<Vec<PresetEntry>>(&text).map_err(|e| e.to_string())
}

/// Presets must name a plain file in the presets folder; anything else is refused.
fn safe_preset_file(file: &str) -> bool {
    !file.is_empty()
        && file.ends_with(".yaml")
        && file.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !file.contains("..")
}

#[component]
pub fn StartStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let presets = LocalResource::new(fetch_index);
    let loading = RwSignal::new(None::<String>);

    let load_preset = move |entry: PresetEntry| {
        if !safe_preset_file(&entry.file) {
            state.notify(NoticeKind::Problem, format!("The preset file name {:?} is not allowed.", entry.file));
            return;
        }
        loading.set(Some(entry.title.clone()));
        spawn_local(async move {
            let result = fetch_text(&format!("presets/{}", entry.file)).await;
            loading.set(None);
            match result.and_then(|text| answers::from_yaml(&text).map_err(|e| e.to_string())) {
                Ok(preset) => {
                    state.replace_answers(preset, &format!("Loaded the preset \u{201c}{}\u{201d}", entry.title));
                    state.step.set(Step::Tenant);
                }
                Err(error) => state.notify(
                    NoticeKind::Problem,
                    format!("The preset \u{201c}{}\u{201d} could not be loaded ({error}). Your answers are unchanged.", entry.title),
                ),
            }
        });
    };

    view! {
        <h1 id="step-heading" tabindex="-1">"Set up AKS with Entra ID and Workload Identity"</h1>
        <p class="lead">
            "This wizard builds a least-privilege Azure Kubernetes Service setup: people sign in to the cluster with their Microsoft Entra ID accounts, and your apps reach Azure services with a managed identity instead of stored secrets. You answer a few questions; it writes the az commands, the Kubernetes manifests and a walkthrough in your own names."
        </p>
        <p class="privacy">
            "Everything happens in this browser tab. Nothing you type is sent anywhere; your answers are saved in this browser only."
        </p>
        <section aria-labelledby="resume-heading" class="start-card">
            <h2 id="resume-heading">{if state.resumed { "Continue where you left off" } else { "Start with the example" }}</h2>
            <p>
                {if state.resumed {
                    "Your answers from your last visit are here. Pick up where you stopped; they keep saving as you go."
                } else {
                    "The steps are already filled with a complete, valid example: one new cluster and one app that reads files from a blob container. Change what differs for you; your answers are saved as you go."
                }}
            </p>
            <button type="button" class="primary" on:click=move |_| state.step.set(Step::Tenant)>
                "Continue with my answers"
            </button>
        </section>
        <section aria-labelledby="presets-heading">
            <h2 id="presets-heading">"Start from a preset"</h2>
            <p>"A preset fills in every step with a complete, valid example that you then adjust."</p>
            {move || loading.get().map(|t| view! { <p role="status">"Loading \u{201c}"{t}"\u{201d}\u{2026}"</p> })}
            <Suspense fallback=|| view! { <p role="status">"Loading presets\u{2026}"</p> }>
                {move || {
                    presets.get().map(|result| match result {
                        Ok(entries) => view! {
                            <ul class="presets">
                                {entries.into_iter().map(|entry| {
                                    let e = entry.clone();
                                    view! {
                                        <li>
                                            <h3>{entry.title.clone()}</h3>
                                            <p>{entry.blurb.clone()}</p>
                                            <button type="button" on:click=move |_| load_preset(e.clone())>
                                                {format!("Use preset: {}", entry.title)}
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! {
                            <p class="finding warning" role="status">
                                "The presets could not be loaded (" {error} "). The built-in example below still works."
                            </p>
                        }.into_any(),
                    })
                }}
            </Suspense>
        </section>
        <section aria-labelledby="example-heading">
            <h2 id="example-heading">"Start from the example"</h2>
            <p>"One new cluster and one app that reads files from a blob container. Good for a first look."</p>
            <button type="button" on:click=move |_| {
                state.replace_answers(Answers::default(), "Started from the built-in example");
                state.step.set(Step::Tenant);
            }>"Start from the example"</button>
        </section>
    }
}
