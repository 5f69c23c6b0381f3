//! Getting work in and out: the zip, answers.yaml export and import (picker or drag-and-drop), share
//! links and starting over. Imports that fail leave the current work untouched.

use crate::answers::{self, Answers};
use crate::generate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::browser;
use super::state::{AppState, NoticeKind, Step, SHARE_PREFIX};

pub const ZIP_NAME: &str = "aks-identity-setup.zip";

/// Explains why the outputs are blocked and links to each error's field.
#[component]
pub fn BlockedReason() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="blocked" role="status">
            <p><strong>"The files are not generated while an error remains."</strong>" Fix these first:"</p>
            <ul>
                {move || {
                    state.bundle.with(|(_, current)| match current {
                        Ok(_) => Vec::new(),
                        Err(errors) => errors.clone(),
                    })
                    .into_iter()
                    .map(|f| {
                        let field = f.field.clone();
                        view! {
                            <li>
                                <button type="button" class="link" on:click=move |_| state.go_to_field(&field)>
                                    {f.message.clone()}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()
                }}
            </ul>
        </div>
    }
}

/// Download everything as one zip.
#[component]
pub fn DownloadAll() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ready = Memo::new(move |_| state.bundle.with(|(_, current)| current.is_ok()));
    let download = move |_| {
        state.bundle.with_untracked(|(_, current)| {
            if let Ok(files) = current {
                let bytes = generate::zip(files);
                if let Err(error) = browser::download(ZIP_NAME, &bytes, "application/zip") {
                    state.notify(NoticeKind::Problem, format!("The download failed: {error}."));
                }
            }
        })
    };
    view! {
        <Show when=move || ready.get() fallback=|| view! { <BlockedReason /> }>
            <button type="button" class="primary" on:click=download>
                "Download all files (" {ZIP_NAME} ")"
            </button>
        </Show>
    }
}

/// Share link, answers.yaml export and import, start over.
#[component]
pub fn AnswersTools() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share_link = Memo::new(move |_| {
        format!("{}{}{}", browser::page_url(), SHARE_PREFIX, state.answers.with(answers::to_share))
    });
    let import_error = RwSignal::new(None::<String>);
    let confirm_start_over = RwSignal::new(false);
    let dragging = RwSignal::new(false);

    let import_text = move |name: String, text: String| match answers::from_yaml(&text) {
        Ok(imported) => {
            import_error.set(None);
            state.replace_answers(imported, &format!("Imported {name}"));
        }
        Err(error) => import_error.set(Some(format!(
            "{name} was not imported: {error}. Your current answers are unchanged."
        ))),
    };
    let import_file = move |file: web_sys::File| {
        let name = file.name();
        spawn_local(async move {
            match browser::read_file_text(file).await {
                Ok(text) => import_text(name, text),
                Err(error) => import_error.set(Some(format!("{name} was not imported: {error}."))),
            }
        });
    };

    view! {
        <section aria-labelledby="share-heading">
            <h2 id="share-heading">"Share these answers"</h2>
            <p class="hint" id="share-hint">
                "The answers travel inside the link, after the #, which browsers never send to a server. Anyone who opens it gets a copy to change; their changes do not come back to you."
            </p>
            <label for="share-link">"Share link"</label>
            <input id="share-link" type="text" readonly aria-describedby="share-hint" prop:value=move || share_link.get() />
            <button type="button" on:click=move |_| {
                let link = share_link.get_untracked();
                spawn_local(async move {
                    match browser::copy_text(&link).await {
                        Ok(()) => state.notify(NoticeKind::Info, "Share link copied."),
                        Err(e) => state.notify(NoticeKind::Problem, format!("Could not copy: {e}.")),
                    }
                });
            }>"Copy share link"</button>
        </section>
        <section aria-labelledby="answers-heading">
            <h2 id="answers-heading">"Save or load answers"</h2>
            <button type="button" on:click=move |_| {
                let text = state.answers.with_untracked(answers::to_yaml);
                if let Err(e) = browser::download("answers.yaml", text.as_bytes(), "application/yaml") {
                    state.notify(NoticeKind::Problem, format!("The download failed: {e}."));
                }
            }>"Export answers.yaml"</button>
            <div
                class=move || if dragging.get() { "dropzone dragging" } else { "dropzone" }
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(false);
                    if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                        import_file(file);
                    }
                }
            >
                <label for="import-file">"Import answers.yaml"</label>
                <input id="import-file" type="file" accept=".yaml,.yml,application/yaml,text/yaml"
                    aria-describedby="import-hint import-error"
                    on:change=move |ev| {
                        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                        if let Some(input) = input {
                            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                                import_file(file);
                            }
                            // Allow importing the same file again after fixing it.
                            input.set_value("");
                        }
                    }
                />
                <p class="hint" id="import-hint">"Or drop a file here. A file with mistakes is not loaded; your current answers stay as they are."</p>
                <p id="import-error" class="finding error" role="alert" hidden=move || import_error.get().is_none()>
                    {move || import_error.get().unwrap_or_default()}
                </p>
            </div>
        </section>
        <section aria-labelledby="over-heading">
            <h2 id="over-heading">"Start over"</h2>
            <Show
                when=move || confirm_start_over.get()
                fallback=move || view! {
                    <button type="button" class="secondary" on:click=move |_| confirm_start_over.set(true)>
                        "Start over\u{2026}"
                    </button>
                }
            >
                <p role="alert">"Replace all your answers with the example? You can undo this right after."</p>
                <button type="button" class="danger" on:click=move |_| {
                    confirm_start_over.set(false);
                    state.replace_answers(Answers::default(), "Started over");
                    state.step.set(Step::Start);
                }>"Yes, start over"</button>
                <button type="button" on:click=move |_| confirm_start_over.set(false)>"Keep my answers"</button>
            </Show>
        </section>
    }
}
