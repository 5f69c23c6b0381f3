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

fn element_by_id(id: &str) -> Option<web_sys::HtmlElement> {
    window()?.document()?.get_element_by_id(id)?.dyn_into::<web_sys::HtmlElement>().ok()
}

/// How far a focused element is scrolled: only as far as needed (`Nearest`), or to the middle of the
/// screen (`Center`, for an item just added, so what is around it shows too).
fn focus_and_scroll(element: &web_sys::HtmlElement, block: web_sys::ScrollLogicalPosition) {
    // The browser's own scroll on focus is not asked for: it may jump further than needed.
    let focus = web_sys::FocusOptions::new();
    focus.set_prevent_scroll(true);
    let _ = element.focus_with_options(&focus);
    let scroll = web_sys::ScrollIntoViewOptions::new();
    scroll.set_block(block);
    scroll.set_inline(web_sys::ScrollLogicalPosition::Nearest);
    element.scroll_into_view_with_scroll_into_view_options(&scroll);
}

/// Focuses the element with `id`, if present, and scrolls it into view if it is not.
pub fn focus_element(id: &str) -> bool {
    match element_by_id(id) {
        Some(element) => {
            focus_and_scroll(&element, web_sys::ScrollLogicalPosition::Nearest);
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

/// Focuses an item just added (`id`, its first control) once it is drawn, scrolled to the middle of
/// the screen.
pub fn focus_new_after_render(id: &str) {
    let id = id.to_string();
    request_animation_frame(move || {
        if let Some(element) = element_by_id(&id) {
            focus_and_scroll(&element, web_sys::ScrollLogicalPosition::Center);
        }
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

/// A step just opened: once it is drawn, the page goes back to its top (the new step starts
/// there, under the stepper, and on a phone the first field shows), and focus goes to `heading`.
pub fn open_at_top_after_render(heading: &'static str) {
    request_animation_frame(move || {
        if let Some(w) = window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
        focus_element(heading);
    });
}

/// Scrolls a one-row list `row` (a selector) sideways, never the page, so its item `item` (a
/// selector inside it) is in the middle, once the view has drawn.
pub fn center_in_row(row: &'static str, item: &'static str) {
    request_animation_frame(move || {
        let Some(document) = window().and_then(|w| w.document()) else { return };
        let Ok(Some(row)) = document.query_selector(row) else { return };
        let Ok(Some(item)) = row.query_selector(item) else { return };
        let Some(item) = item.dyn_ref::<web_sys::HtmlElement>() else { return };
        // Offsets are from the row (it is the item's offset parent, see style/main.css).
        let left = item.offset_left() - (row.client_width() - item.offset_width()) / 2;
        row.set_scroll_left(left.max(0));
    });
}

/// Scrolls `element` into view, only as far as needed, once the view has drawn its new content.
pub fn reveal_after_render(element: web_sys::Element) {
    request_animation_frame(move || {
        let scroll = web_sys::ScrollIntoViewOptions::new();
        scroll.set_block(web_sys::ScrollLogicalPosition::Nearest);
        scroll.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&scroll);
    });
}

/// Whether the pointer rests on the element `id` or focus is inside it: a notice that would close
/// by itself waits then.
pub fn is_held(id: &str) -> bool {
    element_by_id(id).is_some_and(|e| e.matches(":hover, :focus-within").unwrap_or(false))
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
