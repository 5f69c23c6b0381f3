//! The browser calls the UI makes, over web-sys. Every failure is a value or a no-op: private
//! browsing without storage, a blocked clipboard or an odd browser never panics the app.

use leptos::prelude::request_animation_frame;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn local_storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// False when the browser refused (quota, privacy mode).
pub fn storage_set(key: &str, value: &str) -> bool {
    local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn location_hash() -> Option<String> {
    window()?.location().hash().ok().filter(|h| !h.is_empty())
}

/// Drops the fragment without a reload or a new history entry, so reloading does not ask again.
pub fn clear_location_hash() {
    let Some(w) = window() else { return };
    let location = w.location();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    let search = location.search().unwrap_or_default();
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}")));
    }
}

/// The page's address without the fragment, to build share links on.
pub fn page_url() -> String {
    let Some(location) = window().map(|w| w.location()) else { return String::new() };
    format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// Saves bytes as a file through a temporary object URL; false when the browser refused.
pub fn download(file_name: &str, bytes: &[u8], mime: &str) -> bool {
    let save = || -> Option<()> {
        let document = window()?.document()?;
        let parts = js_sys_array_of(bytes);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    save().is_some()
}

/// `[Uint8Array(bytes)]`, the parts list a Blob is made from.
fn js_sys_array_of(bytes: &[u8]) -> JsValue {
    let array = web_sys::js_sys::Uint8Array::from(bytes);
    web_sys::js_sys::Array::of1(&array).into()
}

/// Copies text to the clipboard; false when the browser refused.
pub async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = window().map(|w| w.navigator().clipboard()) else { return false };
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// Reads a picked or dropped file as text.
pub async fn read_file_text(file: web_sys::File) -> Option<String> {
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// Focuses the element with `id`, if present, and scrolls it into view.
pub fn focus_element(id: &str) -> bool {
    let element = window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    match element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(element) => {
            let _ = element.focus();
            element.scroll_into_view_with_bool(false);
            true
        }
        None => false,
    }
}

/// Focuses `id` once the view has caught up with the change just made (the element may be new).
pub fn focus_after_render(id: &str) {
    let id = id.to_string();
    request_animation_frame(move || {
        focus_element(&id);
    });
}

/// [`focus_after_render`], falling back to `fallback` when `id` is not on the page.
pub fn focus_after_render_or(id: &str, fallback: &'static str) {
    let id = id.to_string();
    request_animation_frame(move || {
        if !focus_element(&id) {
            focus_element(fallback);
        }
    });
}

/// Scrolls the code box `container` (a selector), not the page, so its first changed line is in
/// view, a third of the way down, once the view has drawn the new lines.
pub fn show_first_changed_line(container: &'static str) {
    request_animation_frame(move || {
        let Some(document) = window().and_then(|w| w.document()) else { return };
        let Ok(Some(code)) = document.query_selector(container) else { return };
        let Ok(Some(line)) = code.query_selector(".line.changed") else { return };
        let Some(line) = line.dyn_ref::<web_sys::HtmlElement>() else { return };
        let top = line.offset_top() - code.client_height() / 3;
        code.set_scroll_top(top.max(0));
    });
}

/// Opens the print dialog once the page has drawn what is to be printed.
pub fn print_after_render() {
    request_animation_frame(|| {
        if let Some(w) = window() {
            let _ = w.print();
        }
    });
}

/// Prints one part of the page (`data-print` on the root element picks it in the print styles),
/// then returns the page to printing the preview's file.
pub fn print_only(part: &'static str) {
    let root = window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = &root {
        let _ = root.set_attribute("data-print", part);
    }
    request_animation_frame(move || {
        if let Some(w) = window() {
            // Blocks until the print dialog closes.
            let _ = w.print();
        }
        if let Some(root) = root {
            let _ = root.remove_attribute("data-print");
        }
    });
}

/// The performance mark scripts/bench measures cold load to.
pub fn mark_interactive() {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark("wizard-interactive");
    }
}

/// `console.error`.
pub fn log_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}
