//! Form controls bound to a field path: a visible label, a hint, and the findings for that field tied
//! to the control with aria-describedby (text, never colour alone), each with its fix button.

use crate::validate::{Finding, Severity};
use leptos::prelude::*;

use super::state::{field_id, AppState};

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Note",
    }
}

pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Findings whose path is exactly `field`.
fn findings_for(state: AppState, field: &str) -> Vec<Finding> {
    state.findings.with(|all| all.iter().filter(|f| f.field == field).cloned().collect())
}

fn finding_id(field: &str, index: usize) -> String {
    format!("{}-finding-{index}", field_id(field))
}

/// aria-describedby for a control: its hint plus each of its findings.
fn described_by(state: AppState, field: &str, has_hint: bool) -> String {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{}-hint", field_id(field)));
    }
    let count = state.findings.with(|all| all.iter().filter(|f| f.field == field).count());
    ids.extend((0..count).map(|i| finding_id(field, i)));
    ids.join(" ")
}

/// One finding: severity word, message, why, and the fix button.
#[component]
pub fn FindingView(finding: Finding, id: String, #[prop(optional)] with_link: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let class = format!("finding {}", severity_class(finding.severity));
    let fix = finding.fix.clone();
    let field = finding.field.clone();
    view! {
        <div class=class id=id role="note">
            <p>
                <strong>{severity_word(finding.severity)}": "</strong>
                {finding.message.clone()}
            </p>
            <p class="why">{finding.why.clone()}</p>
            <div class="finding-actions">
                {fix.map(|fix| {
                    let label = fix.label.clone();
                    let field = field.clone();
                    view! {
                        <button type="button" class="fix" on:click=move |_| {
                            state.answers.update(|a| fix.apply(a));
                            state.focus_field.set(Some(field.clone()));
                        }>{label}</button>
                    }
                })}
                {with_link.then(|| {
                    let field = field.clone();
                    view! {
                        <button type="button" class="link" on:click=move |_| state.go_to_field(&field)>
                            "Go to the field"
                        </button>
                    }
                })}
            </div>
        </div>
    }
}

/// The findings of one field, rendered under its control.
#[component]
pub fn FieldFindings(#[prop(into)] field: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let field_for_list = field.clone();
    view! {
        <div class="field-findings" aria-live="polite">
            {move || {
                findings_for(state, &field_for_list)
                    .into_iter()
                    .enumerate()
                    .map(|(i, f)| view! { <FindingView finding=f id=finding_id(&field_for_list, i) /> })
                    .collect_view()
            }}
        </div>
    }
}

/// A labelled text input bound to `field`.
#[component]
pub fn TextField(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] field: String,
    #[prop(into)] value: Signal<String>,
    set: Callback<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] input_type: Option<&'static str>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id(&field);
    let hint_id = format!("{id}-hint");
    let field_a = field.clone();
    let field_b = field.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                type=input_type.unwrap_or("text")
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                list=list
                prop:value=move || value.get()
                aria-invalid=move || {
                    let bad = state.findings.with(|all| all.iter().any(|f| f.field == field_a && f.severity == Severity::Error));
                    if bad { "true" } else { "false" }
                }
                aria-describedby=move || described_by(state, &field_b, hint.is_some())
                on:input=move |ev| set.run(event_target_value(&ev))
            />
            <FieldFindings field=field />
        </div>
    }
}

/// A labelled checkbox bound to `field`.
#[component]
pub fn CheckField(
    label: &'static str,
    #[prop(into)] field: String,
    #[prop(into)] checked: Signal<bool>,
    set: Callback<bool>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id(&field);
    let hint_id = format!("{id}-hint");
    let field_b = field.clone();
    view! {
        <div class="field check">
            <input
                id=id.clone()
                type="checkbox"
                prop:checked=move || checked.get()
                aria-describedby=move || described_by(state, &field_b, hint.is_some())
                on:change=move |ev| set.run(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <FieldFindings field=field />
        </div>
    }
}

/// A labelled select bound to `field`. Options are (value, text).
#[component]
pub fn SelectField(
    label: &'static str,
    #[prop(into)] field: String,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    set: Callback<String>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id(&field);
    let hint_id = format!("{id}-hint");
    let field_b = field.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <select
                id=id
                aria-describedby=move || described_by(state, &field_b, hint.is_some())
                on:change=move |ev| set.run(event_target_value(&ev))
                prop:value=move || value.get()
            >
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <FieldFindings field=field />
        </div>
    }
}
