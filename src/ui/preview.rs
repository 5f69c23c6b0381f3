//! Live preview: one tab per generated file, the lines the last edit changed marked, copy and
//! download per file.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

use super::browser;
use super::files::BlockedReason;
use super::state::{AppState, NoticeKind};

/// For each line of `current`, whether it is new compared with `previous`: a line counts as changed
/// when `previous` has fewer copies of it. Cheap and stable for the small files shown here.
pub fn changed_lines(previous: Option<&str>, current: &str) -> Vec<bool> {
    let Some(previous) = previous else { return vec![false; current.lines().count()] };
    let mut available: HashMap<&str, usize> = HashMap::new();
    for line in previous.lines() {
        *available.entry(line).or_default() += 1;
    }
    current
        .lines()
        .map(|line| match available.get_mut(line) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

fn mime_of(path: &str) -> &'static str {
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

#[component]
pub fn Preview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let paths = Memo::new(move |_| {
        state.bundle.with(|(_, current)| match current {
            Ok(files) => files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
            Err(_) => Vec::new(),
        })
    });
    let selected = state.preview_file;
    // Keep a valid tab selected when files come and go (a workload renamed or removed).
    let active = Memo::new(move |_| {
        let wanted = selected.get();
        paths.with(|p| if p.contains(&wanted) { Some(wanted) } else { p.first().cloned() })
    });
    let content = Memo::new(move |_| {
        let path = active.get()?;
        state.bundle.with(|(previous, current)| {
            let file = current.as_ref().ok()?.iter().find(|f| f.path == path)?;
            let before = previous
                .as_ref()
                .and_then(|p| p.as_ref().ok())
                .and_then(|files| files.iter().find(|f| f.path == path))
                .map(|f| f.contents.as_str());
            Some((file.contents.clone(), changed_lines(before, &file.contents)))
        })
    });

    let on_tab_key = move |ev: web_sys::KeyboardEvent| {
        let step: isize = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => 1,
            "ArrowLeft" | "ArrowUp" => -1,
            _ => return,
        };
        ev.prevent_default();
        let list = paths.get_untracked();
        let current = active.get_untracked().unwrap_or_default();
        let at = list.iter().position(|p| *p == current).unwrap_or(0) as isize;
        let len = list.len() as isize;
        if len > 0 {
            let next = list[((at + step).rem_euclid(len)) as usize].clone();
            browser::focus_element(&tab_id(&next));
            selected.set(next);
        }
    };

    view! {
        <aside class="preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Generated files"</h2>
            <Show when=move || !paths.with(|p| p.is_empty()) fallback=|| view! { <BlockedReason /> }>
                <div class="tabs" role="tablist" aria-label="Generated files" on:keydown=on_tab_key>
                    {move || paths.get().into_iter().map(|path| {
                        let p1 = path.clone();
                        let p2 = path.clone();
                        let p3 = path.clone();
                        let id = tab_id(&path);
                        view! {
                            <button
                                type="button"
                                role="tab"
                                id=id
                                aria-controls="preview-panel"
                                aria-selected=move || if active.get().as_deref() == Some(p1.as_str()) { "true" } else { "false" }
                                tabindex=move || if active.get().as_deref() == Some(p2.as_str()) { "0" } else { "-1" }
                                on:click=move |_| selected.set(p3.clone())
                            >{path}</button>
                        }
                    }).collect_view()}
                </div>
                <div id="preview-panel" role="tabpanel" aria-labelledby=move || active.get().map(|p| tab_id(&p)).unwrap_or_default()>
                    <div class="file-actions">
                        <button type="button" on:click=move |_| {
                            if let Some((text, _)) = content.get_untracked() {
                                spawn_local(async move {
                                    match browser::copy_text(&text).await {
                                        Ok(()) => state.notify(NoticeKind::Info, "Copied to the clipboard."),
                                        Err(e) => state.notify(NoticeKind::Problem, format!("Could not copy: {e}.")),
                                    }
                                });
                            }
                        }>{move || format!("Copy {}", active.get().unwrap_or_default())}</button>
                        <button type="button" on:click=move |_| {
                            if let (Some(path), Some((text, _))) = (active.get_untracked(), content.get_untracked()) {
                                let name = path.rsplit('/').next().unwrap_or(&path).to_string();
                                if let Err(e) = browser::download(&name, text.as_bytes(), mime_of(&path)) {
                                    state.notify(NoticeKind::Problem, format!("The download failed: {e}."));
                                }
                            }
                        }>{move || format!("Download {}", active.get().unwrap_or_default())}</button>
                    </div>
                    <pre class="code" tabindex="0" aria-label="File contents"><code>
                        {move || content.get().map(|(text, changed)| {
                            text.lines().zip(changed).map(|(line, is_new)| {
                                let class = if is_new { "line changed" } else { "line" };
                                view! { <span class=class>{format!("{line}\n")}</span> }
                            }).collect_view()
                        })}
                    </code></pre>
                    <p class="hint">"Lines your last edit changed are marked with a bar on the left."</p>
                </div>
            </Show>
        </aside>
    }
}

fn tab_id(path: &str) -> String {
    let mut id = String::from("tab-");
    id.extend(path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }));
    id
}
