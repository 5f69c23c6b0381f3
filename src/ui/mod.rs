//! The Leptos UI over the core. Components only: the state is one `Answers` signal (see `state`),
//! and everything shown is derived from it.

mod bind;
pub mod browser;
mod fields;
mod files;
mod labels;
mod preview;
pub mod state;
mod steps;

use leptos::prelude::*;

use crate::validate::Severity;
use state::{AppState, Notice, NoticeAction, NoticeKind, Step};

/// The app shell: notices, stepper, the current step's form, and the live preview.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);

    // Move focus where the user asked to go (a finding's field), or to the new step's heading, so
    // keyboard and screen-reader users land on what they just chose.
    Effect::new(move |previous: Option<(Step, Option<String>)>| {
        let step = state.step.get();
        let field = state.focus_field.get();
        if let Some((previous_step, _)) = previous {
            let wanted = field.clone();
            request_animation_frame(move || {
                let focused = wanted.map(|f| browser::focus_element(&state::field_id(&f))).unwrap_or(false);
                if !focused && previous_step != step {
                    browser::focus_element("step-heading");
                }
                state.focus_field.update_untracked(|f| *f = None);
            });
        }
        (step, field)
    });

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
                    {move || steps::render(state.step.get())}
                </div>
                <StepNav />
            </main>
            <preview::Preview />
        </div>
    }
}

/// The steps with their state (complete, warnings, errors); any step can be opened directly.
#[component]
fn Stepper() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <nav class="stepper" aria-label="Wizard steps">
            <ol>
                {Step::ALL.into_iter().map(|step| {
                    let status = Memo::new(move |_| match step {
                        Step::Start => None,
                        _ => Some(state.step_severity(step)),
                    });
                    view! {
                        <li>
                            <button
                                type="button"
                                class=move || {
                                    let mut c = String::from("step-button");
                                    match status.get() {
                                        Some(Some(Severity::Error)) => c.push_str(" has-error"),
                                        Some(Some(Severity::Warning)) => c.push_str(" has-warning"),
                                        Some(_) => c.push_str(" complete"),
                                        None => {}
                                    }
                                    c
                                }
                                aria-current=move || (state.step.get() == step).then_some("step")
                                on:click=move |_| state.step.set(step)
                            >
                                <span class="step-number" aria-hidden="true">{step.index() + 1}</span>
                                <span class="step-title">{step.title()}</span>
                                <span class="step-status">
                                    {move || match status.get() {
                                        Some(Some(Severity::Error)) => "has errors",
                                        Some(Some(Severity::Warning)) => "has warnings",
                                        Some(_) => "complete",
                                        None => "",
                                    }}
                                </span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

/// Back and Next under the form.
#[component]
fn StepNav() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <nav class="step-nav" aria-label="Step navigation">
            {move || state.step.get().previous().map(|p| view! {
                <button type="button" on:click=move |_| state.step.set(p)>{format!("Back: {}", p.title())}</button>
            })}
            {move || state.step.get().next().map(|n| view! {
                <button type="button" class="primary" on:click=move |_| state.step.set(n)>{format!("Next: {}", n.title())}</button>
            })}
        </nav>
    }
}

/// Messages about loading, saving and importing, each with its action.
#[component]
fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dismiss = move |text: String| state.notices.update(|n| n.retain(|x| x.text != text));
    view! {
        <div class="notices" role="status" aria-live="polite">
            {move || state.notices.get().into_iter().map(|notice: Notice| {
                let Notice { kind, text, action } = notice;
                let class = match kind { NoticeKind::Info => "notice info", NoticeKind::Problem => "notice problem" };
                let t1 = text.clone();
                let t2 = text.clone();
                let action_view = action.map(|action| match action {
                    NoticeAction::DownloadRescued(raw) => view! {
                        <button type="button" on:click=move |_| {
                            let _ = browser::download("unreadable-saved-answers.yaml", raw.as_bytes(), "application/yaml");
                        }>"Download the saved text"</button>
                    }.into_any(),
                    NoticeAction::Undo(old) => view! {
                        <button type="button" on:click=move |_| {
                            state.answers.set((*old).clone());
                            dismiss(t1.clone());
                        }>"Undo"</button>
                    }.into_any(),
                    NoticeAction::LoadShared(shared) => view! {
                        <button type="button" class="primary" on:click=move |_| {
                            state.replace_answers((*shared).clone(), "Loaded the answers from the shared link");
                            dismiss(t1.clone());
                        }>"Load the shared answers"</button>
                    }.into_any(),
                });
                view! {
                    <div class=class>
                        <p>{text.clone()}</p>
                        {action_view}
                        <button type="button" class="link" on:click=move |_| dismiss(t2.clone())>"Dismiss"</button>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
