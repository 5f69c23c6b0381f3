//! The browser calls the UI makes, implemented in `browser.js`. Every failure there is a value or a
//! no-op: private browsing without storage, a blocked clipboard or an odd browser never panics the app.
//! Results that arrive later (a fetch, a file read, a copy) come back as messages to `ui::on_message`.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/src/ui/browser.js")]
extern "C" {
    /// Adds the app's root to the page and sends every user action to `handler(kind, a, b)`.
    pub fn mount(handler: &Closure<dyn Fn(String, String, String)>);
    /// Makes the root's children match `html`, keeping the nodes that still fit.
    pub fn patch(html: &str);
    /// Answers with a `fetched` or `fetch-failed` message.
    #[wasm_bindgen(js_name = fetchText)]
    pub fn fetch_text(url: &str);
    /// Answers with a `copied` or `copy-failed` message carrying `what`.
    #[wasm_bindgen(js_name = copyText)]
    pub fn copy_text(text: &str, what: &str);
    /// Saves bytes as a file; false when the browser refused.
    pub fn download(file_name: &str, bytes: &[u8], mime: &str) -> bool;
    #[wasm_bindgen(js_name = storageGet)]
    pub fn storage_get(key: &str) -> Option<String>;
    /// False when the browser refused (quota, privacy mode).
    #[wasm_bindgen(js_name = storageSet)]
    pub fn storage_set(key: &str, value: &str) -> bool;
    #[wasm_bindgen(js_name = locationHash)]
    fn raw_location_hash() -> String;
    /// Drops the fragment without a reload or a new history entry, so reloading does not re-ask.
    #[wasm_bindgen(js_name = clearLocationHash)]
    pub fn clear_location_hash();
    /// The page URL without fragment, to build share links on.
    #[wasm_bindgen(js_name = pageUrl)]
    pub fn page_url() -> String;
    /// Focuses the element with `id`, if present, and scrolls it into view.
    #[wasm_bindgen(js_name = focusElement)]
    pub fn focus_element(id: &str) -> bool;
    /// Opens the browser's print dialog once the page has drawn what is to be printed.
    #[wasm_bindgen(js_name = printNextFrame)]
    pub fn print_next_frame();
    /// The performance mark scripts/bench measures cold load to.
    #[wasm_bindgen(js_name = markInteractive)]
    pub fn mark_interactive();
    /// `console.error`.
    #[wasm_bindgen(js_name = logError)]
    pub fn log_error(message: &str);
}

pub fn location_hash() -> Option<String> {
    Some(raw_location_hash()).filter(|h| !h.is_empty())
}
