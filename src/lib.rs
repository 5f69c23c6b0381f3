//! aks-identity-wizard: the core (answers, catalog, validation, generation) is plain Rust so the same
//! logic runs in the browser and in `wizard-cli`; only `ui` touches browser crates.

pub mod answers;
pub mod catalog;
pub mod generate;
pub mod validate;
pub mod yaml;

#[cfg(target_arch = "wasm32")]
pub mod ui;
