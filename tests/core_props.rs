//! Property tests: random answers never panic validation or the codecs, both codecs round-trip
//! exactly, every finding points at a real field, and every fix removes the finding it was offered for.
//!
//! Then the untrusted inputs are fuzzed, one property each: answers.yaml import (`from_yaml`),
//! share-link opening (`from_share`) and saved-state restore (`restore`). Inputs are built from valid
//! answers and mutated with structure (cuts, bit flips, YAML anchors/aliases/tags, deep nesting, huge
//! scalars, unknown fields, wrong types, other versions; links cut, flipped, repacked, deflate bombs)
//! or are plain random bytes; answers restyled (quoting, flow lists, comments, CRLF, BOM, anchors and
//! aliases, `!!str` tags) or written as JSON must read back unchanged, while aliases that make a small
//! text stand for far more are refused. Every case must return answers that round-trip, or an error
//! whose text is a sentence; inputs over the size limit are refused before any parsing (no heap used
//! at all); and
//! `fuzz::check` fails any case slower than 2 s or holding more than 64 MiB of heap.
//!
//! Case counts come from `fuzz::cases`: moderate under `cargo test`, 100,000 per target under
//! scripts/fuzz (FUZZ_CASES).

mod generate_support;

use aks_identity_wizard::answers::*;
use aks_identity_wizard::catalog;
use aks_identity_wizard::validate::{self, path};
use generate_support::{fuzz, repo_root};
use proptest::prelude::*;
use proptest::sample::Index;
use std::sync::OnceLock;
use std::time::Duration;

/// Text that is sometimes valid, sometimes nearly valid, sometimes anything; small pools make
/// collisions between workloads (shared names) likely.
fn text(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(pool).prop_map(str::to_string),
        2 => "[a-z0-9-]{0,14}",
        1 => "[A-Za-z0-9 _./:{}-]{0,20}",
        1 => any::<String>(),
    ]
}

fn guid() -> impl Strategy<Value = String> {
    text(&[
        "00000000-0000-0000-0000-000000000000",
        "72f988bf-86f1-41af-91ab-2d7cd011db47",
        " {72f988bf-86f1-41af-91ab-2d7cd011db47} ",
        "not-a-guid",
    ])
}

fn role() -> impl Strategy<Value = String> {
    let names: Vec<String> = catalog::roles().iter().map(|r| r.name.to_string()).collect();
    prop_oneof![
        6 => proptest::sample::select(names.clone()),
        1 => proptest::sample::select(names).prop_map(|n| n.to_lowercase()),
        1 => text(&["", "Owner", "Storage Blob Data Readr"]),
    ]
}

/// A role that fits the target most of the time, so the finer least-privilege rules get exercised.
fn role_for(target: TargetKind) -> impl Strategy<Value = String> {
    let t = catalog::target(target);
    let fitting: Vec<String> = t.roles.iter().chain(t.also_works.iter().map(|(r, _)| r)).map(|r| r.to_string()).collect();
    prop_oneof![3 => proptest::sample::select(fitting), 1 => role()]
}

fn grant() -> impl Strategy<Value = AccessGrant> {
    proptest::sample::select(TargetKind::ALL.to_vec()).prop_flat_map(|target| (
        Just(target),
        text(&["stdemodata", "kv-demo", "acrdemo01", "sb-demo", "cosmos-demo", "sql-demo", "St-Demo"]),
        text(&["", "", "rg-data", "rg/bad"]),
        text(&["", "reports", "topics/orders", "shop/orders", "a/b/c", "Reports", "{participant}"]),
        proptest::sample::select(AccessNeed::ALL.to_vec()),
        role_for(target),
        proptest::sample::select(vec![ScopeLevel::Resource, ScopeLevel::Resource, ScopeLevel::ResourceGroup, ScopeLevel::Subscription]),
    ))
        .prop_map(|(target, resource_name, resource_group, sub_resource, need, role, scope)| AccessGrant {
            target,
            resource_name,
            resource_group,
            sub_resource,
            need,
            role,
            scope,
        })
}

fn workload() -> impl Strategy<Value = Workload> {
    (
        text(&["id-a", "id-a", "id-b", "aks-demo-agentpool", "id", "id-{participant}"]),
        text(&["demo", "demo", "team", "kube-system", "kube-x", "Demo", "{participant}"]),
        text(&["app", "app", "worker", "Bad.SA"]),
        text(&["fic-a", "fic-a", "fic-b"]),
        text(&["app", "app", "worker", "Kube App"]),
        text(&["nginx:1.27", "", " nginx "]),
        proptest::sample::select(vec![WorkloadKind::Deployment, WorkloadKind::Pod]),
        proptest::collection::vec(grant(), 0..3),
        any::<bool>(),
    )
        .prop_map(|(identity_name, namespace, service_account, federated_credential_name, app_name, image, kind, mut grants, repeat)| {
            // Sometimes repeat a grant, for the duplicate rule.
            if let (true, Some(g)) = (repeat, grants.first().cloned()) {
                grants.push(g);
            }
            Workload {
            identity_name,
            namespace,
            service_account,
            federated_credential_name,
            app_name,
            image,
            kind,
            grants,
        }})
}

/// A deploy pipeline (or none), with values that hit its rules: pull requests, patterns without an
/// environment, broad or unknown roles, namespaces no workload uses, an identity shared with an app.
fn pipeline() -> BoxedStrategy<Option<Pipeline>> {
    let some = (
        text(&["contoso/shop", "contoso/shop", "https://github.com/contoso/shop.git", "contoso", "a--b/c"]),
        proptest::sample::select(PipelineTrigger::ALL.to_vec()),
        text(&["main", "main", "v*", "release/*", "", "feature branch"]),
        text(&["production", "production", "", "prod eu"]),
        text(&["id-deploy", "id-deploy", "id-a", "aks-demo-agentpool", "id deploy"]),
        text(&["fic-deploy", "x"]),
        proptest::collection::vec(text(&["demo", "team", "web", "kube-system", "Demo", "yes"]), 0..3),
        any::<bool>(),
        prop_oneof![3 => Just("Azure Kubernetes Service RBAC Writer".to_string()), 1 => role()],
    )
        .prop_map(|(repository, trigger, ref_pattern, environment, identity_name, federated_credential_name, namespaces, push_images, deploy_role)| {
            Pipeline { repository, trigger, ref_pattern, environment, identity_name, federated_credential_name, namespaces, push_images, deploy_role }
        });
    // Boxed: the answers' strategy is deep enough already for the test thread's stack.
    prop_oneof![Just(None), some.prop_map(Some)].boxed()
}

/// A workshop a third of the time: a few participants, patterns with and without the number, people
/// by sign-in name, object ID or neither, and a participant role that may not fit.
fn workshop() -> BoxedStrategy<Option<Workshop>> {
    let some = (
        0u32..6,
        text(&["lab-{n}", "lab-{n}", "team{n}", "lab", "Lab {n}", "x-{n}-"]),
        proptest::collection::vec(text(&["ada@contoso.com", "33333333-3333-3333-3333-333333333333", "ada", "", "ada@contoso.com"]), 0..4),
        prop_oneof![3 => Just("Azure Kubernetes Service RBAC Writer".to_string()), 1 => role()],
    )
        .prop_map(|(participants, name_pattern, people, participant_role)| {
            let mut ws = Workshop::example(participants);
            ws.name_pattern = name_pattern;
            ws.people = people;
            ws.participant_role = participant_role;
            ws
        });
    prop_oneof![2 => Just(None), 1 => some.prop_map(Some)].boxed()
}

prop_compose! {
    fn answers()(
        cloud in proptest::sample::select(vec![Cloud::AzureCloud, Cloud::AzureUSGovernment, Cloud::AzureChinaCloud]),
        tenant_id in guid(),
        subscription_id in guid(),
        location in text(&["westeurope", "usgovvirginia", "chinanorth3", "westeurpe", "West Europe", "newzealandnorth"]),
        groups in proptest::collection::vec(guid(), 0..3),
        azure_rbac in any::<bool>(),
        disable_local_accounts in any::<bool>(),
        mode in proptest::sample::select(vec![ClusterMode::New, ClusterMode::Existing]),
        existing in (any::<bool>(), any::<bool>(), any::<bool>()),
        resource_group in text(&["rg-aks", "rg.", "rg (1)"]),
        name in text(&["aks-demo", "aks demo", "-x"]),
        node_count in prop_oneof![0u32..4, 995u32..1005, any::<u32>()],
        kubernetes_version in text(&["", "1.33", "v1.33.2", "latest", " 1.33"]),
        tier in proptest::sample::select(vec![Tier::Free, Tier::Standard, Tier::Premium]),
        acr_name in text(&["", "acrdemo01", "acr-demo"]),
        acr_resource_group in text(&["", "rg-acr"]),
        workloads in proptest::collection::vec(workload(), 0..5),
        pipeline in pipeline(),
        workshop in workshop(),
        outputs in (any::<bool>(), any::<bool>(), any::<bool>()),
    ) -> Answers {
        Answers {
            version: SCHEMA_VERSION,
            tenant: Tenant { cloud, tenant_id, subscription_id, location },
            admin: AdminAccess { admin_group_object_ids: groups, azure_rbac, disable_local_accounts },
            cluster: Cluster {
                mode,
                existing: ExistingFeatures { entra_id: existing.0, oidc_issuer: existing.1, workload_identity: existing.2 },
                resource_group,
                name,
                node_count,
                vm_size: String::new(),
                kubernetes_version,
                tier,
                acr_name,
                acr_resource_group,
            },
            workloads,
            pipeline,
            workshop,
            outputs: Outputs { scripts: outputs.0, terraform: outputs.1, bicep: outputs.2 },
        }
    }
}


/// Validation and the plain round trip: light, so they run many cases. The time is a hang detector
/// (see CODEC_LIMITS), not a speed budget.
const CORE_LIMITS: fuzz::Limits = fuzz::Limits { time: Duration::from_secs(10), heap: 64 << 20 };

#[test]
fn findings_point_at_real_fields_and_fixes_remove_them() {
    fuzz::check("findings_and_fixes", file!(), 256, CORE_LIMITS, answers(), |a| {
        let findings = validate::validate(&a);
        for f in &findings {
            prop_assert!(path::exists(&a, &f.field), "{} points at missing {}", f.id, f.field);
            prop_assert!(f.message.ends_with('.') || f.message.ends_with('?'), "{}: {}", f.id, f.message);
            prop_assert!(!f.why.is_empty());
            if let Some(fix) = &f.fix {
                let mut fixed = a.clone();
                prop_assert!(fix.try_apply(&mut fixed), "{} fix {:?} did not apply", f.id, fix.edit);
                let after = validate::validate(&fixed);
                prop_assert!(
                    !after.iter().any(|g| g.id == f.id && g.field == f.field),
                    "{} at {} survived its fix {:?}", f.id, f.field, fix.edit
                );
            }
        }
        Ok(())
    });
}

#[test]
fn codecs_round_trip_exactly() {
    fuzz::check("codec_round_trip", file!(), 256, CORE_LIMITS, answers(), |a| {
        let yaml = to_yaml(&a);
        let back = from_yaml(&yaml);
        prop_assert_eq!(back.as_ref(), Ok(&a), "yaml:\n{}", yaml);
        prop_assert_eq!(&to_yaml(&a), &yaml);
        let link = to_share(&a);
        prop_assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        prop_assert_eq!(from_share(&link), Ok(a.clone()));
        prop_assert_eq!(restore(&link), Ok(a.clone()));
        prop_assert_eq!(restore(&yaml), Ok(a));
        Ok(())
    });
}

#[test]
fn truncated_links_are_errors_not_panics() {
    fuzz::check("truncated_link", file!(), 256, CORE_LIMITS, (answers(), 0.0f64..1.0), |(a, cut)| {
        let link = to_share(&a);
        let at = ((link.len() as f64) * cut) as usize;
        // A cut deflate stream is incomplete, so any cut is reported, never half-read.
        prop_assert!(from_share(&link[..at]).is_err());
        Ok(())
    });
}

// ---- fuzzing the untrusted inputs ----

/// A hang detector, not a speed budget: a case fails only past 10 s. The slowest honest case takes
/// about half a second in a debug build on a loaded 2-core machine (libyaml's scanner, which
/// serde_yaml runs on, is slow unoptimised), while a quadratic blow-up on a 256 KiB input takes
/// minutes. 64 MiB is 256 times the largest input.
const CODEC_LIMITS: fuzz::Limits = fuzz::Limits { time: Duration::from_secs(10), heap: 64 << 20 };

/// Cases per codec target under `cargo test`; scripts/fuzz runs 100,000.
const CODEC_CASES: u32 = 600;

/// What a case's input is known to be, when the generator knows.
#[derive(Debug, Clone)]
enum Expect {
    /// Mutated or random: anything but a panic, a hang or a vague error.
    Anything,
    /// Exactly these answers.
    Answers(Box<Answers>),
    /// Refused for its size.
    TooLarge,
    /// A share link packing this text must read exactly as `from_yaml` reads the text.
    SameAsYaml(String),
}

#[derive(Debug, Clone)]
struct Input {
    text: String,
    expect: Expect,
}

fn input(text: String) -> Input {
    Input { text, expect: Expect::Anything }
}

/// The presets as shipped, comments and all.
fn preset_texts() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let dir = repo_root().join("public/presets");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("public/presets")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        let texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).expect("read preset")).collect();
        assert!(!texts.is_empty(), "no presets in {}", dir.display());
        texts
    })
}

/// Valid answers.yaml: as the wizard writes it, or a preset file.
fn seed_yaml() -> BoxedStrategy<String> {
    prop_oneof![
        4 => boxed_answers().prop_map(|a| to_yaml(&a)),
        1 => proptest::sample::select(preset_texts()),
    ]
    .boxed()
}

/// YAML features, wrong types, unknown fields and other versions, as text to splice in.
const YAML_BITS: &[&str] = &[
    "&a", "&a x", "*a", "*nope", "&a [1, 2]", "&a {b: c}", "<<: *a", "<<: {a: 1}", "<<: [*a, *a]",
    "!!str", "!!str 1", "!!int 1", "!!int x", "!!float 1.5", "!!bool yes", "!!binary aGVsbG8=", "!!binary !!!",
    "!!null", "!!map {}", "!!seq []", "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2001-12-14", "!custom x",
    "!<tag:yaml.org,2002:str> x", "!<!> x", "!!python/object:os.system x", "!e!x y", "!",
    "---", "...", "--- !!map", "--- |\n  text", "%YAML 1.2\n---", "%YAML 1.1\n---", "%YAML 9.9\n---",
    "%TAG !e! tag:example.com,2000:\n---", "%FOO bar", "---\n---", "...\n---\nversion: 1",
    "? complex\n: key", "? [a, b]\n: c", "? |\n  block\n: v", "{a: 1, b: [2, 3]}", "[a, {b: c}]", "{a: 1, a: 2}",
    "{", "}", "[", "]", ",", "{]", "[}", "|", "|-", "|+", ">", ">-", "|2", "|0", "|10", "'", "\"", "''", "'it''s'",
    "\"\\x00\"", "\"\\uD800\"", "\"\\U0010FFFF\"", "\"\\U00110000\"", "\"\\q\"", "\"a\\\nb\"",
    "~", "null", "Null", "NULL", "true", "yes", "on", "off", "y", ".inf", "-.inf", ".nan", "0x1F", "0o17", "0b101",
    "1_000", "1e309", "-0", "00", "+1", "1.", "18446744073709551616",
    "#", " # comment", "\t", "\t- x", "\r", "\r\n", "\u{0}", "\u{7}", "\u{1b}[31m", "\u{85}", "\u{2028}", "\u{feff}",
    "\u{200F}\u{202E}", "\u{fffe}", "🦀", "日本語", "- ", "- - -", ": :", "a: b: c", "key:value", " : ", "@", "`", "%",
    "extra: 1", "zz_unknown: {a: [1]}", "version: 2", "version: 1", "version:", "workloads: []", "workloads: ~",
    "workloads: {}", "workloads: [{}]", "node_count: -1", "node_count: 4294967296", "node_count: two",
    "node_count: 1.5", "node_count: 0x10", "node_count: ''", "cloud: AzureGermanCloud", "cloud: azurecloud",
    "mode: both", "tier: gold", "kind: job", "target: storage_file", "need: delete", "scope: tenant",
    "azure_rbac: yes", "azure_rbac: 'true'", "azure_rbac: 1", "grants: [[]]", "grants: [{target: storage_blob}]",
    "tenant: []", "tenant: ''", "existing: {entra_id: maybe}", "admin_group_object_ids: [[a]]",
    "admin_group_object_ids: {a: b}", "admin_group_object_ids: [1, true, ~]",
];

/// Deep nesting of every kind, balanced or not.
fn nesting() -> impl Strategy<Value = String> {
    (1usize..20_000, 0u8..5).prop_map(|(depth, kind)| match kind {
        0 => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        1 => format!("{}x{}", "{a: ".repeat(depth), "}".repeat(depth)),
        2 => "[".repeat(depth),
        3 => {
            // Block sequences: the text grows with depth squared, so keep it under the size limit.
            let d = depth.min(700);
            (0..d).map(|i| format!("{}- \n", " ".repeat(i))).collect()
        }
        _ => {
            let d = depth.min(700);
            (0..d).map(|i| format!("{}a:\n", " ".repeat(i))).collect()
        }
    })
}

/// Long scalars (up to past the size limit), plain, quoted or as a block.
fn huge_scalar() -> impl Strategy<Value = String> {
    (
        prop_oneof![1usize..2_000, 2_000usize..300_000],
        proptest::sample::select(vec!['x', '\'', '"', ' ', '\n', 'é', '🦀', '#', ':', '\\', '-']),
        0u8..4,
    )
        .prop_map(|(n, c, style)| {
            let body: String = std::iter::repeat_n(c, n).collect();
            match style {
                0 => body,
                1 => format!("'{}'", body.replace('\'', "''")),
                2 => format!("\"{}\"", body.replace('\\', "\\\\").replace('"', "\\\"")),
                _ => format!("|\n  {}", body.replace('\n', "\n  ")),
            }
        })
}

/// One alias used many times: a few bytes of YAML that stand for `copies` copies of the anchor.
fn alias_run() -> impl Strategy<Value = String> {
    (1usize..4_096, any::<bool>()).prop_map(|(copies, flow)| {
        if flow {
            format!("[{}]", vec!["*a"; copies].join(", "))
        } else {
            vec!["\n- *a"; copies].concat()
        }
    })
}

fn snippet() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(YAML_BITS).prop_map(String::from),
        2 => "[a-z_]{1,12}: [a-z0-9]{0,8}",
        2 => "[\\[\\]{}:#&*!|>'\"%@`,? \t\n-]{1,6}",
        1 => any::<String>(),
        1 => nesting(),
        1 => huge_scalar(),
        1 => alias_run(),
        1 => huge_scalar().prop_map(|s| format!("&a {s}")),
    ]
}

/// One structured change to a text.
#[derive(Debug, Clone)]
enum Edit {
    Cut(Index),
    FlipBit(Index, u8),
    Bytes(Index, Vec<u8>),
    Insert(Index, String),
    /// A new line before line k, indented like it.
    Line(Index, String),
    /// Line k's value (after `: ` or `- `) replaced.
    Value(Index, String),
    DropLine(Index),
    CopyLine(Index),
    Indent(Index, u8),
    /// The `version:` line's value replaced; empty drops the line.
    Version(String),
    Append(String),
    /// Bytes [k, k+len) repeated.
    Repeat(Index, u16, u16),
    Crlf,
    Bom,
}

fn edit() -> impl Strategy<Value = Edit> {
    let version = prop_oneof![
        proptest::sample::select(vec![
            "", "0", "2", "7", "-1", "1.0", "1.5", "'1'", "\"1\"", "~", "[1]", "{a: 1}", "0x1", "+1", "01", "1e0",
            "4294967297", "18446744073709551615", "18446744073709551616", "99999999999999999999999999", "one",
        ])
        .prop_map(String::from),
        any::<u64>().prop_map(|v| v.to_string()),
    ];
    prop_oneof![
        3 => any::<Index>().prop_map(Edit::Cut),
        3 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Edit::FlipBit(i, b)),
        1 => (any::<Index>(), proptest::collection::vec(any::<u8>(), 1..8)).prop_map(|(i, b)| Edit::Bytes(i, b)),
        3 => (any::<Index>(), snippet()).prop_map(|(i, s)| Edit::Insert(i, s)),
        3 => (any::<Index>(), snippet()).prop_map(|(i, s)| Edit::Line(i, s)),
        4 => (any::<Index>(), snippet()).prop_map(|(i, s)| Edit::Value(i, s)),
        1 => any::<Index>().prop_map(Edit::DropLine),
        1 => any::<Index>().prop_map(Edit::CopyLine),
        1 => (any::<Index>(), 0u8..12).prop_map(|(i, n)| Edit::Indent(i, n)),
        2 => version.prop_map(Edit::Version),
        1 => snippet().prop_map(Edit::Append),
        1 => (any::<Index>(), 1u16..400, 1u16..2_000).prop_map(|(i, len, times)| Edit::Repeat(i, len, times)),
        1 => Just(Edit::Crlf),
        1 => Just(Edit::Bom),
    ]
}

/// The lines of `b`, without their `\n`.
fn lines(b: &[u8]) -> Vec<Vec<u8>> {
    b.split(|c| *c == b'\n').map(<[u8]>::to_vec).collect()
}

fn apply(text: &mut Vec<u8>, edit: &Edit) {
    let len = text.len();
    let mut ls = lines(text);
    let line_edit = |ls: &mut Vec<Vec<u8>>, i: &Index, f: &dyn Fn(&mut Vec<Vec<u8>>, usize)| {
        let k = i.index(ls.len());
        f(ls, k);
    };
    match edit {
        Edit::Cut(i) => text.truncate(i.index(len + 1)),
        Edit::FlipBit(i, bit) if len > 0 => text[i.index(len)] ^= 1 << bit,
        Edit::FlipBit(..) => {}
        Edit::Bytes(i, b) => {
            let at = i.index(len + 1);
            text.splice(at..at, b.iter().copied());
        }
        Edit::Insert(i, s) => {
            let at = i.index(len + 1);
            text.splice(at..at, s.bytes());
        }
        Edit::Line(i, s) => {
            line_edit(&mut ls, i, &|ls, k| {
                let indent: Vec<u8> = ls[k].iter().take_while(|c| **c == b' ').copied().collect();
                ls.insert(k, [indent, s.as_bytes().to_vec()].concat());
            });
            *text = ls.join(&b'\n');
        }
        Edit::Value(i, s) => {
            line_edit(&mut ls, i, &|ls, k| {
                let line = &ls[k];
                let cut = line
                    .windows(2)
                    .position(|w| w == b": " || w == b"- ")
                    .map_or(line.len(), |p| p + 2);
                let mut new = line[..cut].to_vec();
                new.extend_from_slice(s.as_bytes());
                ls[k] = new;
            });
            *text = ls.join(&b'\n');
        }
        Edit::DropLine(i) => {
            line_edit(&mut ls, i, &|ls, k| {
                ls.remove(k);
            });
            *text = ls.join(&b'\n');
        }
        Edit::CopyLine(i) => {
            line_edit(&mut ls, i, &|ls, k| {
                let l = ls[k].clone();
                ls.insert(k, l);
            });
            *text = ls.join(&b'\n');
        }
        Edit::Indent(i, n) => {
            line_edit(&mut ls, i, &|ls, k| {
                let body: Vec<u8> = ls[k].iter().skip_while(|c| **c == b' ').copied().collect();
                ls[k] = [vec![b' '; usize::from(*n)], body].concat();
            });
            *text = ls.join(&b'\n');
        }
        Edit::Version(v) => {
            if let Some(k) = ls.iter().position(|l| l.starts_with(b"version:")) {
                if v.is_empty() {
                    ls.remove(k);
                } else {
                    ls[k] = format!("version: {v}").into_bytes();
                }
                *text = ls.join(&b'\n');
            }
        }
        Edit::Append(s) => {
            if !text.ends_with(b"\n") {
                text.push(b'\n');
            }
            text.extend_from_slice(s.as_bytes());
            text.push(b'\n');
        }
        Edit::Repeat(i, n, times) => {
            let at = i.index(len + 1);
            let end = (at + usize::from(*n)).min(len);
            let piece = text[at..end].to_vec();
            // Stop a little past the size limit: beyond it every input is refused alike.
            let times = usize::from(*times).min((MAX_INPUT_BYTES + 1024) / piece.len().max(1));
            for _ in 0..times {
                text.splice(end..end, piece.iter().copied());
            }
        }
        Edit::Crlf => {
            let mut out = Vec::with_capacity(len + len / 20);
            for &c in text.iter() {
                if c == b'\n' {
                    out.push(b'\r');
                }
                out.push(c);
            }
            *text = out;
        }
        Edit::Bom => text.splice(0..0, "\u{feff}".bytes()).for_each(drop),
    }
}

fn mutate(seed: String, edits: &[Edit]) -> String {
    let mut b = seed.into_bytes();
    for e in edits {
        apply(&mut b, e);
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Valid answers with one huge anchored value and a list of aliases to it: small text, enormous
/// answers. What the wizard writes never uses anchors, so an honest file never does this.
fn alias_amplified() -> impl Strategy<Value = Input> {
    (boxed_answers(), 1usize..65_536, 1usize..4_096).prop_map(|(mut a, big, copies)| {
        a.tenant.tenant_id = "ANCHOR".into();
        a.admin.admin_group_object_ids = vec!["ALIASES".into()];
        let text = to_yaml(&a)
            .replacen("tenant_id: ANCHOR", &format!("tenant_id: &a {}", "x".repeat(big)), 1)
            .replacen("- ALIASES", &format!("- {}", vec!["*a"; copies].join("\n  - ")), 1);
        input(text)
    })
}

/// Answers written in another YAML style that means the same: quoted keys and words, flow
/// sequences, comments, CRLF line ends, a byte-order mark, document markers, and sometimes anchors
/// with aliases to them or `!!str` tags. It must read back as exactly the same answers.
fn restyled() -> impl Strategy<Value = Input> {
    (boxed_answers(), any::<u8>(), any::<u64>(), 0u8..8).prop_map(|(a, styles, picks, feature)| {
        let text = to_yaml(&a);
        let lines: Vec<&str> = text.lines().collect();
        let on = |bit: u8| styles & (1 << bit) != 0;
        let pick = |k: usize| picks.rotate_left(k as u32 % 64) & 1 == 1;
        let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
        // (column of the key, prefix up to the value, value) for `key: value` lines whose value is
        // all on that line: the next line is not indented deeper than the key.
        let entry = |k: usize| -> Option<(usize, &str, &str)> {
            let line = lines[k];
            let indent = indent_of(line);
            let key_col = indent + if line[indent..].starts_with("- ") { 2 } else { 0 };
            let (prefix_len, value) = line.find(": ").map(|p| (p + 2, &line[p + 2..]))?;
            let key = &line[key_col..prefix_len - 2];
            let simple_key = !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            let next_deeper = lines.get(k + 1).is_some_and(|n| indent_of(n) > key_col);
            let block = value.starts_with('|') || value.starts_with('>');
            (simple_key && !next_deeper && !block && !value.is_empty()).then_some((key_col, &line[..prefix_len], value))
        };
        // A one-line scalar that means the same inside `[...]`.
        let flow_safe = |v: &str| {
            (!v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)))
                || (v.len() >= 2 && v.starts_with('\'') && v.ends_with('\''))
        };
        let reserved = ["true", "false", "null", "y", "n", "yes", "no", "on", "off"];
        let (anchor, tag) = (feature == 1, feature == 2);
        let mut anchors: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut out: Vec<String> = Vec::new();
        let mut k = 0;
        while k < lines.len() {
            let line = lines[k];
            if on(0) && pick(k) && !line.starts_with(' ') && !line.starts_with('#') && k > 0 {
                out.push("# a comment {[ &a *b".to_string());
            }
            // `key:` followed by `- item` lines of one-line scalars, as `key: [item, ...]`.
            if on(3) && line.ends_with(':') && !line.trim_start().starts_with("- ") {
                let col = indent_of(line);
                let items: Vec<&str> = lines[k + 1..]
                    .iter()
                    .take_while(|l| indent_of(l) == col && l[col..].starts_with("- "))
                    .map(|l| &l[col + 2..])
                    .collect();
                let after = lines.get(k + 1 + items.len());
                let continued = after.is_some_and(|l| indent_of(l) > col);
                if !items.is_empty() && !continued && items.iter().all(|v| flow_safe(v)) {
                    out.push(format!("{line} [{}]", items.join(", ")));
                    k += 1 + items.len();
                    continue;
                }
            }
            let Some((key_col, prefix, value)) = entry(k) else {
                out.push(line.to_string());
                k += 1;
                continue;
            };
            let mut prefix = prefix.to_string();
            if on(1) && pick(k + 7) {
                let key = &prefix[key_col..prefix.len() - 2];
                prefix = format!("{}'{key}': ", &prefix[..key_col]);
            }
            let word = value.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !reserved.contains(&value);
            let quoted = value.starts_with('\'') || value.starts_with('"');
            let mut v = value.to_string();
            if word && on(2) && pick(k + 13) {
                v = if pick(k + 17) { format!("'{value}'") } else { format!("\"{value}\"") };
            }
            if tag && quoted {
                v = format!("!!str {v}");
            }
            if anchor && value != "[]" && value != "{}" {
                // The first of equal values gets an anchor, the later ones alias it.
                let n = anchors.len();
                match anchors.get(value) {
                    Some(id) => v = format!("*v{id}"),
                    None => {
                        anchors.insert(value, n);
                        v = format!("&v{n} {v}");
                    }
                }
            }
            if on(5) && pick(k + 23) {
                v.push_str(" # trailing: {[ '\"");
            }
            out.push(format!("{prefix}{v}"));
            k += 1;
        }
        let mut text = out.join("\n") + "\n";
        if on(6) {
            text = format!("---\n{text}...\n");
        }
        if on(7) {
            text = text.replace('\n', "\r\n");
        }
        if on(4) {
            text.insert(0, '\u{feff}');
        }
        Input { text, expect: Expect::Answers(Box::new(a)) }
    })
}

/// Answers as JSON, compact or pretty: JSON is YAML, and the reader takes it as such.
fn json() -> impl Strategy<Value = Input> {
    (boxed_answers(), any::<bool>()).prop_map(|(a, pretty)| {
        let text = if pretty { serde_json::to_string_pretty(&a) } else { serde_json::to_string(&a) };
        Input { text: text.expect("answers as JSON"), expect: Expect::Answers(Box::new(a)) }
    })
}

/// Valid answers padded with a comment to around the size limit: exactly at it they are read, past
/// it they are refused before parsing.
fn padded() -> impl Strategy<Value = Input> {
    (boxed_answers(), -64i64..64).prop_map(|(a, delta)| {
        let base = to_yaml(&a);
        let want = (MAX_INPUT_BYTES as i64 + delta) as usize;
        let pad = want.saturating_sub(base.len() + 2).max(1);
        let text = format!("{base}#{}\n", "x".repeat(pad));
        let expect = if text.len() > MAX_INPUT_BYTES { Expect::TooLarge } else { Expect::Answers(Box::new(a)) };
        Input { text, expect }
    })
}

/// Boxed strategies keep the value trees off the stack: nested unboxed, they overflow a test
/// thread's 2 MiB in a debug build.
fn boxed_answers() -> BoxedStrategy<Answers> {
    answers().boxed()
}

fn yaml_input() -> BoxedStrategy<Input> {
    prop_oneof![
        12 => (seed_yaml(), proptest::collection::vec(edit(), 1..5)).prop_map(|(s, e)| input(mutate(s, &e))),
        3 => restyled(),
        1 => json(),
        1 => (json(), proptest::collection::vec(edit(), 1..3)).prop_map(|(j, e)| input(mutate(j.text, &e))),
        1 => alias_amplified(),
        1 => padded(),
        1 => proptest::collection::vec(any::<u8>(), 0..512).prop_map(|b| input(String::from_utf8_lossy(&b).into_owned())),
        1 => any::<String>().prop_map(input),
        1 => "[ -~\t\n]{0,400}".prop_map(input),
    ]
    .boxed()
}

// ---- share links ----

/// Base64url without padding, written here independently of the codec's.
fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (k, b)| n | u32::from(*b) << (16 - 8 * k));
        for k in 0..=chunk.len() {
            out.push(char::from(A[(n >> (18 - 6 * k)) as usize & 63]));
        }
    }
    out
}

fn pack(bytes: &[u8], level: u8) -> String {
    format!("z.{}", b64url(&miniz_oxide::deflate::compress_to_vec(bytes, level)))
}

/// Deflate bombs and streams that inflate to right around the limit, built once: (link, expected).
fn bombs() -> &'static [(String, Expect)] {
    static BOMBS: OnceLock<Vec<(String, Expect)>> = OnceLock::new();
    BOMBS.get_or_init(|| {
        let mut out = Vec::new();
        for n in [MAX_INPUT_BYTES + 1, 4 * MAX_INPUT_BYTES, 64 << 20] {
            out.push((pack(&vec![b' '; n], 1), Expect::TooLarge));
        }
        let a = Answers::default();
        let base = to_yaml(&a);
        for total in [MAX_INPUT_BYTES - 1, MAX_INPUT_BYTES, MAX_INPUT_BYTES + 1] {
            let text = format!("{base}#{}\n", "x".repeat(total - base.len() - 2));
            assert_eq!(text.len(), total);
            for level in [0, 1, 9] {
                // Stored (level 0), the link itself is past the limit: refused before inflating.
                let link = pack(text.as_bytes(), level);
                let expect = if total > MAX_INPUT_BYTES || link.len() > MAX_INPUT_BYTES {
                    Expect::TooLarge
                } else {
                    Expect::Answers(Box::new(a.clone()))
                };
                out.push((link, expect));
            }
        }
        out
    })
}

const B64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One change to a link's text.
#[derive(Debug, Clone)]
enum LinkEdit {
    Cut(Index),
    Set(Index, char),
    Insert(Index, char),
    Delete(Index),
    Prefix(&'static str),
    Suffix(&'static str),
    Tag(&'static str),
}

fn link_edit() -> impl Strategy<Value = LinkEdit> {
    let b64 = proptest::sample::select(B64URL.chars().collect::<Vec<_>>());
    let odd = prop_oneof![
        proptest::sample::select(vec!['=', '#', '%', ' ', '\n', '\t', '.', '+', '/', '\u{0}', 'é', '🦀']),
        any::<char>()
    ];
    prop_oneof![
        2 => any::<Index>().prop_map(LinkEdit::Cut),
        3 => (any::<Index>(), b64).prop_map(|(i, c)| LinkEdit::Set(i, c)),
        1 => (any::<Index>(), odd.clone()).prop_map(|(i, c)| LinkEdit::Set(i, c)),
        1 => (any::<Index>(), odd).prop_map(|(i, c)| LinkEdit::Insert(i, c)),
        1 => any::<Index>().prop_map(LinkEdit::Delete),
        1 => proptest::sample::select(vec!["#", "##", " ", "\n", "https://example.com/#", "z.", "%23", "#\u{200F}"])
            .prop_map(LinkEdit::Prefix),
        1 => proptest::sample::select(vec!["=", "==", "===", " ", "\n", "#", "&x=1", "%", "A", "AA", "AAA"])
            .prop_map(LinkEdit::Suffix),
        1 => proptest::sample::select(vec!["", "z", "z..", "y.", "Z.", "z.z."]).prop_map(LinkEdit::Tag),
    ]
}

fn edit_link(mut link: Vec<char>, edits: &[LinkEdit]) -> String {
    for e in edits {
        let n = link.len();
        match e {
            LinkEdit::Cut(i) => link.truncate(i.index(n + 1)),
            LinkEdit::Set(i, c) if n > 0 => link[i.index(n)] = *c,
            LinkEdit::Set(..) => {}
            LinkEdit::Insert(i, c) => link.insert(i.index(n + 1), *c),
            LinkEdit::Delete(i) if n > 0 => {
                link.remove(i.index(n));
            }
            LinkEdit::Delete(_) => {}
            LinkEdit::Prefix(p) => link.splice(0..0, p.chars()).for_each(drop),
            LinkEdit::Suffix(s) => link.extend(s.chars()),
            LinkEdit::Tag(t) => {
                if link.starts_with(&['z', '.']) {
                    link.splice(0..2, t.chars()).for_each(drop);
                }
            }
        }
    }
    link.into_iter().collect()
}

/// Flips bits in, cuts, or extends a deflate stream before encoding it.
fn damaged_stream() -> impl Strategy<Value = Input> {
    (
        seed_yaml(),
        proptest::sample::select(vec![0u8, 1, 6, 9]),
        proptest::collection::vec((any::<Index>(), 0u8..8), 0..4),
        proptest::option::of(any::<Index>()),
        proptest::collection::vec(any::<u8>(), 0..4),
    )
        .prop_map(|(seed, level, flips, cut, extra)| {
            let mut z = miniz_oxide::deflate::compress_to_vec(seed.as_bytes(), level);
            for (i, bit) in &flips {
                let k = i.index(z.len());
                z[k] ^= 1 << bit;
            }
            if let Some(c) = cut {
                z.truncate(c.index(z.len() + 1));
            }
            z.extend(extra);
            input(format!("z.{}", b64url(&z)))
        })
}

fn link_input() -> BoxedStrategy<Input> {
    prop_oneof![
        1 => boxed_answers().prop_map(|a| {
            let text = to_share(&a);
            Input { text, expect: Expect::Answers(Box::new(a)) }
        }),
        4 => (boxed_answers(), proptest::collection::vec(link_edit(), 1..4))
            .prop_map(|(a, e)| input(edit_link(to_share(&a).chars().collect(), &e))),
        4 => (yaml_input(), proptest::sample::select(vec![0u8, 1, 6, 9])).prop_map(|(y, level)| Input {
            text: pack(y.text.as_bytes(), level),
            expect: Expect::SameAsYaml(y.text),
        }),
        3 => damaged_stream(),
        1 => proptest::sample::select(bombs()).prop_map(|(text, expect)| Input { text, expect }),
        1 => (boxed_answers(), proptest::sample::select(vec![0u8, 1, 9])).prop_map(|(a, level)| {
            // zlib-wrapped instead of raw deflate: an encoder mix-up.
            let z = miniz_oxide::deflate::compress_to_vec_zlib(to_yaml(&a).as_bytes(), level);
            input(format!("z.{}", b64url(&z)))
        }),
        1 => proptest::collection::vec(any::<u8>(), 0..600).prop_map(|b| input(format!("z.{}", b64url(&b)))),
        1 => "z\\.[A-Za-z0-9_-]{0,300}".prop_map(input),
        1 => any::<String>().prop_map(|s| input(format!("z.{s}"))),
        1 => any::<String>().prop_map(input),
    ]
    .boxed()
}

// ---- what every reader must do ----

/// How each target's cases came out, by kind: printed after the run, so a report can show the
/// inputs reached every path (read, each kind of refusal), not just that nothing broke.
#[derive(Default)]
struct Outcomes(std::sync::Mutex<std::collections::BTreeMap<&'static str, u64>>);

impl Outcomes {
    fn add(&self, r: &Result<Answers, CodecError>) {
        let kind = match r {
            Ok(_) => "read",
            Err(CodecError::Empty) => "empty",
            Err(CodecError::TooLarge { .. }) => "too_large",
            Err(CodecError::TooLargeWhenWritten { .. }) => "too_large_when_written",
            Err(CodecError::Parse { .. }) => "parse_error",
            Err(CodecError::MissingVersion) => "no_version",
            Err(CodecError::UnsupportedVersion { .. }) => "other_version",
            Err(CodecError::BadLink(_)) => "bad_link",
        };
        if let Ok(mut m) = self.0.lock() {
            *m.entry(kind).or_default() += 1;
        }
    }

    /// Prints the tally and checks the generator reached both sides: some inputs read, some refused.
    fn report(&self, name: &str) {
        let m = self.0.lock().map(|m| m.clone()).unwrap_or_default();
        let parts: Vec<String> = m.iter().map(|(k, n)| format!("{k} {n}")).collect();
        eprintln!("fuzz {name} outcomes: {}", parts.join(", "));
        assert!(m.get("read").copied().unwrap_or(0) > 0, "{name}: no input was read: {parts:?}");
        assert!(m.len() >= 3, "{name}: inputs reach too few outcomes: {parts:?}");
    }
}

/// A clear error: one sentence for people, not a dump of the input.
fn check_error_text(e: &CodecError) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!text.trim().is_empty(), "{:?} has no text", e);
    prop_assert!(text.starts_with(|c: char| c.is_ascii_uppercase()), "not a sentence: {:?}", text);
    let chars = text.chars().count();
    prop_assert!(chars <= 600, "{} characters of error text: {:?}...", chars, text.chars().take(300).collect::<String>());
    Ok(())
}

/// Whatever a reader returns for `text`: answers that survive the trip back through both writers
/// and validate without panicking, or an error that reads as a sentence. Oversized text is refused
/// before any parsing: the exact size error, with no heap used.
fn check_reader(
    reader: fn(&str) -> Result<Answers, CodecError>,
    text: &str,
    expect: &Expect,
) -> Result<Result<Answers, CodecError>, TestCaseError> {
    let (got, heap) = fuzz::heap_peak(|| reader(text));
    if text.len() > MAX_INPUT_BYTES {
        let refused = Err(CodecError::TooLarge { bytes: text.len(), limit: MAX_INPUT_BYTES });
        prop_assert!(got == refused, "{} bytes were not refused for size: {}", text.len(), fuzz::shown(&got));
        prop_assert!(heap <= 1024, "{} bytes of heap used to refuse {} bytes", heap, text.len());
    }
    match &got {
        Ok(a) => {
            prop_assert_eq!(a.version, SCHEMA_VERSION);
            let yaml = to_yaml(a);
            let again = from_yaml(&yaml);
            prop_assert!(
                again.as_ref() == Ok(a),
                "answers read from {} bytes do not re-import from their own {} bytes of YAML: {}",
                text.len(),
                yaml.len(),
                fuzz::shown(&again)
            );
            // A link is refused past the size limit like any input; short of it, it must open.
            let link = to_share(a);
            if link.len() <= MAX_INPUT_BYTES {
                let shared = from_share(&link);
                prop_assert!(shared.as_ref() == Ok(a), "share link round trip: {}", fuzz::shown(&shared));
            }
            let _ = validate::validate(a);
        }
        Err(e) => check_error_text(e)?,
    }
    match expect {
        Expect::Anything | Expect::SameAsYaml(_) => {}
        Expect::Answers(a) => prop_assert!(got.as_ref() == Ok(&**a), "expected the answers back, got {}", fuzz::shown(&got)),
        Expect::TooLarge => prop_assert!(matches!(got, Err(CodecError::TooLarge { .. })), "{}", fuzz::shown(&got)),
    }
    Ok(got)
}

#[test]
fn fuzz_answers_yaml_import() {
    let outcomes = std::sync::Arc::new(Outcomes::default());
    let seen = std::sync::Arc::clone(&outcomes);
    fuzz::check("from_yaml", file!(), CODEC_CASES, CODEC_LIMITS, yaml_input(), move |inp| {
        seen.add(&check_reader(from_yaml, &inp.text, &inp.expect)?);
        Ok(())
    });
    outcomes.report("from_yaml");
}

#[test]
fn fuzz_share_link_opening() {
    let outcomes = std::sync::Arc::new(Outcomes::default());
    let seen = std::sync::Arc::clone(&outcomes);
    fuzz::check("from_share", file!(), CODEC_CASES, CODEC_LIMITS, link_input(), move |inp| {
        let got = check_reader(from_share, &inp.text, &inp.expect)?;
        seen.add(&got);
        if let Expect::SameAsYaml(yaml) = &inp.expect {
            // The link carries the text, so it reads as the text does (errors may differ in kind:
            // the link's own size limit, or an empty text that deflates to a non-empty link).
            if inp.text.len() <= MAX_INPUT_BYTES {
                let direct = from_yaml(yaml);
                prop_assert!(
                    got.as_ref().ok() == direct.as_ref().ok(),
                    "the link reads {} but its text reads {}",
                    fuzz::shown(&got),
                    fuzz::shown(&direct)
                );
            }
        }
        // A leading `#` and surrounding whitespace never change what a link says.
        let hashed = format!("#{}", inp.text.trim());
        if hashed.len() <= MAX_INPUT_BYTES && !inp.text.trim_start().starts_with('#') {
            let with_hash = from_share(&hashed);
            prop_assert!(with_hash == got, "with `#`: {} without: {}", fuzz::shown(&with_hash), fuzz::shown(&got));
        }
        Ok(())
    });
    outcomes.report("from_share");
}

fn saved_input() -> impl Strategy<Value = (Input, bool)> {
    let prefix = proptest::sample::select(vec!["", "", "", " ", "\n", "#", "\t\n ", "# saved\n", "\u{feff}"]);
    (prop_oneof![yaml_input().prop_map(|i| (i, false)), link_input().prop_map(|i| (i, true))], prefix).prop_map(
        |((mut inp, is_link), prefix)| {
            if !prefix.is_empty() {
                inp.text.insert_str(0, prefix);
                inp.expect = Expect::Anything;
            }
            (inp, is_link)
        },
    )
}

#[test]
fn fuzz_saved_state_restore() {
    let outcomes = std::sync::Arc::new(Outcomes::default());
    let seen = std::sync::Arc::clone(&outcomes);
    fuzz::check("restore", file!(), CODEC_CASES, CODEC_LIMITS, saved_input(), move |(inp, is_link)| {
        let got = check_reader(restore, &inp.text, &inp.expect)?;
        seen.add(&got);
        // Saved state is one of the two formats: restore reads it exactly as that format's reader.
        let as_yaml = from_yaml(&inp.text);
        let as_link = from_share(&inp.text);
        prop_assert!(
            got == as_yaml || got == as_link,
            "restore gave {}\nfrom_yaml {}\nfrom_share {}",
            fuzz::shown(&got),
            fuzz::shown(&as_yaml),
            fuzz::shown(&as_link)
        );
        // An unchanged link is read as a link, and wizard-written YAML as YAML.
        if let Expect::Answers(_) = &inp.expect {
            let right = if is_link { as_link } else { as_yaml };
            prop_assert!(got == right, "is_link {}: {}", is_link, fuzz::shown(&got));
        }
        Ok(())
    });
    outcomes.report("restore");
}

/// What the fuzz targets found in serde_yaml: 24 KB of YAML with one anchored value and 4,000
/// aliases to it stands for 100 MB of answers, and as a share link it is under 1 KB (100 KB times
/// 40,000 asked for 4 GB and aborted); its own repetition limit does not stop this. Reading it must
/// stop early (`yaml::from_str`'s expansion budget), with an error that says why.
#[test]
fn aliases_cannot_multiply_a_small_input() {
    let mut a = Answers::default();
    a.tenant.tenant_id = "ANCHOR".into();
    a.admin.admin_group_object_ids = vec!["ALIASES".into()];
    let text = to_yaml(&a)
        .replacen("tenant_id: ANCHOR", &format!("tenant_id: &a {}", "x".repeat(25_000)), 1)
        .replacen("- ALIASES", &format!("- {}", vec!["*a"; 4_000].join("\n  - ")), 1);
    let link = pack(text.as_bytes(), 9);
    assert!(text.len() < 64 << 10 && link.len() < 1024, "{} bytes, link {}", text.len(), link.len());
    for (what, reader, input) in [
        ("from_yaml", from_yaml as fn(&str) -> _, &text),
        ("from_share", from_share, &link),
        ("restore", restore, &link),
    ] {
        let (got, heap) = fuzz::heap_peak(|| reader(input));
        let err = got.err().unwrap_or_else(|| panic!("{what}: 100 MB of answers read from {} bytes", input.len()));
        assert!(heap < 16 << 20, "{what}: {} MiB of heap before refusing ({err})", heap >> 20);
        assert!(err.to_string().len() < 600, "{what}: {err}");
        assert!(err.to_string().contains("aliases"), "{what}: {err}");
    }
}

/// The version is checked before anything else, so files from other versions get a version message
/// rather than a field error, even when they also carry fields this version does not know.
#[test]
fn versions_are_checked_before_fields() {
    let strategy = (answers(), prop_oneof![Just(1u64), 0u64..10, any::<u64>()], any::<bool>(), any::<bool>());
    fuzz::check("version_first", file!(), 256, CODEC_LIMITS, strategy, |(a, v, unknown, link)| {
        let mut text = to_yaml(&a).replacen("version: 1\n", &format!("version: {v}\n"), 1);
        if unknown {
            text.push_str("zz_new_section: {a: 1}\n");
        }
        let got = if link { from_share(&pack(text.as_bytes(), 6)) } else { from_yaml(&text) };
        match (v, unknown) {
            (1, false) => prop_assert_eq!(got, Ok(a.clone())),
            (1, true) => match got {
                Err(CodecError::Parse { message, .. }) => prop_assert!(message.contains("zz_new_section"), "{}", message),
                other => prop_assert!(false, "{:?}", other),
            },
            _ => prop_assert_eq!(got, Err(CodecError::UnsupportedVersion { found: v, supported: SCHEMA_VERSION })),
        }
        let missing = to_yaml(&a).replacen("version: 1\n", "", 1);
        prop_assert_eq!(from_yaml(&missing), Err(CodecError::MissingVersion));
        Ok(())
    });
}
