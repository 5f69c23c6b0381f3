# Sourced by the scripts: tools from cargo and npm first on PATH, so Trunk finds the exact pinned
# wasm-bindgen and wasm-opt (never Debian's wasm-opt 108, which writes modules that fail to load).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
