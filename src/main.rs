//! wasm entry: install the panic hook and mount the app. Thin by design.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    if let Err(error) = aks_identity_wizard::ui::start() {
        web_sys::console::error_2(&"The wizard could not start:".into(), &error);
    }
    // The first step is on screen and its handlers are attached: scripts/bench measures to here.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("wizard-interactive");
    }
}

/// Natively this binary has nothing to show: the browser app is built by Trunk.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the browser app; build it with `trunk build` or run scripts/serve. For the command line, use wizard-cli.");
}
