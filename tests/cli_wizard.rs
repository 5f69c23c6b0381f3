//! wizard-cli end to end: the real binary on real files.

mod generate_support;

use aks_identity_wizard::answers::{to_yaml, Answers};
use aks_identity_wizard::generate;
use generate_support::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn cli(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wizard-cli"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run wizard-cli")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn files_under(dir: &Path) -> Vec<String> {
    fn walk(d: &Path, prefix: &str, out: &mut Vec<String>) {
        if let Ok(rd) = std::fs::read_dir(d) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let rel = if prefix.is_empty() {
                    name
                } else {
                    format!("{prefix}/{name}")
                };
                if e.path().is_dir() {
                    walk(&e.path(), &rel, out);
                } else {
                    out.push(rel);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out.sort();
    out
}

#[test]
fn writes_exactly_the_bundle() {
    let tmp = TempDir::new("cli");
    for (name, a) in cases() {
        let answers = tmp.path().join(format!("{name}.yaml"));
        std::fs::write(&answers, to_yaml(&a)).expect("write answers");
        let out_dir = tmp.path().join(format!("out-{name}"));
        let out = cli(
            &[
                answers.to_str().expect("path"),
                "--out",
                out_dir.to_str().expect("path"),
            ],
            tmp.path(),
        );
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let bundle = generate::bundle(&a).expect("bundle");
        let mut want: Vec<String> = bundle.iter().map(|f| f.path.clone()).collect();
        want.sort();
        assert_eq!(files_under(&out_dir), want, "{name}");
        for f in &bundle {
            assert_eq!(
                std::fs::read_to_string(out_dir.join(&f.path)).expect("read"),
                f.contents,
                "{name}/{}",
                f.path
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(out_dir.join("setup.sh"))
                .expect("stat")
                .permissions()
                .mode();
            assert_eq!(mode & 0o111, 0o111, "setup.sh is executable");
        }
    }
}

#[test]
fn zip_instead_of_a_directory() {
    let tmp = TempDir::new("cli-zip");
    let a = Answers::default();
    std::fs::write(tmp.path().join("answers.yaml"), to_yaml(&a)).expect("write");
    let out = cli(&["answers.yaml", "--zip", "bundle.zip"], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(tmp.path().join("bundle.zip")).expect("zip written");
    assert_eq!(bytes, generate::zip(&generate::bundle(&a).expect("bundle")));
    assert_eq!(
        files_under(tmp.path()),
        vec!["answers.yaml", "bundle.zip"],
        "nothing else written"
    );

    // `--zip=-` streams to stdout; `-` reads the answers from stdin.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wizard-cli"))
        .args(["-", "--zip=-"])
        .current_dir(tmp.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(to_yaml(&a).as_bytes())
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, bytes);
}

#[test]
fn error_findings_exit_1_and_write_nothing() {
    let tmp = TempDir::new("cli-err");
    let mut a = Answers::default();
    a.cluster.name = "not a valid name!".into();
    std::fs::write(tmp.path().join("answers.yaml"), to_yaml(&a)).expect("write");
    let out = cli(&["answers.yaml", "--out", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("cluster.name: error: "))
        .unwrap_or_else(|| panic!("{err}"));
    for f in generate::findings(&a)
        .iter()
        .filter(|f| f.field == "cluster.name")
    {
        if let Some(fix) = &f.fix {
            assert!(
                err.contains(&format!("{} (fix: {})", f.message, fix.label)),
                "{err}"
            );
        }
    }
    assert!(!line.is_empty());
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!tmp.path().join("out").exists(), "no files written");
}

#[test]
fn bad_yaml_and_unknown_fields_name_line_and_column() {
    let tmp = TempDir::new("cli-yaml");
    let mut yaml = to_yaml(&Answers::default());
    yaml = yaml.replace("  node_count: 2\n", "  node_count: 2\n  colour: blue\n");
    std::fs::write(tmp.path().join("unknown.yaml"), &yaml).expect("write");
    let out = cli(&["unknown.yaml", "--out", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("unknown.yaml")
            && err.contains("colour")
            && err.contains("line ")
            && err.contains("column "),
        "{err}"
    );

    std::fs::write(
        tmp.path().join("broken.yaml"),
        "version: 1\ntenant: [unclosed\n",
    )
    .expect("write");
    let out = cli(&["broken.yaml", "--out", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("line ") && err.contains("column "), "{err}");

    let out = cli(&["missing.yaml", "--out", "out"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("missing.yaml"));
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn help_and_usage_errors() {
    let tmp = TempDir::new("cli-usage");
    let out = cli(&["--help"], tmp.path());
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("usage: wizard-cli ANSWERS.yaml --out DIR"));
    for args in [
        &[][..],
        &["answers.yaml"][..],
        &["answers.yaml", "--out"][..],
        &["answers.yaml", "--out", "a", "--zip", "b"][..],
        &["answers.yaml", "--frobnicate"][..],
        &["a.yaml", "b.yaml", "--out", "x"][..],
    ] {
        let out = cli(args, tmp.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("usage:"), "{args:?}");
    }
}

/// Regenerating into the folder of an earlier bundle: the manifests that bundle wrote and the new one
/// does not are removed and named; the user's own files, and anything in a folder without a bundle's
/// answers.yaml, are never touched.
#[test]
fn regenerating_into_an_earlier_bundle_leaves_no_stale_manifests() {
    let tmp = TempDir::new("cli-regen");
    let dir = tmp.path().join("my-setup");
    let out_arg = dir.to_str().expect("path").to_string();
    let mut a = Answers::default();
    a.workloads.push(aks_identity_wizard::answers::Workload::example(1));
    a.workloads[1].kind = aks_identity_wizard::answers::WorkloadKind::Pod;
    let first = tmp.path().join("first.yaml");
    std::fs::write(&first, to_yaml(&a)).expect("write answers");
    let out = cli(&[first.to_str().expect("path"), "--out", &out_arg], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let old: Vec<String> = generate::bundle(&a).expect("bundle").iter().map(|f| f.path.clone()).collect();

    // The user's own files, including one in k8s/ that is not named like a bundle manifest.
    std::fs::write(dir.join("notes.txt"), "mine").expect("write");
    std::fs::write(dir.join("k8s/my-ingress.yaml"), "mine").expect("write");

    // Second run, from the folder's own answers.yaml after an edit: one workload fewer, the other renamed.
    a.workloads.truncate(1);
    a.workloads[0].app_name = "reports".into();
    a.workloads[0].service_account = "reports".into();
    std::fs::write(dir.join("answers.yaml"), to_yaml(&a)).expect("edit answers");
    let out = cli(&["my-setup/answers.yaml", "--out", "my-setup"], tmp.path());
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");

    let bundle = generate::bundle(&a).expect("bundle");
    let mut want: Vec<String> = bundle.iter().map(|f| f.path.clone()).collect();
    want.extend(["notes.txt".to_string(), "k8s/my-ingress.yaml".to_string()]);
    want.sort();
    assert_eq!(files_under(&dir), want);
    let stale: Vec<&String> = old.iter().filter(|p| !want.contains(p)).collect();
    assert!(stale.len() >= 3, "the edit should have left stale manifests: {stale:?}");
    for p in stale {
        assert!(err.contains(&format!("removed {p}")), "stale {p} not named in:\n{err}");
    }
    assert!(!err.contains("my-ingress") && !err.contains("notes.txt"), "{err}");

    // A folder that holds no bundle (no answers.yaml): nothing in it is removed.
    let other = tmp.path().join("other");
    std::fs::create_dir_all(other.join("k8s")).expect("mkdir");
    std::fs::write(other.join("k8s/legacy.deployment.yaml"), "kept").expect("write");
    let out = cli(&[first.to_str().expect("path"), "--out", other.to_str().expect("path")], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(other.join("k8s/legacy.deployment.yaml")).expect("kept"), "kept");
}

/// The team-pipeline preset through the real binary: the workflow is written where GitHub looks for
/// it, with the pipeline's values; the same answers without a pipeline write none; and a pull-request
/// pipeline is refused with its finding and writes nothing.
#[test]
fn a_pipeline_answers_file_writes_the_workflow() {
    let tmp = TempDir::new("cli-pipeline");
    let preset = repo_root().join("public/presets/team-pipeline.yaml");
    let out_dir = tmp.path().join("out");
    let out = cli(&[preset.to_str().expect("path"), "--out", out_dir.to_str().expect("path")], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let workflow = std::fs::read_to_string(out_dir.join(".github/workflows/deploy.yml")).expect("workflow written");
    for want in ["environment: production", "- main", "id-token: write", "k8s/orders-api.deployment.yaml", "ACR_NAME: acrteamimages"] {
        assert!(workflow.contains(want), "{want}:\n{workflow}");
    }
    let setup = std::fs::read_to_string(out_dir.join("setup.sh")).expect("setup.sh");
    assert!(setup.contains("PIPELINE_SUBJECT='repo:contoso/orders:environment:production'"), "{setup}");

    let mut a = aks_identity_wizard::answers::from_yaml(&std::fs::read_to_string(&preset).expect("preset")).expect("answers");
    a.pipeline = None;
    let plain = tmp.path().join("plain.yaml");
    std::fs::write(&plain, to_yaml(&a)).expect("write answers");
    let plain_out = tmp.path().join("plain-out");
    let out = cli(&[plain.to_str().expect("path"), "--out", plain_out.to_str().expect("path")], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!files_under(&plain_out).iter().any(|f| f.starts_with(".github")), "{:?}", files_under(&plain_out));

    // Regenerated without the pipeline into the folder that had it: the old workflow is removed and
    // named, so it cannot go on deploying with an identity the new setup no longer makes.
    std::fs::write(out_dir.join("answers.yaml"), to_yaml(&a)).expect("edit answers");
    let out = cli(&["out/answers.yaml", "--out", "out"], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!out_dir.join(".github/workflows/deploy.yml").exists(), "stale workflow removed");
    assert!(text(&out.stderr).contains("removed .github/workflows/deploy.yml"), "{}", text(&out.stderr));

    let pr = tmp.path().join("pr.yaml");
    std::fs::write(&pr, std::fs::read_to_string(&preset).expect("preset").replace("trigger: branch", "trigger: pull_request")).expect("write");
    let pr_out = tmp.path().join("pr-out");
    let out = cli(&[pr.to_str().expect("path"), "--out", pr_out.to_str().expect("path")], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("pipeline.trigger: error:"), "{}", text(&out.stderr));
    assert!(!pr_out.exists(), "nothing written");
}

/// `--format` chooses the forms of the setup over the answers file's `outputs`: Terraform alone
/// writes `terraform/` and no setup scripts; going back to the scripts removes the Terraform files
/// and names them; an unknown form is a usage error that writes nothing.
#[test]
fn format_chooses_the_forms_and_cleans_up_the_ones_dropped() {
    let tmp = TempDir::new("cli-format");
    let answers = tmp.path().join("answers-in.yaml");
    std::fs::write(&answers, to_yaml(&Answers::default())).expect("write answers");
    let input = answers.to_str().expect("path");

    let out = cli(&[input, "--out", "b", "--format", "terraform"], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files = files_under(&tmp.path().join("b"));
    for p in aks_identity_wizard::generate::layout::IAC_FILES.iter().filter(|p| p.starts_with("terraform/")) {
        assert!(files.contains(&p.to_string()), "{p}: {files:?}");
    }
    assert!(!files.contains(&"setup.sh".to_string()) && files.contains(&"verify.sh".to_string()), "{files:?}");
    let written = aks_identity_wizard::answers::from_yaml(&std::fs::read_to_string(tmp.path().join("b/answers.yaml")).expect("read")).expect("answers");
    assert!(written.outputs.terraform && !written.outputs.scripts, "the written answers.yaml keeps the choice");

    let out = cli(&[input, "--out", "b", "--format=scripts"], tmp.path());
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    let files = files_under(&tmp.path().join("b"));
    assert!(files.contains(&"setup.sh".to_string()) && !files.iter().any(|f| f.starts_with("terraform/")), "{files:?}");
    assert!(err.contains("removed terraform/main.tf"), "{err}");

    let out = cli(&[input, "--out", "c", "--format", "scripts,pulumi"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("pulumi"), "{}", text(&out.stderr));
    assert!(!tmp.path().join("c").exists());
}

/// `--format` takes Bicep in any combination; Bicep's numbered modules (one per other resource
/// group) are cleaned up like the fixed files when a later bundle has fewer or none, and a file of
/// the user's own in bicep/ stays.
#[test]
fn format_bicep_writes_bicep_and_its_modules_and_cleans_them_up() {
    let tmp = TempDir::new("cli-bicep");
    let mut a = Answers::default();
    a.workloads[0].grants[0].resource_group = "rg-data".into();
    let answers = tmp.path().join("answers-in.yaml");
    std::fs::write(&answers, to_yaml(&a)).expect("write answers");
    let input = answers.to_str().expect("path");

    let out = cli(&[input, "--out", "b", "--format", "terraform,bicep,scripts"], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files = files_under(&tmp.path().join("b"));
    for p in ["bicep/main.bicep", "bicep/main.bicepparam", "bicep/grants-rg1.bicep", "terraform/main.tf", "setup.sh"] {
        assert!(files.contains(&p.to_string()), "{p}: {files:?}");
    }
    std::fs::write(tmp.path().join("b/bicep/mine.bicep"), "// mine\n").expect("write own file");

    let out = cli(&[input, "--out", "b", "--format", "scripts"], tmp.path());
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    let files = files_under(&tmp.path().join("b"));
    assert_eq!(files.iter().filter(|f| f.starts_with("bicep/")).collect::<Vec<_>>(), ["bicep/mine.bicep"], "{files:?}");
    for p in ["bicep/main.bicep", "bicep/main.bicepparam", "bicep/grants-rg1.bicep"] {
        assert!(err.contains(&format!("removed {p}")), "{p}: {err}");
    }

    let out = cli(&[input, "--out", "c", "--format", "bicep"], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files = files_under(&tmp.path().join("c"));
    assert!(files.contains(&"bicep/main.bicep".to_string()) && !files.contains(&"setup.sh".to_string()), "{files:?}");
}
