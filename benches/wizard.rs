//! `scripts/bench`: page weight (gzip and brotli), cold load on loopback, first control under a
//! throttled mobile profile, keystroke-to-preview and native generation time. Prints a table and
//! writes target/bench.json. Measurements, never pass/fail: the budgets are shown beside each figure
//! so a regression is visible.

#[path = "../tests/browser/mod.rs"]
mod browser;

use aks_identity_wizard::{answers, generate};
use browser::{Browser, BrowserOptions};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const COLD_LOADS: usize = 10;
const KEYSTROKES: usize = 100;
const GENERATIONS: usize = 200;

/// The throttled mobile profile, with the figures of Lighthouse's mobile profile: 150 ms round trip,
/// 1.6 Mbit/s down, 750 kbit/s up, the CPU 4 times slower, a phone-sized window, cache off, files
/// served gzip-compressed.
const MOBILE_LATENCY_MS: u64 = 150;
const MOBILE_DOWN_BITS: u64 = 1_600_000;
const MOBILE_UP_BITS: u64 = 750_000;
const MOBILE_CPU_SLOWDOWN: u64 = 4;
const MOBILE_WINDOW: (u32, u32) = (412, 823);

/// Installed before each page's own scripts: notes when the first form control of the step content
/// is in the DOM and rendered (not hidden by style), in ms since navigation start.
const FIRST_CONTROL_PROBE: &str = "(() => {\n\
  const visible = () => { const c = document.querySelector('main :is(input, select, textarea, button)'); return c && c.checkVisibility(); };\n\
  const observer = new MutationObserver(() => { if (visible()) { window.__firstControl = performance.now(); observer.disconnect(); } });\n\
  observer.observe(document, { childList: true, subtree: true, attributes: true });\n\
})();";

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// `KEYSTROKES` times: a new cluster name typed into the Cluster step, until setup.sh in the preview
/// shows it (ms each).
fn keystroke_samples(b: &Browser, wait: Duration) -> Vec<f64> {
    if b.js("return document.getElementById('f-cluster-name') === null", json!([])) == json!(true) {
        b.js("document.querySelectorAll('.stepper button')[3].click()", json!([]));
    }
    b.wait_for("document.getElementById('f-cluster-name')", "the cluster step", wait);
    // setup.sh in the preview: a tab, or with many files the list's choice.
    b.js(
        "const tab = document.getElementById('tab-setup-sh'); if (tab) { tab.click(); } else { const s = document.getElementById('preview-file'); s.value = 'setup.sh'; s.dispatchEvent(new Event('change', { bubbles: true })); }",
        json!([]),
    );
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
    match samples {
        Value::Array(v) => v.iter().filter_map(Value::as_f64).collect(),
        _ => Vec::new(),
    }
}

/// brotli at quality 11 (the densest, what a host precompresses with), window 22.
fn brotli_size(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut writer = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
    writer.write_all(bytes).expect("brotli into memory");
    writer.into_inner().len()
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
        files.push((file, bytes.len(), browser::gzip(&bytes).len(), brotli_size(&bytes)));
    }
    let raw_total: usize = files.iter().map(|f| f.1).sum();
    let gzip_total: usize = files.iter().map(|f| f.2).sum();
    let brotli_total: usize = files.iter().map(|f| f.3).sum();

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

    // Keystroke to preview: an input event in the cluster name field until the preview shows it;
    // then the same for a class of 20 participants, whose bundle holds every participant's files.
    let keystrokes = keystroke_samples(&b, wait);
    let class_of_20 = std::fs::read_to_string(browser::project_root().join("public/presets/workshop-lab.yaml"))
        .expect("the workshop preset")
        .replace("participants: 6", "participants: 20");
    b.js("localStorage.setItem('aks-identity-wizard.answers', arguments[0]); localStorage.setItem('aks-identity-wizard.step', 'cluster');", json!([class_of_20]));
    b.goto("about:blank");
    b.goto(&b.server.url("/"));
    b.wait_for("document.getElementById('f-cluster-name')", "the class's cluster step", wait);
    let class_keystrokes = keystroke_samples(&b, wait);
    drop(b);

    let mobile = throttled_mobile_loads(wait);

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
        .max_by_key(|(_, a)| answers::workshop::expand(a).workloads.len())
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
            "files": files.iter().map(|(f, raw, gz, br)| json!({"file": f, "raw_bytes": raw, "gzip_bytes": gz, "brotli_bytes": br})).collect::<Vec<_>>(),
            "raw_bytes": raw_total,
            "gzip_bytes": gzip_total,
            "brotli_bytes": brotli_total,
            "gzip_level": 9,
            "brotli_quality": 11,
            "budget_gzip_bytes": 340_000,
            // Lighter than the React anchor (the AKS Construction helper, 276 KB gzip).
            "goal_gzip_bytes": 276_000,
        },
        "cold_load_ms": { "median": median(loads.clone()), "samples": loads, "budget": 250.0 },
        "throttled_mobile": {
            "profile": {
                "latency_ms": MOBILE_LATENCY_MS,
                "download_bits_per_s": MOBILE_DOWN_BITS,
                "upload_bits_per_s": MOBILE_UP_BITS,
                "cpu_slowdown": MOBILE_CPU_SLOWDOWN,
                "window": [MOBILE_WINDOW.0, MOBILE_WINDOW.1],
                "cache": "disabled",
                "content_encoding": "gzip",
            },
            "first_control_ms": { "median": median(mobile.first_control.clone()), "samples": mobile.first_control },
            "interactive_mark_ms": { "median": median(mobile.interactive.clone()), "samples": mobile.interactive },
            "transferred_bytes": mobile.transferred,
        },
        "keystroke_to_preview_ms": { "median": median(keystrokes.clone()), "samples": keystrokes.len(), "budget": 8.0 },
        "keystroke_to_preview_class_of_20_ms": { "median": median(class_keystrokes.clone()), "samples": class_keystrokes.len() },
        "native_generation_ms": { "preset": largest_name, "median": median(generation.clone()), "runs": GENERATIONS, "zip_bytes": bundle_bytes },
    });

    let figure = |pointer: &str| report.pointer(pointer).and_then(Value::as_f64).unwrap_or(f64::NAN);
    let name_width = files.iter().map(|f| f.0.len()).max().unwrap_or(0).max(24);
    println!("{:<name_width$} {:>10} {:>10} {:>10}", "file (first load)", "raw B", "gzip -9 B", "brotli B");
    for (f, raw, gz, br) in &files {
        println!("{f:<name_width$} {raw:>10} {gz:>10} {br:>10}");
    }
    println!("{:<name_width$} {raw_total:>10} {gzip_total:>10} {brotli_total:>10}   budget < 340000 gzip, goal < 276000", "total");
    println!();
    println!("{:<58} {:>10.1}   budget < 250 ms", format!("cold load, loopback, median of {COLD_LOADS} (ms)"), figure("/cold_load_ms/median"));
    println!("{:<58} {:>10.1}", format!("throttled mobile: first control, median of {COLD_LOADS} (ms)"), figure("/throttled_mobile/first_control_ms/median"));
    println!("{:<58} {:>10.1}", format!("throttled mobile: wizard-interactive, median of {COLD_LOADS} (ms)"), figure("/throttled_mobile/interactive_mark_ms/median"));
    println!("{:<58} {:>10}", "throttled mobile: bytes transferred (gzip, with headers)", mobile.transferred);
    println!("{:<58} {:>10.2}   budget < 8 ms", format!("keystroke to preview, median of {KEYSTROKES} (ms)"), figure("/keystroke_to_preview_ms/median"));
    println!("{:<58} {:>10.2}", format!("keystroke to preview, class of 20, median of {KEYSTROKES} (ms)"), figure("/keystroke_to_preview_class_of_20_ms/median"));
    println!("{:<58} {:>10.3}", format!("native bundle + zip, {largest_name} (ms)"), figure("/native_generation_ms/median"));
    println!(
        "\nthrottled mobile: {MOBILE_LATENCY_MS} ms round trip, {} kbit/s down, {} kbit/s up, CPU x{MOBILE_CPU_SLOWDOWN}, {}x{} window, cache off, gzip",
        MOBILE_DOWN_BITS / 1000,
        MOBILE_UP_BITS / 1000,
        MOBILE_WINDOW.0,
        MOBILE_WINDOW.1
    );

    let out = browser::project_root().join("target/bench.json");
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).expect("write target/bench.json");
    println!("\nwrote {}", out.display());
}

struct MobileLoads {
    first_control: Vec<f64>,
    interactive: Vec<f64>,
    transferred: u64,
}

/// Cold loads under the throttled mobile profile, from a server that sends gzip as a static host does.
fn throttled_mobile_loads(wait: Duration) -> MobileLoads {
    let b = Browser::start_with(BrowserOptions { window: Some(MOBILE_WINDOW), gzip: true, ..Default::default() });
    b.cdp("Network.enable", json!({}));
    b.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }));
    // CDP throughputs are in bytes per second.
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({
            "offline": false,
            "latency": MOBILE_LATENCY_MS,
            "downloadThroughput": MOBILE_DOWN_BITS / 8,
            "uploadThroughput": MOBILE_UP_BITS / 8,
        }),
    );
    b.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": MOBILE_CPU_SLOWDOWN }));
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": FIRST_CONTROL_PROBE }));
    let mut loads = MobileLoads { first_control: Vec::new(), interactive: Vec::new(), transferred: 0 };
    for _ in 0..COLD_LOADS {
        b.goto("about:blank");
        b.goto(&b.server.url("/"));
        let first = b.wait_for("window.__firstControl", "the first form control", wait);
        let mark = b.wait_for(
            "(performance.getEntriesByName('wizard-interactive')[0] || {}).startTime",
            "the interactive mark",
            wait,
        );
        loads.first_control.push(first.as_f64().unwrap_or(f64::NAN));
        loads.interactive.push(mark.as_f64().unwrap_or(f64::NAN));
    }
    // What the last load moved over the wire: compressed bodies plus headers, every file.
    let transferred = b.js(
        "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).reduce((sum, e) => sum + e.transferSize, 0)",
        json!([]),
    );
    loads.transferred = transferred.as_u64().unwrap_or(0);
    loads
}
