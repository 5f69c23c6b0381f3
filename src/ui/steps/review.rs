//! Review & download: every finding in one list, the downloads, sharing, import and export.

use leptos::prelude::*;

use crate::ui::chain::ChainFigure;
use wasm_bindgen::JsCast;

use crate::answers::{self, Answers};
use crate::generate;
use crate::ui::browser;
use crate::ui::feedback::{self, Feedback, FeedbackText};
use crate::ui::fields::{severity_class, CheckField, FindingView};
use crate::ui::preview::BlockedReason;
use crate::ui::state::{field_id, AppState, Step};
use crate::validate::{self, Severity};

pub const ZIP_NAME: &str = "aks-identity-setup.zip";

#[component]
pub fn Review() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ready = Memo::new(move |_| state.bundle.with(|(_, now)| now.is_ok()));
    let summary = move || {
        state.findings.with(|all| {
            let count = |s| validate::count(all, s);
            let (e, w, i) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
            if e + w + i == 0 {
                "No problems found: every role is the narrowest that fits and every name is valid.".to_string()
            } else {
                let blocks = if e > 0 { " Errors block the download until fixed." } else { " Nothing blocks the download." };
                format!("{e} error(s), {w} warning(s), {i} note(s).{blocks}")
            }
        })
    };
    let zipped = Feedback::new();
    let zip = move |_| {
        let bytes = state.bundle.with_untracked(|(_, now)| now.as_ref().ok().map(|files| generate::zip(files)));
        if let Some(bytes) = bytes {
            feedback::download(zipped, ZIP_NAME, &bytes, "application/zip");
        }
    };
    let print = move |_| {
        state.preview_file.set("README.md".into());
        browser::print_after_render();
    };
    view! {
        {super::heading("Review & download")}
        <p class="lead">"Download the bundle, read its README.md, then run setup.sh (or setup.ps1) where the az CLI is signed in. verify.sh checks the result without changing anything; teardown.sh removes what setup created."</p>
        <section aria-labelledby="findings-heading">
            <h2 id="findings-heading">"Findings"</h2>
            <p role="status">{summary}</p>
            <ul class="findings">
                {move || state.findings.get().into_iter().enumerate().map(|(n, f)| {
                    let id = format!("review-{}-{n}", field_id(&f.field));
                    let class = severity_class(f.severity);
                    view! { <li class=class><FindingView finding=f id=id with_link=true /></li> }
                }).collect_view()}
            </ul>
        </section>
        <ChainFigure />
        <BeforeDownload />
        <section aria-labelledby="outputs-heading">
            <h2 id="outputs-heading">"What to set up with"</h2>
            <p class="hint">"The Kubernetes manifests, verify.sh, teardown.sh and the README come with every choice; the preview shows the files chosen."</p>
            <CheckField label="Setup scripts (setup.sh, setup.ps1)" field="outputs.scripts" />
            <CheckField label="Terraform" field="outputs.terraform" />
            <CheckField label="Bicep" field="outputs.bicep" />
            <Show when=move || state.answers.with(|a| !(a.outputs.scripts || a.outputs.terraform || a.outputs.bicep))>
                <p class="hint" role="status">"Nothing is ticked, so the bundle keeps the setup scripts: it needs one way to set things up."</p>
            </Show>
        </section>
        <section aria-labelledby="download-heading">
            <h2 id="download-heading">"Download"</h2>
            <Show when=move || ready.get() fallback=|| view! { <BlockedReason /> }>
                <button type="button" class="primary" on:click=zip>{format!("Download all files ({ZIP_NAME})")}</button>
            </Show>
            <FeedbackText feedback=zipped />
            <p class="hint">"Print the walkthrough (README.md): the print shows just that file, with its name."</p>
            <button type="button" on:click=print>"Print the walkthrough"</button>
            <Handouts />
        </section>
        <Share />
        <SaveLoad />
        <StartOver />
    }
}

/// A workshop's handouts, printed from the page: the trainer sheet, then a page per participant
/// (the same pages as the bundle's handouts.html). Made when asked for, not on every edit.
#[component]
fn Handouts() -> impl IntoView {
    let state = expect_context::<AppState>();
    let workshop = Memo::new(move |_| state.answers.with(|a| a.workshop.is_some()));
    let pages = RwSignal::new(String::new());
    let print = move |_| {
        let html = state.answers.with_untracked(|a| {
            let expanded = crate::answers::workshop::expand(a);
            generate::handouts::pages(&expanded, &generate::layout::layout(&expanded))
        });
        pages.set(html);
        browser::print_only("handouts");
    };
    view! {
        <Show when=move || workshop.get()>
            <p class="hint">"The handouts: a trainer sheet, then one page per participant with their namespace, identity and the commands to try. The same pages are in the bundle as handouts.html."</p>
            <button type="button" on:click=print>"Print the handouts"</button>
            <div class="handouts-print" inner_html=move || pages.get()></div>
        </Show>
    }
}

/// A short checklist before the download: example IDs left, the switches that cannot be undone, and
/// the Azure rights setup needs. Example IDs do not block the download; this says what they mean.
#[component]
fn BeforeDownload() -> impl IntoView {
    let state = expect_context::<AppState>();
    let examples = Memo::new(move |_| {
        state.findings.with(|all| all.iter().filter(|f| f.id == "guid.placeholder").cloned().collect::<Vec<_>>())
    });
    let one_way = Memo::new(move |_| {
        state.answers.with(|a| {
            let existing = (a.cluster.mode == crate::answers::ClusterMode::Existing).then_some(a.cluster.existing);
            let mut doors = Vec::new();
            if !existing.is_some_and(|e| e.entra_id) {
                doors.push("managed Entra ID");
            }
            if !existing.is_some_and(|e| e.oidc_issuer) {
                doors.push("the OIDC issuer");
            }
            doors
        })
    });
    view! {
        <section aria-labelledby="checklist-heading">
            <h2 id="checklist-heading">"Before you download"</h2>
            <ul class="checklist">
                {move || {
                    let left = examples.get();
                    if left.is_empty() {
                        view! { <li>"Every ID is your own: no example IDs are left."</li> }.into_any()
                    } else {
                        view! {
                            <li class="warning">
                                <strong>{format!("{} example ID(s) left. ", left.len())}</strong>
                                "You can download now, but the commands fail until you replace them:"
                                <ul>
                                    {left.into_iter().map(|f| view! {
                                        <li><button type="button" class="link" on:click=move |_| state.go_to_field(&f.field)>{f.message.clone()}</button></li>
                                    }).collect_view()}
                                </ul>
                            </li>
                        }.into_any()
                    }
                }}
                {move || {
                    let doors = one_way.get();
                    (!doors.is_empty()).then(|| view! {
                        <li>{format!("One-way: setup switches on {}, which cannot be switched off again.", doors.join(" and "))}</li>
                    })
                }}
                <li>"Creating or changing the cluster and the managed identities needs Contributor on the resource group."</li>
                <li>{crate::catalog::ROLE_ASSIGNMENT_RIGHTS}</li>
            </ul>
        </section>
    }
}

/// The share link: the answers ride in the fragment.
#[component]
fn Share() -> impl IntoView {
    let state = expect_context::<AppState>();
    let copied = Feedback::new();
    let copy = move |_| feedback::copy(copied, state.share_link.get_untracked(), "Share link copied.");
    view! {
        <section aria-labelledby="share-heading">
            <h2 id="share-heading">"Share these answers"</h2>
            <p class="hint" id="share-hint">"The answers travel inside the link, after the #, which browsers never send to a server. Anyone who opens it gets a copy to change; their changes do not come back to you."</p>
            <label for="share-link">"Share link"</label>
            <input id="share-link" type="text" readonly aria-describedby="share-hint" prop:value=state.share_link />
            <button type="button" on:click=copy>"Copy share link"</button>
            <FeedbackText feedback=copied />
        </section>
    }
}

/// answers.yaml export, and import by picker or drop. A file with mistakes changes nothing.
#[component]
fn SaveLoad() -> impl IntoView {
    let state = expect_context::<AppState>();
    let exported = Feedback::new();
    let export = move |_| {
        let text = state.answers.with_untracked(answers::to_yaml);
        feedback::download(exported, "answers.yaml", text.as_bytes(), "application/yaml");
    };
    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            import(state, file);
        }
        // So the same file can be imported again once fixed.
        input.set_value("");
    };
    let drag_over = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        state.dragging.set(true);
    };
    let drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        state.dragging.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|files| files.get(0)) {
            import(state, file);
        }
    };
    view! {
        <section aria-labelledby="answers-heading">
            <h2 id="answers-heading">"Save or load answers"</h2>
            <button type="button" on:click=export>"Export answers.yaml"</button>
            <FeedbackText feedback=exported />
            <div
                class=move || if state.dragging.get() { "dropzone dragging" } else { "dropzone" }
                on:dragover=drag_over
                on:dragleave=move |_| state.dragging.set(false)
                on:drop=drop
            >
                <label for="import-file">"Import answers.yaml"</label>
                <input id="import-file" type="file" accept=".yaml,.yml,application/yaml,text/yaml" aria-describedby="import-hint import-error" on:change=picked />
                <p class="hint" id="import-hint">"Or drop a file here. A file with mistakes is not loaded; your current answers stay as they are."</p>
                <p id="import-error" class="finding error" role="alert" hidden=move || state.import_error.with(Option::is_none)>
                    {move || state.import_error.get()}
                </p>
            </div>
        </section>
    }
}

/// Reads a picked or dropped answers file; only a good one replaces the answers.
fn import(state: AppState, file: web_sys::File) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        let text = browser::read_file_text(file).await.ok_or_else(|| "the file could not be read".to_string());
        match text.and_then(|t| answers::from_yaml(&t).map_err(|e| format!("{e}. Your current answers are unchanged"))) {
            Ok(imported) => {
                state.import_error.set(None);
                state.replace_answers(imported, &format!("Imported {name}"));
            }
            Err(error) => state.import_error.set(Some(format!("{name} was not imported: {error}."))),
        }
    });
}

/// Start over, after asking; the pressed button gives way to the question and focus follows.
#[component]
fn StartOver() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ask = move |_| {
        state.confirm_start_over.set(true);
        browser::focus_after_render("keep-answers");
    };
    let keep = move |_| {
        state.confirm_start_over.set(false);
        browser::focus_after_render("start-over");
    };
    let start_over = move |_| {
        state.confirm_start_over.set(false);
        state.replace_answers(Answers::default(), "Started over");
        state.go_to_step(Step::Start);
    };
    view! {
        <section aria-labelledby="over-heading">
            <h2 id="over-heading">"Start over"</h2>
            <Show
                when=move || state.confirm_start_over.get()
                fallback=move || view! { <button type="button" id="start-over" class="secondary" on:click=ask>"Start over\u{2026}"</button> }
            >
                <p role="alert">"Replace all your answers with the example? You can undo this right after."</p>
                <button type="button" class="danger" on:click=start_over>"Yes, start over"</button>
                <button type="button" id="keep-answers" on:click=keep>"Keep my answers"</button>
            </Show>
        </section>
    }
}
