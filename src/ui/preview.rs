//! Live preview: one tab per generated file, the lines the last edit changed marked, copy and
//! download per file.

use crate::generate::{self, GeneratedFile};

use super::html::Html;
use super::state::App;

pub fn mime_of(path: &str) -> &'static str {
    if path.ends_with(".sh") || path.ends_with(".ps1") {
        "text/x-shellscript"
    } else if path.ends_with(".yaml") {
        "application/yaml"
    } else if path.ends_with(".md") {
        "text/markdown"
    } else {
        "text/plain"
    }
}

pub fn tab_id(path: &str) -> String {
    let mut id = String::from("tab-");
    id.extend(path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }));
    id
}

/// The file the preview shows: the chosen one while it exists (files come and go as workloads are
/// renamed or removed), else the first.
pub fn active_file(app: &App) -> Option<&GeneratedFile> {
    let files = app.files();
    files.iter().find(|f| f.path == app.preview_file).or(files.first())
}

/// Explains why the outputs are blocked and links to each error's field.
pub fn blocked_reason(h: &mut Html, app: &App) {
    h.raw("<div class=\"blocked\" role=\"status\"><p><strong>The files are not generated while an error remains.</strong> Fix these first:</p><ul>");
    if let Err(errors) = &app.bundle {
        for f in errors {
            h.raw("<li>").button("link", "goto", &f.field, &f.message).raw("</li>");
        }
    }
    h.raw("</ul></div>");
}

pub fn render(h: &mut Html, app: &App) {
    h.raw("<aside class=\"preview\" aria-labelledby=\"preview-heading\"><h2 id=\"preview-heading\">Generated files</h2>");
    let Some(file) = active_file(app) else {
        blocked_reason(h, app);
        h.raw("</aside>");
        return;
    };
    h.raw("<div class=\"tabs\" role=\"tablist\" aria-label=\"Generated files\">");
    let active = file.path.as_str();
    for tab in app.files() {
        let selected = tab.path == active;
        h.raw("<button type=\"button\" role=\"tab\"").attr("id", &tab_id(&tab.path)).raw(" aria-controls=\"preview-panel\"");
        h.attr("aria-selected", if selected { "true" } else { "false" }).attr("tabindex", if selected { "0" } else { "-1" });
        h.attr("data-a", "tab").attr("data-v", &tab.path).raw(">").esc(&tab.path).raw("</button>");
    }
    h.raw("</div><div id=\"preview-panel\" role=\"tabpanel\"").attr("aria-labelledby", &tab_id(active)).raw("><div class=\"file-actions\">");
    h.button("", "copy-file", "", &format!("Copy {active}"));
    h.button("", "download-file", "", &format!("Download {active}"));
    h.raw("</div><pre class=\"code\" tabindex=\"0\" aria-label=\"File contents\"><code>");
    let before = match &app.previous_bundle {
        Some(Ok(files)) => files.iter().find(|f| f.path == active).map(|f| f.contents.as_str()),
        _ => None,
    };
    for (line, is_new) in file.contents.lines().zip(generate::changed_lines(before, &file.contents)) {
        h.raw(if is_new { "<span class=\"line changed\">" } else { "<span class=\"line\">" });
        h.esc(line).raw("\n</span>");
    }
    h.raw("</code></pre><p class=\"hint\">Lines your last edit changed are marked with a bar on the left.</p></div></aside>");
}
