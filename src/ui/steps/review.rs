//! Review & download: every finding in one list, the downloads, sharing, import and export.

use crate::ui::fields::{self, severity_class};
use crate::ui::html::Html;
use crate::ui::preview;
use crate::ui::state::{field_id, App};
use crate::validate::{self, Severity};

pub const ZIP_NAME: &str = "aks-identity-setup.zip";

pub fn render(h: &mut Html, app: &App) {
    super::heading(h, "Review & download");
    h.raw("<p class=\"lead\">Download the bundle, read its README.md, then run setup.sh (or setup.ps1) where the az CLI is signed in. verify.sh checks the result without changing anything; teardown.sh removes what setup created.</p>");
    h.raw("<section aria-labelledby=\"findings-heading\"><h2 id=\"findings-heading\">Findings</h2><p role=\"status\">");
    let count = |s| validate::count(&app.findings, s);
    let (e, w, i) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    if e + w + i == 0 {
        h.raw("No problems found: every role is the narrowest that fits and every name is valid.");
    } else {
        h.esc(&format!("{e} error(s), {w} warning(s), {i} note(s)."));
        h.raw(if e > 0 { " Errors block the download until fixed." } else { " Nothing blocks the download." });
    }
    h.raw("</p><ul class=\"findings\">");
    for (n, f) in app.findings.iter().enumerate() {
        h.raw("<li class=\"").raw(severity_class(f.severity)).raw("\">");
        fields::finding(h, f, n, &format!("review-{}-{n}", field_id(&f.field)), true);
        h.raw("</li>");
    }
    h.raw("</ul></section><section aria-labelledby=\"download-heading\"><h2 id=\"download-heading\">Download</h2>");
    if app.bundle.is_ok() {
        h.button("primary", "zip", "", &format!("Download all files ({ZIP_NAME})"));
    } else {
        preview::blocked_reason(h, app);
    }
    h.raw("<p class=\"hint\">Running a workshop? Print the walkthrough (README.md) to hand out: the print shows just that file.</p>");
    h.button("", "print", "", "Print the walkthrough").raw("</section>");
    answers_tools(h, app);
}

/// Share link, answers.yaml export and import, start over.
fn answers_tools(h: &mut Html, app: &App) {
    h.raw("<section aria-labelledby=\"share-heading\"><h2 id=\"share-heading\">Share these answers</h2><p class=\"hint\" id=\"share-hint\">The answers travel inside the link, after the #, which browsers never send to a server. Anyone who opens it gets a copy to change; their changes do not come back to you.</p>");
    h.raw("<label for=\"share-link\">Share link</label><input id=\"share-link\" type=\"text\" readonly aria-describedby=\"share-hint\"").attr("value", app.share_link()).raw(">");
    h.button("", "copy-share", "", "Copy share link").raw("</section>");

    h.raw("<section aria-labelledby=\"answers-heading\"><h2 id=\"answers-heading\">Save or load answers</h2>");
    h.button("", "export", "", "Export answers.yaml");
    h.raw(if app.dragging { "<div class=\"dropzone dragging\">" } else { "<div class=\"dropzone\">" });
    h.raw("<label for=\"import-file\">Import answers.yaml</label><input id=\"import-file\" type=\"file\" accept=\".yaml,.yml,application/yaml,text/yaml\" aria-describedby=\"import-hint import-error\">");
    h.raw("<p class=\"hint\" id=\"import-hint\">Or drop a file here. A file with mistakes is not loaded; your current answers stay as they are.</p>");
    h.raw("<p id=\"import-error\" class=\"finding error\" role=\"alert\"");
    match &app.import_error {
        Some(error) => h.raw(">").esc(error),
        None => h.raw(" hidden>"),
    };
    h.raw("</p></div></section><section aria-labelledby=\"over-heading\"><h2 id=\"over-heading\">Start over</h2>");
    if app.confirm_start_over {
        h.raw("<p role=\"alert\">Replace all your answers with the example? You can undo this right after.</p>");
        h.button("danger", "start-over-yes", "", "Yes, start over");
        h.button_with_id("keep-answers", "", "start-over-no", "", "Keep my answers");
    } else {
        h.button_with_id("start-over", "secondary", "start-over", "", "Start over\u{2026}");
    }
    h.raw("</section>");
}
