//! Start: resume, pick a preset, or begin from the built-in example.

use crate::ui::html::Html;
use crate::ui::state::{App, Presets};

/// Presets must name a plain file in the presets folder; anything else is refused.
pub fn safe_preset_file(file: &str) -> bool {
    !file.is_empty()
        && file.ends_with(".yaml")
        && file.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !file.contains("..")
}

pub fn render(h: &mut Html, app: &App) {
    super::heading(h, "Set up AKS with Entra ID and Workload Identity");
    h.raw("<p class=\"lead\">This wizard builds a least-privilege Azure Kubernetes Service setup: people sign in to the cluster with their Microsoft Entra ID accounts, and your apps reach Azure services with a managed identity instead of stored secrets. You answer a few questions; it writes the az commands, the Kubernetes manifests and a walkthrough in your own names.</p>");
    h.raw("<p class=\"privacy\">Everything happens in this browser tab. Nothing you type is sent anywhere; your answers are saved in this browser only.</p>");
    h.raw("<section aria-labelledby=\"resume-heading\" class=\"start-card\"><h2 id=\"resume-heading\">");
    if app.resumed {
        h.raw("Continue where you left off</h2><p>Your answers from your last visit are here. Pick up where you stopped; they keep saving as you go.</p>");
    } else {
        h.raw("Start with the example</h2><p>The steps are already filled with a complete, valid example: one new cluster and one app that reads files from a blob container. Change what differs for you; your answers are saved as you go.</p>");
    }
    h.button("primary", "step", "tenant", "Continue with my answers").raw("</section>");

    h.raw("<section aria-labelledby=\"presets-heading\"><h2 id=\"presets-heading\">Start from a preset</h2><p>A preset fills in every step with a complete, valid example that you then adjust.</p>");
    if let Some(entry) = &app.loading_preset {
        h.raw("<p role=\"status\">Loading \u{201c}").esc(&entry.title).raw("\u{201d}\u{2026}</p>");
    }
    match &app.presets {
        Presets::Loading => {
            h.raw("<p role=\"status\">Loading presets\u{2026}</p>");
        }
        Presets::Ready(entries) => {
            h.raw("<ul class=\"presets\">");
            for (i, entry) in entries.iter().enumerate() {
                h.raw("<li><h3>").esc(&entry.title).raw("</h3><p>").esc(&entry.blurb).raw("</p>");
                h.button("", "preset", &i.to_string(), &format!("Use preset: {}", entry.title)).raw("</li>");
            }
            h.raw("</ul>");
        }
        Presets::Failed(error) => {
            h.raw("<p class=\"finding warning\" role=\"status\">The presets could not be loaded (").esc(error);
            h.raw("). The built-in example below still works.</p>");
        }
    }
    h.raw("</section><section aria-labelledby=\"example-heading\"><h2 id=\"example-heading\">Start from the example</h2><p>One new cluster and one app that reads files from a blob container. Good for a first look.</p>");
    h.button("", "example", "", "Start from the example").raw("</section>");
}
