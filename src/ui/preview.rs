//! Live preview: one tab per generated file, the lines the last edit changed marked, copy and
//! download per file.

use leptos::prelude::*;

use crate::generate::{self, GeneratedFile};

use super::browser;
use super::feedback::{copy, download, Feedback, FeedbackText};
use super::state::{AppState, BundleResult};

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
fn active_file<'a>(files: &'a [GeneratedFile], chosen: &str) -> Option<&'a GeneratedFile> {
    files.iter().find(|f| f.path == chosen).or(files.first())
}

/// Explains why the outputs are blocked and links to each error's field.
#[component]
pub fn BlockedReason() -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = Memo::new(move |_| state.bundle.with(|(_, now)| now.as_ref().err().cloned().unwrap_or_default()));
    view! {
        <div class="blocked" role="status">
            <p><strong>"The files are not generated while an error remains."</strong>" Fix these first:"</p>
            <ul>
                {move || errors.get().into_iter().map(|f| view! {
                    <li><button type="button" class="link" on:click=move |_| state.go_to_field(&f.field)>{f.message.clone()}</button></li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The files the preview shows, and whether they are out of date: the current ones, or while an error
/// blocks them the last ones that had none.
fn shown(bundle: &(Option<BundleResult>, BundleResult)) -> Option<(&[GeneratedFile], bool)> {
    match bundle {
        (_, Ok(files)) => Some((files, false)),
        (Some(Ok(files)), Err(_)) => Some((files, true)),
        _ => None,
    }
}

/// The generated files beside the form.
#[component]
pub fn Preview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ready = Memo::new(move |_| state.bundle.with(|(_, now)| now.is_ok()));
    let any_files = Memo::new(move |_| state.bundle.with(|b| shown(b).is_some()));
    view! {
        <aside class="preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Generated files"</h2>
            <Show when=move || !ready.get()><BlockedReason /></Show>
            <Show when=move || any_files.get()><Files /></Show>
        </aside>
    }
}

/// The tabs, the file's actions and its text.
#[component]
fn Files() -> impl IntoView {
    let state = expect_context::<AppState>();
    let paths = Memo::new(move |_| {
        state.bundle.with(|b| shown(b).map(|(files, _)| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>()).unwrap_or_default())
    });
    let active = Memo::new(move |_| {
        let chosen = state.preview_file.get();
        state.bundle.with(|b| shown(b).and_then(|(files, _)| active_file(files, &chosen)).map(|f| f.path.clone()).unwrap_or_default())
    });
    let stale = Memo::new(move |_| state.bundle.with(|b| shown(b).is_some_and(|(_, stale)| stale)));
    // A class of many participants has hundreds of files: a list to choose from, not a row of tabs.
    let many = Memo::new(move |_| paths.with(|p| p.len() > MAX_TABS));
    // After each edit (or another file chosen), the code box scrolls to what changed.
    Effect::new(move |_| {
        state.bundle.track();
        active.track();
        browser::show_first_changed_line("#preview-panel pre");
    });
    // Arrow keys move between the tabs, as in any tab list; the tab that gets the turn gets focus.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step: isize = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => 1,
            "ArrowLeft" | "ArrowUp" => -1,
            _ => return,
        };
        ev.prevent_default();
        let next = paths.with_untracked(|all| {
            let at = all.iter().position(|p| *p == active.get_untracked()).unwrap_or(0) as isize;
            let len = all.len() as isize;
            (len > 0).then(|| all[(at + step).rem_euclid(len) as usize].clone())
        });
        if let Some(next) = next {
            browser::focus_after_render(&tab_id(&next));
            state.preview_file.set(next);
        }
    };
    let with_active = move |act: &dyn Fn(&GeneratedFile)| {
        state.bundle.with_untracked(|(_, now)| {
            // Out-of-date files are for reading only.
            if let Some(file) = now.as_ref().ok().and_then(|files| active_file(files, &active.get_untracked())) {
                act(file)
            }
        })
    };
    // What Copy or Download did is said beside them.
    let feedback = Feedback::new();
    let copy_file = move |_| with_active(&|f| copy(feedback, f.contents.clone(), "Copied to the clipboard."));
    let download_file = move |_| {
        with_active(&|f| download(feedback, f.path.rsplit('/').next().unwrap_or(&f.path), f.contents.as_bytes(), mime_of(&f.path)))
    };
    view! {
        <Show when=move || many.get()>
            <FilePicker paths=paths active=active />
        </Show>
        <div class="tabs" role="tablist" aria-label="Generated files" hidden=move || many.get()>
            {move || if many.get() { Vec::new() } else { paths.get() }.into_iter().map(|path| {
                let selected = { let path = path.clone(); Memo::new(move |_| active.with(|a| *a == path)) };
                let choose = path.clone();
                let id = tab_id(&path);
                view! {
                    <button
                        type="button"
                        role="tab"
                        id=id
                        aria-controls="preview-panel"
                        aria-selected=move || if selected.get() { "true" } else { "false" }
                        tabindex=move || if selected.get() { "0" } else { "-1" }
                        on:click=move |_| state.preview_file.set(choose.clone())
                        on:keydown=on_key
                    >{path}</button>
                }
            }).collect_view()}
        </div>
        <div id="preview-panel" role=move || (!many.get()).then_some("tabpanel")
            aria-labelledby=move || if many.get() { FILE_PICKER.to_string() } else { tab_id(&active.get()) } class:stale=stale>
            // On paper the file is named, since the tabs are not printed.
            <p class="print-name">{move || active.get()}</p>
            <Show when=move || stale.get()>
                <p class="stale-note"><strong>"Out of date: "</strong>"these are the files from before the error. They update once it is fixed."</p>
            </Show>
            <div class="file-actions">
                <button type="button" on:click=copy_file disabled=stale>{move || format!("Copy {}", active.get())}</button>
                <button type="button" on:click=download_file disabled=stale>{move || format!("Download {}", active.get())}</button>
                <FeedbackText feedback=feedback />
            </div>
            <pre class="code" tabindex="0" aria-label="File contents"><code>{move || lines(state.bundle, &active.get())}</code></pre>
            <p class="hint">"Lines your last edit changed are marked with a bar on the left."</p>
        </div>
    }
}

/// Up to this many files the preview shows a tab per file; beyond, a list grouped by folder.
const MAX_TABS: usize = 24;
const FILE_PICKER: &str = "preview-file";

/// The folder a bundle path is in, as the list's group label.
fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("The bundle's top folder", |(folder, _)| folder)
}

/// The file list for a large bundle: one option per file, grouped by folder.
#[component]
fn FilePicker(paths: Memo<Vec<String>>, active: Memo<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let groups = Memo::new(move |_| {
        paths.with(|all| {
            let mut groups: Vec<(String, Vec<String>)> = Vec::new();
            for p in all {
                let folder = folder_of(p);
                match groups.iter_mut().find(|(f, _)| f == folder) {
                    Some((_, files)) => files.push(p.clone()),
                    None => groups.push((folder.to_string(), vec![p.clone()])),
                }
            }
            groups
        })
    });
    view! {
        <div class="field file-picker">
            <label for=FILE_PICKER>{move || format!("File ({} in the bundle)", paths.with(Vec::len))}</label>
            <select id=FILE_PICKER prop:value=move || active.get() on:change=move |ev| state.preview_file.set(event_target_value(&ev))>
                {move || groups.get().into_iter().map(|(folder, files)| view! {
                    <optgroup label=folder>
                        {files.into_iter().map(|f| {
                            let selected = active.with_untracked(|a| *a == f);
                            view! { <option value=f.clone() selected=selected>{f.clone()}</option> }
                        }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The active file's lines, those the last edit changed marked.
fn lines(bundle: Memo<(Option<BundleResult>, BundleResult)>, active: &str) -> impl IntoView {
    bundle.with(|b| {
        let Some((files, stale)) = shown(b) else { return Vec::new() };
        let Some(file) = active_file(files, active) else { return Vec::new() };
        // Out-of-date files mark nothing; current ones mark what changed since the last good files.
        let before = match &b.0 {
            Some(Ok(files)) if !stale => files.iter().find(|f| f.path == file.path).map(|f| f.contents.as_str()),
            _ if stale => Some(file.contents.as_str()),
            _ => None,
        };
        file.contents
            .lines()
            .zip(generate::changed_lines(before, &file.contents))
            .map(|(line, changed)| {
                let class = if changed { "line changed" } else { "line" };
                view! { <span class=class>{format!("{line}\n")}</span> }
            })
            .collect::<Vec<_>>()
    })
}
