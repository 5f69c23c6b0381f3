//! Property tests over random and hostile answers (quotes, `$()`, backticks, line breaks, Unicode
//! quotes, RTL marks, 10,000-character values...). Generation runs unvalidated here, so the
//! generators themselves are shown safe for any input, not only for what the validator lets through.
//!
//! Case counts come from `fuzz::cases` (FUZZ_CASES overrides them; scripts/fuzz runs the stub-argv
//! check over 10,000 answer sets).

mod generate_support;

use aks_identity_wizard::answers::*;
use aks_identity_wizard::catalog;
use aks_identity_wizard::generate::{self, chain, k8s, GeneratedFile};
use std::sync::{Arc, Mutex};
use generate_support::*;
use proptest::prelude::*;
use std::process::Command;
use std::time::Duration;

fn chr() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            '\'', '"', '$', '(', ')', '`', '\\', '\n', '\r', '\t', ' ', ';', '&', '|', '*', '?', '~', '{', '}',
            '!', '#', '%', '-', '=', ':', ',', '[', ']', '<', '>', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}',
            '\u{200F}', '\u{202E}', '\u{2028}', '\u{85}', '\u{feff}', 'é', 'ß', '🦀', '日',
        ]),
        1 => any::<char>().prop_filter("NUL cannot be an argument", |c| *c != '\0'),
        2 => prop::char::range('a', 'z'),
    ]
}

/// Exactly 10,000 characters: a short hostile unit repeated, so one value carries thousands of
/// quotes, `$(`, backticks or line breaks at once.
fn long() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(HOSTILE).prop_filter("needs a character", |h| !h.is_empty()).prop_map(String::from),
        prop::collection::vec(chr(), 1..6).prop_map(|v| v.into_iter().collect::<String>()),
    ]
    .prop_map(|unit| unit.chars().cycle().take(10_000).collect())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(HOSTILE).prop_map(String::from),
        2 => "[a-z][a-z0-9-]{0,11}",
        4 => prop::collection::vec(chr(), 0..16).prop_map(|v| v.into_iter().collect::<String>()),
        1 => long(),
    ]
}

fn role() -> impl Strategy<Value = String> {
    let names: Vec<String> = catalog::roles()
        .iter()
        .map(|r| r.name.to_string())
        .collect();
    prop_oneof![2 => prop::sample::select(names), 1 => text()]
}

fn answers() -> impl Strategy<Value = Answers> {
    answers_strategy::answers(answers_strategy::Alphabet {
        text: || text().boxed(),
        role: || role().boxed(),
        node_count: || (0u32..2000).boxed(),
    })
}

/// Read back by serde_yaml (libyaml, as Kubernetes tooling reads YAML); the crate's own reader reads
/// answers only.
fn manifests_round_trip(template: &Answers, files: &[GeneratedFile]) -> Result<(), TestCaseError> {
    let fail = |e: String| TestCaseError::fail(e);
    let expanded = aks_identity_wizard::answers::workshop::expand(template);
    let a: &Answers = &expanded;
    let layout = generate::layout::layout(a);
    for ns in &layout.namespaces {
        let doc: k8s::Namespace =
            serde_yaml::from_str(file(files, &ns.path)).map_err(|e| fail(format!("{}: {e}", ns.path)))?;
        prop_assert_eq!(doc, k8s::namespace(&ns.namespace));
    }
    for (i, (w, paths)) in a.workloads.iter().zip(&layout.workloads).enumerate() {
        let sa: k8s::ServiceAccount =
            serde_yaml::from_str(file(files, &paths.service_account)).map_err(|e| fail(e.to_string()))?;
        prop_assert_eq!(sa, k8s::service_account(w));
        let check: k8s::Pod =
            serde_yaml::from_str(file(files, &paths.identity_check)).map_err(|e| fail(format!("{}: {e}", paths.identity_check)))?;
        prop_assert_eq!(check, k8s::identity_check_pod(a, i));
        let text = file(files, &paths.workload);
        match w.kind {
            WorkloadKind::Pod => {
                let pod: k8s::Pod = serde_yaml::from_str(text).map_err(|e| fail(e.to_string()))?;
                prop_assert_eq!(k8s::WorkloadManifest::Pod(pod), k8s::workload(a, w));
            }
            WorkloadKind::Deployment => {
                let d: k8s::Deployment = serde_yaml::from_str(text).map_err(|e| fail(e.to_string()))?;
                prop_assert_eq!(k8s::WorkloadManifest::Deployment(d), k8s::workload(a, w));
            }
        }
    }
    let back =
        from_yaml(file(files, "answers.yaml")).map_err(|e| fail(format!("answers.yaml: {e}")))?;
    prop_assert_eq!(&back, template);
    Ok(())
}

/// Generation is pure and fast; 128 cases keep `cargo test` to a second.
const ROUND_TRIP_LIMITS: fuzz::Limits = fuzz::Limits { time: Duration::from_secs(30), heap: 256 << 20 };

/// No panic, every YAML document reads back as the value it was made from, and every value sits
/// in setup.ps1 as one exact PowerShell literal.
#[test]
fn yaml_round_trips_and_powershell_literals_hold() {
    let s = fuzz::check("generate_round_trip", file!(), 128, ROUND_TRIP_LIMITS, answers(), |template| {
        let files = generate::render_unchecked(&template);
        let _ = generate::bundle(&template);
        manifests_round_trip(&template, &files)?;
        // A workshop's files hold every participant's copy of the workloads.
        let a = aks_identity_wizard::answers::workshop::expand(&template).into_owned();
        let ps1 = file(&files, "setup.ps1");
        let (literals, outside) = ps_literals(ps1).map_err(TestCaseError::fail)?;
        let layout = generate::layout::layout(&a);
        for v in generate::plan::vars(&a, &layout) {
            if ps1.contains(&format!("${} = ", v.name)) {
                prop_assert!(literals.contains(&v.value), "${} = {:?}", v.name, v.value);
            }
        }
        prop_assert!(!outside.contains(CANARY));
        // Every path stays inside the bundle.
        for f in &files {
            prop_assert!(!f.path.starts_with('/') && !f.path.split('/').any(|p| p == ".." || p.is_empty()), "{}", f.path);
        }
        Ok(())
    });
    assert!(s.cases >= u64::from(fuzz::cases(128)));
}

/// Each case starts bash a few times and the stub a few dozen times (about 30 ms here); 64 cases
/// keep `cargo test` to a few seconds, and scripts/fuzz runs 10,000.
const STUB_ARGV_LIMITS: fuzz::Limits = fuzz::Limits { time: Duration::from_secs(60), heap: 256 << 20 };

/// Every script is valid bash, and setup.sh hands az/kubectl exactly the intended arguments.
#[test]
fn scripts_parse_and_pass_values_byte_for_byte() {
    let s = fuzz::check("stub_argv", file!(), 64, STUB_ARGV_LIMITS, answers(), |template| {
        let files = generate::render_unchecked(&template);
        let a = aks_identity_wizard::answers::workshop::expand(&template).into_owned();
        let dir = TempDir::new("prop");
        write_bundle(dir.path(), &files);
        for script in ["setup.sh", "verify.sh", "teardown.sh"] {
            let out = Command::new("bash").arg("-n").arg(dir.path().join(script)).output().expect("bash -n");
            prop_assert!(out.status.success(), "{}: {}", script, String::from_utf8_lossy(&out.stderr));
        }
        let stubs = Stubs::new();
        let out = stubs.run(dir.path(), "setup.sh", "");
        prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_calls(&a, dir.path(), &stubs.calls(), &expected_setup(&a)).map_err(TestCaseError::fail)?;
        prop_assert!(!dir.path().join(CANARY).exists(), "a value was executed");
        Ok(())
    });
    assert!(s.cases >= u64::from(fuzz::cases(64)));
}

#[test]
fn nul_blocks_the_bundle_but_never_panics() {
    let mut a = Answers::default();
    a.workloads[0].image = "busybox\0:latest".into();
    let err = generate::bundle(&a).expect_err("NUL cannot go into a script");
    assert!(
        err.iter().any(|f| f.field == "workloads[0].image"),
        "{err:#?}"
    );
    let files = generate::render_unchecked(&a);
    assert!(files
        .iter()
        .all(|f| !f.contents.contains('\0') || f.path.ends_with(".yaml")));
}

/// The words a YAML 1.1 reader takes for true or false (go-yaml v2's table, which kubectl reads
/// manifests with through sigs.k8s.io/yaml), written here independently of the crate.
const YAML_1_1_BOOLEANS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
];

/// Lines of the manifests whose value is a bare (unquoted) YAML 1.1 boolean word.
fn bare_booleans(files: &[GeneratedFile]) -> Vec<String> {
    files
        .iter()
        .filter(|f| f.path.starts_with("k8s/"))
        .flat_map(|f| f.contents.lines().map(move |l| (f, l)))
        .filter(|(_, line)| {
            let item = line.trim_start().trim_start_matches("- ");
            let value = item.split_once(": ").map_or(item, |(_, v)| v);
            YAML_1_1_BOOLEANS.contains(&value)
        })
        .map(|(f, line)| format!("{}: {line}", f.path))
        .collect()
}

/// serde_yaml writes YAML 1.2 and leaves `yes`, `on`, `n`... unquoted, but kubectl reads them as
/// booleans and refuses the manifest. Such a name must never reach a bundle: every one of them
/// passes the Kubernetes name rules, so the validator has to refuse it by name.
/// A workload field by name, and how to set it.
type FieldSetter = (&'static str, fn(&mut Workload, &str));

#[test]
fn names_kubectl_reads_as_booleans_never_reach_a_manifest() {
    let fields: [FieldSetter; 4] = [
        ("app_name", |w, v| w.app_name = v.into()),
        ("namespace", |w, v| w.namespace = v.into()),
        ("service_account", |w, v| w.service_account = v.into()),
        ("image", |w, v| w.image = v.into()),
    ];
    for word in YAML_1_1_BOOLEANS {
        for (field, set) in &fields {
            let mut a = Answers::default();
            set(&mut a.workloads[0], word);
            // The problem: the writer leaves the word bare wherever it lands in a manifest.
            let bare = bare_booleans(&generate::render_unchecked(&a));
            let lowercase_name = *field != "image" && word.chars().all(|c| c.is_ascii_lowercase());
            if lowercase_name {
                assert!(!bare.is_empty(), "{field} = {word}: expected a bare scalar (serde_yaml quotes it now?)");
            }
            // The guard: the bundle is refused, at that field.
            match generate::bundle(&a) {
                Ok(files) => panic!("{field} = {word} made a bundle; bare in manifests: {:?}", bare_booleans(&files)),
                Err(errors) => assert!(
                    errors.iter().any(|f| f.field == format!("workloads[0].{field}")),
                    "{field} = {word}: {errors:#?}"
                ),
            }
        }
    }
}

/// What an XML parser reads back from the picture's text: tabs and line breaks as spaces, characters
/// XML 1.0 forbids as U+FFFD (the picture's rule, restated).
fn as_xml_reads(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' => ' ',
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The identity-chain picture of any answers is well-formed XML whose tooltips, read back by a real
/// XML parser (Python's), are each element's words exactly; its Mermaid block has one statement per
/// line, so no value can open a statement of its own.
#[test]
fn the_identity_chain_holds_every_value_as_text() {
    // Each case's SVG with the tooltips it should read back as.
    type Drawn = Vec<(String, Vec<String>)>;
    let pictures: Arc<Mutex<Drawn>> = Arc::default();
    let kept = Arc::clone(&pictures);
    let s = fuzz::check("identity_chain", file!(), 64, ROUND_TRIP_LIMITS, answers(), move |a| {
        let findings = generate::findings(&a);
        let picture = chain::chain(&a, &findings);
        let svg = chain::svg(&picture);
        let expected: Vec<String> = chain::nodes(&picture).map(|n| as_xml_reads(&chain::describe(n))).collect();
        let mermaid = chain::mermaid(&picture);
        for line in mermaid.lines().skip(1) {
            let t = line.trim();
            let declared = t.split_once("[\"").is_some_and(|(id, label)| {
                !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
                    && label.strip_suffix("\"]").is_some_and(|inner| !inner.contains(['"', '\n', '`', '[', ']']))
            });
            let edge = t.split(" --> ").all(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()));
            let other = t == "end" || t.starts_with("classDef ") || (t.starts_with("class ") && (t.ends_with(" warning") || t.ends_with(" error")));
            prop_assert!(declared || edge || other, "a line Mermaid would read as something else: {line:?}");
        }
        kept.lock().unwrap().push((svg, expected));
        Ok(())
    });
    assert!(s.cases >= u64::from(fuzz::cases(64)));

    let dir = TempDir::new("chain-xml");
    let pictures = pictures.lock().unwrap();
    for (n, (svg, _)) in pictures.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{n}.svg")), svg).unwrap();
    }
    let script = "import json, sys, xml.etree.ElementTree as E\n\
        ns = '{http://www.w3.org/2000/svg}'\n\
        out = []\n\
        for i in range(int(sys.argv[2])):\n\
        \x20   root = E.parse(f'{sys.argv[1]}/{i}.svg').getroot()\n\
        \x20   out.append([g.find(ns + 'title').text or '' for g in root.iter(ns + 'g') if 'chain-node' in g.get('class', '')])\n\
        print(json.dumps(out))\n";
    let run = Command::new("python3")
        .args(["-c", script, &dir.path().display().to_string(), &pictures.len().to_string()])
        .output()
        .expect("python3");
    assert!(run.status.success(), "an SVG is not well-formed XML: {}", String::from_utf8_lossy(&run.stderr));
    let read: Vec<Vec<String>> = serde_json::from_slice(&run.stdout).unwrap();
    for ((_, expected), titles) in pictures.iter().zip(&read) {
        assert_eq!(titles, expected);
    }
}

/// A class template that gives each participant their own copy: `{participant}` somewhere in the
/// namespace, the identity and each grant that changes data, around random plain text.
fn class_template() -> impl Strategy<Value = Answers> {
    let part = || "[a-z]{0,4}";
    (
        1u32..=100,
        (part(), part(), part()),
        prop::collection::vec((prop::sample::select(AccessNeed::ALL.to_vec()), any::<bool>(), part()), 1..3),
    )
        .prop_map(|(participants, (ns, id, sa), grants)| {
            let mut a = Answers::default();
            let w = &mut a.workloads[0];
            w.namespace = format!("{ns}{{participant}}");
            w.identity_name = format!("id-{id}{{participant}}");
            w.service_account = format!("sa{sa}");
            w.grants = grants
                .into_iter()
                .map(|(need, in_name, extra)| {
                    let mut g = w.grants[0].clone();
                    g.need = need;
                    if in_name {
                        g.resource_name = format!("st{extra}{{participant}}");
                    } else {
                        g.sub_resource = format!("{extra}{{participant}}");
                    }
                    g
                })
                .collect();
            a.workshop = Some(Workshop::example(participants));
            a
        })
}

/// Any class size gives pairwise-isolated participants: no two share a namespace, an identity, a
/// federated credential subject or the scope of a grant, and the validator agrees.
#[test]
fn every_participant_is_isolated_at_any_class_size() {
    let s = fuzz::check("workshop_isolation", file!(), 64, ROUND_TRIP_LIMITS, class_template(), |a| {
        let findings = aks_identity_wizard::validate::validate(&a);
        prop_assert!(!findings.iter().any(|f| f.id.starts_with("workshop.shared")), "{findings:#?}");
        let expanded = aks_identity_wizard::answers::workshop::expand(&a);
        let ws = a.workshop.as_ref().unwrap();
        let count = ws.names().len();
        prop_assert_eq!(expanded.workloads.len(), count * a.workloads.len());
        let distinct = |values: Vec<String>| {
            let n = values.len();
            let mut v = values;
            v.sort();
            v.dedup();
            v.len() == n
        };
        let per = |f: &dyn Fn(&Workload) -> String| expanded.workloads.iter().map(f).collect::<Vec<_>>();
        prop_assert!(distinct(per(&|w| w.namespace.clone())), "namespaces");
        prop_assert!(distinct(per(&|w| w.identity_name.to_ascii_lowercase())), "identities");
        prop_assert!(distinct(per(&|w| generate::plan::subject(w))), "subjects");
        let scopes: Vec<String> =
            expanded.workloads.iter().flat_map(|w| w.grants.iter().map(|g| catalog::scope(&expanded, g))).collect();
        // Each participant's grants are distinct from every other participant's (within one
        // participant two grants may coincide; the duplicate rule covers that).
        for (k, w) in expanded.workloads.iter().enumerate() {
            for g in &w.grants {
                let scope = catalog::scope(&expanded, g);
                let owners = expanded.workloads.iter().enumerate().filter(|(m, o)| *m != k && o.grants.iter().any(|x| catalog::scope(&expanded, x) == scope)).count();
                prop_assert_eq!(owners, 0, "scope {} shared by participants", scope);
            }
        }
        prop_assert!(!scopes.is_empty());
        // Each participant with a name gets rights on their own namespaces only.
        let plan_assignments = generate::plan::participant_assignments(&expanded);
        prop_assert!(plan_assignments.is_empty(), "no people listed, no participant assignments");
        Ok(())
    });
    assert!(s.cases >= u64::from(fuzz::cases(64)));
}
