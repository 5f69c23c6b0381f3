//! Differential tests of `aks_identity_wizard::yaml` (our own reader and writer) against serde_yaml
//! 0.9 (libyaml), which the crate used before. serde_yaml is a dev-dependency only.
//!
//! - Writing: for every value, our text reads back (in both libraries) as the same value, and is
//!   byte-identical to serde_yaml's text unless a string has a line break (we write "double quotes",
//!   serde_yaml a `|-` block) or is a YAML 1.1 boolean/number (`yes`, `on`, `1_000`), which we quote.
//! - Reading: serde_yaml's text of every value reads the same in our reader (including its `|-`
//!   blocks); presets, index.json and golden files read identically as typed and as generic values;
//!   a corpus of hand-written YAML reads identically; bad input is an error with line and column.
//!   Our typed reader (`FromYaml`, written by hand) is checked against serde_yaml reading the same
//!   types through their serde attributes; generic documents are compared as JSON values.
//! - Robustness: arbitrary and mutated input never panics, never hangs, and whenever both readers
//!   accept a text, they agree on its meaning.

#[path = "generate_support/answers_strategy.rs"]
mod answers_strategy;

use aks_identity_wizard::answers::*;
use aks_identity_wizard::generate::k8s;
use aks_identity_wizard::yaml::{self, FromYaml};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value as J;
use std::path::Path;
use std::time::{Duration, Instant};

// ---------- generators ----------

const TOKENS: &[&str] = &[
    "", " ", "yes", "no", "on", "off", "y", "n", "Y", "N", "YES", "No", "ON", "Off", "true", "True", "FALSE", "null",
    "Null", "~", "0", "01", "0123", "-0", "+1", "1.5", ".5", "1e3", "1E-3", "1_000", "0x1F", "0o17", "0b101", "-0x1",
    ".inf", "-.Inf", ".nan", "NaN", "inf", "1:30", "1.2.3", "v1.33", "- a", "-", "--", "---", "...", "? x", "?",
    ":", "a: b", "a:b", "a :b", "a #b", "a# b", "#x", "&a", "*a", "!x", "!!str", "|", ">", "'", "''", "\"", "\\",
    "%x", "@x", "`x", "[a]", "{a: b}", "a, b", ",", "[", "}", "\t", "a\tb", "\n", "a\nb", "a\n", "\na", "a\n\nb",
    " a", "a ", "a  b", "a \n b", "\r", "\r\n", "\u{85}", "\u{a0}", "\u{2028}", "\u{feff}", "\u{7f}", "\u{1}",
    "é", "日本", "🦀", "\u{200F}", "azure.workload.identity/use", "https://x.y/z?a=b#c", "=", "<<", "a'b", "a\"b",
];

fn chr() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '\'', '"', '\\', '\n', '\r', '\t', ' ', '#', ':', '-', '?', ',', '[', ']', '{', '}', '&', '*', '!', '|',
            '>', '%', '@', '`', '~', '.', '_', '0', '1', 'x', 'e', '\u{85}', '\u{a0}', '\u{2028}', '\u{feff}', 'é', '🦀',
        ]),
        1 => any::<char>(),
        3 => prop::char::range('a', 'z'),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(TOKENS).prop_map(String::from),
        2 => "[a-z][a-z0-9-]{0,11}",
        4 => prop::collection::vec(chr(), 0..14).prop_map(|v| v.into_iter().collect::<String>()),
        1 => (prop::sample::select(TOKENS), prop::sample::select(TOKENS), prop::sample::select(TOKENS))
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

const ALPHABET: answers_strategy::Alphabet = answers_strategy::Alphabet {
    text: || text().boxed(),
    role: || text().boxed(),
    node_count: || any::<u32>().boxed(),
};

fn answers() -> impl Strategy<Value = Answers> {
    answers_strategy::answers(ALPHABET)
}

fn workload() -> impl Strategy<Value = Workload> {
    answers_strategy::workload(ALPHABET)
}

/// Generic documents: nested maps/lists of random scalars, as serde_json values.
fn doc() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<u64>().prop_map(J::from),
        (-1e6f64..1e6).prop_map(J::from),
        text().prop_map(J::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(J::Array),
            prop::collection::btree_map(text(), inner, 0..5).prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

// ---------- helpers ----------

/// Strings our writer deliberately writes differently from serde_yaml (see the module doc).
fn differs_on_purpose(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        || matches!(s, "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "on" | "On" | "ON" | "off" | "Off" | "OFF")
        || s.contains('_')
}

/// NEL, LS and PS are line breaks to libyaml (YAML 1.1) and ordinary characters to us (YAML 1.2).
/// Our writer always escapes them (`\N`, `\L`, `\P`), so our text means the same to both readers;
/// text where they appear raw (serde_yaml writes LS and PS raw) may read differently.
fn yaml11_breaks(s: &str) -> bool {
    s.contains(['\u{85}', '\u{2028}', '\u{2029}'])
}

fn any_string(v: &J, f: fn(&str) -> bool) -> bool {
    match v {
        J::String(s) => f(s),
        J::Array(a) => a.iter().any(|v| any_string(v, f)),
        J::Object(m) => m.iter().any(|(k, v)| f(k) || any_string(v, f)),
        _ => false,
    }
}

/// serde_yaml writes keys with line breaks (or over 128 bytes) as explicit `? key` entries, which our
/// reader refuses; our writer never produces them.
fn complex_key(v: &J) -> bool {
    match v {
        J::Array(a) => a.iter().any(complex_key),
        J::Object(m) => m.iter().any(|(k, v)| k.contains(['\n', '\r']) || k.len() > 128 || complex_key(v)),
        _ => false,
    }
}

fn any_string_differs(v: &J) -> bool {
    match v {
        J::String(s) => differs_on_purpose(s),
        J::Array(a) => a.iter().any(any_string_differs),
        J::Object(m) => m.iter().any(|(k, v)| differs_on_purpose(k) || any_string_differs(v)),
        _ => false,
    }
}

fn ours<T: FromYaml>(text: &str) -> Result<T, yaml::YamlError> {
    yaml::from_str(text)
}

/// Our reader's generic document, as JSON (the form serde_yaml reads generic documents into here).
fn ours_json(text: &str) -> Result<J, yaml::YamlError> {
    yaml::from_str::<yaml::Value>(text).map(json)
}

fn json(v: yaml::Value) -> J {
    match v {
        yaml::Value::Null => J::Null,
        yaml::Value::Bool(b) => J::Bool(b),
        yaml::Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => J::from(u),
            (_, Some(i), _) => J::from(i),
            // JSON has no infinity or NaN: serde_json makes them null.
            (_, _, f) => f.and_then(serde_json::Number::from_f64).map_or(J::Null, J::Number),
        },
        yaml::Value::String(s) => J::String(s),
        yaml::Value::Sequence(items) => J::Array(items.into_iter().map(json).collect()),
        // Our reader reads every key as text.
        yaml::Value::Mapping(m) => J::Object(m.into_iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), json(v))).collect()),
    }
}

fn theirs<T: DeserializeOwned>(text: &str) -> Result<T, serde_yaml::Error> {
    serde_yaml::from_str(text)
}

/// Both readers on the same text: whenever both accept it, they must agree.
fn agree(text: &str) -> Result<(), String> {
    if yaml11_breaks(text) {
        return Ok(());
    }
    let (a, b) = (ours_json(text), theirs::<J>(text));
    if let (Ok(a), Ok(b)) = (&a, &b) {
        if a != b {
            return Err(format!("readers disagree on {text:?}:\n ours   {a:?}\n theirs {b:?}"));
        }
    }
    Ok(())
}

/// Cases per property; `YAML_DIFF_SCALE=10` runs ten times as many (a soak).
fn cases(n: u32) -> u32 {
    n * std::env::var("YAML_DIFF_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1)
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(2), "{what} took {took:?}");
    r
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

// ---------- writing ----------

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(1500), ..ProptestConfig::default() })]

    #[test]
    fn answers_round_trip_and_match_serde_yaml(a in answers()) {
        let text = yaml::to_string(&a).unwrap();
        let reference = serde_yaml::to_string(&a).unwrap();
        prop_assert_eq!(ours::<Answers>(&text).ok(), Some(a.clone()), "ours:\n{}", text);
        prop_assert_eq!(theirs::<Answers>(&text).ok(), Some(a.clone()), "serde_yaml reading ours:\n{}", text);
        let generic: J = serde_json::to_value(&a).unwrap();
        if !any_string(&generic, yaml11_breaks) {
            prop_assert_eq!(ours::<Answers>(&reference).ok(), Some(a.clone()), "ours reading serde_yaml's:\n{}", reference);
        }
        if !any_string_differs(&generic) {
            prop_assert_eq!(&text, &reference);
        }
        // The document model round-trips too (validate::path edits go through it).
        prop_assert_eq!(yaml::from_value::<Answers>(yaml::to_value(&a).unwrap()).ok(), Some(a.clone()));
        // And the codec (header comment, share link) on top of it.
        prop_assert_eq!(from_yaml(&to_yaml(&a)).ok(), Some(a.clone()));
        prop_assert_eq!(from_share(&to_share(&a)).ok(), Some(a.clone()));
    }

    #[test]
    fn manifests_read_the_same_in_serde_yaml(w in workload()) {
        let ns = k8s::namespace(&w.namespace);
        let sa = k8s::service_account(&w);
        let wl = k8s::workload(&w);
        let texts = [
            (yaml::to_string(&ns).unwrap(), serde_yaml::to_string(&ns).unwrap()),
            (yaml::to_string(&sa).unwrap(), serde_yaml::to_string(&sa).unwrap()),
            (yaml::to_string(&wl).unwrap(), serde_yaml::to_string(&wl).unwrap()),
        ];
        prop_assert_eq!(theirs::<k8s::Namespace>(&texts[0].0).ok(), Some(ns.clone()));
        prop_assert_eq!(theirs::<k8s::ServiceAccount>(&texts[1].0).ok(), Some(sa.clone()));
        // Our reader (which the crate only uses for answers) reads them as the same documents.
        prop_assert_eq!(ours_json(&texts[0].0).ok(), serde_json::to_value(&ns).ok());
        prop_assert_eq!(ours_json(&texts[1].0).ok(), serde_json::to_value(&sa).ok());
        match &wl {
            k8s::WorkloadManifest::Pod(p) => {
                prop_assert_eq!(theirs::<k8s::Pod>(&texts[2].0).ok(), Some(p.clone()));
            }
            k8s::WorkloadManifest::Deployment(d) => {
                prop_assert_eq!(theirs::<k8s::Deployment>(&texts[2].0).ok(), Some(d.clone()));
            }
        }
        prop_assert_eq!(ours_json(&texts[2].0).ok(), serde_json::to_value(&wl).ok());
        for (mine, reference) in &texts {
            // Same generic document in serde_yaml, whatever the quoting.
            prop_assert_eq!(theirs::<serde_yaml::Value>(mine).unwrap(), theirs::<serde_yaml::Value>(reference).unwrap());
            if !differs_on_purpose(&w.namespace) && !any_string_differs(&serde_json::to_value(&w).unwrap()) {
                prop_assert_eq!(mine, reference);
            }
        }
        // Kubernetes needs the string "true" on the webhook label, in any YAML 1.1 or 1.2 reader.
        prop_assert!(texts[2].0.contains("azure.workload.identity/use: 'true'\n"));
    }

    #[test]
    fn generic_documents_match_serde_yaml(d in doc()) {
        let text = yaml::to_string(&d).unwrap();
        let reference = serde_yaml::to_string(&d).unwrap();
        prop_assert_eq!(theirs::<J>(&text).unwrap(), d.clone(), "serde_yaml reading ours:\n{}", text);
        prop_assert_eq!(ours_json(&text).unwrap(), d.clone(), "ours:\n{}", text);
        if !any_string(&d, yaml11_breaks) && !complex_key(&d) {
            prop_assert_eq!(ours_json(&reference).unwrap(), d.clone(), "ours reading serde_yaml's:\n{}", reference);
        }
        if !any_string_differs(&d) {
            prop_assert_eq!(&text, &reference);
        }
        // JSON is YAML (index.json), as long as it holds only characters YAML allows.
        for json in [serde_json::to_string_pretty(&d).unwrap(), serde_json::to_string(&d).unwrap()] {
            // (serde_yaml refuses some valid JSON, e.g. `{"": null}` written over several lines.)
            if theirs::<J>(&json).is_ok() {
                prop_assert_eq!(ours_json(&json).unwrap(), d.clone(), "{}", json);
            }
        }
    }
}

#[test]
fn kubernetes_gets_the_string_true() {
    let w = Answers::default().workloads[0].clone();
    let text = yaml::to_string(&k8s::workload(&w)).unwrap();
    assert!(text.contains("azure.workload.identity/use: 'true'\n"), "{text}");
    for s in ["yes", "no", "on", "off", "y", "N", "1_000", "true", "null", "~", "1.5", "0x1F", "0123", ""] {
        let out = yaml::to_string(&s).unwrap();
        assert!(out.starts_with('\''), "{s:?} must be quoted: {out}");
    }
}

// ---------- reading ----------

#[test]
fn presets_index_and_golden_files_read_identically() {
    let mut files = Vec::new();
    files_under(Path::new("public/presets"), &mut files);
    files_under(Path::new("tests/golden"), &mut files);
    let mut checked = 0;
    for f in files {
        let name = f.to_string_lossy().to_string();
        if !(name.ends_with(".yaml") || name.ends_with(".json")) {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        assert_eq!(ours_json(&text).unwrap(), theirs::<J>(&text).unwrap(), "{name}");
        if name.ends_with("answers.yaml") || name.contains("presets/") && name.ends_with(".yaml") {
            let a: Answers = ours(&text).unwrap();
            assert_eq!(Some(&a), theirs::<Answers>(&text).ok().as_ref(), "{name}");
            // Writing it again gives the same bytes as serde_yaml.
            assert_eq!(yaml::to_string(&a).unwrap(), serde_yaml::to_string(&a).unwrap(), "{name}");
        } else if name.contains("/k8s/") {
            let v: J = ours_json(&text).unwrap();
            // Our writer reproduces each golden manifest byte for byte.
            let kind = v["kind"].as_str().unwrap().to_string();
            let again = match kind.as_str() {
                "Namespace" => yaml::to_string(&theirs::<k8s::Namespace>(&text).unwrap()),
                "ServiceAccount" => yaml::to_string(&theirs::<k8s::ServiceAccount>(&text).unwrap()),
                "Pod" => yaml::to_string(&theirs::<k8s::Pod>(&text).unwrap()),
                "Deployment" => yaml::to_string(&theirs::<k8s::Deployment>(&text).unwrap()),
                other => panic!("{name}: kind {other}"),
            }
            .unwrap();
            assert_eq!(again, text, "{name}");
        }
        checked += 1;
    }
    assert!(checked > 30, "only {checked} files");
}

/// YAML people write by hand: every one reads as serde_yaml reads it.
const CORPUS: &[&str] = &[
    "a: 1\nb: two\n",
    "# comment\n\na: 1 # trailing\n# between\nb:   x y  \n",
    "---\na: 1\n",
    "--- # doc\na: 1\n...\n",
    "a:\n  - 1\n  - 2\nb:\n- x\n- y\n",
    "a:\n    b:\n        c: d\n    e: f\n",
    "- a\n- b: c\n  d: e\n- - f\n  - g\n-\n  h: i\n- \n",
    "a: 'it''s'\nb: \"tab\\there \\u00e9 \\x41 \\U0001F980 \\\\ \\\"\"\n",
    "a: \"line one\n  line two\n\n  para\"\n",
    "a: 'one\n  two\n\n\n  three'\n",
    "a: plain\n  continued\n\n  more\n",
    "a: [1, 2, three, 'four', \"five\"]\nb: {x: 1, 'y': two, \"z\": [a, b]}\nc: []\nd: {}\n",
    "a: [\n  1,\n  2,\n]\nb: {\n  x: 1,\n  y: 2\n}\n",
    "{\"file\": \"a.yaml\", \"title\": \"A\", \"n\": [1, 2.5, true, null]}",
    "[\n  {\n    \"file\": \"x.yaml\",\n    \"blurb\": \"A, b: c\"\n  }\n]\n",
    "a: |\n  line 1\n  line 2\nb: x\n",
    "a: |-\n  keep\n    indented\n\n  last\nb: |+\n  kept\n\n\nc: >\n  folded\n  text\n\n  para\n    more\n  back\nd: >-\n  x\n",
    "a: |2\n    two extra\n  base\n",
    "- |\n  in a list\n- >-\n  folded\n  in list\n",
    "a: ~\nb: null\nc:\nd: true\ne: False\nf: 0x1F\ng: 0o17\nh: -12\ni: 1.5e3\nj: .inf\nk: 0123\nl: yes\nm: '1'\n",
    "a: http://x.y/z#frag\nb: a#b\nc: 'x' # c\nd: -x\ne: ?x\nf: :x\ng: a:b\n",
    "key with spaces: value with spaces\n\"quoted key\": 1\n'single key': 2\n",
    "a:\n- b: 1\n  c:\n  - 2\n  - 3\n- d\n",
    "a: 1\r\nb: 2\r\n",
    "a: 1   \nb:    \n  - x   \n",
    "top\n",
    "'just a string'\n",
    "[a, b]\n",
    "- {a: 1, b: [x, {y: z}]}\n",
    "a: {b: }\nc: {d}\n",
    "a: \"\\\n  joined\\\n  \"\n",
    "a: \"trailing \\ \"\nb: \"x\\\n\n  y\"\n",
    "a: b\n...\n# after\n",
    "a:\n  # comment at deeper indent\n  b: 1\n",
    "a:\n\n\n  b: 1\n",
    "a: 'x'\nb: \"y\"   # c\n",
    "a: [a b, c d]\n",
    "a: x\n  # not a continuation\n",
    "a: \t1\n",
    "empty: ''\nspace: ' '\n",
];

#[test]
fn hand_written_corpus_reads_as_serde_yaml_reads_it() {
    for text in CORPUS {
        let mine = ours_json(text).unwrap_or_else(|e| panic!("ours failed on {text:?}: {e}"));
        let reference = theirs::<J>(text).unwrap_or_else(|e| panic!("serde_yaml failed on {text:?}: {e}"));
        assert_eq!(mine, reference, "{text:?}");
    }
}

#[test]
fn hand_edited_answers_read_like_serde_yaml() {
    let a = Answers::default();
    let base = to_yaml(&a);
    // Typical hand edits: comments, quoting, flow lists, indented lists, CRLF, a `---` start.
    let edits = [
        base.replace("admin_group_object_ids:\n- ", "admin_group_object_ids:\n  - "),
        base.replace("location: westeurope", "location: \"westeurope\" # moved"),
        base.replace("version: 1", "---\nversion: 1"),
        base.replace('\n', "\r\n"),
        base.replace("admin_group_object_ids:\n- 22222222-2222-2222-2222-222222222222", "admin_group_object_ids: ['22222222-2222-2222-2222-222222222222']"),
    ];
    for e in &edits {
        assert_eq!(ours::<Answers>(e).ok(), theirs::<Answers>(e).ok(), "{e}");
        assert_eq!(ours::<Answers>(e).as_ref().ok(), Some(&a), "{e}");
    }
}

/// Bad input: an error with line and column, on the same line serde_yaml names.
#[test]
fn errors_carry_line_and_column() {
    let a = to_yaml(&Answers::default());
    let cases: Vec<(String, usize, &str)> = vec![
        (a.replace("  name: aks-demo\n", "  name: aks-demo\n  nmae: x\n"), 0, "unknown field `nmae`"),
        (a.replace("node_count: 2", "node_count: three"), 0, "invalid type"),
        (a.replace("node_count: 2", "node_count: '3'"), 0, "invalid type"),
        (a.replace("node_count: 2", "node_count: 99999999999"), 0, "invalid value"),
        (a.replace("azure_rbac: true", "azure_rbac: yes"), 0, "expected a boolean"),
        (a.replace("tier: free", "tier: gold"), 0, "unknown variant `gold`"),
        (a.replace("cloud: AzureCloud", "cloud: [AzureCloud]"), 0, ""),
        ("a: b: c\n".into(), 1, ""),
        ("a:\n  b: 1\n c: 2\n".into(), 3, ""),
        ("a: 'unclosed\n".into(), 1, "never closed"),
        ("a: \"bad \\q escape\"\n".into(), 1, "escape"),
        ("a: [1, 2\n".into(), 1, "never closed"),
        ("a: {b: 1\n".into(), 1, "never closed"),
        ("a: 1\na: 2\n".into(), 2, "duplicate key"),
        ("a: &x 1\nb: *x\n".into(), 1, "anchors"),
        ("a: *x\n".into(), 1, "aliases"),
        ("a: !!str 1\n".into(), 1, "tags"),
        ("a: 1\n---\nb: 2\n".into(), 2, "several YAML documents"),
        ("%YAML 1.2\n---\na: 1\n".into(), 1, "directives"),
        ("? a\n: b\n".into(), 1, "complex mapping keys"),
        ("a:\n\t- b\n".into(), 2, "tabs"),
        ("a: x\u{1}y\n".into(), 1, "control character"),
        ("- a\nb: c\n".into(), 2, ""),
        ("a: - b\n".into(), 1, ""),
        ("a: [b: c]\n".into(), 1, "inside `[...]` is not supported"),
    ];
    for (text, line, needle) in &cases {
        let e = ours::<Answers>(text).expect_err(text);
        assert!(e.line.is_some() && e.column.is_some(), "{text:?}: {e:?}");
        assert!(e.message.contains(needle), "{text:?}: {e:?} lacks {needle:?}");
        if *line > 0 {
            assert_eq!(e.line, Some(*line), "{text:?}: {e:?}");
        }
        // Shape errors against serde_yaml reading Answers; syntax errors against serde_yaml reading
        // any document (it reads lazily, so on Answers it may first stop at an earlier shape error).
        let reference = if *line == 0 { theirs::<Answers>(text).map(|_| ()) } else { theirs::<serde_yaml::Value>(text).map(|_| ()) };
        match reference {
            Err(t) => {
                let tl = t.location().map(|l| l.line());
                assert!(tl.is_none() || e.line.unwrap().abs_diff(tl.unwrap()) <= 1, "{text:?}: ours {e:?}, theirs {t}");
            }
            // Anchors, aliases, tags, directives, `? ` keys: serde_yaml reads them, we refuse them by name.
            Ok(_) => assert!(["anchors", "aliases", "tags", "directives", "complex", "duplicate", "inside"].iter().any(|f| needle.contains(f)), "serde_yaml accepts {text:?}"),
        }
        println!("{e}");
    }
}

// ---------- robustness ----------

#[test]
fn deep_or_huge_input_is_an_error_or_value_quickly() {
    let n = 100_000;
    let inputs = [
        "[".repeat(n),
        "{".repeat(n),
        "- ".repeat(n),
        (0..n).map(|i| format!("{}a:\n", " ".repeat(i % 300))).collect::<String>(),
        format!("a: {}\n", "x ".repeat(n)),
        format!("a: \"{}\"\n", "\\n".repeat(n)),
        format!("[{}]", "1,".repeat(n)),
        format!("{{{}}}", (0..n).map(|i| format!("k{i}: {i},")).collect::<String>()),
        (0..20_000).map(|i| format!("k{i}: v\n")).collect::<String>(),
        "a:\n".repeat(n),
        "\n".repeat(n),
        "#\n".repeat(n),
        "'".repeat(n),
        format!("a: |\n{}", "  x\n".repeat(n)),
    ];
    for text in &inputs {
        let _ = timed(&format!("{} bytes starting {:?}", text.len(), &text[..20.min(text.len())]), || ours_json(text));
    }
    let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    assert!(ours_json(&deep).unwrap_err().message.contains("nests more than"));
}

fn mutate(base: &str, at: usize, how: u8, junk: &str) -> String {
    let mut cut = at % (base.len() + 1);
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    let rest = &base[cut..];
    match how % 4 {
        0 => format!("{}{}{}", &base[..cut], junk, rest),
        1 => {
            let mut end = (cut + junk.len()).min(base.len());
            while !base.is_char_boundary(end) {
                end += 1;
            }
            format!("{}{}", &base[..cut], &base[end..])
        }
        2 => format!("{}{}{}", &base[..cut], junk, &rest[rest.find('\n').unwrap_or(rest.len())..]),
        _ => format!("{}\n{}", &base[..cut], rest),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(3000), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_or_hangs(s in any::<String>(), noisy in "[a-z:#&*!|>'\"%@`\\[\\]{},?~ \\t\\n-]{0,200}") {
        timed("arbitrary", || { let _ = ours_json(&s); let _ = ours::<Answers>(&s); });
        timed("noisy", || { let _ = ours_json(&noisy); let _ = ours::<Answers>(&noisy); });
        prop_assert!(agree(&noisy).is_ok(), "{}", agree(&noisy).unwrap_err());
    }

    #[test]
    fn mutated_answers_never_panic_and_agree_when_both_accept(
        a in answers(),
        at in any::<usize>(),
        how in any::<u8>(),
        junk in prop_oneof!["[\\[\\]{}:#&*!|>'\"%@`,? -]{1,3}", "[ \\t\\n]{1,3}", prop::sample::select(TOKENS).prop_map(String::from)],
    ) {
        for base in [to_yaml(&a), serde_yaml::to_string(&a).unwrap()] {
            let m = mutate(&base, at, how, &junk);
            timed("mutated", || { let _ = ours::<Answers>(&m); });
            prop_assert!(agree(&m).is_ok(), "{}", agree(&m).unwrap_err());
            if let (false, Ok(x), Ok(y)) = (yaml11_breaks(&m), ours::<Answers>(&m), theirs::<Answers>(&m)) {
                prop_assert_eq!(x, y, "{}", m);
            }
        }
    }

    #[test]
    fn mutated_corpus_agrees_when_both_accept(i in 0..CORPUS.len(), at in any::<usize>(), how in any::<u8>(), junk in prop::sample::select(TOKENS)) {
        let m = mutate(CORPUS[i], at, how, junk);
        timed("mutated corpus", || { let _ = ours_json(&m); });
        prop_assert!(agree(&m).is_ok(), "{}", agree(&m).unwrap_err());
    }
}
