//! The UI: Leptos components over the core, rendered in the browser. The state is one `Answers`
//! signal with memos for the findings and the bundle (`state`); each step is a component
//! (`steps`), built from shared field components (`fields`), beside the live preview (`preview`).

pub mod browser;
pub(crate) mod chain;
mod feedback;
mod fields;
mod labels;
mod preview;
pub mod state;
mod steps;

use leptos::prelude::*;

use state::{notice_id, AppState, Notice, NoticeAction, NoticeKind, Step, StepState};

/// Mounts the app in `#app` and asks for the preset list.
pub fn start() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    else {
        browser::log_error("The wizard could not start: the page has no #app element.");
        return;
    };
    // The app lives as long as the page.
    leptos::mount::mount_to(root, App).forget();
}

/// The app shell: notices, stepper, the current step's form, and the live preview.
#[component]
fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    steps::load_presets(state);
    // A share link pasted into this open tab changes only the fragment: no reload, so listen for it.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| state.open_share_link(false));
    on_cleanup(move || listener.remove());
    view! {
        <a class="skip" href="#step-content">"Skip to the current step"</a>
        <header class="top">
            <p class="brand">"AKS identity wizard"</p>
            <p class="tagline">"Entra ID sign-in and Workload Identity, least privilege, generated in your browser"</p>
        </header>
        <Notices />
        <div class="layout">
            <Stepper />
            <main id="main">
                <div id="step-content" class="step">
                    <steps::CurrentStep />
                </div>
                <StepNav />
            </main>
            <preview::Preview />
        </div>
    }
}

/// The steps with their state (complete, warnings, errors); any step can be opened directly. On a
/// narrow screen it is one row that scrolls sideways (style/main.css), kept with the current step in
/// the middle.
#[component]
fn Stepper() -> impl IntoView {
    let state = expect_context::<AppState>();
    Effect::new(move |_| {
        state.step.track();
        browser::center_in_row(".stepper ol", "[aria-current=step]");
    });
    view! {
        <nav class="stepper" aria-label="Wizard steps">
            <ol>
                {Step::ALL.into_iter().map(|step| {
                    let status = Memo::new(move |_| match step {
                        Step::Start => None,
                        _ => Some(state.step_state(step)),
                    });
                    let class = move || status_of(status.get()).0;
                    let words = move || status_of(status.get()).1;
                    view! {
                        <li>
                            <button
                                type="button"
                                class=class
                                aria-current=move || (state.step.get() == step).then_some("step")
                                on:click=move |_| state.go_to_step(step)
                            >
                                <span class="step-number" aria-hidden="true">{step.index() + 1}</span>
                                <span class="step-title">{step.title()}</span>
                                <span class="step-status">{words}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// A stepper button's class and its status in words (none for Start).
fn status_of(state: Option<StepState>) -> (&'static str, &'static str) {
    match state {
        None => ("step-button", ""),
        Some(StepState::Errors) => ("step-button has-error", "has errors"),
        Some(StepState::Warnings) => ("step-button has-warning", "has warnings"),
        Some(StepState::ExampleIds) => ("step-button has-warning", "example IDs to replace"),
        Some(StepState::NotChecked) => ("step-button", "not checked yet"),
        Some(StepState::Complete) => ("step-button complete", "complete"),
    }
}

/// Back and Next under the form.
#[component]
fn StepNav() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <nav class="step-nav" aria-label="Step navigation">
            {move || state.step.get().previous().map(|p| view! {
                <button type="button" on:click=move |_| state.go_to_step(p)>{format!("Back: {}", p.title())}</button>
            })}
            {move || state.step.get().next().map(|n| view! {
                <button type="button" class="primary" on:click=move |_| state.go_to_step(n)>{format!("Next: {}", n.title())}</button>
            })}
        </nav>
    }
}

/// Messages about loading, saving and importing, each with its action. Plain ones close by
/// themselves (`AppState::notify`); what a button did is said beside it instead (`feedback`).
#[component]
fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="notices" role="status" aria-live="polite">
            <For each=move || state.notices.get() key=|n| n.id let:notice>
                <NoticeView notice=notice />
            </For>
        </div>
    }
}

#[component]
fn NoticeView(notice: Notice) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Notice { id, kind, text, action } = notice;
    let class = match kind {
        NoticeKind::Info => "notice info",
        NoticeKind::Problem => "notice problem",
    };
    let action = action.map(|action| match action {
        NoticeAction::DownloadRescued(raw) => view! {
            <button type="button" on:click=move |_| {
                if !browser::download("unreadable-saved-answers.yaml", raw.as_bytes(), "application/yaml") {
                    state.notify(NoticeKind::Problem, "The download failed: the browser refused to create the file.".into(), None);
                }
            }>"Download the saved text"</button>
        }
        .into_any(),
        NoticeAction::Undo(old) => view! {
            <button type="button" on:click=move |_| {
                state.edit_rows(|a, k| {
                    *a = (*old).clone();
                    k.renew(a);
                });
                state.notices.update(|n| n.retain(|x| !matches!(x.action, Some(NoticeAction::Undo(_)))));
            }>"Undo"</button>
        }
        .into_any(),
        NoticeAction::LoadShared(shared) => view! {
            <button type="button" class="primary" on:click=move |_| {
                state.notices.update(|n| n.retain(|x| !matches!(x.action, Some(NoticeAction::LoadShared(_)))));
                state.replace_answers((*shared).clone(), "Loaded the answers from the shared link");
            }>"Load the shared answers"</button>
        }
        .into_any(),
    });
    view! {
        <div class=class id=notice_id(id)>
            <p>{text}</p>
            {action}
            <button type="button" class="link" on:click=move |_| state.dismiss(id)>"Dismiss"</button>
        </div>
    }
}
