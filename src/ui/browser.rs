//! Thin wrappers over the browser APIs the UI needs. Every failure is a value or a no-op: private
//! browsing without storage, a blocked clipboard or an odd browser must never panic the app.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen(module = "/src/ui/patch.js")]
extern "C" {
    /// Makes the children of `root` match `html`, keeping the nodes that still fit (see patch.js).
    pub fn patch(root: &web_sys::Element, html: &str);
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn local_storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Returns false when the browser refused (quota, privacy mode).
pub fn storage_set(key: &str, value: &str) -> bool {
    local_storage().map(|s| s.set_item(key, value).is_ok()).unwrap_or(false)
}

pub fn storage_remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

pub fn location_hash() -> Option<String> {
    window()?.location().hash().ok().filter(|h| !h.is_empty())
}

/// Drops the fragment without a reload or a new history entry, so reloading does not re-ask.
pub fn clear_location_hash() {
    if let Some(w) = window() {
        let path = w.location().pathname().unwrap_or_else(|_| "/".into());
        let search = w.location().search().unwrap_or_default();
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}")));
        }
    }
}

/// The page URL without fragment, to build share links on.
pub fn page_url() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}{}", l.origin().ok()?, l.pathname().ok()?, l.search().unwrap_or_default()))
        })
        .unwrap_or_default()
}

/// Saves bytes as a file through a temporary object URL.
pub fn download(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let document = window().and_then(|w| w.document()).ok_or("no document")?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser refused to create the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "no object URL")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies text to the clipboard; resolves to an error message when the browser refuses.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = window().map(|w| w.navigator().clipboard()).ok_or("no clipboard")?;
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser did not allow copying; select the text and copy it by hand".to_string())
}

/// Reads a picked or dropped file as text.
pub async fn read_file_text(file: web_sys::File) -> Result<String, String> {
    let value = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read".to_string())?;
    value.as_string().ok_or_else(|| "the file is not text".to_string())
}

/// Focuses the element with `id`, if present, and scrolls it into view.
pub fn focus_element(id: &str) -> bool {
    let Some(element) = element(id) else {
        return false;
    };
    if let Ok(html) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = html.focus();
        html.scroll_into_view_with_bool(false);
        return true;
    }
    false
}

/// Opens the browser's print dialog once the page has drawn what is to be printed.
pub fn print_next_frame() {
    let Some(w) = window() else { return };
    let print = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(w) = window() {
            let _ = w.print();
        }
    });
    let _ = w.request_animation_frame(print.unchecked_ref());
}

pub fn element(id: &str) -> Option<web_sys::Element> {
    window()?.document()?.get_element_by_id(id)
}

/// GETs a same-origin file as text; a refused or failed request is an error message.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let w = window().ok_or("no window")?;
    let response = wasm_bindgen_futures::JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(|_| "the request failed".to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "no response".to_string())?;
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    let text = response.text().map_err(|_| "no body".to_string())?;
    let text = wasm_bindgen_futures::JsFuture::from(text).await.map_err(|_| "the body could not be read".to_string())?;
    text.as_string().ok_or_else(|| "the body is not text".to_string())
}
