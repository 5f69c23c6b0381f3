//! Form controls bound to a field path: a visible label, a hint, and the findings for that field tied
//! to the control with aria-describedby (text, never colour alone), each with its fix button.
//!
//! A control reads and writes its answer through the field path (`validate::path`, the grammar the
//! findings use), so a new field needs only its component in the step's view. Props are type-erased
//! (`Signal`, `Callback`) so each control's body compiles once however many fields use it.

use leptos::prelude::*;

use crate::validate::{path, Finding, Severity};

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

fn finding_id(field: &str, index: usize) -> String {
    format!("{}-finding-{index}", field_id(field))
}

/// The findings whose path is exactly `field`, recomputed only when they change; none while the user
/// is still typing in it or in the item just added around it.
fn findings_of(state: AppState, field: Signal<String>) -> Memo<Vec<Finding>> {
    Memo::new(move |_| {
        field.with(|f| {
            if state.waits(f) {
                return Vec::new();
            }
            state.findings.with(|all| all.iter().filter(|x| x.field == *f).cloned().collect())
        })
    })
}

/// The text form of the answer at `field`, recomputed only when it changes.
fn value_of(state: AppState, field: Signal<String>) -> Memo<String> {
    Memo::new(move |_| field.with(|f| state.answers.with(|a| path::get(a, f).unwrap_or_default())))
}

/// aria-describedby for a control: its hint plus each of its findings.
fn described_by(field: &str, hint: bool, findings: usize) -> String {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{}-hint", field_id(field)));
    }
    ids.extend((0..findings).map(|i| finding_id(field, i)));
    ids.join(" ")
}

/// What every control derives from its field: its id, its value, its findings and the ids that
/// describe it, and how it writes a new value back.
#[derive(Clone, Copy)]
struct Bound {
    state: AppState,
    field: Signal<String>,
    id: Signal<String>,
    value: Memo<String>,
    findings: Memo<Vec<Finding>>,
    described_by: Signal<String>,
}

impl Bound {
    fn new(field: Signal<String>, hint: bool) -> Bound {
        let state = expect_context::<AppState>();
        let findings = findings_of(state, field);
        Bound {
            state,
            field,
            id: Signal::derive(move || field.with(|f| field_id(f))),
            value: value_of(state, field),
            findings,
            described_by: Signal::derive(move || field.with(|f| described_by(f, hint, findings.with(Vec::len)))),
        }
    }

    fn set(self, value: &str) {
        self.state.set_field(&self.field.get_untracked(), value);
    }

    /// The user left the field: judge what they typed.
    fn left(self) {
        // The browser also reports a blur when the field leaves the page (another step opened), after
        // its reactive values are gone: then there is nothing to judge here.
        let Some(field) = self.field.try_get_untracked() else { return };
        if self.state.editing.with_untracked(|e| e.as_deref() == Some(field.as_str())) {
            self.state.editing.set(None);
        }
        // A one-field item (an admin group) is left with its field.
        if self.state.fresh.with_untracked(|f| f.as_deref() == Some(field.as_str())) {
            self.state.fresh.set(None);
        }
    }

    /// Typed or pasted text: pasted az output fills the fields it answers (and the control then shows
    /// its own field's new value, even when that did not change); anything else is taken as typed.
    fn type_text(self, input: &web_sys::HtmlInputElement) {
        // Only typing counts (the field has focus): a value set from elsewhere is judged at once.
        let focused = input.owner_document().and_then(|d| d.active_element()).is_some_and(|e| e == ***input);
        if focused && self.state.editing.with_untracked(|e| e.as_deref() != Some(self.field.get_untracked().as_str())) {
            self.state.editing.set(Some(self.field.get_untracked()));
        }
        let text = input.value();
        if self.state.type_into(&self.field.get_untracked(), &text) {
            // The paste may have changed what the step shows; a field that left with it has no value.
            if let Some(value) = self.value.try_get_untracked() {
                input.set_value(&value);
            }
        }
    }
}

/// One finding: severity word, message, why, the fix button and, in lists away from the field, a link
/// to it.
#[component]
pub fn FindingView(finding: Finding, id: String, #[prop(optional)] with_link: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let class = format!("finding {}", severity_class(finding.severity));
    let fix_label = finding.fix.as_ref().map(|fix| fix.label.clone());
    let field = finding.field.clone();
    let Finding { severity, message, why, .. } = finding.clone();
    view! {
        <div class=class id=id role="note">
            <p><strong>{severity_word(severity)}": "</strong>{message}</p>
            <p class="why">{why}</p>
            <div class="finding-actions">
                {fix_label.map(|label| view! {
                    <button type="button" class="fix" on:click=move |_| state.apply_fix(&finding)>{label}</button>
                })}
                {with_link.then(|| view! {
                    <button type="button" class="link" on:click=move |_| state.go_to_field(&field)>"Go to the field"</button>
                })}
            </div>
        </div>
    }
}

/// The findings of one field (or list, or item), shown under it.
#[component]
pub fn FieldFindings(#[prop(into)] field: Signal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let findings = findings_of(state, field);
    // Screen readers hear a stable sentence when the field's judgement changes, not the messages
    // (which quote the value) on every change.
    let summary = Memo::new(move |_| findings.with(|x| summary_sentence(x)));
    view! {
        <p class="visually-hidden" aria-live="polite">{summary}</p>
        <div class="field-findings">
            {move || field.with(|f| {
                findings.get().into_iter().enumerate().map(|(i, x)| view! { <FindingView finding=x id=finding_id(f, i) /> }).collect_view()
            })}
        </div>
    }
}

/// "2 problems at this field: 1 error, 1 warning.", or nothing.
fn summary_sentence(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return String::new();
    }
    let count = |s: Severity| findings.iter().filter(|x| x.severity == s).count();
    let parts: Vec<String> = [(Severity::Error, "error"), (Severity::Warning, "warning"), (Severity::Info, "note")]
        .into_iter()
        .filter_map(|(s, word)| match count(s) {
            0 => None,
            1 => Some(format!("1 {word}")),
            n => Some(format!("{n} {word}s")),
        })
        .collect();
    format!("This field has {}.", parts.join(", "))
}

/// The label and the hint above a control.
fn label_and_hint(id: Signal<String>, label: Signal<String>, hint: Option<&'static str>) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        {hint.map(|h| view! { <p class="hint" id=move || format!("{}-hint", id.get())>{h}</p> })}
    }
}

/// A labelled text input bound to the answer at `field`.
#[component]
pub fn TextField(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] field: Signal<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// The id of a datalist of suggestions.
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] number: bool,
) -> impl IntoView {
    let bound = Bound::new(field, hint.is_some());
    let findings = bound.findings;
    view! {
        <div class="field">
            {label_and_hint(bound.id, label, hint)}
            <input
                id=bound.id
                type=if number { "number" } else { "text" }
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                list=list
                prop:value=bound.value
                aria-invalid=move || if findings.with(|x| x.iter().any(Finding::is_error)) { "true" } else { "false" }
                aria-describedby=bound.described_by
                on:input=move |ev| bound.type_text(&event_target::<web_sys::HtmlInputElement>(&ev))
                on:blur=move |_| bound.left()
            />
            <span class="feedback" role="status">{move || {
                let state = bound.state;
                state.pasted.with(|p| p.as_ref().filter(|(f, _)| field.with(|x| x == f)).map(|(_, said)| said.clone()))
            }}</span>
            <FieldFindings field=field />
        </div>
    }
}

/// A labelled checkbox bound to the switch at `field`.
#[component]
pub fn CheckField(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] field: Signal<String>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let bound = Bound::new(field, hint.is_some());
    let value = bound.value;
    view! {
        <div class="field check">
            <input
                id=bound.id
                type="checkbox"
                prop:checked=move || value.with(|v| v == "true")
                aria-describedby=bound.described_by
                on:change=move |ev| bound.set(if event_target_checked(&ev) { "true" } else { "false" })
            />
            {label_and_hint(bound.id, label, hint)}
            <FieldFindings field=field />
        </div>
    }
}

/// A labelled select bound to the choice at `field`. Options are (value, text); the values are the
/// answers' names for the choice (`yaml_name`), so a choice is written back through the field path.
#[component]
pub fn SelectField(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] field: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let bound = Bound::new(field, hint.is_some());
    let value = bound.value;
    view! {
        <div class="field">
            {label_and_hint(bound.id, label, hint)}
            <select
                id=bound.id
                aria-describedby=bound.described_by
                on:change=move |ev| bound.set(&event_target_value(&ev))
                prop:value=value
            >
                {move || {
                    let current = value.get();
                    options.get().into_iter().map(|(v, text)| {
                        let selected = v == current;
                        view! { <option value=v selected=selected>{text}</option> }
                    }).collect_view()
                }}
            </select>
            <FieldFindings field=field />
        </div>
    }
}

/// Select options from a fixed list of values, each shown by `label`.
pub fn options<T: Copy>(values: &[T], value_of: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
    values.iter().map(|v| (value_of(*v).to_string(), label(*v).to_string())).collect()
}
