//! Form controls bound to a field path: a visible label, a hint, and the findings for that field tied
//! to the control with aria-describedby (text, never colour alone), each with its fix button.
//!
//! A control names its field in `data-f`; browser.js reports each edit with it, and `ui::set_field`
//! writes the value back through the field path, so binding a new control needs no code of its own.

use crate::validate::{Finding, Severity};

use super::html::Html;
use super::state::{field_id, App};

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

/// Findings whose path is exactly `field`, with their index in `app.findings` (fix buttons name it).
fn findings_for<'a>(app: &'a App, field: &'a str) -> impl Iterator<Item = (usize, &'a Finding)> + 'a {
    app.findings.iter().enumerate().filter(move |(_, f)| f.field == field)
}

fn finding_id(field: &str, index: usize) -> String {
    format!("{}-finding-{index}", field_id(field))
}

/// aria-describedby for a control: its hint plus each of its findings.
fn described_by(app: &App, field: &str, has_hint: bool) -> String {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{}-hint", field_id(field)));
    }
    ids.extend((0..findings_for(app, field).count()).map(|i| finding_id(field, i)));
    ids.join(" ")
}

/// One finding: severity word, message, why, the fix button and, in lists away from the field, a
/// link to it. `index` is the finding's place in `app.findings`.
pub fn finding(h: &mut Html, f: &Finding, index: usize, id: &str, with_link: bool) {
    h.raw("<div class=\"finding ").raw(severity_class(f.severity)).raw("\"").attr("id", id).raw(" role=\"note\"><p><strong>");
    h.raw(severity_word(f.severity)).raw(": </strong>").esc(&f.message).raw("</p><p class=\"why\">").esc(&f.why);
    h.raw("</p><div class=\"finding-actions\">");
    if let Some(fix) = &f.fix {
        h.button("fix", "fix", &index.to_string(), &fix.label);
    }
    if with_link {
        h.button("link", "goto", &f.field, "Go to the field");
    }
    h.raw("</div></div>");
}

/// The findings of one field, rendered under its control.
pub fn field_findings(h: &mut Html, app: &App, field: &str) {
    h.raw("<div class=\"field-findings\" aria-live=\"polite\">");
    for (local, (index, f)) in findings_for(app, field).enumerate() {
        finding(h, f, index, &finding_id(field, local), false);
    }
    h.raw("</div>");
}

fn label_and_hint(h: &mut Html, id: &str, label: &str, hint: &str) {
    h.raw("<label").attr("for", id).raw(">").esc(label).raw("</label>");
    hint_para(h, id, hint);
}

fn hint_para(h: &mut Html, id: &str, hint: &str) {
    if !hint.is_empty() {
        h.raw("<p class=\"hint\" id=\"").esc(id).raw("-hint\">").esc(hint).raw("</p>");
    }
}

/// A text input. Empty strings mean "none" for the optional parts.
#[derive(Default)]
pub struct Text<'a> {
    pub label: &'a str,
    pub field: &'a str,
    pub value: &'a str,
    pub hint: &'a str,
    pub placeholder: &'a str,
    /// The id of a datalist of suggestions.
    pub list: &'a str,
    pub number: bool,
}

pub fn text(h: &mut Html, app: &App, t: Text) {
    let id = field_id(t.field);
    let invalid = findings_for(app, t.field).any(|(_, f)| f.severity == Severity::Error);
    h.raw("<div class=\"field\">");
    label_and_hint(h, &id, t.label, t.hint);
    h.raw("<input").attr("id", &id).attr("type", if t.number { "number" } else { "text" });
    h.raw(" autocomplete=\"off\" spellcheck=\"false\"").attr_if("placeholder", t.placeholder).attr_if("list", t.list);
    h.attr("value", t.value).attr("aria-invalid", if invalid { "true" } else { "false" });
    h.attr_if("aria-describedby", &described_by(app, t.field, !t.hint.is_empty())).attr("data-f", t.field).raw(">");
    field_findings(h, app, t.field);
    h.raw("</div>");
}

/// A checkbox.
pub fn check(h: &mut Html, app: &App, label: &str, field: &str, checked: bool, hint: &str) {
    let id = field_id(field);
    h.raw("<div class=\"field check\"><input").attr("id", &id).raw(" type=\"checkbox\"");
    if checked {
        h.raw(" checked");
    }
    h.attr_if("aria-describedby", &described_by(app, field, !hint.is_empty())).attr("data-f", field).raw(">");
    h.raw("<label").attr("for", &id).raw(">").esc(label).raw("</label>");
    hint_para(h, &id, hint);
    field_findings(h, app, field);
    h.raw("</div>");
}

/// A select. Options are (value, text); the one equal to `value` is selected.
pub fn select<'o>(
    h: &mut Html,
    app: &App,
    label: &str,
    field: &str,
    options: impl IntoIterator<Item = (&'o str, String)>,
    value: &str,
    hint: &str,
) {
    let id = field_id(field);
    h.raw("<div class=\"field\">");
    label_and_hint(h, &id, label, hint);
    h.raw("<select").attr("id", &id).attr_if("aria-describedby", &described_by(app, field, !hint.is_empty()));
    h.attr("data-f", field).raw(">");
    for (v, text) in options {
        h.raw("<option").attr("value", v);
        if v == value {
            h.raw(" selected");
        }
        h.raw(">").esc(&text).raw("</option>");
    }
    h.raw("</select>");
    field_findings(h, app, field);
    h.raw("</div>");
}

/// Select options from a fixed list of values, each shown by `label`.
pub fn options<T: Copy>(
    values: &[T],
    value_of: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> impl Iterator<Item = (&'static str, String)> + '_ {
    values.iter().map(move |v| (value_of(*v), label(*v).to_string()))
}
