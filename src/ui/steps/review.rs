//! Review & download: every finding in one list, the downloads, sharing, import and export.

use leptos::prelude::*;

use crate::ui::browser;
use crate::ui::fields::{severity_class, FindingView};
use crate::ui::files::{AnswersTools, DownloadAll};
use crate::ui::state::{field_id, AppState};
use crate::validate::Severity;

#[component]
pub fn ReviewStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let counts = Memo::new(move |_| {
        state.findings.with(|f| {
            let count = |s: Severity| f.iter().filter(|x| x.severity == s).count();
            (count(Severity::Error), count(Severity::Warning), count(Severity::Info))
        })
    });
    view! {
        <h1 id="step-heading" tabindex="-1">"Review & download"</h1>
        <p class="lead">
            "Download the bundle, read its README.md, then run setup.sh (or setup.ps1) where the az CLI is signed in. verify.sh checks the result without changing anything; teardown.sh removes what setup created."
        </p>
        <section aria-labelledby="findings-heading">
            <h2 id="findings-heading">"Findings"</h2>
            <p role="status">
                {move || {
                    let (e, w, i) = counts.get();
                    if e + w + i == 0 {
                        "No problems found: every role is the narrowest that fits and every name is valid.".to_string()
                    } else {
                        format!("{e} error(s), {w} warning(s), {i} note(s). Errors block the download until fixed.")
                    }
                }}
            </p>
            <ul class="findings">
                {move || state.findings.get().into_iter().enumerate().map(|(n, f)| {
                    let class = severity_class(f.severity);
                    let id = format!("review-{}-{n}", field_id(&f.field));
                    view! { <li class=class><FindingView finding=f id=id with_link=true /></li> }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="download-heading">
            <h2 id="download-heading">"Download"</h2>
            <DownloadAll />
            <p class="hint">"Running a workshop? Print the walkthrough (README.md) to hand out: the print shows just that file."</p>
            <button type="button" on:click=move |_| {
                state.preview_file.set("README.md".into());
                request_animation_frame(browser::print);
            }>"Print the walkthrough"</button>
        </section>
        <AnswersTools />
    }
}
