//! From valid answers, every file a user needs. Shell and PowerShell quoting live in ONE place.
//!
//! INTERFACE (used by ui and wizard-cli; keep stable):
//! - `bundle(&Answers) -> Result<Vec<GeneratedFile>, Vec<Finding>>` (Err holds the error findings)
//! - `zip(&[GeneratedFile]) -> Vec<u8>` (pure Rust, works in wasm)

/// One output file, with its path inside the bundle (e.g. `k8s/demo-demo-app.serviceaccount.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}
