//! wasm entry: install the panic hook and mount the app. Thin by design.

#[cfg(target_arch = "wasm32")]
fn main() {
    use aks_identity_wizard::ui::{self, browser};
    // Errors are values everywhere; should a panic slip through anyway, it is logged, not silent.
    std::panic::set_hook(Box::new(|info| browser::log_error(&format!("The wizard failed: {info}"))));
    ui::start();
    // The first step is on screen and its handlers are attached: scripts/bench measures to here.
    browser::mark_interactive();
}

/// Natively this binary has nothing to show: the browser app is built by Trunk.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the browser app; build it with `trunk build` or run scripts/serve. For the command line, use wizard-cli.");
}

/// Talc instead of the default dlmalloc: a smaller allocator, so a smaller page.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
