//! The UI over the core. The whole page is a pure function of `App` (`render`), written as HTML text
//! and patched into the DOM in place (`browser.js`), so focus, caret and scroll survive every update.
//! browser.js also listens: it sends `on_message` plain strings, such as `data-f` (the field an input
//! edits) with the new value, or `data-a`/`data-v` (the action a button takes). The page was first
//! built with Leptos, then with web-sys bindings; each was larger than this layer and its script.

pub mod browser;
mod fields;
mod html;
mod labels;
mod preview;
pub mod state;
mod steps;

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;

use crate::answers::{self, AccessNeed, Answers, TargetKind};
use crate::generate;
use crate::validate::path;
use html::Html;
use state::{field_id, App, Focus, Notice, NoticeAction, NoticeKind, PresetEntry, Presets, Step};

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
    /// The HTML last patched in, so a change that renders the same page touches nothing.
    static SHOWN: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Builds the state, mounts the page, wires the listeners and asks for the preset list.
pub fn start() {
    APP.with(|a| *a.borrow_mut() = Some(App::new()));
    let handler = Closure::<dyn Fn(String, String, String)>::new(on_message);
    browser::mount(&handler);
    // The handler lives as long as the page.
    handler.forget();
    render();
    browser::fetch_text(PRESET_INDEX);
}

/// Where the preset list is, next to the page.
const PRESET_INDEX: &str = "presets/index.json";

/// Where a preset's answers file is, beside the index.
fn preset_url(file: &str) -> String {
    format!("presets/{file}")
}

/// Runs `change` on the state, then shows the result.
fn update(change: impl FnOnce(&mut App)) {
    APP.with(|a| {
        if let Ok(mut app) = a.try_borrow_mut() {
            if let Some(app) = app.as_mut() {
                change(app);
            }
        }
    });
    render();
}

/// Reads the state without changing it.
fn read<T>(look: impl FnOnce(&App) -> T) -> Option<T> {
    APP.with(|a| a.try_borrow().ok().and_then(|app| app.as_ref().map(look)))
}

fn render() {
    let Some((page, focus)) = APP.with(|a| {
        let mut app = a.try_borrow_mut().ok()?;
        let app = app.as_mut()?;
        Some((page(app), app.focus.take()))
    }) else {
        return;
    };
    let changed = SHOWN.with(|shown| {
        let mut shown = shown.borrow_mut();
        (*shown != page).then(|| *shown = page.clone()).is_some()
    });
    // Patched outside the borrow: the patch can fire events (a focused field that leaves the page
    // blurs) whose handlers render again.
    if changed {
        browser::patch(&page);
    }
    match focus {
        Some(Focus::Field(field)) if !browser::focus_element(&field_id(&field)) => {
            browser::focus_element("step-heading");
        }
        Some(Focus::Field(_)) => {}
        Some(Focus::Heading) => {
            browser::focus_element("step-heading");
        }
        Some(Focus::Element(id)) => {
            browser::focus_element(&id);
        }
        None => {}
    }
}

/// The whole page.
fn page(app: &App) -> String {
    let mut h = Html::default();
    h.raw("<a class=\"skip\" href=\"#step-content\">Skip to the current step</a><header class=\"top\"><p class=\"brand\">AKS identity wizard</p><p class=\"tagline\">Entra ID sign-in and Workload Identity, least privilege, generated in your browser</p></header>");
    notices(&mut h, app);
    h.raw("<div class=\"layout\">");
    stepper(&mut h, app);
    h.raw("<main id=\"main\"><div id=\"step-content\" class=\"step\">");
    steps::render(&mut h, app);
    h.raw("</div><nav class=\"step-nav\" aria-label=\"Step navigation\">");
    if let Some(p) = app.step.previous() {
        h.button("", "step", p.slug(), &format!("Back: {}", p.title()));
    }
    if let Some(n) = app.step.next() {
        h.button("primary", "step", n.slug(), &format!("Next: {}", n.title()));
    }
    h.raw("</nav></main>");
    preview::render(&mut h, app);
    h.raw("</div>");
    h.into_string()
}

/// The steps with their state (complete, warnings, errors); any step can be opened directly.
fn stepper(h: &mut Html, app: &App) {
    use crate::validate::Severity;
    h.raw("<nav class=\"stepper\" aria-label=\"Wizard steps\"><ol>");
    for step in Step::ALL {
        let (class, status) = match step {
            Step::Start => ("step-button", ""),
            _ => match app.step_severity(step) {
                Some(Severity::Error) => ("step-button has-error", "has errors"),
                Some(Severity::Warning) => ("step-button has-warning", "has warnings"),
                _ => ("step-button complete", "complete"),
            },
        };
        h.raw("<li><button type=\"button\"").attr("class", class);
        if app.step == step {
            h.raw(" aria-current=\"step\"");
        }
        h.attr("data-a", "step").attr("data-v", step.slug()).raw("><span class=\"step-number\" aria-hidden=\"true\">");
        h.num(step.index() + 1).raw("</span><span class=\"step-title\">").esc(step.title());
        h.raw("</span><span class=\"step-status\">").raw(status).raw("</span></button></li>");
    }
    h.raw("</ol></nav>");
}

/// Messages about loading, saving and importing, each with its action.
fn notices(h: &mut Html, app: &App) {
    h.raw("<div class=\"notices\" role=\"status\" aria-live=\"polite\">");
    for (i, notice) in app.notices.iter().enumerate() {
        let i = i.to_string();
        h.raw(match notice.kind {
            NoticeKind::Info => "<div class=\"notice info\"><p>",
            NoticeKind::Problem => "<div class=\"notice problem\"><p>",
        });
        h.esc(&notice.text).raw("</p>");
        match &notice.action {
            Some(NoticeAction::DownloadRescued(_)) => h.button("", "notice", &i, "Download the saved text"),
            Some(NoticeAction::Undo(_)) => h.button("", "notice", &i, "Undo"),
            Some(NoticeAction::LoadShared(_)) => h.button("primary", "notice", &i, "Load the shared answers"),
            None => h.raw(""),
        };
        h.button("link", "dismiss", &i, "Dismiss").raw("</div>");
    }
    h.raw("</div>");
}

/// What `browser.js` reports: a user action, or the answer to a request made earlier. `kind` says
/// which; `a` and `b` are its two values (see `mount` in browser.js).
fn on_message(kind: String, a: String, b: String) {
    match kind.as_str() {
        "act" => act(&a, &b),
        "field" => update(|app| app.edit(|x| set_field(x, &a, &b))),
        "key" => on_tab_key(&a),
        "drag" => update(|app| app.dragging = a == "over"),
        "file" => imported(&a, Ok(b)),
        "file-unreadable" => imported(&a, Err("the file could not be read".into())),
        "fetched" => fetched(&a, Ok(b)),
        "fetch-failed" if b.is_empty() => fetched(&a, Err("the request failed".into())),
        "fetch-failed" => fetched(&a, Err(format!("the server answered {b}"))),
        "copied" => update(|app| app.notify(Notice::info(if a == "share" { "Share link copied." } else { "Copied to the clipboard." }))),
        "copy-failed" => update(|app| {
            app.notify(Notice::problem("Could not copy: the browser did not allow copying; select the text and copy it by hand."))
        }),
        _ => {}
    }
}

/// One field from its text form. Most go through `path::set`; a grant's service and need also
/// move its role to the recommended one, and a count keeps whatever was typed as a number.
fn set_field(a: &mut Answers, field: &str, value: &str) {
    if let Some((w, g, name)) = grant_field(field) {
        let Some(x) = a.workloads.get_mut(w).and_then(|wl| wl.grants.get_mut(g)) else { return };
        match name {
            "target" => {
                if let Some(t) = TargetKind::ALL.iter().copied().find(|t| t.yaml_name() == value) {
                    let need = x.need;
                    steps::retarget(x, t, need);
                }
                return;
            }
            "need" => {
                if let Some(n) = AccessNeed::ALL.iter().copied().find(|n| n.yaml_name() == value) {
                    let target = x.target;
                    steps::retarget(x, target, n);
                }
                return;
            }
            _ => {}
        }
    }
    if field == "cluster.node_count" {
        // Anything that is not a count becomes 0, which validation names at the field.
        a.cluster.node_count = value.trim().parse().unwrap_or(0);
        return;
    }
    path::set(a, field, value);
}

/// `workloads[W].grants[G].NAME` → (W, G, NAME).
fn grant_field(field: &str) -> Option<(usize, usize, &str)> {
    let rest = field.strip_prefix("workloads[")?;
    let (w, rest) = rest.split_once("].grants[")?;
    let (g, name) = rest.split_once("].")?;
    Some((w.parse().ok()?, g.parse().ok()?, name))
}

/// Arrow keys move between the preview's tabs, as in any tab list (browser.js sends only those).
fn on_tab_key(key: &str) {
    let step: isize = if matches!(key, "ArrowRight" | "ArrowDown") { 1 } else { -1 };
    let Some(next) = read(|app| {
        let files = app.files();
        let active = preview::active_file(app).map(|f| f.path.as_str());
        let at = files.iter().position(|f| Some(f.path.as_str()) == active).unwrap_or(0) as isize;
        let len = files.len() as isize;
        (len > 0).then(|| files[(at + step).rem_euclid(len) as usize].path.clone())
    })
    .flatten() else {
        return;
    };
    update(|app| app.preview_file = next.clone());
    browser::focus_element(&preview::tab_id(&next));
}

/// What a button does. `value` is its `data-v`.
fn act(action: &str, value: &str) {
    let index = value.parse::<usize>().ok();
    match action {
        "step" => {
            if let Some(step) = Step::from_slug(value) {
                update(|app| app.go_to_step(step));
            }
        }
        "goto" => update(|app| app.go_to_field(value)),
        "fix" => update(|app| {
            let Some(finding) = index.and_then(|i| app.findings.get(i)).cloned() else { return };
            if let Some(fix) = &finding.fix {
                app.edit(|a| fix.apply(a));
                app.focus = Some(Focus::Field(finding.field.clone()));
            }
        }),
        "dismiss" => update(|app| {
            if let Some(i) = index.filter(|i| *i < app.notices.len()) {
                app.notices.remove(i);
            }
        }),
        "notice" => notice_action(index),
        "tab" => update(|app| app.preview_file = value.to_string()),
        "copy-file" | "download-file" => file_action(action),
        "preset" => {
            if let Some(entry) = index.and_then(|i| read(|app| match &app.presets {
                Presets::Ready(entries) => entries.get(i).cloned(),
                _ => None,
            }).flatten()) {
                load_preset(entry);
            }
        }
        "example" => update(|app| {
            app.replace_answers(Answers::default(), "Started from the built-in example");
            app.go_to_step(Step::Tenant);
        }),
        "add-group" => update(|app| app.edit(|a| a.admin.admin_group_object_ids.push(String::new()))),
        // A removed item takes its button with it: focus goes to the list's Add button.
        "remove-group" => update(|app| {
            app.edit(|a| {
                if let Some(i) = index.filter(|i| *i < a.admin.admin_group_object_ids.len()) {
                    a.admin.admin_group_object_ids.remove(i);
                }
            });
            app.focus = Some(Focus::Element("add-group".into()));
        }),
        "add-workload" => update(|app| app.edit(|a| {
            let n = a.workloads.len();
            a.workloads.push(crate::answers::Workload::example(n))
        })),
        "duplicate-workload" => update(|app| app.edit(|a| {
            if let Some(i) = index {
                steps::duplicate(a, i)
            }
        })),
        "remove-workload" => update(|app| {
            app.edit(|a| {
                if let Some(i) = index.filter(|i| *i < a.workloads.len()) {
                    a.workloads.remove(i);
                }
            });
            app.focus = Some(Focus::Element("add-workload".into()));
        }),
        "add-grant" => update(|app| app.edit(|a| {
            if let Some(w) = index.and_then(|w| a.workloads.get_mut(w)) {
                w.grants.push(steps::new_grant())
            }
        })),
        "remove-grant" => {
            let Some((w, g)) = value.split_once('.').and_then(|(w, g)| Some((w.parse::<usize>().ok()?, g.parse::<usize>().ok()?))) else {
                return;
            };
            update(|app| {
                app.edit(|a| {
                    if let Some(wl) = a.workloads.get_mut(w).filter(|wl| g < wl.grants.len()) {
                        wl.grants.remove(g);
                    }
                });
                app.focus = Some(Focus::Element(format!("add-grant-{w}")));
            })
        }
        "zip" => {
            let zip = read(|app| app.bundle.as_ref().ok().map(|files| generate::zip(files))).flatten();
            if let Some(bytes) = zip {
                download(steps::ZIP_NAME, &bytes, "application/zip");
            }
        }
        "print" => {
            update(|app| app.preview_file = "README.md".into());
            browser::print_next_frame();
        }
        "copy-share" => {
            if let Some(link) = read(|app| app.share_link().to_string()) {
                browser::copy_text(&link, "share");
            }
        }
        "export" => {
            if let Some(text) = read(|app| answers::to_yaml(&app.answers)) {
                download("answers.yaml", text.as_bytes(), "application/yaml");
            }
        }
        // The pressed button gives way to the question; focus goes to the safe answer, and back.
        "start-over" => update(|app| {
            app.confirm_start_over = true;
            app.focus = Some(Focus::Element("keep-answers".into()));
        }),
        "start-over-no" => update(|app| {
            app.confirm_start_over = false;
            app.focus = Some(Focus::Element("start-over".into()));
        }),
        "start-over-yes" => update(|app| {
            app.confirm_start_over = false;
            app.replace_answers(Answers::default(), "Started over");
            app.go_to_step(Step::Start);
        }),
        _ => {}
    }
}

fn notice_action(index: Option<usize>) {
    let Some(action) = index.and_then(|i| read(|app| app.notices.get(i).and_then(|n| n.action.clone())).flatten()) else {
        return;
    };
    match action {
        NoticeAction::DownloadRescued(raw) => download("unreadable-saved-answers.yaml", raw.as_bytes(), "application/yaml"),
        NoticeAction::Undo(old) => update(|app| {
            app.set_answers(*old);
            app.notices.retain(|n| !matches!(n.action, Some(NoticeAction::Undo(_))));
        }),
        NoticeAction::LoadShared(shared) => update(|app| {
            app.notices.retain(|n| !matches!(n.action, Some(NoticeAction::LoadShared(_))));
            app.replace_answers(*shared, "Loaded the answers from the shared link");
        }),
    }
}

/// Copy or download the file the preview shows.
fn file_action(action: &str) {
    let Some(Some((path, text))) = read(|app| preview::active_file(app).map(|f| (f.path.clone(), f.contents.clone()))) else {
        return;
    };
    if action == "copy-file" {
        browser::copy_text(&text, "file");
    } else {
        let name = path.rsplit('/').next().unwrap_or(&path);
        download(name, text.as_bytes(), preview::mime_of(&path));
    }
}

fn download(name: &str, bytes: &[u8], mime: &str) {
    if !browser::download(name, bytes, mime) {
        update(|app| app.notify(Notice::problem("The download failed: the browser refused to create the file.")));
    }
}

/// A picked or dropped file, read (or not).
fn imported(name: &str, text: Result<String, String>) {
    update(|app| match text.and_then(|t| answers::from_yaml(&t).map_err(|e| format!("{e}. Your current answers are unchanged"))) {
        Ok(imported) => {
            app.import_error = None;
            app.replace_answers(imported, &format!("Imported {name}"));
        }
        Err(error) => app.import_error = Some(format!("{name} was not imported: {error}.")),
    });
}

/// The answer to `browser::fetch_text`: the preset list, or the preset being loaded. An answer for a
/// preset the user has since moved on from is dropped.
fn fetched(url: &str, text: Result<String, String>) {
    if url == PRESET_INDEX {
        let result = text.and_then(|t| crate::yaml::from_str::<Vec<PresetEntry>>(&t).map_err(|e| e.to_string()));
        update(|app| {
            app.presets = match result {
                Ok(entries) => Presets::Ready(entries),
                Err(error) => Presets::Failed(error),
            }
        });
        return;
    }
    update(|app| {
        let Some(entry) = app.loading_preset.take_if(|e| url == preset_url(&e.file)) else { return };
        match text.and_then(|t| answers::from_yaml(&t).map_err(|e| e.to_string())) {
            Ok(preset) => {
                app.replace_answers(preset, &format!("Loaded the preset \u{201c}{}\u{201d}", entry.title));
                app.go_to_step(Step::Tenant);
            }
            Err(error) => app.notify(Notice::problem(format!(
                "The preset \u{201c}{}\u{201d} could not be loaded ({error}). Your answers are unchanged.",
                entry.title
            ))),
        }
    });
}

fn load_preset(entry: PresetEntry) {
    if !steps::safe_preset_file(&entry.file) {
        update(|app| app.notify(Notice::problem(format!("The preset file name \u{201c}{}\u{201d} is not allowed.", entry.file))));
        return;
    }
    let url = preset_url(&entry.file);
    update(|app| app.loading_preset = Some(entry));
    browser::fetch_text(&url);
}
