//! `scripts/bench`: page weight, cold load, keystroke-to-preview and native generation time.
//! Prints a table and writes target/bench.json. Measurements, never pass/fail: the budgets are shown
//! beside each figure so a regression is visible.

#[path = "../tests/browser/mod.rs"]
mod browser;

use aks_identity_wizard::{answers, generate};
use browser::{Browser, BrowserOptions};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const COLD_LOADS: usize = 10;
const KEYSTROKES: usize = 100;
const GENERATIONS: usize = 200;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// gzip size: raw deflate at level 9 plus gzip's 18 bytes of header and trailer.
fn gzip_size(bytes: &[u8]) -> usize {
    miniz_oxide::deflate::compress_to_vec(bytes, 9).len() + 18
}

fn main() {
    let wait = Duration::from_secs(20);
    let b = Browser::start_with(BrowserOptions { window: Some((1280, 900)), ..Default::default() });
    b.cdp("Network.enable", json!({}));
    b.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }));

    // Page weight: every file the first load fetches, read from dist/ by the path the page asked for.
    b.goto(&b.server.url("/"));
    b.wait_for("performance.getEntriesByName('wizard-interactive').length > 0", "the app", wait);
    b.wait_for("document.querySelector('.presets')", "the presets", wait);
    let dist = browser::project_root().join("dist");
    let origin = b.server.url("");
    let mut files = Vec::new();
    for url in b.fetched_urls() {
        let path = url.strip_prefix(&origin).unwrap_or(&url).split(['?', '#']).next().unwrap_or("/").to_string();
        let file = if path == "/" { "index.html".to_string() } else { path.trim_start_matches('/').to_string() };
        let bytes = std::fs::read(dist.join(&file)).unwrap_or_default();
        files.push((file, bytes.len(), gzip_size(&bytes)));
    }
    let raw_total: usize = files.iter().map(|f| f.1).sum();
    let gzip_total: usize = files.iter().map(|f| f.2).sum();

    // Cold load: navigation start to the first step interactive, cache disabled, fresh page each time.
    let mut loads = Vec::new();
    for _ in 0..COLD_LOADS {
        b.goto("about:blank");
        b.goto(&b.server.url("/"));
        let t = b.wait_for(
            "(performance.getEntriesByName('wizard-interactive')[0] || {}).startTime",
            "the interactive mark",
            wait,
        );
        loads.push(t.as_f64().unwrap_or(f64::NAN));
    }

    // Keystroke to preview: an input event in the cluster name field until the preview shows it.
    b.js("document.querySelectorAll('.stepper button')[3].click()", json!([]));
    b.wait_for("document.getElementById('f-cluster-name')", "the cluster step", wait);
    b.js("document.getElementById('tab-setup-sh').click()", json!([]));
    let samples = b.js_async(
        "const [count, done] = arguments;\n\
         const input = document.getElementById('f-cluster-name');\n\
         const pre = () => document.querySelector('#preview-panel pre');\n\
         const times = [];\n\
         (async () => {\n\
           for (let i = 0; i < count; i++) {\n\
             const name = 'aks-bench-' + i;\n\
             const seen = new Promise(resolve => {\n\
               const check = () => pre() && pre().textContent.includes(\"CLUSTER_NAME='\" + name + \"'\");\n\
               const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); resolve(performance.now()); } });\n\
               observer.observe(document.querySelector('.preview'), { subtree: true, childList: true, characterData: true });\n\
             });\n\
             const start = performance.now();\n\
             input.value = name;\n\
             input.dispatchEvent(new Event('input', { bubbles: true }));\n\
             times.push((await seen) - start);\n\
             await new Promise(r => requestAnimationFrame(() => r()));\n\
           }\n\
           done(times);\n\
         })();",
        json!([KEYSTROKES]),
    );
    let keystrokes: Vec<f64> = match samples {
        Value::Array(v) => v.iter().filter_map(Value::as_f64).collect(),
        _ => Vec::new(),
    };
    drop(b);

    // Native generation of the full bundle for the largest preset.
    let presets = browser::project_root().join("public/presets");
    let (largest_name, largest) = std::fs::read_dir(&presets)
        .expect("public/presets")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let a = answers::from_yaml(&text).ok()?;
            Some((e.file_name().to_string_lossy().to_string(), a))
        })
        .max_by_key(|(_, a)| a.workloads.len())
        .expect("a preset");
    let mut generation = Vec::new();
    let mut bundle_bytes = 0;
    for _ in 0..GENERATIONS {
        let start = Instant::now();
        let files = generate::bundle(&largest).expect("the preset generates");
        let zip = generate::zip(&files);
        generation.push(start.elapsed().as_secs_f64() * 1000.0);
        bundle_bytes = zip.len();
    }

    let report = json!({
        "page_weight": {
            "files": files.iter().map(|(f, raw, gz)| json!({"file": f, "raw_bytes": raw, "gzip_bytes": gz})).collect::<Vec<_>>(),
            "raw_bytes": raw_total,
            "gzip_bytes": gzip_total,
            "budget_gzip_bytes": 140_000,
        },
        "cold_load_ms": { "median": median(loads.clone()), "samples": loads, "budget": 250.0 },
        "keystroke_to_preview_ms": { "median": median(keystrokes.clone()), "samples": keystrokes.len(), "budget": 8.0 },
        "native_generation_ms": { "preset": largest_name, "median": median(generation.clone()), "runs": GENERATIONS, "zip_bytes": bundle_bytes },
    });

    println!("{:<44} {:>10} {:>10}", "file (first load)", "raw B", "gzip B");
    for (f, raw, gz) in &files {
        println!("{f:<44} {raw:>10} {gz:>10}");
    }
    println!("{:<44} {raw_total:>10} {gzip_total:>10}   budget < 140000 gzip", "total");
    println!();
    println!("{:<44} {:>10.1}   budget < 250 ms", format!("cold load, median of {COLD_LOADS} (ms)"), report["cold_load_ms"]["median"].as_f64().unwrap_or(f64::NAN));
    println!("{:<44} {:>10.2}   budget < 8 ms", format!("keystroke to preview, median of {KEYSTROKES} (ms)"), report["keystroke_to_preview_ms"]["median"].as_f64().unwrap_or(f64::NAN));
    println!("{:<44} {:>10.3}", format!("native bundle + zip, {largest_name} (ms)"), report["native_generation_ms"]["median"].as_f64().unwrap_or(f64::NAN));

    let out = browser::project_root().join("target/bench.json");
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).expect("write target/bench.json");
    println!("\nwrote {}", out.display());
}
