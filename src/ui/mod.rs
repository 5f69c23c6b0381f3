//! The UI over the core. The whole page is a pure function of `App` (`render`), written as HTML text
//! and patched into the DOM in place (`patch.js`), so focus, caret and scroll survive every update.
//! One delegated listener per event type reads what to do from the element: `data-f` names the field
//! an input edits, `data-a`/`data-v` the action a button takes. The page was first built with Leptos;
//! its runtime and per-view code were over half of the wasm, and this layer is a fraction of that.

pub mod browser;
mod fields;
mod html;
mod labels;
mod preview;
pub mod state;
mod steps;

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

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

/// Builds the state, mounts the page and wires the listeners. Errors are values; the page simply
/// stays on the noscript text if the document is missing.
pub fn start() -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let root = document.create_element("div")?;
    root.set_id("app");
    document.body().ok_or("no body")?.append_child(&root)?;
    APP.with(|a| *a.borrow_mut() = Some(App::new()));
    for kind in ["click", "input", "change", "keydown", "dragover", "dragleave", "drop"] {
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(on_event);
        root.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())?;
        // The listeners live as long as the page.
        listener.forget();
    }
    render();
    wasm_bindgen_futures::spawn_local(load_presets());
    Ok(())
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
        if let Some(root) = browser::element("app") {
            browser::patch(&root, &page);
        }
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

fn on_event(event: web_sys::Event) {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    match event.type_().as_str() {
        "click" => {
            if let Ok(Some(button)) = target.closest("[data-a]") {
                let action = button.get_attribute("data-a").unwrap_or_default();
                act(&action, &button.get_attribute("data-v").unwrap_or_default());
            }
        }
        "input" | "change" => on_input(&event, &target),
        "keydown" => on_key(&event, &target),
        "dragover" | "dragleave" | "drop" => on_drag(&event, &target),
        _ => {}
    }
}

/// Writes an edited control back into the answers through its field path.
fn on_input(event: &web_sys::Event, target: &web_sys::Element) {
    if target.id() == "import-file" {
        if event.type_() == "change" {
            if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
                if let Some(file) = input.files().and_then(|f| f.get(0)) {
                    import_file(file);
                }
                // Allow importing the same file again after fixing it.
                input.set_value("");
            }
        }
        return;
    }
    let Some(field) = target.get_attribute("data-f") else { return };
    let value = if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        if input.type_() == "checkbox" {
            input.checked().to_string()
        } else {
            input.value()
        }
    } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.value()
    } else {
        return;
    };
    update(|app| app.edit(|a| set_field(a, &field, &value)));
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

/// Arrow keys move between the preview's tabs, as in any tab list.
fn on_key(event: &web_sys::Event, target: &web_sys::Element) {
    if target.get_attribute("role").as_deref() != Some("tab") {
        return;
    }
    let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else { return };
    let step: isize = match key.as_str() {
        "ArrowRight" | "ArrowDown" => 1,
        "ArrowLeft" | "ArrowUp" => -1,
        _ => return,
    };
    event.prevent_default();
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

fn on_drag(event: &web_sys::Event, target: &web_sys::Element) {
    if !matches!(target.closest(".dropzone"), Ok(Some(_))) {
        return;
    }
    event.prevent_default();
    match event.type_().as_str() {
        "dragover" => update(|app| app.dragging = true),
        "dragleave" => update(|app| app.dragging = false),
        _ => {
            update(|app| app.dragging = false);
            let drag = event.dyn_ref::<web_sys::DragEvent>();
            if let Some(file) = drag.and_then(|d| d.data_transfer()).and_then(|d| d.files()).and_then(|f| f.get(0)) {
                import_file(file);
            }
        }
    }
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
                copy(link, "Share link copied.");
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
        copy(text, "Copied to the clipboard.");
    } else {
        let name = path.rsplit('/').next().unwrap_or(&path);
        download(name, text.as_bytes(), preview::mime_of(&path));
    }
}

fn download(name: &str, bytes: &[u8], mime: &str) {
    if let Err(error) = browser::download(name, bytes, mime) {
        update(|app| app.notify(Notice::problem(format!("The download failed: {error}."))));
    }
}

fn copy(text: String, done: &'static str) {
    wasm_bindgen_futures::spawn_local(async move {
        let notice = match browser::copy_text(&text).await {
            Ok(()) => Notice::info(done),
            Err(e) => Notice::problem(format!("Could not copy: {e}.")),
        };
        update(|app| app.notify(notice));
    });
}

fn import_file(file: web_sys::File) {
    let name = file.name();
    wasm_bindgen_futures::spawn_local(async move {
        let text = browser::read_file_text(file).await;
        update(|app| match text.and_then(|t| answers::from_yaml(&t).map_err(|e| format!("{e}. Your current answers are unchanged"))) {
            Ok(imported) => {
                app.import_error = None;
                app.replace_answers(imported, &format!("Imported {name}"));
            }
            Err(error) => app.import_error = Some(format!("{name} was not imported: {error}.")),
        });
    });
}

async fn load_presets() {
    let result = browser::fetch_text("presets/index.json").await.and_then(|text| parse_index(&text));
    update(|app| {
        app.presets = match result {
            Ok(entries) => Presets::Ready(entries),
            Err(error) => Presets::Failed(error),
        }
    });
}

/// `presets/index.json`: a list of {file, title, blurb}. JSON is YAML, so the one YAML reader reads it.
fn parse_index(text: &str) -> Result<Vec<PresetEntry>, String> {
    struct Entry {
        file: String,
        title: String,
        blurb: String,
    }
    crate::yaml::yaml_struct!(Entry { file, title, blurb });
    let entries = crate::yaml::from_str::<Vec<Entry>>(text).map_err(|e| e.to_string())?;
    Ok(entries.into_iter().map(|e| PresetEntry { file: e.file, title: e.title, blurb: e.blurb }).collect())
}

fn load_preset(entry: PresetEntry) {
    if !steps::safe_preset_file(&entry.file) {
        update(|app| app.notify(Notice::problem(format!("The preset file name \u{201c}{}\u{201d} is not allowed.", entry.file))));
        return;
    }
    update(|app| app.loading_preset = Some(entry.title.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        let result = browser::fetch_text(&format!("presets/{}", entry.file)).await;
        update(|app| {
            app.loading_preset = None;
            match result.and_then(|text| answers::from_yaml(&text).map_err(|e| e.to_string())) {
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
    });
}
